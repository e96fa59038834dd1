// Householder QR kernels (LAPACK conventions, column-major, 0-based indices).
//
//   dgeqrf      blocked QR: panel by the unblocked algorithm, T of each panel from VᵀV (dlarft),
//               trailing update C -= V (Tᵀ (Vᵀ C)) through dgemm (compact WY, dlarfb).
//   dgemqrt     apply Q or Qᵀ (from the stored V and the per-panel T blocks) to C from the left.
//   qrFormT     build the per-panel T blocks after the fact (used after the pivoted QR).
//   qrFormQ     thin Q from the reflectors and T blocks; dorm2r / dorm2rT unblocked apply.
// Column-pivoted QR is in ./qp3, gelsy's rank decision and tail in ./gelsy, the reflector
// routines in ./householder; the scalar twin dgeqr2Ref in ../ref/lapack.
//
// Storage: V is unit lower trapezoidal below the diagonal of the factored matrix (LAPACK), tau
// holds the scalar factors, and T blocks are stored nb × k: the block of the panel starting at
// column i is the ib×ib upper triangle at T[0:ib, i:i+ib] (ldt ≥ nb), as in LAPACK dgeqrt.
import { at, align16 } from '../core/addr';
import { dgemmWorkspaceSize } from '../gemm/driver';
import { dtrmmWorkspaceSize } from '../blas/level3';
import { dlarfg, applyReflectorLeft, copyV, larft, larfb } from './householder';

/** Panel width of the blocked QR (also the row count of the T blocks). */
const NB: i32 = 32;
const EPS: f64 = 2.220446049250313e-16; // 2^-52
const SAFMIN: f64 = 2.2250738585072014e-308;

/** Panel width used by dgeqrf / dgemqrt / qrFormT (T blocks are qrBlockSize() × k). */
export function qrBlockSize(): i32 {
  return NB;
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
