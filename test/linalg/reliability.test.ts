// Issue 16 regressions in the dense linear algebra (defects 1, 6, 8, 9): finite inputs of extreme
// magnitude give finite, correct results or a typed error (never NaN/Inf), rank-deficient
// normal equations are refused, bad dimensions are refused before any loop or allocation.
// Each reproduction of the issue is a test. Tolerances are in units of n·ε; results that are
// subnormal can only be as accurate as the subnormal spacing 2^-1074 (TINY below), which is
// added to the bound where such results are compared.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, liveBytes, Matrix, lstsq, eigh, svd, qr, InvalidInputError, ShapeError, OutOfMemoryError, LsqnetError,
} from '../../src/index.js';
import { EPS, assertThrowsTyped } from '../helpers/index.js';

test.before(async () => { await init(); });

/** Spacing of the subnormal numbers. */
const TINY = 2 ** -1074;

const close = (got: number, want: number, tol: number, what: string): void => {
  assert.ok(Number.isFinite(got), `${what}: ${got} is not finite`);
  assert.ok(Math.abs(got - want) <= tol, `${what}: |${got} − ${want}| = ${Math.abs(got - want)} > ${tol}`);
};

const finite = (a: ArrayLike<number>, what: string): void => {
  for (let i = 0; i < a.length; i++) assert.ok(Number.isFinite(a[i]!), `${what}[${i}] = ${a[i]} is not finite`);
};

const throwsTyped = assertThrowsTyped;

// ───────────────────────────── defect 1: extreme magnitudes, dense methods

test('defect 1: eigh([[1e-310]]) gives the subnormal eigenvalue and a unit eigenvector (was NaN)', () => {
  const e = eigh([[1e-310]]);
  close(e.values[0]!, 1e-310, 2 * EPS * 1e-310 + 2 * TINY, 'eigenvalue');
  close(Math.abs(e.vectors!.get(0, 0)), 1, 2 * EPS, '|v|');
  e.dispose();
});

test('defect 1: svd([[1e-310, 2e-310]]) gives s = √5·1e-310 and finite orthonormal V (was s = 0, V NaN)', () => {
  const r = svd([[1e-310, 2e-310]]);
  close(r.s[0]!, Math.sqrt(5) * 1e-310, 4 * EPS * 2.3e-310 + 4 * TINY, 's[0]');
  const V = r.V!.toColumnMajor(), U = r.U!.toColumnMajor();
  finite(V, 'V'); finite(U, 'U');
  close(Math.hypot(V[0]!, V[1]!), 1, 4 * EPS, '‖v‖');
  // U s Vᵀ = A entry by entry (n = 2)
  close(U[0]! * r.s[0]! * V[0]!, 1e-310, 8 * EPS * 2.3e-310 + 8 * TINY, 'A[0,0]');
  close(U[0]! * r.s[0]! * V[1]!, 2e-310, 8 * EPS * 2.3e-310 + 8 * TINY, 'A[0,1]');
  r.dispose();
});

test('defect 1: eigh/svd of a 1e300-scaled and a 1e-300-scaled matrix are the scaled results', () => {
  const S = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]];
  const base = eigh(S, { vectors: false }).values;
  for (const f of [1e300, 1e-300, 1e-310]) {
    const v = eigh(S.map((r) => r.map((x) => x * f)), { vectors: false }).values;
    for (let i = 0; i < 3; i++) close(v[i]!, base[i]! * f, 3 * 3 * EPS * 4 * f + 8 * TINY, `eigenvalue ${i} at scale ${f}`);
  }
});

test('defect 1: lstsq qr on [[1,1e308],[1,1e308],[2,0]] is finite and equals the svd (gelsd) solution (was NaN)', () => {
  const A = [[1, 1e308], [1, 1e308], [2, 0]], b = [1, 2, 3];
  const q = lstsq(A, b, { method: 'qr' }), s = lstsq(A, b, { method: 'svd' });
  finite(q.x, 'x'); assert.ok(Number.isFinite(q.residualNorm));
  // σ₂/σ₁ ≈ 1.7e-308 < rcond: both methods use rank 1 and the minimum-norm solution
  assert.is(q.rank, 1); assert.is(s.rank, 1);
  const nx = Math.hypot(s.x[0]!, s.x[1]!);
  for (let i = 0; i < 2; i++) close(q.x[i]!, s.x[i]!, 8 * 3 * EPS * nx + TINY, `x[${i}]`);
});

