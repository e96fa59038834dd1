/**
 * SWIM hidden-layer sampling (ALGORITHMS.md §6.2–6.4, §6.6): candidate pairs, pair scores
 * ‖Δy‖∞/‖Δx‖₂, sampling with replacement, neurons built from pairs. The heavy loops live in
 * assembly/swim.ts; this file validates, allocates and glues.
 *
 * Randomness: Philox4x32-10 (assembly/rng.ts). A layer uses one seed (see {@link layerSeed})
 * and fixed streams: 0 = candidate `from`, 1 = candidate offset, 2 = selection uniforms,
 * 3 = random-feature weights, 4 = random-feature biases.
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { ldexp, maxAbs, rangeExponent, scaledCopy, scaleInPlace, SQUARED_HI, SQUARED_LO } from '../linalg/scaling.js';
import { Matrix } from '../matrix.js';
import { checkOptions, intOption, MAX_DIM, seedOption } from '../validate.js';
import { opt } from './base.js';
import { describe } from './schema.js';

/** Hidden activations a sampled layer supports (the sampler constants follow the activation). */
export type SampledActivation = 'tanh' | 'relu';
/** Activations the SWIM sampler supports (each has its own neuron constants s₁, s₂). */
export const SAMPLED_ACTIVATIONS: readonly SampledActivation[] = ['tanh', 'relu'];

/** How hidden weights are chosen. */
export type SamplerKind = 'swim' | 'uniform' | 'random';
/** Every hidden-layer sampler of {@link SampledNetwork}. */
export const SAMPLERS: readonly SamplerKind[] = ['swim', 'uniform', 'random'];

/** ln 3: tanh weight scale s₁ (pre-activations ∓½ln3 at the pair points, σ = ∓½). */
export const TANH_S1 = Math.log(3);
/** ½ ln 3 = artanh(½): tanh bias offset s₂. */
export const TANH_S2 = 0.5 * Math.log(3);
/** Default minimum pair distance ε_d (upstream `dist_min`). */
export const DIST_MIN = 1e-10;
/** Below this total score the sampler falls back to uniform pair probabilities (upstream). */
export const SCORE_SUM_MIN = 1e-10;

/** Options of {@link sampleSwimLayer}. */
export interface SwimLayerOptions {
  /** Number of neurons M (≥ 1). Required. */
  width: number;
  /** 'tanh' (s₁ = ln 3, s₂ = ½ ln 3) or 'relu' (s₁ = 1, s₂ = 0). Default 'tanh'. */
  activation?: SampledActivation;
  /** Seed of this layer (integer in [0, 2^53)). Default 1. */
  seed?: number;
  /** 'swim' (data-driven pair probabilities), 'uniform' (pairs uniformly), 'random' (W ~ N(0,1), b ~ U(−π, π)). Default 'swim'. */
  sampler?: SamplerKind;
  /** Targets are one-hot class indicators: every non-zero |Δy| counts as 1. Default false. */
  classification?: boolean;
  /** Candidate repetitions multiplier (integer ≥ 1): P = N · max(1, ⌈M/N⌉) · repetitionScaler. Default 1. */
  repetitionScaler?: number;
  /** Keep only distinct (from, to) pairs (the layer may come out narrower than `width`). Default false. */
  pruneDuplicates?: boolean;
  /** Minimum pair distance ε_d (default 1e-10). */
  distMin?: number;
}

/** A sampled hidden layer: pre-activation X W + 1 bᵀ. */
export interface SwimLayer {
  /** d × M weights (column k = neuron k). */
  W: Matrix;
  /** M × 1 biases. */
  b: Matrix;
  /** Row index of x⁽¹⁾ per neuron (empty for the 'random' sampler). */
  from: Int32Array;
  /** Row index of x⁽²⁾ per neuron (empty for the 'random' sampler). */
  to: Int32Array;
  /** Neurons whose (from, to) pair repeats an earlier neuron's (0 after pruning). */
  duplicates: number;
  /** Neurons removed by `pruneDuplicates`. */
  pruned: number;
  /** True when the pair scores summed below 1e-10 and pairs were drawn uniformly instead. */
  uniformFallback: boolean;
  /** Number of candidate pairs P. */
  candidates: number;
}

const KNOWN = ['width', 'activation', 'seed', 'sampler', 'classification', 'repetitionScaler', 'pruneDuplicates', 'distMin'] as const;

/**
 * SplitMix64 finalizer of (seed, layer): the seed of hidden layer `layer` (0-based) derived from
 * a network seed. Distinct layers get unrelated seeds (ALGORITHMS §6.9).
 * @example
 * const s0 = layerSeed(1, 0), s1 = layerSeed(1, 1);   // two different 53-bit seeds
 */
