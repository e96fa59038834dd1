// GEMM, BLIS style (DESIGN.md §5): C ← α·op(A)·op(B) + β·C.
//
//   for jc in steps of NC (columns of C)            B block KC×NC packed once per (jc, pc)
//     for pc in steps of KC (the shared dimension)
//       pack op(B)[pc:pc+KC, jc:jc+NC] into NR-column micro-panels (zero padded)
//       for ic in steps of MC (rows of C)
//         pack α·op(A)[ic:ic+MC, pc:pc+KC] into MR-row micro-panels (zero padded)
//         for jr in steps of NR, ir in steps of MR:  micro-kernel on one MR×NR tile of C
//
// The micro-kernel keeps the MR×NR tile of C in f64x2 registers and reads the two packed
// micro-panels sequentially. Edge tiles (m or n not multiples of MR/NR) are computed in full on
// the zero-padded panels into a small tile buffer and only the valid part is merged into C.
// β is applied on the first KC block (β = 0 never reads C: NaN in C does not propagate).
import { madd } from './simd';
import { dgemv } from './blas';

// ─────────────── block sizes (one table; the micro-kernel shape is chosen per build) ───────────────
/** Micro-kernel id of this build (see `ukr`): relaxed (FMA) and plain SIMD builds may differ. */
const UKR: i32 = ASC_FEATURE_RELAXED_SIMD ? 1 : 2;
/** Rows of C per ic block (A block MC×KC stays in L2). */
const MC: i32 = 192;
/** Shared-dimension block (an MR×KC A micro-panel and a KC×NR B micro-panel fit in L1). */
const KC: i32 = 256;
/** Columns of C per jc block (B block KC×NC stays in L3). */
const NC: i32 = 1024;
/** Largest MR / NR of any micro-kernel below (sizes the workspace). */
const MR_MAX: i32 = 8;
const NR_MAX: i32 = 4;

@inline function at(p: usize, i: i32, j: i32, ld: i32): usize {
  return p + ((<usize>i + <usize>j * <usize>ld) << 3);
}
@inline function imin(a: i32, b: i32): i32 { return a < b ? a : b; }
@inline function roundUp(x: i32, r: i32): i32 { return ((x + r - 1) / r) * r; }

/** Workspace (bytes) that `dgemm` needs for packing panels for an m×n×k product. */
export function dgemmWorkspaceSize(m: i32, n: i32, k: i32): usize {
  if (m <= 0 || n <= 0 || k <= 0) return 16;
  return workBytes(MC, KC, NC, m, n, k);
}

/** Rows reserved for the packed A block: ≥ ⌈min(m, ⌈MC/mr⌉·mr)/mr⌉·mr for every kernel's mr. */
@inline function aRows(m: i32, mcB: i32): i32 { return imin(m, mcB + MR_MAX) + MR_MAX; }
/** Columns reserved for the packed B block (same rule with nr). */
@inline function bCols(n: i32, ncB: i32): i32 { return imin(n, ncB + NR_MAX) + NR_MAX; }

function workBytes(mcB: i32, kcB: i32, ncB: i32, m: i32, n: i32, k: i32): usize {
  const kc = imin(k, kcB);
  return (<usize>(MR_MAX * NR_MAX) << 3) + ((<usize>aRows(m, mcB) * <usize>kc + 2 * <usize>kc * <usize>bCols(n, ncB)) << 3) + 16;
}

/**
 * C = alpha * op(A) * op(B) + beta * C (column-major; trans flags 0 = N, 1 = T). op(A) is m×k,
 * op(B) k×n, C m×n. `work` must hold `dgemmWorkspaceSize(m, n, k)` bytes (16-byte aligned).
 * BLAS semantics: alpha = 0 or k = 0 gives C = beta*C without reading A or B; beta = 0 never
 * reads C.
 */
