import type { Ptr } from './core.js';

/** Exports of assembly/lapack/chol.ts (pointers are byte offsets; column-major; 0-based indices). */
export interface CholKernels {
  cholPrepare(n: number, s: Ptr, lds: number, lambda: number, l: Ptr, ldl: number): void;
  dpotrfWorkspaceSize(n: number): number;
  dpotrf(n: number, a: Ptr, lda: number, work: Ptr): number;
  dpotrsWorkspaceSize(n: number, nrhs: number): number;
  dpotrs(n: number, nrhs: number, l: Ptr, ldl: number, b: Ptr, ldb: number, work: Ptr): void;
  cholLogDiag(n: number, l: Ptr, ldl: number): number;
  cholGramWorkspaceSize(m: number, n: number): number;
  cholGram(m: number, n: number, a: Ptr, lda: number, lambda: number, g: Ptr, ldg: number, work: Ptr): void;
  cholInverseFrobSqWorkspaceSize(n: number): number;
  cholInverseFrobSq(n: number, l: Ptr, ldl: number, work: Ptr): number;
}
