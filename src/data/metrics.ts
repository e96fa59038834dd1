/**
 * Model metrics computed as scikit-learn computes them: {@link r2Score} (`r2_score`, with
 * `force_finite=True`), {@link accuracy} (`accuracy_score`), {@link logLoss} (`log_loss`) and
 * {@link confusionMatrix} (`confusion_matrix`); calibration of probabilities:
 * {@link expectedCalibrationError} (15-bin top-label ECE) and {@link brierScore} (multi-class
 * Brier). Plain JavaScript in and out; nothing to dispose.
 *
 * Where scikit-learn returns NaN or only warns, these functions throw a typed error instead
 * (each case is listed on the function).
 * @module
 */
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { ldexp } from '../linalg/scaling.js';
import { Matrix } from '../matrix.js';
import { describe } from '../models/schema.js';
import { checkOptions, enumOption } from '../validate.js';
import { checkLabels, compareLabels, showLabel, showLabels, uniqueSorted, type Label } from './preprocess.js';

/** A row-major N×k block of numbers (e.g. the `{ data, rows, cols }` of a prediction). */
export interface RowMajor {
  /** The values, row after row (length rows·cols). */
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

/**
 * Regression targets or predictions: a vector (one output), rows of numbers (`number[][]`,
 * N×k), a row-major block, or a {@link Matrix}.
 */
export type Targets = ArrayLike<number> | readonly (readonly number[])[] | RowMajor | Matrix;

/** Targets as k column vectors of length N, checked finite. */
function toColumns(y: unknown, name: string, fn: string): Float64Array[] {
  if (y instanceof Matrix) {
    // an N×0 matrix has no column to score (and no column to count samples in)
    if (y.cols === 0) throw new InvalidInputError(`${fn}: ${name} has no columns (${y.rows}×0)`);
    const cm = y.toColumnMajor();
    return Array.from({ length: y.cols }, (_, j) => cm.slice(j * y.rows, (j + 1) * y.rows));
  }
  if (y === null || typeof y !== 'object') throw new InvalidInputError(`${fn}: ${name} must be an array of numbers, rows of numbers or { data, rows, cols }, got ${describe(y)}`);
  let rows: number, cols: number, at: (i: number, j: number) => unknown;
  if (typeof (y as ArrayLike<unknown>).length === 'number') {
    const a = y as ArrayLike<unknown>;
    rows = a.length;
    if (rows > 0 && Array.isArray(a[0])) {
      cols = (a[0] as unknown[]).length;
      if (cols === 0) throw new InvalidInputError(`${fn}: ${name} has no columns (rows of 0 values)`);
      for (let i = 0; i < rows; i++) {
        const r = a[i];
        if (!Array.isArray(r)) throw new InvalidInputError(`${fn}: ${name}[${i}] must be an array of numbers like ${name}[0], got ${describe(r)}`);
        if (r.length !== cols) throw new ShapeError(`${fn}: ${name}[${i}] has ${r.length} values, ${name}[0] has ${cols} (ragged rows)`);
      }
      at = (i, j) => (a[i] as unknown[])[j];
    } else {
      cols = 1;
      at = (i) => a[i];
    }
  } else {
    const b = y as Partial<RowMajor>;
    if (!b.data || typeof b.data.length !== 'number' || !Number.isInteger(b.rows) || !Number.isInteger(b.cols) || b.rows! < 0 || b.cols! < 1) {
      throw new InvalidInputError(`${fn}: ${name} must be an array of numbers, rows of numbers or { data, rows, cols }`);
    }
    rows = b.rows!; cols = b.cols!;
    if (b.data.length !== rows * cols) throw new ShapeError(`${fn}: ${name}.data has ${b.data.length} values, rows·cols = ${rows}·${cols} = ${rows * cols}`);
    const d = b.data;
    at = (i, j) => d[i * cols + j];
  }
  if (rows === 0) throw new InvalidInputError(`${fn}: ${name} is empty`);
  if (cols === 0) throw new InvalidInputError(`${fn}: ${name} has no columns`);
  const out: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const v = at(i, j);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InvalidInputError(`${fn}: ${name}${cols > 1 ? `[${i}][${j}]` : `[${i}]`} = ${showLabel(v)} is not a finite number`);
      }
      c[i] = v;
    }
    out.push(c);
  }
  return out;
}

// ------------------------------------------------------------------ r2Score

