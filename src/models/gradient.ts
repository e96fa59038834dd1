/**
 * Gradient-trained baselines. `architecture: 'two-layer'` (default): the two-layer (leaky-)ReLU network of ANMIN
 * (ALGORITHMS.md §7.1, §7.6): `f(x) = σ_α(x̃ᵀA) B + b⁰` with `x̃ = (1, xᵀ)ᵀ` (the first layer has
 * no separate bias: the ones column provides it), trained by backpropagation with SGD
 * (optionally with momentum), Adam or L-BFGS on the MSE loss (mean over all N·c entries, §0.3).
 * All matrix products run through the wasm GEMM; the elementwise steps (ReLU-derivative mask,
 * Adam/momentum updates, row gathers) are wasm kernels of assembly/anmin.ts, reached through the
 * typed ops of bindings/ops/nn.ts. The helpers shared with {@link AnminNetwork} (input
 * preparation, prediction of the two-layer model, JSON checks) live in ./two-layer.ts.
 *
 * `architecture: 'resnet'`: the baseline of slimTrain (ALGORITHMS.md §9.6–§9.7): the ResNet
 * feature extractor of ./resnet.ts with a linear output `[u_d, 1]·W`, all weights (θ and W)
 * trained by standard Adam on the per-batch loss (1/(2m))‖[U, 1]W − Y‖²_F + R(θ), starting
 * from {@link resnetInit} and visiting the batches of {@link epochBatches} — for one seed the
 * same θ₀, W₀ and batches as `SlimTrainNetwork`.
 * @module
 */
import { ops, type Block, type Mat } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { untrack } from '../scope.js';
import { isPlainObject, MAX_DIM } from '../validate.js';
import { Model, expectModelJSON, modelFromJSONOptions, opt, ownedMatrix, resolveOptions, type CommonModelOptions, type OptionTable, type ProgressEvent } from './base.js';
import { RESNET_OPTIONS, ResNet, epochBatches, resnetInit, type OutputInit, type ResNetActivation, type ResNetLayout } from './resnet.js';
import { copyWeights, isVectorLike, predictFromWeights, prepareData, prepareRows, twoLayerWeightsFromJSON, withOnes, type RowData, type TwoLayerData } from './two-layer.js';

// ------------------------------------------------------------------ GradientNetwork

/** Optimizers of {@link GradientNetwork}. */
export type GradientOptimizer = 'adam' | 'sgd' | 'lbfgs';

/** Architectures of {@link GradientNetwork}: the ANMIN two-layer network or the slimTrain ResNet. */
export type GradientArchitecture = 'two-layer' | 'resnet';

/** Step learning-rate schedule: lr·factor^⌊epoch/stepEvery⌋. */
export interface StepSchedule {
  /** Epochs between decays (default 100). */
  stepEvery: number;
  /** Multiplier per decay (default 0.1). */
  factor: number;
}

/** One entry of {@link GradientNetwork.history}. */
export interface GradientEpoch {
  /** 1-based epoch (L-BFGS: iteration). */
  epoch: number;
  /** Training MSE (mean over all N·c entries) of the model after this epoch, on all training rows. */
  trainMse: number;
  /** Learning rate used in this epoch (L-BFGS: accepted step length). */
  learningRate: number;
  /** Seconds since the start of `fit`. */
  seconds: number;
  /** ResNet with `validation` data only: MSE (mean over all N·c entries) on the validation rows after this epoch. */
  validationMse?: number;
}

/**
 * Progress event of a {@link GradientNetwork} fit (the one {@link ProgressEvent} shape): after
 * every epoch (L-BFGS: iteration), `step` = epoch of `total` = `epochs`, `loss` = training MSE,
 * plus the epoch's history entry.
 */
export interface GradientProgress extends ProgressEvent, GradientEpoch {
  stage: 'epoch';
  /** Training MSE after this epoch (= `trainMse`). */
  loss: number;
}

/** Options of {@link GradientNetwork}; the {@link ResNetLayout} fields apply to `architecture: 'resnet'` only. */
export interface GradientNetworkOptions extends CommonModelOptions<GradientProgress>, ResNetLayout {
  /** Hidden units h (default 64). */
  hidden?: number;
  /** Leaky slope α ∈ [0, 1): 0 = ReLU (default), 0.1 = the paper's leaky variant. */
  alpha?: number;
  /** 'adam' (default; β₁ 0.9, β₂ 0.999, ε 1e-8), 'sgd' (see `momentum`) or 'lbfgs' (two-loop recursion, Armijo backtracking, best-so-far model). */
  optimizer?: GradientOptimizer;
  /** Epochs (default 300; L-BFGS: iterations, the paper used 60). */
  epochs?: number;
  /** Learning rate (default 0.03; unused by L-BFGS, which uses a line search). */
  learningRate?: number;
  /** Step decay (default `{ stepEvery: 100, factor: 0.1 }`); `null` for a constant rate. */
  schedule?: StepSchedule | null;
  /** Mini-batch rows (default 256 for SGD/Adam; L-BFGS default: all rows, i.e. full batch). */
  batchSize?: number;
  /** SGD momentum μ ∈ [0, 1) (default 0: plain SGD). */
  momentum?: number;
  /** L-BFGS memory (default 10 pairs). */
  historySize?: number;
  /** Seed of the initialisation and the shuffling (Philox streams), default 1. */
  seed?: number;
  /**
   * 'two-layer' (default): the ANMIN network (options hidden, alpha, schedule, momentum,
   * historySize). 'resnet': the slimTrain ResNet with a linear output (options width, depth,
   * horizon, activation, antisymmetric, inputBias, layerBias, outputInit, thetaRegularization,
   * validation; optimizer 'adam' only; defaults epochs 20, learningRate 1e-3, batchSize 5).
   * An option of the other architecture is an OptionError.
   */
  architecture?: GradientArchitecture;
  /** ResNet W₀: 'normal' N(0,1), 'scaled' N(0,1/(w+1)) (default), 'zeros' (see {@link resnetInit}). */
  outputInit?: OutputInit;
  /** ResNet θ-regularisation α ≥ 0 of ALGORITHMS.md §9.6 (default 0; the MATLAB scripts use 5e-6). */
  thetaRegularization?: number;
  /**
   * ResNet only: validation data; its MSE after every epoch goes to `history` (`validationMse`).
   * Not saved by toJSON.
   */
  validation?: { X: MatrixLike; y: MatrixLike | VectorLike };
}

/** JSON form of a fitted {@link GradientNetwork}: version 1 (two-layer) or {@link GradientResNetJSON} (version 2). */
export type GradientNetworkJSON = GradientTwoLayerJSON | GradientResNetJSON;

