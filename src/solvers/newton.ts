/**
 * Newton methods for smooth convex finite sums (ALGORITHMS.md §5.5): L2-regularised multinomial
 * softmax cross-entropy and binary logistic regression,
 *
 *   F(W) = (1/n) Σ_i ℓ(x_iᵀW; y_i) + (λ/2)·‖W‖²_F,
 *
 * by exact Newton–CG with an Armijo line search (mode `'full'`, the reference) or by a
 * sub-sampled-Hessian Newton method (mode `'subsampled'`) whose step is a Steihaug-CG
 * trust-region step, an adaptive cubic-regularisation (ARC) step solved in a Lanczos subspace,
 * or CG + line search; optionally with a uniformly sub-sampled gradient (`gradientSample`).
 * The elementwise loss, residual and Hessian parts are wasm kernels (assembly/nn/softmax.ts);
 * every product with X is a GEMM. Data passes are counted: one product X·V or Xᵀ·U over all n
 * rows is one pass, over s sampled rows s/n (gathering s rows also counts s/n).
 * @module
 */
import { ops, type Block } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { eigh } from '../linalg/eigh.js';
import { checkOptions, describe, enumOption, intOption, numberOption, seedOption } from '../validate.js';
import { coefficientMatrix } from '../linalg/rhs.js';

/** The problem of {@link newton}. */
export interface NewtonProblem {
  /** `'softmax'`: multinomial cross-entropy, W is p×k; `'logistic'`: binary logistic loss, W is p×1. */
  loss: 'softmax' | 'logistic';
  /**
   * Features, n×p (rows are samples). There is no separate intercept: add a column of ones to X
   * for one. That column is an ordinary column of X, so its weights ARE penalised by λ.
   */
  X: MatrixLike;
  /** n integer labels: 0..k−1 for softmax, 0 or 1 for logistic. */
  labels: ArrayLike<number>;
  /** Softmax only: the number of classes k ≥ 2 (default: largest label + 1). */
  classes?: number;
  /** L2 weight λ ≥ 0 of (λ/2)‖W‖²_F (all of W, the intercept column included). λ > 0 makes F strongly convex. */
  lambda: number;
}

/** One iteration of {@link newton} (also the argument of `onProgress`). */
export interface NewtonIteration {
  /** Iteration number (0 = the starting point). */
  iteration: number;
  /** F at the current iterate (after this iteration's step). */
  objective: number;
  /**
   * ‖∇F‖_F at the current iterate: the full gradient when `gradientRows` = n, else the norm of the
   * sub-sampled gradient estimate (option `gradientSample`).
   */
  gradientNorm: number;
  /** Rows behind this entry's gradient: n for the full gradient, the sample size for a sub-sampled one. */
  gradientRows: number;
  /** Cumulative data passes (see the module notes). */
  dataPasses: number;
  /** CG (Lanczos, for step 'cubic') iterations of this iteration's inner solve (0 at iteration 0). */
  cgIterations: number;
  /** The Armijo step length α (full mode, or sub-sampled with step 'line-search'); the trust radius used ('trust-region'); the regularisation σ used ('cubic'). */
  step: number;
  /** Whether the step was taken (the line search always takes one; a trust-region step may be rejected). */
  accepted: boolean;
}

/** Options of {@link newton}. */
export interface NewtonOptions {
  /** `'full'` (default): exact Newton–CG + Armijo. `'subsampled'`: sub-sampled Hessian + trust region. */
  mode?: 'full' | 'subsampled';
  /** Stop when ‖∇F‖ ≤ tol·(1 + |F|). Default 1e-8. */
  tol?: number;
  /** Outer iteration limit. Default 200. */
  maxIter?: number;
  /** η_max of the CG forcing term: CG stops at ‖r‖ ≤ η‖∇F‖ with η = min(η_max, √‖∇F‖) (full) or η = η_max (sub-sampled). Default 0.5. */
  cgTol?: number;
  /** CG iteration limit per outer iteration. Default 200. */
  maxCg?: number;
  /**
   * Sub-sampled mode: how a step is taken. `'trust-region'` (default): Steihaug CG on the sampled
   * model inside a trust region, ratio test on the exact F. `'cubic'`: adaptive cubic
   * regularisation (ARC), min gᵀs + ½sᵀH_S s + (σ/3)‖s‖³ over a Lanczos (Krylov) subspace of H_S,
   * ratio test on the exact F, σ adapted. `'line-search'`: CG on the sampled Hessian (same
   * forcing term) then the Armijo line search of the full mode.
   */
  step?: 'trust-region' | 'cubic' | 'line-search';
  /**
   * Sub-sampled mode with step `'trust-region'` or `'cubic'`: estimate the gradient from this many
   * rows (≥ 2) drawn uniformly with replacement, G_S = (1/s)Σ_t ∇ℓ_{i_t}(W) + λW (unbiased). The
   * sample grows by the norm test (the estimated variance of G_S must stay below (½‖G_S‖)²);
   * once it reaches n/3 the full gradient (1 pass) is used instead. The stopping test always uses
   * the full gradient: it is evaluated whenever ‖G_S‖ passes the test, and at the end.
   * Default: none (full gradient every iteration).
   */
  gradientSample?: number;
  /** Sub-sampled mode, step `'cubic'`: initial regularisation σ > 0. Default 1. */
  sigma?: number;
  /** Sub-sampled mode: Hessian sample size s (rows, drawn i.i.d. with replacement each iteration). Default min(n, max(⌈n/5⌉, 2p)). */
  hessianSample?: number;
  /**
   * Sub-sampled mode: `'row-norm'` (default): rows drawn with q_i ∝ ‖x_i‖²·c_i(W), the row norms
   * of the Hessian's square-root factor at the current W (c_i = 1 − ‖p_i‖² for softmax, p_i(1 − p_i)
   * for logistic; ‖x_i‖² computed once, one pass), importance weights 1/(s·n·q_i); `'uniform'`:
   * q_i = 1/n, weights 1/s. Both give an unbiased estimate of the data part of the Hessian.
   */
  sampling?: 'uniform' | 'row-norm';
  /** Sub-sampled mode: initial trust radius (Frobenius norm of the step). Default 1. */
  radius?: number;
  /** Seed of the row sampling (Philox stream; runs are reproducible). Default 0. */
  seed?: number;
  /** Starting point, p×k (p×1 for logistic). Default zeros. */
  W0?: MatrixLike;
  /** Called after every iteration; returning `false` stops the solver (converged false). */
  onProgress?: (it: NewtonIteration) => void | boolean;
}

