import type { Ptr } from './core.js';

/**
 * Exports of assembly/blas.ts (and their scalar twins in assembly/ref.ts). Column-major,
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

  // scalar reference twins (assembly/ref.ts), used by the tests
  daxpyRef(n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number): void;
  dscalRef(n: number, alpha: number, x: Ptr, incx: number): void;
  ddotRef(n: number, x: Ptr, incx: number, y: Ptr, incy: number): number;
  dnrm2Ref(n: number, x: Ptr, incx: number): number;
  dcopyRef(n: number, x: Ptr, incx: number, y: Ptr, incy: number): void;
  dswapRef(n: number, x: Ptr, incx: number, y: Ptr, incy: number): void;
  drotRef(n: number, x: Ptr, incx: number, y: Ptr, incy: number, c: number, s: number): void;
  dgemvRef(trans: number, m: number, n: number, alpha: number, a: Ptr, lda: number,
    x: Ptr, incx: number, beta: number, y: Ptr, incy: number): void;
  dgerRef(m: number, n: number, alpha: number, x: Ptr, incx: number, y: Ptr, incy: number, a: Ptr, lda: number): void;
  dsyrkRef(uplo: number, trans: number, n: number, k: number, alpha: number, a: Ptr, lda: number,
    beta: number, c: Ptr, ldc: number): void;
  dtrsmRef(side: number, uplo: number, transA: number, diag: number, m: number, n: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number): void;
  /** `tmp` holds max(m, n) doubles. */
  dtrmmRef(side: number, uplo: number, transA: number, diag: number, m: number, n: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, tmp: Ptr): void;
}
