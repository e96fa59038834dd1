// SampledNetwork({ task: 'classification', output: 'softmax' }): the output layer fitted by
// Newton (multinomial logistic regression, L2 λ chosen by held-out log-loss) — calibrated
// probabilities. Digits: same split and preprocessing as swim-data.test.ts (80/20, split seed 1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InvalidInputError, init, liveBytes, logLoss, OptionError, scope, SampledNetwork, SOFTMAX_LAMBDA_GRID } from '../../src/index.js';
import { digitsSplit, hasData } from '../helpers/swim-datasets.js';

test.before(async () => { await init(); });

/**
 * Expected calibration error, 15 equal-width bins on the max probability (confidence):
 * ECE = Σ_b (|B_b|/n)·|acc(B_b) − conf(B_b)|, bin b = (b/15, (b+1)/15] (confidence 0 goes to bin 0).
 */
function ece(P: Float64Array, y: ArrayLike<number>, k: number, bins = 15): number {
  const n = y.length;
  const cnt = new Float64Array(bins), acc = new Float64Array(bins), conf = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (P[i * k + j]! > P[i * k + best]!) best = j;
    const c = P[i * k + best]!;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
    cnt[b]! += 1; conf[b]! += c; acc[b]! += best === y[i] ? 1 : 0;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (cnt[b]! > 0) e += (cnt[b]! / n) * Math.abs(acc[b]! / cnt[b]! - conf[b]! / cnt[b]!);
  return e;
}

