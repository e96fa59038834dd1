/**
 * Newton methods for smooth convex finite sums (ALGORITHMS.md §5.5): L2-regularised multinomial
 * softmax cross-entropy and binary logistic regression,
 *
 *   F(W) = (1/n) Σ_i ℓ(x_iᵀW; y_i) + (λ/2)·‖W‖²_F,
 *
 * by exact Newton–CG with an Armijo line search (mode `'full'`, the reference) or by a
 * sub-sampled-Hessian Newton method with Steihaug-CG trust-region steps (mode `'subsampled'`).
 * The elementwise loss, residual and Hessian parts are wasm kernels (assembly/nn/softmax.ts);
 * every product with X is a GEMM. Data passes are counted: one product X·V or Xᵀ·U over all n
 * rows is one pass, over s sampled rows s/n (gathering s rows also counts s/n).
 * @module
 */
import { ops, type Block } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
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
  /** ‖∇F‖_F at the current iterate (always the full gradient). */
  gradientNorm: number;
  /** Cumulative data passes (see the module notes). */
  dataPasses: number;
  /** CG iterations of this iteration's inner solve (0 at iteration 0). */
  cgIterations: number;
  /** The Armijo step length α (full mode, or sub-sampled with step 'line-search'); the trust radius used (sub-sampled, 'trust-region'). */
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
   * model inside a trust region, ratio test on the exact F. `'line-search'`: CG on the sampled
   * Hessian (same forcing term) then the Armijo line search of the full mode.
   */
  step?: 'trust-region' | 'line-search';
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

const KNOWN = ['mode', 'step', 'tol', 'maxIter', 'cgTol', 'maxCg', 'hessianSample', 'sampling', 'radius', 'seed', 'W0', 'onProgress'] as const;
const PROBLEM_KEYS = ['loss', 'X', 'labels', 'classes', 'lambda'] as const;
const EPS = 2 ** -52;
const STREAM_SAMPLE = 0x4e;
const ARMIJO_C1 = 1e-4;
/** 8ε: decreases of F below ROUNDING_SLACK·(1 + |F|) are rounding noise (accepted, see the docs). */
const ROUNDING_SLACK = 2 ** -49;

type Disposable = { dispose(): void };

/** A checked problem: X (n×p, finite), labels in wasm, k (1 for logistic). Dispose it. */
interface ParsedProblem {
  X: Matrix; labels: Block; n: number; p: number; k: number; loss: 'softmax' | 'logistic'; lambda: number;
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
    return { X, labels, n, p, k, loss, lambda, dispose: () => { labels.free(); if (owned) X.dispose(); } };
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
  const stepRule = enumOption(options.step ?? 'trust-region', 'step', fn, ['trust-region', 'line-search'] as const);
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

    // ---- starting point
    ops.gemm(0, 0, 1, X, W, 0, Z); passes += 1;
    const wsq = (): number => dot(W!, W!);
    let F = dataLoss(Z, P, null) + 0.5 * lambda * wsq();
    gradient();
    let gnorm = Math.sqrt(dot(G, G));
    const history: NewtonIteration[] = [];
    const record = (it: NewtonIteration): boolean => {
      history.push(it);
      return onProgress === undefined ? true : onProgress({ ...it }) !== false;
    };
    if (!Number.isFinite(F) || !Number.isFinite(gnorm)) throw new NonFiniteError(`${fn}: the objective or gradient at the starting point is not finite (F = ${F}, ‖∇F‖ = ${gnorm}): X or W0 is too large; scale the features`);
    let stop = !record({ iteration: 0, objective: F, gradientNorm: gnorm, dataPasses: passes, cgIterations: 0, step: 0, accepted: true });
    let converged = gnorm <= tol * (1 + Math.abs(F));
    let message = converged ? 'gradient norm below tol at the starting point' : stop ? 'stopped by onProgress' : '';
    let iter = 0;

    // ---- sub-sampled mode: sampling distribution and sample buffers
    let rowSq: Matrix | null = null, imp: Matrix | null = null;
    let Xs: Matrix | null = null, Ps: Matrix | null = null, ws: Matrix | null = null;
    if (mode === 'subsampled' && !converged && !stop) {
      if (sampling === 'row-norm') {
        rowSq = keep(Matrix.fromVector(ops.rowNormsSq(X))); passes += 1;
        imp = keep(Matrix.zeros(n, 1));
      }
      Xs = keep(Matrix.zeros(s, p)); Ps = keep(Matrix.zeros(s, k)); ws = keep(Matrix.zeros(s, 1));
    }
    let delta = radius0;
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
        if (rowSq !== null) {
          // q_i ∝ ‖x_i‖²·tr(∇²ℓ_i) at the current W (no data pass: ‖x_i‖² once, P is current)
          tot = ops.hessianRowWeights(P, vec(rowSq), vec(imp!));
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
            gradient();
          } else {
            message = 'the line search failed (no decrease within 60 halvings): stopped at the rounding floor';
            accepted = false; stepLen = 0;
          }
        }
      } else {
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
          gradient();
        }
        if (!(delta > 0) || delta < EPS * (1 + Math.sqrt(w2))) message = 'the trust radius fell below the rounding floor';
      }
      gnorm = Math.sqrt(dot(G, G));
      if (!Number.isFinite(F) || !Number.isFinite(gnorm)) throw new NonFiniteError(`${fn}: the objective or gradient became non-finite at iteration ${iter} (F = ${F}, ‖∇F‖ = ${gnorm}): scale the features or raise lambda`);
      converged = gnorm <= tol * (1 + Math.abs(F));
      stop = !record({ iteration: iter, objective: F, gradientNorm: gnorm, dataPasses: passes, cgIterations: cgIt, step: stepLen, accepted });
      if (message !== '') break;
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
  /** ∇²F(W)·V, p×k (a new Matrix: the caller disposes it). */
  hessianVector(W: Matrix, V: Matrix): Matrix;
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
      return f.L + 0.5 * lambda * dot(W, W);
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
        return G;
      } catch (err) { G.dispose(); throw err; } finally { f.Z.dispose(); f.P.dispose(); }
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
        return out;
      } catch (err) { out.dispose(); throw err; } finally { f.Z.dispose(); f.P.dispose(); }
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      prob.dispose();
    },
  };
}
