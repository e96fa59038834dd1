import type { Ptr } from './core.js';

/** Exports of assembly/lapack/eig.ts (pointers are byte offsets; column-major; lower triangle referenced). */
export interface EigKernels {
  dsytrdWorkspaceSize(n: number): number;
  dsytrd2(n: number, a: Ptr, lda: number, d: Ptr, e: Ptr, tau: Ptr, work: Ptr): void;
  dorgtr2(n: number, a: Ptr, lda: number, tau: Ptr, q: Ptr, ldq: number, work: Ptr): void;
  dsteqlQL(n: number, d: Ptr, e: Ptr, nz: number, z: Ptr, ldz: number): number;
  dsyevWorkspaceSize(n: number): number;
  dsyev(n: number, a: Ptr, lda: number, w: Ptr, vectors: number, z: Ptr, ldz: number, work: Ptr): number;
}
