// Elementwise parts of the softmax cross-entropy and logistic losses (ALGORITHMS.md §5.5, the
// Newton solver of src/solvers/newton.ts). Column-major: rows are samples, columns classes.
// Every kernel takes optional per-row weights w (hasW = 0: all ones) and a scalar scale; labels
// are i32, one per row. Products with X are GEMMs done elsewhere; these are the O(n·k) parts.

@inline function ld(p: usize, i: i32, j: i32, ldp: i32): f64 {
  return load<f64>(p + ((<usize>i + <usize>j * <usize>ldp) << 3));
}
@inline function st(p: usize, i: i32, j: i32, ldp: i32, v: f64): void {
  store<f64>(p + ((<usize>i + <usize>j * <usize>ldp) << 3), v);
}
@inline function weight(w: usize, hasW: i32, i: i32): f64 {
  return hasW != 0 ? load<f64>(w + (<usize>i << 3)) : 1.0;
}
@inline function label(labels: usize, i: i32): i32 {
  return load<i32>(labels + (<usize>i << 2));
}

/**
 * Row-wise softmax with max subtraction: P[i, :] = exp(Z[i, :] − m_i) / Σ_j exp(Z[i, j] − m_i),
 * m_i = max_j Z[i, j] (P may alias Z), and returns Σ_i w_i·(lse_i − Z[i, y_i]) with
 * lse_i = m_i + log Σ_j exp(Z[i, j] − m_i) (the stable log-sum-exp). Returns NaN when a label is
 * outside 0..k−1 (P is then still written).
 */
export function softmaxLoss(n: i32, k: i32, z: usize, ldz: i32, labels: usize, w: usize, hasW: i32, p: usize, ldp: i32): f64 {
  let loss = 0.0;
  let bad = false;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) { const v = ld(z, i, j, ldz); if (v > m) m = v; }
    const y = label(labels, i);
    if (y < 0 || y >= k) bad = true;
    const zy = y >= 0 && y < k ? ld(z, i, y, ldz) : 0.0;
    let s = 0.0;
    for (let j = 0; j < k; j++) { const e = Math.exp(ld(z, i, j, ldz) - m); st(p, i, j, ldp, e); s += e; }
    const inv = 1.0 / s;
    for (let j = 0; j < k; j++) st(p, i, j, ldp, ld(p, i, j, ldp) * inv);
    loss += weight(w, hasW, i) * (m + Math.log(s) - zy);
  }
  return bad ? NaN : loss;
}

/**
 * Gradient residual R[i, :] = scale·w_i·(P[i, :] − e_{y_i}) (the one-hot row never formed; R may
 * alias P). Returns the number of labels outside 0..k−1 (those rows get no −1).
 */
export function softmaxResidual(n: i32, k: i32, p: usize, ldp: i32, labels: usize, w: usize, hasW: i32, scale: f64, r: usize, ldr: i32): i32 {
  let bad = 0;
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) st(r, i, j, ldr, scale * weight(w, hasW, i) * ld(p, i, j, ldp));
  }
  for (let i = 0; i < n; i++) {
    const y = label(labels, i);
    if (y < 0 || y >= k) { bad++; continue; }
    st(r, i, y, ldr, ld(r, i, y, ldr) - scale * weight(w, hasW, i));
  }
  return bad;
}

/**
 * Elementwise part of the softmax Hessian-vector product, in place on U = X·V:
 * U[i, :] ← scale·w_i·(P[i, :] ⊙ U[i, :] − P[i, :]·(P[i, :]·U[i, :])).
 */
export function softmaxHessApply(n: i32, k: i32, p: usize, ldp: i32, w: usize, hasW: i32, scale: f64, u: usize, ldu: i32): void {
  for (let i = 0; i < n; i++) {
    let d = 0.0;
    for (let j = 0; j < k; j++) d += ld(p, i, j, ldp) * ld(u, i, j, ldu);
    const c = scale * weight(w, hasW, i);
    for (let j = 0; j < k; j++) {
      const pij = ld(p, i, j, ldp);
      st(u, i, j, ldu, c * pij * (ld(u, i, j, ldu) - d));
    }
  }
}

/**
 * Logistic loss on margins z (n): p_i = σ(z_i) (stable for either sign; p may alias z) and
 * returns Σ_i w_i·(softplus(z_i) − y_i·z_i), softplus(z) = max(z, 0) + log1p(exp(−|z|)).
 * Returns NaN when a label is not 0 or 1.
 */
export function logisticLoss(n: i32, z: usize, labels: usize, w: usize, hasW: i32, p: usize): f64 {
  let loss = 0.0;
  let bad = false;
  for (let i = 0; i < n; i++) {
    const zi = load<f64>(z + (<usize>i << 3));
    const y = label(labels, i);
    if (y != 0 && y != 1) bad = true;
    const e = Math.exp(-Math.abs(zi));
    const sp = Math.max(zi, 0.0) + Math.log1p(e);
    const s = zi >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    store<f64>(p + (<usize>i << 3), s);
    loss += weight(w, hasW, i) * (sp - <f64>y * zi);
  }
  return bad ? NaN : loss;
}

/** r_i = scale·w_i·(p_i − y_i) (r may alias p); returns the number of labels not 0 or 1. */
export function logisticResidual(n: i32, p: usize, labels: usize, w: usize, hasW: i32, scale: f64, r: usize): i32 {
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const y = label(labels, i);
    if (y != 0 && y != 1) bad++;
    const o = <usize>i << 3;
    store<f64>(r + o, scale * weight(w, hasW, i) * (load<f64>(p + o) - <f64>y));
  }
  return bad;
}

/** Logistic Hessian weights applied in place to u = X·v: u_i ← scale·w_i·p_i(1 − p_i)·u_i. */
export function logisticHessApply(n: i32, p: usize, w: usize, hasW: i32, scale: f64, u: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const pi = load<f64>(p + o);
    store<f64>(u + o, scale * weight(w, hasW, i) * pi * (1.0 - pi) * load<f64>(u + o));
  }
}

/**
 * Importance of each row for Hessian sampling: out_i = rowSq_i · c_i with c_i = 1 − Σ_j P[i, j]²
 * (softmax, k ≥ 2: the trace of diag(p_i) − p_i p_iᵀ) or p_i(1 − p_i) (logistic, k = 1), so that
 * out_i bounds the trace of the i-th Hessian term ‖x_i‖²·tr(∇²ℓ_i). Returns Σ out_i.
 */
export function hessianRowWeights(n: i32, k: i32, p: usize, ldp: i32, rowSq: usize, out: usize): f64 {
  let tot = 0.0;
  for (let i = 0; i < n; i++) {
    let c: f64;
    if (k == 1) { const pi = ld(p, i, 0, ldp); c = pi * (1.0 - pi); } else {
      let s = 0.0;
      for (let j = 0; j < k; j++) { const v = ld(p, i, j, ldp); s += v * v; }
      c = Math.max(1.0 - s, 0.0);
    }
    const v = load<f64>(rowSq + (<usize>i << 3)) * c;
    store<f64>(out + (<usize>i << 3), v);
    tot += v;
  }
  return tot;
}
