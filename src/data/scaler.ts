/**
 * Standardization (z-scores) fitted on training rows only, target centering, one-hot labels.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, NotFittedError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { scope } from '../scope.js';
import { checkOptions, describe, toNumbers } from '../validate.js';

/** The JSON form of a fitted {@link StandardScaler}. */
export interface StandardScalerJSON {
  type: 'StandardScaler';
  mean: number[];
  scale: number[];
}

function asMatrix<T>(X: MatrixLike | ArrayLike<number>, name: string, fn: (A: Matrix) => T): T {
  if (X instanceof Matrix) return fn(Matrix.from(X, name));
  return scope(() => {
    // name is 'fn: arg' (e.g. 'centerTargets: Y')
    const [fnName, arg] = name.split(': ') as [string, string];
    const A = isVector(X) ? Matrix.fromVector(toNumbers(X, arg, fnName, false)) : Matrix.from(X as MatrixLike, name);
    return fn(A);
  });
}

function isVector(x: unknown): x is ArrayLike<number> {
  return x instanceof Float64Array || (Array.isArray(x) && (x.length === 0 || typeof x[0] === 'number'));
}

/** Column means and unbiased standard deviations (two-pass, compensated). */
function columnStats(A: Matrix): { mean: Float64Array; sd: Float64Array } {
  const n = A.rows, d = A.cols;
  const v = A.view();
  const mean = new Float64Array(d), sd = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const o = j * n;
    // values of extreme magnitude are divided by the column's largest |x| first (as LAPACK's
    // dlascl), so that sums and squares neither overflow nor underflow
    let amax = 0;
    for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(v[o + i]!));
    const t = amax > 2 ** 500 || (amax > 0 && amax < 2 ** -500) ? amax : 1;
    let s = 0, c = 0;
    for (let i = 0; i < n; i++) { const y = v[o + i]! / t - c; const u = s + y; c = (u - s) - y; s = u; }
    const mu = s / n;
    let ss = 0, corr = 0;
    for (let i = 0; i < n; i++) { const e = v[o + i]! / t - mu; ss += e * e; corr += e; }
    mean[j] = (mu + corr / n) * t;
    sd[j] = n > 1 ? Math.sqrt(Math.max(0, (ss - corr * corr / n) / (n - 1))) * t : 0;
  }
  return { mean, sd };
}

/** out = diag-scale columns of A by s[j], then add 1·cᵀ; all in wasm (per-column calls). */
function affineColumns(A: Matrix, s: Float64Array, c: Float64Array, what: string): Matrix {
  const n = A.rows, d = A.cols;
  const out = Matrix.empty(n, d);
  if (n === 0 || d === 0) return out;
  for (let j = 0; j < d; j++) { const a = ops.sub(A, 0, j, n, 1); ops.geadd(s[j]!, a, 0, a, ops.sub(out, 0, j, n, 1)); }
  scope(() => {
    const ones = Matrix.full(n, 1, 1);
    const row = Matrix.fromColumnMajor(c, 1, d);
    ops.gemm(0, 0, 1, ones, row, 1, out);
  });
  const bad = ops.firstNonFinite(out);
  if (bad >= 0) {
    out.dispose();
    throw new InvalidInputError(`${what}: the result at row ${bad % n}, column ${Math.floor(bad / n)} overflows (is not representable as a finite double)`);
  }
  return out;
}

/**
 * Standardizes columns: z = (x − mean) / scale, with mean and the unbiased standard deviation
 * (n − 1) of the rows given to {@link StandardScaler.fit} — fit it on the training rows only.
 * Constant columns (sd = 0) get scale 1, so they map to 0 instead of NaN.
 * @example
 * const sc = new StandardScaler().fit(Xtrain);
 * const Ztr = sc.transform(Xtrain), Zte = sc.transform(Xtest);
 * const saved = JSON.stringify(sc.toJSON());
 * const again = StandardScaler.fromJSON(JSON.parse(saved));
 */
export class StandardScaler {
  /** Column means (null before fit). */
  mean: Float64Array | null = null;
  /** Column scales: unbiased standard deviations, 1 for constant columns (null before fit). */
  scale: Float64Array | null = null;

