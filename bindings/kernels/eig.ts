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
  /** Workspace (bytes) of dstedc (assembly/lapack/dlaed.ts). */
  dstedcWorkspaceSize(n: number): number;
  /** Default leaf size of the tridiagonal divide and conquer (LAPACK SMLSIZ). */
  dstedcLeafSize(): number;
  /** Tridiagonal divide and conquer (dstedc, compz = 'I'): d ascending, Q (n×n) eigenvectors; e destroyed. */
  dstedc(n: number, d: Ptr, e: Ptr, q: Ptr, ldq: number, smlsiz: number, work: Ptr, uwork: Ptr): number;
  /** Bytes of the second workspace (n×n secular eigenvector matrix) of dstedc / dsyevd with vectors. */
  dstedcUWorkspaceSize(n: number): number;
  /** Workspace (bytes) of dsyevd (vectors 0/1). */
  dsyevdWorkspaceSize(n: number, vectors: number): number;
  /** Symmetric eigen-decomposition with vectors by tridiagonal divide and conquer (dsyevd). */
  dsyevd(n: number, a: Ptr, lda: number, w: Ptr, z: Ptr, ldz: number, smlsiz: number, work: Ptr, uwork: Ptr): number;
}
