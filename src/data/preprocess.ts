/**
 * Preprocessing of table columns with scikit-learn's semantics, on plain JavaScript arrays
 * (no wasm memory, nothing to dispose):
 *
 * - {@link SimpleImputer}: fills missing numbers (`NaN`) with the column mean, median, most
 *   frequent value or a constant;
 * - {@link OneHotEncoder}: string columns → one 0/1 column per category (categories sorted);
 * - {@link LabelEncoder}: class labels (strings or numbers) → 0..k-1 and back.
 *
 * Data are given column by column (`columns[j][i]` is row i of column j), as a CSV table
 * delivers them ({@link CsvTable.numericOrMissing}, {@link CsvTable.strings}). Each class
 * saves and loads itself as JSON (`toJSON()` / `static fromJSON()`); `fromJSON` checks every
 * field and names the bad one. Bad input is a typed error that names the argument, the column
 * and the row: {@link ShapeError} for columns of different lengths, {@link InvalidInputError}
 * for wrong types, infinite numbers, an all-missing column or an unknown category, and
 * {@link OptionError} for unknown or bad options.
 * @module
 */
import { InvalidInputError, NotFittedError, OptionError, ShapeError } from '../errors.js';
import { describe, expectObject, type Fields } from '../models/schema.js';
import { checkOptions, enumOption, numberOption } from '../validate.js';

// ------------------------------------------------------------------ labels (shared with metrics)

/** A class label or category: a string or a finite number. */
export type Label = string | number;

/**
 * @internal Order of labels as scikit-learn sorts them (`np.unique`): numbers numerically,
 * strings by Unicode code point (which differs from JavaScript's UTF-16 order only for
 * characters above U+FFFF against U+E000–U+FFFF).
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const s = String(a), t = String(b);
  const n = Math.min(s.length, t.length);
  for (let i = 0; i < n; i++) {
    let x = s.charCodeAt(i), y = t.charCodeAt(i);
    if (x === y) continue;
    // surrogate code units (code points ≥ U+10000) sort after U+E000–U+FFFF
    x = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
    y = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
    return x - y;
  }
  return s.length - t.length;
}

/** @internal A label for a message: strings quoted and bounded, numbers as they print. */
export function showLabel(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return String(v);
  return describe(v);
}

/** @internal A list of labels for a message, at most `max` shown. */
export function showLabels(list: readonly unknown[], max = 20): string {
  const shown = list.slice(0, max).map(showLabel).join(', ');
  return list.length > max ? `${shown}, … (${list.length - max} more)` : shown;
}

/**
 * @internal Checks an array of labels: non-empty when `nonEmpty`, every entry a string or a
 * finite number, all of one kind (like scikit-learn, which refuses a mix of strings and
 * numbers). Returns the kind ('string' | 'number'; 'none' for an empty array).
 */
export function checkLabels(labels: unknown, name: string, fn: string, nonEmpty = true): 'string' | 'number' | 'none' {
  if (labels === null || typeof labels !== 'object' || typeof (labels as ArrayLike<unknown>).length !== 'number') {
    throw new InvalidInputError(`${fn}: ${name} must be an array of strings or numbers, got ${describe(labels)}`);
  }
  const a = labels as ArrayLike<unknown>;
  if (a.length === 0) {
    if (nonEmpty) throw new InvalidInputError(`${fn}: ${name} is empty`);
    return 'none';
  }
  let kind: 'string' | 'number' | undefined;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    let k: 'string' | 'number';
    if (typeof v === 'string') k = 'string';
    else if (typeof v === 'number' && Number.isFinite(v)) k = 'number';
    else throw new InvalidInputError(`${fn}: ${name}[${i}] = ${showLabel(v)} is not a label (a string or a finite number)`);
    if (kind === undefined) kind = k;
    else if (k !== kind) {
      throw new InvalidInputError(`${fn}: ${name} mixes strings and numbers (${name}[0] = ${showLabel(a[0])}, ${name}[${i}] = ${showLabel(v)}); convert them to one kind`);
    }
  }
  return kind!;
}

/** @internal The sorted distinct labels of `a` (already checked by {@link checkLabels}). */
export function uniqueSorted(...arrays: ArrayLike<Label>[]): Label[] {
  const set = new Set<Label>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) set.add(a[i]!);
  return [...set].sort(compareLabels);
}

