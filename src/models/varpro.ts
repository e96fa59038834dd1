/**
 * Variable projection (VarPro) for a single-layer network with a parametric kernel
 * (ALGORITHMS.md §8.2–§8.4, the lecture notes [S3]), in the library's row convention (samples
 * are rows): X is n×d, targets C n×t, and the model is
 *
 *     f(x) = Wᵀ σ(K(θ) x + b) + w₀        (rows: F = σ(X K(θ)ᵀ + 1bᵀ) W + 1w₀ᵀ)
 *
 * with a parametric kernel K(θ) (w×d, see ./kernel-param.ts), hidden biases b ∈ ℝʷ, output
 * weights W (w×t) and output bias w₀ ∈ ℝᵗ. Write Z̃ = [σ(XKᵀ + 1bᵀ), 1] (n×(w+1)) and
 * W̃ = [W; w₀ᵀ]. The objective (mean-loss scaling, 1/(2n)) is
 *
 *     φ(θ, b, W̃) = (1/(2n))‖Z̃W̃ − C‖²_F + (λ/2)‖W‖²_F + (β/2)‖θ‖²
 *
 * (the output bias w₀ and the hidden biases b are not regularised). For fixed (θ, b) it is a
 * linear least-squares problem in W̃, solved exactly by a Householder QR of the stacked matrix
 *
 *     A = [Z̃/√n; √λ·[I_w 0]]  ((n+w)×(w+1)),   A W̃ ≈ [C/√n; 0]
 *
 * (never the normal equations; λ > 0 gives A full column rank, so W̃(θ, b) is unique). The
 * reduced objective φ̃(θ, b) = φ(θ, b, W̃(θ, b)) = ½‖r‖², r = [vec(AW̃ − B); √β θ], has the exact
 * gradient of §8.3 (the ∂W̃/∂θ term vanishes): with R = (Z̃W̃ − C)/n, D = σ'(P) ∘ (R Wᵀ),
 * ∇_K = DᵀX, ∇_θ = Qᵀvec(∇_K) + βθ and ∇_b = Dᵀ1.
 *
 * θ and b are optimised by Levenberg–Marquardt on r (`optimizer: 'gauss-newton'`, the default)
 * or by L-BFGS on φ̃ (`'lbfgs'`, src/solvers/lbfgs.ts). The Gauss–Newton Jacobian is Kaufman's
 * approximation of the VarPro Jacobian: J ≈ P⊥·(∂A/∂(θ, b))W̃ with P⊥ = I − A A⁺ the projector
 * onto the orthogonal complement of range(A) (applied with the stored Householder reflectors),
 * plus the rows √β·∂θ of the β term. Jᵀr equals the exact gradient (P⊥ r = r at the exact W̃).
 * Because the number of parameters is small (p + w), J is formed column by column from
 * Jacobian products (a GEMM and elementwise wasm kernels each; the projection of all columns
 * at once) and the damped step solves [J; √μ I] δ ≈ [−r; 0] by the library's QR least squares.
 *
 * For the M-matrix kernel θ ≥ 0 is kept by the softplus reparameterisation θ = softplus(φ): the
 * optimisers work on φ (the chain rule multiplies by σ(φ) = dθ/dφ); β regularises θ itself.
 *
 * **Classification** (`task: 'classification'`, §8.4 last paragraph): W̃(θ, b) minimises the
 * L2-regularised softmax cross-entropy F = (1/n)Σ CE(z̃_iᵀW̃; y_i) + (λ/2)‖W̃‖²_F (λ on every row
 * of W̃, the output bias included, as `newton()` penalises every column of its design matrix);
 * it is computed by `newton()` (full Newton–CG) to ‖∇_W F‖ ≤ newtonTol·(1 + F) at every
 * evaluation, warm-started from the previous W̃, and (θ, b) are optimised by L-BFGS on
 * φ̃ = F(W̃(θ, b)) + (β/2)‖θ‖² with the envelope-theorem gradient (the CE residual P − Y
 * back-propagated through W, σ' and the kernel adjoint). The tolerance bounds the gradient
 * error (§8.3): ‖∇̂ − ∇φ̃‖ ≤ ‖∂²F/∂(θ,b)∂W‖·‖∇_W F‖/λ. There is no Gauss–Newton for this task
 * (an OptionError): see {@link VarProSoftmaxProblem} and docs/varpro.md.
 * @module
 */
import { ops, type Block } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { ACTIVATIONS, featuresUnchecked, type Activation } from '../features.js';
import { qr, type QRResult } from '../linalg/qr.js';
import { matrixFrom } from '../linalg/rhs.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { scope, untrack, type Disposable } from '../scope.js';
import { lbfgs } from '../solvers/lbfgs.js';
import { newton } from '../solvers/newton.js';
import { Model, classLabels, expectModelJSON, modelFromJSONOptions, opt, ownedMatrix, regressionTargets, resolveOptions, type CommonModelOptions, type OptionTable, type ProgressEvent } from './base.js';
import { KERNEL_KINDS, type KernelKind } from './kernel-param.js';

/** Optimisers of {@link VarProNetwork}. */
export type VarProOptimizer = 'gauss-newton' | 'lbfgs';

/** Tasks of {@link VarProNetwork}: least-squares regression or softmax cross-entropy classification. */
export type VarProTask = 'regression' | 'classification';

/** One entry of {@link VarProNetwork.history}: one Levenberg–Marquardt trial or one L-BFGS iteration. */
export interface VarProIteration {
  /** 1-based iteration. */
  iteration: number;
  /** Reduced objective φ̃ at the current iterate after this iteration. */
  objective: number;
  /** ‖∇φ̃‖₂ at the current iterate (with respect to the optimised variables: θ or φ, and b). */
  gradientNorm: number;
  /** Levenberg–Marquardt damping μ used in this trial (L-BFGS: 0). */
  damping: number;
  /** ‖δ‖₂ of the LM trial step (L-BFGS: the accepted step length α). */
  step: number;
  /** LM: the trial step was accepted (the objective decreased); L-BFGS: always true. */
  accepted: boolean;
  /**
   * Training MSE (mean over n·t entries) of the current iterate; for classification the mean
   * squared error of the class probabilities against the one-hot labels, ‖P − Y‖²_F/(n·k).
   */
  trainMse: number;
  /** Seconds spent in this iteration. */
  seconds: number;
  /** Classification only: mean training cross-entropy (1/n)Σ CE of the current iterate. */
  trainCrossEntropy?: number;
  /** Classification only: ‖∇_W F‖ left by the inner `newton()` solve at the current iterate (the θ-gradient's error is ≤ a constant × this / λ). */
  innerGradientNorm?: number;
}

/**
 * Progress event of a {@link VarProNetwork} fit: after every iteration, `step` of `total` =
 * `iterations`, `loss` = training MSE, plus the iteration's history entry (its own `step`
 * field is renamed `stepLength` here).
 */
export interface VarProProgress extends ProgressEvent, Omit<VarProIteration, 'step'> {
  stage: 'iteration';
  /** Training MSE (= `trainMse`); classification: the training cross-entropy (= `trainCrossEntropy`). */
  loss: number;
  /** ‖δ‖ (LM) or α (L-BFGS), the history entry's `step`. */
  stepLength: number;
}

/** Options of {@link VarProNetwork}. */
export interface VarProNetworkOptions extends CommonModelOptions<VarProProgress> {
  /**
   * `'regression'` (default): least-squares loss, W̃ by a stacked QR ridge solve.
   * `'classification'`: integer labels, softmax cross-entropy loss, W̃ by `newton()` at every
   * evaluation; `predict` / `predictProba` return the class probabilities, `predictClass` the
   * labels, `score` the accuracy. Optimiser 'lbfgs' only.
   */
  task?: VarProTask;
  /** Hidden units w (rows of K). Default: 16 for `'dense'`; the non-dense kernels are square and need w = input dimension (the default for them). */
  width?: number;
  /** Structure of K(θ): 'dense' (default), 'diagonal', 'antisymmetric', 'mmatrix'. */
  kernel?: KernelKind;
  /** Hidden activation σ (default 'tanh'). */
  activation?: Activation;
  /** Slope for negative arguments of 'leaky-relu' (default 0.1). */
  alpha?: number;
  /** λ > 0: ridge on the output weights W (regression: not on the output bias; classification: on the output bias too). Default 1e-4. */
  lambda?: number;
  /** β ≥ 0: ridge on the kernel parameters θ (not on b). Default 1e-6. */
  beta?: number;
  /**
   * 'gauss-newton' (Levenberg–Marquardt with Kaufman's Jacobian; the regression default) or
   * 'lbfgs' (the classification default and its only choice: 'gauss-newton' with task
   * 'classification' is an OptionError).
   */
  optimizer?: VarProOptimizer;
  /**
   * Classification only (an OptionError with task 'regression'): tolerance of the inner
   * `newton()` solve, ‖∇_W F‖ ≤ newtonTol·(1 + F), in (0, 1e-4]. Default 1e-10. It bounds the
   * error of the θ-gradient (docs/varpro.md).
   */
  newtonTol?: number;
  /** LM trials or L-BFGS iterations (default 100). */
  iterations?: number;
  /** Seed of the initial θ and b (Philox streams), default 1. */
  seed?: number;
}

