/**
 * slimTik: the streaming (sampled, limited-memory) Tikhonov solver of the slimTrain paper
 * (ALGORITHMS.md §9.2–§9.5), with the regularization increment chosen per batch by sampled GCV
 * (§9.4) or held constant. Samples are ROWS: a batch is Z (n×p features) and C (n×t targets),
 * the weights W are p×t so that Z·W ≈ C. SlimTik adds no bias column.
 *
 * Per step, with S = S_{k−1}, β the batch scaling and M̃ the scaled memory (the current batch
 * and at most r previous ones, stacked as rows):
 * ```
 * Z̃ = βZ, C̃ = βC, R = Z̃W − C̃
 * B(Λ) = ((S + Λ)I + M̃ᵀM̃)⁻¹,   W ← W − B(Λ)(Z̃ᵀR + ΛW),   S_k = S + Λ_k
 * ```
 * B is never formed: one thin SVD of M̃ (M̃ᵀM̃ = U diag(σ²) Uᵀ, U p×q) gives the update and the
 * sGCV closed forms. See docs/slimtrain.md.
 * @module
 */
import { DisposedError, InvalidInputError, NonFiniteError, NotFittedError, OptionError, ShapeError, ops } from '../../bindings/index.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { scope, track, untrack, type Disposable } from '../scope.js';
import { checkOptions, describe, enumOption, intOption, isPlainObject, numberOption } from '../validate.js';

/** How Λ_k is chosen: `'sgcv'` (sampled GCV on the candidate grid) or a number Λ ≥ 0 (the 'constant' method: Λ_k = Λ every step). */
export type SlimTikRegularization = 'sgcv' | number;

/** Options of {@link SlimTik}. */
export interface SlimTikOptions {
  /** Memory depth r ≥ 0: the solve uses the current batch and at most r previous ones (default 0). */
  memory?: number;
  /** `'sgcv'` (default) or a constant increment Λ ≥ 0 (Λ_k = Λ at every step, S_k = S₀ + kΛ). */
  regularization?: SlimTikRegularization;
  /** Initial sum S₀ ≥ 0 (default: 0 for a constant Λ, `lower` for 'sgcv'; 'sgcv' needs S₀ > 0). */
  sumLambda0?: number;
  /** Lower bound lb > 0 of S + Λ for 'sgcv' (default 1e-7; MATLAB's lowerBound). */
  lower?: number;
  /** Upper bound ub > lb capping the sGCV grid: |Λ| ≤ min(S/2, ub) (default 1e3). */
  upper?: number;
  /** `'matlab'` (default: the 60-point allowNeg grid of ALGORITHMS.md §9.4) or an explicit list of finite candidates. */
  candidates?: 'matlab' | readonly number[];
  /** n_eff of the sGCV denominator: `'rows'` = n·t (MATLAB, default) or `'batch'` = n (PyTorch). */
  nEff?: 'rows' | 'batch';
  /** Initial weights W₀ (p×t; default zeros, sized by the first step). */
  weights?: MatrixLike;
  /**
   * `'mean'` (default): every batch is scaled by β = 1/√n (the mean loss of MATLAB and PyTorch);
   * `'none'`: β = 1 (one full-memory pass then gives (ZᵀZ + λI)⁻¹ZᵀC exactly).
   */
  batchScaling?: 'mean' | 'none';
}

/** What one {@link SlimTik.step} did. */
export interface SlimTikStep {
  /** The increment Λ_k applied (after the feasibility lift of 'sgcv'). */
  lambda: number;
  /** S_k after the step. */
  sumLambda: number;
  /** sGCV value of the chosen candidate ('sgcv' only; NaN when every candidate was skipped). */
  sgcv?: number;
  /** Candidates skipped as infeasible (S + Λ ≤ 0, n_eff − τ(Λ) ≤ 0, or a non-finite sGCV value); 0 for a constant Λ. */
  skipped: number;
}

/** One entry of {@link SlimTik.history}. */
export interface SlimTikHistoryEntry {
  lambda: number;
  sumLambda: number;
}

