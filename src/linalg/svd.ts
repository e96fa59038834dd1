/**
 * Singular value decomposition and the `'svd'` method of `lstsq` (numpy / LAPACK gelsd semantics).
 *
 * Algorithm (docs/svd-eigh.md): Householder bidiagonalization (LAPACK dgebd2) followed by the
 * implicit-shift bidiagonal QR of Demmel and Kahan (LAPACK dbdsqr), whose zero-shift sweeps give
 * every singular value to high relative accuracy. With vectors above 80 columns the bidiagonal is
 * solved by divide and conquer instead (LAPACK dbdsdc / dgesdd's path, issue 17). Wide matrices are
 * handled through Aᵀ. The least-squares path forms neither U nor V: the left rotations are applied
 * to Qᵀb directly (as LAPACK dgelss does) and the right ones are recorded and applied to the
 * filtered coefficients; with many right-hand sides it takes gelsd's divide-and-conquer path.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, LsqnetError, OptionError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { scope, keep, type Disposable } from '../scope.js';
import { checkOptions, describe } from '../validate.js';
import type { LstsqCore, LstsqOptions, RidgeInfo } from './types.js';
import { applyRidge, parseRidgeOptions, type RidgeSpec } from './ridge.js';
import { BIGNUM, ldexp, maxAbs, rangeExponent, scaledCopy, SMLNUM, SQUARED_HI, SQUARED_LO, unscaleSolution, unscaleValues } from './scaling.js';
import { qrReduceTall } from './qr.js';
import { matrixFrom } from './rhs.js';

/**
 * @internal Tuning of lstsq 'svd': capacity (f64 slots) of the rotation record is
 * max(recordPerN2·n², min(recordRoomy·n², recordMaxSlots)) + recordSlack — at least the memory an
 * explicit V would take, up to 3n² (≈ the record of a Gaussian matrix) while that stays ≤ 64 MB.
 * Tests shrink it to exercise the pause-and-resume path (tall) and the fallback (wide).
 */
export const svdTuning = { recordPerN2: 1, recordRoomy: 3, recordMaxSlots: 2 ** 23, recordSlack: 65536, dcMinN: 80, lstsqDcMinN: 80, lstsqDcRhsFrac: 1 / 16 };
// dcMinN: `svd` with vectors uses bidiagonal divide and conquer (dgesdd's path) when the tall
// work matrix has more than dcMinN columns, the bidiagonal QR iteration (dgesvd's) otherwise.
// lstsqDcMinN, lstsqDcRhsFrac: lstsq 'svd' (tall branch) takes gelsd's path (V_b and U_b from D&C,
// applied by GEMMs) instead of the rotation record when n > lstsqDcMinN and nrhs ≥ lstsqDcRhsFrac·n:
// with few right-hand sides the record (O(n²) per sweep, no vectors) is faster (docs/svd-eigh.md). Tests set them to Infinity / 0 to run the QR twin / D&C on every size
// (docs/svd-eigh.md).

/** Capacity (f64 slots) of the rotation record for an n×n bidiagonal. */
function recordCap(n: number): number {
  const t = svdTuning;
  return Math.ceil(Math.max(t.recordPerN2 * n * n, Math.min(t.recordRoomy * n * n, t.recordMaxSlots)) + t.recordSlack);
}

/** m ≥ TALL·n: reduce by a QR factorization first (LAPACK's crossover mnthr ≈ 1.6 n). */
const TALL = 1.6;

/** Options of {@link svd}. */
export interface SVDOptions {
  /** Compute U and V (default true). `false` computes the singular values only (cheaper). */
  vectors?: boolean;
}

/**
 * Thin SVD A = U diag(s) Vᵀ of an m×n matrix, k = min(m, n). Owns U and V (wasm memory):
 * call {@link SVDResult.dispose} or create it inside `scope`.
 */
export class SVDResult implements Disposable {
  /** Singular values, descending, length k = min(m, n). */
  readonly s: Float64Array;
  /** Left singular vectors (m×k, orthonormal columns), or null for `vectors: false`. */
  readonly U: Matrix | null;
  /** Right singular vectors (n×k, orthonormal columns), or null for `vectors: false`. */
  readonly V: Matrix | null;
  /** Rows of A. */
  readonly rows: number;
  /** Columns of A. */
  readonly cols: number;

