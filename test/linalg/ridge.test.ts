// Issue 8: ridge (Tikhonov) filter factors and the GCV choice of λ on the SVD path, and
// ridgeFromGram (eigh of AᵀA). References: a closed-form GCV optimum, a plain-JS GCV scan,
// explicit normal-equation ridge solves in JS, and the minimum-norm limit λ → 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, lstsq, ridgeFromGram, liveBytes, OptionError, ShapeError } from '../../src/index.js';
import { EPS, assertLE, assertThrows, jsMatmul } from '../helpers/index.js';
import { gauss, jsSolve, norm2, transpose, withSingularValues } from '../fixtures/svd-util.js';

test.before(async () => { await init(); });

/** Plain-JS GCV of a diagonal problem A = [diag(σ); 0] (m×n), b = [b1; b2]. */
function jsGcv(sig: number[], b: Float64Array, m: number, lambda: number): number {
  const n = sig.length;
  let res = 0, dof = 0;
  for (let i = 0; i < m; i++) {
    if (i < n) {
      const f = lambda / (sig[i]! ** 2 + lambda);
      res += (f * b[i]!) ** 2;
      dof += sig[i]! ** 2 / (sig[i]! ** 2 + lambda);
    } else res += b[i]! ** 2;
  }
  return (m * res) / (m - dof) ** 2;
}

function diagProblem(sig: number[], m: number): Float64Array {
  const n = sig.length;
  const a = new Float64Array(m * n);
  sig.forEach((s, i) => { a[i + i * m] = s; });
  return a;
}

test('GCV closed form: A = s·[I; 0] has λ* = s²t/(1−t), t = n‖b₂‖²/((m−n)‖b₁‖²)', () => {
  const m = 40, n = 10, s = 3;
  const b = gauss(m, 1, 71);
  for (let i = 0; i < n; i++) b[i]! *= 4;     // strong signal in range(A): t < 1
  let b1 = 0, b2 = 0;
  for (let i = 0; i < m; i++) (i < n ? (b1 += b[i]! ** 2) : (b2 += b[i]! ** 2));
  const t = (n * b2) / ((m - n) * b1);
  assert.ok(t < 1);
  const exact = (s * s * t) / (1 - t);
  const r = lstsq(Matrix.fromColumnMajor(diagProblem(Array(n).fill(s), m), m, n), b, { ridge: 'gcv' });
  const lam = r.ridge!.lambda as number;
  assertLE(Math.abs(lam - exact) / exact, 1e-6, 'λ* (grid + golden section)');
  assertLE(Math.abs((r.ridge!.dof as number) - n * s * s / (s * s + exact)), 1e-6 * n, 'dof at λ*');
  const curve = r.ridge!.curve!;
  assert.ok(curve.lambdas.length >= 20 && curve.gcv.length === curve.lambdas.length);
  for (let i = 0; i < curve.lambdas.length; i += 7) {
    const v = jsGcv(Array(n).fill(s), b, m, curve.lambdas[i]!);
    assertLE(Math.abs(curve.gcv[i]! - v) / v, 1e-12, `curve point ${i}`);
  }
});

test('GCV on a graded diagonal system: chosen λ minimizes the plain-JS GCV to scan precision', () => {
  const m = 60, n = 20;
  const sig = Array.from({ length: n }, (_, i) => 10 ** (-6 * i / (n - 1)));
  const b = gauss(m, 1, 72);
  for (let i = 0; i < n; i++) b[i] = b[i]! * 0.01 + sig[i]! * (1 + 0.1 * i);  // smooth signal + noise
  const r = lstsq(Matrix.fromColumnMajor(diagProblem(sig, m), m, n), b, { ridge: 'gcv' });
  const lam = r.ridge!.lambda as number;
  // dense JS scan over 12 decades, 400 points per decade
  let best = Infinity, bestLam = 0;
  for (let e = -16; e <= 1; e += 1 / 400) {
    const v = jsGcv(sig, b, m, 10 ** e);
    if (v < best) { best = v; bestLam = 10 ** e; }
  }
  const got = jsGcv(sig, b, m, lam);
  assertLE((got - best) / best, 1e-6, 'GCV(λ chosen) ≤ min of scan (relative)');
  assertLE(Math.abs(Math.log10(lam / bestLam)), 2 / 400, 'λ within one scan step');
});

