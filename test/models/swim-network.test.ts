// SampledNetwork: fit/predict on small problems, deep networks (shapes, determinism, JSON round
// trip), classification API, bad input → typed errors, memory returns to baseline.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, Matrix, liveBytes, scope, SampledNetwork, InvalidInputError, NotFittedError, OptionError, ShapeError,
  DisposedError,
} from '../../src/index.js';
import { features } from '../../src/index.js';
import { EPS, assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

/** N points uniform in [0,1]^d (Philox seed), targets sin(Σx) and cos(Σx) (c = 2 outputs). */
function regData(N: number, d: number, seed: number, c = 1): { X: number[][]; Y: number[][] } {
  const Xm = Matrix.random(N, d, { seed, dist: 'uniform' });
  const X = Xm.toRows(); Xm.dispose();
  const Y = X.map((r) => { const s = r.reduce((a, b) => a + b, 0); return c === 1 ? [Math.sin(s)] : [Math.sin(s), Math.cos(s)]; });
  return { X, Y };
}

/** Three Gaussian blobs in 2-D with labels 2, 5, 7. */
function blobs(N: number, seed: number): { X: number[][]; labels: number[] } {
  const Z = Matrix.random(N, 2, { seed, sd: 0.4 });
  const z = Z.toRows(); Z.dispose();
  const centers = [[0, 0], [3, 0], [0, 3]];
  const names = [2, 5, 7];
  const X: number[][] = [], labels: number[] = [];
  for (let i = 0; i < N; i++) {
    const k = i % 3;
    X.push([centers[k]![0]! + z[i]![0]!, centers[k]![1]! + z[i]![1]!]);
    labels.push(names[k]!);
  }
  return { X, labels };
}

function mae(P: Matrix, Y: number[][]): number {
  const p = P.toRows();
  let s = 0, n = 0;
  for (let i = 0; i < p.length; i++) for (let j = 0; j < p[i]!.length; j++) { s += Math.abs(p[i]![j]! - Y[i]![j]!); n++; }
  return s / n;
}

test('regression: SWIM fits a smooth 2-D function; R² near 1 on fresh points; diagnostics', () => {
  const base = liveBytes();
  const tr = regData(600, 2, 1), te = regData(300, 2, 2);
  const net = new SampledNetwork({ layers: [150], seed: 3 }).fit(tr.X, tr.Y);
  const P = net.predict(te.X);
  assert.is(P.rows, 300); assert.is(P.cols, 1);
  assertLE(mae(P, te.Y), 1e-4, 'test MAE of a 150-neuron SWIM net on sin(x+y)');
  assert.ok(net.score(te.X, te.Y) > 0.9999);
  const d = net.diagnostics;
  assert.is(d.layers.length, 1);
  assert.is(d.layers[0]!.from.length, 150);
  assert.ok(d.rank > 10 && d.rank <= 151, `rank ${d.rank}`);
  assert.ok(d.seconds.total >= d.seconds.sampling + d.seconds.features + d.seconds.solve - 1e-9);
  // default output regularization: GCV ridge (svd solver) — λ and its degrees of freedom exposed
  assert.is(net.options.regularization, 'gcv');
  assert.ok(typeof net.regularizationLambda === 'number' && net.regularizationLambda >= 0, `λ = ${net.regularizationLambda}`);
  assert.ok(d.dof! > 0 && d.dof! <= d.rank, `dof ${d.dof}`);
  assert.ok(d.gcvCurve!.lambdas.length === d.gcvCurve!.gcv.length && d.gcvCurve!.gcv.length > 10);
  // a fixed cut-off (rcond) instead: no λ
  const cut = new SampledNetwork({ layers: [150], seed: 3, rcond: 1e-8 }).fit(tr.X, tr.Y);
  assert.is(cut.regularizationLambda, null);
  assert.equal(cut.options.regularization, null);
  const Pc = cut.predict(te.X);
  assertLE(mae(Pc, te.Y), 1e-4, 'test MAE with rcond 1e-8');
  // a fixed ridge λ is reported as given
  const rid = new SampledNetwork({ layers: [150], seed: 3, regularization: { ridge: 1e-6 } }).fit(tr.X, tr.Y);
  assert.is(rid.regularizationLambda, 1e-6);
  Pc.dispose(); cut.dispose(); rid.dispose();
  P.dispose(); net.dispose();
  assert.is(liveBytes(), base, 'no leak after fit/predict/dispose');
});

test('deep networks (3 layers): shapes, bit-identical refit with the same seed, different seed differs, JSON round trip', () => {
  const base = liveBytes();
  const tr = regData(400, 3, 5, 2), te = regData(100, 3, 6, 2);
  const opts = { layers: [60, 40, 30], seed: 9 } as const;
  const a = new SampledNetwork(opts).fit(tr.X, tr.Y);
  const b = new SampledNetwork(opts).fit(tr.X, tr.Y);
  const c = new SampledNetwork({ ...opts, seed: 10 }).fit(tr.X, tr.Y);
  const pa = a.predict(te.X), pb = b.predict(te.X), pc = c.predict(te.X);
  assert.is(pa.rows, 100); assert.is(pa.cols, 2);
  assert.equal(pa.toColumnMajor(), pb.toColumnMajor(), 'same seed → bit-identical predictions');
  assert.not.equal(pa.toColumnMajor(), pc.toColumnMajor());
  const widths = a.hiddenLayers.map((h) => [h.W.rows, h.W.cols]);
  assert.equal(widths, [[3, 60], [60, 40], [40, 30]]);
  assert.equal([a.outputWeights.rows, a.outputWeights.cols], [31, 2]);
  // layers get different seeds: the pair streams differ between layers
  const d = a.diagnostics.layers;
  assert.not.equal(Array.from(d[1]!.from.slice(0, 30)), Array.from(d[2]!.from.slice(0, 30)));
  // deep layers pair points in the previous layer's feature space: with Φ₁ = tanh(X W₁ + b₁),
  // layer 2's pre-activations Φ₁ W₂ + b₂ at its pair rows are exactly ∓½ ln 3
  const [h1, h2] = a.hiddenLayers;
  const Xtr = Matrix.fromRows(tr.X);
  const Phi1 = features(Xtr, h1!.W, h1!.b, { activation: 'tanh' });
  const Z2 = features(Phi1, h2!.W, h2!.b, { activation: 'identity' });
  const z = Z2.toColumnMajor(), phi = Phi1.toColumnMajor(), w2 = h2!.W.toColumnMajor(), b2 = h2!.b.toColumnMajor();
  const s2 = 0.5 * Math.log(3);
  // rounding bound 2(d+2)·ε·(Σ|φᵢwᵢ| + |b|), d = 60 inputs of layer 2
  const mag = (row: number, k: number) => { let m = Math.abs(b2[k]!); for (let i = 0; i < 60; i++) m += Math.abs(phi[row + i * 400]! * w2[i + k * 60]!); return m; };
  for (let k = 0; k < 40; k++) {
    const f = d[1]!.from[k]!, t = d[1]!.to[k]!;
    assertLE(Math.abs(z[f + k * 400]! + s2), 2 * 62 * EPS * mag(f, k), `layer 2 neuron ${k} at x⁽¹⁾`);
    assertLE(Math.abs(z[t + k * 400]! - s2), 2 * 62 * EPS * mag(t, k), `layer 2 neuron ${k} at x⁽²⁾`);
  }
  Xtr.dispose(); Phi1.dispose(); Z2.dispose();
  // JSON round trip through a string: identical predictions
  const json = JSON.stringify(a.toJSON());
  const r = SampledNetwork.fromJSON(JSON.parse(json));
  const pr = r.predict(te.X);
  assert.equal(pr.toColumnMajor(), pa.toColumnMajor(), 'restored network predicts identically');
  assert.equal(Array.from(r.diagnostics.layers[2]!.to), Array.from(d[2]!.to));
  assertLE(mae(pa, te.Y), 0.05, 'deep net test MAE');
  for (const m of [pa, pb, pc, pr]) m.dispose();
  for (const n of [a, b, c, r]) n.dispose();
  assert.is(liveBytes(), base);
});

test('classification: labels kept, arg-max prediction, softmax rows sum to 1, accuracy score', () => {
  const base = liveBytes();
  const tr = blobs(300, 1), te = blobs(150, 2);
  const net = new SampledNetwork({ layers: [80], task: 'classification', seed: 2 }).fit(tr.X, tr.labels);
  assert.equal(Array.from(net.classes!), [2, 5, 7]);
  const pred = net.predictClass(te.X);
  assert.instance(pred, Int32Array);
  assert.ok(pred.every((v) => v === 2 || v === 5 || v === 7));
  const acc = net.score(te.X, te.labels);
  assert.ok(acc >= 0.97, `accuracy ${acc}`);
  const P = net.predictProba(te.X);
  assert.is(P.cols, 3);
  const p = P.toRows();
  for (let i = 0; i < p.length; i++) {
    assertLE(Math.abs(p[i]!.reduce((s, v) => s + v, 0) - 1), 4e-16 * 3, `row ${i} sums to 1`);
    const best = p[i]!.indexOf(Math.max(...p[i]!));
    assert.is([2, 5, 7][best], pred[i]);
  }
  // with classification, every sampled pair joins two different classes (same-label pairs have score 0)
  const d = net.diagnostics.layers[0]!;
  for (let k = 0; k < d.from.length; k++) assert.ok(tr.labels[d.from[k]!] !== tr.labels[d.to[k]!]);
  P.dispose(); net.dispose();
  assert.is(liveBytes(), base);
});

test('uniform and random samplers, relu, pruning, standard scaler, onProgress', () => {
  const base = liveBytes();
  const tr = regData(300, 2, 7), te = regData(100, 2, 8);
  const events: string[] = [];
  for (const [opts, bound] of [
    [{ sampler: 'uniform' }, 1e-3], [{ sampler: 'random' }, 5e-2], [{ activation: 'relu' }, 5e-2],
    [{ pruneDuplicates: true, layers: [400] }, 1e-3], [{ scaler: 'standard' }, 1e-3],
  ] as const) {
    const net = new SampledNetwork({ layers: [100], seed: 1, ...opts, onProgress: (p) => events.push(`${p.stage}${p.layer}/${p.layers}`) }).fit(tr.X, tr.Y);
    const P = net.predict(te.X);
    assertLE(mae(P, te.Y), bound, `test MAE with ${JSON.stringify(opts)}`);
    if ('pruneDuplicates' in opts) {
      const l = net.diagnostics.layers[0]!;
      assert.ok(l.pruned > 0 && l.width === 400 - l.pruned && l.duplicates === 0);
    }
    P.dispose(); net.dispose();
  }
  assert.equal(events.slice(0, 2), ['layer0/1', 'solve1/1']);
  assert.is(events.length, 10);
  assert.is(liveBytes(), base);
});

test('solver lsrn: materialized features and featureOperator (Φ never formed) give the same network within LSRN accuracy', () => {
  const base = liveBytes();
  const tr = regData(600, 2, 21), te = regData(200, 2, 22);
  const a = new SampledNetwork({ layers: [150], seed: 5, solver: 'lsrn', rcond: 1e-8 }).fit(tr.X, tr.Y);
  const b = new SampledNetwork({ layers: [150], seed: 5, solver: 'lsrn', rcond: 1e-8, featureOperator: true }).fit(tr.X, tr.Y);
  const c = new SampledNetwork({ layers: [150], seed: 5, rcond: 1e-8 }).fit(tr.X, tr.Y);
  const pa = a.predict(te.X), pb = b.predict(te.X), pc = c.predict(te.X);
  const ea = mae(pa, te.Y), eb = mae(pb, te.Y), ec = mae(pc, te.Y);
  assertLE(Math.abs(ea / ec - 1), 0.25, `lsrn test MAE ${ea} vs svd ${ec}`);
  assertLE(Math.abs(eb / ea - 1), 1e-3, `featureOperator test MAE ${eb} vs materialized ${ea}`);
  assert.is(b.diagnostics.rank, a.diagnostics.rank);
  assert.ok(b.diagnostics.iterations! > 0);
  assertThrows(() => new SampledNetwork({ featureOperator: true }), OptionError, /needs solver 'lsrn'/);
  for (const o of [pa, pb, pc, a, b, c]) o.dispose();
  assert.is(liveBytes(), base);
});

test('gcvTolerance: the largest λ within (1 + tol) of the GCV minimum, never below the minimizer', () => {
  const base = liveBytes();
  const tr = regData(400, 2, 31);
  const Z = Matrix.random(400, 1, { seed: 32, sd: 0.1 });
  const noise = Z.toColumnMajor(); Z.dispose();
  const y = tr.Y.map((r, i) => [r[0]! + noise[i]!]); // noisy targets: a flat GCV minimum
  const a = new SampledNetwork({ layers: [200], seed: 1, gcvTolerance: 0 }).fit(tr.X, y);
  const b = new SampledNetwork({ layers: [200], seed: 1, gcvTolerance: 1e-2 }).fit(tr.X, y);
  assert.is(new SampledNetwork({ layers: [10] }).options.gcvTolerance, 1e-3, 'default with gcv');
  const la = a.regularizationLambda!, lb = b.regularizationLambda!;
  assert.ok(lb >= la, `λ ${lb} < GCV minimizer ${la}`);
  const c = b.diagnostics.gcvCurve!;
  const min = Math.min(...c.gcv);
  const i = c.lambdas.indexOf(lb);
  if (lb > la) {
    assert.ok(lb > 2 * la, 're-solved only when λ moves by more than a factor 2');
    assert.ok(i >= 0 && c.gcv[i]! <= 1.01 * min, 'chosen λ is a grid point within tolerance');
    for (let j = i + 1; j < c.lambdas.length; j++) assert.ok(c.gcv[j]! > 1.01 * min, 'no larger λ within tolerance');
  }
  assertThrows(() => new SampledNetwork({ gcvTolerance: 1e-3, rcond: 1e-8 }), OptionError, /needs regularization 'gcv'/);
  const r = SampledNetwork.fromJSON(JSON.parse(JSON.stringify(b.toJSON())));
  assert.is(r.options.gcvTolerance, 1e-2);
  for (const o of [a, b, r]) o.dispose();
  assert.is(liveBytes(), base);
});

test('standard scaler: anisotropic rescaling and shifting of the inputs leaves predictions unchanged (up to rounding)', () => {
  const tr = regData(300, 2, 3), te = regData(50, 2, 4);
  const scale = (X: number[][]) => X.map(([a, b]) => [1000 * a! + 5, 0.001 * b! - 3]);
  const n1 = new SampledNetwork({ layers: [80], seed: 4, scaler: 'standard' }).fit(tr.X, tr.Y);
  const n2 = new SampledNetwork({ layers: [80], seed: 4, scaler: 'standard' }).fit(scale(tr.X), tr.Y);
  const p1 = n1.predict(te.X), p2 = n2.predict(scale(te.X));
  assert.equal(Array.from(n1.diagnostics.layers[0]!.from), Array.from(n2.diagnostics.layers[0]!.from), 'same pairs sampled');
  const a = p1.toColumnMajor(), b = p2.toColumnMajor();
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  assertLE(diff, 1e-6, 'max prediction difference after anisotropic rescaling');
  for (const o of [p1, p2, n1, n2]) o.dispose();
});

test('bad input → typed errors (ragged, NaN, row mismatch, unknown option, before fit, wrong columns), no leak', () => {
  const base = liveBytes();
  const tr = regData(50, 2, 1);
  assertThrows(() => new SampledNetwork({ layer: [10] } as never), OptionError, /unknown option 'layer'/);
  assertThrows(() => new SampledNetwork({ layers: [] }), OptionError, /layers/);
  assertThrows(() => new SampledNetwork({ layers: [10.5] }), OptionError, /layers\[0\]/);
  assertThrows(() => new SampledNetwork({ activation: 'sigmoid' as never }), OptionError, /activation/);
  assertThrows(() => new SampledNetwork({ solver: 'magic' as never }), OptionError, /solver/);
  assertThrows(() => new SampledNetwork({ rcond: 1e-8, regularization: 'gcv' }), OptionError, /either/);
  assertThrows(() => new SampledNetwork({ regularization: 'gcv', solver: 'qr' }), OptionError, /needs solver 'svd'/);
  assertThrows(() => new SampledNetwork({ regularization: { lambda: 1 } as never }), OptionError, /regularization/);
  assertThrows(() => new SampledNetwork({ seed: -1 }), OptionError, /seed/);
  const net = new SampledNetwork({ layers: [20] });
  assertThrows(() => net.predict(tr.X), NotFittedError, /not fitted/);
  assertThrows(() => net.fit([[1, 2], [3]], [1, 2]), ShapeError, /ragged/);
  assertThrows(() => net.fit([[1, 2], [3, NaN]], [1, 2]), InvalidInputError, /row 1, column 1/);
  assertThrows(() => net.fit(tr.X, tr.Y.slice(1)), ShapeError, /50 rows but Y has 49/);
  assertThrows(() => net.fit(tr.X, new Float64Array(49)), ShapeError, /50 rows but y has 49/);
  assertThrows(() => net.fit(tr.X, tr.Y.map((r, i) => (i === 7 ? [Infinity] : r))), InvalidInputError, /row 7/);
  assertThrows(() => net.fit([[1, 2]], [1]), InvalidInputError, /at least 2/);
  assertThrows(() => net.fit([], []), InvalidInputError, /empty/);
  const cls = new SampledNetwork({ layers: [20], task: 'classification' });
  assertThrows(() => cls.fit(tr.X, tr.Y.map((r) => r[0]!)), InvalidInputError, /not an integer/);
  net.fit(tr.X, tr.Y);
  assertThrows(() => net.predict([[1, 2, 3]]), ShapeError, /3 columns.*fitted with 2/);
  assertThrows(() => net.predict([[1, NaN]]), InvalidInputError, /non-finite/);
  assertThrows(() => net.predictClass(tr.X), OptionError, /classification/);
  assertThrows(() => SampledNetwork.fromJSON({ format: 'other' } as never), InvalidInputError, /format/);
  net.dispose();
  assertThrows(() => net.predict(tr.X), DisposedError);
  cls.dispose();
  assert.is(liveBytes(), base, 'errors thrown inside fit/predict free their temporaries');
});

test('memory: repeated fit/predict cycles do not grow live bytes; scope disposes a network created inside it', () => {
  const tr = regData(200, 2, 1), te = regData(50, 2, 2);
  const base = liveBytes();
  const net = new SampledNetwork({ layers: [40, 30], seed: 1 });
  let afterFirst = -1;
  for (let i = 0; i < 5; i++) {
    net.fit(tr.X, tr.Y);
    net.predict(te.X).dispose();
    if (i === 0) afterFirst = liveBytes();
    else assert.is(liveBytes(), afterFirst, `cycle ${i}: fitted state replaced, not accumulated`);
  }
  net.dispose();
  assert.is(liveBytes(), base);
  const acc = scope(() => new SampledNetwork({ layers: [30], seed: 2 }).fit(tr.X, tr.Y).score(te.X, te.Y));
  assert.ok(acc > 0.99);
  assert.is(liveBytes(), base, 'network created in a scope is disposed with it');
  // a network built outside a scope and fitted inside one keeps its weights
  const kept = new SampledNetwork({ layers: [30], seed: 2 });
  scope(() => { kept.fit(tr.X, tr.Y); });
  assert.ok(kept.score(te.X, te.Y) > 0.99);
  kept.dispose();
  assert.is(liveBytes(), base);
});

test.run();