/** The JSON form of a {@link SlimTik} ({@link SlimTik.toJSON}). */
export interface SlimTikJSON {
  type: 'SlimTik';
  version: 1;
  options: {
    memory: number; regularization: SlimTikRegularization; lower: number; upper: number;
    candidates: 'matlab' | number[]; nEff: 'rows' | 'batch'; batchScaling: 'mean' | 'none';
  };
  /** Feature and target counts (0 before the first step without initial weights). */
  p: number;
  t: number;
  sumLambda: number;
  /** W, column-major p×t (null before the first step without initial weights). */
  weights: number[] | null;
  /** Stored memory blocks (already scaled, row count and column-major data n×p), oldest first. */
  memory: { rows: number; data: number[] }[];
  history: SlimTikHistoryEntry[];
}

/** The sGCV curve of {@link SlimTik.evaluate}. */
export interface SlimTikCurve {
  /** The candidates Λ. */
  lambdas: Float64Array;
  /** ρ(Λ) = ‖Z̃·W_k(Λ) − C̃‖_F² (NaN where S + Λ ≤ 0). */
  rho: Float64Array;
  /** τ(Λ) = tr(A_k B_k(Λ) A_kᵀ) = t·tr(Z̃ B(Λ) Z̃ᵀ) (NaN where S + Λ ≤ 0). */
  tau: Float64Array;
  /** sGCV(Λ) = ρ/(n_eff − τ)² (NaN where not admissible). */
  sgcv: Float64Array;
  /** False for skipped candidates (S + Λ ≤ 0, n_eff − τ ≤ 0, non-finite value). */
  admissible: boolean[];
  /** The n_eff used. */
  nEff: number;
}

interface Parts {
  n: number; p: number; t: number; q: number;
  W: Matrix; Zt: Matrix; R: Matrix; kept: Matrix[]; mem: Matrix[];
  U: Matrix; s2: Matrix; ZU: Matrix; P: Matrix; Q: Matrix;
}

const OPTION_KEYS = ['memory', 'regularization', 'sumLambda0', 'lower', 'upper', 'candidates', 'nEff', 'weights', 'batchScaling'] as const;
const FN = 'SlimTik';
/** Points per sign of the MATLAB allowNeg grid. */
const GRID_HALF = 30;
/** Largest explicit candidate list. */
const MAX_CANDIDATES = 100_000;

/** MATLAB's linspace(a, b, n): a + i·(b − a)/(n − 1), the last point exactly b. */
function linspace(a: number, b: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i === n - 1 ? b : a + (i * (b - a)) / (n - 1));
  return out;
}

/**
 * Streaming Tikhonov least squares over batches (slimTik / sTik, ALGORITHMS.md §9.2–§9.5).
 *
 * ```ts
 * const tik = new SlimTik({ memory: 5, regularization: 'sgcv', sumLambda0: 1e-3 });
 * for (const [Z, C] of batches) tik.step(Z, C);   // Z n×p, C n×t (samples as rows)
 * const W = tik.weights;                          // p×t copy: Z·W ≈ C (caller disposes)
 * ```
 *
 * **Scaling.** With `batchScaling: 'mean'` (default) each batch is scaled by its own
 * β = 1/√n_k and stored in the memory already scaled, so a step minimises the mean squared
 * error of each batch. For equal batch sizes this is exactly MATLAB's and PyTorch's rule
 * (current β on batch, targets and memory); with full memory and a constant Λ = λ/K, one pass
 * over K batches of n rows gives the Tikhonov solution for parameter n·λ,
 * (ZᵀZ + nλI)⁻¹ZᵀC, independently of W₀. With unequal batch sizes every block keeps its own
 * β (MATLAB would rescale the stored blocks by the current β, which breaks the identity); the
 * pass then solves min Σ_k ‖Z_kW − C_k‖²/n_k + λ‖W‖².
 *
 * **Memory** (§9.5): the current batch plus at most r previous ones, persisting across calls
 * (the oldest block is dropped when r + 1 blocks are stored). Blocks may differ in size.
 *
 * Owns wasm memory (W and the memory blocks): call {@link SlimTik.dispose} (or create it in a
 * `scope`).
 */
export class SlimTik implements Disposable {
  /** Memory depth r. */
  readonly memory: number;
  /** `'sgcv'` or the constant Λ. */
  readonly regularization: SlimTikRegularization;
  /** Lower bound lb of S + Λ ('sgcv'). */
  readonly lower: number;
  /** Upper bound ub of the sGCV grid. */
  readonly upper: number;
  /** The candidate rule. */
  readonly candidates: 'matlab' | readonly number[];
  /** n_eff of sGCV. */
  readonly nEff: 'rows' | 'batch';
  /** Batch scaling. */
  readonly batchScaling: 'mean' | 'none';
  /** Λ_k and S_k of every step so far. */
  history: SlimTikHistoryEntry[] = [];

