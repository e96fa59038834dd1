// STREAM-like bandwidth kernels (bench/lsrn.bench.ts puts LSRN's products in GB/s with them).
// Exported by the ref build only (assembly/ref/iter.ts): the shipped binary does not carry them.
//
// Measured and rejected here (issue 17, see docs/solvers.md "LSRN"): a fused kernel doing
// y ← αAz + βy and g ← Aᵀy in one pass over A by L2-sized row blocks. On this machine a plain
// dgemv already streams A at ≈ 12 GB/s (above the STREAM read figure), while the row-blocked
// pair reached 4.5 GB/s at its L2-sized default blocks (short column chunks defeat the hardware
// prefetcher) and at best 6.2 GB/s per pair with 1024–2048-row blocks: one pair took 0.97–1.3×
// the time of the two dgemv calls at 20,000 and 100,000 rows × 1,001 — no gain. LSRN keeps the
// two dgemv calls (commit 4b5f40e has the fused kernel).
import { madd } from '../core/simd';
import { ad } from '../core/addr';

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
