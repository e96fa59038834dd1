// newton(): softmax / logistic regression by exact Newton–CG and sub-sampled trust-region Newton.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, newton, newtonOracle, liveBytes, ShapeError, InvalidInputError, OptionError, type NewtonProblem } from '../../src/index.js';
import { assertLE, assertThrows, hasData } from '../helpers/index.js';
import { digitsSoftmax } from '../helpers/swim-datasets.js';

let live0 = 0;
test.before(async () => { await init(); live0 = liveBytes(); });

/** Deterministic data: n×p (first column ones), labels from a planted softmax model plus noise. */
function planted(n: number, p: number, k: number, seed: number): { X: Matrix; labels: Int32Array } {
  const X = Matrix.random(n, p, { seed });
  for (let i = 0; i < n; i++) X.set(i, 0, 1);
  const T = Matrix.random(p, Math.max(k, 2), { seed: seed + 1 });
  const N = Matrix.random(n, Math.max(k, 2), { seed: seed + 2 });
  const Z = X.matmul(T);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0, bv = -Infinity;
    for (let j = 0; j < Math.max(k, 2); j++) { const v = Z.get(i, j) + 1.5 * N.get(i, j); if (v > bv) { bv = v; best = j; } }
    labels[i] = k === 1 ? best % 2 : best;
  }
  T.dispose(); N.dispose(); Z.dispose();
  return { X, labels };
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += (a[i]! - b[i]!) ** 2; nb += b[i]! ** 2; }
  return Math.sqrt(d / nb);
}

for (const loss of ['softmax', 'logistic'] as const) {
  test(`${loss}: gradient and Hessian-vector product match central finite differences (≤ 1e-7 relative)`, () => {
    const k = loss === 'softmax' ? 4 : 1;
    const { X, labels } = planted(60, 5, k, 11);
    const or = newtonOracle({ loss, X, labels, lambda: 0.05 });
    const W = Matrix.random(5, k, { seed: 5, sd: 0.7 });
    const V = Matrix.random(5, k, { seed: 6 });
    const G = or.gradient(W), HV = or.hessianVector(W, V);
    const h = 1e-5;
    const gfd = new Float64Array(5 * k);
    for (let e = 0; e < 5 * k; e++) {
      const i = e % 5, j = Math.floor(e / 5), w0 = W.get(i, j);
      W.set(i, j, w0 + h); const fp = or.objective(W);
      W.set(i, j, w0 - h); const fm = or.objective(W);
      W.set(i, j, w0);
      gfd[e] = (fp - fm) / (2 * h);
    }
    const eG = relDiff(G.toColumnMajor(), gfd);
    // ∇²F·V ≈ (∇F(W + hV) − ∇F(W − hV)) / 2h
    const Wp = W.add(V, h), Wm = W.add(V, -h);
    const Gp = or.gradient(Wp), Gm = or.gradient(Wm);
    const gp = Gp.toColumnMajor(), gm = Gm.toColumnMajor();
    const hfd = Float64Array.from(gp, (v, e) => (v - gm[e]!) / (2 * h));
    const eH = relDiff(HV.toColumnMajor(), hfd);
    console.log(`  ${loss}: gradient vs FD ${eG.toExponential(2)}, Hv vs FD ${eH.toExponential(2)}`);
    assertLE(eG, 1e-7, 'gradient vs central differences');
    assertLE(eH, 1e-7, 'Hessian-vector product vs central differences of the gradient');
    for (const M of [G, HV, Wp, Wm, Gp, Gm, W, V, X]) M.dispose();
    or.dispose();
  });
}

