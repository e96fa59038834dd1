/**
 * ANMIN (Barbu 2023, "Training a two layer ReLU network analytically"): alternating exact
 * least-squares solves for the two-layer (leaky-)ReLU network `f(x) = σ_α(x̃ᵀA)B + b⁰`,
 * ALGORITHMS.md §7. The output layer is a ridge regression; the hidden layer is the critical
 * point of the loss in A with the firing pattern frozen, one (d+1)h × (d+1)h SPD system whose
 * matrix H = M + λI is assembled in wasm (assembly/anmin.ts).
 * @module
 */
import { ops } from '../../bindings/index.js';
import { NonFiniteError, OptionError } from '../errors.js';
import { featuresUnchecked as features } from '../features.js';
import { cholesky } from '../linalg/cholesky.js';
import { eigh } from '../linalg/eigh.js';
import { ridgeFromGram } from '../linalg/ridge.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { untrack } from '../scope.js';
import { MAX_DIM } from '../validate.js';
import { Model, expectModelJSON, modelFromJSONOptions, opt, resolveOptions, type CommonModelOptions, type OptionTable, type ProgressEvent } from './base.js';
import { copyWeights, predictFromWeights, prepareData, twoLayerWeightsFromJSON } from './two-layer.js';

/** One entry of {@link AnminNetwork.history} (one hidden solve + output refit). */
export interface AnminIteration {
  /** 1-based iteration. */
  iteration: number;
  /** Training MSE (mean over all N·c entries) of the network after this iteration (new A, new pattern, refitted B, b⁰). */
  trainMse: number;
  /** ln det H of the hidden system (−Infinity when its Cholesky factorization failed). */
  logDet: number;
  /** 'cholesky' when ln det H > τ (solved by Cholesky); 'svd' otherwise (clamped spectral pseudo-inverse). */
  branch: 'cholesky' | 'svd';
  /** Eigenvalues raised to `clamp` in the 'svd' branch (0 on the Cholesky branch). */
  clamped: number;
  /** Ridge λ of this iteration's output fit (= `lambda`, or the GCV choice with `outputRegularization: 'gcv'`). */
  outputLambda: number;
  /**
   * How the output layer was solved: 'cholesky' normally; 'svd' (spectral solve through `eigh`) with
   * `outputRegularization: 'gcv'`, or as the minimum-norm fallback when S₁ᵀS₁ + λI is not positive
   * definite (only possible with `lambda = 0` and rank-deficient features).
   */
  outputBranch: 'cholesky' | 'svd';
  /** Hidden units that fire on no training row after this iteration. */
  deadNeurons: number;
  /** Seconds since the start of `fit`. */
  seconds: number;
}

/**
 * Progress event of an {@link AnminNetwork} fit (the one {@link ProgressEvent} shape): after
 * every iteration, `step` = iteration of `total` = `iterations`, `loss` = training MSE, plus the
 * iteration's history entry.
 */
export interface AnminProgress extends ProgressEvent, AnminIteration {
  stage: 'iteration';
  /** Training MSE after this iteration (= `trainMse`). */
  loss: number;
}

/** Where the time of the last fit went (seconds). */
export interface AnminTimings {
  /** Assembly of H = M + λI (the wasm kernel) over all iterations. */
  assembly: number;
  /** Right-hand side, BBᵀ, pattern. */
  hiddenRhs: number;
  /** Cholesky / eigendecomposition solves of the hidden system. */
  hiddenSolve: number;
  /** Output-layer fits and training-MSE evaluations. */
  output: number;
  /** Whole fit. */
  total: number;
}

/** Diagnostics of the last fit. */
export interface AnminDiagnostics {
  /** Training MSE right after the initial output fit (random A). */
  initialTrainMse: number;
  /** Iteration whose model was kept (0 = the initial random-A model). */
  bestIteration: number;
  /** Training MSE of the kept model. */
  bestTrainMse: number;
  /** Time split. */
  timings: AnminTimings;
}

