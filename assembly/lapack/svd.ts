// SVD drivers (column-major, LAPACK conventions, m ≥ n: callers transpose wide matrices):
//
//   dgesvd   thin SVD (values only or with U, V) by the bidiagonal QR iteration
//   dgesdd   thin SVD with U, V by bidiagonal divide and conquer (../lapack/dbdsdc)
//   dgelsdTall / dgelsdApply   least-squares driver with divide and conquer (LAPACK gelsd's
//            path: U_bᵀ applied to Qᵀb by a GEMM, V_b kept for the solve)
//   dgelss   least-squares driver with V accumulated (used by LSRN's sketch SVD)
//   dgelssRecord / dgelssApply, dgelssRecordWide / dgelssApplyWide   least-squares drivers that
//            record V's rotations (../lapack/bdsqr) instead of forming V
//   dgelssResume / dgelssApplyPaused   finish a recorded solve whose record buffer ran low
//
// Workspace layout of the dgelss family (`work`, dgelssWorkspaceSize bytes), private to this
// file: e (n) | τ_Q (n) | τ_P (n) | bidiagonal-QR work (4n + 8; slot 4n keeps the scale exponent
// of a paused solve) | 16-aligned scratch of dgebrd / dorgqr. Callers never compute offsets into it.
//
// Kernels never allocate: every driver has a `…WorkspaceSize` twin (bytes).
import { at, ld, st, align16 } from '../core/addr';
import { dgemm, dgemmWorkspaceSize } from '../gemm/driver';
import { dorgqrWorkspaceSize } from './householder';
import { dgebrd, dgebrdWorkspaceSize, dorgbrQ, dorgbrP, dormbrQt, dormbrP, dormbrPt, dormbrQ, dormbrQBlocked, dormbrPBlocked, dormbrBlockedWorkspaceSize } from './bidiag';
import { scaleExponent, scalePow2, scalePow2Mat } from './scale';
import { dbdsqr, dbdsqrRecord, dbdsqrMaterializeV, dbdsqrApplyV } from './bdsqr';
import { dbdsdc, dbdsdcWorkspaceSize } from './dbdsdc';
// ------------------------------------------------------------------ scaling

/** max |A_ij| (A m×n, lda). */
function maxAbs(m: i32, n: i32, a: usize, lda: i32): f64 {
  let mx: f64 = 0;
  for (let j = 0; j < n; j++) {
    const col = at(a, 0, j, lda);
    for (let i = 0; i < m; i++) mx = max(mx, abs(ld(col, i)));
  }
  return mx;
}

// The power-of-two exponent e that brings max|A| into [2^-300, 2^300] comes from
// ./scale (scaleExponent; 0 when A already is there); A ← 2^e A before the bidiagonal QR and
// s ← 2^-e s after it keep the iteration away from overflow and underflow, also for subnormal
// or near-overflow max|A| where 2^e itself is not representable.

// ------------------------------------------------------------------ drivers

/** Workspace (bytes) of {@link dgesvd}. */
export function dgesvdWorkspaceSize(m: i32, n: i32): usize {
  // e, tauq, taup (3n), bdsqr (4n), then scratch for the largest of dgebrd / dorgqr / vectors
  const scratch = max(max(dgebrdWorkspaceSize(m, n), dorgqrWorkspaceSize(m, n)), (<usize>(m + n + 8)) << 3);
  return ((<usize>(7 * n + 8)) << 3) + scratch + 16;
}

/**
 * Thin SVD of A (m×n, m ≥ n; destroyed): A = U diag(s) Vᵀ with s descending (n values),
 * U m×n (ldu) and V n×n (ldv) when `vectors` is 1 (u, v ignored when 0).
 * Returns 0, or the number of superdiagonals that did not converge (bidiagonal QR failure).
 */
