import type { Kernels, Ptr } from './index.js';

/**
 * Exports of the test/bench-only ref build (build/lsqnet-ref.wasm, build/lsqnet-ref-relaxed.wasm
 * from assembly/ref/index.ts): every shipped kernel plus the scalar twins (same signatures as
 * the optimised kernels) and the GEMM tuning kernels. Not part of `Kernels`: the shipped build
 * does not export these. Load it with test/ref-kernels.ts.
 */
export interface RefKernels extends Kernels {
  dgemmRef(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number): void;
  /** Benchmarks only: `dgemm` with an explicit micro-kernel id (1 or 2, see assembly/gemm/ukr.ts; any other id runs 2) and block sizes. */
  dgemmTune(ukr: number, mc: number, kc: number, nc: number, transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  dgemmTuneWorkspaceSize(mc: number, kc: number, nc: number, m: number, n: number, k: number): number;
  // scalar reference twins (assembly/ref/*.ts), used by the tests
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
  dtanhBiasRef(m: number, n: number, x: Ptr, ldx: number, bias: Ptr, y: Ptr, ldy: number): void;
  dgeqr2Ref(m: number, n: number, a: Ptr, lda: number, tau: Ptr): void;
  dpotf2Ref(n: number, a: Ptr, lda: number): number;
  lsqrUpdateRef(n: number, x: Ptr, w: Ptr, v: Ptr, phiRho: number, thetaRho: number, invRho: number): number;
  dnormalizeRef(n: number, x: Ptr): number;
  daxpbyRef(n: number, alpha: number, x: Ptr, beta: number, y: Ptr): void;
  sparseSignSketchRef(s: number, zeta: number, seed: number, stream: number, row0: number, count: number, n: number,
    a: Ptr, lda: number, out: Ptr, ldo: number, work: Ptr, dense: Ptr): void;
  /** Naive scalar twin of anminAssemble (row-by-row rank-1 updates per active pair). */
  anminAssembleRef(n: number, D: number, h: number, x: Ptr, ldx: number, g: Ptr, ldg: number,
    bbt: Ptr, ldb: number, lambda: number, hm: Ptr, ldh: number): void;
  /** assembly/iter/matvec.ts (ref build only, bench): STREAM copy dst ← src (n doubles), reps times. */
  dstreamCopy(n: number, src: Ptr, dst: Ptr, reps: number): void;
  /** STREAM triad a ← b + s·c (n doubles), reps times. */
  dstreamTriad(n: number, a: Ptr, b: Ptr, c: Ptr, s: number, reps: number): void;
  /** Read bandwidth: Σx (n doubles), reps times (returns the last sum). */
  dstreamSum(n: number, x: Ptr, reps: number): number;
}
