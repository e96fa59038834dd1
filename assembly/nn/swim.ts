// SWIM sampled networks (ALGORITHMS.md §6): candidate pairs, the pair score
// ‖Δy‖∞ / ‖Δx‖₂, sampling from a discrete distribution (cumulative sums + binary search, §5.2)
// and neuron construction from pairs (§6.2). No allocation, no global state: workspaces come in
// as pointers, sized by the `…WorkspaceSize` twins.
//
// Layout conventions used here:
// - `xt` holds the layer inputs **transposed**: d×N column-major (ldxt ≥ d), so sample i is the
//   contiguous vector xt[i·ldxt .. i·ldxt + d). (Pairs read two whole samples; contiguous rows
//   keep that cache-friendly.)
// - `y` holds the targets N×c column-major (ldy ≥ N).
// - index arrays (`from`, `to`, `sel`) are i32.
import { rngUniform } from '../rand/philox';
import { parWide, parArgs, parFor } from '../core/par';

// ───────────── threaded path (ASC_FEATURE_THREADS only; absent from the shipped builds) ─────────────
// swimScores and swimNeurons are per-pair loops: tiles of SWIM_TILE consecutive pairs (fixed by
// the sizes), each pair computed by the serial code (pairScore / neuronFromPair). swimScores'
// total is then summed on the calling thread over the written scores in pair order — the same
// additions, in the same order, as the serial loop's running sum.

/** Pairs per tile. */
const SWIM_TILE: i32 = 256;
/** Below this much work (pairs · (d + c)) the loops stay serial (measured on 2 cores: 1.7–1.9× at 512 pairs, d = 16). */
const SWIM_PAR_MIN: i64 = 1 << 13;

function swimScoresTile(p: usize, t: i32, scratch: usize): void {
  const d = load<i32>(p), c = load<i32>(p, 4), ldxt = load<i32>(p, 8), ldy = load<i32>(p, 12);
  const np = load<i32>(p, 16), classification = load<i32>(p, 20);
  const xt = load<usize>(p, 24), y = load<usize>(p, 28), from = load<usize>(p, 32), to = load<usize>(p, 36);
  const scores = load<usize>(p, 40), distMin = load<f64>(p, 48);
  const j1 = min(np, (t + 1) * SWIM_TILE);
  for (let j = t * SWIM_TILE; j < j1; j++) {
    store<f64>(scores + (<usize>j << 3), pairScore(d, c, xt, ldxt, y, ldy, load<i32>(from + (<usize>j << 2)),
      load<i32>(to + (<usize>j << 2)), classification, distMin));
  }
}

function swimNeuronsTile(p: usize, t: i32, scratch: usize): void {
  const d = load<i32>(p), m = load<i32>(p, 4), ldxt = load<i32>(p, 8), ldw = load<i32>(p, 12);
  const xt = load<usize>(p, 16), from = load<usize>(p, 20), to = load<usize>(p, 24);
  const w = load<usize>(p, 28), b = load<usize>(p, 32);
  const s1 = load<f64>(p, 40), s2 = load<f64>(p, 48), distMin = load<f64>(p, 56);
  const k1 = min(m, (t + 1) * SWIM_TILE);
  for (let k = t * SWIM_TILE; k < k1; k++) neuronFromPair(k, d, xt, ldxt, from, to, s1, s2, distMin, w, ldw, b);
}

/** Workspace (bytes) of {@link swimCandidatePairs}: p uniforms. */
export function swimCandidatePairsWorkspaceSize(p: i32): usize {
  return (<usize>max(p, 1)) << 3;
}

/**
 * Candidate pairs of §6.3 step 2 (revised index range): from_j ~ U{0..n−1},
 * Δ_j ~ U{1..n−1}, to_j = (from_j + Δ_j) mod n, so to_j ≠ from_j. Uniforms come from Philox
 * (seed, stream) for `from` and (seed, stream + 1) for Δ, elements 0..p−1. Requires n ≥ 2.
 */
export function swimCandidatePairs(n: i32, p: i32, seed: f64, stream: u32, from: usize, to: usize, work: usize): void {
  rngUniform(work, p, 1, seed, stream, 0, 0.0, 1.0);
  const nf = <f64>n;
  for (let j = 0; j < p; j++) {
    // u·n can round up to n for u just below 1: clamp.
    const f = min(<i32>Math.floor(load<f64>(work + (<usize>j << 3)) * nf), n - 1);
    store<i32>(from + (<usize>j << 2), f);
  }
  rngUniform(work, p, 1, seed, stream + 1, 0, 0.0, 1.0);
  const nm1 = <f64>(n - 1);
  for (let j = 0; j < p; j++) {
    const delta = 1 + min(<i32>Math.floor(load<f64>(work + (<usize>j << 3)) * nm1), n - 2);
    let t = load<i32>(from + (<usize>j << 2)) + delta;
    if (t >= n) t -= n;
    store<i32>(to + (<usize>j << 2), t);
  }
}

