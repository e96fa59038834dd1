// Scalar LAPACK twins for the tests: same signatures as the optimised kernels, plain loops.
import { at } from '../core/addr';
import { sign } from '../lapack/util';
import { lapy2 } from '../lapack/householder';
/**
 * Reference twin: plain scalar unblocked Householder QR (LAPACK dgeqr2 with dlarf as
 * w = Cᵀv, C −= tau·v·wᵀ). Overwrites A with R (upper) and V (below the diagonal); tau gets
 * min(m, n) entries.
 */
export function dgeqr2Ref(m: i32, n: i32, a: usize, lda: i32, tau: usize): void {
  const k = min(m, n);
  for (let j = 0; j < k; j++) {
    // dlarfg, written out with a plainly scaled norm
    let scale = 0.0, ssq = 1.0;
    for (let i = j + 1; i < m; i++) {
      const x = abs(load<f64>(at(a, i, j, lda)));
      if (x == 0.0) continue;
      if (scale < x) { ssq = 1.0 + ssq * (scale / x) * (scale / x); scale = x; } else ssq += (x / scale) * (x / scale);
    }
    const xnorm = scale * Math.sqrt(ssq);
    let t = 0.0;
    if (xnorm != 0.0) {
      const alpha = load<f64>(at(a, j, j, lda));
      const beta = -sign(lapy2(alpha, xnorm), alpha);
      t = (beta - alpha) / beta;
      const s = 1.0 / (alpha - beta);
      for (let i = j + 1; i < m; i++) store<f64>(at(a, i, j, lda), s * load<f64>(at(a, i, j, lda)));
      store<f64>(at(a, j, j, lda), beta);
    }
    store<f64>(tau + (<usize>j << 3), t);
    if (t == 0.0) continue;
    for (let c = j + 1; c < n; c++) {
      let w = load<f64>(at(a, j, c, lda));
      for (let i = j + 1; i < m; i++) w += load<f64>(at(a, i, j, lda)) * load<f64>(at(a, i, c, lda));
      w *= t;
      store<f64>(at(a, j, c, lda), load<f64>(at(a, j, c, lda)) - w);
      for (let i = j + 1; i < m; i++) {
        store<f64>(at(a, i, c, lda), load<f64>(at(a, i, c, lda)) - w * load<f64>(at(a, i, j, lda)));
      }
    }
  }
}

/** Reference twin: scalar unblocked lower Cholesky (dpotf2, dot-product form). Same return convention as dpotrf. */
export function dpotf2Ref(n: i32, a: usize, lda: i32): i32 {
  for (let j = 0; j < n; j++) {
    let ajj = load<f64>(at(a, j, j, lda));
    for (let p = 0; p < j; p++) { const x = load<f64>(at(a, j, p, lda)); ajj -= x * x; }
    if (!(ajj > 0.0) || !isFinite(ajj)) { store<f64>(at(a, j, j, lda), ajj); return j; }
    ajj = Math.sqrt(ajj);
    store<f64>(at(a, j, j, lda), ajj);
    for (let i = j + 1; i < n; i++) {
      let s = load<f64>(at(a, i, j, lda));
      for (let p = 0; p < j; p++) s -= load<f64>(at(a, i, p, lda)) * load<f64>(at(a, j, p, lda));
      store<f64>(at(a, i, j, lda), s / ajj);
    }
  }
  return -1;
}
