/**
 * Sketch-and-solve least squares by row sampling (ALGORITHMS.md §5): draw r rows i.i.d. from a
 * distribution p (uniform, exact leverage scores, or approximate leverage scores), rescale each
 * sampled row by 1/√(r·p_i), solve the small problem by truncated SVD.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { OptionError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions, enumOption, intOption, numberOption, seedOption } from '../validate.js';
import { coefficientMatrix, rhsToMatrix, type Rhs, type SolutionOf } from '../linalg/rhs.js';
import { lstsqSvd } from '../linalg/svd.js';
import { assertRepresentable, maxAbs, rangeExponent, scaledCopy, scaleInPlace, SQUARED_HI, SQUARED_LO } from '../linalg/scaling.js';
import { LinearOperator } from './operator.js';
import { svdOf } from './lsrn.js';
import { sketchRows } from './sketch.js';

/** Row distributions of {@link sketchSolve}. */
export type Sampling = 'uniform' | 'leverage' | 'approx-leverage';

/** Options of {@link sketchSolve}. */
export interface SketchSolveOptions {
  /** Number of sampled rows r (default 4·cols(A); r ≥ cols(A) is needed for a full-rank sketch). */
  rows?: number;
  /** `'uniform'` (default), `'leverage'` (exact scores from a thin SVD: O(m·n²)) or `'approx-leverage'` (sketched, O(m·n·log m)). */
  sampling?: Sampling;
  /** Seed (default 0). */
  seed?: number;
  /** Relative singular-value cut for the leverage basis and for the sampled solve (default eps·max(m, n)). */
  rcond?: number;
}

/** Result of {@link sketchSolve}. */
export interface SketchSolveResult<X> {
  /** Approximate solution. */
  x: X;
  /** Rows sampled. */
  rows: number;
  /** Distribution used. */
  sampling: Sampling;
  /** Rank of the sampled problem. */
  rank: number;
  /** Largest sampling probability times m (1 for uniform; the coherence-like max leverage · m/ρ otherwise). */
  maxScaledProbability: number;
  /** Wall time in seconds. */
  seconds: number;
}

const KNOWN = ['rows', 'sampling', 'seed', 'rcond'] as const;
const STREAM_SAMPLE = 0x54, STREAM_PI2 = 0x55;
const EPS = 2 ** -52;

/** Leverage-score probabilities ℓ_i/ρ from an orthonormal basis U (m×ρ). */
function rowProbabilities(U: Matrix, rho: number): Float64Array {
  const m = U.rows;
  const p = ops.rowNormsSq(ops.sub(U, 0, 0, m, rho));
  let s = 0; for (const v of p) s += v;
  for (let i = 0; i < m; i++) p[i] = p[i]! / s;
  return p;
}

/**
 * Sketch-and-solve: approximate min ‖Ax − b‖ from r sampled, rescaled rows. With leverage-score
 * sampling and r = O(n log n + n/ε) the residual is within (1 + ε) of optimal with constant
 * probability; uniform sampling is only reliable for incoherent A (§5.3–5.4).
 * @example
 * const { x } = sketchSolve(A, b, { rows: 20 * A.cols, sampling: 'leverage', seed: 1 });
 */