  /** @internal */
  constructor(s: Float64Array, U: Matrix | null, V: Matrix | null, rows: number, cols: number) {
    this.s = s; this.U = U; this.V = V; this.rows = rows; this.cols = cols;
  }

  /**
   * Numerical rank: the number of σᵢ > rcond·σ₁ (0 for the zero matrix).
   * @param rcond relative cut-off, default eps·max(m, n) (numpy's default).
   */
  rank(rcond: number = Number.EPSILON * Math.max(this.rows, this.cols)): number {
    if (typeof rcond !== 'number' || !(rcond >= 0)) throw new OptionError(`SVDResult.rank: rcond must be a number ≥ 0, got ${describe(rcond)}`);
    return countAbove(this.s, rcond);
  }

  /** True after {@link SVDResult.dispose}. */
  get disposed(): boolean {
    return (this.U?.disposed ?? true) && (this.V?.disposed ?? true);
  }

  /** Frees U and V. Idempotent. */
  dispose(): void {
    this.U?.dispose();
    this.V?.dispose();
  }
}

function countAbove(s: Float64Array, rcond: number): number {
  if (s.length === 0 || !(s[0]! > 0)) return 0;
  const cut = rcond * s[0]!;
  let r = 0;
  while (r < s.length && s[r]! > cut) r++;
  return r;
}

/** Checks A (non-empty, finite) and returns it as a Matrix plus whether the caller owns it. */
function inputMatrix(a: MatrixLike, fn: string): { A: Matrix; owned: boolean } {
  const A = matrixFrom(a, 'A', fn);
  const owned = !(a instanceof Matrix);
  try {
    if (A.rows === 0 || A.cols === 0) throw new InvalidInputError(`${fn}: A is empty (${A.rows}×${A.cols})`);
    A.assertFinite(`${fn}: A`);
  } catch (err) {
    if (owned) A.dispose();
    throw err;
  }
  return { A, owned };
}

function dcError(fn: string, info: number): LsqnetError {
  return new LsqnetError('INVALID_INPUT', `${fn}: the divide-and-conquer SVD failed (a secular equation or a leaf QR iteration did not converge, info ${info}); please report this matrix`);
}

function convergenceError(fn: string, info: number): LsqnetError {
  return new LsqnetError('INVALID_INPUT', `${fn}: the bidiagonal QR iteration did not converge (${info} superdiagonals left); please report this matrix`);
}

/**
 * Core: SVD of a tall M×N work matrix W (M ≥ N, destroyed). Returns s and, for vectors, U (M×N), V (N×N).
 * @internal
 */
function svdTall(W: Matrix, vectors: boolean, fn: string): { s: Float64Array; U: Matrix | null; V: Matrix | null } {
  const M = W.rows, N = W.cols;
  let U: Matrix | null = null, V: Matrix | null = null;
  try {
    if (vectors) { U = Matrix.empty(M, N); V = Matrix.empty(N, N); }
    const dc = vectors && N > svdTuning.dcMinN;
    const { info, s } = dc ? ops.svdFactorDC(W, U!, V!) : ops.svdFactor(W, U, V);
    if (info !== 0) throw dc ? dcError(fn, info) : convergenceError(fn, info);
    return { s, U, V };
  } catch (err) {
    U?.dispose(); V?.dispose();
    throw err;
  }
}

/**
 * SVD of a tall M×N matrix T (M ≥ N; not modified). For M ≥ 1.6·N, A = Q R first (blocked
 * Householder QR), the SVD of the N×N R follows, and U = Q·U_R (applied blockwise, Q never formed).
 * @internal
 */
function svdOfTall(T: Matrix, vectors: boolean, fn: string): { s: Float64Array; U: Matrix | null; V: Matrix | null } {
  const M = T.rows, N = T.cols;
  if (M < TALL * N || N < 2) {
    const W = T.clone();
    try { return svdTall(W, vectors, fn); } finally { W.dispose(); }
  }
  const f = qrReduceTall(T);
  try {
    const r = svdTall(f.R, vectors, fn);   // R (N×N) is consumed
    if (!vectors) return r;
    try {
      const U = f.applyQ(r.U!);             // M×N
      r.U!.dispose();
      return { s: r.s, U, V: r.V };
    } catch (err) {
      r.U?.dispose(); r.V?.dispose();
      throw err;
    }
  } finally {
    f.dispose();
  }
}

