import type { Ptr } from './core.js';

/** Exports of assembly/lsqr.ts (pointers are byte offsets). */
export interface LsqrKernels {
  lsqrUpdate(n: number, x: Ptr, w: Ptr, v: Ptr, phiRho: number, thetaRho: number, invRho: number): number;
  lsqrUpdateRef(n: number, x: Ptr, w: Ptr, v: Ptr, phiRho: number, thetaRho: number, invRho: number): number;
  dnorm2(n: number, x: Ptr): number;
  dnormalize(n: number, x: Ptr): number;
  dnormalizeRef(n: number, x: Ptr): number;
  daxpby(n: number, alpha: number, x: Ptr, beta: number, y: Ptr): void;
  daxpbyRef(n: number, alpha: number, x: Ptr, beta: number, y: Ptr): void;
  dcolumnNorms(m: number, n: number, a: Ptr, lda: number, out: Ptr): void;
  drowNormsSq(m: number, n: number, a: Ptr, lda: number, out: Ptr): void;
}
