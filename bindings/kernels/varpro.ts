// varpro kernels: see DESIGN.md §1 and assembly/nn/kernelparam.ts.
import type { Ptr } from './core.js';

/**
 * Exports of assembly/nn/kernelparam.ts: parametric kernels K(θ) = mat(Qθ) (ALGORITHMS.md §8.2;
 * `kind` 0 dense, 1 diagonal, 2 antisymmetric, 3 M-matrix) and the elementwise parts of variable
 * projection (§8.4). Column-major, leading dimensions in elements.
 */
export interface VarproKernels {
  /** K (w×d) ← mat(Qθ); the non-dense kinds need w = d. */
  kernelParamBuild(kind: number, w: number, d: number, theta: Ptr, k: Ptr, ldk: number): void;
  /** out (p) ← Qᵀvec(G), G w×d. */
  kernelParamAdjoint(kind: number, w: number, d: number, g: Ptr, ldg: number, out: Ptr): void;
  /** G ∘= σ'(P) given Z = σ(P) (`act` 0 tanh, 1 leaky ReLU with slope alpha, 2 identity). */
  activationGradMul(act: number, alpha: number, m: number, n: number, z: Ptr, ldz: number, g: Ptr, ldg: number): void;
  /** B ∘= A (m×n). */
  hadamardInPlace(m: number, n: number, a: Ptr, lda: number, b: Ptr, ldb: number): void;
  /** y = softplus(x), dy = logistic(x) (n, unit stride). */
  softplusForward(n: number, x: Ptr, y: Ptr, dy: Ptr): void;
  /** Columns (r + c·w)·t + o, rows 0..n−1 of out ← scale·S[:, r]∘F[:, c]·W[r, o]. */
  varproJacobianBlock(n: number, w: number, nc: number, t: number, s: Ptr, lds: number, f: Ptr, ldf: number,
    wm: Ptr, ldw: number, scale: number, out: Ptr, ldout: number): void;
  /** out (m×p) ← A·Q for A m×(w·d). */
  kernelParamRightQ(kind: number, w: number, d: number, m: number, a: Ptr, lda: number, out: Ptr, ldout: number): void;
}