/** JSON form of a fitted {@link VarProNetwork}. */
export interface VarProNetworkJSON {
  type: 'VarProNetwork';
  version: 1;
  options: Omit<VarProNetworkOptions, 'onProgress'>;
  inputDim: number;
  outputDim: number;
  /** Classification only: the class labels (sorted ascending), one per output column. */
  classes?: number[];
  /** The optimised variables: θ (φ for 'mmatrix', θ = softplus(φ)) then b. */
  parameters: number[];
  /** (w+1) × t column-major output weights (last row: output bias). */
  W: number[];
  history: VarProIteration[];
}

type VarProOptionValues = Required<Omit<VarProNetworkOptions, 'onProgress' | 'width' | 'optimizer' | 'newtonTol'>> &
  { width: number | undefined; optimizer: VarProOptimizer | undefined; newtonTol: number | undefined };
const OPTIMIZER_ENUM = opt.enum<VarProOptimizer>('gauss-newton', ['gauss-newton', 'lbfgs']);
const NEWTON_TOL = opt.number(1e-10, 0, 1e-4, false);

/** The one declaration of VarProNetwork's hyperparameters: defaults and validators. */
const VARPRO_OPTIONS: OptionTable<VarProOptionValues> = {
  width: opt.optionalInt(1, 1 << 16),
  kernel: opt.enum<KernelKind>('dense', KERNEL_KINDS),
  activation: opt.enum<Activation>('tanh', ACTIVATIONS),
  alpha: opt.number(0.1, 0, 1, true, true),
  lambda: opt.number(1e-4, 0, Infinity, false),
  beta: opt.number(1e-6, 0, Infinity),
  optimizer: opt.custom<VarProOptimizer | undefined>(undefined, (v, name, fn) => (v === undefined ? undefined : OPTIMIZER_ENUM.check(v, name, fn))),
  iterations: opt.int(100, 0, 1e6),
  seed: opt.seed(1),
  task: opt.enum<VarProTask>('regression', ['regression', 'classification']),
  newtonTol: opt.custom<number | undefined>(undefined, (v, name, fn) => (v === undefined ? undefined : NEWTON_TOL.check(v, name, fn))),
};
/** Default of {@link VarProNetworkOptions.newtonTol}. */
const DEFAULT_NEWTON_TOL = 1e-10;
/** Iteration limit of the inner Newton solve (it converges quadratically; 100 is never reached on scaled data). */
const NEWTON_MAX_ITER = 100;
const NAME = 'VarProNetwork';
/** Philox streams of the initial θ and b. */
const STREAM_THETA = 201, STREAM_B = 202;
const EPS = 2 ** -52;
/** Largest Levenberg–Marquardt damping. */
const MU_MAX = 1e30;

// ------------------------------------------------------------------ the reduced problem

/** Settings of a {@link VarProProblem}. */
export interface VarProSettings {
  kernel: KernelKind;
  width: number;
  activation: Activation;
  alpha: number;
  lambda: number;
  beta: number;
}

/**
 * @internal One point (θ, b) of the reduced problem: the forward pass, the QR of the stacked
 * matrix, W̃(θ, b) and the stacked residual. Owns wasm memory (dispose it).
 */
export class VarProPoint implements Disposable {
  /** Reduced objective φ̃ = ½‖AW̃ − B‖² + (β/2)‖θ‖². */
  readonly objective: number;
  /** Training MSE (mean over n·t entries). */
  readonly mse: number;
  /** The optimised variables (copy). */
  readonly u: Float64Array;
  /** θ (p × 1). */
  readonly theta: Matrix;
  /** dθ/dφ = σ(φ) for 'mmatrix' (p × 1), null otherwise (θ = φ). */
  readonly dtheta: Matrix | null;
  /** K(θ) (w × d). */
  readonly K: Matrix;
  /** Z = σ(XKᵀ + 1bᵀ) (n × w). */
  readonly Z: Matrix;
  /** QR of the stacked A ((n+w) × (w+1)). */
  readonly f: QRResult;
  /** W̃ ((w+1) × t). */
  readonly W: Matrix;
  /** AW̃ − B ((n+w) × t). */
  readonly R: Matrix;
  #disposed = false;

  /** @internal */
  constructor(p: { objective: number; mse: number; u: Float64Array; theta: Matrix; dtheta: Matrix | null; K: Matrix; Z: Matrix; f: QRResult; W: Matrix; R: Matrix }) {
    this.objective = p.objective; this.mse = p.mse; this.u = p.u; this.theta = p.theta; this.dtheta = p.dtheta;
    this.K = p.K; this.Z = p.Z; this.f = p.f; this.W = p.W; this.R = p.R;
  }

  get disposed(): boolean { return this.#disposed; }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const m of [this.theta, this.dtheta, this.K, this.Z, this.f, this.W, this.R]) m?.dispose();
  }
}

/**
 * @internal The reduced VarPro problem φ̃(θ, b) on fixed data (see the module comment): value,
 * exact gradient, Kaufman Jacobian products. X (n×d) and C (n×t) are referenced, not copied.
 * Exposed for the tests (finite differences, adjoint identities) and the model.
 */
export class VarProProblem implements Disposable {
  readonly n: number;
  readonly d: number;
  readonly t: number;
  readonly w: number;
  /** Length of θ. */
  readonly p: number;
  /** Number of optimised variables p + w. */
  readonly q: number;
  readonly settings: Readonly<VarProSettings>;
  readonly #X: Matrix;
  /** [C/√n; 0] ((n+w) × t). */
  readonly #B: Matrix;
  /** n ones (for Dᵀ1). */
  readonly #ones: Matrix;
  #disposed = false;

  constructor(X: Matrix, C: Matrix, settings: VarProSettings) {
    this.n = X.rows; this.d = X.cols; this.t = C.cols; this.w = settings.width;
    this.settings = { ...settings };
    this.p = ops.kernelParamCount(settings.kernel, this.w, this.d);
    this.q = this.p + this.w;
    this.#X = X;
    const B = Matrix.zeros(this.n + this.w, this.t);
    untrack(B);
    this.#B = B;
    ops.geadd(1 / Math.sqrt(this.n), C, 0, C, ops.sub(B, 0, 0, this.n, this.t));
    const ones = Matrix.full(this.n, 1, 1);
    untrack(ones);
    this.#ones = ones;
  }

  get disposed(): boolean { return this.#disposed; }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#B.dispose();
    this.#ones.dispose();
  }

  /** Rows of the residual r = [vec(AW̃ − B); √β θ]. */
  get residualLength(): number {
    return (this.n + this.w) * this.t + this.p;
  }