/** How {@link r2Score} combines several outputs (scikit-learn's `multioutput`). */
export type MultiOutput = 'uniform_average' | 'variance_weighted' | 'raw_values' | ArrayLike<number>;

/** Options of {@link r2Score}. */
export interface R2Options {
  /**
   * `'uniform_average'` (default): the mean of the per-output scores; `'variance_weighted'`:
   * weighted by each output's total sum of squares (uniform when every output is constant);
   * `'raw_values'`: the per-output scores as a Float64Array; an array of k non-negative
   * weights: their weighted mean.
   */
  multioutput?: MultiOutput;
}

/**
 * Coefficient of determination R² as scikit-learn's `r2_score` (with its default
 * `force_finite=True`). Per output j, with SSres = Σᵢ (yᵢⱼ − ŷᵢⱼ)² and SStot = Σᵢ (yᵢⱼ − ȳⱼ)²:
 * R²ⱼ = 1 − SSres/SStot; when SStot = 0 (a constant `yTrue` column), R²ⱼ = 1 if the
 * prediction is perfect (SSres = 0) and 0 otherwise. Outputs are then combined by
 * `multioutput` ({@link R2Options}). A constant column is recognized exactly (all values
 * equal), not through a rounded mean.
 *
 * Differences from scikit-learn: fewer than two samples throw {@link InvalidInputError}
 * (scikit-learn warns and returns NaN); non-finite values throw.
 * @example
 * r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]);                 // 0.9486081370449679
 * r2Score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]], { multioutput: 'raw_values' });
 */
export function r2Score(yTrue: Targets, yPred: Targets, options: { multioutput: 'raw_values' }): Float64Array;
export function r2Score(yTrue: Targets, yPred: Targets, options?: { multioutput?: Exclude<MultiOutput, 'raw_values'> }): number;
export function r2Score(yTrue: Targets, yPred: Targets, options?: R2Options): number | Float64Array;
export function r2Score(yTrue: Targets, yPred: Targets, options: R2Options = {}): number | Float64Array {
  const fn = 'r2Score';
  checkOptions(options, ['multioutput'], fn);
  const T = toColumns(yTrue, 'yTrue', fn), P = toColumns(yPred, 'yPred', fn);
  if (P.length !== T.length) throw new ShapeError(`${fn}: yTrue has ${T.length} outputs, yPred has ${P.length}`);
  const n = T[0]!.length;
  if (P[0]!.length !== n) throw new ShapeError(`${fn}: yTrue has ${n} samples, yPred has ${P[0]!.length}`);
  if (n < 2) throw new InvalidInputError(`${fn}: R² needs at least two samples, got ${n} (scikit-learn returns NaN)`);
  const k = T.length;
  const mo = options.multioutput ?? 'uniform_average';
  let weights: Float64Array | null = null;
  if (typeof mo === 'string') {
    enumOption(mo, 'multioutput', fn, ['uniform_average', 'variance_weighted', 'raw_values'] as const);
  } else {
    if (mo === null || typeof mo !== 'object' || typeof (mo as ArrayLike<number>).length !== 'number') {
      throw new OptionError(`${fn}: option 'multioutput' must be 'uniform_average', 'variance_weighted', 'raw_values' or an array of ${k} weights`);
    }
    if (mo.length !== k) throw new OptionError(`${fn}: option 'multioutput' has ${mo.length} weights, there are ${k} outputs`);
    weights = Float64Array.from(mo);
    let sum = 0;
    weights.forEach((w, j) => {
      if (!Number.isFinite(w) || w < 0) throw new OptionError(`${fn}: option 'multioutput' weight ${j} must be a finite number ≥ 0, got ${w}`);
      sum += w;
    });
    if (!(sum > 0)) throw new OptionError(`${fn}: option 'multioutput' weights sum to 0`);
  }
  const den = new Float64Array(k), scores = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const t = T[j]!, p = P[j]!;
    let constant = true, perfect = true;
    for (let i = 0; i < n; i++) { if (t[i] !== t[0]) constant = false; if (t[i] !== p[i]) perfect = false; }
    // finite data of any magnitude (1e308, subnormals): the residuals and deviations are formed
    // on values scaled by a power of two (exact) into [-1, 1], and their sums of squares as
    // dnrm2 does (norm = max·‖v/max‖), so nothing overflows or underflows; R² is scale-free
    const e = pow2Scale(Math.max(maxAbsOf(t), maxAbsOf(p)));
    const ts = Float64Array.from(t, (v) => ldexp(v, e)), r = Float64Array.from(t, (v, i) => ldexp(v, e) - ldexp(p[i]!, e));
    let mean = 0;
    for (let i = 0; i < n; i++) mean += ts[i]! / n;
    const d = ts.map((v) => v - mean);
    const nres = perfect ? 0 : scaledNorm(r), ntot = constant ? 0 : scaledNorm(d);
    // variance weights: the (scaled) total sums of squares, relative to the largest one below
    den[j] = ntot;
    const ratio = ntot !== 0 ? (nres / ntot) ** 2 : 0;
    scores[j] = ntot !== 0 ? (nres !== 0 ? 1 - ratio : 1) : (nres !== 0 ? 0 : 1);
    if (!Number.isFinite(scores[j]!)) {
      throw new NonFiniteError(`${fn}: R² of output ${j} is below −1.8e308 (the residuals are more than 1e154 times the spread of yTrue): not representable`);
    }
  }
  // variance_weighted uses SStot_j = (scale_j·ntot_j)²: compare on a common scale (the largest)
  if (mo === 'variance_weighted') {
    const es = T.map((t, j) => pow2Scale(Math.max(maxAbsOf(t), maxAbsOf(P[j]!))));
    const emin = Math.min(...es);
    for (let j = 0; j < k; j++) den[j] = ldexp(den[j]!, emin - es[j]!) ** 2;
    const dmax = Math.max(...den);
    if (dmax > 0 && Number.isFinite(dmax)) for (let j = 0; j < k; j++) den[j] = den[j]! / dmax;
  }
  if (weights) {
    // user weights of any magnitude (2.5e-323): normalized by the largest one first
    const wmax = Math.max(...weights);
    for (let j = 0; j < k; j++) weights[j] = weights[j]! / wmax;
  }
  if (mo === 'raw_values') return scores;
  if (mo === 'variance_weighted' && den.some((d) => d !== 0)) weights = den;
  // averages as Σ (w_j / Σw)·score_j: scores near −1.8e308 do not overflow the sum
  if (!weights) {
    let s = 0;
    for (let j = 0; j < k; j++) s += scores[j]! / k;
    return s;
  }
  let w = 0;
  for (let j = 0; j < k; j++) w += weights[j]!;
  let s = 0;
  for (let j = 0; j < k; j++) s += (weights[j]! / w) * scores[j]!;
  if (!Number.isFinite(s)) throw new NonFiniteError(`${fn}: the average R² is below −1.8e308: not representable`);
  return s;
}

