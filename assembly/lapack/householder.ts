// Householder reflectors, the one home of every reflector routine (used by qr, qp3, gelsy,
// bidiag, eig and form-Q):
//
//   dlarfg            generate H = I − τ v vᵀ with H (α; x) = (β; 0)                 (LAPACK dlarfg)
//   applyReflectorLeft / larfLeft   C ← H C, one column at a time                     (dlarf, side L)
//   rowReflector / colReflector     copy a stored reflector into a contiguous vector
//   copyV / larft / larfb           compact WY: explicit V, T from VᵀV, C ← (I − V T Vᵀ)ᵀ C
//   dorg2r / dorgqrBlocked          form Q from stored reflectors (unblocked / blocked)  (dorg2r, dorgqr)
//
// Two apply-left loops exist on purpose: `applyReflectorLeft` (QR family: two-accumulator
// `dotc` + `axpyc`) and `larfLeft` (bidiagonal/tridiagonal family: `ddot` + `daxpy`) round
// differently, and this file was assembled by a move that keeps every result bit-identical.
// Making them one is a numerics change for a later, separate commit.
import { madd } from '../core/simd';
import { at, ld, st, align16 } from '../core/addr';
import { dnrm2, dscal } from '../blas/level1';
import { dtrmm } from '../blas/level3';
import { dgemm, dgemmWorkspaceSize } from '../gemm/driver';
import { sign, dot1, axpy1, axpyc, dotc } from './util';

const EPS: f64 = 2.220446049250313e-16; // 2^-52 (dlarfg's safmin/eps, as in the QR code)
const SAFMIN: f64 = 2.2250738585072014e-308;
/** x *= alpha (strided). */
function scal(n: i32, alpha: f64, x: usize, inc: i32): void {
  for (let i = 0; i < n; i++) {
    const p = x + ((<usize>i * <usize>inc) << 3);
    store<f64>(p, alpha * load<f64>(p));
  }
}

