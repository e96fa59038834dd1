// lstsq method 'svd': gelsd semantics (σᵢ ≤ rcond·σ₁ dropped), truncated pseudo-inverse
// (ALGORITHMS.md §11 item 1), minimum norm on rank-deficient and under-determined systems,
// multiple right-hand sides, numpy fixtures, bad input and memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, lstsq, liveBytes, InvalidInputError, ShapeError, OptionError } from '../../src/index.js';
import { EPS, assertLE, assertThrows, jsMatmul } from '../helpers/index.js';
import { svdTuning } from '../../src/linalg/svd.js';
import { colMajor, fixtures, gauss, jsSolve, norm2, transpose, withSingularValues } from '../fixtures/svd-util.js';

test.before(async () => { await init(); });

/** x = V_r diag(1/σ_r) U_rᵀ b over the first r columns (plain JS). */
function truncatedPinv(U: Float64Array, V: Float64Array, sig: number[], m: number, n: number, r: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < r; i++) {
    let c = 0;
    for (let q = 0; q < m; q++) c += U[q + i * m]! * b[q]!;
    c /= sig[i]!;
    for (let q = 0; q < n; q++) x[q]! += V[q + i * n]! * c;
  }
  return x;
}

test('§11.1: σ spanning 1 … 1e-12: kept count = #{σᵢ > rcond·σ₁}, x = truncated pseudo-inverse', () => {
  const m = 50, n = 30;
  const sig = Array.from({ length: n }, (_, i) => 10 ** (-12 * i / (n - 1)));
  const { A, U, V } = withSingularValues(m, n, sig, 31);
  const b = gauss(m, 1, 32);
  for (const rcond of [1e-2, 1e-5, 3e-9]) {
    const r = sig.filter((s) => s > rcond * sig[0]!).length;
    const res = lstsq(Matrix.fromColumnMajor(A, m, n), b, { method: 'svd', rcond });
    assert.is(res.rank, r, `rank at rcond ${rcond}`);
    assert.ok(res.singularValues && res.singularValues.length === n);
    const ref = truncatedPinv(U, V, sig, m, n, r, b);
    // perturbation bound for the kept part: κ_r = σ₁/σ_r
    const kappa = sig[0]! / sig[r - 1]!;
    assertLE(norm2(res.x.map((v, i) => v - ref[i]!)) / norm2(ref), 10 * n * kappa * EPS, `x vs pinv at rcond ${rcond}`);
  }
});

test('rank-deficient: minimum-norm property and numpy gelsd fixture', () => {
  const f = fixtures.lstsqRankDef!;
  const A = colMajor(f.data, f.rows, f.cols);
  const b = Float64Array.from(f.b as number[]);
  const res = lstsq(Matrix.fromColumnMajor(A, f.rows, f.cols), b, { rcond: f.rcond as number });
  assert.is(res.rank, f.rank as number);
  const xr = f.x as number[];
  assertLE(norm2(res.x.map((v, i) => v - xr[i]!)) / norm2(xr), 100 * f.cols * EPS, 'x vs numpy');
  // minimum norm: x ⟂ null(A) — adding any null vector z (A z = 0) can only increase ‖x‖,
  // i.e. xᵀz = 0. Null vectors from the SVD of the fixture: the last right singular vectors.
  const { A: A2, V } = withSingularValues(40, 12, [4, 3, 2, 1, 0.5], 41);
  const b2 = gauss(40, 1, 42);
  const r2 = lstsq(Matrix.fromColumnMajor(A2, 40, 12), b2, { rcond: 1e-10 });
  assert.is(r2.rank, 5);
  // x must lie in span(V[:, :5]): ‖x − V Vᵀ x‖ ≈ 0
  const proj = new Float64Array(12);
  for (let i = 0; i < 5; i++) {
    let c = 0;
    for (let q = 0; q < 12; q++) c += V[q + i * 12]! * r2.x[q]!;
    for (let q = 0; q < 12; q++) proj[q]! += c * V[q + i * 12]!;
  }
  assertLE(norm2(r2.x.map((v, i) => v - proj[i]!)) / norm2(r2.x), 100 * 12 * EPS, 'x in row space');
  // residual is orthogonal to range(A): Aᵀ(b − Ax) ≈ 0
  const Ax = jsMatmul(A2, 40, 12, r2.x, 1);
  const rvec = b2.map((v, i) => v - Ax[i]!);
  const g = jsMatmul(transpose(A2, 40, 12), 12, 40, rvec, 1);
  assertLE(norm2(g), 100 * 40 * EPS * 4 * norm2(b2), 'Aᵀr ≈ 0');
});

