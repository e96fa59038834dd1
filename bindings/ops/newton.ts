/**
 * Typed operations of the Newton solver for softmax / logistic regression (src/solvers/newton.ts):
 * the elementwise kernels of assembly/nn/softmax.ts on checked operands. Labels live in an i32
 * {@link Block} made by {@link labelBlock} (one entry per row); row weights are an optional
 * unit-stride f64 vector. Label ranges are checked by the kernels themselves (one pass, no JS
 * loop per call): a label outside the class range is a {@link ShapeError} here. No math lives here.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import { Block, address, allocBlock, writeI32 } from '../memory.js';
import { incOf, ldOf, matAddr, vecAddr, type Mat, type Vec } from './operand.js';

/** Copies integer labels into a new i32 block (the caller frees it). Checks they are 32-bit integers. */
export function labelBlock(labels: Int32Array): Block {
  const b = allocBlock(Math.max(labels.length, 1) * 4);
  try {
    writeI32(address(b), labels);
  } catch (err) {
    b.free();
    throw err;
  }
  return b;
}

/** Address of the first of `n` labels in `labels` (checked against its size). */
function labelsAddr(labels: Block, n: number, fn: string): number {
  if (!(labels instanceof Block)) throw new ShapeError(`${fn}: labels must be a label block (labelBlock)`);
  if (labels.bytes < n * 4) throw new ShapeError(`${fn}: the label block holds ${Math.floor(labels.bytes / 4)} labels, ${n} rows`);
  return address(labels);
}

/** Address of n unit-stride weights, or 0 when absent. */
function weightsAddr(w: Vec | Block | null, n: number, fn: string): number {
  if (w === null) return 0;
  if (incOf(w) !== 1) throw new ShapeError(`${fn}: row weights need unit stride (stride ${incOf(w)})`);
  return vecAddr(w, n, `${fn}: weights`);
}

function sameShape(a: Mat, b: Mat, fn: string, an: string, bn: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new ShapeError(`${fn}: ${an} is ${a.rows}×${a.cols} and ${bn} ${b.rows}×${b.cols}, expected the same shape`);
}

/**
 * Softmax forward: P ← row-wise softmax of Z (n×k, max subtracted; P may be Z) and returns
 * Σ_i w_i·(logsumexp(Z[i, :]) − Z[i, y_i]) (w_i = 1 without weights). A label outside 0..k−1
 * is a {@link ShapeError}.
 */
export function softmaxLoss(Z: Mat, labels: Block, weights: Vec | Block | null, P: Mat): number {
  const fn = 'softmaxLoss';
  sameShape(Z, P, fn, 'Z', 'P');
  const n = Z.rows, k = Z.cols;
  const pz = matAddr(Z, 'Z'), pp = matAddr(P, 'P'), pl = labelsAddr(labels, n, fn), pw = weightsAddr(weights, n, fn);
  if (n === 0) return 0;
  if (k === 0) throw new ShapeError(`${fn}: no classes`);
  const v = wasm().softmaxLoss(n, k, pz, ldOf(Z), pl, pw, pw === 0 ? 0 : 1, pp, ldOf(P));
  if (Number.isNaN(v)) {
    // NaN from a label (or from non-finite Z, returned as is)
    const ls = labels.i32(0, n);
    for (let i = 0; i < n; i++) if (!(ls[i]! >= 0 && ls[i]! < k)) throw new ShapeError(`${fn}: label ${ls[i]} (row ${i}) is outside 0..${k - 1}`);
  }
  return v;
}

/** Residual R ← scale·w_i·(P − onehot(y)) (n×k; R may be P). A label outside 0..k−1 is a {@link ShapeError}. */
export function softmaxResidual(P: Mat, labels: Block, weights: Vec | Block | null, scale: number, R: Mat): void {
  const fn = 'softmaxResidual';
  sameShape(P, R, fn, 'P', 'R');
  const n = P.rows, k = P.cols;
  const pp = matAddr(P, 'P'), pr = matAddr(R, 'R'), pl = labelsAddr(labels, n, fn), pw = weightsAddr(weights, n, fn);
  if (n === 0 || k === 0) return;
  const bad = wasm().softmaxResidual(n, k, pp, ldOf(P), pl, pw, pw === 0 ? 0 : 1, scale, pr, ldOf(R));
  if (bad !== 0) throw new ShapeError(`${fn}: ${bad} labels are outside 0..${k - 1}`);
}