/** sqrt(x² + y²) without overflow (dlapy2). */
@inline export function lapy2(x: f64, y: f64): f64 {
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
export function applyReflectorLeft(m: i32, n: i32, v: usize, tau: f64, c: usize, ldc: i32): void {
  if (tau == 0.0) return;
  for (let j = 0; j < n; j++) {
    const cj = at(c, 0, j, ldc);
    const s = dotc(m, v, cj);
    if (s != 0.0) axpyc(m, -tau * s, v, cj);
  }
}

// ------------------------------------------------------------------ elementary reflectors

/**
 * C (len×nc, ldc) ← (I − τ v vᵀ) C, one dot/axpy pass per column (LAPACK dlarf, side 'L');
 * v has len contiguous entries with v[0] = 1.
 */
@inline export function larfLeft(len: i32, v: usize, tau: f64, nc: i32, c: usize, ldc: i32): void {
  for (let j = 0; j < nc; j++) {
    const col = at(c, 0, j, ldc);
    const w = dot1(len, v, col);
    if (w != 0.0) axpy1(len, -tau * w, v, col);
  }
}

/** u ← [1, A(i, i+2 : i+len)]: the row reflector G(i) of {@link dgebrd} as a contiguous vector. */
@inline export function rowReflector(len: i32, a: usize, lda: i32, i: i32, u: usize): void {
  st(u, 0, 1.0);
  for (let r = 1; r < len; r++) st(u, r, load<f64>(at(a, i, i + 1 + r, lda)));
}

/** v ← [1, A(i+1 : i+len, i)]: the column reflector H(i) of {@link dgebrd} as a contiguous vector. */
@inline export function colReflector(len: i32, a: usize, lda: i32, i: i32, v: usize): void {
  st(v, 0, 1.0);
  for (let r = 1; r < len; r++) st(v, r, load<f64>(at(a, i + r, i, lda)));
}

// ------------------------------------------------------------------ compact WY helpers

/** Copies the unit lower trapezoidal V (mv×ib, stored below the diagonal of A) into an explicit mv×ib buffer. */
export function copyV(mv: i32, ib: i32, a: usize, lda: i32, v: usize): void {
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
export function larft(mv: i32, ib: i32, v: usize, tau: usize, t: usize, ldt: i32, g: usize, gw: usize): void {
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
export function larfb(trans: i32, mv: i32, n: i32, ib: i32, v: usize, t: usize, ldt: i32, c: usize, ldc: i32, w: usize, gw: usize): void {
  if (n <= 0 || mv <= 0) return;
  dgemm(1, 0, ib, n, mv, 1.0, v, mv, c, ldc, 0.0, w, ib, gw);
  // Hᵀ = I − V·Tᵀ·Vᵀ: W ← Tᵀ·W;  H: W ← T·W
  dtrmm(0, 1, trans, 0, ib, n, 1.0, t, ldt, w, ib, gw);
  dgemm(0, 0, mv, n, ib, -1.0, v, mv, w, ib, 1.0, c, ldc, gw);
}

// ------------------------------------------------------------------ forming Q

/** GEMM packing workspace that covers every GEMM call of the blocked Q formation / bidiagonalization for matrices up to m×n. */
@inline export function gemmWs(m: i32, n: i32): usize {
  const t = max(m, n);
  return dgemmWorkspaceSize(t, t, t);
}

/** Panel width of the blocked Q formation. */
const NB: i32 = 32;
/** Below this size the unblocked code is used. */
const NX: i32 = 128;
/**
 * In place: A (m×n, k reflectors stored below the diagonal as by QR, scalars tau) is
 * overwritten with the first n columns of H(0)…H(k−1) (LAPACK dorg2r, unblocked).
 */
export function dorg2r(m: i32, n: i32, k: i32, a: usize, lda: i32, tau: usize): void {
  for (let j = k; j < n; j++) {
    const col = at(a, 0, j, lda);
    for (let l = 0; l < m; l++) st(col, l, 0.0);
    st(col, j, 1.0);
  }
  for (let i = k - 1; i >= 0; i--) {
    const t = ld(tau, i);
    const v = at(a, i, i, lda);
    if (i < n - 1) {
      store<f64>(v, 1.0);
      larfLeft(m - i, v, t, n - i - 1, at(a, i, i + 1, lda), lda);
    }
    if (i < m - 1) dscal(m - i - 1, -t, v + 8, 1);
    store<f64>(v, 1.0 - t);
    for (let l = 0; l < i; l++) store<f64>(at(a, l, i, lda), 0.0);
  }
}

/** Workspace (bytes) of {@link dorgqrBlocked}. */
export function dorgqrWorkspaceSize(m: i32, n: i32): usize {
  // clean V (m×NB), T (NB×NB), W (NB×n), GEMM packing
  return ((<usize>m * <usize>NB + <usize>NB * <usize>NB + <usize>NB * <usize>n + 8) << 3) + gemmWs(m, n) + 32;
}

/**
 * In place, blocked (LAPACK dorgqr): A (m×n) holding k ≤ n QR-style reflectors becomes the first
 * n columns of Q = H(0)…H(k−1). Blocks of NB reflectors are applied with the compact WY form
 * I − V T Vᵀ through two GEMMs.
 */
export function dorgqrBlocked(m: i32, n: i32, k: i32, a: usize, lda: i32, tau: usize, work: usize): void {
  if (n <= 0) return;
  if (k < NX || n < NX) { dorg2r(m, n, k, a, lda, tau); return; }
  const vw = work;
  const tw = vw + ((<usize>m * <usize>NB) << 3);
  const ww = tw + ((<usize>NB * <usize>NB) << 3);
  const gw = (ww + ((<usize>NB * <usize>n) << 3) + 15) & ~(<usize>15);
  // the last block (and columns k…n−1) by the unblocked code
  const ki = ((k - NX - 1) / NB) * NB;
  const kk = min(k, ki + NB);
  dorg2r(m - kk, n - kk, k - kk, at(a, kk, kk, lda), lda, tau + (<usize>kk << 3));
  for (let j = kk; j < n; j++) for (let l = 0; l < kk; l++) store<f64>(at(a, l, j, lda), 0.0);
  for (let i = ki; i >= 0; i -= NB) {
    const ib = min(NB, k - i);
    const mv = m - i;
    if (i + ib < n) {
      // clean copy of V (mv×ib, unit lower trapezoidal)
      for (let j = 0; j < ib; j++) {
        const src = at(a, i, i + j, lda), dst = vw + ((<usize>j * <usize>mv) << 3);
        for (let l = 0; l < j; l++) st(dst, l, 0.0);
        st(dst, j, 1.0);
        for (let l = j + 1; l < mv; l++) st(dst, l, ld(src, l));
      }
      // T (ib×ib upper): T(j,j) = τ_j, T(0:j, j) = −τ_j T(0:j,0:j) V(:,0:j)ᵀ v_j
      for (let j = 0; j < ib; j++) {
        const tj = ld(tau, i + j);
        const tcol = tw + ((<usize>j * <usize>NB) << 3);
        const vj = vw + ((<usize>j * <usize>mv) << 3);
        for (let l = 0; l < j; l++) st(tcol, l, -tj * dot1(mv - j, vw + ((<usize>(j + l * mv)) << 3), vj + (<usize>j << 3)));
        // tcol(0:j) ← T(0:j,0:j) tcol(0:j) (upper triangular, top-down in place)
        for (let r = 0; r < j; r++) {
          let sum: f64 = 0;
          for (let c = r; c < j; c++) sum += load<f64>(tw + ((<usize>(r + c * NB)) << 3)) * ld(tcol, c);
          st(tcol, r, sum);
        }
        st(tcol, j, tj);
      }
      // C = A(i:m, i+ib:n) ← (I − V T Vᵀ) C
      const nc = n - i - ib;
      const c = at(a, i, i + ib, lda);
      dgemm(1, 0, ib, nc, mv, 1.0, vw, mv, c, lda, 0.0, ww, NB, gw);
      for (let col = 0; col < nc; col++) {
        const wcol = ww + ((<usize>col * <usize>NB) << 3);
        for (let r = 0; r < ib; r++) {
          let sum: f64 = 0;
          for (let q = r; q < ib; q++) sum += load<f64>(tw + ((<usize>(r + q * NB)) << 3)) * ld(wcol, q);
          st(wcol, r, sum);
        }
      }
      dgemm(0, 0, mv, nc, ib, -1.0, vw, mv, ww, NB, 1.0, c, lda, gw);
    }
    dorg2r(mv, ib, ib, at(a, i, i, lda), lda, tau + (<usize>i << 3));
    for (let j = i; j < i + ib; j++) for (let l = 0; l < i; l++) store<f64>(at(a, l, j, lda), 0.0);
  }
}
