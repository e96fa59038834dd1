/**
 * Cholesky factorization S + λI = L·Lᵀ (blocked, lower) and the normal-equations solver behind
 * `lstsq(A, B, { method: 'cholesky', lambda })`.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { DisposedError, InvalidInputError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions, numberOption } from '../validate.js';
import type { Disposable } from '../scope.js';
import { coefficientMatrix, rhsToMatrix } from './rhs.js';
import type { LstsqCore, LstsqOptions } from './types.js';
import { ldexp, maxAbs, rangeExponent, scaledCopy, SQUARED_HI, SQUARED_LO, unscaleSolution } from './scaling.js';

/** Options of {@link cholesky}. */
export interface CholeskyOptions {
  /** Shift λ ≥ 0 added to the diagonal: factors S + λI (ridge). Default 0. */
  lambda?: number;
}

/**
 * Result of {@link cholesky}. A matrix that is not positive definite is a result (`ok` false,
 * `failedPivot` ≥ 0), not an exception. Owns wasm memory: call {@link CholeskyResult.dispose}
 * (or create it inside `scope`).
 */
export class CholeskyResult implements Disposable {
  /** True when S + λI is (numerically) positive definite and L is available. */
  readonly ok: boolean;
  /** Lower triangular L with S + λI = L·Lᵀ (zeros above the diagonal); null when not ok. */
  readonly L: Matrix | null;
  /** −1 when ok; else the 0-based index of the first pivot that was not positive. */
  readonly failedPivot: number;
  /** log det(S + λI) = 2·Σ ln Lᵢᵢ; −Infinity when not ok. */
  readonly logDet: number;
  /** Order n of S. */
  readonly n: number;
  #disposed = false;

  /** @internal Use {@link cholesky}. */
  constructor(n: number, L: Matrix | null, failedPivot: number, logDet: number) {
    this.n = n;
    this.L = L;
    this.ok = L !== null;
    this.failedPivot = failedPivot;
    this.logDet = logDet;
  }

  /** True after {@link CholeskyResult.dispose}. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Frees L. Idempotent. */
  dispose(): void {
    this.#disposed = true;
    this.L?.dispose();
  }