// Measured (docs/swim.md): with random features the softmax output is as accurate as lstsq and
// calibrated (ECE 0.017; test log-loss 0.109, above the 0.10 the issue asked for); with SWIM pairs (the default sampler) it is calibrated (ECE) but ≈ 4 points LESS
// accurate than lstsq on digits — a known gap, asserted as such below, not hidden.
for (const [sampler, width] of [['random', 800], ['swim', 800]] as const) test(`digits 80/20, width ${width}, sampler '${sampler}': softmax vs lstsq (accuracy, log-loss, ECE); rows sum to 1; JSON round trip is bit-identical`, () => {
  if (!hasData('sklearn_digits')) { console.log('  (skipped: no ../shared/data/sklearn_digits)'); return; }
  const base = liveBytes();
  const { Xtr, Xte, ytr, yte } = digitsSplit(1);
  const k = 10;
  const res: Record<string, { acc: number; ll: number; ece: number }> = {};
  for (const output of ['lstsq', 'softmax'] as const) {
    const events: { stage: string; step: number; total: number; loss?: number; lambda?: number }[] = [];
    const t0 = performance.now();
    const net = new SampledNetwork({ layers: [width], task: 'classification', output, sampler, seed: 1, onProgress: (e) => events.push(e) }).fit(Xtr, ytr);
    const secs = (performance.now() - t0) / 1000;
    const acc = net.score(Xte, yte);
    const P = scope(() => net.predictProba(Xte).toRowMajor());
    const r = { acc, ll: logLoss(yte, { data: P, rows: yte.length, cols: k }), ece: ece(P, yte, k) };
    res[output] = r;
    console.log(`  digits width ${width} sampler '${sampler}' output '${output}': accuracy ${acc.toFixed(4)}, log-loss ${r.ll.toFixed(4)}, ECE ${r.ece.toFixed(4)}, λ ${net.regularizationLambda}, fit ${secs.toFixed(2)} s`);
    for (let i = 0; i < yte.length; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += P[i * k + j]!;
      assert.ok(Math.abs(s - 1) <= 1e-12, `row ${i} sums to ${s}`);
    }
    // steps 1..total, last one 'solve'
    assert.equal(events.map((e) => e.step), events.map((_, i) => i + 1));
    assert.is(events.at(-1)!.stage, 'solve');
    assert.is(events.at(-1)!.total, events.length);
    assert.equal(net.history, events);
    if (output === 'softmax') {
      const d = net.diagnostics.softmax!;
      assert.ok(d.converged, 'Newton converged');
      assert.is(d.lambda, net.regularizationLambda);
      assert.ok(SOFTMAX_LAMBDA_GRID.includes(d.lambda));
      assert.is(d.selection!.logLoss.length, SOFTMAX_LAMBDA_GRID.length);
      assert.is(d.selection!.holdout, Math.round(0.2 * ytr.length));
      // the chosen λ has the smallest held-out log-loss
      assert.is(Math.min(...d.selection!.logLoss), d.selection!.logLoss[SOFTMAX_LAMBDA_GRID.indexOf(d.lambda)]);
      assert.equal(events.filter((e) => e.stage === 'lambda').map((e) => e.lambda), [...SOFTMAX_LAMBDA_GRID].reverse());
      assert.is(events.at(-1)!.lambda, d.lambda);
      // predict = the probabilities; predictClass = arg-max
      const Pm = net.predict(Xte, { as: 'array' });
      assert.equal(Array.from(Pm), Array.from(P));
      // toJSON round trip: bit-identical probabilities; output and λ carried
      const json = JSON.parse(JSON.stringify(net.toJSON()));
      assert.is(json.options.output, 'softmax');
      assert.is(json.options.softmaxLambda, 'auto');
      assert.is(json.regularizationLambda, d.lambda);
      assert.not.ok('solver' in json.options);
      const copy = SampledNetwork.fromJSON(json);
      assert.equal(Array.from(scope(() => copy.predictProba(Xte).toRowMajor())), Array.from(P));
      assert.equal(Array.from(copy.predictClass(Xte)), Array.from(net.predictClass(Xte)));
      assert.is(copy.regularizationLambda, d.lambda);
      assert.is(copy.options.output, 'softmax');
      copy.dispose();
    }
    net.dispose();
  }
  const l = res.lstsq!, s = res.softmax!;
  console.log(`  | output | accuracy | log-loss | ECE |\n  | lstsq | ${l.acc.toFixed(4)} | ${l.ll.toFixed(4)} | ${l.ece.toFixed(4)} |\n  | softmax | ${s.acc.toFixed(4)} | ${s.ll.toFixed(4)} | ${s.ece.toFixed(4)} |`);
  assert.ok(s.ece <= 0.03, `softmax ECE ${s.ece} > 0.03`);
  assert.ok(s.ll < l.ll / 5, `softmax log-loss ${s.ll} not far below lstsq's ${l.ll}`);
  if (sampler === 'random') {
    assert.ok(s.acc >= l.acc - 0.005, `softmax accuracy ${s.acc} < lstsq ${l.acc} − 0.005`);
    // measured 0.109 (0.114 at width 1000): the target 0.10 is NOT reached (see docs/swim.md)
    assert.ok(s.ll <= 0.12, `softmax test log-loss ${s.ll} > 0.12`);
  } else {
    // the known gap with SWIM pair features (see the note above): fail if it widens
    assert.ok(s.acc >= l.acc - 0.05, `softmax accuracy ${s.acc} < lstsq ${l.acc} − 0.05`);
    assert.ok(s.ll <= 0.20, `softmax test log-loss ${s.ll} > 0.20`);
  }
  Xtr.dispose(); Xte.dispose();
  assert.is(liveBytes(), base);
});

/** Two noisy overlapping classes in 2-d (labels 3 and 7) — a small problem for option and JSON checks. */
function small(n = 60): { X: number[][]; y: number[] } {
  let s = 12345;
  const r = () => { s = (s * 16807) % 2147483647; return (s / 2147483647) * 2 - 1; };
  const X = Array.from({ length: n }, () => [r(), r()]);
  return { X, y: X.map((x) => (x[0]! + 0.5 * r() > 0 ? 7 : 3)) };
}

