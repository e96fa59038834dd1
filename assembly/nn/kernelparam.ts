// Parametric kernels K(θ) = mat(Qθ) (ALGORITHMS.md §8.2) and the elementwise parts of variable
// projection (§8.4): building K from θ, the adjoint Qᵀvec(G) (gradient with respect to θ from a
// gradient with respect to K), the activation derivative applied to a backpropagated matrix,
// the Hadamard product and the softplus reparameterisation of the M-matrix kernel. Q is never
// formed: every kernel applies its index rule directly. Column-major, leading dimensions in
// elements, no state between calls.
//
// Kinds (K is w×d; the non-dense kinds are square, w = d):
//   0 dense:          θ = vec(K) (column-major), p = w·d
//   1 diagonal:       K = diag(θ), p = d
//   2 antisymmetric:  strict upper triangle row by row, K_ij = θ, K_ji = −θ (i < j), p = d(d−1)/2
//   3 M-matrix:       row by row, off-diagonal columns increasing, K_ij = −θ, K_ii = Σ_{j≠i} θ_ij,
//                     p = d(d−1)

@inline function at(p: usize, i: i32, j: i32, ld: i32): usize {
  return p + ((<usize>i + <usize>j * <usize>ld) << 3);
}
@inline function th(p: usize, k: i32): f64 {
  return load<f64>(p + (<usize>k << 3));
}
/** Index of θ for entry (i, j), i < j, of the antisymmetric kernel (strict upper triangle, row by row). */
@inline function antiIdx(d: i32, i: i32, j: i32): i32 {
  return i * (d - 1) - ((i * (i - 1)) >> 1) + (j - i - 1);
}
/** Index of θ for off-diagonal entry (i, j) of the M-matrix kernel (row by row, columns increasing). */
@inline function mIdx(d: i32, i: i32, j: i32): i32 {
  return i * (d - 1) + (j < i ? j : j - 1);
}

/** K (w×d, ldk) ← mat(Qθ) for the kernel `kind` (see the file comment). Every entry of K is written. */
export function kernelParamBuild(kind: i32, w: i32, d: i32, theta: usize, k: usize, ldk: i32): void {
  if (kind == 0) {
    for (let j = 0; j < d; j++) for (let i = 0; i < w; i++) store<f64>(at(k, i, j, ldk), th(theta, i + j * w));
    return;
  }
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) store<f64>(at(k, i, j, ldk), 0.0);
  if (kind == 1) {
    for (let i = 0; i < d; i++) store<f64>(at(k, i, i, ldk), th(theta, i));
  } else if (kind == 2) {
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        const t = th(theta, antiIdx(d, i, j));
        store<f64>(at(k, i, j, ldk), t);
        store<f64>(at(k, j, i, ldk), -t);
      }
    }
  } else {
    for (let i = 0; i < d; i++) {
      let s = 0.0;
      for (let j = 0; j < d; j++) {
        if (j == i) continue;
        const t = th(theta, mIdx(d, i, j));
        store<f64>(at(k, i, j, ldk), -t);
        s += t;
      }
      store<f64>(at(k, i, i, ldk), s);
    }
  }
}

/** out (p) ← Qᵀvec(G) for G w×d (ldg): the gradient with respect to θ of ⟨G, K(θ)⟩. */
export function kernelParamAdjoint(kind: i32, w: i32, d: i32, g: usize, ldg: i32, out: usize): void {
  if (kind == 0) {
    for (let j = 0; j < d; j++) for (let i = 0; i < w; i++) store<f64>(out + (<usize>(i + j * w) << 3), load<f64>(at(g, i, j, ldg)));
  } else if (kind == 1) {
    for (let i = 0; i < d; i++) store<f64>(out + (<usize>i << 3), load<f64>(at(g, i, i, ldg)));
  } else if (kind == 2) {
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        store<f64>(out + (<usize>antiIdx(d, i, j) << 3), load<f64>(at(g, i, j, ldg)) - load<f64>(at(g, j, i, ldg)));
      }
    }
  } else {
    for (let i = 0; i < d; i++) {
      const gii = load<f64>(at(g, i, i, ldg));
      for (let j = 0; j < d; j++) {
        if (j == i) continue;
        store<f64>(out + (<usize>mIdx(d, i, j) << 3), gii - load<f64>(at(g, i, j, ldg)));
      }
    }
  }
}

/**
 * G (m×n) ∘= σ'(P) where Z = σ(P) is given (not P): `act` 0 tanh (σ' = 1 − z²), 1 leaky ReLU with
 * slope `alpha` for negative arguments (σ' = 1 for z > 0, α otherwise; α = 0: ReLU, the
 * derivative at 0 taken as α), 2 identity (G unchanged).
 */
