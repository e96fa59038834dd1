/**
 * @internal Random sketches of a LinearOperator, generated block by block from the
 * counter-based Philox generator (never the whole s×m sketching matrix): a Gaussian sketch G·A
 * (GEMM per block of G) and the sparse sign sketch S·A (ζ non-zeros ±1/√ζ per column of S,
 * applied in wasm at cost O(ζ·nnz(A))). ALGORITHMS.md §3.2.
 * @module
 */
import { alloc, free, wasm } from '../../bindings/index.js';
import { OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { gemmPtr, type LinearOperator } from './operator.js';

/** Sketch families. */
export type SketchKind = 'gaussian' | 'sparse';

/** Philox streams reserved for the sketches (distinct from Matrix.random's default stream 0). */
export const STREAM_GAUSSIAN = 0x51 as const;
/** Philox stream of the sparse sign sketch. */
export const STREAM_SPARSE = 0x52 as const;

/** Bytes of a Gaussian block of G at most (16 MiB). */
const G_BLOCK_BYTES = 2 ** 24;

/**
 * Ã = S·A (s×n) for an operator whose rows are available block by block.
 * Gaussian: G (s×m) has element (i, j) = normal number i + j·s of stream STREAM_GAUSSIAN, so a
 * block of columns of G is a contiguous range of the stream. Sparse: see assembly/sketch.ts.
 */
export function sketchRows(op: LinearOperator, s: number, kind: SketchKind, seed: number, zeta: number, blockSize?: number): Matrix {
  const n = op.cols;
  const k = wasm();
  const out = Matrix.zeros(s, n);
  try {
    if (kind === 'gaussian') {
      const cap = Math.max(1, Math.floor(G_BLOCK_BYTES / (8 * s)));
      const bs = Math.min(blockSize ?? cap, cap);
      const g = alloc(s * bs * 8);
      try {
        op.forEachRowBlock((start, count, ptr, ld) => {
          // the operator may hand out bigger blocks than a G block: split them
          for (let c0 = 0; c0 < count; c0 += bs) {
            const c = Math.min(bs, count - c0);
            k.rngNormal(g, s * c, 1, seed, STREAM_GAUSSIAN, s * (start + c0), 0, 1);
            gemmPtr(0, s, c, n, 1, g, s, ptr + c0 * 8, ld, 1, out.ptr, s);
          }
        }, blockSize);
      } finally { free(g); }
    } else {
      if (zeta > s) throw new OptionError(`lsrn: option 'zeta' (${zeta}) exceeds the sketch size ${s}`);
      // workspace for at most `cap` rows of A at a time (≈ 28·ζ bytes per row)
      const cap = Math.max(1, Math.min(op.rows, Math.floor(2 ** 18 / (28 * zeta))));
      const work = alloc(k.sparseSignSketchWorkspaceSize(cap, zeta));
      try {
        op.forEachRowBlock((start, count, ptr, ld) => {
          for (let c0 = 0; c0 < count; c0 += cap) {
            const c = Math.min(cap, count - c0);
            k.sparseSignSketch(s, zeta, seed, STREAM_SPARSE, start + c0, c, n, ptr + c0 * 8, ld, out.ptr, s, work);
          }
        }, blockSize);
      } finally { free(work); }
    }
  } catch (err) {
    out.dispose();
    throw err;
  }
  return out;
}

/**
 * Ã = A·G (m×s) for the under-determined case, G n×s Gaussian with element (i, j) = number
 * i + j·n of the stream; generated and applied in column blocks (one pass over A per block).
 */
export function sketchColumnsGaussian(op: LinearOperator, s: number, seed: number): Matrix {
  const m = op.rows, n = op.cols;
  const k = wasm();
  const out = new Matrix(m, s);
  try {
    const bs = Math.max(1, Math.min(s, Math.floor(G_BLOCK_BYTES / (8 * n))));
    const g = alloc(n * bs * 8);
    try {
      for (let j0 = 0; j0 < s; j0 += bs) {
        const c = Math.min(bs, s - j0);
        k.rngNormal(g, n * c, 1, seed, STREAM_GAUSSIAN, n * j0, 0, 1);
        op.apply(0, c, 1, g, n, 0, out.ptr + j0 * m * 8, m);
      }
    } finally { free(g); }
  } catch (err) { out.dispose(); throw err; }
  return out;
}