  /** Learns column means and scales from `X` (N×d, N ≥ 1, finite). Returns `this`. */
  fit(X: MatrixLike): this {
    asMatrix(X, 'StandardScaler.fit: X', (A) => {
      if (A.rows === 0 || A.cols === 0) throw new InvalidInputError(`StandardScaler.fit: X is empty (${A.rows}×${A.cols})`);
      A.assertFinite('StandardScaler.fit: X');
      const { mean, sd } = columnStats(A);
      for (let j = 0; j < sd.length; j++) {
        if (!Number.isFinite(mean[j]!) || !Number.isFinite(sd[j]!)) {
          throw new InvalidInputError(`StandardScaler.fit: column ${j} of X is too large to standardize (its mean or standard deviation overflows)`);
        }
        // constant columns, and spreads so small that 1/sd overflows or that are rounding noise
        // relative to the mean (as scikit-learn's _handle_zeros_in_scale), get scale 1
        if (!(sd[j]! > 0) || !Number.isFinite(1 / sd[j]!) || sd[j]! <= 10 * Number.EPSILON * Math.abs(mean[j]!)) sd[j] = 1;
      }
      this.mean = mean;
      this.scale = sd;
    });
    return this;
  }

  #check(A: Matrix, fn: string): { mean: Float64Array; scale: Float64Array } {
    if (!this.mean || !this.scale) throw new NotFittedError('StandardScaler');
    if (A.cols !== this.mean.length) throw new ShapeError(`StandardScaler.${fn}: X has ${A.cols} columns, the scaler was fitted on ${this.mean.length}`);
    return { mean: this.mean, scale: this.scale };
  }

  /** (X − mean) / scale as a new matrix. */
  transform(X: MatrixLike): Matrix {
    return asMatrix(X, 'StandardScaler.transform: X', (A) => {
      const { mean, scale } = this.#check(A, 'transform');
      A.assertFinite('StandardScaler.transform: X');
      const inv = scale.map((s) => 1 / s);
      return affineColumns(A, inv, mean.map((m, j) => -m * inv[j]!), 'StandardScaler.transform');
    });
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: MatrixLike): Matrix {
    return this.fit(X).transform(X);
  }

  /** Z · scale + mean as a new matrix (undoes {@link StandardScaler.transform}). */
  inverseTransform(Z: MatrixLike): Matrix {
    return asMatrix(Z, 'StandardScaler.inverseTransform: Z', (A) => {
      const { mean, scale } = this.#check(A, 'inverseTransform');
      A.assertFinite('StandardScaler.inverseTransform: Z');
      return affineColumns(A, scale, mean, 'StandardScaler.inverseTransform');
    });
  }

  /** Plain JSON-serializable form. */
  toJSON(): StandardScalerJSON {
    if (!this.mean || !this.scale) throw new NotFittedError('StandardScaler');
    return { type: 'StandardScaler', mean: [...this.mean], scale: [...this.scale] };
  }

  /** Restores a scaler saved with {@link StandardScaler.toJSON}. */
  static fromJSON(obj: StandardScalerJSON): StandardScaler {
    if (!obj || typeof obj !== 'object' || !Array.isArray(obj.mean) || !Array.isArray(obj.scale) || obj.mean.length !== obj.scale.length) {
      throw new InvalidInputError('StandardScaler.fromJSON: expected { mean: number[], scale: number[] } of equal length');
    }
    obj.mean.forEach((v, j) => { if (!Number.isFinite(v)) throw new InvalidInputError(`StandardScaler.fromJSON: mean[${j}] is not finite`); });
    obj.scale.forEach((v, j) => { if (!(Number.isFinite(v) && v > 0)) throw new InvalidInputError(`StandardScaler.fromJSON: scale[${j}] must be positive and finite`); });
    const s = new StandardScaler();
    s.mean = Float64Array.from(obj.mean);
    s.scale = Float64Array.from(obj.scale);
    return s;
  }
}

/** Result of {@link centerTargets}. */
export interface CenteredTargets {
  /** Y − 1·meanᵀ (N×c). */
  Y: Matrix;
  /** Column means that were subtracted (length c). */
  mean: Float64Array;
}

