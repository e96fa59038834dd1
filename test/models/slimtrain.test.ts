// SlimTrainNetwork (ALGORITHMS.md §9.6, Algorithm 3.1): the sTik identity through the network
// (θ frozen, constant Λ, full memory, one epoch ⇒ the Tikhonov solution on the fixed features with
// the bias column), the θ gradient against central finite differences at the NEW W, the gradient
// actually used by the loop (W₀ = 0: a loop using the old W could not move θ), the batches of
// epochBatches, seed reproducibility, the shared initialisation with GradientNetwork('resnet'),
// the JSON round trip, typed errors and memory hygiene.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, Matrix, GradientNetwork, liveBytes, OptionError, InvalidInputError, ShapeError, NotFittedError, DisposedError,
} from '../../src/index.js';
import { ResNet, epochBatches, resnetInit } from '../../src/models/resnet.js';
import { SlimTrainNetwork, slimTrainBatchObjective, withOnesColumn } from '../../src/models/slimtrain.js';
import { SlimTik } from '../../src/solvers/slimtik.js';
import { peaks, peaksDataset } from '../../src/data/peaks.js';
import { EPS, assertLE, assertThrows, assertThrowsTyped, frob, maxAbsDiff } from '../helpers/index.js';

test.before(async () => { await init(); });

/** A smooth seeded regression problem: X (n × d) ~ U(−1, 1), Y (n × t). */
function toy(n: number, d: number, t: number, seed: number): { X: Matrix; Y: Matrix } {
  const X = Matrix.random(n, d, { seed, stream: 5, dist: 'uniform', low: -1, high: 1 });
  const x = X.view();
  const y = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < t; k++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += Math.sin((k + 1) * (q + 1) * x[i + q * n]!);
      y[i + k * n] = s;
    }
  }
  return { X, Y: Matrix.fromColumnMajor(y, n, t) };
}

/** Plain-JS solution of (A + μI)W = B for a small SPD A (p × p) and B (p × t), column-major (Cholesky). */
function jsRidgeSolve(A: Float64Array, B: Float64Array, p: number, t: number, mu: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let s = A[j + j * p]! + mu;
    for (let k = 0; k < j; k++) s -= L[j + k * p]! ** 2;
    L[j + j * p] = Math.sqrt(s);
    for (let i = j + 1; i < p; i++) {
      let r = A[i + j * p]!;
      for (let k = 0; k < j; k++) r -= L[i + k * p]! * L[j + k * p]!;
      L[i + j * p] = r / L[j + j * p]!;
    }
  }
  const W = new Float64Array(p * t);
  for (let c = 0; c < t; c++) {
    const y = new Float64Array(p);
    for (let i = 0; i < p; i++) { let s = B[i + c * p]!; for (let k = 0; k < i; k++) s -= L[i + k * p]! * y[k]!; y[i] = s / L[i + i * p]!; }
    for (let i = p - 1; i >= 0; i--) { let s = y[i]!; for (let k = i + 1; k < p; k++) s -= L[k + i * p]! * W[k + c * p]!; W[i + c * p] = s / L[i + i * p]!; }
  }
  return W;
}

/** ZᵀZ (p × p) and ZᵀC (p × t) in plain JS, column-major. */
function jsNormal(Z: Float64Array, C: Float64Array, n: number, p: number, t: number): { A: Float64Array; B: Float64Array } {
  const A = new Float64Array(p * p), B = new Float64Array(p * t);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) { let s = 0; for (let i = 0; i < n; i++) s += Z[i + a * n]! * Z[i + b * n]!; A[a + b * p] = s; }
    for (let c = 0; c < t; c++) { let s = 0; for (let i = 0; i < n; i++) s += Z[i + a * n]! * C[i + c * n]!; B[a + c * p] = s; }
  }
  return { A, B };
}

/** Features [F(X, θ), 1] of all rows as column-major data. */
function featuresWithOnes(net: ResNet, theta: Matrix, X: Matrix): Float64Array {
  const { features, tape } = net.forward(theta, X);
  tape.dispose();
  const Z = withOnesColumn(features);
  features.dispose();
  try { return Z.toColumnMajor(); } finally { Z.dispose(); }
}

const SHAPE = { width: 6, depth: 3, horizon: 2, inputBias: true, layerBias: true } as const;

