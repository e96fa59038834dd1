// LSQR / Chebyshev vector kernels (ALGORITHMS.md §2.3, §3.4): the O(n) updates of one iteration
// fused into single passes, plus a scaled norm-and-normalise. Vectors are contiguous f64 arrays
// (16-byte aligned blocks from `alloc`; the kernels also accept unaligned pointers).
import { madd } from '../core/simd';

/**
 * One LSQR solution update (step 4 of §2.3), fused:
 *   dd = Σ (w_i / ρ)²;  x_i += (φ/ρ) w_i;  w_i = v_i − (θ/ρ) w_i.
 * Returns dd = ‖d_k‖² (d_k = w/ρ before the update).
 */
export function lsqrUpdate(n: i32, x: usize, w: usize, v: usize, phiRho: f64, thetaRho: f64, invRho: f64): f64 {
  const a = f64x2.splat(phiRho);
  const t = f64x2.splat(-thetaRho);
  const r = f64x2.splat(invRho);
  let acc0 = f64x2.splat(0.0), acc1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = <usize>i << 3;
    const w0 = v128.load(w + o), w1 = v128.load(w + o + 16);
    const d0 = f64x2.mul(w0, r), d1 = f64x2.mul(w1, r);
    acc0 = madd(d0, d0, acc0); acc1 = madd(d1, d1, acc1);
    v128.store(x + o, madd(a, w0, v128.load(x + o)));
    v128.store(x + o + 16, madd(a, w1, v128.load(x + o + 16)));
    v128.store(w + o, madd(t, w0, v128.load(v + o)));
    v128.store(w + o + 16, madd(t, w1, v128.load(v + o + 16)));
  }
  const acc = f64x2.add(acc0, acc1);
  let dd = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const wi = load<f64>(w + o);
    const di = wi * invRho;
    dd += di * di;
    store<f64>(x + o, load<f64>(x + o) + phiRho * wi);
    store<f64>(w + o, load<f64>(v + o) - thetaRho * wi);
  }
  return dd;
}


@inline function amax(n: i32, x: usize): f64 {
  let m0 = f64x2.splat(0.0), m1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = <usize>i << 3;
    m0 = f64x2.max(m0, f64x2.abs(v128.load(x + o)));
    m1 = f64x2.max(m1, f64x2.abs(v128.load(x + o + 16)));
  }
  const m = f64x2.max(m0, m1);
  let s = max(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  for (; i < n; i++) s = max(s, abs(load<f64>(x + (<usize>i << 3))));
  return s;
}

/**
 * 2-norm of x (n entries) computed with scaling (max-abs pass, then Σ (x_i/amax)²): cannot
 * overflow or underflow. NaN in x gives NaN.
 */
export function dnorm2(n: i32, x: usize): f64 {
  const s = amax(n, x);
  if (s == 0.0 || !isFinite(s)) return s;
  // 1/s overflows for s < 2^-1024 (subnormal max|x|): sum the squares of x·2^k instead, with 2^k
  // exact and applied in two steps (see dnorm2Tiny)
  if (s < SAFMIN) return dnorm2Tiny(n, x, s);
  const inv = f64x2.splat(1.0 / s);
  let a0 = f64x2.splat(0.0), a1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = <usize>i << 3;
    const y0 = f64x2.mul(v128.load(x + o), inv), y1 = f64x2.mul(v128.load(x + o + 16), inv);
    a0 = madd(y0, y0, a0); a1 = madd(y1, y1, a1);
  }
  const a = f64x2.add(a0, a1);
  let ss = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  const invs = 1.0 / s;
  for (; i < n; i++) { const y = load<f64>(x + (<usize>i << 3)) * invs; ss += y * y; }
  return s * Math.sqrt(ss);
}

/** dlamch('S'): the smallest normal f64, 2^-1022. */
const SAFMIN: f64 = 2.2250738585072014e-308;

/**
 * dnorm2 for 0 < max|x| = s < 2^-1022 (every entry subnormal): Σ (x_i·2^1022·2^52)² then
 * ‖x‖ = sqrt(Σ)·2^-1074. Both multiplies are exact (scaling a subnormal up by a power of two).
 */
function dnorm2Tiny(n: i32, x: usize, s: f64): f64 {
  const up1: f64 = 4.49423283715579e+307; // 2^1022
  const up2: f64 = 4503599627370496.0; // 2^52
  const inv = 1.0 / (s * up1 * up2);
  let ss: f64 = 0;
  for (let i = 0; i < n; i++) {
    const y = load<f64>(x + (<usize>i << 3)) * up1 * up2 * inv;
    ss += y * y;
  }
  return (s * up1 * up2) * Math.sqrt(ss) / up2 / up1; // ≥ 2^-52 after the first division: one rounding
}

/**
 * Normalises x in place: returns β = ‖x‖₂ (scaled) and, when β > 0, sets x ← x/β. For β below
 * 2^-1022 (1/β overflows) the entries are divided by β instead of multiplied by 1/β.
 */
export function dnormalize(n: i32, x: usize): f64 {
  const beta = dnorm2(n, x);
  if (beta > 0.0 && isFinite(beta)) {
    if (beta >= SAFMIN) dscalInPlace(n, 1.0 / beta, x);
    else for (let i = 0; i < n; i++) { const o = <usize>i << 3; store<f64>(x + o, load<f64>(x + o) / beta); }
  }
  return beta;
}

@inline function dscalInPlace(n: i32, alpha: f64, x: usize): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.mul(a, v128.load(x + o)));
  }
  for (; i < n; i++) { const o = <usize>i << 3; store<f64>(x + o, alpha * load<f64>(x + o)); }
}


/** y ← α x + β y (n entries; β = 0 overwrites y without reading it). */
export function daxpby(n: i32, alpha: f64, x: usize, beta: f64, y: usize): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  if (beta == 0.0) {
    for (; i + 1 < n; i += 2) { const o = <usize>i << 3; v128.store(y + o, f64x2.mul(a, v128.load(x + o))); }
    for (; i < n; i++) { const o = <usize>i << 3; store<f64>(y + o, alpha * load<f64>(x + o)); }
    return;
  }
  const b = f64x2.splat(beta);
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, madd(a, v128.load(x + o), f64x2.mul(b, v128.load(y + o))));
  }
  for (; i < n; i++) { const o = <usize>i << 3; store<f64>(y + o, alpha * load<f64>(x + o) + beta * load<f64>(y + o)); }
}


/** out[j] = ‖A[:, j]‖₂ (scaled norms) for the m×n column-major A (lda). */
export function dcolumnNorms(m: i32, n: i32, a: usize, lda: i32, out: usize): void {
  for (let j = 0; j < n; j++) {
    store<f64>(out + (<usize>j << 3), dnorm2(m, a + ((<usize>j * <usize>lda) << 3)));
  }
}

/** out[i] = Σ_j A[i, j]² for the m×n column-major A (lda): squared row norms (leverage scores of an orthonormal basis). */
export function drowNormsSq(m: i32, n: i32, a: usize, lda: i32, out: usize): void {
  for (let i = 0; i < m; i++) store<f64>(out + (<usize>i << 3), 0.0);
  for (let j = 0; j < n; j++) {
    const col = a + ((<usize>j * <usize>lda) << 3);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const o = <usize>i << 3;
      const c = v128.load(col + o);
      v128.store(out + o, madd(c, c, v128.load(out + o)));
    }
    for (; i < m; i++) { const o = <usize>i << 3; const c = load<f64>(col + o); store<f64>(out + o, c * c + load<f64>(out + o)); }
  }
}
