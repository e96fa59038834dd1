// TEMPORARY (dense area): the few BLAS routines that qr.ts / chol.ts call, with the contract
// signatures of assembly/blas.ts, written as plain loops until the kernels helper lands
// blas.ts. Not exported from index.ts. Delete this file and import from './blas' then.
import { madd } from './simd';

@inline function at(a: usize, i: i32, j: i32, ld: i32): usize {
  return a + ((<usize>i + <usize>j * <usize>ld) << 3);
}

export function dnrm2(n: i32, x: usize, incx: i32): f64 {
  if (n <= 0) return 0.0;
  let ss = 0.0;
  if (incx == 1) {
    let s0 = f64x2.splat(0.0);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const v = v128.load(x + (<usize>i << 3));
      s0 = madd(v, v, s0);
    }
    ss = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    for (; i < n; i++) { const v = load<f64>(x + (<usize>i << 3)); ss += v * v; }
  } else {
    for (let i = 0; i < n; i++) { const v = load<f64>(x + ((<usize>i * <usize>incx) << 3)); ss += v * v; }
  }
  if (isFinite(ss) && ss > 1e-270 && ss < 1e300) return Math.sqrt(ss);
  let scale = 0.0, q = 1.0;
  for (let i = 0; i < n; i++) {
    const v = abs(load<f64>(x + ((<usize>i * <usize>incx) << 3)));
    if (v == 0.0) continue;
    if (scale < v) { q = 1.0 + q * (scale / v) * (scale / v); scale = v; } else q += (v / scale) * (v / scale);
  }
  return scale * Math.sqrt(q);
}

export function dtrmmWorkspaceSize(m: i32, n: i32): usize { return 0; }
export function dtrsmWorkspaceSize(m: i32, n: i32): usize { return 0; }
export function dsyrkWorkspaceSize(n: i32, k: i32): usize { return 0; }

/** Left side only: B = alpha·op(A)·B with A triangular m×m. */
export function dtrmm(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  for (let j = 0; j < n; j++) {
    const bj = at(b, 0, j, ldb);
    const upperEff = (uplo == 1) != (transA == 1); // op(A) upper?
    if (upperEff) {
      for (let r = 0; r < m; r++) {
        let s = 0.0;
        for (let p = r; p < m; p++) {
          const arp = transA ? load<f64>(at(a, p, r, lda)) : load<f64>(at(a, r, p, lda));
          s += (p == r && diag == 1 ? 1.0 : arp) * load<f64>(bj + (<usize>p << 3));
        }
        store<f64>(bj + (<usize>r << 3), alpha * s);
      }
    } else {
      for (let r = m - 1; r >= 0; r--) {
        let s = 0.0;
        for (let p = 0; p <= r; p++) {
          const arp = transA ? load<f64>(at(a, p, r, lda)) : load<f64>(at(a, r, p, lda));
          s += (p == r && diag == 1 ? 1.0 : arp) * load<f64>(bj + (<usize>p << 3));
        }
        store<f64>(bj + (<usize>r << 3), alpha * s);
      }
    }
  }
}

/** op(A)·X = alpha·B (left) or X·op(A) = alpha·B (right), X overwrites B. */
export function dtrsm(side: i32, uplo: i32, transA: i32, diag: i32, m: i32, n: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, work: usize): void {
  if (side == 0) {
    const upperEff = (uplo == 1) != (transA == 1);
    for (let j = 0; j < n; j++) {
      const bj = at(b, 0, j, ldb);
      if (upperEff) {
        for (let r = m - 1; r >= 0; r--) {
          let s = alpha * load<f64>(bj + (<usize>r << 3));
          for (let p = r + 1; p < m; p++) {
            const arp = transA ? load<f64>(at(a, p, r, lda)) : load<f64>(at(a, r, p, lda));
            s -= arp * load<f64>(bj + (<usize>p << 3));
          }
          if (diag == 0) s /= load<f64>(at(a, r, r, lda));
          store<f64>(bj + (<usize>r << 3), s);
        }
      } else {
        for (let r = 0; r < m; r++) {
          let s = alpha * load<f64>(bj + (<usize>r << 3));
          for (let p = 0; p < r; p++) {
            const arp = transA ? load<f64>(at(a, p, r, lda)) : load<f64>(at(a, r, p, lda));
            s -= arp * load<f64>(bj + (<usize>p << 3));
          }
          if (diag == 0) s /= load<f64>(at(a, r, r, lda));
          store<f64>(bj + (<usize>r << 3), s);
        }
      }
    }
  } else {
    // X·op(A) = alpha·B, A n×n. op(A) upper: solve columns left to right; lower: right to left.
    const upperEff = (uplo == 1) != (transA == 1);
    if (upperEff) {
      for (let c = 0; c < n; c++) {
        const bc = at(b, 0, c, ldb);
        for (let i = 0; i < m; i++) store<f64>(bc + (<usize>i << 3), alpha * load<f64>(bc + (<usize>i << 3)));
        for (let p = 0; p < c; p++) {
          const apc = transA ? load<f64>(at(a, c, p, lda)) : load<f64>(at(a, p, c, lda));
          if (apc == 0.0) continue;
          const bp = at(b, 0, p, ldb);
          for (let i = 0; i < m; i++) store<f64>(bc + (<usize>i << 3), load<f64>(bc + (<usize>i << 3)) - apc * load<f64>(bp + (<usize>i << 3)));
        }
        if (diag == 0) {
          const d = 1.0 / load<f64>(at(a, c, c, lda));
          for (let i = 0; i < m; i++) store<f64>(bc + (<usize>i << 3), d * load<f64>(bc + (<usize>i << 3)));
        }
      }
    } else {
      for (let c = n - 1; c >= 0; c--) {
        const bc = at(b, 0, c, ldb);
        for (let i = 0; i < m; i++) store<f64>(bc + (<usize>i << 3), alpha * load<f64>(bc + (<usize>i << 3)));
        for (let p = c + 1; p < n; p++) {
          const apc = transA ? load<f64>(at(a, c, p, lda)) : load<f64>(at(a, p, c, lda));
          if (apc == 0.0) continue;
          const bp = at(b, 0, p, ldb);
          for (let i = 0; i < m; i++) store<f64>(bc + (<usize>i << 3), load<f64>(bc + (<usize>i << 3)) - apc * load<f64>(bp + (<usize>i << 3)));
        }
        if (diag == 0) {
          const d = 1.0 / load<f64>(at(a, c, c, lda));
          for (let i = 0; i < m; i++) store<f64>(bc + (<usize>i << 3), d * load<f64>(bc + (<usize>i << 3)));
        }
      }
    }
  }
}

/** Lower or upper triangle of C = alpha·A·Aᵀ + beta·C (trans 0, A n×k) or alpha·Aᵀ·A + beta·C (trans 1, A k×n). */
export function dsyrk(uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  beta: f64, c: usize, ldc: i32, work: usize): void {
  for (let j = 0; j < n; j++) {
    const i0 = uplo == 0 ? j : 0;
    const i1 = uplo == 0 ? n : j + 1;
    for (let i = i0; i < i1; i++) {
      let s = 0.0;
      for (let p = 0; p < k; p++) {
        s += trans ? load<f64>(at(a, p, i, lda)) * load<f64>(at(a, p, j, lda)) : load<f64>(at(a, i, p, lda)) * load<f64>(at(a, j, p, lda));
      }
      const cp = at(c, i, j, ldc);
      store<f64>(cp, beta == 0.0 ? alpha * s : alpha * s + beta * load<f64>(cp));
    }
  }
}
