/**
 * @internal The models the CLI, `npm start` and the demo can train, behind one small interface:
 * create from settings, fit, predict, save, restore. A model family is wired in by adding one
 * entry to {@link MODELS}; kinds without an entry report that they are unavailable.
 * @module
 */
import { OptionError } from '../errors.js';
import { checkOptions, describe } from '../validate.js';
import type { Matrix } from '../matrix.js';
import { SampledNetwork, SOFTMAX_LAMBDA_GRID, type SampledNetworkJSON } from '../models/sampled.js';
import { GradientNetwork, type GradientNetworkJSON } from '../models/gradient.js';
import { AnminNetwork, type AnminNetworkJSON } from '../models/anmin.js';

/** Model kinds of the CLI (`--model`). */
export const MODEL_KINDS = ['swim', 'random', 'anmin', 'adam'] as const;
/** A model kind of the CLI and the main job. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Settings common to every kind (the CLI flags). */
export interface ModelSettings {
  /** Hidden width. */
  hidden: number;
  /** Hidden activation. */
  activation: string;
  /** Seed. */
  seed: number;
  /** ANMIN iterations (default 30). */
  iterations?: number;
  /** Gradient epochs (default 300). */
  epochs?: number;
  /** Sampled networks: relative cut of the output solve (pivoted-QR rank, or singular values with solver 'svd'); without it (and without ridge/solver) the output solve is ridge with λ by GCV. */
  rcond?: number;
  /** Sampled networks: choose a ridge λ for the output layer by generalized cross-validation (SVD solve); the default when none of rcond, ridge, solver is given. */
  gcv?: boolean;
  /** Sampled networks: ridge λ of the output layer instead of the rcond cut (Cholesky solve of the regularized normal equations by default). */
  ridge?: number;
  /** Sampled networks: least-squares method of the output layer ('svd' with gcv — the default —, 'qr' with rcond, 'cholesky' with ridge). */
  solver?: 'svd' | 'qr' | 'cholesky';
  /**
   * Sampled classifiers: the output layer, `'softmax'` (multinomial logistic regression fitted by
   * Newton, calibrated probabilities — the default for classification at fit time) or `'lstsq'`
   * (least squares on one-hot targets; rcond / ridge / gcv / solver configure it). Absent in files
   * written before the option existed: those models have the `'lstsq'` output.
   */
  output?: 'softmax' | 'lstsq';
}

/** Progress of a fit: `done` of `total` steps, with a short note (e.g. the current train MSE). */
export type ProgressFn = (done: number, total: number, note?: string) => void;

/** What a trained model must offer. */
export interface Trainable {
  fit(X: Matrix, Y: Matrix): unknown;
  predict(X: Matrix): Matrix;
  toJSON(): unknown;
  dispose(): void;
}

/** What a model is fitted for: numbers (regression) or class labels (classification). */
export type Task = 'regression' | 'classification';

/** The model kinds that can be fitted as classifiers (`task: 'classification'`). */
export const CLASSIFIER_KINDS: readonly ModelKind[] = ['swim', 'random'];

/** One model family. */
export interface ModelEntry {
  /** One-line description for help texts and tables. */
  label: string;
  /** True when `create(…, 'classification')` works (least-squares on one-hot targets). */
  classification: boolean;
  /** Default hidden width and activation. */
  defaults: { hidden: number; activation: string };
  /** Activations it accepts. */
  activations: readonly string[];
  /** Number of progress steps of a fit with these settings. */
  steps(s: ModelSettings): number;
  /** A new unfitted model; `task` 'classification' only when {@link ModelEntry.classification}. */
  create(s: ModelSettings, progress?: ProgressFn, task?: Task): Trainable;
  restore(state: unknown): Trainable;
}

const short = (v: number): string => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(4) : v.toExponential(2));

function sampled(sampler: 'swim' | 'random', label: string): ModelEntry {
  return {
    label,
    classification: true,
    defaults: { hidden: 1000, activation: 'tanh' },
    activations: ['tanh', 'relu'],
    steps: (s) => (s.output === 'softmax' ? 2 + SOFTMAX_LAMBDA_GRID.length : 2),
    create: (s, progress, task = 'regression') => new SampledNetwork({
      layers: [s.hidden], activation: s.activation as 'tanh' | 'relu', sampler, seed: s.seed, task,
      ...(s.output === 'softmax' ? { output: 'softmax' as const }
        : s.gcv ? { regularization: 'gcv' as const, solver: 'svd' as const }
        : s.ridge !== undefined ? { regularization: { ridge: s.ridge }, solver: s.solver ?? 'cholesky' }
          : { rcond: s.rcond ?? 1e-8, solver: s.solver ?? 'qr' }),
      onProgress: progress ? (p) => progress(p.step, p.total, p.stage === 'solve' ? 'output layer solved' : p.stage === 'lambda' ? `softmax λ ${short(p.lambda!)}: held-out log-loss ${short(p.loss!)}` : 'hidden layer sampled') : undefined,
    }),
    restore: (state) => SampledNetwork.fromJSON(state as SampledNetworkJSON),
  };
}

