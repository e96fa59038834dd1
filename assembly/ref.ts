// Portable scalar reference kernels ("twins"). Same signatures as the optimised kernels, written
// for obviousness, not speed. Tests compare every optimised kernel against its twin.

@inline function at(p: usize, i: i32, j: i32, ld: i32): f64 {
  return load<f64>(p + ((<usize>i + <usize>j * <usize>ld) << 3));
}

/**
 * Reference GEMM: C = alpha * op(A) * op(B) + beta * C, op(X) = X or Xᵀ (trans = 0 / 1).
 * op(A) is m×k, op(B) is k×n, C is m×n; column-major with leading dimensions.
 * beta = 0 overwrites C without reading it (NaN in C does not propagate), as in BLAS.
 */
export function dgemmRef(transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32): void {
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      let s = 0.0;
      for (let p = 0; p < k; p++) {
        const x = transA ? at(a, p, i, lda) : at(a, i, p, lda);
        const y = transB ? at(b, j, p, ldb) : at(b, p, j, ldb);
        s += x * y;
      }
      const cp = c + ((<usize>i + <usize>j * <usize>ldc) << 3);
      store<f64>(cp, beta == 0.0 ? alpha * s : alpha * s + beta * load<f64>(cp));
    }
  }
}