test('softmax with k = 2 equals logistic: F_softmax([0, v]) = F_logistic(v) at λ = 0, and argmin softmax(λ) ↔ argmin logistic(λ/2) with v = w₂ − w₁', () => {
  // P(class 1) = e^{x·w₂}/(e^{x·w₁} + e^{x·w₂}) = σ(x·(w₂ − w₁)), so the data terms agree on v = w₂ − w₁.
  // At the softmax optimum the two columns' data gradients are opposite, so λ(w₁ + w₂) = 0:
  // w₁ = −v/2, w₂ = v/2 and (λ/2)(‖w₁‖² + ‖w₂‖²) = (λ/4)‖v‖² — logistic with λ/2.
  const { X, labels } = planted(80, 4, 1, 21);
  const sm = newtonOracle({ loss: 'softmax', X, labels, lambda: 0, classes: 2 });
  const lg = newtonOracle({ loss: 'logistic', X, labels, lambda: 0 });
  const v = Matrix.random(4, 1, { seed: 3 });
  const W2 = Matrix.zeros(4, 2); W2.setBlock(0, 1, v);
  assertLE(rel(sm.objective(W2), lg.objective(v)), 1e-14, 'pointwise objectives');
  sm.dispose(); lg.dispose(); v.dispose(); W2.dispose();
  const lambda = 0.02;
  const a = newton({ loss: 'softmax', X, labels, lambda }, { tol: 1e-12 });
  const b = newton({ loss: 'logistic', X, labels, lambda: lambda / 2 }, { tol: 1e-12 });
  assert.ok(a.converged && b.converged, `${a.message} / ${b.message}`);
  assertLE(rel(a.objective, b.objective), 1e-12, 'optimal objectives');
  const vs = Array.from({ length: 4 }, (_, i) => a.W.get(i, 1) - a.W.get(i, 0));
  assertLE(relDiff(vs, b.W.toColumnMajor()), 1e-9, 'w₂ − w₁ vs the logistic weights');
  const sums = Array.from({ length: 4 }, (_, i) => Math.abs(a.W.get(i, 1) + a.W.get(i, 0)));
  assertLE(Math.max(...sums), 1e-9, 'w₁ = −w₂ at the softmax optimum');
  a.W.dispose(); b.W.dispose(); X.dispose();
});

/** Independent reference: softmax loss, gradient and L-BFGS in plain JS (no wasm kernel). */
function jsSoftmax(x: number[][], y: Int32Array, k: number, lambda: number) {
  const n = x.length, p = x[0]!.length;
  return (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    for (let i = 0; i < n; i++) {
      const z = new Float64Array(k);
      for (let j = 0; j < k; j++) for (let c = 0; c < p; c++) z[j] = z[j]! + x[i]![c]! * w[c + j * p]!;
      const m = Math.max(...z);
      let s = 0; for (let j = 0; j < k; j++) s += Math.exp(z[j]! - m);
      f += m + Math.log(s) - z[y[i]!]!;
      for (let j = 0; j < k; j++) {
        const r = Math.exp(z[j]! - m) / s - (j === y[i] ? 1 : 0);
        for (let c = 0; c < p; c++) g[c + j * p] = g[c + j * p]! + x[i]![c]! * r / n;
      }
    }
    f /= n;
    for (let e = 0; e < w.length; e++) { f += 0.5 * lambda * w[e]! ** 2; g[e] = g[e]! + lambda * w[e]!; }
    return f;
  };
}
function lbfgs(fg: (w: Float64Array, g: Float64Array) => number, dim: number, gtol: number): { f: number; gnorm: number } {
  const m = 10, S: Float64Array[] = [], Y: Float64Array[] = [];
  let w = new Float64Array(dim), g = new Float64Array(dim);
  let f = fg(w, g);
  const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));
  const dotp = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
  for (let it = 0; it < 5000 && norm(g) > gtol; it++) {
    const q = Float64Array.from(g), al: number[] = [];
    for (let i = S.length - 1; i >= 0; i--) { const a = dotp(S[i]!, q) / dotp(Y[i]!, S[i]!); al[i] = a; for (let e = 0; e < dim; e++) q[e] = q[e]! - a * Y[i]![e]!; }
    if (S.length) { const gam = dotp(S.at(-1)!, Y.at(-1)!) / dotp(Y.at(-1)!, Y.at(-1)!); for (let e = 0; e < dim; e++) q[e] = q[e]! * gam; }
    for (let i = 0; i < S.length; i++) { const b = dotp(Y[i]!, q) / dotp(Y[i]!, S[i]!); for (let e = 0; e < dim; e++) q[e] = q[e]! + S[i]![e]! * (al[i]! - b); }
    let t = 1;
    const gd = -dotp(g, q);
    let wn = new Float64Array(dim), gn = new Float64Array(dim), fn = 0;
    for (let ls = 0; ls < 60; ls++) {
      for (let e = 0; e < dim; e++) wn[e] = w[e]! - t * q[e]!;
      fn = fg(wn, gn);
      if (fn <= f + 1e-4 * t * gd) break;
      t /= 2;
    }
    const s = Float64Array.from(wn, (v, e) => v - w[e]!), yv = Float64Array.from(gn, (v, e) => v - g[e]!);
    if (dotp(s, yv) > 0) { S.push(s); Y.push(yv); if (S.length > m) { S.shift(); Y.shift(); } }
    w = wn; g = gn; f = fn;
    wn = new Float64Array(dim); gn = new Float64Array(dim);
  }
  return { f, gnorm: norm(g) };
}

