// Fused matrix–vector pair for the LSQR / Chebyshev inner solves of LSRN (ALGORITHMS.md §3,
// docs/solvers.md "LSRN"): both products of one iteration in ONE pass over a tall column-major
// A, plus STREAM-like bandwidth kernels used by the bench to put the pass in GB/s.
//
// Why: for a tall A (m ≫ n) an iteration of LSQR/Chebyshev is memory bound: A·x and Aᵀ·y each
// stream all m·n·8 bytes of A. In the bidiagonalisation u ← αAz + βu is followed by Aᵀu; both
// touch the same rows, so A is processed in row blocks that fit in L2: the block's u rows are
// finished (A_b z), then the block's contribution A_bᵀ u_b to Aᵀu is added while A_b is still
// in cache. A is read from memory once per iteration instead of twice.
import { madd } from '../core/simd';
import { ad, at } from '../core/addr';

/** Bytes of A per row block kept in cache between the two products (≤ half of a 2 MiB L2). */
const BLOCK_BYTES: i32 = 768 * 1024;

/** Rows per block for n columns: a multiple of 8 in [8, 4096], ≈ BLOCK_BYTES / (8n). */
export function dgemvPairBlockRows(n: i32): i32 {
  let rb = BLOCK_BYTES / (8 * max(n, 1));
  rb = rb & ~7;
  return min(4096, max(8, rb));
}

/** y[0:mb] ← α·A_b·z + β·y[0:mb] for the mb×n block at a (lda), 4 columns per sweep of y. */
@inline function blockAxpy(mb: i32, n: i32, a: usize, lda: i32, alpha: f64, z: usize, beta: f64, y: usize): void {
  // β·y first (β = 0 writes zeros without reading y)
  if (beta == 0.0) {
    for (let i = 0; i < mb; i++) store<f64>(ad(y, i), 0.0);
  } else if (beta != 1.0) {
    for (let i = 0; i < mb; i++) store<f64>(ad(y, i), beta * load<f64>(ad(y, i)));
  }
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const t0 = alpha * load<f64>(ad(z, j)), t1 = alpha * load<f64>(ad(z, j + 1));
    const t2 = alpha * load<f64>(ad(z, j + 2)), t3 = alpha * load<f64>(ad(z, j + 3));
    const c0 = at(a, 0, j, lda), c1 = at(a, 0, j + 1, lda), c2 = at(a, 0, j + 2, lda), c3 = at(a, 0, j + 3, lda);
    const v0 = f64x2.splat(t0), v1 = f64x2.splat(t1), v2 = f64x2.splat(t2), v3 = f64x2.splat(t3);
    let i = 0;
    for (; i + 3 < mb; i += 4) {
      let ya = v128.load(ad(y, i)), yb = v128.load(ad(y, i + 2));
      ya = madd(v128.load(ad(c0, i)), v0, ya); yb = madd(v128.load(ad(c0, i + 2)), v0, yb);
      ya = madd(v128.load(ad(c1, i)), v1, ya); yb = madd(v128.load(ad(c1, i + 2)), v1, yb);
      ya = madd(v128.load(ad(c2, i)), v2, ya); yb = madd(v128.load(ad(c2, i + 2)), v2, yb);
      ya = madd(v128.load(ad(c3, i)), v3, ya); yb = madd(v128.load(ad(c3, i + 2)), v3, yb);
      v128.store(ad(y, i), ya); v128.store(ad(y, i + 2), yb);
    }
    for (; i < mb; i++) {
      let s = load<f64>(ad(y, i));
      s += load<f64>(ad(c0, i)) * t0;
      s += load<f64>(ad(c1, i)) * t1;
      s += load<f64>(ad(c2, i)) * t2;
      s += load<f64>(ad(c3, i)) * t3;
      store<f64>(ad(y, i), s);
    }
  }
  for (; j < n; j++) {
    const t = alpha * load<f64>(ad(z, j));
    const c = at(a, 0, j, lda);
    for (let i = 0; i < mb; i++) store<f64>(ad(y, i), load<f64>(ad(y, i)) + load<f64>(ad(c, i)) * t);
  }
}

