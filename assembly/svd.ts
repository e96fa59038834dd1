// SVD kernels (column-major, LAPACK conventions, m ≥ n: callers transpose wide matrices).
//
//   dgebrd   blocked Householder bidiagonalization A = Q B Pᵀ (dlabrd panels + GEMM)  (LAPACK dgebrd)
//   dgebd2   its unblocked reference twin                                         (LAPACK dgebd2)
//   dorgqrBlocked / dorgbrQ / dorgbrP   Q (m×n) and P (n×n) by compact-WY blocks  (dorgqr, dorgbr)
//   dormbrQt / dormbrQ / dormbrP / dormbrPt   apply Q, Qᵀ, P, Pᵀ without forming them (dormbr)
//   dbdsqr   implicit-shift bidiagonal QR with Demmel–Kahan zero shift            (LAPACK dbdsqr)
//            rotations go to the columns of V and U (contiguous, SIMD) and to the rows of C
//   dbdsqrRecord / dbdsqrApplyV / dgelssResume   the same iteration with one side's rotations
//            recorded instead of accumulated (least squares never forms U or V)
//   dgesvd   driver: thin SVD (values only or with U, V)
//   dgelss   least-squares driver with V accumulated (used by LSRN's sketch SVD)
//   dgelssRecord / dgelssApply, dgelssRecordWide / dgelssApplyWide   least-squares drivers
//
// Kernels never allocate: every driver has a `…WorkspaceSize` twin (bytes).
import { dgemm, dgemmWorkspaceSize } from './gemm';

import { dgemv, dnrm2, drot, dscal } from './blas';
import { dlarfg } from './qr';
import { at as P, ld, st, sign, dot1, axpy1, rot1, hypot2 } from './lapack-util';

const EPS: f64 = 1.1102230246251565e-16; // 2^-53, LAPACK dlamch('E')
const SAFMIN: f64 = 2.2250738585072014e-308;

// ------------------------------------------------------------------ scalar LAPACK auxiliaries

// dlartg results (module-level scratch registers; kernels stay re-entrant as wasm is single-threaded)
let gC: f64 = 0, gS: f64 = 0, gR: f64 = 0;

/** Plane rotation with [c s; −s c] [f; g] = [r; 0] (LAPACK dlartg conventions). */
@inline function dlartg(f: f64, g: f64): void {
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

// dlas2 / dlasv2 outputs
let sMin: f64 = 0, sMax: f64 = 0, sSnr: f64 = 0, sCsr: f64 = 0, sSnl: f64 = 0, sCsl: f64 = 0;

/** Singular values of the 2×2 upper triangular [f g; 0 h] (LAPACK dlas2): sMin, sMax. */
function dlas2(f: f64, g: f64, h: f64): void {
  const fa = abs(f), ga = abs(g), ha = abs(h);
  const fhmn = min(fa, ha), fhmx = max(fa, ha);
  if (fhmn == 0.0) {
    sMin = 0.0;
    if (fhmx == 0.0) sMax = ga;
    else {
      const mx = max(fhmx, ga), mn = min(fhmx, ga);
      sMax = mx * sqrt(1.0 + (mn / mx) * (mn / mx));
    }
  } else if (ga < fhmx) {
    const as = 1.0 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx, au = (ga / fhmx) * (ga / fhmx);
    const c = 2.0 / (sqrt(as * as + au) + sqrt(at * at + au));
    sMin = fhmn * c;
    sMax = fhmx / c;
  } else {
    const au = fhmx / ga;
    if (au == 0.0) {
      sMin = (fhmn * fhmx) / ga;
      sMax = ga;
    } else {
      const as = 1.0 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx;
      const c = 1.0 / (sqrt(1.0 + (as * au) * (as * au)) + sqrt(1.0 + (at * au) * (at * au)));
      sMin = (fhmn * c) * au;
      sMin = sMin + sMin;
      sMax = ga / (c + c);
    }
  }
}

/**
 * SVD of the 2×2 upper triangular [f g; 0 h] (LAPACK dlasv2):
 * [csl snl; −snl csl] [f g; 0 h] [csr −snr; snr csr] = [sMax 0; 0 sMin].
 */
function dlasv2(f: f64, g: f64, h: f64): void {
  let ft = f, fa = abs(ft), ht = h, ha = abs(h);
  let pmax = 1;
  const swap = ha > fa;
  if (swap) {
    pmax = 3;
    let t = ft; ft = ht; ht = t;
    t = fa; fa = ha; ha = t;
  }
  const gt = g, ga = abs(gt);
  let clt: f64, crt: f64, slt: f64, srt: f64, ssmin: f64, ssmax: f64;
  if (ga == 0.0) {
    ssmin = ha; ssmax = fa;
    clt = 1.0; crt = 1.0; slt = 0.0; srt = 0.0;
  } else {
    let gasmal = true;
    clt = 1.0; crt = 1.0; slt = 0.0; srt = 0.0; ssmin = 0.0; ssmax = 0.0;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < EPS) {
        gasmal = false;
        ssmax = ga;
        if (ha > 1.0) ssmin = fa / (ga / ha);
        else ssmin = (fa / ga) * ha;
        clt = 1.0;
        slt = ht / gt;
        srt = 1.0;
        crt = ft / gt;
      }
    }
    if (gasmal) {
      const d = fa - ha;
      let l: f64 = d == fa ? 1.0 : d / fa;
      const m = gt / ft;
      let t = 2.0 - l;
      const mm = m * m, tt = t * t;
      const s = sqrt(tt + mm);
      const r: f64 = l == 0.0 ? abs(m) : sqrt(l * l + mm);
      const a = 0.5 * (s + r);
      ssmin = ha / a;
      ssmax = fa * a;
      if (mm == 0.0) {
        if (l == 0.0) t = sign(2.0, ft) * sign(1.0, gt);
        else t = gt / sign(d, ft) + m / t;
      } else {
        t = (m / (s + t) + m / (r + l)) * (1.0 + a);
      }
      l = sqrt(t * t + 4.0);
      crt = 2.0 / l;
      srt = t / l;
      clt = (crt + srt * m) / a;
      slt = (ht / ft) * srt / a;
    }
  }
  let csl: f64, snl: f64, csr: f64, snr: f64;
  if (swap) { csl = srt; snl = crt; csr = slt; snr = clt; }
  else { csl = clt; snl = slt; csr = crt; snr = srt; }
  let tsign: f64 = 1.0;
  if (pmax == 1) tsign = sign(1.0, csr) * sign(1.0, csl) * sign(1.0, f);
  else if (pmax == 2) tsign = sign(1.0, snr) * sign(1.0, csl) * sign(1.0, g);
  else tsign = sign(1.0, snr) * sign(1.0, snl) * sign(1.0, h);
  sMax = sign(ssmax, tsign);
  sMin = sign(ssmin, tsign * sign(1.0, f) * sign(1.0, h));
  sCsl = csl; sSnl = snl; sCsr = csr; sSnr = snr;
}

// ------------------------------------------------------------------ elementary reflectors

/**
 * C (len×nc, ldc) ← (I − τ v vᵀ) C, one dot/axpy pass per column (LAPACK dlarf, side 'L');
 * v has len contiguous entries with v[0] = 1.
 */
@inline function larfLeft(len: i32, v: usize, tau: f64, nc: i32, c: usize, ldc: i32): void {
  for (let j = 0; j < nc; j++) {
    const col = P(c, 0, j, ldc);
    const w = dot1(len, v, col);
    if (w != 0.0) axpy1(len, -tau * w, v, col);
  }
}

