/**
 * `lstsq`: least-squares solutions of A x ≈ b by one of six methods. Direct methods live in this
 * folder (svd.ts, qr.ts, cholesky.ts); iterative and randomized ones in ../solvers/.
 * @module
 */
import { OptionError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions, enumOption } from '../validate.js';
import { coefficientMatrix, rhsToMatrix, solutionFromMatrix, type Rhs, type SolutionOf } from './rhs.js';
import { lstsqSvd } from './svd.js';
import { lstsqQr } from './qr.js';
import { lstsqCholesky } from './cholesky.js';
import { lstsqIterative } from '../solvers/lstsq-iterative.js';
import { residualNorms } from './residual.js';

/** Methods of {@link lstsq}. */
export type LstsqMethod = 'svd' | 'qr' | 'cholesky' | 'lsqr' | 'lsrn' | 'split';
/** Every method {@link lstsq} accepts. */
export const LSTSQ_METHODS: readonly LstsqMethod[] = ['svd', 'qr', 'cholesky', 'lsqr', 'lsrn', 'split'];

/** Options of {@link lstsq}. Method-specific options are ignored by the other methods only where documented. */
export interface LstsqOptions {
  /** Algorithm (default `'svd'`). */
  method?: LstsqMethod;
  /**
   * Relative cut-off: singular values σᵢ ≤ rcond·σ₁ are treated as zero (`'svd'`), or the
   * rank threshold of the pivoted QR (`'qr'`) and of LSRN's sketch. Default `eps·max(m, n)`
   * (numpy's default).
   */
  rcond?: number;
  /** `'cholesky'`: ridge λ ≥ 0 added to AᵀA (default 0). */
  lambda?: number;
  /**
   * `'svd'`: Tikhonov regularization. A number λ ≥ 0 uses filter factors σ/(σ²+λ);
   * `'gcv'` chooses λ by generalized cross-validation (see {@link LstsqResult.ridge}).
   */
  ridge?: number | 'gcv' | 'lcurve';
  /** `'svd'` with `ridge: 'gcv'`: one λ shared by all right-hand sides (default) or one per column. */
  ridgePerColumn?: boolean;
  /** Options passed to the iterative/randomized solvers (`'lsqr'`, `'lsrn'`, `'split'`); see their docs. */
  solverOptions?: Record<string, unknown>;
}

/** Result of {@link lstsq}. */
export interface LstsqResult<X> {
  /** Solution: a Float64Array for a vector b, a Matrix (cols(A) × cols(B)) for a Matrix B. */
  x: X;
  /** Numerical rank used (number of singular values / pivots kept). */
  rank: number;
  /** Singular values of A, descending (`'svd'` only). */
  singularValues?: Float64Array;
  /** ‖b − A x‖₂ (Frobenius over all columns for a Matrix B). */
  residualNorm: number;
  /** ‖B[:, j] − A X[:, j]‖₂ per right-hand side. */
  residualNorms: Float64Array;
  /** The method that produced the solution. */
  method: LstsqMethod;
  /** Ridge details (`'svd'` with `ridge`, `'cholesky'` with `lambda`). */
  ridge?: RidgeInfo;
  /** Iteration details (`'lsqr'`, `'lsrn'`, `'split'`). */
  iterations?: number;
  /** Solver-specific diagnostics (istop codes, timings, …). */
  info?: Record<string, unknown>;
}

/** Details of a regularized solve. */
export interface RidgeInfo {
  /** Chosen λ (one per right-hand side when chosen per column). */
  lambda: number | Float64Array;
  /** Effective degrees of freedom Σ σᵢ²/(σᵢ²+λ). */
  dof: number | Float64Array;
  /** GCV curve (λ grid and GCV values) when λ was chosen by GCV. */
  curve?: { lambdas: Float64Array; gcv: Float64Array };
}

/** What each method implementation returns (the dispatcher adds residuals and converts x). */
export interface LstsqCore {
  X: Matrix;
  rank: number;
  singularValues?: Float64Array;
  ridge?: RidgeInfo;
  iterations?: number;
  info?: Record<string, unknown>;
}

const KNOWN = ['method', 'rcond', 'lambda', 'ridge', 'ridgePerColumn', 'solverOptions'] as const;

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
  const method = enumOption(options.method ?? 'svd', 'method', 'lstsq', LSTSQ_METHODS);
  if (options.ridge !== undefined && method !== 'svd') {
    throw new OptionError(`lstsq: option 'ridge' needs method 'svd' (got '${method}'; use 'lambda' with 'cholesky')`);
  }
  if (options.lambda !== undefined && method !== 'cholesky') {
    throw new OptionError(`lstsq: option 'lambda' needs method 'cholesky' (got '${method}'; use 'ridge' with 'svd')`);
  }
  if (options.rcond !== undefined && (typeof options.rcond !== 'number' || !(options.rcond >= 0) || !Number.isFinite(options.rcond))) {
    throw new OptionError(`lstsq: option 'rcond' must be a finite number ≥ 0, got ${String(options.rcond)}`);
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
    const norms = residualNorms(A, core.X, rhs.B);
    let total = 0;
    for (const r of norms) total += r * r;
    const result: LstsqResult<SolutionOf<B>> = {
      x: solutionFromMatrix<B>(core.X, rhs.isVector),
      rank: core.rank,
      residualNorm: Math.sqrt(total),
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