export function dgesvd(m: i32, n: i32, a: usize, lda: i32, s: usize, vectors: i32, u: usize, ldu: i32, v: usize, ldv: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work;
  const tauq = e + (<usize>n << 3);
  const taup = tauq + (<usize>n << 3);
  const wb = taup + (<usize>n << 3);
  const wv = (wb + (<usize>(4 * n + 8) << 3) + 15) & ~(<usize>15);
  const anrm = maxAbs(m, n, a, lda);
  const sc = scaleExponent(anrm);
  scalePow2Mat(m, n, sc, a, lda);
  dgebrd(m, n, a, lda, s, e, tauq, taup, wv);
  let info: i32;
  if (vectors) {
    dorgbrQ(m, n, a, lda, tauq, u, ldu, wv);
    dorgbrP(n, a, lda, taup, v, ldv, wv);
    info = dbdsqr(n, s, e, n, v, ldv, m, u, ldu, 0, 0, 1, wb);
  } else {
    info = dbdsqr(n, s, e, 0, 0, 1, 0, 0, 1, 0, 0, 1, wb);
  }
  scalePow2(n, -sc, s, 1);
  return info;
}

/** Workspace (bytes) of {@link dgelss}, {@link dgelssRecord}, {@link dgelssRecordWide} (and their follow-ups). */
export function dgelssWorkspaceSize(m: i32, n: i32): usize {
  return dgesvdWorkspaceSize(m, n);
}


/**
 * Least-squares SVD core (m ≥ n; A destroyed): singular values s (descending), V (n×n, ldv) and
 * B (m×nrhs, ldb) overwritten so that its first n rows hold Uᵀ B — U itself is never formed
 * (LAPACK dgelss: bidiagonal QR with the left rotations applied to Qᵀb). Rows n…m−1 of B then
 * hold the part of B outside range(U) (in the reflectors' basis): their norm is the residual
 * of the full-rank solve. Returns 0 or the number of non-converged superdiagonals.
 */
export function dgelss(m: i32, n: i32, a: usize, lda: i32, nrhs: i32, b: usize, ldb: i32, s: usize, v: usize, ldv: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work;
  const tauq = e + (<usize>n << 3);
  const taup = tauq + (<usize>n << 3);
  const wb = taup + (<usize>n << 3);
  const wv = (wb + (<usize>(4 * n + 8) << 3) + 15) & ~(<usize>15);
  const anrm = maxAbs(m, n, a, lda);
  const sc = scaleExponent(anrm);
  scalePow2Mat(m, n, sc, a, lda);
  dgebrd(m, n, a, lda, s, e, tauq, taup, wv);
  dormbrQt(m, n, a, lda, tauq, nrhs, b, ldb, wv);
  dorgbrP(n, a, lda, taup, v, ldv, wv);
  const info = dbdsqr(n, s, e, n, v, ldv, 0, 0, 1, nrhs, b, ldb, wb);
  scalePow2(n, -sc, s, 1);
  return info;
}

/**
 * Least-squares SVD core without V (LAPACK gelsd's idea with the QR iteration): like
 * {@link dgelss}, but the right rotations are recorded in `rec` (cap f64 slots) instead of being
 * accumulated into an n×n V. B's first n rows become Uᵀ B; s gets the singular values. A keeps
 * the reflectors and `work` keeps τ for {@link dgelssApply}, which must be called next with the
 * same A and work. Returns the used record length, −1 when cap is too small, or < −1 on failure.
 */
export function dgelssRecord(m: i32, n: i32, a: usize, lda: i32, nrhs: i32, b: usize, ldb: i32, s: usize,
  rec: usize, cap: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work;
  const tauq = e + (<usize>n << 3);
  const taup = tauq + (<usize>n << 3);
  const wb = taup + (<usize>n << 3);
  const wv = (wb + (<usize>(4 * n + 8) << 3) + 15) & ~(<usize>15);
  const anrm = maxAbs(m, n, a, lda);
  const sc = scaleExponent(anrm);
  scalePow2Mat(m, n, sc, a, lda);
  dgebrd(m, n, a, lda, s, e, tauq, taup, wv);
  dormbrQt(m, n, a, lda, tauq, nrhs, b, ldb, wv);
  const r = dbdsqrRecord(n, s, e, nrhs, b, ldb, rec, cap, wb, 0);
  if (r == -1) { st(wb, 4 * n, <f64>sc); return -1; }   // paused: dgelssResume unscales (slot 4n keeps the exponent)
  scalePow2(n, -sc, s, 1);
  return r;
}