/** JSON form of a fitted two-layer {@link GradientNetwork} (version 1, unchanged). */
export interface GradientTwoLayerJSON {
  type: 'GradientNetwork';
  version: 1;
  options: Omit<GradientNetworkOptions, 'onProgress' | 'validation'>;
  inputDim: number;
  outputDim: number;
  /** (d+1) × h column-major first-layer weights (row 0: biases). */
  A: number[];
  /** (h+1) × c column-major output weights (rows 0..h−1: B, row h: b⁰). */
  theta: number[];
  history: GradientEpoch[];
}

/** JSON form of a fitted ResNet {@link GradientNetwork} (version 2, `options.architecture` 'resnet'). */
export interface GradientResNetJSON {
  type: 'GradientNetwork';
  version: 2;
  options: Omit<GradientNetworkOptions, 'onProgress' | 'validation'>;
  inputDim: number;
  outputDim: number;
  /** θ of the ResNet (layout of ./resnet.ts). */
  theta: number[];
  /** (w+1) × c column-major output weights (last row the bias). */
  W: number[];
  history: GradientEpoch[];
}

type GradientOptionValues = Required<Omit<GradientNetworkOptions, 'onProgress' | 'batchSize' | 'validation'>> & { batchSize: number | undefined };

/** The one declaration of GradientNetwork's hyperparameters: defaults and validators. */
const GRAD_OPTIONS: OptionTable<GradientOptionValues> = {
  hidden: opt.int(64, 1, 1 << 20),
  alpha: opt.number(0, 0, 1, true, true),
  optimizer: opt.enum<GradientOptimizer>('adam', ['adam', 'sgd', 'lbfgs']),
  epochs: opt.int(300, 0, 1e9),
  learningRate: opt.number(0.03, 0, Infinity, false),
  schedule: opt.custom<StepSchedule | null>({ stepEvery: 100, factor: 0.1 }, (sch, name, fn) => {
    if (sch === null) return null;
    if (typeof sch !== 'object' || Array.isArray(sch)) throw new OptionError(`${fn}: option '${name}' must be { stepEvery, factor } or null`);
    for (const k of Object.keys(sch)) {
      if (k !== 'stepEvery' && k !== 'factor') throw new OptionError(`${fn}: option '${name}' has an unknown key '${k.length > 40 ? `${k.slice(0, 40)}…` : k}' (known: stepEvery, factor)`);
    }
    const o = sch as Partial<StepSchedule>;
    return { stepEvery: opt.int(100, 1, 1e9).check(o.stepEvery ?? 100, 'schedule.stepEvery', fn), factor: opt.number(0.1, 0, 1, false).check(o.factor ?? 0.1, 'schedule.factor', fn) };
  }),
  batchSize: opt.optionalInt(1, 2 ** 31 - 1),
  momentum: opt.number(0, 0, 1, true, true),
  historySize: opt.int(10, 1, 1000),
  seed: opt.seed(1),
  architecture: opt.enum<GradientArchitecture>('two-layer', ['two-layer', 'resnet']),
  width: RESNET_OPTIONS.width,
  depth: RESNET_OPTIONS.depth,
  horizon: RESNET_OPTIONS.horizon,
  activation: RESNET_OPTIONS.activation,
  antisymmetric: RESNET_OPTIONS.antisymmetric,
  inputBias: RESNET_OPTIONS.inputBias,
  layerBias: RESNET_OPTIONS.layerBias,
  outputInit: opt.enum<OutputInit>('scaled', ['normal', 'scaled', 'zeros']),
  thetaRegularization: opt.number(0, 0),
};
const GRAD_NAME = 'GradientNetwork';

/** Options that only the two-layer architecture takes. */
const TWO_LAYER_ONLY = ['hidden', 'alpha', 'schedule', 'momentum', 'historySize'] as const;
/** Options that only the ResNet architecture takes. */
const RESNET_ONLY = ['width', 'depth', 'horizon', 'activation', 'antisymmetric', 'inputBias', 'layerBias', 'outputInit', 'thetaRegularization', 'validation'] as const;
/** Defaults of the ResNet architecture where they differ from the two-layer ones (the paper's peaks run). */
const RESNET_DEFAULTS = { epochs: 20, learningRate: 1e-3, batchSize: 5 } as const;

/** Stream numbers of the Philox generator used by GradientNetwork. */
const STREAM_A = 101, STREAM_THETA = 102, STREAM_SHUFFLE = 103;

/**
 * The two-layer (leaky-)ReLU network of ANMIN trained by backpropagation: the gradient baseline
 * of the ANMIN paper (Table 3/4). Defaults follow the paper: Adam, lr 0.03 divided by 10 every
 * 100 epochs, batch 256, 300 epochs, MSE loss. Initialisation as PyTorch's `nn.Linear`
 * (uniform ±1/√fan_in) from lsqnet's Philox generator, so a seed reproduces a run exactly.
 *
 * X is given **without** the ones column (it is prepended internally) and Y as is: standardise
 * X on the training rows and centre Y yourself (see `StandardScaler`, `centerTargets`).
 * @example
 * const net = new GradientNetwork({ hidden: 64, optimizer: 'adam', epochs: 300, seed: 1 });
 * net.fit(Xtrain, ytrain);
 * const yhat = net.predict(Xtest);   // Matrix N×1
 * console.log(net.history.at(-1)?.trainMse);
 * net.dispose();
 *
 * With `architecture: 'resnet'` it is the Adam baseline of slimTrain (docs/resnet.md): the
 * ResNet feature extractor plus a linear output, all weights trained by Adam, from the same θ₀,
 * W₀ and batches as `SlimTrainNetwork` for one seed.
 * @example
 * const adam = new GradientNetwork({ architecture: 'resnet', width: 8, depth: 8, horizon: 5,
 *   learningRate: 1e-3, epochs: 20, batchSize: 5, seed: 1, validation: { X: Xval, y: yval } }).fit(X, y);
 * console.log(adam.history.map((e) => e.validationMse));
 */