export function dgemm(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  if (m <= 0 || n <= 0) return;
  if (k > 0 && alpha != 0.0) {
    // matrix-vector shapes: packing would cost as much as the product, use GEMV
    if (n == 1) {
      // c = α·op(A)·b₀ + β·c, b₀ = column 0 of op(B)
      dgemv(transA, transA ? k : m, transA ? m : k, alpha, a, lda, b, transB ? ldb : 1, beta, c, 1);
      return;
    }
    if (m == 1) {
      // cᵀ = α·op(B)ᵀ·a₀ᵀ + β·cᵀ, a₀ = row 0 of op(A), cᵀ strided by ldc
      dgemv(transB ^ 1, transB ? n : k, transB ? k : n, alpha, b, ldb, a, transA ? 1 : lda, beta, c, ldc);
      return;
    }
    if (useDirect(transA, m, n, k)) {
      gemmDirect(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
      return;
    }
  }
  gemmDriver(UKR, MC, KC, NC, 0, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
}

/**
 * GEMM that updates one triangle of the n×n result only (BLAS extension `dgemmt`):
 * C ← α·op(A)·op(B) + β·C on the lower (uplo = 0: i ≥ j) or upper (uplo = 1: i ≤ j) triangle;
 * the other triangle is neither read nor written. op(A) n×k, op(B) k×n. Micro-tiles wholly
 * outside the triangle are skipped, tiles across the diagonal are merged under a mask, so the
 * cost is about half a GEMM. `work`: `dgemmWorkspaceSize(n, n, k)` bytes. Used by `dsyrk`.
 */
export function dgemmt(uplo: i32, transA: i32, transB: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  if (n <= 0) return;
  if (k <= 0 || alpha == 0.0) {
    for (let j = 0; j < n; j++) {
      const i0 = uplo ? 0 : j, i1 = uplo ? j + 1 : n;
      for (let i = i0; i < i1; i++) {
        const p = at(c, i, j, ldc);
        store<f64>(p, beta == 0.0 ? 0.0 : beta * load<f64>(p));
      }
    }
    return;
  }
  gemmDriver(UKR, MC, KC, NC, uplo ? 2 : 1, transA, transB, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
}

/**
 * Tuning entry (benchmarks only): `dgemm` with an explicit micro-kernel id and block sizes.
 * `work` must hold `dgemmTuneWorkspaceSize(mc, kc, nc, m, n, k)` bytes.
 */
export function dgemmTune(ukrId: i32, mc: i32, kc: i32, nc: i32, transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  gemmDriver(ukrId, mc, kc, nc, 0, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
}
export function dgemmTuneWorkspaceSize(mc: i32, kc: i32, nc: i32, m: i32, n: i32, k: i32): usize {
  return workBytes(mc, kc, nc, m, n, k);
}

/** C ← β·C on an m×n block (β = 0 writes zeros without reading). */
function scaleC(m: i32, n: i32, beta: f64, c: usize, ldc: i32): void {
  if (beta == 1.0) return;
  const vb = f64x2.splat(beta);
  for (let j = 0; j < n; j++) {
    const cj = at(c, 0, j, ldc);
    if (beta == 0.0) { memory.fill(cj, 0, <usize>m << 3); continue; }
    let i = 0;
    for (; i + 1 < m; i += 2) v128.store(cj + (<usize>i << 3), f64x2.mul(vb, v128.load(cj + (<usize>i << 3))));
    for (; i < m; i++) store<f64>(cj + (<usize>i << 3), beta * load<f64>(cj + (<usize>i << 3)));
  }
}

/** tri: 0 full C, 1 lower triangle only (i ≥ j), 2 upper triangle only (i ≤ j). */
function gemmDriver(u: i32, MCb: i32, KCb: i32, NCb: i32, tri: i32, ta: i32, tb: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0.0) { scaleC(m, n, beta, c, ldc); return; }
  const mr = ukrMR(u), nr = ukrNR(u), dup = ukrDup(u);
  const mcB = roundUp(MCb, mr), ncB = roundUp(NCb, nr);
  const w0 = (work + 15) & ~(<usize>15);
  const tile = w0;
  const ap = tile + (<usize>(MR_MAX * NR_MAX) << 3);
  const bp = ap + ((<usize>aRows(m, MCb) * <usize>imin(k, KCb)) << 3);
  for (let jc = 0; jc < n; jc += ncB) {
    const nc = imin(ncB, n - jc);
    for (let pc = 0; pc < k; pc += KCb) {
      const kc = imin(KCb, k - pc);
      packB(tb, kc, nc, nr, dup, b, ldb, pc, jc, bp);
      const bet = pc == 0 ? beta : 1.0;
      for (let ic = 0; ic < m; ic += mcB) {
        const mc = imin(mcB, m - ic);
        if (tri == 1 && ic + mc - 1 < jc) continue; // block wholly above the diagonal
        if (tri == 2 && ic > jc + nc - 1) continue; // block wholly below the diagonal
        packA(ta, mc, kc, mr, alpha, a, lda, ic, pc, ap);
        for (let jr = 0; jr < nc; jr += nr) {
          const nre = imin(nr, nc - jr);
          const pb = bp + ((<usize>jr * <usize>kc) << (3 + dup));
          for (let ir = 0; ir < mc; ir += mr) {
            const mre = imin(mr, mc - ir);
            const pa = ap + ((<usize>ir * <usize>kc) << 3);
            const cp = at(c, ic + ir, jc + jr, ldc);
            if (tri) {
              const r0 = ic + ir, c0 = jc + jr;
              if (tri == 1 ? r0 + mre - 1 < c0 : r0 > c0 + nre - 1) continue; // outside the triangle
              if (tri == 1 ? r0 < c0 + nre - 1 : r0 + mre - 1 > c0) {
                // across the diagonal: compute in full, merge the triangle part
                ukr(u, kc, pa, pb, tile, mr, 0.0);
                mergeTileTri(tri, r0 - c0, mre, nre, tile, mr, cp, ldc, bet);
                continue;
              }
            }
            if (mre == mr && nre == nr) {
              ukr(u, kc, pa, pb, cp, ldc, bet);
            } else {
              ukr(u, kc, pa, pb, tile, mr, 0.0);
              mergeTile(mre, nre, tile, mr, cp, ldc, bet);
            }
          }
        }
      }
    }
  }
}

/** mergeTile restricted to the triangle: entry (i, j) of the tile is (d + i, j) relative to the diagonal. */
function mergeTileTri(tri: i32, d: i32, mr: i32, nr: i32, t: usize, ldt: i32, c: usize, ldc: i32, beta: f64): void {
  for (let j = 0; j < nr; j++) {
    for (let i = 0; i < mr; i++) {
      const off = d + i - j;
      if (tri == 1 ? off < 0 : off > 0) continue;
      const cp = at(c, i, j, ldc);
      const v = load<f64>(at(t, i, j, ldt));
      store<f64>(cp, beta == 0.0 ? v : beta == 1.0 ? v + load<f64>(cp) : v + beta * load<f64>(cp));
    }
  }
}

/** C[0:mr, 0:nr] ← T + β·C (β = 0: C not read). */
function mergeTile(mr: i32, nr: i32, t: usize, ldt: i32, c: usize, ldc: i32, beta: f64): void {
  for (let j = 0; j < nr; j++) {
    for (let i = 0; i < mr; i++) {
      const cp = at(c, i, j, ldc);
      const v = load<f64>(at(t, i, j, ldt));
      store<f64>(cp, beta == 0.0 ? v : beta == 1.0 ? v + load<f64>(cp) : v + beta * load<f64>(cp));
    }
  }
}

/**
 * Packs α·op(A)[ic:ic+mc, pc:pc+kc] into ⌈mc/mr⌉ micro-panels; panel q holds rows q·mr… as kc
 * consecutive groups of mr values (rows beyond mc are zero).
 */
function packA(ta: i32, mc: i32, kc: i32, mr: i32, alpha: f64, a: usize, lda: i32, ic: i32, pc: i32, ap: usize): void {
  const va = f64x2.splat(alpha);
  for (let ir = 0; ir < mc; ir += mr) {
    const mre = imin(mr, mc - ir);
    const dst = ap + ((<usize>ir * <usize>kc) << 3);
    if (!ta) {
      // op(A)[i, p] = A[i, p]: mr contiguous values per p
      if (mre == mr && (mr & 1) == 0) {
        for (let p = 0; p < kc; p++) {
          const src = at(a, ic + ir, pc + p, lda);
          const d = dst + ((<usize>p * <usize>mr) << 3);
          for (let i = 0; i < mr; i += 2) {
            v128.store(d + (<usize>i << 3), f64x2.mul(va, v128.load(src + (<usize>i << 3))));
          }
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const src = at(a, ic + ir, pc + p, lda);
          const d = dst + ((<usize>p * <usize>mr) << 3);
          for (let i = 0; i < mre; i++) store<f64>(d + (<usize>i << 3), alpha * load<f64>(src + (<usize>i << 3)));
          for (let i = mre; i < mr; i++) store<f64>(d + (<usize>i << 3), 0.0);
        }
      }
    } else {
      // op(A)[i, p] = A[p, i]: column i of A is contiguous in p
      for (let i = 0; i < mre; i++) {
        const src = at(a, pc, ic + ir + i, lda);
        const d = dst + (<usize>i << 3);
        const step = <usize>mr << 3;
        for (let p = 0; p < kc; p++) store<f64>(d + <usize>p * step, alpha * load<f64>(src + (<usize>p << 3)));
      }
      for (let i = mre; i < mr; i++) {
        const d = dst + (<usize>i << 3);
        const step = <usize>mr << 3;
        for (let p = 0; p < kc; p++) store<f64>(d + <usize>p * step, 0.0);
      }
    }
  }
}

/**
 * Packs op(B)[pc:pc+kc, jc:jc+nc] into ⌈nc/nr⌉ micro-panels; panel q holds columns q·nr… as kc
 * consecutive groups of nr values (columns beyond nc are zero).
 */
function packB(tb: i32, kc: i32, nc: i32, nr: i32, dup: i32, b: usize, ldb: i32, pc: i32, jc: i32, bp: usize): void {
  if (dup) { packBdup(tb, kc, nc, nr, b, ldb, pc, jc, bp); return; }
  for (let jr = 0; jr < nc; jr += nr) {
    const nre = imin(nr, nc - jr);
    const dst = bp + ((<usize>jr * <usize>kc) << 3);
    const step = <usize>nr << 3;
    if (!tb) {
      // op(B)[p, j] = B[p, j]: column j contiguous in p
      for (let j = 0; j < nre; j++) {
        const src = at(b, pc, jc + jr + j, ldb);
        const d = dst + (<usize>j << 3);
        for (let p = 0; p < kc; p++) store<f64>(d + <usize>p * step, load<f64>(src + (<usize>p << 3)));
      }
    } else {
      // op(B)[p, j] = B[j, p]: nr contiguous values per p
      for (let p = 0; p < kc; p++) {
        const src = at(b, jc + jr, pc + p, ldb);
        const d = dst + <usize>p * step;
        for (let j = 0; j < nre; j++) store<f64>(d + (<usize>j << 3), load<f64>(src + (<usize>j << 3)));
      }
    }
    for (let j = nre; j < nr; j++) {
      const d = dst + (<usize>j << 3);
      for (let p = 0; p < kc; p++) store<f64>(d + <usize>p * step, 0.0);
    }
  }
}

/** packB with every value stored twice ([b, b] as one f64x2), so the kernel needs no splat. */
function packBdup(tb: i32, kc: i32, nc: i32, nr: i32, b: usize, ldb: i32, pc: i32, jc: i32, bp: usize): void {
  for (let jr = 0; jr < nc; jr += nr) {
    const nre = imin(nr, nc - jr);
    const dst = bp + ((<usize>jr * <usize>kc) << 4);
    const step = <usize>nr << 4;
    if (!tb) {
      for (let j = 0; j < nre; j++) {
        const src = at(b, pc, jc + jr + j, ldb);
        const d = dst + (<usize>j << 4);
        for (let p = 0; p < kc; p++) v128.store(d + <usize>p * step, v128.load64_splat(src + (<usize>p << 3)));
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = at(b, jc + jr, pc + p, ldb);
        const d = dst + <usize>p * step;
        for (let j = 0; j < nre; j++) v128.store(d + (<usize>j << 4), v128.load64_splat(src + (<usize>j << 3)));
      }
    }
    for (let j = nre; j < nr; j++) {
      const d = dst + (<usize>j << 4);
      for (let p = 0; p < kc; p++) v128.store(d + <usize>p * step, f64x2.splat(0.0));
    }
  }
}

// ───────────────────────── small / skinny products without packing ─────────────────────────
// For op(A) = A (columns contiguous) and products too small for packing to pay off (or with
// n ≤ 4 where packing A would cost as much as the product), 4×4 register tiles read A and B in
// place: A column p at a + p·lda, B element (p, j) at b + p·sp + j·sj (any transB).

/** True when `dgemm` takes the unpacked path. */
@inline function useDirect(ta: i32, m: i32, n: i32, k: i32): bool {
  return ta == 0 && (n <= 4 || <i64>m * <i64>n * <i64>k <= 32768);
}

function gemmDirect(tb: i32, m: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  b: usize, ldb: i32, beta: f64, c: usize, ldc: i32): void {
  const sp: usize = tb ? <usize>ldb << 3 : 8; // step of B along p
  const sj: usize = tb ? 8 : <usize>ldb << 3; // step of B along j
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const bj = b + <usize>j * sj;
    let i = 0;
    for (; i + 3 < m; i += 4) directTile4x4(k, a + (<usize>i << 3), lda, bj, sp, sj, at(c, i, j, ldc), ldc, alpha, beta);
    if (i < m) directEdge(m - i, 4, k, a + (<usize>i << 3), lda, bj, sp, sj, at(c, i, j, ldc), ldc, alpha, beta);
  }
  if (j < n) directEdge(m, n - j, k, a, lda, b + <usize>j * sj, sp, sj, at(c, 0, j, ldc), ldc, alpha, beta);
}

/** C[0:4, 0:4] ← α·A[0:4, :]·B[:, 0:4] + β·C with A, B read in place. */
function directTile4x4(k: i32, pa: usize, lda: i32, pb: usize, sp: usize, sj: usize, c: usize, ldc: i32, alpha: f64, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z, c13 = z;
  const la = <usize>lda << 3;
  const sj2 = sj << 1, sj3 = sj * 3;
  for (let p = 0; p < k; p++) {
    const a0 = v128.load(pa), a1 = v128.load(pa, 16);
    const b0 = v128.load64_splat(pb);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10);
    const b1 = v128.load64_splat(pb + sj);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11);
    const b2 = v128.load64_splat(pb + sj2);
    c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12);
    const b3 = v128.load64_splat(pb + sj3);
    c03 = madd(a0, b3, c03); c13 = madd(a1, b3, c13);
    pa += la; pb += sp;
  }
  const ld = <usize>ldc << 3;
  const va = f64x2.splat(alpha);
  if (beta == 0.0) {
    v128.store(c, f64x2.mul(va, c00)); v128.store(c, f64x2.mul(va, c10), 16);
    v128.store(c + ld, f64x2.mul(va, c01)); v128.store(c + ld, f64x2.mul(va, c11), 16);
    v128.store(c + 2 * ld, f64x2.mul(va, c02)); v128.store(c + 2 * ld, f64x2.mul(va, c12), 16);
    v128.store(c + 3 * ld, f64x2.mul(va, c03)); v128.store(c + 3 * ld, f64x2.mul(va, c13), 16);
  } else {
    const vb = f64x2.splat(beta);
    v128.store(c, madd(vb, v128.load(c), f64x2.mul(va, c00)));
    v128.store(c, madd(vb, v128.load(c, 16), f64x2.mul(va, c10)), 16);
    v128.store(c + ld, madd(vb, v128.load(c + ld), f64x2.mul(va, c01)));
    v128.store(c + ld, madd(vb, v128.load(c + ld, 16), f64x2.mul(va, c11)), 16);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld), f64x2.mul(va, c02)));
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 16), f64x2.mul(va, c12)), 16);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld), f64x2.mul(va, c03)));
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 16), f64x2.mul(va, c13)), 16);
  }
}

