/**
 * The ResNet feature extractor of slimTrain (ALGORITHMS.md §9.7, the paper's Appendix B, forward
 * Euler): samples as rows, X (n × inputDim) → features U = u_d (n × width) with
 *
 *   u₀ = σ(X K_inᵀ + 1 b_inᵀ),   u_{j+1} = u_j + h·σ(u_j K_jᵀ + 1 b_jᵀ),  j = 0..d−1,  h = T/d,
 *
 * σ = tanh (default) or ReLU, K_j dense or antisymmetric (§8.2), the θ-regulariser of §9.6, and
 * the helpers shared by `GradientNetwork({ architecture: 'resnet' })` and `SlimTrainNetwork` so
 * that, for one seed, both start from the same θ₀, W₀ and see the same batches
 * ({@link resnetInit}, {@link epochBatches}). Forward and backward passes are batched wasm
 * kernels (bindings/ops/resnet.ts); see docs/resnet.md.
 *
 * **θ layout** (one column vector, blocks in this order, matrices column-major):
 * 1. `K_in` (w × inputDim), then `b_in` (w) when `inputBias`;
 * 2. for j = 0..d−1: `K_j` — dense: w×w (w² entries); antisymmetric: the w(w−1)/2 entries of the
 *    strict upper triangle taken row by row (K_ij = θ, K_ji = −θ, zero diagonal) — then `b_j` (w)
 *    when `layerBias`.
 *
 * parameterCount = w·inputDim + [inputBias]·w + d·(k + [layerBias]·w), k = w² or w(w−1)/2.
 * The paper's peaks count θ ∈ R⁵²⁸ (w = 8, d = 8, inputDim 2, no input bias) is
 * 16 + 8·64: dense K_j **without layer biases** (`antisymmetric: false, layerBias: false,
 * inputBias: false`). With layer biases the counts are 592 (dense) and 304 (antisymmetric);
 * 64 per layer is also the Meganet count n(n−1) + n = 56 + 8 of `Θ − Θᵀ − 10⁻⁴I` plus bias,
 * a parameterisation (with a redundant half) that is not implemented here.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions } from '../validate.js';
import { opt, type OptionTable } from './base.js';

/** Activation of a {@link ResNet}. */
export type ResNetActivation = 'tanh' | 'relu';

/**
 * The layout of a ResNet (ALGORITHMS.md §9.7): the options shared by {@link ResNet},
 * `SlimTrainNetwork` and `GradientNetwork({ architecture: 'resnet' })`.
 */
export interface ResNetLayout {
  /** Width w (default 8). */
  width?: number;
  /** Depth d: number of residual layers (default 8; 0 = the input layer only). */
  depth?: number;
  /** Horizon T: step size h = T/d (default 5, the paper's value). */
  horizon?: number;
  /** σ of every layer: 'tanh' (default, the paper's) or 'relu'. */
  activation?: ResNetActivation;
  /** Antisymmetric K_j (w(w−1)/2 parameters per layer, §8.2) instead of dense (w²). Default false. */
  antisymmetric?: boolean;
  /** Input layer bias b_in (default true; the paper's peaks network has none). */
  inputBias?: boolean;
  /** Residual layer biases b_j (default true; the paper's 528-parameter peaks count has none). */
  layerBias?: boolean;
}

/** Options of a {@link ResNet} feature extractor. */
export interface ResNetOptions extends ResNetLayout {
  /** Input features per sample (required). */
  inputDim: number;
}

/** The option names of a {@link ResNet} (other models forward them). */
export const RESNET_OPTION_KEYS = ['width', 'depth', 'horizon', 'activation', 'antisymmetric', 'inputBias', 'layerBias'] as const;

type ResNetShapeOptions = Required<Omit<ResNetOptions, 'inputDim'>>;

/** @internal Defaults and validators of the ResNet shape options (shared with the models that embed a ResNet). */
export const RESNET_OPTIONS: OptionTable<ResNetShapeOptions> = {
  width: opt.int(8, 1, 4096),
  depth: opt.int(8, 0, 10000),
  horizon: opt.number(5, 0, 1e6, false),
  activation: opt.enum<ResNetActivation>('tanh', ['tanh', 'relu']),
  antisymmetric: opt.bool(false),
  inputBias: opt.bool(true),
  layerBias: opt.bool(true),
};

/** Philox streams of the ResNet helpers: θ₀, W₀, the epoch permutations. */
const STREAM_THETA = 201, STREAM_W = 202, STREAM_SHUFFLE = 203;

