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
//
// Files: ./pack (packing), ./ukr (the one micro-kernel of each build), ./direct (small products
// without packing). Dependency direction: level3 → gemm → level2 → level1.
import { at } from '../core/addr';
import { dgemv } from '../blas/level2';
import { imin, packA, packB } from './pack';
import { UKR, MR_MAX, NR_MAX, ukr, ukrMR, ukrNR, ukrDup } from './ukr';
import { useDirect, gemmDirect } from './direct';
import { parWide, parArgs, parFor, PAR_SCRATCH_BYTES } from '../core/par';
import { GEMM_TM, GEMM_TN, ceilDiv, gemmTileGrid, gemmTileCount, gemmtTileSide, gemmtTileCount, gemmtTileBlock } from './tiles';
// ─────────────── block sizes (one table; the micro-kernel shape is chosen per build in ./ukr) ───────────────
/** Rows of C per ic block (A block MC×KC stays in L2). */
const MC: i32 = 192;
/** Shared-dimension block (an MR×KC A micro-panel and a KC×NR B micro-panel fit in L1). */
const KC: i32 = 256;
/** Columns of C per jc block (B block KC×NC stays in L3). */
const NC: i32 = 1024;
/** The block table, read by the tiled parallel GEMM (./tiles) so both block alike. */
export const GEMM_MC: i32 = MC, GEMM_KC: i32 = KC, GEMM_NC: i32 = NC;

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

