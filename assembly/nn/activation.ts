// Elementwise activations and bias add on column-major blocks (rows = samples, columns =
// neurons). Kernels write y (which may alias x).
import { madd } from '../core/simd';
import { parWide, parArgs, parFor } from '../core/par';

// ───────────── threaded path (ASC_FEATURE_THREADS only; absent from the shipped builds) ─────────────
// Partition of an m×n block (fixed by the kernel and m, n only): with E elements per tile (8192
// for tanh, 32768 for the memory-bound linear kernels), when a column holds at most E elements
// tiles are blocks of ⌊E/m⌋ whole columns; otherwise every column is cut into row blocks of E rows
// (a multiple of 4) and the last block of a column keeps the column's tail. Each kernel below
// walks a column in fours (tanh), or twos, from the block start and finishes with scalar code;
// with block starts at multiples of 4 an element takes the vector or the scalar path exactly as
// in the serial call, and every element depends on its own input and bias only: the result is
// bit-identical to the serial kernel for any thread count.

/** Elements per tile: tanh (≈ 4 ns per element: 8192 take ≈ 35 µs) and the linear kernels (256 KiB per tile). */
const TANH_TILE: i32 = 8192;
const LINEAR_TILE: i32 = 32768;
/**
 * Below these many elements the kernels stay serial (measured on 2 cores: tanh 1.96× at 128×128,
 * the linear kernels 1.8–1.9× at 256×256: both from two tiles on).
 */
const TANH_PAR_MIN: i64 = 1 << 14;
const LINEAR_PAR_MIN: i64 = 1 << 16;

/** Kernel ids of {@link actTile}. */
const K_TANH = 0, K_LEAKY = 1, K_BIAS = 2;

/** Columns per tile (≥ 1) and row blocks per column (≥ 1) of the partition above, E elements per tile. */
@inline function actColsPerTile(m: i32, e: i32): i32 { return m <= e ? max(1, e / max(m, 1)) : 1; }
@inline function actRowBlocks(m: i32, e: i32): i32 { return m <= e ? 1 : (m + e - 1) / e; }

/** Tiles of the partition of an m×n block, E elements per tile. */
@inline function actTiles(m: i32, n: i32, e: i32): i32 {
  const rb = actRowBlocks(m, e);
  return rb > 1 ? rb * n : (n + actColsPerTile(m, e) - 1) / actColsPerTile(m, e);
}

/** Runs kernel `kind` over the tiles; returns false (nothing done) when there is one tile or no parallel context. */
function actPar(kind: i32, m: i32, n: i32, alpha: f64, x: usize, ldx: i32, bias: usize, y: usize, ldy: i32): bool {
  const ntiles = actTiles(m, n, kind == K_TANH ? TANH_TILE : LINEAR_TILE);
  if (ntiles < 2 || !parWide()) return false;
  const p = parArgs();
  store<i32>(p, kind); store<i32>(p, m, 4); store<i32>(p, n, 8); store<i32>(p, ldx, 12); store<i32>(p, ldy, 16);
  store<usize>(p, x, 20); store<usize>(p, bias, 24); store<usize>(p, y, 28); store<f64>(p, alpha, 32);
  parFor(actTile, ntiles);
  return true;
}

/** Tile body of {@link actPar}: one block of columns, or one row block of one column. */
function actTile(p: usize, t: i32, scratch: usize): void {
  const kind = load<i32>(p), m = load<i32>(p, 4), n = load<i32>(p, 8), ldx = load<i32>(p, 12), ldy = load<i32>(p, 16);
  const x = load<usize>(p, 20), bias = load<usize>(p, 24), y = load<usize>(p, 28), alpha = load<f64>(p, 32);
  const e = kind == K_TANH ? TANH_TILE : LINEAR_TILE;
  const rb = actRowBlocks(m, e);
  let i0 = 0, mb = m, j0 = 0, nb = 0;
  if (rb > 1) {
    j0 = t / rb; nb = 1;
    i0 = (t - j0 * rb) * e; mb = min(e, m - i0);
  } else {
    const cb = actColsPerTile(m, e);
    j0 = t * cb; nb = min(cb, n - j0);
  }
  const xb = x + ((<usize>j0 * <usize>ldx + <usize>i0) << 3);
  const yb = y + ((<usize>j0 * <usize>ldy + <usize>i0) << 3);
  const bb = bias ? bias + (<usize>j0 << 3) : 0;
  if (kind == K_TANH) tanhBiasSerial(mb, nb, xb, ldx, bb, yb, ldy);
  else if (kind == K_LEAKY) leakyReluBiasSerial(mb, nb, alpha, xb, ldx, bb, yb, ldy);
  else biasAddSerial(mb, nb, yb, ldy, bb);
}

