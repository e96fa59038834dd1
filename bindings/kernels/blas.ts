import type { Ptr } from './core.js';

/**
 * Exports of assembly/blas/ (level1.ts, level2.ts, level3.ts; their scalar twins are in ./ref.ts). Column-major,
 * leading dimensions in elements, flags 0/1, pointers are byte offsets. Strided vectors follow
 * reference-BLAS semantics (a negative increment walks the vector backwards). Level-3 kernels
 * take a workspace of `…WorkspaceSize(…)` bytes (16-byte aligned, from `alloc`/`withScratch`).
 */
export interface BlasKernels {
  daxpy(n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number): void;
  dscal(n: number, alpha: number, x: Ptr, incx: number): void;
  ddot(n: number, x: Ptr, incx: number, y: Ptr, incy: number): number;
  dnrm2(n: number, x: Ptr, incx: number): number;
  dcopy(n: number, x: Ptr, incx: number, y: Ptr, incy: number): void;
  dswap(n: number, x: Ptr, incx: number, y: Ptr, incy: number): void;
  drot(n: number, x: Ptr, incx: number, y: Ptr, incy: number, c: number, s: number): void;
  dgemv(trans: number, m: number, n: number, alpha: number, a: Ptr, lda: number,
    x: Ptr, incx: number, beta: number, y: Ptr, incy: number): void;
  dger(m: number, n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number, a: Ptr, lda: number): void;
  dsyrkWorkspaceSize(n: number, k: number): number;
  dsyrk(uplo: number, trans: number, n: number, k: number, alpha: number, a: Ptr, lda: number,
    beta: number, c: Ptr, ldc: number, work: Ptr): void;
  dtrsmWorkspaceSize(m: number, n: number): number;
  dtrsm(side: number, uplo: number, transA: number, diag: number, m: number, n: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, work: Ptr): void;
  dtrmmWorkspaceSize(m: number, n: number): number;
  dtrmm(side: number, uplo: number, transA: number, diag: number, m: number, n: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, work: Ptr): void;
}