export class GradientNetwork extends Model<GradientProgress, GradientEpoch> {
  /** Hidden units. */
  readonly hidden: number;
  /** Leaky slope α. */
  readonly alpha: number;
  /** Optimizer. */
  readonly optimizer: GradientOptimizer;
  /** Epochs. */
  readonly epochs: number;
  /** Initial learning rate. */
  readonly learningRate: number;
  /** Step schedule (null: constant). */
  readonly schedule: StepSchedule | null;
  /** Batch size as given (undefined: optimizer default). */
  readonly batchSize: number | undefined;
  /** SGD momentum. */
  readonly momentum: number;
  /** L-BFGS memory. */
  readonly historySize: number;
  /** Seed. */
  readonly seed: number;
  /** 'two-layer' or 'resnet'. */
  readonly architecture: GradientArchitecture;
  /** ResNet width (meaningful for 'resnet' only). */
  readonly width: number;
  /** ResNet depth ('resnet' only). */
  readonly depth: number;
  /** ResNet horizon T ('resnet' only). */
  readonly horizon: number;
  /** ResNet activation ('resnet' only). */
  readonly activation: ResNetActivation;
  /** ResNet antisymmetric K_j ('resnet' only). */
  readonly antisymmetric: boolean;
  /** ResNet input bias ('resnet' only). */
  readonly inputBias: boolean;
  /** ResNet layer biases ('resnet' only). */
  readonly layerBias: boolean;
  /** W₀ initialisation ('resnet' only). */
  readonly outputInit: OutputInit;
  /** θ-regularisation α ('resnet' only). */
  readonly thetaRegularization: number;
  #validation: { X: MatrixLike; y: MatrixLike | VectorLike } | null;
  #A: Matrix | null = null;
  #theta: Matrix | null = null;
  #W: Matrix | null = null;
  #d = 0;

  constructor(options: GradientNetworkOptions = {}) {
    let validation: unknown;
    let rest: GradientNetworkOptions | undefined = options;
    if (options !== null && typeof options === 'object' && !Array.isArray(options) && 'validation' in options) {
      ({ validation, ...rest } = options);
    }
    const { values: v, onProgress } = resolveOptions(GRAD_OPTIONS, rest, GRAD_NAME);
    super(GRAD_NAME, onProgress);
    const given = (k: string) => rest !== undefined && (rest as Record<string, unknown>)[k] !== undefined;
    const resnet = v.architecture === 'resnet';
    const foreign = (resnet ? TWO_LAYER_ONLY : RESNET_ONLY).filter((k) => (k === 'validation' ? validation !== undefined : given(k)));
    if (foreign.length > 0) {
      throw new OptionError(`${GRAD_NAME}: option${foreign.length > 1 ? 's' : ''} ${foreign.map((k) => `'${k}'`).join(', ')} do${foreign.length > 1 ? '' : 'es'} not apply to architecture '${v.architecture}'`);
    }
    if (resnet && v.optimizer !== 'adam') throw new OptionError(`${GRAD_NAME}: option 'optimizer' must be 'adam' for architecture 'resnet', got '${v.optimizer}'`);
    this.architecture = v.architecture;
    this.hidden = v.hidden; this.alpha = v.alpha; this.optimizer = v.optimizer;
    this.epochs = resnet && !given('epochs') ? RESNET_DEFAULTS.epochs : v.epochs;
    this.learningRate = resnet && !given('learningRate') ? RESNET_DEFAULTS.learningRate : v.learningRate;
    this.batchSize = resnet && !given('batchSize') ? RESNET_DEFAULTS.batchSize : v.batchSize;
    this.schedule = resnet ? null : v.schedule;
    this.momentum = v.momentum; this.historySize = v.historySize; this.seed = v.seed;
    this.width = v.width; this.depth = v.depth; this.horizon = v.horizon; this.activation = v.activation;
    this.antisymmetric = v.antisymmetric; this.inputBias = v.inputBias; this.layerBias = v.layerBias;
    this.outputInit = v.outputInit; this.thetaRegularization = v.thetaRegularization;
    this.#validation = validation === undefined ? null : checkValidation(validation);
  }

