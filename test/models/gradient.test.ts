// GradientNetwork (SGD / Adam / L-BFGS baselines of ANMIN): exact gradient vs finite
// differences of a plain-JS loss, loss decrease, seed determinism, best-so-far L-BFGS, JSON
// round trip, typed errors and memory hygiene.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, Matrix, GradientNetwork, liveBytes, OptionError, InvalidInputError, ShapeError, NotFittedError, DisposedError,
} from '../../src/index.js';
import { twoLayerMseGradient } from '../../src/models/gradient.js';
import { assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

/** Plain-JS MSE of the two-layer net (row-major X without ones, A (d+1)×h and Θ (h+1)×c column-major). */
function jsMse(X: number[][], Y: number[][], A: Float64Array, T: Float64Array, h: number, alpha: number): number {
  const D = X[0]!.length + 1, c = Y[0]!.length;
  let s = 0;
  for (let i = 0; i < X.length; i++) {
    const x = [1, ...X[i]!];
    const act: number[] = [];
    for (let j = 0; j < h; j++) {
      let p = 0;
      for (let q = 0; q < D; q++) p += x[q]! * A[q + j * D]!;
      act.push(Math.max(p, alpha * p));
    }
    act.push(1);
    for (let k = 0; k < c; k++) {
      let o = 0;
      for (let j = 0; j <= h; j++) o += act[j]! * T[j + k * (h + 1)]!;
      s += (o - Y[i]![k]!) ** 2;
    }
  }
  return s / (X.length * c);
}

/** A smooth synthetic regression problem (seeded). */
function toy(n: number, d: number, c: number, seed: number): { X: Matrix; Y: Matrix } {
  const X = Matrix.random(n, d, { seed, stream: 7 });
  const x = X.toRowMajor();
  const Y = new Matrix(n, c);
  const v = Y.view();
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < c; k++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += Math.sin((k + 1) * x[i * d + q]!) * (q + 1);
      v[i + k * n] = s;
    }
  }
  return { X, Y };
}

