// Householder bidiagonalization and its orthogonal factors (column-major, LAPACK conventions,
// m ≥ n: callers transpose wide matrices):
//
//   dgebrd   blocked Householder bidiagonalization A = Q B Pᵀ (dlabrd panels + GEMM)  (LAPACK dgebrd)
//   dgebd2   its unblocked reference twin                                         (LAPACK dgebd2)
//   dorgbrQ / dorgbrP   Q (m×n) and P (n×n) by compact-WY blocks                  (dorgbr)
//   dormbrQt / dormbrQ / dormbrP / dormbrPt   apply Q, Qᵀ, P, Pᵀ without forming them (dormbr)
//
// Kernels never allocate: every routine has a `…WorkspaceSize` twin (bytes).
import { at, ld, st } from '../core/addr';
import { dgemv } from '../blas/level2';
import { dscal } from '../blas/level1';
import { dgemm, dgemmWorkspaceSize } from '../gemm/driver';
import { dlarfg, larfLeft, rowReflector, colReflector, dorgqrBlocked, dorgqrWorkspaceSize, gemmWs, copyV, larft, larfb } from './householder';
import { axpy1 } from './util';
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
    const aii = at(a, i, i, lda);
    const tq = dlarfg(m - i, aii, aii + 8, 1);
    st(tauq, i, tq);
    st(d, i, load<f64>(aii));
    if (tq != 0.0) {
      store<f64>(aii, 1.0);
      larfLeft(m - i, aii, tq, n - i - 1, at(a, i, i + 1, lda), lda);
      store<f64>(aii, ld(d, i));
    }
    if (i < n - 1) {
      // right reflector G(i) annihilates A(i, i+2:n)
      const aij = at(a, i, i + 1, lda);
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
          if (uj != 0.0) axpy1(rows, uj, at(a, i + 1, i + 1 + j, lda), w);
        }
        // A -= tp w uᵀ
        for (let j = 0; j < len; j++) {
          const uj = ld(u, j);
          if (uj != 0.0) axpy1(rows, -tp * uj, w, at(a, i + 1, i + 1 + j, lda));
        }
      }
    } else {
      st(taup, i, 0.0);
    }
  }
}
// ------------------------------------------------------------------ blocked bidiagonalization

/** GEMM packing workspace that covers every GEMM call below for matrices up to m×n. */
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
    const aii = at(a, i, i, lda);
    // update A(i:m, i)
    if (i > 0) {
      dgemv(0, m - i, i, -1.0, at(a, i, 0, lda), lda, at(y, i, 0, ldy), ldy, 1.0, aii, 1);
      dgemv(0, m - i, i, -1.0, at(x, i, 0, ldx), ldx, at(a, 0, i, lda), 1, 1.0, aii, 1);
    }
    // left reflector
    const tq = dlarfg(m - i, aii, at(a, min(i + 1, m - 1), i, lda), 1);
    st(tauq, i, tq);
    st(d, i, load<f64>(aii));
    if (i < n - 1) {
      store<f64>(aii, 1.0);
      const yc = at(y, i + 1, i, ldy), yt = at(y, 0, i, ldy);
      // Y(i+1:n, i)
      dgemv(1, m - i, n - i - 1, 1.0, at(a, i, i + 1, lda), lda, aii, 1, 0.0, yc, 1);
      if (i > 0) {
        dgemv(1, m - i, i, 1.0, at(a, i, 0, lda), lda, aii, 1, 0.0, yt, 1);
        dgemv(0, n - i - 1, i, -1.0, at(y, i + 1, 0, ldy), ldy, yt, 1, 1.0, yc, 1);
        dgemv(1, m - i, i, 1.0, at(x, i, 0, ldx), ldx, aii, 1, 0.0, yt, 1);
        dgemv(1, i, n - i - 1, -1.0, at(a, 0, i + 1, lda), lda, yt, 1, 1.0, yc, 1);
      }
      dscal(n - i - 1, tq, yc, 1);
      // update A(i, i+1:n)
      const row = at(a, i, i + 1, lda);
      dgemv(0, n - i - 1, i + 1, -1.0, at(y, i + 1, 0, ldy), ldy, at(a, i, 0, lda), lda, 1.0, row, lda);
      if (i > 0) dgemv(1, i, n - i - 1, -1.0, at(a, 0, i + 1, lda), lda, at(x, i, 0, ldx), ldx, 1.0, row, lda);
      // right reflector
      const tp = dlarfg(n - i - 1, row, at(a, i, min(i + 2, n - 1), lda), lda);
      st(taup, i, tp);
      st(e, i, load<f64>(row));
      store<f64>(row, 1.0);
      // X(i+1:m, i)
      const xc = at(x, i + 1, i, ldx), xt = at(x, 0, i, ldx);
      dgemv(0, m - i - 1, n - i - 1, 1.0, at(a, i + 1, i + 1, lda), lda, row, lda, 0.0, xc, 1);
      dgemv(1, n - i - 1, i + 1, 1.0, at(y, i + 1, 0, ldy), ldy, row, lda, 0.0, xt, 1);
      dgemv(0, m - i - 1, i + 1, -1.0, at(a, i + 1, 0, lda), lda, xt, 1, 1.0, xc, 1);
      if (i > 0) {
        dgemv(0, i, n - i - 1, 1.0, at(a, 0, i + 1, lda), lda, row, lda, 0.0, xt, 1);
        dgemv(0, m - i - 1, i, -1.0, at(x, i + 1, 0, ldx), ldx, xt, 1, 1.0, xc, 1);
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
      dlabrd(m - i, n - i, nb, at(a, i, i, lda), lda, d + (<usize>i << 3), e + (<usize>i << 3),
        tauq + (<usize>i << 3), taup + (<usize>i << 3), x, ldx, y, ldy);
      const mr = m - i - nb, nr = n - i - nb;
      // A22 ← A22 − V Yᵀ − X Uᵀ
      dgemm(0, 1, mr, nr, nb, -1.0, at(a, i + nb, i, lda), lda, at(y, nb, 0, ldy), ldy, 1.0, at(a, i + nb, i + nb, lda), lda, gw);
      dgemm(0, 0, mr, nr, nb, -1.0, at(x, nb, 0, ldx), ldx, at(a, i, i + nb, lda), lda, 1.0, at(a, i + nb, i + nb, lda), lda, gw);
      for (let j = i; j < i + nb; j++) {
        store<f64>(at(a, j, j, lda), ld(d, j));
        store<f64>(at(a, j, j + 1, lda), ld(e, j));
      }
    }
  }
  dgebd2(m - i, n - i, at(a, i, i, lda), lda, d + (<usize>i << 3), e + (<usize>i << 3),
    tauq + (<usize>i << 3), taup + (<usize>i << 3), tailw);
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
  for (let j = 0; j < n; j++) memory.copy(at(q, 0, j, ldq), at(a, 0, j, lda), <usize>m << 3);
  dorgqrBlocked(m, n, n, q, ldq, tauq, work);
}