export function activationGradMul(act: i32, alpha: f64, m: i32, n: i32, z: usize, ldz: i32, g: usize, ldg: i32): void {
  if (act == 2) return;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const zi = load<f64>(at(z, i, j, ldz));
      const s = act == 0 ? 1.0 - zi * zi : (zi > 0.0 ? 1.0 : alpha);
      const p = at(g, i, j, ldg);
      store<f64>(p, load<f64>(p) * s);
    }
  }
}

/** B (m×n) ∘= A (m×n): the Hadamard product in place. */
export function hadamardInPlace(m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const p = at(b, i, j, ldb);
      store<f64>(p, load<f64>(p) * load<f64>(at(a, i, j, lda)));
    }
  }
}

/**
 * y = softplus(x) = max(x, 0) + log1p(exp(−|x|)) and dy = σ(x) = 1/(1 + exp(−x)) (its
 * derivative), stable for either sign; y and dy may not alias x. n elements, unit stride.
 */
export function softplusForward(n: i32, x: usize, y: usize, dy: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const v = load<f64>(x + o);
    const e = Math.exp(-Math.abs(v));
    store<f64>(y + o, Math.max(v, 0.0) + Math.log1p(e));
    store<f64>(dy + o, v >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e));
  }
}

/**
 * Columns of the VarPro Jacobian with respect to a dense kernel (§8.5, J_K = (I ⊗ W)·diag(σ')·(Yᵀ ⊗ I)
 * in the row convention): for r < w, c < nc, o < t, column (r + c·w)·t + o of `out` gets, in rows
 * 0..n−1, scale·S[s, r]·F[s, c]·W[r, o] (S = σ'(P) n×w, F n×nc: the inputs X for ∂/∂K, a column
 * of ones for ∂/∂b; W w×t: the output weights). Other rows of `out` are not touched.
 */
export function varproJacobianBlock(n: i32, w: i32, nc: i32, t: i32, s: usize, lds: i32, f: usize, ldf: i32,
  wm: usize, ldw: i32, scale: f64, out: usize, ldout: i32): void {
  for (let c = 0; c < nc; c++) {
    for (let r = 0; r < w; r++) {
      const sr = s + ((<usize>r * <usize>lds) << 3);
      const fc = f + ((<usize>c * <usize>ldf) << 3);
      for (let o = 0; o < t; o++) {
        const a = scale * load<f64>(at(wm, r, o, ldw));
        const col = out + ((<usize>((r + c * w) * t + o) * <usize>ldout) << 3);
        let i = 0;
        const va = f64x2.splat(a);
        for (; i + 1 < n; i += 2) {
          const q = <usize>i << 3;
          v128.store(col + q, f64x2.mul(va, f64x2.mul(v128.load(sr + q), v128.load(fc + q))));
        }
        for (; i < n; i++) {
          const q = <usize>i << 3;
          store<f64>(col + q, a * load<f64>(sr + q) * load<f64>(fc + q));
        }
      }
    }
  }
}

@inline function colCopy(m: i32, src: usize, dst: usize): void {
  for (let i = 0; i < m; i++) store<f64>(dst + (<usize>i << 3), load<f64>(src + (<usize>i << 3)));
}
@inline function colDiff(m: i32, a: usize, b: usize, dst: usize): void {
  for (let i = 0; i < m; i++) store<f64>(dst + (<usize>i << 3), load<f64>(a + (<usize>i << 3)) - load<f64>(b + (<usize>i << 3)));
}

/**
 * out (m×p, ldout) ← A·Q for A m×(w·d) (lda), column k of A belonging to K entry
 * (k mod w, ⌊k/w⌋): the chain rule from a Jacobian with respect to vec(K) to one with respect
 * to θ, one row at a time = Qᵀ applied to every row (the row-wise {@link kernelParamAdjoint}).
 */
export function kernelParamRightQ(kind: i32, w: i32, d: i32, m: i32, a: usize, lda: i32, out: usize, ldout: i32): void {
  if (kind == 0) {
    for (let k = 0; k < w * d; k++) colCopy(m, at(a, 0, k, lda), at(out, 0, k, ldout));
  } else if (kind == 1) {
    for (let i = 0; i < d; i++) colCopy(m, at(a, 0, i + i * d, lda), at(out, 0, i, ldout));
  } else if (kind == 2) {
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) colDiff(m, at(a, 0, i + j * d, lda), at(a, 0, j + i * d, lda), at(out, 0, antiIdx(d, i, j), ldout));
    }
  } else {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        if (j == i) continue;
        colDiff(m, at(a, 0, i + i * d, lda), at(a, 0, i + j * d, lda), at(out, 0, mIdx(d, i, j), ldout));
      }
    }
  }
}