/** Edge block (mr × nr, either small): dot products, two rows at a time where possible. */
function directEdge(mr: i32, nr: i32, k: i32, a: usize, lda: i32, b: usize, sp: usize, sj: usize, c: usize, ldc: i32, alpha: f64, beta: f64): void {
  const la = <usize>lda << 3;
  for (let j = 0; j < nr; j++) {
    const bj = b + <usize>j * sj;
    let i = 0;
    for (; i + 1 < mr; i += 2) {
      let s = f64x2.splat(0.0);
      let pa = a + (<usize>i << 3), pb = bj;
      for (let p = 0; p < k; p++) { s = madd(v128.load(pa), v128.load64_splat(pb), s); pa += la; pb += sp; }
      const cp = at(c, i, j, ldc);
      const r = f64x2.mul(f64x2.splat(alpha), s);
      v128.store(cp, beta == 0.0 ? r : madd(f64x2.splat(beta), v128.load(cp), r));
    }
    for (; i < mr; i++) {
      let s = 0.0;
      let pa = a + (<usize>i << 3), pb = bj;
      for (let p = 0; p < k; p++) { s += load<f64>(pa) * load<f64>(pb); pa += la; pb += sp; }
      const cp = at(c, i, j, ldc);
      store<f64>(cp, beta == 0.0 ? alpha * s : alpha * s + beta * load<f64>(cp));
    }
  }
}

