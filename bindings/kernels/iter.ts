import type { Ptr } from './core.js';

/** Exports of assembly/iter/lsqr.ts (pointers are byte offsets). */
export interface IterKernels {
  lsqrUpdate(n: number, x: Ptr, w: Ptr, v: Ptr, phiRho: number, thetaRho: number, invRho: number): number;
  dnorm2(n: number, x: Ptr): number;
  dnormalize(n: number, x: Ptr): number;
  daxpby(n: number, alpha: number, x: Ptr, beta: number, y: Ptr): void;
  dcolumnNorms(m: number, n: number, a: Ptr, lda: number, out: Ptr): void;
  drowNormsSq(m: number, n: number, a: Ptr, lda: number, out: Ptr): void;
}
