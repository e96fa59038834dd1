// BLAS level 1 (unit increments take an f64x2 fast path; other increments follow
// reference-BLAS semantics: a negative increment walks the vector backwards, element i of x is
// x[(1 − n)·incx + i·incx] for incx < 0). No kernel allocates or keeps state.
import { madd } from '../core/simd';
import { ad } from '../core/addr';

/** Start index of a strided vector (BLAS convention for negative increments). */
@inline export function start(n: i32, inc: i32): i32 {
  return inc < 0 ? (1 - n) * inc : 0;
}
// ───────────────────────────────────── level 1 ─────────────────────────────────────

/** y ← αx + y. */
export function daxpy(n: i32, alpha: f64, x: usize, incx: i32, y: usize, incy: i32): void {
  if (n <= 0 || alpha == 0.0) return;
  if (incx == 1 && incy == 1) {
    const va = f64x2.splat(alpha);
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const x0 = v128.load(ad(x, i)), x1 = v128.load(ad(x, i + 2));
      const y0 = v128.load(ad(y, i)), y1 = v128.load(ad(y, i + 2));
      v128.store(ad(y, i), madd(va, x0, y0));
      v128.store(ad(y, i + 2), madd(va, x1, y1));
    }
    for (; i < n; i++) store<f64>(ad(y, i), alpha * load<f64>(ad(x, i)) + load<f64>(ad(y, i)));
    return;
  }
  let ix = start(n, incx), iy = start(n, incy);
  for (let i = 0; i < n; i++, ix += incx, iy += incy) {
    store<f64>(ad(y, iy), alpha * load<f64>(ad(x, ix)) + load<f64>(ad(y, iy)));
  }
}

/** x ← αx (α = 0 writes zeros, as reference BLAS: NaN in x does not survive). */
export function dscal(n: i32, alpha: f64, x: usize, incx: i32): void {
  if (n <= 0) return;
  if (incx == 1) {
    if (alpha == 0.0) { memory.fill(x, 0, <usize>n << 3); return; }
    const va = f64x2.splat(alpha);
    let i = 0;
    for (; i + 3 < n; i += 4) {
      v128.store(ad(x, i), f64x2.mul(va, v128.load(ad(x, i))));
      v128.store(ad(x, i + 2), f64x2.mul(va, v128.load(ad(x, i + 2))));
    }
    for (; i < n; i++) store<f64>(ad(x, i), alpha * load<f64>(ad(x, i)));
    return;
  }
  let ix = start(n, incx);
  for (let i = 0; i < n; i++, ix += incx) {
    store<f64>(ad(x, ix), alpha == 0.0 ? 0.0 : alpha * load<f64>(ad(x, ix)));
  }
}

/** xᵀy. */
export function ddot(n: i32, x: usize, incx: i32, y: usize, incy: i32): f64 {
  if (n <= 0) return 0.0;
  if (incx == 1 && incy == 1) {
    let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0;
    let i = 0;
    for (; i + 7 < n; i += 8) {
      s0 = madd(v128.load(ad(x, i)), v128.load(ad(y, i)), s0);
      s1 = madd(v128.load(ad(x, i + 2)), v128.load(ad(y, i + 2)), s1);
      s2 = madd(v128.load(ad(x, i + 4)), v128.load(ad(y, i + 4)), s2);
      s3 = madd(v128.load(ad(x, i + 6)), v128.load(ad(y, i + 6)), s3);
    }
    for (; i + 1 < n; i += 2) s0 = madd(v128.load(ad(x, i)), v128.load(ad(y, i)), s0);
    const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
    let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; i < n; i++) r += load<f64>(ad(x, i)) * load<f64>(ad(y, i));
    return r;
  }
  let ix = start(n, incx), iy = start(n, incy);
  let r = 0.0;
  for (let i = 0; i < n; i++, ix += incx, iy += incy) r += load<f64>(ad(x, ix)) * load<f64>(ad(y, iy));
  return r;
}

/**
 * ‖x‖₂ without overflow or underflow. Two passes: the largest |xᵢ| (NaN propagates, ±Inf gives
 * Inf), then the sum of squares of xᵢ·s with s a power of two (exact scaling) that brings the
 * largest entry near 1 whenever it lies outside [2^-400, 2^400]. Entries that underflow after
 * scaling are below 2^-1000·max and cannot change the result. Error ≈ (n/2 + 2)·ε relative.
 */
