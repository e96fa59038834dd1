/**
 * {@link Pipeline}: a model together with its preprocessing, fitted on a {@link CsvTable} and
 * saved as one JSON document — what `lsqnet fit --out model.json` writes and `lsqnet predict`
 * reads. {@link loadModel} loads such a file (or any model's own JSON) with one call.
 *
 * The preprocessing, in order:
 * 1. columns: the targets, the feature columns (given, or every other column minus `ignore`
 *    and minus id-like columns — see {@link Pipeline.fit}); each feature column is numeric or
 *    categorical (text) by the rule of {@link columnKind};
 * 2. missing cells ({@link isMissing}): an error listing every affected column (default), rows
 *    dropped, or filled (numeric columns by a {@link SimpleImputer} mean/median of the training
 *    rows, categorical ones by their most frequent category);
 * 3. categorical columns one-hot encoded ({@link OneHotEncoder}, the categories saved);
 * 4. every resulting column standardized ({@link StandardScaler}, training rows only);
 * 5. targets: regression targets centred by the training means; classification labels
 *    (strings or integers) encoded by a {@link LabelEncoder}, predictions decoded back to them.
 * @module
 */
import { InvalidInputError, OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { scope } from '../scope.js';
import { checkOptions, enumOption } from '../validate.js';
import { describe, expectObject, type Fields } from '../models/schema.js';
import { SampledNetwork } from '../models/sampled.js';
import { AnminNetwork } from '../models/anmin.js';
import { GradientNetwork } from '../models/gradient.js';
import { CsvTable, isMissing, MISSING_MARKERS } from './csv.js';
import { accuracy, confusionMatrix, logLoss, r2Score, type ConfusionMatrix } from './metrics.js';
import { MODEL_KINDS, CLASSIFIER_KINDS, modelEntry, regressionOnly, resolveSettings, type ModelKind, type ModelSettings, type ProgressFn, type Task, type Trainable } from './models.js';
import { LabelEncoder, OneHotEncoder, SimpleImputer, compareLabels, showLabel, showLabels, type Label } from './preprocess.js';
import { StandardScaler, type StandardScalerJSON } from './scaler.js';
import { trainTestSplit } from './split.js';

export type { Task } from './models.js';
export type { Label } from './preprocess.js';

// ------------------------------------------------------------------ metrics

/** Regression metrics of a set of rows (see {@link regressionMetrics}). */
export interface Metrics {
  /** Rows evaluated. */
  rows: number;
  /** Mean squared error over all N·c entries. */
  mse: number;
  /** Mean absolute error over all N·c entries. */
  mae: number;
  /** R²: 1 − SSres / SStot (see the function that produced it for the mean used). */
  r2: number;
}

/** Regression metrics measured by a {@link Pipeline}: MSE, MAE, and R² as scikit-learn's `r2_score` (each column about its own mean, averaged over columns). */
export interface RegressionMetrics extends Metrics {
  task: 'regression';
}

/** Classification metrics measured by a {@link Pipeline} (scikit-learn semantics, see docs/data.md). */
export interface ClassificationMetrics {
  task: 'classification';
  /** Rows evaluated. */
  rows: number;
  /** Fraction of rows whose predicted label equals the true one. */
  accuracy: number;
  /**
   * Log-loss of {@link Pipeline.predictProba}: with the `'softmax'` output (the default of
   * classifiers fitted now) the log-loss of the fitted probabilities; with the `'lstsq'` output
   * (`settings.output: 'lstsq'`, and files written before the option existed) of the softmax of
   * the least-squares class scores, NOT calibrated probabilities (a monotone map of the scores;
   * read it as a relative measure). null when a true label is not one of the model's classes
   * (the loss is undefined then).
   */
  logLoss: number | null;
  /** Confusion matrix: rows = true labels, columns = predicted labels. */
  confusion: ConfusionMatrix;
}

/** Metrics of either task. */
export type PipelineMetrics = RegressionMetrics | ClassificationMetrics;

/**
 * @internal Regression metrics of predictions P against targets Y (both N×c): MSE and MAE over
 * all entries, R² = 1 − SSres/SStot with SStot about the given `mean` (the training means, as in
 * the ANMIN paper; used by `npm start`). The {@link Pipeline} reports scikit-learn's R² instead.
 */
export function regressionMetrics(P: Matrix, Y: Matrix, mean: ArrayLike<number>): Metrics {
  const p = P.toColumnMajor(), y = Y.toColumnMajor();
  const n = Y.rows, c = Y.cols;
  let se = 0, ae = 0, ss = 0;
  for (let j = 0; j < c; j++) {
    const mu = mean[j]!;
    for (let i = 0; i < n; i++) {
      const e = p[i + j * n]! - y[i + j * n]!;
      se += e * e; ae += Math.abs(e);
      const d = y[i + j * n]! - mu;
      ss += d * d;
    }
  }
  return { rows: n, mse: se / (n * c), mae: ae / (n * c), r2: ss > 0 ? 1 - se / ss : (se === 0 ? 1 : -Infinity) };
}

function regressionScores(p: Float64Array[], y: Float64Array[]): RegressionMetrics {
  const n = y[0]!.length, c = y.length;
  let se = 0, ae = 0;
  for (let j = 0; j < c; j++) for (let i = 0; i < n; i++) { const e = p[j]![i]! - y[j]![i]!; se += e * e; ae += Math.abs(e); }
  const cols = (a: Float64Array[]): number[][] => Array.from({ length: n }, (_, i) => a.map((col) => col[i]!));
  const r2 = n >= 2 ? (c === 1 ? r2Score(y[0]!, p[0]!) : r2Score(cols(y), cols(p))) : NaN;
  return { task: 'regression', rows: n, mse: se / (n * c), mae: ae / (n * c), r2 };
}

// ------------------------------------------------------------------ column rules

/** Classification is inferred for an integer target with at most this many distinct values. */
export const MAX_INFERRED_CLASSES = 20;
/** Id-like columns are only looked for in tables with at least this many rows. */
export const MIN_ROWS_FOR_ID = 10;

/**
 * The kind of a column by its non-missing cells: `'numeric'` when every one is a number;
 * `'categorical'` when fewer than half of them are numbers (a text column, possibly with a few
 * number-like categories); `'mixed'` otherwise — mostly numbers with some text, which is read
 * as a typo in a numeric column and reported as an error naming the line and the column, never
 * turned into a category.
 */
export function columnKind(table: CsvTable, name: string): 'numeric' | 'categorical' | 'mixed' {
  checkTableArg(table, 'columnKind');
  const p = table.profile(name);
  if (p.nonNumeric === 0) return 'numeric';
  return p.numeric * 2 < p.numeric + p.nonNumeric ? 'categorical' : 'mixed';
}

/** A table argument must be a {@link CsvTable} (from parseCsv / loadCsv), else InvalidInputError. */
function checkTableArg(table: unknown, fn: string): asserts table is CsvTable {
  if (!(table instanceof CsvTable)) throw new InvalidInputError(`${fn}: table must be a CsvTable (from parseCsv or loadCsv), got ${describe(table)}`);
}

/**
 * Why a column looks like a row id, or null. Only in tables of at least {@link MIN_ROWS_FOR_ID}
 * rows, for columns without missing cells whose values are all distinct and that are either
 * text, or integers forming a sequence (a permutation of k, k+1, …, k+n−1, or strictly
 * increasing/decreasing in file order). Distinct real numbers (measurements) are not id-like.
 */
export function idLikeReason(table: CsvTable, name: string): string | null {
  checkTableArg(table, 'idLikeReason');
  table.indexOf(name);   // an unknown column (or a name that is not a string) is an error at any table size
  const n = table.rows;
  if (n < MIN_ROWS_FOR_ID) return null;
  const p = table.profile(name);
  if (p.missing > 0 || p.distinct !== n) return null;
  const kind = columnKind(table, name);
  if (kind === 'categorical' && p.numeric === 0) return `text, unique in each of the ${n} rows`;
  if (kind !== 'numeric') return null;
  const v = table.column(name);
  if (!v.every((x) => Number.isInteger(x))) return null;
  let inc = true, dec = true, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (i > 0) { if (!(v[i]! > v[i - 1]!)) inc = false; if (!(v[i]! < v[i - 1]!)) dec = false; }
    lo = Math.min(lo, v[i]!); hi = Math.max(hi, v[i]!);
  }
  if (hi - lo === n - 1) return `integers ${lo}..${hi}, unique in each row`;
  if (inc || dec) return `integers, unique and ${inc ? 'increasing' : 'decreasing'} down the file`;
  return null;
}