/** Options of {@link AnminNetwork}. */
export interface AnminNetworkOptions extends CommonModelOptions<AnminProgress> {
  /** Hidden units h (default 64). */
  hidden?: number;
  /** Leaky slope α ∈ [0, 1): 0 = ReLU (default), 0.1 = the paper's ANMIN-L. */
  alpha?: number;
  /** Ridge λ of both solves, sum convention (no 1/N), intercept penalised too (default 1e-3). */
  lambda?: number;
  /** Alternating iterations E (default 30). */
  iterations?: number;
  /** Log-det threshold τ: Cholesky solve when ln det H > τ, else the clamped pseudo-inverse (default −10,000; ±Infinity allowed). */
  tau?: number;
  /** Absolute lower bound for the eigenvalues in the pseudo-inverse branch (default 1e-4). */
  clamp?: number;
  /** Seed of A ~ N(0, 1) (Philox, stream 0), default 1. */
  seed?: number;
  /** Model kept: 'train-mse' (default: lowest unpenalised training MSE, best-so-far) or 'last'. */
  select?: 'train-mse' | 'last';
  /**
   * Output-layer ridge: 'fixed' (default, λ = `lambda` as in the paper) or 'gcv' (λ chosen per
   * output fit by generalized cross-validation via `ridgeFromGram`, from the Gram matrix's
   * eigendecomposition; the hidden solve keeps `lambda`).
   */
  outputRegularization?: 'fixed' | 'gcv';
}

/** JSON form of a fitted {@link AnminNetwork}. */
export interface AnminNetworkJSON {
  type: 'AnminNetwork';
  version: 1;
  options: Omit<AnminNetworkOptions, 'onProgress'>;
  inputDim: number;
  outputDim: number;
  /** (d+1) × h column-major (row 0: hidden biases). */
  A: number[];
  /** (h+1) × c column-major (rows 0..h−1: B, row h: b⁰). */
  theta: number[];
  /** History; a logDet of −Infinity is stored as null. */
  history: (Omit<AnminIteration, 'logDet'> & { logDet: number | null })[];
  diagnostics: AnminDiagnostics | null;
}

type AnminOptionValues = Required<Omit<AnminNetworkOptions, 'onProgress'>>;

/** The one declaration of AnminNetwork's hyperparameters: defaults and validators. */
const OPTIONS: OptionTable<AnminOptionValues> = {
  hidden: opt.int(64, 1, 1 << 20),
  alpha: opt.number(0, 0, 1, true, true),
  lambda: opt.number(1e-3, 0),
  iterations: opt.int(30, 0, 1e7),
  tau: opt.custom(-1e4, (v, name, fn) => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new OptionError(`${fn}: option '${name}' must be a number (±Infinity allowed), got ${typeof v === 'number' ? v : typeof v}`);
    return v;
  }),
  clamp: opt.number(1e-4, 0, Infinity, false),
  seed: opt.seed(1),
  select: opt.enum('train-mse', ['train-mse', 'last'] as const),
  outputRegularization: opt.enum('fixed', ['fixed', 'gcv'] as const),
};
const NAME = 'AnminNetwork';

/** @internal Result of one hidden-layer step (exposed for the normal-equation tests). */
export interface HiddenStep {
  /** New A ((d+1) × h). */
  A: Matrix;
  logDet: number;
  branch: 'cholesky' | 'svd';
  clamped: number;
  /** The assembled H (only when `keepSystem`). */
  H: Matrix | null;
  /** The right-hand side c (hD × 1, only when `keepSystem`). */
  c: Matrix | null;
  /** Seconds in assembly / rhs / solve. */
  tAssembly: number;
  tRhs: number;
  tSolve: number;
}

function now(): number {
  return performance.now() / 1000;
}

/**
 * @internal fitHidden (ALGORITHMS.md §7.3): given X̃ (N×D), Y (N×c), the frozen pattern G (N×h)
 * and Θ = [B; b⁰] ((h+1)×c), assemble H = M + λI and c and solve H a = c by Cholesky when
 * ln det H > τ, else by the eigendecomposition of H (symmetric PSD: its SVD) with every
 * eigenvalue below `clamp` raised to `clamp`.
 */
