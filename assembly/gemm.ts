// GEMM. (Temporary: forwards to the scalar reference until the BLIS-style packed kernel lands.)
import { dgemmRef } from './ref';

/** Workspace (bytes) that `dgemm` needs for packing panels for an m×n×k product. */
export function dgemmWorkspaceSize(m: i32, n: i32, k: i32): usize {
  return 0;
}

/**
 * C = alpha * op(A) * op(B) + beta * C (column-major; trans flags 0 = N, 1 = T).
 * `work` must hold `dgemmWorkspaceSize(m, n, k)` bytes (16-byte aligned).
 */
export function dgemm(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  dgemmRef(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