export function layerSeed(seed: number, layer: number): number {
  // checked before BigInt(): a string, 1.5, a Symbol or a deep array must be an OptionError
  seedOption(seed, 'layerSeed');
  intOption(layer, 'layer', 'layerSeed', 0, MAX_DIM);
  const M64 = (1n << 64n) - 1n;
  const [R1, R2, R3] = [30n, 27n, 31n]; // the finalizer's xor-shift amounts
  let z = (BigInt(seed) + BigInt(layer + 1) * 0x9E3779B97F4A7C15n) & M64;
  z = ((z ^ (z >> R1)) * 0xBF58476D1CE4E5B9n) & M64;
  z = ((z ^ (z >> R2)) * 0x94D049BB133111EBn) & M64;
  z ^= z >> R3;
  return Number(z >> 11n); // 53 bits: exact as a double
}

/**
 * @internal Pair probabilities of §6.3 step 5 for explicit candidates (used by tests and
 * diagnostics): p_j = g_j/Σg, uniform when Σg < 1e-10. Pairs closer than `distMin` get 0.
 */
export function swimPairProbabilities(X: Matrix, Y: Matrix, from: Int32Array, to: Int32Array,
  options: { classification?: boolean; distMin?: number } = {}): { p: Float64Array; uniformFallback: boolean } {
  const P = from.length;
  if (to.length !== P) throw new ShapeError(`swimPairProbabilities: from has ${P} entries, to has ${to.length}`);
  if (Y.rows !== X.rows) throw new ShapeError(`swimPairProbabilities: X has ${X.rows} rows, Y has ${Y.rows}`);
  for (let j = 0; j < P; j++) {
    if (!(from[j]! >= 0 && from[j]! < X.rows && to[j]! >= 0 && to[j]! < X.rows)) throw new ShapeError(`swimPairProbabilities: pair ${j} is outside 0..${X.rows - 1}`);
  }
  const xt = X.transpose();
  let ps: Matrix | null = null;
  try {
    ps = Matrix.empty(Math.max(P, 1), 1);
    const total = ops.swimScores(xt, Y, from, to, P, options.classification ?? false, options.distMin ?? DIST_MIN, ps.buf);
    const p = ps.view().slice(0, P);
    const uniformFallback = !(total >= SCORE_SUM_MIN);
    for (let j = 0; j < P; j++) p[j] = uniformFallback ? 1 / P : p[j]! / total;
    return { p, uniformFallback };
  } finally {
    xt.dispose(); ps?.dispose();
  }
}

/**
 * Samples one hidden layer by SWIM (§6.2–6.3), uniform pairs, or random features (§6.6).
 * `Xl` (N × d) are the layer's inputs (the previous layer's outputs for deep layers), `Y`
 * (N × c) the original targets (one-hot for classification; may be null for 'uniform' and
 * 'random').
 *
 * Pitfalls handled (§6.9): pairs with ‖Δx‖ < distMin get probability 0 (duplicate inputs with
 * different targets would otherwise dominate and give w = 0 neurons); all-zero scores (constant
 * targets, one class) fall back to uniform pair probabilities; N < 2 is an
 * {@link InvalidInputError} (no pair exists).
 * @example
 * const { W, b, from, to } = sampleSwimLayer(X, Y, { width: 100, activation: 'tanh', seed: 7 });
 */
