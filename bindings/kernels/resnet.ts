// ResNet kernels: see assembly/nn/resnet.ts (pointers are byte offsets, column-major, leading dimensions in elements).
import type { Ptr } from './core.js';

/** Exports of assembly/nn/resnet.ts (the ResNet feature extractor, ALGORITHMS.md §9.7). */
export interface ResNetKernels {
  /** out = scale·d ∘ σ'(z) from the stored activation s = σ(z) (act 0: tanh, 1 − s²; act 1: ReLU, 1[s > 0]); m×n, out may alias d. */
  resnetActBackward(m: number, n: number, act: number, s: Ptr, lds: number, d: Ptr, ldd: number, scale: number, out: Ptr, ldo: number): void;
  /** K (w×w) from the w(w−1)/2 antisymmetric parameters (strict upper triangle row by row, K_ji = −K_ij). */
  resnetAntisym(w: number, theta: Ptr, k: Ptr, ldk: number): void;
  /** Adjoint of resnetAntisym: out[idx(i, j)] = G_ij − G_ji (i < j). */
  resnetAntisymGrad(w: number, g: Ptr, ldg: number, out: Ptr): void;
  /** The §9.6 θ-regulariser (α/2)‖θ_in‖² + (α/(2h²))Σ_j ‖θ_{j+1} − θ_j‖² over d blocks of nb after the nIn input entries; adds its gradient into grad unless grad = 0. */
  resnetRegularize(nIn: number, nb: number, d: number, h: number, alpha: number, theta: Ptr, grad: Ptr): number;
  /** Fisher–Yates permutation of 0..n−1 (i32) from Philox uniforms start..start+n−1 (work: n f64). */
  resnetPermutation(n: number, seed: number, stream: number, start: number, out: Ptr, work: Ptr): void;
  /** Forward pass over m rows recording the tape [X | u₀..u_d | s₀..s_{d−1}] (flags: 1 ReLU, 2 antisymmetric, 4 input bias, 8 layer biases). */
  resnetForwardPass(m: number, di: number, wd: number, d: number, h: number, flags: number,
    x: Ptr, ldx: number, theta: Ptr, tape: Ptr, kbuf: Ptr, work: Ptr): void;
  /** Back-propagation through the recorded tape from dU to ∂L/∂θ (overwritten). */
  resnetBackwardPass(m: number, di: number, wd: number, d: number, h: number, flags: number,
    theta: Ptr, tape: Ptr, du: Ptr, lddu: number, grad: Ptr, delta: Ptr, dz: Ptr, kbuf: Ptr, g: Ptr, work: Ptr): void;
}
