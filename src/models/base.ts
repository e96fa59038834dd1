/**
 * The model contract (DESIGN.md §3), in one place. Every model of lsqnet extends {@link Model}:
 *
 * - hyperparameters in the constructor, declared ONCE in a table of {@link OptionSpec}s (name →
 *   default + validator, see {@link opt}); unknown keys are rejected with the list of valid keys;
 * - `fit(X, Y)` returns `this`;
 * - `predict(X)` → `Matrix` N × c (the caller owns it), or `predict(X, { as: 'array' })` → a
 *   row-major `Float64Array` of N·c values (no lifetime to manage; for one output column it is
 *   simply the N predictions);
 * - `score(X, Y)`: R² for regression (averaged over the output columns, scikit-learn's
 *   `uniform_average`), accuracy for classification;
 * - classifiers (`predictClass` / `predictProba`) implement {@link Classifier};
 * - ONE progress option, `onProgress(event)`, with ONE event shape {@link ProgressEvent}
 *   (`stage`, `step` of `total`, optional `loss`, plus model-specific extras);
 * - `history` of the last fit;
 * - `toJSON()` / `static fromJSON()` with a strict schema (see `schema.ts`): a tampered file is
 *   an `InvalidInputError` naming the field;
 * - `dispose()` + `disposed`; using a disposed model throws `DisposedError`, predicting with an
 *   unfitted one `NotFittedError`. Models join the current {@link scope} like matrices.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { DisposedError, InvalidInputError, LsqnetError, NonFiniteError, NotFittedError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { scope, track, untrack, type Disposable } from '../scope.js';
import { checkOptions, toNumbers } from '../validate.js';
import { describe, expectObject, type Fields } from './schema.js';

/**
 * The one progress event of every model's `onProgress`: `step` counts from 1 to `total`
 * (increasing; the last event of a fit has `step === total`), `loss` is the training loss of
 * the model after this step when the model measures one (e.g. the training MSE). Models add
 * their own fields (e.g. `seconds`, `layer`, `branch`).
 */
export interface ProgressEvent {
  /** What was just done, e.g. `'layer'`, `'solve'`, `'iteration'`, `'epoch'`. */
  stage: string;
  /** 1-based step of the fit. */
  step: number;
  /** Number of steps of the fit. */
  total: number;
  /** Training loss after this step, when measured. */
  loss?: number;
}

/** Options every model accepts besides its hyperparameters. */
export interface CommonModelOptions<P extends ProgressEvent = ProgressEvent> {
  /** Called after each step of `fit` (see {@link ProgressEvent}). */
  onProgress?: (event: P) => void;
}

/** Options of {@link Model.predict}. */
export interface PredictOptions {
  /** `'matrix'` (default): a `Matrix` N × c you own; `'array'`: a row-major `Float64Array` of N·c values. */
  as?: 'matrix' | 'array';
}

/** What classifiers add to the contract. */
export interface Classifier {
  /** Predicted class labels, one per row of X. */
  predictClass(X: MatrixLike): Int32Array;
  /** Class probabilities (N × classes, rows sum to 1). */
  predictProba(X: MatrixLike): Matrix;
}

// ------------------------------------------------------------------ option tables

/** One hyperparameter: its default and its validator (which throws {@link OptionError}). */
export interface OptionSpec<T> {
  /** Value used when the option is not given (`undefined` keeps it absent). */
  readonly default: T;
  /** Validates a given (or the default) value; `name` is the option name, `fn` the model. */
  check(value: unknown, name: string, fn: string): T;
}

/** A table of option specs: the single declaration of a model's hyperparameters and defaults. */
export type OptionTable<O> = { readonly [K in keyof O]-?: OptionSpec<O[K]> };

/** Bounded text of a value for an option message (strings quoted, everything else {@link describe}d). */
function got(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : typeof v === 'number' ? String(v) : describe(v);
}