// ------------------------------------------------------------------ column checks

/** Checks `columns`: a non-empty array of equally long, non-empty arrays; returns the row count. */
function checkShape(columns: unknown, fn: string, names: readonly string[] | null): number {
  if (!Array.isArray(columns)) throw new InvalidInputError(`${fn}: columns must be an array of columns (columns[j][i] is row i of column j), got ${describe(columns)}`);
  if (columns.length === 0) throw new InvalidInputError(`${fn}: columns is empty (no columns)`);
  let n = -1;
  for (let j = 0; j < columns.length; j++) {
    const c: unknown = columns[j];
    if (c === null || typeof c !== 'object' || typeof (c as ArrayLike<unknown>).length !== 'number') {
      throw new InvalidInputError(`${fn}: ${colName(j, names)} must be an array, got ${describe(c)}`);
    }
    const len = (c as ArrayLike<unknown>).length;
    if (n < 0) n = len;
    else if (len !== n) throw new ShapeError(`${fn}: ${colName(j, names)} has ${len} rows, ${colName(0, names)} has ${n} (ragged columns)`);
  }
  if (n === 0) throw new InvalidInputError(`${fn}: the columns have no rows`);
  return n;
}

function colName(j: number, names: readonly string[] | null): string {
  const name = names?.[j];
  return name !== undefined ? `column '${name}'` : `columns[${j}]`;
}

function checkNames(names: unknown, count: number, fn: string): string[] | null {
  if (names === undefined) return null;
  if (!Array.isArray(names) || names.length !== count || names.some((s) => typeof s !== 'string')) {
    throw new InvalidInputError(`${fn}: names must be an array of ${count} strings (one per column), got ${describe(names)}`);
  }
  return [...(names as string[])];
}

/** Numeric columns (NaN = missing, ±Infinity refused) copied into Float64Arrays. */
function numericColumns(columns: unknown, fn: string, names: readonly string[] | null): { cols: Float64Array[]; n: number } {
  const n = checkShape(columns, fn, names);
  const cols = (columns as ArrayLike<unknown>[]).map((c, j) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = c[i];
      if (typeof v !== 'number') throw new InvalidInputError(`${fn}: ${colName(j, names)}, row ${i}: ${showLabel(v)} is not a number (missing values are NaN)`);
      if (v === Infinity || v === -Infinity) throw new InvalidInputError(`${fn}: ${colName(j, names)}, row ${i}: ${v} is not finite (missing values are NaN)`);
      out[i] = v;
    }
    return out;
  });
  return { cols, n };
}

/** String columns, checked. */
function stringColumns(columns: unknown, fn: string, names: readonly string[] | null): { cols: ArrayLike<string>[]; n: number } {
  const n = checkShape(columns, fn, names);
  const cols = columns as ArrayLike<unknown>[];
  cols.forEach((c, j) => {
    for (let i = 0; i < n; i++) {
      if (typeof c[i] !== 'string') throw new InvalidInputError(`${fn}: ${colName(j, names)}, row ${i}: ${showLabel(c[i])} is not a string`);
    }
  });
  return { cols: cols as ArrayLike<string>[], n };
}

/** Reads an optional `names` field of saved JSON: an array of `count` strings. */
function namesField(f: Fields, count: number): string[] | null {
  if (!f.has('names')) return null;
  const v = f.value('names');
  if (!Array.isArray(v) || v.length !== count) f.fail(f.at('names'), `must be an array of ${count} strings`, v);
  v.forEach((s: unknown, j) => { if (typeof s !== 'string') f.fail(`names[${j}]`, 'must be a string', s); });
  return [...(v as string[])];
}

