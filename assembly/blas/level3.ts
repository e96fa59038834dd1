// BLAS level 3 besides GEMM: SYRK, TRSM, TRMM (column-major, leading dimensions in elements,
// flags 0/1). SYRK is the triangle-restricted packed GEMM; TRSM / TRMM are recursive (halves of
// the triangle, one GEMM with the off-diagonal block per split, triangles of order ≤ LEAF_L3 by
// plain loops; left-side blocks of ≤ LEFT_T rows as transposed right-side problems). All take
// `work` for GEMM packing (see the `…WorkspaceSize` twins).
// Dependency direction: level3 → gemm → level2 → level1. No kernel allocates or keeps state.
import { madd } from '../core/simd';
import { ad, at } from '../core/addr';
import { dscal, ddot, daxpy } from './level1';
import { dgemm, dgemmt, dgemmWorkspaceSize } from '../gemm/driver';
// ───────────────────────────────────── level 3 ─────────────────────────────────────

/**
 * Left-side calls with m ≤ SMALL_LEFT (the T·W products of blocked Householder updates, ib ≤ 64)
 * run the in-place column substitution and use no workspace at all: callers that size `work`
 * for their GEMMs only (dormbr's `dgemmWorkspaceSize(t, t, t)`) stay safe.
 */
const SMALL_LEFT: i32 = 64;

/** Largest triangle order solved / multiplied by plain loops at the leaves of the recursive TRSM / TRMM. */
const LEAF_L3: i32 = 32;

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

/**
 * Workspace (bytes) of `dtrsm` for an m×n B, either side: the GEMMs of the recursion are at most
 * (m/2)×n×(m/2) (side 0) or m×(n/2)×(n/2) (side 1), and the packed panels grow with min(k, KC).
 */
export function dtrsmWorkspaceSize(m: i32, n: i32): usize {
  return max(dgemmWorkspaceSize(m, n, dmax(m, n)), leafBytes(m, n));
}

/** Workspace (bytes) of `dtrmm` for an m×n B, either side (the same GEMM shapes as `dtrsm`). */
export function dtrmmWorkspaceSize(m: i32, n: i32): usize {
  return max(dgemmWorkspaceSize(m, n, dmax(m, n)), leafBytes(m, n));
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
 * = Aᵀ; diag = 1: unit diagonal (not read). Recursive (Elmroth–Gustavson–Jonsson–Kågström):
 * the triangle is split in two halves, X₁ solved, the other half of B updated by one GEMM with
 * the off-diagonal block, X₂ solved; halves of at most LEAF_L3 rows/columns are solved by
 * substitution. Nearly all of the m²n (side 0) or mn² (side 1) flops run in the packed GEMM, most
 * of them in the top-level products whose shared dimension is half the triangle.
 */
export function dtrsm(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (m <= 0 || n <= 0) return;
  scaleB(m, n, alpha, b, ldb);
  if (alpha == 0.0) return;
  const lower = (uplo == 0) != (transA != 0); // op(A) is lower triangular
  if (side == 0) {
    if (m <= SMALL_LEFT) trsmLeftDiag(lower, transA, diag, 0, m, n, a, lda, b, ldb);
    else trsmLeft(lower, transA, diag, m, n, a, lda, b, ldb, work);
  } else {
    trsmRight(lower, transA, diag, m, n, a, lda, b, ldb, work);
  }
}

/**
 * Left-side recursions stop at LEFT_T rows: below that the GEMMs of the left recursion (few rows
 * of B against the whole width of B, which is repacked for every product) lose to the right-side
 * ones, so the block is transposed and solved as a right-side problem (see `leftLeaf`).
 */
const LEFT_T: i32 = 256;
/** Columns of B per transposed chunk at a left-side leaf. */
const LEAF_COLS: i32 = 128;
/**
 * Bytes of `work` a left-side leaf of an m×n B uses: the transposed chunk (m' × n' doubles,
 * m' = min(m, LEFT_T), n' = min(n, LEAF_COLS)) and the GEMM workspace of its right-side recursion.
 * Part of `dtrsmWorkspaceSize` / `dtrmmWorkspaceSize`: a workspace sized for GEMMs alone may be
 * too small for a left-side call.
 */
function leafBytes(m: i32, n: i32): usize {
  if (m <= SMALL_LEFT) return 16;
  const mm = dmin(dmax(m, 1), LEFT_T), nc = dmin(dmax(n, 1), LEAF_COLS);
  return (((<usize>(mm * nc) << 3) + 15) & ~(<usize>15)) + 16 + dgemmWorkspaceSize(nc, mm, mm);
}

/**
 * Left-side leaf (op(A) m×m with m ≤ LEFT_T): B's m×n block is taken LEAF_COLS columns at a
 * time, transposed into `work` (T = Bᵀ, contiguous rows of B become columns), and the transposed
 * problem T·op(A)ᵀ = T (trsm) or T ← T·op(A)ᵀ (trmm) is done by the right-side recursion, whose
 * GEMMs pack only the small triangle blocks and whose leaves run unit-stride axpys over the
 * chunk. Same flops and the same error bounds as the left-side recursion.
 */
function leftLeaf(solve: bool, lower: bool, t: i32, diag: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  const buf = (work + 15) & ~(<usize>15);
  const w2 = buf + (((<usize>(m * dmin(n, LEAF_COLS)) << 3) + 15) & ~(<usize>15));
  for (let j0 = 0; j0 < n; j0 += LEAF_COLS) {
    const nc = dmin(LEAF_COLS, n - j0);
    transposeBlock(m, nc, at(b, 0, j0, ldb), ldb, buf, nc);
    if (solve) trsmRight(!lower, t ^ 1, diag, nc, m, a, lda, buf, nc, w2);
    else trmmRight(!lower, t ^ 1, diag, nc, m, a, lda, buf, nc, w2);
    transposeBlock(nc, m, buf, nc, at(b, 0, j0, ldb), ldb);
  }
}

/** D (n×m, ldd) = Sᵀ for S m×n (lds), in 2×2 tiles (two f64x2 loads, two shuffles, two stores). */
function transposeBlock(m: i32, n: i32, s: usize, lds: i32, d: usize, ldd: i32): void {
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const s0 = at(s, 0, j, lds), s1 = at(s, 0, j + 1, lds);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const x = v128.load(ad(s0, i)), y = v128.load(ad(s1, i));
      v128.store(at(d, j, i, ldd), v128.shuffle<f64>(x, y, 0, 2));
      v128.store(at(d, j, i + 1, ldd), v128.shuffle<f64>(x, y, 1, 3));
    }
    if (i < m) {
      store<f64>(at(d, j, i, ldd), load<f64>(ad(s0, i)));
      store<f64>(at(d, j + 1, i, ldd), load<f64>(ad(s1, i)));
    }
  }
  if (j < n) {
    const s0 = at(s, 0, j, lds);
    for (let i = 0; i < m; i++) store<f64>(at(d, j, i, ldd), load<f64>(ad(s0, i)));
  }
}