test('under-determined 4×7 (numpy fixture) and 10×30: x = Aᵀ(AAᵀ)⁻¹b, exact fit', () => {
  const f = fixtures.lstsqWide!;
  const A = Matrix.fromColumnMajor(colMajor(f.data, 4, 7), 4, 7);
  const B = Matrix.fromColumnMajor(colMajor(f.B as number[], 4, 2), 4, 2);
  const res = lstsq(A, B);
  assert.is(res.rank, 4);
  const X = res.x.toColumnMajor();
  const Xr = colMajor(f.X as number[], 7, 2);
  assertLE(norm2(X.map((v, i) => v - Xr[i]!)) / norm2(Xr), 100 * 7 * EPS, 'X vs numpy');
  assertLE(res.residualNorm, 100 * 7 * EPS * norm2(B.toColumnMajor()), 'exact fit');
  res.x.dispose(); A.dispose(); B.dispose();
  const m = 10, n = 30;
  const a = gauss(m, n, 51), b = gauss(m, 1, 52);
  const r = lstsq(Matrix.fromColumnMajor(a, m, n), b);
  const AAt = jsMatmul(a, m, n, transpose(a, m, n), m);
  const y = jsSolve(AAt, m, b);
  const ref = jsMatmul(transpose(a, m, n), n, m, y, 1);
  assertLE(norm2(r.x.map((v, i) => v - ref[i]!)) / norm2(ref), 1000 * n * EPS, 'min-norm wide');
});

test('multiple right-hand sides equal column-by-column solves (tall and wide)', () => {
  for (const [m, n] of [[40, 15], [15, 40]] as const) {
    const a = gauss(m, n, 61), bb = gauss(m, 3, 62);
    const A = Matrix.fromColumnMajor(a, m, n), B = Matrix.fromColumnMajor(bb, m, 3);
    const X = lstsq(A, B).x;
    assert.is(X.rows, n); assert.is(X.cols, 3);
    for (let j = 0; j < 3; j++) {
      const xj = lstsq(A, bb.subarray(j * m, (j + 1) * m)).x;
      const col = X.column(j);
      assertLE(norm2(col.map((v, i) => v - xj[i]!)) / norm2(xj), 10 * Math.max(m, n) * EPS, `column ${j} (${m}×${n})`);
    }
    X.dispose(); A.dispose(); B.dispose();
  }
});

test('moderately wide (m < n < 1.6 m: bidiagonalization of Aᵀ, U_b recorded) and rank-deficient wide', () => {
  for (const [m, n] of [[30, 40], [41, 60]] as const) {
    const a = gauss(m, n, 65 + m), bb = gauss(m, 2, 66 + m);
    const r = lstsq(Matrix.fromColumnMajor(a, m, n), Matrix.fromColumnMajor(bb, m, 2));
    assert.is(r.rank, m);
    const AAt = jsMatmul(a, m, n, transpose(a, m, n), m);
    for (let j = 0; j < 2; j++) {
      const y = jsSolve(AAt, m, bb.subarray(j * m, (j + 1) * m));
      const ref = jsMatmul(transpose(a, m, n), n, m, y, 1);
      const col = r.x.column(j);
      assertLE(norm2(col.map((v, i) => v - ref[i]!)) / norm2(ref), 1e4 * n * EPS, `min-norm wide ${m}×${n} column ${j}`);
    }
    r.x.dispose();
  }
  // rank 6 of a 25×35 matrix: x = truncated pseudo-inverse
  const sig = [4, 3, 2, 1, 0.5, 0.1];
  const { A, U, V } = withSingularValues(25, 35, sig, 67);
  const b = gauss(25, 1, 68);
  const res = lstsq(Matrix.fromColumnMajor(A, 25, 35), b, { rcond: 1e-10 });
  assert.is(res.rank, 6);
  const ref = truncatedPinv(U, V, sig, 25, 35, 6, b);
  assertLE(norm2(res.x.map((v, i) => v - ref[i]!)) / norm2(ref), 100 * 35 * 40 * EPS, 'wide rank-deficient vs pinv');
  // overflow fallback on the wide path
  const saved = { ...svdTuning };
  svdTuning.recordPerN2 = 0; svdTuning.recordRoomy = 0; svdTuning.recordSlack = 8;
  let r2;
  try { r2 = lstsq(Matrix.fromColumnMajor(A, 25, 35), b, { rcond: 1e-10 }); } finally { Object.assign(svdTuning, saved); }
  assert.is(r2.rank, 6);
  assertLE(norm2(r2.x.map((v, i) => v - ref[i]!)) / norm2(ref), 100 * 35 * 40 * EPS, 'wide fallback vs pinv');
});

