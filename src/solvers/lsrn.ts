/**
 * LSRN (Meng, Saunders, Mahoney 2014): least squares with a randomized preconditioner
 * (ALGORITHMS.md §3). Sketch Ã = G·A with s = ⌈γn⌉ rows, thin SVD of Ã, rank cut,
 * N = Ṽ_r Σ̃_r⁻¹, then LSQR or Chebyshev semi-iteration on A·N; x = N·y. The iteration count
 * depends only on γ and tol, not on cond(A).
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, LsqnetError, OptionError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions, describe, enumOption, intOption, numberOption, seedOption } from '../validate.js';
import { rhsToMatrix, type Rhs, type SolutionOf } from '../linalg/rhs.js';
import { svd, type SVDResult } from '../linalg/svd.js';
import { qr } from '../linalg/qr.js';
import { LinearOperator, product } from './operator.js';
import { asOperator, lsqrColumns, summarize, LSQR_MAX_ITER, LSQR_MESSAGES, type LsqrInfo } from './lsqr.js';
import { assertRepresentable, maxAbs, rangeExponent, scaledCopy, SQUARED_HI, SQUARED_LO } from '../linalg/scaling.js';
import { chebyshevIterations, chebyshevRun } from './chebyshev.js';
import { sketchColumnsGaussian, sketchRows, type SketchKind } from './sketch.js';

const EPS = 2 ** -52;

/** Options of {@link lsrn}. */
export interface LsrnOptions {
  /** Oversampling γ > 1: the sketch has s = ⌈γ·min(m, n)⌉ rows (columns when m < n). Default 2. */
  oversampling?: number;
  /** Rank cut on the sketch's singular values: σ̃ᵢ ≤ rcond·σ̃₁ are dropped. Default min(m, n)·ε. */
  rcond?: number;
  /**
   * `'gaussian'` (default; i.i.d. N(0,1), cost O(s·m·n) GEMM flops) or `'sparse'` (sparse sign
   * embedding with ζ non-zeros ±1/√ζ per column, cost O(ζ·m·n) — much faster for tall A).
   */
  sketch?: SketchKind;
  /** Non-zeros per column of the sparse sign sketch (default 8). */
  zeta?: number;
  /** Inner solver: `'lsqr'` (default; stops by itself) or `'chebyshev'` (fixed iteration count, no inner products). */
  solver?: 'lsqr' | 'chebyshev';
  /** Seed of the sketch (integer in [0, 2^53)). Default 0. */
  seed?: number;
  /** Rows of A (or of its row-block generator) processed per sketch block (default: the operator's own block size, whole Matrix otherwise). */
  blockSize?: number;
  /** Target relative accuracy (default 1e-14). LSQR runs with atol = btol = tol/κ̂ and the iteration bound ⌈−2(ln tol − ln 2)/ln γ_eff⌉. */
  tol?: number;
  /** Iteration count override (LSQR cap / Chebyshev count). Default: the bounds of §3.2/§3.4. */
  maxIter?: number;
  /** Chebyshev: failure probability of the singular-value bounds (default 0.1). */
  pFail?: number;
}

/** Result of {@link lsrn}. */
export interface LsrnResult<X> {
  /** Solution: Float64Array for a vector b, Matrix (n×k) for a Matrix B. */
  x: X;
  /** Inner iterations (maximum over right-hand sides). */
  iterations: number;
  /** Numerical rank r of the sketch (columns of the preconditioner). */
  rank: number;
  /**
   * LSQR stop code of the inner solve (max over columns; see `LSQR_MESSAGES`). With tol near ε
   * LSQR normally stops at its iteration bound (7): expected, not a failure (§3.5).
   * `null` for the Chebyshev solver (it always runs its fixed count).
   */
  istop: number | null;
  /** Explanation of `istop` / the Chebyshev run. */
  message: string;
  /** Wall time in seconds (total). */
  seconds: number;
  /** Wall time per phase in seconds. */
  timings: { sketch: number; factor: number; solve: number };
  /** Sketch size s. */
  sketchSize: number;
  /** γ_eff = s / r. */
  gammaEff: number;
  /** κ̂ = (√γ_eff + 1)/(√γ_eff − 1): bound on cond(A·N) the tolerances were scaled with. */
  conditionBound: number;
  /** Iteration bound used (LSQR cap or Chebyshev count). */
  iterationBound: number;
  /** Inner LSQR diagnostics per right-hand side (LSQR solver only). */
  columns?: LsqrInfo[];
  /** Notes about degenerate cases (rank 0, r = s). */
  warnings: string[];
}

const KNOWN = ['oversampling', 'rcond', 'sketch', 'zeta', 'solver', 'seed', 'blockSize', 'tol', 'maxIter', 'pFail'] as const;