/** max|v| over a column. */
function maxAbsOf(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) { const a = Math.abs(v[i]!); if (a > m) m = a; }
  return m;
}

/** e with 2^e·amax in [0.5, 1) (0 for amax 0): brings a column of any finite magnitude to about 1. */
function pow2Scale(amax: number): number {
  return amax > 0 && Number.isFinite(amax) ? -Math.floor(Math.log2(amax)) - 1 : 0;
}

/** ‖v‖₂ without overflow or harmful underflow (dnrm2: max·‖v/max‖). */
function scaledNorm(v: Float64Array): number {
  const m = maxAbsOf(v);
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < v.length; i++) { const x = v[i]! / m; s += x * x; }
  return m * Math.sqrt(s);
}

// ------------------------------------------------------------------ classification

/** Checks a pair of label arrays: equal non-zero length, one kind, no continuous numbers. */
function checkPair(yTrue: unknown, yPred: unknown, fn: string): 'string' | 'number' {
  const kt = checkLabels(yTrue, 'yTrue', fn) as 'string' | 'number';
  const kp = checkLabels(yPred, 'yPred', fn) as 'string' | 'number';
  const t = yTrue as ArrayLike<Label>, p = yPred as ArrayLike<Label>;
  if (t.length !== p.length) throw new ShapeError(`${fn}: yTrue has ${t.length} labels, yPred has ${p.length}`);
  if (kt !== kp) throw new InvalidInputError(`${fn}: yTrue holds ${kt}s and yPred ${kp}s (${showLabel(t[0])} vs ${showLabel(p[0])}); labels must be of the same kind`);
  if (kt === 'number') { checkDiscrete(t, 'yTrue', fn); checkDiscrete(p, 'yPred', fn); }
  return kt;
}

