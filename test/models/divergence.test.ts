// Issue 16, defect 2: iterative models never return a non-finite model. The one policy
// (docs/models.md): a non-finite training loss (or non-finite weights) stops the fit with a
// NonFiniteError naming the step and the option to change; the model keeps its previous state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, liveBytes, Matrix, GradientNetwork, AnminNetwork, SampledNetwork, NonFiniteError, NotFittedError, LsqnetError,
} from '../../src/index.js';
import { assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

/** 200 × 3 inputs in [−1, 1) and a smooth target (the shape). */
function data(n = 200, sx = 1, sy = 1): { X: Matrix; y: Float64Array } {
  const X0 = Matrix.random(n, 3, { seed: 7, dist: 'uniform', low: -1, high: 1 });
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = sy * (Math.sin(2 * X0.get(i, 0)) + X0.get(i, 1) * X0.get(i, 2));
  const X = sx === 1 ? X0 : X0.scale(sx);
  if (X !== X0) X0.dispose();
  return { X, y };
}

test('issue reproduction: GradientNetwork sgd, learningRate 10, 20 epochs on 200×3 → NonFiniteError naming the learning rate', () => {
  const { X, y } = data();
  const base = liveBytes();
  const losses: number[] = [];
  const net = new GradientNetwork({ optimizer: 'sgd', learningRate: 10, epochs: 20, onProgress: (e) => losses.push(e.loss) });
  assertThrows(() => net.fit(X, y), NonFiniteError, /^GradientNetwork\.fit: the training loss became (NaN|-?Infinity) in epoch \d+: optimizer 'sgd' diverged with learningRate 10; lower 'learningRate'/);
  assert.ok(losses.every(Number.isFinite), 'no progress event carried a non-finite loss');
  assert.ok(losses.length < 20, 'training stopped at the divergence');
  assertThrows(() => net.predict(X), NotFittedError, /not fitted/);
  assert.equal(net.history, [], 'no history was committed');
  net.dispose();
  assert.is(liveBytes(), base, 'the training buffers were freed');
  X.dispose();
});

test('a diverged refit keeps the previous model (same predictions); the error names the scheduled rate', () => {
  const { X, y } = data();
  const net = new GradientNetwork({ optimizer: 'sgd', learningRate: 0.05, epochs: 5, hidden: 8, seed: 3 }).fit(X, y);
  const before = net.predict(X, { as: 'array' });
  const history = net.history.map((e) => e.trainMse);
  const base = liveBytes();
  const bad = new GradientNetwork({ optimizer: 'sgd', learningRate: 10, epochs: 60, hidden: 64, seed: 3, schedule: { stepEvery: 5, factor: 0.99 } });
  let err: unknown;
  try { bad.fit(X, y); } catch (e) { err = e; }
  assert.instance(err, NonFiniteError);
  assert.is((err as LsqnetError).code, 'NON_FINITE');
  assert.match((err as Error).message, /diverged with learningRate 9\.\d* \(option learningRate 10\)/);
  bad.dispose();
  // refitting the good model with a diverging configuration is impossible through the same
  // object (options are fixed), so refit on data that overflows: the old weights must survive
  const huge = X.scale(1e200);
  assertThrows(() => net.fit(huge, y), NonFiniteError, /at the initial weights .* standardise X and centre Y/);
  assert.equal(Array.from(net.predict(X, { as: 'array' })), Array.from(before), 'previous weights kept');
  assert.equal(net.history.map((e) => e.trainMse), history, 'previous history kept');
  huge.dispose();
  assert.is(liveBytes(), base);
  net.dispose(); X.dispose();
});

test('every GradientNetwork optimizer: finite model or NonFiniteError, never NaN (adam, lbfgs, sgd; huge X, huge Y)', () => {
  for (const [sx, sy] of [[1e160, 1], [1, 1e200], [1e300, 1e300]] as const) {
    const { X, y } = data(60, sx, sy);
    const base = liveBytes();
    for (const optimizer of ['adam', 'sgd', 'lbfgs'] as const) {
      const net = new GradientNetwork({ optimizer, epochs: 4, hidden: 4 });
      assertThrows(() => net.fit(X, y), NonFiniteError, /GradientNetwork\.fit: the training loss is Infinity at the initial weights/);
      assert.not.ok(net.fitted);
      net.dispose();
    }
    assert.is(liveBytes(), base);
    X.dispose();
  }
  // sane data: all three converge to finite models (the check does not fire spuriously)
  const { X, y } = data(60);
  for (const optimizer of ['adam', 'sgd', 'lbfgs'] as const) {
    const net = new GradientNetwork({ optimizer, epochs: 5, hidden: 4 }).fit(X, y);
    assert.ok(net.history.every((e) => Number.isFinite(e.trainMse)));
    assert.ok(net.predict(X, { as: 'array' }).every(Number.isFinite));
    net.dispose();
  }
  X.dispose();
});

test('AnminNetwork diverges too (pseudo-inverse with a 1e-300 clamp): NonFiniteError, not an InvalidInputError about an internal matrix', () => {
  const base = liveBytes();
  const { X, y } = data(40);
  const good = new AnminNetwork({ hidden: 6, iterations: 3, seed: 2 }).fit(X, y);
  const before = good.predict(X, { as: 'array' });
  const after = liveBytes();
  const net = new AnminNetwork({ hidden: 20, iterations: 10, tau: Infinity, clamp: 1e-300, lambda: 0 });
  assertThrows(() => net.fit(X, y), NonFiniteError, /^AnminNetwork\.fit: .*overflow.*raise 'lambda' \/ 'clamp'/);
  assert.not.ok(net.fitted);
  assertThrows(() => net.predict(X), NotFittedError);
  net.dispose();
  // data whose magnitude overflows, on a fitted model: previous state kept
  const huge = X.scale(1e160);
  assertThrows(() => good.fit(huge, y), NonFiniteError, /standardise X and centre Y/);
  assertThrows(() => good.fit(X, Array.from(y, (v) => v * 1e200)), NonFiniteError, /training MSE became Infinity at the initial \(random\) hidden layer/);
  for (const extra of [{ outputRegularization: 'gcv' as const }, { select: 'last' as const, lambda: 0 }]) {
    const m = new AnminNetwork({ hidden: 4, iterations: 2, ...extra });
    assertThrows(() => m.fit(huge, y), NonFiniteError);
    m.dispose();
  }
  assert.equal(Array.from(good.predict(X, { as: 'array' })), Array.from(before), 'previous weights kept');
  huge.dispose();
  assert.is(liveBytes(), after);
  good.dispose(); X.dispose();
  assert.is(liveBytes(), base);
});

test('predict never returns a non-finite output: inputs that overflow inside the network → NonFiniteError naming the row', () => {
  const { X, y } = data(40);
  const net = new SampledNetwork({ layers: [5], activation: 'relu', seed: 1 }).fit(X, y);
  const cls = new SampledNetwork({ layers: [5], activation: 'relu', seed: 1, task: 'classification' }).fit(X, Array.from(y, (v) => (v > 0 ? 1 : 0)));
  const rows = [[0.1, 0.2, 0.3], [1.5e308, -1.5e308, 1.5e308]];
  const base = liveBytes();
  assertThrows(() => net.predict(rows), NonFiniteError, /^SampledNetwork\.predict: the output for row 1 of X is (NaN|-?Infinity)/);
  assertThrows(() => net.predict(rows, { as: 'array' }), NonFiniteError, /row 1/);
  assertThrows(() => net.score(rows, [0, 0]), NonFiniteError, /SampledNetwork\.score: the output for row 1/);
  assertThrows(() => cls.predictClass(rows), NonFiniteError, /SampledNetwork\.predictClass: the output for row 1/);
  assertThrows(() => cls.predictProba(rows), NonFiniteError, /predictProba/);
  assert.is(liveBytes(), base, 'the outputs were freed');
  assert.ok(net.predict(rows.slice(0, 1), { as: 'array' }).every(Number.isFinite), 'ordinary rows still predict');
  net.dispose(); cls.dispose(); X.dispose();
});

test.run();
