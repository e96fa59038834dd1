// Tuning kernels (benchmarks only, never shipped): dgemm with an explicit micro-kernel id and
// block sizes, to compare the micro-kernels of ../gemm/ukr in one binary.
import { gemmDriver, workBytes } from '../gemm/driver';
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