/**
 * tanh, accurate and saturating: for |x| ≤ 20, tanh|x| = t/(t+2) with t = expm1(2|x|) (no
 * cancellation near 0, relative error a few ulp); for |x| > 20, ±1 exactly (1 − tanh 20 <
 * 2^-56). Never overflows. NaN propagates.
 */
@inline export function tanhScalar(x: f64): f64 {
  const a = Math.abs(x);
  if (a > 20.0) return x > 0 ? 1.0 : -1.0;
  const t = Math.expm1(2.0 * a);
  const r = t / (t + 2.0);
  return copysign<f64>(r, x); // keeps the sign of zero: tanh(-0) = -0
}

// Constants of the vector tanh (fdlibm's split of ln 2: LN2_HI has 32 trailing zero bits, so
// k·LN2_HI is exact for |k| < 2^20 and y − k·LN2_HI is exact by Sterbenz).
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+00;
const ROUND_MAGIC: f64 = 6755399441055744.0; // 1.5·2^52: v = y + MAGIC holds round(y) in its low bits

/**
 * tanh of two lanes, a = |x| (non-negative; lanes > 20 or NaN give values the caller replaces
 * or that stay NaN). t = expm1(2a) = 2^k·(1 + expm1(r + c)) − 1 with 2a = k·ln2 + r + c
 * (Cody–Waite, |r| ≤ ln2/2, c the rounding error of r), expm1(r) = r + r²·P(r) (Taylor to r^14,
 * truncation < 2^-61 relative on |r| ≤ 0.35), and the sum (1 − 2^-k) + r taken exactly
 * (Fast2Sum, |1 − 2^-k| ≥ |r| for k ≥ 1; trivially exact for k = 0) so that t/2^k is rounded once.
 * Then tanh a = t/(t + 2) while t < 2 (tanh < 1/2) and 1 − 2/(t + 2) above (no cancellation in
 * either branch), one division for both; the rounding error of t + 2 is recovered (Fast2Sum) and
 * corrected for, leaving the error of t and one rounding of the quotient.
 */
