/**
 * `SampledNetwork`: fully connected networks whose hidden weights are *sampled* (SWIM pairs,
 * uniform pairs or random features, ALGORITHMS.md §6 and §8.1) and whose linear output layer is
 * one least-squares solve — no gradient descent (or, for classifiers with `output: 'softmax'`, a
 * Newton-fitted multinomial logistic regression).
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { featuresUnchecked as features } from '../features.js';
import { LSTSQ_METHODS, lstsq, type LstsqMethod, type LstsqOptions, type LstsqResult } from '../linalg/lstsq.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { LinearOperator } from '../solvers/operator.js';
import { lsrn, type LsrnOptions } from '../solvers/lsrn.js';
import { newton } from '../solvers/newton.js';
import { scope, untrack } from '../scope.js';
import { svd } from '../linalg/svd.js';
import { chooseGcv, gcvGrid, type SpectralProblem } from '../linalg/ridge.js';
import { MAX_DIM } from '../validate.js';
import {
  Model, classLabels, expectModelJSON, modelFromJSONOptions, opt, regressionTargets, resolveOptions,
  type Classifier, type CommonModelOptions, type OptionTable, type ProgressEvent,
} from './base.js';
import { describe, expectFlatRecord } from './schema.js';
import {
  DIST_MIN, SAMPLED_ACTIVATIONS, SAMPLERS, layerSeed, sampleSwimLayer,
  type SampledActivation, type SamplerKind,
} from './swim-sampler.js';

/** Output-layer regularization of a {@link SampledNetwork}. */
export type SampledRegularization = 'gcv' | { rcond: number } | { ridge: number };

/**
 * Progress event of a {@link SampledNetwork} fit (the one {@link ProgressEvent} shape): one
 * `'layer'` event per hidden layer (step l+1) and a final `'solve'` event (step = total =
 * number of hidden layers + 1).
 */
export interface SampledProgress extends ProgressEvent {
  /**
   * `'layer'` after hidden layer `layer` was sampled and its features computed; `'lambda'`
   * (output `'softmax'` with `softmaxLambda: 'auto'` only) after each candidate λ was fitted on
   * the selection split (hidden layers resampled on its fitting rows; `loss` = the held-out
   * log-loss, `lambda` = the candidate); `'solve'`
   * after the output solve (the least-squares solve, or the Newton solve of the softmax output
   * on all training rows, then `loss` = its training objective F).
   */
  stage: 'layer' | 'lambda' | 'solve';
  /** Candidate λ of a `'lambda'` event; the fitted λ of a softmax `'solve'` event. */
  lambda?: number;
  /** 0-based hidden layer index (equals the number of hidden layers for `'solve'`). */
  layer: number;
  /** Number of hidden layers. */
  layers: number;
  /** Seconds since `fit` started. */
  seconds: number;
}

/** Options of {@link SampledNetwork} (all optional). */
export interface SampledNetworkOptions extends CommonModelOptions<SampledProgress> {
  /** Hidden layer widths (default `[1000]`). */
  layers?: readonly number[];
  /** Hidden activation, `'tanh'` (default) or `'relu'`; the sampler constants follow it (tanh: s₁ = ln 3, s₂ = ½ln 3; ReLU: 1, 0). */
  activation?: SampledActivation;
  /** `'swim'` (default: pairs where the target changes fastest), `'uniform'` (data pairs drawn uniformly), `'random'` (W ~ N(0,1), b ~ U(−π, π)). */
  sampler?: SamplerKind;
  /** `'regression'` (default) or `'classification'` (labels → one-hot targets, prediction by arg-max). */
  task?: 'regression' | 'classification';
  /** Output solver: any {@link lstsq} method (default `'svd'`). */
  solver?: LstsqMethod;
  /**
   * Relative singular-value cut-off of the output solve. Giving it selects a plain cut-off
   * solve (no ridge); 1e-8 (the upstream default) is used when the solver is not `'svd'` and no
   * `regularization` is given. Exclusive with `regularization`.
   */
  rcond?: number;
  /**
   * Output-layer regularization: `'gcv'` (Tikhonov λ chosen by generalized cross-validation on
   * the SVD; solver `'svd'`), `{ ridge: λ }` (fixed Tikhonov λ; `'svd'` or `'cholesky'`) or
   * `{ rcond }` (relative singular-value cut-off, same as the `rcond` option).
   * Default: `'gcv'` with the `'svd'` solver unless `rcond` is given; `{ rcond: 1e-8 }` otherwise.
   */
  regularization?: SampledRegularization;
  /**
   * With `regularization: 'gcv'`: take the **largest** λ whose GCV is within a factor
   * (1 + gcvTolerance) of the minimum, instead of the minimizer itself (GCV curves of noisy data
   * are flat near their minimum; the larger λ extrapolates more safely). The output is re-solved
   * (a second SVD) only when this moves λ by more than a factor 2. Default 1e-3 with `'gcv'`
   * (0 = the GCV minimizer itself); see docs/swim.md for the measurements.
   */
  gcvTolerance?: number;
  /** Options forwarded to iterative solvers (`'lsqr'`, `'lsrn'`, `'split'`) as lstsq's `solverOptions`. */
  solverOptions?: Record<string, unknown>;
  /**
   * Solver `'lsrn'` only: never form the last hidden layer's N × (M+1) feature matrix; LSRN
   * works on `LinearOperator.features` (features recomputed block by block in every product:
   * memory O(N·d + block), more time). For N·M beyond wasm memory. Default false.
   */
  featureOperator?: boolean;
  /** Seed (integer in [0, 2^53), default 1). Layer l uses `layerSeed(seed, l)` — a different seed per layer. */
  seed?: number;
  /** Keep only distinct pairs per layer (layers may come out narrower). Default false. */
  pruneDuplicates?: boolean;
  /** Candidate repetitions multiplier (integer ≥ 1, default 1). */
  repetitionScaler?: number;
  /** `'none'` (default) or `'standard'` (per-feature mean/std of the training inputs, unbiased std, constant columns scale 1). */
  scaler?: 'none' | 'standard';
  /** Minimum pair distance ε_d (default 1e-10): closer pairs get probability 0. */
  distMin?: number;
  /**
   * How the output layer of a classifier is fitted. `'lstsq'` (default; the swimnetworks
   * behaviour): least squares on one-hot targets, `predict` = the class scores, `predictProba`
   * = their softmax (not calibrated). `'softmax'` (task `'classification'` only): multinomial
   * logistic regression on the last hidden features by {@link newton} (mode `'full'`) with the
   * penalty of `softmaxLambda` (fitted in the principal-component basis of the centred features,
   * docs/swim.md "Calibrated classification"); `predict` and `predictProba` = the fitted class
   * probabilities. The least-squares options (`solver`, `rcond`, `regularization`,
   * `gcvTolerance`, `solverOptions`, `featureOperator`) do not apply to `'softmax'` and are
   * rejected with it.
   */
  output?: 'lstsq' | 'softmax';
  /**
   * Output `'softmax'` only: the weight λ > 0 of the penalty of the Newton fit
   *
   *   F(θ) = (1/N) Σ cross-entropy + (λ/2)·[(1/N)‖(Φ − 1μᵀ)θ_Φ‖² + τ‖θ_Φ‖² + b̃²],
   *
   * θ_Φ = the weights of the features Φ (column means μ), b̃ = the intercept of the centred
   * features, τ = λ_GCV/N with λ_GCV the generalized-cross-validation ridge of the least-squares
   * fit of the centred one-hot targets on the centred features (output `'lstsq'`'s criterion).
   * The penalty acts on the spread of the class scores over the training rows (plus that
   * ridge), not on the raw weights: SWIM features are strongly correlated and a plain
   * (λ/2)‖θ‖² shrinks exactly the low-variance directions that separate the classes (digits:
   * 0.950 test accuracy against 0.989 now). `'auto'` (default): every λ of
   * {@link SOFTMAX_LAMBDA_GRID} (10⁻⁶ … 10⁰) is fitted on a seeded 80 % of the training rows —
   * with the hidden layers **sampled again on those rows only**, so the other 20 % are
   * out-of-sample for the whole network — and scored by log-loss on the 20 %; the best λ is
   * refitted on all rows.
   */
  softmaxLambda?: number | 'auto';
}

