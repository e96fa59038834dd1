// Cholesky kernels (lower triangle, column-major, LAPACK conventions, 0-based indices).
//
//   cholPrepare   L = lower(S) + λI, zeros above the diagonal (only the lower triangle of S is read).
//   dpotrf        recursive Cholesky (Gustavson / LAPACK dpotrf2, uplo = 'L'): factor the leading
//                 half, panel A₂₁ ← A₂₁·L₁₁⁻ᵀ by dtrsm, trailing A₂₂ −= A₂₁A₂₁ᵀ by dsyrk,
//                 factor the trailing half; orders ≤ LEAF by the unblocked potf2. Nearly all
//                 flops run in the packed GEMM (through dtrsm / dsyrk). Returns −1 or the
//                 0-based failing pivot.
//   dpotrs        solve (L·Lᵀ)·X = B with two dtrsm.
//   (the scalar twin dpotf2Ref is in ../ref/lapack.ts)
import { at, align16 } from '../core/addr';
import { axpyc } from './util';
import { dsyrk, dsyrkWorkspaceSize, dtrsm, dtrsmWorkspaceSize } from '../blas/level3';

/** Orders at or below this are factored by the unblocked potf2 at the leaves of the recursion. */
const LEAF: i32 = 32;

/** L (n×n, ldl) = lower triangle of S (lds) with λ added to the diagonal; zeros above. */
export function cholPrepare(n: i32, s: usize, lds: i32, lambda: f64, l: usize, ldl: i32): void {
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) store<f64>(at(l, i, j, ldl), 0.0);
    memory.copy(at(l, j, j, ldl), at(s, j, j, lds), <usize>(n - j) << 3);
    store<f64>(at(l, j, j, ldl), load<f64>(at(l, j, j, ldl)) + lambda);
  }
}

/**
 * Unblocked lower Cholesky of the n×n block at a (dpotf2, column-oriented: column j is
 * updated by axpys of the previous columns). Returns −1 or the 0-based failing pivot
 * (non-positive or NaN), leaving that diagonal entry as computed.
 */
function potf2(n: i32, a: usize, lda: i32): i32 {
  for (let j = 0; j < n; j++) {
    const cj = at(a, 0, j, lda);
    // column j (rows j..n−1) −= Σ_p L[j,p]·L[j:n, p]
    for (let p = 0; p < j; p++) {
      const ljp = load<f64>(at(a, j, p, lda));
      if (ljp != 0.0) axpyc(n - j, -ljp, at(a, j, p, lda), cj + (<usize>j << 3));
    }
    const ajj = load<f64>(cj + (<usize>j << 3));
    if (!(ajj > 0.0) || !isFinite(ajj)) return j;
    const d = Math.sqrt(ajj);
    store<f64>(cj + (<usize>j << 3), d);
    const r = 1.0 / d;
    for (let i = j + 1; i < n; i++) store<f64>(cj + (<usize>i << 3), r * load<f64>(cj + (<usize>i << 3)));
  }
  return -1;
}

/** Workspace (bytes) of {@link dpotrf}: the largest dtrsm (n/2 × n/2 panel) and dsyrk of the recursion. */
export function dpotrfWorkspaceSize(n: i32): usize {
  const nn = max(n, 1);
  return align16(max(dtrsmWorkspaceSize(nn, nn), dsyrkWorkspaceSize(nn, nn)));
}

/**
 * Recursive lower Cholesky A = L·Lᵀ in place (the strict upper triangle is not referenced).
 * Returns −1 on success, else the 0-based index of the first pivot that is not positive
 * (or not finite); the factorization stops there. work: dpotrfWorkspaceSize(n) bytes.
 */
