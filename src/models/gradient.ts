/**
 * Gradient-trained baselines for the two-layer (leaky-)ReLU network of ANMIN
 * (ALGORITHMS.md §7.1, §7.6): `f(x) = σ_α(x̃ᵀA) B + b⁰` with `x̃ = (1, xᵀ)ᵀ` (the first layer has
 * no separate bias: the ones column provides it), trained by backpropagation with SGD
 * (optionally with momentum), Adam or L-BFGS on the MSE loss (mean over all N·c entries, §0.3).
 * All matrix products run through the wasm GEMM; the elementwise steps (ReLU-derivative mask,
 * Adam/momentum updates, bias gradients, row gathers) are wasm kernels of assembly/anmin.ts.
 *
 * This module also holds the internal helpers shared with {@link AnminNetwork} (input
 * preparation, prediction of the two-layer model, JSON checks).
 * @module
 */
import { alloc, f64, free, wasm, type Ptr } from '../../bindings/index.js';
import { InvalidInputError, OptionError, ShapeError } from '../errors.js';
import { featuresUnchecked as features } from '../features.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { untrack } from '../scope.js';
import { checkOptions, intOption, numberOption } from '../validate.js';
import { Model, expectModelJSON, matrixFromJSON, modelFromJSONOptions, opt, resolveOptions, type CommonModelOptions, type OptionTable, type ProgressEvent } from './base.js';

// ------------------------------------------------------------------ shared two-layer helpers

/** @internal Training data prepared for a two-layer model: X̃ = [1, X] and Y as matrices. */
export interface TwoLayerData {
  /** N × (d+1), first column ones. Owned. */
  Xt: Matrix;
  /** N × c targets (owned only when converted). */
  Y: Matrix;
  ownsY: boolean;
  n: number;
  d: number;
  c: number;
  dispose(): void;
}

/** @internal [1, X] as a new N × (d+1) matrix. */
export function withOnes(X: Matrix): Matrix {
  const out = new Matrix(X.rows, X.cols + 1);
  const k = wasm();
  if (X.rows > 0) {
    k.dfill(X.rows, 1, 1, out.ptr, X.rows);
    if (X.cols > 0) k.dlacpy(X.rows, X.cols, X.ptr, X.rows, out.ptr + X.rows * 8, X.rows);
  }
  return out;
}

function isVectorLike(y: unknown): y is VectorLike {
  return y instanceof Float64Array || (Array.isArray(y) && (y.length === 0 || typeof y[0] === 'number'));
}

/** @internal Validates X (N×d, no ones column) and Y (N×c or a vector) and builds X̃ = [1, X]. */
export function prepareData(X: MatrixLike, Y: MatrixLike | VectorLike, fn: string): TwoLayerData {
  const Xm = Matrix.from(X, `${fn}: X`);
  const ownsX = !(X instanceof Matrix);
  let Ym: Matrix | null = null;
  let ownsY = false;
  try {
    if (Xm.rows === 0 || Xm.cols === 0) throw new InvalidInputError(`${fn}: X is empty (${Xm.rows}×${Xm.cols}); need at least one sample and one feature`);
    Xm.assertFinite(`${fn}: X`);
    if (isVectorLike(Y)) {
      Ym = Matrix.fromVector(Y);
      ownsY = true;
    } else {
      Ym = Matrix.from(Y, `${fn}: Y`);
      ownsY = !(Y instanceof Matrix);
    }
    if (Ym.rows !== Xm.rows) throw new ShapeError(`${fn}: X has ${Xm.rows} rows but Y has ${Ym.rows}`);
    if (Ym.cols === 0) throw new InvalidInputError(`${fn}: Y has no columns`);
    Ym.assertFinite(`${fn}: Y`);
    const Xt = withOnes(Xm);
    const Yf = Ym;
    return {
      Xt, Y: Yf, ownsY, n: Xm.rows, d: Xm.cols, c: Yf.cols,
      dispose() { Xt.dispose(); if (ownsY) Yf.dispose(); },
    };
  } catch (err) {
    if (ownsY && Ym) Ym.dispose();
    throw err;
  } finally {
    if (ownsX) Xm.dispose();
  }
}