/**
 * Thin singular value decomposition A = U diag(s) Vᵀ.
 *
 * Householder bidiagonalization + implicit-shift bidiagonal QR with Demmel–Kahan zero shifts
 * (LAPACK dgebrd + dbdsqr): backward stable, and every singular value — also the tiny ones of a
 * graded matrix — to high relative accuracy of the bidiagonal. With vectors and more than 80
 * columns (after QR for tall A) the bidiagonal SVD is divide and conquer (LAPACK dbdsdc, dgesdd's
 * path; σ to ≤ 10·n·ε·σ₁). O(mn²) (values only) plus the vectors; see docs/svd-eigh.md for costs
 * and measurements.
 *
 * @param a m×n matrix (Matrix, number[][] or {data, rows, cols, order}); finite, non-empty.
 * @param options `vectors` (default true): also compute U (m×k) and V (n×k), k = min(m, n).
 * @returns {@link SVDResult} with `s` (descending), `U`, `V`, `rank(rcond)`, `dispose()`.
 * @throws InvalidInputError for an empty A or NaN/Inf entries; OptionError for bad options.
 * @example
 * const { s, U, V } = svd(Matrix.fromRows([[3, 0], [4, 5]]));   // s = [√45, √5]
 * const r = svd(A, { vectors: false }).rank(1e-10);
 */
export function svd(a: MatrixLike, options: SVDOptions = {}): SVDResult {
  checkOptions(options, ['vectors'], 'svd');
  const vectors = options.vectors ?? true;
  if (typeof vectors !== 'boolean') throw new OptionError(`svd: option 'vectors' must be a boolean, got ${describe(vectors)}`);
  const input = inputMatrix(a, 'svd');
  // finite data of extreme magnitude (1e308, 1e-310): factor 2^e·A with max|2^e·A| ≈ 1 (exact
  // power-of-two scaling, as dgesvd's dlascl) and scale σ back; U and V do not change. Data in
  // [2^-250, 2^250] is not touched (bit-identical results).
  const e = rangeExponent(maxAbs(input.A), SQUARED_LO, SQUARED_HI);
  let A = input.A, owned = input.owned;
  if (e !== 0) {
    try { A = scaledCopy(input.A, e); } finally { if (input.owned) input.A.dispose(); }
    owned = true;
  }
  try {
    const m = A.rows, n = A.cols;
    let res: SVDResult;
    if (m >= n) {
      const r = svdOfTall(A, vectors, 'svd');
      res = new SVDResult(r.s, r.U, r.V, m, n);
    } else {
      const T = A.transpose();
      try {
        const r = svdOfTall(T, vectors, 'svd');
        // A = Tᵀ = V_T Σ U_Tᵀ
        res = new SVDResult(r.s, r.V, r.U, m, n);
      } finally {
        T.dispose();
      }
    }
    if (e !== 0) unscaleValues(res.s, e, 'svd', 'singular value', res);
    return res;
  } finally {
    if (owned) A.dispose();
  }
}


/**
 * @internal lstsq method 'svd' (A and B already validated; returns X = cols(A) × cols(B)).
 * Neither U nor V is formed: the bidiagonal QR applies one side's rotations to Uᵀb and records
 * the other side's (see docs/svd-eigh.md); QR of A (m ≥ 1.6n) or of Aᵀ (n ≥ 1.6m) first.
 * Filter factors: 1/σᵢ for σᵢ > rcond·σ₁ (else 0), or Tikhonov σᵢ/(σᵢ²+λ) with `ridge`.
 */
export function lstsqSvd(A: Matrix, B: Matrix, options: LstsqOptions): LstsqCore {
  const ridge = parseRidgeOptions(options, 'lstsq');
  const m = A.rows, n = A.cols;
  if (m === 0 || n === 0) throw new InvalidInputError(`lstsq: A is empty (${m}×${n})`);
  // gelsd scales A and B into [smlnum, bignum] first; ridge / GCV square σ and b, so they need
  // the narrower [2^-250, 2^250]. Exact powers of two (wasm); data in range is not touched.
  const lo = ridge.kind === 'none' ? SMLNUM : SQUARED_LO, hi = ridge.kind === 'none' ? BIGNUM : SQUARED_HI;
  const ea = rangeExponent(maxAbs(A), lo, hi), eb = rangeExponent(maxAbs(B), lo, hi);
  if (ea === 0 && eb === 0) return lstsqSvdInRange(A, B, options, ridge);
  const As = scaledCopy(A, ea);
  let Bs: Matrix | null = null;
  try {
    Bs = scaledCopy(B, eb);
    // (2^ea A) x̂ ≈ 2^eb b with x̂ = 2^(eb−ea) x; a ridge λ on A is 2^(2ea)·λ on 2^ea·A
    const spec: RidgeSpec = ridge.kind === 'fixed' ? { kind: 'fixed', lambda: ldexp(ridge.lambda, 2 * ea) } : ridge;
    const core = lstsqSvdInRange(As, Bs, options, spec);
    unscaleSolution(core.X, ea - eb, 'lstsq', () => {
      if (core.singularValues) core.singularValues = core.singularValues.map((v) => ldexp(v, -ea));
      if (core.ridge) core.ridge = unscaleRidge(core.ridge, ridge, ea, eb);
    });
    return core;
  } finally {
    As.dispose();
    Bs?.dispose();
  }
}

