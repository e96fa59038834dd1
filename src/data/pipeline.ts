/**
 * @internal A trained model together with its preprocessing — feature and target column names,
 * the input {@link StandardScaler} and the target means — saved as one JSON document so that
 * `predict` works on a raw CSV. Used by the CLI (`lsqnet fit` / `lsqnet predict`).
 * @module
 */
import { InvalidInputError, OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { scope } from '../scope.js';
import { describe } from '../models/schema.js';
import type { CsvTable } from './csv.js';
import { MODEL_KINDS, modelEntry, resolveSettings, type ModelKind, type ModelSettings, type ProgressFn } from './models.js';
import { StandardScaler, centerTargets, uncenterTargets, type StandardScalerJSON } from './scaler.js';
import { takeRows, trainTestSplit } from './split.js';

/** Regression metrics (means over all N·c entries; R² per ALGORITHMS.md §0.3). */
export interface Metrics {
  /** Rows evaluated. */
  rows: number;
  mse: number;
  mae: number;
  /** 1 − MSE / mean((y − ȳ_train)²), ȳ_train the training target means. */
  r2: number;
}

/** The saved form of a fitted pipeline (`lsqnet fit --out model.json`). */
export interface PipelineJSON {
  format: 'lsqnet-model';
  version: 1;
  model: ModelKind;
  settings: ModelSettings;
  /** Input columns, in the order the model expects them. */
  features: string[];
  /** Target columns. */
  targets: string[];
  /** Input standardization (fitted on the training rows). */
  scaler: StandardScalerJSON;
  /** Training target means, added back to the model output. */
  targetMean: number[];
  /** The model's own `toJSON()`. */
  state: unknown;
  /** Metrics measured at fit time. */
  metrics: { train: Metrics; test: Metrics | null; fitSeconds: number };
}

/** Options of {@link fitPipeline}. */
export interface FitPipelineOptions {
  model: string;
  targets: string[];
  /** Input columns (default: every column that is not a target and not ignored). */
  features?: string[];
  /** Columns to leave out of the default feature list. */
  ignore?: string[];
  settings?: Partial<ModelSettings>;
  /** Test fraction (default 0.2; 0 trains on every row). */
  testFraction?: number;
  /** Seed of the split (default: the model seed). */
  splitSeed?: number;
  onProgress?: ProgressFn;
}

/** Result of {@link fitPipeline}. */
export interface FitPipelineResult {
  json: PipelineJSON;
  train: Metrics;
  test: Metrics | null;
  fitSeconds: number;
}

/** Metrics of predictions P against targets Y (both N×c), R² relative to `mean`. */
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
  const mse = se / (n * c);
  return { rows: n, mse, mae: ae / (n * c), r2: ss > 0 ? 1 - se / ss : (se === 0 ? 1 : -Infinity) };
}

/** Feature columns: the given list, or every column that is neither a target nor ignored. */
export function featureColumns(table: CsvTable, targets: string[], features?: string[], ignore: string[] = []): string[] {
  for (const t of targets) table.indexOf(t);
  for (const t of ignore) table.indexOf(t);
  if (features && features.length > 0) {
    for (const f of features) {
      table.indexOf(f);
      if (targets.includes(f)) throw new OptionError(`column '${f}' is both a feature and a target`);
    }
    return features;
  }
  const out = table.columns.filter((c) => !targets.includes(c) && !ignore.includes(c));
  if (out.length === 0) throw new OptionError(`no feature columns left (columns: ${table.columns.join(', ')}; targets: ${targets.join(', ')})`);
  return out;
}

/**
 * Splits the table, standardizes the features and centers the targets on the training rows,
 * fits the model, and measures train/test metrics on the original target scale.
 */
