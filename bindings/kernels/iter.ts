import type { Ptr } from './core.js';

/** Exports of assembly/iter/lsqr.ts (pointers are byte offsets). */
export interface IterKernels {
  lsqrUpdate(n: number, x: Ptr, w: Ptr, v: Ptr, phiRho: number, thetaRho: number, invRho: number): number;
  dnorm2(n: number, x: Ptr): number;
  dnormalize(n: number, x: Ptr): number;
  daxpby(n: number, alpha: number, x: Ptr, beta: number, y: Ptr): void;
  dcolumnNorms(m: number, n: number, a: Ptr, lda: number, out: Ptr): void;
  drowNormsSq(m: number, n: number, a: Ptr, lda: number, out: Ptr): void;
  /** assembly/iter/matvec.ts (bench only): STREAM copy dst ← src (n doubles), reps times. */
  dstreamCopy(n: number, src: Ptr, dst: Ptr, reps: number): void;
  /** STREAM triad a ← b + s·c (n doubles), reps times. */
  dstreamTriad(n: number, a: Ptr, b: Ptr, c: Ptr, s: number, reps: number): void;
  /** Read bandwidth: Σx (n doubles), reps times. */
  dstreamSum(n: number, x: Ptr, reps: number): number;
}