/** Per-layer diagnostics. */
export interface SampledLayerDiagnostics {
  /** Number of neurons. */
  width: number;
  /** Row index (into the training set) of the first point of each neuron's pair (empty for 'random'). */
  from: Int32Array;
  /** Row index of the second point of each neuron's pair. */
  to: Int32Array;
  /** Neurons that repeat an earlier neuron's pair (0 after pruning). */
  duplicates: number;
  /** Neurons removed by `pruneDuplicates`. */
  pruned: number;
  /** True when all pair scores were ~0 (constant targets, one class) and pairs were drawn uniformly. */
  uniformFallback: boolean;
}

/** Diagnostics of the last `fit`. */
export interface SampledDiagnostics {
  layers: SampledLayerDiagnostics[];
  /** Numerical rank of the output solve (columns of [Φ, 1] kept); output `'softmax'`: principal components kept + 1 (the intercept); NaN after `fromJSON`. */
  rank: number;
  /** Total duplicate neurons over all layers. */
  duplicates: number;
  /** Output solver used (output `'lstsq'`; with `'softmax'` the unused default, see `softmax`). */
  solver: LstsqMethod;
  /** Singular values of [Φ, 1] (solver 'svd'). */
  singularValues?: Float64Array;
  /** Iterations of an iterative output solve. */
  iterations?: number;
  /** Effective degrees of freedom Σσ²/(σ²+λ) of a ridge solve. */
  dof?: number;
  /** GCV curve of a `'gcv'` solve (λ grid and GCV values), for plotting. */
  gcvCurve?: { lambdas: Float64Array; gcv: Float64Array };
  /** Seconds spent in each phase. */
  seconds: { sampling: number; features: number; solve: number; total: number };
  /**
   * Output `'softmax'`: the λ used, the Newton solve on all rows (iterations, converged,
   * training objective F of {@link SampledNetworkOptions.softmaxLambda}, its gradient norm),
   * the principal components kept and τ, and, with `softmaxLambda: 'auto'`, the held-out
   * log-loss of every λ of the grid (`selection`; hidden layers resampled on the fitting rows).
   */
  softmax?: {
    lambda: number; iterations: number; converged: boolean; objective: number;
    /** ‖∇F‖_F of the final Newton solve (in the whitened coordinates). */
    gradientNorm: number;
    /** Principal components of the centred last hidden features kept (σᵢ > 1e-8·σ₁). */
    components: number;
    /** The ridge part τ = λ_GCV/N of the penalty (see {@link SampledNetworkOptions.softmaxLambda}). */
    tau: number;
    selection?: { lambdas: Float64Array; logLoss: Float64Array; holdout: number };
  };
}

interface Hidden { W: Matrix; b: Matrix }
/** Result of the λ selection of `softmaxLambda: 'auto'`. */
interface LambdaSelection { lambdas: Float64Array; logLoss: Float64Array; holdout: number; chosen: number }
interface ScalerState { mean: Float64Array; scale: Float64Array }

/** Serialized form produced by {@link SampledNetwork.toJSON}. */
export interface SampledNetworkJSON {
  format: 'lsqnet.SampledNetwork';
  version: 1;
  options: Omit<SampledNetworkOptions, 'onProgress'>;
  inputDim: number;
  outputDim: number;
  classes: number[] | null;
  scaler: { mean: number[]; scale: number[] } | null;
  hidden: { rows: number; cols: number; W: number[]; b: number[]; from: number[]; to: number[] }[];
  output: { rows: number; cols: number; theta: number[] };
  regularizationLambda: number | null;
}

