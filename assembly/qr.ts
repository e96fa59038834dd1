// Householder QR kernels (LAPACK conventions, column-major, 0-based indices).
//
//   dgeqrf      blocked QR: panel by the unblocked algorithm, T of each panel from VᵀV (dlarft),
//               trailing update C -= V (Tᵀ (Vᵀ C)) through dgemm (compact WY, dlarfb).
//   dgemqrt     apply Q or Qᵀ (from the stored V and the per-panel T blocks) to C from the left.
//   qrFormT     build the per-panel T blocks after the fact (used after the pivoted QR).
//   dgeqp3      column-pivoted QR (LAPACK dgeqp3: blocked dlaqps with the trailing update by
//               dgemm, dlaqp2 for the last columns), partial column-norm downdating and the
//               tol3z = sqrt(eps) recomputation of the LAPACK 3.x codes.
//   qrRankIce   rank by incremental condition estimation on R (dlaic1, as in dgelsy).
//   dgelsyTail  gelsy after the rank decision: RZ of R(0:r, :) (dlatrz), R11⁻¹, Zᵀ, Pᵀ.
//   dgeqr2Ref   scalar unblocked QR (reference twin for the tests).
//
// Storage: V is unit lower trapezoidal below the diagonal of the factored matrix (LAPACK), tau
// holds the scalar factors, and T blocks are stored nb × k: the block of the panel starting at
// column i is the ib×ib upper triangle at T[0:ib, i:i+ib] (ldt ≥ nb), as in LAPACK dgeqrt.
import { madd } from './simd';
import { at, align16, axpyc, sign } from './lapack-util';
import { dgemm, dgemmWorkspaceSize } from './gemm';
import { dtrmm, dtrsm, dtrsmWorkspaceSize, dtrmmWorkspaceSize, dnrm2 } from './blas';

/** Panel width of the blocked QR (also the row count of the T blocks). */
const NB: i32 = 32;
const EPS: f64 = 2.220446049250313e-16; // 2^-52
const SAFMIN: f64 = 2.2250738585072014e-308;

/** Panel width used by dgeqrf / dgemqrt / qrFormT (T blocks are qrBlockSize() × k). */
export function qrBlockSize(): i32 {
  return NB;
}

// ------------------------------------------------------------------ small vector helpers