// ─────────────────────────────────── micro-kernels ───────────────────────────────────
// One signature for all: ukr(kc, Ā micro-panel, B̄ micro-panel, C tile, ldc, β):
// C[0:MR, 0:NR] ← Σ_p Ā[:, p]·B̄[p, :] + β·C (β = 0: C not read). Each kernel is a separate,
// non-inlined function (inlining it into the loops above made V8 spill registers).

/** Registered micro-kernels (id → shape). All but the chosen ones exist for `dgemmTune` (bench). */
function ukrMR(u: i32): i32 {
  switch (u) {
    case 3: return 8;
    case 4: return 6;
    default: return 4;
  }
}
function ukrNR(u: i32): i32 {
  switch (u) {
    case 3: return 2;
    case 4: return 3;
    default: return 4;
  }
}
/** 1 when the kernel reads B̄ pre-broadcast (each value stored twice, as an f64x2). */
function ukrDup(u: i32): i32 {
  return u == 2 || u == 3 ? 1 : 0;
}

/**
 * 0: 4×4, B̄ splat per use, counted loop (the DESIGN §7 prototype)
 * 1: 4×4, B̄ splat, loop on the Ā pointer (one induction variable less)
 * 2: 4×4, B̄ pre-broadcast in packing (plain loads with folded offsets, no splat)
 * 3: 8×2, B̄ pre-broadcast
 * 4: 6×3, B̄ splat (fits 15 xmm registers only with FMA: no temporary for mul+add)
 * 5: 4×4, k unrolled by 2 (V8 hoists all loads of both steps: spills)
 */
