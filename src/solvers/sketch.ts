/**
 * @internal Random sketches of a LinearOperator, generated block by block from the
 * counter-based Philox generator (never the whole s×m sketching matrix): a Gaussian sketch G·A
 * (GEMM per block of G) and the sparse sign sketch S·A (ζ non-zeros ±1/√ζ per column of S,
 * applied in wasm at cost O(ζ·nnz(A))). ALGORITHMS.md §3.2.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { product, type LinearOperator } from './operator.js';

/** Sketch families. */
export type SketchKind = 'gaussian' | 'sparse';

/** Philox streams reserved for the sketches (distinct from Matrix.random's default stream 0). */
export const STREAM_GAUSSIAN = 0x51 as const;
/** Philox stream of the sparse sign sketch. */
export const STREAM_SPARSE = 0x52 as const;

/** Elements of a Gaussian block of G at most (2^21 doubles = 16 MiB). */
const G_BLOCK_ELEMENTS = 2 ** 21;

/**
 * Ã = S·A (s×n) for an operator whose rows are available block by block.
 * Gaussian: G (s×m) has element (i, j) = normal number i + j·s of stream STREAM_GAUSSIAN, so a
 * block of columns of G is a contiguous range of the stream. Sparse: see assembly/sketch.ts.
 */
export function sketchRows(op: LinearOperator, s: number, kind: SketchKind, seed: number, zeta: number, blockSize?: number): Matrix {
  const n = op.cols;
  const out = Matrix.zeros(s, n);
  try {
    if (kind === 'gaussian') {
      const cap = Math.max(1, Math.floor(G_BLOCK_ELEMENTS / s));
      const bs = Math.min(blockSize ?? cap, cap);
      const g = Matrix.empty(s, bs);
      try {
        op.forEachRowBlock((start, count, rows) => {
          // the operator may hand out bigger blocks than a G block: split them
          for (let c0 = 0; c0 < count; c0 += bs) {
            const c = Math.min(bs, count - c0);
            const G = ops.sub(g, 0, 0, s, c);
            ops.random(G, 'normal', seed, STREAM_GAUSSIAN, s * (start + c0), 0, 1);
            product(0, 1, G, ops.sub(rows, c0, 0, c, n), 1, out);
          }
        }, blockSize);
      } finally { g.dispose(); }
    } else {
      if (zeta > s) throw new OptionError(`lsrn: option 'zeta' (${zeta}) exceeds the sketch size ${s}`);
      // workspace for at most `cap` rows of A at a time (≈ 28·ζ bytes per row)
      const cap = Math.max(1, Math.min(op.rows, Math.floor(2 ** 18 / (28 * zeta))));
      const sketcher = ops.sparseSignSketcher(s, zeta, seed, STREAM_SPARSE, cap);
      try {
        op.forEachRowBlock((start, count, rows) => {
          for (let c0 = 0; c0 < count; c0 += cap) {
            const c = Math.min(cap, count - c0);
            sketcher.apply(start + c0, ops.sub(rows, c0, 0, c, n), out);
          }
        }, blockSize);
      } finally { sketcher.dispose(); }
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
  const out = Matrix.empty(m, s);
  try {
    const bs = Math.max(1, Math.min(s, Math.floor(G_BLOCK_ELEMENTS / n)));
    const g = Matrix.empty(n, bs);
    try {
      for (let j0 = 0; j0 < s; j0 += bs) {
        const c = Math.min(bs, s - j0);
        const G = ops.sub(g, 0, 0, n, c);
        ops.random(G, 'normal', seed, STREAM_GAUSSIAN, n * j0, 0, 1);
        op.apply(0, 1, G, 0, ops.sub(out, 0, j0, m, c));
      }
    } finally { g.dispose(); }
  } catch (err) { out.dispose(); throw err; }
  return out;
}
