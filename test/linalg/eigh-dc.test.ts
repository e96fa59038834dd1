// Tridiagonal divide and conquer (assembly/lapack/dlaed.ts: dstedc, dsyevd) against its QL twin.
// Bounds (issue 17): eigenvalues within C·n·ε·‖T‖ of the QL path's, ‖QᵀQ − I‖_F ≤ C·n·ε and
// ‖TQ − QΛ‖_F/‖T‖_F ≤ C·n·ε, C = 10, on the hard tridiagonal families (Wilkinson, glued Wilkinson,
// clustered, graded, repeated and zero eigenvalues, split matrices) with small leaf sizes so that
// many merges and both deflation kinds run (tiny z components: glue 1e-14 / splits; nearly equal
// eigenvalues: repeated blocks), then eigh on random and structured dense matrices for sizes
// around the leaf size and the 32-wide reflector blocks (1, 2, odd sizes). Memory returns to start.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, eigh, liveBytes } from '../../src/index.js';
import { ops } from '../../bindings/index.js';
import { EPS, assertLE, frob, jsMatmul, toeplitz2 } from '../helpers/index.js';
import { gauss, orthogonalityError, orthonormal, transpose } from '../fixtures/svd-util.js';

const C = 10;
let start = 0;

test.before(async () => { await init(); start = liveBytes(); });

/** Dense column-major T from its diagonal and off-diagonal. */
function dense(d: number[], e: number[]): Float64Array {
  const n = d.length, t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) t[i + i * n] = d[i]!;
  for (let i = 0; i + 1 < n; i++) { t[i + 1 + i * n] = e[i]!; t[i + (i + 1) * n] = e[i]!; }
  return t;
}

/** Runs dstedc with the given leaf size; checks residual and orthogonality; returns the eigenvalues. */
function solveT(d: number[], e: number[], leaf: number, what: string): Float64Array {
  const n = d.length;
  const Q = Matrix.empty(n, n);
  const { info, values } = ops.tridiagEigenDC(d, e, Q, leaf);
  assert.is(info, 0, `${what}: info`);
  const V = Q.toColumnMajor();
  Q.dispose();
  for (let i = 1; i < n; i++) assert.ok(values[i - 1]! <= values[i]!, `${what}: ascending at ${i}`);
  const T = dense(d, e);
  const TV = jsMatmul(T, n, n, V, n);
  let r = 0;
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) r += (TV[i + j * n]! - V[i + j * n]! * values[j]!) ** 2;
  const nrm = frob(T) || 1;
  assertLE(Math.sqrt(r) / nrm, C * n * EPS, `${what}: ‖TQ − QΛ‖/‖T‖`);
  assertLE(orthogonalityError(V, n, n), C * n * EPS, `${what}: ‖QᵀQ − I‖`);
  return values;
}

/** D&C at several leaf sizes against the QL twin (leaf ≥ n: the whole matrix by QL). */
function checkT(d: number[], e: number[], what: string): Float64Array {
  const n = d.length;
  const ql = solveT(d, e, n + 1, `${what} QL`);
  const nrm = Math.max(...d.map(Math.abs), ...e.map(Math.abs));
  for (const leaf of [1, 2, 5, 0]) {
    const w = solveT(d, e, leaf, `${what} leaf ${leaf}`);
    for (let i = 0; i < n; i++) assertLE(Math.abs(w[i]! - ql[i]!), C * n * EPS * nrm, `${what} leaf ${leaf}: λ${i} vs QL`);
  }
  return ql;
}

const wilkinson = (m: number): { d: number[]; e: number[] } => {
  const n = 2 * m + 1;
  return { d: Array.from({ length: n }, (_, i) => Math.abs(i - m)), e: new Array<number>(n - 1).fill(1) };
};

test('Wilkinson W21+ and W101+ (pairs equal to ~1e-14 and beyond: close-eigenvalue deflation)', () => {
  for (const m of [10, 50]) {
    const { d, e } = wilkinson(m);
    checkT(d, e, `W${2 * m + 1}`);
  }
});

test('glued Wilkinson: 10 copies of W21+ glued by 1e-14 and by 1e-7 (tiny z components, repeated blocks)', () => {
  for (const glue of [1e-14, 1e-7]) {
    const d: number[] = [], e: number[] = [];
    for (let b = 0; b < 10; b++) {
      const w = wilkinson(10);
      d.push(...w.d); e.push(...w.e);
      if (b < 9) e.push(glue);
    }
    checkT(d, e, `glued ${glue}`);
  }
});

test('Toeplitz tridiag(−1, 2, −1), closed form; clustered and graded tridiagonals', () => {
  const n = 97;
  const { eigenvalues } = toeplitz2(n);
  const w = checkT(new Array<number>(n).fill(2), new Array<number>(n - 1).fill(-1), 'toeplitz');
  const dc = solveT(new Array<number>(n).fill(2), new Array<number>(n - 1).fill(-1), 3, 'toeplitz dc');
  for (let k = 0; k < n; k++) {
    assertLE(Math.abs(w[k]! - eigenvalues[k]!), C * n * EPS * 4, `toeplitz QL λ${k}`);
    assertLE(Math.abs(dc[k]! - eigenvalues[k]!), C * n * EPS * 4, `toeplitz DC λ${k}`);
  }
  // clustered: diagonal 1 + i·1e-13 with small couplings
  const m = 60;
  checkT(Array.from({ length: m }, (_, i) => 1 + i * 1e-13), Array.from({ length: m - 1 }, (_, i) => 1e-12 * (1 + (i % 3))), 'clustered');
  // graded: d_i = 10^(−i/4), e_i = 10^(−(i+0.5)/4)
  checkT(Array.from({ length: m }, (_, i) => 10 ** (-i / 4)), Array.from({ length: m - 1 }, (_, i) => 10 ** (-(i + 0.5) / 4)), 'graded');
});