function ukr(u: i32, kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  switch (u) {
    case 0: ukr4x4u1(kc, pa, pb, c, ldc, beta); break;
    case 1: ukr4x4u1e(kc, pa, pb, c, ldc, beta); break;
    case 2: ukr4x4u1de(kc, pa, pb, c, ldc, beta); break;
    case 3: ukr8x2u1de(kc, pa, pb, c, ldc, beta); break;
    case 4: ukr6x3u1e(kc, pa, pb, c, ldc, beta); break;
    case 5: ukr4x4u2(kc, pa, pb, c, ldc, beta); break;
    default: ukr4x4u1de(kc, pa, pb, c, ldc, beta);
  }
}

/** Micro-kernel 4×4: C[0:4, 0:4] = Ā·B̄ + β·C over kc packed steps (k unrolled by 1). */
function ukr4x4u1(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z, c13 = z;
  let p = 0;
  for (; p < kc; p++) {
    const a0 = v128.load(pa, 0);
    const a1 = v128.load(pa, 16);
    const b0 = v128.load64_splat(pb, 0);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10);
    const b1 = v128.load64_splat(pb, 8);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11);
    const b2 = v128.load64_splat(pb, 16);
    c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12);
    const b3 = v128.load64_splat(pb, 24);
    c03 = madd(a0, b3, c03); c13 = madd(a1, b3, c13);
    pa += 32; pb += 32;
  }
  const ld = <usize>ldc << 3;
  if (beta == 0.0) {
    v128.store(c + 0 * ld, c00, 0);
    v128.store(c + 0 * ld, c10, 16);
    v128.store(c + 1 * ld, c01, 0);
    v128.store(c + 1 * ld, c11, 16);
    v128.store(c + 2 * ld, c02, 0);
    v128.store(c + 2 * ld, c12, 16);
    v128.store(c + 3 * ld, c03, 0);
    v128.store(c + 3 * ld, c13, 16);
  } else if (beta == 1.0) {
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 3 * ld, f64x2.add(v128.load(c + 3 * ld, 0), c03), 0);
    v128.store(c + 3 * ld, f64x2.add(v128.load(c + 3 * ld, 16), c13), 16);
  } else {
    const vb = f64x2.splat(beta);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 0), c03), 0);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 16), c13), 16);
  }
}