/** u ← [1, A(i, i+2 : i+len)]: the row reflector G(i) of {@link dgebrd} as a contiguous vector. */
@inline function rowReflector(len: i32, a: usize, lda: i32, i: i32, u: usize): void {
  st(u, 0, 1.0);
  for (let r = 1; r < len; r++) st(u, r, load<f64>(P(a, i, i + 1 + r, lda)));
}

/** v ← [1, A(i+1 : i+len, i)]: the column reflector H(i) of {@link dgebrd} as a contiguous vector. */
@inline function colReflector(len: i32, a: usize, lda: i32, i: i32, v: usize): void {
  st(v, 0, 1.0);
  for (let r = 1; r < len; r++) st(v, r, load<f64>(P(a, i + r, i, lda)));
}

// ------------------------------------------------------------------ bidiagonalization

/** Workspace (bytes) of {@link dgebd2}. */
export function dgebd2WorkspaceSize(m: i32, n: i32): usize {
  return (<usize>(m + n) + 2) << 3;
}

/**
 * Householder bidiagonalization of A (m×n, m ≥ n): Qᵀ A P = B, upper bidiagonal with diagonal d
 * (n) and superdiagonal e (n−1). Reflector vectors overwrite A below the diagonal (Q, scalars
 * tauq) and right of the superdiagonal (P, scalars taup), as in LAPACK dgebd2.
 * Cost 4mn² − 4n³/3 flops (level-2: one fused dot/axpy pass for the left reflector, two passes
 * for the right one).
 */
export function dgebd2(m: i32, n: i32, a: usize, lda: i32, d: usize, e: usize, tauq: usize, taup: usize, work: usize): void {
  const u = work; // contiguous copy of the current row reflector (n)
  for (let i = 0; i < n; i++) {
    // left reflector H(i) annihilates A(i+1:m, i)
    const aii = P(a, i, i, lda);
    const tq = dlarfg(m - i, aii, aii + 8, 1);
    st(tauq, i, tq);
    st(d, i, load<f64>(aii));
    if (tq != 0.0) {
      store<f64>(aii, 1.0);
      larfLeft(m - i, aii, tq, n - i - 1, P(a, i, i + 1, lda), lda);
      store<f64>(aii, ld(d, i));
    }
    if (i < n - 1) {
      // right reflector G(i) annihilates A(i, i+2:n)
      const aij = P(a, i, i + 1, lda);
      const tp = dlarfg(n - i - 1, aij, aij + (<usize>lda << 3), lda);
      st(taup, i, tp);
      st(e, i, load<f64>(aij));
      if (tp != 0.0) {
        const len = n - i - 1;
        rowReflector(len, a, lda, i, u);
        const rows = m - i - 1;
        // w = A(i+1:m, i+1:n) u  (stored after u)
        const w = u + (<usize>n << 3);
        for (let r = 0; r < rows; r++) st(w, r, 0.0);
        for (let j = 0; j < len; j++) {
          const uj = ld(u, j);
          if (uj != 0.0) axpy1(rows, uj, P(a, i + 1, i + 1 + j, lda), w);
        }
        // A -= tp w uᵀ
        for (let j = 0; j < len; j++) {
          const uj = ld(u, j);
          if (uj != 0.0) axpy1(rows, -tp * uj, w, P(a, i + 1, i + 1 + j, lda));
        }
      }
    } else {
      st(taup, i, 0.0);
    }
  }
}


// ------------------------------------------------------------------ blocked bidiagonalization

/** GEMM packing workspace that covers every GEMM call below for matrices up to m×n. */
@inline function gemmWs(m: i32, n: i32): usize {
  const t = max(m, n);
  return dgemmWorkspaceSize(t, t, t);
}

/** Panel width of the blocked bidiagonalization and of the blocked Q / P formation. */
const NB: i32 = 32;
/** Below this size the unblocked code is used. */
const NX: i32 = 128;

/**
 * Reduces the first nb rows and columns of A (m×n, m ≥ n) to bidiagonal form (LAPACK dlabrd,
 * m ≥ n branch) and returns X (m×nb, ldx) and Y (n×nb, ldy) such that the trailing matrix is
 * updated by A ← A − V Yᵀ − X Uᵀ (V: left reflectors in the panel columns, U: right reflectors
 * in the panel rows). On exit A(i,i) and A(i,i+1) (i < nb) hold the reflectors' leading 1.
 */
function dlabrd(m: i32, n: i32, nb: i32, a: usize, lda: i32, d: usize, e: usize, tauq: usize, taup: usize,
  x: usize, ldx: i32, y: usize, ldy: i32): void {
  for (let i = 0; i < nb; i++) {
    const aii = P(a, i, i, lda);
    // update A(i:m, i)
    if (i > 0) {
      dgemv(0, m - i, i, -1.0, P(a, i, 0, lda), lda, P(y, i, 0, ldy), ldy, 1.0, aii, 1);
      dgemv(0, m - i, i, -1.0, P(x, i, 0, ldx), ldx, P(a, 0, i, lda), 1, 1.0, aii, 1);
    }
    // left reflector
    const tq = dlarfg(m - i, aii, P(a, min(i + 1, m - 1), i, lda), 1);
    st(tauq, i, tq);
    st(d, i, load<f64>(aii));
    if (i < n - 1) {
      store<f64>(aii, 1.0);
      const yc = P(y, i + 1, i, ldy), yt = P(y, 0, i, ldy);
      // Y(i+1:n, i)
      dgemv(1, m - i, n - i - 1, 1.0, P(a, i, i + 1, lda), lda, aii, 1, 0.0, yc, 1);
      if (i > 0) {
        dgemv(1, m - i, i, 1.0, P(a, i, 0, lda), lda, aii, 1, 0.0, yt, 1);
        dgemv(0, n - i - 1, i, -1.0, P(y, i + 1, 0, ldy), ldy, yt, 1, 1.0, yc, 1);
        dgemv(1, m - i, i, 1.0, P(x, i, 0, ldx), ldx, aii, 1, 0.0, yt, 1);
        dgemv(1, i, n - i - 1, -1.0, P(a, 0, i + 1, lda), lda, yt, 1, 1.0, yc, 1);
      }
      dscal(n - i - 1, tq, yc, 1);
      // update A(i, i+1:n)
      const row = P(a, i, i + 1, lda);
      dgemv(0, n - i - 1, i + 1, -1.0, P(y, i + 1, 0, ldy), ldy, P(a, i, 0, lda), lda, 1.0, row, lda);
      if (i > 0) dgemv(1, i, n - i - 1, -1.0, P(a, 0, i + 1, lda), lda, P(x, i, 0, ldx), ldx, 1.0, row, lda);
      // right reflector
      const tp = dlarfg(n - i - 1, row, P(a, i, min(i + 2, n - 1), lda), lda);
      st(taup, i, tp);
      st(e, i, load<f64>(row));
      store<f64>(row, 1.0);
      // X(i+1:m, i)
      const xc = P(x, i + 1, i, ldx), xt = P(x, 0, i, ldx);
      dgemv(0, m - i - 1, n - i - 1, 1.0, P(a, i + 1, i + 1, lda), lda, row, lda, 0.0, xc, 1);
      dgemv(1, n - i - 1, i + 1, 1.0, P(y, i + 1, 0, ldy), ldy, row, lda, 0.0, xt, 1);
      dgemv(0, m - i - 1, i + 1, -1.0, P(a, i + 1, 0, lda), lda, xt, 1, 1.0, xc, 1);
      if (i > 0) {
        dgemv(0, i, n - i - 1, 1.0, P(a, 0, i + 1, lda), lda, row, lda, 0.0, xt, 1);
        dgemv(0, m - i - 1, i, -1.0, P(x, i + 1, 0, ldx), ldx, xt, 1, 1.0, xc, 1);
      }
      dscal(m - i - 1, tp, xc, 1);
    } else {
      st(taup, i, 0.0);
    }
  }
}