/**
 * Ridge details of the scaled problem (2^ea·A, 2^eb·B) in the units of the caller's A and B:
 * λ = 2^(-2ea)·λ̂, GCV values ×2^(-2eb) (dof is scale-free). Curve points whose λ or GCV value
 * is not a finite double are left out of `curve`; a chosen λ that is not representable throws.
 */
function unscaleRidge(info: RidgeInfo, spec: RidgeSpec, ea: number, eb: number): RidgeInfo {
  const lam = (l: number): number => ldexp(l, -2 * ea);
  const out: RidgeInfo = { lambda: 0, dof: info.dof };
  if (spec.kind === 'fixed') out.lambda = spec.lambda;
  else if (typeof info.lambda === 'number') out.lambda = lam(info.lambda);
  else out.lambda = info.lambda.map(lam);
  const scaled = typeof info.lambda === 'number' ? [info.lambda] : Array.from(info.lambda);
  const worst = scaled.find((l) => !Number.isFinite(lam(l)));
  if (worst !== undefined) {
    const log10 = Math.log10(worst) - 2 * ea * Math.LOG10E * Math.LN2;
    throw new InvalidInputError(
      `lstsq: the ridge parameter chosen by GCV, λ ≈ 1e${Math.round(log10)} (in units of σ(A)²), cannot be represented ` +
      'in float64; rescale A (e.g. divide it by its largest entry) and choose λ by GCV again');
  }
  if (info.curve) {
    const ls: number[] = [], gs: number[] = [];
    for (let i = 0; i < info.curve.lambdas.length; i++) {
      const l = lam(info.curve.lambdas[i]!), g = ldexp(info.curve.gcv[i]!, -2 * eb);
      if (Number.isFinite(l) && Number.isFinite(g)) { ls.push(l); gs.push(g); }
    }
    out.curve = { lambdas: Float64Array.from(ls), gcv: Float64Array.from(gs) };
  }
  return out;
}

