// Optimizer update of SlimTrainNetwork's Meganet-compatible Adam variant (ALGORITHMS.md §9.6).

/**
 * One Adam step in the Meganet `sgd` formulation, on n parameters:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·(m/bc1)/√(v/bc2 + ε)
 * (ε inside the square root; the caller passes the bias corrections bc1 = 1 − β₁^e,
 * bc2 = 1 − β₂^e, Meganet uses the epoch index e).
 */
export function slimtrainAdamMeganet(n: i32, w: usize, grad: usize, m: usize, v: usize, lr: f64, beta1: f64, beta2: f64,
  eps: f64, bc1: f64, bc2: f64): void {
  const step = lr / bc1;
  const ibc2 = 1.0 / bc2;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const gi = load<f64>(grad + o);
    const mi = beta1 * load<f64>(m + o) + (1.0 - beta1) * gi;
    const vi = beta2 * load<f64>(v + o) + (1.0 - beta2) * gi * gi;
    store<f64>(m + o, mi);
    store<f64>(v + o, vi);
    store<f64>(w + o, load<f64>(w + o) - step * mi / Math.sqrt(vi * ibc2 + eps));
  }
}
