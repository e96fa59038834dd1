import type { Ptr } from './core.js';

/** Exports of assembly/lapack/ qr.ts, qp3.ts, gelsy.ts and householder.ts' dlarfg (pointers are byte offsets; column-major; 0-based indices). */
export interface QrKernels {
  qrBlockSize(): number;
  dlarfg(n: number, alphaPtr: Ptr, x: Ptr, incx: number): number;
  dgeqrfWorkspaceSize(m: number, n: number): number;
  dgeqrf(m: number, n: number, a: Ptr, lda: number, tau: Ptr, t: Ptr, ldt: number, work: Ptr): void;
  qrFormTWorkspaceSize(m: number): number;
  qrFormT(m: number, k: number, a: Ptr, lda: number, tau: Ptr, t: Ptr, ldt: number, work: Ptr): void;
  dgemqrtWorkspaceSize(m: number, n: number): number;
  dgemqrt(trans: number, m: number, n: number, k: number, a: Ptr, lda: number, t: Ptr, ldt: number, c: Ptr, ldc: number, work: Ptr): void;
  dgeqp3WorkspaceSize(m: number, n: number): number;
  dgeqp3(m: number, n: number, a: Ptr, lda: number, jpvt: Ptr, tau: Ptr, work: Ptr): void;
  dgeqp3Truncated(m: number, n: number, a: Ptr, lda: number, jpvt: Ptr, tau: Ptr, rcond: number, work: Ptr, ice: Ptr): number;
  dgeqp3Unblocked(m: number, n: number, a: Ptr, lda: number, jpvt: Ptr, tau: Ptr, work: Ptr): void;
  qrRankIceWorkspaceSize(k: number): number;
  qrRankIce(k: number, a: Ptr, lda: number, rcond: number, work: Ptr): number;
  dgelsyTailWorkspaceSize(n: number, nrhs: number, rank: number): number;
  dgelsyTail(n: number, nrhs: number, rank: number, a: Ptr, lda: number, c: Ptr, ldc: number, jpvt: Ptr, x: Ptr, ldx: number, work: Ptr): void;
  dorm2r(trans: number, m: number, n: number, k: number, a: Ptr, lda: number, tau: Ptr, c: Ptr, ldc: number): void;
  qrFormQWorkspaceSize(m: number, k: number): number;
  qrFormQ(m: number, k: number, a: Ptr, lda: number, t: Ptr, ldt: number, q: Ptr, ldq: number, work: Ptr): void;
  dorm2rT(trans: number, m: number, n: number, k: number, a: Ptr, lda: number, t: Ptr, ldt: number, c: Ptr, ldc: number): void;
  qrExtractR(k: number, n: number, a: Ptr, lda: number, r: Ptr, ldr: number): void;
}
