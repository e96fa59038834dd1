// Elementwise and small per-layer kernels of the ResNet feature extractor (ALGORITHMS.md §9.7,
// §8.2, §9.6): the activation derivative of the back-propagation, the antisymmetric kernel
// parameterisation and its adjoint, the time-smoothness regulariser over the layer blocks, and
// the per-epoch Philox permutation of the mini-batches. The GEMMs of the forward and backward
// passes are the dgemm of gemm/driver.ts, called by bindings/ops/resnet.ts. Column-major
// storage, leading dimensions in elements, no allocation, no state.
import { rngUniform } from '../rand/philox';

/**
 * out[i, j] = scale·d[i, j]·σ'(z[i, j]) for an m×n block, with σ' written in terms of the
 * stored activation s = σ(z): act 0 = tanh (σ' = 1 − s²), act 1 = ReLU (σ' = 1[s > 0]).
 * `out` may alias `d`.
 */
export function resnetActBackward(m: i32, n: i32, act: i32, s: usize, lds: i32, d: usize, ldd: i32, scale: f64, out: usize, ldo: i32): void {
  const vs = f64x2.splat(scale);
  const ONE = f64x2.splat(1.0);
  const ZERO = f64x2.splat(0.0);
  for (let j = 0; j < n; j++) {
    const cs = s + ((<usize>j * <usize>lds) << 3);
    const cd = d + ((<usize>j * <usize>ldd) << 3);
    const co = out + ((<usize>j * <usize>ldo) << 3);
    let i = 0;
    if (act == 0) {
      for (; i + 1 < m; i += 2) {
        const sv = v128.load(cs + (<usize>i << 3));
        const g = f64x2.sub(ONE, f64x2.mul(sv, sv));
        v128.store(co + (<usize>i << 3), f64x2.mul(f64x2.mul(v128.load(cd + (<usize>i << 3)), vs), g));
      }
      for (; i < m; i++) {
        const sv = load<f64>(cs + (<usize>i << 3));
        store<f64>(co + (<usize>i << 3), load<f64>(cd + (<usize>i << 3)) * scale * (1.0 - sv * sv));
      }
    } else {
      for (; i + 1 < m; i += 2) {
        const mask = f64x2.gt(v128.load(cs + (<usize>i << 3)), ZERO);
        v128.store(co + (<usize>i << 3), v128.and(f64x2.mul(v128.load(cd + (<usize>i << 3)), vs), mask));
      }
      for (; i < m; i++) {
        const sv = load<f64>(cs + (<usize>i << 3));
        store<f64>(co + (<usize>i << 3), sv > 0.0 ? load<f64>(cd + (<usize>i << 3)) * scale : 0.0);
      }
    }
  }
}

/**
 * K (w×w, leading dimension ldk) from the w(w−1)/2 parameters θ of the antisymmetric
 * parameterisation (ALGORITHMS.md §8.2): the strict upper triangle taken row by row,
 * K[i, j] = θ[idx(i, j)], K[j, i] = −θ[idx(i, j)] for i < j, zero diagonal.
 */
export function resnetAntisym(w: i32, theta: usize, k: usize, ldk: i32): void {
  let idx = 0;
  for (let i = 0; i < w; i++) {
    store<f64>(k + ((<usize>i + <usize>i * <usize>ldk) << 3), 0.0);
    for (let j = i + 1; j < w; j++, idx++) {
      const t = load<f64>(theta + (<usize>idx << 3));
      store<f64>(k + ((<usize>i + <usize>j * <usize>ldk) << 3), t);
      store<f64>(k + ((<usize>j + <usize>i * <usize>ldk) << 3), -t);
    }
  }
}

/**
 * Adjoint of {@link resnetAntisym}: out[idx(i, j)] = G[i, j] − G[j, i] for i < j (the
 * gradient with respect to θ of a loss whose gradient with respect to K is G).
 */
export function resnetAntisymGrad(w: i32, g: usize, ldg: i32, out: usize): void {
  let idx = 0;
  for (let i = 0; i < w; i++) {
    for (let j = i + 1; j < w; j++, idx++) {
      const v = load<f64>(g + ((<usize>i + <usize>j * <usize>ldg) << 3)) - load<f64>(g + ((<usize>j + <usize>i * <usize>ldg) << 3));
      store<f64>(out + (<usize>idx << 3), v);
    }
  }
}

/**
 * The time-smoothness term over `d` consecutive parameter blocks of `nb` entries each
 * (θ_j = theta[j·nb .. (j+1)·nb)): returns S = Σ_{j=0}^{d−2} ‖θ_{j+1} − θ_j‖² and adds
 * scale·∂S/∂θ = scale·2·Dᵀ D θ into grad (D the first-difference operator between blocks).
 */
export function resnetTimeDiff(nb: i32, d: i32, theta: usize, grad: usize, scale: f64): f64 {
  let s = 0.0;
  for (let j = 0; j + 1 < d; j++) {
    const a = theta + ((<usize>j * <usize>nb) << 3);
    const b = a + (<usize>nb << 3);
    const ga = grad + ((<usize>j * <usize>nb) << 3);
    const gb = ga + (<usize>nb << 3);
    for (let i = 0; i < nb; i++) {
      const o = <usize>i << 3;
      const diff = load<f64>(b + o) - load<f64>(a + o);
      s += diff * diff;
      const g = 2.0 * scale * diff;
      store<f64>(gb + o, load<f64>(gb + o) + g);
      store<f64>(ga + o, load<f64>(ga + o) - g);
    }
  }
  return s;
}

/**
 * A uniformly random permutation of 0..n−1 into `out` (n i32): Fisher–Yates from the last
 * position down, position i swapped with ⌊u_i·(i+1)⌋, u_i element start + i of the Philox
 * stream (seed, stream) (uniform on (0, 1), drawn into `work`, n f64).
 */
export function resnetPermutation(n: i32, seed: f64, stream: u32, start: f64, out: usize, work: usize): void {
  for (let i = 0; i < n; i++) store<i32>(out + (<usize>i << 2), i);
  if (n < 2) return;
  rngUniform(work, n, 1, seed, stream, start, 0.0, 1.0);
  for (let i = n - 1; i > 0; i--) {
    let j = <i32>Math.floor(load<f64>(work + (<usize>i << 3)) * <f64>(i + 1));
    if (j > i) j = i;
    const pi = out + (<usize>i << 2), pj = out + (<usize>j << 2);
    const t = load<i32>(pi);
    store<i32>(pi, load<i32>(pj));
    store<i32>(pj, t);
  }
}