/** The λ grid of `softmaxLambda: 'auto'`: 10⁻⁶, 10⁻⁵, …, 10⁰. */
export const SOFTMAX_LAMBDA_GRID: readonly number[] = Object.freeze([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
/** Fraction of the training rows held out to choose λ with `softmaxLambda: 'auto'`. */
export const SOFTMAX_HOLDOUT = 0.2;
/** Newton tolerance of the softmax output fit (‖∇F‖ ≤ tol·(1 + |F|)). */
const SOFTMAX_TOL = 1e-8;
/** Newton tolerance of the λ-selection fits (only their held-out log-loss is used). */
const SOFTMAX_SELECT_TOL = 1e-5;
/**
 * Relative singular-value cut-off of the whitening of the softmax output's features: principal
 * components with σᵢ ≤ SOFTMAX_RCOND·σ₁ of the centred features are dropped (numerically null
 * directions; the least-squares output's default cut-off is the same 1e-8).
 */
const SOFTMAX_RCOND = 1e-8;
/** Philox stream of the λ-selection split (distinct from the samplers' streams). */
const STREAM_SPLIT = 0x5f;

const NAME = 'SampledNetwork';
/** Default {@link SampledNetworkOptions.gcvTolerance} with `'gcv'`. */
const GCV_TOLERANCE = 1e-3;
/** Default relative cut-off of the output solve when no regularization applies. */
const RCOND = 1e-8;

function now(): number { return performance.now() / 1000; }

/** The hyperparameters as given (before the defaults that depend on other options are derived). */
interface SampledOptionValues {
  layers: readonly number[];
  activation: SampledActivation;
  sampler: SamplerKind;
  task: 'regression' | 'classification';
  solver: LstsqMethod;
  rcond: number | undefined;
  regularization: unknown;
  gcvTolerance: number | undefined;
  solverOptions: Record<string, unknown> | null;
  featureOperator: boolean;
  seed: number;
  pruneDuplicates: boolean;
  repetitionScaler: number;
  scaler: 'none' | 'standard';
  distMin: number;
  output: 'lstsq' | 'softmax';
  softmaxLambda: number | 'auto' | undefined;
}

/** The one declaration of SampledNetwork's hyperparameters: defaults and validators. */
const OPTIONS: OptionTable<SampledOptionValues> = {
  layers: opt.custom<readonly number[]>([1000], (v, name, fn) => {
    if (!Array.isArray(v) || v.length === 0) throw new OptionError(`${fn}: option '${name}' must be a non-empty array of widths`);
    const inner = opt.int(1, 1, 2 ** 24);
    return v.map((w, i) => inner.check(w, `${name}[${i}]`, fn));
  }),
  activation: opt.enum<SampledActivation>('tanh', SAMPLED_ACTIVATIONS),
  sampler: opt.enum<SamplerKind>('swim', SAMPLERS),
  task: opt.enum('regression', ['regression', 'classification'] as const),
  solver: opt.enum<LstsqMethod>('svd', LSTSQ_METHODS),
  // rcond, regularization and gcvTolerance: defaults derived in the constructor (they depend on each other and on the solver)
  rcond: opt.custom<number | undefined>(undefined, (v, name, fn) => (v === undefined ? undefined : opt.number(RCOND, 0, 1).check(v, name, fn))),
  regularization: opt.custom<unknown>(undefined, (v) => v),
  gcvTolerance: opt.custom<number | undefined>(undefined, (v, name, fn) => (v === undefined ? undefined : opt.number(GCV_TOLERANCE, 0, 1).check(v, name, fn))),
  solverOptions: opt.custom<Record<string, unknown> | null>(null, (v, name, fn) => {
    if (v !== null && (typeof v !== 'object' || Array.isArray(v))) throw new OptionError(`${fn}: option '${name}' must be an object`);
    return v as Record<string, unknown> | null;
  }),
  featureOperator: opt.bool(false),
  seed: opt.seed(1),
  pruneDuplicates: opt.bool(false),
  repetitionScaler: opt.int(1, 1, 1000),
  scaler: opt.enum('none', ['none', 'standard'] as const),
  distMin: opt.number(DIST_MIN, 0, Infinity, false),
  output: opt.enum('lstsq', ['lstsq', 'softmax'] as const),
  // default 'auto' with output 'softmax' (derived in the constructor: the option needs 'softmax')
  softmaxLambda: opt.custom<number | 'auto' | undefined>(undefined, (v, name, fn) => {
    if (v === undefined || v === 'auto') return v;
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) {
      throw new OptionError(`${fn}: option '${name}' must be a finite number > 0 or 'auto', got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : describe(v)}`);
    }
    return v;
  }),
};

/** Options that configure the least-squares output only (rejected with output 'softmax'). */
const LSTSQ_ONLY = ['solver', 'rcond', 'regularization', 'gcvTolerance', 'solverOptions', 'featureOperator'] as const;

/** Saved fields of a SampledNetwork (besides the `format` / `version` header). */
const JSON_KEYS = { required: ['options', 'inputDim', 'outputDim', 'classes', 'scaler', 'hidden', 'output', 'regularizationLambda'] } as const;

/**
 * A network with sampled hidden layers and a least-squares output layer
 * (SWIM: Bolager et al., "Sampling weights of deep neural networks", NeurIPS 2023).
 *
 * Hidden layer l maps Φ⁽ˡ⁻¹⁾ to σ(Φ⁽ˡ⁻¹⁾ W_l + 1 b_lᵀ); every SWIM neuron is built from a pair of
 * training points chosen with probability ∝ ‖Δy‖∞/‖Δx‖ (deep layers pair points in the previous
 * layer's feature space, with the original targets). Only the output layer `[Φ, 1] θ ≈ Y` is
 * fitted, by {@link lstsq}.
 *
 * Classification, `output: 'lstsq'` (default): labels are one-hot encoded, the output layer fits
 * the indicators, `predictClass` takes the arg-max and `predictProba` the softmax of the outputs
 * (a monotone map of the least-squares scores — not calibrated probabilities).
 * `output: 'softmax'`: the output layer is a multinomial logistic regression fitted by
 * {@link newton} (penalty and λ choice: {@link SampledNetworkOptions.softmaxLambda});
 * `predict` / `predictProba` return its probabilities (docs/swim.md "Calibrated classification").
 * @example
 * const net = new SampledNetwork({ layers: [1000], activation: 'tanh', seed: 1 }).fit(X, y);
 * const yhat = net.predict(Xtest);          // Matrix N × 1
 * const r2 = net.score(Xtest, ytest);
 * const copy = SampledNetwork.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
 * net.dispose(); copy.dispose();
 */
export class SampledNetwork extends Model<SampledProgress> implements Classifier {
  /** Validated hyperparameters (defaults filled in). */
  readonly options: Readonly<Required<Omit<SampledNetworkOptions, 'onProgress' | 'regularization' | 'solverOptions' | 'rcond' | 'softmaxLambda'>>> & {
    rcond: number; regularization: SampledRegularization | null; solverOptions: Record<string, unknown> | null;
    /** λ or 'auto' with output 'softmax'; null with 'lstsq'. */
    softmaxLambda: number | 'auto' | null;
  };
  /** λ chosen by the output solve (`'gcv'`, or softmax `'auto'`) or given (`{ ridge }`, softmax λ); null for a cut-off solve or before fit. */
  regularizationLambda: number | null = null;
  #hidden: Hidden[] = [];
  #theta: Matrix | null = null;
  #classes: Float64Array | null = null;
  #scaler: ScalerState | null = null;
  #inputDim = 0;
  #diagnostics: SampledDiagnostics | null = null;

  constructor(options: SampledNetworkOptions = {}) {
    const { values: v, onProgress } = resolveOptions(OPTIONS, options as Partial<SampledOptionValues> & SampledNetworkOptions, NAME);
    super(NAME, onProgress);
    if (v.output === 'softmax') {
      if (v.task !== 'classification') throw new OptionError(`${NAME}: option 'output' 'softmax' needs task 'classification' (got '${v.task}')`);
      for (const k of LSTSQ_ONLY) {
        if ((options as Record<string, unknown>)[k] !== undefined) throw new OptionError(`${NAME}: option '${k}' configures the least-squares output; it does not apply to output 'softmax'`);
      }
    } else if (v.softmaxLambda !== undefined) {
      throw new OptionError(`${NAME}: option 'softmaxLambda' needs output 'softmax'`);
    }
    const softmax = v.output === 'softmax';
    if (v.rcond !== undefined && v.regularization !== undefined) {
      throw new OptionError(`${NAME}: give either 'rcond' or 'regularization', not both`);
    }
    const rcond = v.rcond ?? RCOND;
    // Default: GCV ridge for the 'svd' solver (see docs/swim.md for the measurements behind
    // this choice); a fixed cut-off when `rcond` is given or the solver cannot do ridge.
    const regularization = v.regularization !== undefined
      ? validateRegularization(v.regularization, v.solver)
      : v.rcond === undefined && v.solver === 'svd' && !softmax ? 'gcv' : null;
    if (v.featureOperator && v.solver !== 'lsrn') throw new OptionError(`${NAME}: option 'featureOperator' needs solver 'lsrn' (got '${v.solver}')`);
    if (v.gcvTolerance !== undefined && regularization !== 'gcv') throw new OptionError(`${NAME}: option 'gcvTolerance' needs regularization 'gcv'`);
    const gcvTolerance = v.gcvTolerance ?? (regularization === 'gcv' ? GCV_TOLERANCE : 0);
    this.options = Object.freeze({
      layers: [...v.layers], activation: v.activation, sampler: v.sampler, task: v.task, solver: v.solver, rcond, regularization,
      solverOptions: v.solverOptions, featureOperator: v.featureOperator, gcvTolerance, seed: v.seed,
      pruneDuplicates: v.pruneDuplicates, repetitionScaler: v.repetitionScaler, scaler: v.scaler, distMin: v.distMin,
      output: v.output, softmaxLambda: softmax ? v.softmaxLambda ?? 'auto' : null,
    });
  }

  /** True once fitted (and not disposed). */
  get fitted(): boolean { return this.#theta !== null && !this.disposed; }
  /** Diagnostics of the last fit (pair indices, rank, duplicates, timings). */
  get diagnostics(): SampledDiagnostics {
    this.assertFitted('diagnostics');
    return this.#diagnostics!;
  }
  /** Class labels (sorted) of a classifier, null for regression. */
  get classes(): Float64Array | null { return this.#classes ? this.#classes.slice() : null; }
  /** @internal Hidden weights and biases (owned by the network: do not dispose). */
  get hiddenLayers(): readonly { W: Matrix; b: Matrix }[] { this.assertFitted('hiddenLayers'); return this.#hidden; }
  /** @internal Output weights θ ((M_L + 1) × c, last row = bias). Owned by the network. */
  get outputWeights(): Matrix { this.assertFitted('outputWeights'); return this.#theta!; }

  protected override get isClassifier(): boolean { return this.options.task === 'classification'; }

  /**
   * Samples the hidden layers and solves for the output layer. X: N × d inputs. Y: regression
   * targets (a vector of N values or an N × c matrix) or, for classification, N integer labels.
   * Returns `this`.
   */
  fit(X: MatrixLike, Y: MatrixLike | ArrayLike<number>): this {
    this.assertUsable();
    const o = this.options;
    const t0 = now();
    const events: SampledProgress[] = [];
    const report = (e: SampledProgress) => { events.push(e); this.progress(e); };
    const softmax = o.output === 'softmax';
    const total = o.layers.length + 1 + (softmax && o.softmaxLambda === 'auto' ? SOFTMAX_LAMBDA_GRID.length : 0);
    let solveEvent: Partial<SampledProgress> = {};
    const state = scope(() => {
      const Xm = Matrix.from(X, 'X');
      Xm.assertFinite(`${NAME}.fit: X`);
      const N = Xm.rows, d = Xm.cols;
      if (N === 0 || d === 0) throw new InvalidInputError(`${NAME}.fit: X is empty (${N}×${d})`);
      const { T, classes, index } = this.#targets(Y, N);
      if (o.sampler !== 'random' && N < 2) throw new InvalidInputError(`${NAME}.fit: SWIM needs at least 2 training points, got ${N}`);
      if (softmax && classes!.length < 2) throw new InvalidInputError(`${NAME}.fit: output 'softmax' needs at least 2 classes in the labels, got only ${classes![0]}`);
      const scaler = o.scaler === 'standard' ? fitScaler(Xm) : null;
      const Xs = scaler ? applyScaler(Xm, scaler) : Xm;
      const L = o.layers.length;
      const { hidden, layerDiag, Phi, tSample, tFeat } = this.#sampleHidden(Xs, T, (l) => {
        report({ stage: 'layer', step: l + 1, total, layer: l, layers: L, seconds: now() - t0 });
      });
      const tsol = now();
      if (softmax) {
        // Multinomial logistic regression on [Φ, 1] (the ones column came with the last layer's features).
        const onLambda = (lambda: number, loss: number, i: number): void => {
          report({ stage: 'lambda', step: L + i, total, layer: L, layers: L, seconds: now() - t0, loss, lambda });
        };
        const k = classes!.length;
        let chosen: number;
        let selection: LambdaSelection | undefined;
        if (o.softmaxLambda === 'auto') {
          selection = this.#selectSoftmaxLambda(Xs, T, index!, k, onLambda);
          chosen = selection.chosen;
        } else {
          chosen = o.softmaxLambda!;
        }
        const sm = fitSoftmaxOutput(Phi, index!, k, chosen, SOFTMAX_TOL);
        if (selection) sm.info.selection = { lambdas: selection.lambdas, logLoss: selection.logLoss, holdout: selection.holdout };
        if (ops.firstNonFinite(sm.W) >= 0) throw new NonFiniteError(`${NAME}.fit: the softmax output fit gave non-finite weights: standardise X (option scaler: 'standard')`);
        solveEvent = { loss: sm.info.objective, lambda: sm.info.lambda };
        const tEnd = now();
        const diagnostics: SampledDiagnostics = {
          layers: layerDiag, rank: sm.info.components + 1, duplicates: layerDiag.reduce((s, l) => s + l.duplicates, 0), solver: o.solver,
          seconds: { sampling: tSample, features: tFeat, solve: tEnd - tsol, total: tEnd - t0 }, softmax: sm.info,
        };
        return { hidden, theta: sm.W, classes, scaler, inputDim: d, diagnostics, lambda: sm.info.lambda };
      }
      // Centre the targets (the ones column carries the mean back): a ridge penalty then
      // shrinks the fit around the mean instead of around 0; for cut-off solves it is neutral.
      const Tc = T.clone();
      const means = centerColumns(Tc);
      let res: { x: Matrix; rank: number; singularValues?: Float64Array; iterations?: number; ridge?: LstsqResult<Matrix>['ridge'] };
      if (o.featureOperator) {
        // Φ = φ(Phi W + 1bᵀ) stays implicit: LSRN sketches and iterates on row blocks.
        const last = hidden[L - 1]!;
        const op = LinearOperator.features(Phi, last.W, last.b, { activation: o.activation, ones: true });
        try {
          const so = { ...(o.solverOptions ?? {}) } as LsrnOptions;
          if (so.rcond === undefined) so.rcond = o.rcond;
          const r = lsrn(op, Tc, so);
          res = { x: r.x, rank: r.rank, iterations: r.iterations };
        } finally { op.dispose(); }
      } else {
        res = lstsq(Phi, Tc, this.#lstsqOptions());
        const curve = res.ridge?.curve;
        if (o.gcvTolerance > 0 && curve && typeof res.ridge!.lambda === 'number') {
          let min = Infinity;
          for (const g of curve.gcv) min = Math.min(min, g);
          let lam = res.ridge!.lambda;
          for (let i = 0; i < curve.lambdas.length; i++) {
            if (curve.gcv[i]! <= (1 + o.gcvTolerance) * min && curve.lambdas[i]! > lam) lam = curve.lambdas[i]!;
          }
          if (lam > 2 * res.ridge!.lambda) {
            res.x.dispose();
            const again = lstsq(Phi, Tc, { ...this.#lstsqOptions(), ridge: lam });
            res = { ...again, ridge: { ...again.ridge!, curve } };
          }
        }
      }
      addToRow(res.x, res.x.rows - 1, means);
      if (ops.firstNonFinite(res.x) >= 0) {
        throw new NonFiniteError(`${NAME}.fit: the output solve (solver '${o.solver}') gave non-finite weights: the features or Y overflow f64; standardise X (option scaler: 'standard') and centre/scale Y`);
      }
      const tEnd = now();
      const lambda = res.ridge ? (typeof res.ridge.lambda === 'number' ? res.ridge.lambda : Number.NaN) : null;
      const diagnostics: SampledDiagnostics = {
        layers: layerDiag, rank: res.rank, duplicates: layerDiag.reduce((s, l) => s + l.duplicates, 0), solver: o.solver,
        seconds: { sampling: tSample, features: tFeat, solve: tEnd - tsol, total: tEnd - t0 },
      };
      if (res.singularValues) diagnostics.singularValues = res.singularValues;
      if (res.iterations !== undefined) diagnostics.iterations = res.iterations;
      if (res.ridge) {
        if (typeof res.ridge.dof === 'number') diagnostics.dof = res.ridge.dof;
        if (res.ridge.curve) diagnostics.gcvCurve = res.ridge.curve;
      }
      return { hidden, theta: res.x, classes, scaler, inputDim: d, diagnostics, lambda };
    });
    // Commit the new state (the fitted matrices leave every scope: the network owns them).
    this.release();
    for (const h of state.hidden) { untrack(h.W); untrack(h.b); }
    untrack(state.theta);
    this.#hidden = state.hidden;
    this.#theta = state.theta;
    this.#classes = state.classes;
    this.#scaler = state.scaler;
    this.#inputDim = state.inputDim;
    this.#diagnostics = state.diagnostics;
    this.regularizationLambda = state.lambda;
    const L = this.options.layers.length;
    report({ stage: 'solve', step: total, total, layer: L, layers: L, seconds: now() - t0, ...solveEvent });
    this.history = events;
    return this;
  }

  /**
   * Network outputs for X (N × d): N × c — regression values; class scores (output `'lstsq'`);
   * class probabilities, rows summing to 1 (output `'softmax'`). See {@link Model.predict}.
   */
  protected predictMatrix(X: MatrixLike): Matrix {
    return scope(() => {
      const Xm = Matrix.from(X, 'X');
      if (Xm.cols !== this.#inputDim) throw new ShapeError(`${NAME}.predict: X has ${Xm.cols} columns, the network was fitted with ${this.#inputDim}`);
      if (Xm.rows === 0) throw new InvalidInputError(`${NAME}.predict: X has no rows`);
      Xm.assertFinite(`${NAME}.predict: X`);
      let Phi = this.#scaler ? applyScaler(Xm, this.#scaler) : Xm;
      const L = this.#hidden.length;
      for (let l = 0; l < L; l++) {
        const h = this.#hidden[l]!;
        const next = features(Phi, h.W, h.b, { activation: this.options.activation, ones: l === L - 1 });
        if (Phi !== Xm) Phi.dispose();
        Phi = next;
      }
      const Z = Phi.matmul(this.#theta!);
      if (this.options.output === 'softmax') softmaxRowsInPlace(Z);
      return Z;
    });
  }

  /** Class labels (arg-max of the outputs) for a classifier. */
  predictClass(X: MatrixLike): Int32Array {
    this.#checkClassifier('predictClass');
    const out = this.outputs(X, 'predictClass');
    try {
      const idx = argmaxRows(out);
      const labels = new Int32Array(idx.length);
      for (let i = 0; i < idx.length; i++) labels[i] = this.#classes![idx[i]!]!;
      return labels;
    } finally { out.dispose(); }
  }

  /**
   * Class probabilities per row (N × classes, columns in the order of `classes`, rows sum to 1).
   * Output `'softmax'`: the fitted multinomial-logistic probabilities (calibrated by the
   * cross-entropy fit; same as `predict`). Output `'lstsq'`: the softmax of the least-squares
   * scores — a monotone map, not calibrated probabilities.
   */
  predictProba(X: MatrixLike): Matrix {
    this.#checkClassifier('predictProba');
    const out = this.outputs(X, 'predictProba');
    if (this.options.output !== 'softmax') softmaxRowsInPlace(out);
    return out;
  }

  /** Plain JSON-serializable object holding the options and the fitted weights (numbers round-trip exactly). */
  toJSON(): SampledNetworkJSON {
    this.assertFitted('toJSON');
    const o = this.options;
    const options: Omit<SampledNetworkOptions, 'onProgress'> = {
      layers: [...o.layers], activation: o.activation, sampler: o.sampler, task: o.task, seed: o.seed,
      pruneDuplicates: o.pruneDuplicates, repetitionScaler: o.repetitionScaler, scaler: o.scaler, distMin: o.distMin,
    };
    if (o.output === 'softmax') {
      // the least-squares options do not apply (and are rejected) with 'softmax'
      options.output = 'softmax';
      options.softmaxLambda = o.softmaxLambda!;
    } else {
      // files of output 'lstsq' keep the shape they had before the option existed
      options.solver = o.solver;
      if (o.regularization !== null) options.regularization = o.regularization; else options.rcond = o.rcond;
      if (o.solverOptions !== null) options.solverOptions = o.solverOptions;
      if (o.featureOperator) options.featureOperator = true;
      if (o.regularization === 'gcv') options.gcvTolerance = o.gcvTolerance;
    }
    const d = this.#diagnostics!;
    return {
      format: 'lsqnet.SampledNetwork',
      version: 1,
      options,
      inputDim: this.#inputDim,
      outputDim: this.#theta!.cols,
      classes: this.#classes ? Array.from(this.#classes) : null,
      scaler: this.#scaler ? { mean: Array.from(this.#scaler.mean), scale: Array.from(this.#scaler.scale) } : null,
      hidden: this.#hidden.map((h, l) => ({
        rows: h.W.rows, cols: h.W.cols, W: Array.from(h.W.toColumnMajor()), b: Array.from(h.b.toColumnMajor()),
        from: Array.from(d.layers[l]!.from), to: Array.from(d.layers[l]!.to),
      })),
      output: { rows: this.#theta!.rows, cols: this.#theta!.cols, theta: Array.from(this.#theta!.toColumnMajor()) },
      regularizationLambda: this.regularizationLambda,
    };
  }

  /**
   * Restores a network saved by {@link SampledNetwork.toJSON} (predictions are identical).
   * The document is checked strictly (every field's type, range, finiteness and length; no
   * unknown fields): a tampered file raises an `InvalidInputError` naming the field.
   */
  static fromJSON(json: SampledNetworkJSON | unknown): SampledNetwork {
    const fn = `${NAME}.fromJSON`;
    const f = expectModelJSON(json, fn, { format: 'lsqnet.SampledNetwork', version: 1 }, JSON_KEYS);
    const net = modelFromJSONOptions(f, 'options', OPTIONS, (o) => new SampledNetwork(o as SampledNetworkOptions));
    const made: Matrix[] = [];
    try {
      // every field is checked before anything is allocated in wasm memory
      const o = net.options;
      if (o.solverOptions !== null) expectFlatRecord(o.solverOptions, fn, 'options.solverOptions');
      const inputDim = f.int('inputDim', 1, MAX_DIM);
      const task = o.task;
      const classes = f.value('classes') === null ? null : f.finiteArray('classes');
      if (classes && classes.length === 0) f.fail('classes', 'must list at least one class label (or be null for regression)', []);
      if (task === 'classification' && classes === null) f.fail('classes', 'must list the class labels of a classifier', null);
      if (task === 'regression' && classes !== null) f.fail('classes', 'must be null for regression');
      if (classes) {
        for (let i = 0; i < classes.length; i++) {
          if (!Number.isInteger(classes[i]) || (i > 0 && !(classes[i]! > classes[i - 1]!))) f.fail(`classes[${i}]`, 'must be an integer label, sorted ascending without repeats', classes[i]);
        }
      }
      const outputDim = f.int('outputDim', 1, MAX_DIM);
      if (classes && classes.length !== outputDim) f.fail('outputDim', `must equal the number of classes (${classes.length})`, outputDim);
      const sc = f.objectOrNull('scaler', { required: ['mean', 'scale'] });
      if ((sc !== null) !== (o.scaler === 'standard')) f.fail('scaler', o.scaler === 'standard' ? "must hold the input scaler (options.scaler is 'standard')" : "must be null (options.scaler is 'none')");
      let scaler: ScalerState | null = null;
      if (sc) {
        const mean = sc.finiteArray('mean', inputDim), scale = sc.finiteArray('scale', inputDim);
        for (let i = 0; i < inputDim; i++) if (!(scale[i]! > 0)) sc.fail(`${sc.at('scale')}[${i}]`, 'must be a positive number', scale[i]);
        scaler = { mean, scale };
      }
      const hf = f.objects('hidden', o.layers.length, { required: ['rows', 'cols', 'W', 'b', 'from', 'to'] });
      const hiddenData: { W: Float64Array; b: Float64Array; rows: number; cols: number }[] = [];
      const layerDiag: SampledLayerDiagnostics[] = [];
      let prev = inputDim;
      for (let l = 0; l < hf.length; l++) {
        const h = hf[l]!;
        const rows = h.int('rows', prev, prev);
        const cols = h.int('cols', 1, o.layers[l]!);
        const W = h.finiteArray('W', rows * cols), b = h.finiteArray('b', cols);
        const pairs = o.sampler === 'random' ? 0 : cols;
        const from = h.intArray('from', pairs, 0, MAX_DIM), to = h.intArray('to', pairs, 0, MAX_DIM);
        hiddenData.push({ W, b, rows, cols });
        layerDiag.push({ width: cols, from, to, duplicates: 0, pruned: 0, uniformFallback: false });
        prev = cols;
      }
      const out = f.object('output', { required: ['rows', 'cols', 'theta'] });
      const rows = out.int('rows', prev + 1, prev + 1), cols = out.int('cols', outputDim, outputDim);
      const thetaData = out.finiteArray('theta', rows * cols);
      const lambda = f.value('regularizationLambda') === null ? null : f.number('regularizationLambda', 0);
      if (o.output === 'softmax') {
        if (lambda === null || !(lambda > 0)) f.fail('regularizationLambda', "must be the softmax output's λ > 0", lambda);
        if (typeof o.softmaxLambda === 'number' && lambda !== o.softmaxLambda) f.fail('regularizationLambda', `must equal options.softmaxLambda (${o.softmaxLambda})`, lambda);
        if (o.softmaxLambda === 'auto' && !SOFTMAX_LAMBDA_GRID.includes(lambda!)) f.fail('regularizationLambda', `must be one of the 'auto' grid ${JSON.stringify(SOFTMAX_LAMBDA_GRID)}`, lambda);
      } else if (lambda !== null && (o.regularization === null || typeof o.regularization === 'object' && 'rcond' in o.regularization)) {
        f.fail('regularizationLambda', 'must be null for a cut-off solve (rcond)', lambda);
      }
      // allocate: the network owns these matrices (in no scope)
      const hidden: Hidden[] = [];
      for (const h of hiddenData) {
        const Wm = Matrix.fromColumnMajor(h.W, h.rows, h.cols); made.push(Wm);
        const bm = Matrix.fromColumnMajor(h.b, h.cols, 1); made.push(bm);
        hidden.push({ W: Wm, b: bm });
      }
      const theta = Matrix.fromColumnMajor(thetaData, rows, cols); made.push(theta);
      for (const m of made) untrack(m);
      net.#hidden = hidden;
      net.#theta = theta;
      net.#classes = classes;
      net.#scaler = scaler;
      net.#inputDim = inputDim;
      net.regularizationLambda = lambda;
      net.#diagnostics = {
        layers: layerDiag, rank: Number.NaN, duplicates: 0, solver: o.solver, seconds: { sampling: 0, features: 0, solve: 0, total: 0 },
      };
      return net;
    } catch (err) {
      for (const m of made) m.dispose();
      net.dispose();
      throw err;
    }
  }

  // ------------------------------------------------------------------ internals

  /**
   * Samples the hidden layers on Xs (N × d, already scaled) with targets T and computes the
   * last hidden features [Φ, 1] (with `featureOperator`, the last layer's features are not formed
   * and `Phi` is the last layer's input). `onLayer(l)` after layer l.
   */
  #sampleHidden(Xs: Matrix, T: Matrix, onLayer?: (l: number) => void): {
    hidden: Hidden[]; layerDiag: SampledLayerDiagnostics[]; Phi: Matrix; tSample: number; tFeat: number;
  } {
    const o = this.options;
    const L = o.layers.length;
    let Phi = Xs;
    const hidden: Hidden[] = [];
    const layerDiag: SampledLayerDiagnostics[] = [];
    let tSample = 0, tFeat = 0;
    for (let l = 0; l < L; l++) {
      const ts = now();
      const layer = sampleSwimLayer(Phi, T, {
        width: o.layers[l]!, activation: o.activation, seed: layerSeed(o.seed, l), sampler: o.sampler,
        classification: o.task === 'classification', repetitionScaler: o.repetitionScaler,
        pruneDuplicates: o.pruneDuplicates, distMin: o.distMin,
      });
      const tf = now();
      if (!(o.featureOperator && l === L - 1)) {
        const next = features(Phi, layer.W, layer.b, { activation: o.activation, ones: l === L - 1 });
        if (Phi !== Xs) Phi.dispose();
        Phi = next;
      }
      tSample += tf - ts; tFeat += now() - tf;
      hidden.push({ W: layer.W, b: layer.b });
      layerDiag.push({
        width: layer.W.cols, from: layer.from, to: layer.to, duplicates: layer.duplicates, pruned: layer.pruned,
        uniformFallback: layer.uniformFallback,
      });
      onLayer?.(l);
    }
    return { hidden, layerDiag, Phi, tSample, tFeat };
  }

  /**
   * `softmaxLambda: 'auto'`: a seeded split (Philox stream {@link STREAM_SPLIT} of `seed`) holds
   * out {@link SOFTMAX_HOLDOUT} of the rows; the hidden layers are **sampled again on the other
   * rows only** (same seeds), so the held-out rows are out-of-sample for both the hidden and the
   * output layer; every λ of {@link SOFTMAX_LAMBDA_GRID} is fitted on those rows (whitened
   * features, largest λ first, warm starts, tol {@link SOFTMAX_SELECT_TOL}) and scored by the
   * held-out log-loss. Returns the grid, the losses and the λ of the smallest loss.
   */
  #selectSoftmaxLambda(
    Xs: Matrix, T: Matrix, labels: Int32Array, k: number, onLambda: (lambda: number, logLoss: number, i: number) => void,
  ): LambdaSelection {
    const N = Xs.rows;
    // SWIM pairs need two fitting rows; random features one
    const minFit = this.options.sampler === 'random' ? 1 : 2;
    if (N < minFit + 1) {
      throw new InvalidInputError(`${NAME}.fit: softmaxLambda 'auto' needs at least ${minFit + 1} training rows (a held-out split), got ${N}; give a numeric softmaxLambda`);
    }
    return scope(() => {
      const perm = seededPermutation(N, this.options.seed);
      const nh = Math.min(N - minFit, Math.max(1, Math.round(SOFTMAX_HOLDOUT * N)));
      const hold = perm.slice(0, nh), fitIdx = perm.slice(nh);
      const Xf = gatherRows(Xs, fitIdx), Xh = gatherRows(Xs, hold), Tf = gatherRows(T, fitIdx);
      const yf = Int32Array.from(fitIdx, (r) => labels[r]!), yh = Int32Array.from(hold, (r) => labels[r]!);
      const sel = this.#sampleHidden(Xf, Tf);
      let Fh = Xh;
      for (let l = 0; l < sel.hidden.length; l++) {
        const h = sel.hidden[l]!;
        Fh = features(Fh, h.W, h.b, { activation: this.options.activation, ones: l === sel.hidden.length - 1 });
      }
      const basis = whiten(sel.Phi, yf, k);
      const grid = SOFTMAX_LAMBDA_GRID;
      const losses = new Float64Array(grid.length);
      let W: Matrix | undefined;
      // largest λ first: each solve is warm-started from the previous (smoother) one
      for (let g = grid.length - 1, i = 0; g >= 0; g--, i++) {
        const r = newton({ loss: 'softmax', X: basis.Z, labels: yf, lambda: grid[g]!, classes: k }, { mode: 'full', tol: SOFTMAX_SELECT_TOL, ...(W ? { W0: W } : {}) });
        W?.dispose();
        W = r.W;
        const theta = basis.toFeatures(W);
        losses[g] = logLossOf(Fh, theta, yh);
        theta.dispose();
        onLambda(grid[g]!, losses[g]!, i + 1);
      }
      let best = 0;
      for (let g = 1; g < grid.length; g++) if (losses[g]! < losses[best]!) best = g;
      return { lambdas: Float64Array.from(grid), logLoss: losses, holdout: nh, chosen: grid[best]! };
    });
  }

  protected release(): void {
    for (const h of this.#hidden) { h.W.dispose(); h.b.dispose(); }
    this.#hidden = [];
    this.#theta?.dispose();
    this.#theta = null;
  }

  #checkClassifier(fn: string): void {
    this.assertFitted(fn);
    if (this.options.task !== 'classification') throw new OptionError(`${NAME}.${fn}: only for task 'classification'`);
  }

  #targets(Y: MatrixLike | ArrayLike<number>, N: number): { T: Matrix; classes: Float64Array | null; index: Int32Array | null } {
    if (this.options.task === 'regression') return { T: regressionTargets(Y, N, `${NAME}.fit`), classes: null, index: null };
    const labels = classLabels(Y, `${NAME}.fit`);
    if (labels.length !== N) throw new ShapeError(`${NAME}.fit: X has ${N} rows but there are ${labels.length} labels`);
    const classes = Float64Array.from(new Set(labels)).sort();
    const index = new Map<number, number>();
    classes.forEach((c, j) => index.set(c, j));
    const T = Matrix.zeros(N, classes.length);
    const v = T.view();
    const idx = new Int32Array(N);
    for (let i = 0; i < N; i++) { idx[i] = index.get(labels[i]!)!; v[i + idx[i]! * N] = 1; }
    return { T, classes, index: idx };
  }

  #lstsqOptions(): LstsqOptions {
    const o = this.options;
    const opts: LstsqOptions = { method: o.solver };
    const reg = o.regularization;
    if (reg === null) opts.rcond = o.rcond;
    else if (reg === 'gcv') opts.ridge = 'gcv';
    else if ('rcond' in reg) opts.rcond = reg.rcond;
    else if (o.solver === 'cholesky') opts.lambda = reg.ridge;
    else opts.ridge = reg.ridge;
    if (o.solverOptions) opts.solverOptions = o.solverOptions;
    return opts;
  }
}

function validateRegularization(reg: unknown, solver: LstsqMethod): SampledRegularization | null {
  if (reg === undefined) return null;
  if (reg === 'gcv') {
    if (solver !== 'svd') throw new OptionError(`${NAME}: regularization 'gcv' needs solver 'svd' (got '${solver}')`);
    return 'gcv';
  }
  if (reg && typeof reg === 'object' && !Array.isArray(reg)) {
    const keys = Object.keys(reg);
    if (keys.length === 1 && keys[0] === 'rcond') return { rcond: opt.number(0, 0, 1).check((reg as { rcond: unknown }).rcond, 'regularization.rcond', NAME) };
    if (keys.length === 1 && keys[0] === 'ridge') {
      if (solver !== 'svd' && solver !== 'cholesky') throw new OptionError(`${NAME}: regularization { ridge } needs solver 'svd' or 'cholesky' (got '${solver}')`);
      return { ridge: opt.number(0, 0).check((reg as { ridge: unknown }).ridge, 'regularization.ridge', NAME) };
    }
  }
  throw new OptionError(`${NAME}: option 'regularization' must be 'gcv', { rcond: number } or { ridge: number }, got ${typeof reg === 'string' ? JSON.stringify(reg.slice(0, 40)) : describe(reg)}`);
}

/** Subtracts each column's mean in place; returns the means. */
function centerColumns(T: Matrix): Float64Array {
  const v = T.view();
  const n = T.rows;
  const means = new Float64Array(T.cols);
  for (let j = 0; j < T.cols; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += v[i + j * n]!;
    m /= n;
    for (let i = 0; i < n; i++) v[i + j * n]! -= m;
    means[j] = m;
  }
  return means;
}

/** A[row, j] += add[j]. */
function addToRow(A: Matrix, row: number, add: Float64Array): void {
  const v = A.view();
  for (let j = 0; j < A.cols; j++) v[row + j * A.rows]! += add[j]!;
}

/** Row-wise softmax of a column-major N × c matrix, in place (max subtracted before exp). */
function softmaxRowsInPlace(out: Matrix): void {
  const v = out.view();
  const n = out.rows, c = out.cols;
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < c; j++) mx = Math.max(mx, v[i + j * n]!);
    let s = 0;
    for (let j = 0; j < c; j++) { const e = Math.exp(v[i + j * n]! - mx); v[i + j * n] = e; s += e; }
    for (let j = 0; j < c; j++) v[i + j * n]! /= s;
  }
}