/** Reads a strictly ascending (so distinct), non-empty array of labels of one kind. */
function sortedLabelsField(f: Fields, path: string, value: unknown, kinds: 'string' | 'label'): Label[] {
  if (!Array.isArray(value) || value.length === 0) f.fail(path, `must be a non-empty array of ${kinds === 'string' ? 'strings' : 'labels'}`, value);
  const arr = value as unknown[];
  let kind: string | undefined;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    const ok = typeof v === 'string' || (kinds === 'label' && typeof v === 'number' && Number.isFinite(v));
    if (!ok) f.fail(`${path}[${i}]`, kinds === 'string' ? 'must be a string' : 'must be a string or a finite number', v);
    if (kind === undefined) kind = typeof v;
    else if (typeof v !== kind) f.fail(`${path}[${i}]`, `must be a ${kind} like ${path}[0] (no mix of strings and numbers)`, v);
    if (i > 0 && compareLabels(arr[i - 1] as Label, v as Label) >= 0) f.fail(`${path}[${i}]`, `must sort after ${path}[${i - 1}] (sorted, distinct)`, v);
  }
  return arr as Label[];
}

// ------------------------------------------------------------------ SimpleImputer

/** Strategies of {@link SimpleImputer} (scikit-learn's names). */
export type ImputeStrategy = 'mean' | 'median' | 'most_frequent' | 'constant';
const STRATEGIES: readonly ImputeStrategy[] = ['mean', 'median', 'most_frequent', 'constant'];

/** Options of {@link SimpleImputer}. */
export interface SimpleImputerOptions {
  /** How the fill value of a column is computed from its non-missing values (default `'mean'`). */
  strategy?: ImputeStrategy;
  /** The fill value of strategy `'constant'` (default 0, as scikit-learn for numbers). Only allowed with `'constant'`. */
  fillValue?: number;
}

/** The JSON form of a fitted {@link SimpleImputer}. */
export interface SimpleImputerJSON {
  type: 'SimpleImputer';
  version: 1;
  strategy: ImputeStrategy;
  /** The constant of strategy 'constant'; null for the others. */
  fillValue: number | null;
  /** The fill value of each column. */
  statistics: number[];
  /** Column names given to `fit`, if any (used in messages). */
  names?: string[];
}

/**
 * Fills missing values (`NaN`) column by column, like scikit-learn's `SimpleImputer`:
 * the fill value of a column (its entry in {@link SimpleImputer.statistics}) is, over the
 * column's non-missing values at `fit`,
 * - `'mean'` (default): their mean;
 * - `'median'`: their median (the mean of the two middle values for an even count);
 * - `'most_frequent'`: the most frequent value, the smallest one on a tie;
 * - `'constant'`: `fillValue` (default 0), whatever the data.
 *
 * A column with no non-missing value at `fit` has no mean, median or mode: that is an
 * {@link InvalidInputError} naming the column (scikit-learn drops such a column with a warning;
 * here you decide: drop it yourself or use `'constant'`). Infinite values are refused
 * (missing is `NaN`, nothing else).
 * @example
 * const imp = new SimpleImputer({ strategy: 'median' }).fit([Float64Array.of(1, NaN, 3, 10)]);
 * imp.statistics;                          // Float64Array [3]
 * imp.transform([[NaN, 2]]);               // [Float64Array [3, 2]]
 * SimpleImputer.fromJSON(JSON.parse(JSON.stringify(imp.toJSON())));
 */
export class SimpleImputer {
  /** The strategy (see the class description). */
  readonly strategy: ImputeStrategy;
  /** The constant of strategy `'constant'` (0 unless given); undefined for the other strategies. */
  readonly fillValue: number | undefined;
  #statistics: Float64Array | null = null;
  #names: string[] | null = null;

  /** @param options `strategy` (default `'mean'`), `fillValue` (strategy `'constant'` only; default 0). */
  constructor(options: SimpleImputerOptions = {}) {
    checkOptions(options, ['strategy', 'fillValue'], 'SimpleImputer');
    this.strategy = options.strategy === undefined ? 'mean' : enumOption(options.strategy, 'strategy', 'SimpleImputer', STRATEGIES);
    if (options.fillValue !== undefined && this.strategy !== 'constant') {
      throw new OptionError(`SimpleImputer: option 'fillValue' is only used with strategy 'constant' (strategy is '${this.strategy}')`);
    }
    this.fillValue = this.strategy === 'constant' ? (options.fillValue === undefined ? 0 : numberOption(options.fillValue, 'fillValue', 'SimpleImputer')) : undefined;
  }

  /** True after `fit` (or `fromJSON`). */
  get fitted(): boolean {
    return this.#statistics !== null;
  }