test('defect 1: lstsq qr/svd/cholesky with A·2^±900 and b·2^±900 give the exactly scaled solution', () => {
  // max|A| ∈ [1, 2): the range scaling of the drivers maps the scaled problem back onto this one
  const A = [[1, 0.5], [0.25, 1.5], [1, -1], [0.5, 0.75]], b = [1, -0.5, 0.25, 2];
  for (const method of ['qr', 'svd', 'cholesky'] as const) {
    const x0 = lstsq(A, b, { method }).x;
    for (const [ea, eb] of [[900, 0], [-900, 0], [0, 900], [0, -900], [600, -600], [-1000, -1000]] as [number, number][]) {
      const As = A.map((r) => r.map((v) => v * 2 ** ea)), bs = b.map((v) => v * 2 ** eb);
      const x = lstsq(As, bs, { method }).x;
      for (let i = 0; i < 2; i++) assert.is(x[i], x0[i]! * 2 ** (eb - ea), `${method} 2^${ea}, 2^${eb}: x[${i}]`);
    }
  }
});

test('defect 1: lstsq([[0],[0]], [1e300,1e300]).residualNorm = √2·1e300 (was Infinity)', () => {
  const r = lstsq([[0], [0]], [1e300, 1e300]);
  close(r.residualNorm, Math.SQRT2 * 1e300, 2 * 2 * EPS * 1.5e300, 'residualNorm');
  const R = lstsq([[0], [0]], Matrix.fromRows([[1e300, 1e300], [1e300, 1e300]]));
  close(R.residualNorm, 2e300, 4 * 2 * EPS * 2e300, 'Frobenius residual over two columns');
  (R.x as Matrix).dispose();
});

test('defect 1: lstsq ridge gcv with σ₁² beyond f64 throws a typed error naming λ (was RangeError / NaN)', () => {
  throwsTyped(() => lstsq([[1e154], [1]], [1, 1], { ridge: 'gcv' }), InvalidInputError, /ridge parameter chosen by GCV.*cannot be represented/);
  throwsTyped(() => lstsq([[1e200], [1]], [1, 1], { ridge: 'gcv' }), InvalidInputError, /ridge parameter chosen by GCV.*cannot be represented/);
});

test('defect 1: lstsq ridge (gcv and fixed λ) on 2^±400-scaled data = the scaled result, exactly', () => {
  const A = Matrix.fromRows([[1, 0.5, 0.25], [0.5, 1.5, -1], [1, -1, 0.5], [0.25, 0.75, 1], [-1, 0.5, 1.25], [0.5, 0.5, -0.5]]);
  const b = [1, -0.5, 0.25, 2, 0.5, -1];
  const g0 = lstsq(A, b, { ridge: 'gcv' });
  const f0 = lstsq(A, b, { ridge: 0.3 });
  for (const e of [400, -400]) {
    const As = Matrix.fromColumnMajor(A.toColumnMajor().map((v) => v * 2 ** e), 6, 3);
    const bs = b.map((v) => v * 2 ** -e);
    const g = lstsq(As, bs, { ridge: 'gcv' });
    for (let i = 0; i < 3; i++) assert.is(g.x[i], g0.x[i]! * 2 ** (-2 * e), `gcv x[${i}] at 2^${e}`);
    assert.is(g.ridge!.lambda, (g0.ridge!.lambda as number) * 2 ** (2 * e), 'λ in the units of A²');
    assert.is(g.ridge!.dof, g0.ridge!.dof);
    finite(g.ridge!.curve!.lambdas, 'curve λ'); finite(g.ridge!.curve!.gcv, 'curve GCV');
    const f = lstsq(As, bs, { ridge: 0.3 * 2 ** (2 * e) });
    for (let i = 0; i < 3; i++) assert.is(f.x[i], f0.x[i]! * 2 ** (-2 * e), `fixed-λ x[${i}] at 2^${e}`);
    As.dispose();
  }
  A.dispose();
});

test('defect 1: a solution beyond the f64 range throws InvalidInputError instead of returning ±Inf', () => {
  for (const method of ['svd', 'qr', 'cholesky'] as const) {
    throwsTyped(() => lstsq([[1e-300], [1e-300]], [1e300, 1e300], { method }), InvalidInputError, /cannot be represented in float64/);
  }
});

