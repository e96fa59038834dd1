/**
 * slimTrain (ALGORITHMS.md §9.6, Algorithm 3.1 of Newman, Chung, Chung & Ruthotto): a separable
 * network `G(y) = W [F(y, θ); 1]` — a ResNet feature extractor F (§9.7) followed by a linear
 * output layer W with a bias row — trained by solving for W with the streaming Tikhonov solver
 * {@link SlimTik} (sampled GCV or a fixed regularisation increment, a memory of r past batches)
 * at EVERY training step, and updating θ by Adam with the gradient of the batch objective taken
 * at the NEW W_k.
 *
 * Per step k on batch T_k (m rows):
 * ```
 * Z_k = [F(X_k, θ_{k−1}), 1]                      (m × (w+1))
 * W_k = SlimTik.step(Z_k, C_k)                     (memory, Λ_k by sGCV or constant, S_k)
 * Φ_k(θ) = (1/(2m))‖[F(X_k, θ), 1] W_k − C_k‖²_F + R_α(θ)         (R_α: ResNet.regularizer)
 * θ_k = Adam(θ_{k−1}, ∇_θ Φ_k(θ_{k−1}))           (bias row of W_k not back-propagated)
 * ```
 * The network, its initialisation (θ₀, W₀ from `outputInit`) and the shuffled batches come from
 * the same functions as `GradientNetwork({ architecture: 'resnet' })`, so for a given seed both
 * start from the same θ₀, W₀ and see the same batches. Every matrix product runs in wasm
 * (ops.gemm, the ResNet forward/backward kernels, the SlimTik kernels); only O(1)-per-step
 * bookkeeping lives here.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { scope, untrack } from '../scope.js';
import { describe } from '../validate.js';
import { SlimTik } from '../solvers/slimtik.js';
import {
  Model, expectModelJSON, modelFromJSONOptions, opt, ownedMatrix, regressionTargets, resolveOptions,
  type CommonModelOptions, type OptionTable, type ProgressEvent,
} from './base.js';
import { RESNET_OPTIONS, ResNet, epochBatches, resnetInit, type OutputInit, type ResNetActivation, type ResNetLayout, type ResNetOptions } from './resnet.js';

/** Adam variants of {@link SlimTrainNetwork}: `'standard'` (step count in the bias correction, ε outside the root) or Meganet's (§9.6). */
export type SlimTrainAdam = 'standard' | 'meganet';

/** Validation data for the per-epoch validation loss of {@link SlimTrainNetwork}. */
export interface ValidationData {
  /** N_v × d inputs. */
  X: MatrixLike;
  /** N_v × t targets (or a vector for t = 1); the same shape as GradientNetwork's `validation`. */
  y: MatrixLike | VectorLike;
}

/** One entry of {@link SlimTrainNetwork.history} (one per epoch). */
export interface SlimTrainEpoch {
  /** 1-based epoch. */
  epoch: number;
  /** Training MSE (mean over all N·t entries) of the model after this epoch, on all training rows. */
  trainMse: number;
  /** Validation MSE after this epoch (absent without `validation`). */
  validationMse?: number;
  /** Λ_k of the last step of the epoch. */
  lambda: number;
  /** S_k = S₀ + Σ Λ_i after the last step of the epoch. */
  sumLambda: number;
  /**
   * Steps of the epoch at which no sGCV candidate was admissible (every candidate had
   * S + Λ ≤ 0 or n_eff − τ(Λ) ≤ 0; SlimTik then takes the most regularising one). 0 for a constant Λ.
   */
  infeasibleSteps: number;
  /** Seconds since the start of `fit`. */
  seconds: number;
}

/** Progress event of a {@link SlimTrainNetwork} fit: after every epoch, `loss` = training MSE. */
export interface SlimTrainProgress extends ProgressEvent, SlimTrainEpoch {
  stage: 'epoch';
  loss: number;
}