/** @internal Validates the X of `predict` (N × d) and builds [1, X]. */
export function preparePredictX(X: MatrixLike, d: number, fn: string): Matrix {
  const Xm = Matrix.from(X, `${fn}: X`);
  const owns = !(X instanceof Matrix);
  try {
    if (Xm.cols !== d) throw new ShapeError(`${fn}: X has ${Xm.cols} columns but the model was fitted on ${d}`);
    Xm.assertFinite(`${fn}: X`);
    return withOnes(Xm);
  } finally {
    if (owns) Xm.dispose();
  }
}

/** @internal σ_α(X̃A) with a trailing ones column, times Θ = [B; b⁰]: N × c. Rows in chunks. */
export function predictTwoLayer(Xt: Matrix, A: Matrix, alpha: number, theta: Matrix): Matrix {
  const n = Xt.rows;
  const h = A.cols;
  const c = theta.cols;
  const out = new Matrix(n, c);
  const chunk = Math.max(1, Math.min(n, 8192));
  const S = new Matrix(chunk, h + 1);
  const act = alpha === 0 ? 'relu' : 'leaky-relu';
  try {
    for (let r0 = 0; r0 < n; r0 += chunk) {
      const r1 = Math.min(n, r0 + chunk);
      const m = r1 - r0;
      const Sm = m === chunk ? S : new Matrix(m, h + 1);
      try {
        features(Xt, A, null, { activation: act, alpha, rowStart: r0, rowEnd: r1, ones: true, out: Sm });
        gemmRaw(0, 0, m, c, h + 1, 1, Sm.ptr, m, theta.ptr, h + 1, 0, out.ptr + r0 * 8, n);
      } finally {
        if (Sm !== S) Sm.dispose();
      }
    }
    return out;
  } catch (err) {
    out.dispose();
    throw err;
  } finally {
    S.dispose();
  }
}

/** @internal C = α·op(A)·op(B) + β·C on raw pointers, with a GEMM workspace (given or allocated). */
export function gemmRaw(ta: number, tb: number, m: number, n: number, kk: number, alpha: number,
  a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work?: Ptr): void {
  if (m === 0 || n === 0) return;
  const k = wasm();
  if (kk === 0) {
    if (beta === 0) k.dfill(m, n, 0, c, ldc);
    else k.dgeadd(m, n, beta, c, ldc, 0, c, ldc, c, ldc);
    return;
  }
  if (work !== undefined) {
    k.dgemm(ta, tb, m, n, kk, alpha, a, Math.max(lda, 1), b, Math.max(ldb, 1), beta, c, Math.max(ldc, 1), work);
    return;
  }
  const bytes = k.dgemmWorkspaceSize(m, n, kk);
  const w = alloc(bytes);
  try {
    k.dgemm(ta, tb, m, n, kk, alpha, a, Math.max(lda, 1), b, Math.max(ldb, 1), beta, c, Math.max(ldc, 1), w);
  } finally {
    free(w);
  }
}

/** @internal Checks a JSON numeric array. */
export function jsonArray(v: unknown, len: number, what: string, fn: string): Float64Array {
  if (!Array.isArray(v) || v.length !== len || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new InvalidInputError(`${fn}: ${what} must be an array of ${len} finite numbers`);
  }
  return Float64Array.from(v as number[]);
}

/**
 * @internal Predictions σ_α([1, X]A)B + 1b⁰ᵀ of a fitted two-layer network (AnminNetwork,
 * GradientNetwork) for raw inputs X, checked against the input dimension d.
 */
export function predictFromWeights(X: MatrixLike, d: number, A: Matrix, alpha: number, theta: Matrix, fn: string): Matrix {
  const Xt = preparePredictX(X, d, fn);
  try {
    return predictTwoLayer(Xt, A, alpha, theta);
  } finally {
    Xt.dispose();
  }
}

/** @internal Copies of two-layer weights: A ((d+1) × h), B (h × c) and b⁰ (row h of θ). */
export function copyWeights(A: Matrix, theta: Matrix, h: number): { A: Matrix; B: Matrix; b0: Float64Array } {
  return { A: A.clone(), B: theta.block(0, 0, h, theta.cols), b0: theta.row(h) };
}

/**
 * @internal Two-layer weights from a saved JSON object (inputDim, outputDim, A and θ column-major),
 * validated against the hidden width h.
 */
