// Elementwise and small per-layer kernels of the ResNet feature extractor (ALGORITHMS.md §9.7,
// §8.2, §9.6): the activation derivative of the back-propagation, the antisymmetric kernel
// parameterisation and its adjoint, the time-smoothness regulariser over the layer blocks, and
// the per-epoch Philox permutation of the mini-batches, and the two pass drivers
// (resnetForwardPass, resnetBackwardPass) that run the layer loops: per layer the dgemm of
// gemm/driver.ts plus the fused bias/activation and σ' kernels. Column-major storage, leading
// dimensions in elements, no allocation, no state.
import { rngUniform } from '../rand/philox';
import { ddot, daxpy } from '../blas/level1';
import { dgemm } from '../gemm/driver';
import { dlacpy, dtranspose, dgeadd } from '../core/data';
import { dtanhBias, dleakyReluBias } from './activation';
import { anminColSums } from './anmin';

// Layout flags of the pass drivers (bit set = on).
const F_RELU = 1, F_ANTISYM = 2, F_INPUT_BIAS = 4, F_LAYER_BIAS = 8;

/** Parameters of one residual layer's kernel K_j: w² (dense) or w(w−1)/2 (antisymmetric). */
@inline function kernelParams(wd: i32, flags: i32): i32 { return (flags & F_ANTISYM) != 0 ? (wd * (wd - 1)) >> 1 : wd * wd; }

/** y ← σ(y + bias) in place on an m×w block (bias 0: none). */
@inline function activateInPlace(m: i32, wd: i32, flags: i32, y: usize, bias: usize): void {
  if ((flags & F_RELU) == 0) dtanhBias(m, wd, y, m, bias, y, m);
  else dleakyReluBias(m, wd, 0, y, m, bias, y, m);
}

/**
 * Forward pass of the ResNet over m rows (ALGORITHMS.md §9.7, samples as rows):
 * u₀ = σ(X K_inᵀ + 1b_inᵀ), u_{j+1} = u_j + h·σ(u_j K_jᵀ + 1b_jᵀ), j < d. The tape holds, each
 * with leading dimension m: X (m×di) at `tape`, then u₀..u_d (m×wd each), then s₀..s_{d−1}
 * (the activations σ(u_j K_jᵀ + b_j)). θ layout: K_in (wd×di, column-major), b_in (wd) with
 * F_INPUT_BIAS; per layer K_j (wd×wd, or the wd(wd−1)/2 antisymmetric entries with F_ANTISYM),
 * b_j (wd) with F_LAYER_BIAS. `kbuf`: wd·max(wd, di) scratch; `work`: dgemm workspace for the
 * products (m, wd, di) and (m, wd, wd).
 */
export function resnetForwardPass(m: i32, di: i32, wd: i32, d: i32, h: f64, flags: i32,
  x: usize, ldx: i32, theta: usize, tape: usize, kbuf: usize, work: usize): void {
  const xs = tape;
  const u0 = tape + ((<usize>m * <usize>di) << 3);
  const blk = (<usize>m * <usize>wd) << 3;
  const s0 = u0 + <usize>(d + 1) * blk;
  dlacpy(m, di, x, ldx, xs, m);
  // input layer, the product as X·(K_inᵀ) (NN is the GEMM's fast case)
  const bin: usize = (flags & F_INPUT_BIAS) != 0 ? theta + ((<usize>wd * <usize>di) << 3) : 0;
  dtranspose(wd, di, theta, wd, kbuf, di);
  dgemm(0, 0, m, wd, di, 1, xs, m, kbuf, di, 0, u0, m, work);
  activateInPlace(m, wd, flags, u0, bin);
  const nk = kernelParams(wd, flags);
  const nb = nk + ((flags & F_LAYER_BIAS) != 0 ? wd : 0);
  const antisym = (flags & F_ANTISYM) != 0;
  let off = theta + ((<usize>(wd * di + ((flags & F_INPUT_BIAS) != 0 ? wd : 0))) << 3);
  for (let j = 0; j < d; j++, off += <usize>nb << 3) {
    const uj = u0 + <usize>j * blk, sj = s0 + <usize>j * blk;
    // z_j = u_j K_jᵀ (antisymmetric: K_jᵀ = −K_j)
    if (antisym) resnetAntisym(wd, off, kbuf, wd);
    else dtranspose(wd, wd, off, wd, kbuf, wd);
    dgemm(0, 0, m, wd, wd, antisym ? -1 : 1, uj, m, kbuf, wd, 0, sj, m, work);
    activateInPlace(m, wd, flags, sj, (flags & F_LAYER_BIAS) != 0 ? off + (<usize>nk << 3) : 0);
    dgeadd(m, wd, 1, uj, m, h, sj, m, uj + blk, m);
  }
}