/**
 * Pair scores of §6.3 steps 3–4: score_j = ‖y[to_j] − y[from_j]‖∞ / ‖x[to_j] − x[from_j]‖₂.
 * `classification` = 1: every non-zero entry of Δy counts as 1 (score = 1/‖Δx‖ when the labels
 * differ, 0 otherwise). Pairs with ‖Δx‖₂ < distMin get score **0** (duplicate inputs: the
 * upstream clip would give them |Δy|/ε and a useless w = 0 neuron; ALGORITHMS §6.9). Scores are
 * written to `scores` (p doubles); returns their sum.
 */
export function swimScores(d: i32, c: i32, xt: usize, ldxt: i32, y: usize, ldy: i32, p: i32,
  from: usize, to: usize, classification: i32, distMin: f64, scores: usize): f64 {
  if (ASC_FEATURE_THREADS) {
    if (<i64>p * <i64>(d + c) >= SWIM_PAR_MIN && p > SWIM_TILE && parWide()) {
      const a = parArgs();
      store<i32>(a, d); store<i32>(a, c, 4); store<i32>(a, ldxt, 8); store<i32>(a, ldy, 12);
      store<i32>(a, p, 16); store<i32>(a, classification, 20);
      store<usize>(a, xt, 24); store<usize>(a, y, 28); store<usize>(a, from, 32); store<usize>(a, to, 36);
      store<usize>(a, scores, 40); store<f64>(a, distMin, 48);
      parFor(swimScoresTile, (p + SWIM_TILE - 1) / SWIM_TILE);
      let sum = 0.0;
      for (let j = 0; j < p; j++) sum += load<f64>(scores + (<usize>j << 3));
      return sum;
    }
  }
  let total = 0.0;
  for (let j = 0; j < p; j++) {
    const g = pairScore(d, c, xt, ldxt, y, ldy, load<i32>(from + (<usize>j << 2)), load<i32>(to + (<usize>j << 2)),
      classification, distMin);
    store<f64>(scores + (<usize>j << 3), g);
    total += g;
  }
  return total;
}

/** The score of one pair (f, t): ‖y[t] − y[f]‖∞ / ‖x[t] − x[f]‖₂ (see {@link swimScores}). */
@inline function pairScore(d: i32, c: i32, xt: usize, ldxt: i32, y: usize, ldy: i32, f: i32, t: i32,
  classification: i32, distMin: f64): f64 {
  const xa = xt + ((<usize>f * <usize>ldxt) << 3);
  const xz = xt + ((<usize>t * <usize>ldxt) << 3);
  let s0 = 0.0, s1 = 0.0;
  let i = 0;
  for (; i + 1 < d; i += 2) {
    const e0 = load<f64>(xz + (<usize>i << 3)) - load<f64>(xa + (<usize>i << 3));
    const e1 = load<f64>(xz + (<usize>(i + 1) << 3)) - load<f64>(xa + (<usize>(i + 1) << 3));
    s0 += e0 * e0; s1 += e1 * e1;
  }
  if (i < d) {
    const e0 = load<f64>(xz + (<usize>i << 3)) - load<f64>(xa + (<usize>i << 3));
    s0 += e0 * e0;
  }
  const dist = Math.sqrt(s0 + s1);
  let dy = 0.0;
  for (let k = 0; k < c; k++) {
    const col = y + ((<usize>k * <usize>ldy) << 3);
    const v = Math.abs(load<f64>(col + (<usize>t << 3)) - load<f64>(col + (<usize>f << 3)));
    if (classification != 0) { if (v != 0.0) { dy = 1.0; break; } } else if (v > dy) dy = v;
  }
  return dist < distMin ? 0.0 : dy / dist;
}

/** Workspace (bytes) of {@link swimSampleDiscrete}: p cumulative sums + m uniforms. */
export function swimSampleDiscreteWorkspaceSize(p: i32, m: i32): usize {
  return (<usize>max(p, 1) + <usize>max(m, 1)) << 3;
}

