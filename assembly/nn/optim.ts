// Optimizer updates of the gradient baselines (ALGORITHMS.md §7.3): Adam and SGD with momentum,
// elementwise over contiguous parameter vectors. No allocation, no state: the moments live in
// the caller's buffers.
/**
 * One Adam step on n parameters (PyTorch formulation): m ← β₁m + (1−β₁)g,
 * v ← β₂v + (1−β₂)g², w ← w − (lr/bc1)·m / (√v/√bc2 + ε), where bc1 = 1 − β₁ᵗ, bc2 = 1 − β₂ᵗ.
 */
export function anminAdam(n: i32, w: usize, grad: usize, m: usize, v: usize, lr: f64, beta1: f64, beta2: f64,
  eps: f64, bc1: f64, bc2: f64): void {
  adamUpdate(n, w, grad, m, v, lr, beta1, beta2, eps, bc1, bc2, false);
}

/**
 * The Adam moment update and step shared by {@link anminAdam} (epsInSqrt false: the denominator is
 * √v/√bc2 + ε) and SlimTrain's Meganet variant (epsInSqrt true: √(v/bc2 + ε)). Inlined with a
 * constant flag, so each exported kernel compiles to its own loop.
 */
// @ts-ignore: decorator
@inline export function adamUpdate(n: i32, w: usize, grad: usize, m: usize, v: usize, lr: f64, beta1: f64, beta2: f64,
  eps: f64, bc1: f64, bc2: f64, epsInSqrt: bool): void {
  const step = lr / bc1;
  const k = epsInSqrt ? 1.0 / bc2 : 1.0 / Math.sqrt(bc2);
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const gi = load<f64>(grad + o);
    const mi = beta1 * load<f64>(m + o) + (1.0 - beta1) * gi;
    const vi = beta2 * load<f64>(v + o) + (1.0 - beta2) * gi * gi;
    store<f64>(m + o, mi);
    store<f64>(v + o, vi);
    const denom = epsInSqrt ? Math.sqrt(vi * k + eps) : Math.sqrt(vi) * k + eps;
    store<f64>(w + o, load<f64>(w + o) - step * mi / denom);
  }
}

/** One SGD step with (heavy-ball, PyTorch-style) momentum μ: vel ← μ·vel + g; w ← w − lr·vel. μ = 0: plain SGD. */
export function anminMomentum(n: i32, w: usize, grad: usize, vel: usize, lr: f64, mu: f64): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const u = mu * load<f64>(vel + o) + load<f64>(grad + o);
    store<f64>(vel + o, u);
    store<f64>(w + o, load<f64>(w + o) - lr * u);
  }
}