/**
 * Back-propagation through the forward pass recorded in `tape` (same m, θ and layout): δ starts
 * as dU (m×wd, ld lddu); writes ∂L/∂θ (θ's layout, overwritten) into `grad`. Scratch: delta,
 * dz (m×wd each), kbuf and g (wd×wd), work (dgemm workspace for (wd, wd, m), (wd, di, m),
 * (m, wd, wd)). Per layer: dZ = h·δ ∘ σ'(z_j), ∂K_j = dZᵀu_j, ∂b_j = column sums of dZ,
 * δ ← δ + dZ K_j.
 */
export function resnetBackwardPass(m: i32, di: i32, wd: i32, d: i32, h: f64, flags: i32,
  theta: usize, tape: usize, du: usize, lddu: i32, grad: usize,
  delta: usize, dz: usize, kbuf: usize, g: usize, work: usize): void {
  const xs = tape;
  const u0 = tape + ((<usize>m * <usize>di) << 3);
  const blk = (<usize>m * <usize>wd) << 3;
  const s0 = u0 + <usize>(d + 1) * blk;
  const act = (flags & F_RELU) != 0 ? 1 : 0;
  const antisym = (flags & F_ANTISYM) != 0;
  dlacpy(m, wd, du, lddu, delta, m);
  const nk = kernelParams(wd, flags);
  const nb = nk + ((flags & F_LAYER_BIAS) != 0 ? wd : 0);
  const nIn = wd * di + ((flags & F_INPUT_BIAS) != 0 ? wd : 0);
  for (let j = d - 1; j >= 0; j--) {
    const off = (<usize>(nIn + j * nb)) << 3;
    const uj = u0 + <usize>j * blk, sj = s0 + <usize>j * blk;
    resnetActBackward(m, wd, act, sj, m, delta, m, h, dz, m);
    if (antisym) {
      dgemm(1, 0, wd, wd, m, 1, dz, m, uj, m, 0, g, wd, work);
      resnetAntisymGrad(wd, g, wd, grad + off);
      resnetAntisym(wd, theta + off, kbuf, wd);
    } else {
      dgemm(1, 0, wd, wd, m, 1, dz, m, uj, m, 0, grad + off, wd, work);
    }
    if ((flags & F_LAYER_BIAS) != 0) anminColSums(m, wd, 1, dz, m, grad + off + (<usize>nk << 3));
    dgemm(0, 0, m, wd, wd, 1, dz, m, antisym ? kbuf : theta + off, wd, 1, delta, m, work);
  }
  // input layer: dZ = δ ∘ σ'(z_in), ∂K_in = dZᵀ X, ∂b_in = column sums
  resnetActBackward(m, wd, act, u0, m, delta, m, 1, dz, m);
  dgemm(1, 0, wd, di, m, 1, dz, m, xs, m, 0, grad, wd, work);
  if ((flags & F_INPUT_BIAS) != 0) anminColSums(m, wd, 1, dz, m, grad + ((<usize>wd * <usize>di) << 3));
}

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
 * The θ-regulariser of slimTrain (ALGORITHMS.md §9.6): returns
 * R(θ) = (α/2)‖θ_in‖² + (α/(2h²))·Σ_{j<d−1} ‖θ_{j+1} − θ_j‖², θ_in the first nIn entries and
 * θ_j the d residual-layer blocks of nb entries that follow; when grad ≠ 0 adds ∇R(θ) into it.
 */
export function resnetRegularize(nIn: i32, nb: i32, d: i32, h: f64, alpha: f64, theta: usize, grad: usize): f64 {
  let r = 0.5 * alpha * ddot(nIn, theta, 1, theta, 1);
  if (grad != 0) daxpy(nIn, alpha, theta, 1, grad, 1);
  if (d < 2) return r;
  const scale = 0.5 * alpha / (h * h);
  const t0 = theta + (<usize>nIn << 3), g0 = grad + (<usize>nIn << 3);
  let s = 0.0;
  for (let j = 0; j + 1 < d; j++) {
    const a = t0 + ((<usize>j * <usize>nb) << 3);
    const b = a + (<usize>nb << 3);
    const ga = g0 + ((<usize>j * <usize>nb) << 3);
    const gb = ga + (<usize>nb << 3);
    for (let i = 0; i < nb; i++) {
      const o = <usize>i << 3;
      const diff = load<f64>(b + o) - load<f64>(a + o);
      s += diff * diff;
      if (grad != 0) {
        const g = 2.0 * scale * diff;
        store<f64>(gb + o, load<f64>(gb + o) + g);
        store<f64>(ga + o, load<f64>(ga + o) - g);
      }
    }
  }
  return r + scale * s;
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
