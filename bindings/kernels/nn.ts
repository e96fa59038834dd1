// nn kernels: see DESIGN.md §1 and assembly/nn/.
import type { Ptr } from './core.js';

/** Exports of assembly/nn/activation.ts. */
export interface ActivationKernels {
  dtanhBias(m: number, n: number, x: Ptr, ldx: number, bias: Ptr, y: Ptr, ldy: number): void;
  dleakyReluBias(m: number, n: number, alpha: number, x: Ptr, ldx: number, bias: Ptr, y: Ptr, ldy: number): void;
  dbiasAdd(m: number, n: number, a: Ptr, lda: number, bias: Ptr): void;
}

/** Exports of assembly/nn/anmin.ts and nn/optim.ts (pointers are byte offsets, column-major, leading dimensions in elements). */
export interface AnminKernels {
  /** G = α + (1−α)·1[P > 0] (m×h, G may alias P); returns the number of columns with no positive entry. */
  anminPattern(m: number, h: number, alpha: number, p: Ptr, ldp: number, g: Ptr, ldg: number): number;
  /** Bytes of workspace for {@link AnminKernels.anminAssemble}. */
  anminAssembleWorkspaceSize(n: number, D: number, h: number): number;
  /** H = M + λI of the ANMIN hidden-layer system ((hD)×(hD), both triangles). */
  anminAssemble(n: number, D: number, h: number, x: Ptr, ldx: number, g: Ptr, ldg: number,
    bbt: Ptr, ldb: number, lambda: number, hm: Ptr, ldh: number, work: Ptr): void;
  /** The first (masked ZᵀZ) formulation of anminAssemble, same arguments; kept for comparison. */
  anminAssembleZ(n: number, D: number, h: number, x: Ptr, ldx: number, g: Ptr, ldg: number,
    bbt: Ptr, ldb: number, lambda: number, hm: Ptr, ldh: number, work: Ptr): void;
  /** c[jD+p] = Σ_i G_ij R_ij X̃_ip (length hD). */
  anminRhs(n: number, D: number, h: number, x: Ptr, ldx: number, g: Ptr, ldg: number, r: Ptr, ldr: number, c: Ptr): void;
  /** d ∘= σ'_α(p) (m×n). */
  anminReluBackward(m: number, n: number, alpha: number, p: Ptr, ldp: number, d: Ptr, ldd: number): void;
  /** One Adam step on n parameters (PyTorch formulation; bc1 = 1 − β₁ᵗ, bc2 = 1 − β₂ᵗ). */
  anminAdam(n: number, w: Ptr, grad: Ptr, m: Ptr, v: Ptr, lr: number, beta1: number, beta2: number,
    eps: number, bc1: number, bc2: number): void;
  /** One SGD-with-momentum step: vel ← μ·vel + g; w ← w − lr·vel. */
  anminMomentum(n: number, w: Ptr, grad: Ptr, vel: Ptr, lr: number, mu: number): void;
  /** out[j] = α·Σ_i a[i, j]. */
  anminColSums(m: number, n: number, alpha: number, a: Ptr, lda: number, out: Ptr): void;
  /** Σ (a − b)² over an m×n block. */
  anminSse(m: number, n: number, a: Ptr, lda: number, b: Ptr, ldb: number): number;
  /** C (ma×nb) = AᵀB for tall A (k×ma) and B (k×nb), row-blocked SIMD TN tiles. */
  anminGramTN(k: number, ma: number, nb: number, a: Ptr, lda: number, b: Ptr, ldb: number, c: Ptr, ldc: number): void;
  /** Lower triangle copied to the upper one, `shift` added to the diagonal (n×n). */
  anminSymmetrizeShift(n: number, a: Ptr, lda: number, shift: number): void;
  /** dst[r, c] = src[idx[r], c] (idx: k i32). */
  anminGatherRows(k: number, n: number, src: Ptr, lds: number, idx: Ptr, dst: Ptr, ldd: number): void;
}

/** Exports of assembly/nn/swim.ts (index arrays are i32; see that file for layouts). */
export interface SwimKernels {
  swimCandidatePairsWorkspaceSize(p: number): number;
  swimCandidatePairs(n: number, p: number, seed: number, stream: number, from: Ptr, to: Ptr, work: Ptr): void;
  swimScores(d: number, c: number, xt: Ptr, ldxt: number, y: Ptr, ldy: number, p: number,
    from: Ptr, to: Ptr, classification: number, distMin: number, scores: Ptr): number;
  swimSampleDiscreteWorkspaceSize(p: number, m: number): number;
  swimSampleDiscrete(p: number, weights: Ptr, m: number, seed: number, stream: number, out: Ptr, work: Ptr): void;
  swimNeurons(d: number, m: number, xt: Ptr, ldxt: number, from: Ptr, to: Ptr,
    s1: number, s2: number, distMin: number, w: Ptr, ldw: number, b: Ptr): void;
}

/**
 * Exports of assembly/nn/softmax.ts (the elementwise parts of the softmax / logistic losses of
 * the Newton solver). Column-major, rows = samples; labels are i32 (one per row); `w` holds one
 * f64 weight per row when hasW = 1 (ignored when 0).
 */
export interface SoftmaxKernels {
  /** P = row softmax of Z (max subtracted); returns Σ w_i (lse_i − Z[i, y_i]), NaN if a label is outside 0..k−1. */
  softmaxLoss(n: number, k: number, z: Ptr, ldz: number, labels: Ptr, w: Ptr, hasW: number, p: Ptr, ldp: number): number;
  /** R = scale·w_i·(P − onehot(y)); returns the number of labels outside 0..k−1. */
  softmaxResidual(n: number, k: number, p: Ptr, ldp: number, labels: Ptr, w: Ptr, hasW: number, scale: number, r: Ptr, ldr: number): number;
  /** U ← scale·w_i·(P ⊙ U − P ⊙ rowsum(P ⊙ U)) in place. */
  softmaxHessApply(n: number, k: number, p: Ptr, ldp: number, w: Ptr, hasW: number, scale: number, u: Ptr, ldu: number): void;
  /** p = σ(z); returns Σ w_i (softplus(z_i) − y_i z_i), NaN if a label is not 0/1. */
  logisticLoss(n: number, z: Ptr, labels: Ptr, w: Ptr, hasW: number, p: Ptr): number;
  /** r = scale·w_i·(p − y); returns the number of labels not 0/1. */
  logisticResidual(n: number, p: Ptr, labels: Ptr, w: Ptr, hasW: number, scale: number, r: Ptr): number;
  /** u ← scale·w_i·p_i(1 − p_i)·u_i in place. */
  logisticHessApply(n: number, p: Ptr, w: Ptr, hasW: number, scale: number, u: Ptr): void;
  /** out_i = rowSq_i·(1 − ‖P[i, :]‖²) (k ≥ 2) or rowSq_i·p_i(1 − p_i) (k = 1); returns Σ out_i. */
  hessianRowWeights(n: number, k: number, p: Ptr, ldp: number, rowSq: Ptr, out: Ptr): number;
}

/** Every export of assembly/nn/. */
export interface NnKernels extends ActivationKernels, AnminKernels, SwimKernels, SoftmaxKernels {}
