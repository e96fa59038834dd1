// slimTik / sampled GCV (ALGORITHMS.md §9.3–§9.4): the parts that loop over the batch for every
// candidate Λ of the grid, and the coefficient block of the Sherman–Morrison–Woodbury update.
// Orientation: samples are ROWS. With the thin SVD of the scaled memory M̃ (rows = stored
// samples, p columns) M̃ = V Σ Uᵀ, U ∈ R^{p×q}, and the scaled batch Z̃ (n×p):
//   ZU = Z̃·U (n×q),  R = Z̃·W − C̃ (n×t),  P = ZUᵀ·R (q×t),  Q = Uᵀ·W (q×t),
//   den_j(Λ) = σ_j² + S + Λ,
//   E(Λ) = R − ZU·diag(1/den)·(P + Λ·Q)   (= Z̃·W_k(Λ) − C̃),  ρ(Λ) = ‖E(Λ)‖_F²,
//   τ(Λ) = t·Σ_j (Σ_i ZU_ij²)/den_j       (= tr(A_k B_k(Λ) A_kᵀ)).
// GEMMs are done by the caller (ops.gemm); these kernels keep no state between calls.

@inline function ld(p: usize, i: i32, j: i32, ldp: i32): f64 {
  return load<f64>(p + ((<usize>i + <usize>j * <usize>ldp) << 3));
}
@inline function st(p: usize, i: i32, j: i32, ldp: i32, v: f64): void {
  store<f64>(p + ((<usize>i + <usize>j * <usize>ldp) << 3), v);
}
@inline function ldv(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function stv(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Bytes of workspace for {@link slimtikGcvSums}: q column sums, q reciprocals and one residual column. */
export function slimtikGcvSumsWorkspaceSize(n: i32, q: i32): i32 {
  return (2 * q + n + 2) << 3;
}

/**
 * For each of the g candidates lam[k] (S + lam[k] > 0 assumed for every candidate whose entry
 * in `use` is nonzero; the others are not evaluated and get rho = tau = NaN):
 *   rho[k] = ‖R − ZU·diag(1/den)·(P + lam[k]·Q)‖_F²,  tau[k] = t·Σ_j zsq_j/den_j,
 * den_j = s2[j] + S + lam[k], zsq_j = Σ_i ZU_ij². ZU n×q, R n×t, P and Q q×t (column-major,
 * leading dimensions in elements), s2 and lam unit-stride, `use` one i32 per candidate.
 * Cost O(g·n·q·t); the residual is formed column by column (contiguous axpys over ZU's columns).
 */
export function slimtikGcvSums(n: i32, q: i32, t: i32, g: i32, zu: usize, ldzu: i32, r: usize, ldr: i32,
  p: usize, ldp: i32, qm: usize, ldq: i32, s2: usize, sum: f64, lam: usize, use: usize,
  rho: usize, tau: usize, work: usize): void {
  const zsq = work;                                // q
  const inv = work + (<usize>q << 3);              // q
  const e = work + (<usize>(2 * q) << 3);          // n
  for (let j = 0; j < q; j++) {
    let s = 0.0;
    for (let i = 0; i < n; i++) { const v = ld(zu, i, j, ldzu); s += v * v; }
    stv(zsq, j, s);
  }
  for (let k = 0; k < g; k++) {
    if (load<i32>(use + (<usize>k << 2)) == 0) { stv(rho, k, NaN); stv(tau, k, NaN); continue; }
    const L = ldv(lam, k);
    const shift = sum + L;
    let tr = 0.0;
    for (let j = 0; j < q; j++) {
      const d = 1.0 / (ldv(s2, j) + shift);
      stv(inv, j, d);
      tr += ldv(zsq, j) * d;
    }
    let res = 0.0;
    for (let c = 0; c < t; c++) {
      const rc = r + (<usize>c * <usize>ldr << 3);
      for (let i = 0; i < n; i++) stv(e, i, ldv(rc, i));
      for (let j = 0; j < q; j++) {
        const x = (ld(p, j, c, ldp) + L * ld(qm, j, c, ldq)) * ldv(inv, j);
        const zj = zu + (<usize>j * <usize>ldzu << 3);
        for (let i = 0; i < n; i++) stv(e, i, ldv(e, i) - ldv(zj, i) * x);
      }
      for (let i = 0; i < n; i++) { const v = ldv(e, i); res += v * v; }
    }
    stv(rho, k, res);
    stv(tau, k, <f64>t * tr);
  }
}

/**
 * The q×t coefficient block of the slimTik update W ← (1 − kappa)·W − U·X:
 *   X = diag(1/den)·(P + lam·Q) − kappa·Q,  den_j = s2[j] + S + lam.
 * kappa = lam/(S + lam) when the memory is narrower than p (q < p; the part of W outside
 * range(U) is shrunk by S/(S+lam)), 0 when q = p. X may not alias P or Q.
 */
export function slimtikUpdateCoef(q: i32, t: i32, p: usize, ldp: i32, qm: usize, ldq: i32, s2: usize,
  sum: f64, lam: f64, kappa: f64, x: usize, ldx: i32): void {
  const shift = sum + lam;
  for (let j = 0; j < q; j++) {
    const inv = 1.0 / (ldv(s2, j) + shift);
    for (let c = 0; c < t; c++) {
      const qv = ld(qm, j, c, ldq);
      st(x, j, c, ldx, (ld(p, j, c, ldp) + lam * qv) * inv - kappa * qv);
    }
  }
}
