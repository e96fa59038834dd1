/**
 * Hidden-layer features φ(X W + 1 bᵀ) computed in wasm (GEMM, then bias and activation fused in
 * one pass), optionally for a row range only and with a trailing column of ones (output bias).
 * Shared by the sampled networks and the feature `LinearOperator`.
 * @module
 */
import { ops } from '../bindings/index.js';
import { DisposedError, InvalidInputError, NonFiniteError, ShapeError } from './errors.js';
import { Matrix, type MatrixLike, type VectorLike } from './matrix.js';
import { boolOption, checkOptions, describe, enumOption, numberOption } from './validate.js';
import { matrixFrom } from './linalg/rhs.js';

/** Activation functions available for hidden layers. */
export type Activation = 'tanh' | 'relu' | 'leaky-relu' | 'identity';
/** Every hidden-layer activation {@link features} accepts. */
export const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu', 'leaky-relu', 'identity'];

/** Options of {@link features}. */
export interface FeatureOptions {
  /** Activation (default 'tanh'). */
  activation?: Activation;
  /** Slope for x < 0 of 'leaky-relu' (default 0.1). */
  alpha?: number;
  /** First row of X to use (default 0). */
  rowStart?: number;
  /** One past the last row of X to use (default X.rows). */
  rowEnd?: number;
  /** Append a column of ones (for an output bias). Default false. */
  ones?: boolean;
  /**
   * Write into this {@link Matrix} (rows = rowEnd − rowStart, cols = M (+1)) instead of
   * allocating; anything else (not a live Matrix, wrong shape) is a typed error naming `out`.
   */
  out?: Matrix;
}

/**
 * φ(X[r0:r1] · W + 1·bᵀ), X is N×d, W is d×M, b holds M entries (a vector, an M×1 or 1×M
 * matrix) or is null: an (r1−r0)×M matrix (M+1 columns with `ones`). X, W and b take any
 * {@link MatrixLike} (b also a plain vector); copies made for them are freed before returning.
 */
export function features(X: MatrixLike, W: MatrixLike, b: MatrixLike | VectorLike | null, options: FeatureOptions = {}): Matrix {
  checkOptions(options, FEATURE_OPTION_KEYS, 'features');
  if (options.alpha !== undefined) numberOption(options.alpha, 'alpha', 'features');
  boolOption(options.ones, 'ones', 'features');
  const owned: Matrix[] = [];
  const from = (x: MatrixLike, name: string): Matrix => {
    const m = matrixFrom(x, `features: ${name}`, 'features');
    if (m !== x) owned.push(m);
    return m;
  };
  try {
    const Xm = from(X, 'X'), Wm = from(W, 'W');
    let bm: Matrix | null = null;
    if (b !== null && b !== undefined) {
      if (b instanceof Float64Array || (Array.isArray(b) && b.every((v) => typeof v === 'number'))) {
        bm = Matrix.fromVector(b as VectorLike);
        owned.push(bm);
      } else {
        bm = from(b as MatrixLike, 'b');
      }
    }
    if (Xm.length === 0) throw new InvalidInputError(`features: X is empty (${Xm.rows}×${Xm.cols})`);
    if (Wm.length === 0) throw new InvalidInputError(`features: W is empty (${Wm.rows}×${Wm.cols})`);
    Xm.assertFinite('features: X');
    Wm.assertFinite('features: W');
    bm?.assertFinite('features: b');
    const out = featuresUnchecked(Xm, Wm, bm, options);
    // finite inputs of extreme magnitude (1e308) can overflow X·W + b: a typed error, not ±Inf/NaN features
    const v = out.view();
    for (let k = 0; k < v.length; k++) {
      if (!Number.isFinite(v[k])) {
        const r = k % out.rows, c = Math.floor(k / out.rows);
        if (options.out === undefined) out.dispose();
        throw new NonFiniteError(`features: X·W + b overflows the double range at row ${r + (options.rowStart ?? 0)}, column ${c} (finite inputs of extreme magnitude); scale X or W down`);
      }
    }
    return out;
  } finally {
    for (const m of owned) m.dispose();
  }
}

const FEATURE_OPTION_KEYS = ['activation', 'alpha', 'rowStart', 'rowEnd', 'ones', 'out'] as const;

/**
 * @internal {@link features} without the input scan (unknown options, non-Matrix arguments,
 * empty or non-finite X/W/b): for library callers whose inputs were validated at their own
 * API boundary (models, feature operators). Shapes, row range and activation are still checked.
 */
export function featuresUnchecked(X: Matrix, W: Matrix, b: Matrix | null, options: FeatureOptions = {}): Matrix {
  const activation = enumOption(options.activation ?? 'tanh', 'activation', 'features', ACTIVATIONS);
  const alpha = options.alpha ?? 0.1;
  const r0 = options.rowStart ?? 0;
  const r1 = options.rowEnd ?? X.rows;
  if (!(Number.isInteger(r0) && Number.isInteger(r1) && r0 >= 0 && r1 <= X.rows && r0 <= r1)) {
    throw new ShapeError(`features: row range ${describe(r0)}..${describe(r1)} is outside 0..${X.rows}`);
  }
  if (X.cols !== W.rows) throw new ShapeError(`features: X has ${X.cols} columns but W has ${W.rows} rows`);
  const M = W.cols;
  if (b && b.length !== M) throw new ShapeError(`features: bias has ${b.length} entries, W has ${M} columns`);
  const rows = r1 - r0;
  const cols = M + (options.ones ? 1 : 0);
  const given = options.out;
  if (given !== undefined) {
    if (!(given instanceof Matrix)) throw new InvalidInputError(`features: out must be a Matrix, got ${given === null ? 'null' : typeof given}`);
    if (given.disposed) throw new DisposedError('out matrix');
    if (given.rows !== rows || given.cols !== cols) throw new ShapeError(`features: out is ${given.rows}×${given.cols}, expected ${rows}×${cols}`);
  }
  const out = given ?? Matrix.empty(rows, cols);
  if (rows === 0) return out;
  const Z = ops.sub(out, 0, 0, rows, M);
  ops.gemm(0, 0, 1, ops.sub(X, r0, 0, rows, X.cols), W, 0, Z);
  if (M > 0) ops.biasActivation(activation, alpha, Z, b ? ops.col(ops.reshape(b, M, 1), 0) : null);
  if (options.ones) ops.fill(ops.sub(out, 0, M, rows, 1), 1);
  return out;
}
