/**
 * Chebyshev semi-iteration for least squares (ALGORITHMS.md §3.4), the second inner solver of
 * LSRN: a fixed number of iterations computed from bounds on the singular values, no inner
 * products. The standard recurrence with the reciprocal α₁ = 1/(d − c²/(2d)).
 * @module
 */
import { alloc, free, wasm, type Ptr } from '../../bindings/index.js';
import type { LinearOperator } from './operator.js';

/** Iteration count K for singular values in [σL, σU] and tolerance tol: ⌈(ln tol − ln 2)/ln((σU − σL)/(σU + σL))⌉. */
export function chebyshevIterations(sigmaL: number, sigmaU: number, tol: number): number {
  const q = (sigmaU - sigmaL) / (sigmaU + sigmaL);
  if (q <= 0) return 1;
  return Math.max(1, Math.ceil((Math.log(tol) - Math.log(2)) / Math.log(q)));
}

/**
 * @internal Runs `iterations` Chebyshev steps on min ‖Op·X − B‖ (Op p×q, B p×k at `b` with ld p)
 * from X = 0; writes X (q×k, ld q) at `x`. Singular values of Op must lie in [sigmaL, sigmaU].
 */
export function chebyshevRun(op: LinearOperator, b: Ptr, x: Ptr, k: number, sigmaL: number, sigmaU: number, iterations: number): void {
  const w = wasm();
  const p = op.rows, q = op.cols;
  const d = (sigmaU * sigmaU + sigmaL * sigmaL) / 2;
  const c = (sigmaU * sigmaU - sigmaL * sigmaL) / 2;
  const buf = alloc((p * k + q * k) * 8);
  const r = buf, v = buf + p * k * 8;
  try {
    w.dlacpy(p, k, b, p, r, p);
    w.dfill(q, k, 0, x, q);
    let alpha = 0;
    for (let it = 0; it < iterations; it++) {
      let beta: number;
      if (it === 0) { beta = 0; alpha = 1 / d; }
      else if (it === 1) { beta = 0.5 * (c / d) ** 2; alpha = 1 / (d - c * c / (2 * d)); }
      else { beta = (alpha * c / 2) ** 2; alpha = 1 / (d - alpha * c * c / 4); }
      // v ← Opᵀ r + β v;  x ← x + α v;  r ← r − α Op v
      op.apply(1, k, 1, r, p, beta, v, q);
      w.daxpby(q * k, alpha, v, 1, x);
      op.apply(0, k, -alpha, v, q, 1, r, p);
    }
  } finally {
    free(buf);
  }
}