/** Rows `idx` of a matrix (a row copy per index in wasm). */
function gatherRows(A: Matrix, idx: Int32Array): Matrix {
  const out = Matrix.empty(idx.length, A.cols);
  ops.gatherRows(A, idx, out);
  return out;
}

/** Seeded permutation of 0..n−1 (argsort of n Philox uniforms, stream {@link STREAM_SPLIT}; selection split only). */
function seededPermutation(n: number, seed: number): Int32Array {
  const U = Matrix.random(n, 1, { seed, stream: STREAM_SPLIT, dist: 'uniform' });
  const u = U.toColumnMajor(); U.dispose();
  return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => u[a]! - u[b]! || a - b));
}

/** Mean log-loss −(1/n) Σ log p_{i,yᵢ} of the softmax of Z = F·W (stable log-sum-exp). */
function logLossOf(F: Matrix, W: Matrix, labels: Int32Array): number {
  const Z = F.matmul(W);
  try {
    const v = Z.view();
    const n = Z.rows, c = Z.cols;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let j = 0; j < c; j++) mx = Math.max(mx, v[i + j * n]!);
      let s = 0;
      for (let j = 0; j < c; j++) s += Math.exp(v[i + j * n]! - mx);
      sum += mx + Math.log(s) - v[i + labels[i]! * n]!;
    }
    return sum / n;
  } finally { Z.dispose(); }
}

