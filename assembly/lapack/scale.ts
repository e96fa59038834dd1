// Exact power-of-two scaling of matrices and vectors (the role of LAPACK's dlascl with
// dlamch('S') / dlamch('O')): drivers bring max|A| into a safe range before a factorization and
// undo it on the results. A factor 2^e is applied as one multiply when it is representable
// (|e| ≤ 1000: bit-identical to the former single `x * 2^e`), else as two multiplies
// 2^(e/2)·2^(e − e/2): max|A| may be subnormal (2^-1074) or near 2^1024, so e can reach ±1100,
// beyond the f64 exponent range of one factor. Scaling by a power of two is exact unless the
// result itself under- or overflows. Internal: nothing here is a wasm export.
import { at } from '../core/addr';
import { dscal } from '../blas/level1';

/** max|A| outside (SCALE_LO, SCALE_HI) is scaled (≈ 2^-300 and 2^300, far from both ends of the f64 range). */
const SCALE_LO: f64 = 4.9e-91;
const SCALE_HI: f64 = 2.0e90;

/**
 * Exponent e with 2^e·anrm ∈ [1, 2) when anrm is finite, non-zero and outside
 * (SCALE_LO, SCALE_HI); 0 (no scaling) otherwise.
 */
export function scaleExponent(anrm: f64): i32 {
  if (anrm == 0.0 || !isFinite(anrm) || (anrm > SCALE_LO && anrm < SCALE_HI)) return 0;
  return -(<i32>Math.floor(Math.log2(anrm)));
}

/** x ← 2^e·x for the n-vector x (stride inc). */
export function scalePow2(n: i32, e: i32, x: usize, inc: i32): void {
  if (e == 0 || n <= 0) return;
  if (e >= -1000 && e <= 1000) { dscal(n, Math.pow(2.0, <f64>e), x, inc); return; }
  const e1 = e / 2;
  dscal(n, Math.pow(2.0, <f64>e1), x, inc);
  dscal(n, Math.pow(2.0, <f64>(e - e1)), x, inc);
}

/** A ← 2^e·A for the m×n column-major A (lda). */
export function scalePow2Mat(m: i32, n: i32, e: i32, a: usize, lda: i32): void {
  if (e == 0) return;
  for (let j = 0; j < n; j++) scalePow2(m, e, at(a, 0, j, lda), 1);
}

/** max|A_ij| of the m×n column-major A (lda): LAPACK dlange('M'). NaN propagates as NaN. */
export function dlangeMax(m: i32, n: i32, a: usize, lda: i32): f64 {
  let mx: f64 = 0;
  for (let j = 0; j < n; j++) {
    const col = at(a, 0, j, lda);
    for (let i = 0; i < m; i++) {
      const v = abs(load<f64>(col + (<usize>i << 3)));
      if (v > mx || v != v) mx = v;
    }
  }
  return mx;
}

/** A ← 2^e·A, exactly (LAPACK dlascl with a power-of-two cto/cfrom; any e in [-2200, 2200]). */
export function dlasclPow2(m: i32, n: i32, e: i32, a: usize, lda: i32): void {
  scalePow2Mat(m, n, e, a, lda);
}