test('sTik identity through the network: θ frozen, constant Λ = λ/K, full memory, one epoch ⇒ Tikhonov on [F(X, θ₀), 1] (independent of W₀)', () => {
  const base = liveBytes();
  const N = 60, d = 2, t = 2, nb = 5, K = N / nb, lambda = 0.3;
  const { X, Y } = toy(N, d, t, 11);
  const net = new ResNet({ inputDim: d, ...SHAPE });
  const { theta: theta0, W0 } = resnetInit(3, net.options, t, 'normal');
  const Z = featuresWithOnes(net, theta0, X);
  const p = SHAPE.width + 1;
  const { A, B } = jsNormal(Z, Y.toColumnMajor(), N, p, t);
  // SlimTik's batch scaling β = 1/√n: one full-memory pass gives the Tikhonov solution for n·λ
  const ref = jsRidgeSolve(A, B, p, t, nb * lambda);
  for (const outputInit of ['normal', 'zeros'] as const) {
    const model = new SlimTrainNetwork({
      ...SHAPE, epochs: 1, batchSize: nb, learningRate: 0, memory: K - 1, regularization: lambda / K, sumLambda0: 0, outputInit, seed: 3,
    }).fit(X, Y);
    const { theta, W } = model.weights;
    assert.is(maxAbsDiff(theta.toColumnMajor(), theta0.toColumnMajor()), 0, 'θ moved with learningRate 0');
    const err = maxAbsDiff(W.toColumnMajor(), ref) / frob(ref);
    assertLE(err, 1e-12, `W vs (ZᵀZ + nλI)⁻¹ZᵀC, W₀ ${outputInit}`);
    assert.is(model.regularizationPath.lambda.length, K);
    assertLE(Math.abs(model.history[0]!.sumLambda - lambda), 8 * K * EPS * lambda, 'S_K = Σ Λ_i = λ');
    theta.dispose(); W.dispose(); model.dispose();
  }
  theta0.dispose(); W0.dispose(); X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('the batch objective\'s θ gradient equals central finite differences (with the θ-regulariser)', () => {
  const base = liveBytes();
  const m = 7, d = 3, t = 2, alpha = 0.05;
  const { X, Y } = toy(m, d, t, 4);
  for (const antisymmetric of [false, true]) {
    const net = new ResNet({ inputDim: d, width: 4, depth: 3, horizon: 1.5, antisymmetric });
    const { theta, W0 } = resnetInit(7, net.options, t, 'normal');
    const { value, gradient } = slimTrainBatchObjective(net, theta, X, Y, W0, alpha);
    const g = gradient.toColumnMajor();
    const th = theta.toColumnMajor();
    const fd = new Float64Array(th.length);
    const h = 1e-5;
    for (let i = 0; i < th.length; i++) {
      const at = (delta: number): number => {
        const v = Float64Array.from(th); v[i] = v[i]! + delta;
        const T = Matrix.fromColumnMajor(v, v.length, 1);
        const r = slimTrainBatchObjective(net, T, X, Y, W0, alpha);
        r.gradient.dispose(); T.dispose();
        return r.value;
      };
      fd[i] = (at(h) - at(-h)) / (2 * h);
    }
    assertLE(maxAbsDiff(g, fd) / frob(fd), 1e-6, `gradient vs central differences (antisymmetric ${antisymmetric})`);
    // the value: (1/(2m))‖[F, 1]W − C‖² + R_α(θ) recomputed in plain JS from the features
    const Z = featuresWithOnes(net, theta, X);
    const w = W0.toColumnMajor(), c = Y.toColumnMajor(), p = net.width + 1;
    let sse = 0;
    for (let i = 0; i < m; i++) for (let k = 0; k < t; k++) { let s = -c[i + k * m]!; for (let q = 0; q < p; q++) s += Z[i + q * m]! * w[q + k * p]!; sse += s * s; }
    const reg = net.regularizer(theta, alpha);
    assertLE(Math.abs(value - (sse / (2 * m) + reg.value)) / value, 64 * EPS, 'objective value');
    reg.gradient.dispose(); gradient.dispose(); theta.dispose(); W0.dispose();
  }
  X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('the loop differentiates at the NEW W_k: from W₀ = 0 the first Adam step follows ∇_θΦ(θ₀, W₁)', () => {
  const base = liveBytes();
  const N = 12, d = 2, t = 1, lr = 1e-3;
  const { X, Y } = toy(N, d, t, 9);
  // one batch of all rows, one epoch: W₁ = the SlimTik step from W₀ = 0, then θ₁ = Adam(θ₀, g)
  const model = new SlimTrainNetwork({ ...SHAPE, epochs: 1, batchSize: N, learningRate: lr, memory: 0, regularization: 0.1, sumLambda0: 0, outputInit: 'zeros', seed: 5 }).fit(X, Y);
  const net = new ResNet({ inputDim: d, ...SHAPE });
  const { theta: theta0, W0 } = resnetInit(5, net.options, t, 'zeros');
  const { theta: theta1, W: W1 } = model.weights;
  // at the old W₀ = 0 the gradient is exactly zero: a loop using it would leave θ unchanged
  const old = slimTrainBatchObjective(net, theta0, X, Y, W0, 0);
  assert.is(maxAbsDiff(old.gradient.toColumnMajor(), new Float64Array(net.parameterCount)), 0);
  const g = slimTrainBatchObjective(net, theta0, X, Y, W1, 0).gradient;
  const gv = g.toColumnMajor(), t0 = theta0.toColumnMajor(), t1 = theta1.toColumnMajor();
  // first standard Adam step: m̂ = g, v̂ = g² ⇒ θ₁ = θ₀ − lr·g/(|g| + 1e-8)
  let moved = 0;
  for (let i = 0; i < gv.length; i++) {
    const expected = t0[i]! - lr * gv[i]! / (Math.abs(gv[i]!) + 1e-8);
    assertLE(Math.abs(t1[i]! - expected), 1e-6 * lr + 4 * EPS * Math.abs(t0[i]!), `θ₁[${i}]`);
    if (Math.abs(t1[i]! - t0[i]!) > 0.5 * lr) moved++;
  }
  assert.ok(moved > gv.length / 2, `θ moved in ${moved} of ${gv.length} coordinates`);
  for (const M of [old.gradient, g, theta0, W0, theta1, W1]) M.dispose();
  model.dispose(); X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('the steps follow epochBatches(seed): θ frozen, r = 0, constant Λ reproduces SlimTik over those batches bit for bit', () => {
  const base = liveBytes();
  const N = 23, d = 2, t = 2, nb = 4, seed = 8;
  const { X, Y } = toy(N, d, t, 2);
  const model = new SlimTrainNetwork({ ...SHAPE, epochs: 2, batchSize: nb, learningRate: 0, memory: 0, regularization: 0.05, sumLambda0: 0.01, seed }).fit(X, Y);
  const net = new ResNet({ inputDim: d, ...SHAPE });
  const { theta, W0 } = resnetInit(seed, net.options, t, 'scaled');
  const tik = new SlimTik({ memory: 0, regularization: 0.05, sumLambda0: 0.01, weights: W0 });
  let steps = 0;
  for (let e = 0; e < 2; e++) {
    for (const idx of epochBatches(seed, e, N, nb)) {
      const Xb = Matrix.fromRows([...idx].map((i) => [...X.row(i)]));
      const Cb = Matrix.fromRows([...idx].map((i) => [...Y.row(i)]));
      const Z = Matrix.fromColumnMajor(featuresWithOnes(net, theta, Xb), idx.length, SHAPE.width + 1);
      tik.step(Z, Cb);
      steps++;
      Xb.dispose(); Cb.dispose(); Z.dispose();
    }
  }
  assert.is(steps, 2 * Math.floor(N / nb), 'the remainder rows are dropped (MATLAB)');
  assert.is(model.regularizationPath.lambda.length, steps);
  const W = tik.weights, got = model.weights;
  assert.equal([...got.W.toColumnMajor()], [...W.toColumnMajor()]);
  for (const M of [W, got.W, got.theta, theta, W0]) M.dispose();
  tik.dispose(); model.dispose(); X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('seed reproducibility is bit-identical; another seed differs; epochs 0 keeps θ₀, W₀ of resnetInit', () => {
  const base = liveBytes();
  const { X, Y } = toy(40, 2, 1, 6);
  const opts = { ...SHAPE, epochs: 2, batchSize: 5, memory: 2, learningRate: 1e-2 } as const;
  const run = (seed: number) => {
    const m = new SlimTrainNetwork({ ...opts, seed }).fit(X, Y);
    const w = m.weights;
    const out = { theta: w.theta.toColumnMajor(), W: w.W.toColumnMajor(), hist: m.history.map((e) => [e.trainMse, e.lambda, e.sumLambda]), path: m.regularizationPath };
    w.theta.dispose(); w.W.dispose(); m.dispose();
    return out;
  };
  const a = run(4), b = run(4), c = run(5);
  assert.equal([...a.theta], [...b.theta]);
  assert.equal([...a.W], [...b.W]);
  assert.equal(a.hist, b.hist);
  assert.equal(a.path, b.path);
  assert.ok(maxAbsDiff(a.theta, c.theta) > 0, 'another seed gave the same θ');
  for (const outputInit of ['normal', 'scaled', 'zeros'] as const) {
    const m = new SlimTrainNetwork({ ...SHAPE, epochs: 0, outputInit, seed: 12 }).fit(X, Y);
    const net = new ResNet({ inputDim: 2, ...SHAPE });
    const init0 = resnetInit(12, net.options, 1, outputInit);
    const w = m.weights;
    assert.equal([...w.theta.toColumnMajor()], [...init0.theta.toColumnMajor()]);
    assert.equal([...w.W.toColumnMajor()], [...init0.W0.toColumnMajor()]);
    for (const M of [w.theta, w.W, init0.theta, init0.W0]) M.dispose();
    m.dispose();
  }
  X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('GradientNetwork(\'resnet\') starts from the same θ₀, W₀ and visits the same batches (one epoch replayed with plain-JS Adam)', () => {
  const base = liveBytes();
  const N = 20, d = 2, t = 2, nb = 5, lr = 1e-2, seed = 3;
  const { X, Y } = toy(N, d, t, 13);
  for (const outputInit of ['normal', 'scaled', 'zeros'] as const) {
    const g0 = new GradientNetwork({ architecture: 'resnet', optimizer: 'adam', ...SHAPE, epochs: 0, batchSize: nb, outputInit, seed }).fit(X, Y);
    const s0 = new SlimTrainNetwork({ ...SHAPE, epochs: 0, batchSize: nb, outputInit, seed }).fit(X, Y);
    const a = g0.resnetWeights, b = s0.weights;
    assert.equal([...a.theta.toColumnMajor()], [...b.theta.toColumnMajor()], `θ₀ (${outputInit})`);
    assert.equal([...a.W.toColumnMajor()], [...b.W.toColumnMajor()], `W₀ (${outputInit})`);
    for (const M of [a.theta, a.W, b.theta, b.W]) M.dispose();
    g0.dispose(); s0.dispose();
  }
  // Adam on (θ, W) over the batches of epochBatches(seed, 0, N, nb), gradients of (1/(2m))‖[F, 1]W − C‖²
  const net = new ResNet({ inputDim: d, ...SHAPE });
  const { theta, W0 } = resnetInit(seed, net.options, t, 'scaled');
  let th = theta.toColumnMajor(), w = W0.toColumnMajor();
  const P = th.length, p = SHAPE.width + 1;
  const m = new Float64Array(P + p * t), v = new Float64Array(P + p * t);
  let step = 0;
  for (const idx of epochBatches(seed, 0, N, nb)) {
    const Xb = Matrix.fromRows([...idx].map((i) => [...X.row(i)]));
    const Cb = Matrix.fromRows([...idx].map((i) => [...Y.row(i)]));
    const T = Matrix.fromColumnMajor(th, P, 1), Wm = Matrix.fromColumnMajor(w, p, t);
    const gth = slimTrainBatchObjective(net, T, Xb, Cb, Wm, 0).gradient;
    const Z = featuresWithOnes(net, T, Xb), c = Cb.toColumnMajor(), k = idx.length;
    const g = new Float64Array(P + p * t);
    g.set(gth.toColumnMajor());
    for (let j = 0; j < t; j++) {
      for (let i = 0; i < k; i++) {
        let r = -c[i + j * k]!;
        for (let q = 0; q < p; q++) r += Z[i + q * k]! * w[q + j * p]!;
        for (let q = 0; q < p; q++) g[P + q + j * p] = g[P + q + j * p]! + (Z[i + q * k]! * r) / k;
      }
    }
    step++;
    const x = Float64Array.from([...th, ...w]);
    for (let i = 0; i < x.length; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
      x[i] = x[i]! - (lr / (1 - 0.9 ** step)) * m[i]! / (Math.sqrt(v[i]! / (1 - 0.999 ** step)) + 1e-8);
    }
    th = x.slice(0, P); w = x.slice(P);
    for (const M of [Xb, Cb, T, Wm, gth]) M.dispose();
  }
  const gn = new GradientNetwork({ architecture: 'resnet', optimizer: 'adam', ...SHAPE, epochs: 1, batchSize: nb, learningRate: lr, outputInit: 'scaled', seed }).fit(X, Y);
  const got = gn.resnetWeights;
  assertLE(maxAbsDiff(got.theta.toColumnMajor(), th), 1e-9 * lr, 'θ after one epoch vs the replay over epochBatches');
  assertLE(maxAbsDiff(got.W.toColumnMajor(), w), 1e-9 * lr, 'W after one epoch vs the replay over epochBatches');
  for (const M of [got.theta, got.W, theta, W0]) M.dispose();
  gn.dispose(); X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('peaks: slimTrain (r = 5, sGCV) lowers the validation MSE; history, progress and Λ/S path are consistent', () => {
  const base = liveBytes();
  assertLE(Math.abs(peaks(0, 0) - 0.9810118431238463), 4 * EPS, 'peaks(0, 0)');
  const data = peaksDataset({ train: 300, validation: 200, seed: 2 });
  const events: number[] = [];
  const m = new SlimTrainNetwork({
    width: 8, depth: 8, epochs: 4, batchSize: 5, memory: 5, validation: { X: data.Xvalidation, y: data.Yvalidation }, seed: 1,
    onProgress: (e) => { events.push(e.step); assert.is(e.loss, e.trainMse); assert.is(e.total, 4); },
  }).fit(data.Xtrain, data.Ytrain);
  assert.equal(events, [1, 2, 3, 4]);
  const v = m.history.map((e) => e.validationMse!);
  let variance = 0, mean = 0;
  const y = data.Yvalidation.toColumnMajor();
  for (const t of y) mean += t / y.length;
  for (const t of y) variance += (t - mean) ** 2 / y.length;
  assert.ok(v.every((x) => Number.isFinite(x)));
  assert.ok(v[3]! < 0.5 * variance, `validation MSE ${v[3]} not below half the target variance ${variance}`);
  const path = m.regularizationPath;
  assert.is(path.lambda.length, 4 * 60);
  for (let k = 0; k < path.lambda.length; k++) assert.ok(path.sumLambda[k]! >= 1e-7 * (1 - 1e-12), 'S_k ≥ lower bound');
  assert.is(m.history[3]!.sumLambda, path.sumLambda.at(-1));
  // predict = [F(X, θ), 1]W; score is R²
  const P = m.predict(data.Xvalidation);
  const mse = P.toColumnMajor().reduce((s, p, i) => s + (p - y[i]!) ** 2, 0) / y.length;
  assertLE(Math.abs(mse - v[3]!) / v[3]!, 1e-12, 'predict agrees with the recorded validation MSE');
  assertLE(Math.abs(m.score(data.Xvalidation, data.Yvalidation) - (1 - mse / variance)), 1e-10, 'score = R²');
  P.dispose(); m.dispose();
  for (const M of Object.values(data)) M.dispose();
  assert.is(liveBytes(), base);
});

test('Meganet Adam: ε inside the root and the epoch index in the bias correction (one step by hand)', () => {
  const base = liveBytes();
  const N = 10, lr = 1e-2;
  const { X, Y } = toy(N, 2, 1, 3);
  const m = new SlimTrainNetwork({ ...SHAPE, epochs: 1, batchSize: N, learningRate: lr, memory: 0, regularization: 0.1, sumLambda0: 0, outputInit: 'zeros', adam: 'meganet', seed: 2 }).fit(X, Y);
  const net = new ResNet({ inputDim: 2, ...SHAPE });
  const { theta: theta0, W0 } = resnetInit(2, net.options, 1, 'zeros');
  const w = m.weights;
  const g = slimTrainBatchObjective(net, theta0, X, Y, w.W, 0).gradient;
  const gv = g.toColumnMajor(), t0 = theta0.toColumnMajor(), t1 = w.theta.toColumnMajor();
  for (let i = 0; i < gv.length; i++) {
    // epoch 1: bc1 = 0.1, bc2 = 0.001 ⇒ m̂ = g, v̂ = g²; step lr·g/√(g² + 1e-8)
    const expected = t0[i]! - lr * gv[i]! / Math.sqrt(gv[i]! ** 2 + 1e-8);
    assertLE(Math.abs(t1[i]! - expected), 1e-6 * lr + 4 * EPS * Math.abs(t0[i]!), `θ₁[${i}]`);
  }
  for (const M of [g, theta0, W0, w.theta, w.W]) M.dispose();
  m.dispose(); X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('JSON round trip predicts identically; tampered files are InvalidInputErrors naming the field', () => {
  const base = liveBytes();
  const { X, Y } = toy(30, 3, 2, 1);
  const m = new SlimTrainNetwork({ ...SHAPE, epochs: 2, antisymmetric: true, regularization: 'sgcv', adam: 'meganet', thetaRegularization: 1e-4 }).fit(X, Y);
  const json = JSON.parse(JSON.stringify(m.toJSON())) as ReturnType<SlimTrainNetwork['toJSON']>;
  const back = SlimTrainNetwork.fromJSON(json);
  const a = m.predict(X, { as: 'array' }), b = back.predict(X, { as: 'array' });
  assert.equal([...a], [...b]);
  assert.equal(back.history, m.history);
  assert.is(back.antisymmetric, true);
  assert.is(back.adam, 'meganet');
  back.dispose();
  const bad = (f: (j: Record<string, unknown>) => void, pattern: RegExp) => {
    const j = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
    f(j);
    assertThrowsTyped(() => SlimTrainNetwork.fromJSON(j), InvalidInputError, pattern);
  };
  bad((j) => { (j.theta as number[]).pop(); }, /theta/);
  bad((j) => { (j.W as unknown[])[0] = 'x'; }, /W\[0\]/);
  bad((j) => { (j.options as Record<string, unknown>).width = 0; }, /options\.width/);
  bad((j) => { (j.options as Record<string, unknown>).validation = null; }, /validation/);
  bad((j) => { j.type = 'GradientNetwork'; }, /type/);
  bad((j) => { (j.history as Record<string, unknown>[])[0]!.trainMse = -1; }, /history\[0\]\.trainMse/);
  bad((j) => { j.extra = 1; }, /extra/);
  m.dispose(); X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('bad input: typed errors naming the argument, nothing leaked', () => {
  const base = liveBytes();
  const { X, Y } = toy(20, 2, 1, 1);
  assertThrows(() => new SlimTrainNetwork({ width: 0 }), OptionError, /width/);
  assertThrows(() => new SlimTrainNetwork({ nope: 1 } as never), OptionError, /nope/);
  assertThrows(() => new SlimTrainNetwork({ regularization: 'gcv' as never }), OptionError, /regularization/);
  assertThrows(() => new SlimTrainNetwork({ regularization: -1 }), OptionError, /regularization/);
  assertThrows(() => new SlimTrainNetwork({ sumLambda0: 0 }), OptionError, /sumLambda0/);
  assertThrows(() => new SlimTrainNetwork({ regularization: 0, sumLambda0: 0 }), OptionError, /sumLambda0/);
  assertThrows(() => new SlimTrainNetwork({ outputInit: 'big' as never }), OptionError, /outputInit/);
  assertThrows(() => new SlimTrainNetwork({ adam: 'nadam' as never }), OptionError, /adam/);
  assertThrows(() => new SlimTrainNetwork({ learningRate: Number.NaN }), OptionError, /learningRate/);
  assertThrows(() => new SlimTrainNetwork({ validation: { X } as never }), OptionError, /validation/);
  const m = new SlimTrainNetwork({ ...SHAPE, epochs: 1 });
  assertThrowsTyped(() => m.predict(X), NotFittedError, /predict/);
  assertThrowsTyped(() => m.fit(X, [1, 2, 3]), ShapeError, /rows/);
  assertThrowsTyped(() => m.fit([[1, Number.NaN]], [1]), InvalidInputError, /X has a non-finite/);
  assertThrowsTyped(() => m.fit([], []), InvalidInputError, /empty/);
  assertThrowsTyped(() => new SlimTrainNetwork({ ...SHAPE, batchSize: 21 }).fit(X, Y), OptionError, /batchSize/);
  const v = new SlimTrainNetwork({ ...SHAPE, epochs: 1, validation: { X: [[1, 2, 3]], y: [1] } });
  assertThrowsTyped(() => v.fit(X, Y), ShapeError, /validation\.X/);
  v.dispose();
  m.fit(X, Y);
  assertThrowsTyped(() => m.predict([[1, 2, 3]]), ShapeError, /columns/);
  assertThrowsTyped(() => m.score(X, [[1, 2]]), ShapeError, /rows|columns/);
  m.dispose();
  assertThrows(() => m.predict(X), DisposedError);
  X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test.run();