export function dnrm2(n: i32, x: usize, incx: i32): f64 {
  if (n <= 0) return 0.0;
  if (n == 1) return Math.abs(load<f64>(ad(x, start(n, incx))));
  const step = incx < 0 ? -incx : incx;
  const x0 = incx < 0 ? ad(x, start(n, incx) - (n - 1) * step) : x; // lowest address
  // pass 1: max |x_i|
  let amax = 0.0;
  if (step == 1) {
    let m0 = f64x2.splat(0.0), m1 = m0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      m0 = f64x2.max(m0, f64x2.abs(v128.load(ad(x0, i))));
      m1 = f64x2.max(m1, f64x2.abs(v128.load(ad(x0, i + 2))));
    }
    const m = f64x2.max(m0, m1);
    amax = max(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
    for (; i < n; i++) amax = max(amax, Math.abs(load<f64>(ad(x0, i))));
  } else {
    for (let i = 0; i < n; i++) amax = max(amax, Math.abs(load<f64>(ad(x0, i * step))));
  }
  if (amax == 0.0 || !isFinite(amax)) return amax; // 0, Inf or NaN
  // power-of-two scale s with amax·s in [1, 2) when amax is outside the safe range
  let s = 1.0;
  const e = <i32>((reinterpret<u64>(amax) >> 52) & 0x7ff) - 1023; // amax = 1.x · 2^e (subnormal: e = -1023)
  if (e > 400 || e < -400) {
    let es = -e; // 2^es, kept a normal number (subnormal amax: 2^1022 gives amax·s ≥ 2^-52)
    if (es > 1022) es = 1022;
    if (es < -1022) es = -1022;
    s = reinterpret<f64>(<u64>(es + 1023) << 52);
  }
  const vs = f64x2.splat(s);
  let sum = 0.0;
  if (step == 1) {
    let a0 = f64x2.splat(0.0), a1 = a0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const u = f64x2.mul(v128.load(ad(x0, i)), vs), v = f64x2.mul(v128.load(ad(x0, i + 2)), vs);
      a0 = madd(u, u, a0);
      a1 = madd(v, v, a1);
    }
    const a = f64x2.add(a0, a1);
    sum = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
    for (; i < n; i++) { const t = load<f64>(ad(x0, i)) * s; sum += t * t; }
  } else {
    for (let i = 0; i < n; i++) { const t = load<f64>(ad(x0, i * step)) * s; sum += t * t; }
  }
  return Math.sqrt(sum) / s;
}

/** y ← x. */
export function dcopy(n: i32, x: usize, incx: i32, y: usize, incy: i32): void {
  if (n <= 0) return;
  if (incx == 1 && incy == 1) { memory.copy(y, x, <usize>n << 3); return; }
  let ix = start(n, incx), iy = start(n, incy);
  for (let i = 0; i < n; i++, ix += incx, iy += incy) store<f64>(ad(y, iy), load<f64>(ad(x, ix)));
}

/** x ↔ y. */
export function dswap(n: i32, x: usize, incx: i32, y: usize, incy: i32): void {
  if (n <= 0) return;
  if (incx == 1 && incy == 1) {
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const t = v128.load(ad(x, i));
      v128.store(ad(x, i), v128.load(ad(y, i)));
      v128.store(ad(y, i), t);
    }
    for (; i < n; i++) {
      const t = load<f64>(ad(x, i));
      store<f64>(ad(x, i), load<f64>(ad(y, i)));
      store<f64>(ad(y, i), t);
    }
    return;
  }
  let ix = start(n, incx), iy = start(n, incy);
  for (let i = 0; i < n; i++, ix += incx, iy += incy) {
    const t = load<f64>(ad(x, ix));
    store<f64>(ad(x, ix), load<f64>(ad(y, iy)));
    store<f64>(ad(y, iy), t);
  }
}

/** Plane rotation: (xᵢ, yᵢ) ← (c·xᵢ + s·yᵢ, c·yᵢ − s·xᵢ). */
export function drot(n: i32, x: usize, incx: i32, y: usize, incy: i32, c: f64, s: f64): void {
  if (n <= 0) return;
  if (incx == 1 && incy == 1) {
    const vc = f64x2.splat(c), vs = f64x2.splat(s);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const xv = v128.load(ad(x, i)), yv = v128.load(ad(y, i));
      v128.store(ad(x, i), f64x2.add(f64x2.mul(vc, xv), f64x2.mul(vs, yv)));
      v128.store(ad(y, i), f64x2.sub(f64x2.mul(vc, yv), f64x2.mul(vs, xv)));
    }
    for (; i < n; i++) {
      const xv = load<f64>(ad(x, i)), yv = load<f64>(ad(y, i));
      store<f64>(ad(x, i), c * xv + s * yv);
      store<f64>(ad(y, i), c * yv - s * xv);
    }
    return;
  }
  let ix = start(n, incx), iy = start(n, incy);
  for (let i = 0; i < n; i++, ix += incx, iy += incy) {
    const xv = load<f64>(ad(x, ix)), yv = load<f64>(ad(y, iy));
    store<f64>(ad(x, ix), c * xv + s * yv);
    store<f64>(ad(y, iy), c * yv - s * xv);
  }
}