export function sampleSwimLayer(Xl: Matrix, Y: Matrix | null, options: SwimLayerOptions): SwimLayer {
  const fn = 'sampleSwimLayer';
  // everything is checked before anything is allocated (messages bounded: opt.* / describe)
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new OptionError(`${fn}: options must be an object ({ width, … }), got ${describe(options)}`);
  }
  checkOptions(options, KNOWN, fn);
  const o = options as unknown as Record<string, unknown>;
  const get = <T>(name: string, spec: { check(v: unknown, name: string, fn: string): T; default: T }): T => spec.check(o[name] === undefined ? spec.default : o[name], name, fn);
  if (o.width === undefined) throw new OptionError(`${fn}: option 'width' is required`);
  const M = get('width', opt.int(1, 1, 2 ** 26));
  const activation = get('activation', opt.enum<SampledActivation>('tanh', SAMPLED_ACTIVATIONS));
  const seed = get('seed', opt.seed(1));
  const sampler = get('sampler', opt.enum<SamplerKind>('swim', SAMPLERS));
  const repetitionScaler = get('repetitionScaler', opt.int(1, 1, 1000));
  const distMin = get('distMin', opt.number(DIST_MIN, 0, Infinity, false));
  const classification = get('classification', opt.bool(false));
  const prune = get('pruneDuplicates', opt.bool(false));
  if (!(Xl instanceof Matrix)) throw new InvalidInputError(`${fn}: X must be a Matrix, got ${describe(Xl)}`);
  if (Y !== null && Y !== undefined && !(Y instanceof Matrix)) throw new InvalidInputError(`${fn}: Y must be a Matrix or null, got ${describe(Y)}`);
  const N = Xl.rows, d = Xl.cols;
  if (d === 0) throw new InvalidInputError(`${fn}: X has no columns`);
  Xl.assertFinite(`${fn}: X`);
  if (Y && sampler === 'swim') Y.assertFinite(`${fn}: Y`);

  if (sampler === 'random') {
    if (N === 0) throw new InvalidInputError(`${fn}: X has no rows`);
    const W = Matrix.empty(d, M);
    let b: Matrix;
    try { b = Matrix.empty(M, 1); } catch (err) { W.dispose(); throw err; }
    ops.random(W, 'normal', seed, 3, 0, 0, 1);
    ops.random(b, 'uniform', seed, 4, 0, -Math.PI, Math.PI);
    return { W, b, from: new Int32Array(0), to: new Int32Array(0), duplicates: 0, pruned: 0, uniformFallback: false, candidates: 0 };
  }
  if (N < 2) throw new InvalidInputError(`${fn}: SWIM needs at least 2 training points to form a pair, got ${N}`);
  if (sampler === 'swim') {
    if (!Y) throw new InvalidInputError(`${fn}: sampler 'swim' needs targets Y (use 'uniform' or 'random' without targets)`);
    if (Y.rows !== N) throw new ShapeError(`${fn}: X has ${N} rows but Y has ${Y.rows}`);
    if (Y.cols === 0) throw new InvalidInputError(`${fn}: Y has no columns`);
  }
  const nRep = Math.max(1, Math.ceil(M / N)) * repetitionScaler;
  const P = N * nRep;
  if (P > 2 ** 28) throw new OptionError(`${fn}: ${P} candidate pairs (N·repetitions) is too many; lower repetitionScaler`);

  // finite data of extreme magnitude (1e308, 1e-310): pair differences would overflow or
  // underflow, so X and Y are scaled by powers of two (exact) into [2^-250, 2^250] when outside
  // it. Pair probabilities are scale-free; distMin and the fallback threshold are compared in the
  // caller's units; W (∝ 1/Δx) is scaled back, b is scale-free. Data in range is not touched.
  const ex = rangeExponent(maxAbs(Xl), SQUARED_LO, SQUARED_HI);
  const ey = Y && sampler === 'swim' ? rangeExponent(maxAbs(Y), SQUARED_LO, SQUARED_HI) : 0;
  const xt = Xl.transpose(); // d × N: each sample contiguous
  let pairs: ops.SwimPairs | null = null;
  let scores: Matrix | null = null;
  let Ys: Matrix | null = null;
  try {
    if (ex !== 0) scaleInPlace(xt, ex);
    if (ey !== 0) Ys = scaledCopy(Y!, ey);
    const dmin = ldexp(distMin, ex);
    pairs = ops.swimCandidatePairs(N, P, seed, 0);
    let weights: Matrix | null = null;
    let uniformFallback = false;
    if (sampler === 'swim') {
      scores = Matrix.empty(P, 1);
      const total = ops.swimScores(xt, Ys ?? Y!, pairs.from, pairs.to, P, classification, dmin, scores.buf);
      // scores are ‖Δy‖/‖Δx‖: the caller's total is 2^(ex − ey) times the scaled one
      if (ldexp(total, classification ? ex : ex - ey) >= SCORE_SUM_MIN) weights = scores; else uniformFallback = true;
    }
    const sel = ops.swimSampleDiscrete(P, weights ? weights.buf : null, M, seed, 2);
    // Selected pairs (O(M) glue).
    const candFrom = pairs.from.i32(0, P);
    const candTo = pairs.to.i32(0, P);
    let from = new Int32Array(M), to = new Int32Array(M);
    const seen = new Set<number>();
    let unique = 0;
    for (let r = 0; r < M; r++) {
      const f = candFrom[sel[r]!]!, t = candTo[sel[r]!]!;
      const key = f * N + t;
      const isNew = !seen.has(key);
      if (isNew) seen.add(key);
      if (!prune || isNew) { from[unique] = f; to[unique] = t; unique++; }
    }
    const duplicates = M - seen.size;
    const width = prune ? unique : M;
    if (prune) { from = from.slice(0, width); to = to.slice(0, width); }
    const [s1, s2] = activation === 'tanh' ? [TANH_S1, TANH_S2] : [1, 0];
    const W = Matrix.empty(d, width);
    let b: Matrix;
    try { b = Matrix.empty(width, 1); } catch (err) { W.dispose(); throw err; }
    ops.swimNeurons(xt, from, to, s1, s2, dmin, W, b.buf);
    if (ex !== 0) {
      scaleInPlace(W, ex);
      const idx = ops.firstNonFinite(W);
      if (idx >= 0) {
        W.dispose(); b.dispose();
        throw new NonFiniteError(`${fn}: weight (${idx % W.rows}, ${Math.floor(idx / W.rows)}) exceeds the double range: pairs of X are too close for its magnitude (W ∝ 1/‖Δx‖); standardize X`);
      }
    }
    return { W, b, from, to, duplicates: prune ? 0 : duplicates, pruned: prune ? duplicates : 0, uniformFallback, candidates: P };
  } finally {
    xt.dispose();
    pairs?.dispose(); scores?.dispose(); Ys?.dispose();
  }
}