test('exact gradient equals central finite differences of a plain-JS loss (ReLU and leaky)', () => {
  const base = liveBytes();
  const n = 40, d = 3, h = 6, c = 2;
  const { X, Y } = toy(n, d, c, 3);
  const Xr = X.toRows(), Yr = Y.toRows();
  for (const alpha of [0, 0.1]) {
    const A = Matrix.random(d + 1, h, { seed: 4 });
    const T = Matrix.random(h + 1, c, { seed: 5 });
    const { mse, gradA, gradTheta } = twoLayerMseGradient(X, Y, A, T, alpha);
    const a = A.toColumnMajor(), t = T.toColumnMajor();
    assertLE(Math.abs(mse - jsMse(Xr, Yr, a, t, h, alpha)) / mse, 1e-13, 'mse vs JS');
    // central differences: error O(δ²) away from kinks; δ = 1e-6, relative agreement 1e-6
    const delta = 1e-6;
    const check = (vec: Float64Array, grad: Float64Array, isA: boolean) => {
      for (let i = 0; i < vec.length; i++) {
        const orig = vec[i]!;
        vec[i] = orig + delta;
        const fp = isA ? jsMse(Xr, Yr, vec, t, h, alpha) : jsMse(Xr, Yr, a, vec, h, alpha);
        vec[i] = orig - delta;
        const fm = isA ? jsMse(Xr, Yr, vec, t, h, alpha) : jsMse(Xr, Yr, a, vec, h, alpha);
        vec[i] = orig;
        const fd = (fp - fm) / (2 * delta);
        assertLE(Math.abs(fd - grad[i]!), 1e-6 * Math.max(1, Math.abs(fd)), `${isA ? 'A' : 'Θ'}[${i}] α=${alpha}`);
      }
    };
    check(a, gradA, true);
    check(t, gradTheta, false);
    A.dispose(); T.dispose();
  }
  X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('Adam, SGD with momentum and L-BFGS decrease the loss; L-BFGS returns its best model', () => {
  const base = liveBytes();
  const { X, Y } = toy(300, 2, 1, 8);
  const y = Y.column(0);
  let var0 = 0; const mean = y.reduce((s, v) => s + v, 0) / y.length;
  for (const v of y) var0 += (v - mean) ** 2;
  var0 /= y.length;
  for (const opts of [
    { optimizer: 'adam' as const, epochs: 60, batchSize: 32 },
    { optimizer: 'sgd' as const, epochs: 60, batchSize: 32, learningRate: 0.01, momentum: 0.9 },
    { optimizer: 'lbfgs' as const, epochs: 60 },
  ]) {
    const net = new GradientNetwork({ hidden: 16, seed: 2, ...opts }).fit(X, y);
    const hist = net.history;
    assert.is(hist.length, 60);
    const last = hist[hist.length - 1]!.trainMse;
    assert.ok(last < 0.5 * hist[0]!.trainMse || last < 0.05 * var0, `${opts.optimizer}: ${hist[0]!.trainMse} → ${last}`);
    assert.ok(last < 0.2 * var0, `${opts.optimizer}: final MSE ${last} vs variance ${var0}`);
    // the model's own MSE equals the reported figure (L-BFGS: the best one)
    const P = net.predict(X);
    const p = P.column(0);
    let mse = 0; for (let i = 0; i < p.length; i++) mse += (p[i]! - y[i]!) ** 2;
    mse /= p.length;
    const reported = opts.optimizer === 'lbfgs' ? Math.min(...hist.map((e) => e.trainMse)) : last;
    assertLE(Math.abs(mse - reported), 1e-12 * Math.max(1, reported), `${opts.optimizer} predict MSE vs history`);
    P.dispose(); net.dispose();
  }
  X.dispose(); Y.dispose();
  assert.is(liveBytes(), base);
});

test('seed determinism, JSON round trip, onProgress', () => {
  const { X, Y } = toy(200, 3, 2, 9);
  let calls = 0;
  const a = new GradientNetwork({ hidden: 8, epochs: 5, seed: 7, onProgress: () => { calls++; } }).fit(X, Y);
  const b = new GradientNetwork({ hidden: 8, epochs: 5, seed: 7 }).fit(X, Y);
  const c = new GradientNetwork({ hidden: 8, epochs: 5, seed: 8 }).fit(X, Y);
  assert.is(calls, 5);
  const pa = a.predict(X), pb = b.predict(X), pc = c.predict(X);
  assert.equal([...pa.toColumnMajor()], [...pb.toColumnMajor()]);
  assert.not.equal([...pa.toColumnMajor()], [...pc.toColumnMajor()]);
  const json = JSON.parse(JSON.stringify(a.toJSON()));
  const r = GradientNetwork.fromJSON(json);
  const pr = r.predict(X);
  assert.equal([...pr.toColumnMajor()], [...pa.toColumnMajor()]);
  assert.equal(r.history, a.history);
  [pa, pb, pc, pr, X, Y].forEach((m) => m.dispose());
  [a, b, c, r].forEach((m) => m.dispose());
});

test('typed errors for bad options and input; memory returns to baseline, also on throw', () => {
  const base = liveBytes();
  assertThrows(() => new GradientNetwork({ optimizer: 'rmsprop' as never }), OptionError, /optimizer/);
  assertThrows(() => new GradientNetwork({ hidden: 0 }), OptionError, /hidden/);
  assertThrows(() => new GradientNetwork({ alpha: 1 }), OptionError, /alpha/);
  assertThrows(() => new GradientNetwork({ learningRate: -1 }), OptionError, /learningRate/);
  assertThrows(() => new GradientNetwork({ bogus: 1 } as never), OptionError, /unknown option 'bogus'/);
  const net = new GradientNetwork({ hidden: 4, epochs: 2 });
  assertThrows(() => net.predict([[1, 2]]), NotFittedError, /fit/);
  assertThrows(() => net.fit([[1, NaN]], [1]), InvalidInputError, /row 0, column 1/);
  assertThrows(() => net.fit([[1, 2], [3, 4]], [1, 2, 3]), ShapeError, /rows/);
  assertThrows(() => net.fit([[1, 2]], [[Infinity]]), InvalidInputError, /Y/);
  net.fit([[1, 2], [3, 4], [5, 6]], [1, 2, 3]);
  assertThrows(() => net.predict([[1, 2, 3]]), ShapeError, /columns/);
  const P = net.predict([[1, 2]]);
  assert.ok(Number.isFinite(P.get(0, 0)));
  P.dispose();
  net.dispose();
  assertThrows(() => net.predict([[1, 2]]), DisposedError);
  assert.is(liveBytes(), base);
});

test('single sample and constant targets give finite models', () => {
  const base = liveBytes();
  for (const optimizer of ['adam', 'sgd', 'lbfgs'] as const) {
    const one = new GradientNetwork({ hidden: 4, epochs: 3, optimizer }).fit([[0.5, -1]], [2]);
    assert.ok(one.history.every((e) => Number.isFinite(e.trainMse)));
    const cst = new GradientNetwork({ hidden: 4, epochs: 20, optimizer }).fit([[1, 2], [3, 4], [5, 7], [0, 1]], [3, 3, 3, 3]);
    assert.ok(cst.history.every((e) => Number.isFinite(e.trainMse)));
    const P = cst.predict([[2, 2]]);
    assert.ok(Number.isFinite(P.get(0, 0)));
    P.dispose(); one.dispose(); cst.dispose();
  }
  assert.is(liveBytes(), base);
});

test.run();