/** Result of {@link newton}. */
export interface NewtonResult {
  /** The weights: p×k (softmax) or p×1 (logistic). The caller disposes it. */
  W: Matrix;
  /** F(W). */
  objective: number;
  /** ‖∇F(W)‖_F. */
  gradientNorm: number;
  /** Outer iterations taken. */
  iterations: number;
  /** Data passes in all (see the module notes). */
  dataPasses: number;
  /** One entry per iteration, the starting point first. */
  history: NewtonIteration[];
  /** ‖∇F‖ ≤ tol·(1 + |F|) was reached. */
  converged: boolean;
  /** Why the solver stopped. */
  message: string;
}

const KNOWN = ['mode', 'step', 'tol', 'maxIter', 'cgTol', 'maxCg', 'hessianSample', 'sampling', 'radius', 'seed', 'W0', 'onProgress', 'gradientSample', 'sigma'] as const;
const PROBLEM_KEYS = ['loss', 'X', 'labels', 'classes', 'lambda'] as const;
const EPS = 2 ** -52;
const STREAM_SAMPLE = 0x4e;
/** Philox stream family of the gradient samples (stream STREAM_GRAD·2¹⁶ + draw number). */
const STREAM_GRAD = 0x47;
/** Norm test of the sub-sampled gradient: the estimated E‖G_S − ∇F‖² must stay ≤ (θ‖G_S‖)². */
const GRAD_THETA = 0.5;
/** ARC: accept at ρ ≥ η₁, halve σ at ρ ≥ η₂, double it below η₁ (Cartis, Gould, Toint 2011). */
const ARC_ETA1 = 0.1, ARC_ETA2 = 0.9;
const ARMIJO_C1 = 1e-4;
/** 8ε: decreases of F below ROUNDING_SLACK·(1 + |F|) are rounding noise (accepted, see the docs). */
const ROUNDING_SLACK = 2 ** -49;

type Disposable = { dispose(): void };

/** A checked problem: X (n×p, finite), labels in wasm, k (1 for logistic). Dispose it. */
interface ParsedProblem {
  X: Matrix; labels: Block; y: Int32Array; n: number; p: number; k: number; loss: 'softmax' | 'logistic'; lambda: number;
  dispose(): void;
}

/** Checks a {@link NewtonProblem} (keys, λ, X finite, labels integers in range). */
function parseProblem(problem: NewtonProblem, fn: string): ParsedProblem {
  checkOptions(problem, PROBLEM_KEYS, `${fn}(problem)`);
  if (problem === undefined) throw new InvalidInputError(`${fn}: the problem { loss, X, labels, lambda } is required`);
  const loss = enumOption(problem.loss, 'loss', `${fn}(problem)`, ['softmax', 'logistic'] as const);
  const lambdaRaw: unknown = problem.lambda;
  if (typeof lambdaRaw !== 'number' || !Number.isFinite(lambdaRaw) || lambdaRaw < 0) {
    throw new InvalidInputError(`${fn}: problem.lambda must be a finite number ≥ 0, got ${describe(lambdaRaw)}`);
  }
  const lambda = lambdaRaw;
  const { A: X, owned } = coefficientMatrix(problem.X, fn, 'X');
    try {
    const n = X.rows, p = X.cols;
    // ---- labels
    const raw: unknown = problem.labels;
    if (raw === null || typeof raw !== 'object' || typeof (raw as ArrayLike<number>).length !== 'number') {
      throw new InvalidInputError(`${fn}: problem.labels must be an array of integers`);
    }
    const lab = raw as ArrayLike<unknown>;
    if (lab.length !== n) throw new ShapeError(`${fn}: ${lab.length} labels for ${n} rows of X`);
    const y = new Int32Array(n);
    let maxLabel = 0;
    for (let i = 0; i < n; i++) {
      const v = lab[i];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1) {
        throw new InvalidInputError(`${fn}: label ${i} is ${describe(v)}, expected a non-negative integer`);
      }
      y[i] = v; if (v > maxLabel) maxLabel = v;
    }
    let k: number;
    if (loss === 'logistic') {
      if (problem.classes !== undefined) throw new InvalidInputError(`${fn}: problem.classes is for loss 'softmax' only`);
      if (maxLabel > 1) throw new InvalidInputError(`${fn}: logistic labels must be 0 or 1, found ${maxLabel}`);
      k = 1;
    } else {
      if (problem.classes === undefined) k = maxLabel + 1;
      else {
        const c: unknown = problem.classes;
        if (typeof c !== 'number' || !Number.isInteger(c) || c < 2 || c > 1e6) throw new InvalidInputError(`${fn}: problem.classes must be an integer in [2, 1e6], got ${describe(c)}`);
        k = c;
      }
      if (maxLabel >= k) throw new InvalidInputError(`${fn}: label ${maxLabel} is outside 0..${k - 1} (classes ${k})`);
      if (k < 2) throw new InvalidInputError(`${fn}: softmax needs at least 2 classes, the labels have ${k}`);
    }
    const labels = ops.labelBlock(y);
    return { X, labels, y, n, p, k, loss, lambda, dispose: () => { labels.free(); if (owned) X.dispose(); } };
    } catch (err) {
    if (owned) X.dispose();
    throw err;
    }
}

