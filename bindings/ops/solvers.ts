/**
 * Typed operations of the solvers family (see ops/index.ts for the rules): the fused LSQR
 * update, the sparse sign sketch (workspace owned across the blocks of one sketch), σ and V of
 * a square sketch factor, and the row gather of `takeRows`. No math lives here.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import { address, allocBlock, readF64, withArena, type Block } from '../memory.js';
import { incOf, ldOf, matAddr, vecAddr, type Mat, type Vec } from './operand.js';

function unitAddr(v: Vec | Block, n: number, what: string): number {
  if (incOf(v) !== 1) throw new ShapeError(`${what}: this kernel needs a unit-stride vector (stride ${incOf(v)})`);
  return vecAddr(v, n, what);
}

/**
 * One fused LSQR solution update on `n` unit-stride elements (assembly/lsqr.ts):
 * dd = Σ (w_i·invRho)²; x_i += phiRho·w_i; w_i = v_i − thetaRho·w_i. Returns dd.
 * Checks that `n` elements of x, w and v fit in their blocks.
 */
export function lsqrUpdate(x: Vec | Block, w: Vec | Block, v: Vec | Block, phiRho: number, thetaRho: number, invRho: number, n: number): number {
  const px = unitAddr(x, n, 'x'), pw = unitAddr(w, n, 'w'), pv = unitAddr(v, n, 'v');
  return n > 0 ? wasm().lsqrUpdate(n, px, pw, pv, phiRho, thetaRho, invRho) : 0;
}

/** The sparse sign sketch of one operator, applied block of rows by block: see {@link sparseSignSketcher}. */
export interface SparseSignSketcher {
  /**
   * out (s×n) += S[:, row0 : row0 + a.rows] · a, `a` holding rows row0 … row0 + a.rows − 1 of
   * the sketched matrix (at most `maxRows` of them). Checks both operands and the shapes.
   */
  apply(row0: number, a: Mat, out: Mat): void;
  /** Frees the workspace. Idempotent. */
  dispose(): void;
}

/**
 * Workspace and parameters of a sparse sign sketch with `s` rows and `zeta` non-zeros ±1/√ζ per
 * column, drawn from Philox (seed, stream) by column index (assembly/sketch.ts): the workspace
 * for blocks of up to `maxRows` rows is allocated once here and freed by `dispose()`.
 */
export function sparseSignSketcher(s: number, zeta: number, seed: number, stream: number, maxRows: number): SparseSignSketcher {
  const w = wasm();
  const work = allocBlock(w.sparseSignSketchWorkspaceSize(maxRows, zeta));
  return {
    apply(row0: number, a: Mat, out: Mat): void {
      if (a.rows > maxRows) throw new ShapeError(`sparseSignSketch: a block of ${a.rows} rows exceeds the workspace (${maxRows} rows)`);
      if (out.rows !== s || out.cols !== a.cols) throw new ShapeError(`sparseSignSketch: out is ${out.rows}×${out.cols}, expected ${s}×${a.cols}`);
      const pa = matAddr(a, 'A'), po = matAddr(out, 'out');
      if (a.rows === 0 || a.cols === 0) return;
      wasm().sparseSignSketch(s, zeta, seed, stream, row0, a.rows, a.cols, pa, ldOf(a), po, ldOf(out), address(work));
    },
    dispose(): void { work.free(); },
  };
}

/**
 * σ (descending, as a Float64Array copy) and the right singular vectors V (into `v`, n×n) of the
 * square n×n `a` without forming U: the svd family's `dgelss` with no right-hand side. `a` is
 * overwritten. `info` > 0: the bidiagonal QR left that many superdiagonals (not converged).
 * Checks that `a` is square and `v` is n×n.
 */
export function singularValuesAndV(a: Mat, v: Mat): { info: number; s: Float64Array } {
  const n = a.rows;
  if (a.cols !== n || v.rows !== n || v.cols !== n) throw new ShapeError(`singularValuesAndV: A is ${a.rows}×${a.cols}, V ${v.rows}×${v.cols}; both must be ${n}×${n}`);
  const pa = matAddr(a, 'A'), pv = matAddr(v, 'V');
  if (n === 0) return { info: 0, s: new Float64Array(0) };
  const w = wasm();
  return withArena((ar) => {
    const sp = ar.f64(n);
    const info = w.dgelss(n, n, pa, ldOf(a), 0, 0, 1, sp, pv, ldOf(v), ar.bytes(w.dgelssWorkspaceSize(n, n)));
    return { info, s: readF64(sp, n) };
  });
}

/**
 * Row gather: row k of `out` ← row idx[k] of `a` (one strided row copy per index in wasm).
 * Checks both operands, `out` is idx.length × a.cols, and every index is a row of `a`.
 */
export function gatherRows(a: Mat, idx: ArrayLike<number>, out: Mat): void {
  const n = idx.length;
  if (out.rows !== n || out.cols !== a.cols) throw new ShapeError(`gatherRows: out is ${out.rows}×${out.cols}, expected ${n}×${a.cols}`);
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= a.rows) throw new ShapeError(`gatherRows: index ${i} is outside the ${a.rows} rows`);
  }
  const pa = matAddr(a, 'A'), po = matAddr(out, 'out');
  if (n === 0 || a.cols === 0) return;
  const w = wasm(), lda = ldOf(a), ldo = ldOf(out), d = a.cols;
  for (let k = 0; k < n; k++) w.dlacpy(1, d, pa + idx[k]! * 8, lda, po + k * 8, ldo);
}