/** Y (n×nrhs) ← P V_b Y after {@link dgelssRecord} (the solution is X = P V_b diag(f) Uᵀ B). */
export function dgelssApply(n: i32, a: usize, lda: i32, nrhs: i32, y: usize, ldy: i32, rec: usize, len: i32, work: usize): void {
  const taup = work + (<usize>(2 * n) << 3);
  const wv = (work + (<usize>(7 * n + 8) << 3) + 15) & ~(<usize>15);
  dbdsqrApplyV(n, rec, len, nrhs, y, ldy);
  dormbrP(n, a, lda, taup, nrhs, y, ldy, wv);
}

/**
 * Wide least squares through T = Aᵀ (M×N, M ≥ N; T destroyed): with T = Q B Pᵀ,
 * A = P Bᵀ Qᵀ and the SVD of Bᵀ = V_b Σ U_bᵀ. B (N×nrhs, ldb ≥ M) becomes V_bᵀ Pᵀ B = Uᵀ_A B in
 * its first N rows; U_b is recorded. Returns the record length, −1 on overflow, < −1 on failure.
 * Follow with {@link dgelssApplyWide}.
 */
export function dgelssRecordWide(M: i32, N: i32, t: usize, ldt: i32, nrhs: i32, b: usize, ldb: i32, s: usize,
  rec: usize, cap: i32, work: usize): i32 {
  if (N == 0) return 0;
  const e = work;
  const tauq = e + (<usize>N << 3);
  const taup = tauq + (<usize>N << 3);
  const wb = taup + (<usize>N << 3);
  const wv = (wb + (<usize>(4 * N + 8) << 3) + 15) & ~(<usize>15);
  const anrm = maxAbs(M, N, t, ldt);
  const sc = scaleExponent(anrm);
  scalePow2Mat(M, N, sc, t, ldt);
  dgebrd(M, N, t, ldt, s, e, tauq, taup, wv);
  dormbrPt(N, t, ldt, taup, nrhs, b, ldb, wv);
  const r = dbdsqrRecord(N, s, e, nrhs, b, ldb, rec, cap, wb, 1);
  scalePow2(N, -sc, s, 1);
  return r;
}

/**
 * After {@link dgelssRecordWide}: Y (M×nrhs, ldy; y in the first N rows, the rest is zeroed here)
 * ← Q [U_b y; 0], the minimum-norm solution when y = diag(f)·(Uᵀ_A B).
 */
export function dgelssApplyWide(M: i32, N: i32, t: usize, ldt: i32, nrhs: i32, y: usize, ldy: i32, rec: usize, len: i32, work: usize): void {
  const tauq = work + (<usize>N << 3);
  const wv = (work + (<usize>(7 * N + 8) << 3) + 15) & ~(<usize>15);
  dbdsqrApplyV(N, rec, len, nrhs, y, ldy);
  for (let j = 0; j < nrhs; j++) for (let i = N; i < M; i++) store<f64>(at(y, i, j, ldy), 0.0);
  dormbrQ(M, N, t, ldt, tauq, nrhs, y, ldy, wv);
}

// ------------------------------------------------------------------ paused record: resume and apply

/**
 * Continues a least-squares SVD whose {@link dgelssRecord} paused (returned −1): V (n×n, ldv) is
 * formed from the record (`rec`, len = dbdsqrRecordLength(rec) entry slots), the bidiagonal QR
 * resumes with V accumulated and the left rotations on C (first n rows of B, ldc), and the
 * singular values are unscaled. `work` is the same dgelss workspace. Afterwards solve with
 * {@link dgelssApplyPaused}. Returns 0 or the dbdsqr info.
 */
export function dgelssResume(n: i32, nrhs: i32, c: usize, ldc: i32, s: usize, rec: usize, len: i32, v: usize, ldv: i32, work: usize): i32 {
  const e = work;
  const wb = work + (<usize>(3 * n) << 3);
  dbdsqrMaterializeV(n, rec, len, v, ldv);
  const info = dbdsqr(n, s, e, n, v, ldv, 0, 0, 1, nrhs, c, ldc, wb);
  const sc = <i32>ld(wb, 4 * n);
  scalePow2(n, -sc, s, 1);
  return info;
}