/**
 * The coordinates of the softmax output fit. For F = [Φ, 1] (N × (M+1)) with column means μ of
 * Φ and the thin SVD Φ − 1μᵀ = U S Vᵀ (r components with σᵢ > {@link SOFTMAX_RCOND}·σ₁ kept):
 * `Z` = [U_r diag(σᵢ/√(σᵢ²/N + τ)), 1] (N × (r+1)), where τ = λ_GCV/N and λ_GCV is the
 * generalized-cross-validation ridge of the least-squares fit of the centred one-hot targets
 * on the centred features (the criterion of output 'lstsq' with its default `'gcv'`). An L2
 * penalty (λ/2)‖W̃‖² on these coordinates is (λ/2)·[(1/N)‖(Φ − 1μᵀ)θ_Φ‖² + τ‖θ_Φ‖² + b̃²] on
 * the feature weights θ_Φ: the spread of the class scores over the training rows, plus the
 * ridge that GCV finds for the least-squares problem (τ = 0 would be full whitening). `toFeatures`
 * maps W̃ to θ on [Φ, 1] with F θ = Z W̃ on the training rows (θ_Φ = V_r diag(1/√(σᵢ²/N + τ)) W̃_r,
 * bias row = b̃ − μᵀ θ_Φ).
 */
interface WhiteBasis { Z: Matrix; r: number; tau: number; toFeatures(W: Matrix): Matrix }

