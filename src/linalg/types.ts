/**
 * Types shared by `lstsq` and the method implementations it dispatches to (svd.ts, qr.ts,
 * cholesky.ts, ridge.ts, ../solvers/lstsq-iterative.ts). They live here, not in lstsq.ts, so that
 * the callees import no module that imports them back (lstsq.ts re-exports them).
 * @module
 */
import type { Matrix } from '../matrix.js';

/** Methods of `lstsq`. */
export type LstsqMethod = 'svd' | 'qr' | 'cholesky' | 'lsqr' | 'lsrn' | 'split';

/** Options of `lstsq`. Method-specific options are ignored by the other methods only where documented. */
export interface LstsqOptions {
  /**
   * Algorithm (default `'svd'`). `'auto'` chooses by shape (the rule of `chooseLstsqMethod` in
   * lstsq.ts: LSRN with the sparse sketch for tall A, `'svd'` otherwise); the result's `method`
   * says which one ran.
   */
  method?: LstsqMethod | 'auto';
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

/** Result of `lstsq`. */
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