/** Softmax Hessian's elementwise part in place on U = X·V: U ← scale·w_i·(P ⊙ U − P ⊙ rowsum(P ⊙ U)). */
export function softmaxHessApply(P: Mat, weights: Vec | Block | null, scale: number, U: Mat): void {
  const fn = 'softmaxHessApply';
  sameShape(P, U, fn, 'P', 'U');
  const n = P.rows, k = P.cols;
  const pp = matAddr(P, 'P'), pu = matAddr(U, 'U'), pw = weightsAddr(weights, n, fn);
  if (n === 0 || k === 0) return;
  wasm().softmaxHessApply(n, k, pp, ldOf(P), pw, pw === 0 ? 0 : 1, scale, pu, ldOf(U));
}

function column(a: Mat, fn: string, what: string): number {
  if (a.cols !== 1) throw new ShapeError(`${fn}: ${what} must have one column, got ${a.rows}×${a.cols}`);
  if ((a.ld ?? a.rows) < a.rows) throw new ShapeError(`${fn}: ${what} has ld < rows`);
  return matAddr(a, what);
}

/** Logistic forward on margins z (n×1): p ← σ(z) (p may be z); returns Σ w_i (softplus(z_i) − y_i z_i). A label not 0/1 is a {@link ShapeError}. */
export function logisticLoss(z: Mat, labels: Block, weights: Vec | Block | null, p: Mat): number {
  const fn = 'logisticLoss';
  sameShape(z, p, fn, 'z', 'p');
  const n = z.rows;
  const pz = column(z, fn, 'z'), pp = column(p, fn, 'p'), pl = labelsAddr(labels, n, fn), pw = weightsAddr(weights, n, fn);
  if (n === 0) return 0;
  const v = wasm().logisticLoss(n, pz, pl, pw, pw === 0 ? 0 : 1, pp);
  if (Number.isNaN(v)) {
    const ls = labels.i32(0, n);
    for (let i = 0; i < n; i++) if (ls[i] !== 0 && ls[i] !== 1) throw new ShapeError(`${fn}: label ${ls[i]} (row ${i}) is not 0 or 1`);
  }
  return v;
}

/** r ← scale·w_i·(p − y) (n×1; r may be p). A label not 0/1 is a {@link ShapeError}. */
export function logisticResidual(p: Mat, labels: Block, weights: Vec | Block | null, scale: number, r: Mat): void {
  const fn = 'logisticResidual';
  sameShape(p, r, fn, 'p', 'r');
  const n = p.rows;
  const pp = column(p, fn, 'p'), pr = column(r, fn, 'r'), pl = labelsAddr(labels, n, fn), pw = weightsAddr(weights, n, fn);
  if (n === 0) return;
  const bad = wasm().logisticResidual(n, pp, pl, pw, pw === 0 ? 0 : 1, scale, pr);
  if (bad !== 0) throw new ShapeError(`${fn}: ${bad} labels are not 0 or 1`);
}

/** u ← scale·w_i·p_i(1 − p_i)·u_i in place (n×1). */
export function logisticHessApply(p: Mat, weights: Vec | Block | null, scale: number, u: Mat): void {
  const fn = 'logisticHessApply';
  sameShape(p, u, fn, 'p', 'u');
  const n = p.rows;
  const pp = column(p, fn, 'p'), pu = column(u, fn, 'u'), pw = weightsAddr(weights, n, fn);
  if (n === 0) return;
  wasm().logisticHessApply(n, pp, pw, pw === 0 ? 0 : 1, scale, pu);
}

/**
 * Hessian-sampling importances out_i = rowSq_i·c_i(P), c_i = 1 − ‖P[i, :]‖² for softmax (k ≥ 2)
 * and p_i(1 − p_i) for logistic (k = 1); returns Σ out_i. `rowSq` and `out` are n-vectors (unit stride).
 */
export function hessianRowWeights(P: Mat, rowSq: Vec | Block, out: Vec | Block): number {
  const fn = 'hessianRowWeights';
  const n = P.rows, k = P.cols;
  const pp = matAddr(P, 'P'), pr = weightsAddr(rowSq, n, fn), po = weightsAddr(out, n, fn);
  if (n === 0 || k === 0) return 0;
  return wasm().hessianRowWeights(n, k, pp, ldOf(P), pr, po);
}