  /** The fill value of each column (throws {@link NotFittedError} before `fit`). The imputer's own array: do not modify it. */
  get statistics(): Float64Array {
    if (!this.#statistics) throw new NotFittedError('SimpleImputer');
    return this.#statistics;
  }

  /** Column names given to `fit` (used in messages), or null. */
  get names(): string[] | null {
    return this.#names ? [...this.#names] : null;
  }

  /**
   * Learns the fill value of each column. `columns[j][i]` is row i of column j (numbers; `NaN`
   * = missing). `names` (optional, one per column) are used in error messages of `fit` and
   * `transform`. Returns `this`.
   */
  fit(columns: readonly ArrayLike<number>[], names?: readonly string[]): this {
    const fn = 'SimpleImputer.fit';
    const nm = checkNames(names, Array.isArray(columns) ? columns.length : 0, fn);
    const { cols } = numericColumns(columns, fn, nm);
    const stats = new Float64Array(cols.length);
    cols.forEach((c, j) => {
      if (this.strategy === 'constant') { stats[j] = this.fillValue!; return; }
      const v: number[] = [];
      for (let i = 0; i < c.length; i++) if (!Number.isNaN(c[i]!)) v.push(c[i]!);
      if (v.length === 0) {
        throw new InvalidInputError(`${fn}: ${colName(j, nm)} has no non-missing value, so it has no ${this.strategy === 'most_frequent' ? 'most frequent value' : this.strategy}; drop the column or use strategy 'constant'`);
      }
      stats[j] = statistic(v, this.strategy);
    });
    this.#statistics = stats;
    this.#names = nm;
    return this;
  }

  /**
   * Returns new columns with every `NaN` replaced by its column's fill value. The number of
   * columns must match `fit` ({@link ShapeError} otherwise).
   */
  transform(columns: readonly ArrayLike<number>[]): Float64Array[] {
    const fn = 'SimpleImputer.transform';
    const stats = this.statistics;
    if (Array.isArray(columns) && columns.length !== stats.length) {
      throw new ShapeError(`${fn}: got ${columns.length} columns, the imputer was fitted on ${stats.length}`);
    }
    const { cols } = numericColumns(columns, fn, this.#names);
    cols.forEach((c, j) => {
      const s = stats[j]!;
      for (let i = 0; i < c.length; i++) if (Number.isNaN(c[i]!)) c[i] = s;
    });
    return cols;
  }

  /** `fit(columns, names)` then `transform(columns)`. */
  fitTransform(columns: readonly ArrayLike<number>[], names?: readonly string[]): Float64Array[] {
    return this.fit(columns, names).transform(columns);
  }

  /** Plain JSON-serializable form ({@link NotFittedError} before `fit`). */
  toJSON(): SimpleImputerJSON {
    const out: SimpleImputerJSON = {
      type: 'SimpleImputer', version: 1, strategy: this.strategy,
      fillValue: this.fillValue ?? null, statistics: [...this.statistics],
    };
    if (this.#names) out.names = [...this.#names];
    return out;
  }

  /** Restores an imputer saved with {@link SimpleImputer.toJSON}; a bad field → {@link InvalidInputError} naming it. */
  static fromJSON(json: unknown): SimpleImputer {
    const fn = 'SimpleImputer.fromJSON';
    const f = expectObject(json, fn, { required: ['type', 'version', 'strategy', 'fillValue', 'statistics'], optional: ['names'] });
    f.literal('type', 'SimpleImputer');
    f.literal('version', 1);
    const strategy = f.enum('strategy', STRATEGIES);
    let fillValue: number | undefined;
    if (strategy === 'constant') fillValue = f.number('fillValue');
    else if (f.value('fillValue') !== null) f.fail('fillValue', `must be null for strategy '${strategy}'`, f.value('fillValue'));
    const statistics = f.finiteArray('statistics');
    if (statistics.length === 0) f.fail('statistics', 'must be a non-empty array of finite numbers', f.value('statistics'));
    if (fillValue !== undefined) statistics.forEach((s, j) => { if (s !== fillValue) f.fail(`statistics[${j}]`, `must equal fillValue (${fillValue}) for strategy 'constant'`, s); });
    const names = namesField(f, statistics.length);
    const imp = new SimpleImputer(strategy === 'constant' ? { strategy, fillValue: fillValue! } : { strategy });
    imp.#statistics = statistics;
    imp.#names = names;
    return imp;
  }
}

/** The statistic of non-missing values `v` (non-empty). */
function statistic(v: number[], strategy: Exclude<ImputeStrategy, 'constant'>): number {
  if (strategy === 'mean') {
    // Neumaier-compensated sum: the mean to about one rounding
    let s = 0, c = 0;
    for (const x of v) { const t = s + x; c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s; s = t; }
    return (s + c) / v.length;
  }
  v.sort((a, b) => a - b);
  if (strategy === 'median') {
    const m = v.length >> 1;
    return v.length % 2 === 1 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
  }
  // most_frequent: longest run in the sorted values; the first (smallest) wins a tie
  let best = v[0]!, bestCount = 0;
  for (let i = 0; i < v.length;) {
    let k = i + 1;
    while (k < v.length && v[k] === v[i]) k++;
    if (k - i > bestCount) { best = v[i]!; bestCount = k - i; }
    i = k;
  }
  return best;
}

// ------------------------------------------------------------------ OneHotEncoder

/** Options of {@link OneHotEncoder}. */
export interface OneHotEncoderOptions {
  /**
   * A category at `transform` that was not seen at `fit`: `'error'` (default) throws
   * {@link InvalidInputError} naming the column, the row and the value; `'ignore'` encodes it
   * as all zeros in that column's block (as scikit-learn).
   */
  handleUnknown?: 'error' | 'ignore';
}

/** The JSON form of a fitted {@link OneHotEncoder}. */
export interface OneHotEncoderJSON {
  type: 'OneHotEncoder';
  version: 1;
  handleUnknown: 'error' | 'ignore';
  /** The sorted categories of each input column. */
  categories: string[][];
  /** Column names given to `fit`, if any. */
  names?: string[];
}

/**
 * One-hot encodes string columns like scikit-learn's `OneHotEncoder`: each input column's
 * categories are its distinct values at `fit`, sorted (by Unicode code point, as `np.unique`),
 * and each category becomes one output column that is 1 where the input equals it and 0
 * elsewhere. Outputs come column by column, categories in order, input columns in order.
 *
 * Cells are compared exactly (no trimming, case-sensitive). A missing marker such as `''` or
 * `'NA'` is an ordinary category here (as scikit-learn treats `None`/`NaN`); impute or drop
 * rows first if that is not what you want.
 * @example
 * const enc = new OneHotEncoder().fit([['red', 'blue', 'red']], ['color']);
 * enc.categories;               // [['blue', 'red']]
 * enc.featureNames();           // ['color=blue', 'color=red']
 * enc.transform([['red']]);     // [Float64Array [0], Float64Array [1]]
 */
export class OneHotEncoder {
  /** What `transform` does with a category not seen at `fit`. */
  readonly handleUnknown: 'error' | 'ignore';
  #categories: string[][] | null = null;
  #index: Map<string, number>[] = [];
  #names: string[] | null = null;

  /** @param options `handleUnknown` (`'error'` default, or `'ignore'`). */
  constructor(options: OneHotEncoderOptions = {}) {
    checkOptions(options, ['handleUnknown'], 'OneHotEncoder');
    this.handleUnknown = options.handleUnknown === undefined ? 'error' : enumOption(options.handleUnknown, 'handleUnknown', 'OneHotEncoder', ['error', 'ignore'] as const);
  }

  /** True after `fit` (or `fromJSON`). */
  get fitted(): boolean {
    return this.#categories !== null;
  }

  /** The sorted categories of each input column ({@link NotFittedError} before `fit`). The encoder's own arrays: do not modify them. */
  get categories(): string[][] {
    if (!this.#categories) throw new NotFittedError('OneHotEncoder');
    return this.#categories;
  }

  /** Number of output columns (the total number of categories). */
  get outputCount(): number {
    let k = 0;
    for (const c of this.categories) k += c.length;
    return k;
  }

  /** Column names given to `fit` (used in messages and by `featureNames()`), or null. */
  get names(): string[] | null {
    return this.#names ? [...this.#names] : null;
  }

  #set(categories: string[][], names: string[] | null): void {
    this.#categories = categories;
    this.#index = categories.map((cats) => new Map(cats.map((c, k) => [c, k])));
    this.#names = names;
  }

  /**
   * Learns the sorted distinct values of each string column (`columns[j][i]` is row i of
   * column j). `names` (optional, one per column) are used in messages and feature names.
   * Returns `this`.
   */
  fit(columns: readonly ArrayLike<string>[], names?: readonly string[]): this {
    const fn = 'OneHotEncoder.fit';
    const nm = checkNames(names, Array.isArray(columns) ? columns.length : 0, fn);
    const { cols } = stringColumns(columns, fn, nm);
    this.#set(cols.map((c) => uniqueSorted(c) as string[]), nm);
    return this;
  }

  /**
   * Encodes string columns: returns one Float64Array of 0/1 per category (column j's
   * categories in order, then column j+1's, …). The number of columns must match `fit`.
   */
  transform(columns: readonly ArrayLike<string>[]): Float64Array[] {
    const fn = 'OneHotEncoder.transform';
    const cats = this.categories;
    if (Array.isArray(columns) && columns.length !== cats.length) {
      throw new ShapeError(`${fn}: got ${columns.length} columns, the encoder was fitted on ${cats.length}`);
    }
    const { cols, n } = stringColumns(columns, fn, this.#names);
    const out: Float64Array[] = [];
    cols.forEach((c, j) => {
      const block = cats[j]!.map(() => new Float64Array(n));
      const index = this.#index[j]!;
      for (let i = 0; i < n; i++) {
        const k = index.get(c[i]!);
        if (k !== undefined) { block[k]![i] = 1; continue; }
        if (this.handleUnknown === 'error') {
          throw new InvalidInputError(`${fn}: ${colName(j, this.#names)}, row ${i}: unknown category ${showLabel(c[i])} (known: ${showLabels(cats[j]!)}; use handleUnknown 'ignore' to encode it as all zeros)`);
        }
      }
      out.push(...block);
    });
    return out;
  }

  /** `fit(columns, names)` then `transform(columns)`. */
  fitTransform(columns: readonly ArrayLike<string>[], names?: readonly string[]): Float64Array[] {
    return this.fit(columns, names).transform(columns);
  }

  /**
   * Names of the output columns, `'<input name>=<category>'` in output order. `inputNames`
   * default to the names given to `fit`, else `x0`, `x1`, … (scikit-learn's default).
   */
  featureNames(inputNames?: readonly string[]): string[] {
    const cats = this.categories;
    const names = inputNames === undefined ? (this.#names ?? cats.map((_, j) => `x${j}`)) : checkNames(inputNames, cats.length, 'OneHotEncoder.featureNames')!;
    const out: string[] = [];
    cats.forEach((c, j) => { for (const cat of c) out.push(`${names[j]}=${cat}`); });
    return out;
  }

  /** Plain JSON-serializable form ({@link NotFittedError} before `fit`). */
  toJSON(): OneHotEncoderJSON {
    const out: OneHotEncoderJSON = {
      type: 'OneHotEncoder', version: 1, handleUnknown: this.handleUnknown,
      categories: this.categories.map((c) => [...c]),
    };
    if (this.#names) out.names = [...this.#names];
    return out;
  }

  /** Restores an encoder saved with {@link OneHotEncoder.toJSON}; a bad field → {@link InvalidInputError} naming it. */
  static fromJSON(json: unknown): OneHotEncoder {
    const fn = 'OneHotEncoder.fromJSON';
    const f = expectObject(json, fn, { required: ['type', 'version', 'handleUnknown', 'categories'], optional: ['names'] });
    f.literal('type', 'OneHotEncoder');
    f.literal('version', 1);
    const handleUnknown = f.enum('handleUnknown', ['error', 'ignore'] as const);
    const raw = f.value('categories');
    if (!Array.isArray(raw) || raw.length === 0) f.fail('categories', 'must be a non-empty array of arrays of strings', raw);
    const categories = (raw as unknown[]).map((c, j) => [...sortedLabelsField(f, `categories[${j}]`, c, 'string')] as string[]);
    const names = namesField(f, categories.length);
    const enc = new OneHotEncoder({ handleUnknown });
    enc.#set(categories, names);
    return enc;
  }
}

// ------------------------------------------------------------------ LabelEncoder

/** The JSON form of a fitted {@link LabelEncoder}. */
export interface LabelEncoderJSON {
  type: 'LabelEncoder';
  version: 1;
  /** The sorted classes (all strings or all numbers). */
  classes: Label[];
}

/**
 * Encodes class labels as integers 0..k-1 like scikit-learn's `LabelEncoder`: the classes are
 * the sorted distinct labels seen at `fit` (numbers numerically, strings by code point); labels
 * must be all strings or all finite numbers (`1` and `'1'` are different labels, and a mix is
 * refused).
 * @example
 * const le = new LabelEncoder().fit(['cat', 'dog', 'cat', 'ant']);
 * le.classes;                          // ['ant', 'cat', 'dog']
 * le.transform(['dog', 'ant']);        // Int32Array [2, 0]
 * le.inverseTransform([1, 1]);         // ['cat', 'cat']
 */
export class LabelEncoder {
  #classes: Label[] | null = null;
  #index = new Map<Label, number>();

  /** True after `fit` (or `fromJSON`). */
  get fitted(): boolean {
    return this.#classes !== null;
  }

  /** The sorted classes ({@link NotFittedError} before `fit`). The encoder's own array: do not modify it. */
  get classes(): Label[] {
    if (!this.#classes) throw new NotFittedError('LabelEncoder');
    return this.#classes;
  }

  #set(classes: Label[]): void {
    this.#classes = classes;
    this.#index = new Map(classes.map((c, k) => [c, k]));
  }

  /** Learns the sorted distinct labels. Returns `this`. */
  fit(labels: ArrayLike<Label>): this {
    checkLabels(labels, 'labels', 'LabelEncoder.fit');
    this.#set(uniqueSorted(labels));
    return this;
  }

  /** The index of each label in {@link LabelEncoder.classes}; a label not seen at `fit` → {@link InvalidInputError} naming it and its position. */
  transform(labels: ArrayLike<Label>): Int32Array {
    const fn = 'LabelEncoder.transform';
    const classes = this.classes;
    checkLabels(labels, 'labels', fn, false);
    const out = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const k = this.#index.get(labels[i]!);
      if (k === undefined) throw new InvalidInputError(`${fn}: labels[${i}] = ${showLabel(labels[i])} is not one of the classes seen in fit (${showLabels(classes)})`);
      out[i] = k;
    }
    return out;
  }

  /** `fit(labels)` then `transform(labels)`. */
  fitTransform(labels: ArrayLike<Label>): Int32Array {
    return this.fit(labels).transform(labels);
  }

  /** The classes at the given indices; an index that is not an integer in 0..k-1 → {@link InvalidInputError}. */
  inverseTransform(indices: ArrayLike<number>): Label[] {
    const fn = 'LabelEncoder.inverseTransform';
    const classes = this.classes;
    if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') {
      throw new InvalidInputError(`${fn}: indices must be an array of integers, got ${describe(indices)}`);
    }
    const out = new Array<Label>(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i];
      if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= classes.length) {
        throw new InvalidInputError(`${fn}: indices[${i}] = ${showLabel(k)} is not an integer in [0, ${classes.length - 1}]`);
      }
      out[i] = classes[k]!;
    }
    return out;
  }

  /** Plain JSON-serializable form ({@link NotFittedError} before `fit`). */
  toJSON(): LabelEncoderJSON {
    return { type: 'LabelEncoder', version: 1, classes: [...this.classes] };
  }

  /** Restores an encoder saved with {@link LabelEncoder.toJSON}; a bad field → {@link InvalidInputError} naming it. */
  static fromJSON(json: unknown): LabelEncoder {
    const fn = 'LabelEncoder.fromJSON';
    const f = expectObject(json, fn, { required: ['type', 'version', 'classes'] });
    f.literal('type', 'LabelEncoder');
    f.literal('version', 1);
    const classes = sortedLabelsField(f, 'classes', f.value('classes'), 'label');
    const le = new LabelEncoder();
    le.#set([...classes]);
    return le;
  }
}