/**
 * Builds the {@link WhiteBasis} of F = [Φ, 1] for the labels (0..k−1): one SVD of the centred
 * features, O(r·k) GCV work on its spectrum.
 */
function whiten(F: Matrix, labels: Int32Array, k: number): WhiteBasis {
  const N = F.rows, M = F.cols - 1;
  return scope(() => {
    const ones = Matrix.full(N, 1, 1);
    const C = F.columns(0, M);
    const mean = C.matmul(ones, { transA: true }).scale(1 / N);   // M × 1
    ops.gemm(0, 1, -1, ones, mean, 1, C);                          // C ← Φ − 1 μᵀ
    const sv = svd(C);
    C.dispose();
    const r = sv.rank(SOFTMAX_RCOND);
    const Z = Matrix.empty(N, r + 1);
    let V: Matrix | null = null;
    let tau = 0;
    const factor = new Float64Array(r);   // 1/√(σᵢ²/N + τ)
    if (r > 0) {
      const U = sv.U!;
      const q = U.cols;
      // GCV of the one-hot least-squares problem on the centred features: c = U_rᵀ (T − 1pᵀ)
      const freq = new Float64Array(k);
      for (let i = 0; i < N; i++) freq[labels[i]!]! += 1 / N;
      const T = Matrix.zeros(N, k);
      const tv = T.view();
      for (let i = 0; i < N; i++) tv[i + labels[i]! * N] = 1;
      ops.gemm(0, 1, -1, ones, Matrix.fromColumnMajor(freq, k, 1), 1, T);   // T − 1 pᵀ
      const cAll = U.matmul(T, { transA: true }).toColumnMajor();          // q × k (rows ≥ r unused)
      T.dispose();
      const s2 = Float64Array.from(sv.s.subarray(0, r), (x) => x * x);
      const coef2 = new Float64Array(r * k);
      for (let j = 0; j < k; j++) for (let i = 0; i < r; i++) coef2[i + j * r] = cAll[i + j * q]! ** 2;
      const base = new Float64Array(k);
      for (let j = 0; j < k; j++) {
        let inSpan = 0;
        for (let i = 0; i < r; i++) inSpan += coef2[i + j * r]!;
        base[j] = Math.max(0, N * freq[j]! * (1 - freq[j]!) - inSpan);   // ‖T_j − p_j‖² = N p_j (1 − p_j)
      }
      // the intercept is one more fitted degree of freedom besides the r components
      const problem: SpectralProblem = { s2, coef2, base, m: N, nOut: Math.max(0, N - r - 1) };
      tau = chooseGcv(problem, Array.from({ length: k }, (_, j) => j), gcvGrid(s2)) / N;
      for (let i = 0; i < r; i++) {
        factor[i] = 1 / Math.sqrt(s2[i]! / N + tau);
        ops.scal(sv.s[i]! * factor[i]!, ops.col(U, i));                    // in place: U is not needed afterwards
      }
      ops.copy(ops.sub(U, 0, 0, N, r), ops.sub(Z, 0, 0, N, r));
      U.dispose();
      V = sv.V!.columns(0, r);
    }
    Z.setBlock(0, r, ones);
    sv.dispose();
    const rows = Int32Array.from({ length: r }, (_, i) => i);
    const toFeatures = (W: Matrix): Matrix => scope(() => {
      const kk = W.cols;
      const theta = Matrix.zeros(M + 1, kk);
      const bias = W.block(r, 0, 1, kk);
      if (r > 0) {
        const DW = Matrix.empty(r, kk);
        ops.gatherRowsScaled(rows, factor, W, DW);                  // diag(1/√(σᵢ²/N + τ)) W̃_r
        const thetaPhi = V!.matmul(DW);                             // M × k
        ops.gemm(1, 0, -1, mean, thetaPhi, 1, bias);               // b̃ − μᵀ θ_Φ
        theta.setBlock(0, 0, thetaPhi);
      }
      theta.setBlock(M, 0, bias);
      return theta;
    });
    return { Z, r, tau, toFeatures, mean, V };
  });
}

