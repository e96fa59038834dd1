/**
 * Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Alg. 7.4–7.5) for a
 * smooth objective f: ℝᴺ → ℝ given by a callback that returns f(x) and writes ∇f(x).
 *
 * - Search direction by the two-loop recursion over the last `memory` pairs
 *   (s_j = x_{j+1} − x_j, y_j = ∇f_{j+1} − ∇f_j), with the initial matrix H₀ = γI,
 *   γ = sᵀy / yᵀy of the newest pair. The pairs live in wasm (two N×m matrices); every vector
 *   operation is a level-1 kernel (dot, axpy, scal, copy), so the TS side only handles O(m) scalars.
 * - A pair is stored only when sᵀy > ε_c·‖s‖·‖y‖ with ε_c = √ε ≈ 1.5e-8 (the curvature condition
 *   that keeps the implicit inverse Hessian positive definite); others are skipped. Under the
 *   strong Wolfe conditions sᵀy > 0 always holds, so skips only happen at the rounding floor.
 * - Step length by the line search of Nocedal & Wright Alg. 3.5–3.6 (bracketing, then `zoom`
 *   with safeguarded cubic interpolation) for the strong Wolfe conditions with c₁ = 1e-4,
 *   c₂ = 0.9: φ(α) ≤ φ(0) + c₁αφ'(0) + δ and |φ'(α)| ≤ c₂|φ'(0)|, where δ = 8ε·(1 + |f|) admits
 *   decreases below the rounding of f (so that tight gradient tolerances can be reached when f*
 *   is far from 0; comparisons of f between trial points use the same δ, so at the rounding floor
 *   the bracket is narrowed by the sign of φ' alone). First trial step 1 (1/‖∇f‖ capped at 1 on the first iteration, where no pair
 *   exists yet); at most 30 evaluations per line search. A trial point where f is not finite is
 *   treated as "too long" (the step shrinks); if the line search fails, the memory is cleared
 *   and a steepest-descent step is tried once before the solver stops.
 * - Stops when ‖∇f‖₂ ≤ tol·(1 + |f|) (converged), at `maxIter` iterations, when the line search
 *   fails twice in a row (the rounding floor: message says so), or when `onIteration` returns false.
 *
 * `x` may have any shape (it is treated as the vector of its column-major entries); the callback
 * receives a Matrix of that shape and a gradient Matrix of the same shape to fill.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions, intOption, numberOption } from '../validate.js';

/** One iteration of {@link lbfgs} (the argument of `onIteration`). */
export interface LbfgsIteration {
  /** Iteration number (0 = the starting point). */
  iteration: number;
  /** f at the current iterate. */
  objective: number;
  /** ‖∇f‖₂ at the current iterate. */
  gradientNorm: number;
  /** Calls of `fg` so far (the line search's included). */
  evaluations: number;
  /** The accepted step length α (x ← x + α·d; 0 at iteration 0). */
  step: number;
}

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** Number m of stored (s, y) pairs. Default 10. */
  memory?: number;
  /** Iteration limit. Default 500. */
  maxIter?: number;
  /** Stop when ‖∇f‖₂ ≤ tol·(1 + |f|). Default 1e-8. */
  tol?: number;
  /** Called at the starting point (iteration 0) and after every iteration; returning `false` stops the solver. */
  onIteration?: (it: LbfgsIteration) => void | boolean;
}

/** Result of {@link lbfgs}. */
export interface LbfgsResult {
  /** The final iterate, shaped as x0 (the caller disposes it). */
  x: Matrix;
  /** f(x). */
  objective: number;
  /** ‖∇f(x)‖₂. */
  gradientNorm: number;
  /** Iterations taken. */
  iterations: number;
  /** Calls of `fg` in all. */
  evaluations: number;
  /** ‖∇f‖ ≤ tol·(1 + |f|) was reached. */
  converged: boolean;
  /** Why the solver stopped. */
  message: string;
}