/** Flattened vector view of a matrix (all its entries, unit stride). */
function vec(M: Matrix): { buf: Block; length: number } {
  return { buf: M.buf, length: M.rows * M.cols };
}
function dot(a: Matrix, b: Matrix): number {
  return ops.dot(vec(a), vec(b), a.rows * a.cols);
}
function axpy(alpha: number, x: Matrix, y: Matrix): void {
  ops.axpy(alpha, vec(x), vec(y), x.rows * x.cols);
}

/** Work buffers of {@link sampledGradient} for a sample of s rows. */
interface GradientBuffers { s: number; Xg: Matrix; Zg: Matrix; rsq: Matrix; rr: Matrix; dispose(): void }
function gradientBuffers(s: number, p: number, k: number, variance: boolean): GradientBuffers {
  const Xg = Matrix.zeros(s, p), Zg = Matrix.zeros(s, k);
  const rsq = Matrix.zeros(variance ? s : 0, 1), rr = Matrix.zeros(variance ? s : 0, 1);
  return { s, Xg, Zg, rsq, rr, dispose: () => { Xg.dispose(); Zg.dispose(); rsq.dispose(); rr.dispose(); } };
}

/**
 * Uniform sub-sampled gradient G ← (1/s)·Σ_t x_{i_t}(p_{i_t} − e_{y_{i_t}})ᵀ + λW, i_t i.i.d.
 * uniform on 0..n−1 (Philox stream `stream` of `seed`): E[G] = ∇F(W). Costs 3s/n data passes
 * (gather, X_S·W, X_Sᵀ·R_S). With `rowSq` (‖x_i‖², n×1) also returns the sample variance of one
 * draw, v = (1/(s−1))·Σ_t ‖g_t − ḡ‖²_F with g_t = x_{i_t} r_{i_t}ᵀ (‖g_t‖² = ‖x_{i_t}‖²‖r_{i_t}‖²),
 * so that E‖G − ∇F‖² ≈ v/s; NaN without rowSq.
 */
function sampledGradient(prob: ParsedProblem, W: Matrix, buf: GradientBuffers, seed: number, stream: number,
  rowSq: Matrix | null, G: Matrix): number {
  const { X, y, n, loss, lambda } = prob;
  const s = buf.s;
  const idx = ops.swimSampleDiscrete(n, null, s, seed, stream);
  ops.gatherRows(X, idx, buf.Xg);
  const ys = new Int32Array(s);
  for (let t = 0; t < s; t++) ys[t] = y[idx[t]!]!; // label bookkeeping for the sampled rows
  const lb = ops.labelBlock(ys);
  try {
    ops.gemm(0, 0, 1, buf.Xg, W, 0, buf.Zg);
    if (loss === 'softmax') { ops.softmaxLoss(buf.Zg, lb, null, buf.Zg); ops.softmaxResidual(buf.Zg, lb, null, 1, buf.Zg); }
    else { ops.logisticLoss(buf.Zg, lb, null, buf.Zg); ops.logisticResidual(buf.Zg, lb, null, 1, buf.Zg); }
  } finally { lb.free(); }
  ops.gemm(1, 0, 1 / s, buf.Xg, buf.Zg, 0, G); // ḡ (data part)
  let v = NaN;
  if (rowSq !== null && s >= 2) {
    ops.gatherRows(rowSq, idx, buf.rsq);
    buf.rr.view().set(ops.rowNormsSq(buf.Zg));
    const m2 = ops.dot(vec(buf.rsq), vec(buf.rr), s) / s; // mean ‖g_t‖²
    const g2 = dot(G, G);
    v = Math.max(0, (m2 - g2) * s / (s - 1));
  }
  axpy(lambda, W, G);
  return v;
}

/**
 * The cubic model in a Lanczos basis: minimises m(y) = β₀y₀ + ½yᵀTy + (σ/3)‖y‖³ for the
 * symmetric tridiagonal T (diagonal `alpha`, off-diagonal `beta`, size j = alpha.length ≤ a few
 * hundred). Global minimiser (Cartis, Gould, Toint 2011, Thm 3.1): y = −(T + λI)⁻¹β₀e₁ with
 * λ = σ‖y‖ ≥ max(0, −μ_min(T)), found by bisection on the monotone ‖y(λ)‖ − λ/σ in T's
 * eigenbasis (eigh of the j×j T). Returns y, m(y) and ‖y‖.
 */
function cubicSubproblem(alpha: readonly number[], beta: readonly number[], beta0: number, sigma: number): { y: Float64Array; m: number; norm: number } {
  const j = alpha.length;
  const T = Matrix.zeros(j, j);
  let mu: Float64Array, V: Float64Array;
  try {
    for (let i = 0; i < j; i++) {
      T.set(i, i, alpha[i]!);
      if (i + 1 < j) { T.set(i, i + 1, beta[i]!); T.set(i + 1, i, beta[i]!); }
    }
    const e = eigh(T);
    try { mu = Float64Array.from(e.values); V = e.vectors!.toColumnMajor(); } finally { e.vectors?.dispose(); }
  } finally { T.dispose(); }
  const c = Float64Array.from({ length: j }, (_, i) => beta0 * V[i * j]!); // c = Vᵀ(β₀e₁)
  const normAt = (lam: number): number => {
    let q = 0;
    for (let i = 0; i < j; i++) { const d = mu[i]! + lam; if (c[i] !== 0) q += (c[i]! / d) ** 2; }
    return Math.sqrt(q);
  };
  const lo0 = Math.max(0, -mu[0]!);
  let lo = lo0, hi = lo0 + 2 * Math.sqrt(sigma * beta0) + EPS * (1 + lo0);
  while (normAt(hi) - hi / sigma > 0 && Number.isFinite(hi)) hi *= 2; // (cannot happen in exact arithmetic)
  const z = new Float64Array(j);
  let lam: number;
  const psiLo = lo > 0 || mu[0]! > 0 ? normAt(lo) - lo / sigma : Infinity;
  if (mu[0]! <= 0 && psiLo < 0) {
    // hard case: c ⟂ the eigenspace of μ_min; λ = −μ_min and a multiple of that eigenvector fills ‖y‖ = λ/σ
    lam = lo;
    for (let i = 0; i < j; i++) z[i] = mu[i]! + lam > 0 ? -c[i]! / (mu[i]! + lam) : 0;
    const rest = normAt(lam);
    z[0] = Math.sqrt(Math.max(0, (lam / sigma) ** 2 - rest * rest));
  } else {
    for (let t = 0; t < 200 && hi - lo > 4 * EPS * hi; t++) {
      const mid = 0.5 * (lo + hi);
      if (normAt(mid) - mid / sigma > 0) lo = mid; else hi = mid;
    }
    lam = hi;
    for (let i = 0; i < j; i++) z[i] = -c[i]! / (mu[i]! + lam);
  }
  let nz = 0, m = 0;
  for (let i = 0; i < j; i++) { nz += z[i]! * z[i]!; m += c[i]! * z[i]! + 0.5 * mu[i]! * z[i]! * z[i]!; }
  nz = Math.sqrt(nz);
  m += (sigma / 3) * nz * nz * nz;
  const yv = new Float64Array(j); // y = V z
  for (let i = 0; i < j; i++) { const zi = z[i]!; if (zi !== 0) for (let r = 0; r < j; r++) yv[r] = yv[r]! + V[r + i * j]! * zi; }
  return { y: yv, m, norm: nz };
}