  /**
   * Forward pass, stacked QR solve for W̃ and the objective at u = (θ or φ, b). Throws a
   * {@link NonFiniteError} when the objective is not finite.
   */
  evaluate(u: ArrayLike<number>): VarProPoint {
    const { n, w, t, p, q } = this;
    const s = this.settings;
    if (u.length !== q) throw new ShapeError(`VarProProblem.evaluate: ${u.length} variables, expected ${q}`);
    return scope(() => {
      const { theta, dtheta, K, Z } = forwardPass(this.#X, s, u, p, w);
      const A = Matrix.zeros(n + w, w + 1);
      const rn = 1 / Math.sqrt(n);
      ops.geadd(rn, Z, 0, Z, ops.sub(A, 0, 0, n, w));
      ops.fill(ops.sub(A, 0, w, n, 1), rn);
      const reg = ops.sub(A, n, 0, w, w);
      ops.setIdentity(reg);
      ops.geadd(Math.sqrt(s.lambda), reg, 0, reg, reg);
      const f = qr(A);
      const QtB = f.applyQt(this.#B);
      const W = Matrix.empty(w + 1, t);
      ops.copy(ops.sub(QtB, 0, 0, w + 1, t), W);
      ops.trsm(0, 1, 0, 0, 1, f.R, W);
      const R = this.#B.clone();
      ops.gemm(0, 0, 1, A, W, -1, R);
      const rr = ops.nrm2(R.buf, (n + w) * t);
      let sse = 0;
      for (let j = 0; j < t; j++) sse += ops.nrm2(ops.col(ops.sub(R, 0, j, n, 1), 0)) ** 2;
      const th = p > 0 ? ops.nrm2(theta.buf, p) : 0;
      const objective = 0.5 * rr * rr + 0.5 * s.beta * th * th;
      if (!Number.isFinite(objective) || ops.firstNonFinite(W) >= 0) {
        throw new NonFiniteError(`${NAME}: the reduced objective is ${objective} (the network's values overflow f64); standardise X and the targets`);
      }
      return new VarProPoint({ objective, mse: sse / t, u: Float64Array.from(u), theta, dtheta, K, Z, f, W, R });
    });
  }

  /** P⊥M in place for M with n+w rows (removes the component in range(A)). */
  #project(pt: VarProPoint, M: Matrix): void {
    pt.f.applyInPlace(1, M);
    ops.fill(ops.sub(M, 0, 0, this.w + 1, M.cols), 0);
    pt.f.applyInPlace(0, M);
  }

  /**
   * (∂A·v)W̃ for the direction v = (v_θ or v_φ, v_b) (q × 1, column `j` of V), written into the
   * (n+w) × t block `out` (its last w rows are left as they are: zero in the callers).
   */
  #direction(pt: VarProPoint, V: Matrix, j: number, out: ops.Mat, scratch: { vt: Matrix; Kv: Matrix; dZ: Matrix }): void {
    const { n, w, p } = this;
    const s = this.settings;
    const { vt, Kv, dZ } = scratch;
    if (p > 0) {
      ops.copy(ops.sub(V, 0, j, p, 1), ops.sub(vt, 0, 0, p, 1));
      if (pt.dtheta) ops.hadamardInPlace(ops.sub(pt.dtheta, 0, 0, p, 1), ops.sub(vt, 0, 0, p, 1));
    }
    ops.kernelParamBuild(s.kernel, vt.buf, Kv);
    ops.gemm(0, 1, 1, this.#X, Kv, 0, dZ);
    ops.biasActivation('identity', 0, dZ, ops.col(ops.sub(V, p, j, w, 1), 0));
    ops.activationGradMul(s.activation, s.alpha, pt.Z, dZ);
    ops.gemm(0, 0, 1 / Math.sqrt(n), dZ, ops.sub(pt.W, 0, 0, w, this.t), 0, ops.sub(out, 0, 0, n, this.t));
  }

  /**
   * J·v for the Kaufman Jacobian (`project` true) or the Jacobian at fixed W̃ (`project`
   * false): a vector of {@link VarProProblem.residualLength} entries (vec of the (n+w)×t block,
   * then the √β·dθ rows).
   */
  jacobianProduct(pt: VarProPoint, v: ArrayLike<number>, project = true): Float64Array {
    const { n, w, t, q } = this;
    if (v.length !== q) throw new ShapeError(`VarProProblem.jacobianProduct: v has ${v.length} entries, expected ${q}`);
    return scope(() => {
      const V = Matrix.fromColumnMajor(v, q, 1);
      const Y = Matrix.zeros(n + w, t);
      this.#direction(pt, V, 0, Y, this.#scratch());
      if (project) this.#project(pt, Y);
      const out = new Float64Array(this.residualLength);
      out.set(Y.view());
      this.#betaRows(pt, V, 0, out, (n + w) * t);
      return out;
    });
  }

  #scratch(): { vt: Matrix; Kv: Matrix; dZ: Matrix } {
    return { vt: Matrix.zeros(Math.max(this.p, 1), 1), Kv: Matrix.empty(this.w, this.d), dZ: Matrix.empty(this.n, this.w) };
  }

