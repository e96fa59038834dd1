/**
 * LSQR (Paige & Saunders 1982) with the semantics of `scipy.sparse.linalg.lsqr`
 * (ALGORITHMS.md §2): same recurrences, estimates, stopping tests and istop codes.
 * @module
 */
import { ops, type Mat } from '../../bindings/index.js';
import { InvalidInputError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { checkDim, checkOptions, intOption, numberOption } from '../validate.js';
import { matrixFrom, rhsToMatrix, type Rhs, type SolutionOf } from '../linalg/rhs.js';
import { LinearOperator } from './operator.js';
import { assertRepresentable, ldexp, maxAbs, rangeExponent, scaledCopy, SQUARED_HI, SQUARED_LO } from '../linalg/scaling.js';

const EPS = 2 ** -52;

/** Meaning of each LSQR stop code (index = istop), as in scipy. */
export const LSQR_MESSAGES: readonly string[] = [
  'The exact solution is x = x0 (b − A·x0 = 0 or Aᵀ(b − A·x0) = 0); x0 = 0 unless given',
  'Ax − b is small enough, given atol, btol',
  'The least-squares solution is good enough, given atol',
  'The estimate of cond(Abar) has exceeded conlim',
  'Ax − b is small enough for this machine',
  'The least-squares solution is good enough for this machine',
  'Cond(Abar) seems to be too large for this machine',
  'The iteration limit has been reached (not converged: increase maxIter or precondition, e.g. with lsrn)',
  'Stagnation: neither ‖r‖ nor ‖Aᵀr‖ has reached a new minimum in max(100, n) iterations (no further progress: rounding floor, NaN from the operator, or an operator whose transpose is not its adjoint)',
];

/**
 * Largest `maxIter` {@link lsqr} (and LSRN's iteration bounds) accept: 10,000,000. A larger
 * value is an {@link OptionError}: it is no longer an iteration limit but a hang.
 */
export const LSQR_MAX_ITER = 10_000_000;

/**
 * Stagnation window of {@link lsqr} for n columns: max(100, n) iterations. When neither the
 * estimate of ‖b − Ax‖ (r2norm) nor that of ‖Aᵀ(b − Ax)‖ (arnorm) has reached a new minimum
 * (a decrease by more than 2ε relative) in that many consecutive iterations, LSQR stops with
 * istop 8. In exact arithmetic LSQR ends within n iterations; past that only progress counts.
 */
export function lsqrStagnationWindow(n: number): number {
  checkDim(n, 'lsqrStagnationWindow: n');
  return Math.max(100, n);
}

/** Progress reported to {@link LsqrOptions.onIteration} after every iteration. */
export interface LsqrProgress {
  /** Right-hand side (column of B) being solved, 0-based. */
  column: number;
  /** Iteration number (1-based). */
  iteration: number;
  /** ‖b − Ax‖ (with damping: see {@link LsqrInfo.r1norm}). */
  r1norm: number;
  /** sqrt(‖b − Ax‖² + damp²‖x − x0‖²). */
  r2norm: number;
  /** Estimate of ‖Aᵀ(b − Ax) − damp²x‖. */
  arnorm: number;
  /** Estimate of cond(Abar). */
  acond: number;
}

/** Options of {@link lsqr}. Defaults are scipy's (≥ 1.8). */
export interface LsqrOptions {
  /** Damping: minimise ‖Ax − b‖² + damp²‖x − x0‖² (default 0). */
  damp?: number;
  /** Starting point (length cols(A); a Matrix cols(A)×k for a Matrix B). Default 0. With x0 ≠ 0 the minimum-norm property is lost. */
  x0?: VectorLike | MatrixLike;
  /** Relative error in A; also the normal-equation tolerance (stop 2). Default 1e-6 (scipy ≥ 1.8; older scipy used 1e-8). */
  atol?: number;
  /** Relative error in b (stop 1). Default 1e-6 (scipy ≥ 1.8; older scipy used 1e-8). */
  btol?: number;
  /** Stop (istop 3) when the estimate of cond(Abar) exceeds conlim. Default 1e8; ≤ 0 disables. */
  conlim?: number;
  /**
   * Iteration cap (default 2·cols(A), at most {@link LSQR_MAX_ITER}). Reaching it gives istop 7
   * (not converged). Independently, LSQR stops with istop 8 when it stagnates (see
   * {@link lsqrStagnationWindow}).
   */
  maxIter?: number;
  /** Called after every iteration (per right-hand side). */
  onIteration?: (progress: LsqrProgress) => void;
}

/** Diagnostics of one LSQR run. */
export interface LsqrInfo {
  /** Stop code 0…8 (see {@link LSQR_MESSAGES}); 7 = iteration limit reached, 8 = stagnation: both mean not converged. */
  istop: number;
  /** {@link LSQR_MESSAGES}[istop]. */
  message: string;
  /** Iterations run. */
  iterations: number;
  /** ‖b − Ax‖ (for damp > 0: sign(r1sq)·sqrt(|r1sq|), r1sq = r2norm² − damp²‖x − x0‖² estimate, as scipy). */
  r1norm: number;
  /** sqrt(‖b − Ax‖² + damp²‖x − x0‖²). */
  r2norm: number;
  /** Estimate of the Frobenius norm of Abar = [A; damp·I]. */
  anorm: number;
  /** Estimate of cond(Abar). */
  acond: number;
  /**
   * Estimate of ‖Aᵀ(b − Ax) − damp²(x − x0)‖. It scales with ‖A‖·‖b‖: for data of extreme
   * magnitude (e.g. A and b both near 1e300) its value can exceed the f64 range and is then
   * reported as +Infinity (the solution and the other estimates are unaffected).
   */
  arnorm: number;
  /** Estimate of ‖x − x0‖ (as scipy: the norm of the LSQR correction). */
  xnorm: number;
}

/**
 * Result of {@link lsqr}: the solution plus diagnostics. For a Matrix B every column is solved
 * by its own run (`columns[j]`); the top-level fields then summarise: `istop` and `iterations`
 * the maximum over columns (so a column that hit the limit shows istop 7), `anorm`, `acond`,
 * `arnorm` the maximum, `r1norm`, `r2norm`, `xnorm` the root sum of squares.
 */
export interface LsqrResult<X> extends LsqrInfo {
  /** Solution: Float64Array for a vector b, Matrix (cols(A)×k) for a Matrix B. */
  x: X;
  /** Per right-hand-side diagnostics. */
  columns: LsqrInfo[];
}

/** @internal Parsed options. */
export interface LsqrParams {
  damp: number;
  atol: number;
  btol: number;
  conlim: number;
  maxIter: number;
  onIteration?: (p: LsqrProgress) => void;
}

const KNOWN = ['damp', 'x0', 'atol', 'btol', 'conlim', 'maxIter', 'onIteration'] as const;

/** @internal */
export function lsqrParams(options: LsqrOptions, n: number, fn: string): LsqrParams {
  checkOptions(options, KNOWN, fn);
  const damp = numberOption(options.damp ?? 0, 'damp', fn, 0);
  const atol = numberOption(options.atol ?? 1e-6, 'atol', fn, 0);
  const btol = numberOption(options.btol ?? 1e-6, 'btol', fn, 0);
  const conlim = numberOption(options.conlim ?? 1e8, 'conlim', fn);
  const maxIter = intOption(options.maxIter ?? Math.min(2 * n, LSQR_MAX_ITER), 'maxIter', fn, 0, LSQR_MAX_ITER);
  if (options.onIteration !== undefined && typeof options.onIteration !== 'function') throw new OptionError(`${fn}: option 'onIteration' must be a function`);
  return { damp, atol, btol, conlim, maxIter, onIteration: options.onIteration };
}

/** Givens rotation (c, s, r) with c·a + s·b = r, −s·a + c·b = 0, as scipy's `_sym_ortho`. */
function symOrtho(a: number, b: number): [number, number, number] {
  if (b === 0) return [Math.sign(a), 0, Math.abs(a)];
  if (a === 0) return [0, Math.sign(b), Math.abs(b)];
  if (Math.abs(b) > Math.abs(a)) {
    const tau = a / b;
    const s = Math.sign(b) / Math.sqrt(1 + tau * tau);
    const c = s * tau;
    return [c, s, b / s];
  }
  const tau = b / a;
  const c = Math.sign(a) / Math.sqrt(1 + tau * tau);
  const s = c * tau;
  return [c, s, a / c];
}

/**
 * @internal One LSQR run on column operands: b (m×1), x (n×1, holds x0 on entry or zeros; the
 * solution on exit). Workspace: u (m×1), v (n×1), w (n×1). The scipy algorithm line by line.
 */
export function lsqrRun(A: LinearOperator, b: Mat, x: Mat, hasX0: boolean, p: LsqrParams, column: number,
  u: Mat, v: Mat, w: Mat): LsqrInfo {
  const m = A.rows, n = A.cols;
  const bv = ops.col(b, 0), xv = ops.col(x, 0), uv = ops.col(u, 0), vv = ops.col(v, 0), wv = ops.col(w, 0);
  const { atol, btol, conlim, maxIter } = p;
  let damp = p.damp;
  let dampsq = damp * damp;
  const ctol = conlim > 0 ? 1 / conlim : 0;
  let anorm = 0, acond = 0, ddnorm = 0, res2 = 0, xnorm = 0, xxnorm = 0, z = 0;
  let cs2 = -1, sn2 = 0, itn = 0, istop = 0;

  // u = b − A x0; β = ‖u‖; bnorm = ‖b‖. The recurrences square β, α and ‖b‖: a b outside
  // [2^-250, 2^250] is scaled by an exact 2^eb (u and x0 here, x at the end, the reported
  // norms in info), as LAPACK's drivers scale their right-hand sides. eb = 0 otherwise.
  const bnorm0 = ops.norm2(bv, m);
  const eb = rangeExponent(bnorm0, SQUARED_LO, SQUARED_HI);
  const bnorm = ldexp(bnorm0, eb);
  ops.copy(b, u);
  if (eb !== 0) { ops.scalePow2(u, eb); if (hasX0) ops.scalePow2(x, eb); }
  if (hasX0) A.apply(0, -1, x, 1, u);
  let beta = ops.normalize(uv, m); // u ← u/β when β > 0
  let alfa = 0;
  if (beta > 0) {
    A.apply(1, 1, u, 0, v);
    alfa = ops.normalize(vv, n);
  } else {
    ops.copy(x, v);
  }
  // The recurrences square α, β, ‖A‖ and damp. When max(α₁ = ‖Aᵀu₁‖, damp) is outside
  // [2^-250, 2^250] (an operator of extreme magnitude: a dense A was already scaled by
  // lsqrSolve), LSQR runs on Â = 2^ea·A — the factor rides on every product's α, exactly —
  // with damp̂ = 2^ea·damp and x̂ = 2^-ea·x. ea = 0 otherwise (then nothing changes).
  let ea = 0, sa = 1;
  const e = rangeExponent(Math.max(alfa, damp), SQUARED_LO, SQUARED_HI);
  if (e !== 0 && Math.abs(e) <= 1000) {
    ea = e; sa = 2 ** e;
    alfa *= sa; damp *= sa; dampsq = damp * damp;
    if (hasX0) ops.scalePow2(x, -ea);
  }
  ops.copy(v, w);
  let rhobar = alfa, phibar = beta;
  let rnorm = beta, r1norm = rnorm, r2norm = rnorm;
  let arnorm = alfa * beta;
  const info = (): LsqrInfo => {
    if (ea - eb !== 0) ops.scalePow2(x, ea - eb);
    return {
      istop, message: LSQR_MESSAGES[istop]!, iterations: itn, r1norm: ldexp(r1norm, -eb), r2norm: ldexp(r2norm, -eb),
      anorm: ldexp(anorm, -ea), acond, arnorm: ldexp(arnorm, -ea - eb), xnorm: ldexp(xnorm, ea - eb),
    };
  };
  if (arnorm === 0) return info();

  // stagnation (istop 8): best estimates so far and the iteration that last improved one
  const window = lsqrStagnationWindow(n);
  let bestR = rnorm, bestAr = arnorm, lastProgress = 0;
  while (itn < maxIter) {
    itn++;
    // bidiagonalisation: u = A v − α u, β = ‖u‖; v = Aᵀu − β v, α = ‖v‖
    A.apply(0, sa, v, -alfa, u);
    beta = ops.normalize(uv, m);
    if (beta > 0) {
      const prev = anorm;
      anorm = Math.sqrt(anorm * anorm + alfa * alfa + beta * beta + dampsq);
      if (anorm === Infinity) anorm = Math.hypot(prev, alfa, beta, damp); // the squares overflowed, not the norm
      A.apply(1, sa, u, -beta, v);
      alfa = ops.normalize(vv, n);
    }
    let rhobar1: number, psi: number;
    if (damp > 0) {
      rhobar1 = Math.sqrt(rhobar * rhobar + dampsq);
      const cs1 = rhobar / rhobar1;
      const sn1 = damp / rhobar1;
      psi = sn1 * phibar;
      phibar = cs1 * phibar;
    } else {
      rhobar1 = rhobar;
      psi = 0;
    }
    const [cs, sn, rho] = symOrtho(rhobar1, beta);
    const theta = sn * alfa;
    rhobar = -cs * alfa;
    const phi = cs * phibar;
    phibar = sn * phibar;
    const tau = sn * phi;

    // x += (φ/ρ) w; w = v − (θ/ρ) w; ‖d_k‖² with d_k = w/ρ — one fused wasm pass
    ddnorm += ops.lsqrUpdate(xv, wv, vv, phi / rho, theta / rho, 1 / rho, n);

    const delta = sn2 * rho;
    const gambar = -cs2 * rho;
    const rhs = phi - delta * z;
    const zbar = rhs / gambar;
    xnorm = Math.sqrt(xxnorm + zbar * zbar);
    const gamma = Math.sqrt(gambar * gambar + theta * theta);
    cs2 = gambar / gamma;
    sn2 = theta / gamma;
    z = rhs / gamma;
    xxnorm += z * z;

    acond = anorm * Math.sqrt(ddnorm);
    const res1 = phibar * phibar;
    res2 += psi * psi;
    rnorm = Math.sqrt(res1 + res2);
    arnorm = alfa * Math.abs(tau);
    if (damp > 0) {
      const r1sq = rnorm * rnorm - dampsq * xxnorm;
      r1norm = Math.sqrt(Math.abs(r1sq));
      if (r1sq < 0) r1norm = -r1norm;
    } else {
      r1norm = rnorm;
    }
    r2norm = rnorm;

    const test1 = rnorm / bnorm;
    const test2 = arnorm / (anorm * rnorm + EPS);
    const test3 = 1 / (acond + EPS);
    const t1 = test1 / (1 + anorm * xnorm / bnorm);
    const rtol = btol + atol * anorm * xnorm / bnorm;
    if (rnorm < bestR * (1 - 2 * EPS) || arnorm < bestAr * (1 - 2 * EPS)) {
      bestR = Math.min(bestR, rnorm); bestAr = Math.min(bestAr, arnorm); lastProgress = itn;
    }
    if (itn - lastProgress >= window) istop = 8;
    if (itn >= maxIter) istop = 7;
    if (1 + test3 <= 1) istop = 6;
    if (1 + test2 <= 1) istop = 5;
    if (1 + t1 <= 1) istop = 4;
    if (test3 <= ctol) istop = 3;
    if (test2 <= atol) istop = 2;
    if (test1 <= rtol) istop = 1;
    p.onIteration?.({ column, iteration: itn, r1norm: ldexp(r1norm, -eb), r2norm: ldexp(r2norm, -eb), arnorm: ldexp(arnorm, -ea - eb), acond });
    if (istop !== 0) break;
  }
  return info();
}

/** @internal Runs LSQR on every column of B (m×k) into X (n×k; holds x0 or zeros). */
export function lsqrColumns(A: LinearOperator, B: Mat, X: Mat, hasX0: boolean, p: LsqrParams): LsqrInfo[] {
  const m = A.rows, n = A.cols;
  const work = Matrix.empty(m + 2 * n, 1);
  try {
    const u = ops.sub(work, 0, 0, m, 1), v = ops.sub(work, m, 0, n, 1), w = ops.sub(work, m + n, 0, n, 1);
    const out: LsqrInfo[] = [];
    for (let j = 0; j < B.cols; j++) {
      out.push(lsqrRun(A, ops.sub(B, 0, j, m, 1), ops.sub(X, 0, j, n, 1), hasX0, p, j, u, v, w));
    }
    return out;
  } finally {
    work.dispose();
  }
}

/**
 * @internal {@link lsqrColumns} with the operator of a dense A scaled into [2^-250, 2^250]
 * first when max(max|A|, damp) is outside it (LSQR squares ‖A‖ and damp): Â = 2^ea·A,
 * damp̂ = 2^ea·damp, x̂ = 2^-ea·x (x0 on entry; X is rescaled on exit) and the reported norms
 * converted back. Operators that are not a dense matrix run unscaled (b is scaled per column
 * by lsqrRun in both cases). Throws InvalidInputError when the solution is not representable.
 */
export function lsqrSolve(A: LinearOperator, B: Mat, X: Matrix, hasX0: boolean, p: LsqrParams, fn: string): LsqrInfo[] {
  const dense = A.denseMatrix;
  const ea = dense ? rangeExponent(Math.max(maxAbs(dense), p.damp), SQUARED_LO, SQUARED_HI) : 0;
  if (ea === 0) {
    const cols = lsqrColumns(A, B, X, hasX0, p);
    assertRepresentable(X, fn);
    return cols;
  }
  const As = scaledCopy(dense!, ea);
  let op: LinearOperator | null = null;
  try {
    op = LinearOperator.fromMatrix(As);
    const user = p.onIteration;
    const ps: LsqrParams = {
      ...p, damp: ldexp(p.damp, ea),
      onIteration: user ? (q) => user({ ...q, arnorm: ldexp(q.arnorm, -ea) }) : undefined,
    };
    if (hasX0) ops.scalePow2(X, -ea);
    const cols = lsqrColumns(op, B, X, hasX0, ps);
    ops.scalePow2(X, ea);
    assertRepresentable(X, fn);
    return cols.map((c) => ({ ...c, anorm: ldexp(c.anorm, -ea), arnorm: ldexp(c.arnorm, -ea), xnorm: ldexp(c.xnorm, ea) }));
  } finally {
    op?.dispose();
    As.dispose();
  }
}

/** @internal Summary of per-column infos (see {@link LsqrResult}). */
export function summarize(cols: LsqrInfo[]): LsqrInfo {
  if (cols.length === 1) return { ...cols[0]! };
  const max = (f: (c: LsqrInfo) => number) => cols.reduce((a, c) => Math.max(a, f(c)), 0);
  const rss = (f: (c: LsqrInfo) => number) => Math.sqrt(cols.reduce((a, c) => a + f(c) ** 2, 0));
  const istop = max((c) => c.istop);
  return {
    istop, message: LSQR_MESSAGES[istop]!, iterations: max((c) => c.iterations),
    r1norm: rss((c) => c.r1norm), r2norm: rss((c) => c.r2norm), anorm: max((c) => c.anorm),
    acond: max((c) => c.acond), arnorm: max((c) => c.arnorm), xnorm: rss((c) => c.xnorm),
  };
}

/** @internal A as an operator (and whether it was created here and must be disposed). */
export function asOperator(a: LinearOperator | MatrixLike, fn: string): { op: LinearOperator; owned: boolean } {
  if (a instanceof LinearOperator) {
    if (a.disposed) throw new InvalidInputError(`${fn}: the LinearOperator has been disposed`);
    return { op: a, owned: false };
  }
  let op: LinearOperator;
  try {
    op = LinearOperator.fromMatrix(a); // converts array data (the operator owns the copy)
  } catch (err) {
    if (err instanceof InvalidInputError) throw new InvalidInputError(err.message.replace('LinearOperator.fromMatrix', fn));
    throw err;
  }
  try {
    op.denseMatrix!.assertFinite(`${fn}: A`);
  } catch (err) { op.dispose(); throw err; }
  return { op, owned: true };
}

/** @internal Starting point as an n×k Matrix (zeros when absent). */
export function startMatrix(x0: VectorLike | MatrixLike | undefined, n: number, k: number, fn: string): Matrix {
  if (x0 === undefined) return Matrix.zeros(n, k);
  const isVec = x0 instanceof Float64Array || (Array.isArray(x0) && (x0.length === 0 || typeof x0[0] === 'number'));
  // a Matrix x0 is copied (it is overwritten); array data is converted once (that copy is ours)
  const X = isVec ? Matrix.fromVector(x0 as ArrayLike<number>)
    : x0 instanceof Matrix ? Matrix.from(x0, 'x0').clone() : matrixFrom(x0 as MatrixLike, 'x0', fn);
  try {
    if (X.rows !== n || X.cols !== k) throw new ShapeError(`${fn}: x0 is ${X.rows}×${X.cols} but the solution is ${n}×${k}`);
    X.assertFinite(`${fn}: x0`);
  } catch (err) { X.dispose(); throw err; }
  return X;
}

/**
 * LSQR: iterative solution of min ‖Ax − b‖² + damp²‖x − x0‖² using only products with A and
 * Aᵀ, with the semantics and defaults of `scipy.sparse.linalg.lsqr` (scipy ≥ 1.8: atol = btol
 * = 1e-6, conlim = 1e8, maxIter = 2n). From x0 = 0 with damp = 0 it converges to the
 * minimum-norm least-squares solution. Convergence depends on cond(A): for ill-conditioned
 * problems use {@link lsrn} (preconditioned) or expect istop 7 (iteration limit).
 *
 * istop: 0 x = x0 is exact · 1 Ax ≈ b within atol/btol · 2 least-squares optimal within atol ·
 * 3 cond(Abar) > conlim · 4–6 the same tests at machine precision · 7 iteration limit
 * (not converged; the result says so in `message`) · 8 stagnation: no new minimum of the
 * residual estimates in {@link lsqrStagnationWindow}(n) iterations (not converged further).
 * `maxIter` is at most {@link LSQR_MAX_ITER} (OptionError beyond).
 *
 * Extreme magnitudes: a dense A (with damp) and b outside [2^-250, 2^250] are scaled by exact
 * powers of two (operators through the factor of each product), so finite data never yield
 * NaN; a solution beyond the f64 range throws InvalidInputError.
 *
 * A is a Matrix (or array data) or a {@link LinearOperator}; b a vector (gives a Float64Array x)
 * or a Matrix (one run per column; gives a Matrix X).
 * @example
 * const r = lsqr([[1, 0], [1, 1], [0, 1]], [1, 0, -1]);
 * // r.x ≈ [1, -1], r.istop === 1, r.iterations === 1
 */
export function lsqr<B extends Rhs>(a: LinearOperator | MatrixLike, b: B, options: LsqrOptions = {}): LsqrResult<SolutionOf<B>> {
  const fn = 'lsqr';
  // options first: a bad option must not convert (allocate) A before it is reported
  const p0 = lsqrParams(options, 0, fn);
  const { op, owned } = asOperator(a, fn);
  let rhs: ReturnType<typeof rhsToMatrix> | null = null;
  let X: Matrix | null = null;
  try {
    const p: LsqrParams = options.maxIter === undefined ? { ...p0, maxIter: Math.min(2 * op.cols, LSQR_MAX_ITER) } : p0;
    rhs = rhsToMatrix(b, op.rows, fn);
    X = startMatrix(options.x0, op.cols, rhs.B.cols, fn);
    const cols = lsqrSolve(op, rhs.B, X, options.x0 !== undefined, p, fn);
    const sum = summarize(cols);
    let x: SolutionOf<B>;
    if (rhs.isVector) { x = X.toColumnMajor() as SolutionOf<B>; X.dispose(); } else x = X as SolutionOf<B>;
    X = null;
    return { x, ...sum, columns: cols };
  } finally {
    X?.dispose();
    if (rhs?.owned) rhs.B.dispose();
    if (owned) op.dispose();
  }
}
