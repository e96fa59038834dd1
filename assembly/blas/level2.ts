// BLAS level 2 (column-major, leading dimensions in elements, flags 0/1). Depends on level 1 only.
import { madd } from '../core/simd';
import { ad, at } from '../core/addr';
import { start, dscal, daxpy, ddot } from './level1';
import { parWide, parArgs, parFor } from '../core/par';
// ───────────────────────────────────── level 2 ─────────────────────────────────────

/** y ← βy (β = 0 writes zeros without reading y). */
function scaleY(n: i32, beta: f64, y: usize, incy: i32): void {
  if (beta == 1.0) return;
  dscal(n, beta, y, incy);
}

/**
 * y ← α·op(A)·x + β·y with A m×n (lda), op(A) = A (trans = 0, x has n and y m entries) or Aᵀ
 * (trans = 1, x has m and y n entries). β = 0 does not read y.
 * trans = 0: y is updated with 4 columns of A per pass (one read of y per 4 columns);
 * trans = 1: 4 column dot products at once sharing the loads of x.
 */
export function dgemv(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32,
  x: usize, incx: i32, beta: f64, y: usize, incy: i32): void {
  const leny = trans ? n : m, lenx = trans ? m : n;
  if (leny <= 0) return;
  if (ASC_FEATURE_THREADS) {
    if (lenx > 0 && alpha != 0.0 && <i64>m * <i64>n >= (trans ? GEMV_T_PAR_MIN : GEMV_N_PAR_MIN) && (trans ? incx == 1 && incy >= 1 : incy == 1)
      && leny > (trans ? gemvColBlock(n) : gemvRowBlock(m)) && parWide()) {
      gemvPar(trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
      return;
    }
  }
  scaleY(leny, beta, y, incy);
  if (lenx <= 0 || alpha == 0.0) return;
  if (!trans) {
    if (incy == 1) gemvN(m, n, alpha, a, lda, x, incx, y);
    else {
      let jx = start(n, incx);
      for (let j = 0; j < n; j++, jx += incx) {
        const t = alpha * load<f64>(ad(x, jx));
        daxpy(m, t, at(a, 0, j, lda), 1, y, incy);
      }
    }
  } else {
    if (incx == 1) gemvT(m, n, alpha, a, lda, x, y, incy);
    else {
      let jy = start(n, incy);
      for (let j = 0; j < n; j++, jy += incy) {
        const t = ddot(m, at(a, 0, j, lda), 1, x, incx);
        store<f64>(ad(y, jy), load<f64>(ad(y, jy)) + alpha * t);
      }
    }
  }
}

// ───────────── threaded path (ASC_FEATURE_THREADS only; absent from the shipped builds) ─────────────
// Partition (fixed by m and n, never by the thread count):
// - trans = 0 (y unit stride): row blocks of gemvRowBlock(m) rows, a multiple of 4. Tile t does
//   y[i0:i1] ← β·y[i0:i1] (dscal) then gemvN on rows i0:i1. gemvN and daxpy step through rows in
//   fours from the block start and finish with a scalar tail; with i0 a multiple of 4 a row is in
//   the vector part exactly when it is in the serial call's vector part (i < m & ~3), and the
//   column loop (groups of four, then single daxpy columns) is the same for every block, so each
//   y_i gets the same operations in the same order as the serial dgemv.
// - trans = 1 (x unit stride, incy ≥ 1): column blocks of gemvColBlock(n) columns, a multiple of
//   4. Each y_j is one dot product over all m rows; gemvT groups columns in fours from the block
//   start (j0 a multiple of 4, so the same groups as serially, and the same trailing ddot columns).
// β-scaling is elementwise (dscal: one multiply per element, or zero for β = 0), done per block.

/**
 * Below these many matrix elements (m·n) dgemv stays serial (measured on 2 cores: αAᵀx gains from
 * 512×128 on, αAx from 2000×128; αAx's row tiles stay ≥ 1024 rows: 256-row tiles lost 10 % at
 * every size — short column chunks defeat the prefetcher, see ../iter/matvec.ts).
 */
const GEMV_N_PAR_MIN: i64 = 1 << 17;
const GEMV_T_PAR_MIN: i64 = 1 << 16;

/** Rows per tile of y = αAx + βy: about 16 tiles, at least 1024 rows, a multiple of 4. */
@inline function gemvRowBlock(m: i32): i32 {
  return max(1024, ((m + 15) / 16 + 3) & ~3);
}
/** Columns per tile of y = αAᵀx + βy: about 16 tiles, at least 8 columns, a multiple of 4. */
@inline function gemvColBlock(n: i32): i32 {
  return max(8, ((n + 15) / 16 + 3) & ~3);
}

function gemvPar(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32,
  x: usize, incx: i32, beta: f64, y: usize, incy: i32): void {
  const p = parArgs();
  store<i32>(p, trans); store<i32>(p, m, 4); store<i32>(p, n, 8); store<i32>(p, lda, 12);
  store<i32>(p, incx, 16); store<i32>(p, incy, 20);
  store<usize>(p, a, 24); store<usize>(p, x, 28); store<usize>(p, y, 32);
  store<f64>(p, alpha, 40); store<f64>(p, beta, 48);
  const len = trans ? n : m;
  const bs = trans ? gemvColBlock(n) : gemvRowBlock(m);
  parFor(gemvTile, (len + bs - 1) / bs);
}

/** Tile body of {@link gemvPar}: rows (trans = 0) or columns (trans = 1) [t·bs, min(len, (t+1)·bs)). */
function gemvTile(p: usize, t: i32, scratch: usize): void {
  const trans = load<i32>(p), m = load<i32>(p, 4), n = load<i32>(p, 8), lda = load<i32>(p, 12);
  const incx = load<i32>(p, 16), incy = load<i32>(p, 20);
  const a = load<usize>(p, 24), x = load<usize>(p, 28), y = load<usize>(p, 32);
  const alpha = load<f64>(p, 40), beta = load<f64>(p, 48);
  if (!trans) {
    const bs = gemvRowBlock(m);
    const i0 = t * bs, mb = min(bs, m - i0);
    const yb = ad(y, i0);
    scaleY(mb, beta, yb, 1);
    gemvN(mb, n, alpha, ad(a, i0), lda, x, incx, yb);
  } else {
    const bs = gemvColBlock(n);
    const j0 = t * bs, nb = min(bs, n - j0);
    const yb = ad(y, j0 * incy);
    scaleY(nb, beta, yb, incy);
    gemvT(m, nb, alpha, at(a, 0, j0, lda), lda, x, yb, incy);
  }
}

/** y (unit stride, m) += α A x, four columns per pass. */
function gemvN(m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, incx: i32, y: usize): void {
  let jx = start(n, incx);
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const t0 = alpha * load<f64>(ad(x, jx)); jx += incx;
    const t1 = alpha * load<f64>(ad(x, jx)); jx += incx;
    const t2 = alpha * load<f64>(ad(x, jx)); jx += incx;
    const t3 = alpha * load<f64>(ad(x, jx)); jx += incx;
    const c0 = at(a, 0, j, lda), c1 = at(a, 0, j + 1, lda), c2 = at(a, 0, j + 2, lda), c3 = at(a, 0, j + 3, lda);
    const v0 = f64x2.splat(t0), v1 = f64x2.splat(t1), v2 = f64x2.splat(t2), v3 = f64x2.splat(t3);
    let i = 0;
    for (; i + 3 < m; i += 4) {
      let ya = v128.load(ad(y, i)), yb = v128.load(ad(y, i + 2));
      ya = madd(v128.load(ad(c0, i)), v0, ya); yb = madd(v128.load(ad(c0, i + 2)), v0, yb);
      ya = madd(v128.load(ad(c1, i)), v1, ya); yb = madd(v128.load(ad(c1, i + 2)), v1, yb);
      ya = madd(v128.load(ad(c2, i)), v2, ya); yb = madd(v128.load(ad(c2, i + 2)), v2, yb);
      ya = madd(v128.load(ad(c3, i)), v3, ya); yb = madd(v128.load(ad(c3, i + 2)), v3, yb);
      v128.store(ad(y, i), ya); v128.store(ad(y, i + 2), yb);
    }
    for (; i < m; i++) {
      let s = load<f64>(ad(y, i));
      s += load<f64>(ad(c0, i)) * t0;
      s += load<f64>(ad(c1, i)) * t1;
      s += load<f64>(ad(c2, i)) * t2;
      s += load<f64>(ad(c3, i)) * t3;
      store<f64>(ad(y, i), s);
    }
  }
  for (; j < n; j++, jx += incx) daxpy(m, alpha * load<f64>(ad(x, jx)), at(a, 0, j, lda), 1, y, 1);
}