test('rotation-record pause (tall: resume with V formed from the record): same solution and σ', () => {
  const m = 120, n = 40;
  const sig = Array.from({ length: n }, (_, i) => 10 ** (-8 * i / (n - 1)));
  const { A } = withSingularValues(m, n, sig, 63);
  const M = Matrix.fromColumnMajor(A, m, n);
  const B = Matrix.fromColumnMajor(gauss(m, 2, 64), m, 2);
  const r1 = lstsq(M, B, { rcond: 1e-6 });
  const x1 = r1.x.toColumnMajor();
  const saved = { ...svdTuning };
  // pause before the first sweep, after a few sweeps, and after most of them
  for (const slack of [8, 12 * n + 16 + 300, 12 * n + 16 + 3000]) {
    svdTuning.recordPerN2 = 0; svdTuning.recordRoomy = 0; svdTuning.recordSlack = slack;
    let r2;
    try { r2 = lstsq(M, B, { rcond: 1e-6 }); } finally { Object.assign(svdTuning, saved); }
    assert.is(r2.rank, r1.rank);
    const x2 = r2.x.toColumnMajor();
    assertLE(norm2(x1.map((v, i) => v - x2[i]!)) / norm2(x1), 1e4 * n * EPS, `record vs resumed V path (slack ${slack})`);
    const s1 = r1.singularValues!, s2 = r2.singularValues!;
    for (let i = 0; i < n; i++) assertLE(Math.abs(s1[i]! - s2[i]!), 10 * n * EPS * s1[0]!, `σ${i} (slack ${slack})`);
    r2.x.dispose();
  }
  r1.x.dispose(); M.dispose(); B.dispose();
});