test('repeated and zero eigenvalues, splits, diagonal, n = 1 and 2', () => {
  const n = 50;
  // diagonal with repeats (every coupling zero: splits; identical values)
  checkT(Array.from({ length: n }, (_, i) => i % 4), new Array<number>(n - 1).fill(0), 'diagonal');
  // zero matrix
  checkT(new Array<number>(n).fill(0), new Array<number>(n - 1).fill(0), 'zero');
  // two identical blocks glued by 1e-300 and by 0 (rank-one modifier negligible: total deflation)
  const b = Array.from({ length: 20 }, (_, i) => Math.sin(i + 1));
  const be = Array.from({ length: 19 }, (_, i) => Math.cos(i + 1));
  checkT([...b, ...b], [...be, 1e-300, ...be], 'twin blocks 1e-300');
  checkT([...b, ...b], [...be, 0, ...be], 'twin blocks 0');
  // rank-deficient: T = tridiag with zero diagonal (eigenvalues ±, a zero one for odd n)
  checkT(new Array<number>(41).fill(0), new Array<number>(40).fill(1), 'zero diagonal');
  // n = 1, 2 and tiny
  assert.equal([...checkT([3], [], 'n=1')], [3]);
  const w2 = checkT([2, 2], [-1], 'n=2');
  assertLE(Math.abs(w2[0]! - 1), 4 * EPS, 'n=2 λ0'); assertLE(Math.abs(w2[1]! - 3), 8 * EPS, 'n=2 λ1');
  checkT([1, 1e-310, -2], [5e-311, 1e-300], 'subnormal');
});

/** eigh 'dc' vs 'ql' and the backward error / orthogonality bounds on the dense s (column-major). */
function checkDense(s: Float64Array, n: number, what: string): void {
  const S = Matrix.fromColumnMajor(s, n, n);
  const nrm = frob(s) || 1;
  const vals: Float64Array[] = [];
  for (const method of ['dc', 'ql'] as const) {
    const r = eigh(S, { method });
    const V = r.vectors!.toColumnMajor();
    const SV = jsMatmul(s, n, n, V, n);
    let e = 0;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) e += (SV[i + j * n]! - V[i + j * n]! * r.values[j]!) ** 2;
    assertLE(Math.sqrt(e) / nrm, C * n * EPS, `${what} ${method}: ‖SV − VΛ‖/‖S‖`);
    assertLE(orthogonalityError(V, n, n), C * n * EPS, `${what} ${method}: ‖VᵀV − I‖`);
    vals.push(r.values);
    r.dispose();
  }
  const scale = Math.max(...vals[1]!.map(Math.abs));
  for (let i = 0; i < n; i++) assertLE(Math.abs(vals[0]![i]! - vals[1]![i]!), C * n * EPS * scale, `${what}: λ${i} dc vs ql`);
  S.dispose();
}

test('eigh: random symmetric around the leaf size (25), the reflector block (32) and the blocked-reduction threshold (96), odd sizes, n = 1, 2', () => {
  for (const n of [1, 2, 3, 24, 25, 26, 27, 31, 33, 51, 64, 65, 97, 129, 161]) {
    const g = gauss(n, n, 100 + n);
    const s = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) s[i + j * n] = g[i + j * n]! + g[j + i * n]!;
    checkDense(s, n, `random ${n}`);
  }
});

test('eigh: clustered / repeated / graded spectra Q diag(λ) Qᵀ, a low-rank Gram matrix, I + uuᵀ and all ones (zero and multiple eigenvalues)', () => {
  const n = 130; // > 96: the blocked reduction runs one panel before the unblocked tail
  const Q = orthonormal(n, n, 7);
  const spectra: Record<string, number[]> = {
    repeated: Array.from({ length: n }, (_, i) => (i < 30 ? -1 : i < 60 ? 2 : 2 + 1e-13)),
    clustered: Array.from({ length: n }, (_, i) => 1 + i * 1e-12),
    graded: Array.from({ length: n }, (_, i) => 10 ** (-i / 6)),
  };
  for (const [name, lam] of Object.entries(spectra)) {
    const QL = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) QL[i + j * n] = Q[i + j * n]! * lam[j]!;
    const s = jsMatmul(QL, n, n, transpose(Q, n, n), n);
    for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) { const a = (s[i + j * n]! + s[j + i * n]!) / 2; s[i + j * n] = a; s[j + i * n] = a; }
    checkDense(s, n, name);
  }
  const g = gauss(n, 4, 11);
  checkDense(jsMatmul(g, n, 4, transpose(g, n, 4), n), n, 'rank 4 Gram');
  // I + uuᵀ (eigenvalue 1 of multiplicity n − 1) and the all-ones matrix (0 of multiplicity n − 1):
  // nearly every merge deflates almost everything
  const u = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  const s1 = new Float64Array(n * n), s2 = new Float64Array(n * n).fill(1);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) s1[i + j * n] = (i === j ? 1 : 0) + u[i]! * u[j]!;
  checkDense(s1, n, 'I + uuᵀ');
  checkDense(s2, n, 'ones');
});

test('memory: liveBytes back to its start', () => {
  assert.is(liveBytes(), start);
});

test.run();
