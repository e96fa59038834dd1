// Random sketches (ALGORITHMS.md §3.2, §5.2): the sparse sign embedding applied to row blocks
// of A, and row gathering for sampling sketches. Gaussian sketches are generated with
// rngNormal (./philox.ts) block by block and applied with GEMM from the TypeScript side.
//
// Sparse sign sketch S (s×m): column j of S (it multiplies row j of A) has ζ non-zeros at
// distinct rows, each ±1/√ζ. Column j is a pure function of (seed, stream, j): its 2ζ
// uniforms are elements 2ζ·j … 2ζ·j + 2ζ − 1 of the Philox stream; uniform t < ζ picks row
// ⌊u·s⌋ (collisions move to the next free row, cyclically), uniform ζ + t picks the sign.
// So any block of columns of S can be generated on its own and S·A is accumulated row block
// by row block of A: cost O(ζ · nnz(A)).
import { rngUniform } from './philox';
import { parWide, parArgs, parFor } from '../core/par';

// ───────────── threaded path (ASC_FEATURE_THREADS only; absent from the shipped builds) ─────────────
// sparseSignSketch in two parallel passes, both partitioned by the sizes only:
// 1. the columns of S: tiles of SK_GEN_COLS columns j0…j1−1, each calling sparseSignColumns on its
//    own slices of idx / val / uni with row0 + j0. Philox is counter based, so the uniforms of
//    column j are elements 2ζ(row0 + j) … of the stream whichever tile draws them, and a column's
//    rows and signs depend on its own uniforms only: identical to the serial generation.
// 2. the scatter: tiles of sketchColBlock(n) columns c of A / out; out[:, c] is written by one
//    tile, with the same loops (rows j of the block, then t < ζ) as the serial code.

/** Columns of S generated per tile. */
const SK_GEN_COLS: i32 = 256;
/** Below this many scattered updates (count·ζ·n) the sketch stays serial (measured on 2 cores: 1.7× at 1170 rows, ζ = 8, n = 2). */
const SK_PAR_MIN: i64 = 1 << 14;

@inline function sketchColBlock(n: i32): i32 { return max(1, (n + 31) / 32); }

function sketchGenTile(p: usize, t: i32, scratch: usize): void {
  const s = load<i32>(p), zeta = load<i32>(p, 4), count = load<i32>(p, 8);
  const stream = load<u32>(p, 12);
  const idx = load<usize>(p, 16), val = load<usize>(p, 20), uni = load<usize>(p, 24);
  const seed = load<f64>(p, 32), row0 = load<f64>(p, 40);
  const j0 = t * SK_GEN_COLS, cnt = min(SK_GEN_COLS, count - j0);
  sparseSignColumns(s, zeta, seed, stream, row0 + <f64>j0, cnt,
    idx + ((<usize>j0 * <usize>zeta) << 2), val + ((<usize>j0 * <usize>zeta) << 3),
    uni + ((<usize>j0 * <usize>(2 * zeta)) << 3));
}

function sketchScatterTile(p: usize, t: i32, scratch: usize): void {
  const zeta = load<i32>(p, 4), count = load<i32>(p, 8);
  const idx = load<usize>(p, 16), val = load<usize>(p, 20);
  const n = load<i32>(p, 48), lda = load<i32>(p, 52), ldo = load<i32>(p, 56);
  const a = load<usize>(p, 60), out = load<usize>(p, 64);
  const cb = sketchColBlock(n);
  const c0 = t * cb, c1 = min(n, c0 + cb);
  scatterColumns(zeta, count, c0, c1, idx, val, a, lda, out, ldo);
}

/** out[:, c] += S_blk · A_blk[:, c] for c0 ≤ c < c1 (the loop of {@link sparseSignSketch}). */
function scatterColumns(zeta: i32, count: i32, c0: i32, c1: i32, idx: usize, val: usize,
  a: usize, lda: i32, out: usize, ldo: i32): void {
  for (let c = c0; c < c1; c++) {
    const acol = a + ((<usize>c * <usize>lda) << 3);
    const ocol = out + ((<usize>c * <usize>ldo) << 3);
    for (let j = 0; j < count; j++) {
      const x = load<f64>(acol + (<usize>j << 3));
      if (x == 0.0) continue;
      const ib = idx + ((<usize>j * <usize>zeta) << 2);
      const vb = val + ((<usize>j * <usize>zeta) << 3);
      for (let t = 0; t < zeta; t++) {
        const p = ocol + (<usize>load<i32>(ib + (<usize>t << 2)) << 3);
        store<f64>(p, load<f64>(p) + load<f64>(vb + (<usize>t << 3)) * x);
      }
    }
  }
}