/** Scratch (bytes) of {@link dgelssApplyPaused}: GEMM packing for V·Y and n doubles for the reflectors. */
export function dgelssApplyPausedWorkspaceSize(n: i32, nrhs: i32): usize {
  return align16(<usize>max(n, 1) << 3) + dgemmWorkspaceSize(n, nrhs, n);
}

/**
 * After {@link dgelssRecord} paused and {@link dgelssResume} formed V: X (n×nrhs, ldx) ← P·(V·Y)
 * with Y n×nrhs (ldy), V n×n (ldv) from dgelssResume, A (lda) and `work` the same matrix and
 * dgelss workspace as in dgelssRecord (they hold P's reflectors and τ_P). `scratch`:
 * dgelssApplyPausedWorkspaceSize(n, nrhs) bytes, 16-byte aligned. X must not overlap Y or V.
 */
export function dgelssApplyPaused(n: i32, a: usize, lda: i32, nrhs: i32, v: usize, ldv: i32, y: usize, ldy: i32,
  x: usize, ldx: i32, work: usize, scratch: usize): void {
  if (n <= 0 || nrhs <= 0) return;
  const taup = work + (<usize>(2 * n) << 3);
  const u = scratch;
  const gw = scratch + align16(<usize>max(n, 1) << 3);
  dgemm(0, 0, n, nrhs, n, 1.0, v, ldv, y, ldy, 0.0, x, ldx, gw);
  dormbrP(n, a, lda, taup, nrhs, x, ldx, u);
}

// ------------------------------------------------------------------ divide and conquer

/** Workspace (bytes) of {@link dgesdd}. */
export function dgesddWorkspaceSize(m: i32, n: i32): usize {
  return dgesvdWorkspaceSize(m, n) + dormbrBlockedWorkspaceSize(m, n) + align16((<usize>n * <usize>n) << 3) + dbdsdcWorkspaceSize(n) + 16;
}

/**
 * Thin SVD with vectors of A (m×n, m ≥ n; destroyed) by LAPACK dgesdd's path: blocked
 * bidiagonalization (dgebrd), divide and conquer on the bidiagonal (dbdsdc: B = U_b Σ V_bᵀ), then
 * U = Q·[U_b; 0] (m×n, ldu) and V = P·V_b (n×n, ldv) with the blocked reflector products.
 * s gets the n singular values, descending. Returns 0, or > 0 when dbdsdc failed.
 */
export function dgesdd(m: i32, n: i32, a: usize, lda: i32, s: usize, u: usize, ldu: i32, v: usize, ldv: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work;
  const tauq = e + (<usize>n << 3);
  const taup = tauq + (<usize>n << 3);
  const wb = taup + (<usize>n << 3);
  const wv = (wb + (<usize>(4 * n + 8) << 3) + 15) & ~(<usize>15);
  const scratch = max(max(max(dgebrdWorkspaceSize(m, n), dorgqrWorkspaceSize(m, n)), (<usize>(m + n + 8)) << 3), dormbrBlockedWorkspaceSize(m, n));
  const vt = align16(wv + scratch);
  const wd = align16(vt + ((<usize>n * <usize>n) << 3));
  const anrm = maxAbs(m, n, a, lda);
  const sc = scaleExponent(anrm);
  scalePow2Mat(m, n, sc, a, lda);
  dgebrd(m, n, a, lda, s, e, tauq, taup, wv);
  const info = dbdsdc(n, s, e, u, ldu, vt, n, wd);
  if (info != 0) return info;
  for (let j = 0; j < n; j++) for (let i = n; i < m; i++) st(at(u, 0, j, ldu), i, 0.0);
  dormbrQBlocked(0, m, n, a, lda, tauq, n, u, ldu, wv);
  // V_b = VTᵀ, then V = P·V_b
  for (let j = 0; j < n; j++) {
    const col = at(v, 0, j, ldv);
    for (let i = 0; i < n; i++) st(col, i, ld(at(vt, j, i, n), 0));
  }
  dormbrPBlocked(n, a, lda, taup, n, v, ldv, wv);
  scalePow2(n, -sc, s, 1);
  return 0;
}

