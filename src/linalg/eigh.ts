/**
 * Symmetric eigen-decomposition `eigh`: Householder tridiagonalization, then with vectors the
 * tridiagonal divide and conquer (LAPACK dsyevd: dstedc + blocked back-transformation) or the
 * implicit QL method with Wilkinson shifts (LAPACK dsteqr / EISPACK tql2, `method: 'ql'`), values
 * only by QL (O(n²)). See docs/svd-eigh.md.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, LsqnetError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import type { Disposable } from '../scope.js';
import { checkOptions, describe } from '../validate.js';
import { matrixFrom } from './rhs.js';
import { maxAbs, rangeExponent, scaledCopy, SQUARED_HI, SQUARED_LO, unscaleValues } from './scaling.js';

/** Options of {@link eigh}. */
export interface EighOptions {
  /** Compute the eigenvectors (default true). `false` computes the eigenvalues only (O(n²) after the O(n³) reduction). */
  vectors?: boolean;
  /**
   * Algorithm. `'dc'` (default, LAPACK dsyevd): blocked tridiagonalization (dsytrd), then with
   * vectors tridiagonal divide and conquer (blocks of ≤ 25 rows by QL) and the blocked
   * back-transformation. `'ql'` (LAPACK dsyev, the former path, kept as the reference twin):
   * unblocked tridiagonalization and the implicit QL iteration with the rotations accumulated
   * into the explicitly formed Q — several times slower with vectors for n ≳ 200. Both are
   * backward stable; eigenvalues agree to O(nε‖S‖). Values only: QL without vectors after
   * either reduction (O(n²) after the O(n³) reduction).
   */
  method?: 'dc' | 'ql';
}

/** Result of {@link eigh}: S = V diag(values) Vᵀ. Owns `vectors` (wasm memory). */
export class EighResult implements Disposable {
  /** Eigenvalues, ascending. */
  readonly values: Float64Array;
  /** Orthonormal eigenvectors as columns (n×n, column i belongs to values[i]), or null for `vectors: false`. */
  readonly vectors: Matrix | null;

  /** @internal */
  constructor(values: Float64Array, vectors: Matrix | null) {
    this.values = values;
    this.vectors = vectors;
  }

  /** True after {@link EighResult.dispose}. */
  get disposed(): boolean {
    return this.vectors?.disposed ?? true;
  }

  /** Frees the eigenvector matrix. Idempotent. */
  dispose(): void {
    this.vectors?.dispose();
  }
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix S = V Λ Vᵀ.
 *
 * Only symmetry up to rounding is assumed: the matrix is symmetrized as (S + Sᵀ)/2 before the
 * reduction, so a slightly asymmetric Gram matrix is fine. Backward stable:
 * ‖S − VΛVᵀ‖ = O(n ε ‖S‖), ‖VᵀV − I‖ = O(n ε).
 *
 * @param s n×n symmetric matrix (Matrix, number[][] or {data, rows, cols}); finite, non-empty.
 * @param options `vectors` (default true), `method` ('dc' default, or 'ql'; see {@link EighOptions}).
 * @throws ShapeError when S is not square; InvalidInputError for empty input or NaN/Inf.
 * @example
 * const { values, vectors } = eigh(Matrix.fromRows([[2, -1], [-1, 2]]));   // values = [1, 3]
 */
export function eigh(s: MatrixLike, options: EighOptions = {}): EighResult {
  checkOptions(options, ['vectors', 'method'], 'eigh');
  const vectors = options.vectors ?? true;
  if (typeof vectors !== 'boolean') throw new OptionError(`eigh: option 'vectors' must be a boolean, got ${describe(vectors)}`);
  const method = options.method ?? 'dc';
  if (method !== 'dc' && method !== 'ql') throw new OptionError(`eigh: option 'method' must be 'dc' or 'ql', got ${describe(method)}`);
  const S = matrixFrom(s, 'S', 'eigh');
  const owned = !(s instanceof Matrix);
  try {
    if (S.rows !== S.cols) throw new ShapeError(`eigh: S must be square, got ${S.rows}×${S.cols}`);
    if (S.rows === 0) throw new InvalidInputError('eigh: S is empty (0×0)');
    S.assertFinite('eigh: S');
    const n = S.rows;
    // finite data of extreme magnitude (1e308, 1e-310): work on 2^e·S with max ≈ 1 (exact
    // power-of-two scaling, as dsyevd's dlascl) and scale λ back; the vectors do not change.
    // Data in [2^-250, 2^250] is not touched (bit-identical results).
    const e = rangeExponent(maxAbs(S), SQUARED_LO, SQUARED_HI);
    const Ss = e !== 0 ? scaledCopy(S, e) : S;
    const A = Matrix.empty(n, n);
    let Z: Matrix | null = null;
    try {
      // symmetrize: A = (S + Sᵀ)/2 (O(n²) glue through a transpose kernel)
      const T = Ss.transpose();
      ops.geadd(0.5, Ss, 0.5, T, A);
      T.dispose();
      if (vectors) Z = Matrix.empty(n, n);
      const { info, values } = method === 'dc' ? ops.symEigenDC(A, Z) : ops.symEigen(A, Z);
      if (info !== 0) throw new LsqnetError('INVALID_INPUT', `eigh: the QL iteration did not converge (code ${info}); please report this matrix`);
      const res = new EighResult(values, Z);
      if (e !== 0) { Z = null; unscaleValues(res.values, e, 'eigh', 'eigenvalue', res); }
      return res;
    } catch (err) {
      Z?.dispose();
      throw err;
    } finally {
      A.dispose();
      if (Ss !== S) Ss.dispose();
    }
  } finally {
    if (owned) S.dispose();
  }
}