/**
 * Minimises the L2-regularised softmax cross-entropy or logistic loss by Newton's method
 * (see the module notes and docs/solvers.md "Newton for softmax/logistic regression").
 * Throws {@link ShapeError} for mismatched sizes (labels vs rows, W0), {@link InvalidInputError}
 * for non-finite X, non-integer or out-of-range labels, bad λ or classes, {@link OptionError}
 * for bad or unknown options, and {@link NonFiniteError} when F or ∇F overflows (extreme X).
 * @example
 * const { W, objective } = newton({ loss: 'softmax', X, labels, lambda: 1e-3 }, { tol: 1e-10 });
 */
export function newton(problem: NewtonProblem, options: NewtonOptions = {}): NewtonResult {
  const fn = 'newton';
  checkOptions(options, KNOWN, fn);
  const mode = enumOption(options.mode ?? 'full', 'mode', fn, ['full', 'subsampled'] as const);
  const tol = numberOption(options.tol ?? 1e-8, 'tol', fn, 0, 1);
  const maxIter = intOption(options.maxIter ?? 200, 'maxIter', fn, 0, 1_000_000);
  const cgTol = numberOption(options.cgTol ?? 0.5, 'cgTol', fn, 0, 1, false);
  const maxCg = intOption(options.maxCg ?? 200, 'maxCg', fn, 1, 1_000_000);
  const stepRule = enumOption(options.step ?? 'trust-region', 'step', fn, ['trust-region', 'cubic', 'line-search'] as const);
  const sigma0 = numberOption(options.sigma ?? 1, 'sigma', fn, 0, Infinity, false);
  if (options.gradientSample !== undefined && (mode !== 'subsampled' || stepRule === 'line-search')) {
    throw new OptionError(`${fn}: option 'gradientSample' needs mode 'subsampled' with step 'trust-region' or 'cubic' (the Armijo search needs the exact directional derivative)`);
  }
  const gradSample0 = options.gradientSample === undefined ? 0 : intOption(options.gradientSample, 'gradientSample', fn, 2, 2 ** 31 - 1);
  const sampling = enumOption(options.sampling ?? 'row-norm', 'sampling', fn, ['uniform', 'row-norm'] as const);
  const radius0 = numberOption(options.radius ?? 1, 'radius', fn, 0, Infinity, false);
  const seed = seedOption(options.seed ?? 0, fn);
  const onProgress = options.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new OptionError(`${fn}: option 'onProgress' must be a function`);

  const temps: Disposable[] = [];
  const keep = <T extends Disposable>(x: T): T => { temps.push(x); return x; };
  let W: Matrix | null = null;
  try {
    const prob = parseProblem(problem, fn);
    temps.push(prob);
    const { X, labels, n, p, k, loss, lambda } = prob;
    const pk = p * k;
    const defaultS = Math.min(n, Math.max(Math.ceil(n / 5), 2 * p));
    const s = intOption(options.hessianSample ?? defaultS, 'hessianSample', fn, 1, 2 ** 31 - 1);

    // ---- state
    W = Matrix.zeros(p, k);
    if (options.W0 !== undefined) {
      const { A: W0, owned: o0 } = coefficientMatrix(options.W0, fn, 'W0');
      try {
        if (W0.rows !== p || W0.cols !== k) throw new ShapeError(`${fn}: W0 is ${W0.rows}×${W0.cols}, expected ${p}×${k}`);
        ops.copy(W0, W);
      } finally { if (o0) W0.dispose(); }
    }
    let Z = keep(Matrix.zeros(n, k)), P = keep(Matrix.zeros(n, k));
    let Zt = keep(Matrix.zeros(n, k)), Pt = keep(Matrix.zeros(n, k));
    const ZS = keep(Matrix.zeros(n, k)), R = keep(Matrix.zeros(n, k));
    const G = keep(Matrix.zeros(p, k)), S = keep(Matrix.zeros(p, k));
    const r = keep(Matrix.zeros(p, k)), d = keep(Matrix.zeros(p, k)), Hd = keep(Matrix.zeros(p, k));
    let passes = 0;

    /** Data loss (mean) at margins Zm, probabilities into Pm. */
    const dataLoss = (Zm: Matrix, Pm: Matrix, w: Matrix | null): number =>
      (loss === 'softmax' ? ops.softmaxLoss(Zm, labels, w, Pm) : ops.logisticLoss(Zm, labels, w, Pm)) / n;
    /** G = Xᵀ(P − Y)/n + λW (one pass). */
    const gradient = (): void => {
      if (loss === 'softmax') ops.softmaxResidual(P, labels, null, 1 / n, R);
      else ops.logisticResidual(P, labels, null, 1 / n, R);
      ops.copy(W!, G);
      ops.gemm(1, 0, 1, X, R, lambda, G);
      passes += 1;
    };
    // Hessian-vector product on rows Xh (all of X or a sample), probabilities Ph, row weights wh, scale c
    const hvpBuffers = new Map<number, Matrix>();
    const hvp = (Xh: Matrix, Ph: Matrix, wh: Matrix | null, c: number, V: Matrix, out: Matrix): void => {
      let U = hvpBuffers.get(Xh.rows);
      if (U === undefined) { U = keep(Matrix.zeros(Xh.rows, k)); hvpBuffers.set(Xh.rows, U); }
      ops.gemm(0, 0, 1, Xh, V, 0, U);
      if (loss === 'softmax') ops.softmaxHessApply(Ph, wh, c, U);
      else ops.logisticHessApply(Ph, wh, c, U);
      ops.copy(V, out);
      ops.gemm(1, 0, 1, Xh, U, lambda, out);
      passes += 2 * Xh.rows / n;
    };

    // ---- gradient: full (1 pass, P is current) or uniformly sub-sampled (3s/n passes)
    let sg = gradSample0;
    let sgActive = sg > 0 && 3 * sg < n;
    let gExact = true, gRows = n, gradDraws = 0, gnorm = 0;
    let gradBuf: GradientBuffers | null = null;
    keep({ dispose: () => gradBuf?.dispose() });
    let rowSq: Matrix | null = null;
    const useRowSq = (): Matrix => {
      if (rowSq === null) { rowSq = keep(Matrix.fromVector(ops.rowNormsSq(X))); passes += 1; }
      return rowSq;
    };
    const fullGradient = (): void => { gradient(); gExact = true; gRows = n; gnorm = Math.sqrt(dot(G, G)); };
    /** The gradient at the current W (F and P current): sampled while the sample is active, else full. */
    const refreshGradient = (): void => {
      if (!sgActive) { fullGradient(); return; }
      if (gradBuf === null || gradBuf.s !== sg) { gradBuf?.dispose(); gradBuf = null; gradBuf = gradientBuffers(sg, p, k, true); }
      const v = sampledGradient(prob, W!, gradBuf, seed, STREAM_GRAD * 0x10000 + (gradDraws++ % 0x10000), useRowSq(), G);
      passes += 3 * sg / n;
      gExact = false; gRows = sg;
      gnorm = Math.sqrt(dot(G, G));
      // norm test (Byrd, Chin, Nocedal, Wu 2012): grow the sample when v/s > (θ‖G_S‖)²
      if (v / sg > (GRAD_THETA * gnorm) ** 2) {
        sg = Math.min(n, Math.max(sg + 1, Math.ceil(v / (GRAD_THETA * gnorm) ** 2)));
        if (3 * sg >= n) sgActive = false; // a sample this large costs as much as the full gradient
      }
      if (gnorm <= tol * (1 + Math.abs(F))) fullGradient(); // the stopping test uses the full gradient
    };

    // ---- starting point
    ops.gemm(0, 0, 1, X, W, 0, Z); passes += 1;
    const wsq = (): number => dot(W!, W!);
    let F = dataLoss(Z, P, null) + 0.5 * lambda * wsq();
    refreshGradient();
    const history: NewtonIteration[] = [];
    const record = (it: NewtonIteration): boolean => {
      history.push(it);
      return onProgress === undefined ? true : onProgress({ ...it }) !== false;
    };
    if (!Number.isFinite(F) || !Number.isFinite(gnorm)) throw new NonFiniteError(`${fn}: the objective or gradient at the starting point is not finite (F = ${F}, ‖∇F‖ = ${gnorm}): X or W0 is too large; scale the features`);
    let stop = !record({ iteration: 0, objective: F, gradientNorm: gnorm, gradientRows: gRows, dataPasses: passes, cgIterations: 0, step: 0, accepted: true });
    let converged = gExact && gnorm <= tol * (1 + Math.abs(F));
    let message = converged ? 'gradient norm below tol at the starting point' : stop ? 'stopped by onProgress' : '';
    let iter = 0;

    // ---- sub-sampled mode: sampling distribution and sample buffers
    let imp: Matrix | null = null;
    let Xs: Matrix | null = null, Ps: Matrix | null = null, ws: Matrix | null = null;
    if (mode === 'subsampled' && !converged && !stop) {
      if (sampling === 'row-norm') {
        useRowSq();
        imp = keep(Matrix.zeros(n, 1));
      }
      Xs = keep(Matrix.zeros(s, p)); Ps = keep(Matrix.zeros(s, k)); ws = keep(Matrix.zeros(s, 1));
    }
    let delta = radius0, sigma = sigma0;
    // Lanczos basis of the cubic step (p·k × up to maxCg columns, allocated on first use)
    let lanczos: Matrix | null = null, hcoef: Matrix | null = null, ycoef: Matrix | null = null;
    const slack = (): number => ROUNDING_SLACK * (1 + Math.abs(F));

    while (!converged && !stop && iter < maxIter) {
      iter++;
      // forcing term: full mode min(η_max, √‖g‖) (superlinear); sub-sampled η_max (the sampled
      // Hessian is inexact: a tighter inner solve costs passes and buys nothing)
      const eta = mode === 'subsampled' ? cgTol : Math.min(cgTol, Math.sqrt(gnorm));
      const cgStop = eta * gnorm;
      // CG on H s = −g from s = 0 (r = H s + g, d = −r)
      ops.fill(S, 0); ops.copy(G, r); ops.copy(G, d); ops.scal(-1, vec(d), p * k);
      let rr = dot(r, r);
      let cgIt = 0;
      let accepted = true, stepLen = 1;
      const sampled = mode === 'subsampled';
      if (sampled) {
        // ---- sample s rows (i.i.d., with replacement); H_S = Σ_t h_{i_t}/(s·n·q_{i_t}) + λI
        // i.i.d. draws in wasm (cumulative sums + binary search; zero weights never drawn), one
        // Philox stream per iteration, so a run depends on (seed, iteration) only
        const stream = STREAM_SAMPLE * 0x10000 + iter;
        let weighted = false, tot = 0;
        if (sampling === 'row-norm') {
          // q_i ∝ ‖x_i‖²·tr(∇²ℓ_i) at the current W (no data pass: ‖x_i‖² once, P is current)
          tot = ops.hessianRowWeights(P, vec(rowSq!), vec(imp!));
          weighted = tot > 0 && Number.isFinite(tot);
        }
        const idx = ops.swimSampleDiscrete(n, weighted ? vec(imp!) : null, s, seed, stream);
        const wt = new Float64Array(s);
        for (let t = 0; t < s; t++) wt[t] = weighted ? tot / (s * n * imp!.get(idx[t]!, 0)) : 1 / s;
        ops.gatherRows(X, idx, Xs!); passes += s / n;
        ops.gatherRows(P, idx, Ps!);
        ws!.view().set(wt);
      }
      const Hx = sampled ? Xs! : X, Hp = sampled ? Ps! : P, Hw = sampled ? ws : null, Hc = sampled ? 1 : 1 / n;
      if (!sampled || stepRule === 'line-search') {
        while (cgIt < maxCg && Math.sqrt(rr) > cgStop) {
          hvp(Hx, Hp, Hw, Hc, d, Hd);
          cgIt++;
          const dHd = dot(d, Hd);
          if (!(dHd > 0)) { if (cgIt === 1) ops.copy(d, S); break; } // non-positive curvature (λ = 0): stop CG
          const alpha = rr / dHd;
          axpy(alpha, d, S); axpy(alpha, Hd, r);
          const rr1 = dot(r, r);
          ops.scal(rr1 / rr, vec(d), p * k); axpy(-1, r, d);
          rr = rr1;
        }
        // Armijo backtracking on Z + α·XS (one pass for XS, none per trial)
        ops.gemm(0, 0, 1, X, S, 0, ZS); passes += 1;
        const gs = dot(G, S), ws2 = dot(W, S), ss = dot(S, S), w2 = wsq();
        if (!(gs < 0)) {
          message = `no descent direction (gᵀs = ${gs}): stopped at the rounding floor`;
          accepted = false; stepLen = 0;
        } else {
          let a = 1, ok = false;
          for (let t = 0; t < 60; t++) {
            ops.geadd(1, Z, a, ZS, Zt);
            const Ft = dataLoss(Zt, Pt, null) + 0.5 * lambda * (w2 + 2 * a * ws2 + a * a * ss);
            if (Ft <= F + ARMIJO_C1 * a * gs + slack()) { F = Ft; ok = true; break; }
            a *= 0.5;
          }
          if (ok) {
            axpy(a, S, W);
            [Z, Zt] = [Zt, Z]; [P, Pt] = [Pt, P];
            stepLen = a;
            fullGradient();
          } else {
            message = 'the line search failed (no decrease within 60 halvings): stopped at the rounding floor';
            accepted = false; stepLen = 0;
          }
        }
      } else if (stepRule === 'trust-region') {
        // ---- Steihaug CG on m(s) = gᵀs + ½ sᵀH_S s, ‖s‖ ≤ Δ
        let ssn = 0; // ‖s‖²
        while (cgIt < maxCg && Math.sqrt(rr) > cgStop) {
          hvp(Hx, Hp, Hw, Hc, d, Hd);
          cgIt++;
          const dHd = dot(d, Hd), sd = dot(S, d), dd = dot(d, d);
          const toBoundary = (): void => {
            const tau = (-sd + Math.sqrt(sd * sd + dd * (delta * delta - ssn))) / dd;
            axpy(tau, d, S); axpy(tau, Hd, r);
          };
          if (!(dHd > 0)) { toBoundary(); break; }
          const alpha = rr / dHd;
          const nextSq = ssn + 2 * alpha * sd + alpha * alpha * dd;
          if (nextSq >= delta * delta) { toBoundary(); break; }
          axpy(alpha, d, S); axpy(alpha, Hd, r);
          ssn = nextSq;
          const rr1 = dot(r, r);
          ops.scal(rr1 / rr, vec(d), p * k); axpy(-1, r, d);
          rr = rr1;
        }
        const sNorm = Math.sqrt(dot(S, S));
        // predicted decrease −m(s) = −(½gᵀs + ½sᵀr) (r = H_S s + g)
        const pred = -0.5 * (dot(G, S) + dot(S, r));
        ops.gemm(0, 0, 1, X, S, 0, ZS); passes += 1;
        ops.geadd(1, Z, 1, ZS, Zt);
        const ws2 = dot(W, S), ss = dot(S, S), w2 = wsq();
        const Ft = dataLoss(Zt, Pt, null) + 0.5 * lambda * (w2 + 2 * ws2 + ss);
        const actual = F - Ft;
        const rho = pred > 0 ? actual / pred : -Infinity;
        // decreases below the rounding of F are accepted (ρ is noise there)
        const tiny = pred <= slack() && Ft <= F + slack();
        stepLen = delta;
        accepted = tiny || rho > 1e-4;
        if (!tiny) {
          if (!(rho >= 0.25)) delta = 0.25 * sNorm; // also a NaN ρ (overflow at the trial point)
          else if (rho > 0.75 && sNorm >= 0.99 * delta) delta = 2 * delta;
        }
        if (accepted) {
          axpy(1, S, W); F = Ft;
          [Z, Zt] = [Zt, Z]; [P, Pt] = [Pt, P];
          refreshGradient();
        } else if (!gExact) refreshGradient(); // a rejected step draws a fresh gradient sample
        if (!(delta > 0) || delta < EPS * (1 + Math.sqrt(w2))) message = 'the trust radius fell below the rounding floor';
      } else {
        // ---- ARC: min m(s) = gᵀs + ½sᵀH_S s + (σ/3)‖s‖³ over the Krylov space K_j(H_S, g), built by
        // Lanczos with full reorthogonalisation; stop when ‖∇m(s_j)‖ = β_{j+1}|e_jᵀy| ≤ cgTol·‖g‖ (the
        // TC.g rule of Cartis, Gould, Toint 2011 with κ_θ = cgTol: a constant forcing term as for the
        // trust-region step, the sampled Hessian being inexact) or at maxCg / p·k vectors
        const Lmax = Math.min(maxCg, pk);
        if (lanczos === null) { lanczos = keep(Matrix.zeros(pk, Lmax)); hcoef = keep(Matrix.zeros(Lmax, 1)); ycoef = keep(Matrix.zeros(Lmax, 1)); }
        const Q = lanczos;
        const qcol = (j: number): { buf: Block; length: number; offset: number } => ({ buf: Q.buf, length: pk, offset: j * pk });
        const beta0 = gnorm;
        if (!(beta0 > 0)) { message = 'the gradient used for the model is exactly zero: no cubic step to take'; break; }
        const alphas: number[] = [], betas: number[] = [];
        let sol: { y: Float64Array; m: number; norm: number } = { y: new Float64Array(0), m: 0, norm: 0 };
        ops.copyVec(vec(G), qcol(0), pk); ops.scal(1 / beta0, qcol(0), pk);
        for (let j = 0; j < Lmax; j++) {
          ops.copyVec(qcol(j), vec(d), pk);
          hvp(Hx, Hp, Hw, Hc, d, Hd);
          cgIt++;
          const a = dot(d, Hd);
          alphas.push(a);
          ops.axpy(-a, qcol(j), vec(Hd), pk);
          if (j > 0) ops.axpy(-betas[j - 1]!, qcol(j - 1), vec(Hd), pk);
          const Qj = { buf: Q.buf, rows: pk, cols: j + 1 };
          ops.gemv(1, 1, Qj, vec(Hd), 0, vec(hcoef!));
          ops.gemv(0, -1, Qj, vec(hcoef!), 1, vec(Hd));
          const b = ops.nrm2(vec(Hd), pk);
          sol = cubicSubproblem(alphas, betas, beta0, sigma);
          const resid = b * Math.abs(sol.y[j]!);
          if (resid <= cgTol * beta0 || b <= EPS * Math.abs(a) || j + 1 >= Lmax) break;
          betas.push(b);
          ops.copyVec(vec(Hd), qcol(j + 1), pk); ops.scal(1 / b, qcol(j + 1), pk);
        }
        const J = alphas.length;
        ycoef!.view().set(sol.y);
        ops.gemv(0, 1, { buf: Q.buf, rows: pk, cols: J }, vec(ycoef!), 0, vec(S));
        const pred = -sol.m; // m(0) − m(s)
        ops.gemm(0, 0, 1, X, S, 0, ZS); passes += 1;
        ops.geadd(1, Z, 1, ZS, Zt);
        const ws2 = dot(W, S), ss = dot(S, S), w2 = wsq();
        const Ft = dataLoss(Zt, Pt, null) + 0.5 * lambda * (w2 + 2 * ws2 + ss);
        const rho = pred > 0 ? (F - Ft) / pred : -Infinity;
        const tiny = pred <= slack() && Ft <= F + slack();
        stepLen = sigma;
        accepted = tiny || rho >= ARC_ETA1;
        if (!tiny) {
          if (!(rho >= ARC_ETA1)) sigma = 2 * sigma; // also a NaN ρ
          else if (rho >= ARC_ETA2) sigma = Math.max(0.5 * sigma, EPS);
        }
        if (accepted) {
          axpy(1, S, W); F = Ft;
          [Z, Zt] = [Zt, Z]; [P, Pt] = [Pt, P];
          refreshGradient();
        } else if (!gExact) refreshGradient();
        if (!(sigma < 1 / EPS ** 2)) message = 'the cubic regularisation σ grew past 1/ε²: no decrease possible at this rounding floor';
      }
      if (!Number.isFinite(F) || !Number.isFinite(gnorm)) throw new NonFiniteError(`${fn}: the objective or gradient became non-finite at iteration ${iter} (F = ${F}, ‖∇F‖ = ${gnorm}): scale the features or raise lambda`);
      converged = gExact && gnorm <= tol * (1 + Math.abs(F));
      stop = !record({ iteration: iter, objective: F, gradientNorm: gnorm, gradientRows: gRows, dataPasses: passes, cgIterations: cgIt, step: stepLen, accepted });
      if (message !== '') break;
    }
    if (!gExact) {
      // the result's gradient norm (and the last convergence test) is always the full gradient
      fullGradient();
      converged = gnorm <= tol * (1 + Math.abs(F));
    }
    if (message === '') message = converged ? `converged: ‖∇F‖ ≤ tol·(1 + |F|) after ${iter} iterations` : stop ? 'stopped by onProgress' : `iteration limit (${maxIter}) reached`;
    const result: NewtonResult = { W, objective: F, gradientNorm: gnorm, iterations: iter, dataPasses: passes, history, converged, message };
    W = null;
    return result;
  } finally {
    W?.dispose();
    for (const t of temps) t.dispose();
  }
}