/**
 * The recorded forward pass of a {@link ResNet} (states and activations of every layer, plus a
 * copy of the input): what {@link ResNet.backward} needs. Holds wasm memory: dispose it.
 */
export class ResNetTape {
  /** @internal */ readonly ops: ops.ResNetTape;
  /** Samples of the pass. */
  readonly rows: number;
  #disposed = false;

  /** @internal */
  constructor(t: ops.ResNetTape) {
    this.ops = t;
    this.rows = t.m;
  }

  /** True after {@link ResNetTape.dispose}. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Frees the tape. Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.ops.dispose();
  }
}

/**
 * A ResNet feature extractor F(X, θ) (ALGORITHMS.md §9.7): shapes and operations only — θ is
 * passed in (a parameterCount × 1 Matrix), so one ResNet serves any number of parameter
 * vectors. See the module doc for the θ layout.
 * @example
 * const net = new ResNet({ inputDim: 2, width: 8, depth: 8, horizon: 5 });
 * const theta = net.initTheta(1);
 * const { features, tape } = net.forward(theta, X);  // features: n × 8
 * const g = net.backward(theta, tape, dU);           // ∂L/∂θ for dU = ∂L/∂features
 * tape.dispose();
 */
export class ResNet {
  /** Input features per sample. */
  readonly inputDim: number;
  /** Width w. */
  readonly width: number;
  /** Depth d (residual layers). */
  readonly depth: number;
  /** Horizon T. */
  readonly horizon: number;
  /** σ of every layer. */
  readonly activation: ResNetActivation;
  /** K_j antisymmetric (w(w−1)/2 parameters) instead of dense. */
  readonly antisymmetric: boolean;
  /** The input layer has a bias b_in. */
  readonly inputBias: boolean;
  /** The residual layers have biases b_j. */
  readonly layerBias: boolean;
  /** Step size h = T/d (0 when d = 0). */
  readonly h: number;
  /** @internal The kernels' view of the shape. */
  readonly layout: ops.ResNetLayout;

  /** Validates the options (OptionError naming the option; `inputDim` is required). */
  constructor(options: ResNetOptions) {
    const fn = 'ResNet';
    if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new OptionError(`${fn}: options must be an object with at least 'inputDim'`);
    checkOptions(options, ['inputDim', ...RESNET_OPTION_KEYS], fn);
    if (options.inputDim === undefined) throw new OptionError(`${fn}: option 'inputDim' is required`);
    this.inputDim = opt.int(1, 1, 1 << 20).check(options.inputDim, 'inputDim', fn);
    const v = resolveResNetOptions(options as Partial<ResNetShapeOptions>, fn);
    this.width = v.width; this.depth = v.depth; this.horizon = v.horizon; this.activation = v.activation;
    this.antisymmetric = v.antisymmetric; this.inputBias = v.inputBias; this.layerBias = v.layerBias;
    this.h = this.depth > 0 ? this.horizon / this.depth : 0;
    this.layout = {
      inputDim: this.inputDim, width: this.width, depth: this.depth, h: this.h, activation: this.activation,
      antisymmetric: this.antisymmetric, inputBias: this.inputBias, layerBias: this.layerBias,
    };
  }

  /** The options that rebuild this ResNet. */
  get options(): Required<ResNetOptions> {
    return {
      inputDim: this.inputDim, width: this.width, depth: this.depth, horizon: this.horizon, activation: this.activation,
      antisymmetric: this.antisymmetric, inputBias: this.inputBias, layerBias: this.layerBias,
    };
  }

  /** Length of θ (see the module doc for the formula and the paper's 528). */
  get parameterCount(): number {
    return ops.resnetParamCount(this.layout);
  }

  /** Entries of the input block θ_in (K_in and b_in). */
  get inputParameterCount(): number {
    return ops.resnetInputParams(this.layout);
  }

  /** Entries of one residual layer block (K_j and b_j). */
  get layerParameterCount(): number {
    return ops.resnetLayerParams(this.layout);
  }

