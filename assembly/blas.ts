// BLAS levels 1–3 besides GEMM (column-major, leading dimensions in elements, flags 0/1).
//
// Level 1/2 kernels have an f64x2 fast path for unit increments and follow reference-BLAS
// semantics for other increments (a negative increment walks the vector backwards: element i
// of x is x[(1 − n)·incx + i·incx] for incx < 0). Level 3 kernels (SYRK, TRSM, TRMM) are
// blocked: small diagonal blocks by plain loops, everything else by the packed GEMM of
// ./gemm, whose packing workspace they take as `work` (see the `…WorkspaceSize` twins).
// No kernel allocates or keeps state.
import { madd } from './simd';
import { dgemm, dgemmt, dgemmWorkspaceSize } from './gemm';

@inline function ad(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}
@inline function at(p: usize, i: i32, j: i32, ld: i32): usize {
  return p + ((<usize>i + <usize>j * <usize>ld) << 3);
}
/** Start index of a strided vector (BLAS convention for negative increments). */
@inline function start(n: i32, inc: i32): i32 {
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

// ───────────────────────────────────── level 3 ─────────────────────────────────────

/** Block size of the blocked SYRK / TRSM / TRMM (width of the panels handed to GEMM). */
const NB_L3: i32 = 128;

@inline function dmin(a: i32, b: i32): i32 { return a < b ? a : b; }
@inline function dmax(a: i32, b: i32): i32 { return a > b ? a : b; }

/** Workspace (bytes) of `dsyrk` for an n×n result of rank k. */
export function dsyrkWorkspaceSize(n: i32, k: i32): usize {
  return dgemmWorkspaceSize(n, n, k);
}

/**
 * Symmetric rank-k update of one triangle of C (n×n, ldc): trans = 0: C ← α·A·Aᵀ + β·C with A
 * n×k; trans = 1: C ← α·Aᵀ·A + β·C with A k×n. uplo = 0 updates the lower, 1 the upper triangle;
 * the other triangle is not touched. β = 0 does not read C. Runs the packed GEMM restricted to
 * the triangle (`dgemmt`): micro-tiles outside the triangle are skipped, so it costs about n²k
 * flops at GEMM speed.
 */
export function dsyrk(uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  beta: f64, c: usize, ldc: i32, work: usize): void {
  dgemmt(uplo, trans, trans ^ 1, n, k, alpha, a, lda, a, lda, beta, c, ldc, work);
}

/** Workspace (bytes) of `dtrsm` for an m×n right-hand side. */
export function dtrsmWorkspaceSize(m: i32, n: i32): usize {
  const s = dmax(m, n);
  return dgemmWorkspaceSize(s, s, dmin(dmax(s, 1), NB_L3));
}

/**
 * Workspace (bytes) of `dtrmm` for an m×n B. Unlike `dtrsm`, the GEMM updates of `dtrmm` run
 * over all the rows/columns not yet overwritten, so their shared dimension is up to m − 1
 * (side 0: ib×n×(m − r)) or n − 1 (side 1: m×jb×(n − r)), not the block size: the packed
 * panels grow with min(k, KC). Covers both sides (the side is not an argument here).
 */
export function dtrmmWorkspaceSize(m: i32, n: i32): usize {
  return max(dgemmWorkspaceSize(dmin(m, NB_L3), n, m), dgemmWorkspaceSize(m, dmin(n, NB_L3), n));
}

/** Pointer to op(A)[r, c] where op(A) = A (t = 0) or Aᵀ (t = 1). */
@inline function opAt(a: usize, t: i32, r: i32, c: i32, lda: i32): usize {
  return t ? at(a, c, r, lda) : at(a, r, c, lda);
}
@inline function opGet(a: usize, t: i32, r: i32, c: i32, lda: i32): f64 {
  return load<f64>(opAt(a, t, r, c, lda));
}

/** B ← α·B (α = 0 writes zeros). */
function scaleB(m: i32, n: i32, alpha: f64, b: usize, ldb: i32): void {
  if (alpha == 1.0) return;
  for (let j = 0; j < n; j++) dscal(m, alpha, at(b, 0, j, ldb), 1);
}

/**
 * Triangular solve with many right-hand sides: side = 0: op(A)·X = α·B (A m×m); side = 1:
 * X·op(A) = α·B (A n×n). X overwrites B (m×n, ldb). uplo = 0: A lower, 1: upper; transA: op(A)
 * = Aᵀ; diag = 1: unit diagonal (not read). Blocked by NB_L3: diagonal blocks by substitution,
 * the update of the remaining rows/columns by GEMM.
 */
export function dtrsm(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (m <= 0 || n <= 0) return;
  scaleB(m, n, alpha, b, ldb);
  if (alpha == 0.0) return;
  const lower = (uplo == 0) != (transA != 0); // op(A) is lower triangular
  if (side == 0) {
    const nbk = NB_L3;
    if (lower) {
      for (let i = 0; i < m; i += nbk) {
        const ib = dmin(nbk, m - i);
        trsmLeftDiag(true, transA, diag, i, ib, n, a, lda, b, ldb);
        const r = i + ib;
        if (r < m) dgemm(transA, 0, m - r, n, ib, -1.0, opAt(a, transA, r, i, lda), lda, at(b, i, 0, ldb), ldb, 1.0, at(b, r, 0, ldb), ldb, work);
      }
    } else {
      let i = ((m - 1) / nbk) * nbk;
      for (; i >= 0; i -= nbk) {
        const ib = dmin(nbk, m - i);
        trsmLeftDiag(false, transA, diag, i, ib, n, a, lda, b, ldb);
        if (i > 0) dgemm(transA, 0, i, n, ib, -1.0, opAt(a, transA, 0, i, lda), lda, at(b, i, 0, ldb), ldb, 1.0, b, ldb, work);
      }
    }
  } else {
    const nbk = NB_L3;
    if (lower) {
      // X[:, j] = (B[:, j] − Σ_{k>j} X[:, k]·op(A)[k, j]) / op(A)[j, j]: blocks from the right
      let j = ((n - 1) / nbk) * nbk;
      for (; j >= 0; j -= nbk) {
        const jb = dmin(nbk, n - j);
        trsmRightDiag(true, transA, diag, j, jb, m, a, lda, b, ldb);
        if (j > 0) dgemm(0, transA, m, j, jb, -1.0, at(b, 0, j, ldb), ldb, opAt(a, transA, j, 0, lda), lda, 1.0, b, ldb, work);
      }
    } else {
      for (let j = 0; j < n; j += nbk) {
        const jb = dmin(nbk, n - j);
        trsmRightDiag(false, transA, diag, j, jb, m, a, lda, b, ldb);
        const r = j + jb;
        if (r < n) dgemm(0, transA, m, n - r, jb, -1.0, at(b, 0, j, ldb), ldb, opAt(a, transA, j, r, lda), lda, 1.0, at(b, 0, r, ldb), ldb, work);
      }
    }
  }
}

/**
 * Rows i0..i0+ib of B ← op(A)[blk, blk]⁻¹ · B[blk, :], column by column. op(A) = A: column
 * (axpy) substitution; op(A) = Aᵀ: row (dot) substitution, whose rows of op(A) are columns of A.
 * Both read A with unit stride.
 */
function trsmLeftDiag(lower: bool, t: i32, diag: i32, i0: i32, ib: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  for (let j = 0; j < n; j++) {
    const bj = at(b, i0, j, ldb);
    if (lower) {
      for (let i = 0; i < ib; i++) {
        let s = load<f64>(ad(bj, i));
        if (t) s -= ddot(i, at(a, i0, i0 + i, lda), 1, bj, 1); // op(A)[i, 0:i] = A[0:i, i]
        if (!diag) s /= load<f64>(at(a, i0 + i, i0 + i, lda));
        store<f64>(ad(bj, i), s);
        if (!t && s != 0.0) daxpy(ib - i - 1, -s, at(a, i0 + i + 1, i0 + i, lda), 1, ad(bj, i + 1), 1);
      }
    } else {
      for (let i = ib - 1; i >= 0; i--) {
        let s = load<f64>(ad(bj, i));
        if (t) s -= ddot(ib - i - 1, at(a, i0 + i + 1, i0 + i, lda), 1, ad(bj, i + 1), 1); // op(A)[i, i+1:] = A[i+1:, i]
        if (!diag) s /= load<f64>(at(a, i0 + i, i0 + i, lda));
        store<f64>(ad(bj, i), s);
        if (!t && s != 0.0) daxpy(i, -s, at(a, i0, i0 + i, lda), 1, bj, 1);
      }
    }
  }
}

/** Columns j0..j0+jb of B ← B[:, blk] · op(A)[blk, blk]⁻¹ (column substitution with axpy). */
function trsmRightDiag(lower: bool, t: i32, diag: i32, j0: i32, jb: i32, m: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  if (lower) {
    for (let j = jb - 1; j >= 0; j--) {
      const bj = at(b, 0, j0 + j, ldb);
      for (let k = j + 1; k < jb; k++) {
        const akj = opGet(a, t, j0 + k, j0 + j, lda);
        if (akj != 0.0) daxpy(m, -akj, at(b, 0, j0 + k, ldb), 1, bj, 1);
      }
      if (!diag) divCol(m, opGet(a, t, j0 + j, j0 + j, lda), bj);
    }
  } else {
    for (let j = 0; j < jb; j++) {
      const bj = at(b, 0, j0 + j, ldb);
      for (let k = 0; k < j; k++) {
        const akj = opGet(a, t, j0 + k, j0 + j, lda);
        if (akj != 0.0) daxpy(m, -akj, at(b, 0, j0 + k, ldb), 1, bj, 1);
      }
      if (!diag) divCol(m, opGet(a, t, j0 + j, j0 + j, lda), bj);
    }
  }
}

/**
 * Triangular multiply: side = 0: B ← α·op(A)·B (A m×m); side = 1: B ← α·B·op(A) (A n×n).
 * Flags as in `dtrsm`. Blocked: the diagonal blocks in place by plain loops, the rest by GEMM
 * into the rows/columns not yet overwritten.
 */
export function dtrmm(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (m <= 0 || n <= 0) return;
  scaleB(m, n, alpha, b, ldb);
  if (alpha == 0.0) return;
  const lower = (uplo == 0) != (transA != 0);
  const nbk = NB_L3;
  if (side == 0) {
    if (!lower) {
      // row block i gets op(A)[i, i:] B[i:]: top to bottom, rows below still original
      for (let i = 0; i < m; i += nbk) {
        const ib = dmin(nbk, m - i);
        trmmLeftDiag(false, transA, diag, i, ib, n, a, lda, b, ldb);
        const r = i + ib;
        if (r < m) dgemm(transA, 0, ib, n, m - r, 1.0, opAt(a, transA, i, r, lda), lda, at(b, r, 0, ldb), ldb, 1.0, at(b, i, 0, ldb), ldb, work);
      }
    } else {
      let i = ((m - 1) / nbk) * nbk;
      for (; i >= 0; i -= nbk) {
        const ib = dmin(nbk, m - i);
        trmmLeftDiag(true, transA, diag, i, ib, n, a, lda, b, ldb);
        if (i > 0) dgemm(transA, 0, ib, n, i, 1.0, opAt(a, transA, i, 0, lda), lda, b, ldb, 1.0, at(b, i, 0, ldb), ldb, work);
      }
    }
  } else {
    if (!lower) {
      // column block j gets B[:, :j+jb] op(A)[:j+jb, j]: right to left
      let j = ((n - 1) / nbk) * nbk;
      for (; j >= 0; j -= nbk) {
        const jb = dmin(nbk, n - j);
        trmmRightDiag(false, transA, diag, j, jb, m, a, lda, b, ldb);
        if (j > 0) dgemm(0, transA, m, jb, j, 1.0, b, ldb, opAt(a, transA, 0, j, lda), lda, 1.0, at(b, 0, j, ldb), ldb, work);
      }
    } else {
      for (let j = 0; j < n; j += nbk) {
        const jb = dmin(nbk, n - j);
        trmmRightDiag(true, transA, diag, j, jb, m, a, lda, b, ldb);
        const r = j + jb;
        if (r < n) dgemm(0, transA, m, jb, n - r, 1.0, at(b, 0, r, ldb), ldb, opAt(a, transA, r, j, lda), lda, 1.0, at(b, 0, j, ldb), ldb, work);
      }
    }
  }
}

/**
 * B[blk, :] ← op(A)[blk, blk] · B[blk, :] in place, column by column (reference-BLAS orders):
 * op(A) = A by axpy with columns of A, op(A) = Aᵀ by dot products with columns of A.
 */
function trmmLeftDiag(lower: bool, t: i32, diag: i32, i0: i32, ib: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  for (let j = 0; j < n; j++) {
    const bj = at(b, i0, j, ldb);
    if (!lower) {
      if (!t) {
        // A upper: k ascending, b[0:k] += b_k·A[0:k, k], then b_k ← a_kk·b_k
        for (let k = 0; k < ib; k++) {
          const v = load<f64>(ad(bj, k));
          daxpy(k, v, at(a, i0, i0 + k, lda), 1, bj, 1);
          if (!diag) store<f64>(ad(bj, k), v * load<f64>(at(a, i0 + k, i0 + k, lda)));
        }
      } else {
        // op(A) = Aᵀ upper (A lower): b_i ← a_ii·b_i + A[i+1:, i]ᵀ·b[i+1:], i ascending
        for (let i = 0; i < ib; i++) {
          let v = load<f64>(ad(bj, i));
          if (!diag) v *= load<f64>(at(a, i0 + i, i0 + i, lda));
          store<f64>(ad(bj, i), v + ddot(ib - i - 1, at(a, i0 + i + 1, i0 + i, lda), 1, ad(bj, i + 1), 1));
        }
      }
    } else {
      if (!t) {
        // A lower: k descending, b[k+1:] += b_k·A[k+1:, k], then b_k ← a_kk·b_k
        for (let k = ib - 1; k >= 0; k--) {
          const v = load<f64>(ad(bj, k));
          daxpy(ib - k - 1, v, at(a, i0 + k + 1, i0 + k, lda), 1, ad(bj, k + 1), 1);
          if (!diag) store<f64>(ad(bj, k), v * load<f64>(at(a, i0 + k, i0 + k, lda)));
        }
      } else {
        // op(A) = Aᵀ lower (A upper): b_i ← a_ii·b_i + A[0:i, i]ᵀ·b[0:i], i descending
        for (let i = ib - 1; i >= 0; i--) {
          let v = load<f64>(ad(bj, i));
          if (!diag) v *= load<f64>(at(a, i0 + i, i0 + i, lda));
          store<f64>(ad(bj, i), v + ddot(i, at(a, i0, i0 + i, lda), 1, bj, 1));
        }
      }
    }
  }
}

/** x[0:m] ← x / d (a true division, like the reference, not a multiply by 1/d). */
function divCol(m: i32, d: f64, x: usize): void {
  const vd = f64x2.splat(d);
  let i = 0;
  for (; i + 1 < m; i += 2) v128.store(ad(x, i), f64x2.div(v128.load(ad(x, i)), vd));
  for (; i < m; i++) store<f64>(ad(x, i), load<f64>(ad(x, i)) / d);
}

/** x[0:m] ← d·x (a plain multiply: a zero diagonal times NaN stays NaN). */
function mulCol(m: i32, d: f64, x: usize): void {
  const vd = f64x2.splat(d);
  let i = 0;
  for (; i + 1 < m; i += 2) v128.store(ad(x, i), f64x2.mul(v128.load(ad(x, i)), vd));
  for (; i < m; i++) store<f64>(ad(x, i), load<f64>(ad(x, i)) * d);
}

/** B[:, blk] ← B[:, blk] · op(A)[blk, blk] in place. */
function trmmRightDiag(lower: bool, t: i32, diag: i32, j0: i32, jb: i32, m: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  if (!lower) {
    // column j ← Σ_{k ≤ j} B[:, k] a_kj: j descending
    for (let j = jb - 1; j >= 0; j--) {
      const bj = at(b, 0, j0 + j, ldb);
      if (!diag) mulCol(m, opGet(a, t, j0 + j, j0 + j, lda), bj);
      for (let k = 0; k < j; k++) {
        const akj = opGet(a, t, j0 + k, j0 + j, lda);
        if (akj != 0.0) daxpy(m, akj, at(b, 0, j0 + k, ldb), 1, bj, 1);
      }
    }
  } else {
    for (let j = 0; j < jb; j++) {
      const bj = at(b, 0, j0 + j, ldb);
      if (!diag) mulCol(m, opGet(a, t, j0 + j, j0 + j, lda), bj);
      for (let k = j + 1; k < jb; k++) {
        const akj = opGet(a, t, j0 + k, j0 + j, lda);
        if (akj != 0.0) daxpy(m, akj, at(b, 0, j0 + k, ldb), 1, bj, 1);
      }
    }
  }
}
