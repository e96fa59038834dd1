// The direct small-matrix path of dgemm: no packing, A and B read in place.
import { madd } from '../core/simd';
import { at } from '../core/addr';
// For op(A) = A (columns contiguous) and products too small for packing to pay off (or with
// n ≤ 4 where packing A would cost as much as the product), 4×4 register tiles read A and B in
// place: A column p at a + p·lda, B element (p, j) at b + p·sp + j·sj (any transB).

/** True when `dgemm` takes the unpacked path. */
@inline export function useDirect(ta: i32, m: i32, n: i32, k: i32): bool {
  return ta == 0 && (n <= 4 || <i64>m * <i64>n * <i64>k <= 32768);
}

export function gemmDirect(tb: i32, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f64, c: usize, ldc: i32): void {
  const sp: usize = tb ? <usize>ldb << 3 : 8; // step of B along p
  const sj: usize = tb ? 8 : <usize>ldb << 3; // step of B along j
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const bj = b + <usize>j * sj;
    let i = 0;
    for (; i + 3 < m; i += 4) directTile4x4(k, a + (<usize>i << 3), lda, bj, sp, sj, at(c, i, j, ldc), ldc, alpha, beta);
    if (i < m) directEdge(m - i, 4, k, a + (<usize>i << 3), lda, bj, sp, sj, at(c, i, j, ldc), ldc, alpha, beta);
  }
  if (j < n) directEdge(m, n - j, k, a, lda, b + <usize>j * sj, sp, sj, at(c, 0, j, ldc), ldc, alpha, beta);
}

/** C[0:4, 0:4] ← α·A[0:4, :]·B[:, 0:4] + β·C with A, B read in place. */
function directTile4x4(k: i32, pa: usize, lda: i32, pb: usize, sp: usize, sj: usize, c: usize, ldc: i32, alpha: f64, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z, c13 = z;
  const la = <usize>lda << 3;
  const sj2 = sj << 1, sj3 = sj * 3;
  for (let p = 0; p < k; p++) {
    const a0 = v128.load(pa), a1 = v128.load(pa, 16);
    const b0 = v128.load64_splat(pb);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10);
    const b1 = v128.load64_splat(pb + sj);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11);
    const b2 = v128.load64_splat(pb + sj2);
    c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12);
    const b3 = v128.load64_splat(pb + sj3);
    c03 = madd(a0, b3, c03); c13 = madd(a1, b3, c13);
    pa += la; pb += sp;
  }
  const ld = <usize>ldc << 3;
  const va = f64x2.splat(alpha);
  if (beta == 0.0) {
    v128.store(c, f64x2.mul(va, c00)); v128.store(c, f64x2.mul(va, c10), 16);
    v128.store(c + ld, f64x2.mul(va, c01)); v128.store(c + ld, f64x2.mul(va, c11), 16);
    v128.store(c + 2 * ld, f64x2.mul(va, c02)); v128.store(c + 2 * ld, f64x2.mul(va, c12), 16);
    v128.store(c + 3 * ld, f64x2.mul(va, c03)); v128.store(c + 3 * ld, f64x2.mul(va, c13), 16);
  } else {
    const vb = f64x2.splat(beta);
    v128.store(c, madd(vb, v128.load(c), f64x2.mul(va, c00)));
    v128.store(c, madd(vb, v128.load(c, 16), f64x2.mul(va, c10)), 16);
    v128.store(c + ld, madd(vb, v128.load(c + ld), f64x2.mul(va, c01)));
    v128.store(c + ld, madd(vb, v128.load(c + ld, 16), f64x2.mul(va, c11)), 16);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld), f64x2.mul(va, c02)));
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 16), f64x2.mul(va, c12)), 16);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld), f64x2.mul(va, c03)));
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 16), f64x2.mul(va, c13)), 16);
  }
}

/** Edge block (mr × nr, either small): dot products, two rows at a time where possible. */
function directEdge(mr: i32, nr: i32, k: i32, a: usize, lda: i32, b: usize, sp: usize, sj: usize, c: usize, ldc: i32, alpha: f64, beta: f64): void {
  const la = <usize>lda << 3;
  for (let j = 0; j < nr; j++) {
    const bj = b + <usize>j * sj;
    let i = 0;
    for (; i + 1 < mr; i += 2) {
      let s = f64x2.splat(0.0);
      let pa = a + (<usize>i << 3), pb = bj;
      for (let p = 0; p < k; p++) { s = madd(v128.load(pa), v128.load64_splat(pb), s); pa += la; pb += sp; }
      const cp = at(c, i, j, ldc);
      const r = f64x2.mul(f64x2.splat(alpha), s);
      v128.store(cp, beta == 0.0 ? r : madd(f64x2.splat(beta), v128.load(cp), r));
    }
    for (; i < mr; i++) {
      let s = 0.0;
      let pa = a + (<usize>i << 3), pb = bj;
      for (let p = 0; p < k; p++) { s += load<f64>(pa) * load<f64>(pb); pa += la; pb += sp; }
      const cp = at(c, i, j, ldc);
      store<f64>(cp, beta == 0.0 ? alpha * s : alpha * s + beta * load<f64>(cp));
    }
  }
}