export function hiddenStep(Xt: Matrix, Y: Matrix, G: Matrix, theta: Matrix,
  opts: { lambda: number; tau: number; clamp: number; keepSystem?: boolean }): HiddenStep {
  const n = Xt.rows, D = Xt.cols, h = G.cols, c = Y.cols;
  const N = D * h;
  let t = now();
  // allocated inside the try so that a failed allocation (e.g. H beyond wasm32) frees the rest
  let R: Matrix | null = null, BBt: Matrix | null = null, cvec: Matrix | null = null;
  let H: Matrix | null = null, bias: Matrix | null = null;
  let keepH = false;
  try {
    R = Matrix.empty(n, h);
    BBt = Matrix.empty(h, h);
    cvec = Matrix.empty(N, 1);
    bias = Matrix.empty(h, 1);
    H = Matrix.empty(N, N);
    // R = (Y − 1b⁰ᵀ)Bᵀ = YBᵀ − 1(Bb⁰)ᵀ
    const B = ops.sub(theta, 0, 0, h, c);
    ops.gemm(0, 1, 1, Y, B, 0, R);
    const th = theta.toColumnMajor();
    const bv = bias.view();
    for (let j = 0; j < h; j++) {
      let s = 0;
      for (let q = 0; q < c; q++) s += th[j + q * (h + 1)]! * th[h + q * (h + 1)]!;
      bv[j] = -s;
    }
    ops.addColumnBias(R, bias.buf);
    ops.anminHiddenRhs(Xt, G, R, cvec.buf);
    ops.gemm(0, 1, 1, B, B, 0, BBt);
    R.dispose();
    const tRhs = now() - t;
    t = now();
    ops.anminHiddenSystem(Xt, G, BBt, opts.lambda, H);
    if (ops.firstNonFinite(H) >= 0 || ops.firstNonFinite(cvec) >= 0) {
      throw new NonFiniteError(`${NAME}.fit: the hidden-layer system H a = c overflows f64 (the features or the output weights are too large): standardise X and centre Y, or raise 'lambda' / 'clamp'`);
    }
    const tAssembly = now() - t;
    t = now();
    let A: Matrix;
    let logDet: number;
    let branch: 'cholesky' | 'svd';
    let clamped = 0;
    const ch = cholesky(H);
    try {
      logDet = ch.ok ? ch.logDet : -Infinity;
      if (ch.ok && logDet > opts.tau) {
        branch = 'cholesky';
        const a = ch.solve(cvec);
        A = reshape(a, D, h);
      } else {
        branch = 'svd';
        const ev = eigh(H, { vectors: true });
        try {
          const V = ev.vectors!;
          const w = V.matmul(cvec, { transA: true });
          const wv = w.view();
          for (let i = 0; i < N; i++) {
            const lam = ev.values[i]!;
            const mag = Math.abs(lam);
            if (mag < opts.clamp) clamped++;
            // SVD of a symmetric matrix: σ = |λ|, u = sign(λ)v; D⁻¹ with the absolute clamp
            wv[i] = wv[i]! * (lam < 0 ? -1 : 1) / Math.max(mag, opts.clamp);
          }
          const a = V.matmul(w);
          w.dispose();
          A = reshape(a, D, h);
        } finally {
          ev.dispose();
        }
      }
    } finally {
      ch.dispose();
    }
    const tSolve = now() - t;
    if (ops.firstNonFinite(A) >= 0) {
      A.dispose();
      throw new NonFiniteError(`${NAME}.fit: the hidden-layer solve produced non-finite weights (${branch} branch, ln det H = ${logDet}): raise 'clamp' or 'lambda'`);
    }
    keepH = opts.keepSystem === true;
    return {
      A, logDet, branch, clamped, H: keepH ? H : null, c: keepH ? cvec : null, tAssembly, tRhs, tSolve,
    };
  } finally {
    R?.dispose(); BBt?.dispose(); bias?.dispose();
    if (!keepH) { H?.dispose(); cvec?.dispose(); }
  }
}