/**
 * Draws m indices in 0..p−1 **with replacement**, written to `out` (i32). With `weights` = 0 the
 * distribution is uniform; otherwise P(j) = weights[j] / Σ weights (weights ≥ 0, Σ > 0), by
 * cumulative sums F and binary search for the first F_j > u·F_{p−1} (ALGORITHMS §5.2), so
 * zero-weight entries are never drawn. Uniforms: Philox (seed, stream), elements 0..m−1.
 */
export function swimSampleDiscrete(p: i32, weights: usize, m: i32, seed: f64, stream: u32, out: usize, work: usize): void {
  const cum = work;
  const u = work + ((<usize>max(p, 1)) << 3);
  rngUniform(u, m, 1, seed, stream, 0, 0.0, 1.0);
  if (weights == 0) {
    const pf = <f64>p;
    for (let r = 0; r < m; r++) {
      store<i32>(out + (<usize>r << 2), min(<i32>Math.floor(load<f64>(u + (<usize>r << 3)) * pf), p - 1));
    }
    return;
  }
  let s = 0.0;
  let lastPositive = 0;
  for (let j = 0; j < p; j++) {
    const w = load<f64>(weights + (<usize>j << 3));
    if (w > 0.0) lastPositive = j;
    s += w;
    store<f64>(cum + (<usize>j << 3), s);
  }
  for (let r = 0; r < m; r++) {
    const target = load<f64>(u + (<usize>r << 3)) * s;
    let lo = 0, hi = p; // first j in [lo, hi) with cum[j] > target
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (load<f64>(cum + (<usize>mid << 3)) > target) hi = mid; else lo = mid + 1;
    }
    store<i32>(out + (<usize>r << 2), lo < p ? lo : lastPositive);
  }
}

/**
 * Neurons from pairs (§6.2): for k = 0..m−1 with a = x[from_k], z = x[to_k], Δ = z − a,
 * δ = max(‖Δ‖₂, distMin): w_k = s1·Δ/δ² (column k of W, d×m, ldw) and b_k = −⟨w_k, a⟩ − s2.
 * Pre-activations ⟨w, x⟩ + b are then −s2 at a and s1 − s2 at z (tanh: ∓½ln3; ReLU: 0, 1).
 */
export function swimNeurons(d: i32, m: i32, xt: usize, ldxt: i32, from: usize, to: usize,
  s1: f64, s2: f64, distMin: f64, w: usize, ldw: i32, b: usize): void {
  if (ASC_FEATURE_THREADS) {
    if (<i64>m * <i64>d >= SWIM_PAR_MIN && m > SWIM_TILE && parWide()) {
      const a = parArgs();
      store<i32>(a, d); store<i32>(a, m, 4); store<i32>(a, ldxt, 8); store<i32>(a, ldw, 12);
      store<usize>(a, xt, 16); store<usize>(a, from, 20); store<usize>(a, to, 24);
      store<usize>(a, w, 28); store<usize>(a, b, 32);
      store<f64>(a, s1, 40); store<f64>(a, s2, 48); store<f64>(a, distMin, 56);
      parFor(swimNeuronsTile, (m + SWIM_TILE - 1) / SWIM_TILE);
      return;
    }
  }
  for (let k = 0; k < m; k++) neuronFromPair(k, d, xt, ldxt, from, to, s1, s2, distMin, w, ldw, b);
}

/** Neuron k of {@link swimNeurons}: column k of W and b_k from the pair (from_k, to_k). */
@inline function neuronFromPair(k: i32, d: i32, xt: usize, ldxt: i32, from: usize, to: usize,
  s1: f64, s2: f64, distMin: f64, w: usize, ldw: i32, b: usize): void {
  const xa = xt + ((<usize>load<i32>(from + (<usize>k << 2)) * <usize>ldxt) << 3);
  const xz = xt + ((<usize>load<i32>(to + (<usize>k << 2)) * <usize>ldxt) << 3);
  const wk = w + ((<usize>k * <usize>ldw) << 3);
  let ss = 0.0;
  for (let i = 0; i < d; i++) {
    const e = load<f64>(xz + (<usize>i << 3)) - load<f64>(xa + (<usize>i << 3));
    store<f64>(wk + (<usize>i << 3), e);
    ss += e * e;
  }
  const delta = max(Math.sqrt(ss), distMin);
  const scale = s1 / (delta * delta);
  let dot = 0.0;
  for (let i = 0; i < d; i++) {
    const wi = load<f64>(wk + (<usize>i << 3)) * scale;
    store<f64>(wk + (<usize>i << 3), wi);
    dot += wi * load<f64>(xa + (<usize>i << 3));
  }
  store<f64>(b + (<usize>k << 3), -dot - s2);
}