  /** True once fitted (and not disposed). */
  get fitted(): boolean {
    return (this.#A !== null || this.#W !== null) && !this.disposed;
  }

  /** Two-layer only: copies of the weights: A ((d+1) × h, row 0 = hidden biases), B (h × c), b⁰ (length c). */
  get weights(): { A: Matrix; B: Matrix; b0: Float64Array } {
    if (this.architecture === 'resnet') throw new InvalidInputError(`${GRAD_NAME}.weights: a ResNet network has no two-layer weights; use resnetWeights`);
    const { A, theta } = this.#state('weights');
    return copyWeights(A, theta, this.hidden);
  }

  /**
   * ResNet only: copies of the trained weights: θ (parameterCount × 1, layout of ./resnet.ts)
   * and W ((width+1) × c, last row the bias), plus the {@link ResNet} they belong to.
   */
  get resnetWeights(): { theta: Matrix; W: Matrix; resnet: ResNet } {
    this.assertFitted('resnetWeights');
    if (this.architecture !== 'resnet') throw new InvalidInputError(`${GRAD_NAME}.resnetWeights: a two-layer network has no ResNet weights; use weights`);
    const theta = this.#theta!.clone();
    try {
      return { theta, W: this.#W!.clone(), resnet: this.#resnet(this.#d) };
    } catch (err) {
      theta.dispose();
      throw err;
    }
  }

  #resnet(inputDim: number): ResNet {
    return new ResNet({
      inputDim, width: this.width, depth: this.depth, horizon: this.horizon, activation: this.activation,
      antisymmetric: this.antisymmetric, inputBias: this.inputBias, layerBias: this.layerBias,
    });
  }

  #state(fn: string): { A: Matrix; theta: Matrix } {
    this.assertFitted(fn);
    return { A: this.#A!, theta: this.#theta! };
  }

  /**
   * Trains on X (N × d, without the ones column) and Y (N × c, or a vector). Returns `this`.
   * Refitting replaces the previous weights.
   */
  fit(X: MatrixLike, Y: MatrixLike | VectorLike): this {
    this.assertUsable();
    if (this.architecture === 'resnet') return this.#fitResNet(X, Y);
    const data = prepareData(X, Y, 'GradientNetwork.fit');
    try {
      const { A, theta, history } = trainGradient(this, data,
        (e) => this.progress({ ...e, stage: 'epoch', step: e.epoch, total: this.epochs, loss: e.trainMse }));
      this.#A?.dispose(); this.#theta?.dispose();
      // the network owns its weights: they leave every scope
      untrack(A); untrack(theta);
      this.#A = A; this.#theta = theta; this.#d = data.d;
      this.history = history;
    } finally {
      data.dispose();
    }
    return this;
  }

  #fitResNet(X: MatrixLike, Y: MatrixLike | VectorLike): this {
    const fn = `${GRAD_NAME}.fit`;
    const data = prepareRows(X, Y, fn);
    let val: RowData | null = null;
    try {
      if (this.#validation) {
        val = prepareRows(this.#validation.X, this.#validation.y, `${fn}: validation`);
        if (val.X.cols !== data.X.cols) throw new ShapeError(`${fn}: validation X has ${val.X.cols} columns, X has ${data.X.cols}`);
        if (val.Y.cols !== data.Y.cols) throw new ShapeError(`${fn}: validation y has ${val.Y.cols} columns, Y has ${data.Y.cols}`);
      }
      const bs = this.batchSize!;
      if (bs > data.X.rows) throw new OptionError(`${fn}: option 'batchSize' (${bs}) exceeds the ${data.X.rows} training rows (epochs use full batches only)`);
      const net = this.#resnet(data.X.cols);
      const { theta, W, history } = trainResNet(this, net, data, val,
        (e) => this.progress({ ...e, stage: 'epoch', step: e.epoch, total: this.epochs, loss: e.trainMse }));
      this.#theta?.dispose(); this.#W?.dispose();
      untrack(theta); untrack(W);
      this.#theta = theta; this.#W = W; this.#d = data.X.cols;
      this.history = history;
    } finally {
      data.dispose();
      val?.dispose();
    }
    return this;
  }

  /** Predictions: σ_α([1, X]A)B + 1b⁰ᵀ (two-layer) or [F(X, θ), 1]·W (resnet): N × c (see {@link Model.predict}). */
  protected predictMatrix(X: MatrixLike): Matrix {
    if (this.architecture === 'resnet') {
      const fn = `${GRAD_NAME}.predict`;
      const Xm = Matrix.from(X, `${fn}: X`);
      const owns = !(X instanceof Matrix);
      try {
        if (Xm.cols !== this.#d) throw new ShapeError(`${fn}: X has ${Xm.cols} columns but the model was fitted on ${this.#d}`);
        if (Xm.rows === 0) return Matrix.empty(0, this.#W!.cols);
        Xm.assertFinite(`${fn}: X`);
        return predictResNet(this.#resnet(this.#d), Xm, this.#theta!, this.#W!);
      } finally {
        if (owns) Xm.dispose();
      }
    }
    const { A, theta } = this.#state('predict');
    return predictFromWeights(X, this.#d, A, this.alpha, theta, 'GradientNetwork.predict');
  }

  /** Plain JSON object (weights column-major, options, history): version 1 (two-layer) or 2 (resnet). */
  toJSON(): GradientNetworkJSON {
    if (this.architecture === 'resnet') {
      this.assertFitted('toJSON');
      return {
        type: 'GradientNetwork', version: 2,
        options: {
          architecture: 'resnet', width: this.width, depth: this.depth, horizon: this.horizon, activation: this.activation,
          antisymmetric: this.antisymmetric, inputBias: this.inputBias, layerBias: this.layerBias, optimizer: this.optimizer,
          epochs: this.epochs, learningRate: this.learningRate, batchSize: this.batchSize, outputInit: this.outputInit,
          thetaRegularization: this.thetaRegularization, seed: this.seed,
        },
        inputDim: this.#d, outputDim: this.#W!.cols,
        theta: [...this.#theta!.toColumnMajor()], W: [...this.#W!.toColumnMajor()],
        history: this.history.map((e) => ({ ...e })),
      };
    }
    const { A, theta } = this.#state('toJSON');
    return {
      type: 'GradientNetwork', version: 1,
      options: {
        hidden: this.hidden, alpha: this.alpha, optimizer: this.optimizer, epochs: this.epochs,
        learningRate: this.learningRate, schedule: this.schedule, batchSize: this.batchSize, momentum: this.momentum,
        historySize: this.historySize, seed: this.seed,
      },
      inputDim: this.#d, outputDim: theta.cols,
      A: [...A.toColumnMajor()], theta: [...theta.toColumnMajor()],
      history: this.history.map((e) => ({ ...e })),
    };
  }

  /**
   * Restores a network saved with {@link GradientNetwork.toJSON}. The document is checked
   * strictly (types, ranges, finiteness, lengths, no unknown fields): a tampered file raises an
   * `InvalidInputError` naming the field.
   */
  static fromJSON(obj: GradientNetworkJSON | unknown): GradientNetwork {
    const fn = 'GradientNetwork.fromJSON';
    if (isPlainObject(obj) && obj.type === 'GradientNetwork' && obj.version === 2) return GradientNetwork.#resNetFromJSON(obj, fn);
    const f = expectModelJSON(obj, fn, { type: 'GradientNetwork', version: 1 }, { required: ['options', 'inputDim', 'outputDim', 'A', 'theta', 'history'] });
    const net = modelFromJSONOptions(f, 'options', GRAD_OPTIONS, (o) => new GradientNetwork(o as GradientNetworkOptions));
    try {
      if (net.architecture !== 'two-layer') throw new InvalidInputError(`${fn}: field 'options.architecture' is invalid: a version-1 file holds a two-layer network`);
      // every field is checked before anything is allocated in wasm memory
      const w = twoLayerWeightsFromJSON(f, net.hidden);
      const history = f.objects('history', net.epochs, { required: ['epoch', 'trainMse', 'learningRate', 'seconds'] })
        .map((e, i): GradientEpoch => ({
          epoch: e.int('epoch', i + 1, i + 1), trainMse: e.number('trainMse', 0),
          learningRate: e.number('learningRate', 0), seconds: e.number('seconds', 0),
        }));
      const { A, theta } = w.allocate();
      net.#A = A; net.#theta = theta; net.#d = w.d;
      net.history = history;
      return net;
    } catch (err) {
      net.dispose();
      throw err;
    }
  }

  /** Restores a version-2 (ResNet) document. */
  static #resNetFromJSON(obj: Record<string, unknown>, fn: string): GradientNetwork {
    const o = obj.options;
    if (!isPlainObject(o) || o.architecture !== 'resnet') {
      throw new InvalidInputError(`${fn}: field 'version' must be 1 for a two-layer network (version 2 holds architecture 'resnet'; 'options.architecture' is ${isPlainObject(o) && typeof o.architecture === 'string' ? `'${o.architecture.slice(0, 20)}'` : 'missing'}), got 2`);
    }
    const f = expectModelJSON(obj, fn, { type: 'GradientNetwork', version: 2 }, { required: ['options', 'inputDim', 'outputDim', 'theta', 'W', 'history'] });
    const net = modelFromJSONOptions(f, 'options', GRAD_OPTIONS, (o) => new GradientNetwork(o as GradientNetworkOptions));
    try {
      if (net.architecture !== 'resnet') throw new InvalidInputError(`${fn}: field 'options.architecture' is invalid: a version-2 file holds a ResNet network ('resnet')`);
      const d = f.int('inputDim', 1, 1 << 20);
      const c = f.int('outputDim', 1, MAX_DIM);
      const np = new ResNet({
        inputDim: d, width: net.width, depth: net.depth, horizon: net.horizon, activation: net.activation,
        antisymmetric: net.antisymmetric, inputBias: net.inputBias, layerBias: net.layerBias,
      }).parameterCount;
      const th = f.finiteArray('theta', np);
      const w = f.finiteArray('W', (net.width + 1) * c);
      const history = f.objects('history', net.epochs, { required: ['epoch', 'trainMse', 'learningRate', 'seconds'], optional: ['validationMse'] })
        .map((e, i): GradientEpoch => {
          const entry: GradientEpoch = {
            epoch: e.int('epoch', i + 1, i + 1), trainMse: e.number('trainMse', 0),
            learningRate: e.number('learningRate', 0), seconds: e.number('seconds', 0),
          };
          if (e.has('validationMse')) entry.validationMse = e.number('validationMse', 0);
          return entry;
        });
      const theta = ownedMatrix(th, np, 1);
      let W: Matrix;
      try {
        W = ownedMatrix(w, net.width + 1, c);
      } catch (err) {
        theta.dispose();
        throw err;
      }
      net.#theta = theta; net.#W = W; net.#d = d;
      net.history = history;
      return net;
    } catch (err) {
      net.dispose();
      throw err;
    }
  }

  protected release(): void {
    this.#A?.dispose(); this.#theta?.dispose(); this.#W?.dispose();
    this.#A = null; this.#theta = null; this.#W = null;
  }
}

/** The `validation` option: an object { X, y } (checked for shape and finiteness at fit). */
function checkValidation(v: unknown): { X: MatrixLike; y: MatrixLike | VectorLike } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new OptionError(`${GRAD_NAME}: option 'validation' must be an object { X, y }`);
  for (const k of Object.keys(v)) {
    if (k !== 'X' && k !== 'y') throw new OptionError(`${GRAD_NAME}: option 'validation' has an unknown key '${k.length > 40 ? `${k.slice(0, 40)}…` : k}' (known: X, y)`);
  }
  const o = v as { X?: unknown; y?: unknown };
  if (o.X === undefined || o.y === undefined) throw new OptionError(`${GRAD_NAME}: option 'validation' needs both X and y`);
  return { X: o.X as MatrixLike, y: o.y as MatrixLike | VectorLike };
}


// ------------------------------------------------------------------ training

/** Owner of the training buffers: every block it hands out (n f64 slots) is freed by `release()` (in `finally`). */
interface Blocks {
  get(n: number): Block;
  release(): void;
}

function blocks(): Blocks {
  const all: Matrix[] = [];
  return {
    get(n: number) { const m = Matrix.empty(n, 1); all.push(m); return m.buf; },
    release() { for (const m of all) m.dispose(); },
  };
}

/** The network being trained: its shapes, slope and the scratch of the loss/gradient passes. */
interface Net {
  D: number; h: number; c: number; alpha: number;
  ws: ops.TwoLayerWorkspace;
}

/** The first `rows` rows of a row-batch buffer (ld = rows). */
function rowsOf(buf: Block, rows: number, cols: number): Mat {
  return { buf, rows, cols };
}

/** MSE of θ on all rows (chunked forward passes). */
function fullMse(net: Net, X: Matrix, Y: Matrix, theta: Block, chunk: number): number {
  const { D, c, alpha, ws } = net;
  const n = X.rows;
  let sse = 0;
  for (let r0 = 0; r0 < n; r0 += chunk) {
    const m = Math.min(chunk, n - r0);
    sse += ops.twoLayerSse(ws, alpha, ops.sub(X, r0, 0, m, D), ops.sub(Y, r0, 0, m, c), theta);
  }
  return sse / (n * c);
}

/** Full-batch loss and gradient (chunked through the buffers Xc, Yc; gradient accumulated over chunks). */
function fullLossGrad(net: Net, X: Matrix, Y: Matrix, theta: Block, grad: Block, chunk: number, Xc: Block, Yc: Block): number {
  const { D, c, alpha, ws } = net;
  const n = X.rows;
  const scale = 2 / (n * c);
  let sse = 0;
  for (let r0 = 0; r0 < n; r0 += chunk) {
    const m = Math.min(chunk, n - r0);
    const Xm = rowsOf(Xc, m, D), Ym = rowsOf(Yc, m, c);
    ops.copy(ops.sub(X, r0, 0, m, D), Xm);
    ops.copy(ops.sub(Y, r0, 0, m, c), Ym);
    sse += ops.twoLayerLossGrad(ws, alpha, Xm, Ym, theta, grad, scale, r0 > 0);
  }
  return sse / (n * c);
}

/**
 * The error of a diverged fit (the one policy of every iterative model, docs/models.md): the
 * training stops at the first non-finite loss and `fit` throws; the model keeps its previous state.
 */
function diverged(cfg: GradientNetwork, epoch: number, lr: number, loss: number, initial: boolean, weights = false): NonFiniteError {
  const fn = `${GRAD_NAME}.fit`;
  const what = weights ? 'the trained weights hold non-finite values' : `the training loss became ${loss}`;
  if (initial) {
    return new NonFiniteError(`${fn}: the training loss is ${loss} at the initial weights (epoch 1): the data's magnitude overflows f64; standardise X and centre Y (see StandardScaler, centerTargets)`);
  }
  if (cfg.optimizer === 'lbfgs') {
    return new NonFiniteError(`${fn}: ${what} in L-BFGS iteration ${epoch} (step length ${lr}): standardise X and centre Y, or use optimizer 'adam'`);
  }
  return new NonFiniteError(`${fn}: ${what} in epoch ${epoch}: optimizer '${cfg.optimizer}' diverged with learningRate ${lr}${lr !== cfg.learningRate ? ` (option learningRate ${cfg.learningRate})` : ''}; lower 'learningRate' (or standardise X and centre Y). The model keeps its previous state`);
}

function trainGradient(cfg: GradientNetwork, data: TwoLayerData, onEpoch?: (e: GradientEpoch) => void):
  { A: Matrix; theta: Matrix; history: GradientEpoch[] } {
  const { n, c } = data;
  const D = data.d + 1;
  const h = cfg.hidden;
  const nA = D * h;
  const nT = (h + 1) * c;
  const npar = nA + nT;
  const lbfgs = cfg.optimizer === 'lbfgs';
  const nb = Math.min(n, cfg.batchSize ?? (lbfgs ? n : 256));
  const chunk = Math.min(n, Math.max(nb, 4096));
  const rows = Math.max(nb, chunk);
  const buf = blocks();
  let ws: ops.TwoLayerWorkspace | null = null;
  let order: ops.RowIndex | null = null;
  const t0 = performance.now();
  const history: GradientEpoch[] = [];
  try {
    ws = ops.twoLayerWorkspace(rows, D, h, c);
    const net: Net = { D, h, c, alpha: cfg.alpha, ws };
    const theta = buf.get(npar);
    const grad = buf.get(npar);
    // initialisation (PyTorch nn.Linear: U(±1/√fan_in))
    const ra = 1 / Math.sqrt(D), rt = 1 / Math.sqrt(h);
    ops.random({ buf: theta, rows: nA, cols: 1 }, 'uniform', cfg.seed, STREAM_A, 0, -ra, ra);
    ops.random({ buf: theta, rows: nT, cols: 1, offset: nA }, 'uniform', cfg.seed, STREAM_THETA, 0, -rt, rt);
    const Xb = buf.get(rows * D);
    const Yb = buf.get(rows * c);
    const X = data.Xt;
    const Y = data.Y;
    const u = buf.get(n);
    const perm = new Int32Array(n);
    const idx = order = ops.rowIndex(n, n);
    const shuffle = (epoch: number): ops.RowIndex => {
      for (let i = 0; i < n; i++) perm[i] = i;
      ops.random({ buf: u, rows: n, cols: 1 }, 'uniform', cfg.seed, STREAM_SHUFFLE, epoch * n, 0, 1);
      const uv = u.f64(0, n);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.min(i, Math.floor(uv[i]! * (i + 1)));
        const t = perm[i]!; perm[i] = perm[j]!; perm[j] = t;
      }
      idx.set(perm);
      return idx;
    };
    const lrAt = (epoch: number) => cfg.learningRate * (cfg.schedule ? cfg.schedule.factor ** Math.floor(epoch / cfg.schedule.stepEvery) : 1);

    if (!lbfgs) {
      const m1 = buf.get(npar), m2 = buf.get(npar);
      ops.fill({ buf: m1, rows: npar, cols: 1 }, 0); ops.fill({ buf: m2, rows: npar, cols: 1 }, 0);
      let step = 0;
      for (let epoch = 0; epoch < cfg.epochs; epoch++) {
        const lr = lrAt(epoch);
        shuffle(epoch);
        for (let r0 = 0; r0 < n; r0 += nb) {
          const m = Math.min(nb, n - r0);
          const Xm = rowsOf(Xb, m, D), Ym = rowsOf(Yb, m, c);
          ops.gatherBatchRows(X, idx, Xm, r0);
          ops.gatherBatchRows(Y, idx, Ym, r0);
          const sse = ops.twoLayerLossGrad(ws, net.alpha, Xm, Ym, theta, grad, 2 / (m * c), false);
          if (!Number.isFinite(sse)) throw diverged(cfg, epoch + 1, lr, sse, step === 0);
          step++;
          if (cfg.optimizer === 'adam') ops.adamStep(theta, grad, m1, m2, lr, 0.9, 0.999, 1e-8, 1 - 0.9 ** step, 1 - 0.999 ** step, npar);
          else ops.momentumStep(theta, grad, m1, lr, cfg.momentum, npar);
        }
        const mse = fullMse(net, X, Y, theta, chunk);
        if (!Number.isFinite(mse)) throw diverged(cfg, epoch + 1, lr, mse, false);
        const entry = { epoch: epoch + 1, trainMse: mse, learningRate: lr, seconds: (performance.now() - t0) / 1000 };
        history.push(entry);
        onEpoch?.(entry);
      }
    } else {
      runLbfgs(cfg, net, X, Y, theta, grad, npar, nb, chunk, { Xb, Yb }, shuffle, history, t0, onEpoch, buf);
    }
    // a dead neuron can hold ±Infinity without making the training loss non-finite
    if (ops.firstNonFinite({ buf: theta, rows: npar, cols: 1 }) >= 0) throw diverged(cfg, history.length, lrAt(Math.max(0, history.length - 1)), Number.NaN, false, true);
    const A = Matrix.fromColumnMajor(theta.f64(0, nA).slice(), D, h);
    try {
      const thetaM = Matrix.fromColumnMajor(theta.f64(nA, nT).slice(), h + 1, c);
      return { A, theta: thetaM, history };
    } catch (err) {
      A.dispose();
      throw err;
    }
  } finally {
    ws?.dispose();
    order?.dispose();
    buf.release();
  }
}

/**
 * L-BFGS (Nocedal & Wright Alg. 7.4/7.5): two-loop recursion with H₀ = γI, γ = sᵀy/yᵀy; Armijo
 * backtracking (c₁ = 1e-4, halving, at most 40 trials) from t = 1 (first iteration
 * t = min(1, 1/‖g‖₁)); pairs with sᵀy ≤ 1e-10·‖s‖‖y‖ are skipped; the direction is reset to
 * −g when it is not a descent direction. One iteration per epoch on the full training set
 * (batchSize ≥ N) or on the first `batchSize` rows of that epoch's shuffle. The model with the
 * lowest full training MSE seen is returned (best-so-far, as in the paper's baseline).
 */
function runLbfgs(cfg: GradientNetwork, net: Net, X: Matrix, Y: Matrix, theta: Block, grad: Block, npar: number,
  nb: number, chunk: number, s: { Xb: Block; Yb: Block },
  shuffle: (epoch: number) => ops.RowIndex, history: GradientEpoch[], t0: number, onEpoch: ((e: GradientEpoch) => void) | undefined,
  buf: Blocks): void {
  const n = X.rows;
  const full = nb >= n;
  const Xc = buf.get(chunk * net.D), Yc = buf.get(chunk * net.c);
  const Xm = rowsOf(s.Xb, nb, net.D), Ym = rowsOf(s.Yb, nb, net.c);
  const evalAt = (th: Block, g: Block): number => {
    if (full) return fullLossGrad(net, X, Y, th, g, chunk, Xc, Yc);
    const sse = ops.twoLayerLossGrad(net.ws, net.alpha, Xm, Ym, th, g, 2 / (nb * net.c), false);
    return sse / (nb * net.c);
  };
  const read = (b: Block) => b.f64(0, npar).slice();
  const write = (b: Block, v: Float64Array) => b.f64(0, npar).set(v);
  const dot = (a: Float64Array, b: Float64Array) => { let t = 0; for (let i = 0; i < a.length; i++) t += a[i]! * b[i]!; return t; };
  const S: Float64Array[] = [], Yv: Float64Array[] = [], rho: number[] = [];
  const trial = buf.get(npar);
  const gtrial = buf.get(npar);
  let best = Infinity;
  let bestTheta = read(theta);
  let x = read(theta);
  let sampleEpoch = -1;
  const draw = (epoch: number) => {
    if (full || sampleEpoch === epoch) return;
    const idx = shuffle(epoch);
    ops.gatherBatchRows(X, idx, Xm);
    ops.gatherBatchRows(Y, idx, Ym);
    sampleEpoch = epoch;
  };
  draw(0);
  let f = evalAt(theta, grad);
  if (!Number.isFinite(f)) throw diverged(cfg, 1, 0, f, true);
  let g = read(grad);
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    if (!full && epoch > 0) {
      draw(epoch); f = evalAt(theta, grad); g = read(grad);
      if (!Number.isFinite(f)) throw diverged(cfg, epoch + 1, 0, f, false);
    }
    // two-loop recursion
    const q = Float64Array.from(g);
    const alphas = new Array<number>(S.length);
    for (let i = S.length - 1; i >= 0; i--) {
      const a = rho[i]! * dot(S[i]!, q);
      alphas[i] = a;
      const y = Yv[i]!;
      for (let t = 0; t < npar; t++) q[t] = q[t]! - a * y[t]!;
    }
    const gamma = S.length > 0 ? dot(S[S.length - 1]!, Yv[Yv.length - 1]!) / dot(Yv[Yv.length - 1]!, Yv[Yv.length - 1]!) : 1;
    for (let t = 0; t < npar; t++) q[t] = q[t]! * gamma;
    for (let i = 0; i < S.length; i++) {
      const b = rho[i]! * dot(Yv[i]!, q);
      const sv = S[i]!;
      for (let t = 0; t < npar; t++) q[t] = q[t]! + (alphas[i]! - b) * sv[t]!;
    }
    let dvec = q.map((v) => -v);
    let slope = dot(g, dvec);
    if (!(slope < 0)) { dvec = g.map((v) => -v); slope = -dot(g, g); S.length = 0; Yv.length = 0; rho.length = 0; }
    let gl1 = 0; for (let t = 0; t < npar; t++) gl1 += Math.abs(g[t]!);
    let step = S.length === 0 ? Math.min(1, 1 / Math.max(gl1, 1e-300)) : 1;
    let accepted = false;
    let fNew = f;
    let xNew = x;
    for (let ls = 0; ls < 40 && slope < 0; ls++) {
      xNew = x.map((v, t) => v + step * dvec[t]!);
      write(trial, xNew);
      fNew = evalAt(trial, gtrial);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) { accepted = true; break; }
      step *= 0.5;
    }
    if (accepted) {
      const gNew = read(gtrial);
      const sv = xNew.map((v, t) => v - x[t]!);
      const yv = gNew.map((v, t) => v - g[t]!);
      const sy = dot(sv, yv);
      if (sy > 1e-10 * Math.sqrt(dot(sv, sv) * dot(yv, yv))) {
        S.push(sv); Yv.push(yv); rho.push(1 / sy);
        if (S.length > cfg.historySize) { S.shift(); Yv.shift(); rho.shift(); }
      }
      x = xNew; f = fNew; g = gNew;
      write(theta, x);
    }
    const mse = full ? f : fullMse(net, X, Y, theta, chunk);
    if (!Number.isFinite(mse)) throw diverged(cfg, epoch + 1, accepted ? step : 0, mse, false);
    if (mse < best) { best = mse; bestTheta = Float64Array.from(x); }
    const entry = { epoch: epoch + 1, trainMse: mse, learningRate: accepted ? step : 0, seconds: (performance.now() - t0) / 1000 };
    history.push(entry);
    onEpoch?.(entry);
  }
  if (cfg.epochs > 0) write(theta, bestTheta);
}

/**
 * @internal MSE (mean over N·c entries) of the two-layer network and its gradient with respect
 * to A ((d+1)×h) and Θ = [B; b⁰] ((h+1)×c), on X without the ones column: the exact gradient
 * used by the optimizers (exposed for the finite-difference tests).
 */
export function twoLayerMseGradient(X: Matrix, Y: Matrix, A: Matrix, theta: Matrix, alpha: number):
  { mse: number; gradA: Float64Array; gradTheta: Float64Array } {
  const Xt = withOnes(X);
  const n = X.rows, D = X.cols + 1, h = A.cols, c = Y.cols;
  const nA = D * h, npar = nA + (h + 1) * c;
  const buf = blocks();
  let ws: ops.TwoLayerWorkspace | null = null;
  try {
    ws = ops.twoLayerWorkspace(n, D, h, c);
    const th = buf.get(npar), g = buf.get(npar);
    ops.copy(ops.reshape(A, nA, 1), { buf: th, rows: nA, cols: 1 });
    ops.copy(ops.reshape(theta, npar - nA, 1), { buf: th, rows: npar - nA, cols: 1, offset: nA });
    const sse = ops.twoLayerLossGrad(ws, alpha, Xt, Y, th, g, 2 / (n * c), false);
    return { mse: sse / (n * c), gradA: g.f64(0, nA).slice(), gradTheta: g.f64(nA, npar - nA).slice() };
  } finally {
    ws?.dispose();
    buf.release();
    Xt.dispose();
  }
}

// ------------------------------------------------------------------ ResNet architecture

/** Σ (f − y)² of the network (θ, W) over the rows of X, Y (chunks of the tape's rows; E: scratch of tape.rows × c). */
function resnetSse(tape: ops.ResNetTape, Eb: Block, X: Matrix, Y: Matrix, theta: Mat, W: Mat): number {
  const n = X.rows, c = Y.cols;
  const chunk = tape.rows;
  let sse = 0;
  for (let r0 = 0; r0 < n; r0 += chunk) {
    const m = Math.min(chunk, n - r0);
    ops.resnetForward(tape, ops.sub(X, r0, 0, m, X.cols), ops.col(theta, 0));
    sse += ops.resnetLinearOutput(tape, W, rowsOf(Eb, m, c), ops.sub(Y, r0, 0, m, c));
  }
  return sse;
}

/** [F(X, θ), 1]·W for the rows of X (N × c, a new Matrix), in chunks. */
function predictResNet(net: ResNet, X: Matrix, theta: Matrix, W: Matrix): Matrix {
  const n = X.rows, c = W.cols;
  const chunk = Math.min(n, 4096);
  let tape: ops.ResNetTape | null = null;
  const out = Matrix.empty(n, c);
  try {
    tape = ops.resnetTape(chunk, net.layout, c);
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const m = Math.min(chunk, n - r0);
      ops.resnetForward(tape, ops.sub(X, r0, 0, m, X.cols), ops.col(theta, 0));
      ops.resnetLinearOutput(tape, W, ops.sub(out, r0, 0, m, c));
    }
    return out;
  } catch (err) {
    out.dispose();
    throw err;
  } finally {
    tape?.dispose();
  }
}