/** Numeric class labels must be integers (scikit-learn calls other floats 'continuous' and refuses them). */
function checkDiscrete(a: ArrayLike<Label>, name: string, fn: string): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isInteger(a[i])) {
      throw new InvalidInputError(`${fn}: ${name}[${i}] = ${a[i]} is not a class label (numeric labels must be integers; continuous values such as regression outputs are refused, as by scikit-learn)`);
    }
  }
}

/** Checks an explicit `labels` option: non-empty, one kind, distinct. */
function checkLabelsOption(labels: unknown, fn: string, kind: 'string' | 'number'): Label[] {
  let k: string;
  try {
    k = checkLabels(labels, "option 'labels'", fn);
  } catch (e) {
    if (e instanceof InvalidInputError) throw new OptionError(e.message);
    throw e;
  }
  if (k !== kind) throw new OptionError(`${fn}: option 'labels' holds ${k}s, the data ${kind}s`);
  const arr = Array.from(labels as ArrayLike<Label>);
  const seen = new Set<Label>();
  for (const l of arr) {
    if (seen.has(l)) throw new OptionError(`${fn}: option 'labels' repeats ${showLabel(l)}`);
    seen.add(l);
  }
  return arr;
}

/**
 * Fraction of exactly matching labels, as scikit-learn's `accuracy_score`. Labels are strings
 * or numbers, the same kind in both arrays; numeric labels must be integers (scikit-learn
 * refuses "continuous" targets the same way).
 * @example
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3]);        // 0.5
 * accuracy(['a', 'b'], ['a', 'a']);            // 0.5
 */
export function accuracy(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): number {
  checkPair(yTrue, yPred, 'accuracy');
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** The labels indexing rows and columns, in this order; samples whose true or predicted label is not among them are left out. Default: every label of `yTrue` or `yPred`, sorted. */
  labels?: ArrayLike<Label>;
}

/** Result of {@link confusionMatrix}. */
export interface ConfusionMatrix {
  /** The labels of rows (true) and columns (predicted), in order. */
  labels: Label[];
  /** `matrix[i][j]`: samples with true label `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
}

/**
 * Confusion matrix as scikit-learn's `confusion_matrix`: rows are true labels, columns are
 * predicted labels; the labels are the sorted union of both arrays (numbers numerically,
 * strings by code point) unless given. With `labels` given, samples whose true or predicted
 * label is not listed are left out, and at least one listed label must occur in `yTrue`
 * (else {@link InvalidInputError}, as scikit-learn's ValueError).
 * @example
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]).matrix; // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 */
export function confusionMatrix(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, options: ConfusionMatrixOptions = {}): ConfusionMatrix {
  const fn = 'confusionMatrix';
  checkOptions(options, ['labels'], fn);
  const kind = checkPair(yTrue, yPred, fn);
  let labels: Label[];
  if (options.labels !== undefined) {
    labels = checkLabelsOption(options.labels, fn, kind);
    const inTrue = new Set<Label>();
    for (let i = 0; i < yTrue.length; i++) inTrue.add(yTrue[i]!);
    if (!labels.some((l) => inTrue.has(l))) throw new InvalidInputError(`${fn}: none of the labels (${showLabels(labels)}) occurs in yTrue`);
  } else {
    labels = uniqueSorted(yTrue, yPred);
  }
  const index = new Map<Label, number>(labels.map((l, k) => [l, k]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const a = index.get(yTrue[i]!), b = index.get(yPred[i]!);
    if (a !== undefined && b !== undefined) matrix[a]![b]!++;
  }
  return { labels, matrix };
}

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** The classes, in the order of the probability columns (they are sorted, as scikit-learn does). Default: the sorted labels of `yTrue`. */
  labels?: ArrayLike<Label>;
  /** Probabilities are clipped to [eps, 1 − eps] (default `Number.EPSILON` = 2⁻⁵², scikit-learn's `np.finfo(float64).eps`). With `eps: 0` a true class of probability 0 is a {@link NonFiniteError} (an infinite loss; scikit-learn returns inf). */
  eps?: number;
  /** `true` (default): the mean loss per sample; `false`: the sum. */
  normalize?: boolean;
}

/**
 * Cross-entropy (log) loss as scikit-learn's `log_loss` (version ≥ 1.5): with the classes
 * c₀ < c₁ < … (sorted labels of `yTrue`, or the sorted `labels` option) indexing the columns of
 * `proba` (N×k: rows of numbers, a row-major `{ data, rows, cols }`, or a {@link Matrix}),
 * loss = −(1/N) Σᵢ log(clip(proba[i][class of yTrue[i]], eps, 1 − eps)).
 * A vector `proba` (or N×1) holds the probability of the larger class of a binary problem and
 * is read as columns [1 − p, p]. Probabilities are not renormalized.
 *
 * Errors (scikit-learn raises a ValueError for the first four; it only warns for the last):
 * a probability outside [0, 1]; fewer than two classes; a column count different from the
 * number of classes; a `yTrue` label not in `labels`; a row that does not sum to 1 within
 * 1e-8 + √ε (np.allclose(sum, 1, rtol=√ε)) → {@link InvalidInputError}.
 * @example
 * logLoss(['spam', 'ham', 'ham', 'spam'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.21616187468057912
 */
export function logLoss(yTrue: ArrayLike<Label>, proba: ArrayLike<number> | readonly (readonly number[])[] | RowMajor | Matrix, options: LogLossOptions = {}): number {
  const fn = 'logLoss';
  checkOptions(options, ['labels', 'eps', 'normalize'], fn);
  const kind = checkLabels(yTrue, 'yTrue', fn) as 'string' | 'number';
  if (kind === 'number') checkDiscrete(yTrue, 'yTrue', fn);
  const eps = options.eps ?? Number.EPSILON;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5)) throw new OptionError(`${fn}: option 'eps' must be a number in [0, 0.5), got ${describe(eps)}`);
  const normalize = options.normalize ?? true;
  if (typeof normalize !== 'boolean') throw new OptionError(`${fn}: option 'normalize' must be true or false, got ${describe(normalize)}`);
  const { cols, truth } = probabilityColumns(yTrue, proba, options.labels, kind, fn);
  const n = yTrue.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(Math.max(cols[truth[i]!]![i]!, eps), 1 - eps);
    // only with eps = 0: a true class of probability 0 has an infinite loss, not a number to return
    if (p === 0) throw new NonFiniteError(`${fn}: sample ${i} gives its true class (${showLabel(yTrue[i])}) probability 0 and eps is 0: the loss is infinite (use eps > 0 to clip)`);
    total -= Math.log(p);
  }
  return normalize ? total / n : total;
}

