/**
 * Typed operations of the varpro family (assembly/nn/kernelparam.ts): parametric kernels
 * K(θ) = mat(Qθ) of ALGORITHMS.md §8.2 built from θ and their adjoint Qᵀvec(G), and the
 * elementwise parts of variable projection (§8.4): σ'(P) applied to a backpropagated matrix,
 * the Hadamard product and the softplus map of the M-matrix parameters. Operands are checked
 * here (shapes, parameter counts, unit strides); no math lives here.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import type { Block } from '../memory.js';
import { incOf, ldOf, matAddr, vecAddr, type Mat, type Vec } from './operand.js';

/** Structure of a parametric kernel (§8.2). */
export type KernelParamKind = 'dense' | 'diagonal' | 'antisymmetric' | 'mmatrix';

const KIND_CODE: Readonly<Record<KernelParamKind, number>> = { dense: 0, diagonal: 1, antisymmetric: 2, mmatrix: 3 };

/** Activations with a derivative kernel ({@link activationGradMul}). */
export type DerivativeActivation = 'tanh' | 'relu' | 'leaky-relu' | 'identity';

/**
 * Number of parameters of a w×d kernel of `kind`: w·d (dense), d (diagonal), d(d−1)/2
 * (antisymmetric), d(d−1) (M-matrix). The non-dense kinds need w = d (a {@link ShapeError}
 * otherwise).
 */
export function kernelParamCount(kind: KernelParamKind, w: number, d: number): number {
  const code = KIND_CODE[kind];
  if (code === undefined) throw new ShapeError(`kernelParamCount: unknown kernel kind ${String(kind)}`);
  if (code !== 0 && w !== d) throw new ShapeError(`kernelParamCount: a '${kind}' kernel is square, got ${w}×${d}`);
  return code === 0 ? w * d : code === 1 ? d : code === 2 ? (d * (d - 1)) / 2 : d * (d - 1);
}

function unitAddr(v: Vec | Block, n: number, what: string): number {
  if (incOf(v) !== 1) throw new ShapeError(`${what}: this kernel needs a unit-stride vector (stride ${incOf(v)})`);
  return vecAddr(v, n, what);
}

/** K ← mat(Qθ) for a kernel of `kind` with K's shape (w×d); θ holds {@link kernelParamCount} entries (unit stride). */
export function kernelParamBuild(kind: KernelParamKind, theta: Vec | Block, K: Mat): void {
  const p = kernelParamCount(kind, K.rows, K.cols);
  const pk = matAddr(K, 'K'), pt = unitAddr(theta, p, 'kernelParamBuild: theta');
  if (K.rows === 0 || K.cols === 0) return;
  wasm().kernelParamBuild(KIND_CODE[kind], K.rows, K.cols, pt, pk, ldOf(K));
}

/** out ← Qᵀvec(G) for a kernel of `kind` with G's shape (w×d); out holds {@link kernelParamCount} entries (unit stride). */
export function kernelParamAdjoint(kind: KernelParamKind, G: Mat, out: Vec | Block): void {
  const p = kernelParamCount(kind, G.rows, G.cols);
  const pg = matAddr(G, 'G'), po = unitAddr(out, p, 'kernelParamAdjoint: out');
  if (p === 0) return;
  wasm().kernelParamAdjoint(KIND_CODE[kind], G.rows, G.cols, pg, ldOf(G), po);
}

/**
 * G ∘= σ'(P) given the activations Z = σ(P) (same shape as G): tanh σ' = 1 − z², ReLU / leaky
 * ReLU 1 where z > 0 and `alpha` (0 for ReLU) elsewhere, identity 1.
 */
export function activationGradMul(activation: DerivativeActivation, alpha: number, Z: Mat, G: Mat): void {
  if (Z.rows !== G.rows || Z.cols !== G.cols) throw new ShapeError(`activationGradMul: Z is ${Z.rows}×${Z.cols} and G ${G.rows}×${G.cols}, expected the same shape`);
  const code = activation === 'tanh' ? 0 : activation === 'relu' || activation === 'leaky-relu' ? 1 : activation === 'identity' ? 2 : -1;
  if (code < 0) throw new ShapeError(`activationGradMul: unknown activation ${String(activation)}`);
  const pz = matAddr(Z, 'Z'), pg = matAddr(G, 'G');
  if (G.rows === 0 || G.cols === 0) return;
  wasm().activationGradMul(code, activation === 'relu' ? 0 : alpha, G.rows, G.cols, pz, ldOf(Z), pg, ldOf(G));
}