/** The hD × 1 solution as A (D × h): a_j = column j (the column-major vec is neuron-major). */
function reshape(a: Matrix, D: number, h: number): Matrix {
  const A = Matrix.fromColumnMajor(a.view(), D, h);
  a.dispose();
  return A;
}

/**
 * @internal fitOut: Θ = (S₁ᵀS₁ + λI)⁻¹S₁ᵀY with S₁ = [σ_α(X̃A), 1] (intercept penalised), and the
 * training MSE of the resulting network. `S` is an N × (h+1) scratch matrix.
 */
export function outputStep(Xt: Matrix, Y: Matrix, A: Matrix, alpha: number, lambda: number | 'gcv', S: Matrix):
  { theta: Matrix; mse: number; branch: 'cholesky' | 'svd'; lambda: number } {
  const n = Xt.rows, h = A.cols, c = Y.cols;
  const m = h + 1;
  features(Xt, A, null, { activation: alpha === 0 ? 'relu' : 'leaky-relu', alpha, ones: true, out: S });
  let Gram: Matrix | null = null, rhs: Matrix | null = null, out: Matrix | null = null;
  try {
    Gram = Matrix.empty(m, m);
    rhs = Matrix.empty(m, c);
    out = Matrix.empty(n, c);
    // S₁ᵀS₁ (dsyrk, lower triangle, mirrored below) and S₁ᵀY (row-blocked TN tiles)
    ops.syrk(0, 1, 1, S, 0, Gram);
    ops.tallCrossProduct(S, Y, rhs);
    if (ops.firstNonFinite(Gram) >= 0 || ops.firstNonFinite(rhs) >= 0) {
      throw new NonFiniteError(`${NAME}.fit: the output-layer normal equations SᵀS θ = SᵀY overflow f64 (the features or Y are too large in magnitude): standardise X and centre Y, or raise 'lambda' / 'clamp'`);
    }
    if (lambda === 'gcv') {
      ops.symmetrizeLowerShift(Gram, 0);
      const btb = new Float64Array(c);
      for (let q = 0; q < c; q++) btb[q] = Y.column(q).reduce((s, v) => s + v * v, 0);
      if (!btb.every(Number.isFinite)) throw new NonFiniteError(`${NAME}.fit: ‖Y‖² overflows f64: centre and scale Y`);
      const r = ridgeFromGram(Gram, rhs, btb, n, { lambda: 'gcv' });
      const theta = r.X;
      ops.gemm(0, 0, 1, S, theta, 0, out);
      return { theta, mse: ops.sumSquaredDiff(out, Y) / (n * c), branch: 'svd', lambda: r.lambda };
    }
    ops.symmetrizeLowerShift(Gram, lambda);
    const ch = cholesky(Gram);
    let theta: Matrix;
    let branch: 'cholesky' | 'svd' = 'cholesky';
    try {
      if (ch.ok) {
        theta = ch.solve(rhs);
      } else {
        // only reachable with lambda = 0 and rank-deficient features: minimum-norm solve
        branch = 'svd';
        const ev = eigh(Gram, { vectors: true });
        try {
          const V = ev.vectors!;
          const w = V.matmul(rhs, { transA: true });
          const wv = w.view();
          const top = Math.max(...Array.from(ev.values, Math.abs));
          for (let i = 0; i < m; i++) {
            const lam = ev.values[i]!;
            const inv = lam > 1e-12 * top ? 1 / lam : 0;
            for (let q = 0; q < c; q++) wv[i + q * m] = wv[i + q * m]! * inv;
          }
          theta = V.matmul(w);
          w.dispose();
        } finally {
          ev.dispose();
        }
      }
    } finally {
      ch.dispose();
    }
    ops.gemm(0, 0, 1, S, theta, 0, out);
    const mse = ops.sumSquaredDiff(out, Y) / (n * c);
    return { theta, mse, branch, lambda };
  } finally {
    Gram?.dispose(); rhs?.dispose(); out?.dispose();
  }
}

