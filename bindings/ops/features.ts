/**
 * Typed operations of the features family (see ops/index.ts for the rules): the fused
 * bias + activation pass of the hidden layers, and the vector kernels of assembly/lsqr.ts
 * (two-pass scaled norm, normalisation, y ← αx + βy, column and row norms) plus the scaled row
 * gather of the row-sampling sketch. Unit-stride kernels take {@link Vec} operands with inc 1.
 * No math lives here.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import { readF64, withArena, writeF64, writeI32, type Block } from '../memory.js';
import { incOf, ldOf, matAddr, vecAddr, vecLength, type Mat, type Vec } from './operand.js';

/** Hidden-layer activations of {@link biasActivation}. */
export type ActivationKind = 'tanh' | 'relu' | 'leaky-relu' | 'identity';

/** Address of a unit-stride vector of `n` elements (checked against its block). */
function unitAddr(v: Vec | Block, n: number, what: string): number {
  if (incOf(v) !== 1) throw new ShapeError(`${what}: this kernel needs a unit-stride vector (stride ${incOf(v)})`);
  return vecAddr(v, n, what);
}

/**
 * `a` ← φ(`a` + 1·biasᵀ) in place, one fused pass per column (`bias`: one entry per column of
 * `a`, or null for none; `alpha` is the slope for x < 0 of `'leaky-relu'`). `'identity'` without
 * a bias leaves `a` unchanged. Checks `a` and that `bias` holds `a.cols` elements.
 */
export function biasActivation(activation: ActivationKind, alpha: number, a: Mat, bias: Vec | Block | null): void {
  const pa = matAddr(a, 'A');
  const pb = bias === null ? 0 : unitAddr(bias, a.cols, 'bias');
  if (a.rows === 0 || a.cols === 0) return;
  const w = wasm(), m = a.rows, n = a.cols, ld = ldOf(a);
  if (activation === 'tanh') w.dtanhBias(m, n, pa, ld, pb, pa, ld);
  else if (activation === 'relu') w.dleakyReluBias(m, n, 0, pa, ld, pb, pa, ld);
  else if (activation === 'leaky-relu') w.dleakyReluBias(m, n, alpha, pa, ld, pb, pa, ld);
  else if (activation === 'identity') { if (pb) w.dbiasAdd(m, n, pa, ld, pb); }
  else throw new ShapeError(`biasActivation: unknown activation ${String(activation)}`);
}

/**
 * ‖x‖₂ of a unit-stride vector by the two-pass max-abs scaling of assembly/lsqr.ts `dnorm2`
 * (the norm LSQR and Split and Solve use; core `nrm2` is the LAPACK-style one-pass scaling).
 * Checks that `n` elements fit.
 */
export function norm2(x: Vec | Block, n: number = vecLength(x)): number {
  const px = unitAddr(x, n, 'x');
  return n > 0 ? wasm().dnorm2(n, px) : 0;
}

/** x ← x/‖x‖₂ when ‖x‖₂ > 0; returns ‖x‖₂ (unit stride, scaled as {@link norm2}). Checks that `n` elements fit. */
export function normalize(x: Vec | Block, n: number = vecLength(x)): number {
  const px = unitAddr(x, n, 'x');
  return n > 0 ? wasm().dnormalize(n, px) : 0;
}

/** y ← α·x + β·y on `n` unit-stride elements (β = 0 never reads y; `x` may be `y`). Checks both vectors. */
export function axpby(alpha: number, x: Vec | Block, beta: number, y: Vec | Block, n: number = vecLength(x)): void {
  const px = unitAddr(x, n, 'x'), py = unitAddr(y, n, 'y');
  if (n > 0) wasm().daxpby(n, alpha, px, beta, py);
}

/** ‖A[:, j]‖₂ for every column j of `a` (two-pass scaled norms) as a Float64Array copy. Checks `a`. */
export function columnNorms(a: Mat): Float64Array {
  const pa = matAddr(a, 'A');
  if (a.cols === 0) return new Float64Array(0);
  const w = wasm();
  return withArena((ar) => {
    const out = ar.f64(a.cols);
    w.dcolumnNorms(a.rows, a.cols, pa, ldOf(a), out);
    return readF64(out, a.cols);
  });
}

/** Σ_j A[i, j]² for every row i of `a` (squared row norms) as a Float64Array copy. Checks `a`. */
export function rowNormsSq(a: Mat): Float64Array {
  const pa = matAddr(a, 'A');
  if (a.rows === 0) return new Float64Array(0);
  const w = wasm();
  return withArena((ar) => {
    const out = ar.f64(a.rows);
    w.drowNormsSq(a.rows, a.cols, pa, ldOf(a), out);
    return readF64(out, a.rows);
  });
}

/**
 * Scaled row gather: row t of `out` ← scale[t] · row idx[t] of `a`, for t < idx.length.
 * Checks `a` and `out` (out has idx.length rows and a.cols columns), `scale` has as many
 * entries as `idx`, and every index is a row of `a`.
 */
export function gatherRowsScaled(idx: Int32Array, scale: Float64Array, a: Mat, out: Mat): void {
  const r = idx.length;
  if (scale.length !== r) throw new ShapeError(`gatherRowsScaled: ${r} indices but ${scale.length} scales`);
  if (out.rows !== r || out.cols !== a.cols) throw new ShapeError(`gatherRowsScaled: out is ${out.rows}×${out.cols}, expected ${r}×${a.cols}`);
  for (let t = 0; t < r; t++) {
    const i = idx[t]!;
    if (i < 0 || i >= a.rows) throw new ShapeError(`gatherRowsScaled: index ${i} is outside the ${a.rows} rows`);
  }
  const pa = matAddr(a, 'A'), po = matAddr(out, 'out');
  if (r === 0 || a.cols === 0) return;
  const w = wasm();
  withArena((ar) => {
    const ip = ar.bytes(r * 4), sp = ar.f64(r);
    writeI32(ip, idx);
    writeF64(sp, scale);
    w.dgatherRowsScaled(r, a.cols, ip, sp, pa, ldOf(a), po, ldOf(out));
  });
}
