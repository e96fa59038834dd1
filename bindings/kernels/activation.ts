import type { Ptr } from './core.js';

/** Exports of assembly/activation.ts. */
export interface ActivationKernels {
  dtanhBias(m: number, n: number, x: Ptr, ldx: number, bias: Ptr, y: Ptr, ldy: number): void;
  dtanhBiasRef(m: number, n: number, x: Ptr, ldx: number, bias: Ptr, y: Ptr, ldy: number): void;
  dleakyReluBias(m: number, n: number, alpha: number, x: Ptr, ldx: number, bias: Ptr, y: Ptr, ldy: number): void;
  dbiasAdd(m: number, n: number, a: Ptr, lda: number, bias: Ptr): void;
}