/**
 * The one divergence policy of the iterative models (docs/models.md): a non-finite training MSE
 * or non-finite weights stop the fit with a {@link NonFiniteError}; nothing is committed.
 */
function checkFit(fo: { theta: Matrix; mse: number }, iteration: number): void {
  if (Number.isFinite(fo.mse) && ops.firstNonFinite(fo.theta) < 0) return;
  throw new NonFiniteError(`${NAME}.fit: the training MSE became ${fo.mse} ${iteration === 0 ? 'at the initial (random) hidden layer' : `in iteration ${iteration}`}: standardise X and centre Y, or raise 'lambda' / 'clamp'. The model keeps its previous state`);
}

/**
 * ANMIN: trains the two-layer (leaky-)ReLU network `f(x) = σ_α([1, xᵀ]A)B + b⁰` by alternating
 * exact solves (ALGORITHMS.md §7.3, the reference code's sum convention): A ~ N(0, 1); then
 * `iterations` times: hidden solve with the previous firing pattern (Cholesky when
 * ln det H > τ, else clamped pseudo-inverse), new pattern, ridge refit of B, b⁰. The model with
 * the lowest training MSE (including the initial one) is kept.
 *
 * X is given **without** the ones column (prepended internally) and Y as is. As in §7.2,
 * standardise X with statistics of the training rows and centre Y (see `StandardScaler`,
 * `centerTargets`); λ, τ and the clamp are absolute and assume that scaling.
 *
 * Cost per iteration: assembly O(N·h²(d+1)²) (about half of it for ReLU), Cholesky
 * O(((d+1)h)³/3); memory ((d+1)h)² doubles for H (≈ 2 MB for d = 7, h = 64).
 * @example
 * const net = new AnminNetwork({ hidden: 64, iterations: 30, seed: 1 });
 * net.fit(Xtrain, ytrain);                  // X standardised, y centred
 * const yhat = net.predict(Xtest);          // Matrix N×1
 * console.log(net.history.map((e) => e.trainMse), net.diagnostics?.bestIteration);
 * net.dispose();
 */
export class AnminNetwork extends Model<AnminProgress, AnminIteration> {
  /** Hidden units h. */
  readonly hidden: number;
  /** Leaky slope α. */
  readonly alpha: number;
  /** Ridge λ. */
  readonly lambda: number;
  /** Iterations E. */
  readonly iterations: number;
  /** Log-det threshold τ. */
  readonly tau: number;
  /** Eigenvalue clamp. */
  readonly clamp: number;
  /** Seed. */
  readonly seed: number;
  /** Model selection rule. */
  readonly select: 'train-mse' | 'last';
  /** Output-layer ridge rule. */
  readonly outputRegularization: 'fixed' | 'gcv';
  /** Diagnostics of the last fit (null before). */
  diagnostics: AnminDiagnostics | null = null;
  #A: Matrix | null = null;
  #theta: Matrix | null = null;
  #d = 0;

  constructor(options: AnminNetworkOptions = {}) {
    const { values: v, onProgress } = resolveOptions(OPTIONS, options, NAME);
    super(NAME, onProgress);
    this.hidden = v.hidden; this.alpha = v.alpha; this.lambda = v.lambda; this.iterations = v.iterations; this.tau = v.tau;
    this.clamp = v.clamp; this.seed = v.seed; this.select = v.select; this.outputRegularization = v.outputRegularization;
  }

  /** True once fitted (and not disposed). */
  get fitted(): boolean {
    return this.#A !== null && !this.disposed;
  }

  #state(fn: string): { A: Matrix; theta: Matrix } {
    this.assertFitted(fn);
    return { A: this.#A!, theta: this.#theta! };
  }

  /** Copies of the kept weights: A ((d+1) × h, row 0 = hidden biases), B (h × c), b⁰. */
  get weights(): { A: Matrix; B: Matrix; b0: Float64Array } {
    const { A, theta } = this.#state('weights');
    return copyWeights(A, theta, this.hidden);
  }

