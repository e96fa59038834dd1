// Small helpers shared by the LAPACK-style kernel families (chol, qr, qp3, gelsy, bidiag, bdsqr,
// eig): sign, dlapy2-style hypot, unit-stride BLAS shorthands and contiguous SIMD dot / axpy.
// Internal: not re-exported from assembly/index.ts, so nothing here becomes a wasm export.
// Addresses (at, ld, st, align16) live in ../core/addr.
import { daxpy, ddot, drot } from '../blas/level1';
import { madd } from '../core/simd';
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

// dlartg results: per-call scratch registers (a multi-value return), written and read within one
// call of a kernel, never read across exported calls (wasm globals are per instance, so worker
// instances over one shared memory do not share them).
export let gC: f64 = 0, gS: f64 = 0, gR: f64 = 0;

/** Plane rotation with [c s; −s c] [f; g] = [r; 0] (LAPACK dlartg conventions): results in gC, gS, gR. */
@inline export function dlartg(f: f64, g: f64): void {
  if (g == 0.0) { gC = 1.0; gS = 0.0; gR = f; }
  else if (f == 0.0) { gC = 0.0; gS = sign(1.0, g); gR = abs(g); }
  else {
    const af = abs(f), ag = abs(g);
    let d: f64;
    if (af > 1e-150 && af < 1e150 && ag > 1e-150 && ag < 1e150) d = sqrt(f * f + g * g);
    else d = hypot2(f, g);
    gC = af / d;
    gR = sign(d, f);
    gS = g / gR;
  }
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

// ------------------------------------------------------------------ contiguous dot products (QR family)
/** Σ x[i]·y[i] over contiguous vectors (f64x2, two accumulators). */
export function dotc(n: i32, x: usize, y: usize): f64 {
  let s0 = f64x2.splat(0.0);
  let s1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = <usize>i << 3;
    s0 = madd(v128.load(x + o), v128.load(y + o), s0);
    s1 = madd(v128.load(x + o + 16), v128.load(y + o + 16), s1);
  }
  const s = f64x2.add(s0, s1);
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) r += load<f64>(x + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
  return r;
}

/**
 * Four dot products v·c_p of contiguous vectors sharing v (columns c0 + p·ld·8), written to
 * out[0..3] scaled by alpha: each load of v is used four times (transposed GEMV).
 */
export function dot4(n: i32, v: usize, c0: usize, ld: i32, alpha: f64, out: usize, ostride: usize): void {
  const c1 = c0 + (<usize>ld << 3), c2 = c1 + (<usize>ld << 3), c3 = c2 + (<usize>ld << 3);
  let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0), s2 = f64x2.splat(0.0), s3 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const x = v128.load(v + o);
    s0 = madd(x, v128.load(c0 + o), s0);
    s1 = madd(x, v128.load(c1 + o), s1);
    s2 = madd(x, v128.load(c2 + o), s2);
    s3 = madd(x, v128.load(c3 + o), s3);
  }
  let r0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  let r1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
  let r2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
  let r3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
  if (i < n) {
    const o = <usize>i << 3;
    const x = load<f64>(v + o);
    r0 += x * load<f64>(c0 + o); r1 += x * load<f64>(c1 + o); r2 += x * load<f64>(c2 + o); r3 += x * load<f64>(c3 + o);
  }
  store<f64>(out, alpha * r0);
  store<f64>(out + ostride, alpha * r1);
  store<f64>(out + 2 * ostride, alpha * r2);
  store<f64>(out + 3 * ostride, alpha * r3);
}
