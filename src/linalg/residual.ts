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

/** 2-norm of column j of M (scaled, cannot overflow). */
export function columnNorm(M: Matrix, j: number): number {
  const k = wasm() as unknown as { dnrm2?: (n: number, x: number, inc: number) => number };
  if (k.dnrm2) return k.dnrm2(M.rows, M.ptr + j * M.rows * 8, 1);
  // until blas.ts exports dnrm2: scaled sum in JS over the column view
  const v = M.view();
  let scale = 0, ssq = 1;
  for (let i = j * M.rows; i < (j + 1) * M.rows; i++) {
    const x = Math.abs(v[i]!);
    if (x === 0) continue;
    if (scale < x) { ssq = 1 + ssq * (scale / x) ** 2; scale = x; } else ssq += (x / scale) ** 2;
  }
  return scale * Math.sqrt(ssq);
}