/** The task inferred from a target column, with the reason (see {@link Pipeline.fit}). */
export function inferTask(table: CsvTable, target: string): { task: Task; reason: string } {
  checkTableArg(table, 'inferTask');
  const p = table.profile(target);
  if (p.nonNumeric > 0) {
    const f = p.firstNonNumeric!;
    return { task: 'classification', reason: `target '${target}' holds text labels (${JSON.stringify(f.value)} on line ${f.line})` };
  }
  const values = table.numericOrMissing(target);
  const integers = values.every((x) => Number.isNaN(x) || Number.isInteger(x));
  const rows = p.numeric;
  if (integers && p.distinct >= 2 && p.distinct <= MAX_INFERRED_CLASSES && p.distinct * 2 <= rows) {
    return { task: 'classification', reason: `target '${target}' has ${p.distinct} distinct integer values in ${rows} rows (≤ ${MAX_INFERRED_CLASSES} and ≤ half the rows)` };
  }
  return {
    task: 'regression',
    reason: integers ? `target '${target}' has ${p.distinct} distinct integer values (more than ${MAX_INFERRED_CLASSES} or more than half the rows)` : `target '${target}' holds non-integer numbers`,
  };
}

/** Quotes a column name for a shell command line when it needs it (`'first name'`). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_.,:/=+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

// ------------------------------------------------------------------ options and JSON

/** How missing cells are handled (see {@link PipelineFitOptions.missing}). */
export type MissingPolicy = 'error' | 'drop' | 'mean' | 'median';
const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'drop', 'mean', 'median'];

/** Options of {@link Pipeline.fit}. */
export interface PipelineFitOptions {
  /** Target column(s). Classification takes exactly one. */
  targets: string | string[];
  /** Model kind: `'swim'` (default), `'random'`, `'anmin'`, `'adam'`. */
  model?: string;
  /**
   * `'regression'`, `'classification'` (swim and random only) or `'auto'` (default): see
   * {@link inferTask} — classification when the single target holds text, or integers with at
   * most 20 distinct values and at most half as many distinct values as rows.
   */
  task?: Task | 'auto';
  /** Feature columns (default: every column that is not a target, not in `ignore`, not id-like). */
  features?: string[];
  /** Columns to leave out of the default features. */
  ignore?: string[];
  /**
   * Missing cells ({@link isMissing}) in the used columns: `'error'` (default: one
   * InvalidInputError listing every affected column with counts), `'drop'` (leave those rows
   * out), `'mean'` / `'median'` (fill numeric features with the training rows' mean/median,
   * categorical ones with their most frequent category; rows with a missing target are left out).
   */
  missing?: MissingPolicy;
  /** Text feature columns: `'auto'` (default) one-hot encodes them; `'error'` refuses them. */
  categorical?: 'auto' | 'error';
  /** Model settings (hidden width, activation, seed, …; see the CLI flags). */
  settings?: Partial<ModelSettings>;
  /** Fraction of the rows held out (seeded) to measure test metrics (default 0: fit on every row). */
  testFraction?: number;
  /** Seed of the hold-out split (default: the model seed). */
  splitSeed?: number;
  /** Progress of the model fit. */
  onProgress?: ProgressFn;
  /** How messages name options: `'api'` (default: `option missing: 'mean'`) or `'cli'` (`--missing mean`). */
  hintStyle?: 'api' | 'cli';
}

/** What {@link Pipeline.fit} found and did (also saved in the JSON as `report`). */
export interface PipelineReport {
  task: Task;
  /** True when the task was inferred, with the reason. */
  taskInferred: boolean;
  taskReason: string;
  /** Rows of the table, rows used (after dropping), train and test rows. */
  rows: { table: number; used: number; train: number; test: number };
  /** Informational notes (excluded id-like columns, dropped rows, imputed cells, …). */
  notes: string[];
  train: PipelineMetrics;
  test: PipelineMetrics | null;
  fitSeconds: number;
}

/** The saved form of a fitted pipeline (`lsqnet fit --out model.json`, {@link Pipeline.toJSON}). */
export interface PipelineJSON {
  format: 'lsqnet-model';
  version: 2;
  task: Task;
  model: ModelKind;
  settings: ModelSettings;
  /** Input columns, in the order the model expects them. */
  features: string[];
  /** The kind of each feature column. */
  kinds: ('numeric' | 'categorical')[];
  /** Target columns. */
  targets: string[];
  /** How missing cells were handled at fit; predict fills with `imputer`/`categoryFill` when present, else refuses missing cells. */
  missing: MissingPolicy;
  /** Fill values of the numeric features (one per numeric feature, in order), or null. */
  imputer: ReturnType<SimpleImputer['toJSON']> | null;
  /** One-hot encoder of the categorical features (in order), or null when there are none. */
  encoder: ReturnType<OneHotEncoder['toJSON']> | null;
  /** Fill category of each categorical feature (missing policy mean/median), or null. */
  categoryFill: string[] | null;
  /** Standardization of the encoded columns (fitted on the training rows). */
  scaler: StandardScalerJSON;
  /** Regression: training target means added back to the model output; null for classification. */
  targetMean: number[] | null;
  /** Classification: the class labels; null for regression. */
  labels: ReturnType<LabelEncoder['toJSON']> | null;
  /** The model's own `toJSON()`. */
  state: unknown;
  /** What fit found and measured. */
  report: PipelineReport;
}

/** A row given to {@link Pipeline.predict} instead of a table: column name → cell (null/undefined/NaN = missing). */
export type PipelineRow = Readonly<Record<string, string | number | null | undefined>>;

interface Fitted {
  task: Task;
  model: ModelKind;
  settings: ModelSettings;
  features: string[];
  kinds: ('numeric' | 'categorical')[];
  targets: string[];
  missing: MissingPolicy;
  imputer: SimpleImputer | null;
  encoder: OneHotEncoder | null;
  categoryFill: string[] | null;
  scaler: StandardScaler;
  targetMean: Float64Array | null;
  labels: LabelEncoder | null;
  net: Trainable;
  report: PipelineReport;
}

