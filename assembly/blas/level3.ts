// BLAS level 3 besides GEMM: SYRK, TRSM, TRMM (column-major, leading dimensions in elements,
// flags 0/1). Blocked: small diagonal blocks by plain loops, everything else by the packed GEMM
// of ../gemm, whose packing workspace they take as `work` (see the `…WorkspaceSize` twins).
// Dependency direction: level3 → gemm → level2 → level1. No kernel allocates or keeps state.
import { madd } from '../core/simd';
import { ad, at } from '../core/addr';
import { dscal, ddot, daxpy } from './level1';
import { dgemm, dgemmt, dgemmWorkspaceSize } from '../gemm/driver';
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