/** Builders of {@link OptionSpec}s (messages as in `validate.ts`, never unbounded). */
export const opt = {
  /** An integer in [min, max]. */
  int(def: number, min: number, max: number): OptionSpec<number> {
    return {
      default: def,
      check(v, name, fn) {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new OptionError(`${fn}: option '${name}' must be an integer in [${min}, ${max}], got ${got(v)}`);
        return v;
      },
    };
  },
  /** An optional integer in [min, max] (default: absent). */
  optionalInt(min: number, max: number): OptionSpec<number | undefined> {
    const inner = opt.int(0, min, max);
    return { default: undefined, check: (v, name, fn) => (v === undefined ? undefined : inner.check(v, name, fn)) };
  },
  /** A finite number in [min, max] (or (min, max] when `inclusiveMin` is false; `max` excluded when `exclusiveMax`). */
  number(def: number, min = -Infinity, max = Infinity, inclusiveMin = true, exclusiveMax = false): OptionSpec<number> {
    return {
      default: def,
      check(v, name, fn) {
        if (typeof v !== 'number' || !Number.isFinite(v) || (exclusiveMax ? v >= max : v > max) || (inclusiveMin ? v < min : v <= min)) {
          throw new OptionError(`${fn}: option '${name}' must be a finite number in ${inclusiveMin ? '[' : '('}${min}, ${max}${exclusiveMax ? ')' : ']'}, got ${got(v)}`);
        }
        return v;
      },
    };
  },
  /** One of a fixed set of strings. */
  enum<T extends string>(def: T, allowed: readonly T[]): OptionSpec<T> {
    return {
      default: def,
      check(v, name, fn) {
        if (typeof v !== 'string' || !allowed.includes(v as T)) throw new OptionError(`${fn}: option '${name}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${got(v)}`);
        return v as T;
      },
    };
  },
  /** A boolean. */
  bool(def: boolean): OptionSpec<boolean> {
    return {
      default: def,
      check(v, name, fn) {
        if (typeof v !== 'boolean') throw new OptionError(`${fn}: option '${name}' must be a boolean`);
        return v;
      },
    };
  },
  /** A seed: integer in [0, 2^53). */
  seed(def = 1): OptionSpec<number> {
    return opt.int(def, 0, 2 ** 53 - 1);
  },
  /** Anything else: a default and a custom validator. */
  custom<T>(def: T, check: (v: unknown, name: string, fn: string) => T): OptionSpec<T> {
    return { default: def, check };
  },
};

/**
 * Validates `options` against `table`: rejects unknown keys (listing the valid ones, including
 * `onProgress`), fills in defaults and runs every validator. Returns the values (onProgress
 * excluded) and the progress callback.
 */
export function resolveOptions<O, P extends ProgressEvent>(table: OptionTable<O>, options: Partial<O> & CommonModelOptions<P> | undefined, fn: string):
  { values: O; onProgress: ((e: P) => void) | null } {
  const keys = Object.keys(table) as (keyof O & string)[];
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new OptionError(`${fn}: options must be an object or omitted, got ${got(options)}`);
  }
  checkOptions(options, [...keys, 'onProgress'], fn);
  const given = (options ?? {}) as Record<string, unknown>;
  const values = {} as O;
  for (const k of keys) {
    const spec = table[k] as OptionSpec<unknown>;
    const v = given[k] === undefined ? spec.default : given[k];
    (values as Record<string, unknown>)[k] = spec.check(v, k, fn);
  }
  const onProgress = given.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new OptionError(`${fn}: option 'onProgress' must be a function`);
  return { values, onProgress: (onProgress as (e: P) => void) ?? null };
}

/**
 * Reads the `options` object of a saved model and builds the model from it with `make`
 * (the constructor validates): keys must be option names of `table`; an invalid value becomes an
 * {@link InvalidInputError} naming the field.
 */
export function modelFromJSONOptions<M>(f: Fields, field: string, table: OptionTable<unknown>, make: (options: Record<string, unknown>) => M): M {
  const o = f.object(field, { required: [], optional: Object.keys(table) });
  // each option on its own first, so that the message names the field (options.seed) ...
  for (const k of Object.keys(o.raw)) {
    const v = o.raw[k];
    if (v === undefined) continue;
    try {
      (table as Record<string, OptionSpec<unknown>>)[k]!.check(v, k, f.fn);
    } catch (err) {
      if (err instanceof OptionError) {
        const msg = err.message.startsWith(`${f.fn}: `) ? err.message.slice(f.fn.length + 2) : err.message;
        throw new InvalidInputError(`${f.fn}: field '${o.at(k)}' is invalid: ${msg}`);
      }
      throw err;
    }
  }
  // ... then the constructor's checks across options
  try {
    return make({ ...o.raw });
  } catch (err) {
    if (err instanceof OptionError) throw new InvalidInputError(`${f.fn}: field '${o.path}' is invalid: ${err.message}`);
    throw err;
  }
}

/**
 * A `rows × cols` matrix from checked column-major data of a saved model, owned by the model
 * (in no scope). Call it only after every field of the document was checked.
 */
export function ownedMatrix(data: Float64Array, rows: number, cols: number): Matrix {
  const M = Matrix.fromColumnMajor(data, rows, cols);
  untrack(M);
  return M;
}