@inline function tanhAbsV(a: v128): v128 {
  const y = f64x2.add(a, a);
  const v = madd(y, f64x2.splat(INV_LN2), f64x2.splat(ROUND_MAGIC));
  const kf = f64x2.sub(v, f64x2.splat(ROUND_MAGIC)); // round(y/ln2), exact integer
  const hi = f64x2.sub(y, f64x2.mul(kf, f64x2.splat(LN2_HI))); // exact
  const lo = f64x2.mul(kf, f64x2.splat(LN2_LO));
  const r = f64x2.sub(hi, lo);
  const c = f64x2.sub(f64x2.sub(hi, r), lo); // hi − lo = r + c exactly (up to c's own rounding)
  // P(r) = Σ_{i=0…12} r^i/(i + 2)! by Estrin's scheme (a dependency chain of 4 multiply-adds
  // instead of Horner's 12: the kernel is latency-bound otherwise)
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const e0 = madd(r, f64x2.splat(1.6666666666666666667e-1), f64x2.splat(0.5));
  const e1 = madd(r, f64x2.splat(8.3333333333333333333e-3), f64x2.splat(4.1666666666666666667e-2));
  const e2 = madd(r, f64x2.splat(1.9841269841269841270e-4), f64x2.splat(1.3888888888888888889e-3));
  const e3 = madd(r, f64x2.splat(2.7557319223985890653e-6), f64x2.splat(2.4801587301587301587e-5));
  const e4 = madd(r, f64x2.splat(2.5052108385441718775e-8), f64x2.splat(2.7557319223985890653e-7));
  const e5 = madd(r, f64x2.splat(1.6059043836821614599e-10), f64x2.splat(2.0876756987868098979e-9));
  const f0 = madd(e1, r2, e0);
  const f1 = madd(e3, r2, e2);
  const f2 = madd(e5, r2, e4);
  const g0 = madd(f1, r4, f0); // r^0…r^7
  const g1 = madd(r4, f64x2.splat(1.1470745597729724714e-11), f2); // r^8…r^12 over r^8
  const p = madd(g1, r8, g0);
  const s = f64x2.mul(r2, p); // expm1(r) − r
  const ONE = f64x2.splat(1.0);
  const ek = i64x2.sub(v, i64x2.splat(0x4338000000000000 - 1023)); // bits(v) = bits(MAGIC) + k → k + 1023
  const twoK = i64x2.shl(ek, 52); // 2^k
  const twoMinusK = i64x2.shl(i64x2.sub(i64x2.splat(2046), ek), 52); // 2^-k: biased exponent 1023 − k
  const u = f64x2.sub(ONE, twoMinusK); // 1 − 2^-k (exact for k ≤ 53; k ≤ 58 here)
  const S = f64x2.add(u, r);
  const err = f64x2.sub(r, f64x2.sub(S, u)); // Fast2Sum: u + r = S + err exactly
  const tail = f64x2.add(f64x2.add(err, s), madd(c, r, c)); // + c·e^r ≈ c·(1 + r)
  const t = f64x2.mul(f64x2.add(S, tail), twoK); // expm1(2a), scaling exact
  const TWO = f64x2.splat(2.0);
  const upper = f64x2.ge(t, TWO); // tanh a ≥ 1/2
  const num = v128.bitselect(TWO, t, upper); // the smaller of t and 2
  const d = f64x2.add(t, TWO);
  const de = f64x2.add(f64x2.sub(v128.bitselect(t, TWO, upper), d), num); // Fast2Sum: t + 2 = d + de
  const q = f64x2.div(num, d);
  const q1 = f64x2.sub(ONE, q);
  // num/(d + de) = q·(1 − de/d); 1/d = (1 − q)/2 below, q/2 above (to the few bits needed)
  const invd = f64x2.mul(f64x2.splat(0.5), v128.bitselect(q, q1, upper));
  const qc = f64x2.sub(q, f64x2.mul(f64x2.mul(q, de), invd));
  return v128.bitselect(f64x2.sub(ONE, qc), qc, upper);
}

/**
 * y[i, j] = tanh(x[i, j] + bias[j]) for an m×n block (bias may be 0 = no bias). f64x2 lanes via
 * `tanhAbsV`; ±1 for |x| > 20, sign copied from the argument by bit operations (tanh(−0) = −0),
 * NaN propagates. Odd tails use `tanhScalar`.
 */
export function dtanhBias(m: i32, n: i32, x: usize, ldx: i32, bias: usize, y: usize, ldy: i32): void {
  if (ASC_FEATURE_THREADS) {
    if (<i64>m * <i64>n >= TANH_PAR_MIN && actPar(K_TANH, m, n, 0.0, x, ldx, bias, y, ldy)) return;
  }
  tanhBiasSerial(m, n, x, ldx, bias, y, ldy);
}