/** @internal Thin SVD with vectors (src/linalg/svd.ts). */
export function svdOf(A: Matrix): SVDResult {
  return svd(A, { vectors: true });
}

/**
 * σ (descending) and V of a square matrix R without forming U: the svd family's dgelss kernel
 * with no right-hand side (bidiagonalisation, P formed, bidiagonal QR rotating V only) —
 * about half the work of a full SVD with both U and V.
 */
function singularValuesAndV(R: Matrix, fn: string): { s: Float64Array; V: Matrix; dispose(): void } {
  const n = R.rows;
  const W = R.clone();
  const V = Matrix.empty(n, n);
  try {
    const { info, s } = ops.singularValuesAndV(W, V);
    if (info !== 0) throw new LsqnetError('INVALID_INPUT', `${fn}: the SVD of the sketch did not converge (${info} superdiagonals left)`);
    return { s, V, dispose: () => V.dispose() };
  } catch (err) {
    V.dispose();
    throw err;
  } finally {
    W.dispose();
  }
}

/**
 * The a-priori iteration count `bound` of the inner solver, or an OptionError when it exceeds
 * {@link LSQR_MAX_ITER} (the options ask for a run that would not end in practice).
 */
function checkBound(bound: number, solver: string, fn: string, why: string): number {
  if (!(bound <= LSQR_MAX_ITER)) {
    throw new OptionError(`${fn}: the ${solver} iteration bound is ${bound.toExponential(2)}, beyond the maximum of ${LSQR_MAX_ITER} (${why}), or pass 'maxIter' explicitly`);
  }
  return bound;
}

/** @internal Parsed LSRN options. */
export interface LsrnParams {
  gamma: number; rcond: number | undefined; sketch: SketchKind; zeta: number; solver: 'lsqr' | 'chebyshev';
  seed: number; blockSize: number | undefined; tol: number; maxIter: number | undefined; pFail: number;
}

/** @internal */
export function lsrnParams(options: LsrnOptions, fn: string): LsrnParams {
  checkOptions(options, KNOWN, fn);
  const gamma = options.oversampling ?? 2;
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || !(gamma > 1)) {
    throw new OptionError(`${fn}: option 'oversampling' must be a finite number > 1 (the sketch needs more rows than the rank), got ${describe(gamma)}`);
  }
  return {
    gamma,
    rcond: options.rcond === undefined ? undefined : numberOption(options.rcond, 'rcond', fn, 0, 1),
    sketch: enumOption(options.sketch ?? 'gaussian', 'sketch', fn, ['gaussian', 'sparse'] as const),
    zeta: intOption(options.zeta ?? 8, 'zeta', fn, 1, 1024),
    solver: enumOption(options.solver ?? 'lsqr', 'solver', fn, ['lsqr', 'chebyshev'] as const),
    seed: seedOption(options.seed ?? 0, fn),
    blockSize: options.blockSize === undefined ? undefined : intOption(options.blockSize, 'blockSize', fn, 1),
    tol: numberOption(options.tol ?? 1e-14, 'tol', fn, 0, 1, false),
    maxIter: options.maxIter === undefined ? undefined : intOption(options.maxIter, 'maxIter', fn, 1, LSQR_MAX_ITER),
    pFail: numberOption(options.pFail ?? 0.1, 'pFail', fn, 0, 1, false),
  };
}

/** Scales column j of the n×r matrix M by 1/σ_j (wasm daxpby per column). */
function scaleColumnsInv(M: Matrix, sigma: Float64Array): void {
  for (let j = 0; j < M.cols; j++) {
    const c = ops.col(M, j);
    ops.axpby(1 / sigma[j]!, c, 0, c, M.rows);
  }
}

/** @internal LSRN on a validated operator and right-hand-side Matrix; returns X (n×k) and diagnostics. */
export function lsrnCore(op: LinearOperator, B: Matrix, p: LsrnParams, fn: string): Omit<LsrnResult<Matrix>, 'x'> & { X: Matrix } {
  // A dense A outside [2^-250, 2^250] is scaled by an exact 2^ea first (its sketch is
  // factored and inverted: σ⁻¹ of a tiny A overflows); x = 2^ea·x̂. b is scaled by lsqrRun.
  const dense = op.denseMatrix;
  const ea = dense ? rangeExponent(maxAbs(dense), SQUARED_LO, SQUARED_HI) : 0;
  if (ea === 0) return lsrnCoreInRange(op, B, p, fn);
  const As = scaledCopy(dense!, ea);
  let ops2: LinearOperator | null = null;
  try {
    ops2 = LinearOperator.fromMatrix(As);
    const r = lsrnCoreInRange(ops2, B, p, fn);
    try {
      ops.scalePow2(r.X, ea);
      assertRepresentable(r.X, fn);
    } catch (err) { r.X.dispose(); throw err; }
    return r;
  } finally {
    ops2?.dispose();
    As.dispose();
  }
}