export function weightsFromJSON(obj: { inputDim: unknown; outputDim: unknown; A: unknown; theta: unknown }, h: number, fn: string):
  { A: Matrix; theta: Matrix; d: number } {
  const d = intOption(obj.inputDim, 'inputDim', fn, 1, 2 ** 31 - 1);
  const c = intOption(obj.outputDim, 'outputDim', fn, 1, 2 ** 31 - 1);
  const a = jsonArray(obj.A, (d + 1) * h, 'A', fn);
  const t = jsonArray(obj.theta, (h + 1) * c, 'theta', fn);
  const A = Matrix.fromColumnMajor(a, d + 1, h);
  const theta = Matrix.fromColumnMajor(t, h + 1, c);
  return { A, theta, d };
}

// ------------------------------------------------------------------ GradientNetwork

/** Optimizers of {@link GradientNetwork}. */
export type GradientOptimizer = 'adam' | 'sgd' | 'lbfgs';

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

/** Options of {@link GradientNetwork}. */
export interface GradientNetworkOptions extends CommonModelOptions<GradientProgress> {
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
}

/** JSON form of a fitted {@link GradientNetwork}. */
export interface GradientNetworkJSON {
  type: 'GradientNetwork';
  version: 1;
  options: Omit<GradientNetworkOptions, 'onProgress'>;
  inputDim: number;
  outputDim: number;
  /** (d+1) × h column-major first-layer weights (row 0: biases). */
  A: number[];
  /** (h+1) × c column-major output weights (rows 0..h−1: B, row h: b⁰). */
  theta: number[];
  history: GradientEpoch[];
}

