/**
 * Internal helpers shared by the two-layer (leaky-)ReLU networks `f(x) = σ_α(x̃ᵀA) B + b⁰`
 * (`AnminNetwork`, `GradientNetwork`): input checks (also those of GradientNetwork's ResNet
 * architecture), X̃ = [1, X], prediction
 * from the weights, copies of the weights and their JSON checks.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, ShapeError } from '../errors.js';
import { featuresUnchecked as features } from '../features.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { MAX_DIM } from '../validate.js';
import { ownedMatrix } from './base.js';
import type { Fields } from './schema.js';


/** @internal Training data prepared for a two-layer model: X̃ = [1, X] and Y as matrices. */
export interface TwoLayerData {
  /** N × (d+1), first column ones. Owned. */
  Xt: Matrix;
  /** N × c targets (owned only when converted). */
  Y: Matrix;
  ownsY: boolean;
  n: number;
  d: number;
  c: number;
  dispose(): void;
}

/** @internal [1, X] as a new N × (d+1) matrix. */
export function withOnes(X: Matrix): Matrix {
  const out = Matrix.empty(X.rows, X.cols + 1);
  ops.fill(ops.sub(out, 0, 0, X.rows, 1), 1);
  ops.copy(X, ops.sub(out, 0, 1, X.rows, X.cols));
  return out;
}

/** @internal True when `y` is a plain vector (Float64Array or number[]) rather than a matrix. */
export function isVectorLike(y: unknown): y is VectorLike {
  return y instanceof Float64Array || (Array.isArray(y) && (y.length === 0 || typeof y[0] === 'number'));
}

/** @internal Checked training rows: X (N × d, no ones column) and Y (N × c), owned copies when converted. */
export interface RowData {
  X: Matrix;
  Y: Matrix;
  /** Frees the copies made by {@link prepareRows} (the caller's own Matrices are never freed). */
  dispose(): void;
}

/** @internal Validates X (N×d, N ≥ 1, finite) and Y (N×c or a vector, finite, N rows). */
export function prepareRows(X: MatrixLike, Y: MatrixLike | VectorLike, fn: string): RowData {
  const Xm = Matrix.from(X, `${fn}: X`);
  const ownsX = !(X instanceof Matrix);
  let Ym: Matrix | null = null;
  let ownsY = false;
  try {
    if (Xm.rows === 0 || Xm.cols === 0) throw new InvalidInputError(`${fn}: X is empty (${Xm.rows}×${Xm.cols}); need at least one sample and one feature`);
    Xm.assertFinite(`${fn}: X`);
    if (isVectorLike(Y)) {
      // the shape first: nothing is allocated for targets that cannot fit
      if (Y.length !== Xm.rows) throw new ShapeError(`${fn}: X has ${Xm.rows} rows but Y has ${Y.length}`);
      Ym = Matrix.fromVector(Y);
      ownsY = true;
    } else {
      Ym = Matrix.from(Y, `${fn}: Y`);
      ownsY = !(Y instanceof Matrix);
    }
    if (Ym.rows !== Xm.rows) throw new ShapeError(`${fn}: X has ${Xm.rows} rows but Y has ${Ym.rows}`);
    if (Ym.cols === 0) throw new InvalidInputError(`${fn}: Y has no columns`);
    Ym.assertFinite(`${fn}: Y`);
    const Xf = Xm, Yf = Ym, ox = ownsX, oy = ownsY;
    return { X: Xf, Y: Yf, dispose() { if (ox) Xf.dispose(); if (oy) Yf.dispose(); } };
  } catch (err) {
    if (ownsY) Ym?.dispose();
    if (ownsX) Xm.dispose();
    throw err;
  }
}

/** @internal Validates X (N×d, no ones column) and Y (N×c or a vector) and builds X̃ = [1, X]. */
export function prepareData(X: MatrixLike, Y: MatrixLike | VectorLike, fn: string): TwoLayerData {
  const ownsY = !(Y instanceof Matrix);
  const rows = prepareRows(X, Y, fn);
  let Xt: Matrix;
  try {
    Xt = withOnes(rows.X);
  } catch (err) {
    rows.dispose();
    throw err;
  }
  const Yf = rows.Y, n = rows.X.rows, d = rows.X.cols;
  if (!(X instanceof Matrix)) rows.X.dispose(); // X̃ replaces the converted copy
  return {
    Xt, Y: Yf, ownsY, n, d, c: Yf.cols,
    dispose() { Xt.dispose(); if (ownsY) Yf.dispose(); },
  };
}