/**
 * Forms P (n×n, ldp) of {@link dgebd2} / {@link dgebrd}: P = G(0) G(1) … G(n−2), G(i) acting on
 * indices i+1…n−1 with the vectors stored in row i of A right of the superdiagonal. P = diag(1, P̃)
 * where P̃ is formed like a QR factor (blocked). work: {@link dorgqrWorkspaceSize}(n, n) bytes.
 */
export function dorgbrP(n: i32, a: usize, lda: i32, taup: usize, p: usize, ldp: i32, work: usize): void {
  for (let j = 0; j < n; j++) {
    const col = at(p, 0, j, ldp);
    for (let i = 0; i < n; i++) st(col, i, 0.0);
  }
  store<f64>(p, 1.0);
  if (n == 1) return;
  // P̃ = at(1:n, 1:n); column i of P̃ holds reflector i below its diagonal: P̃(r, i) = A(i, r+1)
  for (let i = 0; i < n - 1; i++) {
    for (let r = i + 1; r < n - 1; r++) store<f64>(at(p, r + 1, i + 1, ldp), load<f64>(at(a, i, r + 1, lda)));
  }
  dorgqrBlocked(n - 1, n - 1, n - 1, at(p, 1, 1, ldp), ldp, taup, work);
}

/** C (m×nc, ldc) ← Qᵀ C with Q = H(0)…H(n−1) of {@link dgebd2}; work: m doubles. */
export function dormbrQt(m: i32, n: i32, a: usize, lda: i32, tauq: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const v = work;
  for (let i = 0; i < n; i++) {
    const tq = ld(tauq, i);
    if (tq == 0.0) continue;
    const len = m - i;
    colReflector(len, a, lda, i, v);
    larfLeft(len, v, tq, nc, at(c, i, 0, ldc), ldc);
  }
}

/** C (n×nc, ldc) ← P C with P = G(0)…G(n−2) of {@link dgebrd} (row reflectors in A); work: n doubles. */
export function dormbrP(n: i32, a: usize, lda: i32, taup: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const u = work;
  for (let i = n - 2; i >= 0; i--) {
    const tp = ld(taup, i);
    if (tp == 0.0) continue;
    const len = n - i - 1;
    rowReflector(len, a, lda, i, u);
    larfLeft(len, u, tp, nc, at(c, i + 1, 0, ldc), ldc);
  }
}