function lsrnCoreInRange(op: LinearOperator, B: Matrix, p: LsrnParams, fn: string): Omit<LsrnResult<Matrix>, 'x'> & { X: Matrix } {
  const t0 = performance.now();
  const m = op.rows, n = op.cols, k = B.cols;
  const over = m >= n;
  const dim = over ? n : m;
  const s = Math.ceil(p.gamma * dim);
  const rcond = p.rcond ?? dim * EPS;
  const warnings: string[] = [];
  const owned: { dispose(): void }[] = [];
  try {
    // ---- sketch
    let sk: Matrix;
    if (over) {
      if (!op.hasRowBlocks) throw new OptionError(`${fn}: the operator has no row blocks to sketch (a composition A·N needs a Matrix N)`);
      sk = sketchRows(op, s, p.sketch, p.seed, p.zeta, p.blockSize);
    } else {
      const Am = op.denseMatrix;
      if (Am) {
        const At = Am.transpose(); owned.push(At);
        const opT = LinearOperator.fromMatrix(At);
        const skT = sketchRows(opT, s, p.sketch, p.seed, p.zeta, p.blockSize); owned.push(skT);
        sk = skT.transpose();
      } else if (p.sketch === 'gaussian') {
        sk = sketchColumnsGaussian(op, s, p.seed);
      } else {
        throw new OptionError(`${fn}: the sparse sketch of an under-determined problem (m < n) needs A as a Matrix; use sketch: 'gaussian' for operators`);
      }
    }
    owned.push(sk);
    const t1 = performance.now();
    // ---- factor
    // SVD of the sketch through its R factor: Ã = QR (blocked Householder, GEMM-rich), then
    // R = U_R Σ Vᵀ gives Ã's σ and V unchanged (Ã = (Q U_R) Σ Vᵀ); U is never needed here.
    // Under-determined: Ãᵀ = QR, R = U_R Σ V_Rᵀ, so Ã = V_R Σ (Q U_R)ᵀ and V_R is Ã's U.
    const skForQr = over ? sk : sk.transpose();
    if (!over) owned.push(skForQr);
    const F = qr(skForQr, { mode: 'r' }); owned.push(F);
    const S = singularValuesAndV(F.R, fn); owned.push(S);
    const sv = S.s;
    let r = 0;
    while (r < sv.length && sv[r]! > rcond * sv[0]!) r++;
    let Pre: Matrix | null = null;
    if (r > 0) {
      const basis = S.V!;
      Pre = basis.columns(0, r); owned.push(Pre);
      scaleColumnsInv(Pre, sv);
    }
    const t2 = performance.now();
    const X = Matrix.zeros(n, k);
    const gammaEff = r > 0 ? s / r : Infinity;
    const kappa = (Math.sqrt(gammaEff) + 1) / (Math.sqrt(gammaEff) - 1);
    let iterations = 0, istop: number | null = 0, message = LSQR_MESSAGES[0]!, bound = 0;
    let columns: LsqrInfo[] | undefined;
    try {
      if (r === 0) {
        warnings.push('the sketch has numerical rank 0 (A = 0 or every singular value below rcond): x = 0');
        message = 'rank 0: x = 0';
      } else {
        // preconditioned operator and right-hand side
        let P: LinearOperator, rhs: Matrix, Y: Matrix;
        if (over) {
          P = LinearOperator.compose(op, Pre!); owned.push(P);
          rhs = B;
          Y = Matrix.zeros(r, k); owned.push(Y);
        } else {
          const Mt = Pre!.transpose(); owned.push(Mt);                 // r×m
          P = LinearOperator.compose(Mt, op); owned.push(P);           // r×n
          rhs = Matrix.empty(r, k); owned.push(rhs);
          product(0, 1, Mt, B, 0, rhs);                                 // Mᵀ B
          Y = X;
        }
        if (p.solver === 'lsqr') {
          if (gammaEff <= 1) {
            bound = p.maxIter ?? 2 * r;
            warnings.push(`r = s (${r}): γ_eff = 1 gives no iteration bound; LSQR capped at ${bound} iterations (increase oversampling)`);
          } else {
            bound = p.maxIter ?? checkBound(Math.ceil(-2 * (Math.log(p.tol) - Math.log(2)) / Math.log(gammaEff)), 'LSQR', fn,
              `γ_eff = ${gammaEff.toPrecision(4)}, tol = ${p.tol}; raise 'oversampling' or 'tol'`);
          }
          const tolK = p.tol / kappa;
          columns = lsqrColumns(P, rhs, Y, false, { damp: 0, atol: Number.isFinite(tolK) ? tolK : 0, btol: Number.isFinite(tolK) ? tolK : 0, conlim: 1e8, maxIter: bound });
          const sum = summarize(columns);
          iterations = sum.iterations; istop = sum.istop; message = sum.message;
          if (istop === 7) message += ' — expected when tol is near machine precision (§3.5): the bound is the a-priori iteration count';
        } else {
          const t = Math.sqrt(-2 * Math.log(p.pFail / 2));
          const gap = Math.sqrt(s) - Math.sqrt(r) - t;
          if (!(gap > 0)) {
            throw new InvalidInputError(`${fn}: solver 'chebyshev' needs √s − √r − t > 0 for its singular-value bounds, but s = ${s}, r = ${r}, t = ${t.toFixed(3)}; use solver 'lsqr' or a larger oversampling`);
          }
          // Bounds for a Gaussian N(0,1) sketch. The sparse sign sketch is normalised so that
          // E[SᵀS] = I (no √s factor), so its preconditioned singular values are √s times larger:
          // the same bounds scaled by √s (a heuristic for the sparse embedding).
          const scale = p.sketch === 'sparse' ? Math.sqrt(s) : 1;
          const sigmaU = scale / gap;
          const sigmaL = scale / (Math.sqrt(s) + Math.sqrt(r) + t);
          bound = p.maxIter ?? checkBound(chebyshevIterations(sigmaL, sigmaU, p.tol), 'Chebyshev', fn,
            `singular values in [${sigmaL.toExponential(3)}, ${sigmaU.toExponential(3)}] from oversampling = ${p.gamma}, pFail = ${p.pFail}, tol = ${p.tol}; ` +
            "raise 'oversampling' or 'pFail', or use solver 'lsqr'");
          chebyshevRun(P, rhs, Y, sigmaL, sigmaU, bound);
          iterations = bound; istop = null;
          message = `Chebyshev semi-iteration: ${bound} iterations for singular values in [${sigmaL.toExponential(3)}, ${sigmaU.toExponential(3)}] (holds with probability ≥ ${1 - p.pFail}${p.sketch === 'sparse' ? ' for a Gaussian sketch; heuristic for the sparse sketch' : ''})`;
        }
        if (over) product(0, 1, Pre!, Y, 0, X); // x = N y
      }
      assertRepresentable(X, fn);
    } catch (err) { X.dispose(); throw err; }
    const t3 = performance.now();
    return {
      X, iterations, rank: r, istop, message, seconds: (t3 - t0) / 1000,
      timings: { sketch: (t1 - t0) / 1000, factor: (t2 - t1) / 1000, solve: (t3 - t2) / 1000 },
      sketchSize: s, gammaEff, conditionBound: kappa, iterationBound: bound, columns, warnings,
    };
  } finally {
    for (const o of owned.reverse()) o.dispose();
  }
}