/**
 * Evaluation of a {@link NewtonProblem} at given weights: F(W), ∇F(W) and Hessian-vector
 * products ∇²F(W)·V, by the same kernels {@link newton} uses. For checking the solver (finite
 * differences) and for callers that need these quantities. Owns wasm memory: call `dispose()`.
 * A result that overflows (extreme X or W) is a {@link NonFiniteError}, never a NaN.
 */
export interface NewtonOracle {
  /** Samples (rows of X). */
  readonly n: number;
  /** Features (columns of X, the rows of W). */
  readonly p: number;
  /** Columns of W: the classes for softmax, 1 for logistic. */
  readonly k: number;
  /** F(W) for W p×k. */
  objective(W: Matrix): number;
  /** ∇F(W), p×k (a new Matrix: the caller disposes it). */
  gradient(W: Matrix): Matrix;
  /**
   * F(W), writing ∇F(W) into `G` (p×k) — one product X·W and one Xᵀ·R, i.e. 2 data passes: the
   * callback shape of {@link lbfgs}: `lbfgs((W, G) => or.valueAndGradient(W, G), W0)`.
   */
  valueAndGradient(W: Matrix, G: Matrix): number;
  /** ∇²F(W)·V, p×k (a new Matrix: the caller disposes it). */
  hessianVector(W: Matrix, V: Matrix): Matrix;
  /**
   * The sub-sampled gradient estimate of {@link NewtonOptions.gradientSample}:
   * (1/s)·Σ_t ∇ℓ_{i_t}(W) + λW with s = `rows` indices drawn uniformly with replacement from the
   * Philox stream the solver uses for its first gradient draw with this `seed`. Unbiased:
   * E[result] = ∇F(W). p×k, a new Matrix (the caller disposes it).
   */
  sampledGradient(W: Matrix, rows: number, seed: number): Matrix;
  /** Frees the problem's wasm copies. Idempotent. */
  dispose(): void;
}