// ───────────────────────────── defect 8: cholesky on rank-deficient A

test('defect 8: lstsq cholesky on the rank-deficient 2×3 A of the issue throws the documented error (was x ≈ −1.2e21)', () => {
  throwsTyped(() => lstsq([[-4.1298, 0.5629, -8.7647], [-4.1298, 0.5629, -8.7647]], [408000, 6.2135], { method: 'cholesky' }),
    InvalidInputError, /rank-deficient/);
});

test('defect 8: lstsq cholesky on a tall A with repeated rows (rank 2 of 3) throws: a pivot ≤ n·ε·max diag(AᵀA)', () => {
  const A = [[-4.1298, 0.5629, -8.7647], [-4.1298, 0.5629, -8.7647], [1, 2, 3], [2, 4, 6]];
  throwsTyped(() => lstsq(A, [1, 2, 3, 4], { method: 'cholesky' }), InvalidInputError, /pivot \d of 3 .*numerically zero.*rank-deficient/);
  // a ridge makes it positive definite again: solved, and Aᵀ(Ax − b) + λx = 0 up to rounding
  const b = [1, 2, 3, 4];
  const x = lstsq(A, b, { method: 'cholesky', lambda: 1 }).x;
  finite(x, 'x');
  const r = A.map((row, i) => row[0]! * x[0]! + row[1]! * x[1]! + row[2]! * x[2]! - b[i]!);
  // backward error of the normal equations: 8·n·ε·(‖A‖²‖x‖ + ‖A‖‖b‖) with ‖A‖ the Frobenius norm
  const nA = Math.hypot(...A.flat()), tol = 8 * 3 * EPS * (nA * nA * Math.hypot(...x) + nA * Math.hypot(...b));
  for (let j = 0; j < 3; j++) {
    const g = A.reduce((s, row, i) => s + row[j]! * r[i]!, 0) + x[j]!;
    assert.ok(Math.abs(g) <= tol, `Aᵀr + λx [${j}] = ${g} > ${tol}`);
  }
});

test('defect 8: well-conditioned full-rank A still solves by cholesky (Aᵀ(Ax − b) within the normal equations\' backward error)', () => {
  const A = [[1, 0.5], [0.25, 1.5], [1, -1], [0.5, 0.75]], b = [1, -0.5, 0.25, 2];
  const x = lstsq(A, b, { method: 'cholesky' }).x;
  // g = Aᵀ(Ax − b) must vanish up to rounding of the normal equations
  const r = A.map((row, i) => row[0]! * x[0]! + row[1]! * x[1]! - b[i]!);
  const nA = Math.hypot(...A.flat()), tol = 8 * 2 * EPS * (nA * nA * Math.hypot(...x) + nA * Math.hypot(...b));
  for (let j = 0; j < 2; j++) {
    const g = A.reduce((s, row, i) => s + row[j]! * r[i]!, 0);
    assert.ok(Math.abs(g) <= tol, `Aᵀr[${j}] = ${g} > ${tol}`);
  }
});

// ───────────────────────────── defect 6 / 9: dimensions checked before loops and allocations

test('defect 6: lstsq({data:[], rows:1e308, cols:0}, []) throws at once (was a loop over 1e308 rows)', () => {
  const t0 = performance.now();
  throwsTyped(() => lstsq({ data: new Float64Array(0), rows: 1e308, cols: 0 }, []), ShapeError, /A\.rows must be an integer in \[0, 2147483647\]/);
  throwsTyped(() => lstsq({ data: [], rows: 2 ** 31 - 1, cols: 0 }, []), InvalidInputError, /A is empty/);
  throwsTyped(() => lstsq([[1]], { data: [], rows: 1, cols: 1e308 }), ShapeError, /B\.cols/);
  throwsTyped(() => svd({ data: [], rows: 1e308, cols: 0 }), ShapeError, /svd: A\.rows/);
  throwsTyped(() => eigh({ data: [], rows: 0, cols: 1e308 }), ShapeError, /eigh: S\.cols/);
  throwsTyped(() => qr({ data: [], rows: 1.5, cols: 2 }), ShapeError, /qr: A\.rows/);
  throwsTyped(() => lstsq({ data: [], rows: 2 ** 20, cols: 2 ** 20 }, []), OutOfMemoryError, /at most/);
  assert.ok(performance.now() - t0 < 1000, 'dimension checks must not loop');
});

test.run();