/** Options of {@link SlimTrainNetwork}. */
export interface SlimTrainNetworkOptions extends CommonModelOptions<SlimTrainProgress>, ResNetLayout {
  /** Epochs (default 20). */
  epochs?: number;
  /** Rows per batch n (default 5; at most the training rows). Each epoch uses ⌊N/n⌋ full batches of a fresh permutation, the remainder is dropped (as in the MATLAB code). */
  batchSize?: number;
  /** Adam learning rate γ for θ (default 1e-3; 0 freezes θ). */
  learningRate?: number;
  /** Adam variant (default 'standard'; 'meganet' reproduces the MATLAB code). */
  adam?: SlimTrainAdam;
  /** SlimTik memory depth r: past batches kept besides the current one (default 5). */
  memory?: number;
  /** 'sgcv' (default): Λ_k by sampled GCV on the candidate grid; a number Λ ≥ 0: Λ_k = Λ every step. */
  regularization?: 'sgcv' | number;
  /** S₀, the initial regularisation sum (default 1e-3). */
  sumLambda0?: number;
  /** W₀: 'normal' N(0,1) as in the paper, 'scaled' N(0, 1/p) (default), 'zeros'. */
  outputInit?: OutputInit;
  /** α of the θ-regulariser of §9.6, (α/2)‖θ_in‖² + (α/2)‖D_t θ_res‖² (default 0; the MATLAB scripts use 5e-6). */
  thetaRegularization?: number;
  /** Seed of θ₀, W₀ and the shuffling (default 1). */
  seed?: number;
  /** Data for `validationMse` in the history (not saved by toJSON). */
  validation?: ValidationData | null;
}

/** JSON form of a fitted {@link SlimTrainNetwork}. */
export interface SlimTrainNetworkJSON {
  type: 'SlimTrainNetwork';
  version: 1;
  options: Omit<SlimTrainNetworkOptions, 'onProgress' | 'validation'>;
  inputDim: number;
  outputDim: number;
  /** θ (parameterCount values, the ResNet's layout). */
  theta: number[];
  /** (w+1) × t column-major output weights (row w: bias). */
  W: number[];
  history: SlimTrainEpoch[];
}

type SlimTrainOptionValues = Required<Omit<SlimTrainNetworkOptions, 'onProgress' | 'validation'>> & { validation: ValidationData | null };

const NAME = 'SlimTrainNetwork';

/** The one declaration of SlimTrainNetwork's hyperparameters: defaults and validators. */
const OPTIONS: OptionTable<SlimTrainOptionValues> = {
  // the ResNet shape options: the same names, defaults and validators as ResNet and GradientNetwork('resnet')
  ...RESNET_OPTIONS,
  epochs: opt.int(20, 0, 1e7),
  batchSize: opt.int(5, 1, 2 ** 31 - 1),
  learningRate: opt.number(1e-3, 0, 1e6),
  adam: opt.enum<SlimTrainAdam>('standard', ['standard', 'meganet']),
  memory: opt.int(5, 0, 1e6),
  regularization: opt.custom<'sgcv' | number>('sgcv', (v, name, fn) => {
    if (v === 'sgcv') return v;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1e300) return v;
    throw new OptionError(`${fn}: option '${name}' must be 'sgcv' or a finite number ≥ 0 (a constant Λ), got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : describe(v)}`);
  }),
  sumLambda0: opt.number(1e-3, 0, 1e300),
  outputInit: opt.enum<OutputInit>('scaled', ['normal', 'scaled', 'zeros']),
  thetaRegularization: opt.number(0, 0, 1e300),
  seed: opt.seed(1),
  validation: opt.custom<ValidationData | null>(null, (v, name, fn) => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'object' || Array.isArray(v)) throw new OptionError(`${fn}: option '${name}' must be { X, Y } or null`);
    for (const k of Object.keys(v)) if (k !== 'X' && k !== 'y') throw new OptionError(`${fn}: option '${name}' has an unknown key '${k.length > 40 ? `${k.slice(0, 40)}…` : k}' (known: X, y)`);
    const o = v as Partial<ValidationData>;
    if (o.X === undefined || o.y === undefined) throw new OptionError(`${fn}: option '${name}' needs both X and y`);
    return { X: o.X, y: o.y };
  }),
};