/** g[j] += A_b[:, j]ᵀ·y[0:mb] for the mb×n block at a (lda), 4 column dot products at once. */
@inline function blockDots(mb: i32, n: i32, a: usize, lda: i32, y: usize, g: usize): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const c0 = at(a, 0, j, lda), c1 = at(a, 0, j + 1, lda), c2 = at(a, 0, j + 2, lda), c3 = at(a, 0, j + 3, lda);
    let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0;
    let t0 = s0, t1 = s0, t2 = s0, t3 = s0;
    let i = 0;
    for (; i + 3 < mb; i += 4) {
      const xv = v128.load(ad(y, i)), xw = v128.load(ad(y, i + 2));
      s0 = madd(v128.load(ad(c0, i)), xv, s0); t0 = madd(v128.load(ad(c0, i + 2)), xw, t0);
      s1 = madd(v128.load(ad(c1, i)), xv, s1); t1 = madd(v128.load(ad(c1, i + 2)), xw, t1);
      s2 = madd(v128.load(ad(c2, i)), xv, s2); t2 = madd(v128.load(ad(c2, i + 2)), xw, t2);
      s3 = madd(v128.load(ad(c3, i)), xv, s3); t3 = madd(v128.load(ad(c3, i + 2)), xw, t3);
    }
    s0 = f64x2.add(s0, t0); s1 = f64x2.add(s1, t1); s2 = f64x2.add(s2, t2); s3 = f64x2.add(s3, t3);
    let r0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    let r1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
    let r2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
    let r3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
    for (; i < mb; i++) {
      const xv = load<f64>(ad(y, i));
      r0 += load<f64>(ad(c0, i)) * xv; r1 += load<f64>(ad(c1, i)) * xv;
      r2 += load<f64>(ad(c2, i)) * xv; r3 += load<f64>(ad(c3, i)) * xv;
    }
    store<f64>(ad(g, j), load<f64>(ad(g, j)) + r0);
    store<f64>(ad(g, j + 1), load<f64>(ad(g, j + 1)) + r1);
    store<f64>(ad(g, j + 2), load<f64>(ad(g, j + 2)) + r2);
    store<f64>(ad(g, j + 3), load<f64>(ad(g, j + 3)) + r3);
  }
  for (; j < n; j++) {
    const c = at(a, 0, j, lda);
    let r = 0.0;
    for (let i = 0; i < mb; i++) r += load<f64>(ad(c, i)) * load<f64>(ad(y, i));
    store<f64>(ad(g, j), load<f64>(ad(g, j)) + r);
  }
}

/**
 * The fused product pair of one LSQR / Chebyshev iteration over the m×n column-major A (lda):
 *   y ← α·A·z + β·y   (y: m, z: n; β = 0 does not read y),
 *   g ← Aᵀ·y          (g: n, overwritten; uses the NEW y),
 * in one pass over A by row blocks of `blockRows` rows (≤ 0: {@link dgemvPairBlockRows}(n)) (each block's y rows
 * are completed, then its Aᵀ contribution added while the block is in cache). Returns Σ yᵢ²
 * of the new y (plain sum of squares: the caller checks it is in range). Vectors unit stride.
 */
export function dgemvPair(m: i32, n: i32, a: usize, lda: i32, alpha: f64, z: usize, beta: f64, y: usize, g: usize, blockRows: i32): f64 {
  for (let j = 0; j < n; j++) store<f64>(ad(g, j), 0.0);
  if (m <= 0) return 0.0;
  const rb = blockRows > 0 ? blockRows : dgemvPairBlockRows(n);
  let ss = 0.0;
  for (let i0 = 0; i0 < m; i0 += rb) {
    const mb = min(rb, m - i0);
    const ab = at(a, i0, 0, lda), yb = ad(y, i0);
    blockAxpy(mb, n, ab, lda, alpha, z, beta, yb);
    let q0 = f64x2.splat(0.0), q1 = q0;
    let i = 0;
    for (; i + 3 < mb; i += 4) {
      const y0 = v128.load(ad(yb, i)), y1 = v128.load(ad(yb, i + 2));
      q0 = madd(y0, y0, q0); q1 = madd(y1, y1, q1);
    }
    const q = f64x2.add(q0, q1);
    ss += f64x2.extract_lane(q, 0) + f64x2.extract_lane(q, 1);
    for (; i < mb; i++) { const t = load<f64>(ad(yb, i)); ss += t * t; }
    blockDots(mb, n, ab, lda, yb, g);
  }
  return ss;
}

/** STREAM copy: dst ← src (n doubles), `reps` times. Bench-only measure of memory bandwidth. */
export function dstreamCopy(n: i32, src: usize, dst: usize, reps: i32): void {
  for (let r = 0; r < reps; r++) {
    let i = 0;
    for (; i + 3 < n; i += 4) {
      v128.store(ad(dst, i), v128.load(ad(src, i)));
      v128.store(ad(dst, i + 2), v128.load(ad(src, i + 2)));
    }
    for (; i < n; i++) store<f64>(ad(dst, i), load<f64>(ad(src, i)));
  }
}

/** STREAM triad: a ← b + s·c (n doubles), `reps` times. Bench-only measure of memory bandwidth. */
export function dstreamTriad(n: i32, a: usize, b: usize, c: usize, s: f64, reps: i32): void {
  const sv = f64x2.splat(s);
  for (let r = 0; r < reps; r++) {
    let i = 0;
    for (; i + 3 < n; i += 4) {
      v128.store(ad(a, i), madd(sv, v128.load(ad(c, i)), v128.load(ad(b, i))));
      v128.store(ad(a, i + 2), madd(sv, v128.load(ad(c, i + 2)), v128.load(ad(b, i + 2))));
    }
    for (; i < n; i++) store<f64>(ad(a, i), load<f64>(ad(b, i)) + s * load<f64>(ad(c, i)));
  }
}

/** STREAM-like read: Σ x_i over n doubles, `reps` times (returns the last sum). Read bandwidth. */
export function dstreamSum(n: i32, x: usize, reps: i32): f64 {
  let out = 0.0;
  for (let r = 0; r < reps; r++) {
    let s0 = f64x2.splat(0.0), s1 = s0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      s0 = f64x2.add(s0, v128.load(ad(x, i)));
      s1 = f64x2.add(s1, v128.load(ad(x, i + 2)));
    }
    const s = f64x2.add(s0, s1);
    out = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; i < n; i++) out += load<f64>(ad(x, i));
  }
  return out;
}