/** Checks the header of a saved model: `obj` is an object with the given discriminator fields. */
export function expectModelJSON(obj: unknown, fn: string, header: Readonly<Record<string, string | number>>, keys: { required: readonly string[]; optional?: readonly string[] }): Fields {
  const names = Object.keys(header);
  // the discriminators first: a file of another kind is named as such, not by its first odd field
  const head = expectObject(obj, fn, { required: [], optional: obj !== null && typeof obj === 'object' ? Object.keys(obj) : [] });
  for (const k of names) head.literal(k, header[k]!);
  return expectObject(obj, fn, { required: [...names, ...keys.required], optional: keys.optional });
}

// ------------------------------------------------------------------ targets and scores

function isVectorLike(y: unknown): y is ArrayLike<number> {
  return ArrayBuffer.isView(y) || (Array.isArray(y) && (y.length === 0 || typeof y[0] === 'number'));
}

/** @internal Regression targets as a checked N × c Matrix (created in the caller's scope). `fn` like `'SampledNetwork.fit'`. */
export function regressionTargets(Y: MatrixLike | ArrayLike<number>, N: number, fn: string): Matrix {
  let T: Matrix;
  if (isVectorLike(Y)) {
    if (Y.length !== N) throw new ShapeError(`${fn}: X has ${N} rows but y has ${Y.length} values`);
    T = Matrix.fromColumnMajor(Y, Y.length, 1);
  } else {
    T = Matrix.from(Y as MatrixLike, 'Y');
    if (T.rows !== N) throw new ShapeError(`${fn}: X has ${N} rows but Y has ${T.rows}`);
  }
  if (T.cols === 0) throw new InvalidInputError(`${fn}: Y has no columns`);
  T.assertFinite(`${fn}: Y`);
  return T;
}

/** @internal Integer class labels from a vector or an N × 1 matrix. `fn` like `'SampledNetwork.fit'`. */
export function classLabels(Y: MatrixLike | ArrayLike<number>, fn: string): Float64Array {
  let v: Float64Array;
  // every cell checked to be a number first (a BigInt / string cell is an InvalidInputError naming it)
  if (isVectorLike(Y)) v = Float64Array.from(toNumbers(Y, 'y', fn, false));
  else {
    const T = Matrix.from(Y as MatrixLike, 'Y');
    try {
      if (T.cols !== 1) throw new ShapeError(`${fn}: classification labels must be a vector or an N×1 matrix, got ${T.rows}×${T.cols}`);
      v = T.toColumnMajor();
    } finally { if (!(Y instanceof Matrix)) T.dispose(); }
  }
  for (let i = 0; i < v.length; i++) {
    if (!Number.isInteger(v[i]) || Math.abs(v[i]!) > 2 ** 31 - 1) throw new InvalidInputError(`${fn}: label at index ${i} is not an integer (${v[i]})`);
  }
  return v;
}

/** R² of predictions P against targets T (both N × c, column-major), averaged over columns (sklearn `uniform_average`; a constant column scores 1 if predicted exactly, else 0). */
export function r2Score(p: ArrayLike<number>, y: ArrayLike<number>, n: number, c: number): number {
  let r2 = 0;
  for (let j = 0; j < c; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i + j * n]!;
    mean /= n;
    let ssr = 0, sst = 0;
    for (let i = 0; i < n; i++) { ssr += (y[i + j * n]! - p[i + j * n]!) ** 2; sst += (y[i + j * n]! - mean) ** 2; }
    r2 += sst === 0 ? (ssr === 0 ? 1 : 0) : 1 - ssr / sst;
  }
  return r2 / c;
}

// ------------------------------------------------------------------ the base class

/**
 * Base of every lsqnet model (see the module comment for the contract). Subclasses implement
 * `fit`, `predictMatrix` (checked X → N × c outputs), `toJSON`, `release` (free the fitted
 * weights), the `fitted` getter, and a `static fromJSON` built with `schema.ts`.
 * @typeParam P Progress event type. @typeParam H History entry type.
 */
export abstract class Model<P extends ProgressEvent = ProgressEvent, H = P> implements Disposable {
  /** Per-step log of the last fit (empty before the first fit). */
  history: H[] = [];
  /** Model name used in messages. */
  readonly #name: string;
  #onProgress: ((e: P) => void) | null;
  #disposed = false;

  protected constructor(name: string, onProgress: ((e: P) => void) | null) {
    this.#name = name;
    this.#onProgress = onProgress;
    track(this);
  }

  /** True once fitted (and not disposed). */
  abstract get fitted(): boolean;