/** @internal Validates the X of `predict` (N × d) and builds [1, X]. */
export function preparePredictX(X: MatrixLike, d: number, fn: string): Matrix {
  const Xm = Matrix.from(X, `${fn}: X`);
  const owns = !(X instanceof Matrix);
  try {
    if (Xm.cols !== d) throw new ShapeError(`${fn}: X has ${Xm.cols} columns but the model was fitted on ${d}`);
    Xm.assertFinite(`${fn}: X`);
    return withOnes(Xm);
  } finally {
    if (owns) Xm.dispose();
  }
}

/** @internal σ_α(X̃A) with a trailing ones column, times Θ = [B; b⁰]: N × c. Rows in chunks. */
export function predictTwoLayer(Xt: Matrix, A: Matrix, alpha: number, theta: Matrix): Matrix {
  const n = Xt.rows;
  const h = A.cols;
  const c = theta.cols;
  const out = Matrix.empty(n, c);
  const chunk = Math.max(1, Math.min(n, 8192));
  const S = Matrix.empty(chunk, h + 1);
  const act = alpha === 0 ? 'relu' : 'leaky-relu';
  try {
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const r1 = Math.min(n, r0 + chunk);
      const m = r1 - r0;
      const Sm = m === chunk ? S : Matrix.empty(m, h + 1);
      try {
        features(Xt, A, null, { activation: act, alpha, rowStart: r0, rowEnd: r1, ones: true, out: Sm });
        ops.gemm(0, 0, 1, Sm, theta, 0, ops.sub(out, r0, 0, m, c));
      } finally {
        if (Sm !== S) Sm.dispose();
      }
    }
    return out;
  } catch (err) {
    out.dispose();
    throw err;
  } finally {
    S.dispose();
  }
}

/**
 * @internal Predictions σ_α([1, X]A)B + 1b⁰ᵀ of a fitted two-layer network (AnminNetwork,
 * GradientNetwork) for raw inputs X, checked against the input dimension d.
 */
export function predictFromWeights(X: MatrixLike, d: number, A: Matrix, alpha: number, theta: Matrix, fn: string): Matrix {
  const Xt = preparePredictX(X, d, fn);
  try {
    return predictTwoLayer(Xt, A, alpha, theta);
  } finally {
    Xt.dispose();
  }
}

/** @internal Copies of two-layer weights: A ((d+1) × h), B (h × c) and b⁰ (row h of θ). */
export function copyWeights(A: Matrix, theta: Matrix, h: number): { A: Matrix; B: Matrix; b0: Float64Array } {
  return { A: A.clone(), B: theta.block(0, 0, h, theta.cols), b0: theta.row(h) };
}

/**
 * @internal Two-layer weights of a saved AnminNetwork / GradientNetwork (`inputDim`,
 * `outputDim`, `A` ((d+1) × h) and `theta` ((h+1) × c), column-major), strictly checked.
 * Nothing is allocated until `allocate()` (call it after every other field was checked): the
 * matrices it returns are owned by the model (in no scope).
 */
export function twoLayerWeightsFromJSON(f: Fields, h: number): { d: number; c: number; allocate(): { A: Matrix; theta: Matrix } } {
  const d = f.int('inputDim', 1, MAX_DIM);
  const c = f.int('outputDim', 1, MAX_DIM);
  const a = f.finiteArray('A', (d + 1) * h);
  const t = f.finiteArray('theta', (h + 1) * c);
  return {
    d, c,
    allocate() {
      const A = ownedMatrix(a, d + 1, h);
      try {
        return { A, theta: ownedMatrix(t, h + 1, c) };
      } catch (err) {
        A.dispose();
        throw err;
      }
    },
  };
}