  /**
   * θ₀ for `seed` (a new parameterCount × 1 Matrix): K_in ~ N(0, 1/inputDim), the entries of
   * every K_j ~ N(0, 1/w) (dense and antisymmetric alike), biases 0. Entry i of θ is element i
   * of the Philox stream (seed, 201), scaled: a seed gives the same θ₀ on every machine.
   */
  initTheta(seed: number): Matrix {
    opt.seed().check(seed, 'seed', 'ResNet.initTheta');
    const l = this.layout;
    const theta = Matrix.zeros(this.parameterCount, 1);
    const nKin = this.width * this.inputDim;
    ops.random(ops.sub(theta, 0, 0, nKin, 1), 'normal', seed, STREAM_THETA, 0, 0, 1 / Math.sqrt(this.inputDim));
    const nIn = ops.resnetInputParams(l), nb = ops.resnetLayerParams(l), nk = ops.resnetKernelParams(l);
    for (let j = 0; j < this.depth; j++) {
      const off = nIn + j * nb;
      if (nk > 0) ops.random(ops.sub(theta, off, 0, nk, 1), 'normal', seed, STREAM_THETA, off, 0, 1 / Math.sqrt(this.width));
    }
    return theta;
  }

  #theta(theta: Matrix, fn: string): void {
    if (!(theta instanceof Matrix)) throw new InvalidInputError(`${fn}: theta must be a Matrix (parameterCount × 1)`);
    if (theta.rows !== this.parameterCount || theta.cols !== 1) throw new ShapeError(`${fn}: theta is ${theta.rows}×${theta.cols}, expected ${this.parameterCount}×1`);
  }

  /**
   * Forward pass over the rows of X (n × inputDim): the features u_d (a new n × width Matrix)
   * and the tape for {@link ResNet.backward} (dispose it). Non-finite features (values that
   * overflow f64 inside the network) are a NonFiniteError naming the row.
   */
  forward(theta: Matrix, X: MatrixLike): { features: Matrix; tape: ResNetTape } {
    const fn = 'ResNet.forward';
    this.#theta(theta, fn);
    const Xm = Matrix.from(X, `${fn}: X`);
    const owns = !(X instanceof Matrix);
    try {
      if (Xm.cols !== this.inputDim) throw new ShapeError(`${fn}: X has ${Xm.cols} columns, the network takes inputDim = ${this.inputDim}`);
      if (Xm.rows === 0) throw new InvalidInputError(`${fn}: X has no rows`);
      Xm.assertFinite(`${fn}: X`);
      const t = ops.resnetTape(Xm.rows, this.layout);
      let features: Matrix | null = null;
      try {
        features = Matrix.empty(Xm.rows, this.width);
        ops.resnetForward(t, Xm, ops.col(theta, 0), features);
        const bad = ops.firstNonFinite(features);
        if (bad >= 0) throw new NonFiniteError(`${fn}: the features of row ${bad % Xm.rows} of X are not finite: its values (or θ) overflow f64 inside the network; scale X`);
        return { features, tape: new ResNetTape(t) };
      } catch (err) {
        features?.dispose();
        t.dispose();
        throw err;
      }
    } finally {
      if (owns) Xm.dispose();
    }
  }

  /**
   * Back-propagation: ∂L/∂θ (a new parameterCount × 1 Matrix) given dU = ∂L/∂features
   * (n × width) and the tape of `forward(theta, X)` with the same θ.
   */
  backward(theta: Matrix, tape: ResNetTape, dU: MatrixLike): Matrix {
    const fn = 'ResNet.backward';
    this.#theta(theta, fn);
    if (!(tape instanceof ResNetTape) || tape.disposed) throw new InvalidInputError(`${fn}: tape must be a live ResNetTape from ResNet.forward`);
    if (tape.ops.layout.inputDim !== this.inputDim || ops.resnetParamCount(tape.ops.layout) !== this.parameterCount || tape.ops.layout.h !== this.h
      || tape.ops.layout.activation !== this.activation || tape.ops.layout.antisymmetric !== this.antisymmetric) {
      throw new InvalidInputError(`${fn}: the tape was recorded by a ResNet of another shape`);
    }
    const D = Matrix.from(dU, `${fn}: dU`);
    const owns = !(dU instanceof Matrix);
    try {
      if (D.rows !== tape.rows || D.cols !== this.width) throw new ShapeError(`${fn}: dU is ${D.rows}×${D.cols}, expected ${tape.rows}×${this.width}`);
      D.assertFinite(`${fn}: dU`);
      const g = Matrix.empty(this.parameterCount, 1);
      try {
        ops.resnetBackward(tape.ops, ops.col(theta, 0), D, ops.col(g, 0));
        const bad = ops.firstNonFinite(g);
        if (bad >= 0) throw new NonFiniteError(`${fn}: entry ${bad} of the gradient is not finite: dU or θ overflow f64 in the back-propagation`);
      } catch (err) {
        g.dispose();
        throw err;
      }
      return g;
    } finally {
      if (owns) D.dispose();
    }
  }