  /** The rows √β·(dθ ∘ v_φ) of J·v (O(p) scalars). */
  #betaRows(pt: VarProPoint, V: Matrix, j: number, out: Float64Array, at: number): void {
    const sb = Math.sqrt(this.settings.beta);
    const dt = pt.dtheta?.view();
    for (let i = 0; i < this.p; i++) out[at + i] = sb * V.get(i, j) * (dt ? dt[i]! : 1);
  }

  /**
   * Jᵀ·y for y of {@link VarProProblem.residualLength} entries (Kaufman Jacobian when
   * `project`, else the Jacobian at fixed W̃): q entries (θ or φ, then b).
   */
  jacobianTransposeProduct(pt: VarProPoint, y: ArrayLike<number>, project = true): Float64Array {
    const { n, w, t, p } = this;
    if (y.length !== this.residualLength) throw new ShapeError(`VarProProblem.jacobianTransposeProduct: y has ${y.length} entries, expected ${this.residualLength}`);
    return scope(() => {
      const Y = Matrix.fromColumnMajor(Float64Array.prototype.slice.call(y, 0, (n + w) * t) as Float64Array, n + w, t);
      if (project) this.#project(pt, Y);
      const extra = new Float64Array(p);
      const sb = Math.sqrt(this.settings.beta);
      for (let i = 0; i < p; i++) extra[i] = sb * y[(n + w) * t + i]!;
      return this.#backprop(pt, Y, extra);
    });
  }

  /**
   * Exact gradient of φ̃ (§8.3/§8.4: the ∂W̃/∂θ term vanishes), with respect to the optimised
   * variables (θ or φ, then b).
   */
  gradient(pt: VarProPoint): Float64Array {
    return scope(() => {
      const extra = new Float64Array(this.p);
      if (this.p > 0) extra.set(pt.theta.view().subarray(0, this.p));
      for (let i = 0; i < this.p; i++) extra[i] = extra[i]! * this.settings.beta;
      return this.#backprop(pt, pt.R, extra);
    });
  }

  /**
   * Backpropagation of a residual-shaped Y ((n+w) × t; only its first n rows matter): G = Y₁Wᵀ/√n,
   * D = σ'(P) ∘ G, then Qᵀvec(DᵀX) + extra for θ, Dᵀ1 for b, and the chain rule dθ/dφ.
   */
  #backprop(pt: VarProPoint, Y: Matrix, extraTheta: Float64Array): Float64Array {
    return backpropFeatures(this.#X, this.#ones, this.settings, this.p, pt.W, pt.Z, pt.dtheta, ops.sub(Y, 0, 0, this.n, this.t), 1 / Math.sqrt(this.n), extraTheta);
  }


  /** r = [vec(AW̃ − B); √β θ] (length {@link VarProProblem.residualLength}). */
  residual(pt: VarProPoint): Float64Array {
    const m = (this.n + this.w) * this.t;
    const r = new Float64Array(this.residualLength);
    r.set(pt.R.view());
    const sb = Math.sqrt(this.settings.beta);
    const th = pt.theta.view();
    for (let i = 0; i < this.p; i++) r[m + i] = sb * th[i]!;
    return r;
  }

  /**
   * The dense Kaufman Jacobian (residualLength × q), column j = J·e_j, built in one pass: the
   * Jacobian with respect to vec(K) (columns σ'(P)[:, r] ∘ X[:, c] ⊗ W[r, :] / √n, §8.5) and b by
   * one wasm kernel, the chain rule to θ as J_K·Q (Qᵀ applied row-wise, never forming Q), the
   * softplus factor for 'mmatrix', then P⊥ on all columns at once (blocked Householder
   * application). Equal to the column-by-column {@link VarProProblem.jacobianProduct}
   * (checked in the tests). The caller owns the result.
   */
  jacobian(pt: VarProPoint): Matrix {
    const { n, w, t, p, q, d } = this;
    const m = (n + w) * t;
    const s = this.settings;
    return scope(() => {
      const S = Matrix.full(n, w, 1);
      ops.activationGradMul(s.activation, s.alpha, pt.Z, S);
      const Wm = ops.sub(pt.W, 0, 0, w, t);
      const rn = 1 / Math.sqrt(n);
      const Top = Matrix.zeros(n + w, t * q);
      if (p > 0) {
        const JK = Matrix.zeros(n + w, t * w * d);
        ops.varproJacobianBlock(S, this.#X, Wm, rn, JK);
        const Jt = ops.reshape(ops.sub(Top, 0, 0, n + w, t * p), m, p);
        ops.kernelParamRightQ(s.kernel, w, d, ops.reshape(JK, m, w * d), Jt);
        const dt = pt.dtheta?.view();
        if (dt) for (let j = 0; j < p; j++) ops.scal(dt[j]!, ops.col(Jt, j));
      }
      ops.varproJacobianBlock(S, this.#ones, Wm, rn, ops.sub(Top, 0, t * p, n + w, t * w));
      this.#project(pt, Top);
      const J = Matrix.zeros(this.residualLength, q);
      ops.copy(ops.reshape(Top, m, q), ops.sub(J, 0, 0, m, q));
      const sb = Math.sqrt(s.beta);
      const dt = pt.dtheta?.view();
      for (let i = 0; i < p; i++) J.set(m + i, i, sb * (dt ? dt[i]! : 1));
      return J;
    });
  }
}

/**
 * Forward pass at u = (θ or φ, b): θ (softplus(φ) for 'mmatrix', with dθ/dφ), K(θ) (w × d) and
 * Z = σ(X Kᵀ + 1bᵀ) (n × w). Allocates in the caller's scope.
 */
function forwardPass(X: Matrix, s: VarProSettings, u: ArrayLike<number>, p: number, w: number): { theta: Matrix; dtheta: Matrix | null; K: Matrix; Z: Matrix } {
  const U = Matrix.fromColumnMajor(u, p + w, 1);
  const theta = Matrix.empty(Math.max(p, 1), 1);
  let dtheta: Matrix | null = null;
  if (s.kernel === 'mmatrix') {
    dtheta = Matrix.empty(Math.max(p, 1), 1);
    ops.softplusForward(U.buf, theta.buf, dtheta.buf, p);
  } else if (p > 0) ops.copy(ops.sub(U, 0, 0, p, 1), ops.sub(theta, 0, 0, p, 1));
  const K = Matrix.empty(w, X.cols);
  ops.kernelParamBuild(s.kernel, theta.buf, K);
  const Z = Matrix.empty(X.rows, w);
  ops.gemm(0, 1, 1, X, K, 0, Z);
  ops.biasActivation(s.activation, s.alpha, Z, ops.col(ops.sub(U, p, 0, w, 1), 0));
  if (ops.firstNonFinite(Z) >= 0) throw new NonFiniteError(`${NAME}: the hidden activations overflow f64 (X·Kᵀ + b is not finite); standardise X`);
  U.dispose();
  return { theta, dtheta, K, Z };
}

/**
 * Back-propagation of an output-space residual R (n × t) through the output weights W̃ ((w+1) × t,
 * its first w rows), σ' and the kernel adjoint: G = c·R·Wᵀ, D = σ'(P) ∘ G, then
 * Qᵀvec(DᵀX) + extra (θ part, times dθ/dφ for 'mmatrix') and Dᵀ1 (b part). Shared by the
 * regression (R = residual/√n, c = 1/√n) and the cross-entropy (R = P − Y, c = 1/n) problems.
 */
function backpropFeatures(X: Matrix, ones: Matrix, s: VarProSettings, p: number, W: Matrix, Z: Matrix, dtheta: Matrix | null, R: ops.Mat, c: number, extraTheta: Float64Array): Float64Array {
  return scope(() => {
    const n = X.rows, d = X.cols, w = s.width, t = W.cols, q = p + w;
    const G = Matrix.empty(n, w);
    ops.gemm(0, 1, c, R, ops.sub(W, 0, 0, w, t), 0, G);
    ops.activationGradMul(s.activation, s.alpha, Z, G);
    const GK = Matrix.empty(w, d);
    ops.gemm(1, 0, 1, G, X, 0, GK);
    const g = Matrix.empty(q, 1);
    if (p > 0) {
      const gt = ops.sub(g, 0, 0, p, 1);
      ops.kernelParamAdjoint(s.kernel, GK, g.buf);
      const E = Matrix.fromColumnMajor(extraTheta, p, 1);
      ops.axpy(1, E.buf, g.buf, p);
      if (dtheta) ops.hadamardInPlace(ops.sub(dtheta, 0, 0, p, 1), gt);
    }
    ops.gemv(1, 1, G, ones.buf, 0, ops.col(ops.sub(g, p, 0, w, 1), 0));
    return g.toColumnMajor();
  });
}

// ------------------------------------------------------------------ the cross-entropy problem

/** Settings of a {@link VarProSoftmaxProblem}: those of the regression problem plus the inner Newton solve. */
export interface VarProSoftmaxSettings extends VarProSettings {
  /** Tolerance of the inner `newton()` solve: ‖∇_W F‖ ≤ newtonTol·(1 + F). */
  newtonTol: number;
  /** Iteration limit of the inner solve. */
  newtonMaxIter: number;
}

/**
 * @internal One point (θ, b) of the cross-entropy reduced problem: the forward pass, W̃(θ, b) from
 * `newton()`, the class probabilities and the objective. Owns wasm memory (dispose it).
 */
export class VarProSoftmaxPoint implements Disposable {
  /** Reduced objective φ̃ = (1/n)Σ CE + (λ/2)‖W̃‖² + (β/2)‖θ‖². */
  readonly objective: number;
  /** Mean training cross-entropy (1/n)Σ CE. */
  readonly crossEntropy: number;
  /** ‖P − Y‖²_F/(n·k): mean squared error of the probabilities against the one-hot labels. */
  readonly mse: number;
  /** ‖∇_W F‖_F reached by the inner solve (bounds the error of the θ-gradient, see the module notes). */
  readonly innerGradientNorm: number;
  /** Newton iterations of the inner solve. */
  readonly innerIterations: number;
  /** Whether the inner solve met its tolerance. */
  readonly innerConverged: boolean;
  readonly u: Float64Array;
  readonly theta: Matrix;
  readonly dtheta: Matrix | null;
  readonly K: Matrix;
  /** Z = σ(XKᵀ + 1bᵀ) (n × w). */
  readonly Z: Matrix;
  /** W̃ ((w+1) × k; last row: output bias). */
  readonly W: Matrix;
  /** Probabilities softmax(Z̃W̃) (n × k). */
  readonly P: Matrix;
  #disposed = false;

  /** @internal */
  constructor(p: Omit<VarProSoftmaxPoint, 'dispose' | 'disposed'>) {
    this.objective = p.objective; this.crossEntropy = p.crossEntropy; this.mse = p.mse;
    this.innerGradientNorm = p.innerGradientNorm; this.innerIterations = p.innerIterations; this.innerConverged = p.innerConverged;
    this.u = p.u; this.theta = p.theta; this.dtheta = p.dtheta; this.K = p.K; this.Z = p.Z; this.W = p.W; this.P = p.P;
  }

  get disposed(): boolean { return this.#disposed; }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const m of [this.theta, this.dtheta, this.K, this.Z, this.W, this.P]) m?.dispose();
  }
}

/**
 * @internal The cross-entropy reduced problem (ALGORITHMS.md §8.4, classification variant):
 *
 *     F(W̃, θ, b) = (1/n) Σ_i CE(z̃_iᵀW̃; y_i) + (λ/2)‖W̃‖²_F,   φ̃(θ, b) = F(W̃(θ, b), θ, b) + (β/2)‖θ‖²
 *
 * with z̃_i = [σ(K(θ)x_i + b); 1] and W̃(θ, b) = argmin F, computed by `newton()` (full
 * Newton–CG) to ‖∇_W F‖ ≤ newtonTol·(1 + F), warm-started from the previous evaluation's W̃.
 * λ penalises every row of W̃, the output-bias row included (newton() penalises every column of
 * its design matrix). Gradient by the envelope theorem (§8.3): ∇φ̃ = ∂F/∂(θ, b) at W̃ — the
 * back-propagation of the CE residual (P − Y)/n through Wᵀ, σ' and the kernel adjoint, the same
 * kernels as the regression problem. With an inexact W̃ the error of that gradient is
 * ‖∂²F/∂(θ,b)∂W‖·‖W̃ − W*‖ ≤ ‖∂²F/∂(θ,b)∂W‖·‖∇_W F(W̃)‖/λ (F is λ-strongly convex in W̃).
 * X (n×d) is referenced, not copied.
 */
export class VarProSoftmaxProblem implements Disposable {
  readonly n: number;
  readonly d: number;
  /** Classes k ≥ 2. */
  readonly k: number;
  readonly w: number;
  readonly p: number;
  readonly q: number;
  readonly settings: Readonly<VarProSoftmaxSettings>;
  readonly #X: Matrix;
  readonly #y: Int32Array;
  readonly #labels: Block;
  readonly #ones: Matrix;
  /** W̃ of the previous evaluation (the warm start), or null. */
  #warm: Matrix | null = null;
  #disposed = false;

  /** `labels`: n class indices in 0..k−1. */
  constructor(X: Matrix, labels: Int32Array, k: number, settings: VarProSoftmaxSettings) {
    this.n = X.rows; this.d = X.cols; this.k = k; this.w = settings.width;
    if (labels.length !== this.n) throw new ShapeError(`VarProSoftmaxProblem: ${labels.length} labels for ${this.n} rows of X`);
    this.settings = { ...settings };
    this.p = ops.kernelParamCount(settings.kernel, this.w, this.d);
    this.q = this.p + this.w;
    this.#X = X;
    this.#y = Int32Array.from(labels);
    const ones = Matrix.full(this.n, 1, 1);
    untrack(ones);
    this.#ones = ones;
    this.#labels = ops.labelBlock(this.#y);
  }

  get disposed(): boolean { return this.#disposed; }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#ones.dispose();
    this.#labels.free();
    this.#warm?.dispose();
    this.#warm = null;
  }

  /** Forgets the warm start (the next evaluation starts Newton from W̃ = 0). */
  resetWarmStart(): void {
    this.#warm?.dispose();
    this.#warm = null;
  }

  /**
   * Forward pass, W̃(θ, b) by `newton()` (warm-started unless `warm` is false) and the objective
   * at u = (θ or φ, b). Throws a {@link NonFiniteError} when the objective is not finite.
   */
  evaluate(u: ArrayLike<number>, warm = true): VarProSoftmaxPoint {
    const { n, w, k, p, q } = this;
    const s = this.settings;
    if (u.length !== q) throw new ShapeError(`VarProSoftmaxProblem.evaluate: ${u.length} variables, expected ${q}`);
    const pt = scope(() => {
      const { theta, dtheta, K, Z } = forwardPass(this.#X, s, u, p, w);
      const Zt = Matrix.empty(n, w + 1);
      ops.copy(Z, ops.sub(Zt, 0, 0, n, w));
      ops.fill(ops.sub(Zt, 0, w, n, 1), 1);
      const res = newton({ loss: 'softmax', X: Zt, labels: this.#y, classes: k, lambda: s.lambda },
        { mode: 'full', tol: s.newtonTol, maxIter: s.newtonMaxIter, ...(warm && this.#warm ? { W0: this.#warm } : {}) });
      const W = res.W;
      const L = Matrix.empty(n, k);
      ops.gemm(0, 0, 1, Zt, W, 0, L);
      const P = Matrix.empty(n, k);
      const ce = ops.softmaxLoss(L, this.#labels, null, P) / n;
      ops.softmaxResidual(P, this.#labels, null, 1, L);
      const rn = ops.nrm2(L.buf, n * k);
      const wn = ops.nrm2(W.buf, (w + 1) * k);
      const th = p > 0 ? ops.nrm2(theta.buf, p) : 0;
      const objective = ce + 0.5 * s.lambda * wn * wn + 0.5 * s.beta * th * th;
      if (!Number.isFinite(objective) || ops.firstNonFinite(W) >= 0) {
        throw new NonFiniteError(`${NAME}: the reduced cross-entropy objective is ${objective} (the network's values overflow f64); standardise X`);
      }
      return new VarProSoftmaxPoint({
        objective, crossEntropy: ce, mse: (rn * rn) / (n * k), innerGradientNorm: res.gradientNorm, innerIterations: res.iterations,
        innerConverged: res.converged, u: Float64Array.from(u), theta, dtheta, K, Z, W, P,
      });
    });
    if (warm) {
      if (this.#warm === null) { this.#warm = pt.W.clone(); untrack(this.#warm); } else ops.copy(pt.W, this.#warm);
    }
    return pt;
  }

  /**
   * ∇φ̃ (envelope theorem, exact at the exact W̃): back-propagation of (P − Y)/n through W̃, σ' and
   * the kernel adjoint, plus βθ; with respect to the optimised variables (θ or φ, then b).
   */
  gradient(pt: VarProSoftmaxPoint): Float64Array {
    return scope(() => {
      const R = Matrix.empty(this.n, this.k);
      ops.softmaxResidual(pt.P, this.#labels, null, 1, R);
      const extra = new Float64Array(this.p);
      if (this.p > 0) extra.set(pt.theta.view().subarray(0, this.p));
      for (let i = 0; i < this.p; i++) extra[i] = extra[i]! * this.settings.beta;
      return backpropFeatures(this.#X, this.#ones, this.settings, this.p, pt.W, pt.Z, pt.dtheta, R, 1 / this.n, extra);
    });
  }
}

// ------------------------------------------------------------------ the model

/**
 * Single-layer network `σ(X K(θ)ᵀ + 1bᵀ) W + 1w₀ᵀ` trained by variable projection
 * (ALGORITHMS.md §8.4): the output weights are eliminated by an exact regularised least-squares
 * solve at every evaluation, and only the kernel parameters θ and the hidden biases b are
 * optimised — by Levenberg–Marquardt with Kaufman's Jacobian (default) or L-BFGS. See the
 * module comment and docs/varpro.md for the objective, its scaling and the algorithms.
 *
 * Standardise X and centre/scale the targets yourself (see `StandardScaler`). With
 * `task: 'classification'` the targets are integer labels and the loss is the softmax
 * cross-entropy (W̃ by `newton()`, θ by L-BFGS).
 * @example
 * const net = new VarProNetwork({ width: 16, kernel: 'dense', lambda: 1e-4, iterations: 50, seed: 1 });
 * net.fit(X, y);                      // X n×d, y length n (or an n×t Matrix)
 * const yhat = net.predict(Xtest);    // Matrix N×t
 * net.history.at(-1)?.objective;
 * net.dispose();
 */
export class VarProNetwork extends Model<VarProProgress, VarProIteration> {
  /** Width as given (undefined: the default, see {@link VarProNetworkOptions.width}). */
  readonly width: number | undefined;
  /** Kernel structure. */
  readonly kernel: KernelKind;
  /** Hidden activation. */
  readonly activation: Activation;
  /** Leaky slope. */
  readonly alpha: number;
  /** Ridge on W. */
  readonly lambda: number;
  /** Ridge on θ. */
  readonly beta: number;
  /** Optimiser. */
  readonly optimizer: VarProOptimizer;
  /** Iteration budget. */
  readonly iterations: number;
  /** Seed. */
  readonly seed: number;
  /** Task: regression (least squares) or classification (softmax cross-entropy). */
  readonly task: VarProTask;
  /** Tolerance of the inner Newton solve (classification; undefined for regression). */
  readonly newtonTol: number | undefined;
  /** Sorted class labels (classification, once fitted). */
  #classes: Float64Array | null = null;
  /** Kᵀ (d × w) of the fitted network. */
  #KT: Matrix | null = null;
  /** Hidden biases (w × 1). */
  #b: Matrix | null = null;
  /** W̃ ((w+1) × t). */
  #W: Matrix | null = null;
  #u: Float64Array | null = null;
  #d = 0;

  constructor(options: VarProNetworkOptions = {}) {
    const { values: v, onProgress } = resolveOptions(VARPRO_OPTIONS, options, NAME);
    super(NAME, onProgress);
    this.width = v.width; this.kernel = v.kernel; this.activation = v.activation; this.alpha = v.alpha;
    this.lambda = v.lambda; this.beta = v.beta; this.iterations = v.iterations; this.seed = v.seed; this.task = v.task;
    if (v.task === 'classification') {
      if (v.optimizer === 'gauss-newton') {
        throw new OptionError(`${NAME}: optimizer 'gauss-newton' is for task 'regression' (it needs a least-squares residual); task 'classification' uses 'lbfgs' on the reduced cross-entropy`);
      }
      this.optimizer = 'lbfgs';
      this.newtonTol = v.newtonTol ?? DEFAULT_NEWTON_TOL;
    } else {
      if (v.newtonTol !== undefined) throw new OptionError(`${NAME}: option 'newtonTol' is for task 'classification' only (regression solves W exactly by QR)`);
      this.optimizer = v.optimizer ?? 'gauss-newton';
      this.newtonTol = undefined;
    }
  }

  protected override get isClassifier(): boolean { return this.task === 'classification'; }

  /** The class labels (sorted ascending; the columns of `predictProba`), or null for regression / before fit. */
  get classes(): Float64Array | null { return this.#classes ? this.#classes.slice() : null; }

  /** True once fitted (and not disposed). */
  get fitted(): boolean {
    return this.#W !== null && !this.disposed;
  }

  /** Width used for inputs of dimension d (throws a {@link ShapeError} for a square kernel with another width). */
  #widthFor(d: number, fn: string): number {
    if (this.kernel === 'dense') return this.width ?? 16;
    if (this.width !== undefined && this.width !== d) {
      throw new ShapeError(`${NAME}.${fn}: kernel '${this.kernel}' is square, so option 'width' (${this.width}) must equal the input dimension ${d} (X has ${d} columns)`);
    }
    return d;
  }

  /**
   * Copies of the fitted parameters: θ (kernel parameters; for 'mmatrix' θ = softplus(φ) ≥ 0),
   * K(θ) (w × d), hidden biases b, output weights W (w × t) and output bias w₀.
   */
  get parameters(): { theta: Float64Array; K: Matrix; b: Float64Array; W: Matrix; w0: Float64Array } {
    this.assertFitted('parameters');
    const KT = this.#KT!, W = this.#W!;
    const w = KT.cols, t = W.cols;
    const K = KT.transpose();
    try {
      const Wm = W.block(0, 0, w, t);
      const theta = new Float64Array(ops.kernelParamCount(this.kernel, w, this.#d));
      const u = this.#u!;
      if (this.kernel === 'mmatrix') for (let i = 0; i < theta.length; i++) theta[i] = Math.max(u[i]!, 0) + Math.log1p(Math.exp(-Math.abs(u[i]!)));
      else theta.set(u.subarray(0, theta.length));
      return { theta, K, b: this.#b!.toColumnMajor(), W: Wm, w0: W.row(w) };
    } catch (err) {
      K.dispose();
      throw err;
    }
  }

  /** Trains on X (n × d) and Y (n × t, or a vector of n targets). Returns `this`. */
  fit(X: MatrixLike, Y: MatrixLike | VectorLike): this {
    this.assertUsable();
    const fn = `${NAME}.fit`;
    const result = scope(() => {
      const Xm = matrixFrom(X, `${fn}: X`, fn);
      if (Xm.rows === 0 || Xm.cols === 0) throw new InvalidInputError(`${fn}: X is empty (${Xm.rows}×${Xm.cols}); need at least one sample and one feature`);
      Xm.assertFinite(`${fn}: X`);
      if (this.task === 'classification') return this.#fitClassification(Xm, Y);
      const C = regressionTargets(Y, Xm.rows, fn);
      const d = Xm.cols;
      const w = this.#widthFor(d, 'fit');
      const prob = new VarProProblem(Xm, C, { kernel: this.kernel, width: w, activation: this.activation, alpha: this.alpha, lambda: this.lambda, beta: this.beta });
      try {
        const u0 = this.#initial(prob);
        const onIt = (e: VarProIteration, total: number) => {
          const { step, ...rest } = e;
          this.progress({ ...rest, stage: 'iteration', step: e.iteration, total, loss: e.trainMse, stepLength: step });
        };
        const run = this.optimizer === 'lbfgs' ? runLbfgs(prob, u0, this.iterations, onIt) : runLevenbergMarquardt(prob, u0, this.iterations, onIt);
        const pt = prob.evaluate(run.u);
        try {
          const KT = pt.K.transpose();
          const b = Matrix.fromColumnMajor(run.u.subarray(prob.p), w, 1);
          const W = pt.W.clone();
          return { KT, b, W, u: run.u, history: run.history, d, classes: null };
        } finally {
          pt.dispose();
        }
      } finally {
        prob.dispose();
      }
    });
    this.release();
    for (const m of [result.KT, result.b, result.W]) untrack(m);
    this.#KT = result.KT; this.#b = result.b; this.#W = result.W; this.#u = result.u; this.#d = result.d;
    this.#classes = result.classes;
    this.history = result.history;
    return this;
  }

  /** The classification fit (inside fit's scope): labels → class indices, L-BFGS on the reduced cross-entropy. */
  #fitClassification(Xm: Matrix, Y: MatrixLike | VectorLike): { KT: Matrix; b: Matrix; W: Matrix; u: Float64Array; history: VarProIteration[]; d: number; classes: Float64Array } {
    const fn = `${NAME}.fit`;
    const labels = classLabels(Y as MatrixLike | ArrayLike<number>, fn);
    if (labels.length !== Xm.rows) throw new ShapeError(`${fn}: X has ${Xm.rows} rows but there are ${labels.length} labels`);
    const classes = Float64Array.from(new Set(labels)).sort();
    if (classes.length < 2) throw new InvalidInputError(`${fn}: task 'classification' needs at least 2 classes in the labels, got only ${classes[0]}`);
    const index = new Map<number, number>();
    classes.forEach((c, j) => index.set(c, j));
    const idx = Int32Array.from(labels, (v) => index.get(v)!);
    const d = Xm.cols;
    const w = this.#widthFor(d, 'fit');
    const prob = new VarProSoftmaxProblem(Xm, idx, classes.length, {
      kernel: this.kernel, width: w, activation: this.activation, alpha: this.alpha, lambda: this.lambda, beta: this.beta,
      newtonTol: this.newtonTol!, newtonMaxIter: NEWTON_MAX_ITER,
    });
    try {
      const u0 = this.#initial(prob);
      const onIt = (e: VarProIteration, total: number) => {
        const { step, ...rest } = e;
        this.progress({ ...rest, stage: 'iteration', step: e.iteration, total, loss: e.trainCrossEntropy!, stepLength: step });
      };
      const run = runLbfgs(prob, u0, this.iterations, onIt, classificationFields);
      const pt = prob.evaluate(run.u);
      try {
        return { KT: pt.K.transpose(), b: Matrix.fromColumnMajor(run.u.subarray(prob.p), w, 1), W: pt.W.clone(), u: run.u, history: run.history, d, classes };
      } finally {
        pt.dispose();
      }
    } finally {
      prob.dispose();
    }
  }

  /** θ₀ ~ N(0, 1/d) (φ₀ ~ N(0, 1) for 'mmatrix', θ₀ = softplus(φ₀)) and b₀ ~ U(−1, 1), from the Philox streams of `seed`. */
  #initial(prob: { p: number; q: number; w: number; d: number }): Float64Array {
    return scope(() => {
      const U = Matrix.empty(prob.q, 1);
      if (prob.p > 0) ops.random(ops.sub(U, 0, 0, prob.p, 1), 'normal', this.seed, STREAM_THETA, 0, 0, this.kernel === 'mmatrix' ? 1 : 1 / Math.sqrt(prob.d));
      ops.random(ops.sub(U, prob.p, 0, prob.w, 1), 'uniform', this.seed, STREAM_B, 0, -1, 1);
      return U.toColumnMajor();
    });
  }

  /**
   * Predictions σ(X Kᵀ + 1bᵀ) W + 1w₀ᵀ: N × t (see {@link Model.predict}); classification: the
   * class probabilities, the row-wise softmax of those scores (N × classes).
   */
  protected predictMatrix(X: MatrixLike): Matrix {
    this.assertFitted('predict');
    const fn = `${NAME}.predict`;
    return scope(() => {
      const Xm = matrixFrom(X, `${fn}: X`, fn);
      if (Xm.cols !== this.#d) throw new ShapeError(`${fn}: X has ${Xm.cols} columns, the network was fitted on ${this.#d}`);
      Xm.assertFinite(`${fn}: X`);
      const F = featuresUnchecked(Xm, this.#KT!, this.#b!, { activation: this.activation, alpha: this.alpha, ones: true });
      const out = Matrix.empty(Xm.rows, this.#W!.cols);
      ops.gemm(0, 0, 1, F, this.#W!, 0, out);
      if (this.task === 'classification') {
        // row-wise softmax in wasm (the labels only enter the returned loss, which is unused)
        const zeros = ops.labelBlock(new Int32Array(Xm.rows));
        try { ops.softmaxLoss(out, zeros, null, out); } finally { zeros.free(); }
      }
      return out;
    });
  }

  /** Class labels (arg-max of the probabilities) for task 'classification'. */
  predictClass(X: MatrixLike): Int32Array {
    this.#checkClassifier('predictClass');
    const out = this.outputs(X, 'predictClass');
    try {
      const v = out.view();
      const n = out.rows, c = out.cols;
      const idx = new Int32Array(n);
      const best = new Float64Array(n).fill(-Infinity);
      for (let j = 0; j < c; j++) for (let i = 0; i < n; i++) if (v[i + j * n]! > best[i]!) { best[i] = v[i + j * n]!; idx[i] = j; }
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) labels[i] = this.#classes![idx[i]!]!;
      return labels;
    } finally { out.dispose(); }
  }

  /** Class probabilities (N × classes, columns in the order of `classes`, rows sum to 1) for task 'classification'; the same as `predict`. */
  predictProba(X: MatrixLike): Matrix {
    this.#checkClassifier('predictProba');
    return this.outputs(X, 'predictProba');
  }

  #checkClassifier(fn: string): void {
    this.assertFitted(fn);
    if (this.task !== 'classification') throw new OptionError(`${NAME}.${fn}: only for task 'classification'`);
  }

  /** Plain JSON object (options, optimised variables, output weights column-major, history). */
  toJSON(): VarProNetworkJSON {
    this.assertFitted('toJSON');
    return {
      type: 'VarProNetwork', version: 1,
      options: {
        width: this.width, kernel: this.kernel, activation: this.activation, alpha: this.alpha, lambda: this.lambda,
        beta: this.beta, optimizer: this.optimizer, iterations: this.iterations, seed: this.seed, task: this.task,
        ...(this.task === 'classification' ? { newtonTol: this.newtonTol } : {}),
      },
      inputDim: this.#d, outputDim: this.#W!.cols,
      ...(this.#classes ? { classes: [...this.#classes] } : {}),
      parameters: [...this.#u!], W: [...this.#W!.toColumnMajor()],
      history: this.history.map((e) => ({ ...e })),
    };
  }

  /**
   * Restores a network saved with {@link VarProNetwork.toJSON}; K(θ) is rebuilt from the saved
   * parameters. Checked strictly: a tampered file is an `InvalidInputError` naming the field.
   */
  static fromJSON(obj: VarProNetworkJSON | unknown): VarProNetwork {
    const fn = `${NAME}.fromJSON`;
    const f = expectModelJSON(obj, fn, { type: 'VarProNetwork', version: 1 }, { required: ['options', 'inputDim', 'outputDim', 'parameters', 'W', 'history'], optional: ['classes'] });
    const net = modelFromJSONOptions(f, 'options', VARPRO_OPTIONS, (o) => new VarProNetwork(o as VarProNetworkOptions));
    try {
      const d = f.int('inputDim', 1, 1 << 20);
      const t = f.int('outputDim', 1, 1 << 20);
      let classes: Float64Array | null = null;
      if (net.task === 'classification') {
        if (!f.has('classes')) f.fail('classes', 'must list the class labels of a classifier (task \'classification\')');
        classes = f.finiteArray('classes');
        if (classes.length < 2) f.fail('classes', 'must list at least 2 class labels', classes.length);
        for (let i = 0; i < classes.length; i++) {
          if (!Number.isInteger(classes[i]) || Math.abs(classes[i]!) > 2 ** 31 - 1 || (i > 0 && !(classes[i]! > classes[i - 1]!))) f.fail(`classes[${i}]`, 'must be an integer label, sorted ascending without repeats', classes[i]);
        }
        if (classes.length !== t) f.fail('outputDim', `must equal the number of classes (${classes.length})`, t);
      } else if (f.has('classes')) f.fail('classes', 'must be absent for task \'regression\'');
      let w: number;
      try {
        w = net.#widthFor(d, 'fromJSON');
      } catch (err) {
        if (err instanceof ShapeError) throw new InvalidInputError(`${fn}: field 'inputDim' is invalid: ${err.message}`);
        throw err;
      }
      const p = ops.kernelParamCount(net.kernel, w, d);
      const u = f.finiteArray('parameters', p + w);
      const Wd = f.finiteArray('W', (w + 1) * t);
      const history = f.objects('history', undefined, { required: ['iteration', 'objective', 'gradientNorm', 'damping', 'step', 'accepted', 'trainMse', 'seconds'], optional: ['trainCrossEntropy', 'innerGradientNorm'] })
        .map((e, i): VarProIteration => ({
          iteration: e.int('iteration', i + 1, i + 1), objective: e.number('objective', 0), gradientNorm: e.number('gradientNorm', 0),
          damping: e.number('damping', 0), step: e.number('step', 0), accepted: e.bool('accepted'),
          trainMse: e.number('trainMse', 0), seconds: e.number('seconds', 0),
          ...(e.has('trainCrossEntropy') ? { trainCrossEntropy: e.number('trainCrossEntropy', 0) } : {}),
          ...(e.has('innerGradientNorm') ? { innerGradientNorm: e.number('innerGradientNorm', 0) } : {}),
        }));
      if (history.length > net.iterations) f.fail('history', `must hold at most ${net.iterations} entries (option iterations)`, history.length);
      const state = scope(() => {
        const U = Matrix.fromColumnMajor(u, p + w, 1);
        const theta = Matrix.empty(Math.max(p, 1), 1);
        if (net.kernel === 'mmatrix') ops.softplusForward(U.buf, theta.buf, Matrix.empty(Math.max(p, 1), 1).buf, p);
        else if (p > 0) ops.copy(ops.sub(U, 0, 0, p, 1), ops.sub(theta, 0, 0, p, 1));
        const K = Matrix.empty(w, d);
        ops.kernelParamBuild(net.kernel, theta.buf, K);
        return { KT: K.transpose(), b: Matrix.fromColumnMajor(u.subarray(p), w, 1), W: ownedMatrix(Wd, w + 1, t) };
      });
      for (const m of [state.KT, state.b, state.W]) untrack(m);
      net.#KT = state.KT; net.#b = state.b; net.#W = state.W; net.#u = u; net.#d = d; net.#classes = classes;
      net.history = history;
      return net;
    } catch (err) {
      net.dispose();
      throw err;
    }
  }

  protected release(): void {
    this.#KT?.dispose(); this.#b?.dispose(); this.#W?.dispose();
    this.#KT = null; this.#b = null; this.#W = null; this.#u = null; this.#classes = null;
  }
}

// ------------------------------------------------------------------ optimisers

interface RunResult { u: Float64Array; history: VarProIteration[] }

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** What the optimisers need of a reduced problem (regression or cross-entropy). */
interface ReducedProblem<T extends { objective: number; mse: number; dispose(): void }> {
  readonly q: number;
  evaluate(u: ArrayLike<number>): T;
  gradient(pt: T): Float64Array;
}

/** Extra history fields of a classification iterate. */
function classificationFields(pt: VarProSoftmaxPoint): Partial<VarProIteration> {
  return { trainCrossEntropy: pt.crossEntropy, innerGradientNorm: pt.innerGradientNorm };
}

function initialPoint<T extends { objective: number; mse: number; dispose(): void }>(prob: ReducedProblem<T>, u0: Float64Array): T {
  try {
    return prob.evaluate(u0);
  } catch (err) {
    if (err instanceof NonFiniteError) throw new NonFiniteError(`${NAME}.fit: the objective is not finite at the initial parameters: the data's magnitude overflows f64; standardise X and the targets`);
    throw err;
  }
}

/**
 * Levenberg–Marquardt on the reduced residual r(θ, b) with Kaufman's Jacobian J (dense, see
 * {@link VarProProblem.jacobian}). Each iteration is one trial: δ = argmin ‖Jδ + r‖² + μ‖δ‖².
 * After each accepted step J is factored once, J = Q_J R_J (Householder QR, R_J q×q), and every
 * trial solves the small stacked system [R_J; √μ I] δ ≈ [−Q_Jᵀr; 0] (Householder QR again; the
 * same minimiser as the full stacked [J; √μ I] δ ≈ [−r; 0], so rejected trials cost O(q³)).
 * Gain ratio ρ = (φ̃(u) − φ̃(u+δ)) / (½‖r‖² − ½‖r + Jδ‖²) with ‖r + Jδ‖² = ‖Q_Jᵀr + R_Jδ‖² + const;
 * accepted when the objective decreases (ρ > 0): μ ← μ·max(1/3, 1 − (2ρ − 1)³), ν ← 2 (Nielsen's
 * update); rejected: μ ← μν, ν ← 2ν (μ capped at 10³⁰, where the step is below the rounding of
 * u). μ₀ = 10⁻³·max_j ‖J e_j‖². Always runs `iterations` trials (the history has one entry each).
 */
function runLevenbergMarquardt(prob: VarProProblem, u0: Float64Array, iterations: number, onIt: (e: VarProIteration, total: number) => void): RunResult {
  const history: VarProIteration[] = [];
  const q = prob.q;
  let pt = initialPoint(prob, u0);
  /** R_J (q×q) and Q_Jᵀr (q×1) of the current point's Jacobian; null after an accepted step. */
  let fac: { R: Matrix; c: Matrix } | null = null;
  let gnorm = norm(prob.gradient(pt));
  let mu = -1, nu = 2;
  const drop = () => { fac?.R.dispose(); fac?.c.dispose(); fac = null; };
  try {
    for (let it = 1; it <= iterations; it++) {
      const t0 = performance.now();
      if (fac === null) {
        fac = scope(() => {
          const J = prob.jacobian(pt);
          if (mu < 0) {
            let mx = 0;
            for (const cn of ops.columnNorms(J)) mx = Math.max(mx, cn * cn);
            mu = 1e-3 * (mx > 0 ? mx : 1);
          }
          const fJ = qr(J);
          const Qtr = fJ.applyQt(Matrix.fromColumnMajor(prob.residual(pt), J.rows, 1));
          const R = Matrix.empty(q, q), c = Matrix.empty(q, 1);
          ops.copy(ops.sub(fJ.R, 0, 0, q, q), R);
          ops.copy(ops.sub(Qtr, 0, 0, q, 1), c);
          return { R, c };
        });
        untrack(fac.R); untrack(fac.c);
      }
      const { R, c } = fac;
      const step = scope(() => {
        const T = Matrix.zeros(2 * q, q);
        ops.copy(R, ops.sub(T, 0, 0, q, q));
        const D = ops.sub(T, q, 0, q, q);
        ops.setIdentity(D);
        ops.geadd(Math.sqrt(mu), D, 0, D, D);
        const rhs = Matrix.zeros(2 * q, 1);
        ops.geadd(-1, c, 0, c, ops.sub(rhs, 0, 0, q, 1));
        const fT = qr(T);
        const y = fT.applyQt(rhs);
        const delta = Matrix.empty(q, 1);
        ops.copy(ops.sub(y, 0, 0, q, 1), delta);
        ops.trsm(0, 1, 0, 0, 1, fT.R, delta);
        // predicted decrease ½‖c‖² − ½‖c + R_J δ‖²
        const Rd = c.clone();
        ops.gemv(0, 1, R, delta.buf, 1, Rd.buf);
        const cn = ops.nrm2(c.buf, q), rdn = ops.nrm2(Rd.buf, q);
        return { delta: delta.toColumnMajor(), pred: 0.5 * (cn - rdn) * (cn + rdn) };
      });
      const trial = Float64Array.from(pt.u, (v, i) => v + step.delta[i]!);
      let next: VarProPoint | null = null;
      try {
        next = prob.evaluate(trial);
      } catch (err) {
        if (!(err instanceof NonFiniteError)) throw err;
      }
      const actual = next === null ? -Infinity : pt.objective - next.objective;
      const rho = step.pred > 0 ? actual / step.pred : -1;
      const accepted = next !== null && actual > 0 && rho > 0;
      const used = mu;
      if (accepted) {
        pt.dispose();
        pt = next!;
        drop();
        gnorm = norm(prob.gradient(pt));
        mu *= Math.max(1 / 3, 1 - (2 * rho - 1) ** 3);
        nu = 2;
      } else {
        next?.dispose();
        // capped: beyond 1e30·max‖Je_j‖² the trial step is below the rounding of u
        mu = Math.min(mu * nu, MU_MAX);
        nu = Math.min(2 * nu, 2 ** 30);
      }
      const entry: VarProIteration = {
        iteration: it, objective: pt.objective, gradientNorm: gnorm, damping: used, step: norm(step.delta),
        accepted, trainMse: pt.mse, seconds: (performance.now() - t0) / 1000,
      };
      history.push(entry);
      onIt(entry, iterations);
    }
    return { u: Float64Array.from(pt.u), history };
  } finally {
    drop();
    pt.dispose();
  }
}

/**
 * L-BFGS (src/solvers/lbfgs.ts, strong-Wolfe line search) on φ̃ with its exact gradient, at most
 * `iterations` iterations; it stops earlier when ‖∇φ̃‖ ≤ ε·(1 + φ̃) or at the rounding floor (two
 * failed line searches). Progress events are emitted one iteration late so that the last one can
 * carry `total` = the iterations actually run (the contract: the last event has step === total).
 */
function runLbfgs<T extends { objective: number; mse: number; dispose(): void }>(prob: ReducedProblem<T>, u0: Float64Array, iterations: number,
  onIt: (e: VarProIteration, total: number) => void, fields?: (pt: T) => Partial<VarProIteration>): RunResult {
  const history: VarProIteration[] = [];
  const first = initialPoint(prob, u0);
  first.dispose();
  if (iterations === 0) return { u: u0, history };
  let t0 = performance.now();
  /** MSE (and the extra fields) of every evaluated point, keyed by its objective (the iterate's is looked up). */
  const mseOf = new Map<number, number>();
  const extraOf = new Map<number, Partial<VarProIteration>>();
  const fg = (x: Matrix, grad: Matrix): number => {
    let pt: T;
    try {
      pt = prob.evaluate(x.view());
    } catch (err) {
      if (err instanceof NonFiniteError) return Infinity;
      throw err;
    }
    try {
      grad.view().set(prob.gradient(pt));
      mseOf.set(pt.objective, pt.mse);
      if (fields) extraOf.set(pt.objective, fields(pt));
      return pt.objective;
    } finally {
      pt.dispose();
    }
  };
  const X0 = Matrix.fromColumnMajor(u0, prob.q, 1);
  let pending: VarProIteration | null = null;
  try {
    const res = lbfgs(fg, X0, {
      maxIter: iterations, tol: EPS,
      onIteration: (e) => {
        if (e.iteration === 0) return;
        const entry: VarProIteration = {
          iteration: e.iteration, objective: e.objective, gradientNorm: e.gradientNorm, damping: 0, step: e.step,
          accepted: true, trainMse: mseOf.get(e.objective) ?? Number.NaN, seconds: (performance.now() - t0) / 1000,
          ...(fields ? extraOf.get(e.objective) : {}),
        };
        if (!Number.isFinite(entry.trainMse)) throw new NonFiniteError(`${NAME}.fit: L-BFGS iteration ${e.iteration} reached an iterate that was never evaluated (internal error)`);
        history.push(entry);
        if (pending) onIt(pending, iterations);
        pending = entry;
        t0 = performance.now();
      },
    });
    if (pending) onIt(pending, history.length);
    try {
      return { u: res.x.toColumnMajor(), history };
    } finally {
      res.x.dispose();
    }
  } finally {
    X0.dispose();
  }
}
