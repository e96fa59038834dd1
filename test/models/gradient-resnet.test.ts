// GradientNetwork({ architecture: 'resnet' }): the Adam baseline of slimTrain. One epoch
// reproduced step by step from the public pieces (resnetInit, epochBatches, ResNet.forward /
// backward / regularizer, standard Adam in JS), loss decrease, bit-identical seeds, validation
// history, JSON round trip, typed errors and memory hygiene.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, Matrix, GradientNetwork, ResNet, resnetInit, epochBatches, liveBytes, OptionError, InvalidInputError, ShapeError, NonFiniteError,
} from '../../src/index.js';
import { assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

/** MATLAB's peaks function on [-3, 3]² (seeded points), y as an N×1 matrix. */
function peaks(n: number, seed: number): { X: Matrix; y: Matrix } {
  const X = Matrix.random(n, 2, { seed, stream: 3, dist: 'uniform', low: -3, high: 3 });
  const x = X.toRowMajor();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[2 * i]!, b = x[2 * i + 1]!;
    y[i] = 3 * (1 - a) ** 2 * Math.exp(-(a ** 2) - (b + 1) ** 2) - 10 * (a / 5 - a ** 3 - b ** 5) * Math.exp(-(a ** 2) - b ** 2) - Math.exp(-((a + 1) ** 2) - b ** 2) / 3;
  }
  X.dispose();
  return { X: Matrix.fromRowMajor(x, n, 2), y: Matrix.fromColumnMajor(y, n, 1) };
}

const RN = { width: 5, depth: 3, horizon: 2 };

test('one epoch equals the step-by-step reproduction from resnetInit, epochBatches, ResNet and Adam', () => {
  const start = liveBytes();
  const n = 12, bs = 4, c = 2, seed = 17, lr = 0.01, alphaTh = 0.05;
  const X = Matrix.random(n, 3, { seed: 2, stream: 1 });
  const Y = Matrix.random(n, c, { seed: 2, stream: 2 });
  const opts = { ...RN, antisymmetric: true };
  const gn = new GradientNetwork({ architecture: 'resnet', ...opts, epochs: 1, batchSize: bs, learningRate: lr, seed, outputInit: 'normal', thetaRegularization: alphaTh });
  gn.fit(X, Y);
  const got = gn.resnetWeights;
  // reproduction
  const net = new ResNet({ inputDim: 3, ...opts });
  const { theta, W0 } = resnetInit(seed, { inputDim: 3, ...opts }, c, 'normal');
  const np = net.parameterCount, p = RN.width + 1;
  const w = Float64Array.from([...theta.toColumnMajor(), ...W0.toColumnMajor()]);
  const m1 = new Float64Array(w.length), m2 = new Float64Array(w.length);
  const xr = X.toRows(), yr = Y.toRows();
  const batches = epochBatches(seed, 0, n, bs);
  assert.is(batches.length, 3);
  let t = 0;
  for (const b of batches) {
    const th = Matrix.fromColumnMajor(w.subarray(0, np), np, 1);
    const { features, tape } = net.forward(th, [...b].map((i) => xr[i]!));
    const U = features.toRows();
    // R = ([U,1]W − Y)/m, ∂W = [U,1]ᵀR, ∂U = R W_topᵀ
    const R = U.map((u, r) => Array.from({ length: c }, (_, k) => {
      let f = w[np + RN.width + k * p]!;
      for (let a = 0; a < RN.width; a++) f += u[a]! * w[np + a + k * p]!;
      return (f - yr[b[r]!]![k]!) / bs;
    }));
    const gW = new Float64Array(p * c);
    for (let k = 0; k < c; k++) for (let a = 0; a <= RN.width; a++) for (let r = 0; r < bs; r++) gW[a + k * p] = gW[a + k * p]! + (a < RN.width ? U[r]![a]! : 1) * R[r]![k]!;
    const dU = U.map((_, r) => Array.from({ length: RN.width }, (_, a) => { let s = 0; for (let k = 0; k < c; k++) s += R[r]![k]! * w[np + a + k * p]!; return s; }));
    const gT = net.backward(th, tape, dU);
    const reg = net.regularizer(th, alphaTh);
    const g = Float64Array.from([...gT.toColumnMajor().map((v, i) => v + reg.gradient.toColumnMajor()[i]!), ...gW]);
    for (const M of [th, features, gT, reg.gradient]) M.dispose();
    tape.dispose();
    t++;
    for (let i = 0; i < w.length; i++) {
      m1[i] = 0.9 * m1[i]! + 0.1 * g[i]!;
      m2[i] = 0.999 * m2[i]! + 0.001 * g[i]! ** 2;
      w[i] = w[i]! - (lr / (1 - 0.9 ** t)) * m1[i]! / (Math.sqrt(m2[i]!) / Math.sqrt(1 - 0.999 ** t) + 1e-8);
    }
  }
  const all = [...got.theta.toColumnMajor(), ...got.W.toColumnMajor()];
  let err = 0, nrm = 0;
  for (let i = 0; i < all.length; i++) { err = Math.max(err, Math.abs(all[i]! - w[i]!)); nrm = Math.max(nrm, Math.abs(w[i]!)); }
  assertLE(err / nrm, 1e-12, 'weights after one epoch vs reproduction');
  // history: training MSE over all N·c entries
  const P = gn.predict(X);
  const pv = P.toColumnMajor(), yv = Y.toColumnMajor();
  let sse = 0;
  for (let i = 0; i < pv.length; i++) sse += (pv[i]! - yv[i]!) ** 2;
  assertLE(Math.abs(gn.history[0]!.trainMse - sse / (n * c)) / (sse / (n * c)), 1e-13, 'history trainMse');
  for (const M of [X, Y, got.theta, got.W, theta, W0, P]) M.dispose();
  gn.dispose();
  assert.is(liveBytes(), start);
});

