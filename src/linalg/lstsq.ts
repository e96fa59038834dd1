/**
 * `lstsq`: least-squares solutions of A x ≈ b by one of six methods. Direct methods live in this
 * folder (svd.ts, qr.ts, cholesky.ts); iterative and randomized ones in ../solvers/.
 * @module
 */
import { NonFiniteError, OptionError } from '../errors.js';
import type { MatrixLike } from '../matrix.js';
import { boolOption, checkOptions, describe, enumOption, isPlainObject } from '../validate.js';
import { coefficientMatrix, rhsToMatrix, solutionFromMatrix, type Rhs, type SolutionOf } from './rhs.js';
import { lstsqSvd } from './svd.js';
import { lstsqQr } from './qr.js';
import { lstsqCholesky } from './cholesky.js';
import { lstsqIterative } from '../solvers/lstsq-iterative.js';
import { lsrnParams, type LsrnOptions } from '../solvers/lsrn.js';
import { residualNorms } from './residual.js';
import { assertRepresentable } from './scaling.js';
import type { LstsqCore, LstsqMethod, LstsqOptions, LstsqResult } from './types.js';

export type { LstsqMethod, LstsqOptions, LstsqResult, RidgeInfo, LstsqCore } from './types.js';

/** Every method {@link lstsq} accepts. */
export const LSTSQ_METHODS: readonly LstsqMethod[] = ['svd', 'qr', 'cholesky', 'lsqr', 'lsrn', 'split'];

const KNOWN = ['method', 'rcond', 'lambda', 'ridge', 'ridgePerColumn', 'solverOptions'] as const;

const EPS = 2 ** -52;

/**
 * Method `'auto'`: LSRN runs when A is at least this many times taller than wide (m ≥ ratio·n),
 * measured crossover against `'svd'` and numpy gelsd on tall SWIM feature matrices
 * (bench/lsrn.bench.ts, docs/solvers.md "LSRN").
 */
export const AUTO_LSRN_MIN_ASPECT = 20;
/**
 * Method `'auto'`: LSRN's oversampling γ (sketch rows s = γ·n). Measured on SWIM feature
 * matrices (n = 1,001, rank ≈ 250): γ = 4 instead of LSRN's default 2 cuts the LSQR iterations
 * from 32 to 24 at a larger QR of the sketch, for the same or slightly lower total time, and its
 * rank cut lands closer to the SVD's (train MAE within 0.2 % of gelsd at 100,000 rows).
 */
export const AUTO_LSRN_OVERSAMPLING = 4;
/** Method `'auto'`: LSRN needs at least this many columns (below it the O(m·n²) direct solve is a few passes over A). */
export const AUTO_LSRN_MIN_COLS = 200;
/** Method `'auto'`: LSRN only for at most this many right-hand sides (its LSQR runs once per column). */
export const AUTO_LSRN_MAX_RHS = 1;

/**
 * The method `lstsq(A, B, { method: 'auto' })` runs for an m×n A and k right-hand sides:
 * `'cholesky'` when `lambda` is given, `'svd'` when `ridge` is given; otherwise `'lsrn'` (sparse
 * sign sketch, oversampling {@link AUTO_LSRN_OVERSAMPLING}, LSQR inner solve) when m ≥ {@link AUTO_LSRN_MIN_ASPECT}·n,
 * n ≥ {@link AUTO_LSRN_MIN_COLS} and k ≤ {@link AUTO_LSRN_MAX_RHS}, else `'svd'`.
 */
export function chooseLstsqMethod(m: number, n: number, k: number, options: Pick<LstsqOptions, 'lambda' | 'ridge'> = {}): LstsqMethod {
  if (options.lambda !== undefined) return 'cholesky';
  if (options.ridge !== undefined) return 'svd';
  return m >= AUTO_LSRN_MIN_ASPECT * n && n >= AUTO_LSRN_MIN_COLS && k <= AUTO_LSRN_MAX_RHS ? 'lsrn' : 'svd';
}

/**
 * √(Σ r_j²) of the per-column residual norms, scaled (as dnrm2) when the plain sum of squares
 * would overflow or underflow; bit-identical to the plain sum otherwise.
 */
function frobenius(norms: Float64Array): number {
  let total = 0;
  for (const r of norms) total += r * r;
  const plain = Math.sqrt(total);
  if (Number.isFinite(plain) && (total >= Number.MIN_VALUE * 2 ** 52 || plain === 0)) return plain;
  let big = 0;
  for (const r of norms) big = Math.max(big, r);
  if (big === 0 || !Number.isFinite(big)) return big;
  let ss = 0;
  for (const r of norms) ss += (r / big) ** 2;
  return big * Math.sqrt(ss);
}

/**
 * Least-squares solution of min ‖A x − b‖₂ (minimum norm when A is rank-deficient or
 * under-determined, for `'svd'`, `'qr'`, `'lsqr'`, `'lsrn'`).
 *
 * - `'svd'`: thin SVD, σᵢ ≤ rcond·σ₁ dropped (LAPACK gelsd / numpy semantics). Most robust.
 * - `'qr'`: column-pivoted QR + complete orthogonal decomposition (LAPACK gelsy semantics).
 * - `'cholesky'`: normal equations (AᵀA + λI) x = Aᵀb. Fast but squares the condition number:
 *   inaccurate for ill-conditioned A (never use it for SWIM feature matrices without λ).
 * - `'lsqr'`, `'lsrn'`, `'split'`: iterative / randomized solvers (see `lsqr`, `lsrn`, `splitSolve`).
 *
 * A vector `b` gives a Float64Array `x`; a Matrix `B` gives a Matrix `X` (one column per column of B).
 * @example
 * const { x, rank } = lstsq(Matrix.fromRows([[1, 0], [1, 1], [1, 2]]), [1, 2, 2], { method: 'svd' });
 */