/** Micro-kernel 4×4: C[0:4, 0:4] = Ā·B̄ + β·C over kc packed steps (k unrolled by 1). */
function ukr4x4u1e(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z, c13 = z;
  let p = 0;
  const end = pa + (<usize>kc * 32);
  while (pa < end) {
    const a0 = v128.load(pa, 0);
    const a1 = v128.load(pa, 16);
    const b0 = v128.load64_splat(pb, 0);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10);
    const b1 = v128.load64_splat(pb, 8);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11);
    const b2 = v128.load64_splat(pb, 16);
    c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12);
    const b3 = v128.load64_splat(pb, 24);
    c03 = madd(a0, b3, c03); c13 = madd(a1, b3, c13);
    pa += 32; pb += 32;
  }
  const ld = <usize>ldc << 3;
  if (beta == 0.0) {
    v128.store(c + 0 * ld, c00, 0);
    v128.store(c + 0 * ld, c10, 16);
    v128.store(c + 1 * ld, c01, 0);
    v128.store(c + 1 * ld, c11, 16);
    v128.store(c + 2 * ld, c02, 0);
    v128.store(c + 2 * ld, c12, 16);
    v128.store(c + 3 * ld, c03, 0);
    v128.store(c + 3 * ld, c13, 16);
  } else if (beta == 1.0) {
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 3 * ld, f64x2.add(v128.load(c + 3 * ld, 0), c03), 0);
    v128.store(c + 3 * ld, f64x2.add(v128.load(c + 3 * ld, 16), c13), 16);
  } else {
    const vb = f64x2.splat(beta);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 0), c03), 0);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 16), c13), 16);
  }
}