export function workBytes(mcB: i32, kcB: i32, ncB: i32, m: i32, n: i32, k: i32): usize {
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
  if (ASC_FEATURE_THREADS) {
    // threaded builds: the size-fixed tile grid of ./tiles through parFor (bit-identical, see there)
    if (parWide() && <f64>m * <f64>n * <f64>k >= GEMM_PAR_MIN && gemmTileCount(m, n) >= 2) {
      gemmParallel(-1, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, gemmTileCount(m, n));
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
  if (ASC_FEATURE_THREADS) {
    if (parWide() && 0.5 * <f64>n * <f64>n * <f64>k >= GEMM_PAR_MIN && gemmtTileCount(n) >= 2) {
      gemmParallel(uplo ? 1 : 0, transA, transB, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc, gemmtTileCount(n));
      return;
    }
  }
  gemmDriver(UKR, MC, KC, NC, uplo ? 2 : 1, transA, transB, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work);
}

// ─────────────── threaded builds: parallel GEMM over the tiles of ./tiles ───────────────

/**
 * Smallest m·n·k (multiply-adds; dgemmt: half of n·n·k) for which dgemm / dgemmt take the tiled
 * parallel path: 2^19. Measured on 2 threads (best of 300 alternating runs, session 21): with
 * k ≥ 16, 2 threads beat 1 from about 2^17 (128×64×16: 1.24×, 128×128×32: 1.51×); with k = 8 the
 * product is bound by packing and only pays from about 2^19 (256×256×8: 1.02×, 1000×64×8: 1.16×;
 * 256×128×8: 0.81×). Every shape measured at or above 2^19 gained (1.02× to 1.84×).
 */
const GEMM_PAR_MIN: f64 = 524288;

/** Argument block of a parallel GEMM (parArgs(), byte offsets). */
const PA_TA = 0, PA_TB = 4, PA_M = 8, PA_N = 12, PA_K = 16, PA_LDA = 20, PA_LDB = 24, PA_LDC = 28, PA_UPLO = 32;
const PA_TR = 36, PA_TC = 80, PA_ALPHA = 40, PA_BETA = 48, PA_A = 56, PA_B = 64, PA_C = 72;

/** uplo −1: dgemm's tile grid; 0 / 1: dgemmt's lower / upper triangle. Requires parWide(). */
function gemmParallel(uplo: i32, ta: i32, tb: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, ntiles: i32): void {
  // k enters a tile's workspace only through min(k, KC): one bound for every k
  if (workBytes(MC, KC, NC, GEMM_TM, GEMM_TN, KC) > PAR_SCRATCH_BYTES) throw new Error('gemm: PAR_SCRATCH_BYTES cannot hold a tile workspace');
  const p = parArgs();
  store<i32>(p, ta, PA_TA); store<i32>(p, tb, PA_TB);
  store<i32>(p, m, PA_M); store<i32>(p, n, PA_N); store<i32>(p, k, PA_K);
  store<i32>(p, lda, PA_LDA); store<i32>(p, ldb, PA_LDB); store<i32>(p, ldc, PA_LDC); store<i32>(p, uplo, PA_UPLO);
  store<f64>(p, alpha, PA_ALPHA); store<f64>(p, beta, PA_BETA);
  store<usize>(p, a, PA_A); store<usize>(p, b, PA_B); store<usize>(p, c, PA_C);
  if (uplo < 0) {
    const g = gemmTileGrid(m, n);
    store<i32>(p, g >> 16, PA_TR); store<i32>(p, g & 0xffff, PA_TC);
  } else {
    const side = gemmtTileSide(n);
    store<i32>(p, side, PA_TR); store<i32>(p, side, PA_TC);
  }
  parFor(uplo < 0 ? gemmTileBody : gemmtTileBody, ntiles);
}

/** The driver on the sub-block of C at (r0, c0), tm×tn, of a product read from the argument block p. */
function gemmSubBlock(p: usize, tri: i32, r0: i32, c0: i32, tm: i32, tn: i32, work: usize): void {
  const ta = load<i32>(p, PA_TA), tb = load<i32>(p, PA_TB), k = load<i32>(p, PA_K);
  const lda = load<i32>(p, PA_LDA), ldb = load<i32>(p, PA_LDB), ldc = load<i32>(p, PA_LDC);
  const a = load<usize>(p, PA_A), b = load<usize>(p, PA_B), c = load<usize>(p, PA_C);
  const as = ta ? at(a, 0, r0, lda) : at(a, r0, 0, lda);
  const bs = tb ? at(b, c0, 0, ldb) : at(b, 0, c0, ldb);
  gemmDriver(UKR, MC, KC, NC, tri, ta, tb, tm, tn, k, load<f64>(p, PA_ALPHA), as, lda, bs, ldb, load<f64>(p, PA_BETA), at(c, r0, c0, ldc), ldc, work);
}

/** Tile t of dgemm's grid (tr × tc tiles of ./tiles gemmTileGrid, numbered down the rows first). */
function gemmTileBody(p: usize, t: i32, work: usize): void {
  const m = load<i32>(p, PA_M), n = load<i32>(p, PA_N), tr = load<i32>(p, PA_TR), tc = load<i32>(p, PA_TC);
  const mt = ceilDiv(m, tr);
  const r0 = (t % mt) * tr, c0 = (t / mt) * tc;
  gemmSubBlock(p, 0, r0, c0, imin(tr, m - r0), imin(tc, n - c0), work);
}

/** Tile t of dgemmt's triangle (squares of gemmtTileSide(n); the diagonal ones under the triangle flag). */
function gemmtTileBody(p: usize, t: i32, work: usize): void {
  const n = load<i32>(p, PA_N), uplo = load<i32>(p, PA_UPLO);
  const side = load<i32>(p, PA_TR);
  const blk = gemmtTileBlock(ceilDiv(n, side), t);
  const lo = blk >> 16, hi = blk & 0xffff; // row block ≥ column block (lower triangle)
  const r0 = (uplo ? hi : lo) * side, c0 = (uplo ? lo : hi) * side;
  gemmSubBlock(p, lo == hi ? (uplo ? 2 : 1) : 0, r0, c0, imin(side, n - r0), imin(side, n - c0), work);
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
export function gemmDriver(u: i32, MCb: i32, KCb: i32, NCb: i32, tri: i32, ta: i32, tb: i32, m: i32, n: i32, k: i32, alpha: f64,
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