/** Rows per forward pass when evaluating a whole data set (bounds the tape memory). */
const CHUNK = 4096;

/**
 * A separable ResNet trained by slimTrain (see the module comment): the linear output layer is
 * solved by {@link SlimTik} at every step, θ follows Adam.
 *
 * X is used as given (no ones column; standardise it yourself), Y (N × t or a vector) as given.
 * @example
 * const { Xtrain, Ytrain, Xvalidation, Yvalidation } = peaksDataset({ seed: 1 });
 * const net = new SlimTrainNetwork({ width: 8, depth: 8, memory: 5, epochs: 20,
 *   validation: { X: Xvalidation, y: Yvalidation } }).fit(Xtrain, Ytrain);
 * console.log(net.history.map((e) => e.validationMse));
 */
export class SlimTrainNetwork extends Model<SlimTrainProgress, SlimTrainEpoch> {
  /** ResNet width w. */
  readonly width: number;
  /** ResNet depth d. */
  readonly depth: number;
  /** Final time T. */
  readonly horizon: number;
  /** Activation. */
  readonly activation: ResNetActivation;
  /** Antisymmetric residual kernels. */
  readonly antisymmetric: boolean;
  /** Input-layer bias. */
  readonly inputBias: boolean;
  /** Residual-layer biases. */
  readonly layerBias: boolean;
  /** Epochs. */
  readonly epochs: number;
  /** Batch rows. */
  readonly batchSize: number;
  /** Adam learning rate. */
  readonly learningRate: number;
  /** Adam variant. */
  readonly adam: SlimTrainAdam;
  /** SlimTik memory depth r. */
  readonly memory: number;
  /** 'sgcv' or the constant Λ. */
  readonly regularization: 'sgcv' | number;
  /** S₀. */
  readonly sumLambda0: number;
  /** W₀ initialisation. */
  readonly outputInit: OutputInit;
  /** α of the θ-regulariser. */
  readonly thetaRegularization: number;
  /** Seed. */
  readonly seed: number;
  /** Validation data of the next fit (not saved). */
  readonly validation: ValidationData | null;
  /**
   * Λ_k and S_k of every step of the last fit (in step order; not saved by toJSON — the
   * per-epoch values are in {@link SlimTrainNetwork.history}).
   */
  regularizationPath: { lambda: number[]; sumLambda: number[] } = { lambda: [], sumLambda: [] };
  #theta: Matrix | null = null;
  #W: Matrix | null = null;
  #d = 0;

  constructor(options: SlimTrainNetworkOptions = {}) {
    const { values: v, onProgress } = resolveOptions(OPTIONS, options, NAME);
    super(NAME, onProgress);
    this.width = v.width; this.depth = v.depth; this.horizon = v.horizon; this.activation = v.activation;
    this.antisymmetric = v.antisymmetric; this.inputBias = v.inputBias; this.layerBias = v.layerBias; this.epochs = v.epochs; this.batchSize = v.batchSize;
    this.learningRate = v.learningRate; this.adam = v.adam; this.memory = v.memory; this.regularization = v.regularization;
    this.sumLambda0 = v.sumLambda0; this.outputInit = v.outputInit; this.thetaRegularization = v.thetaRegularization;
    this.seed = v.seed; this.validation = v.validation;
    if (v.regularization === 'sgcv' && !(v.sumLambda0 > 0)) throw new OptionError(`${NAME}: regularization 'sgcv' needs option 'sumLambda0' > 0 (the candidate grid is relative to S), got ${v.sumLambda0}`);
    if (v.regularization !== 'sgcv' && !(v.sumLambda0 + v.regularization > 0)) {
      throw new OptionError(`${NAME}: a constant regularization needs sumLambda0 + regularization > 0 (got ${v.sumLambda0} + ${v.regularization}): the first solve would be singular`);
    }
  }