/** Micro-kernel 4×4: C[0:4, 0:4] = Ā·B̄ + β·C over kc packed steps (k unrolled by 1). */
function ukr4x4u1de(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z, c13 = z;
  let p = 0;
  const end = pa + (<usize>kc * 32);
  while (pa < end) {
    const a0 = v128.load(pa, 0);
    const a1 = v128.load(pa, 16);
    const b0 = v128.load(pb, 0);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10);
    const b1 = v128.load(pb, 16);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11);
    const b2 = v128.load(pb, 32);
    c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12);
    const b3 = v128.load(pb, 48);
    c03 = madd(a0, b3, c03); c13 = madd(a1, b3, c13);
    pa += 32; pb += 64;
  }
  const ld = <usize>ldc << 3;
  if (beta == 0.0) {
    v128.store(c + 0 * ld, c00, 0);
    v128.store(c + 0 * ld, c10, 16);
    v128.store(c + 1 * ld, c01, 0);
    v128.store(c + 1 * ld, c11, 16);
    v128.store(c + 2 * ld, c02, 0);
    v128.store(c + 2 * ld, c12, 16);
    v128.store(c + 3 * ld, c03, 0);
    v128.store(c + 3 * ld, c13, 16);
  } else if (beta == 1.0) {
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 3 * ld, f64x2.add(v128.load(c + 3 * ld, 0), c03), 0);
    v128.store(c + 3 * ld, f64x2.add(v128.load(c + 3 * ld, 16), c13), 16);
  } else {
    const vb = f64x2.splat(beta);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 0), c03), 0);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 16), c13), 16);
  }
}

/** Micro-kernel 8×2: C[0:8, 0:2] = Ā·B̄ + β·C over kc packed steps (k unrolled by 1). */
function ukr8x2u1de(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c20 = z, c30 = z, c01 = z, c11 = z, c21 = z, c31 = z;
  let p = 0;
  const end = pa + (<usize>kc * 64);
  while (pa < end) {
    const a0 = v128.load(pa, 0);
    const a1 = v128.load(pa, 16);
    const a2 = v128.load(pa, 32);
    const a3 = v128.load(pa, 48);
    const b0 = v128.load(pb, 0);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10); c20 = madd(a2, b0, c20); c30 = madd(a3, b0, c30);
    const b1 = v128.load(pb, 16);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11); c21 = madd(a2, b1, c21); c31 = madd(a3, b1, c31);
    pa += 64; pb += 32;
  }
  const ld = <usize>ldc << 3;
  if (beta == 0.0) {
    v128.store(c + 0 * ld, c00, 0);
    v128.store(c + 0 * ld, c10, 16);
    v128.store(c + 0 * ld, c20, 32);
    v128.store(c + 0 * ld, c30, 48);
    v128.store(c + 1 * ld, c01, 0);
    v128.store(c + 1 * ld, c11, 16);
    v128.store(c + 1 * ld, c21, 32);
    v128.store(c + 1 * ld, c31, 48);
  } else if (beta == 1.0) {
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 32), c20), 32);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 48), c30), 48);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 32), c21), 32);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 48), c31), 48);
  } else {
    const vb = f64x2.splat(beta);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 32), c20), 32);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 48), c30), 48);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 32), c21), 32);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 48), c31), 48);
  }
}