/** Makes a {@link NewtonOracle} for `problem` (checked as {@link newton} checks it). */
export function newtonOracle(problem: NewtonProblem): NewtonOracle {
  const fn = 'newtonOracle';
  const prob = parseProblem(problem, fn);
  const { X, labels, n, p, k, loss, lambda } = prob;
  let disposed = false;
  const check = (M: Matrix, what: string): void => {
    if (disposed) throw new InvalidInputError(`${fn}: used after dispose()`);
    if (!(M instanceof Matrix)) throw new InvalidInputError(`${fn}: ${what} must be a Matrix`);
    if (M.rows !== p || M.cols !== k) throw new ShapeError(`${fn}: ${what} is ${M.rows}×${M.cols}, expected ${p}×${k}`);
  };
  const finite = (M: Matrix, what: string): Matrix => {
    if (ops.firstNonFinite(M) >= 0) { M.dispose(); throw new NonFiniteError(`${fn}: ${what} overflowed (X or W is too large; scale the features)`); }
    return M;
  };
  /** Z = XW, P = probabilities; returns mean data loss. Caller disposes Z and P. */
  const forward = (W: Matrix): { Z: Matrix; P: Matrix; L: number } => {
    const Z = Matrix.zeros(n, k), P = Matrix.zeros(n, k);
    try {
      ops.gemm(0, 0, 1, X, W, 0, Z);
      const L = (loss === 'softmax' ? ops.softmaxLoss(Z, labels, null, P) : ops.logisticLoss(Z, labels, null, P)) / n;
      return { Z, P, L };
    } catch (err) { Z.dispose(); P.dispose(); throw err; }
  };
  return {
    n, p, k,
    objective(W: Matrix): number {
      check(W, 'W');
      const f = forward(W);
      f.Z.dispose(); f.P.dispose();
      const F = f.L + 0.5 * lambda * dot(W, W);
      if (!Number.isFinite(F)) throw new NonFiniteError(`${fn}: F(W) overflowed (X or W is too large; scale the features)`);
      return F;
    },
    gradient(W: Matrix): Matrix {
      check(W, 'W');
      const f = forward(W);
      const G = Matrix.zeros(p, k);
      try {
        if (loss === 'softmax') ops.softmaxResidual(f.P, labels, null, 1 / n, f.Z);
        else ops.logisticResidual(f.P, labels, null, 1 / n, f.Z);
        ops.copy(W, G);
        ops.gemm(1, 0, 1, X, f.Z, lambda, G);
      } catch (err) { G.dispose(); throw err; } finally { f.Z.dispose(); f.P.dispose(); }
      return finite(G, '∇F(W)');
    },
    valueAndGradient(W: Matrix, G: Matrix): number {
      check(W, 'W'); check(G, 'G');
      const f = forward(W);
      try {
        if (loss === 'softmax') ops.softmaxResidual(f.P, labels, null, 1 / n, f.Z);
        else ops.logisticResidual(f.P, labels, null, 1 / n, f.Z);
        ops.copy(W, G);
        ops.gemm(1, 0, 1, X, f.Z, lambda, G);
      } finally { f.Z.dispose(); f.P.dispose(); }
      const F = f.L + 0.5 * lambda * dot(W, W);
      if (!Number.isFinite(F) || ops.firstNonFinite(G) >= 0) throw new NonFiniteError(`${fn}: F(W) or ∇F(W) overflowed (X or W is too large; scale the features)`);
      return F;
    },
    hessianVector(W: Matrix, V: Matrix): Matrix {
      check(W, 'W'); check(V, 'V');
      const f = forward(W);
      const out = Matrix.zeros(p, k);
      try {
        ops.gemm(0, 0, 1, X, V, 0, f.Z);
        if (loss === 'softmax') ops.softmaxHessApply(f.P, null, 1 / n, f.Z);
        else ops.logisticHessApply(f.P, null, 1 / n, f.Z);
        ops.copy(V, out);
        ops.gemm(1, 0, 1, X, f.Z, lambda, out);
      } catch (err) { out.dispose(); throw err; } finally { f.Z.dispose(); f.P.dispose(); }
      return finite(out, '∇²F(W)·V');
    },
    sampledGradient(W: Matrix, rows: number, seed: number): Matrix {
      check(W, 'W');
      if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 1 || rows > 2 ** 31 - 1) throw new InvalidInputError(`${fn}.sampledGradient: rows must be an integer ≥ 1, got ${describe(rows)}`);
      if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 53 - 1) throw new InvalidInputError(`${fn}.sampledGradient: seed must be an integer in [0, 2^53), got ${describe(seed)}`);
      if (n === 0) throw new InvalidInputError(`${fn}.sampledGradient: the problem has no rows to sample`);
      const G = Matrix.zeros(p, k);
      const buf = gradientBuffers(rows, p, k, false);
      try {
        sampledGradient(prob, W, buf, seed, STREAM_GRAD * 0x10000, null, G);
      } catch (err) { G.dispose(); throw err; } finally { buf.dispose(); }
      return finite(G, 'the sampled gradient');
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      prob.dispose();
    },
  };
}
