// newton(): cubic-regularised (ARC) steps, the sub-sampled gradient, and the data-pass accounting
// of the module notes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, newton, newtonOracle, liveBytes, OptionError, InvalidInputError, type NewtonProblem, type NewtonResult } from '../../src/index.js';
import { EPS, assertLE, assertThrowsTyped } from '../helpers/index.js';

let live0 = 0;
test.before(async () => { await init(); live0 = liveBytes(); });

/** n×p data (first column ones) with labels from a planted linear model plus Gaussian noise. */
function planted(n: number, p: number, k: number, seed: number): { X: Matrix; labels: Int32Array } {
  const kk = Math.max(k, 2);
  const X = Matrix.random(n, p, { seed });
  for (let i = 0; i < n; i++) X.set(i, 0, 1);
  const T = Matrix.random(p, kk, { seed: seed + 1 });
  const N = Matrix.random(n, kk, { seed: seed + 2 });
  const Z = X.matmul(T);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < kk; j++) if (Z.get(i, j) + 1.5 * N.get(i, j) > Z.get(i, best) + 1.5 * N.get(i, best)) best = j;
    labels[i] = k === 1 ? best % 2 : best;
  }
  T.dispose(); N.dispose(); Z.dispose();
  return { X, labels };
}
const frobDiff = (A: Matrix, B: Matrix): number => {
  const a = A.toColumnMajor(), b = B.toColumnMajor();
  let s = 0; for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
};

for (const loss of ['softmax', 'logistic'] as const) {
  test(`${loss}: trust-region and cubic steps (with and without a sub-sampled gradient) reach the full-Newton optimum`, () => {
    const k = loss === 'softmax' ? 4 : 1, lambda = 1e-2;
    const { X, labels } = planted(400, 6, k, 71);
    const prob: NewtonProblem = { loss, X, labels, lambda };
    const full = newton(prob, { tol: 1e-12 });
    assert.ok(full.converged, full.message);
    for (const o of [{ step: 'trust-region' }, { step: 'cubic' }, { step: 'trust-region', gradientSample: 40 }, { step: 'cubic', gradientSample: 40 }] as const) {
      const r = newton(prob, { mode: 'subsampled', tol: 1e-11, hessianSample: 80, seed: 3, maxIter: 500, ...o });
      const dW = frobDiff(r.W, full.W);
      console.log(`  ${loss} ${JSON.stringify(o)}: ${r.iterations} it, ${r.dataPasses.toFixed(1)} passes, F − F* = ${(r.objective - full.objective).toExponential(2)}, ‖W − W*‖ = ${dW.toExponential(2)}`);
      assert.ok(r.converged, `${JSON.stringify(o)}: ${r.message}`);
      // λ-strong convexity: ‖W − W*‖ ≤ (‖∇F(W)‖ + ‖∇F(W_full)‖)/λ; |F − F*| ≤ (‖∇F(W)‖² + ‖∇F(W_full)‖²)/(2λ) + rounding of F
      assertLE(dW, (r.gradientNorm + full.gradientNorm) / lambda, `${JSON.stringify(o)} ‖W − W_full‖`);
      assertLE(Math.abs(r.objective - full.objective), (r.gradientNorm ** 2 + full.gradientNorm ** 2) / (2 * lambda) + 16 * EPS * full.objective, `${JSON.stringify(o)} |F − F_full|`);
      // the result's gradient norm is the full gradient's
      const or = newtonOracle(prob);
      const G = or.gradient(r.W);
      const gn = Math.sqrt(G.toColumnMajor().reduce((s, v) => s + v * v, 0));
      assertLE(Math.abs(gn - r.gradientNorm), 1e-12 + 1e-10 * gn, 'reported ‖∇F‖ vs the oracle');
      G.dispose(); or.dispose(); r.W.dispose();
    }
    full.W.dispose(); X.dispose();
  });
}

