/** @internal Residual norms ‖B[:, j] − A X[:, j]‖₂ computed with one GEMM. @module */
import { Matrix, gemmInto } from '../matrix.js';
import { wasm } from '../../bindings/index.js';

/** Per-column 2-norms of B − A·X (overflow-safe norms in wasm). */
export function residualNorms(A: Matrix, X: Matrix, B: Matrix): Float64Array {
  const R = B.clone();
  try {
    gemmInto(0, 0, A.rows, B.cols, A.cols, -1, A, X, 1, R);
    const out = new Float64Array(B.cols);
    for (let j = 0; j < B.cols; j++) out[j] = columnNorm(R, j);
    return out;
  } finally {
    R.dispose();
  }
}

/** 2-norm of column j of M (wasm dnrm2: scaled, cannot overflow). */
export function columnNorm(M: Matrix, j: number): number {
  return wasm().dnrm2(M.rows, M.ptr + j * M.rows * 8, 1);
}