test('full Newton on a small well-conditioned softmax problem: ‖∇F‖ ≤ 1e-10·(1 + |F|), objective = independent JS L-BFGS to 1e-10', () => {
  const n = 150, p = 6, k = 3, lambda = 0.1;
  const { X, labels } = planted(n, p, k, 31);
  const res = newton({ loss: 'softmax', X, labels, lambda }, { tol: 1e-10 });
  assert.ok(res.converged, res.message);
  assertLE(res.gradientNorm, 1e-10 * (1 + Math.abs(res.objective)), '‖∇F‖');
  assert.is(res.history.length, res.iterations + 1);
  assert.is(res.history.at(-1)!.dataPasses, res.dataPasses);
  assert.is(res.W.rows, p); assert.is(res.W.cols, k);
  const ref = lbfgs(jsSoftmax(X.toRows(), labels, k, lambda), p * k, 1e-12);
  console.log(`  full Newton F = ${res.objective} (${res.iterations} it, ${res.dataPasses} passes), JS L-BFGS F = ${ref.f} (‖g‖ ${ref.gnorm.toExponential(1)})`);
  assertLE(rel(res.objective, ref.f), 1e-10, 'objective vs L-BFGS');
  res.W.dispose(); X.dispose();
});

test('logistic: full Newton converges; sub-sampled (uniform and row-norm, trust region and line search) reach the same optimum; seeded runs repeat exactly', () => {
  const { X, labels } = planted(400, 8, 1, 41);
  const prob: NewtonProblem = { loss: 'logistic', X, labels, lambda: 1e-2 };
  const full = newton(prob, { tol: 1e-11 });
  assert.ok(full.converged, full.message);
  assert.is(full.W.cols, 1);
  for (const opts of [{ sampling: 'uniform' }, { sampling: 'row-norm' }, { step: 'line-search' }] as const) {
    const a = newton(prob, { mode: 'subsampled', tol: 1e-11, hessianSample: 100, seed: 7, ...opts });
    const b = newton(prob, { mode: 'subsampled', tol: 1e-11, hessianSample: 100, seed: 7, ...opts });
    assert.ok(a.converged, `${JSON.stringify(opts)}: ${a.message}`);
    assertLE(rel(a.objective, full.objective), 1e-12, `${JSON.stringify(opts)} objective`);
    assert.equal(a.history.map((h) => h.objective), b.history.map((h) => h.objective), 'same seed, same run');
    a.W.dispose(); b.W.dispose();
  }
  full.W.dispose(); X.dispose();
});

test('onProgress sees every iteration and can stop the solver', () => {
  const { X, labels } = planted(100, 4, 3, 51);
  const seen: number[] = [];
  const res = newton({ loss: 'softmax', X, labels, lambda: 0.01 }, { onProgress: (it) => { seen.push(it.iteration); return it.iteration < 2; } });
  assert.equal(seen, [0, 1, 2]);
  assert.is(res.converged, false);
  assert.match(res.message, /onProgress/);
  res.W.dispose(); X.dispose();
});