/** Micro-kernel 6×3: C[0:6, 0:3] = Ā·B̄ + β·C over kc packed steps (k unrolled by 1). */
function ukr6x3u1e(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c20 = z, c01 = z, c11 = z, c21 = z, c02 = z, c12 = z, c22 = z;
  let p = 0;
  const end = pa + (<usize>kc * 48);
  while (pa < end) {
    const a0 = v128.load(pa, 0);
    const a1 = v128.load(pa, 16);
    const a2 = v128.load(pa, 32);
    const b0 = v128.load64_splat(pb, 0);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10); c20 = madd(a2, b0, c20);
    const b1 = v128.load64_splat(pb, 8);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11); c21 = madd(a2, b1, c21);
    const b2 = v128.load64_splat(pb, 16);
    c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12); c22 = madd(a2, b2, c22);
    pa += 48; pb += 24;
  }
  const ld = <usize>ldc << 3;
  if (beta == 0.0) {
    v128.store(c + 0 * ld, c00, 0);
    v128.store(c + 0 * ld, c10, 16);
    v128.store(c + 0 * ld, c20, 32);
    v128.store(c + 1 * ld, c01, 0);
    v128.store(c + 1 * ld, c11, 16);
    v128.store(c + 1 * ld, c21, 32);
    v128.store(c + 2 * ld, c02, 0);
    v128.store(c + 2 * ld, c12, 16);
    v128.store(c + 2 * ld, c22, 32);
  } else if (beta == 1.0) {
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 32), c20), 32);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 32), c21), 32);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 32), c22), 32);
  } else {
    const vb = f64x2.splat(beta);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 32), c20), 32);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 32), c21), 32);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 32), c22), 32);
  }
}

/** Micro-kernel 4×4: C[0:4, 0:4] = Ā·B̄ + β·C over kc packed steps (k unrolled by 2). */
function ukr4x4u2(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z, c13 = z;
  let p = 0;
  for (; p + 1 < kc; p += 2) {
    {
      const a0 = v128.load(pa, 0);
      const a1 = v128.load(pa, 16);
      const b0 = v128.load64_splat(pb, 0);
      c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10);
      const b1 = v128.load64_splat(pb, 8);
      c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11);
      const b2 = v128.load64_splat(pb, 16);
      c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12);
      const b3 = v128.load64_splat(pb, 24);
      c03 = madd(a0, b3, c03); c13 = madd(a1, b3, c13);
    }
    {
      const a0 = v128.load(pa, 32);
      const a1 = v128.load(pa, 48);
      const b0 = v128.load64_splat(pb, 32);
      c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10);
      const b1 = v128.load64_splat(pb, 40);
      c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11);
      const b2 = v128.load64_splat(pb, 48);
      c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12);
      const b3 = v128.load64_splat(pb, 56);
      c03 = madd(a0, b3, c03); c13 = madd(a1, b3, c13);
    }
    pa += 64; pb += 64;
  }
  for (; p < kc; p++) {
    const a0 = v128.load(pa, 0);
    const a1 = v128.load(pa, 16);
    const b0 = v128.load64_splat(pb, 0);
    c00 = madd(a0, b0, c00); c10 = madd(a1, b0, c10);
    const b1 = v128.load64_splat(pb, 8);
    c01 = madd(a0, b1, c01); c11 = madd(a1, b1, c11);
    const b2 = v128.load64_splat(pb, 16);
    c02 = madd(a0, b2, c02); c12 = madd(a1, b2, c12);
    const b3 = v128.load64_splat(pb, 24);
    c03 = madd(a0, b3, c03); c13 = madd(a1, b3, c13);
    pa += 32; pb += 32;
  }
  const ld = <usize>ldc << 3;
  if (beta == 0.0) {
    v128.store(c + 0 * ld, c00, 0);
    v128.store(c + 0 * ld, c10, 16);
    v128.store(c + 1 * ld, c01, 0);
    v128.store(c + 1 * ld, c11, 16);
    v128.store(c + 2 * ld, c02, 0);
    v128.store(c + 2 * ld, c12, 16);
    v128.store(c + 3 * ld, c03, 0);
    v128.store(c + 3 * ld, c13, 16);
  } else if (beta == 1.0) {
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, f64x2.add(v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, f64x2.add(v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, f64x2.add(v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 3 * ld, f64x2.add(v128.load(c + 3 * ld, 0), c03), 0);
    v128.store(c + 3 * ld, f64x2.add(v128.load(c + 3 * ld, 16), c13), 16);
  } else {
    const vb = f64x2.splat(beta);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 0), c00), 0);
    v128.store(c + 0 * ld, madd(vb, v128.load(c + 0 * ld, 16), c10), 16);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 0), c01), 0);
    v128.store(c + 1 * ld, madd(vb, v128.load(c + 1 * ld, 16), c11), 16);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 0), c02), 0);
    v128.store(c + 2 * ld, madd(vb, v128.load(c + 2 * ld, 16), c12), 16);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 0), c03), 0);
    v128.store(c + 3 * ld, madd(vb, v128.load(c + 3 * ld, 16), c13), 16);
  }
}