/**
 * Fits the softmax output layer θ ((M+1) × k, on F = [Φ, 1]) by {@link newton} (mode 'full',
 * stop at ‖∇F‖ ≤ tol·(1 + |F|)) in the whitened coordinates of {@link whiten}: the L2 penalty
 * (λ/2)‖W̃‖² there equals (λ/2)·(1/N)‖(Φ − 1μᵀ)θ_Φ‖² + (λ/2)·b̃² — a penalty on the spread of
 * the class scores over the training rows, not on the raw weights (docs/swim.md). The
 * returned θ leaves the current scope's ownership to the caller's scope.
 */
function fitSoftmaxOutput(F: Matrix, labels: Int32Array, k: number, lambda: number, tol: number): {
  W: Matrix; info: NonNullable<SampledDiagnostics['softmax']>;
} {
  return scope(() => {
    const basis = whiten(F, labels, k);
    const r = newton({ loss: 'softmax', X: basis.Z, labels, lambda, classes: k }, { mode: 'full', tol });
    const W = basis.toFeatures(r.W);
    return {
      W,
      info: {
        lambda, iterations: r.iterations, converged: r.converged, objective: r.objective,
        gradientNorm: r.gradientNorm, components: basis.r, tau: basis.tau,
      },
    };
  });
}