export function sketchSolve<B extends Rhs>(a: MatrixLike, b: B, options: SketchSolveOptions = {}): SketchSolveResult<SolutionOf<B>> {
  const fn = 'sketchSolve';
  const t0 = performance.now();
  checkOptions(options, KNOWN, fn);
  const { A, owned } = coefficientMatrix(a, fn);
  let rhs: ReturnType<typeof rhsToMatrix> | null = null;
  const temps: { dispose(): void }[] = [];
  try {
    const m = A.rows, n = A.cols;
    const r = intOption(options.rows ?? 4 * n, 'rows', fn, 1);
    const sampling = enumOption(options.sampling ?? 'uniform', 'sampling', fn, ['uniform', 'leverage', 'approx-leverage'] as const);
    const seed = seedOption(options.seed ?? 0, fn);
    const rcond = options.rcond === undefined ? EPS * Math.max(m, n) : numberOption(options.rcond, 'rcond', fn, 0, 1);
    rhs = rhsToMatrix(b, m, fn);

    // ---- probabilities
    let p: Float64Array | null = null;
    if (sampling === 'leverage') {
      const S = svdOf(A); temps.push(S);
      let rho = 0; while (rho < S.s.length && S.s[rho]! > rcond * S.s[0]!) rho++;
      if (rho === 0) throw new OptionError(`${fn}: A has numerical rank 0 at rcond ${rcond}: no leverage scores`);
      p = rowProbabilities(S.U!, rho);
    } else if (sampling === 'approx-leverage') {
      // (i) sparse sketch Π₁A (s₁ = 4n rows) → SVD → A V_ρ Σ_ρ⁻¹ ≈ orthonormal basis of range(A)
      const op = LinearOperator.fromMatrix(A); temps.push(op);
      const s1 = Math.min(Math.max(4 * n, n + 10), Math.max(m, n + 10));
      const PA = sketchRows(op, s1, 'sparse', seed, Math.min(8, s1)); temps.push(PA);
      const S = svdOf(PA); temps.push(S);
      let rho = 0; while (rho < S.s.length && S.s[rho]! > rcond * S.s[0]!) rho++;
      if (rho === 0) throw new OptionError(`${fn}: A has numerical rank 0 at rcond ${rcond}: no leverage scores`);
      // (ii) Π₂: ρ×r₂ Gaussian / √r₂, r₂ = O(log m); T = V_ρ Σ_ρ⁻¹ Π₂ (n×r₂); (iii) ℓ̃_i = ‖(A T)[i,:]‖²
      const r2 = Math.max(20, Math.ceil(4 * Math.log(m)));
      const Vr = S.V!.columns(0, rho); temps.push(Vr);
      for (let j = 0; j < rho; j++) { const v = ops.col(Vr, j); ops.axpby(1 / S.s[j]!, v, 0, v, n); }
      const P2 = Matrix.random(rho, r2, { seed, stream: STREAM_PI2, sd: 1 / Math.sqrt(r2) }); temps.push(P2);
      const T = Vr.matmul(P2); temps.push(T);
      const AT = A.matmul(T); temps.push(AT);
      p = rowProbabilities(AT, r2);
    }

    // ---- sample r rows i.i.d. from p (cumulative sums + binary search), scale 1/√(r p_i)
    const U = Matrix.random(r, 1, { seed, stream: STREAM_SAMPLE, dist: 'uniform' });
    const u = U.toColumnMajor(); U.dispose();
    const idx = new Int32Array(r), scale = new Float64Array(r);
    let maxP = 1 / m;
    if (p === null) {
      const f = Math.sqrt(m / r);
      for (let t = 0; t < r; t++) { idx[t] = Math.min(m - 1, Math.floor(u[t]! * m)); scale[t] = f; }
    } else {
      const F = new Float64Array(m);
      let acc = 0;
      for (let i = 0; i < m; i++) { acc += p[i]!; F[i] = acc; maxP = Math.max(maxP, p[i]!); }
      for (let t = 0; t < r; t++) {
        const target = u[t]! * acc;
        let lo = 0, hi = m - 1;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (F[mid]! > target) hi = mid; else lo = mid + 1; }
        while (p[lo] === 0 && lo < m - 1) lo++; // never a zero-probability row
        idx[t] = lo; scale[t] = 1 / Math.sqrt(r * p[lo]!);
      }
    }
    const c = rhs.B.cols;
    const As = Matrix.empty(r, n); temps.push(As);
    const Bs = Matrix.empty(r, c); temps.push(Bs);
    // finite data of extreme magnitude: the row scales √(m/r), 1/√(r·p) would overflow 1e308 (or
    // the SVD would), so A and B are scaled by powers of two into [2^-250, 2^250] first (exact, as
    // dgelsd) and x = 2^(ea−eb)·x̂ after; data in range is not touched
    const ea = rangeExponent(maxAbs(A), SQUARED_LO, SQUARED_HI), eb = rangeExponent(maxAbs(rhs.B), SQUARED_LO, SQUARED_HI);
    const Asrc = ea !== 0 ? scaledCopy(A, ea) : A; if (Asrc !== A) temps.push(Asrc);
    const Bsrc = eb !== 0 ? scaledCopy(rhs.B, eb) : rhs.B; if (Bsrc !== rhs.B) temps.push(Bsrc);
    ops.gatherRowsScaled(idx, scale, Asrc, As);
    ops.gatherRowsScaled(idx, scale, Bsrc, Bs);
    const core = lstsqSvd(As, Bs, { rcond });
    try {
      scaleInPlace(core.X, ea - eb);
      assertRepresentable(core.X, fn);
    } catch (err) {
      core.X.dispose();
      throw err;
    }
    let x: SolutionOf<B>;
    if (rhs.isVector) { x = core.X.toColumnMajor() as SolutionOf<B>; core.X.dispose(); } else x = core.X as SolutionOf<B>;
    return { x, rows: r, sampling, rank: core.rank, maxScaledProbability: maxP * m, seconds: (performance.now() - t0) / 1000 };
  } finally {
    for (const t of temps.reverse()) t.dispose();
    if (rhs?.owned) rhs.B.dispose();
    if (owned) A.dispose();
  }
}