  /**
   * The θ-regulariser of slimTrain (ALGORITHMS.md §9.6):
   * R(θ) = (α/2)‖θ_in‖² + (α/2)‖D_t θ_res‖², ‖D_t θ_res‖² = Σ_{j=0}^{d−2} ‖(θ_{j+1} − θ_j)/h‖²
   * (θ_in the input block, θ_j the blocks of the residual layers, h = T/d: the MATLAB scripts'
   * layer-spacing factor nt/T). Returns the value and its gradient (a new parameterCount × 1 Matrix).
   */
  regularizer(theta: Matrix, alpha: number): { value: number; gradient: Matrix } {
    const fn = 'ResNet.regularizer';
    this.#theta(theta, fn);
    opt.number(0, 0).check(alpha, 'alpha', fn);
    const g = Matrix.zeros(this.parameterCount, 1);
    try {
      const value = ops.resnetRegularizer(this.layout, alpha, ops.col(theta, 0), ops.col(g, 0));
      return { value, gradient: g };
    } catch (err) {
      g.dispose();
      throw err;
    }
  }
}

/** @internal Validates the ResNet shape options (defaults filled in). */
export function resolveResNetOptions(o: Partial<ResNetShapeOptions>, fn: string): ResNetShapeOptions {
  const out = {} as Record<string, unknown>;
  for (const k of RESNET_OPTION_KEYS) {
    const spec = RESNET_OPTIONS[k];
    out[k] = (spec.check as (v: unknown, n: string, f: string) => unknown)(o[k] === undefined ? spec.default : o[k], k, fn);
  }
  return out as unknown as ResNetShapeOptions;
}

/** Initialisation of the output weights W₀ ((w+1) × t, last row the bias). */
export type OutputInit = 'normal' | 'scaled' | 'zeros';

/**
 * θ₀ and W₀ of a ResNet with a linear output layer `[u_d, 1]·W` for `seed` — the one
 * initialisation shared by `GradientNetwork({ architecture: 'resnet' })` and `SlimTrainNetwork`.
 * θ₀ = {@link ResNet.initTheta}(seed); W₀ is p × t with p = width + 1 (last row the bias):
 * `'normal'` N(0, 1) (the paper's MATLAB code), `'scaled'` N(0, 1/p), `'zeros'` 0; entry i
 * (column-major) is element i of the Philox stream (seed, 202). Both matrices are new (dispose them).
 */
export function resnetInit(seed: number, resnetOptions: ResNetOptions, outputDim: number, outputInit: OutputInit):
  { theta: Matrix; W0: Matrix } {
  const fn = 'resnetInit';
  opt.seed().check(seed, 'seed', fn);
  opt.int(1, 1, 1 << 20).check(outputDim, 'outputDim', fn);
  opt.enum<OutputInit>('scaled', ['normal', 'scaled', 'zeros']).check(outputInit, 'outputInit', fn);
  const net = new ResNet(resnetOptions);
  const p = net.width + 1;
  const theta = net.initTheta(seed);
  try {
    const W0 = Matrix.zeros(p, outputDim);
    if (outputInit !== 'zeros') ops.random(W0, 'normal', seed, STREAM_W, 0, 0, outputInit === 'normal' ? 1 : 1 / Math.sqrt(p));
    return { theta, W0 };
  } catch (err) {
    theta.dispose();
    throw err;
  }
}

/**
 * The mini-batches of epoch `epoch` (0-based) for n samples: a uniformly random permutation of
 * 0..n−1 (Fisher–Yates on elements epoch·n .. epoch·n + n − 1 of the Philox stream (seed, 203))
 * cut into ⌊n / batchSize⌋ full batches of `batchSize` indices; the last n mod batchSize
 * indices of the permutation are dropped, as in the MATLAB code (so with batchSize > n an epoch
 * has no batch). The same (seed, epoch, n, batchSize) gives the same batches everywhere.
 */
export function epochBatches(seed: number, epoch: number, n: number, batchSize: number): Int32Array[] {
  const fn = 'epochBatches';
  opt.seed().check(seed, 'seed', fn);
  opt.int(0, 0, 2 ** 31 - 1).check(epoch, 'epoch', fn);
  opt.int(1, 1, 2 ** 31 - 1).check(n, 'n', fn);
  opt.int(1, 1, 2 ** 31 - 1).check(batchSize, 'batchSize', fn);
  const perm = ops.randomPermutation(n, seed, STREAM_SHUFFLE, epoch * n);
  const out: Int32Array[] = [];
  for (let k = 0; (k + 1) * batchSize <= n; k++) out.push(perm.subarray(k * batchSize, (k + 1) * batchSize));
  return out;
}
