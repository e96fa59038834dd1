/** @internal Residual norms ‖B[:, j] − A X[:, j]‖₂ computed with one GEMM. @module */
import { ops } from '../../bindings/index.js';
import { InvalidInputError } from '../errors.js';
import type { Matrix } from '../matrix.js';

/**
 * Per-column 2-norms of B − A·X (overflow-safe norms in wasm). When A·X or B − A·X overflows
 * although A, X and B are finite (|A|·|X| near 1.8e308), B and X are scaled by an exact power of
 * two 2^-k first and the norms by 2^k after; a norm that still overflows throws
 * {@link InvalidInputError}. Bit-identical to the plain computation when nothing overflows.
 */
export function residualNorms(A: Matrix, X: Matrix, B: Matrix): Float64Array {
  const plain = residualNormsScaled(A, X, B, 0);
  if (plain.every((r) => Number.isFinite(r))) return plain;
  // log2 of a bound on |A·X| entries: max|A|·max|X|·cols(A)
  const bound = Math.log2(ops.maxAbs(A)) + Math.log2(ops.maxAbs(X)) + Math.log2(A.cols);
  const k = Math.max(Math.ceil(bound) - 1000, 1);
  const out = residualNormsScaled(A, X, B, k);
  for (let j = 0; j < out.length; j++) {
    const r = out[j]! * 2 ** k;
    if (!Number.isFinite(r)) throw new InvalidInputError(`lstsq: the residual norm ‖b − A·x‖ of right-hand side ${j} exceeds the float64 range`);
    out[j] = r;
  }
  return out;
}

/** Norms of 2^-k·(B − A·X), computed as 2^-k·B − A·(2^-k·X). */
function residualNormsScaled(A: Matrix, X: Matrix, B: Matrix, k: number): Float64Array {
  const R = B.clone();
  const Xs = k === 0 ? X : X.clone();
  try {
    if (k !== 0) { ops.scalePow2(R, -k); ops.scalePow2(Xs, -k); }
    ops.gemm(0, 0, -1, A, Xs, 1, R);
    const out = new Float64Array(B.cols);
    for (let j = 0; j < B.cols; j++) out[j] = columnNorm(R, j);
    return out;
  } finally {
    R.dispose();
    if (Xs !== X) Xs.dispose();
  }
}

/** 2-norm of column j of M (wasm dnrm2: scaled, cannot overflow). */
export function columnNorm(M: Matrix, j: number): number {
  return ops.nrm2(ops.col(M, j));
}
