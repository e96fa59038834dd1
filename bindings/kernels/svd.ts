import type { Ptr } from './core.js';

/**
 * Exports of assembly/lapack/ bidiag.ts, bdsqr.ts, svd.ts and householder.ts' dorgqr (pointers are
 * byte offsets; column-major; m ≥ n for every kernel).
 *
 * Record buffers (dbdsqrRecord, dgelssRecord, dgelssRecordWide): `rec` has `cap` f64 slots in
 * total, cap ≥ 4. Its first 4 slots are a header the kernels keep for themselves
 * [len, cap, flags, swap] (the record's whole state lives in the caller's buffer; nothing is kept
 * in the module between calls); entries follow. `len` everywhere is the number of entry slots:
 * the value a record call returned, or dbdsqrRecordLength(rec) after it paused (returned −1).
 * Every follow-up call takes the buffer start `rec`, header included.
 */
export interface SvdKernels {
  dgebd2WorkspaceSize(m: number, n: number): number;
  dgebd2(m: number, n: number, a: Ptr, lda: number, d: Ptr, e: Ptr, tauq: Ptr, taup: Ptr, work: Ptr): void;
  dorgbrWorkspaceSize(m: number, n: number): number;
  dgebrdWorkspaceSize(m: number, n: number): number;
  dgebrd(m: number, n: number, a: Ptr, lda: number, d: Ptr, e: Ptr, tauq: Ptr, taup: Ptr, work: Ptr): void;
  dorgqrWorkspaceSize(m: number, n: number): number;
  dorgqrBlocked(m: number, n: number, k: number, a: Ptr, lda: number, tau: Ptr, work: Ptr): void;
  dorgbrQ(m: number, n: number, a: Ptr, lda: number, tauq: Ptr, q: Ptr, ldq: number, work: Ptr): void;
  dorgbrP(n: number, a: Ptr, lda: number, taup: Ptr, p: Ptr, ldp: number, work: Ptr): void;
  dormbrQt(m: number, n: number, a: Ptr, lda: number, tauq: Ptr, nc: number, c: Ptr, ldc: number, work: Ptr): void;
  dbdsqrWorkspaceSize(n: number): number;
  dbdsqr(n: number, d: Ptr, e: Ptr, nv: number, v: Ptr, ldv: number, nu: number, u: Ptr, ldu: number,
    ncc: number, c: Ptr, ldc: number, work: Ptr): number;
  dgesvdWorkspaceSize(m: number, n: number): number;
  dgesvd(m: number, n: number, a: Ptr, lda: number, s: Ptr, vectors: number, u: Ptr, ldu: number, v: Ptr, ldv: number, work: Ptr): number;
  dgelssWorkspaceSize(m: number, n: number): number;
  dgelss(m: number, n: number, a: Ptr, lda: number, nrhs: number, b: Ptr, ldb: number, s: Ptr, v: Ptr, ldv: number, work: Ptr): number;
  dbdsqrRecordWorkspaceSize(n: number): number;
  dbdsqrRecord(n: number, d: Ptr, e: Ptr, ncc: number, c: Ptr, ldc: number, rec: Ptr, cap: number, work: Ptr, swap: number): number;
  dbdsqrApplyV(n: number, rec: Ptr, len: number, nrhs: number, y: Ptr, ldy: number): void;
  dormbrP(n: number, a: Ptr, lda: number, taup: Ptr, nc: number, c: Ptr, ldc: number, work: Ptr): void;
  dgelssRecord(m: number, n: number, a: Ptr, lda: number, nrhs: number, b: Ptr, ldb: number, s: Ptr, rec: Ptr, cap: number, work: Ptr): number;
  dgelssApply(n: number, a: Ptr, lda: number, nrhs: number, y: Ptr, ldy: number, rec: Ptr, len: number, work: Ptr): void;
  dormbrPt(n: number, a: Ptr, lda: number, taup: Ptr, nc: number, c: Ptr, ldc: number, work: Ptr): void;
  dormbrQ(m: number, n: number, a: Ptr, lda: number, tauq: Ptr, nc: number, c: Ptr, ldc: number, work: Ptr): void;
  dgelssRecordWide(M: number, N: number, t: Ptr, ldt: number, nrhs: number, b: Ptr, ldb: number, s: Ptr, rec: Ptr, cap: number, work: Ptr): number;
  dgelssApplyWide(M: number, N: number, t: Ptr, ldt: number, nrhs: number, y: Ptr, ldy: number, rec: Ptr, len: number, work: Ptr): void;
  /** Entry slots used by the record call that filled `rec` (also after it paused), read from rec's header. */
  dbdsqrRecordLength(rec: Ptr): number;
  dbdsqrMaterializeV(n: number, rec: Ptr, len: number, v: Ptr, ldv: number): void;
  dgelssResume(n: number, nrhs: number, c: Ptr, ldc: number, s: Ptr, rec: Ptr, len: number, v: Ptr, ldv: number, work: Ptr): number;
  /** Bytes of `scratch` for {@link SvdKernels.dgelssApplyPaused}. */
  dgelssApplyPausedWorkspaceSize(n: number, nrhs: number): number;
  /**
   * After dgelssRecord returned −1 (paused) and dgelssResume formed V (n×n, ldv): X (n×nrhs, ldx)
   * ← P·(V·Y) for Y (n×nrhs, ldy). `a`/`lda` and `work` are the matrix and the dgelss workspace
   * passed to dgelssRecord (they hold P's reflectors and τ_P; the offset of τ_P stays private to
   * the kernel). `scratch`: dgelssApplyPausedWorkspaceSize(n, nrhs) bytes. X must not overlap Y or V.
   */
  dgelssApplyPaused(n: number, a: Ptr, lda: number, nrhs: number, v: Ptr, ldv: number, y: Ptr, ldy: number,
    x: Ptr, ldx: number, work: Ptr, scratch: Ptr): void;
  // svd d&c (assembly/lapack/dbdsdc.ts, svd.ts dgesdd)
  /** Bytes of `work` for {@link SvdKernels.dbdsdc}. */
  dbdsdcWorkspaceSize(n: number): number;
  /**
   * Divide-and-conquer SVD of the n×n upper bidiagonal (d, e; e destroyed): d ← σ descending,
   * U (n×n, ldu), VT (n×n, ldvt; rows = right singular vectors). Returns 0 or > 0 on failure.
   */
  dbdsdc(n: number, d: Ptr, e: Ptr, u: Ptr, ldu: number, vt: Ptr, ldvt: number, work: Ptr): number;
  /** Bytes of `work` for {@link SvdKernels.dgesdd}. */
  dgesddWorkspaceSize(m: number, n: number): number;
  /** Thin SVD with vectors (m ≥ n, A destroyed) by dgebrd + dbdsdc + dormbr. Returns 0 or > 0. */
  dgesdd(m: number, n: number, a: Ptr, lda: number, s: Ptr, u: Ptr, ldu: number, v: Ptr, ldv: number, work: Ptr): number;
  /** Bytes of `work` for {@link SvdKernels.dgelsdTall} / {@link SvdKernels.dgelsdApply}. */
  dgelsdWorkspaceSize(m: number, n: number, nrhs: number): number;
  /**
   * Least squares by D&C (m ≥ n; A destroyed): B's first n rows ← UᵀB, s ← σ, VT (n×n) ← V_bᵀ;
   * `work` keeps τ_P for dgelsdApply. Returns 0 or > 0 on failure.
   */
  dgelsdTall(m: number, n: number, a: Ptr, lda: number, nrhs: number, b: Ptr, ldb: number, s: Ptr, vt: Ptr, ldvt: number, work: Ptr): number;
  /** X (n×nrhs) ← P·V_b·Y after dgelsdTall (same A, VT, work). X must not overlap Y. */
  dgelsdApply(n: number, a: Ptr, lda: number, nrhs: number, vt: Ptr, ldvt: number, y: Ptr, ldy: number, x: Ptr, ldx: number, work: Ptr): void;
}