/**
 * LSRN: minimum-norm least-squares solution of min ‖Ax − b‖ with a randomized preconditioner.
 * Works on a Matrix or on a {@link LinearOperator} (products and row blocks only — the sketch is
 * accumulated block by block, so A never has to be stored). Over-determined (m ≥ n) and
 * under-determined (m < n) problems.
 *
 * Cost: sketch O(s·m·n) (Gaussian) or O(ζ·m·n) (sparse), SVD O(s·n²), then each iteration two
 * products with A. The number of iterations depends only on γ and tol (≈ 30–40 for γ_eff ≈ 8,
 * tol 1e-14), not on cond(A): use it where LSQR stalls (e.g. SWIM feature matrices).
 * @example
 * const { x, rank, iterations } = lsrn(A, b, { oversampling: 2, sketch: 'sparse', rcond: 1e-8, seed: 1 });
 */
export function lsrn<B extends Rhs>(a: LinearOperator | MatrixLike, b: B, options: LsrnOptions = {}): LsrnResult<SolutionOf<B>> {
  const fn = 'lsrn';
  const p = lsrnParams(options, fn); // options first: nothing is converted (allocated) for a bad option
  const { op, owned } = asOperator(a, fn);
  let rhs: ReturnType<typeof rhsToMatrix> | null = null;
  try {
    rhs = rhsToMatrix(b, op.rows, fn);
    const { X, ...rest } = lsrnCore(op, rhs.B, p, fn);
    let x: SolutionOf<B>;
    if (rhs.isVector) { x = X.toColumnMajor() as SolutionOf<B>; X.dispose(); } else x = X as SolutionOf<B>;
    return { x, ...rest };
  } finally {
    if (rhs?.owned) rhs.B.dispose();
    if (owned) op.dispose();
  }
}