export function lstsq<B extends Rhs>(a: MatrixLike, b: B, options: LstsqOptions = {}): LstsqResult<SolutionOf<B>> {
  checkOptions(options, KNOWN, 'lstsq');
  const requested = enumOption(options.method ?? 'svd', 'method', 'lstsq', [...LSTSQ_METHODS, 'auto'] as const);
  if (requested === 'auto') return lstsqAuto(a, b, options);
  const method = requested;
  if (options.ridge !== undefined && method !== 'svd') {
    throw new OptionError(`lstsq: option 'ridge' needs method 'svd' (got '${method}'; use 'lambda' with 'cholesky')`);
  }
  if (options.lambda !== undefined && method !== 'cholesky') {
    throw new OptionError(`lstsq: option 'lambda' needs method 'cholesky' (got '${method}'; use 'ridge' with 'svd')`);
  }
  if (options.rcond !== undefined && (typeof options.rcond !== 'number' || !(options.rcond >= 0) || !Number.isFinite(options.rcond))) {
    throw new OptionError(`lstsq: option 'rcond' must be a finite number ≥ 0, got ${describe(options.rcond)}`);
  }
  // options of one method are still type-checked for the others (never silently ignored junk)
  if (boolOption(options.ridgePerColumn, 'ridgePerColumn', 'lstsq') && method !== 'svd') {
    throw new OptionError(`lstsq: option 'ridgePerColumn' needs method 'svd' with ridge: 'gcv' (got '${method}')`);
  }
  if (options.solverOptions !== undefined && (!isPlainObject(options.solverOptions) || ![Object.prototype, null].includes(Object.getPrototypeOf(options.solverOptions)))) {
    throw new OptionError(`lstsq: option 'solverOptions' must be an object (the options of the iterative solver), got ${describe(options.solverOptions)}`);
  }
  const { A, owned: ownA } = coefficientMatrix(a, 'lstsq');
  let rhs;
  try {
    rhs = rhsToMatrix(b, A.rows, 'lstsq');
  } catch (err) {
    if (ownA) A.dispose();
    throw err;
  }
  try {
    let core: LstsqCore;
    switch (method) {
      case 'svd': core = lstsqSvd(A, rhs.B, options); break;
      case 'qr': core = lstsqQr(A, rhs.B, options); break;
      case 'cholesky': core = lstsqCholesky(A, rhs.B, options); break;
      default: core = lstsqIterative(method, A, rhs.B, options); break;
    }
    let norms: Float64Array, total: number;
    try {
      assertRepresentable(core.X, 'lstsq');
      norms = residualNorms(A, core.X, rhs.B);
      total = frobenius(norms);
      if (!Number.isFinite(total)) throw new NonFiniteError(`lstsq: the residual norm ‖B − A·X‖_F over the ${norms.length} right-hand sides exceeds the float64 range (each column's norm is finite); solve the columns separately or scale B down`);
    } catch (err) {
      core.X.dispose();
      throw err;
    }
    const result: LstsqResult<SolutionOf<B>> = {
      x: solutionFromMatrix<B>(core.X, rhs.isVector),
      rank: core.rank,
      residualNorm: total,
      residualNorms: norms,
      method,
    };
    if (core.singularValues) result.singularValues = core.singularValues;
    if (core.ridge) result.ridge = core.ridge;
    if (core.iterations !== undefined) result.iterations = core.iterations;
    if (core.info) result.info = core.info;
    return result;
  } finally {
    if (rhs.owned) rhs.B.dispose();
    if (ownA) A.dispose();
  }
}

/**
 * Method 'auto' (see {@link chooseLstsqMethod}): validates the options, converts A once, picks
 * the method by shape and runs {@link lstsq} with it; `solverOptions` are LSRN's options (checked
 * whichever method runs, used when LSRN runs; the sketch defaults to 'sparse', the oversampling
 * to {@link AUTO_LSRN_OVERSAMPLING} and rcond to numpy's eps·max(m, n)). The result's `method` is the method that ran.
 */
function lstsqAuto<B extends Rhs>(a: MatrixLike, b: B, options: LstsqOptions): LstsqResult<SolutionOf<B>> {
  if (options.solverOptions !== undefined && (!isPlainObject(options.solverOptions) || ![Object.prototype, null].includes(Object.getPrototypeOf(options.solverOptions)))) {
    throw new OptionError(`lstsq: option 'solverOptions' must be an object (the options of lsrn for method 'auto'), got ${describe(options.solverOptions)}`);
  }
  const so = { sketch: 'sparse', oversampling: AUTO_LSRN_OVERSAMPLING, ...(options.solverOptions ?? {}) } as LsrnOptions;
  lsrnParams(so, "lstsq (method 'auto': lsrn solverOptions)");
  const { A, owned } = coefficientMatrix(a, 'lstsq');
  try {
    const rhs = rhsToMatrix(b, A.rows, 'lstsq');
    const k = rhs.B.cols;
    if (rhs.owned) rhs.B.dispose();
    const method = chooseLstsqMethod(A.rows, A.cols, k, options);
    const { solverOptions: _so, ...rest } = options;
    if (method !== 'lsrn') return lstsq(A, b, { ...rest, method });
    const rcond = options.rcond ?? EPS * Math.max(A.rows, A.cols);
    return lstsq(A, b, { ...rest, method, rcond, solverOptions: so as Record<string, unknown> });
  } finally {
    if (owned) A.dispose();
  }
}