/** Workspace (bytes) of {@link dgebrd}. */
export function dgebrdWorkspaceSize(m: i32, n: i32): usize {
  // X (m×NB), Y (n×NB), GEMM packing, unblocked tail (m + n + 2)
  return ((<usize>(m + n) * <usize>NB + <usize>(m + n) + 8) << 3) + gemmWs(m, n) + 16;
}

/**
 * Blocked Householder bidiagonalization (LAPACK dgebrd, m ≥ n): same output as {@link dgebd2}.
 * Panels of NB columns are reduced by dlabrd; the trailing matrix gets two GEMM updates per
 * panel, so half of the 4mn² − 4n³/3 flops run at GEMM speed.
 */
export function dgebrd(m: i32, n: i32, a: usize, lda: i32, d: usize, e: usize, tauq: usize, taup: usize, work: usize): void {
  const ldx = m, ldy = n;
  const x = work, y = x + ((<usize>m * <usize>NB) << 3);
  const gw = (y + ((<usize>n * <usize>NB) << 3) + 15) & ~(<usize>15);
  const tailw = gw + gemmWs(m, n);
  let i = 0;
  if (n >= NX) {
    for (; i < n - NX; i += NB) {
      const nb = NB;
      dlabrd(m - i, n - i, nb, P(a, i, i, lda), lda, d + (<usize>i << 3), e + (<usize>i << 3),
        tauq + (<usize>i << 3), taup + (<usize>i << 3), x, ldx, y, ldy);
      const mr = m - i - nb, nr = n - i - nb;
      // A22 ← A22 − V Yᵀ − X Uᵀ
      dgemm(0, 1, mr, nr, nb, -1.0, P(a, i + nb, i, lda), lda, P(y, nb, 0, ldy), ldy, 1.0, P(a, i + nb, i + nb, lda), lda, gw);
      dgemm(0, 0, mr, nr, nb, -1.0, P(x, nb, 0, ldx), ldx, P(a, i, i + nb, lda), lda, 1.0, P(a, i + nb, i + nb, lda), lda, gw);
      for (let j = i; j < i + nb; j++) {
        store<f64>(P(a, j, j, lda), ld(d, j));
        store<f64>(P(a, j, j + 1, lda), ld(e, j));
      }
    }
  }
  dgebd2(m - i, n - i, P(a, i, i, lda), lda, d + (<usize>i << 3), e + (<usize>i << 3),
    tauq + (<usize>i << 3), taup + (<usize>i << 3), tailw);
}

// ------------------------------------------------------------------ blocked Q formation

/**
 * In place: A (m×n, k reflectors stored below the diagonal as by QR, scalars tau) is
 * overwritten with the first n columns of H(0)…H(k−1) (LAPACK dorg2r, unblocked).
 */
