// Portable scalar reference kernels ("twins"). Same signatures as the optimised kernels, written
// for obviousness, not speed. Tests compare every optimised kernel against its twin.

import { at as addr } from '../core/addr';

/** Element (i, j) of a column-major matrix (a load, unlike core's address helper `at`). */
@inline function el(p: usize, i: i32, j: i32, ld: i32): f64 {
  return load<f64>(addr(p, i, j, ld));
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
        const x = transA ? el(a, p, i, lda) : el(a, i, p, lda);
        const y = transB ? el(b, j, p, ldb) : el(b, p, j, ldb);
        s += x * y;
      }
      const cp = c + ((<usize>i + <usize>j * <usize>ldc) << 3);
      store<f64>(cp, beta == 0.0 ? alpha * s : alpha * s + beta * load<f64>(cp));
    }
  }
}

// ───────────── BLAS reference twins (plain loops, reference-BLAS semantics) ─────────────
// Vector element i of a strided vector x (n entries, increment inc) is x[(1 − n)·inc + i·inc]
// for inc < 0 and x[i·inc] otherwise.

@inline function vx(p: usize, n: i32, inc: i32, i: i32): usize {
  return p + (<usize>((inc < 0 ? (1 - n) * inc : 0) + i * inc) << 3);
}
@inline function mp(p: usize, i: i32, j: i32, ld: i32): usize {
  return p + ((<usize>i + <usize>j * <usize>ld) << 3);
}

export function daxpyRef(n: i32, alpha: f64, x: usize, incx: i32, y: usize, incy: i32): void {
  if (alpha == 0.0) return;
  for (let i = 0; i < n; i++) store<f64>(vx(y, n, incy, i), load<f64>(vx(y, n, incy, i)) + alpha * load<f64>(vx(x, n, incx, i)));
}

export function dscalRef(n: i32, alpha: f64, x: usize, incx: i32): void {
  for (let i = 0; i < n; i++) store<f64>(vx(x, n, incx, i), alpha == 0.0 ? 0.0 : alpha * load<f64>(vx(x, n, incx, i)));
}

export function ddotRef(n: i32, x: usize, incx: i32, y: usize, incy: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += load<f64>(vx(x, n, incx, i)) * load<f64>(vx(y, n, incy, i));
  return s;
}

/** LAPACK's classic one-pass scaled sum of squares (scale·√ssq). */
export function dnrm2Ref(n: i32, x: usize, incx: i32): f64 {
  let scale = 0.0, ssq = 1.0;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(vx(x, n, incx, i));
    if (isNaN(v)) return v;
    if (v != 0.0) {
      const a = Math.abs(v);
      if (scale < a) { ssq = 1.0 + ssq * (scale / a) * (scale / a); scale = a; } else ssq += (a / scale) * (a / scale);
    }
  }
  return scale * Math.sqrt(ssq);
}

export function dcopyRef(n: i32, x: usize, incx: i32, y: usize, incy: i32): void {
  for (let i = 0; i < n; i++) store<f64>(vx(y, n, incy, i), load<f64>(vx(x, n, incx, i)));
}

export function dswapRef(n: i32, x: usize, incx: i32, y: usize, incy: i32): void {
  for (let i = 0; i < n; i++) {
    const t = load<f64>(vx(x, n, incx, i));
    store<f64>(vx(x, n, incx, i), load<f64>(vx(y, n, incy, i)));
    store<f64>(vx(y, n, incy, i), t);
  }
}

export function drotRef(n: i32, x: usize, incx: i32, y: usize, incy: i32, c: f64, s: f64): void {
  for (let i = 0; i < n; i++) {
    const a = load<f64>(vx(x, n, incx, i)), b = load<f64>(vx(y, n, incy, i));
    store<f64>(vx(x, n, incx, i), c * a + s * b);
    store<f64>(vx(y, n, incy, i), c * b - s * a);
  }
}

/** y ← α·op(A)·x + β·y (β = 0: y not read). */
export function dgemvRef(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32,
  x: usize, incx: i32, beta: f64, y: usize, incy: i32): void {
  const leny = trans ? n : m, lenx = trans ? m : n;
  for (let i = 0; i < leny; i++) {
    let s = 0.0;
    for (let p = 0; p < lenx; p++) {
      s += (trans ? load<f64>(mp(a, p, i, lda)) : load<f64>(mp(a, i, p, lda))) * load<f64>(vx(x, lenx, incx, p));
    }
    const yp = vx(y, leny, incy, i);
    store<f64>(yp, beta == 0.0 ? alpha * s : alpha * s + beta * load<f64>(yp));
  }
}