const KNOWN = ['memory', 'maxIter', 'tol', 'onIteration'] as const;
const EPS = 2 ** -52;
const C1 = 1e-4;
const C2 = 0.9;
const CURVATURE_EPS = 2 ** -26;
const ROUNDING_SLACK = 2 ** -49; // 8ε
const MAX_LS = 30;

type Vec = { buf: Matrix['buf']; length: number; offset: number };

/**
 * Minimises a smooth function by L-BFGS with a strong-Wolfe line search (see the module notes).
 * `fg(x, grad)` must return f(x) and write ∇f(x) into `grad` (same shape as x); it must not keep,
 * modify or dispose `x` or `grad`. x0 is copied, never modified.
 * Throws {@link OptionError} for bad or unknown options, {@link InvalidInputError} when `fg` is not
 * a function or returns a non-number, and {@link NonFiniteError} when f or ∇f is not finite at the
 * starting point, ∇f is not finite at a trial point, or f stays non-finite along a search direction.
 * @example
 * // a softmax-regression objective from newtonOracle (any f with a gradient works)
 * const or = newtonOracle({ loss: 'softmax', X, labels, lambda: 1e-3 });
 * const r = lbfgs((W, G) => or.valueAndGradient(W, G), Matrix.zeros(or.p, or.k), { tol: 1e-10 });
 * r.x.dispose(); or.dispose();
 */