test('fixed λ agrees with explicit (AᵀA + λI)⁻¹Aᵀb and with stacked [A; √λ I] least squares', () => {
  const m = 30, n = 8;
  const a = gauss(m, n, 73), b = gauss(m, 1, 74);
  const A = Matrix.fromColumnMajor(a, m, n);
  for (const lambda of [1e-3, 0.5, 20]) {
    const x = lstsq(A, b, { ridge: lambda }).x;
    const G = jsMatmul(transpose(a, m, n), n, m, a, n);
    for (let i = 0; i < n; i++) G[i + i * n]! += lambda;
    const ref = jsSolve(G, n, jsMatmul(transpose(a, m, n), n, m, b, 1));
    assertLE(norm2(x.map((v, i) => v - ref[i]!)) / norm2(ref), 1e3 * n * EPS, `normal equations λ=${lambda}`);
    const stacked = new Float64Array((m + n) * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < m; i++) stacked[i + j * (m + n)] = a[i + j * m]!;
      stacked[m + j + j * (m + n)] = Math.sqrt(lambda);
    }
    const bs = new Float64Array(m + n); bs.set(b);
    const xs = lstsq(Matrix.fromColumnMajor(stacked, m + n, n), bs).x;
    assertLE(norm2(x.map((v, i) => v - xs[i]!)) / norm2(xs), 100 * n * EPS, `stacked λ=${lambda}`);
  }
  A.dispose();
});

test('wide problems (8×12 via QR of Aᵀ, 20×30 via bidiagonalization of Aᵀ): fixed λ = explicit ridge, GCV λ finite', () => {
  for (const [m, n] of [[8, 12], [20, 30]] as const) {
    const a = gauss(m, n, 83 + m), b = gauss(m, 1, 84 + m);
    const A = Matrix.fromColumnMajor(a, m, n);
    const lambda = 0.05;
    const x = lstsq(A, b, { ridge: lambda }).x;
    const G = jsMatmul(transpose(a, m, n), n, m, a, n);
    for (let i = 0; i < n; i++) G[i + i * n]! += lambda;
    const ref = jsSolve(G, n, jsMatmul(transpose(a, m, n), n, m, b, 1));
    assertLE(norm2(x.map((v, i) => v - ref[i]!)) / norm2(ref), 1e4 * n * EPS, `wide ${m}×${n} λ=${lambda}`);
    const g = lstsq(A, b, { ridge: 'gcv' });
    const lam = g.ridge!.lambda as number;
    assert.ok(Number.isFinite(lam) && lam > 0, `GCV λ = ${lam}`);
    A.dispose();
  }
});

test('λ → 0 recovers the minimum-norm (rank-deficient) solution; dof monotone decreasing in λ', () => {
  const m = 25, n = 10;
  const sig = [5, 2, 1, 0.5, 0.2, 0.1];
  const { A } = withSingularValues(m, n, sig, 75);
  const b = gauss(m, 1, 76);
  const M = Matrix.fromColumnMajor(A, m, n);
  const xmn = lstsq(M, b, { rcond: 1e-10 }).x;
  let prevErr = Infinity;
  for (const lambda of [1e-4, 1e-8, 1e-12]) {
    const x = lstsq(M, b, { rcond: 1e-10, ridge: lambda }).x;
    const err = norm2(x.map((v, i) => v - xmn[i]!)) / norm2(xmn);
    // first-order bound: ‖x_λ − x⁺‖ ≤ (λ/σ_r²)‖x⁺‖
    assertLE(err, 2 * lambda / 0.01 + 1e3 * n * EPS, `‖x_λ − x⁺‖/‖x⁺‖ at λ=${lambda}`);
    assert.ok(err <= prevErr);
    prevErr = err;
  }
  let prev = Infinity;
  for (let e = -8; e <= 4; e += 0.5) {
    const info = lstsq(M, b, { rcond: 1e-10, ridge: 10 ** e }).ridge!;
    const dof = info.dof as number;
    const ref = sig.reduce((s, x) => s + x * x / (x * x + 10 ** e), 0);
    assertLE(Math.abs(dof - ref), 1e-12 * 6, `dof at λ=1e${e}`);
    assert.ok(dof < prev, 'dof decreasing');
    prev = dof;
  }
  M.dispose();
});