test('fixed softmaxLambda: used as given, no selection events; JSON keeps it; lstsq JSON unchanged in shape', () => {
  const base = liveBytes();
  const { X, y } = small();
  const events: string[] = [];
  const net = new SampledNetwork({ layers: [20], task: 'classification', output: 'softmax', softmaxLambda: 1e-3, seed: 2, onProgress: (e) => events.push(e.stage) }).fit(X, y);
  assert.equal(events, ['layer', 'solve']);
  assert.is(net.regularizationLambda, 1e-3);
  assert.is(net.diagnostics.softmax!.lambda, 1e-3);
  assert.is(net.diagnostics.softmax!.selection, undefined);
  const json = JSON.parse(JSON.stringify(net.toJSON()));
  assert.is(json.options.softmaxLambda, 1e-3);
  const copy = SampledNetwork.fromJSON(json);
  assert.equal(Array.from(copy.predict(X, { as: 'array' })), Array.from(net.predict(X, { as: 'array' })));
  copy.dispose();
  // tampered fields → InvalidInputError naming them
  const bad = (mut: (j: any) => void, field: RegExp) => {
    const j = JSON.parse(JSON.stringify(json)); mut(j);
    assert.throws(() => SampledNetwork.fromJSON(j), (e: unknown) => e instanceof InvalidInputError && field.test((e as Error).message), field.source);
  };
  bad((j) => { j.options.output = 'logits'; }, /options\.output/);
  bad((j) => { j.options.softmaxLambda = -1; }, /options\.softmaxLambda/);
  bad((j) => { j.regularizationLambda = 2e-3; }, /regularizationLambda/);
  bad((j) => { j.regularizationLambda = null; }, /regularizationLambda/);
  bad((j) => { j.options.softmaxLambda = 'auto'; j.regularizationLambda = 3e-3; }, /regularizationLambda/); // not on the 'auto' grid
  net.dispose();
  // old lstsq files: no 'output' key → 'lstsq'
  const old = new SampledNetwork({ layers: [20], task: 'classification', seed: 2 }).fit(X, y);
  const oj = JSON.parse(JSON.stringify(old.toJSON()));
  assert.not.ok('output' in oj.options);
  const oc = SampledNetwork.fromJSON(oj);
  assert.is(oc.options.output, 'lstsq');
  assert.is(oc.options.softmaxLambda, null);
  assert.equal(Array.from(oc.predict(X, { as: 'array' })), Array.from(old.predict(X, { as: 'array' })));
  oc.dispose(); old.dispose();
  assert.is(liveBytes(), base);
});

test('bad options → OptionError naming the option', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ output: 'softmax' }, /needs task 'classification'/],
    [{ task: 'classification', output: 'logits' }, /'output'/],
    [{ task: 'classification', output: 'softmax', softmaxLambda: 0 }, /softmaxLambda/],
    [{ task: 'classification', output: 'softmax', softmaxLambda: -1 }, /softmaxLambda/],
    [{ task: 'classification', output: 'softmax', softmaxLambda: Number.NaN }, /softmaxLambda/],
    [{ task: 'classification', output: 'softmax', softmaxLambda: 'gcv' }, /softmaxLambda/],
    [{ task: 'classification', softmaxLambda: 1e-3 }, /'softmaxLambda' needs output 'softmax'/],
    [{ task: 'classification', output: 'softmax', rcond: 1e-8 }, /'rcond'.*does not apply/],
    [{ task: 'classification', output: 'softmax', regularization: 'gcv' }, /'regularization'.*does not apply/],
    [{ task: 'classification', output: 'softmax', solver: 'qr' }, /'solver'.*does not apply/],
    [{ task: 'classification', output: 'softmax', softmaxLamda: 1 }, /softmaxLamda.*softmaxLambda/s],
  ];
  for (const [o, re] of cases) {
    assert.throws(() => new SampledNetwork(o as never), (e: unknown) => e instanceof OptionError && re.test((e as Error).message), `${JSON.stringify(o)} → ${re.source}`);
  }
});

test.run();