test('the sub-sampled gradient is unbiased: the mean over 2000 seeds matches ∇F within 5 standard errors per entry', () => {
  const { X, labels } = planted(200, 5, 3, 81);
  const or = newtonOracle({ loss: 'softmax', X, labels, lambda: 0.05 });
  const W = Matrix.random(5, 3, { seed: 82, sd: 0.8 });
  const Gm = or.gradient(W);
  const G = Gm.toColumnMajor();
  Gm.dispose();
  const R = 2000, rows = 10, m = G.length;
  const sum = new Float64Array(m), sum2 = new Float64Array(m);
  for (let r = 0; r < R; r++) {
    const S = or.sampledGradient(W, rows, r);
    const v = S.toColumnMajor();
    S.dispose();
    for (let e = 0; e < m; e++) { sum[e] = sum[e]! + v[e]!; sum2[e] = sum2[e]! + v[e]! * v[e]!; }
  }
  let worst = 0, minSe = Infinity;
  for (let e = 0; e < m; e++) {
    const mean = sum[e]! / R;
    const sd = Math.sqrt(Math.max(0, (sum2[e]! / R - mean * mean) * R / (R - 1)));
    const se = sd / Math.sqrt(R);
    minSe = Math.min(minSe, se);
    worst = Math.max(worst, Math.abs(mean - G[e]!) / se);
  }
  console.log(`  ${m} entries, ${R} draws of ${rows} rows: max |mean − ∇F|/SE = ${worst.toFixed(2)} (smallest SE ${minSe.toExponential(2)})`);
  assert.ok(minSe > 0, 'the estimator is random (a zero standard error would make the test vacuous)');
  assertLE(worst, 5, 'max |mean − ∇F| in standard errors');
  // the same seed gives the same draw; another seed a different one
  const a = or.sampledGradient(W, rows, 5), b = or.sampledGradient(W, rows, 5), c = or.sampledGradient(W, rows, 6);
  assert.equal(a.toColumnMajor(), b.toColumnMajor());
  assert.ok(frobDiff(a, c) > 0);
  a.dispose(); b.dispose(); c.dispose(); W.dispose(); or.dispose(); X.dispose();
});

/** Recomputes dataPasses from the history by the rules of the module notes. */
function expectedPasses(res: NewtonResult, n: number, o: { mode: 'full' | 'subsampled'; s?: number; rowNorm?: boolean; gradientSample?: number }): number[] {
  const out: number[] = [];
  const h = res.history;
  let total = 1; // X·W0
  let rowSq = false;
  const gradCost = (rows: number): number => {
    if (rows === n) return 1;
    let c = 3 * rows / n;
    if (!rowSq) { rowSq = true; c += 1; } // ‖x_i‖² once, for the norm test
    return c;
  };
  total += gradCost(h[0]!.gradientRows);
  out.push(total);
  if (o.mode === 'subsampled' && o.rowNorm && !rowSq) { rowSq = true; total += 1; }
  for (let t = 1; t < h.length; t++) {
    const it = h[t]!, prev = h[t - 1]!;
    if (o.mode === 'full') total += 2 * it.cgIterations + 1 + (it.accepted ? 1 : 0);
    else {
      const s = o.s!;
      total += s / n + 2 * s / n * it.cgIterations + 1;
      // a new gradient after an accepted step, or after a rejected one when the old one was sampled
      if (it.accepted || prev.gradientRows < n) total += gradCost(it.gradientRows);
    }
    out.push(total);
  }
  return out;
}