/**
 * The checks shared by the probability metrics ({@link logLoss}, {@link expectedCalibrationError},
 * {@link brierScore}): classes = the sorted `labels` option or the sorted labels of `yTrue`
 * (at least two), `proba` N×k with k = the number of classes (a vector = the larger class of a
 * binary problem, read as [1 − p, p]), entries in [0, 1], rows summing to 1 within
 * 1e-8 + √ε, every `yTrue` label a class. Returns the probability columns and the column
 * index of each sample's true class.
 */
function probabilityColumns(yTrue: ArrayLike<Label>, proba: unknown, labelsOption: ArrayLike<Label> | undefined, kind: 'string' | 'number', fn: string): { cols: Float64Array[]; truth: Int32Array } {
  const classes = labelsOption !== undefined ? [...checkLabelsOption(labelsOption, fn, kind)].sort(compareLabels) : uniqueSorted(yTrue);
  if (classes.length < 2) {
    if (labelsOption !== undefined) throw new OptionError(`${fn}: option 'labels' needs at least two classes, got ${showLabels(classes)}`);
    throw new InvalidInputError(`${fn}: yTrue holds only one class (${showLabel(classes[0])}); pass every class with the option 'labels'`);
  }
  let cols = toColumns(proba, 'proba', fn);
  const n = yTrue.length;
  if (cols[0]!.length !== n) throw new ShapeError(`${fn}: yTrue has ${n} labels, proba has ${cols[0]!.length} rows`);
  if (cols.length === 1) cols = [cols[0]!.map((p) => 1 - p), cols[0]!];
  const k = cols.length;
  if (k !== classes.length) {
    throw new ShapeError(`${fn}: proba has ${k} columns, there are ${classes.length} classes (${showLabels(classes)})${labelsOption === undefined ? '; pass every class with the option \'labels\'' : ''}`);
  }
  const index = new Map<Label, number>(classes.map((c, j) => [c, j]));
  const tol = 1e-8 + Math.sqrt(Number.EPSILON);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const p = cols[j]![i]!;
      if (p < 0 || p > 1) throw new InvalidInputError(`${fn}: proba[${i}][${j}] = ${p} is not a probability (outside [0, 1])`);
      sum += p;
    }
    if (Math.abs(sum - 1) > tol) throw new InvalidInputError(`${fn}: proba row ${i} sums to ${sum}, not 1 (pass probabilities, e.g. predictProba; scikit-learn warns here)`);
    const c = index.get(yTrue[i]!);
    if (c === undefined) throw new InvalidInputError(`${fn}: yTrue[${i}] = ${showLabel(yTrue[i])} is not one of the labels (${showLabels(classes)})`);
    truth[i] = c;
  }
  return { cols, truth };
}