function argmaxRows(out: Matrix): Int32Array {
  const v = out.view();
  const n = out.rows, c = out.cols;
  const idx = new Int32Array(n);
  const best = new Float64Array(n).fill(-Infinity);
  for (let j = 0; j < c; j++) {
    for (let i = 0; i < n; i++) if (v[i + j * n]! > best[i]!) { best[i] = v[i + j * n]!; idx[i] = j; }
  }
  return idx;
}

/** Per-column mean and unbiased std of the training inputs (O(N·d) glue; constant columns get scale 1). */
function fitScaler(X: Matrix): ScalerState {
  const v = X.view();
  const n = X.rows, d = X.cols;
  const mean = new Float64Array(d), scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += v[i + j * n]!;
    m /= n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (v[i + j * n]! - m) ** 2;
    const sd = n > 1 ? Math.sqrt(s / (n - 1)) : 0;
    mean[j] = m;
    scale[j] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

function applyScaler(X: Matrix, s: ScalerState): Matrix {
  const out = X.clone();
  const v = out.view();
  const n = X.rows;
  for (let j = 0; j < X.cols; j++) {
    const m = s.mean[j]!, sc = s.scale[j]!;
    for (let i = 0; i < n; i++) v[i + j * n] = (v[i + j * n]! - m) / sc;
  }
  return out;
}
