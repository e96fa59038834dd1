/**
 * Chebyshev semi-iteration for least squares (ALGORITHMS.md §3.4), the second inner solver of
 * LSRN: a fixed number of iterations computed from bounds on the singular values, no inner
 * products. The standard recurrence with the reciprocal α₁ = 1/(d − c²/(2d)).
 * @module
 */
import { ops, type Mat, type Vec } from '../../bindings/index.js';
import { Matrix } from '../matrix.js';
import type { LinearOperator } from './operator.js';

/** Iteration count K for singular values in [σL, σU] and tolerance tol: ⌈(ln tol − ln 2)/ln((σU − σL)/(σU + σL))⌉. */
export function chebyshevIterations(sigmaL: number, sigmaU: number, tol: number): number {
  const q = (sigmaU - sigmaL) / (sigmaU + sigmaL);
  if (q <= 0) return 1;
  return Math.max(1, Math.ceil((Math.log(tol) - Math.log(2)) / Math.log(q)));
}

/** The contiguous m×n `a` as one vector of m·n elements. */
function flat(a: Mat): Vec {
  return ops.col(ops.reshape(a, a.rows * a.cols, 1), 0);
}

/**
 * @internal Runs `iterations` Chebyshev steps on min ‖Op·X − B‖ (Op p×q, B p×k) from X = 0;
 * writes X (q×k, contiguous). Singular values of Op must lie in [sigmaL, sigmaU].
 */
export function chebyshevRun(op: LinearOperator, B: Mat, X: Mat, sigmaL: number, sigmaU: number, iterations: number): void {
  const p = op.rows, q = op.cols, k = B.cols;
  const d = (sigmaU * sigmaU + sigmaL * sigmaL) / 2;
  const c = (sigmaU * sigmaU - sigmaL * sigmaL) / 2;
  const R = Matrix.empty(p, k);
  let V: Matrix | null = null;
  try {
    V = Matrix.empty(q, k);
    ops.copy(B, R);
    ops.fill(X, 0);
    const vv = flat(V), xv = flat(X);
    let alpha = 0;
    for (let it = 0; it < iterations; it++) {
      let beta: number;
      if (it === 0) { beta = 0; alpha = 1 / d; }
      else if (it === 1) { beta = 0.5 * (c / d) ** 2; alpha = 1 / (d - c * c / (2 * d)); }
      else { beta = (alpha * c / 2) ** 2; alpha = 1 / (d - alpha * c * c / 4); }
      // v ← Opᵀ r + β v;  x ← x + α v;  r ← r − α Op v
      op.apply(1, 1, R, beta, V);
      ops.axpby(alpha, vv, 1, xv, q * k);
      op.apply(0, -alpha, V, 1, R);
    }
  } finally {
    R.dispose();
    V?.dispose();
  }
}
