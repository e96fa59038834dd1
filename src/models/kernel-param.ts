/**
 * Parametric kernels `K(θ) = mat(Qθ)` (ALGORITHMS.md §8.2, column-major `mat`): a w×d matrix
 * that depends linearly on a parameter vector θ through a fixed sparse matrix Q, so that the
 * Jacobian products are `J v = mat(Qv)` and `Jᵀ G = Qᵀvec(G)`. Q is never formed: {@link
 * ParametricKernel.build} and {@link ParametricKernel.adjoint} run the index rule of the kind in
 * wasm (assembly/nn/kernelparam.ts). Kinds and their parameters (0-based indices):
 *
 * - `'dense'` (w×d): θ = vec(K) column-major, p = w·d;
 * - `'diagonal'` (d×d): K = diag(θ), p = d;
 * - `'antisymmetric'` (d×d): the strict upper triangle row by row, `K_ij = θ`, `K_ji = −θ`
 *   (i < j), zero diagonal, p = d(d−1)/2. For d = 3: `[[0, θ₁, θ₂], [−θ₁, 0, θ₃], [−θ₂, −θ₃, 0]]`;
 * - `'mmatrix'` (d×d): row by row, the off-diagonal columns of a row in increasing order,
 *   `K_ij = −θ`, `K_ii = Σ_{j≠i} θ_ij` (zero row sums), p = d(d−1). For d = 3:
 *   `[[θ₁+θ₂, −θ₁, −θ₂], [−θ₃, θ₃+θ₄, −θ₄], [−θ₅, −θ₆, θ₅+θ₆]]`. An M-matrix needs θ ≥ 0:
 *   the kernel itself accepts any θ; {@link VarProNetwork} keeps θ ≥ 0 by the softplus
 *   reparameterisation θ = softplus(φ) (see docs/varpro.md).
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { matrixFrom } from '../linalg/rhs.js';
import { enumOption, intOption, toNumbers } from '../validate.js';

/** Structure of a parametric kernel (see the module comment). */
export type KernelKind = 'dense' | 'diagonal' | 'antisymmetric' | 'mmatrix';
/** Every {@link KernelKind}. */
export const KERNEL_KINDS: readonly KernelKind[] = ['dense', 'diagonal', 'antisymmetric', 'mmatrix'];

/** Largest w·d·p for which {@link ParametricKernel.Q} forms Q explicitly. */
const Q_LIMIT = 1 << 24;

/**
 * A parametric kernel K(θ) of a fixed kind and shape (w×d). It holds no wasm memory; the
 * matrices it returns belong to the caller.
 */
export class ParametricKernel {
  /** Structure of K. */
  readonly kind: KernelKind;
  /** Rows w of K (= d for the non-dense kinds). */
  readonly rows: number;
  /** Columns d of K (the input dimension). */
  readonly cols: number;
  /** Length p of θ. */
  readonly parameterCount: number;

  /** @internal Use {@link parametricKernel}. */
  constructor(kind: KernelKind, rows: number, cols: number) {
    this.kind = kind;
    this.rows = rows;
    this.cols = cols;
    this.parameterCount = ops.kernelParamCount(kind, rows, cols);
  }

  /**
   * K(θ) = mat(Qθ) as a new w×d Matrix (the caller owns it). θ holds `parameterCount` finite
   * values (a vector, or a p×1 / 1×p Matrix).
   * @example
   * const k = parametricKernel('antisymmetric', 3);
   * k.build([1, 2, 3]).toRows();   // [[0, 1, 2], [-1, 0, 3], [-2, -3, 0]]
   */
  build(theta: VectorLike | Matrix): Matrix {
    const fn = 'ParametricKernel.build';
    const t = theta instanceof Matrix ? theta : null;
    const owned = t === null ? Matrix.fromVector(toNumbers(theta, 'theta', fn, true)) : null;
    try {
      const T = t ?? owned!;
      if (t !== null) {
        if (t.rows !== 1 && t.cols !== 1) throw new ShapeError(`${fn}: theta must be a vector, got a ${t.rows}×${t.cols} matrix`);
        t.assertFinite(`${fn}: theta`);
      }
      if (T.length !== this.parameterCount) throw new ShapeError(`${fn}: theta has ${T.length} entries, a ${this.rows}×${this.cols} '${this.kind}' kernel has ${this.parameterCount}`);
      const K = Matrix.empty(this.rows, this.cols);
      try {
        ops.kernelParamBuild(this.kind, ops.reshape(T, T.length, 1), K);
      } catch (err) {
        K.dispose();
        throw err;
      }
      return K;
    } finally {
      owned?.dispose();
    }
  }

