/**
 * QR factorization (Householder, blocked; optionally column-pivoted) and the pivoted-QR
 * least-squares solver behind `lstsq(A, B, { method: 'qr' })` (LAPACK gelsy semantics).
 * @module
 */
import { ops } from '../../bindings/index.js';
import { DisposedError, InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions, describe, enumOption, numberOption } from '../validate.js';
import type { Disposable } from '../scope.js';
import { coefficientMatrix } from './rhs.js';
import type { LstsqCore, LstsqOptions } from './types.js';
import { assertRepresentable, BIGNUM, maxAbs, rangeExponent, scaleInPlace, SMLNUM, SQUARED_HI, SQUARED_LO } from './scaling.js';

const EPS = 2 ** -52;
/** Up to this many right-hand sides, Qᵀ·B is applied one reflector at a time (no T blocks). */
const SMALL_NRHS = 8;

/** Options of {@link qr}. */
export interface QROptions {
  /**
   * Column pivoting (rank-revealing QR, A·P = Q·R, LAPACK dgeqp3). Default `false`
   * (blocked Householder QR, LAPACK dgeqrf).
   */
  pivoting?: boolean;
  /**
   * `'full'` (default) keeps the Householder vectors so that {@link QRResult.Q},
   * {@link QRResult.applyQt} and {@link QRResult.applyQ} work; `'r'` computes R only and keeps
   * no Q data (less memory; those methods then throw).
   */
  mode?: 'full' | 'r';
}

/**
 * Result of {@link qr}: A = Q·R (or A·P = Q·R with pivoting), Q m×m orthogonal stored as
 * k = min(m, n) Householder reflectors, R k×n upper trapezoidal. Owns wasm memory: call
 * {@link QRResult.dispose} (or create it inside `scope`).
 */
export class QRResult implements Disposable {
  /** R: min(m, n) × n upper trapezoidal (zeros below the diagonal). */
  readonly R: Matrix;
  /**
   * Column permutation (pivoting only, else `null`): column j of R corresponds to column
   * `permutation[j]` of A, i.e. A[:, permutation] = Q·R.
   */
  readonly permutation: Int32Array | null;
  /** Rows of A. */
  readonly rows: number;
  /** Columns of A. */
  readonly cols: number;
  /** @internal Householder vectors below the diagonal (m×n), null in mode 'r'. */
  factors: Matrix | null;
  /** @internal T blocks of the compact WY form (nb × k), null in mode 'r'. */
  T: Matrix | null;

  /** @internal Use {@link qr}. */
  constructor(rows: number, cols: number, R: Matrix, factors: Matrix | null, T: Matrix | null, permutation: Int32Array | null) {
    this.rows = rows;
    this.cols = cols;
    this.R = R;
    this.factors = factors;
    this.T = T;
    this.permutation = permutation;
  }

  /** True after {@link QRResult.dispose}. */
  get disposed(): boolean {
    return this.R.disposed;
  }

  /** Frees the wasm memory of R and of the stored Q. Idempotent. */
  dispose(): void {
    this.R.dispose();
    this.factors?.dispose();
    this.T?.dispose();
  }

  private requireQ(fn: string): { F: Matrix; T: Matrix } {
    if (this.R.disposed) throw new DisposedError(`QRResult (in ${fn})`);
    if (!this.factors || !this.T) throw new OptionError(`QRResult.${fn}: qr was computed with mode 'r' (no Q kept); use mode 'full'`);
    return { F: this.factors, T: this.T };
  }

  /**
   * Qᵀ·B for the full m×m orthogonal Q, without forming Q (blocked, two GEMMs per panel).
   * B must have m rows; the result is m × cols(B) (its first min(m, n) rows are the thin
   * part Q₁ᵀ·B, the rest is the component orthogonal to range(Q₁)).
   * @example
   * const f = qr(A);
   * const c = f.applyQt(B);   // then solve R x = c[0:n] for least squares
   */
  applyQt(B: Matrix): Matrix {
    return this.apply(1, B, 'applyQt');
  }

  /**
   * Q·B without forming Q. B may have m rows (full Q, m×m) or min(m, n) rows (thin Q₁:
   * the missing rows are taken as zero). The result is m × cols(B).
   * @example
   * const QR = qr(A).applyQ(qr(A).R);   // reconstructs A (no pivoting)
   */
  applyQ(B: Matrix): Matrix {
    return this.apply(0, B, 'applyQ');
  }

