// Optimizer update of SlimTrainNetwork's Meganet-compatible Adam variant (ALGORITHMS.md §9.6).

import { adamUpdate } from './optim';

/**
 * One Adam step in the Meganet `sgd` formulation, on n parameters:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·(m/bc1)/√(v/bc2 + ε)
 * (ε inside the square root; the caller passes the bias corrections bc1 = 1 − β₁^e,
 * bc2 = 1 − β₂^e, Meganet uses the epoch index e).
 */
export function slimtrainAdamMeganet(n: i32, w: usize, grad: usize, m: usize, v: usize, lr: f64, beta1: f64, beta2: f64,
  eps: f64, bc1: f64, bc2: f64): void {
  adamUpdate(n, w, grad, m, v, lr, beta1, beta2, eps, bc1, bc2, true);
}
