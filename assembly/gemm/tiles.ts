// Deterministic parallel GEMM geometry (issue 12): the output of dgemm / dgemmt split into tiles whose
// shape depends on the problem size only (never on the thread count). ./driver runs each tile
// through parFor (../core/par) with the single-thread blocked driver (gemmDriver: same MC/KC/NC, same
// micro-kernel) on its sub-block, packing into the thread's scratch. Every tile origin is a multiple
// of the micro-tile (MR = NR = 4 in both builds) and the shared dimension is blocked from p = 0 in
// steps of KC exactly as in the serial call, so every element of C is computed by the same sequence
// of operations as in the serial dgemm's packed path, whichever thread runs its tile: the result is
// bit-identical for 1, 2, 3, … threads and equal to the shipped (single-thread) build.
//
// The grid depends on m and n only (./gemmTileGrid): the largest tiles GEMM_TM × GEMM_TN, split for
// balance on smaller products. Tile sizes never change a value (each micro-tile's operations depend
// on its position in C and on KC only), so any such grid gives the serial result.
//
// dgemmt: square tiles (side from n only); tiles wholly outside the triangle are not in the list, tiles on
// the diagonal run the driver with the triangle flag on a square sub-block whose diagonal is C's
// (so a micro-tile is classified across / inside / outside the diagonal exactly as in the serial
// call), the others the full driver (all their micro-tiles lie inside the triangle).
// Pure arithmetic, no state.

/** Most rows of C per dgemm tile (a multiple of every micro-kernel's MR). */
export const GEMM_TM: i32 = 384;
/** Most columns of C per dgemm tile (a multiple of every micro-kernel's NR). */
export const GEMM_TN: i32 = 256;
/** Largest side of a dgemmt tile (a multiple of MR and NR). */
export const GEMM_TT: i32 = 256;
/** Tiles are split further (for balance) while they have at least this many rows / columns. */
const GEMM_TMIN: i32 = 64;
/** … and while there are fewer tiles than this. */
const GEMM_TARGET: i32 = 8;

// @ts-ignore: decorator
@inline export function ceilDiv(a: i32, b: i32): i32 { return (a + b - 1) / b; }
// @ts-ignore: decorator
@inline function roundUp4(x: i32): i32 { return (x + 3) & ~3; }

/**
 * The dgemm tile grid of an m×n product: tile rows tr and columns tc (multiples of 4, at most
 * GEMM_TM × GEMM_TN), returned as tr << 16 | tc (0 when m or n ≤ 0). Starts from the largest tiles
 * and splits the longer side while there are fewer than GEMM_TARGET tiles and the tiles keep at
 * least GEMM_TMIN rows / columns. A function of m and n only.
 */
export function gemmTileGrid(m: i32, n: i32): i32 {
  if (m <= 0 || n <= 0) return 0;
  let mt = ceilDiv(m, GEMM_TM), nt = ceilDiv(n, GEMM_TN);
  while (mt * nt < GEMM_TARGET) {
    const rows = m / (mt + 1), cols = n / (nt + 1);
    if (rows >= cols && rows >= GEMM_TMIN) mt++;
    else if (cols >= GEMM_TMIN) nt++;
    else if (rows >= GEMM_TMIN) mt++;
    else break;
  }
  return (roundUp4(ceilDiv(m, mt)) << 16) | roundUp4(ceilDiv(n, nt));
}

/** Number of dgemm tiles of an m×n product (0 when m or n ≤ 0). */
export function gemmTileCount(m: i32, n: i32): i32 {
  const g = gemmTileGrid(m, n);
  if (g == 0) return 0;
  return ceilDiv(m, g >> 16) * ceilDiv(n, g & 0xffff);
}

/** Side of the dgemmt tiles of an n×n triangle (a multiple of 4, at most GEMM_TT; same splitting rule). */
export function gemmtTileSide(n: i32): i32 {
  if (n <= 0) return GEMM_TT;
  let nt = ceilDiv(n, GEMM_TT);
  while (((nt * (nt + 1)) >> 1) < GEMM_TARGET && n / (nt + 1) >= GEMM_TMIN) nt++;
  return roundUp4(ceilDiv(n, nt));
}

/** Number of dgemmt tiles of an n×n triangle: nt·(nt + 1)/2 for nt = ⌈n / side⌉. */
export function gemmtTileCount(n: i32): i32 {
  if (n <= 0) return 0;
  const nt = ceilDiv(n, gemmtTileSide(n));
  return (nt * (nt + 1)) >> 1;
}

/**
 * Block coordinates of dgemmt tile t of the lower triangle (row block ≥ column block) of nt blocks,
 * numbered down the columns: returns rowBlock << 16 | colBlock. The upper triangle takes the transpose.
 */
export function gemmtTileBlock(nt: i32, t: i32): i32 {
  let j = 0, left = t;
  while (left >= nt - j) { left -= nt - j; j++; }
  return ((j + left) << 16) | j;
}
