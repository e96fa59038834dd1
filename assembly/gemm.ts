// GEMM (M1: unpacked column-axpy / dot form; the BLIS-style packed kernel replaces it).
import { madd } from './simd';

/** Workspace (bytes) that `dgemm` needs for packing panels for an m×n×k product. */
export function dgemmWorkspaceSize(m: i32, n: i32, k: i32): usize {
  return 16;
}

@inline function at(p: usize, i: i32, j: i32, ld: i32): usize {
  return p + ((<usize>i + <usize>j * <usize>ld) << 3);
}

/**
 * C = alpha * op(A) * op(B) + beta * C (column-major; trans flags 0 = N, 1 = T).
 * `work` must hold `dgemmWorkspaceSize(m, n, k)` bytes (16-byte aligned).
 */
export function dgemm(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  if (m <= 0 || n <= 0) return;
  for (let j = 0; j < n; j++) {
    const cj = at(c, 0, j, ldc);
    if (beta == 0.0) memory.fill(cj, 0, <usize>m << 3);
    else if (beta != 1.0) for (let i = 0; i < m; i++) store<f64>(cj + (<usize>i << 3), beta * load<f64>(cj + (<usize>i << 3)));
    if (alpha == 0.0) continue;
    if (!transA) {
      for (let p = 0; p < k; p++) {
        const t = alpha * load<f64>(transB ? at(b, j, p, ldb) : at(b, p, j, ldb));
        const ap = at(a, 0, p, lda);
        const vt = f64x2.splat(t);
        let i = 0;
        for (; i + 1 < m; i += 2) v128.store(cj + (<usize>i << 3), madd(vt, v128.load(ap + (<usize>i << 3)), v128.load(cj + (<usize>i << 3))));
        for (; i < m; i++) store<f64>(cj + (<usize>i << 3), t * load<f64>(ap + (<usize>i << 3)) + load<f64>(cj + (<usize>i << 3)));
      }
    } else {
      for (let i = 0; i < m; i++) {
        const ai = at(a, 0, i, lda);
        let s = 0.0;
        for (let p = 0; p < k; p++) s += load<f64>(ai + (<usize>p << 3)) * load<f64>(transB ? at(b, j, p, ldb) : at(b, p, j, ldb));
        store<f64>(cj + (<usize>i << 3), alpha * s + load<f64>(cj + (<usize>i << 3)));
      }
    }
  }
}
