// SWIM sampler: neuron construction (ALGORITHMS §11 item 5), pair probabilities (item 6),
// the discrete sampler, candidate pairs, seeds, pitfalls of §6.9, memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, liveBytes, features, InvalidInputError, OptionError, ShapeError } from '../../src/index.js';
import { alloc, free, wasm } from '../../bindings/raw.js';
import {
  sampleSwimLayer, swimPairProbabilities, layerSeed, TANH_S1, TANH_S2,
} from '../../src/models/swim-sampler.js';
import { EPS, assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

function toyData(N: number, d: number, seed: number): { X: Matrix; Y: Matrix } {
  const X = Matrix.random(N, d, { seed, dist: 'uniform' });
  const x = X.toRowMajor();
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) { let s = 0; for (let j = 0; j < d; j++) s += x[i * d + j]!; y[i] = Math.sin(s); }
  return { X, Y: Matrix.fromVector(y) };
}

/** Plain-JS pre-activation ⟨w_k, x_i⟩ + b_k and the magnitude Σ|w x| + |b| that bounds its rounding error. */
function preact(X: Float64Array, d: number, W: Float64Array, b: Float64Array, i: number, k: number): { v: number; mag: number } {
  let v = 0, mag = 0;
  for (let j = 0; j < d; j++) { const t = X[i * d + j]! * W[j + k * d]!; v += t; mag += Math.abs(t); }
  return { v: v + b[k]!, mag: mag + Math.abs(b[k]!) };
}

for (const activation of ['tanh', 'relu'] as const) {
  test(`neuron construction (${activation}): pre-activations at the pair points are exactly −s₂ and s₁ − s₂ (§11 item 5)`, () => {
    const base = liveBytes();
    const N = 300, d = 7, M = 500; // M > N: repetitions path
    const { X, Y } = toyData(N, d, 11);
    const L = sampleSwimLayer(X, Y, { width: M, activation, seed: 3 });
    assert.is(L.W.rows, d); assert.is(L.W.cols, M); assert.is(L.b.rows, M);
    assert.is(L.from.length, M);
    const [lo, hi] = activation === 'tanh' ? [-TANH_S2, TANH_S2] : [0, 1];
    const xs = X.toRowMajor(), W = L.W.toColumnMajor(), b = L.b.toColumnMajor();
    for (let k = 0; k < M; k++) {
      assert.ok(L.from[k] !== L.to[k], 'to ≠ from');
      const a = preact(xs, d, W, b, L.from[k]!, k);
      const z = preact(xs, d, W, b, L.to[k]!, k);
      // rounding of a d-term dot product plus the bias: bound 2(d+2)·ε·(Σ|w x| + |b|)
      assertLE(Math.abs(a.v - lo), 2 * (d + 2) * EPS * a.mag, `neuron ${k} at x⁽¹⁾`);
      assertLE(Math.abs(z.v - hi), 2 * (d + 2) * EPS * z.mag, `neuron ${k} at x⁽²⁾`);
    }
    // The same through the wasm feature path (GEMM + fused activation): σ = ∓½ (tanh) / 0, 1 (ReLU).
    const F = features(X, L.W, L.b, { activation });
    const f = F.toColumnMajor();
    for (let k = 0; k < M; k++) {
      const a = preact(xs, d, W, b, L.from[k]!, k);
      const va = f[L.from[k]! + k * N]!, vz = f[L.to[k]! + k * N]!;
      const expA = activation === 'tanh' ? -0.5 : 0, expZ = activation === 'tanh' ? 0.5 : 1;
      assertLE(Math.abs(va - expA), 2 * (d + 2) * EPS * a.mag, `σ at x⁽¹⁾, neuron ${k}`);
      assertLE(Math.abs(vz - expZ), 2 * (d + 2) * EPS * (a.mag + 1), `σ at x⁽²⁾, neuron ${k}`);
    }
    // w = s₁ Δ/‖Δ‖²: ‖w‖·‖Δ‖ = s₁
    const s1 = activation === 'tanh' ? TANH_S1 : 1;
    for (let k = 0; k < M; k += 37) {
      let nw = 0, nd = 0;
      for (let j = 0; j < d; j++) {
        nw += W[j + k * d]! ** 2;
        nd += (xs[L.to[k]! * d + j]! - xs[L.from[k]! * d + j]!) ** 2;
      }
      assertLE(Math.abs(Math.sqrt(nw * nd) - s1), 8 * d * EPS * s1, `‖w‖‖Δ‖ = s₁ (neuron ${k})`);
    }
    F.dispose(); L.W.dispose(); L.b.dispose(); X.dispose(); Y.dispose();
    assert.is(liveBytes(), base, 'no leak');
  });
}