test('epochs 0 keeps θ₀ and W₀ of resnetInit (default outputInit scaled)', () => {
  const start = liveBytes();
  const { X, y } = peaks(20, 1);
  const gn = new GradientNetwork({ architecture: 'resnet', ...RN, epochs: 0, seed: 5 }).fit(X, y);
  const { theta, W } = gn.resnetWeights;
  const ref = resnetInit(5, { inputDim: 2, ...RN }, 1, 'scaled');
  assert.equal(theta.toColumnMajor(), ref.theta.toColumnMajor());
  assert.equal(W.toColumnMajor(), ref.W0.toColumnMajor());
  for (const M of [X, y, theta, W, ref.theta, ref.W0]) M.dispose();
  gn.dispose();
  assert.is(liveBytes(), start);
});

test('peaks: the training and validation MSE decrease; seeds reproduce bit for bit', () => {
  const start = liveBytes();
  const tr = peaks(200, 1), va = peaks(100, 2);
  const events: number[] = [];
  const make = (seed: number) => new GradientNetwork({
    architecture: 'resnet', width: 8, depth: 4, horizon: 5, epochs: 15, batchSize: 5, learningRate: 1e-2, seed,
    validation: { X: va.X, y: va.y }, onProgress: (e) => events.push(e.loss),
  });
  const a = make(3).fit(tr.X, tr.y);
  const b = make(3).fit(tr.X, tr.y);
  const c = make(4).fit(tr.X, tr.y);
  const h = a.history;
  assert.is(h.length, 15);
  assert.is(events.length, 45);
  // the MSE at θ₀, W₀ (epochs: 0) against the trained network's
  const mseOf = (net: GradientNetwork, X: Matrix, y: Matrix): number => {
    const P = net.predict(X);
    const pv = P.toColumnMajor(), yv = y.toColumnMajor();
    P.dispose();
    let s = 0;
    for (let i = 0; i < pv.length; i++) s += (pv[i]! - yv[i]!) ** 2;
    return s / pv.length;
  };
  const z = new GradientNetwork({ architecture: 'resnet', width: 8, depth: 4, horizon: 5, epochs: 0, seed: 3 }).fit(tr.X, tr.y);
  const mse0 = mseOf(z, tr.X, tr.y), val0 = mseOf(z, va.X, va.y);
  const last = h[14]!;
  assert.ok(last.trainMse < 0.5 * mse0 && last.trainMse < h[0]!.trainMse, `train MSE ${mse0} (θ₀) → ${h[0]!.trainMse} → ${last.trainMse}`);
  assert.ok(last.validationMse! < 0.5 * val0 && last.validationMse! < h[0]!.validationMse!, `validation MSE ${val0} (θ₀) → ${h[0]!.validationMse} → ${last.validationMse}`);
  // validation MSE = the MSE of predict on the validation rows
  const P = a.predict(va.X);
  const pv = P.toColumnMajor(), yv = va.y.toColumnMajor();
  let sse = 0;
  for (let i = 0; i < pv.length; i++) sse += (pv[i]! - yv[i]!) ** 2;
  assertLE(Math.abs(last.validationMse! - sse / 100) / (sse / 100), 1e-13, 'validationMse');
  // bit-identical for the same seed, different for another
  const wa = a.resnetWeights, wb = b.resnetWeights, wc = c.resnetWeights;
  assert.equal(wa.theta.toColumnMajor(), wb.theta.toColumnMajor());
  assert.equal(wa.W.toColumnMajor(), wb.W.toColumnMajor());
  assert.equal(a.history.map((e) => [e.trainMse, e.validationMse]), b.history.map((e) => [e.trainMse, e.validationMse]));
  assert.not.equal(wa.W.toColumnMajor(), wc.W.toColumnMajor());
  for (const M of [tr.X, tr.y, va.X, va.y, P, wa.theta, wa.W, wb.theta, wb.W, wc.theta, wc.W]) M.dispose();
  for (const m of [a, b, c, z]) m.dispose();
  assert.is(liveBytes(), start);
});