export function dpotrf(n: i32, a: usize, lda: i32, work: usize): i32 {
  if (n <= LEAF) return potf2(n, a, lda);
  // split near the half at a multiple of 8 (GEMM-friendly panel widths)
  let n1 = ((n >> 1) + 7) & ~7;
  if (n1 >= n) n1 = n >> 1;
  const n2 = n - n1;
  const info = dpotrf(n1, a, lda, work);
  if (info >= 0) return info;
  const a21 = at(a, n1, 0, lda), a22 = at(a, n1, n1, lda);
  dtrsm(1, 0, 1, 0, n2, n1, 1.0, a, lda, a21, lda, work); // A₂₁ ← A₂₁·L₁₁⁻ᵀ
  dsyrk(0, 0, n2, n1, -1.0, a21, lda, 1.0, a22, lda, work); // A₂₂ ← A₂₂ − A₂₁·A₂₁ᵀ (lower)
  const info2 = dpotrf(n2, a22, lda, work);
  return info2 >= 0 ? n1 + info2 : -1;
}

/** Workspace (bytes) of {@link dpotrs}. */
export function dpotrsWorkspaceSize(n: i32, nrhs: i32): usize {
  return align16(dtrsmWorkspaceSize(max(n, 1), max(nrhs, 1)));
}

/** Solves L·Lᵀ·X = B in place of B (n×nrhs, ldb) with L from {@link dpotrf}. */
export function dpotrs(n: i32, nrhs: i32, l: usize, ldl: i32, b: usize, ldb: i32, work: usize): void {
  dtrsm(0, 0, 0, 0, n, nrhs, 1.0, l, ldl, b, ldb, work);
  dtrsm(0, 0, 1, 0, n, nrhs, 1.0, l, ldl, b, ldb, work);
}

/** Σ ln L[i,i] (the caller doubles it for log det S). */
export function cholLogDiag(n: i32, l: usize, ldl: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += Math.log(load<f64>(at(l, i, i, ldl)));
  return s;
}

/** Workspace (bytes) of {@link cholGram}. */
export function cholGramWorkspaceSize(m: i32, n: i32): usize {
  return align16(dsyrkWorkspaceSize(max(n, 1), max(m, 1)));
}

/** G (n×n, ldg) = lower triangle of AᵀA + λI (A m×n, dsyrk), zeros above the diagonal. */
export function cholGram(m: i32, n: i32, a: usize, lda: i32, lambda: f64, g: usize, ldg: i32, work: usize): void {
  dsyrk(0, 1, n, m, 1.0, a, lda, 0.0, g, ldg, work);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) store<f64>(at(g, i, j, ldg), 0.0);
    store<f64>(at(g, j, j, ldg), load<f64>(at(g, j, j, ldg)) + lambda);
  }
}

/** Workspace (bytes) of {@link cholInverseFrobSq}. */
export function cholInverseFrobSqWorkspaceSize(n: i32): usize {
  return align16(<usize>max(n, 1) * 8);
}

/**
 * ‖L⁻¹‖_F² for the lower triangular L (n×n): column j of L⁻¹ by forward substitution on
 * e_j (rows j..n−1 only), n³/3 flops. Used for the ridge degrees of freedom
 * tr(G(G + λI)⁻¹) = n − λ·‖L⁻¹‖_F².
 */
export function cholInverseFrobSq(n: i32, l: usize, ldl: i32, work: usize): f64 {
  let ss = 0.0;
  for (let j = 0; j < n; j++) {
    // x = L⁻¹ e_j, x[0:j] = 0; column-oriented: x_i /= L_ii, x[i+1:] −= x_i L[i+1:, i]
    for (let i = j; i < n; i++) store<f64>(work + (<usize>i << 3), i == j ? 1.0 : 0.0);
    for (let i = j; i < n; i++) {
      const xi = load<f64>(work + (<usize>i << 3)) / load<f64>(at(l, i, i, ldl));
      store<f64>(work + (<usize>i << 3), xi);
      ss += xi * xi;
      if (xi != 0.0 && i + 1 < n) axpyc(n - i - 1, -xi, at(l, i + 1, i, ldl), work + (<usize>(i + 1) << 3));
    }
  }
  return ss;
}