/** Workspace (bytes) of {@link sparseSignSketch} for `count` rows of A and ζ = `zeta`. */
export function sparseSignSketchWorkspaceSize(count: i32, zeta: i32): usize {
  const k = <usize>count * <usize>zeta;
  return k * 4 + k * 8 + k * 2 * 8 + 16;
}

/**
 * Writes the non-zeros of columns row0 … row0+count−1 of the s×m sparse sign sketch:
 * idx (i32, count·ζ) rows, val (f64, count·ζ) values ±1/√ζ; `uni` holds 2ζ·count f64 of scratch.
 */
export function sparseSignColumns(s: i32, zeta: i32, seed: f64, stream: u32, row0: f64, count: i32,
  idx: usize, val: usize, uni: usize): void {
  const twoz = 2 * zeta;
  rngUniform(uni, count * twoz, 1, seed, stream, row0 * <f64>twoz, 0.0, 1.0);
  const mag = 1.0 / Math.sqrt(<f64>zeta);
  for (let j = 0; j < count; j++) {
    const u = uni + ((<usize>j * <usize>twoz) << 3);
    const ib = idx + ((<usize>j * <usize>zeta) << 2);
    const vb = val + ((<usize>j * <usize>zeta) << 3);
    for (let t = 0; t < zeta; t++) {
      let r = <i32>(load<f64>(u + (<usize>t << 3)) * <f64>s);
      if (r >= s) r = s - 1;
      // distinct rows: probe forward past rows already taken by this column (ζ ≤ s)
      let clash = true;
      while (clash) {
        clash = false;
        for (let q = 0; q < t; q++) {
          if (load<i32>(ib + (<usize>q << 2)) == r) { clash = true; break; }
        }
        if (clash) { r++; if (r == s) r = 0; }
      }
      store<i32>(ib + (<usize>t << 2), r);
      store<f64>(vb + (<usize>t << 3), load<f64>(u + (<usize>(zeta + t) << 3)) < 0.5 ? -mag : mag);
    }
  }
}

/**
 * out (s×n, ldo) += S[:, row0 : row0+count] · A_blk, where A_blk is the count×n block (lda)
 * holding rows row0 … row0+count−1 of A. `work` holds sparseSignSketchWorkspaceSize(count, ζ) bytes.
 * Each column of out is a contiguous s-vector (kept in cache while the block's rows scatter into it).
 */
export function sparseSignSketch(s: i32, zeta: i32, seed: f64, stream: u32, row0: f64, count: i32, n: i32,
  a: usize, lda: i32, out: usize, ldo: i32, work: usize): void {
  const k = <usize>count * <usize>zeta;
  const idx = work;
  const val = (work + k * 4 + 15) & ~(<usize>15);
  const uni = val + k * 8;
  if (ASC_FEATURE_THREADS) {
    if (<i64>count * <i64>zeta * <i64>n >= SK_PAR_MIN && parWide()) {
      const p = parArgs();
      store<i32>(p, s); store<i32>(p, zeta, 4); store<i32>(p, count, 8); store<u32>(p, stream, 12);
      store<usize>(p, idx, 16); store<usize>(p, val, 20); store<usize>(p, uni, 24);
      store<f64>(p, seed, 32); store<f64>(p, row0, 40);
      store<i32>(p, n, 48); store<i32>(p, lda, 52); store<i32>(p, ldo, 56);
      store<usize>(p, a, 60); store<usize>(p, out, 64);
      parFor(sketchGenTile, (count + SK_GEN_COLS - 1) / SK_GEN_COLS);
      parFor(sketchScatterTile, (n + sketchColBlock(n) - 1) / sketchColBlock(n));
      return;
    }
  }
  sparseSignColumns(s, zeta, seed, stream, row0, count, idx, val, uni);
  scatterColumns(zeta, count, 0, n, idx, val, a, lda, out, ldo);
}

/**
 * Row sampling sketch: out[t, :] = scale[t] · A[idx[t], :] for t < r (A m×n, lda; out r×n, ldo;
 * idx i32[r], scale f64[r]).
 */
export function dgatherRowsScaled(r: i32, n: i32, idx: usize, scale: usize, a: usize, lda: i32, out: usize, ldo: i32): void {
  for (let c = 0; c < n; c++) {
    const acol = a + ((<usize>c * <usize>lda) << 3);
    const ocol = out + ((<usize>c * <usize>ldo) << 3);
    for (let t = 0; t < r; t++) {
      const i = load<i32>(idx + (<usize>t << 2));
      store<f64>(ocol + (<usize>t << 3), load<f64>(scale + (<usize>t << 3)) * load<f64>(acol + (<usize>i << 3)));
    }
  }
}