export function lbfgs(fg: (x: Matrix, grad: Matrix) => number, x0: MatrixLike, options: LbfgsOptions = {}): LbfgsResult {
  const fn = 'lbfgs';
  if (typeof fg !== 'function') throw new InvalidInputError(`${fn}: fg must be a function (x, grad) => f(x)`);
  checkOptions(options, KNOWN, fn);
  const m = intOption(options.memory ?? 10, 'memory', fn, 1, 1000);
  const maxIter = intOption(options.maxIter ?? 500, 'maxIter', fn, 0, 1e9);
  const tol = numberOption(options.tol ?? 1e-8, 'tol', fn, 0, 1);
  const onIteration = options.onIteration;
  if (onIteration !== undefined && typeof onIteration !== 'function') throw new OptionError(`${fn}: option 'onIteration' must be a function`);

  const start = Matrix.from(x0, 'x0');
  const rows = start.rows, cols = start.cols, N = rows * cols;
  const temps: Matrix[] = [];
  const mk = (r: number, c: number): Matrix => { const M = Matrix.zeros(r, c); temps.push(M); return M; };
  try {
    let x = mk(rows, cols);
    ops.copy(start, x);
    if (ops.firstNonFinite(x) >= 0) throw new NonFiniteError(`${fn}: x0 has a non-finite entry`);
    let g = mk(rows, cols), xt = mk(rows, cols), gt = mk(rows, cols);
    const d = mk(rows, cols);
    const S = mk(N, m), Y = mk(N, m);
    const v = (M: Matrix): Vec => ({ buf: M.buf, length: N, offset: 0 });
    const colOf = (M: Matrix, j: number): Vec => ({ buf: M.buf, length: N, offset: j * N });
    const rho = new Float64Array(m), alpha = new Float64Array(m);
    let stored = 0, head = 0; // pairs in slots (head − stored .. head − 1) mod m, newest at head − 1
    let gamma = 1;
    let evaluations = 0;

    /** f and ∇f at X into G; checks the callback's answer. */
    const evaluate = (X: Matrix, G: Matrix): number => {
      ops.fill(G, 0);
      const f: unknown = fg(X, G);
      evaluations++;
      if (typeof f !== 'number') throw new InvalidInputError(`${fn}: fg returned ${typeof f}, expected a number`);
      if (X.disposed || G.disposed) throw new InvalidInputError(`${fn}: fg disposed its x or grad argument`);
      if (X.rows !== rows || X.cols !== cols) throw new InvalidInputError(`${fn}: fg must not reshape x`);
      return f;
    };
    const gradFinite = (G: Matrix): boolean => ops.firstNonFinite(G) < 0;

    let f = evaluate(x, g);
    if (!Number.isFinite(f)) throw new NonFiniteError(`${fn}: f(x0) is not finite (${f})`);
    if (!gradFinite(g)) throw new NonFiniteError(`${fn}: ∇f(x0) has a non-finite entry`);
    let gnorm = ops.nrm2(v(g), N);
    let iter = 0;
    let converged = gnorm <= tol * (1 + Math.abs(f));
    let stop = onIteration !== undefined && onIteration({ iteration: 0, objective: f, gradientNorm: gnorm, evaluations, step: 0 }) === false;
    let message = converged ? 'gradient norm below tol at the starting point' : stop ? 'stopped by onIteration' : '';
    let failures = 0;

    while (!converged && !stop && iter < maxIter) {
      // ---- direction d = −H g (two-loop recursion)
      ops.copyVec(v(g), v(d), N);
      for (let t = 0; t < stored; t++) {
        const j = (head - 1 - t + m) % m;
        alpha[j] = rho[j]! * ops.dot(colOf(S, j), v(d), N);
        ops.axpy(-alpha[j]!, colOf(Y, j), v(d), N);
      }
      ops.scal(stored > 0 ? gamma : 1, v(d), N);
      for (let t = stored - 1; t >= 0; t--) {
        const j = (head - 1 - t + m) % m;
        const beta = rho[j]! * ops.dot(colOf(Y, j), v(d), N);
        ops.axpy(alpha[j]! - beta, colOf(S, j), v(d), N);
      }
      ops.scal(-1, v(d), N);
      let dphi0 = ops.dot(v(g), v(d), N);
      if (!(dphi0 < 0)) {
        // not a descent direction (rounding in the pairs): restart from steepest descent
        stored = 0;
        ops.copyVec(v(g), v(d), N); ops.scal(-1, v(d), N);
        dphi0 = -gnorm * gnorm;
      }
      const a0 = stored > 0 ? 1 : Math.min(1, 1 / gnorm);

      // ---- strong Wolfe line search (Nocedal & Wright Alg. 3.5 / 3.6)
      const f0 = f;
      const slack = ROUNDING_SLACK * (1 + Math.abs(f0));
      /** Evaluates at x + a·d into xt, gt; returns [φ, φ'] (φ = +∞ if f is not finite). */
      const trial = (a: number): [number, number] => {
        ops.copyVec(v(x), v(xt), N); ops.axpy(a, v(d), v(xt), N);
        const ft = evaluate(xt, gt);
        if (!Number.isFinite(ft)) return [Infinity, NaN];
        if (!gradFinite(gt)) throw new NonFiniteError(`${fn}: ∇f is not finite at a trial point where f = ${ft} (iteration ${iter + 1})`);
        return [ft, ops.dot(v(gt), v(d), N)];
      };
      const armijo = (a: number, ph: number): boolean => ph <= f0 + C1 * a * dphi0 + slack;
      const curvature = (dp: number): boolean => Math.abs(dp) <= -C2 * dphi0;
      let accepted = -1; // the accepted step (xt, gt hold its point), −1 if none
      let acceptedF = NaN;
      let evals = 0;
      let nonFiniteOnly = true;
      const zoom = (lo: number, flo: number, dlo: number, hi: number, fhi: number, dhi: number): void => {
        while (evals < MAX_LS) {
          const width = Math.abs(hi - lo);
          if (width <= EPS * Math.max(lo, hi)) return;
          let a = Number.isFinite(fhi) && Number.isFinite(dhi) ? cubicMin(lo, flo, dlo, hi, fhi, dhi) : NaN;
          const lower = Math.min(lo, hi) + 0.1 * width, upper = Math.max(lo, hi) - 0.1 * width;
          if (!Number.isFinite(a) || a < lower || a > upper) a = 0.5 * (lo + hi);
          const [fa, da] = trial(a); evals++;
          if (Number.isFinite(fa)) nonFiniteOnly = false;
          if (!armijo(a, fa) || fa > flo + slack) { hi = a; fhi = fa; dhi = da; continue; }
          if (curvature(da)) { accepted = a; acceptedF = fa; return; }
          if (da * (hi - lo) >= 0) { hi = lo; fhi = flo; dhi = dlo; }
          lo = a; flo = fa; dlo = da;
        }
      };
      {
        let aPrev = 0, fPrev = f0, dPrev = dphi0;
        let a = a0;
        for (let i = 1; evals < MAX_LS; i++) {
          const [fa, da] = trial(a); evals++;
          if (Number.isFinite(fa)) nonFiniteOnly = false;
          if (!armijo(a, fa) || (i > 1 && fa > fPrev + slack)) { zoom(aPrev, fPrev, dPrev, a, fa, da); break; }
          if (curvature(da)) { accepted = a; acceptedF = fa; break; }
          if (da >= 0) { zoom(a, fa, da, aPrev, fPrev, dPrev); break; }
          aPrev = a; fPrev = fa; dPrev = da;
          a = Math.min(4 * a, Math.max(1e10, 4 * a0));
          if (!Number.isFinite(a)) break;
        }
      }
      if (accepted < 0) {
        if (nonFiniteOnly && evals >= MAX_LS) throw new NonFiniteError(`${fn}: f is not finite at every trial point along the search direction (iteration ${iter + 1})`);
        failures++;
        if (failures >= 2 || stored === 0) {
          message = `the line search failed (${failures >= 2 ? 'twice' : 'along steepest descent'}): no strong-Wolfe step within ${MAX_LS} evaluations — f is at its rounding floor or not smooth`;
          break;
        }
        stored = 0; // retry once from steepest descent
        continue;
      }
      failures = 0;
      iter++;
      // ---- new pair s = a·d, y = g_t − g
      const j = head;
      ops.copyVec(v(d), colOf(S, j), N); ops.scal(accepted, colOf(S, j), N);
      ops.copyVec(v(gt), colOf(Y, j), N); ops.axpy(-1, v(g), colOf(Y, j), N);
      const sy = ops.dot(colOf(S, j), colOf(Y, j), N);
      const yy = ops.dot(colOf(Y, j), colOf(Y, j), N);
      const ss = ops.dot(colOf(S, j), colOf(S, j), N);
      if (sy > CURVATURE_EPS * Math.sqrt(ss) * Math.sqrt(yy) && yy > 0) {
        rho[j] = 1 / sy;
        gamma = sy / yy;
        head = (head + 1) % m;
        stored = Math.min(stored + 1, m);
      }
      // ---- move
      [x, xt] = [xt, x]; [g, gt] = [gt, g];
      f = acceptedF;
      gnorm = ops.nrm2(v(g), N);
      converged = gnorm <= tol * (1 + Math.abs(f));
      if (onIteration !== undefined && onIteration({ iteration: iter, objective: f, gradientNorm: gnorm, evaluations, step: accepted }) === false) {
        stop = true;
        message = 'stopped by onIteration';
      }
    }
    if (message === '') message = converged ? `converged: ‖∇f‖ ≤ tol·(1 + |f|) after ${iter} iterations` : `iteration limit (${maxIter}) reached`;
    const out = Matrix.zeros(rows, cols);
    ops.copy(x, out);
    return { x: out, objective: f, gradientNorm: gnorm, iterations: iter, evaluations, converged, message };
  } finally {
    for (const t of temps) t.dispose();
    if (start !== x0) start.dispose();
  }
}

/** Minimiser of the cubic interpolating φ and φ' at a and b (Nocedal & Wright (3.59)); NaN if none. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
}