test('bad input gives typed errors', () => {
  const { X, labels } = planted(30, 3, 3, 61);
  const base: NewtonProblem = { loss: 'softmax', X, labels, lambda: 0.1 };
  assertThrows(() => newton({ ...base, labels: labels.slice(1) }), ShapeError, /labels/);
  const W0 = Matrix.zeros(2, 3);
  assertThrows(() => newton(base, { W0 }), ShapeError, /W0/);
  W0.dispose();
  const Xn = X.clone(); Xn.set(3, 1, NaN);
  assertThrows(() => newton({ ...base, X: Xn }), InvalidInputError);
  Xn.dispose();
  assertThrows(() => newton({ ...base, labels: Array.from(labels, (v, i) => (i === 4 ? 1.5 : v)) }), InvalidInputError, /label 4/);
  assertThrows(() => newton({ ...base, labels: Array.from(labels, (v, i) => (i === 4 ? -1 : v)) }), InvalidInputError, /label 4/);
  assertThrows(() => newton({ ...base, classes: 2, labels: Array.from(labels, () => 2) }), InvalidInputError, /outside/);
  assertThrows(() => newton({ ...base, loss: 'logistic', labels: Array.from(labels, () => 2) }), InvalidInputError, /0 or 1/);
  assertThrows(() => newton({ ...base, lambda: -1 }), InvalidInputError, /lambda/);
  assertThrows(() => newton({ ...base, lambda: NaN }), InvalidInputError, /lambda/);
  assertThrows(() => newton({ ...base, loss: 'hinge' as 'softmax' }), OptionError, /loss/);
  assertThrows(() => newton({ ...base, extra: 1 } as NewtonProblem), OptionError, /unknown option 'extra'/);
  assertThrows(() => newton(base, { tolerance: 1 } as object), OptionError, /unknown option 'tolerance'.*known: mode/);
  assertThrows(() => newton(base, { mode: 'stochastic' as 'full' }), OptionError, /mode/);
  assertThrows(() => newton(base, { hessianSample: 0 }), OptionError, /hessianSample/);
  assertThrows(() => newton(base, { sampling: 'leverage' as 'uniform' }), OptionError, /sampling/);
  assertThrows(() => newton(base, { cgTol: 0 }), OptionError, /cgTol/);
  assertThrows(() => newton(base, { seed: -1 }), OptionError, /seed/);
  assertThrows(() => newton(base, { onProgress: 3 as unknown as () => void }), OptionError, /onProgress/);
  const or = newtonOracle(base);
  const Wbad = Matrix.zeros(3, 2);
  assertThrows(() => or.gradient(Wbad), ShapeError, /W is 3×2/);
  Wbad.dispose(); or.dispose();
  X.dispose();
});

if (hasData('sklearn_digits')) {
  test('digits (standardized pixels + ones column, λ = 1e-3): full Newton converges; sub-sampled Newton reaches 1e-6 relative objective error in fewer data passes', () => {
    const { X, labels } = digitsSoftmax();
    const prob: NewtonProblem = { loss: 'softmax', X, labels, lambda: 1e-3 };
    let t0 = performance.now();
    const full = newton(prob, { tol: 1e-10 });
    const tFull = performance.now() - t0;
    assert.ok(full.converged, full.message);
    assertLE(full.gradientNorm, 1e-10 * (1 + full.objective), 'full ‖∇F‖');
    const Fstar = full.objective;
    const passesTo = (h: { objective: number; dataPasses: number }[], e: number): number =>
      h.find((it) => it.objective - Fstar <= e * Fstar)?.dataPasses ?? Infinity;
    t0 = performance.now();
    const sub = newton(prob, { mode: 'subsampled', tol: 1e-10, seed: 1 });
    const tSub = performance.now() - t0;
    assert.ok(sub.converged, sub.message);
    assertLE(rel(sub.objective, Fstar), 1e-10, 'sub-sampled final objective');
    const pf = passesTo(full.history, 1e-6), ps = passesTo(sub.history, 1e-6);
    console.log(`  digits: F* = ${Fstar}; to 1e-6: full ${pf.toFixed(1)} passes, sub-sampled ${ps.toFixed(1)}; ` +
      `to convergence (1e-10): full ${full.iterations} it / ${full.dataPasses.toFixed(1)} passes / ${tFull.toFixed(0)} ms, ` +
      `sub-sampled ${sub.iterations} it / ${sub.dataPasses.toFixed(1)} passes / ${tSub.toFixed(0)} ms`);
    // measured: full 122, sub-sampled (s = 360, row-norm, seed 1) ≈ 91 — asserted with a margin
    assertLE(ps, 0.85 * pf, 'sub-sampled passes to 1e-6 vs 0.85 × full');
    full.W.dispose(); sub.W.dispose(); X.dispose();
  });
}

test('liveBytes returns to its start', () => {
  assert.is(liveBytes(), live0);
});

test.run();