test('divide and conquer (gelsd path, V_b from dbdsdc) = rotation-record path; pinv and numpy fixture under D&C', () => {
  const start = liveBytes();
  const saved = svdTuning.lstsqDcMinN, savedFrac = svdTuning.lstsqDcRhsFrac;
  svdTuning.lstsqDcRhsFrac = 0;
  const solveBoth = (A: Matrix, B: Matrix | Float64Array, opts: Record<string, unknown>) => {
    svdTuning.lstsqDcMinN = Infinity;
    const q = lstsq(A, B, opts);
    svdTuning.lstsqDcMinN = 0;
    const d = lstsq(A, B, opts);
    return { q, d };
  };
  try {
    // well-conditioned: tall (m < 1.6n: bidiagonalize A), tall (QR first), very wide (Rᵀ square), 3 rhs
    for (const [m, n] of [[60, 45], [300, 100], [40, 90]] as const) {
      const A = Matrix.fromColumnMajor(gauss(m, n, 70 + m), m, n), B = Matrix.fromColumnMajor(gauss(m, 3, 71 + n), m, 3);
      const { q, d } = solveBoth(A, B, {});
      assert.is(d.rank, q.rank);
      for (let i = 0; i < q.singularValues!.length; i++) assertLE(Math.abs(d.singularValues![i]! - q.singularValues![i]!), 10 * Math.min(m, n) * EPS * q.singularValues![0]!, `${m}×${n} σ${i}`);
      const xq = (q.x as Matrix).toColumnMajor(), xd = (d.x as Matrix).toColumnMajor();
      const kappa = q.singularValues![0]! / q.singularValues![Math.min(m, n) - 1]!;
      assertLE(norm2(xd.map((v, i) => v - xq[i]!)) / norm2(xq), 10 * Math.max(m, n) * kappa * EPS, `${m}×${n}: X(D&C) vs X(record)`);
      (q.x as Matrix).dispose(); (d.x as Matrix).dispose(); A.dispose(); B.dispose();
    }
    // ridge by GCV: the same λ (the σ and Uᵀb agree to rounding)
    {
      const m = 120, n = 90;
      const sig = Array.from({ length: n }, (_, i) => 10 ** (-8 * i / (n - 1)));
      const { A } = withSingularValues(m, n, sig, 77);
      const b = gauss(m, 1, 78);
      const Am = Matrix.fromColumnMajor(A, m, n);
      const { q, d } = solveBoth(Am, b, { ridge: 'gcv' });
      const lq = q.ridge!.lambda as number, ld = d.ridge!.lambda as number;
      assertLE(Math.abs(ld - lq) / lq, 1e-6, 'GCV λ (D&C vs record)');
      Am.dispose();
    }
    // truncated pseudo-inverse under D&C (§11.1 with n > SMLSIZ so the tree merges)
    svdTuning.lstsqDcMinN = 0;
    {
      const m = 80, n = 60;
      const sig = Array.from({ length: n }, (_, i) => 10 ** (-12 * i / (n - 1)));
      const { A, U, V } = withSingularValues(m, n, sig, 79);
      const b = gauss(m, 1, 80);
      const Am = Matrix.fromColumnMajor(A, m, n);
      for (const rcond of [1e-3, 1e-7]) {
        const r = sig.filter((s) => s > rcond * sig[0]!).length;
        const res = lstsq(Am, b, { method: 'svd', rcond });
        assert.is(res.rank, r, `D&C rank at rcond ${rcond}`);
        const ref = truncatedPinv(U, V, sig, m, n, r, b);
        const kappa = sig[0]! / sig[r - 1]!;
        assertLE(norm2((res.x as Float64Array).map((v, i) => v - ref[i]!)) / norm2(ref), 10 * n * kappa * EPS, `D&C x vs pinv at rcond ${rcond}`);
      }
      Am.dispose();
    }
  } finally {
    svdTuning.lstsqDcMinN = saved;
    svdTuning.lstsqDcRhsFrac = savedFrac;
  }
  assert.is(liveBytes(), start, 'liveBytes back to start');
});

test('zero matrix and zero b give x = 0 with rank 0 / exact solutions', () => {
  const r = lstsq(Matrix.zeros(5, 3), [1, 2, 3, 4, 5]);
  assert.is(r.rank, 0);
  assert.equal([...r.x], [0, 0, 0]);
  const r2 = lstsq([[1, 0], [0, 2], [0, 0]], [0, 0, 0]);
  assert.equal([...r2.x], [0, 0]);
});

test('bad input: NaN, empty, mismatched b → typed errors; options; memory unchanged', () => {
  const before = liveBytes();
  assertThrows(() => lstsq([[1, NaN], [0, 1]], [1, 2]), InvalidInputError);
  assertThrows(() => lstsq([[1, 0], [0, 1]], [1, NaN]), InvalidInputError);
  assertThrows(() => lstsq([[1, 0], [0, 1]], [1, 2, 3]), ShapeError);
  assertThrows(() => lstsq([[1, 0], [0, 1]], [1, 2], { rcond: -1 }), OptionError);
  assertThrows(() => lstsq([[1, 0], [0, 1]], [1, 2], { ridge: -1 }), OptionError, /ridge/);
  assertThrows(() => lstsq([[1, 0], [0, 1]], [1, 2], { ridge: 'lcurve' }), OptionError, /not implemented/);
  assertThrows(() => lstsq([[1, 0], [0, 1]], [1, 2], { ridgePerColumn: true }), OptionError, /gcv/);
  const A = Matrix.random(30, 10, { seed: 1 });
  lstsq(A, new Float64Array(30).fill(1));
  lstsq(A, new Float64Array(30).fill(1), { ridge: 'gcv' });
  A.dispose();
  assert.is(liveBytes(), before);
});

test.run();