test('probabilities (§11 item 6): dy = 0 → uniform; one |Δy| = 100 pair → 1; three → 1/3 each', () => {
  const base = liveBytes();
  const X = Matrix.fromColumnMajor([0, 1, 2, 3, 4, 5, 6], 7, 1); // consecutive pairs at distance 1
  const from = Int32Array.from([0, 1, 2, 3, 4, 5]);
  const to = Int32Array.from([1, 2, 3, 4, 5, 6]);
  const cases: [number[], number[]][] = [
    [[5, 5, 5, 5, 5, 5, 5], [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6]],
    [[0, 0, 0, 100, 100, 100, 100], [0, 0, 1, 0, 0, 0]],
    [[0, 100, 100, 0, 0, 0, 100], [1 / 3, 0, 1 / 3, 0, 0, 1 / 3]],
  ];
  for (const [yv, expected] of cases) {
    const Y = Matrix.fromVector(yv);
    const { p, uniformFallback } = swimPairProbabilities(X, Y, from, to);
    assert.is(uniformFallback, yv.every((v) => v === yv[0]));
    for (let j = 0; j < 6; j++) assertLE(Math.abs(p[j]! - expected[j]!), 4 * EPS, `p[${j}] for y = ${yv}`);
    Y.dispose();
  }
  X.dispose();
  assert.is(liveBytes(), base);
});

test('probabilities: score is ‖Δy‖∞/‖Δx‖₂; duplicate inputs get 0; classification counts label changes', () => {
  // rows: x0 = (0,0), x1 = (3,4) (distance 5), x2 = x0 (duplicate input, different target)
  const X = Matrix.fromRows([[0, 0], [3, 4], [0, 0], [0, 1]]);
  const Y = Matrix.fromRows([[0, 0], [1, -10], [7, 7], [0, 2]]);
  const from = Int32Array.from([0, 0, 0]);
  const to = Int32Array.from([1, 2, 3]);
  // g = [10/5, 0 (‖Δx‖ = 0 < ε), 2/1] → p = [0.5, 0, 0.5]
  let r = swimPairProbabilities(X, Y, from, to);
  assert.equal(Array.from(r.p), [0.5, 0, 0.5]);
  // classification: one-hot labels [0, 1, 1, 0]: pairs (0,1) differ → 1/5, (0,2) duplicate → 0, (0,3) same → 0
  const Yc = Matrix.fromRows([[1, 0], [0, 1], [0, 1], [1, 0]]);
  r = swimPairProbabilities(X, Yc, from, to, { classification: true });
  assert.equal(Array.from(r.p), [1, 0, 0]);
  // one class only → all scores 0 → uniform fallback (not an error)
  const Y1 = Matrix.fromRows([[1], [1], [1], [1]]);
  r = swimPairProbabilities(X, Y1, from, to, { classification: true });
  assert.ok(r.uniformFallback);
  assert.equal(Array.from(r.p), [1 / 3, 1 / 3, 1 / 3]);
  X.dispose(); Y.dispose(); Yc.dispose(); Y1.dispose();
});

test('discrete sampler: frequencies match the weights (5σ), zero weights never drawn, uniform mode', () => {
  const k = wasm();
  const weights = [1, 0, 2, 3, 0, 4];
  const P = weights.length, M = 200_000;
  const pw = alloc(P * 8), out = alloc(M * 4), work = alloc(k.swimSampleDiscreteWorkspaceSize(P, M));
  try {
    new Float64Array(k.memory.buffer, pw, P).set(weights);
    for (const uniform of [false, true]) {
      k.swimSampleDiscrete(P, uniform ? 0 : pw, M, 12345, 2, out, work);
      const idx = new Int32Array(k.memory.buffer, out, M);
      const counts = new Array<number>(P).fill(0);
      for (const i of idx) { assert.ok(i >= 0 && i < P); counts[i]!++; }
      const total = weights.reduce((a, b) => a + b, 0);
      for (let j = 0; j < P; j++) {
        const p = uniform ? 1 / P : weights[j]! / total;
        if (p === 0) { assert.is(counts[j], 0, `zero-weight entry ${j} drawn`); continue; }
        const sd = Math.sqrt(M * p * (1 - p));
        assertLE(Math.abs(counts[j]! - M * p), 5 * sd, `count of ${j} (uniform=${uniform})`);
      }
    }
  } finally { free(pw); free(out); free(work); }
});

test('candidate pairs: to ≠ from, offsets cover 1..N−1 (revised range, §6.3), N = 2 works', () => {
  const k = wasm();
  for (const N of [2, 5]) {
    const P = 20_000;
    const pf = alloc(P * 4), pt = alloc(P * 4), work = alloc(k.swimCandidatePairsWorkspaceSize(P));
    try {
      k.swimCandidatePairs(N, P, 9, 0, pf, pt, work);
      const f = new Int32Array(k.memory.buffer, pf, P), t = new Int32Array(k.memory.buffer, pt, P);
      const offsets = new Set<number>();
      const froms = new Set<number>();
      for (let j = 0; j < P; j++) {
        assert.ok(f[j]! >= 0 && f[j]! < N && t[j]! >= 0 && t[j]! < N);
        assert.ok(f[j] !== t[j], 'to ≠ from');
        offsets.add((t[j]! - f[j]! + N) % N);
        froms.add(f[j]!);
      }
      assert.equal([...offsets].sort(), Array.from({ length: N - 1 }, (_, i) => i + 1), `offsets for N = ${N}`);
      assert.is(froms.size, N);
    } finally { free(pf); free(pt); free(work); }
  }
});