  /**
   * Trains on X (N × d, without the ones column) and Y (N × c, or a vector). Returns `this`.
   * Refitting replaces the previous model.
   */
  fit(X: MatrixLike, Y: MatrixLike | VectorLike): this {
    this.assertUsable();
    const data = prepareData(X, Y, 'AnminNetwork.fit');
    const t0 = now();
    const timings: AnminTimings = { assembly: 0, hiddenRhs: 0, hiddenSolve: 0, output: 0, total: 0 };
    const { n } = data;
    const D = data.d + 1;
    const h = this.hidden;
    const owned: Matrix[] = [];
    let A: Matrix | null = null, theta: Matrix | null = null;
    let bestA: Matrix | null = null, bestTheta: Matrix | null = null;
    const history: AnminIteration[] = [];
    try {
      const { Xt, Y: Ym } = data;
      const G = Matrix.empty(n, h); owned.push(G);
      const S = Matrix.empty(n, h + 1); owned.push(S);
      const pattern = (Am: Matrix): number => {
        ops.gemm(0, 0, 1, Xt, Am, 0, G);
        return ops.firingPattern(G, this.alpha, G);
      };
      A = Matrix.random(D, h, { seed: this.seed, stream: 0 });
      let t = now();
      pattern(A);
      const outLambda = this.outputRegularization === 'gcv' ? 'gcv' as const : this.lambda;
      let fo = outputStep(Xt, Ym, A, this.alpha, outLambda, S);
      theta = fo.theta;
      checkFit(fo, 0);
      timings.output += now() - t;
      const initialTrainMse = fo.mse;
      let best = fo.mse, bestIteration = 0;
      bestA = A.clone(); bestTheta = theta.clone();
      for (let it = 1; it <= this.iterations; it++) {
        const step = hiddenStep(Xt, Ym, G, theta, { lambda: this.lambda, tau: this.tau, clamp: this.clamp });
        timings.assembly += step.tAssembly; timings.hiddenRhs += step.tRhs; timings.hiddenSolve += step.tSolve;
        A.dispose(); A = step.A;
        t = now();
        const dead = pattern(A);
        timings.hiddenRhs += now() - t;
        t = now();
        fo = outputStep(Xt, Ym, A, this.alpha, outLambda, S);
        theta.dispose(); theta = fo.theta;
        checkFit(fo, it);
        timings.output += now() - t;
        const entry: AnminIteration = {
          iteration: it, trainMse: fo.mse, logDet: step.logDet, branch: step.branch, clamped: step.clamped, outputLambda: fo.lambda,
          outputBranch: fo.branch,
          deadNeurons: dead, seconds: now() - t0,
        };
        history.push(entry);
        if (this.select === 'last' || fo.mse < best) {
          best = fo.mse; bestIteration = it;
          bestA.dispose(); bestTheta.dispose();
          bestA = A.clone(); bestTheta = theta.clone();
        }
        this.progress({ ...entry, stage: 'iteration', step: it, total: this.iterations, loss: fo.mse });
      }
      this.#A?.dispose(); this.#theta?.dispose();
      // the network owns its weights: they leave every scope (like SampledNetwork's)
      untrack(bestA); untrack(bestTheta);
      this.#A = bestA; this.#theta = bestTheta; this.#d = data.d;
      bestA = null; bestTheta = null;
      timings.total = now() - t0;
      this.history = history;
      this.diagnostics = { initialTrainMse, bestIteration, bestTrainMse: best, timings };
    } finally {
      for (const m of owned) m.dispose();
      A?.dispose(); theta?.dispose(); bestA?.dispose(); bestTheta?.dispose();
      data.dispose();
    }
    return this;
  }