const FN = 'Pipeline';

function flag(style: 'api' | 'cli', name: string, value: string): string {
  return style === 'cli' ? `--${name} ${value}` : `option ${name}: '${value}'`;
}

function mostFrequent(cells: string[]): string {
  const count = new Map<string, number>();
  for (const c of cells) count.set(c, (count.get(c) ?? 0) + 1);
  let best = '', bestCount = -1;
  for (const [c, k] of [...count].sort((a, b) => compareLabels(a[0], b[0]))) if (k > bestCount) { best = c; bestCount = k; }
  return best;
}

function toTable(input: CsvTable | readonly PipelineRow[], needed: readonly string[], fn: string): CsvTable {
  if (input instanceof CsvTable) return input;
  if (!Array.isArray(input)) throw new InvalidInputError(`${fn}: expected a CsvTable or an array of rows (objects column → value), got ${describe(input)}`);
  if (input.length === 0) throw new InvalidInputError(`${fn}: no rows given`);
  const columns = new Set<string>(needed);
  for (const r of input) if (r && typeof r === 'object') for (const k of Object.keys(r)) columns.add(k);
  const names = [...columns];
  const records = input.map((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new InvalidInputError(`${fn}: rows[${i}] must be an object (column → value), got ${describe(r)}`);
    return names.map((c) => {
      const v = (r as Record<string, unknown>)[c];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw new InvalidInputError(`${fn}: rows[${i}].${c} is ${v} (not finite)`);
        return String(v);
      }
      if (typeof v === 'string') return v;
      throw new InvalidInputError(`${fn}: rows[${i}].${c} must be a string, a number or null, got ${describe(v)}`);
    });
  });
  // "line k" in messages about rows is rows[k − 1]
  return new CsvTable(names, records, Int32Array.from(records, (_, i) => i + 1), 'rows', ',');
}

// ------------------------------------------------------------------ the class

/**
 * A model with its preprocessing: fit on a {@link CsvTable}, predict on a table or on plain
 * rows, save as one JSON document ({@link Pipeline.toJSON}) and restore ({@link Pipeline.fromJSON}
 * or {@link loadModel}). Owns wasm memory through its model: call {@link Pipeline.dispose}.
 * @example
 * const table = await loadCsv('iris.csv');
 * const pipe = new Pipeline().fit(table, { targets: 'species', settings: { hidden: 200 }, testFraction: 0.2 });
 * pipe.report.test;                        // { task: 'classification', accuracy: 0.97, … }
 * pipe.predict([{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }]); // ['setosa']
 * writeFileSync('iris.json', JSON.stringify(pipe));
 * const again = loadModel(readFileSync('iris.json', 'utf8')); // a Pipeline
 * pipe.dispose(); again.dispose();
 */
export class Pipeline {
  #f: Fitted | null = null;