/** Σ x[i]·y[i] over contiguous vectors (f64x2, two accumulators). */
function dotc(n: i32, x: usize, y: usize): f64 {
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
function dot4(n: i32, v: usize, c0: usize, ld: i32, alpha: f64, out: usize, ostride: usize): void {
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

/** x *= alpha (strided). */
function scal(n: i32, alpha: f64, x: usize, inc: i32): void {
  for (let i = 0; i < n; i++) {
    const p = x + ((<usize>i * <usize>inc) << 3);
    store<f64>(p, alpha * load<f64>(p));
  }
}

/** sqrt(x² + y²) without overflow (dlapy2). */
@inline function lapy2(x: f64, y: f64): f64 {
  const xa = abs(x);
  const ya = abs(y);
  const w = max(xa, ya);
  const z = min(xa, ya);
  if (z == 0.0 || w == 0.0) return w;
  const q = z / w;
  return w * Math.sqrt(1.0 + q * q);
}

/**
 * Elementary reflector (LAPACK dlarfg): given alpha = *alphaPtr and x (n-1 entries, stride
 * incx), finds tau, beta and v (v[0] = 1, v[1:] overwrites x) such that
 * (I − tau·v·vᵀ)·(alpha; x) = (beta; 0). Stores beta at *alphaPtr and returns tau (0 when
 * x = 0: H = I). Tiny columns are rescaled like LAPACK so v stays accurate.
 */
export function dlarfg(n: i32, alphaPtr: usize, x: usize, incx: i32): f64 {
  if (n <= 1) return 0.0;
  let xnorm = dnrm2(n - 1, x, incx);
  if (xnorm == 0.0) return 0.0;
  let alpha = load<f64>(alphaPtr);
  let beta = -sign(lapy2(alpha, xnorm), alpha);
  const safmin = SAFMIN / EPS;
  let knt = 0;
  if (abs(beta) < safmin) {
    const rsafmn = 1.0 / safmin;
    do {
      knt++;
      scal(n - 1, rsafmn, x, incx);
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (abs(beta) < safmin && knt < 20);
    xnorm = dnrm2(n - 1, x, incx);
    beta = -sign(lapy2(alpha, xnorm), alpha);
  }
  const tau = (beta - alpha) / beta;
  scal(n - 1, 1.0 / (alpha - beta), x, incx);
  for (let j = 0; j < knt; j++) beta *= safmin;
  store<f64>(alphaPtr, beta);
  return tau;
}

/**
 * Applies H = I − tau·v·vᵀ from the left to the m×n matrix C, one column at a time
 * (c ← c − tau·(vᵀc)·v: each column is read twice while it is in cache). v is contiguous,
 * with its leading 1 stored explicitly.
 */
function applyReflectorLeft(m: i32, n: i32, v: usize, tau: f64, c: usize, ldc: i32): void {
  if (tau == 0.0) return;
  for (let j = 0; j < n; j++) {
    const cj = at(c, 0, j, ldc);
    const s = dotc(m, v, cj);
    if (s != 0.0) axpyc(m, -tau * s, v, cj);
  }
}

// ------------------------------------------------------------------ unblocked QR (panel + twin)

/** Unblocked Householder QR of the m×n matrix A (dgeqr2 with column-at-a-time updates). */
function dgeqr2(m: i32, n: i32, a: usize, lda: i32, tau: usize): void {
  const k = min(m, n);
  for (let j = 0; j < k; j++) {
    const ajj = at(a, j, j, lda);
    const t = dlarfg(m - j, ajj, ajj + 8, 1);
    store<f64>(tau + (<usize>j << 3), t);
    if (j + 1 < n && t != 0.0) {
      const beta = load<f64>(ajj);
      store<f64>(ajj, 1.0);
      applyReflectorLeft(m - j, n - j - 1, ajj, t, at(a, j, j + 1, lda), lda);
      store<f64>(ajj, beta);
    }
  }
}

/**
 * Reference twin: plain scalar unblocked Householder QR (LAPACK dgeqr2 with dlarf as
 * w = Cᵀv, C −= tau·v·wᵀ). Overwrites A with R (upper) and V (below the diagonal); tau gets
 * min(m, n) entries.
 */
export function dgeqr2Ref(m: i32, n: i32, a: usize, lda: i32, tau: usize): void {
  const k = min(m, n);
  for (let j = 0; j < k; j++) {
    // dlarfg, written out with a plainly scaled norm
    let scale = 0.0, ssq = 1.0;
    for (let i = j + 1; i < m; i++) {
      const x = abs(load<f64>(at(a, i, j, lda)));
      if (x == 0.0) continue;
      if (scale < x) { ssq = 1.0 + ssq * (scale / x) * (scale / x); scale = x; } else ssq += (x / scale) * (x / scale);
    }
    const xnorm = scale * Math.sqrt(ssq);
    let t = 0.0;
    if (xnorm != 0.0) {
      const alpha = load<f64>(at(a, j, j, lda));
      const beta = -sign(lapy2(alpha, xnorm), alpha);
      t = (beta - alpha) / beta;
      const s = 1.0 / (alpha - beta);
      for (let i = j + 1; i < m; i++) store<f64>(at(a, i, j, lda), s * load<f64>(at(a, i, j, lda)));
      store<f64>(at(a, j, j, lda), beta);
    }
    store<f64>(tau + (<usize>j << 3), t);
    if (t == 0.0) continue;
    for (let c = j + 1; c < n; c++) {
      let w = load<f64>(at(a, j, c, lda));
      for (let i = j + 1; i < m; i++) w += load<f64>(at(a, i, j, lda)) * load<f64>(at(a, i, c, lda));
      w *= t;
      store<f64>(at(a, j, c, lda), load<f64>(at(a, j, c, lda)) - w);
      for (let i = j + 1; i < m; i++) {
        store<f64>(at(a, i, c, lda), load<f64>(at(a, i, c, lda)) - w * load<f64>(at(a, i, j, lda)));
      }
    }
  }
}

// ------------------------------------------------------------------ compact WY helpers

/** Copies the unit lower trapezoidal V (mv×ib, stored below the diagonal of A) into an explicit mv×ib buffer. */
function copyV(mv: i32, ib: i32, a: usize, lda: i32, v: usize): void {
  for (let j = 0; j < ib; j++) {
    const dst = v + ((<usize>j * <usize>mv) << 3);
    for (let i = 0; i < j && i < mv; i++) store<f64>(dst + (<usize>i << 3), 0.0);
    if (j < mv) {
      store<f64>(dst + (<usize>j << 3), 1.0);
      if (mv - j - 1 > 0) memory.copy(dst + (<usize>(j + 1) << 3), at(a, j + 1, j, lda), <usize>(mv - j - 1) << 3);
    }
  }
}

/**
 * T (ib×ib upper, ldt) of the block reflector H = I − V·T·Vᵀ = H₀·H₁·…, from the explicit V
 * (mv×ib) and tau (LAPACK dlarft, forward, columnwise), using G = VᵀV from one dgemm.
 * g: ib×ib scratch.
 */
function larft(mv: i32, ib: i32, v: usize, tau: usize, t: usize, ldt: i32, g: usize, gw: usize): void {
  dgemm(1, 0, ib, ib, mv, 1.0, v, mv, v, mv, 0.0, g, ib, gw);
  for (let i = 0; i < ib; i++) {
    const ti = load<f64>(tau + (<usize>i << 3));
    // T[0:i, i] = −tau_i · T[0:i, 0:i] · G[0:i, i]   (top-down: T[r, i] uses T[r, r..i-1])
    for (let r = 0; r < i; r++) {
      let s = 0.0;
      for (let p = r; p < i; p++) s += load<f64>(at(t, r, p, ldt)) * load<f64>(at(g, p, i, ib));
      store<f64>(at(t, r, i, ldt), -ti * s);
    }
    store<f64>(at(t, i, i, ldt), ti);
    for (let r = i + 1; r < ib; r++) store<f64>(at(t, r, i, ldt), 0.0);
  }
}

/**
 * C (mv×n) ← H·C (trans = 0) or Hᵀ·C (trans = 1) with H = I − V·T·Vᵀ (dlarfb, left, forward,
 * columnwise): W = VᵀC (dgemm), W = op(T)·W (dtrmm), C −= V·W (dgemm). w: ib×n scratch.
 */
function larfb(trans: i32, mv: i32, n: i32, ib: i32, v: usize, t: usize, ldt: i32, c: usize, ldc: i32, w: usize, gw: usize): void {
  if (n <= 0 || mv <= 0) return;
  dgemm(1, 0, ib, n, mv, 1.0, v, mv, c, ldc, 0.0, w, ib, gw);
  // Hᵀ = I − V·Tᵀ·Vᵀ: W ← Tᵀ·W;  H: W ← T·W
  dtrmm(0, 1, trans, 0, ib, n, 1.0, t, ldt, w, ib, gw);
  dgemm(0, 0, mv, n, ib, -1.0, v, mv, w, ib, 1.0, c, ldc, gw);
}

/** Bytes of dgemm/dtrmm workspace for the products of the blocked QR on an m×n problem. */
function blockGemmWork(m: i32, n: i32): usize {
  const mm = max(m, 1), nn = max(n, 1);
  let s = dgemmWorkspaceSize(NB, nn, mm);
  s = max(s, dgemmWorkspaceSize(mm, nn, NB));
  s = max(s, dgemmWorkspaceSize(NB, NB, mm));
  s = max(s, dtrmmWorkspaceSize(NB, nn));
  return align16(s);
}

// ------------------------------------------------------------------ blocked QR

/** Workspace (bytes) of {@link dgeqrf} for an m×n matrix. */
export function dgeqrfWorkspaceSize(m: i32, n: i32): usize {
  const mm = <usize>max(m, 1), nn = <usize>max(n, 1);
  return align16(mm * <usize>NB * 8) + align16(<usize>(NB * NB) * 8) * 2 + align16(<usize>NB * nn * 8) + blockGemmWork(m, n);
}

/**
 * Blocked Householder QR of the m×n matrix A (LAPACK dgeqrf): R in the upper triangle, V below
 * it, tau (min(m, n) entries). When t ≠ 0 the per-panel T blocks are stored there (nb × k,
 * ldt ≥ qrBlockSize()) for {@link dgemqrt}; t = 0 keeps nothing (R-only use).
 * `work`: dgeqrfWorkspaceSize(m, n) bytes, 16-byte aligned.
 */
export function dgeqrf(m: i32, n: i32, a: usize, lda: i32, tau: usize, t: usize, ldt: i32, work: usize): void {
  const k = min(m, n);
  if (k == 0) return;
  const v = work;
  const tp = v + align16(<usize>max(m, 1) * <usize>NB * 8);
  const g = tp + align16(<usize>(NB * NB) * 8);
  const w = g + align16(<usize>(NB * NB) * 8);
  const gw = w + align16(<usize>NB * <usize>max(n, 1) * 8);
  for (let i = 0; i < k; i += NB) {
    const ib = min(NB, k - i);
    const mv = m - i;
    dgeqr2(mv, ib, at(a, i, i, lda), lda, tau + (<usize>i << 3));
    const ncols = n - i - ib;
    const keepT = t != 0;
    if (ncols > 0 || keepT) {
      copyV(mv, ib, at(a, i, i, lda), lda, v);
      const tt = keepT ? at(t, 0, i, ldt) : tp;
      const ldtt = keepT ? ldt : NB;
      larft(mv, ib, v, tau + (<usize>i << 3), tt, ldtt, g, gw);
      if (ncols > 0) larfb(1, mv, ncols, ib, v, tt, ldtt, at(a, i, i + ib, lda), lda, w, gw);
    }
  }
}

/** Workspace (bytes) of {@link qrFormT}. */
export function qrFormTWorkspaceSize(m: i32): usize {
  return align16(<usize>max(m, 1) * <usize>NB * 8) + align16(<usize>(NB * NB) * 8) + blockGemmWork(m, NB);
}

/**
 * Builds the T blocks (nb × k, ldt) of the first k Householder reflectors stored in A (m rows),
 * panel by panel (dlarft), e.g. after {@link dgeqp3}.
 */
export function qrFormT(m: i32, k: i32, a: usize, lda: i32, tau: usize, t: usize, ldt: i32, work: usize): void {
  const v = work;
  const g = v + align16(<usize>max(m, 1) * <usize>NB * 8);
  const gw = g + align16(<usize>(NB * NB) * 8);
  for (let i = 0; i < k; i += NB) {
    const ib = min(NB, k - i);
    copyV(m - i, ib, at(a, i, i, lda), lda, v);
    larft(m - i, ib, v, tau + (<usize>i << 3), at(t, 0, i, ldt), ldt, g, gw);
  }
}

/** Workspace (bytes) of {@link dgemqrt} for C with m rows and n columns. */
export function dgemqrtWorkspaceSize(m: i32, n: i32): usize {
  return align16(<usize>max(m, 1) * <usize>NB * 8) + align16(<usize>NB * <usize>max(n, 1) * 8) + blockGemmWork(m, n);
}

/**
 * C (m×n) ← Qᵀ·C (trans = 1) or Q·C (trans = 0), Q = H₀·H₁·…·H_{k−1} from the reflectors stored
 * below the diagonal of A (m rows) and the T blocks from {@link dgeqrf} or {@link qrFormT}.
 * Blocked (dgemqrt / dormqr): two dgemm and one dtrmm per panel; Q is never formed.
 */
export function dgemqrt(trans: i32, m: i32, n: i32, k: i32, a: usize, lda: i32, t: usize, ldt: i32, c: usize, ldc: i32, work: usize): void {
  if (m == 0 || n == 0 || k == 0) return;
  const v = work;
  const w = v + align16(<usize>max(m, 1) * <usize>NB * 8);
  const gw = w + align16(<usize>NB * <usize>max(n, 1) * 8);
  const nblocks = (k + NB - 1) / NB;
  for (let b = 0; b < nblocks; b++) {
    const i = (trans ? b : nblocks - 1 - b) * NB;
    const ib = min(NB, k - i);
    copyV(m - i, ib, at(a, i, i, lda), lda, v);
    larfb(trans, m - i, n, ib, v, at(t, 0, i, ldt), ldt, at(c, i, 0, ldc), ldc, w, gw);
  }
}

// ------------------------------------------------------------------ column-pivoted QR

/** Panel width of the blocked pivoted QR (dlaqps) and the column count left to dlaqp2. */
const NBP: i32 = 32;
const NXP: i32 = 128;

@inline function swapCols(m: i32, x: usize, y: usize): void {
  for (let r = 0; r < m; r++) {
    const o = <usize>r << 3;
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}

@inline function swapPivot(i: i32, pvt: i32, jpvt: usize, vn1: usize, vn2: usize): void {
  const jp = load<i32>(jpvt + (<usize>pvt << 2));
  store<i32>(jpvt + (<usize>pvt << 2), load<i32>(jpvt + (<usize>i << 2)));
  store<i32>(jpvt + (<usize>i << 2), jp);
  store<f64>(vn1 + (<usize>pvt << 3), load<f64>(vn1 + (<usize>i << 3)));
  store<f64>(vn2 + (<usize>pvt << 3), load<f64>(vn2 + (<usize>i << 3)));
}

/** First index of the largest of x[i0..n−1] (idamax on non-negative norms). */
@inline function argmaxFrom(i0: i32, n: i32, x: usize): i32 {
  let p = i0;
  let best = load<f64>(x + (<usize>i0 << 3));
  for (let j = i0 + 1; j < n; j++) {
    const v = load<f64>(x + (<usize>j << 3));
    if (v > best) { best = v; p = j; }
  }
  return p;
}

/**
 * dlaqp2: unblocked pivoted QR of the columns of the m×n block a (rows offset..m−1 still to
 * be reduced). The reflector application and the partial-norm downdate of each trailing
 * column are fused into one pass over the column.
 */
function laqp2(m: i32, n: i32, offset: i32, steps: i32, a: usize, lda: i32, jpvt: usize, tau: usize, vn1: usize, vn2: usize): void {
  const mn = min(min(m - offset, n), steps);
  const tol3z = Math.sqrt(EPS);
  for (let i = 0; i < mn; i++) {
    const offpi = offset + i;
    const pvt = argmaxFrom(i, n, vn1);
    if (pvt != i) {
      swapCols(m, at(a, 0, pvt, lda), at(a, 0, i, lda));
      swapPivot(i, pvt, jpvt, vn1, vn2);
    }
    const aii = at(a, offpi, i, lda);
    const mv = m - offpi;
    const t = mv > 1 ? dlarfg(mv, aii, aii + 8, 1) : 0.0;
    store<f64>(tau + (<usize>i << 3), t);
    const beta = load<f64>(aii);
    store<f64>(aii, 1.0);
    for (let j = i + 1; j < n; j++) {
      const cj = at(a, offpi, j, lda);
      if (t != 0.0) {
        const s = dotc(mv, aii, cj);
        if (s != 0.0) axpyc(mv, -t * s, aii, cj);
      }
      const pn1 = vn1 + (<usize>j << 3);
      const pn2 = vn2 + (<usize>j << 3);
      const n1 = load<f64>(pn1);
      if (n1 != 0.0) {
        const q = abs(load<f64>(cj)) / n1;
        const temp = max(0.0, (1.0 + q) * (1.0 - q));
        const r = n1 / load<f64>(pn2);
        const temp2 = temp * r * r;
        if (temp2 <= tol3z) {
          if (offpi < m - 1) {
            const nr = dnrm2(m - offpi - 1, cj + 8, 1);
            store<f64>(pn1, nr);
            store<f64>(pn2, nr);
          } else {
            store<f64>(pn1, 0.0);
            store<f64>(pn2, 0.0);
          }
        } else {
          store<f64>(pn1, n1 * Math.sqrt(temp));
        }
      }
    }
    store<f64>(aii, beta);
  }
}

/**
 * dlaqps: up to nb steps of pivoted QR on the m×n block a (rows offset..m−1 to reduce) with the
 * trailing update delayed: F (n×nb, ldf) accumulates F = τ·Cᵀ·V so that the trailing matrix
 * is updated once per block by A −= V·Fᵀ (dgemm). Columns whose partial norm lost too much
 * accuracy stop the block early and get their norm recomputed after the update (LAPACK).
 * Returns the number of columns factored.
 */
function laqps(m: i32, n: i32, offset: i32, nb: i32, a: usize, lda: i32, jpvt: usize, tau: usize,
  vn1: usize, vn2: usize, auxv: usize, f: usize, ldf: i32, gw: usize): i32 {
  const lastrk = min(m, n + offset);
  const tol3z = Math.sqrt(EPS);
  let lsticc = -1;
  let k = 0;
  while (k < nb && lsticc < 0) {
    const rk = offset + k;
    const pvt = argmaxFrom(k, n, vn1);
    if (pvt != k) {
      swapCols(m, at(a, 0, pvt, lda), at(a, 0, k, lda));
      for (let p = 0; p < k; p++) {
        const x = at(f, pvt, p, ldf), y = at(f, k, p, ldf);
        const t = load<f64>(x);
        store<f64>(x, load<f64>(y));
        store<f64>(y, t);
      }
      swapPivot(k, pvt, jpvt, vn1, vn2);
    }
    const mv = m - rk;
    // column k ← column k − A[rk:m, 0:k]·F[k, 0:k]ᵀ (the delayed updates of this block)
    const ck = at(a, rk, k, lda);
    for (let p = 0; p < k; p++) {
      const fkp = load<f64>(at(f, k, p, ldf));
      if (fkp != 0.0) axpyc(mv, -fkp, at(a, rk, p, lda), ck);
    }
    const t = mv > 1 ? dlarfg(mv, ck, ck + 8, 1) : 0.0;
    store<f64>(tau + (<usize>k << 3), t);
    const akk = load<f64>(ck);
    store<f64>(ck, 1.0);
    // F[k+1:n, k] = τ·A[rk:m, k+1:n]ᵀ·v
    {
      let c = k + 1;
      for (; c + 3 < n; c += 4) dot4(mv, ck, at(a, rk, c, lda), lda, t, at(f, c, k, ldf), 8);
      for (; c < n; c++) store<f64>(at(f, c, k, ldf), t * dotc(mv, ck, at(a, rk, c, lda)));
    }
    for (let p = 0; p <= k; p++) store<f64>(at(f, p, k, ldf), 0.0);
    // F[:, k] −= τ·F[:, 0:k]·(A[rk:m, 0:k]ᵀ·v)
    if (k > 0) {
      for (let p = 0; p < k; p++) store<f64>(auxv + (<usize>p << 3), -t * dotc(mv, at(a, rk, p, lda), ck));
      for (let p = 0; p < k; p++) {
        const s = load<f64>(auxv + (<usize>p << 3));
        if (s != 0.0) axpyc(n, s, at(f, 0, p, ldf), at(f, 0, k, ldf));
      }
    }
    // row rk: A[rk, k+1:n] −= A[rk, 0:k+1]·F[k+1:n, 0:k+1]ᵀ
    if (k + 1 < n) {
      for (let p = 0; p <= k; p++) {
        const arp = load<f64>(at(a, rk, p, lda));
        if (arp == 0.0) continue;
        const fp = at(f, 0, p, ldf);
        for (let c = k + 1; c < n; c++) {
          const q = at(a, rk, c, lda);
          store<f64>(q, load<f64>(q) - arp * load<f64>(fp + (<usize>c << 3)));
        }
      }
    }
    // partial norms of the trailing columns
    if (rk < lastrk - 1) {
      for (let c = k + 1; c < n; c++) {
        const pn1 = vn1 + (<usize>c << 3);
        const pn2 = vn2 + (<usize>c << 3);
        const n1 = load<f64>(pn1);
        if (n1 == 0.0) continue;
        const q = abs(load<f64>(at(a, rk, c, lda))) / n1;
        const temp = max(0.0, (1.0 + q) * (1.0 - q));
        const r = n1 / load<f64>(pn2);
        if (temp * r * r <= tol3z) {
          store<f64>(pn2, <f64>lsticc);
          lsticc = c;
        } else {
          store<f64>(pn1, n1 * Math.sqrt(temp));
        }
      }
    }
    store<f64>(ck, akk);
    k++;
  }
  const kb = k;
  const rk = offset + kb;
  if (kb < min(n, m - offset)) {
    dgemm(0, 1, m - rk, n - kb, kb, -1.0, at(a, rk, 0, lda), lda, at(f, kb, 0, ldf), ldf, 1.0, at(a, rk, kb, lda), lda, gw);
  }
  while (lsticc >= 0) {
    const next = <i32>load<f64>(vn2 + (<usize>lsticc << 3));
    const nr = rk < m ? dnrm2(m - rk, at(a, rk, lsticc, lda), 1) : 0.0;
    store<f64>(vn1 + (<usize>lsticc << 3), nr);
    store<f64>(vn2 + (<usize>lsticc << 3), nr);
    lsticc = next;
  }
  return kb;
}

/** Workspace (bytes) of {@link dgeqp3} for an m×n matrix. */
export function dgeqp3WorkspaceSize(m: i32, n: i32): usize {
  const nn = <usize>max(n, 1);
  return align16(nn * 16) + align16(<usize>NBP * 8) + align16(nn * <usize>NBP * 8) +
    align16(max(dgemmWorkspaceSize(max(m, 1), max(n, 1), NBP), <usize>0));
}

function initPivots(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, vn1: usize, vn2: usize): void {
  for (let j = 0; j < n; j++) {
    store<i32>(jpvt + (<usize>j << 2), j);
    const nr = dnrm2(m, at(a, 0, j, lda), 1);
    store<f64>(vn1 + (<usize>j << 3), nr);
    store<f64>(vn2 + (<usize>j << 3), nr);
  }
}

/**
 * Column-pivoted Householder QR, A·P = Q·R (LAPACK dgeqp3): blocks of 32 columns by dlaqps
 * (delayed trailing update through dgemm) while more than 128 columns remain, then dlaqp2.
 * At each step the remaining column of largest partial norm is swapped in; partial norms are
 * downdated (vn1 ← vn1·sqrt(1 − (|r_ij|/vn1)²)) and recomputed from the data when the
 * downdate has lost too much (temp·(vn1/vn2)² ≤ sqrt(eps), LAPACK 3.x). jpvt (i32, n entries)
 * gets the 0-based permutation: column j of A·P is column jpvt[j] of A.
 * work: dgeqp3WorkspaceSize(m, n) bytes.
 */
export function dgeqp3(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, work: usize): void {
  geqp3(m, n, a, lda, jpvt, tau, work, 0.0, 0);
}

/**
 * {@link dgeqp3} that stops as soon as the gelsy rank at `rcond` is known: after every block
 * of (at most 32) pivoted steps the incremental condition estimate ({@link qrRankIce}) is
 * advanced over the new columns, and the factorization stops once a column is rejected.
 * Rows 0..rank of R (all n columns) and the first rank reflectors are then final — exactly
 * what gelsy needs — and the result (rank, pivots, R, reflectors) is the same as a full
 * dgeqp3 followed by qrRankIce. Returns the rank. ice: qrRankIceWorkspaceSize(min(m, n)) bytes.
 */
export function dgeqp3Truncated(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, rcond: f64, work: usize, ice: usize): i32 {
  geqp3(m, n, a, lda, jpvt, tau, work, rcond, ice);
  return <i32>load<f64>(ice + 16);
}

function geqp3(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, work: usize, rcond: f64, ice: usize): void {
  const k = min(m, n);
  const nn = <usize>max(n, 1);
  const vn1 = work;
  const vn2 = work + (nn << 3);
  const auxv = work + align16(nn * 16);
  const f = auxv + align16(<usize>NBP * 8);
  const gw = f + align16(nn * <usize>NBP * 8);
  initPivots(m, n, a, lda, jpvt, vn1, vn2);
  if (ice != 0) iceReset(ice);
  let j = 0;
  if (NBP < k && NXP < k) {
    const topbmn = k - NXP;
    while (j < topbmn) {
      const jb = min(NBP, topbmn - j);
      const cols = n - j;
      const fjb = laqps(m, cols, j, jb, at(a, 0, j, lda), lda, jpvt + (<usize>j << 2), tau + (<usize>j << 3),
        vn1 + (<usize>j << 3), vn2 + (<usize>j << 3), auxv, f, cols, gw);
      j += fjb;
      if (ice != 0 && !iceAdvance(k, j, a, lda, rcond, ice)) return;
    }
  }
  while (j < k) {
    const steps = ice != 0 ? min(NBP, k - j) : k - j;
    laqp2(m, n - j, j, steps, at(a, 0, j, lda), lda, jpvt + (<usize>j << 2), tau + (<usize>j << 3), vn1 + (<usize>j << 3), vn2 + (<usize>j << 3));
    j += steps;
    if (ice != 0 && !iceAdvance(k, j, a, lda, rcond, ice)) return;
  }
}

/** Reference twin of {@link dgeqp3}: the unblocked dlaqp2 algorithm on all columns. work: dgeqp3WorkspaceSize(m, n). */
export function dgeqp3Unblocked(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, work: usize): void {
  const vn1 = work;
  const vn2 = work + (<usize>max(n, 1) << 3);
  initPivots(m, n, a, lda, jpvt, vn1, vn2);
  laqp2(m, n, 0, n, a, lda, jpvt, tau, vn1, vn2);
}

// ------------------------------------------------------------------ rank by incremental condition estimation

/**
 * LAPACK dlaic1: one step of incremental condition estimation. Given x (j entries, ‖x‖ = 1)
 * with sest ≈ σ(L) for the leading triangle, and the new column (w, gamma), writes
 * [sestpr, s, c] to out so that (s·x; c) is the updated approximate singular vector.
 * job 1: largest singular value, job 2: smallest.
 */
function dlaic1(job: i32, j: i32, x: usize, sest: f64, w: usize, gamma: f64, out: usize): void {
  const alpha = dotc(j, x, w);
  const absalp = abs(alpha);
  const absgam = abs(gamma);
  const absest = abs(sest);
  let s = 0.0, c = 0.0, sestpr = 0.0;
  if (job == 1) {
    if (sest == 0.0) {
      const s1 = max(absgam, absalp);
      if (s1 == 0.0) { s = 0.0; c = 1.0; sestpr = 0.0; } else {
        s = alpha / s1; c = gamma / s1;
        const tmp = Math.sqrt(s * s + c * c);
        s /= tmp; c /= tmp; sestpr = s1 * tmp;
      }
    } else if (absgam <= EPS * absest) {
      s = 1.0; c = 0.0;
      const tmp = max(absest, absalp);
      const s1 = absest / tmp, s2 = absalp / tmp;
      sestpr = tmp * Math.sqrt(s1 * s1 + s2 * s2);
    } else if (absalp <= EPS * absest) {
      if (absgam <= absest) { s = 1.0; c = 0.0; sestpr = absest; } else { s = 0.0; c = 1.0; sestpr = absgam; }
    } else if (absest <= EPS * absalp || absest <= EPS * absgam) {
      const s1 = absgam, s2 = absalp;
      if (s1 <= s2) {
        const tmp = s1 / s2;
        s = Math.sqrt(1.0 + tmp * tmp);
        sestpr = s2 * s;
        c = (gamma / s2) / s;
        s = sign(1.0, alpha) / s;
      } else {
        const tmp = s2 / s1;
        c = Math.sqrt(1.0 + tmp * tmp);
        sestpr = s1 * c;
        s = (alpha / s1) / c;
        c = sign(1.0, gamma) / c;
      }
    } else {
      const zeta1 = alpha / absest, zeta2 = gamma / absest;
      const b = (1.0 - zeta1 * zeta1 - zeta2 * zeta2) * 0.5;
      const cc = zeta1 * zeta1;
      const t = b > 0.0 ? cc / (b + Math.sqrt(b * b + cc)) : Math.sqrt(b * b + cc) - b;
      const sine = -zeta1 / t;
      const cosine = -zeta2 / (1.0 + t);
      const tmp = Math.sqrt(sine * sine + cosine * cosine);
      s = sine / tmp; c = cosine / tmp;
      sestpr = Math.sqrt(t + 1.0) * absest;
    }
  } else {
    if (sest == 0.0) {
      sestpr = 0.0;
      let sine = 1.0, cosine = 0.0;
      if (max(absgam, absalp) != 0.0) { sine = -gamma; cosine = alpha; }
      const s1 = max(abs(sine), abs(cosine));
      s = sine / s1; c = cosine / s1;
      const tmp = Math.sqrt(s * s + c * c);
      s /= tmp; c /= tmp;
    } else if (absgam <= EPS * absest) {
      s = 0.0; c = 1.0; sestpr = absgam;
    } else if (absalp <= EPS * absest) {
      if (absgam <= absest) { s = 0.0; c = 1.0; sestpr = absgam; } else { s = 1.0; c = 0.0; sestpr = absest; }
    } else if (absest <= EPS * absalp || absest <= EPS * absgam) {
      const s1 = absgam, s2 = absalp;
      if (s1 <= s2) {
        const tmp = s1 / s2;
        c = Math.sqrt(1.0 + tmp * tmp);
        sestpr = absest * (tmp / c);
        s = -(gamma / s2) / c;
        c = sign(1.0, alpha) / c;
      } else {
        const tmp = s2 / s1;
        s = Math.sqrt(1.0 + tmp * tmp);
        sestpr = absest / s;
        c = (alpha / s1) / s;
        s = -sign(1.0, gamma) / s;
      }
    } else {
      const zeta1 = alpha / absest, zeta2 = gamma / absest;
      const norma = max(1.0 + zeta1 * zeta1 + abs(zeta1 * zeta2), abs(zeta1 * zeta2) + zeta2 * zeta2);
      const test = 1.0 + 2.0 * (zeta1 - zeta2) * (zeta1 + zeta2);
      let sine = 0.0, cosine = 0.0;
      if (test >= 0.0) {
        const b = (zeta1 * zeta1 + zeta2 * zeta2 + 1.0) * 0.5;
        const cc = zeta2 * zeta2;
        const t = cc / (b + Math.sqrt(abs(b * b - cc)));
        sine = zeta1 / (1.0 - t);
        cosine = -zeta2 / t;
        sestpr = Math.sqrt(t + 4.0 * EPS * EPS * norma) * absest;
      } else {
        const b = (zeta2 * zeta2 + zeta1 * zeta1 - 1.0) * 0.5;
        const cc = zeta1 * zeta1;
        const t = b >= 0.0 ? -cc / (b + Math.sqrt(b * b + cc)) : b - Math.sqrt(b * b + cc);
        sine = -zeta1 / t;
        cosine = -zeta2 / (1.0 + t);
        sestpr = Math.sqrt(1.0 + t + 4.0 * EPS * EPS * norma) * absest;
      }
      const tmp = Math.sqrt(sine * sine + cosine * cosine);
      s = sine / tmp; c = cosine / tmp;
    }
  }
  store<f64>(out, sestpr);
  store<f64>(out + 8, s);
  store<f64>(out + 16, c);
}

/** Workspace (bytes) of {@link qrRankIce} and of the `ice` state of {@link dgeqp3Truncated}. */
export function qrRankIceWorkspaceSize(k: i32): usize {
  return align16(64 + <usize>max(k, 1) * 16);
}

// ICE state: [smin, smax, rank, stopped, out0, out1, out2, pad] then xmin[k], xmax[k].
function iceReset(st: usize): void {
  for (let i = 0; i < 8; i++) store<f64>(st + (<usize>i << 3), 0.0);
}

/**
 * Advances the incremental condition estimate over the columns rank..done−1 of R (whose
 * leading done×done block is final). Returns false once a column has been rejected
 * (σmax·rcond > σmin) or R[0,0] = 0 — the rank (state slot 2) is then final.
 */
function iceAdvance(k: i32, done: i32, a: usize, lda: i32, rcond: f64, st: usize): bool {
  if (load<f64>(st + 24) != 0.0) return false;
  const xmin = st + 64;
  const xmax = xmin + (<usize>max(k, 1) << 3);
  const out = st + 32;
  let rank = <i32>load<f64>(st + 16);
  let smin = load<f64>(st), smax = load<f64>(st + 8);
  if (rank == 0 && done >= 1) {
    const r00 = abs(load<f64>(a));
    if (r00 == 0.0) { store<f64>(st + 24, 1.0); return false; }
    store<f64>(xmin, 1.0);
    store<f64>(xmax, 1.0);
    smax = r00; smin = r00;
    rank = 1;
  }
  let ok = true;
  while (rank < done) {
    const i = rank;
    const col = at(a, 0, i, lda);
    const gamma = load<f64>(at(a, i, i, lda));
    dlaic1(2, rank, xmin, smin, col, gamma, out);
    const sminpr = load<f64>(out), s1 = load<f64>(out + 8), c1 = load<f64>(out + 16);
    dlaic1(1, rank, xmax, smax, col, gamma, out);
    const smaxpr = load<f64>(out), s2 = load<f64>(out + 8), c2 = load<f64>(out + 16);
    // (sminpr > 0: with rcond = 0 an exactly singular leading block is still rejected, so the
    // triangular solve never divides by zero)
    if (smaxpr * rcond <= sminpr && sminpr > 0.0) {
      for (let p = 0; p < rank; p++) {
        const o = <usize>p << 3;
        store<f64>(xmin + o, s1 * load<f64>(xmin + o));
        store<f64>(xmax + o, s2 * load<f64>(xmax + o));
      }
      store<f64>(xmin + (<usize>rank << 3), c1);
      store<f64>(xmax + (<usize>rank << 3), c2);
      smin = sminpr;
      smax = smaxpr;
      rank++;
    } else {
      ok = false;
      store<f64>(st + 24, 1.0);
      break;
    }
  }
  store<f64>(st, smin);
  store<f64>(st + 8, smax);
  store<f64>(st + 16, <f64>rank);
  return ok;
}

/**
 * Numerical rank of the upper triangular R (leading k×k of A) as LAPACK dgelsy decides it:
 * the largest r such that the incremental estimates of σmin and σmax of R[0:r, 0:r] satisfy
 * σmax·rcond ≤ σmin (dlaic1). Returns 0 when R[0,0] = 0.
 */
export function qrRankIce(k: i32, a: usize, lda: i32, rcond: f64, work: usize): i32 {
  if (k == 0) return 0;
  iceReset(work);
  iceAdvance(k, k, a, lda, rcond, work);
  return <i32>load<f64>(work + 16);
}

// ------------------------------------------------------------------ complete orthogonal decomposition (gelsy tail)

/** Workspace (bytes) of {@link dgelsyTail}. */
export function dgelsyTailWorkspaceSize(n: i32, nrhs: i32, rank: i32): usize {
  return align16(<usize>max(rank, 1) * 8) + align16(<usize>max(rank, 1) * 8) +
    align16(<usize>max(n, 1) * <usize>max(nrhs, 1) * 8) + align16(dtrsmWorkspaceSize(max(rank, 1), max(nrhs, 1)));
}

/**
 * Minimum-norm solution from a column-pivoted QR (LAPACK dgelsy after the rank decision).
 * A (lda) holds R from {@link dgeqp3} (n columns), c (ldc) holds Qᵀ·B in its first `rank`
 * rows. Steps: RZ factorization [R11 R12] = [T 0]·Z of R[0:rank, 0:n] (dlatrz, overwrites A),
 * y = T⁻¹·c[0:rank] (dtrsm), y[rank:n] = 0, y ← Zᵀ·y (dormrz), x[jpvt[j]] = y[j].
 * x: n×nrhs (ldx).
 */
export function dgelsyTail(n: i32, nrhs: i32, rank: i32, a: usize, lda: i32, c: usize, ldc: i32,
  jpvt: usize, x: usize, ldx: i32, work: usize): void {
  const tauz = work;
  const wv = tauz + align16(<usize>max(rank, 1) * 8);
  const y = wv + align16(<usize>max(rank, 1) * 8);
  const tw = y + align16(<usize>max(n, 1) * <usize>max(nrhs, 1) * 8);
  const l = n - rank;
  // dlatrz: for i = rank−1 … 0, reflector from (A[i,i], A[i, rank:n]) applied to rows 0..i−1
  if (l > 0) {
    for (let i = rank - 1; i >= 0; i--) {
      const t = dlarfg(l + 1, at(a, i, i, lda), at(a, i, rank, lda), lda);
      store<f64>(tauz + (<usize>i << 3), t);
      if (i > 0 && t != 0.0) {
        // C = A[0:i, i:n]; v = (1 at column i, zeros, z = A[i, rank:n] at the last l columns)
        // w = C[:,i] + C[:, rank:n]·z ; C[:,i] −= tau·w ; C[:, rank:n] −= tau·w·zᵀ
        const ci = at(a, 0, i, lda);
        memory.copy(wv, ci, <usize>i << 3);
        for (let p = 0; p < l; p++) {
          const zp = load<f64>(at(a, i, rank + p, lda));
          if (zp != 0.0) axpyc(i, zp, at(a, 0, rank + p, lda), wv);
        }
        axpyc(i, -t, wv, ci);
        for (let p = 0; p < l; p++) {
          const zp = load<f64>(at(a, i, rank + p, lda));
          if (zp != 0.0) axpyc(i, -t * zp, wv, at(a, 0, rank + p, lda));
        }
      }
    }
  }
  // y = [T⁻¹ c[0:rank]; 0]
  for (let j = 0; j < nrhs; j++) {
    const yj = at(y, 0, j, n);
    memory.copy(yj, at(c, 0, j, ldc), <usize>rank << 3);
    for (let i = rank; i < n; i++) store<f64>(yj + (<usize>i << 3), 0.0);
  }
  dtrsm(0, 1, 0, 0, rank, nrhs, 1.0, a, lda, y, n, tw);
  // y ← Zᵀ y = Z(rank−1) … applied as Z(0) first (each Z(i) symmetric)
  if (l > 0) {
    for (let i = 0; i < rank; i++) {
      const t = load<f64>(tauz + (<usize>i << 3));
      if (t == 0.0) continue;
      for (let j = 0; j < nrhs; j++) {
        const yj = at(y, 0, j, n);
        let w = load<f64>(yj + (<usize>i << 3));
        for (let p = 0; p < l; p++) w += load<f64>(at(a, i, rank + p, lda)) * load<f64>(yj + (<usize>(rank + p) << 3));
        w *= t;
        store<f64>(yj + (<usize>i << 3), load<f64>(yj + (<usize>i << 3)) - w);
        for (let p = 0; p < l; p++) {
          const q = yj + (<usize>(rank + p) << 3);
          store<f64>(q, load<f64>(q) - w * load<f64>(at(a, i, rank + p, lda)));
        }
      }
    }
  }
  // x = P·y
  for (let j = 0; j < nrhs; j++) {
    for (let i = 0; i < n; i++) {
      const pi = load<i32>(jpvt + (<usize>i << 2));
      store<f64>(at(x, pi, j, ldx), load<f64>(at(y, i, j, n)));
    }
  }
}

/** Copies the upper trapezoid of A (rows 0..k−1) into R (k×n, ldr) with zeros below the diagonal. */
export function qrExtractR(k: i32, n: i32, a: usize, lda: i32, r: usize, ldr: i32): void {
  for (let j = 0; j < n; j++) {
    const nc = min(j + 1, k);
    memory.copy(at(r, 0, j, ldr), at(a, 0, j, lda), <usize>nc << 3);
    for (let i = nc; i < k; i++) store<f64>(at(r, i, j, ldr), 0.0);
  }
}

/**
 * Unblocked C (m×n) ← Qᵀ·C (trans = 1) or Q·C (trans = 0) from the first k reflectors stored
 * below the diagonal of A and tau (LAPACK dorm2r, left side): one dot and one axpy per
 * reflector and column of C. Cheaper than {@link dgemqrt} for a few right-hand sides (no T).
 */
export function dorm2r(trans: i32, m: i32, n: i32, k: i32, a: usize, lda: i32, tau: usize, c: usize, ldc: i32): void {
  orm2r(trans, m, n, k, a, lda, tau, 0, c, ldc);
}

/** {@link dorm2r} with the tau values read from the diagonals of the T blocks (t, ldt). */
export function dorm2rT(trans: i32, m: i32, n: i32, k: i32, a: usize, lda: i32, t: usize, ldt: i32, c: usize, ldc: i32): void {
  orm2r(trans, m, n, k, a, lda, t, ldt, c, ldc);
}

function orm2r(trans: i32, m: i32, n: i32, k: i32, a: usize, lda: i32, tau: usize, ldt: i32, c: usize, ldc: i32): void {
  for (let s = 0; s < k; s++) {
    const i = trans ? s : k - 1 - s;
    const t = ldt == 0 ? load<f64>(tau + (<usize>i << 3)) : load<f64>(at(tau, i % NB, i, ldt));
    if (t == 0.0) continue;
    const aii = at(a, i, i, lda);
    const keep = load<f64>(aii);
    store<f64>(aii, 1.0);
    applyReflectorLeft(m - i, n, aii, t, at(c, i, 0, ldc), ldc);
    store<f64>(aii, keep);
  }
}

/** Workspace (bytes) of {@link qrFormQ}. */
export function qrFormQWorkspaceSize(m: i32, k: i32): usize {
  return dgemqrtWorkspaceSize(m, k);
}

/**
 * Thin Q₁ (m×k, ldq) from the first k reflectors in A and their T blocks (LAPACK dorgqr with
 * the blocked dlarfb): Q₁ = H₀·…·H_{k−1}·I[:, 0:k], panels applied last to first, each only
 * to the columns it can change (columns < i of the partial product are still e_j there).
 */
export function qrFormQ(m: i32, k: i32, a: usize, lda: i32, t: usize, ldt: i32, q: usize, ldq: i32, work: usize): void {
  for (let j = 0; j < k; j++) {
    const cj = at(q, 0, j, ldq);
    for (let i = 0; i < m; i++) store<f64>(cj + (<usize>i << 3), i == j ? 1.0 : 0.0);
  }
  if (m == 0 || k == 0) return;
  const v = work;
  const w = v + align16(<usize>max(m, 1) * <usize>NB * 8);
  const gw = w + align16(<usize>NB * <usize>max(k, 1) * 8);
  const nblocks = (k + NB - 1) / NB;
  for (let b = nblocks - 1; b >= 0; b--) {
    const i = b * NB;
    const ib = min(NB, k - i);
    copyV(m - i, ib, at(a, i, i, lda), lda, v);
    larfb(0, m - i, k - i, ib, v, at(t, 0, i, ldt), ldt, at(q, i, i, ldq), ldq, w, gw);
  }
}