test('seeds: same seed → identical layer; layerSeed differs per layer and per seed', () => {
  const { X, Y } = toyData(200, 3, 5);
  const a = sampleSwimLayer(X, Y, { width: 50, seed: 42 });
  const b = sampleSwimLayer(X, Y, { width: 50, seed: 42 });
  const c = sampleSwimLayer(X, Y, { width: 50, seed: 43 });
  assert.equal(a.W.toColumnMajor(), b.W.toColumnMajor());
  assert.equal(a.b.toColumnMajor(), b.b.toColumnMajor());
  assert.equal(Array.from(a.from), Array.from(b.from));
  assert.not.equal(Array.from(a.from), Array.from(c.from));
  const seeds = new Set<number>();
  for (const s of [0, 1, 2]) for (let l = 0; l < 4; l++) seeds.add(layerSeed(s, l));
  assert.is(seeds.size, 12);
  for (const s of seeds) assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 53);
  assert.is(layerSeed(7, 2), layerSeed(7, 2));
  for (const L of [a, b, c]) { L.W.dispose(); L.b.dispose(); }
  X.dispose(); Y.dispose();
});

test('swim sampling prefers steep pairs: a step target draws mostly pairs across the step', () => {
  const N = 400;
  const X = Matrix.random(N, 1, { seed: 2, dist: 'uniform' });
  const x = X.toColumnMajor();
  const Y = Matrix.fromVector(Array.from(x, (v) => (v > 0.5 ? 1 : 0)));
  const L = sampleSwimLayer(X, Y, { width: 200, seed: 1 });
  let across = 0;
  for (let k = 0; k < 200; k++) if ((x[L.from[k]!]! > 0.5) !== (x[L.to[k]!]! > 0.5)) across++;
  assert.is(across, 200, 'only pairs across the step have non-zero probability');
  const U = sampleSwimLayer(X, Y, { width: 200, seed: 1, sampler: 'uniform' });
  let acrossU = 0;
  for (let k = 0; k < 200; k++) if ((x[U.from[k]!]! > 0.5) !== (x[U.to[k]!]! > 0.5)) acrossU++;
  // uniform pairs cross the step with probability ≈ ½
  assertLE(Math.abs(acrossU - 100), 5 * Math.sqrt(50), 'uniform sampler crossings');
  for (const l of [L, U]) { l.W.dispose(); l.b.dispose(); }
  X.dispose(); Y.dispose();
});

test('duplicates and pruning; random sampler W ~ N(0,1), b ~ U(−π, π)', () => {
  const base = liveBytes();
  const { X, Y } = toyData(20, 2, 1);
  const L = sampleSwimLayer(X, Y, { width: 200, seed: 4 }); // 200 draws from 200 candidates: repeats certain
  assert.ok(L.duplicates > 0, 'with-replacement sampling repeats pairs');
  const P = sampleSwimLayer(X, Y, { width: 200, seed: 4, pruneDuplicates: true });
  assert.is(P.W.cols, 200 - L.duplicates);
  assert.is(P.pruned, L.duplicates);
  assert.is(P.duplicates, 0);
  const keys = new Set(Array.from(P.from, (f, i) => `${f},${P.to[i]}`));
  assert.is(keys.size, P.W.cols);
  const R = sampleSwimLayer(X, null, { width: 4000, seed: 4, sampler: 'random' });
  const w = R.W.toColumnMajor(), b = R.b.toColumnMajor();
  const mean = w.reduce((s, v) => s + v, 0) / w.length;
  const varw = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
  assertLE(Math.abs(mean), 5 / Math.sqrt(w.length), 'mean of W');
  assertLE(Math.abs(varw - 1), 5 * Math.sqrt(2 / w.length), 'variance of W');
  assert.ok(b.every((v) => v > -Math.PI && v < Math.PI));
  for (const l of [L, P, R]) { l.W.dispose(); l.b.dispose(); }
  X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('bad input: N < 2, missing Y, row mismatch, unknown option, bad width → typed errors, no leak', () => {
  const base = liveBytes();
  const X1 = Matrix.fromRows([[1, 2]]);
  const Y1 = Matrix.fromRows([[1]]);
  assertThrows(() => sampleSwimLayer(X1, Y1, { width: 3 }), InvalidInputError, /at least 2/);
  const { X, Y } = toyData(10, 2, 1);
  assertThrows(() => sampleSwimLayer(X, null, { width: 3 }), InvalidInputError, /needs targets/);
  assertThrows(() => sampleSwimLayer(X, Y1, { width: 3 }), ShapeError, /10 rows but Y has 1/);
  assertThrows(() => sampleSwimLayer(X, Y, { width: 3, colour: 1 } as never), OptionError, /unknown option 'colour'/);
  assertThrows(() => sampleSwimLayer(X, Y, { width: 0 }), OptionError, /width/);
  assertThrows(() => sampleSwimLayer(X, Y, { width: 3, activation: 'sigmoid' as never }), OptionError, /activation/);
  X.dispose(); Y.dispose(); X1.dispose(); Y1.dispose();
  assert.is(liveBytes(), base);
});

test.run();