function dorg2r(m: i32, n: i32, k: i32, a: usize, lda: i32, tau: usize): void {
  for (let j = k; j < n; j++) {
    const col = P(a, 0, j, lda);
    for (let l = 0; l < m; l++) st(col, l, 0.0);
    st(col, j, 1.0);
  }
  for (let i = k - 1; i >= 0; i--) {
    const t = ld(tau, i);
    const v = P(a, i, i, lda);
    if (i < n - 1) {
      store<f64>(v, 1.0);
      larfLeft(m - i, v, t, n - i - 1, P(a, i, i + 1, lda), lda);
    }
    if (i < m - 1) dscal(m - i - 1, -t, v + 8, 1);
    store<f64>(v, 1.0 - t);
    for (let l = 0; l < i; l++) store<f64>(P(a, l, i, lda), 0.0);
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
  dorg2r(m - kk, n - kk, k - kk, P(a, kk, kk, lda), lda, tau + (<usize>kk << 3));
  for (let j = kk; j < n; j++) for (let l = 0; l < kk; l++) store<f64>(P(a, l, j, lda), 0.0);
  for (let i = ki; i >= 0; i -= NB) {
    const ib = min(NB, k - i);
    const mv = m - i;
    if (i + ib < n) {
      // clean copy of V (mv×ib, unit lower trapezoidal)
      for (let j = 0; j < ib; j++) {
        const src = P(a, i, i + j, lda), dst = vw + ((<usize>j * <usize>mv) << 3);
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
      const c = P(a, i, i + ib, lda);
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
    dorg2r(mv, ib, ib, P(a, i, i, lda), lda, tau + (<usize>i << 3));
    for (let j = i; j < i + ib; j++) for (let l = 0; l < i; l++) store<f64>(P(a, l, j, lda), 0.0);
  }
}

/** Workspace (bytes) of {@link dorgbrQ}, {@link dorgbrP} (n×n) and {@link dormbrQt}. */
export function dorgbrWorkspaceSize(m: i32, n: i32): usize {
  return max(dorgqrWorkspaceSize(m, n), (<usize>(m + 2)) << 3);
}

/**
 * Forms the thin Q (m×n, ldq) of {@link dgebd2} / {@link dgebrd} from the reflectors stored in A
 * (lda): Q = H(0) H(1) … H(n−1) applied to the first n columns of I (blocked, in q).
 * work: {@link dorgqrWorkspaceSize}(m, n) bytes.
 */
export function dorgbrQ(m: i32, n: i32, a: usize, lda: i32, tauq: usize, q: usize, ldq: i32, work: usize): void {
  for (let j = 0; j < n; j++) memory.copy(P(q, 0, j, ldq), P(a, 0, j, lda), <usize>m << 3);
  dorgqrBlocked(m, n, n, q, ldq, tauq, work);
}

/**
 * Forms P (n×n, ldp) of {@link dgebd2} / {@link dgebrd}: P = G(0) G(1) … G(n−2), G(i) acting on
 * indices i+1…n−1 with the vectors stored in row i of A right of the superdiagonal. P = diag(1, P̃)
 * where P̃ is formed like a QR factor (blocked). work: {@link dorgqrWorkspaceSize}(n, n) bytes.
 */
export function dorgbrP(n: i32, a: usize, lda: i32, taup: usize, p: usize, ldp: i32, work: usize): void {
  for (let j = 0; j < n; j++) {
    const col = P(p, 0, j, ldp);
    for (let i = 0; i < n; i++) st(col, i, 0.0);
  }
  store<f64>(p, 1.0);
  if (n == 1) return;
  // P̃ = P(1:n, 1:n); column i of P̃ holds reflector i below its diagonal: P̃(r, i) = A(i, r+1)
  for (let i = 0; i < n - 1; i++) {
    for (let r = i + 1; r < n - 1; r++) store<f64>(P(p, r + 1, i + 1, ldp), load<f64>(P(a, i, r + 1, lda)));
  }
  dorgqrBlocked(n - 1, n - 1, n - 1, P(p, 1, 1, ldp), ldp, taup, work);
}

/** C (m×nc, ldc) ← Qᵀ C with Q = H(0)…H(n−1) of {@link dgebd2}; work: m doubles. */
export function dormbrQt(m: i32, n: i32, a: usize, lda: i32, tauq: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const v = work;
  for (let i = 0; i < n; i++) {
    const tq = ld(tauq, i);
    if (tq == 0.0) continue;
    const len = m - i;
    colReflector(len, a, lda, i, v);
    larfLeft(len, v, tq, nc, P(c, i, 0, ldc), ldc);
  }
}

// ------------------------------------------------------------------ bidiagonal QR

/** Applies rotations (cs[j], sn[j]), j = 0…cnt−1, to column pairs (j, j+1) of X (rows×·), forward or backward. */
function rotColsSeq(rows: i32, cnt: i32, cs: usize, sn: usize, x: usize, ldx: i32, forward: bool): void {
  // LAPACK dlasr('R','V',dir): x_{j+1} ← c x_{j+1} − s x_j, x_j ← s x_{j+1} + c x_j
  // = drot(x_{j+1}, x_j, c, −s)
  if (forward) {
    for (let j = 0; j < cnt; j++) {
      const c = ld(cs, j), s = ld(sn, j);
      if (c != 1.0 || s != 0.0) rot1(rows, P(x, 0, j + 1, ldx), P(x, 0, j, ldx), c, -s);
    }
  } else {
    for (let j = cnt - 1; j >= 0; j--) {
      const c = ld(cs, j), s = ld(sn, j);
      if (c != 1.0 || s != 0.0) rot1(rows, P(x, 0, j + 1, ldx), P(x, 0, j, ldx), c, -s);
    }
  }
}

/** Same rotations applied to row pairs (j, j+1) of C (·×ncols): LAPACK dlasr('L','V',dir). */
function rotRowsSeq(ncols: i32, cnt: i32, cs: usize, sn: usize, x: usize, ldx: i32, forward: bool): void {
  for (let k = 0; k < ncols; k++) {
    const col = P(x, 0, k, ldx);
    if (forward) {
      for (let j = 0; j < cnt; j++) {
        const c = ld(cs, j), s = ld(sn, j);
        const t = ld(col, j + 1), y = ld(col, j);
        st(col, j + 1, c * t - s * y);
        st(col, j, s * t + c * y);
      }
    } else {
      for (let j = cnt - 1; j >= 0; j--) {
        const c = ld(cs, j), s = ld(sn, j);
        const t = ld(col, j + 1), y = ld(col, j);
        st(col, j + 1, c * t - s * y);
        st(col, j, s * t + c * y);
      }
    }
  }
}

/** Workspace (bytes) of {@link dbdsqr}. */
export function dbdsqrWorkspaceSize(n: i32): usize {
  return (<usize>max(4 * n, 4)) << 3;
}

/**
 * Singular values (and optionally vectors) of the n×n upper bidiagonal B = diag(d) + superdiag(e)
 * by implicit-shift QR with the Demmel–Kahan zero shift (relative accuracy for every singular
 * value; LAPACK dbdsqr). On exit d holds the singular values in descending order.
 * B = Ub Σ Vbᵀ; the rotations are accumulated as V ← V Vb (nv×n, columns rotated),
 * U ← U Ub (nu×n, columns rotated) and C ← Ubᵀ C (n×ncc, rows rotated).
 * Returns 0 on success, else the number of superdiagonals that failed to converge.
 */
export function dbdsqr(n: i32, d: usize, e: usize, nv: i32, v: usize, ldv: i32, nu: i32, u: usize, ldu: i32,
  ncc: i32, c: usize, ldc: i32, work: usize): i32 {
  recOn = false; recSwap = false;
  return bdsqrCore(n, d, e, nv, v, ldv, nu, u, ldu, ncc, c, ldc, work);
}

// ---- recording of the right rotations (V is then never formed; see dbdsqrRecord)
// Record layout (f64 slots): [kind, a, b, cnt, payload…, start-offset]. Kinds:
//   1 rotation G(a; c=b, s=cnt) on (a, a+1);  2 forward / 5 backward sequence of cnt rotations
//   on (a+j, a+j+1) with payload cs[0..cnt), sn[0..cnt);  3 negate index a;  4 swap a and b.
// Every rotation G acts on V's columns as V ← V·G with G = [c −s; s c].
let recOn = false;
let recBase: usize = 0;
let recLen: i32 = 0;
let recCap: i32 = 0;
let recOverflow = false;
/** Swap mode: C gets the right rotations (C ← V_bᵀ C) and the left ones (U_b) are recorded. */
let recSwap = false;
/** Set when the record buffer ran low and the iteration stopped between sweeps (resumable). */
let recPaused = false;

function recPush(kind: i32, a: i32, b: f64, cnt: f64, payload: i32, cs: usize, sn: usize): void {
  const need = 5 + 2 * payload;
  if (recOverflow || recLen + need > recCap) { recOverflow = true; return; }
  const start = recLen;
  const p = recBase + (<usize>recLen << 3);
  st(p, 0, <f64>kind); st(p, 1, <f64>a); st(p, 2, b); st(p, 3, cnt);
  for (let j = 0; j < payload; j++) { st(p, 4 + j, ld(cs, j)); st(p, 4 + payload + j, ld(sn, j)); }
  st(p, 4 + 2 * payload, <f64>start);
  recLen += need;
}

/** Workspace (bytes) of {@link dbdsqrRecord} besides the record buffer. */
export function dbdsqrRecordWorkspaceSize(n: i32): usize {
  return dbdsqrWorkspaceSize(n);
}

/**
 * {@link dbdsqr} without V: the right rotations (and the final sign flips and swaps) are recorded
 * in `rec` (capacity `cap` f64 slots) instead of being accumulated, so that V_b·Y can later be
 * applied to a few vectors by {@link dbdsqrApplyV} in O(#rotations) per vector. The left
 * rotations go to C (n×ncc) as in dbdsqr. Returns the number of f64 slots used (≥ 0), −1 when
 * the buffer ran low (the iteration stopped between two sweeps with d, e, C and the record
 * consistent, {@link dbdsqrRecordLength} slots used: continue with {@link dgelssResume}), or
 * −2 − info on a convergence failure.
 * swap = 1 exchanges the roles: C ← V_bᵀ C and U_b is recorded (for Bᵀ, i.e. wide problems).
 */
export function dbdsqrRecord(n: i32, d: usize, e: usize, ncc: i32, c: usize, ldc: i32, rec: usize, cap: i32, work: usize, swap: i32): i32 {
  recSwap = swap != 0;
  recOn = true; recBase = rec; recLen = 0; recCap = cap; recOverflow = false; recPaused = false;
  const info = bdsqrCore(n, d, e, 0, 0, 1, 0, 0, 1, ncc, c, ldc, work);
  recOn = false; recSwap = false;
  if (recOverflow || recPaused) return -1;
  if (info != 0) return -2 - info;
  return recLen;
}

/** Slots used by the last {@link dbdsqrRecord} call (also when it paused). */
export function dbdsqrRecordLength(): i32 {
  return recLen;
}

/** V (n×n, ldv) ← G₁ G₂ … G_K (the recorded product, formed from the identity). */
export function dbdsqrMaterializeV(n: i32, rec: usize, len: i32, v: usize, ldv: i32): void {
  for (let j = 0; j < n; j++) {
    const col = P(v, 0, j, ldv);
    for (let i = 0; i < n; i++) st(col, i, 0.0);
    st(col, j, 1.0);
  }
  let pos = 0;
  while (pos < len) {
    const p = rec + (<usize>pos << 3);
    const kind = <i32>ld(p, 0);
    const a = <i32>ld(p, 1);
    let size = 5;
    if (kind == 1) {
      rot1(n, P(v, 0, a, ldv), P(v, 0, a + 1, ldv), ld(p, 2), ld(p, 3));
    } else if (kind == 2 || kind == 5) {
      const cnt = <i32>ld(p, 3);
      rotColsSeq(n, cnt, p + 32, p + ((<usize>(4 + cnt)) << 3), P(v, 0, a, ldv), ldv, kind == 2);
      size += 2 * cnt;
    } else if (kind == 3) {
      dscal(n, -1.0, P(v, 0, a, ldv), 1);
    } else if (kind == 4) {
      swapCols(n, P(v, 0, a, ldv), P(v, 0, <i32>ld(p, 2), ldv));
    }
    pos += size;
  }
}

/**
 * Continues a least-squares SVD whose {@link dgelssRecord} paused (returned −1): V (n×n, ldv) is
 * formed from the record, the bidiagonal QR resumes with V accumulated and the left rotations on
 * C (first n rows of B, ldc), and the singular values are unscaled. Afterwards X = P V y
 * (multiply by V, then {@link dormbrP} with τ_P at work + 2n). Returns 0 or the dbdsqr info.
 */
export function dgelssResume(n: i32, nrhs: i32, c: usize, ldc: i32, s: usize, rec: usize, len: i32, v: usize, ldv: i32, work: usize): i32 {
  const e = work;
  const wb = work + (<usize>(3 * n) << 3);
  dbdsqrMaterializeV(n, rec, len, v, ldv);
  const info = dbdsqr(n, s, e, n, v, ldv, 0, 0, 1, nrhs, c, ldc, wb);
  const sc = ld(wb, 4 * n);
  if (sc != 1.0) dscal(n, 1.0 / sc, s, 1);
  return info;
}

/**
 * Y (n×nrhs, ldy) ← V_b Y with V_b = G₁ G₂ … G_K the product recorded by {@link dbdsqrRecord}
 * (applied in reverse order, O(K·nrhs)).
 */
export function dbdsqrApplyV(n: i32, rec: usize, len: i32, nrhs: i32, y: usize, ldy: i32): void {
  let pos = len;
  while (pos > 0) {
    const start = <i32>ld(rec, pos - 1);
    const p = rec + (<usize>start << 3);
    const kind = <i32>ld(p, 0);
    const a = <i32>ld(p, 1);
    if (kind == 1) {
      rotRowsRev(nrhs, a, ld(p, 2), ld(p, 3), y, ldy);
    } else if (kind == 2 || kind == 5) {
      const cnt = <i32>ld(p, 3);
      const cs = p + 32, sn = p + ((<usize>(4 + cnt)) << 3);
      if (kind == 2) { for (let j = cnt - 1; j >= 0; j--) rotRowsRev(nrhs, a + j, ld(cs, j), ld(sn, j), y, ldy); }
      else { for (let j = 0; j < cnt; j++) rotRowsRev(nrhs, a + j, ld(cs, j), ld(sn, j), y, ldy); }
    } else if (kind == 3) {
      for (let k = 0; k < nrhs; k++) { const q = P(y, a, k, ldy); store<f64>(q, -load<f64>(q)); }
    } else if (kind == 4) {
      const b = <i32>ld(p, 2);
      for (let k = 0; k < nrhs; k++) {
        const q1 = P(y, a, k, ldy), q2 = P(y, b, k, ldy);
        const t = load<f64>(q1); store<f64>(q1, load<f64>(q2)); store<f64>(q2, t);
      }
    }
    pos = start;
  }
}

/** Rows (j, j+1) of Y ← G·rows with G = [c −s; s c]. */
@inline function rotRowsRev(nrhs: i32, j: i32, c: f64, s: f64, y: usize, ldy: i32): void {
  for (let k = 0; k < nrhs; k++) {
    const q = P(y, j, k, ldy);
    const t = load<f64>(q), u = load<f64>(q + 8);
    store<f64>(q, c * t - s * u);
    store<f64>(q + 8, s * t + c * u);
  }
}

function bdsqrCore(n: i32, d: usize, e: usize, nv: i32, v: usize, ldv: i32, nu: i32, u: usize, ldu: i32,
  ncc: i32, c: usize, ldc: i32, work: usize): i32 {
  if (n == 0) return 0;
  let info = 0;
  if (n > 1) {
    const nm1 = n - 1;
    const w0 = work, w1 = work + (<usize>nm1 << 3), w2 = work + (<usize>(2 * nm1) << 3), w3 = work + (<usize>(3 * nm1) << 3);
    const tolmul = max(10.0, min(100.0, Math.pow(EPS, -0.125)));
    const tol = tolmul * EPS;
    let smax: f64 = 0;
    for (let i = 0; i < n; i++) smax = max(smax, abs(ld(d, i)));
    for (let i = 0; i < n - 1; i++) smax = max(smax, abs(ld(e, i)));
    let sminoa = abs(ld(d, 0));
    if (sminoa != 0.0) {
      let mu = sminoa;
      for (let i = 1; i < n; i++) {
        mu = abs(ld(d, i)) * (mu / (mu + abs(ld(e, i - 1))));
        sminoa = min(sminoa, mu);
        if (sminoa == 0.0) break;
      }
    }
    sminoa = sminoa / sqrt(<f64>n);
    const thresh = max(tol * sminoa, 6.0 * (<f64>n * (<f64>n * SAFMIN)));
    const maxitdivn = 6 * n;
    let iterdivn = 0;
    let iter = -1;
    let oldll = -1, oldm = -1;
    let idir = 0;
    // 1-based indices below follow the LAPACK description: d(i) = ld(d, i-1)
    let m = n;
    let smin: f64 = 0;
    while (m > 1) {
      // recording: stop (consistently, between sweeps) while the buffer can still take one more
      // sweep and the final sign/sort records; dgelssResume then continues with V accumulated
      if (recOn && recLen + 12 * n + 16 > recCap) { recPaused = true; return 0; }
      if (iter >= n) {
        iter -= n;
        iterdivn++;
        if (iterdivn >= maxitdivn) break;
      }
      // find diagonal block to work on
      smax = abs(ld(d, m - 1));
      let ll = 0;
      let split = false;
      for (let lll = 1; lll <= m - 1; lll++) {
        ll = m - lll;
        const abss = abs(ld(d, ll - 1));
        const abse = abs(ld(e, ll - 1));
        if (abse <= thresh || abse == 0.0) { split = true; break; }
        smax = max(smax, max(abss, abse));
      }
      if (split) {
        st(e, ll - 1, 0.0);
        if (ll == m - 1) { m--; continue; }
      } else {
        ll = 0;
      }
      ll++;
      // e(ll)…e(m−1) nonzero, e(ll−1) zero
      if (ll == m - 1) {
        dlasv2(ld(d, m - 2), ld(e, m - 2), ld(d, m - 1));
        st(d, m - 2, sMax);
        st(e, m - 2, 0.0);
        st(d, m - 1, sMin);
        // VT rows (m−1, m) rotated with (cosr, sinr) ⇔ V columns
        if (nv > 0) rot1(nv, P(v, 0, m - 2, ldv), P(v, 0, m - 1, ldv), sCsr, sSnr);
        else if (recOn && !recSwap) recPush(1, m - 2, sCsr, sSnr, 0, 0, 0);
        if (nu > 0) rot1(nu, P(u, 0, m - 2, ldu), P(u, 0, m - 1, ldu), sCsl, sSnl);
        if (recSwap) {
          recPush(1, m - 2, sCsl, sSnl, 0, 0, 0);
          drot(ncc, P(c, m - 2, 0, ldc), ldc, P(c, m - 1, 0, ldc), ldc, sCsr, sSnr);
        } else if (ncc > 0) drot(ncc, P(c, m - 2, 0, ldc), ldc, P(c, m - 1, 0, ldc), ldc, sCsl, sSnl);
        m -= 2;
        continue;
      }
      if (ll > oldm || m < oldll) {
        idir = abs(ld(d, ll - 1)) >= abs(ld(d, m - 1)) ? 1 : 2;
      }
      // convergence tests
      let restart = false;
      if (idir == 1) {
        if (abs(ld(e, m - 2)) <= tol * abs(ld(d, m - 1))) { st(e, m - 2, 0.0); continue; }
        let mu = abs(ld(d, ll - 1));
        smin = mu;
        for (let lll = ll; lll <= m - 1; lll++) {
          if (abs(ld(e, lll - 1)) <= tol * mu) { st(e, lll - 1, 0.0); restart = true; break; }
          mu = abs(ld(d, lll)) * (mu / (mu + abs(ld(e, lll - 1))));
          smin = min(smin, mu);
        }
      } else {
        if (abs(ld(e, ll - 1)) <= tol * abs(ld(d, ll - 1))) { st(e, ll - 1, 0.0); continue; }
        let mu = abs(ld(d, m - 1));
        smin = mu;
        for (let lll = m - 1; lll >= ll; lll--) {
          if (abs(ld(e, lll - 1)) <= tol * mu) { st(e, lll - 1, 0.0); restart = true; break; }
          mu = abs(ld(d, lll - 1)) * (mu / (mu + abs(ld(e, lll - 1))));
          smin = min(smin, mu);
        }
      }
      if (restart) continue;
      oldll = ll;
      oldm = m;
      // shift
      let shift: f64 = 0;
      if (<f64>n * tol * (smin / smax) <= max(EPS, 0.01 * tol)) {
        shift = 0.0;
      } else {
        let sll: f64;
        if (idir == 1) { sll = abs(ld(d, ll - 1)); dlas2(ld(d, m - 2), ld(e, m - 2), ld(d, m - 1)); }
        else { sll = abs(ld(d, m - 1)); dlas2(ld(d, ll - 1), ld(e, ll - 1), ld(d, ll)); }
        shift = sMin;
        if (sll > 0.0 && (shift / sll) * (shift / sll) < EPS) shift = 0.0;
      }
      iter += m - ll;
      const cnt = m - ll;
      const vOff = P(v, 0, ll - 1, ldv), uOff = P(u, 0, ll - 1, ldu), cOff = P(c, ll - 1, 0, ldc);
      if (shift == 0.0) {
        if (idir == 1) {
          let cs: f64 = 1.0, oldcs: f64 = 1.0, sn: f64 = 0, oldsn: f64 = 0, r: f64 = 0;
          for (let i = ll; i <= m - 1; i++) {
            dlartg(ld(d, i - 1) * cs, ld(e, i - 1));
            cs = gC; sn = gS; r = gR;
            if (i > ll) st(e, i - 2, oldsn * r);
            dlartg(oldcs * r, ld(d, i) * sn);
            oldcs = gC; oldsn = gS; st(d, i - 1, gR);
            const k = i - ll;
            st(w0, k, cs); st(w1, k, sn); st(w2, k, oldcs); st(w3, k, oldsn);
          }
          const h = ld(d, m - 1) * cs;
          st(d, m - 1, h * oldcs);
          st(e, m - 2, h * oldsn);
          if (nv > 0) rotColsSeq(nv, cnt, w0, w1, vOff, ldv, true);
          else if (recOn && !recSwap) recPush(2, ll - 1, 0, <f64>cnt, cnt, w0, w1);
          if (nu > 0) rotColsSeq(nu, cnt, w2, w3, uOff, ldu, true);
          if (recSwap) { recPush(2, ll - 1, 0, <f64>cnt, cnt, w2, w3); rotRowsSeq(ncc, cnt, w0, w1, cOff, ldc, true); }
          else if (ncc > 0) rotRowsSeq(ncc, cnt, w2, w3, cOff, ldc, true);
          if (abs(ld(e, m - 2)) <= thresh) st(e, m - 2, 0.0);
        } else {
          let cs: f64 = 1.0, oldcs: f64 = 1.0, sn: f64 = 0, oldsn: f64 = 0, r: f64 = 0;
          for (let i = m; i >= ll + 1; i--) {
            dlartg(ld(d, i - 1) * cs, ld(e, i - 2));
            cs = gC; sn = gS; r = gR;
            if (i < m) st(e, i - 1, oldsn * r);
            dlartg(oldcs * r, ld(d, i - 2) * sn);
            oldcs = gC; oldsn = gS; st(d, i - 1, gR);
            const k = i - ll - 1;
            st(w0, k, cs); st(w1, k, -sn); st(w2, k, oldcs); st(w3, k, -oldsn);
          }
          const h = ld(d, ll - 1) * cs;
          st(d, ll - 1, h * oldcs);
          st(e, ll - 1, h * oldsn);
          if (nv > 0) rotColsSeq(nv, cnt, w2, w3, vOff, ldv, false);
          else if (recOn && !recSwap) recPush(5, ll - 1, 0, <f64>cnt, cnt, w2, w3);
          if (nu > 0) rotColsSeq(nu, cnt, w0, w1, uOff, ldu, false);
          if (recSwap) { recPush(5, ll - 1, 0, <f64>cnt, cnt, w0, w1); rotRowsSeq(ncc, cnt, w2, w3, cOff, ldc, false); }
          else if (ncc > 0) rotRowsSeq(ncc, cnt, w0, w1, cOff, ldc, false);
          if (abs(ld(e, ll - 1)) <= thresh) st(e, ll - 1, 0.0);
        }
      } else {
        if (idir == 1) {
          let f = (abs(ld(d, ll - 1)) - shift) * (sign(1.0, ld(d, ll - 1)) + shift / ld(d, ll - 1));
          let g = ld(e, ll - 1);
          for (let i = ll; i <= m - 1; i++) {
            dlartg(f, g);
            const cosr = gC, sinr = gS;
            if (i > ll) st(e, i - 2, gR);
            const di = ld(d, i - 1), ei = ld(e, i - 1), di1 = ld(d, i);
            f = cosr * di + sinr * ei;
            st(e, i - 1, cosr * ei - sinr * di);
            g = sinr * di1;
            st(d, i, cosr * di1);
            dlartg(f, g);
            const cosl = gC, sinl = gS;
            st(d, i - 1, gR);
            const ei2 = ld(e, i - 1), di2 = ld(d, i);
            f = cosl * ei2 + sinl * di2;
            st(d, i, cosl * di2 - sinl * ei2);
            if (i < m - 1) {
              const en = ld(e, i);
              g = sinl * en;
              st(e, i, cosl * en);
            }
            const k = i - ll;
            st(w0, k, cosr); st(w1, k, sinr); st(w2, k, cosl); st(w3, k, sinl);
          }
          st(e, m - 2, f);
          if (nv > 0) rotColsSeq(nv, cnt, w0, w1, vOff, ldv, true);
          else if (recOn && !recSwap) recPush(2, ll - 1, 0, <f64>cnt, cnt, w0, w1);
          if (nu > 0) rotColsSeq(nu, cnt, w2, w3, uOff, ldu, true);
          if (recSwap) { recPush(2, ll - 1, 0, <f64>cnt, cnt, w2, w3); rotRowsSeq(ncc, cnt, w0, w1, cOff, ldc, true); }
          else if (ncc > 0) rotRowsSeq(ncc, cnt, w2, w3, cOff, ldc, true);
          if (abs(ld(e, m - 2)) <= thresh) st(e, m - 2, 0.0);
        } else {
          let f = (abs(ld(d, m - 1)) - shift) * (sign(1.0, ld(d, m - 1)) + shift / ld(d, m - 1));
          let g = ld(e, m - 2);
          for (let i = m; i >= ll + 1; i--) {
            dlartg(f, g);
            const cosr = gC, sinr = gS;
            if (i < m) st(e, i - 1, gR);
            const di = ld(d, i - 1), ei = ld(e, i - 2), dim = ld(d, i - 2);
            f = cosr * di + sinr * ei;
            st(e, i - 2, cosr * ei - sinr * di);
            g = sinr * dim;
            st(d, i - 2, cosr * dim);
            dlartg(f, g);
            const cosl = gC, sinl = gS;
            st(d, i - 1, gR);
            const ei2 = ld(e, i - 2), dim2 = ld(d, i - 2);
            f = cosl * ei2 + sinl * dim2;
            st(d, i - 2, cosl * dim2 - sinl * ei2);
            if (i > ll + 1) {
              const ep = ld(e, i - 3);
              g = sinl * ep;
              st(e, i - 3, cosl * ep);
            }
            const k = i - ll - 1;
            st(w0, k, cosr); st(w1, k, -sinr); st(w2, k, cosl); st(w3, k, -sinl);
          }
          st(e, ll - 1, f);
          if (abs(ld(e, ll - 1)) <= thresh) st(e, ll - 1, 0.0);
          if (nv > 0) rotColsSeq(nv, cnt, w2, w3, vOff, ldv, false);
          else if (recOn && !recSwap) recPush(5, ll - 1, 0, <f64>cnt, cnt, w2, w3);
          if (nu > 0) rotColsSeq(nu, cnt, w0, w1, uOff, ldu, false);
          if (recSwap) { recPush(5, ll - 1, 0, <f64>cnt, cnt, w0, w1); rotRowsSeq(ncc, cnt, w2, w3, cOff, ldc, false); }
          else if (ncc > 0) rotRowsSeq(ncc, cnt, w0, w1, cOff, ldc, false);
        }
      }
    }
    if (m > 1) {
      for (let i = 0; i < n - 1; i++) if (ld(e, i) != 0.0) info++;
    }
  }
  // make singular values positive
  for (let i = 0; i < n; i++) {
    const di = ld(d, i);
    if (di == 0.0) st(d, i, 0.0);
    else if (di < 0.0) {
      st(d, i, -di);
      if (nv > 0) dscal(nv, -1.0, P(v, 0, i, ldv), 1);
      else if (recSwap) { for (let k = 0; k < ncc; k++) { const q = P(c, i, k, ldc); store<f64>(q, -load<f64>(q)); } }
      else if (recOn) recPush(3, i, 0, 0, 0, 0, 0);
    }
  }
  // sort descending (selection sort: at most n−1 swaps of vectors)
  for (let i = 0; i < n - 1; i++) {
    let isub = 0;
    let smin = ld(d, 0);
    const last = n - 1 - i;
    for (let j = 1; j <= last; j++) {
      if (ld(d, j) <= smin) { isub = j; smin = ld(d, j); }
    }
    if (isub != last) {
      st(d, isub, ld(d, last));
      st(d, last, smin);
      if (nv > 0) swapCols(nv, P(v, 0, isub, ldv), P(v, 0, last, ldv));
      else if (recOn) recPush(4, isub, <f64>last, 0, 0, 0, 0);
      if (nu > 0) swapCols(nu, P(u, 0, isub, ldu), P(u, 0, last, ldu));
      if (ncc > 0) {
        for (let k = 0; k < ncc; k++) {
          const p1 = P(c, isub, k, ldc), p2 = P(c, last, k, ldc);
          const t = load<f64>(p1); store<f64>(p1, load<f64>(p2)); store<f64>(p2, t);
        }
      }
    }
  }
  return info;
}

function swapCols(n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}

// ------------------------------------------------------------------ scaling

/** max |A_ij| (A m×n, lda). */
function maxAbs(m: i32, n: i32, a: usize, lda: i32): f64 {
  let mx: f64 = 0;
  for (let j = 0; j < n; j++) {
    const col = P(a, 0, j, lda);
    for (let i = 0; i < m; i++) mx = max(mx, abs(ld(col, i)));
  }
  return mx;
}

/**
 * Power-of-two scale factor that brings max|A| into [2^-300, 2^300] (exact scaling; 1 when it
 * already is there). Keeps the bidiagonal QR away from overflow and underflow.
 */
function scaleFor(anrm: f64): f64 {
  if (anrm == 0.0 || (anrm > 4.9e-91 && anrm < 2.0e90)) return 1.0;
  const ex = Math.floor(Math.log2(anrm));
  return Math.pow(2.0, -ex);
}

function scaleMat(m: i32, n: i32, a: usize, lda: i32, f: f64): void {
  for (let j = 0; j < n; j++) dscal(m, f, P(a, 0, j, lda), 1);
}

// ------------------------------------------------------------------ drivers

/** Workspace (bytes) of {@link dgesvd}. */
export function dgesvdWorkspaceSize(m: i32, n: i32): usize {
  // e, tauq, taup (3n), bdsqr (4n), then scratch for the largest of dgebrd / dorgqr / vectors
  const scratch = max(max(dgebrdWorkspaceSize(m, n), dorgqrWorkspaceSize(m, n)), (<usize>(m + n + 8)) << 3);
  return ((<usize>(7 * n + 8)) << 3) + scratch + 16;
}

/**
 * Thin SVD of A (m×n, m ≥ n; destroyed): A = U diag(s) Vᵀ with s descending (n values),
 * U m×n (ldu) and V n×n (ldv) when `vectors` is 1 (u, v ignored when 0).
 * Returns 0, or the number of superdiagonals that did not converge (bidiagonal QR failure).
 */
export function dgesvd(m: i32, n: i32, a: usize, lda: i32, s: usize, vectors: i32, u: usize, ldu: i32, v: usize, ldv: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work;
  const tauq = e + (<usize>n << 3);
  const taup = tauq + (<usize>n << 3);
  const wb = taup + (<usize>n << 3);
  const wv = (wb + (<usize>(4 * n + 8) << 3) + 15) & ~(<usize>15);
  const anrm = maxAbs(m, n, a, lda);
  const sc = scaleFor(anrm);
  if (sc != 1.0) scaleMat(m, n, a, lda, sc);
  dgebrd(m, n, a, lda, s, e, tauq, taup, wv);
  let info: i32;
  if (vectors) {
    dorgbrQ(m, n, a, lda, tauq, u, ldu, wv);
    dorgbrP(n, a, lda, taup, v, ldv, wv);
    info = dbdsqr(n, s, e, n, v, ldv, m, u, ldu, 0, 0, 1, wb);
  } else {
    info = dbdsqr(n, s, e, 0, 0, 1, 0, 0, 1, 0, 0, 1, wb);
  }
  if (sc != 1.0) dscal(n, 1.0 / sc, s, 1);
  return info;
}

/** Workspace (bytes) of {@link dgelss}, {@link dgelssRecord}, {@link dgelssRecordWide} (and their follow-ups). */
export function dgelssWorkspaceSize(m: i32, n: i32): usize {
  return dgesvdWorkspaceSize(m, n);
}


/**
 * Least-squares SVD core (m ≥ n; A destroyed): singular values s (descending), V (n×n, ldv) and
 * B (m×nrhs, ldb) overwritten so that its first n rows hold Uᵀ B — U itself is never formed
 * (LAPACK dgelss: bidiagonal QR with the left rotations applied to Qᵀb). Rows n…m−1 of B then
 * hold the part of B outside range(U) (in the reflectors' basis): their norm is the residual
 * of the full-rank solve. Returns 0 or the number of non-converged superdiagonals.
 */
export function dgelss(m: i32, n: i32, a: usize, lda: i32, nrhs: i32, b: usize, ldb: i32, s: usize, v: usize, ldv: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work;
  const tauq = e + (<usize>n << 3);
  const taup = tauq + (<usize>n << 3);
  const wb = taup + (<usize>n << 3);
  const wv = (wb + (<usize>(4 * n + 8) << 3) + 15) & ~(<usize>15);
  const anrm = maxAbs(m, n, a, lda);
  const sc = scaleFor(anrm);
  if (sc != 1.0) scaleMat(m, n, a, lda, sc);
  dgebrd(m, n, a, lda, s, e, tauq, taup, wv);
  dormbrQt(m, n, a, lda, tauq, nrhs, b, ldb, wv);
  dorgbrP(n, a, lda, taup, v, ldv, wv);
  const info = dbdsqr(n, s, e, n, v, ldv, 0, 0, 1, nrhs, b, ldb, wb);
  if (sc != 1.0) dscal(n, 1.0 / sc, s, 1);
  return info;
}

/** C (n×nc, ldc) ← P C with P = G(0)…G(n−2) of {@link dgebrd} (row reflectors in A); work: n doubles. */
export function dormbrP(n: i32, a: usize, lda: i32, taup: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const u = work;
  for (let i = n - 2; i >= 0; i--) {
    const tp = ld(taup, i);
    if (tp == 0.0) continue;
    const len = n - i - 1;
    rowReflector(len, a, lda, i, u);
    larfLeft(len, u, tp, nc, P(c, i + 1, 0, ldc), ldc);
  }
}

/**
 * Least-squares SVD core without V (LAPACK gelsd's idea with the QR iteration): like
 * {@link dgelss}, but the right rotations are recorded in `rec` (cap f64 slots) instead of being
 * accumulated into an n×n V. B's first n rows become Uᵀ B; s gets the singular values. A keeps
 * the reflectors and `work` keeps τ for {@link dgelssApply}, which must be called next with the
 * same A and work. Returns the used record length, −1 when cap is too small, or < −1 on failure.
 */
export function dgelssRecord(m: i32, n: i32, a: usize, lda: i32, nrhs: i32, b: usize, ldb: i32, s: usize,
  rec: usize, cap: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work;
  const tauq = e + (<usize>n << 3);
  const taup = tauq + (<usize>n << 3);
  const wb = taup + (<usize>n << 3);
  const wv = (wb + (<usize>(4 * n + 8) << 3) + 15) & ~(<usize>15);
  const anrm = maxAbs(m, n, a, lda);
  const sc = scaleFor(anrm);
  if (sc != 1.0) scaleMat(m, n, a, lda, sc);
  dgebrd(m, n, a, lda, s, e, tauq, taup, wv);
  dormbrQt(m, n, a, lda, tauq, nrhs, b, ldb, wv);
  const r = dbdsqrRecord(n, s, e, nrhs, b, ldb, rec, cap, wb, 0);
  if (r == -1) { st(wb, 4 * n, sc); return -1; }   // paused: dgelssResume unscales
  if (sc != 1.0) dscal(n, 1.0 / sc, s, 1);
  return r;
}

/** Y (n×nrhs) ← P V_b Y after {@link dgelssRecord} (the solution is X = P V_b diag(f) Uᵀ B). */
export function dgelssApply(n: i32, a: usize, lda: i32, nrhs: i32, y: usize, ldy: i32, rec: usize, len: i32, work: usize): void {
  const taup = work + (<usize>(2 * n) << 3);
  const wv = (work + (<usize>(7 * n + 8) << 3) + 15) & ~(<usize>15);
  dbdsqrApplyV(n, rec, len, nrhs, y, ldy);
  dormbrP(n, a, lda, taup, nrhs, y, ldy, wv);
}

/** C (n×nc, ldc) ← Pᵀ C with P = G(0)…G(n−2) of {@link dgebrd}; work: n doubles. */
export function dormbrPt(n: i32, a: usize, lda: i32, taup: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const u = work;
  for (let i = 0; i <= n - 2; i++) {
    const tp = ld(taup, i);
    if (tp == 0.0) continue;
    const len = n - i - 1;
    rowReflector(len, a, lda, i, u);
    larfLeft(len, u, tp, nc, P(c, i + 1, 0, ldc), ldc);
  }
}

/** C (m×nc, ldc) ← Q C with Q = H(0)…H(n−1) of {@link dgebrd} (A m×n); work: m doubles. */
export function dormbrQ(m: i32, n: i32, a: usize, lda: i32, tauq: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const v = work;
  for (let i = n - 1; i >= 0; i--) {
    const tq = ld(tauq, i);
    if (tq == 0.0) continue;
    const len = m - i;
    colReflector(len, a, lda, i, v);
    larfLeft(len, v, tq, nc, P(c, i, 0, ldc), ldc);
  }
}

/**
 * Wide least squares through T = Aᵀ (M×N, M ≥ N; T destroyed): with T = Q B Pᵀ,
 * A = P Bᵀ Qᵀ and the SVD of Bᵀ = V_b Σ U_bᵀ. B (N×nrhs, ldb ≥ M) becomes V_bᵀ Pᵀ B = Uᵀ_A B in
 * its first N rows; U_b is recorded. Returns the record length, −1 on overflow, < −1 on failure.
 * Follow with {@link dgelssApplyWide}.
 */
export function dgelssRecordWide(M: i32, N: i32, t: usize, ldt: i32, nrhs: i32, b: usize, ldb: i32, s: usize,
  rec: usize, cap: i32, work: usize): i32 {
  if (N == 0) return 0;
  const e = work;
  const tauq = e + (<usize>N << 3);
  const taup = tauq + (<usize>N << 3);
  const wb = taup + (<usize>N << 3);
  const wv = (wb + (<usize>(4 * N + 8) << 3) + 15) & ~(<usize>15);
  const anrm = maxAbs(M, N, t, ldt);
  const sc = scaleFor(anrm);
  if (sc != 1.0) scaleMat(M, N, t, ldt, sc);
  dgebrd(M, N, t, ldt, s, e, tauq, taup, wv);
  dormbrPt(N, t, ldt, taup, nrhs, b, ldb, wv);
  const r = dbdsqrRecord(N, s, e, nrhs, b, ldb, rec, cap, wb, 1);
  if (sc != 1.0) dscal(N, 1.0 / sc, s, 1);
  return r;
}

/**
 * After {@link dgelssRecordWide}: Y (M×nrhs, ldy; y in the first N rows, the rest is zeroed here)
 * ← Q [U_b y; 0], the minimum-norm solution when y = diag(f)·(Uᵀ_A B).
 */
export function dgelssApplyWide(M: i32, N: i32, t: usize, ldt: i32, nrhs: i32, y: usize, ldy: i32, rec: usize, len: i32, work: usize): void {
  const tauq = work + (<usize>N << 3);
  const wv = (work + (<usize>(7 * N + 8) << 3) + 15) & ~(<usize>15);
  dbdsqrApplyV(N, rec, len, nrhs, y, ldy);
  for (let j = 0; j < nrhs; j++) for (let i = N; i < M; i++) store<f64>(P(y, i, j, ldy), 0.0);
  dormbrQ(M, N, t, ldt, tauq, nrhs, y, ldy, wv);
}