/** The {@link OptionError} for a classification request to a regression-only family. */
export function regressionOnly(kind: string, task: Task): void {
  if (task !== 'regression') {
    throw new OptionError(`task 'classification' is available for the models ${CLASSIFIER_KINDS.join(' and ')}, not '${kind}' (a regression model)`);
  }
}

const alphaOf = (activation: string): number => (activation === 'leaky-relu' ? 0.1 : 0);

/** The wired-in model families (filled as the model areas land). */
export const MODELS: Partial<Record<ModelKind, ModelEntry>> = {
  swim: sampled('swim', 'SWIM'),
  random: sampled('random', 'random features'),
  anmin: {
    label: 'ANMIN',
    classification: false,
    defaults: { hidden: 64, activation: 'relu' },
    activations: ['relu', 'leaky-relu'],
    steps: (s) => s.iterations ?? 30,
    create: (s, progress, task = 'regression') => {
      regressionOnly('anmin', task);
      const iterations = s.iterations ?? 30;
      return new AnminNetwork({
        hidden: s.hidden, alpha: alphaOf(s.activation), iterations, seed: s.seed,
        onProgress: progress ? (e) => progress(e.step, e.total, `train MSE ${short(e.loss)} (${e.branch})`) : undefined,
      });
    },
    restore: (state) => AnminNetwork.fromJSON(state as AnminNetworkJSON),
  },
  adam: {
    label: 'Adam',
    classification: false,
    defaults: { hidden: 64, activation: 'relu' },
    activations: ['relu', 'leaky-relu'],
    steps: (s) => s.epochs ?? 300,
    create: (s, progress, task = 'regression') => {
      regressionOnly('adam', task);
      const epochs = s.epochs ?? 300;
      return new GradientNetwork({
        hidden: s.hidden, alpha: alphaOf(s.activation), optimizer: 'adam', epochs, seed: s.seed,
        onProgress: progress ? (e) => progress(e.step, e.total, `train MSE ${short(e.loss)}`) : undefined,
      });
    },
    restore: (state) => GradientNetwork.fromJSON(state as GradientNetworkJSON),
  },
};

/** The entry of `kind`, or an {@link OptionError} saying why it cannot be used. */
export function modelEntry(kind: string): ModelEntry {
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) {
    throw new OptionError(`unknown model ${typeof kind === 'string' ? `'${kind.length > 40 ? `${kind.slice(0, 40)}…` : kind}'` : describe(kind)} (choose one of ${MODEL_KINDS.join(', ')})`);
  }
  const e = MODELS[kind as ModelKind];
  if (!e) throw new OptionError(`model '${kind}' is not available in this build yet`);
  return e;
}

/** The keys of {@link ModelSettings}. */
const SETTING_KEYS: readonly string[] = ['hidden', 'activation', 'seed', 'iterations', 'epochs', 'rcond', 'gcv', 'ridge', 'solver', 'output'];

/**
 * Fills in defaults and checks the settings against the model family. With `task` (at fit
 * time) a sampled classifier without `output` gets `'softmax'`, unless one of rcond / ridge /
 * gcv / solver asks for the least-squares output (then `'lstsq'`); without `task` (a saved
 * file) an absent `output` stays absent (= `'lstsq'`, what such files were fitted with).
 */