/** Size of the first half when a triangle of order n is split (a multiple of 8 near n/2). */
@inline function splitAt(n: i32): i32 {
  const h = ((n >> 1) + 7) & ~7;
  return h < n ? h : n >> 1;
}

/** op(A)·X = B, op(A) m×m (lower or upper as `lower` says), B m×n, recursive. */
function trsmLeft(lower: bool, t: i32, diag: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (m <= LEFT_T) { leftLeaf(true, lower, t, diag, m, n, a, lda, b, ldb, work); return; }
  const m1 = splitAt(m), m2 = m - m1;
  const b2 = at(b, m1, 0, ldb), a22 = at(a, m1, m1, lda);
  if (lower) {
    // X₁ = A₁₁⁻¹B₁; B₂ −= A₂₁X₁; X₂ = A₂₂⁻¹B₂
    trsmLeft(lower, t, diag, m1, n, a, lda, b, ldb, work);
    dgemm(t, 0, m2, n, m1, -1.0, opAt(a, t, m1, 0, lda), lda, b, ldb, 1.0, b2, ldb, work);
    trsmLeft(lower, t, diag, m2, n, a22, lda, b2, ldb, work);
  } else {
    // X₂ = A₂₂⁻¹B₂; B₁ −= A₁₂X₂; X₁ = A₁₁⁻¹B₁
    trsmLeft(lower, t, diag, m2, n, a22, lda, b2, ldb, work);
    dgemm(t, 0, m1, n, m2, -1.0, opAt(a, t, 0, m1, lda), lda, b2, ldb, 1.0, b, ldb, work);
    trsmLeft(lower, t, diag, m1, n, a, lda, b, ldb, work);
  }
}