/**
 * Adam on all weights of the ResNet + linear output (ALGORITHMS.md §9.6 baseline). Parameters
 * live in one vector [θ; vec W] (W (w+1) × c column-major, last row the bias), so that one
 * Adam kernel call updates both. Per batch k of {@link epochBatches}(seed, epoch, N, m):
 * loss (1/(2m))‖[U, 1]W − Y‖²_F + R(θ) (R the θ-regulariser with α = thetaRegularization),
 * its gradient by back-propagation, one standard Adam step (β₁ 0.9, β₂ 0.999, ε 1e-8, bias
 * correction by the step count). After every epoch: the training MSE (mean over N·c entries)
 * on all rows, and on the validation rows when given.
 */
function trainResNet(cfg: GradientNetwork, net: ResNet, data: RowData, val: RowData | null, onEpoch?: (e: GradientEpoch) => void):
  { theta: Matrix; W: Matrix; history: GradientEpoch[] } {
  const X = data.X, Y = data.Y;
  const n = X.rows, c = Y.cols, din = X.cols, wd = net.width, p = wd + 1;
  const np = net.parameterCount;
  const ntot = np + p * c;
  const bs = cfg.batchSize!;
  const alphaTh = cfg.thetaRegularization;
  const rows = Math.max(bs, Math.min(Math.max(n, val?.X.rows ?? 0), 4096));
  const buf = blocks();
  let tape: ops.ResNetTape | null = null;
  let order: ops.RowIndex | null = null;
  const t0 = performance.now();
  const history: GradientEpoch[] = [];
  try {
    tape = ops.resnetTape(rows, net.layout, c);
    const Eb = buf.get(rows * c);
    const params = buf.get(ntot), grad = buf.get(ntot), m1 = buf.get(ntot), m2 = buf.get(ntot);
    const theta: Mat = { buf: params, rows: np, cols: 1 };
    const W: Mat = { buf: params, rows: p, cols: c, offset: np };
    const gTheta: Mat = { buf: grad, rows: np, cols: 1 };
    const gW: Mat = { buf: grad, rows: p, cols: c, offset: np };
    {
      const init = resnetInit(cfg.seed, net.options, c, cfg.outputInit);
      try {
        ops.copy(init.theta, theta);
        ops.copy(init.W0, W);
      } finally {
        init.theta.dispose(); init.W0.dispose();
      }
    }
    ops.fill({ buf: m1, rows: ntot, cols: 1 }, 0); ops.fill({ buf: m2, rows: ntot, cols: 1 }, 0);
    const Xb = buf.get(bs * din), Yb = buf.get(bs * c), dU = buf.get(bs * wd);
    const Xm = rowsOf(Xb, bs, din), Ym = rowsOf(Yb, bs, c), E = rowsOf(Eb, bs, c), D = rowsOf(dU, bs, wd);
    const nBatch = Math.floor(n / bs);
    const idx = order = ops.rowIndex(nBatch * bs, n);
    const perm = new Int32Array(nBatch * bs);
    const lr = cfg.learningRate;
    let step = 0;
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      // the epoch's batches, one after the other, in one index block (one copy per epoch)
      epochBatches(cfg.seed, epoch, n, bs).forEach((b, k) => perm.set(b, k * bs));
      idx.set(perm);
      for (let k = 0; k < nBatch; k++) {
        ops.gatherBatchRows(X, idx, Xm, k * bs);
        ops.gatherBatchRows(Y, idx, Ym, k * bs);
        ops.resnetForward(tape, Xm, ops.col(theta, 0));
        // SSE, R = (E − Y)/m, ∂W = [U, 1]ᵀR, ∂U = R W_topᵀ
        const sse = ops.resnetLinearOutput(tape, W, E, Ym, 1 / bs, gW, D);
        if (!Number.isFinite(sse)) throw divergedResNet(cfg, epoch + 1, sse, step === 0);
        ops.resnetBackward(tape, ops.col(theta, 0), D, ops.col(gTheta, 0));
        if (alphaTh > 0) ops.resnetRegularizer(net.layout, alphaTh, ops.col(theta, 0), ops.col(gTheta, 0));
        step++;
        ops.adamStep(params, grad, m1, m2, lr, 0.9, 0.999, 1e-8, 1 - 0.9 ** step, 1 - 0.999 ** step, ntot);
      }
      const mse = resnetSse(tape, Eb, X, Y, theta, W) / (n * c);
      if (!Number.isFinite(mse)) throw divergedResNet(cfg, epoch + 1, mse, false);
      const entry: GradientEpoch = { epoch: epoch + 1, trainMse: mse, learningRate: lr, seconds: 0 };
      if (val) {
        const v = resnetSse(tape, Eb, val.X, val.Y, theta, W) / (val.X.rows * c);
        if (!Number.isFinite(v)) throw divergedResNet(cfg, epoch + 1, v, false);
        entry.validationMse = v;
      }
      entry.seconds = (performance.now() - t0) / 1000;
      history.push(entry);
      onEpoch?.(entry);
    }
    if (ops.firstNonFinite({ buf: params, rows: ntot, cols: 1 }) >= 0) throw divergedResNet(cfg, history.length, Number.NaN, false);
    const thetaM = Matrix.fromColumnMajor(params.f64(0, np).slice(), np, 1);
    try {
      return { theta: thetaM, W: Matrix.fromColumnMajor(params.f64(np, p * c).slice(), p, c), history };
    } catch (err) {
      thetaM.dispose();
      throw err;
    }
  } finally {
    tape?.dispose();
    order?.dispose();
    buf.release();
  }
}

/** The error of a diverged ResNet fit (the model keeps its previous state). */
function divergedResNet(cfg: GradientNetwork, epoch: number, loss: number, initial: boolean): NonFiniteError {
  const fn = `${GRAD_NAME}.fit`;
  if (initial) return new NonFiniteError(`${fn}: the training loss is ${loss} at the initial weights (epoch 1): the data's magnitude overflows f64; standardise X and centre Y (see StandardScaler, centerTargets)`);
  return new NonFiniteError(`${fn}: the training loss became ${loss} in epoch ${epoch}: Adam diverged with learningRate ${cfg.learningRate}; lower 'learningRate' (or standardise X and centre Y). The model keeps its previous state`);
}