/**
 * Centers target columns: returns Y − 1·meanᵀ and the means. Pass `mean` (e.g. the training
 * means) to subtract given values instead of this Y's own. A vector Y is treated as one column.
 * @example
 * const { Y: Yc, mean } = centerTargets(ytrain);      // fit on training targets
 * const Yhat = uncenterTargets(net.predict(Xtest), mean);
 */
export function centerTargets(Y: MatrixLike | ArrayLike<number>, mean?: ArrayLike<number>): CenteredTargets {
  return asMatrix(Y, 'centerTargets: Y', (A) => {
    if (A.rows === 0 || A.cols === 0) throw new InvalidInputError(`centerTargets: Y is empty (${A.rows}×${A.cols})`);
    A.assertFinite('centerTargets: Y');
    let mu: Float64Array;
    if (mean !== undefined) {
      mu = toNumbers(mean, 'mean', 'centerTargets', true).slice();
      if (mu.length !== A.cols) throw new ShapeError(`centerTargets: mean has ${mu.length} entries, Y has ${A.cols} columns`);
      mu.forEach((v, j) => { if (!Number.isFinite(v)) throw new InvalidInputError(`centerTargets: mean[${j}] is not finite`); });
    } else {
      mu = columnStats(A).mean;
    }
    const ones = new Float64Array(A.cols).fill(1);
    return { Y: affineColumns(A, ones, mu.map((m) => -m), 'centerTargets'), mean: mu };
  });
}

/** Adds column means back: Y + 1·meanᵀ (undoes {@link centerTargets}). */
export function uncenterTargets(Y: MatrixLike | ArrayLike<number>, mean: ArrayLike<number>): Matrix {
  const mu = toNumbers(mean, 'mean', 'uncenterTargets', true).slice();
  return asMatrix(Y, 'uncenterTargets: Y', (A) => {
    if (mu.length !== A.cols) throw new ShapeError(`uncenterTargets: mean has ${mu.length} entries, Y has ${A.cols} columns`);
    A.assertFinite('uncenterTargets: Y');
    return affineColumns(A, new Float64Array(A.cols).fill(1), mu, 'uncenterTargets');
  });
}

/** Result of {@link oneHot}. */
export interface OneHot {
  /** N×k indicator matrix: Y[i, j] = 1 when labels[i] = classes[j]. */
  Y: Matrix;
  /** The k classes, sorted ascending. */
  classes: Float64Array;
}

/**
 * One-hot encodes numeric class labels. Classes are the sorted distinct labels, or
 * `options.classes` (a label outside them throws {@link InvalidInputError} naming its index).
 * @example
 * const { Y, classes } = oneHot([2, 0, 2]); // classes [0, 2]; Y = [[0, 1], [1, 0], [0, 1]]
 */
export function oneHot(labels: ArrayLike<number>, options: { classes?: ArrayLike<number> } = {}): OneHot {
  checkOptions(options, ['classes'], 'oneHot');
  const lab = toNumbers(labels, 'labels', 'oneHot', true);
  const n = lab.length;
  if (n === 0) throw new InvalidInputError('oneHot: labels is empty');
  let classes: Float64Array;
  if (options.classes !== undefined) {
    if (!Array.isArray(options.classes) && !ArrayBuffer.isView(options.classes)) throw new OptionError(`oneHot: option 'classes' must be an array of numbers, got ${describe(options.classes)}`);
    classes = toNumbers(options.classes, "option 'classes'", 'oneHot', true).slice().sort();
    if (classes.length === 0) throw new OptionError(`oneHot: option 'classes' is empty`);
    for (let j = 1; j < classes.length; j++) if (classes[j] === classes[j - 1]) throw new OptionError(`oneHot: option 'classes' repeats ${classes[j]}`);
  } else {
    classes = Float64Array.from(new Set(lab)).sort();
  }
  const index = new Map<number, number>();
  classes.forEach((c, j) => index.set(c, j));
  const k = classes.length;
  const cls = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = index.get(lab[i]!);
    if (j === undefined) throw new InvalidInputError(`oneHot: labels[${i}] = ${lab[i]} is not one of the classes (${[...classes].slice(0, 20).join(', ')}${k > 20 ? ', …' : ''})`);
    cls[i] = j;
  }
  const Y = Matrix.zeros(n, k);
  const v = Y.view();
  for (let i = 0; i < n; i++) v[i + cls[i]! * n] = 1;
  return { Y, classes };
}
