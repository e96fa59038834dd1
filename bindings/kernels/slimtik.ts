// slimtik kernels: see DESIGN.md §1, ALGORITHMS.md §9.3–§9.4 and assembly/nn/slimtik.ts.
import type { Ptr } from './core.js';

/** Exports of assembly/nn/slimtik.ts (pointers are byte offsets, column-major, leading dimensions in elements). */
export interface SlimtikKernels {
  /** Bytes of workspace for {@link SlimtikKernels.slimtikGcvSums}. */
  slimtikGcvSumsWorkspaceSize(n: number, q: number): number;
  /**
   * rho[k] = ‖R − ZU·diag(1/den)·(P + lam[k]·Q)‖², tau[k] = t·Σ_j (Σ_i ZU_ij²)/den_j with
   * den_j = s2[j] + sum + lam[k], for every candidate k whose i32 `use` entry is nonzero (NaN otherwise).
   */
  slimtikGcvSums(n: number, q: number, t: number, g: number, zu: Ptr, ldzu: number, r: Ptr, ldr: number,
    p: Ptr, ldp: number, qm: Ptr, ldq: number, s2: Ptr, sum: number, lam: Ptr, use: Ptr,
    rho: Ptr, tau: Ptr, work: Ptr): void;
  /** X = diag(1/(s2 + sum + lam))·(P + lam·Q) − kappa·Q (q×t). */
  slimtikUpdateCoef(q: number, t: number, p: Ptr, ldp: number, qm: Ptr, ldq: number, s2: Ptr,
    sum: number, lam: number, kappa: number, x: Ptr, ldx: number): void;
}