  /**
   * Qᵀvec(G) for a w×d G: the gradient with respect to θ of a function of K whose gradient
   * with respect to K is G (the chain rule through K(θ), §8.4 step 4).
   * @example
   * parametricKernel('mmatrix', 3).adjoint(Matrix.eye(3));   // [1, 1, 1, 1, 1, 1]
   */
  adjoint(G: MatrixLike): Float64Array {
    const fn = 'ParametricKernel.adjoint';
    const Gm = matrixFrom(G, `${fn}: G`, fn);
    try {
      if (Gm.rows !== this.rows || Gm.cols !== this.cols) throw new ShapeError(`${fn}: G is ${Gm.rows}×${Gm.cols}, the kernel is ${this.rows}×${this.cols}`);
      Gm.assertFinite(`${fn}: G`);
      const out = Matrix.empty(this.parameterCount, 1);
      try {
        ops.kernelParamAdjoint(this.kind, Gm, out);
        return out.toColumnMajor();
      } finally {
        out.dispose();
      }
    } finally {
      if (Gm !== G) Gm.dispose();
    }
  }

  /**
   * The explicit (w·d)×p matrix Q with vec(K(θ)) = Qθ (column j = vec(K(e_j))), for checks on
   * small kernels; an {@link OptionError} when w·d·p exceeds 2²⁴ entries (use
   * {@link ParametricKernel.build} / {@link ParametricKernel.adjoint}, which never form Q).
   * @example
   * parametricKernel('mmatrix', 3).Q();   // the 9×6 matrix of ALGORITHMS.md §8.2
   */
  Q(): Matrix {
    const wd = this.rows * this.cols, p = this.parameterCount;
    if (wd * p > Q_LIMIT) throw new OptionError(`ParametricKernel.Q: Q would hold ${wd}·${p} entries (limit ${Q_LIMIT}); apply the kernel implicitly with build/adjoint`);
    const Q = Matrix.zeros(wd, p);
    const e = Matrix.zeros(Math.max(p, 1), 1);
    const K = Matrix.empty(this.rows, this.cols);
    try {
      for (let j = 0; j < p; j++) {
        e.set(j, 0, 1);
        ops.kernelParamBuild(this.kind, ops.sub(e, 0, 0, p, 1), K);
        ops.copy(ops.reshape(K, wd, 1), ops.sub(Q, 0, j, wd, 1));
        e.set(j, 0, 0);
      }
    } catch (err) {
      Q.dispose();
      throw err;
    } finally {
      e.dispose();
      K.dispose();
    }
    return Q;
  }
}

/**
 * A parametric kernel of `kind` for inputs of dimension d with w rows (`w` defaults to d; the
 * non-dense kinds are square and need w = d — a {@link ShapeError} otherwise).
 * @example
 * const k = parametricKernel('mmatrix', 3);
 * k.parameterCount;                       // 6
 * const K = k.build([1, 2, 3, 4, 5, 6]);  // [[3, -1, -2], [-3, 7, -4], [-5, -6, 11]]
 * const g = k.adjoint(K);                 // Qᵀvec(K)
 * K.dispose();
 */
export function parametricKernel(kind: KernelKind, d: number, w: number = d): ParametricKernel {
  const fn = 'parametricKernel';
  const k = enumOption(kind, 'kind', fn, KERNEL_KINDS);
  const dd = intOption(d, 'd', fn, 1, 1 << 20);
  const ww = intOption(w, 'w', fn, 1, 1 << 20);
  if (k !== 'dense' && ww !== dd) throw new ShapeError(`${fn}: a '${k}' kernel is square (w = d), got w = ${ww}, d = ${dd}`);
  if (ww * dd > 2 ** 31 - 1) throw new InvalidInputError(`${fn}: a ${ww}×${dd} kernel is too large`);
  return new ParametricKernel(k, ww, dd);
}