  /** Predictions σ_α([1, X]A)B + 1b⁰ᵀ: N × c (see {@link Model.predict}). */
  protected predictMatrix(X: MatrixLike): Matrix {
    const { A, theta } = this.#state('predict');
    return predictFromWeights(X, this.#d, A, this.alpha, theta, 'AnminNetwork.predict');
  }

  /** Plain JSON object (weights column-major, options, history, diagnostics). */
  toJSON(): AnminNetworkJSON {
    const { A, theta } = this.#state('toJSON');
    return {
      type: 'AnminNetwork', version: 1,
      options: {
        hidden: this.hidden, alpha: this.alpha, lambda: this.lambda, iterations: this.iterations,
        // JSON has no ±Infinity: ±1e308 behaves identically in the test ln det > τ
        tau: Number.isFinite(this.tau) ? this.tau : Math.sign(this.tau) * 1e308, clamp: this.clamp, seed: this.seed, select: this.select, outputRegularization: this.outputRegularization,
      },
      inputDim: this.#d, outputDim: theta.cols,
      A: [...A.toColumnMajor()], theta: [...theta.toColumnMajor()],
      history: this.history.map((e) => ({ ...e, logDet: Number.isFinite(e.logDet) ? e.logDet : null })),
      diagnostics: this.diagnostics ? { ...this.diagnostics, timings: { ...this.diagnostics.timings } } : null,
    };
  }

  /**
   * Restores a network saved with {@link AnminNetwork.toJSON}. The document is checked strictly
   * (types, ranges, finiteness, lengths, no unknown fields): a tampered file raises an
   * `InvalidInputError` naming the field. A history `logDet` of null is −Infinity.
   */
  static fromJSON(obj: AnminNetworkJSON | unknown): AnminNetwork {
    const fn = 'AnminNetwork.fromJSON';
    const f = expectModelJSON(obj, fn, { type: 'AnminNetwork', version: 1 },
      { required: ['options', 'inputDim', 'outputDim', 'A', 'theta', 'history', 'diagnostics'] });
    const net = modelFromJSONOptions(f, 'options', OPTIONS, (o) => new AnminNetwork(o as AnminNetworkOptions));
    try {
      // every field is checked before anything is allocated in wasm memory
      const w = twoLayerWeightsFromJSON(f, net.hidden);
      const history = f.objects('history', net.iterations, { required: ['iteration', 'trainMse', 'logDet', 'branch', 'clamped', 'outputLambda', 'outputBranch', 'deadNeurons', 'seconds'] })
        .map((e, i): AnminIteration => ({
          iteration: e.int('iteration', i + 1, i + 1), trainMse: e.number('trainMse', 0),
          logDet: e.numberOrNull('logDet', -Infinity), branch: e.enum('branch', ['cholesky', 'svd'] as const),
          clamped: e.int('clamped', 0, MAX_DIM), outputLambda: e.number('outputLambda', 0), outputBranch: e.enum('outputBranch', ['cholesky', 'svd'] as const),
          deadNeurons: e.int('deadNeurons', 0, net.hidden), seconds: e.number('seconds', 0),
        }));
      const dg = f.objectOrNull('diagnostics', { required: ['initialTrainMse', 'bestIteration', 'bestTrainMse', 'timings'] });
      let diagnostics: AnminDiagnostics | null = null;
      if (dg) {
        const t = dg.object('timings', { required: ['assembly', 'hiddenRhs', 'hiddenSolve', 'output', 'total'] });
        diagnostics = {
          initialTrainMse: dg.number('initialTrainMse', 0), bestIteration: dg.int('bestIteration', 0, history.length),
          bestTrainMse: dg.number('bestTrainMse', 0),
          timings: { assembly: t.number('assembly', 0), hiddenRhs: t.number('hiddenRhs', 0), hiddenSolve: t.number('hiddenSolve', 0), output: t.number('output', 0), total: t.number('total', 0) },
        };
      }
      const { A, theta } = w.allocate();
      net.#A = A; net.#theta = theta; net.#d = w.d;
      net.history = history;
      net.diagnostics = diagnostics;
      return net;
    } catch (err) {
      net.dispose();
      throw err;
    }
  }

  protected release(): void {
    this.#A?.dispose(); this.#theta?.dispose();
    this.#A = null; this.#theta = null;
  }
}