  /** True after `fit` or `fromJSON` (and before `dispose`). */
  get fitted(): boolean { return this.#f !== null; }

  #state(fn: string): Fitted {
    if (!this.#f) throw new OptionError(`${FN}.${fn}: the pipeline is not fitted (call fit or Pipeline.fromJSON first)`);
    return this.#f;
  }

  /** The task ('regression' or 'classification'). */
  get task(): Task { return this.#state('task').task; }
  /** Input columns in model order. */
  get features(): string[] { return [...this.#state('features').features]; }
  /** Target columns. */
  get targets(): string[] { return [...this.#state('targets').targets]; }
  /** The class labels of a classifier (sorted), null for regression. */
  get classes(): Label[] | null { const l = this.#state('classes').labels; return l ? [...l.classes] : null; }
  /** Names of the encoded model inputs (`'sex=M'` for a one-hot column). */
  get featureNames(): string[] {
    const f = this.#state('featureNames');
    const out: string[] = [];
    let c = 0;
    f.features.forEach((name, j) => {
      if (f.kinds[j] === 'numeric') out.push(name);
      else { for (const cat of f.encoder!.categories[c]!) out.push(`${name}=${cat}`); c++; }
    });
    return out;
  }
  /** What fit found and measured. */
  get report(): PipelineReport { return structuredClone(this.#state('report').report); }
  /** The model kind. */
  get model(): ModelKind { return this.#state('model').model; }
  /** The resolved model settings. */
  get settings(): ModelSettings { return { ...this.#state('settings').settings }; }

  /**
   * Fits the preprocessing and the model on `table` (see the module description for the steps)
   * and returns `this`. With `testFraction` > 0 a seeded part of the rows is held out and
   * measured ({@link Pipeline.report}).
   *
   * Default features: every column that is neither a target nor in `ignore`, minus id-like
   * columns ({@link idLikeReason}; a note says which). A feature column that is mostly numbers
   * with some text ({@link columnKind} 'mixed') is an {@link InvalidInputError} naming the line
   * and the column. Unknown columns → {@link OptionError}.
   */
  fit(table: CsvTable, options: PipelineFitOptions): this {
    const fn = `${FN}.fit`;
    if (options === null || typeof options !== 'object') throw new OptionError(`${fn}: options must be an object with at least 'targets', got ${describe(options)}`);
    checkOptions(options, ['targets', 'model', 'task', 'features', 'ignore', 'missing', 'categorical', 'settings', 'testFraction', 'splitSeed', 'onProgress', 'hintStyle'], fn);
    if (!(table instanceof CsvTable)) throw new InvalidInputError(`${fn}: expected a CsvTable (parseCsv / loadCsv), got ${describe(table)}`);
    const style = options.hintStyle === undefined ? 'api' : enumOption(options.hintStyle, 'hintStyle', fn, ['api', 'cli'] as const);
    for (const k of ['features', 'ignore'] as const) {
      const v: unknown = options[k];
      if (v !== undefined && !(Array.isArray(v) && v.every((c) => typeof c === 'string'))) throw new OptionError(`${fn}: option '${k}' must be an array of column names, got ${describe(v)}`);
    }
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new OptionError(`${fn}: option 'onProgress' must be a function, got ${describe(options.onProgress)}`);
    const rawTargets: unknown = options.targets;
    if (rawTargets !== undefined && typeof rawTargets !== 'string' && !(Array.isArray(rawTargets) && rawTargets.every((t) => typeof t === 'string'))) {
      throw new OptionError(`${fn}: option 'targets' must be a column name or an array of column names, got ${describe(rawTargets)}`);
    }
    const targets = typeof rawTargets === 'string' ? [rawTargets] : [...(rawTargets ?? [])] as string[];
    if (targets.length === 0) throw new OptionError(`${fn}: no target column given`);
    const targetNames = targets.map((t) => table.columns[table.indexOf(t)]!);
    const kind = options.model ?? 'swim';
    const entry = modelEntry(kind);
    const missing = options.missing ?? 'error';
    if (!MISSING_POLICIES.includes(missing)) throw new OptionError(`${fn}: option 'missing' must be one of ${MISSING_POLICIES.join(', ')}, got ${describe(missing)}`);
    const categorical = options.categorical ?? 'auto';
    if (categorical !== 'auto' && categorical !== 'error') throw new OptionError(`${fn}: option 'categorical' must be 'auto' or 'error', got ${describe(categorical)}`);
    const testFraction = options.testFraction ?? 0;
    const notes: string[] = [];

    // task
    const requested = options.task ?? 'auto';
    if (!['auto', 'regression', 'classification'].includes(requested)) throw new OptionError(`${fn}: option 'task' must be 'auto', 'regression' or 'classification', got ${describe(requested)}`);
    let task: Task, taskReason: string;
    if (requested === 'auto') {
      if (targetNames.length > 1) { task = 'regression'; taskReason = `${targetNames.length} targets (multi-output regression)`; }
      else ({ task, reason: taskReason } = inferTask(table, targetNames[0]!));
      if (task === 'classification' && !entry.classification) {
        throw new OptionError(`${taskReason}, so the task is classification, which is available for the models ${CLASSIFIER_KINDS.join(' and ')}, not '${kind}'; use ${flag(style, 'model', 'swim')}, or ${flag(style, 'task', 'regression')} to fit the labels as numbers`);
      }
    } else {
      task = requested;
      taskReason = 'given';
      if (task === 'classification' && !entry.classification) regressionOnly(kind, task);
    }
    if (task === 'classification' && targetNames.length !== 1) throw new OptionError(`${fn}: classification takes one target column, got ${targetNames.length} (${targetNames.join(', ')})`);
    if (task === 'regression') {
      for (const t of targetNames) {
        const p = table.profile(t);
        if (p.nonNumeric > 0) {
          const f = p.firstNonNumeric!;
          throw new InvalidInputError(`${table.source} line ${f.line}, column '${t}': ${JSON.stringify(f.value)} is not a number, and regression needs numeric targets${targetNames.length === 1 ? ` (use ${flag(style, 'task', 'classification')} for class labels)` : ''}`);
        }
      }
    }
    const settings = resolveSettings(kind, options.settings ?? {}, task);

    // features
    const ignore = (options.ignore ?? []).map((c) => table.columns[table.indexOf(c)]!);
    let features: string[];
    if (options.features && options.features.length > 0) {
      features = options.features.map((c) => table.columns[table.indexOf(c)]!);
      const seen = new Set<string>();
      for (const f of features) {
        if (targetNames.includes(f)) throw new OptionError(`column '${f}' is both a feature and a target`);
        if (seen.has(f)) throw new OptionError(`column '${f}' is listed twice among the features`);
        seen.add(f);
      }
    } else {
      features = [];
      for (const c of table.columns) {
        if (targetNames.includes(c) || ignore.includes(c)) continue;
        const why = idLikeReason(table, c);
        if (why) { notes.push(`column '${c}' looks like a row id (${why}): left out of the features (list it in ${style === 'cli' ? '--features' : 'option features'} to use it)`); continue; }
        features.push(c);
      }
      if (features.length === 0) throw new OptionError(`no feature columns left (columns: ${table.columns.join(', ')}; targets: ${targetNames.join(', ')}${ignore.length ? `; ignored: ${ignore.join(', ')}` : ''})`);
    }

    // column kinds: typos in numeric columns are errors; text columns become categories
    const kinds: ('numeric' | 'categorical')[] = [];
    const typos: string[] = [], texts: string[] = [];
    for (const c of features) {
      const k = columnKind(table, c);
      const p = table.profile(c);
      if (k === 'mixed') {
        const f = p.firstNonNumeric!;
        typos.push(`${typos.length === 0 ? `${table.source} line ${f.line}, column '${c}'` : `line ${f.line}, column '${c}'`}: ${JSON.stringify(f.value)} is not a number (${p.numeric} of ${p.numeric + p.nonNumeric} cells are numbers${p.nonNumeric > 1 ? `, ${p.nonNumeric} are not` : ''})`);
        kinds.push('numeric');
      } else {
        if (k === 'categorical') texts.push(c);
        kinds.push(k);
      }
    }
    if (typos.length > 0) {
      const leave = options.features?.length ? '' : `, or leave the column${typos.length > 1 ? 's' : ''} out with ${style === 'cli' ? `--ignore ${shellQuote(features.filter((c, j) => kinds[j] === 'numeric' && columnKind(table, c) === 'mixed').join(','))}` : 'option ignore'}`;
      throw new InvalidInputError(`${typos.join('; ')} — a mostly numeric column with text is read as a typo, not as categories: fix the cell or write a missing value (${MISSING_MARKERS.filter((m) => m).slice(0, 2).join(', ')})${leave}`);
    }
    if (texts.length > 0 && categorical === 'error') {
      throw new InvalidInputError(`${table.source}: text column${texts.length > 1 ? 's' : ''} ${texts.map((c) => `'${c}' (${table.profile(c).distinct} categories)`).join(', ')} among the features, and one-hot encoding is off (${flag(style, 'categorical', 'error')}): ${style === 'cli' ? `leave ${texts.length > 1 ? 'them' : 'it'} out with --ignore ${shellQuote(texts.join(','))}` : 'leave them out with option ignore'} or use ${flag(style, 'categorical', 'auto')}`);
    }
    for (const c of texts) {
      const d = table.profile(c).distinct;
      notes.push(`column '${c}' holds text: one-hot encoded (${d} categor${d === 1 ? 'y' : 'ies'})`);
    }

    // missing cells
    const used = [...features, ...targetNames];
    const counts = used.map((c) => table.profile(c).missing);
    if (counts.some((k) => k > 0)) {
      if (missing === 'error') {
        const list = used.map((c, j) => [c, counts[j]!] as const).filter(([, k]) => k > 0)
          .map(([c, k]) => `'${c}'${targetNames.includes(c) ? ' (target)' : ''} ${k} of ${table.rows}`);
        throw new InvalidInputError(`${table.source}: missing values (cells ${MISSING_MARKERS.map((m) => JSON.stringify(m)).join(', ')}) in ${list.length} column${list.length > 1 ? 's' : ''}: ${list.join(', ')} — use ${style === 'cli' ? '--missing drop (leave those rows out), --missing mean or --missing median (fill features; rows with a missing target are left out)' : "option missing: 'drop', 'mean' or 'median'"}`);
      }
    }
    const dropCols = missing === 'drop' ? used : targetNames;
    const miss = dropCols.map((c) => table.strings(c));
    const keep: number[] = [];
    for (let i = 0; i < table.rows; i++) if (!miss.some((col) => isMissing(col[i]!))) keep.push(i);
    if (keep.length < table.rows) notes.push(`${table.rows - keep.length} of ${table.rows} rows left out for missing ${missing === 'drop' ? 'values' : 'targets'}`);
    if (keep.length < 2) throw new InvalidInputError(`${table.source}: only ${keep.length} row${keep.length === 1 ? '' : 's'} left after leaving out rows with missing values`);
    const rowsUsed = Int32Array.from(keep);
    const split = trainTestSplit(rowsUsed.length, { testFraction, seed: options.splitSeed ?? settings.seed });
    const trainRows = split.train.map((k) => rowsUsed[k]!), testRows = split.test.map((k) => rowsUsed[k]!);

    // preprocessing fitted on the training rows
    const numericCols = features.filter((_, j) => kinds[j] === 'numeric');
    const catCols = features.filter((_, j) => kinds[j] === 'categorical');
    let imputer: SimpleImputer | null = null;
    let categoryFill: string[] | null = null;
    if (missing === 'mean' || missing === 'median') {
      if (numericCols.length > 0) {
        const cols = numericCols.map((c) => { const v = table.numericOrMissing(c); return Float64Array.from(trainRows, (i) => v[i]!); });
        imputer = new SimpleImputer({ strategy: missing }).fit(cols, numericCols);
        const filled = numericCols.filter((c) => table.profile(c).missing > 0);
        if (filled.length) notes.push(`missing cells of ${filled.map((c) => `'${c}'`).join(', ')} filled with the training ${missing}`);
      }
      if (catCols.length > 0) {
        categoryFill = catCols.map((c) => { const s = table.strings(c); return mostFrequent(Array.from(trainRows, (i) => s[i]!).filter((x) => !isMissing(x))); });
        const filled = catCols.filter((c) => table.profile(c).missing > 0);
        if (filled.length) notes.push(`missing cells of ${filled.map((c) => `'${c}'`).join(', ')} filled with the most frequent category`);
      }
    }
    let encoder: OneHotEncoder | null = null;
    if (catCols.length > 0) {
      // the category vocabulary comes from every used row (so held-out rows have no unknown category); no statistics are learned from it
      encoder = new OneHotEncoder().fit(catCols.map((c) => { const s = table.strings(c); return Array.from(rowsUsed, (i) => s[i]!).filter((x) => !isMissing(x)); }), catCols);
    }
    const partial: Omit<Fitted, 'scaler' | 'targetMean' | 'labels' | 'net' | 'report'> = {
      task, model: kind as ModelKind, settings, features, kinds, targets: targetNames, missing, imputer, encoder, categoryFill,
    };
    const Xall = this.#design(partial, table, rowsUsed, fn);
    const pos = new Map<number, number>(); rowsUsed.forEach((r, k) => pos.set(r, k));
    const take = (cols: Float64Array[], rows: Int32Array): Float64Array[] => cols.map((c) => Float64Array.from(rows, (r) => c[pos.get(r)!]!));
    const scaler = new StandardScaler();
    const Xtr = take(Xall, trainRows);
    let targetMean: Float64Array | null = null;
    let labels: LabelEncoder | null = null;
    let ytr: Float64Array[] = [];
    let trainLabels: Label[] = [];
    if (task === 'regression') {
      const Y = targetNames.map((t) => table.numericOrMissing(t));
      ytr = Y.map((c) => Float64Array.from(trainRows, (i) => c[i]!));
      targetMean = Float64Array.from(ytr, (c) => c.reduce((s, v) => s + v, 0) / c.length);
    } else {
      const all = this.#labels(table, targetNames[0]!, rowsUsed, null);
      labels = new LabelEncoder().fit(all);
      trainLabels = this.#labels(table, targetNames[0]!, trainRows, labels);
      if (labels.classes.length < 2) throw new InvalidInputError(`${table.source}: target '${targetNames[0]}' has only one class (${showLabel(labels.classes[0])}); classification needs at least two`);
    }
    const net = entry.create(settings, options.onProgress, task);
    const fitted: Fitted = { ...partial, scaler, targetMean, labels, net, report: null as unknown as PipelineReport };
    try {
      const fitSeconds = scope(() => {
        const X = Matrix.fromColumnMajor(concat(Xtr), trainRows.length, Xtr.length);
        const Z = scaler.fitTransform(X);
        const t0 = performance.now();
        if (task === 'regression') {
          const Yc = Matrix.fromColumnMajor(concat(ytr.map((c, j) => c.map((v) => v - targetMean![j]!))), trainRows.length, ytr.length);
          net.fit(Z, Yc);
        } else {
          net.fit(Z, Float64Array.from(labels!.transform(trainLabels)) as unknown as Matrix);
        }
        return (performance.now() - t0) / 1000;
      });
      this.#f?.net.dispose();
      this.#f = fitted;
      const train = this.#evaluate(fitted, table, trainRows)!;
      const test = testRows.length > 0 ? this.#evaluate(fitted, table, testRows) : null;
      fitted.report = {
        task, taskInferred: requested === 'auto', taskReason, notes, train, test, fitSeconds,
        rows: { table: table.rows, used: rowsUsed.length, train: trainRows.length, test: testRows.length },
      };
      return this;
    } catch (err) {
      if (this.#f === fitted) this.#f = null;
      net.dispose();
      throw err;
    }
  }

  /** Labels of `target` at `rows`: numbers when the encoder's (or, without one, every) label is an integer, else the cell texts. */
  #labels(table: CsvTable, target: string, rows: Int32Array, enc: LabelEncoder | null): Label[] {
    const s = table.strings(target);
    const cells = Array.from(rows, (i) => s[i]!.trim());
    const integer = (c: string): boolean => /^[+-]?\d+$/.test(c) && Number.isSafeInteger(Number(c));
    const numeric = enc ? typeof enc.classes[0] === 'number' : cells.every(integer);
    if (!numeric) return cells;
    return cells.map((c, k) => {
      if (!integer(c)) throw new InvalidInputError(`${table.source} line ${table.lineOf(rows[k]!)}, column '${target}': ${JSON.stringify(c)} is not a class of the model (integers ${showLabels(enc!.classes)})`);
      return Number(c);
    });
  }

  /** The encoded feature columns (before scaling) of `rows`, checking cells against the fitted preprocessing. */
  #design(f: Pick<Fitted, 'features' | 'kinds' | 'imputer' | 'encoder' | 'categoryFill' | 'missing'>, table: CsvTable, rows: Int32Array, fn: string): Float64Array[] {
    for (const c of f.features) {
      if (!table.has(c)) throw new OptionError(`${table.source}: the model needs column '${c}', which is missing (available: ${table.columns.join(', ')})`);
    }
    const out: Float64Array[] = [];
    const numeric = f.features.filter((_, j) => f.kinds[j] === 'numeric');
    const numCols = numeric.map((c) => { const v = table.numericOrMissing(c); return Float64Array.from(rows, (i) => v[i]!); });
    const missingList: string[] = [];
    numCols.forEach((col, j) => { const k = col.reduce((s, v) => s + (Number.isNaN(v) ? 1 : 0), 0); if (k > 0 && !f.imputer) missingList.push(`'${numeric[j]}' ${k} of ${rows.length}`); });
    const cats = f.features.filter((_, j) => f.kinds[j] === 'categorical');
    const catCells = cats.map((c) => { const s = table.strings(c); return Array.from(rows, (i) => s[i]!); });
    catCells.forEach((col, j) => {
      const k = col.filter((x) => isMissing(x)).length;
      if (k === 0) return;
      if (!f.categoryFill) missingList.push(`'${cats[j]}' ${k} of ${rows.length}`);
      else for (let i = 0; i < col.length; i++) if (isMissing(col[i]!)) col[i] = f.categoryFill[j]!;
    });
    if (missingList.length > 0) {
      throw new InvalidInputError(`${table.source}: missing values in ${missingList.join(', ')}, and the model was fitted with missing '${f.missing}' (no fill values saved): fill them, or refit with missing 'mean' or 'median' (lsqnet fit --missing mean)`);
    }
    const filled = f.imputer && numCols.length ? f.imputer.transform(numCols) : numCols;
    let onehot: Float64Array[] = [];
    if (f.encoder) {
      const enc = f.encoder;
      catCells.forEach((col, j) => {
        const known = new Set(enc.categories[j]!);
        for (let i = 0; i < col.length; i++) {
          if (!known.has(col[i]!)) throw new InvalidInputError(`${table.source} line ${table.lineOf(rows[i]!)}, column '${cats[j]}': unknown category ${showLabel(col[i])} (the model knows ${showLabels(enc.categories[j]!)})`);
        }
      });
      onehot = enc.transform(catCells);
    }
    let n = 0, c = 0, o = 0;
    for (const k of f.kinds) {
      if (k === 'numeric') out.push(filled[n++]!);
      else { const m = f.encoder!.categories[c++]!.length; for (let t = 0; t < m; t++) out.push(onehot[o++]!); }
    }
    void fn;
    return out;
  }

  /** Model outputs (N×c rows) on `rows` of `table`: regression values or class probabilities over {@link Pipeline.classes}. */
  #outputs(f: Fitted, table: CsvTable, rows: Int32Array, fn: string): Float64Array[] {
    const cols = this.#design(f, table, rows, fn);
    return scope(() => {
      const X = Matrix.fromColumnMajor(concat(cols), rows.length, cols.length);
      const Z = f.scaler.transform(X);
      if (f.task === 'regression') {
        const P = f.net.predict(Z).toColumnMajor();
        const n = rows.length;
        return f.targets.map((_, j) => Float64Array.from({ length: n }, (_, i) => P[i + j * n]! + f.targetMean![j]!));
      }
      const net = f.net as unknown as { predictProba(X: Matrix): Matrix; classes: Float64Array | null };
      const P = net.predictProba(Z).toColumnMajor();
      const k = f.labels!.classes.length, n = rows.length;
      const present = net.classes!;
      const out = Array.from({ length: k }, () => new Float64Array(n));
      present.forEach((cls, j) => out[cls]!.set(P.subarray(j * n, (j + 1) * n)));
      return out;
    });
  }

  #evaluate(f: Fitted, table: CsvTable, rows: Int32Array): PipelineMetrics | null {
    if (!f.targets.every((t) => table.has(t))) return null;
    // rows whose targets are present
    const tcells = f.targets.map((t) => table.strings(t));
    const have = rows.filter((i) => !tcells.some((c) => isMissing(c[i]!)));
    if (have.length === 0) return null;
    const out = this.#outputs(f, table, have, 'evaluate');
    if (f.task === 'regression') return regressionScores(out, f.targets.map((t) => { const v = table.numericOrMissing(t); return Float64Array.from(have, (i) => v[i]!); }));
    const truth = this.#labels(table, f.targets[0]!, have, f.labels);
    const classes = f.labels!.classes;
    const pred = argmaxLabels(out, classes);
    const known = new Set<Label>(classes);
    const proba = Array.from({ length: have.length }, (_, i) => out.map((c) => c[i]!));
    return {
      task: 'classification', rows: have.length, accuracy: accuracy(truth, pred),
      logLoss: truth.every((l) => known.has(l)) && classes.length >= 2 ? logLoss(truth, proba, { labels: classes }) : null,
      confusion: confusionMatrix(truth, pred, { labels: uniqueSortedLabels([...classes, ...truth]) }),
    };
  }

  /**
   * Predictions for a table or rows: regression → one array of target values per row
   * (`number[][]`, N × targets); classification → the labels (`Label[]`, the original strings or
   * integers). Extra columns are ignored; missing feature columns → {@link OptionError}.
   */
  predict(input: CsvTable | readonly PipelineRow[]): number[][] | Label[] {
    return this.run(input).predictions;
  }

  /**
   * Class probabilities (N rows × {@link Pipeline.classes}, rows sum to 1). Output `'softmax'`
   * (`settings.output`, the default of classifiers fitted now): the probabilities of the
   * multinomial logistic output layer (calibrated: see docs/swim.md). Output `'lstsq'` (and
   * files without `settings.output`): the softmax of the least-squares class scores — a
   * monotone map of the scores, NOT calibrated probabilities (see docs/cli.md). Only for
   * classification.
   */
  predictProba(input: CsvTable | readonly PipelineRow[]): number[][] {
    if (this.#state('predictProba').task !== 'classification') throw new OptionError(`${FN}.predictProba: only for task 'classification' (this pipeline is a regression)`);
    return this.run(input, { proba: true }).proba!;
  }

  /** Metrics on a table that holds the target column(s) (rows with a missing target are skipped), or null when it does not. */
  evaluate(input: CsvTable | readonly PipelineRow[]): PipelineMetrics | null {
    const f = this.#state('evaluate');
    const table = toTable(input, f.features, `${FN}.evaluate`);
    return this.#evaluate(f, table, Int32Array.from({ length: table.rows }, (_, i) => i));
  }

  /**
   * Predictions, probabilities (classification with `proba: true`) and metrics (when the
   * targets are present) in one pass — what `lsqnet predict` prints. `columns` names the
   * prediction columns (the targets).
   */
  run(input: CsvTable | readonly PipelineRow[], options: { proba?: boolean } = {}): { columns: string[]; predictions: number[][] | Label[]; proba: number[][] | null; metrics: PipelineMetrics | null } {
    checkOptions(options, ['proba'], `${FN}.run`);
    const f = this.#state('predict');
    const table = toTable(input, f.features, `${FN}.predict`);
    const all = Int32Array.from({ length: table.rows }, (_, i) => i);
    const out = this.#outputs(f, table, all, 'predict');
    const n = table.rows;
    const metrics = this.#evaluate(f, table, all);
    if (f.task === 'regression') {
      return { columns: [...f.targets], predictions: Array.from({ length: n }, (_, i) => out.map((c) => c[i]!)), proba: null, metrics };
    }
    if (options.proba && f.task !== 'classification') throw new OptionError(`${FN}.run: proba is only for task 'classification'`);
    return {
      columns: [...f.targets], predictions: argmaxLabels(out, f.labels!.classes),
      proba: options.proba ? Array.from({ length: n }, (_, i) => out.map((c) => c[i]!)) : null, metrics,
    };
  }

  /** Frees the model's wasm memory; the pipeline is unfitted afterwards. */
  dispose(): void {
    this.#f?.net.dispose();
    this.#f = null;
  }

  /** The whole pipeline as one JSON document ({@link PipelineJSON}; `JSON.stringify(pipeline)` works). */
  toJSON(): PipelineJSON {
    const f = this.#state('toJSON');
    return {
      format: 'lsqnet-model', version: 2, task: f.task, model: f.model, settings: { ...f.settings },
      features: [...f.features], kinds: [...f.kinds], targets: [...f.targets], missing: f.missing,
      imputer: f.imputer ? f.imputer.toJSON() : null, encoder: f.encoder ? f.encoder.toJSON() : null,
      categoryFill: f.categoryFill ? [...f.categoryFill] : null, scaler: f.scaler.toJSON(),
      targetMean: f.targetMean ? [...f.targetMean] : null, labels: f.labels ? f.labels.toJSON() : null,
      state: f.net.toJSON(), report: structuredClone(f.report),
    };
  }

  /**
   * Restores a pipeline saved by {@link Pipeline.toJSON} or `lsqnet fit --out` (version 2, and
   * version-1 files of earlier releases: regression on numeric columns). Every field is checked
   * (types, lengths, finiteness, consistency with the model state); a tampered file →
   * {@link InvalidInputError} naming the field. The caller owns the result (`dispose()`).
   */
  static fromJSON(json: unknown): Pipeline {
    const fn = `${FN}.fromJSON`;
    const head = expectObject(json, fn, { required: ['format', 'version'], optional: Object.keys(json && typeof json === 'object' ? json : {}) });
    head.literal('format', 'lsqnet-model');
    const version = head.value('version');
    if (version === 1) return fromV1(json, fn);
    if (version !== 2) head.fail('version', 'must be 1 or 2 (a model file of a newer lsqnet?)', version);
    const f = expectObject(json, fn, {
      required: ['format', 'version', 'task', 'model', 'settings', 'features', 'kinds', 'targets', 'missing', 'imputer', 'encoder', 'categoryFill', 'scaler', 'targetMean', 'labels', 'state', 'report'],
    });
    const task = f.enum('task', ['regression', 'classification'] as const);
    const model = f.enum('model', MODEL_KINDS);
    const settings = settingsField(f, model);
    const features = namesArray(f, 'features');
    const kindsRaw = f.value('kinds');
    if (!Array.isArray(kindsRaw) || kindsRaw.length !== features.length) f.fail('kinds', `must be an array of ${features.length} kinds ('numeric' or 'categorical')`, kindsRaw);
    const kinds = kindsRaw as unknown[];
    kinds.forEach((k, j) => { if (k !== 'numeric' && k !== 'categorical') f.fail(`kinds[${j}]`, "must be 'numeric' or 'categorical'", k); });
    const targets = namesArray(f, 'targets');
    for (const t of targets) if (features.includes(t)) f.fail('targets', `must not repeat a feature ('${t}')`);
    const missing = f.enum('missing', MISSING_POLICIES);
    const nNum = (kinds as string[]).filter((k) => k === 'numeric').length, nCat = features.length - nNum;
    const imputer = sub(f, 'imputer', (v) => SimpleImputer.fromJSON(v));
    if (imputer && imputer.statistics.length !== nNum) f.fail('imputer.statistics', `must have one value per numeric feature (${nNum})`, f.raw.imputer && (f.raw.imputer as { statistics?: unknown }).statistics);
    if (imputer && missing !== 'mean' && missing !== 'median') f.fail('imputer', `must be null with missing '${missing}'`, f.raw.imputer);
    const encoder = sub(f, 'encoder', (v) => OneHotEncoder.fromJSON(v));
    if ((encoder ? encoder.categories.length : 0) !== nCat) f.fail('encoder', nCat === 0 ? 'must be null without categorical features' : `must encode the ${nCat} categorical feature(s)`, f.raw.encoder);
    const fillRaw = f.value('categoryFill');
    let categoryFill: string[] | null = null;
    if (fillRaw !== null) {
      if (!Array.isArray(fillRaw) || fillRaw.length !== nCat) f.fail('categoryFill', `must be null or an array of ${nCat} categories`, fillRaw);
      categoryFill = (fillRaw as unknown[]).map((v, j) => {
        if (typeof v !== 'string' || !encoder!.categories[j]!.includes(v)) f.fail(`categoryFill[${j}]`, 'must be one of the encoder categories of its column', v);
        return v as string;
      });
    }
    const width = nNum + (encoder ? encoder.outputCount : 0);
    const scaler = scalerField(f, width);
    let targetMean: Float64Array | null = null, labels: LabelEncoder | null = null;
    if (task === 'regression') {
      targetMean = f.finiteArray('targetMean', targets.length);
      if (f.value('labels') !== null) f.fail('labels', 'must be null for regression', f.value('labels'));
    } else {
      if (f.value('targetMean') !== null) f.fail('targetMean', 'must be null for classification', f.value('targetMean'));
      if (targets.length !== 1) f.fail('targets', 'must hold one column for classification', f.value('targets'));
      labels = sub(f, 'labels', (v) => LabelEncoder.fromJSON(v));
      if (!labels || labels.classes.length < 2) f.fail('labels', 'must list at least two classes', f.value('labels'));
      if (!CLASSIFIER_KINDS.includes(model)) f.fail('model', `must be one of ${CLASSIFIER_KINDS.join(', ')} for classification`, model);
    }
    const report = f.value('report');
    if (report === null || typeof report !== 'object' || Array.isArray(report)) f.fail('report', 'must be an object', report);
    const net = restoreState(f, model, task, width, task === 'regression' ? targets.length : labels!.classes.length, settings);
    const p = new Pipeline();
    p.#f = {
      task, model, settings, features, kinds: kinds as ('numeric' | 'categorical')[], targets, missing, imputer, encoder, categoryFill,
      scaler, targetMean, labels, net, report: structuredClone(report) as PipelineReport,
    };
    return p;
  }

  /** @internal Used by {@link fromV1}. */
  static _make(f: Fitted): Pipeline { const p = new Pipeline(); p.#f = f; return p; }
}

function concat(cols: Float64Array[]): Float64Array {
  const n = cols[0]?.length ?? 0;
  const out = new Float64Array(n * cols.length);
  cols.forEach((c, j) => out.set(c, j * n));
  return out;
}

function argmaxLabels(cols: Float64Array[], classes: readonly Label[]): Label[] {
  const n = cols[0]!.length;
  const out = new Array<Label>(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < cols.length; j++) if (cols[j]![i]! > cols[best]![i]!) best = j;
    out[i] = classes[best]!;
  }
  return out;
}

function uniqueSortedLabels(a: Label[]): Label[] {
  return [...new Set(a)].sort(compareLabels);
}

function namesArray(f: Fields, field: string): string[] {
  const v = f.value(field);
  if (!Array.isArray(v) || v.length === 0) f.fail(field, 'must be a non-empty array of column names', v);
  const seen = new Set<string>();
  return (v as unknown[]).map((s, j) => {
    if (typeof s !== 'string' || s === '') f.fail(`${field}[${j}]`, 'must be a non-empty string', s);
    if (seen.has(s as string)) f.fail(`${field}[${j}]`, 'repeats a column name', s);
    seen.add(s as string);
    return s as string;
  });
}

/** Runs a component's strict fromJSON on a nullable field, prefixing its message with the field name. */
function sub<T>(f: Fields, field: string, make: (v: unknown) => T): T | null {
  const v = f.value(field);
  if (v === null) return null;
  try {
    return make(v);
  } catch (err) {
    if (err instanceof InvalidInputError || err instanceof OptionError) throw new InvalidInputError(`${f.fn}: field '${field}': ${err.message}`);
    throw err;
  }
}

function scalerField(f: Fields, width: number): StandardScaler {
  const s = f.object('scaler', { required: ['type', 'mean', 'scale'] });
  s.literal('type', 'StandardScaler');
  const mean = s.finiteArray('mean', width);
  const scale = s.finiteArray('scale', width);
  scale.forEach((v, j) => { if (!(v > 0)) s.fail(`scaler.scale[${j}]`, 'must be a positive number', v); });
  return StandardScaler.fromJSON({ type: 'StandardScaler', mean: [...mean], scale: [...scale] });
}

const SETTING_KEYS = ['hidden', 'activation', 'seed', 'iterations', 'epochs', 'rcond', 'gcv', 'ridge', 'solver', 'output'] as const;

function settingsField(f: Fields, model: ModelKind): ModelSettings {
  const s = f.object('settings', { required: ['hidden', 'activation', 'seed'], optional: SETTING_KEYS.filter((k) => !['hidden', 'activation', 'seed'].includes(k)) });
  const out: Partial<ModelSettings> = { hidden: s.int('hidden', 1, 2 ** 31 - 1), seed: s.int('seed', 0, 2 ** 53 - 1) };
  const act = s.value('activation');
  if (typeof act !== 'string') s.fail('settings.activation', 'must be a string', act);
  out.activation = act as string;
  if (s.has('iterations')) out.iterations = s.int('iterations', 1, 1e9);
  if (s.has('epochs')) out.epochs = s.int('epochs', 1, 1e9);
  if (s.has('rcond')) out.rcond = s.number('rcond');
  if (s.has('ridge')) out.ridge = s.number('ridge');
  if (s.has('gcv')) out.gcv = s.bool('gcv');
  if (s.has('solver')) out.solver = s.enum('solver', ['svd', 'qr', 'cholesky'] as const);
  // absent in files written before the softmax output existed: those classifiers are 'lstsq'
  if (s.has('output')) out.output = s.enum('output', ['softmax', 'lstsq'] as const);
  try {
    return resolveSettings(model, out);
  } catch (err) {
    if (err instanceof OptionError) throw new InvalidInputError(`${f.fn}: field 'settings': ${err.message}`);
    throw err;
  }
}

function restoreState(f: Fields, model: ModelKind, task: Task, width: number, outputs: number, settings: ModelSettings): Trainable {
  const st = f.value('state') as Record<string, unknown> | null;
  if (st === null || typeof st !== 'object' || Array.isArray(st)) f.fail('state', 'must be the model\'s JSON object', st);
  const inputDim = st.inputDim;
  if (inputDim !== width) f.fail('state.inputDim', `must be ${width} (the number of encoded feature columns)`, inputDim);
  const outputDim = st.outputDim;
  if (task === 'regression' ? outputDim !== outputs : !(typeof outputDim === 'number' && outputDim >= 2 && outputDim <= outputs)) {
    f.fail('state.outputDim', task === 'regression' ? `must be ${outputs} (the number of targets)` : `must be between 2 and ${outputs} (the number of classes)`, outputDim);
  }
  let net: Trainable;
  try {
    net = modelEntry(model).restore(st);
  } catch (err) {
    if (err instanceof InvalidInputError || err instanceof OptionError) throw new InvalidInputError(`${f.fn}: field 'state': ${err.message}`);
    throw err;
  }
  const opts = (st as { options?: { task?: unknown; output?: unknown } }).options;
  const netTask = opts && typeof opts === 'object' && 'task' in opts ? opts.task : 'regression';
  if (netTask !== task) { net.dispose(); f.fail('state.options.task', `must be '${task}' like the pipeline`, netTask); }
  if (net instanceof SampledNetwork) {
    const want = settings.output ?? 'lstsq';
    if (net.options.output !== want) { net.dispose(); f.fail('state.options.output', `must be '${want}' like settings.output`, net.options.output); }
  }
  if (task === 'classification') {
    const classes = (net as unknown as { classes: Float64Array | null }).classes;
    if (!classes || classes.some((c) => c < 0 || c >= outputs)) { net.dispose(); f.fail('state.classes', `must be class indices in [0, ${outputs - 1}]`, classes ? [...classes] : null); }
  }
  return net;
}

/** Reads a version-1 file (regression on numeric columns, no missing handling) into a pipeline. */
function fromV1(json: unknown, fn: string): Pipeline {
  const f = expectObject(json, fn, { required: ['format', 'version', 'model', 'settings', 'features', 'targets', 'scaler', 'targetMean', 'state'], optional: ['metrics'] });
  const model = f.enum('model', MODEL_KINDS);
  const settings = settingsField(f, model);
  const features = namesArray(f, 'features');
  const targets = namesArray(f, 'targets');
  const scaler = scalerField(f, features.length);
  const targetMean = f.finiteArray('targetMean', targets.length);
  const net = restoreState(f, model, 'regression', features.length, targets.length, settings);
  const nan = { task: 'regression' as const, rows: 0, mse: NaN, mae: NaN, r2: NaN };
  return Pipeline._make({
    task: 'regression', model, settings, features, kinds: features.map(() => 'numeric' as const), targets, missing: 'error',
    imputer: null, encoder: null, categoryFill: null, scaler, targetMean, labels: null, net,
    report: { task: 'regression', taskInferred: false, taskReason: 'version-1 file', rows: { table: 0, used: 0, train: 0, test: 0 }, notes: ['loaded from a version-1 model file'], train: nan, test: null, fitSeconds: 0 },
  });
}

/** Anything {@link loadModel} returns. */
export type LoadedModel = Pipeline | SampledNetwork | AnminNetwork | GradientNetwork;

/**
 * Loads a saved model from its JSON text or parsed object, whatever wrote it:
 * - a CLI / {@link Pipeline} file (`"format": "lsqnet-model"`, versions 1 and 2) → {@link Pipeline};
 * - a model's own `toJSON()`: `"format": "lsqnet.SampledNetwork"` → {@link SampledNetwork},
 *   `"type": "AnminNetwork"` → {@link AnminNetwork}, `"type": "GradientNetwork"` → {@link GradientNetwork}.
 *
 * (`SampledNetwork.fromJSON(cliFile)` fails by design: a CLI file holds a model plus its
 * preprocessing, and predicting with the bare model on raw columns would be wrong.) Anything else
 * → {@link InvalidInputError} naming what was found. The caller owns the result (`dispose()`).
 * @example
 * const pipe = loadModel(readFileSync('model.json', 'utf8'));
 * if (pipe instanceof Pipeline) console.log(pipe.predict(await loadCsv('new.csv')));
 */
export function loadModel(json: string | object): LoadedModel {
  const fn = 'loadModel';
  let obj: unknown = json;
  if (typeof json === 'string') {
    try {
      obj = JSON.parse(json);
    } catch (err) {
      throw new InvalidInputError(`${fn}: not valid JSON (${(err as Error).message})`);
    }
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new InvalidInputError(`${fn}: expected a model JSON object, got ${describe(obj)}`);
  const o = obj as { format?: unknown; type?: unknown };
  if (o.format === 'lsqnet-model') return Pipeline.fromJSON(obj);
  if (o.format === 'lsqnet.SampledNetwork') return SampledNetwork.fromJSON(obj);
  if (o.type === 'AnminNetwork') return AnminNetwork.fromJSON(obj);
  if (o.type === 'GradientNetwork') return GradientNetwork.fromJSON(obj);
  throw new InvalidInputError(`${fn}: not an lsqnet model (no "format": "lsqnet-model" or "lsqnet.SampledNetwork", no "type": "AnminNetwork" or "GradientNetwork"; found ${o.format !== undefined ? `"format": ${describe(o.format)}` : o.type !== undefined ? `"type": ${describe(o.type)}` : 'neither field'})`);
}