export function dgerRef(m: i32, n: i32, alpha: f64, x: usize, incx: i32, y: usize, incy: i32, a: usize, lda: i32): void {
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const p = mp(a, i, j, lda);
      store<f64>(p, load<f64>(p) + alpha * load<f64>(vx(x, m, incx, i)) * load<f64>(vx(y, n, incy, j)));
    }
  }
}

/** One triangle of C ← α·op(A)·op(A)ᵀ + β·C (trans = 0: A n×k; 1: A k×n). */
export function dsyrkRef(uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  beta: f64, c: usize, ldc: i32): void {
  for (let j = 0; j < n; j++) {
    const i0 = uplo ? 0 : j, i1 = uplo ? j + 1 : n;
    for (let i = i0; i < i1; i++) {
      let s = 0.0;
      for (let p = 0; p < k; p++) {
        s += trans ? load<f64>(mp(a, p, i, lda)) * load<f64>(mp(a, p, j, lda))
          : load<f64>(mp(a, i, p, lda)) * load<f64>(mp(a, j, p, lda));
      }
      const cp = mp(c, i, j, ldc);
      store<f64>(cp, beta == 0.0 ? alpha * s : alpha * s + beta * load<f64>(cp));
    }
  }
}

/** op(A)[r, c] with the triangle and unit diagonal applied (zero outside the triangle). */
function triEl(uplo: i32, t: i32, diag: i32, r: i32, c: i32, a: usize, lda: i32): f64 {
  const i = t ? c : r, j = t ? r : c; // element A[i, j]
  if (i == j) return diag ? 1.0 : load<f64>(mp(a, i, j, lda));
  if (uplo == 0 ? i < j : i > j) return 0.0;
  return load<f64>(mp(a, i, j, lda));
}

/** Triangular solve by plain substitution (op(A) is formed element by element). */
export function dtrsmRef(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32): void {
  const lower = (uplo == 0) != (transA != 0);
  if (side == 0) {
    for (let j = 0; j < n; j++) {
      for (let q = 0; q < m; q++) {
        const i = lower ? q : m - 1 - q;
        let s = alpha * load<f64>(mp(b, i, j, ldb));
        if (lower) { for (let p = 0; p < i; p++) s -= triEl(uplo, transA, diag, i, p, a, lda) * load<f64>(mp(b, p, j, ldb)); }
        else { for (let p = i + 1; p < m; p++) s -= triEl(uplo, transA, diag, i, p, a, lda) * load<f64>(mp(b, p, j, ldb)); }
        store<f64>(mp(b, i, j, ldb), alpha == 0.0 ? 0.0 : s / triEl(uplo, transA, diag, i, i, a, lda));
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let q = 0; q < n; q++) {
        const j = lower ? n - 1 - q : q;
        let s = alpha * load<f64>(mp(b, i, j, ldb));
        if (lower) { for (let p = j + 1; p < n; p++) s -= load<f64>(mp(b, i, p, ldb)) * triEl(uplo, transA, diag, p, j, a, lda); }
        else { for (let p = 0; p < j; p++) s -= load<f64>(mp(b, i, p, ldb)) * triEl(uplo, transA, diag, p, j, a, lda); }
        store<f64>(mp(b, i, j, ldb), alpha == 0.0 ? 0.0 : s / triEl(uplo, transA, diag, j, j, a, lda));
      }
    }
  }
}

/** Triangular multiply by plain loops; `tmp` holds one row/column (max(m, n) doubles). */
export function dtrmmRef(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, tmp: usize): void {
  if (side == 0) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < m; i++) {
        let s = 0.0;
        for (let p = 0; p < m; p++) s += triEl(uplo, transA, diag, i, p, a, lda) * load<f64>(mp(b, p, j, ldb));
        store<f64>(tmp + (<usize>i << 3), s);
      }
      for (let i = 0; i < m; i++) store<f64>(mp(b, i, j, ldb), alpha == 0.0 ? 0.0 : alpha * load<f64>(tmp + (<usize>i << 3)));
    }
  } else {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0.0;
        for (let p = 0; p < n; p++) s += load<f64>(mp(b, i, p, ldb)) * triEl(uplo, transA, diag, p, j, a, lda);
        store<f64>(tmp + (<usize>j << 3), s);
      }
      for (let j = 0; j < n; j++) store<f64>(mp(b, i, j, ldb), alpha == 0.0 ? 0.0 : alpha * load<f64>(tmp + (<usize>j << 3)));
    }
  }
}