test('multi-output: shared λ minimizes the summed GCV; per-column λ match single-column runs', () => {
  const m = 50, n = 15;
  const sig = Array.from({ length: n }, (_, i) => 10 ** (-4 * i / (n - 1)));
  const { A } = withSingularValues(m, n, sig, 77);
  const M = Matrix.fromColumnMajor(A, m, n);
  const noise = gauss(m, 2, 78);
  const xt = gauss(n, 1, 79);
  const clean = jsMatmul(A, m, n, xt, 1);
  const bb = new Float64Array(2 * m);
  for (let i = 0; i < m; i++) { bb[i] = clean[i]! + 1e-4 * noise[i]!; bb[m + i] = clean[i]! + 0.1 * noise[m + i]!; }
  const B = Matrix.fromColumnMajor(bb, m, 2);
  const per = lstsq(M, B, { ridge: 'gcv', ridgePerColumn: true });
  const lams = per.ridge!.lambda as Float64Array;
  assert.is(lams.length, 2);
  assert.ok(lams[1]! > lams[0]!, 'noisier column gets the larger λ');
  for (let j = 0; j < 2; j++) {
    const single = lstsq(M, bb.subarray(j * m, (j + 1) * m), { ridge: 'gcv' });
    assertLE(Math.abs((single.ridge!.lambda as number) - lams[j]!) / lams[j]!, 1e-9, `λ column ${j}`);
    const col = per.x.column(j);
    assertLE(norm2(col.map((v, i) => v - single.x[i]!)) / norm2(single.x), 1e-10, `x column ${j}`);
  }
  const shared = lstsq(M, B, { ridge: 'gcv' });
  assert.is(typeof shared.ridge!.lambda, 'number');
  per.x.dispose(); shared.x.dispose(); B.dispose(); M.dispose();
});

test('ridgeFromGram agrees with the SVD path (fixed λ and GCV)', () => {
  const m = 80, n = 12;
  const sig = Array.from({ length: n }, (_, i) => 10 ** (-3 * i / (n - 1)));
  const { A } = withSingularValues(m, n, sig, 81);
  const b = gauss(m, 1, 82);
  const M = Matrix.fromColumnMajor(A, m, n);
  const G = Matrix.fromColumnMajor(jsMatmul(transpose(A, m, n), n, m, A, n), n, n);
  const AtB = Matrix.fromColumnMajor(jsMatmul(transpose(A, m, n), n, m, b, 1), n, 1);
  const btb = [norm2(b) ** 2];
  for (const lambda of [1e-4, 0.3]) {
    const g = ridgeFromGram(G, AtB, btb, m, { lambda });
    const s = lstsq(M, b, { ridge: lambda });
    const x = g.X.toColumnMajor();
    // Gram path: relative error O(κ(AᵀA + λI)·ε)
    assertLE(norm2(x.map((v, i) => v - s.x[i]!)) / norm2(s.x), 1e3 * n * EPS * (1 + 1 / lambda), `X at λ=${lambda}`);
    assertLE(Math.abs(g.dof - (s.ridge!.dof as number)), 1e-10 * n, 'dof');
    g.X.dispose();
  }
  const g = ridgeFromGram(G, AtB, btb, m);
  const s = lstsq(M, b, { ridge: 'gcv' });
  assertLE(Math.abs(g.lambda - (s.ridge!.lambda as number)) / g.lambda, 1e-5, 'GCV λ (Gram vs SVD)');
  assert.ok(g.curve && g.curve.lambdas.length === g.curve.gcv.length);
  g.X.dispose();
  assertThrows(() => ridgeFromGram(G, AtB, btb, m, { lambda: -1 }), OptionError);
  assertThrows(() => ridgeFromGram(AtB, AtB, btb, m), ShapeError, /square/);
  assertThrows(() => ridgeFromGram(G, AtB, [1, 2], m), ShapeError, /btb/);
  G.dispose(); AtB.dispose(); M.dispose();
});

test('memory: liveBytes unchanged after ridge solves and thrown errors', () => {
  const before = liveBytes();
  const A = Matrix.random(40, 10, { seed: 5 });
  const B = Matrix.random(40, 3, { seed: 6 });
  lstsq(A, B, { ridge: 'gcv' }).x.dispose();
  lstsq(A, B, { ridge: 'gcv', ridgePerColumn: true }).x.dispose();
  lstsq(A, B, { ridge: 0.1 }).x.dispose();
  const G = A.matmul(A, { transA: true }), AtB = A.matmul(B, { transA: true });
  ridgeFromGram(G, AtB, [1, 1, 1], 40).X.dispose();
  assertThrows(() => ridgeFromGram(G, AtB, [1, 1], 40), ShapeError);
  assertThrows(() => lstsq(A, B, { ridge: Number.NaN }), OptionError);
  G.dispose(); AtB.dispose(); A.dispose(); B.dispose();
  assert.is(liveBytes(), before);
});

test.run();