  #S: number;
  #W: Matrix | null = null;
  #p = 0;
  #t = 0;
  #blocks: Matrix[] = [];
  #disposed = false;

  /** @param options see {@link SlimTikOptions}; unknown keys are an {@link OptionError}. */
  constructor(options: SlimTikOptions = {}) {
    checkOptions(options, OPTION_KEYS, FN);
    const o = options ?? {};
    this.memory = o.memory === undefined ? 0 : intOption(o.memory, 'memory', FN, 0, 1_000_000);
    const reg = o.regularization ?? 'sgcv';
    if (reg !== 'sgcv' && (typeof reg !== 'number' || !Number.isFinite(reg) || reg < 0)) {
      throw new OptionError(`${FN}: option 'regularization' must be 'sgcv' or a finite number ≥ 0, got ${describe(reg)}`);
    }
    this.regularization = reg;
    this.lower = o.lower === undefined ? 1e-7 : numberOption(o.lower, 'lower', FN, 0, Infinity, false);
    this.upper = o.upper === undefined ? 1e3 : numberOption(o.upper, 'upper', FN, 0, Infinity, false);
    if (!(this.upper > this.lower)) throw new OptionError(`${FN}: option 'upper' (${this.upper}) must exceed 'lower' (${this.lower})`);
    const cand = o.candidates ?? 'matlab';
    if (cand === 'matlab') this.candidates = 'matlab';
    else if (Array.isArray(cand)) {
      if (cand.length === 0 || cand.length > MAX_CANDIDATES) throw new OptionError(`${FN}: option 'candidates' must hold 1..${MAX_CANDIDATES} numbers, got ${cand.length}`);
      cand.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptionError(`${FN}: option 'candidates'[${i}] must be a finite number, got ${describe(v)}`);
      });
      this.candidates = Object.freeze([...cand]);
    } else throw new OptionError(`${FN}: option 'candidates' must be 'matlab' or an array of finite numbers, got ${describe(cand)}`);
    this.nEff = o.nEff === undefined ? 'rows' : enumOption(o.nEff, 'nEff', FN, ['rows', 'batch'] as const);
    this.batchScaling = o.batchScaling === undefined ? 'mean' : enumOption(o.batchScaling, 'batchScaling', FN, ['mean', 'none'] as const);
    const sgcv = reg === 'sgcv';
    const S0 = o.sumLambda0 === undefined ? (sgcv ? this.lower : 0) : numberOption(o.sumLambda0, 'sumLambda0', FN, 0, Infinity, !sgcv);
    if (!sgcv && !(S0 + (reg as number) > 0)) {
      throw new OptionError(`${FN}: a constant regularization needs sumLambda0 + regularization > 0 (got ${S0} + ${reg as number}); B(Λ) would be singular`);
    }
    this.#S = S0;
    if (o.weights !== undefined) {
      const W = Matrix.from(o.weights, `${FN}: option 'weights'`);
      try {
        if (W.rows < 1 || W.cols < 1) throw new ShapeError(`${FN}: option 'weights' must be p×t with p, t ≥ 1, got ${W.rows}×${W.cols}`);
        W.assertFinite(`${FN}: option 'weights'`);
        const own = W.clone();
        untrack(own);
        this.#W = own; this.#p = W.rows; this.#t = W.cols;
      } finally {
        if (W !== o.weights) W.dispose();
      }
    }
    track(this);
  }

  /**
   * The MATLAB allowNeg candidate grid for the current sum S (ALGORITHMS.md §9.4): with
   * p = min(log10(S/2), log10(ub)), T = 10^linspace(min(p, −16), max(p, −16), 30) (the endpoints
   * swap when S/2 < 1e-16) and the candidates are [−T reversed, T] (60 values, ascending).
   * MATLAB compares log10(S/2) with ub itself (not log10 ub); the two agree while S ≤ 2·ub.
   */
  static matlabGrid(sumLambda: number, upper = 1e3): number[] {
    if (!(sumLambda > 0) || !Number.isFinite(sumLambda)) throw new InvalidInputError(`SlimTik.matlabGrid: sumLambda must be a finite number > 0, got ${describe(sumLambda)}`);
    if (!(upper > 0) || !Number.isFinite(upper)) throw new InvalidInputError(`SlimTik.matlabGrid: upper must be a finite number > 0, got ${describe(upper)}`);
    const p = Math.min(Math.log10(sumLambda / 2), Math.log10(upper));
    const T = linspace(Math.min(p, -16), Math.max(p, -16), GRID_HALF).map((e) => 10 ** e);
    return [...T.map((x) => -x).reverse(), ...T];
  }

  /** True after {@link SlimTik.dispose}. */
  get disposed(): boolean { return this.#disposed; }

  /** The current sum S_k (S₀ before the first step). */
  get sumLambda(): number { return this.#S; }

  /** Number of steps taken. */
  get steps(): number { return this.history.length; }

  /** Feature count p (0 before the first step without initial weights). */
  get features(): number { return this.#p; }

  /** Target count t (0 before the first step without initial weights). */
  get targets(): number { return this.#t; }

  /** Row counts of the stored memory blocks, oldest first (the last one is the latest batch). */
  get memoryRows(): number[] { return this.#blocks.map((b) => b.rows); }

  /**
   * A copy of the current weights W (p×t, Z·W ≈ C). The caller owns it (dispose it or use a
   * `scope`). Throws {@link NotFittedError} before the first step when no initial weights were given.
   */
  get weights(): Matrix {
    this.#usable();
    if (this.#W === null) throw new NotFittedError(`${FN} (no step taken and no initial weights)`);
    return this.#W.clone();
  }

  /**
   * Z·W for features Z (m×p, samples as rows): an m×t Matrix the caller owns. No batch scaling
   * is applied (W predicts unscaled targets). Throws {@link NotFittedError} before the first step
   * when no initial weights were given.
   */
  predict(Z: MatrixLike): Matrix {
    this.#usable();
    const fn = `${FN}.predict`;
    if (this.#W === null) throw new NotFittedError(`${FN} (no step taken and no initial weights)`);
    const W = this.#W;
    return scope(() => {
      const Zm = Matrix.from(Z, `${fn}: Z`);
      if (Zm.cols !== this.#p) throw new ShapeError(`${fn}: Z has ${Zm.cols} columns, the weights ${this.#p} rows`);
      Zm.assertFinite(`${fn}: Z`);
      const out = Matrix.empty(Zm.rows, this.#t);
      ops.gemm(0, 0, 1, Zm, W, 0, out);
      return out;
    });
  }

  #usable(): void {
    if (this.#disposed) throw new DisposedError(FN);
  }

  /**
   * The pieces of one step (inside the caller's scope): scaled batch Z̃, residual R = Z̃W − C̃,
   * the memory after this step, U and σ² of its thin SVD, ZU = Z̃U, P = ZUᵀR, Q = UᵀW.
   */
  #prepare(Z: MatrixLike, C: MatrixLike, fn: string): Parts {
    const Zm = Matrix.from(Z, `${fn}: Z`);
    const Cm = Matrix.from(C, `${fn}: C`);
    const n = Zm.rows;
    if (n < 1 || Zm.cols < 1) throw new ShapeError(`${fn}: Z must have at least one row and one column, got ${n}×${Zm.cols}`);
    if (Cm.rows !== n) throw new ShapeError(`${fn}: C has ${Cm.rows} rows, Z has ${n}`);
    if (Cm.cols < 1) throw new ShapeError(`${fn}: C must have at least one column`);
    if (this.#W !== null && (Zm.cols !== this.#p || Cm.cols !== this.#t)) {
      throw new ShapeError(`${fn}: expected Z with ${this.#p} columns and C with ${this.#t} (the weights are ${this.#p}×${this.#t}), got ${Zm.cols} and ${Cm.cols}`);
    }
    Zm.assertFinite(`${fn}: Z`);
    Cm.assertFinite(`${fn}: C`);
    const p = Zm.cols, t = Cm.cols;
    const W = this.#W ?? Matrix.zeros(p, t);
    const beta = this.batchScaling === 'mean' ? 1 / Math.sqrt(n) : 1;
    const Zt = Matrix.empty(n, p);
    ops.geadd(beta, Zm, 0, Zm, Zt);
    const R = Matrix.empty(n, t);
    ops.geadd(beta, Cm, 0, Cm, R);
    ops.gemm(0, 0, 1, Zt, W, -1, R);                  // R = Z̃W − C̃

    // memory after this step: the last r stored blocks and the current one
    const kept = this.#blocks.slice(Math.max(0, this.#blocks.length - this.memory));
    const mem = [...kept, Zt];
    const mw = mem.reduce((a, b) => a + b.rows, 0);

    // thin SVD of the scaled memory M̃ (mw×p): M̃ᵀM̃ = U diag(σ²) Uᵀ, U p×min(mw, p). Not the
    // eigen-decomposition of the Gram M̃ᵀM̃: that one resolves σ² only to ε·σ₁², far too coarse
    // next to S + Λ when sGCV drives S down to lb.
    let U: Matrix, s: Float64Array;
    if (mw >= p) {
      const M = Matrix.empty(mw, p);
      let r0 = 0;
      for (const b of mem) { ops.copy(b, ops.sub(M, r0, 0, b.rows, p)); r0 += b.rows; }
      // R-SVD: M̃ = Q·R (Householder), then σ and V of the p×p R (no left vectors are formed)
      const R = Matrix.zeros(p, p);
      ops.qrFactor(M, R, null, false);
      U = Matrix.empty(p, p);
      const res = ops.singularValuesAndV(R, U);
      if (res.info !== 0) throw new NonFiniteError(`${fn}: the SVD of the memory did not converge (${res.info} superdiagonals left)`);
      s = res.s;
    } else {
      const Mt = Matrix.empty(p, mw);
      let c0 = 0;
      for (const b of mem) { ops.transpose(b, ops.sub(Mt, 0, c0, p, b.rows)); c0 += b.rows; }
      U = Matrix.empty(p, mw);
      const Vr = Matrix.empty(mw, mw);
      const res = ops.svdFactor(Mt, U, Vr);
      if (res.info !== 0) throw new NonFiniteError(`${fn}: the SVD of the memory did not converge (${res.info} superdiagonals left)`);
      s = res.s;
    }
    const q = U.cols;
    const s2v = new Float64Array(q);
    for (let j = 0; j < q; j++) s2v[j] = s[j]! * s[j]!;
    const s2 = Matrix.fromColumnMajor(s2v, q, 1);
    const ZU = Matrix.empty(n, q);
    ops.gemm(0, 0, 1, Zt, U, 0, ZU);
    const P = Matrix.empty(q, t);
    ops.gemm(1, 0, 1, ZU, R, 0, P);
    const Q = Matrix.empty(q, t);
    ops.gemm(1, 0, 1, U, W, 0, Q);
    return { n, p, t, q, W, Zt, R, kept, mem, U, s2, ZU, P, Q };
  }

  /** ρ, τ and sGCV on `cands` for prepared parts (S + Λ ≤ 0, n_eff − τ ≤ 0 or a non-finite value: not admissible). */
  #curve(parts: Parts, cands: readonly number[]): SlimTikCurve {
    const S = this.#S;
    const use = cands.map((L) => S + L > 0);
    const { rho, tau } = ops.slimtikGcvSums(parts.ZU, parts.R, parts.P, parts.Q, parts.s2, S, cands, use);
    const neff = this.nEff === 'rows' ? parts.n * parts.t : parts.n;
    const sgcv = new Float64Array(cands.length);
    const admissible: boolean[] = [];
    for (let k = 0; k < cands.length; k++) {
      const d = neff - tau[k]!;
      const v = use[k] && d > 0 ? rho[k]! / (d * d) : NaN;
      admissible.push(Number.isFinite(v));
      sgcv[k] = admissible[k] ? v : NaN;
    }
    return { lambdas: Float64Array.from(cands), rho, tau, sgcv, admissible, nEff: neff };
  }

  /**
   * The sGCV curve the next {@link SlimTik.step} on (Z, C) would minimise, without changing any
   * state: ρ(Λ) = ‖Z̃W_k(Λ) − C̃‖², τ(Λ) = tr(A_kB_k(Λ)A_kᵀ) and sGCV(Λ) = ρ/(n_eff − τ)² for
   * every candidate (default: the candidates of the next step; any finite numbers may be given).
   */
  evaluate(Z: MatrixLike, C: MatrixLike, candidates?: readonly number[]): SlimTikCurve {
    this.#usable();
    const fn = `${FN}.evaluate`;
    let cands: readonly number[];
    if (candidates === undefined) cands = this.candidates === 'matlab' ? SlimTik.matlabGrid(this.#S, this.upper) : this.candidates;
    else {
      if (!Array.isArray(candidates) || candidates.length === 0 || candidates.length > MAX_CANDIDATES) throw new InvalidInputError(`${fn}: candidates must be an array of 1..${MAX_CANDIDATES} finite numbers, got ${describe(candidates)}`);
      candidates.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError(`${fn}: candidates[${i}] must be a finite number, got ${describe(v)}`);
      });
      cands = candidates;
    }
    return scope(() => this.#curve(this.#prepare(Z, C, fn), cands));
  }

  /**
   * One slimTik step on the batch Z (n×p features, samples as rows) and C (n×t targets):
   * updates the memory, chooses Λ_k, updates W and S. Nothing changes when it throws.
   */
  step(Z: MatrixLike, C: MatrixLike): SlimTikStep {
    this.#usable();
    const fn = `${FN}.step`;
    return scope(() => {
      const parts = this.#prepare(Z, C, fn);
      const { p, t, q, W, U, s2, P, Q, Zt, kept, mem } = parts;
      const S = this.#S;
      let lambda: number, skipped = 0, sgcv: number | undefined, lifted = false;
      if (this.regularization === 'sgcv') {
        const cands = this.candidates === 'matlab' ? SlimTik.matlabGrid(S, this.upper) : this.candidates;
        const curve = this.#curve(parts, cands);
        let best = -1, bestV = Infinity;
        for (let k = 0; k < cands.length; k++) {
          if (!curve.admissible[k]) { skipped++; continue; }
          if (curve.sgcv[k]! < bestV) { bestV = curve.sgcv[k]!; best = k; }   // first index on ties
        }
        if (best >= 0) { lambda = cands[best]!; sgcv = bestV; } else {
          // no admissible candidate: the most regularizing one (τ decreases as Λ grows)
          lambda = Math.max(...cands); sgcv = NaN;
        }
        if (S + lambda < this.lower) { lambda = this.lower - S; lifted = true; }   // MATLAB's feasibility lift
      } else lambda = this.regularization;

      const shift = S + lambda;
      // outside range(U) (memory narrower than p) B acts as 1/(S+Λ): that part of W shrinks by S/(S+Λ)
      const kappa = q < p ? lambda / shift : 0;
      const X = Matrix.empty(q, t);
      ops.slimtikUpdateCoef(P, Q, s2, S, lambda, kappa, X);
      const Wn = Matrix.empty(p, t);
      ops.copy(W, Wn);
      ops.gemm(0, 0, -1, U, X, 1 - kappa, Wn);          // W ← (1 − κ)W − U·X
      if (ops.firstNonFinite(Wn) >= 0) throw new NonFiniteError(`${fn}: the updated weights are not finite (the batch values overflow f64; scale Z and C)`);
      // S_k = max(S + Λ_k, lb) ('sgcv', exactly lb after a lift) or S + Λ (constant, MATLAB: no clipping)
      const Snew = lifted ? this.lower : this.regularization === 'sgcv' ? Math.max(shift, this.lower) : shift;

      // commit
      untrack(Wn); untrack(Zt);
      this.#W?.dispose();
      this.#W = Wn; this.#p = p; this.#t = t;
      for (const b of this.#blocks.slice(0, this.#blocks.length - kept.length)) b.dispose();
      this.#blocks = mem;
      this.#S = Snew;
      this.history.push({ lambda, sumLambda: Snew });
      const out: SlimTikStep = { lambda, sumLambda: Snew, skipped };
      if (sgcv !== undefined) out.sgcv = sgcv;
      return out;
    });
  }

  /** A JSON-safe snapshot (options, W, S, memory blocks, history); restore with {@link SlimTik.fromJSON}. */
  toJSON(): SlimTikJSON {
    this.#usable();
    return {
      type: 'SlimTik', version: 1,
      options: {
        memory: this.memory, regularization: this.regularization, lower: this.lower, upper: this.upper,
        candidates: this.candidates === 'matlab' ? 'matlab' : [...this.candidates], nEff: this.nEff, batchScaling: this.batchScaling,
      },
      p: this.#p, t: this.#t, sumLambda: this.#S,
      weights: this.#W === null ? null : Array.from(this.#W.toColumnMajor()),
      memory: this.#blocks.map((b) => ({ rows: b.rows, data: Array.from(b.toColumnMajor()) })),
      history: this.history.map((h) => ({ ...h })),
    };
  }

  /** Restores a {@link SlimTik} from {@link SlimTik.toJSON} output (strict: an {@link InvalidInputError} names the first bad field). */
  static fromJSON(json: unknown): SlimTik {
    const fn = 'SlimTik.fromJSON';
    const bad = (what: string, v: unknown): never => { throw new InvalidInputError(`${fn}: ${what} is invalid (got ${describe(v)})`); };
    if (!isPlainObject(json)) bad('the document', json);
    const j = json as Record<string, unknown>;
    const keys = ['type', 'version', 'options', 'p', 't', 'sumLambda', 'weights', 'memory', 'history'];
    for (const k of Object.keys(j)) if (!keys.includes(k)) bad(`field '${k}'`, j[k]);
    if (j.type !== 'SlimTik') bad("'type'", j.type);
    if (j.version !== 1) bad("'version'", j.version);
    if (!isPlainObject(j.options)) bad("'options'", j.options);
    const isDim = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1;
    if (!isDim(j.p)) bad("'p'", j.p);
    if (!isDim(j.t)) bad("'t'", j.t);
    const p = j.p as number, t = j.t as number;
    if ((p === 0) !== (t === 0)) bad("'p'/'t'", [p, t]);
    const S = j.sumLambda;
    if (typeof S !== 'number' || !Number.isFinite(S) || S < 0) bad("'sumLambda'", S);
    const nums = (v: unknown, len: number, what: string): number[] => {
      if (!Array.isArray(v) || v.length !== len || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) bad(what, v);
      return v as number[];
    };
    if (!Array.isArray(j.memory)) bad("'memory'", j.memory);
    if (!Array.isArray(j.history) || !(j.history as unknown[]).every((h) => isPlainObject(h) && Object.keys(h).length === 2
      && typeof h.lambda === 'number' && Number.isFinite(h.lambda) && typeof h.sumLambda === 'number' && Number.isFinite(h.sumLambda))) bad("'history'", j.history);
    const o = j.options as Record<string, unknown>;
    let tik: SlimTik;
    try {
      tik = new SlimTik({
        memory: o.memory as number, regularization: o.regularization as SlimTikRegularization, lower: o.lower as number,
        upper: o.upper as number, candidates: o.candidates as 'matlab', nEff: o.nEff as 'rows', batchScaling: o.batchScaling as 'mean',
        sumLambda0: S as number,
      });
    } catch (err) {
      if (err instanceof OptionError) throw new InvalidInputError(`${fn}: 'options': ${err.message}`);
      throw err;
    }
    for (const k of Object.keys(o)) if (!['memory', 'regularization', 'lower', 'upper', 'candidates', 'nEff', 'batchScaling'].includes(k)) { tik.dispose(); bad(`option '${k}'`, o[k]); }
    try {
      tik.#S = S as number;
      if (j.weights === null) {
        if (p !== 0) bad("'weights'", j.weights);
      } else {
        if (p === 0) bad("'weights'", j.weights);
        const W = Matrix.fromColumnMajor(nums(j.weights, p * t, "'weights'"), p, t);
        untrack(W); tik.#W = W; tik.#p = p; tik.#t = t;
      }
      const mem = j.memory as unknown[];
      if (mem.length > tik.memory + 1 || (mem.length > 0 && p === 0)) bad("'memory'", mem);
      for (const [i, b] of mem.entries()) {
        if (!isPlainObject(b) || Object.keys(b).length !== 2 || !isDim(b.rows) || (b.rows as number) < 1) bad(`'memory'[${i}]`, b);
        const blk = b as { rows: number; data: unknown };
        const M = Matrix.fromColumnMajor(nums(blk.data, blk.rows * p, `'memory'[${i}].data`), blk.rows, p);
        untrack(M); tik.#blocks.push(M);
      }
      tik.history = (j.history as SlimTikHistoryEntry[]).map((h) => ({ lambda: h.lambda, sumLambda: h.sumLambda }));
    } catch (err) {
      tik.dispose();
      throw err;
    }
    return tik;
  }

  /** Frees W and the memory blocks. Idempotent; the solver can no longer be used. */
  dispose(): void {
    if (this.#disposed) return;
    this.#W?.dispose(); this.#W = null;
    for (const b of this.#blocks) b.dispose();
    this.#blocks = [];
    this.#disposed = true;
    untrack(this);
  }
}
