// Small helpers shared by the LAPACK-style kernel families (chol, qr, svd, eig): element
// addresses, contiguous loads/stores, unit-stride BLAS shorthands, dlapy2-style hypot and the
// SIMD y += αx. Internal: this file is not re-exported from assembly/index.ts, so nothing here
// becomes a wasm export. Everything used in inner loops is @inline.
import { daxpy, ddot, drot } from './blas';
import { madd } from './simd';

/** Byte address of element (i, j) of a column-major f64 matrix at `a` with leading dimension ld. */
@inline export function at(a: usize, i: i32, j: i32, ld: i32): usize {
  return a + ((<usize>i + <usize>j * <usize>ld) << 3);
}

/** `bytes` rounded up to a multiple of 16 (v128 alignment of workspace slices). */
@inline export function align16(bytes: usize): usize {
  return (bytes + 15) & ~(<usize>15);
}

/** x[i] of a contiguous f64 vector. */
@inline export function ld(a: usize, i: i32): f64 { return load<f64>(a + (<usize>i << 3)); }
/** x[i] = v for a contiguous f64 vector. */
@inline export function st(a: usize, i: i32, v: f64): void { store<f64>(a + (<usize>i << 3), v); }
/** |a| with the sign of b (Fortran SIGN; b = −0 counts as non-negative). */
@inline export function sign(a: f64, b: f64): f64 { return b >= 0 ? abs(a) : -abs(a); }

/** xᵀy over contiguous vectors. */
@inline export function dot1(n: i32, x: usize, y: usize): f64 { return ddot(n, x, 1, y, 1); }
/** y += αx over contiguous vectors (blas daxpy). */
@inline export function axpy1(n: i32, alpha: f64, x: usize, y: usize): void { daxpy(n, alpha, x, 1, y, 1); }
/** Plane rotation of two contiguous vectors: x ← c x + s y, y ← c y − s x. */
@inline export function rot1(n: i32, x: usize, y: usize, c: f64, s: f64): void { drot(n, x, 1, y, 1, c, s); }

/** sqrt(a² + b²) without overflow or harmful underflow. */
@inline export function hypot2(a: f64, b: f64): f64 {
  const x = abs(a), y = abs(b);
  const w = max(x, y), z = min(x, y);
  if (z == 0.0 || w > 1.7976931348623157e308) return w;
  const q = z / w;
  return w * sqrt(1.0 + q * q);
}

/**
 * y += αx over contiguous vectors (SIMD: two f64x2 per step, then one, then a scalar tail;
 * madd is fused in the relaxed build).
 */
export function axpyc(n: i32, alpha: f64, x: usize, y: usize): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, madd(a, v128.load(x + o), v128.load(y + o)));
    v128.store(y + o + 16, madd(a, v128.load(x + o + 16), v128.load(y + o + 16)));
  }
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, madd(a, v128.load(x + o), v128.load(y + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, alpha * load<f64>(x + o) + load<f64>(y + o));
  }
}
