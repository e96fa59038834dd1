// GEMM packing (BLIS style, DESIGN.md §5): α·op(A) into MR-row micro-panels and op(B) into
// NR-column micro-panels, zero padded at the edges; packBdup stores each B value twice
// ([b, b] as one f64x2) for the micro-kernel that reads B̄ pre-broadcast.
import { at } from '../core/addr';

@inline export function imin(a: i32, b: i32): i32 { return a < b ? a : b; }
/**
 * Packs α·op(A)[ic:ic+mc, pc:pc+kc] into ⌈mc/mr⌉ micro-panels; panel q holds rows q·mr… as kc
 * consecutive groups of mr values (rows beyond mc are zero).
 */
export function packA(ta: i32, mc: i32, kc: i32, mr: i32, alpha: f64, a: usize, lda: i32, ic: i32, pc: i32, ap: usize): void {
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
export function packB(tb: i32, kc: i32, nc: i32, nr: i32, dup: i32, b: usize, ldb: i32, pc: i32, jc: i32, bp: usize): void {
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