  /**
   * Thin Q₁ (m × min(m, n), orthonormal columns), formed on request (blocked, LAPACK dorgqr
   * style: ≈ 4mk² − 4k³/3 flops for k = min(m, n)).
   */
  Q(): Matrix {
    const { F, T } = this.requireQ('Q');
    const m = this.rows;
    const k = Math.min(m, this.cols);
    const out = Matrix.empty(m, k);
    try {
      ops.qrFormQ(F, T, out);
    } catch (err) {
      out.dispose();
      throw err;
    }
    return out;
  }

  /**
   * Numerical rank (pivoting only): the largest r for which the incremental condition
   * estimate of R[0:r, 0:r] (LAPACK dlaic1, as in gelsy) satisfies σmin ≥ rcond·σmax.
   * Default rcond = eps·max(m, n).
   * @example
   * qr(A, { pivoting: true }).rank(1e-10)
   */
  rank(rcond: number = EPS * Math.max(this.rows, this.cols)): number {
    if (this.R.disposed) throw new DisposedError('QRResult (in rank)');
    if (!this.permutation) throw new OptionError('QRResult.rank: the rank is only revealed by the pivoted QR; use qr(A, { pivoting: true })');
    const rc = numberOption(rcond, 'rcond', 'QRResult.rank', 0);
    return rankIce(this.R, rc);
  }

  private apply(trans: 0 | 1, B: Matrix, fn: string): Matrix {
    this.requireQ(fn);
    if (!(B instanceof Matrix)) throw new InvalidInputError(`QRResult.${fn}: B must be a Matrix`);
    const k = Math.min(this.rows, this.cols);
    const m = this.rows;
    if (B.rows !== m && !(trans === 0 && B.rows === k)) {
      throw new ShapeError(`QRResult.${fn}: B has ${B.rows} rows but Q is ${m}×${m}${trans === 0 && k < m ? ` (or thin ${m}×${k})` : ''}`);
    }
    let out: Matrix;
    if (B.rows === m) {
      out = B.clone();
    } else {
      out = Matrix.zeros(m, B.cols);
      out.setBlock(0, 0, B);
    }
    try {
      if (B.cols > 0) this.applyInPlace(trans, out);
    } catch (err) {
      out.dispose();
      throw err;
    }
    return out;
  }

  /** @internal C ← op(Q)·C in place (C has m rows). */
  applyInPlace(trans: 0 | 1, C: Matrix): void {
    const { F, T } = this.requireQ('apply');
    // a few columns: one reflector at a time (no V copies, no GEMM packing); many: blocked
    ops.qrApplyQ(trans, F, T, C, C.cols > SMALL_NRHS);
  }
}

/** @internal rank of the upper triangle of R by incremental condition estimation. */
function rankIce(R: Matrix, rcond: number): number {
  return ops.qrRank(R, rcond);
}

const QR_KEYS = ['pivoting', 'mode'] as const;

/**
 * QR factorization A = Q·R (Householder), or A·P = Q·R with column pivoting.
 *
 * Without pivoting: blocked Householder QR (LAPACK dgeqrf): panels of 32 columns are
 * factored unblocked, each panel's compact-WY T is built from VᵀV, and the trailing matrix
 * is updated with two GEMMs. With `pivoting: true`: LAPACK dgeqp3 (dlaqp2 algorithm,
 * unblocked) with partial column-norm downdating and safe recomputation, so R's diagonal is
 * non-increasing in magnitude and {@link QRResult.rank} reveals the numerical rank.
 *
 * @param a m×n matrix (any shape; non-empty, finite).
 * @param options `pivoting` (default false), `mode` `'full'` (default) or `'r'` (R only).
 * @returns a {@link QRResult} (dispose it, or use `scope`).
 * @example
 * const A = Matrix.random(100, 10, { seed: 1 });
 * const B = Matrix.random(100, 2, { seed: 2 });
 * const f = qr(A);
 * const Q = f.Q();                    // 100×10, orthonormal columns
 * const y = f.applyQt(B);             // Qᵀ·B (100×2) without forming Q
 * const p = qr(A, { pivoting: true }); p.rank(1e-10); p.permutation;
 * f.dispose(); p.dispose();
 */