test('data passes are counted as the module notes say (full, sub-sampled TR / cubic, with a sub-sampled gradient)', () => {
  const { X, labels } = planted(300, 5, 3, 91);
  const n = 300;
  const prob: NewtonProblem = { loss: 'softmax', X, labels, lambda: 1e-2 };
  const cases = [
    { o: { mode: 'full' as const }, e: { mode: 'full' as const } },
    { o: { mode: 'subsampled' as const, hessianSample: 60, sampling: 'uniform' as const }, e: { mode: 'subsampled' as const, s: 60 } },
    { o: { mode: 'subsampled' as const, hessianSample: 60 }, e: { mode: 'subsampled' as const, s: 60, rowNorm: true } },
    { o: { mode: 'subsampled' as const, step: 'cubic' as const, hessianSample: 60, sampling: 'uniform' as const }, e: { mode: 'subsampled' as const, s: 60 } },
    // tol 0: the full gradient is only evaluated once the sample has grown to n/3, and at the end
    { o: { mode: 'subsampled' as const, hessianSample: 60, sampling: 'uniform' as const, gradientSample: 20, tol: 0, maxIter: 25 }, e: { mode: 'subsampled' as const, s: 60 } },
    { o: { mode: 'subsampled' as const, step: 'cubic' as const, hessianSample: 60, gradientSample: 20, tol: 0, maxIter: 25 }, e: { mode: 'subsampled' as const, s: 60, rowNorm: true } },
  ];
  let sawSampled = false;
  for (const { o, e } of cases) {
    const res = newton(prob, { seed: 2, ...o });
    const want = expectedPasses(res, n, e);
    const got = res.history.map((h) => h.dataPasses);
    for (let t = 0; t < got.length; t++) assertLE(Math.abs(got[t]! - want[t]!), 1e-9 * want[t]!, `${JSON.stringify(o)} passes at iteration ${t}`);
    const last = res.history.at(-1)!;
    // a sampled last gradient is followed by one full gradient for the result
    assertLE(Math.abs(res.dataPasses - (last.dataPasses + (last.gradientRows < n ? 1 : 0))), 1e-9 * res.dataPasses, `${JSON.stringify(o)} final passes`);
    if (res.history.some((h) => h.gradientRows < n)) sawSampled = true;
    res.W.dispose();
  }
  assert.ok(sawSampled, 'the gradient-sample cases did draw sampled gradients');
  X.dispose();
});

test('the sub-sampled gradient grows by the norm test and turns into the full gradient at n/3', () => {
  const { X, labels } = planted(600, 5, 3, 95);
  const r = newton({ loss: 'softmax', X, labels, lambda: 1e-3 }, { mode: 'subsampled', gradientSample: 10, tol: 1e-10, seed: 4, maxIter: 300 });
  const rows = r.history.map((h) => h.gradientRows);
  console.log(`  gradient rows by iteration: ${rows.join(' ')}`);
  assert.ok(r.converged, r.message);
  assert.is(rows[0], 10);
  for (let t = 1; t < rows.length; t++) assert.ok(rows[t]! >= rows[t - 1]! || rows[t] === 600, 'the sample never shrinks');
  assert.is(rows.at(-1), 600, 'near the optimum the variance forces the full gradient');
  r.W.dispose(); X.dispose();
});

test('typed errors of the new options', () => {
  const { X, labels } = planted(30, 3, 3, 97);
  const base: NewtonProblem = { loss: 'softmax', X, labels, lambda: 0.1 };
  assertThrowsTyped(() => newton(base, { gradientSample: 10 }), OptionError, /gradientSample.*subsampled/);
  assertThrowsTyped(() => newton(base, { mode: 'subsampled', step: 'line-search', gradientSample: 10 }), OptionError, /gradientSample/);
  assertThrowsTyped(() => newton(base, { mode: 'subsampled', gradientSample: 1 }), OptionError, /gradientSample/);
  assertThrowsTyped(() => newton(base, { mode: 'subsampled', gradientSample: 2.5 }), OptionError, /gradientSample/);
  assertThrowsTyped(() => newton(base, { mode: 'subsampled', step: 'cubic', sigma: 0 }), OptionError, /sigma/);
  assertThrowsTyped(() => newton(base, { mode: 'subsampled', step: 'arc' as 'cubic' }), OptionError, /step/);
  const or = newtonOracle(base);
  const W = Matrix.zeros(3, 3);
  assertThrowsTyped(() => or.sampledGradient(W, 0, 1), InvalidInputError, /rows/);
  assertThrowsTyped(() => or.sampledGradient(W, 5, -1), InvalidInputError, /seed/);
  W.dispose(); or.dispose(); X.dispose();
});

test('liveBytes returns to its start', () => {
  assert.is(liveBytes(), live0);
});

test.run();