export function resolveSettings(kind: string, s: Partial<ModelSettings>, task?: Task): ModelSettings {
  const e = modelEntry(kind);
  // settings come from API callers and from model files: every value is type-checked (a Symbol
  // or BigInt must be an OptionError, never a TypeError or a silently truthy flag)
  checkOptions(s, SETTING_KEYS, 'settings');
  if (s.activation !== undefined && typeof s.activation !== 'string') throw new OptionError(`activation must be a string, got ${describe(s.activation)}`);
  if (s.gcv !== undefined && typeof s.gcv !== 'boolean') throw new OptionError(`gcv must be true or false, got ${describe(s.gcv)}`);
  for (const k of ['hidden', 'seed', 'iterations', 'epochs', 'rcond', 'ridge'] as const) {
    if (s[k] !== undefined && typeof s[k] !== 'number') throw new OptionError(`${k} must be a number, got ${describe(s[k])}`);
  }
  const hidden = s.hidden ?? e.defaults.hidden;
  if (!Number.isInteger(hidden) || hidden < 1) throw new OptionError(`hidden width must be a positive integer, got ${describe(s.hidden)}`);
  const activation = s.activation ?? e.defaults.activation;
  if (!e.activations.includes(activation)) {
    throw new OptionError(`activation '${activation.length > 40 ? `${activation.slice(0, 40)}…` : activation}' is not available for model '${kind}' (choose one of ${e.activations.join(', ')})`);
  }
  const seed = s.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0) throw new OptionError(`seed must be a non-negative integer, got ${describe(s.seed)}`);
  for (const k of ['iterations', 'epochs'] as const) {
    const v = s[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new OptionError(`${k} must be a positive integer, got ${describe(v)}`);
  }
  if (s.rcond !== undefined && !(s.rcond > 0 && s.rcond < 1)) throw new OptionError(`rcond must be in (0, 1), got ${describe(s.rcond)}`);
  const sampledOnly = kind === 'swim' || kind === 'random';
  if (s.gcv && !sampledOnly) throw new OptionError(`gcv applies to the swim and random models, not '${kind}'`);
  if (s.rcond !== undefined && !sampledOnly) throw new OptionError(`rcond applies to the swim and random models, not '${kind}'`);
  if (s.ridge !== undefined && !sampledOnly) throw new OptionError(`ridge applies to the swim and random models, not '${kind}'`);
  if ([s.gcv === true, s.rcond !== undefined, s.ridge !== undefined].filter(Boolean).length > 1) throw new OptionError('give only one of rcond, ridge and gcv');
  if (s.ridge !== undefined && !(Number.isFinite(s.ridge) && s.ridge > 0)) throw new OptionError(`ridge must be a positive number, got ${describe(s.ridge)}`);
  if (s.solver !== undefined && !['svd', 'qr', 'cholesky'].includes(s.solver)) throw new OptionError(`solver must be 'svd', 'qr' or 'cholesky', got ${describe(s.solver)}`);
  if (s.solver !== undefined && !sampledOnly) throw new OptionError(`solver applies to the swim and random models, not '${kind}'`);
  if (s.gcv && s.solver !== undefined && s.solver !== 'svd') throw new OptionError(`gcv needs the svd solver, not '${s.solver}'`);
  if (s.ridge !== undefined && s.solver === 'qr') throw new OptionError("ridge needs the cholesky or svd solver, not 'qr'");
  if (s.solver === 'cholesky' && s.ridge === undefined) throw new OptionError('the cholesky solver needs a ridge λ > 0 (normal equations of sampled features are singular without it)');
  if (s.iterations !== undefined && kind !== 'anmin') throw new OptionError(`iterations applies to the anmin model, not '${kind}'`);
  if (s.epochs !== undefined && kind !== 'adam') throw new OptionError(`epochs applies to the adam model, not '${kind}'`);
  if (s.output !== undefined && s.output !== 'softmax' && s.output !== 'lstsq') throw new OptionError(`output must be 'softmax' or 'lstsq', got ${describe(s.output)}`);
  if (s.output !== undefined && !sampledOnly) throw new OptionError(`output applies to the swim and random classifiers, not '${kind}'`);
  const lstsqSolve = s.gcv === true || s.rcond !== undefined || s.ridge !== undefined || s.solver !== undefined;
  let output = s.output;
  if (output === undefined && task === 'classification' && sampledOnly) output = lstsqSolve ? 'lstsq' : 'softmax';
  if (output !== undefined && task === 'regression') throw new OptionError(`output '${output}' applies to classification (the output of a regression model is always least squares)`);
  if (output === 'softmax' && lstsqSolve) {
    const given = (['rcond', 'ridge', 'gcv', 'solver'] as const).filter((k) => (k === 'gcv' ? s.gcv === true : s[k] !== undefined));
    throw new OptionError(`${given.join(', ')} configure${given.length === 1 ? 's' : ''} the least-squares output; it does not apply to output 'softmax' (use output 'lstsq')`);
  }
  const out: ModelSettings = { hidden, activation, seed };
  if (s.iterations !== undefined) out.iterations = s.iterations;
  if (s.epochs !== undefined) out.epochs = s.epochs;
  if (s.rcond !== undefined) out.rcond = s.rcond;
  // sampled networks without an explicit output solve: ridge with λ by GCV (data-driven; the
  // plain rcond cut over-fits when the width approaches the number of rows)
  if (s.gcv || (sampledOnly && output !== 'softmax' && s.rcond === undefined && s.ridge === undefined && s.solver === undefined)) out.gcv = true;
  if (s.ridge !== undefined) out.ridge = s.ridge;
  if (s.solver !== undefined) out.solver = s.solver;
  if (output !== undefined) out.output = output;
  return out;
}