/** The serial {@link dtanhBias} (also the body of one tile). */
function tanhBiasSerial(m: i32, n: i32, x: usize, ldx: i32, bias: usize, y: usize, ldy: i32): void {
  for (let j = 0; j < n; j++) {
    const b = bias ? load<f64>(bias + (<usize>j << 3)) : -0.0; // x + (-0) = x, also for x = -0
    const SIGN = i64x2.splat(0x8000000000000000), ONE = f64x2.splat(1.0), LIMIT = f64x2.splat(20.0);
    const vb = f64x2.splat(b);
    const cx = x + ((<usize>j * <usize>ldx) << 3);
    const cy = y + ((<usize>j * <usize>ldy) << 3);
    let i = 0;
    for (; i + 3 < m; i += 4) { // two independent vectors per pass: their chains overlap
      const z0 = f64x2.add(v128.load(cx + (<usize>i << 3)), vb);
      const z1 = f64x2.add(v128.load(cx + (<usize>i << 3), 16), vb);
      const a0 = f64x2.abs(z0);
      const a1 = f64x2.abs(z1);
      const h0 = v128.bitselect(ONE, tanhAbsV(a0), f64x2.gt(a0, LIMIT));
      const h1 = v128.bitselect(ONE, tanhAbsV(a1), f64x2.gt(a1, LIMIT));
      v128.store(cy + (<usize>i << 3), v128.or(h0, v128.and(z0, SIGN)));
      v128.store(cy + (<usize>i << 3), v128.or(h1, v128.and(z1, SIGN)), 16);
    }
    for (; i + 1 < m; i += 2) {
      const z = f64x2.add(v128.load(cx + (<usize>i << 3)), vb);
      const a = f64x2.abs(z);
      const th = v128.bitselect(ONE, tanhAbsV(a), f64x2.gt(a, LIMIT));
      v128.store(cy + (<usize>i << 3), v128.or(th, v128.and(z, SIGN)));
    }
    for (; i < m; i++) {
      store<f64>(cy + (<usize>i << 3), tanhScalar(load<f64>(cx + (<usize>i << 3)) + b));
    }
  }
}

/**
 * y[i, j] = σ_α(x[i, j] + bias[j]) with σ_α(t) = max(t, α t) for 0 ≤ α < 1 (α = 0: ReLU,
 * α = 0.1: leaky ReLU). bias may be 0 (no bias).
 */
export function dleakyReluBias(m: i32, n: i32, alpha: f64, x: usize, ldx: i32, bias: usize, y: usize, ldy: i32): void {
  if (ASC_FEATURE_THREADS) {
    if (<i64>m * <i64>n >= LINEAR_PAR_MIN && actPar(K_LEAKY, m, n, alpha, x, ldx, bias, y, ldy)) return;
  }
  leakyReluBiasSerial(m, n, alpha, x, ldx, bias, y, ldy);
}

/** The serial {@link dleakyReluBias} (also the body of one tile). */
function leakyReluBiasSerial(m: i32, n: i32, alpha: f64, x: usize, ldx: i32, bias: usize, y: usize, ldy: i32): void {
  const va = f64x2.splat(alpha);
  for (let j = 0; j < n; j++) {
    const b = bias ? load<f64>(bias + (<usize>j << 3)) : 0.0;
    const vb = f64x2.splat(b);
    const cx = x + ((<usize>j * <usize>ldx) << 3);
    const cy = y + ((<usize>j * <usize>ldy) << 3);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const t = f64x2.add(v128.load(cx + (<usize>i << 3)), vb);
      v128.store(cy + (<usize>i << 3), f64x2.max(t, f64x2.mul(t, va)));
    }
    for (; i < m; i++) {
      const t = load<f64>(cx + (<usize>i << 3)) + b;
      store<f64>(cy + (<usize>i << 3), max(t, alpha * t));
    }
  }
}

/** a[i, j] += bias[j] for an m×n block. */
export function dbiasAdd(m: i32, n: i32, a: usize, lda: i32, bias: usize): void {
  if (ASC_FEATURE_THREADS) {
    if (<i64>m * <i64>n >= LINEAR_PAR_MIN && actPar(K_BIAS, m, n, 0.0, a, lda, bias, a, lda)) return;
  }
  biasAddSerial(m, n, a, lda, bias);
}

/** The serial {@link dbiasAdd} (also the body of one tile). */
function biasAddSerial(m: i32, n: i32, a: usize, lda: i32, bias: usize): void {
  for (let j = 0; j < n; j++) {
    const b = load<f64>(bias + (<usize>j << 3));
    const vb = f64x2.splat(b);
    const c = a + ((<usize>j * <usize>lda) << 3);
    let i = 0;
    for (; i + 1 < m; i += 2) v128.store(c + (<usize>i << 3), f64x2.add(v128.load(c + (<usize>i << 3)), vb));
    for (; i < m; i++) store<f64>(c + (<usize>i << 3), load<f64>(c + (<usize>i << 3)) + b);
  }
}
