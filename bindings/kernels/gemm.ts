import type { Ptr } from './core.js';

/** Exports of assembly/gemm/ (driver.ts; packing, micro-kernel and direct small path are internal). */
export interface GemmKernels {
  dgemmWorkspaceSize(m: number, n: number, k: number): number;
  dgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  /** One triangle (uplo 0 lower, 1 upper) of C ← α·op(A)·op(B) + β·C, C n×n; workspace dgemmWorkspaceSize(n, n, k). */
  dgemmt(uplo: number, transA: number, transB: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
}