/** lstsq 'svd' on A and B whose magnitudes are in range (see {@link lstsqSvd}). */
function lstsqSvdInRange(A: Matrix, B: Matrix, options: LstsqOptions, ridge: RidgeSpec): LstsqCore {
  const m = A.rows, n = A.cols, nrhs = B.cols;
  const rcond = options.rcond ?? Number.EPSILON * Math.max(m, n);
  const held: { dispose(): void }[] = [];  // record objects freed at the end (even on throw)
  const hold = <T extends { dispose(): void }>(x: T): T => { held.push(x); return x; };
  try {
    return scope(() => {
      const k = Math.min(m, n);
      let s: Float64Array;
      let C: Matrix;                          // k×nrhs: Uᵀ B
      let solve: (Y: Matrix) => Matrix;       // Y (k×nrhs, zero below the kept rows) ↦ X = V Y (n×nrhs)
      const outside = new Float64Array(nrhs); // ‖B[:,j]‖² − ‖Uᵀ B[:,j]‖² (part of b outside range(U))
      if (m >= n) {
        // tall: A = Q R first (m ≥ 1.6 n); then the SVD of R with its left rotations applied to (QᵀB)[0:n]
        let W: Matrix, Bw: Matrix, mm = m;
        if (m >= TALL * n && n >= 2) {
          const f = qrReduceTall(A);
          const QtB = f.applyQt(B);
          W = f.R; mm = n;
          Bw = QtB.rowRange(0, n);
          const q = QtB.view();
          for (let j = 0; j < nrhs; j++) {
            let t = 0;
            for (let i = n; i < m; i++) { const x = q[i + j * m]!; t += x * x; }
            outside[j] = t;
          }
        } else {
          W = A.clone();
          Bw = B.clone();
        }
        // Record the right rotations instead of accumulating V (gelsd-like cost). The record is
        // typically 0.5–2.5 n² slots; when the buffer runs low the iteration pauses between two
        // sweeps, V is formed from the record and the QR iteration resumes accumulating V.
        const dc = n > svdTuning.lstsqDcMinN && nrhs >= svdTuning.lstsqDcRhsFrac * n;
        const r = hold(dc ? ops.svdLstsqTallDC(W, Bw) : ops.svdLstsqTall(W, Bw, recordCap(n)));
        if (r.info !== 0) throw dc ? dcError('lstsq', r.info) : convergenceError('lstsq', r.info);
        solve = r.paused || dc
          ? (Y) => { const X = Matrix.empty(n, nrhs); r.apply(Y, X); return X; }
          : (Y) => { r.apply(Y, Y); return Y; };
        s = r.s;
        C = Bw.rowRange(0, n);
        const v = Bw.view();
        for (let j = 0; j < nrhs; j++) {
          let t = 0;
          for (let i = n; i < mm; i++) { const x = v[i + j * mm]!; t += x * x; }
          outside[j] = outside[j]! + t;
        }
      } else if (n >= TALL * m && m >= 2) {
        // very wide: Aᵀ = Q R ⇒ A = Rᵀ Qᵀ; the minimum-norm x = Q z with z the minimum-norm
        // solution of Rᵀ z ≈ B (same singular values and ridge information)
        const f = qrReduceTall(A.transpose());
        const Rt = f.R.transpose();
        const inner = lstsqSvdInRange(Rt, B, options, ridge);
        const X = f.applyQ(inner.X);
        const core: LstsqCore = { X: keep(X), rank: inner.rank };
        if (inner.singularValues) core.singularValues = inner.singularValues;
        if (inner.ridge) core.ridge = inner.ridge;
        return core;
      } else {
        // wide: T = Aᵀ (n×m) = Q B Pᵀ, A = P Bᵀ Qᵀ; C = (P V_b)ᵀ B, U_b recorded, x = Q U_b y
        const T = A.transpose();
        const Bw = Matrix.empty(n, nrhs);      // n rows: room for the n-row solution
        ops.copy(B, ops.sub(Bw, 0, 0, m, nrhs));
        const T0 = T.clone();
        const r = hold(ops.svdLstsqWide(T, Bw, recordCap(m)));
        if (r.info !== 0) throw convergenceError('lstsq', r.info);
        if (!r.overflowed) {
          T0.dispose();
          s = r.s;
          C = Matrix.zeros(m, nrhs);
          ops.copy(ops.sub(Bw, 0, 0, m, nrhs), C);
          solve = (Y) => {
            const X = Matrix.zeros(n, nrhs);
            ops.copy(Y, ops.sub(X, 0, 0, m, nrhs));
            r.apply(X);
            return X;
          };
        } else {
          T.dispose(); Bw.dispose();
          const sv = svdOfTall(T0, true, 'lstsq'); // Aᵀ = U' Σ V'ᵀ  ⇒  A = V' Σ U'ᵀ
          s = sv.s;
          const Vk = sv.U!;                      // n×m: right singular vectors of A
          C = Matrix.empty(m, nrhs);
          ops.gemm(1, 0, 1, sv.V!, B, 0, C);     // V'ᵀ B (V' square: nothing outside)
          solve = (Y) => { const X = Matrix.empty(n, nrhs); ops.gemm(0, 0, 1, Vk, Y, 0, X); return X; };
        }
      }
      const kept = countAbove(s, rcond);
      const F = new Float64Array(k * nrhs);    // filter factors per (i, j)
      const info = applyRidge(ridge, s, kept, C, outside, m, F);
      // Y = F ∘ C (zero below the kept rows), X = V Y
      const Y = Matrix.zeros(k, nrhs);
      const cv = C.view();
      const yv = Y.view();
      for (let j = 0; j < nrhs; j++) for (let i = 0; i < kept; i++) yv[i + j * k] = F[i + j * k]! * cv[i + j * k]!;
      const X = kept > 0 ? solve(Y) : Matrix.zeros(n, nrhs);
      const core: LstsqCore = { X: keep(X), rank: kept, singularValues: s };
      if (info) core.ridge = info;
      return core;
    });
  } finally {
    for (const h of held) h.dispose();
  }
}