/** y[j] += α A[:, j]ᵀ x (x unit stride), four columns per pass. */
function gemvT(m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, y: usize, incy: i32): void {
  let jy = start(n, incy);
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const c0 = at(a, 0, j, lda), c1 = at(a, 0, j + 1, lda), c2 = at(a, 0, j + 2, lda), c3 = at(a, 0, j + 3, lda);
    let s0 = f64x2.splat(0.0), s1 = s0, s2 = s0, s3 = s0;
    let t0 = s0, t1 = s0, t2 = s0, t3 = s0;
    let i = 0;
    for (; i + 3 < m; i += 4) {
      const xv = v128.load(ad(x, i)), xw = v128.load(ad(x, i + 2));
      s0 = madd(v128.load(ad(c0, i)), xv, s0); t0 = madd(v128.load(ad(c0, i + 2)), xw, t0);
      s1 = madd(v128.load(ad(c1, i)), xv, s1); t1 = madd(v128.load(ad(c1, i + 2)), xw, t1);
      s2 = madd(v128.load(ad(c2, i)), xv, s2); t2 = madd(v128.load(ad(c2, i + 2)), xw, t2);
      s3 = madd(v128.load(ad(c3, i)), xv, s3); t3 = madd(v128.load(ad(c3, i + 2)), xw, t3);
    }
    s0 = f64x2.add(s0, t0); s1 = f64x2.add(s1, t1); s2 = f64x2.add(s2, t2); s3 = f64x2.add(s3, t3);
    for (; i + 1 < m; i += 2) {
      const xv = v128.load(ad(x, i));
      s0 = madd(v128.load(ad(c0, i)), xv, s0);
      s1 = madd(v128.load(ad(c1, i)), xv, s1);
      s2 = madd(v128.load(ad(c2, i)), xv, s2);
      s3 = madd(v128.load(ad(c3, i)), xv, s3);
    }
    let r0 = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    let r1 = f64x2.extract_lane(s1, 0) + f64x2.extract_lane(s1, 1);
    let r2 = f64x2.extract_lane(s2, 0) + f64x2.extract_lane(s2, 1);
    let r3 = f64x2.extract_lane(s3, 0) + f64x2.extract_lane(s3, 1);
    if (i < m) {
      const xv = load<f64>(ad(x, i));
      r0 += load<f64>(ad(c0, i)) * xv; r1 += load<f64>(ad(c1, i)) * xv;
      r2 += load<f64>(ad(c2, i)) * xv; r3 += load<f64>(ad(c3, i)) * xv;
    }
    store<f64>(ad(y, jy), load<f64>(ad(y, jy)) + alpha * r0); jy += incy;
    store<f64>(ad(y, jy), load<f64>(ad(y, jy)) + alpha * r1); jy += incy;
    store<f64>(ad(y, jy), load<f64>(ad(y, jy)) + alpha * r2); jy += incy;
    store<f64>(ad(y, jy), load<f64>(ad(y, jy)) + alpha * r3); jy += incy;
  }
  for (; j < n; j++, jy += incy) {
    store<f64>(ad(y, jy), load<f64>(ad(y, jy)) + alpha * ddot(m, at(a, 0, j, lda), 1, x, 1));
  }
}

/** A ← α·x·yᵀ + A (A m×n, lda). */
export function dger(m: i32, n: i32, alpha: f64, x: usize, incx: i32, y: usize, incy: i32, a: usize, lda: i32): void {
  if (m <= 0 || n <= 0 || alpha == 0.0) return;
  let jy = start(n, incy);
  for (let j = 0; j < n; j++, jy += incy) {
    const t = load<f64>(ad(y, jy));
    if (t != 0.0) daxpy(m, alpha * t, x, incx, at(a, 0, j, lda), 1);
  }
}