  /** True once fitted (and not disposed). */
  get fitted(): boolean {
    return this.#theta !== null && !this.disposed;
  }

  /** The ResNet options of this model for `inputDim` inputs. */
  resnetOptions(inputDim: number): ResNetOptions {
    return {
      inputDim, width: this.width, depth: this.depth, horizon: this.horizon, activation: this.activation, antisymmetric: this.antisymmetric,
      inputBias: this.inputBias, layerBias: this.layerBias,
    };
  }

  /** Copies of the fitted parameters: θ (parameterCount × 1) and W ((w+1) × t, last row = bias). */
  get weights(): { theta: Matrix; W: Matrix } {
    this.assertFitted('weights');
    const theta = this.#theta!.clone();
    try { return { theta, W: this.#W!.clone() }; } catch (err) { theta.dispose(); throw err; }
  }

  /**
   * Trains on X (N × d) and Y (N × t, or a vector). Returns `this`. Refitting replaces the
   * previous weights; a diverged fit throws `NonFiniteError` and keeps them.
   */
  fit(X: MatrixLike, Y: MatrixLike | VectorLike): this {
    this.assertUsable();
    const fn = `${NAME}.fit`;
    const out = scope(() => {
      const Xm = checkedInputs(X, fn, 'X');
      const Ym = regressionTargets(Y, Xm.rows, fn);
      if (this.batchSize > Xm.rows) throw new OptionError(`${fn}: option 'batchSize' (${this.batchSize}) exceeds the ${Xm.rows} training rows (epochs use full batches only)`);
      let val: { X: Matrix; Y: Matrix } | null = null;
      if (this.validation) {
        const Xv = checkedInputs(this.validation.X, fn, 'validation.X');
        if (Xv.cols !== Xm.cols) throw new ShapeError(`${fn}: validation.X has ${Xv.cols} columns, X has ${Xm.cols}`);
        const Yv = regressionTargets(this.validation.y, Xv.rows, `${fn}: validation`);
        if (Yv.cols !== Ym.cols) throw new ShapeError(`${fn}: validation.y has ${Yv.cols} columns, Y has ${Ym.cols}`);
        val = { X: Xv, Y: Yv };
      }
      const res = trainSlim(this, Xm, Ym, val, (e) => this.progress({ ...e, stage: 'epoch', step: e.epoch, total: this.epochs, loss: e.trainMse }));
      return { ...res, d: Xm.cols };
    });
    const { theta, W, history, path, d } = out;
    untrack(theta); untrack(W);
    this.#theta?.dispose(); this.#W?.dispose();
    this.#theta = theta; this.#W = W; this.#d = d;
    this.history = history;
    this.regularizationPath = path;
    return this;
  }

  /** Predictions [F(X, θ), 1]·W: N × t (see {@link Model.predict}). */
  protected predictMatrix(X: MatrixLike): Matrix {
    this.assertFitted('predict');
    const fn = `${NAME}.predict`;
    return scope(() => {
      const Xm = checkedInputs(X, fn, 'X');
      if (Xm.cols !== this.#d) throw new ShapeError(`${fn}: X has ${Xm.cols} columns, the model was fitted on ${this.#d}`);
      const net = new ResNet(this.resnetOptions(this.#d));
      return outputsOf(net, this.#theta!, this.#W!, Xm);
    });
  }

  /** Plain JSON object (θ, W column-major, options without `validation`, history). */
  toJSON(): SlimTrainNetworkJSON {
    this.assertFitted('toJSON');
    return {
      type: 'SlimTrainNetwork', version: 1,
      options: {
        width: this.width, depth: this.depth, horizon: this.horizon, activation: this.activation, antisymmetric: this.antisymmetric,
        inputBias: this.inputBias, layerBias: this.layerBias, epochs: this.epochs, batchSize: this.batchSize, learningRate: this.learningRate, adam: this.adam,
        memory: this.memory, regularization: this.regularization, sumLambda0: this.sumLambda0, outputInit: this.outputInit,
        thetaRegularization: this.thetaRegularization, seed: this.seed,
      },
      inputDim: this.#d, outputDim: this.#W!.cols,
      theta: [...this.#theta!.toColumnMajor()], W: [...this.#W!.toColumnMajor()],
      history: this.history.map((e) => ({ ...e })),
    };
  }

  /**
   * Restores a network saved with {@link SlimTrainNetwork.toJSON}. Checked strictly (types,
   * ranges, finiteness, lengths, no unknown fields): a tampered file raises an
   * `InvalidInputError` naming the field.
   */
  static fromJSON(obj: SlimTrainNetworkJSON | unknown): SlimTrainNetwork {
    const fn = `${NAME}.fromJSON`;
    const f = expectModelJSON(obj, fn, { type: NAME, version: 1 }, { required: ['options', 'inputDim', 'outputDim', 'theta', 'W', 'history'] });
    const { validation: _v, ...saved } = OPTIONS;
    void _v;
    const net = modelFromJSONOptions(f, 'options', saved as OptionTable<unknown>, (o) => new SlimTrainNetwork(o as SlimTrainNetworkOptions));
    try {
      const d = f.int('inputDim', 1, 1 << 24);
      const t = f.int('outputDim', 1, 1 << 24);
      const P = new ResNet(net.resnetOptions(d)).parameterCount;
      const theta = f.finiteArray('theta', P);
      const W = f.finiteArray('W', (net.width + 1) * t);
      const history = f.objects('history', net.epochs, { required: ['epoch', 'trainMse', 'lambda', 'sumLambda', 'infeasibleSteps', 'seconds'], optional: ['validationMse'] })
        .map((e, i): SlimTrainEpoch => {
          const entry: SlimTrainEpoch = {
            epoch: e.int('epoch', i + 1, i + 1), trainMse: e.number('trainMse', 0),
            lambda: e.number('lambda'), sumLambda: e.number('sumLambda', 0), infeasibleSteps: e.int('infeasibleSteps', 0, 2 ** 31 - 1), seconds: e.number('seconds', 0),
          };
          if (e.has('validationMse')) entry.validationMse = e.number('validationMse', 0);
          return entry;
        });
      net.#theta = ownedMatrix(theta, P, 1);
      net.#W = ownedMatrix(W, net.width + 1, t);
      net.#d = d;
      net.history = history;
      return net;
    } catch (err) {
      net.dispose();
      throw err;
    }
  }

  protected release(): void {
    this.#theta?.dispose(); this.#W?.dispose();
    this.#theta = null; this.#W = null;
  }
}

// ------------------------------------------------------------------ helpers

/** X as a checked, finite, non-empty Matrix (created in the caller's scope when converted). */
function checkedInputs(X: MatrixLike, fn: string, what: string): Matrix {
  const Xm = Matrix.from(X, `${fn}: ${what}`);
  if (Xm.rows === 0 || Xm.cols === 0) throw new InvalidInputError(`${fn}: ${what} is empty (${Xm.rows}×${Xm.cols}); need at least one sample and one feature`);
  Xm.assertFinite(`${fn}: ${what}`);
  return Xm;
}

/** @internal [U, 1]: the features with the ones column of the output bias (m × (w+1)). */
export function withOnesColumn(U: Matrix): Matrix {
  const Z = Matrix.empty(U.rows, U.cols + 1);
  ops.copy(U, ops.sub(Z, 0, 0, U.rows, U.cols));
  ops.fill(ops.sub(Z, 0, U.cols, U.rows, 1), 1);
  return Z;
}

/** [F(X, θ), 1]·W for all rows of X, in chunks (N × t, created in the caller's scope). */
function outputsOf(net: ResNet, theta: Matrix, W: Matrix, X: Matrix): Matrix {
  const n = X.rows, t = W.cols;
  const out = Matrix.empty(n, t);
  for (let r0 = 0; r0 < n; r0 += CHUNK) {
    const m = Math.min(CHUNK, n - r0);
    scope(() => {
      const Xc = X.rowRange(r0, r0 + m);
      const { features, tape } = net.forward(theta, Xc);
      tape.dispose();
      const Z = withOnesColumn(features);
      ops.gemm(0, 0, 1, Z, W, 0, ops.sub(out, r0, 0, m, t));
    });
  }
  return out;
}

/** Mean squared error over all N·t entries of [F(X, θ), 1]·W − Y. */
function mseOf(net: ResNet, theta: Matrix, W: Matrix, X: Matrix, Y: Matrix): number {
  return scope(() => {
    const P = outputsOf(net, theta, W, X);
    return ops.sumSquaredDiff(P, Y) / (Y.rows * Y.cols);
  });
}

/**
 * @internal The batch objective of slimTrain at fixed output weights W ((w+1) × t) and its
 * gradient with respect to θ, from a forward pass's tape:
 * `Φ(θ) = (1/(2m))‖[F(X, θ), 1]W − C‖²_F + R_α(θ)` and
 * `∇Φ = J_Fᵀ[(1/m)(ZW − C) W[0:w, :]ᵀ] + ∇R_α` (the bias row of W does not reach θ), with
 * R_α = {@link ResNet.regularizer}(θ, α) = (α/2)‖θ_in‖² + (α/2)‖D_t θ_res‖² (§9.6).
 * `Z` = [features, 1] of the same forward pass. The gradient is a new parameterCount × 1 Matrix.
 */
export function batchObjective(net: ResNet, theta: Matrix, tape: ReturnType<ResNet['forward']>['tape'], Z: Matrix, C: Matrix, W: Matrix, alpha: number):
  { value: number; gradient: Matrix } {
  const m = Z.rows, t = C.cols, w = Z.cols - 1;
  return scope(() => {
    const R = C.clone();
    ops.gemm(0, 0, 1, Z, W, -1, R); // R = ZW − C
    const rn = ops.nrm2(ops.col(ops.reshape(R, m * t, 1), 0));
    const sse = rn * rn;
    const dU = Matrix.empty(m, w);
    ops.gemm(0, 1, 1 / m, R, ops.sub(W, 0, 0, w, t), 0, dU);
    const gradient = net.backward(theta, tape, dU);
    let value = sse / (2 * m);
    if (alpha > 0) {
      const reg = net.regularizer(theta, alpha);
      value += reg.value;
      ops.axpy(1, ops.col(reg.gradient, 0), ops.col(gradient, 0));
    }
    return { value, gradient };
  });
}

/**
 * @internal The batch objective and gradient at (θ, W) for raw inputs X (a forward pass
 * included): what the finite-difference test differentiates.
 */
export function slimTrainBatchObjective(net: ResNet, theta: Matrix, X: Matrix, C: Matrix, W: Matrix, alpha: number): { value: number; gradient: Matrix } {
  return scope(() => {
    const { features, tape } = net.forward(theta, X);
    try {
      const Z = withOnesColumn(features);
      return batchObjective(net, theta, tape, Z, C, W, alpha);
    } finally { tape.dispose(); }
  });
}

function diverged(cfg: SlimTrainNetwork, epoch: number, what: string): NonFiniteError {
  return new NonFiniteError(`${NAME}.fit: ${what} in epoch ${epoch} (learningRate ${cfg.learningRate}, regularization ${cfg.regularization}): lower 'learningRate', or standardise X and scale Y. The model keeps its previous state`);
}

interface TrainResult {
  theta: Matrix;
  W: Matrix;
  history: SlimTrainEpoch[];
  path: { lambda: number[]; sumLambda: number[] };
}

/** Algorithm 3.1 (see the module comment). Returns θ and W in the caller's scope. */
function trainSlim(cfg: SlimTrainNetwork, X: Matrix, Y: Matrix, val: { X: Matrix; Y: Matrix } | null,
  onEpoch: (e: SlimTrainEpoch) => void): TrainResult {
  const n = X.rows, d = X.cols, t = Y.cols;
  const ropts = cfg.resnetOptions(d);
  const net = new ResNet(ropts);
  const P = net.parameterCount;
  const { theta, W0 } = resnetInit(cfg.seed, ropts, t, cfg.outputInit);
  let tik: SlimTik | null = null;
  const t0 = performance.now();
  const history: SlimTrainEpoch[] = [];
  const path = { lambda: [] as number[], sumLambda: [] as number[] };
  try {
    tik = new SlimTik({ memory: cfg.memory, regularization: cfg.regularization, sumLambda0: cfg.sumLambda0, weights: W0 });
    const th = ops.col(theta, 0);
    const m1 = Matrix.zeros(P, 1), m2 = Matrix.zeros(P, 1);
    const nb = cfg.batchSize;
    const meganet = cfg.adam === 'meganet';
    // the batch buffers, reused by every step (all batches have nb rows); Z's ones column is set once
    const Xb = Matrix.empty(nb, d), Cb = Matrix.empty(nb, t), Z = Matrix.empty(nb, cfg.width + 1);
    ops.fill(ops.sub(Z, 0, cfg.width, nb, 1), 1);
    let step = 0;
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const batches = epochBatches(cfg.seed, epoch, n, nb);
      let infeasible = 0;
      for (const idx of batches) {
        scope(() => {
          ops.gatherBatchRows(X, idx, Xb);
          ops.gatherBatchRows(Y, idx, Cb);
          const { features, tape } = net.forward(theta, Xb);
          try {
            ops.copy(features, ops.sub(Z, 0, 0, nb, cfg.width));
            const r = tik!.step(Z, Cb);
            if (r.sgcv !== undefined && Number.isNaN(r.sgcv)) infeasible++;
            path.lambda.push(r.lambda); path.sumLambda.push(r.sumLambda);
            // the θ gradient at the NEW W_k (Algorithm 3.1)
            const { value, gradient } = batchObjective(net, theta, tape, Z, Cb, tik!.weights, cfg.thetaRegularization);
            if (!Number.isFinite(value)) throw diverged(cfg, epoch + 1, `the batch loss became ${value}`);
            step++;
            const g = ops.col(gradient, 0), v1 = ops.col(m1, 0), v2 = ops.col(m2, 0);
            if (meganet) {
              const e = epoch + 1;
              ops.adamStepMeganet(th, g, v1, v2, cfg.learningRate, 0.9, 0.999, 1e-8, 1 - 0.9 ** e, 1 - 0.999 ** e, P);
            } else {
              ops.adamStep(th, g, v1, v2, cfg.learningRate, 0.9, 0.999, 1e-8, 1 - 0.9 ** step, 1 - 0.999 ** step, P);
            }
          } finally { tape.dispose(); }
        });
      }
      const entry = scope((): SlimTrainEpoch => {
        const W = tik!.weights;
        const trainMse = mseOf(net, theta, W, X, Y);
        if (!Number.isFinite(trainMse)) throw diverged(cfg, epoch + 1, `the training MSE became ${trainMse}`);
        const e: SlimTrainEpoch = {
          epoch: epoch + 1, trainMse, lambda: path.lambda.at(-1) ?? 0, sumLambda: path.sumLambda.at(-1) ?? tik!.sumLambda,
          infeasibleSteps: infeasible, seconds: 0,
        };
        if (val) e.validationMse = mseOf(net, theta, W, val.X, val.Y);
        e.seconds = (performance.now() - t0) / 1000;
        return e;
      });
      history.push(entry);
      onEpoch(entry);
    }
    const W = tik.weights;
    if (ops.firstNonFinite(theta) >= 0 || ops.firstNonFinite(W) >= 0) {
      W.dispose();
      throw diverged(cfg, history.length, 'the trained weights hold non-finite values');
    }
    return { theta, W, history, path };
  } catch (err) {
    theta.dispose();
    throw err;
  } finally {
    W0.dispose();
    tik?.dispose();
  }
}
