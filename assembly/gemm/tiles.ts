// Deterministic parallel GEMM (issue 12): C ← α·op(A)·op(B) + β·C split into a grid of output
// tiles whose shape depends on the problem size only (never on the thread count). Threads claim
// tile indices from a shared counter and call `dgemmTile` once per tile; each tile runs the
// single-thread blocked driver (./driver gemmDriver, same MC/KC/NC, same micro-kernel) on its
// sub-block. Because every tile origin is a multiple of the micro-tile (MR = NR = 4 in both
// builds) and the shared dimension is blocked from p = 0 in steps of KC exactly as in `dgemm`,
// every element of C is computed by the same sequence of operations for any thread count and
// any claiming order: the result is bit-identical for 1, 2, 3, … threads (and equal to `dgemm`
// whenever `dgemm` takes its packed path, i.e. not its GEMV / direct small-product shortcuts).
//
// Each tile packs its own A and B panels into the calling thread's workspace
// (`dgemmTileWorkspaceSize` bytes per thread, allocated by the caller); kernels never allocate.
// No state crosses a call: safe on several instances over one shared memory.
import { at } from '../core/addr';
import { imin } from './pack';
import { UKR } from './ukr';
import { gemmDriver, dgemmWorkspaceSize, GEMM_MC, GEMM_KC, GEMM_NC } from './driver';

/** Rows of C per tile (a multiple of MC and of every micro-kernel's MR). */
const TM: i32 = 384;
/** Columns of C per tile (a multiple of every micro-kernel's NR). */
const TN: i32 = 256;

@inline function ceilDiv(a: i32, b: i32): i32 { return (a + b - 1) / b; }

/** Number of output tiles of an m×n product (0 when m or n ≤ 0). Depends on m and n only. */
export function dgemmTileCount(m: i32, n: i32): i32 {
  if (m <= 0 || n <= 0) return 0;
  return ceilDiv(m, TM) * ceilDiv(n, TN);
}

/** Workspace (bytes) one thread needs to compute any tile of an m×n×k product. */
export function dgemmTileWorkspaceSize(m: i32, n: i32, k: i32): usize {
  return dgemmWorkspaceSize(imin(m, TM), imin(n, TN), k);
}

/**
 * Computes output tile `tile` (0 ≤ tile < dgemmTileCount(m, n)) of C ← α·op(A)·op(B) + β·C
 * (column-major; trans flags 0 = N, 1 = T; op(A) m×k, op(B) k×n). `work`: this thread's
 * `dgemmTileWorkspaceSize(m, n, k)` bytes. Tiles are numbered down the rows first. Aborts
 * (a trap with a message) on a tile index out of range.
 */
export function dgemmTile(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize, tile: i32): void {
  const mt = ceilDiv(m, TM);
  if (tile < 0 || m <= 0 || n <= 0 || tile >= mt * ceilDiv(n, TN)) throw new Error('dgemmTile: tile index out of range');
  const r0 = (tile % mt) * TM, c0 = (tile / mt) * TN;
  const tm = imin(TM, m - r0), tn = imin(TN, n - c0);
  const as = transA ? at(a, 0, r0, lda) : at(a, r0, 0, lda);
  const bs = transB ? at(b, c0, 0, ldb) : at(b, 0, c0, ldb);
  gemmDriver(UKR, GEMM_MC, GEMM_KC, GEMM_NC, 0, transA, transB, tm, tn, k, alpha, as, lda, bs, ldb, beta, at(c, r0, c0, ldc), ldc, work);
}