export function qr(a: MatrixLike, options: QROptions = {}): QRResult {
  checkOptions(options, QR_KEYS, 'qr');
  const pivoting = options.pivoting ?? false;
  if (typeof pivoting !== 'boolean') throw new OptionError(`qr: option 'pivoting' must be a boolean, got ${describe(pivoting)}`);
  const mode = enumOption(options.mode ?? 'full', 'mode', 'qr', ['full', 'r'] as const);
  const { A, owned } = coefficientMatrix(a, 'qr');
  const F = owned ? A : A.clone();
  let res: QRResult;
  // finite data of extreme magnitude (1e308, 1e-310): factor 2^e·A with max ≈ 1 (exact
  // power-of-two scaling, as dlascl) and scale R back; the Householder vectors and T blocks are
  // scale-free. Data in [2^-250, 2^250] is not touched (bit-identical results).
  let e = 0;
  try {
    e = rangeExponent(maxAbs(F), SQUARED_LO, SQUARED_HI);
    scaleInPlace(F, e);
    res = factor(F, pivoting, mode === 'full');
  } catch (err) {
    F.dispose();
    throw err;
  }
  if (e !== 0) {
    scaleInPlace(res.R, -e);
    const idx = ops.firstNonFinite(res.R);
    if (idx >= 0) {
      res.dispose();
      throw new NonFiniteError(`qr: R(${idx % res.R.rows}, ${Math.floor(idx / res.R.rows)}) exceeds the double range (about 1.8e308): the data's magnitude is too large to represent R; scale A down`);
    }
  }
  return res;
}

/** @internal Factors F in place (takes ownership of F: it is kept as the factors or disposed). */
function factor(F: Matrix, pivoting: boolean, keepQ: boolean): QRResult {
  const m = F.rows, n = F.cols, k = Math.min(m, n);
  let T: Matrix | null = null;
  let R: Matrix | null = null;
  try {
    // zeros: the kernels write only the upper triangle of each T block; the rest must not be
    // whatever the memory held before (results are the same bits for any history and thread count)
    if (keepQ) T = Matrix.zeros(ops.qrBlockSize(), k);
    R = Matrix.empty(k, n);
    const permutation = ops.qrFactor(F, R, T, pivoting);
    const result = new QRResult(m, n, R, keepQ ? F : null, T, permutation);
    if (!keepQ) F.dispose();
    return result;
  } catch (err) {
    T?.dispose();
    R?.dispose();
    throw err;
  }
}

/**
 * @internal For other areas (e.g. the SVD of tall matrices): unpivoted blocked QR of A
 * (not modified). Returns R (min(m,n)×n), `applyQt(B)` (m×cols(B)), `applyQ(B)` and
 * `dispose()`. A must be finite and non-empty (validated by the caller).
 */
export function qrReduceTall(A: Matrix): QRResult {
  const F = A.clone();
  try {
    return factor(F, false, true);
  } catch (err) {
    F.dispose();
    throw err;
  }
}

/**
 * @internal lstsq method 'qr' (LAPACK gelsy semantics): column-pivoted QR, rank by
 * incremental condition estimation at `rcond` (default eps·max(m, n)), complete orthogonal
 * decomposition of the leading rank×n block (RZ), minimum-norm solution. A and B are
 * validated; returns X = cols(A) × cols(B).
 */
export function lstsqQr(A: Matrix, B: Matrix, options: LstsqOptions): LstsqCore {
  const m = A.rows, n = A.cols, nrhs = B.cols;
  const rcond = options.rcond ?? EPS * Math.max(m, n);
  const F = A.clone();
  let f: ops.QrLstsqFactor | null = null;
  let C: Matrix | null = null;
  let X: Matrix | null = null;
  try {
    // dgelsy: scale A and B into [smlnum, bignum] = [2^-970, 2^970] first (exact powers of two,
    // in wasm; nothing changes for data already in range), unscale X at the end
    const ea = rangeExponent(maxAbs(F), SMLNUM, BIGNUM);
    scaleInPlace(F, ea);
    // pivoted QR that stops once the gelsy rank is known (same result as the full dgeqp3 + ICE)
    f = ops.qrLstsqFactor(F, rcond);
    const rank = f.rank;
    if (rank === 0) {
      X = Matrix.zeros(n, nrhs);
    } else {
      // Qᵀ·B: rows 0..rank−1 are final after the first `rank` reflectors. A few right-hand
      // sides: one reflector at a time (dorm2r); many: blocked (T blocks + GEMM, dgemqrt).
      C = B.clone();
      const eb = rangeExponent(maxAbs(C), SMLNUM, BIGNUM);
      scaleInPlace(C, eb);
      f.applyQt(C, nrhs > SMALL_NRHS);
      X = Matrix.empty(n, nrhs);
      f.solve(C, X);
      scaleInPlace(X, ea - eb);   // A x = b  ⇔  (2^ea A)(2^(eb−ea) x) = 2^eb b
      assertRepresentable(X, 'lstsq');
    }
    const out = X;
    X = null;
    return { X: out, rank, info: { rcond } };
  } finally {
    f?.dispose();
    F.dispose();
    C?.dispose();
    X?.dispose();
  }
}