/** C (n×nc, ldc) ← Pᵀ C with P = G(0)…G(n−2) of {@link dgebrd}; work: n doubles. */
export function dormbrPt(n: i32, a: usize, lda: i32, taup: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const u = work;
  for (let i = 0; i <= n - 2; i++) {
    const tp = ld(taup, i);
    if (tp == 0.0) continue;
    const len = n - i - 1;
    rowReflector(len, a, lda, i, u);
    larfLeft(len, u, tp, nc, at(c, i + 1, 0, ldc), ldc);
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
    larfLeft(len, v, tq, nc, at(c, i, 0, ldc), ldc);
  }
}

// ------------------------------------------------------------------ blocked dormbr (compact WY)

/** Reflectors per block of {@link dormbrQBlocked} / {@link dormbrPBlocked}. */
const MB: i32 = 64;

/** Workspace (bytes) of {@link dormbrQBlocked} / {@link dormbrPBlocked} for C with ≤ m rows and nc columns. */
export function dormbrBlockedWorkspaceSize(m: i32, nc: i32): usize {
  const t = max(max(m, nc), MB);
  return ((<usize>m * <usize>MB + 2 * <usize>MB * <usize>MB + <usize>MB * <usize>max(nc, 1) + 8) << 3) + dgemmWorkspaceSize(t, t, t) + 64;
}

/**
 * C (m×nc, ldc) ← Q C (trans 0) or Qᵀ C (trans 1) with Q = H(0)…H(n−1) of {@link dgebrd} (A m×n),
 * blocked: MB reflectors at a time as I − V T Vᵀ (larft + larfb: GEMMs and a TRMM), LAPACK
 * dormbr('Q','L','N' / 'T'): Q applies the blocks last to first, Qᵀ first to last.
 * work: {@link dormbrBlockedWorkspaceSize}(m, nc) bytes, 16-aligned.
 */
export function dormbrQBlocked(trans: i32, m: i32, n: i32, a: usize, lda: i32, tauq: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  if (nc <= 0 || n <= 0) return;
  const v = work;
  const t = v + ((<usize>m * <usize>MB) << 3);
  const g = t + ((<usize>MB * <usize>MB) << 3);
  const w = g + ((<usize>MB * <usize>MB) << 3);
  const gw = (w + ((<usize>MB * <usize>nc) << 3) + 15) & ~(<usize>15);
  const last = ((n - 1) / MB) * MB;
  const step = trans ? MB : -MB;
  for (let i = trans ? 0 : last; trans ? i < n : i >= 0; i += step) {
    const ib = min(MB, n - i);
    const mv = m - i;
    copyV(mv, ib, at(a, i, i, lda), lda, v);
    larft(mv, ib, v, tauq + (<usize>i << 3), t, MB, g, gw);
    larfb(trans, mv, nc, ib, v, t, MB, at(c, i, 0, ldc), ldc, w, gw);
  }
}

/**
 * C (n×nc, ldc) ← P C with P = G(0)…G(n−2) of {@link dgebrd} (row reflectors in A), blocked like
 * {@link dormbrQBlocked} (LAPACK dormbr('P','L','N')). work: dormbrBlockedWorkspaceSize(n, nc).
 */
export function dormbrPBlocked(n: i32, a: usize, lda: i32, taup: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const k = n - 1;   // reflectors G(0)…G(n−2) acting on rows 1…n−1
  if (nc <= 0 || k <= 0) return;
  const v = work;
  const t = v + ((<usize>n * <usize>MB) << 3);
  const g = t + ((<usize>MB * <usize>MB) << 3);
  const w = g + ((<usize>MB * <usize>MB) << 3);
  const gw = (w + ((<usize>MB * <usize>nc) << 3) + 15) & ~(<usize>15);
  const last = ((k - 1) / MB) * MB;
  for (let i = last; i >= 0; i -= MB) {
    const ib = min(MB, k - i);
    const mv = k - i;
    // V(r, j) (reflector i+j, row r ↔ index i+1+r): 0 above r = j, 1 at r = j, A(i+j, i+1+r) below
    for (let j = 0; j < ib; j++) {
      const dst = v + ((<usize>j * <usize>mv) << 3);
      for (let r = 0; r < j; r++) st(dst, r, 0.0);
      st(dst, j, 1.0);
      for (let r = j + 1; r < mv; r++) st(dst, r, load<f64>(at(a, i + j, i + 1 + r, lda)));
    }
    larft(mv, ib, v, taup + (<usize>i << 3), t, MB, g, gw);
    larfb(0, mv, nc, ib, v, t, MB, at(c, i + 1, 0, ldc), ldc, w, gw);
  }
}
