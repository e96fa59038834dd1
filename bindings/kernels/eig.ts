import type { Ptr } from './core.js';

/** Exports of assembly/lapack/eig.ts and scale.ts (pointers are byte offsets; column-major; lower triangle referenced). */
export interface EigKernels {
  dsytrdWorkspaceSize(n: number): number;
  dsytrd2(n: number, a: Ptr, lda: number, d: Ptr, e: Ptr, tau: Ptr, work: Ptr): void;
  dorgtr2(n: number, a: Ptr, lda: number, tau: Ptr, q: Ptr, ldq: number, work: Ptr): void;
  dsteqlQL(n: number, d: Ptr, e: Ptr, nz: number, z: Ptr, ldz: number): number;
  dsyevWorkspaceSize(n: number): number;
  dsyev(n: number, a: Ptr, lda: number, w: Ptr, vectors: number, z: Ptr, ldz: number, work: Ptr): number;
  /** max|A_ij| of the m×n A (assembly/lapack/scale.ts; LAPACK dlange('M')). */
  dlangeMax(m: number, n: number, a: Ptr, lda: number): number;
  /** A ← 2^e·A exactly (LAPACK dlascl with power-of-two factors; |e| ≤ 2200). */
  dlasclPow2(m: number, n: number, e: number, a: Ptr, lda: number): void;
}