/** Options of {@link expectedCalibrationError}. */
export interface CalibrationErrorOptions {
  /** The classes, in the order of the probability columns (sorted). Default: the sorted labels of `yTrue`. */
  labels?: ArrayLike<Label>;
  /** Number of equal-width confidence bins (integer in [1, 10⁶], default 15). */
  bins?: number;
}

/**
 * Expected calibration error (top-label ECE, Guo et al. 2017; `bins` equal-width bins, default
 * 15): with the confidence cᵢ = max_j proba[i][j] and the prediction ŷᵢ = the first column
 * attaining it, sample i falls in bin b = ⌈cᵢ·B⌉ − 1 (the interval (b/B, (b+1)/B]; cᵢ = 0 goes
 * to bin 0), and
 *
 *   ECE = Σ_b (|B_b|/N)·|acc(B_b) − conf(B_b)|,
 *
 * acc = the fraction of the bin's samples with ŷᵢ = yᵢ, conf = their mean confidence. 0 for
 * perfectly calibrated confidences; in [0, 1]. `proba` and the checks are those of
 * {@link logLoss} (N×k rows summing to 1, columns = the sorted classes; a vector = binary).
 * @example
 * expectedCalibrationError([0, 1, 1], [[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]); // three bins of one sample: (0.1 + 0.2 + 0.6)/3 ≈ 0.3
 */
export function expectedCalibrationError(yTrue: ArrayLike<Label>, proba: ArrayLike<number> | readonly (readonly number[])[] | RowMajor | Matrix, options: CalibrationErrorOptions = {}): number {
  const fn = 'expectedCalibrationError';
  checkOptions(options, ['labels', 'bins'], fn);
  const bins = options.bins ?? 15;
  if (typeof bins !== 'number' || !Number.isInteger(bins) || bins < 1 || bins > 1e6) throw new OptionError(`${fn}: option 'bins' must be an integer in [1, 1e6], got ${describe(bins)}`);
  const kind = checkLabels(yTrue, 'yTrue', fn) as 'string' | 'number';
  if (kind === 'number') checkDiscrete(yTrue, 'yTrue', fn);
  const { cols, truth } = probabilityColumns(yTrue, proba, options.labels, kind, fn);
  const n = truth.length, k = cols.length;
  const count = new Float64Array(bins), hits = new Float64Array(bins), conf = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (cols[j]![i]! > cols[best]![i]!) best = j;
    const c = cols[best]![i]!;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
    count[b]! += 1; conf[b]! += c;
    if (best === truth[i]) hits[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) ece += Math.abs(hits[b]! - conf[b]!) / n;
  return ece;
}

/** Options of {@link brierScore}. */
export interface BrierScoreOptions {
  /** The classes, in the order of the probability columns (sorted). Default: the sorted labels of `yTrue`. */
  labels?: ArrayLike<Label>;
}

/**
 * Multi-class Brier score (Brier 1950): the mean over samples of Σ_j (proba[i][j] − [yᵢ = c_j])²,
 * in [0, 2] (0 = certain and right). For two classes it is twice scikit-learn's binary
 * `brier_score_loss` (which scores the positive column only). `proba` and the checks are those
 * of {@link logLoss}.
 * @example
 * brierScore([0, 1], [[0.9, 0.1], [0.2, 0.8]]); // ((0.1² + 0.1²) + (0.2² + 0.2²))/2 = 0.05
 */
export function brierScore(yTrue: ArrayLike<Label>, proba: ArrayLike<number> | readonly (readonly number[])[] | RowMajor | Matrix, options: BrierScoreOptions = {}): number {
  const fn = 'brierScore';
  checkOptions(options, ['labels'], fn);
  const kind = checkLabels(yTrue, 'yTrue', fn) as 'string' | 'number';
  if (kind === 'number') checkDiscrete(yTrue, 'yTrue', fn);
  const { cols, truth } = probabilityColumns(yTrue, proba, options.labels, kind, fn);
  const n = truth.length, k = cols.length;
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) total += (cols[j]![i]! - (j === truth[i] ? 1 : 0)) ** 2;
  return total / n;
}