/** X·op(A) = B, op(A) n×n, B m×n, recursive. */
function trsmRight(lower: bool, t: i32, diag: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (n <= LEAF_L3) { trsmRightDiag(lower, t, diag, 0, n, m, a, lda, b, ldb); return; }
  const n1 = splitAt(n), n2 = n - n1;
  const b2 = at(b, 0, n1, ldb), a22 = at(a, n1, n1, lda);
  if (lower) {
    // [X₁ X₂]·[A₁₁ 0; A₂₁ A₂₂]: X₂ = B₂A₂₂⁻¹; B₁ −= X₂A₂₁; X₁ = B₁A₁₁⁻¹
    trsmRight(lower, t, diag, m, n2, a22, lda, b2, ldb, work);
    dgemm(0, t, m, n1, n2, -1.0, b2, ldb, opAt(a, t, n1, 0, lda), lda, 1.0, b, ldb, work);
    trsmRight(lower, t, diag, m, n1, a, lda, b, ldb, work);
  } else {
    // [X₁ X₂]·[A₁₁ A₁₂; 0 A₂₂]: X₁ = B₁A₁₁⁻¹; B₂ −= X₁A₁₂; X₂ = B₂A₂₂⁻¹
    trsmRight(lower, t, diag, m, n1, a, lda, b, ldb, work);
    dgemm(0, t, m, n2, n1, -1.0, b, ldb, opAt(a, t, 0, n1, lda), lda, 1.0, b2, ldb, work);
    trsmRight(lower, t, diag, m, n2, a22, lda, b2, ldb, work);
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

/**
 * y[0:m] += s·Σ_{k0 ≤ k < k1} op(A)[j0 + k, j0 + j]·B[:, j0 + k]: the columns four at a time,
 * so y is loaded and stored once per four multiply-adds.
 */
function colCombine(m: i32, s: f64, t: i32, j0: i32, j: i32, k0: i32, k1: i32, a: usize, lda: i32, b: usize, ldb: i32, y: usize): void {
  let k = k0;
  for (; k + 3 < k1; k += 4) {
    const c0 = f64x2.splat(s * opGet(a, t, j0 + k, j0 + j, lda)), c1 = f64x2.splat(s * opGet(a, t, j0 + k + 1, j0 + j, lda));
    const c2 = f64x2.splat(s * opGet(a, t, j0 + k + 2, j0 + j, lda)), c3 = f64x2.splat(s * opGet(a, t, j0 + k + 3, j0 + j, lda));
    const x0 = at(b, 0, j0 + k, ldb), x1 = at(b, 0, j0 + k + 1, ldb), x2 = at(b, 0, j0 + k + 2, ldb), x3 = at(b, 0, j0 + k + 3, ldb);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const o = <usize>i << 3;
      let v = v128.load(y + o);
      v = madd(c0, v128.load(x0 + o), v);
      v = madd(c1, v128.load(x1 + o), v);
      v = madd(c2, v128.load(x2 + o), v);
      v = madd(c3, v128.load(x3 + o), v);
      v128.store(y + o, v);
    }
    if (i < m) {
      const o = <usize>i << 3;
      let v = load<f64>(y + o);
      v += f64x2.extract_lane(c0, 0) * load<f64>(x0 + o);
      v += f64x2.extract_lane(c1, 0) * load<f64>(x1 + o);
      v += f64x2.extract_lane(c2, 0) * load<f64>(x2 + o);
      v += f64x2.extract_lane(c3, 0) * load<f64>(x3 + o);
      store<f64>(y + o, v);
    }
  }
  for (; k < k1; k++) daxpy(m, s * opGet(a, t, j0 + k, j0 + j, lda), at(b, 0, j0 + k, ldb), 1, y, 1);
}

/** Columns j0..j0+jb of B ← B[:, blk] · op(A)[blk, blk]⁻¹ (column substitution, m rows). */
function trsmRightDiag(lower: bool, t: i32, diag: i32, j0: i32, jb: i32, m: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  if (lower) {
    for (let j = jb - 1; j >= 0; j--) {
      const bj = at(b, 0, j0 + j, ldb);
      colCombine(m, -1.0, t, j0, j, j + 1, jb, a, lda, b, ldb, bj);
      if (!diag) divCol(m, opGet(a, t, j0 + j, j0 + j, lda), bj);
    }
  } else {
    for (let j = 0; j < jb; j++) {
      const bj = at(b, 0, j0 + j, ldb);
      colCombine(m, -1.0, t, j0, j, 0, j, a, lda, b, ldb, bj);
      if (!diag) divCol(m, opGet(a, t, j0 + j, j0 + j, lda), bj);
    }
  }
}

/**
 * Triangular multiply: side = 0: B ← α·op(A)·B (A m×m); side = 1: B ← α·B·op(A) (A n×n).
 * Flags as in `dtrsm`. Recursive like `dtrsm`: the half whose product needs the other half's
 * original values is formed first (triangle half in place, then one GEMM with the off-diagonal
 * block), then the other half; halves of at most LEAF_L3 rows/columns by plain loops.
 */
export function dtrmm(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (m <= 0 || n <= 0) return;
  scaleB(m, n, alpha, b, ldb);
  if (alpha == 0.0) return;
  const lower = (uplo == 0) != (transA != 0);
  if (side == 0) {
    if (m <= SMALL_LEFT) trmmLeftDiag(lower, transA, diag, 0, m, n, a, lda, b, ldb);
    else trmmLeft(lower, transA, diag, m, n, a, lda, b, ldb, work);
  } else {
    trmmRight(lower, transA, diag, m, n, a, lda, b, ldb, work);
  }
}

/** B ← op(A)·B, op(A) m×m, recursive. */
function trmmLeft(lower: bool, t: i32, diag: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (m <= LEFT_T) { leftLeaf(false, lower, t, diag, m, n, a, lda, b, ldb, work); return; }
  const m1 = splitAt(m), m2 = m - m1;
  const b2 = at(b, m1, 0, ldb), a22 = at(a, m1, m1, lda);
  if (lower) {
    // B₂ ← A₂₂B₂ + A₂₁B₁ (B₁ still original), then B₁ ← A₁₁B₁
    trmmLeft(lower, t, diag, m2, n, a22, lda, b2, ldb, work);
    dgemm(t, 0, m2, n, m1, 1.0, opAt(a, t, m1, 0, lda), lda, b, ldb, 1.0, b2, ldb, work);
    trmmLeft(lower, t, diag, m1, n, a, lda, b, ldb, work);
  } else {
    // B₁ ← A₁₁B₁ + A₁₂B₂ (B₂ still original), then B₂ ← A₂₂B₂
    trmmLeft(lower, t, diag, m1, n, a, lda, b, ldb, work);
    dgemm(t, 0, m1, n, m2, 1.0, opAt(a, t, 0, m1, lda), lda, b2, ldb, 1.0, b, ldb, work);
    trmmLeft(lower, t, diag, m2, n, a22, lda, b2, ldb, work);
  }
}

/** B ← B·op(A), op(A) n×n, recursive. */
function trmmRight(lower: bool, t: i32, diag: i32, m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (n <= LEAF_L3) { trmmRightDiag(lower, t, diag, 0, n, m, a, lda, b, ldb); return; }
  const n1 = splitAt(n), n2 = n - n1;
  const b2 = at(b, 0, n1, ldb), a22 = at(a, n1, n1, lda);
  if (lower) {
    // B₁ ← B₁A₁₁ + B₂A₂₁ (B₂ still original), then B₂ ← B₂A₂₂
    trmmRight(lower, t, diag, m, n1, a, lda, b, ldb, work);
    dgemm(0, t, m, n1, n2, 1.0, b2, ldb, opAt(a, t, n1, 0, lda), lda, 1.0, b, ldb, work);
    trmmRight(lower, t, diag, m, n2, a22, lda, b2, ldb, work);
  } else {
    // B₂ ← B₂A₂₂ + B₁A₁₂ (B₁ still original), then B₁ ← B₁A₁₁
    trmmRight(lower, t, diag, m, n2, a22, lda, b2, ldb, work);
    dgemm(0, t, m, n2, n1, 1.0, b, ldb, opAt(a, t, 0, n1, lda), lda, 1.0, b2, ldb, work);
    trmmRight(lower, t, diag, m, n1, a, lda, b, ldb, work);
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

/** B[:, blk] ← B[:, blk] · op(A)[blk, blk] in place (m rows). */
function trmmRightDiag(lower: bool, t: i32, diag: i32, j0: i32, jb: i32, m: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  if (!lower) {
    // column j ← Σ_{k ≤ j} B[:, k] a_kj: j descending (columns k < j still original)
    for (let j = jb - 1; j >= 0; j--) {
      const bj = at(b, 0, j0 + j, ldb);
      if (!diag) mulCol(m, opGet(a, t, j0 + j, j0 + j, lda), bj);
      colCombine(m, 1.0, t, j0, j, 0, j, a, lda, b, ldb, bj);
    }
  } else {
    for (let j = 0; j < jb; j++) {
      const bj = at(b, 0, j0 + j, ldb);
      if (!diag) mulCol(m, opGet(a, t, j0 + j, j0 + j, lda), bj);
      colCombine(m, 1.0, t, j0, j, j + 1, jb, a, lda, b, ldb, bj);
    }
  }
}