/** B ∘= A (same shape). */
export function hadamardInPlace(A: Mat, B: Mat): void {
  if (A.rows !== B.rows || A.cols !== B.cols) throw new ShapeError(`hadamardInPlace: A is ${A.rows}×${A.cols} and B ${B.rows}×${B.cols}, expected the same shape`);
  const pa = matAddr(A, 'A'), pb = matAddr(B, 'B');
  if (A.rows === 0 || A.cols === 0) return;
  wasm().hadamardInPlace(A.rows, A.cols, pa, ldOf(A), pb, ldOf(B));
}

/** y ← softplus(x) = log(1 + eˣ) and dy ← its derivative 1/(1 + e⁻ˣ), n unit-stride elements (y, dy must not alias x). */
export function softplusForward(x: Vec | Block, y: Vec | Block, dy: Vec | Block, n: number): void {
  const px = unitAddr(x, n, 'softplusForward: x'), py = unitAddr(y, n, 'softplusForward: y'), pd = unitAddr(dy, n, 'softplusForward: dy');
  if (n > 0) wasm().softplusForward(n, px, py, pd);
}

/**
 * Jacobian columns of the VarPro residual with respect to a dense kernel (F = X) or the hidden
 * biases (F = a column of ones): column (r + c·w)·t + o of `out` (rows 0..n−1) ←
 * scale·S[:, r] ∘ F[:, c] · W[r, o], with S = σ'(P) (n×w), F n×nc and W w×t (the first w rows
 * of the output weights). `out` has at least n rows and w·nc·t columns; its other rows are untouched.
 */
export function varproJacobianBlock(S: Mat, F: Mat, W: Mat, scale: number, out: Mat): void {
  const n = S.rows, w = S.cols, nc = F.cols, t = W.cols;
  if (F.rows !== n) throw new ShapeError(`varproJacobianBlock: S has ${n} rows and F ${F.rows}`);
  if (W.rows !== w) throw new ShapeError(`varproJacobianBlock: S has ${w} columns and W ${W.rows} rows`);
  if (out.rows < n || out.cols !== w * nc * t) throw new ShapeError(`varproJacobianBlock: out is ${out.rows}×${out.cols}, expected ≥ ${n} rows and ${w * nc * t} columns`);
  const ps = matAddr(S, 'S'), pf = matAddr(F, 'F'), pw = matAddr(W, 'W'), po = matAddr(out, 'out');
  if (n === 0 || w * nc * t === 0) return;
  wasm().varproJacobianBlock(n, w, nc, t, ps, ldOf(S), pf, ldOf(F), pw, ldOf(W), scale, po, ldOf(out));
}

/**
 * out (m×p) ← A·Q for a kernel of `kind` (w×d, p = {@link kernelParamCount}): A is m×(w·d), its
 * column k belonging to K entry (k mod w, ⌊k/w⌋) — the chain rule from ∂/∂vec(K) to ∂/∂θ for a
 * whole Jacobian (Qᵀ applied to every row).
 */
export function kernelParamRightQ(kind: KernelParamKind, w: number, d: number, A: Mat, out: Mat): void {
  const p = kernelParamCount(kind, w, d);
  if (A.cols !== w * d || out.rows !== A.rows || out.cols !== p) throw new ShapeError(`kernelParamRightQ: A is ${A.rows}×${A.cols} and out ${out.rows}×${out.cols}, expected A m×${w * d} and out m×${p}`);
  const pa = matAddr(A, 'A'), po = matAddr(out, 'out');
  if (A.rows === 0 || p === 0) return;
  wasm().kernelParamRightQ(KIND_CODE[kind], w, d, A.rows, pa, ldOf(A), po, ldOf(out));
}
