// Data movement and validation kernels (column-major, leading dimensions in elements).

/** B[0:m,0:n] = A[0:m,0:n] (both column-major with leading dimensions lda, ldb). */
export function dlacpy(m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  for (let j = 0; j < n; j++) {
    memory.copy(b + ((<usize>j * <usize>ldb) << 3), a + ((<usize>j * <usize>lda) << 3), <usize>m << 3);
  }
}

/** B (n×m, ldb) = Aᵀ where A is m×n (lda). Blocked for cache reuse. */
export function dtranspose(m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  const BS = 32;
  for (let jj = 0; jj < n; jj += BS) {
    const je = min(jj + BS, n);
    for (let ii = 0; ii < m; ii += BS) {
      const ie = min(ii + BS, m);
      for (let j = jj; j < je; j++) {
        for (let i = ii; i < ie; i++) {
          store<f64>(b + ((<usize>j + <usize>i * <usize>ldb) << 3), load<f64>(a + ((<usize>i + <usize>j * <usize>lda) << 3)));
        }
      }
    }
  }
}

/** A[0:m,0:n] = value. */
export function dfill(m: i32, n: i32, value: f64, a: usize, lda: i32): void {
  const v = f64x2.splat(value);
  for (let j = 0; j < n; j++) {
    const col = a + ((<usize>j * <usize>lda) << 3);
    let i = 0;
    if ((col & 15) == 0) {
      for (; i + 1 < m; i += 2) v128.store(col + (<usize>i << 3), v);
    }
    for (; i < m; i++) store<f64>(col + (<usize>i << 3), value);
  }
}

/** Sets A (m×n) to the identity pattern: 1 on the diagonal, 0 elsewhere. */
export function dlaset_identity(m: i32, n: i32, a: usize, lda: i32): void {
  dfill(m, n, 0.0, a, lda);
  const k = min(m, n);
  for (let i = 0; i < k; i++) store<f64>(a + ((<usize>i + <usize>i * <usize>lda) << 3), 1.0);
}

/** Index (column-major, i + j*m) of the first NaN or ±Inf in A[0:m,0:n], or -1 when all are finite. */
export function firstNonFinite(m: i32, n: i32, a: usize, lda: i32): f64 {
  for (let j = 0; j < n; j++) {
    const col = a + ((<usize>j * <usize>lda) << 3);
    for (let i = 0; i < m; i++) {
      const x = load<f64>(col + (<usize>i << 3));
      if (!isFinite(x)) return <f64>i + <f64>j * <f64>m;
    }
  }
  return -1;
}

/** C = alpha*A + beta*B elementwise (all m×n; C may alias A or B). */
export function dgeadd(m: i32, n: i32, alpha: f64, a: usize, lda: i32, beta: f64, b: usize, ldb: i32, c: usize, ldc: i32): void {
  for (let j = 0; j < n; j++) {
    const ca = a + ((<usize>j * <usize>lda) << 3);
    const cb = b + ((<usize>j * <usize>ldb) << 3);
    const cc = c + ((<usize>j * <usize>ldc) << 3);
    for (let i = 0; i < m; i++) {
      const o = <usize>i << 3;
      store<f64>(cc + o, alpha * load<f64>(ca + o) + beta * load<f64>(cb + o));
    }
  }
}