  /** True after {@link Model.dispose}. */
  get disposed(): boolean { return this.#disposed; }

  /** Trains on X (N × d) and Y; returns `this`. Refitting replaces the previous model. */
  abstract fit(X: MatrixLike, Y: MatrixLike | ArrayLike<number>): this;

  /** Serializable state (options and fitted weights); restore with the class's `fromJSON`. */
  abstract toJSON(): unknown;

  /** Model outputs for a checked, fitted model: N × c. */
  protected abstract predictMatrix(X: MatrixLike): Matrix;

  /** Frees the fitted weights (called once by `dispose`). */
  protected abstract release(): void;

  /** True for classifiers (`score` is then the accuracy of `predictClass`). */
  protected get isClassifier(): boolean { return false; }

  /**
   * Model outputs for X (N × d): a `Matrix` N × c (the caller owns it; regression values or
   * class scores), or with `{ as: 'array' }` a row-major `Float64Array` of N·c values.
   */
  predict(X: MatrixLike): Matrix;
  predict(X: MatrixLike, options: { as: 'array' }): Float64Array;
  predict(X: MatrixLike, options: { as?: 'matrix' }): Matrix;
  predict(X: MatrixLike, options?: PredictOptions): Matrix | Float64Array;
  predict(X: MatrixLike, options?: PredictOptions): Matrix | Float64Array {
    this.assertFitted('predict');
    let as: 'matrix' | 'array' = 'matrix';
    if (options !== undefined) {
      if (options === null || typeof options !== 'object' || Array.isArray(options)) {
        throw new OptionError(`${this.#name}.predict: options must be an object ({ as: 'matrix' | 'array' }) or omitted, got ${got(options)}`);
      }
      checkOptions(options, ['as'], `${this.#name}.predict`);
      if (options.as !== undefined) {
        if (options.as !== 'matrix' && options.as !== 'array') throw new OptionError(`${this.#name}.predict: option 'as' must be 'matrix' or 'array', got ${got(options.as)}`);
        as = options.as;
      }
    }
    const P = this.outputs(X, 'predict');
    if (as === 'matrix') return P;
    try { return P.toRowMajor(); } finally { P.dispose(); }
  }

  /** R² (regression; mean over output columns, scikit-learn's `uniform_average`) or accuracy (classification). */
  score(X: MatrixLike, Y: MatrixLike | ArrayLike<number>): number {
    this.assertFitted('score');
    const fn = `${this.#name}.score`;
    if (this.isClassifier) {
      const labels = classLabels(Y, fn);
      const pred = (this as unknown as Classifier).predictClass(X);
      if (labels.length !== pred.length) throw new ShapeError(`${fn}: ${labels.length} labels for ${pred.length} rows of X`);
      let ok = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) ok++;
      return ok / pred.length;
    }
    return scope(() => {
      const out = this.outputs(X, 'score');
      const T = regressionTargets(Y, out.rows, fn);
      if (T.cols !== out.cols) throw new ShapeError(`${fn}: Y has ${T.cols} columns, the model predicts ${out.cols}`);
      return r2Score(out.toColumnMajor(), T.toColumnMajor(), out.rows, out.cols);
    });
  }

  /**
   * {@link Model.predictMatrix} checked for non-finite values: finite inputs far outside the
   * training data can overflow f64 inside the network; that is a {@link NonFiniteError} naming
   * the row (the outputs are freed), never a NaN prediction.
   */
  protected outputs(X: MatrixLike, fn: string): Matrix {
    const P = this.predictMatrix(X);
    const idx = ops.firstNonFinite(P);
    if (idx >= 0) {
      const row = idx % P.rows;
      const v = P.get(row, Math.floor(idx / P.rows));
      P.dispose();
      throw new NonFiniteError(`${this.#name}.${fn}: the output for row ${row} of X is ${v}: the values of that row overflow f64 inside the network (they lie far outside the training data's range; scale X as for fit)`);
    }
    return P;
  }

  /** Frees the wasm memory of the fitted weights. Idempotent; the model can no longer be used. */
  dispose(): void {
    if (this.#disposed) return;
    this.release();
    this.#disposed = true;
    untrack(this);
  }

  /** Reports one progress event (no-op without `onProgress`). */
  protected progress(event: P): void {
    this.#onProgress?.(event);
  }

  /** Throws {@link DisposedError} after dispose. */
  protected assertUsable(): void {
    if (this.#disposed) throw new DisposedError(this.#name);
  }

  /** Throws {@link DisposedError} after dispose, {@link NotFittedError} before fit. */
  protected assertFitted(fn: string): void {
    this.assertUsable();
    if (!this.fitted) throw new NotFittedError(`${this.#name}.${fn}`);
  }
}

/** @internal True for lsqnet's own typed errors (rethrown unchanged by fromJSON). */
export function isLsqnetError(err: unknown): err is LsqnetError {
  return err instanceof LsqnetError;
}
