// GEMM micro-kernels. One signature (BLIS `ukr`): ukr(kc, Ā micro-panel, B̄ micro-panel, C tile,
// ldc, β): C[0:MR, 0:NR] ← Σ_p Ā[:, p]·B̄[p, :] + β·C (β = 0: C not read).
//
// Each build ships the one kernel measured fastest for it (DESIGN.md §7), chosen at compile
// time by ASC_FEATURE_RELAXED_SIMD:
//   1  4×4, B̄ splat per use, loop on the Ā pointer      relaxed SIMD (fused multiply-add)
//   2  4×4, B̄ pre-broadcast in packing (no splat)       portable SIMD
// Both stay compiled so the ref build's `dgemmTune` can compare them in one binary. The
// kernels are separate, non-inlined functions: inlining them into the blocking loops made V8
// spill registers (22 → 15 GFLOP/s). The store/merge epilogue is written once
// (`storeTile4x4`, @inline into each kernel).
import { madd } from '../core/simd';

/** Micro-kernel id of this build: 1 with relaxed SIMD (FMA), 2 with plain SIMD. */
export const UKR: i32 = ASC_FEATURE_RELAXED_SIMD ? 1 : 2;
/**
 * MR / NR bound that sizes the tile buffer and the packing workspace. Kept at 8 × 4 (what the
 * deleted 8×2 kernel needed) so that every workspace size and the packing layout stay exactly as
 * measured; 4 × 4 would suffice for the two kernels left.
 */
export const MR_MAX: i32 = 8;
export const NR_MAX: i32 = 4;

/** Rows of the micro-tile of kernel u. */
export function ukrMR(u: i32): i32 {
  return 4;
}
/** Columns of the micro-tile of kernel u. */
export function ukrNR(u: i32): i32 {
  return 4;
}
/** 1 when kernel u reads B̄ pre-broadcast (each value stored twice, as an f64x2; see packB). */
export function ukrDup(u: i32): i32 {
  return u == 1 ? 0 : 1;
}

/** Runs micro-kernel u (1 or 2; any other id runs 2). */
export function ukr(u: i32, kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  switch (u) {
    case 1: ukr4x4Splat(kc, pa, pb, c, ldc, beta); break;
    default: ukr4x4Dup(kc, pa, pb, c, ldc, beta);
  }
}

/** Kernel 1 — 4×4: C[0:4, 0:4] = Ā·B̄ + β·C, B̄ splat per use, loop on the Ā pointer. */
function ukr4x4Splat(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z, c13 = z;
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
  storeTile4x4(c, ldc, beta, c00, c10, c01, c11, c02, c12, c03, c13);
}

/** Kernel 2 — 4×4: C[0:4, 0:4] = Ā·B̄ + β·C, B̄ pre-broadcast (plain loads with folded offsets). */
function ukr4x4Dup(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: f64): void {
  const z = f64x2.splat(0.0);
  let c00 = z, c10 = z, c01 = z, c11 = z, c02 = z, c12 = z, c03 = z, c13 = z;
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
  storeTile4x4(c, ldc, beta, c00, c10, c01, c11, c02, c12, c03, c13);
}

/** The epilogue of every 4×4 kernel: C ← T (β = 0, C not read), C + T (β = 1) or β·C + T. */
@inline function storeTile4x4(c: usize, ldc: i32, beta: f64,
  c00: v128, c10: v128, c01: v128, c11: v128, c02: v128, c12: v128, c03: v128, c13: v128): void {
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