/** Scratch (bytes) of the dgelsd pair after the fixed part (e, τ_Q, τ_P, 4n + 8). */
function gelsdScratch(m: i32, n: i32, nrhs: i32): usize {
  return max(max(max(dgebrdWorkspaceSize(m, n), dorgqrWorkspaceSize(m, n)), (<usize>(m + n + 8)) << 3),
    dormbrBlockedWorkspaceSize(m, max(n, nrhs)));
}

/** Workspace (bytes) of {@link dgelsdTall} and {@link dgelsdApply}. */
export function dgelsdWorkspaceSize(m: i32, n: i32, nrhs: i32): usize {
  return ((<usize>(7 * n + 8)) << 3) + 16 + align16(gelsdScratch(m, n, nrhs)) + align16((<usize>n * <usize>n) << 3) +
    align16((<usize>n * <usize>max(nrhs, 1)) << 3) + dbdsdcWorkspaceSize(n) + 16;
}

/**
 * Least-squares SVD core by divide and conquer (m ≥ n; A destroyed, keeps the reflectors; LAPACK
 * gelsd's path): A = Q B Pᵀ (dgebrd), B = U_b Σ V_bᵀ (dbdsdc); B (m×nrhs, ldb) gets Uᵀ B in its
 * first n rows (Qᵀ blocked, then U_bᵀ by a GEMM; rows n… keep the part outside range(U)), s the
 * singular values (descending), VT (n×n, ldvt) = V_bᵀ. `work` (dgelsdWorkspaceSize) keeps τ_P for
 * {@link dgelsdApply}. Returns 0 or > 0 when dbdsdc failed.
 */
export function dgelsdTall(m: i32, n: i32, a: usize, lda: i32, nrhs: i32, b: usize, ldb: i32, s: usize,
  vt: usize, ldvt: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work;
  const tauq = e + (<usize>n << 3);
  const taup = tauq + (<usize>n << 3);
  const wb = taup + (<usize>n << 3);
  const wv = (wb + (<usize>(4 * n + 8) << 3) + 15) & ~(<usize>15);
  const ub = align16(wv + gelsdScratch(m, n, nrhs));
  const tmp = align16(ub + ((<usize>n * <usize>n) << 3));
  const wd = align16(tmp + ((<usize>n * <usize>max(nrhs, 1)) << 3));
  const anrm = maxAbs(m, n, a, lda);
  const sc = scaleExponent(anrm);
  scalePow2Mat(m, n, sc, a, lda);
  dgebrd(m, n, a, lda, s, e, tauq, taup, wv);
  dormbrQBlocked(1, m, n, a, lda, tauq, nrhs, b, ldb, wv);
  const info = dbdsdc(n, s, e, ub, n, vt, ldvt, wd);
  if (info != 0) return info;
  if (nrhs > 0) {
    dgemm(1, 0, n, nrhs, n, 1.0, ub, n, b, ldb, 0.0, tmp, n, wv);
    for (let j = 0; j < nrhs; j++) memory.copy(at(b, 0, j, ldb), tmp + ((<usize>j * <usize>n) << 3), <usize>n << 3);
  }
  scalePow2(n, -sc, s, 1);
  return 0;
}

/**
 * After {@link dgelsdTall}: X (n×nrhs, ldx) ← P·V_b·Y for Y (n×nrhs, ldy), with A, VT and `work`
 * those of the dgelsdTall call (same m, n, nrhs). X must not overlap Y.
 */
export function dgelsdApply(n: i32, a: usize, lda: i32, nrhs: i32, vt: usize, ldvt: i32, y: usize, ldy: i32,
  x: usize, ldx: i32, work: usize): void {
  if (n <= 0 || nrhs <= 0) return;
  const taup = work + (<usize>(2 * n) << 3);
  const wv = (work + (<usize>(7 * n + 8) << 3) + 15) & ~(<usize>15);
  dgemm(1, 0, n, nrhs, n, 1.0, vt, ldvt, y, ldy, 0.0, x, ldx, wv);
  dormbrPBlocked(n, a, lda, taup, nrhs, x, ldx, wv);
}