type GradientOptionValues = Required<Omit<GradientNetworkOptions, 'onProgress' | 'batchSize'>> & { batchSize: number | undefined };

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
    checkOptions(sch, ['stepEvery', 'factor'], `${fn} schedule`);
    const o = sch as Partial<StepSchedule>;
    return { stepEvery: intOption(o.stepEvery ?? 100, 'schedule.stepEvery', fn, 1, 1e9), factor: numberOption(o.factor ?? 0.1, 'schedule.factor', fn, 0, 1, false) };
  }),
  batchSize: opt.optionalInt(1, 2 ** 31 - 1),
  momentum: opt.number(0, 0, 1, true, true),
  historySize: opt.int(10, 1, 1000),
  seed: opt.seed(1),
};
const GRAD_NAME = 'GradientNetwork';

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
  #A: Matrix | null = null;
  #theta: Matrix | null = null;
  #d = 0;

  constructor(options: GradientNetworkOptions = {}) {
    const { values: v, onProgress } = resolveOptions(GRAD_OPTIONS, options, GRAD_NAME);
    super(GRAD_NAME, onProgress);
    this.hidden = v.hidden; this.alpha = v.alpha; this.optimizer = v.optimizer; this.epochs = v.epochs; this.learningRate = v.learningRate;
    this.schedule = v.schedule; this.batchSize = v.batchSize; this.momentum = v.momentum; this.historySize = v.historySize; this.seed = v.seed;
  }

  /** True once fitted (and not disposed). */
  get fitted(): boolean {
    return this.#A !== null && !this.disposed;
  }

  /** Copies of the weights: A ((d+1) × h, row 0 = hidden biases), B (h × c), b⁰ (length c). */
  get weights(): { A: Matrix; B: Matrix; b0: Float64Array } {
    const { A, theta } = this.#state('weights');
    return copyWeights(A, theta, this.hidden);
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

  /** Predictions σ_α([1, X]A)B + 1b⁰ᵀ: N × c (see {@link Model.predict}). */
  protected predictMatrix(X: MatrixLike): Matrix {
    const { A, theta } = this.#state('predict');
    return predictFromWeights(X, this.#d, A, this.alpha, theta, 'GradientNetwork.predict');
  }

  /** Plain JSON object (weights column-major, options, history). */
  toJSON(): GradientNetworkJSON {
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
    const f = expectModelJSON(obj, fn, { type: 'GradientNetwork', version: 1 }, { required: ['options', 'inputDim', 'outputDim', 'A', 'theta', 'history'] });
    const net = modelFromJSONOptions(f, 'options', GRAD_OPTIONS, (o) => new GradientNetwork(o as GradientNetworkOptions));
    let A: Matrix | null = null;
    try {
      const d = f.int('inputDim', 1, 2 ** 31 - 1);
      const c = f.int('outputDim', 1, 2 ** 31 - 1);
      const history = f.objects('history', undefined, { required: ['epoch', 'trainMse', 'learningRate', 'seconds'] })
        .map((e, i): GradientEpoch => ({
          epoch: e.int('epoch', i + 1, i + 1), trainMse: e.numberOrNull('trainMse', Number.NaN, 0),
          learningRate: e.number('learningRate', 0), seconds: e.number('seconds', 0),
        }));
      A = matrixFromJSON(f, 'A', d + 1, net.hidden);
      net.#theta = matrixFromJSON(f, 'theta', net.hidden + 1, c);
      net.#A = A; net.#d = d;
      net.history = history;
      return net;
    } catch (err) {
      if (!net.#A) A?.dispose();
      net.dispose();
      throw err;
    }
  }

  protected release(): void {
    this.#A?.dispose(); this.#theta?.dispose();
    this.#A = null; this.#theta = null;
  }
}

// ------------------------------------------------------------------ training

interface Buffers {
  /** Everything allocated, freed at the end. */
  ptrs: Ptr[];
  get(bytes: number): Ptr;
}

function buffers(): Buffers {
  const ptrs: Ptr[] = [];
  return { ptrs, get(bytes: number) { const p = alloc(Math.max(bytes, 16)); ptrs.push(p); return p; } };
}

/** Shapes of the network being trained and the shared GEMM workspace. */
interface Net {
  D: number; h: number; c: number; alpha: number;
  work: Ptr;
}

/**
 * Sum of squared errors on rows given as pointers (Xb: m × D, Yb: m × c, ld m) and the gradient
 * of scale/2·SSE w.r.t. θ = [vec(A); vec(Θ)] (scale = 2/(N·c) gives the MSE gradient). Scratch
 * P (m×h), S (m×(h+1)), E (m×c). grad is overwritten, or added to when `accumulate`.
 */
function lossGrad(net: Net, m: number, Xb: Ptr, Yb: Ptr, theta: Ptr, grad: Ptr, P: Ptr, S: Ptr, E: Ptr,
  scale: number, accumulate: boolean): number {
  const k = wasm();
  const { D, h, c, alpha, work } = net;
  const A = theta;
  const T = theta + D * h * 8;
  const gA = grad;
  const gT = grad + D * h * 8;
  // forward
  gemmRaw(0, 0, m, h, D, 1, Xb, m, A, D, 0, P, m, work);
  k.dleakyReluBias(m, h, alpha, P, m, 0, S, m);
  k.dfill(m, 1, 1, S + m * h * 8, m);
  gemmRaw(0, 0, m, c, h + 1, 1, S, m, T, h + 1, 0, E, m, work);
  const sse = k.anminSse(m, c, E, m, Yb, m);
  // E ← scale·(out − Y), scale = 2/(N·c)
  k.dgeadd(m, c, scale, E, m, -scale, Yb, m, E, m);
  const beta = accumulate ? 1 : 0;
  gemmRaw(1, 0, h + 1, c, m, 1, S, m, E, m, beta, gT, h + 1, work);
  // dS = E Bᵀ (reuse S's first h columns: S no longer needed)
  gemmRaw(0, 1, m, h, c, 1, E, m, T, h + 1, 0, S, m, work);
  k.anminReluBackward(m, h, alpha, P, m, S, m);
  gemmRaw(1, 0, D, h, m, 1, Xb, m, S, m, beta, gA, D, work);
  return sse;
}

/** MSE of θ on all rows (chunked forward passes). */
function fullMse(net: Net, n: number, X: Ptr, Y: Ptr, theta: Ptr, chunk: number, P: Ptr, S: Ptr, E: Ptr): number {
  const k = wasm();
  const { D, h, c, alpha, work } = net;
  let sse = 0;
  for (let r0 = 0; r0 < n; r0 += chunk) {
    const m = Math.min(chunk, n - r0);
    gemmRaw(0, 0, m, h, D, 1, X + r0 * 8, n, theta, D, 0, P, m, work);
    k.dleakyReluBias(m, h, alpha, P, m, 0, S, m);
    k.dfill(m, 1, 1, S + m * h * 8, m);
    gemmRaw(0, 0, m, c, h + 1, 1, S, m, theta + D * h * 8, h + 1, 0, E, m, work);
    sse += k.anminSse(m, c, E, m, Y + r0 * 8, n);
  }
  return sse / (n * c);
}

/** Full-batch loss and gradient (chunked; gradient accumulated over chunks). */
function fullLossGrad(net: Net, n: number, X: Ptr, Y: Ptr, theta: Ptr, grad: Ptr, chunk: number,
  P: Ptr, S: Ptr, E: Ptr, Xc: Ptr, Yc: Ptr): number {
  const k = wasm();
  const scale = 2 / (n * net.c);
  let sse = 0;
  for (let r0 = 0; r0 < n; r0 += chunk) {
    const m = Math.min(chunk, n - r0);
    k.dlacpy(m, net.D, X + r0 * 8, n, Xc, m);
    k.dlacpy(m, net.c, Y + r0 * 8, n, Yc, m);
    sse += lossGrad(net, m, Xc, Yc, theta, grad, P, S, E, scale, r0 > 0);
  }
  return sse / (n * net.c);
}

function trainGradient(cfg: GradientNetwork, data: TwoLayerData, onEpoch?: (e: GradientEpoch) => void):
  { A: Matrix; theta: Matrix; history: GradientEpoch[] } {
  const k = wasm();
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
  const buf = buffers();
  const t0 = performance.now();
  const history: GradientEpoch[] = [];
  try {
    const work = buf.get(Math.max(
      k.dgemmWorkspaceSize(rows, h, D), k.dgemmWorkspaceSize(rows, c, h + 1), k.dgemmWorkspaceSize(h + 1, c, rows),
      k.dgemmWorkspaceSize(rows, h, c), k.dgemmWorkspaceSize(D, h, rows)));
    const net: Net = { D, h, c, alpha: cfg.alpha, work };
    const theta = buf.get(npar * 8);
    const grad = buf.get(npar * 8);
    // initialisation (PyTorch nn.Linear: U(±1/√fan_in))
    const ra = 1 / Math.sqrt(D), rt = 1 / Math.sqrt(h);
    k.rngUniform(theta, nA, 1, cfg.seed, STREAM_A, 0, -ra, ra);
    k.rngUniform(theta + nA * 8, nT, 1, cfg.seed, STREAM_THETA, 0, -rt, rt);
    const P = buf.get(rows * h * 8);
    const S = buf.get(rows * (h + 1) * 8);
    const E = buf.get(rows * c * 8);
    const Xb = buf.get(rows * D * 8);
    const Yb = buf.get(rows * c * 8);
    const X = data.Xt.ptr;
    const Y = data.Y.ptr;
    const idxPtr = buf.get(n * 4);
    const uPtr = buf.get(n * 8);
    const perm = new Int32Array(n);
    const shuffle = (epoch: number) => {
      for (let i = 0; i < n; i++) perm[i] = i;
      k.rngUniform(uPtr, n, 1, cfg.seed, STREAM_SHUFFLE, epoch * n, 0, 1);
      const u = f64().subarray(uPtr >> 3, (uPtr >> 3) + n);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.min(i, Math.floor(u[i]! * (i + 1)));
        const t = perm[i]!; perm[i] = perm[j]!; perm[j] = t;
      }
      new Int32Array(k.memory.buffer, idxPtr, n).set(perm);
    };
    const lrAt = (epoch: number) => cfg.learningRate * (cfg.schedule ? cfg.schedule.factor ** Math.floor(epoch / cfg.schedule.stepEvery) : 1);

    if (!lbfgs) {
      const m1 = buf.get(npar * 8), m2 = buf.get(npar * 8);
      k.dfill(npar, 1, 0, m1, npar); k.dfill(npar, 1, 0, m2, npar);
      let step = 0;
      for (let epoch = 0; epoch < cfg.epochs; epoch++) {
        const lr = lrAt(epoch);
        shuffle(epoch);
        for (let r0 = 0; r0 < n; r0 += nb) {
          const m = Math.min(nb, n - r0);
          const ip = idxPtr + r0 * 4;
          k.anminGatherRows(m, D, X, n, ip, Xb, m);
          k.anminGatherRows(m, c, Y, n, ip, Yb, m);
          lossGrad(net, m, Xb, Yb, theta, grad, P, S, E, 2 / (m * c), false);
          step++;
          if (cfg.optimizer === 'adam') k.anminAdam(npar, theta, grad, m1, m2, lr, 0.9, 0.999, 1e-8, 1 - 0.9 ** step, 1 - 0.999 ** step);
          else k.anminMomentum(npar, theta, grad, m1, lr, cfg.momentum);
        }
        const mse = fullMse(net, n, X, Y, theta, chunk, P, S, E);
        const entry = { epoch: epoch + 1, trainMse: mse, learningRate: lr, seconds: (performance.now() - t0) / 1000 };
        history.push(entry);
        onEpoch?.(entry);
      }
    } else {
      runLbfgs(cfg, net, n, X, Y, theta, grad, npar, nb, chunk, { P, S, E, Xb, Yb, idxPtr }, shuffle, history, t0, onEpoch, buf);
    }
    const A = Matrix.fromColumnMajor(f64().subarray(theta >> 3, (theta >> 3) + nA), D, h);
    try {
      const thetaM = Matrix.fromColumnMajor(f64().subarray((theta >> 3) + nA, (theta >> 3) + npar), h + 1, c);
      return { A, theta: thetaM, history };
    } catch (err) {
      A.dispose();
      throw err;
    }
  } finally {
    for (const p of buf.ptrs) free(p);
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
function runLbfgs(cfg: GradientNetwork, net: Net, n: number, X: Ptr, Y: Ptr, theta: Ptr, grad: Ptr, npar: number,
  nb: number, chunk: number, s: { P: Ptr; S: Ptr; E: Ptr; Xb: Ptr; Yb: Ptr; idxPtr: Ptr },
  shuffle: (epoch: number) => void, history: GradientEpoch[], t0: number, onEpoch: ((e: GradientEpoch) => void) | undefined,
  buf: Buffers): void {
  const k = wasm();
  const full = nb >= n;
  const Xc = buf.get(chunk * net.D * 8), Yc = buf.get(chunk * net.c * 8);
  const evalAt = (th: Ptr, g: Ptr): number => {
    if (full) return fullLossGrad(net, n, X, Y, th, g, chunk, s.P, s.S, s.E, Xc, Yc);
    const sse = lossGrad(net, nb, s.Xb, s.Yb, th, g, s.P, s.S, s.E, 2 / (nb * net.c), false);
    return sse / (nb * net.c);
  };
  const read = (p: Ptr) => f64().slice(p >> 3, (p >> 3) + npar);
  const write = (p: Ptr, v: Float64Array) => f64().set(v, p >> 3);
  const dot = (a: Float64Array, b: Float64Array) => { let t = 0; for (let i = 0; i < a.length; i++) t += a[i]! * b[i]!; return t; };
  const S: Float64Array[] = [], Yv: Float64Array[] = [], rho: number[] = [];
  const trial = buf.get(npar * 8);
  const gtrial = buf.get(npar * 8);
  let best = Infinity;
  let bestTheta = read(theta);
  let x = read(theta);
  let sampleEpoch = -1;
  const draw = (epoch: number) => {
    if (full || sampleEpoch === epoch) return;
    shuffle(epoch);
    k.anminGatherRows(nb, net.D, X, n, s.idxPtr, s.Xb, nb);
    k.anminGatherRows(nb, net.c, Y, n, s.idxPtr, s.Yb, nb);
    sampleEpoch = epoch;
  };
  draw(0);
  let f = evalAt(theta, grad);
  let g = read(grad);
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    if (!full && epoch > 0) { draw(epoch); f = evalAt(theta, grad); g = read(grad); }
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
    const mse = full ? f : fullMse(net, n, X, Y, theta, chunk, s.P, s.S, s.E);
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
  const k = wasm();
  const Xt = withOnes(X);
  const n = X.rows, D = X.cols + 1, h = A.cols, c = Y.cols;
  const nA = D * h, npar = nA + (h + 1) * c;
  const ptrs: Ptr[] = [];
  const get = (bytes: number) => { const p = alloc(Math.max(bytes, 16)); ptrs.push(p); return p; };
  try {
    const work = get(Math.max(k.dgemmWorkspaceSize(n, h, D), k.dgemmWorkspaceSize(n, c, h + 1), k.dgemmWorkspaceSize(h + 1, c, n),
      k.dgemmWorkspaceSize(n, h, c), k.dgemmWorkspaceSize(D, h, n)));
    const th = get(npar * 8), g = get(npar * 8);
    k.dlacpy(nA, 1, A.ptr, nA, th, nA);
    k.dlacpy(npar - nA, 1, theta.ptr, npar - nA, th + nA * 8, npar - nA);
    const P = get(n * h * 8), S = get(n * (h + 1) * 8), E = get(n * c * 8);
    const sse = lossGrad({ D, h, c, alpha, work }, n, Xt.ptr, Y.ptr, th, g, P, S, E, 2 / (n * c), false);
    const v = f64();
    return { mse: sse / (n * c), gradA: v.slice(g >> 3, (g >> 3) + nA), gradTheta: v.slice((g >> 3) + nA, (g >> 3) + npar) };
  } finally {
    for (const p of ptrs) free(p);
    Xt.dispose();
  }
}
