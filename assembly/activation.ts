// Elementwise activations and bias add on column-major blocks (rows = samples, columns =
// neurons). Kernels write y (which may alias x).

/**
 * tanh, accurate and saturating: for |x| ≤ 20, tanh|x| = t/(t+2) with t = expm1(2|x|) (no
 * cancellation near 0, relative error a few ulp); for |x| > 20, ±1 exactly (1 − tanh 20 <
 * 2^-56). Never overflows. NaN propagates.
 */
@inline export function tanhScalar(x: f64): f64 {
  const a = Math.abs(x);
  if (a > 20.0) return x > 0 ? 1.0 : -1.0;
  const t = Math.expm1(2.0 * a);
  const r = t / (t + 2.0);
  return copysign<f64>(r, x); // keeps the sign of zero: tanh(-0) = -0
}

/** y[i, j] = tanh(x[i, j] + bias[j]) for an m×n block (bias may be 0 = no bias). */
export function dtanhBias(m: i32, n: i32, x: usize, ldx: i32, bias: usize, y: usize, ldy: i32): void {
  for (let j = 0; j < n; j++) {
    const b = bias ? load<f64>(bias + (<usize>j << 3)) : -0.0; // x + (-0) = x, also for x = -0
    const cx = x + ((<usize>j * <usize>ldx) << 3);
    const cy = y + ((<usize>j * <usize>ldy) << 3);
    for (let i = 0; i < m; i++) {
      store<f64>(cy + (<usize>i << 3), tanhScalar(load<f64>(cx + (<usize>i << 3)) + b));
    }
  }
}

/**
 * y[i, j] = σ_α(x[i, j] + bias[j]) with σ_α(t) = max(t, α t) for 0 ≤ α < 1 (α = 0: ReLU,
 * α = 0.1: leaky ReLU). bias may be 0 (no bias).
 */
export function dleakyReluBias(m: i32, n: i32, alpha: f64, x: usize, ldx: i32, bias: usize, y: usize, ldy: i32): void {
  const va = f64x2.splat(alpha);
  for (let j = 0; j < n; j++) {
    const b = bias ? load<f64>(bias + (<usize>j << 3)) : 0.0;
    const vb = f64x2.splat(b);
    const cx = x + ((<usize>j * <usize>ldx) << 3);
    const cy = y + ((<usize>j * <usize>ldy) << 3);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const t = f64x2.add(v128.load(cx + (<usize>i << 3)), vb);
      v128.store(cy + (<usize>i << 3), f64x2.max(t, f64x2.mul(t, va)));
    }
    for (; i < m; i++) {
      const t = load<f64>(cx + (<usize>i << 3)) + b;
      store<f64>(cy + (<usize>i << 3), max(t, alpha * t));
    }
  }
}

/** a[i, j] += bias[j] for an m×n block. */
export function dbiasAdd(m: i32, n: i32, a: usize, lda: i32, bias: usize): void {
  for (let j = 0; j < n; j++) {
    const b = load<f64>(bias + (<usize>j << 3));
    const vb = f64x2.splat(b);
    const c = a + ((<usize>j * <usize>lda) << 3);
    let i = 0;
    for (; i + 1 < m; i += 2) v128.store(c + (<usize>i << 3), f64x2.add(v128.load(c + (<usize>i << 3)), vb));
    for (; i < m; i++) store<f64>(c + (<usize>i << 3), load<f64>(c + (<usize>i << 3)) + b);
  }
}
