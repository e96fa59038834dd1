/** @internal Residual norms ‖B[:, j] − A X[:, j]‖₂ computed with one GEMM. @module */
import { ops } from '../../bindings/index.js';
import type { Matrix } from '../matrix.js';

/** Per-column 2-norms of B − A·X (overflow-safe norms in wasm). */
export function residualNorms(A: Matrix, X: Matrix, B: Matrix): Float64Array {
  const R = B.clone();
  try {
    ops.gemm(0, 0, -1, A, X, 1, R);
    const out = new Float64Array(B.cols);
    for (let j = 0; j < B.cols; j++) out[j] = columnNorm(R, j);
    return out;
  } finally {
    R.dispose();
  }
}

/** 2-norm of column j of M (wasm dnrm2: scaled, cannot overflow). */
export function columnNorm(M: Matrix, j: number): number {
  return ops.nrm2(ops.col(M, j));
}