test('JSON round trip (version 2), tampering, and version-1 files still load', () => {
  const start = liveBytes();
  const { X, y } = peaks(30, 3);
  const a = new GradientNetwork({ architecture: 'resnet', ...RN, antisymmetric: true, inputBias: false, epochs: 2, batchSize: 7, seed: 9, thetaRegularization: 1e-3 }).fit(X, y);
  const json = JSON.parse(JSON.stringify(a.toJSON())) as Record<string, unknown>;
  assert.is(json.version, 2);
  const b = GradientNetwork.fromJSON(json);
  const pa = a.predict(X), pb = b.predict(X);
  assert.equal(pa.toColumnMajor(), pb.toColumnMajor());
  assert.equal(b.history, a.history);
  assert.is(b.architecture, 'resnet'); assert.is(b.antisymmetric, true); assert.is(b.batchSize, 7);
  assert.equal(b.toJSON(), a.toJSON());
  // tampered: wrong θ length, architecture, unknown option
  const bad1 = structuredClone(json); (bad1.theta as number[]).pop();
  assertThrows(() => GradientNetwork.fromJSON(bad1), InvalidInputError, /theta/);
  const bad2 = structuredClone(json); (bad2.options as Record<string, unknown>).architecture = 'two-layer';
  assertThrows(() => GradientNetwork.fromJSON(bad2), InvalidInputError, /architecture|options/);
  const bad3 = structuredClone(json); (bad3.options as Record<string, unknown>).validation = { X: [[1, 2]], y: [1] };
  assertThrows(() => GradientNetwork.fromJSON(bad3), InvalidInputError, /validation/);
  // a two-layer network still writes version 1 without the new fields, and loads
  const t = new GradientNetwork({ hidden: 3, epochs: 2, seed: 1 }).fit(X, y);
  const tj = JSON.parse(JSON.stringify(t.toJSON())) as Record<string, unknown>;
  assert.is(tj.version, 1);
  assert.not.ok('architecture' in (tj.options as object));
  const t2 = GradientNetwork.fromJSON(tj);
  assert.is(t2.architecture, 'two-layer');
  for (const M of [X, y, pa, pb]) M.dispose();
  for (const m of [a, b, t, t2]) m.dispose();
  assert.is(liveBytes(), start);
});

test('typed errors: options of the other architecture, optimizer, batch size, validation, shapes', () => {
  const start = liveBytes();
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', hidden: 4 }), OptionError, /'hidden'.*resnet/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', momentum: 0.5, schedule: null }), OptionError, /'schedule', 'momentum'/);
  assertThrows(() => new GradientNetwork({ width: 4 }), OptionError, /'width'.*two-layer/);
  assertThrows(() => new GradientNetwork({ validation: { X: [[1]], y: [1] } }), OptionError, /'validation'/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', optimizer: 'lbfgs' }), OptionError, /optimizer/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', depth: -1 }), OptionError, /depth/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', outputInit: 'uniform' as never }), OptionError, /outputInit/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', thetaRegularization: -1 }), OptionError, /thetaRegularization/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', validation: { X: [[1]] } as never }), OptionError, /validation/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', validation: { X: [[1]], y: [1], z: 1 } as never }), OptionError, /'z'/);
  assertThrows(() => new GradientNetwork({ architecture: 'cnn' as never }), OptionError, /architecture/);
  const { X, y } = peaks(10, 1);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', batchSize: 11 }).fit(X, y), OptionError, /batchSize/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', validation: { X: [[1, 2, 3]], y: [1] } }).fit(X, y), ShapeError, /validation/);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', validation: { X: [[1, 2]], y: [NaN] } }).fit(X, y), Error, /validation/);
  const net = new GradientNetwork({ architecture: 'resnet', ...RN, epochs: 1 }).fit(X, y);
  assertThrows(() => net.predict([[1, 2, 3]]), ShapeError, /columns/);
  assertThrows(() => net.weights, InvalidInputError, /resnetWeights/);
  const huge = Matrix.full(10, 1, 1e300);
  assertThrows(() => new GradientNetwork({ architecture: 'resnet', epochs: 3 }).fit(X, huge), NonFiniteError, /initial weights/);
  net.dispose(); X.dispose(); y.dispose(); huge.dispose();
  assert.is(liveBytes(), start);
});

test.run();
