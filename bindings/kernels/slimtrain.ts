// slimtrain kernels: see DESIGN.md §1 and assembly/nn/slimtrain.ts.
import type { Ptr } from './core.js';

/** Exports of assembly/nn/slimtrain.ts (pointers are byte offsets). */
export interface SlimtrainKernels {
  /** One Adam step, Meganet formulation: w ← w − lr·(m/bc1)/√(v/bc2 + ε) after the moment updates. */
  slimtrainAdamMeganet(n: number, w: Ptr, grad: Ptr, m: Ptr, v: Ptr, lr: number, beta1: number, beta2: number,
    eps: number, bc1: number, bc2: number): void;
}