export function fitPipeline(table: CsvTable, options: FitPipelineOptions): FitPipelineResult {
  if (options.targets.length === 0) throw new OptionError('no target column given');
  const features = featureColumns(table, options.targets, options.features, options.ignore);
  const testFraction = options.testFraction ?? 0.2;
  return scope(() => {
    const Y = table.select(options.targets);
    let X: Matrix;
    try {
      X = table.select(features);
    } catch (err) {
      // a text column among the default features: say how to leave it out
      const col = err instanceof InvalidInputError ? /column '([^']*)'/.exec(err.message)?.[1] : undefined;
      if (col !== undefined && !options.features?.length) throw new InvalidInputError(`${err instanceof Error ? err.message : ''} (leave the column out with --ignore ${col}, or list --features)`);
      throw err;
    }
    const entry = modelEntry(options.model);
    const settings = resolveSettings(options.model, options.settings ?? {});
    const { train, test } = trainTestSplit(table.rows, { testFraction, seed: options.splitSeed ?? settings.seed });
    const Xtr = takeRows(X, train), Ytr = takeRows(Y, train);
    const scaler = new StandardScaler().fit(Xtr);
    const Ztr = scaler.transform(Xtr);
    const { Y: Yc, mean } = centerTargets(Ytr);
    const model = entry.create(settings, options.onProgress);
    try {
      const t0 = performance.now();
      model.fit(Ztr, Yc);
      const fitSeconds = (performance.now() - t0) / 1000;
      const trainMetrics = regressionMetrics(uncenterTargets(model.predict(Ztr), mean), Ytr, mean);
      let testMetrics: Metrics | null = null;
      if (test.length > 0) {
        const Zte = scaler.transform(takeRows(X, test));
        testMetrics = regressionMetrics(uncenterTargets(model.predict(Zte), mean), takeRows(Y, test), mean);
      }
      const json: PipelineJSON = {
        format: 'lsqnet-model', version: 1, model: options.model as ModelKind, settings, features,
        targets: [...options.targets], scaler: scaler.toJSON(), targetMean: [...mean], state: model.toJSON(),
        metrics: { train: trainMetrics, test: testMetrics, fitSeconds },
      };
      return { json, train: trainMetrics, test: testMetrics, fitSeconds };
    } finally {
      model.dispose();
    }
  });
}

/**
 * Checks the shape of a saved pipeline and names the first problem. The model's `state` is
 * checked strictly by the model's own `fromJSON` when the pipeline is restored (files written
 * before the model contract load unchanged: the state formats did not change).
 */
export function checkPipelineJSON(obj: unknown, source = 'model'): PipelineJSON {
  const o = obj as Partial<PipelineJSON> | null;
  if (!o || typeof o !== 'object' || o.format !== 'lsqnet-model') throw new InvalidInputError(`${source}: not an lsqnet model file (missing "format": "lsqnet-model")`);
  if (o.version !== 1) throw new InvalidInputError(`${source}: unsupported model file version ${String(o.version)}`);
  if (!(MODEL_KINDS as readonly string[]).includes(String(o.model))) throw new InvalidInputError(`${source}: unknown model kind ${JSON.stringify(o.model)}`);
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');
  if (!strings(o.features)) throw new InvalidInputError(`${source}: "features" must be a non-empty list of column names`);
  if (!strings(o.targets)) throw new InvalidInputError(`${source}: "targets" must be a non-empty list of column names`);
  if (!Array.isArray(o.targetMean) || o.targetMean.length !== o.targets.length) throw new InvalidInputError(`${source}: "targetMean" must have one entry per target`);
  o.targetMean.forEach((v: unknown, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError(`${source}: "targetMean[${j}]" must be a finite number, got ${describe(v)}`);
  });
  if (!o.scaler || !Array.isArray(o.scaler.mean) || o.scaler.mean.length !== o.features.length) throw new InvalidInputError(`${source}: "scaler" must have one mean per feature`);
  return o as PipelineJSON;
}

/** Result of {@link predictPipeline}. */
export interface PredictResult {
  /** Predictions, N×c (original target scale). */
  predictions: number[][];
  /** Column names of the predictions (the target names). */
  columns: string[];
  /** Metrics when the table also holds the target columns. */
  metrics: Metrics | null;
}

/** Applies a saved pipeline to a raw table (feature columns by name; extra columns are ignored). */
export function predictPipeline(json: PipelineJSON, table: CsvTable): PredictResult {
  for (const f of json.features) {
    if (!table.has(f)) throw new OptionError(`${table.source}: the model needs column '${f}', which is missing (available: ${table.columns.join(', ')})`);
  }
  const entry = modelEntry(json.model);
  const scaler = StandardScaler.fromJSON(json.scaler);
  const model = entry.restore(json.state);
  try {
    return scope(() => {
      const Z = scaler.transform(table.select(json.features));
      const P = uncenterTargets(model.predict(Z), json.targetMean);
      let metrics: Metrics | null = null;
      if (json.targets.every((t) => table.has(t))) metrics = regressionMetrics(P, table.select(json.targets), json.targetMean);
      return { predictions: P.toRows(), columns: [...json.targets], metrics };
    });
  } finally {
    model.dispose();
  }
}