  /**
   * Solves (S + λI)·X = B by two triangular solves. A Float64Array b gives a Float64Array
   * x; a Matrix B (n rows) gives a new Matrix X. Throws {@link DisposedError} after `dispose()`, {@link InvalidInputError} when the
   * factorization failed (`ok` false) or B is not finite, {@link ShapeError} on a row mismatch.
   * @example
   * const c = cholesky(S);
   * const x = c.solve(new Float64Array([1, 2, 3]));
   */
  solve<B extends Matrix | Float64Array>(b: B): B extends Matrix ? Matrix : Float64Array {
    if (this.#disposed) throw new DisposedError('CholeskyResult (in solve)');
    if (!this.L) throw new InvalidInputError(`CholeskyResult.solve: the matrix is not positive definite (pivot ${this.failedPivot} failed); nothing to solve with`);
    const isVector = b instanceof Float64Array;
    if (!isVector && !(b instanceof Matrix)) throw new InvalidInputError('CholeskyResult.solve: B must be a Matrix or a Float64Array');
    const { B: rhs, owned } = rhsToMatrix(b as Matrix | Float64Array, this.n, 'CholeskyResult.solve');
    const X = owned ? rhs : rhs.clone();
    try {
      ops.cholSolve(this.L, X);
    } catch (err) {
      X.dispose();
      throw err;
    }
    if (isVector) {
      const v = X.toColumnMajor();
      X.dispose();
      return v as B extends Matrix ? Matrix : Float64Array;
    }
    return X as B extends Matrix ? Matrix : Float64Array;
  }
}

/** @internal Factors L (already holding lower(S) + λI) in place; returns the failing pivot or −1. */
function potrf(L: Matrix): number {
  return ops.cholFactor(L);
}

/**
 * Cholesky factorization S + λI = L·Lᵀ of a symmetric positive definite matrix. Only the
 * lower triangle of S is read. Blocked left-looking algorithm (LAPACK dpotrf, lower): 64×64
 * diagonal blocks factored unblocked, panels updated by GEMM and a triangular solve.
 *
 * Non-positive-definite input is reported in the result (`ok: false`, `failedPivot`), not
 * thrown. Throws {@link ShapeError} for a non-square S and {@link InvalidInputError} for an
 * empty S or NaN/±Inf entries.
 *
 * @param s n×n symmetric matrix (lower triangle used).
 * @param options `lambda` ≥ 0 (default 0): ridge shift added to the diagonal.
 * @example
 * const c = cholesky([[4, 2], [2, 3]]);
 * c.ok;        // true
 * c.logDet;    // ln 8
 * c.solve(new Float64Array([1, 2]));
 * c.dispose();
 */
export function cholesky(s: MatrixLike, options: CholeskyOptions = {}): CholeskyResult {
  checkOptions(options, ['lambda'], 'cholesky');
  const lambda = options.lambda === undefined ? 0 : numberOption(options.lambda, 'lambda', 'cholesky', 0);
  const { A: S, owned } = coefficientMatrix(s, 'cholesky', 'S');
  try {
    if (S.rows !== S.cols) throw new ShapeError(`cholesky: S must be square, got ${S.rows}×${S.cols}`);
    const n = S.rows;
    const L = Matrix.empty(n, n);
    try {
      ops.cholPrepare(S, lambda, L);
      const fail = potrf(L);
      if (fail >= 0) {
        L.dispose();
        return new CholeskyResult(n, null, fail, -Infinity);
      }
      return new CholeskyResult(n, L, -1, 2 * ops.cholLogDiag(L));
    } catch (err) {
      L.dispose();
      throw err;
    }
  } finally {
    if (owned) S.dispose();
  }
}

/**
 * @internal lstsq method 'cholesky': normal equations (AᵀA + λI)·X = AᵀB with one dsyrk, a
 * blocked Cholesky and two triangular solves. Squares the condition number of A: inaccurate
 * for ill-conditioned A. Rank in the result is cols(A).
 *
 * Refuses rank deficiency with InvalidInputError: fewer rows than columns (λ = 0), a pivot that
 * is not positive, or a pivot L_jj² ≤ n·ε·max_i G_ii (LAPACK dpstrf's default tolerance for a
 * numerically zero pivot of a semidefinite matrix): AᵀA + λI is then singular to working
 * precision and the solution would be rounding noise. A and B outside [2^-250, 2^250] are
 * scaled by exact powers of two first (AᵀA must not overflow or underflow); λ is scaled with A.
 */
export function lstsqCholesky(A: Matrix, B: Matrix, options: LstsqOptions): LstsqCore {
  const lambda = options.lambda === undefined ? 0 : numberOption(options.lambda, 'lambda', 'lstsq', 0);
  const m = A.rows, n = A.cols;
  if (lambda === 0 && m < n) throw rankDeficient(`A has fewer rows (${m}) than columns (${n}), so AᵀA is singular`, lambda);
  const ea = rangeExponent(maxAbs(A), SQUARED_LO, SQUARED_HI), eb = rangeExponent(maxAbs(B), SQUARED_LO, SQUARED_HI);
  if (ea === 0 && eb === 0) return normalEquations(A, B, lambda, lambda);
  const As = scaledCopy(A, ea);
  let Bs: Matrix | null = null;
  try {
    Bs = scaledCopy(B, eb);
    // (2^ea A)ᵀ(2^ea A) + 2^(2ea)λ I = 2^(2ea)(AᵀA + λI); X = 2^(ea−eb) X̂
    const core = normalEquations(As, Bs, ldexp(lambda, 2 * ea), lambda);
    unscaleSolution(core.X, ea - eb, 'lstsq');
    return core;
  } finally {
    As.dispose();
    Bs?.dispose();
  }
}

function rankDeficient(why: string, lambda: number): InvalidInputError {
  return new InvalidInputError(
    `lstsq: method 'cholesky' needs AᵀA${lambda > 0 ? ` + ${lambda}·I` : ''} positive definite, but ${why}: ` +
    `A is rank-deficient or too ill-conditioned for the normal equations; pass a ridge 'lambda' > 0 or use method 'svd' (or 'qr')`);
}

/** The normal-equations solve on in-range A, B; `lambda` is the shift used, `userLambda` the one reported. */
function normalEquations(A: Matrix, B: Matrix, lambda: number, userLambda: number): LstsqCore {
  const n = A.cols, nrhs = B.cols;
  const G = Matrix.empty(n, n);
  let X: Matrix | null = null;
  try {
    ops.cholGram(A, lambda, G);
    const gv = G.view();
    let dmax = 0;
    for (let j = 0; j < n; j++) dmax = Math.max(dmax, gv[j * (n + 1)]!);
    const fail = potrf(G);
    if (fail >= 0) throw rankDeficient(`Cholesky pivot ${fail} of ${n} is not positive`, userLambda);
    // pivots L_jj² against dpstrf's tolerance n·ε·max diag(G)
    const tol = n * Number.EPSILON * dmax;
    const lv = G.view();
    for (let j = 0; j < n; j++) {
      const d = lv[j * (n + 1)]!;
      if (d * d <= tol) {
        throw rankDeficient(`Cholesky pivot ${j} of ${n} is ${(d * d).toExponential(2)} ≤ n·ε·max diag(AᵀA) = ${tol.toExponential(2)} ` +
          '(numerically zero)', userLambda);
      }
    }
    X = Matrix.empty(n, nrhs);
    ops.gemm(1, 0, 1, A, B, 0, X);
    ops.cholSolve(G, X);
    const core: LstsqCore = { X, rank: n };
    if (userLambda > 0) core.ridge = { lambda: userLambda, dof: ridgeDof(G, lambda) };
    X = null;
    return core;
  } finally {
    G.dispose();
    X?.dispose();
  }
}

/** @internal dof = tr(AᵀA (AᵀA + λI)⁻¹) = n − λ·‖L⁻¹‖_F² from the Cholesky factor L. */
function ridgeDof(L: Matrix, lambda: number): number {
  return L.rows - lambda * ops.cholInverseFrobSq(L);
}
