// VarProNetwork, task 'classification' (ALGORITHMS.md §8.3–§8.4, last paragraph): W̃(θ, b) is the
// minimiser of the L2-regularised softmax cross-entropy, solved by newton() at every evaluation;
// (θ, b) by L-BFGS on the reduced objective with the envelope-theorem gradient. Checked: the
// reduced gradient against central finite differences (tanh, n_f = 3, n = 50, 3 classes,
// M-matrix and dense kernels), W̃ against a direct newton() call, accuracy on a separable
// problem, probabilities, bit-identical seeds, JSON (and old regression files), typed errors,
// memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, liveBytes, Matrix, VarProNetwork, scope, newton, OptionError, InvalidInputError, ShapeError, NotFittedError,
  type KernelKind,
} from '../../src/index.js';
import { VarProSoftmaxProblem } from '../../src/models/varpro.js';
import { assertLE, assertThrows, EPS } from '../helpers/index.js';

test.before(async () => { await init(); });

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };
const nrm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));

/** X ~ U(−1, 1)^{n×3}; label = arg-max of three fixed smooth scores (3 classes, a few flipped for overlap when `noisy`). */
function data(n: number, seed: number, noisy = true): { X: Matrix; y: Int32Array } {
  const X = Matrix.random(n, 3, { seed, dist: 'uniform', low: -1, high: 1 });
  const x = X.toColumnMajor();
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = x[i]!, b = x[i + n]!, c = x[i + 2 * n]!;
    const s = [a + 0.5 * b, -a + 0.3 * c, 0.2 - b * c];
    y[i] = s.indexOf(Math.max(...s));
    if (noisy && i % 11 === 5) y[i] = (y[i]! + 1) % 3;
  }
  return { X, y };
}

const SETTINGS = { activation: 'tanh' as const, alpha: 0.1, lambda: 1e-2, beta: 1e-3, newtonTol: 1e-12, newtonMaxIter: 100 };

/**
 * Central differences (h = 1e-6) of φ̃ along every coordinate vs the analytic gradient. Returns the
 * relative error and its a-priori bound: FD error ≈ √q·(ε·|φ̃|/h·4 + h²·(third derivatives ≈ 1)) plus
 * the gradient error of the inexact inner solve, ≤ ‖∂²F/∂u∂W‖·max‖∇_W F‖/λ (‖∂²F/∂u∂W‖ taken ≤ 10:
 * ‖X‖ ≤ √3, |σ'| ≤ 1, and the softmax curvature ≤ 1/2).
 */
function fdCheck(kind: KernelKind, w: number, seed: number): { rel: number; bound: number } {
  return scope(() => {
    const { X, y } = data(50, seed);
    const prob = new VarProSoftmaxProblem(X, y, 3, { kernel: kind, width: w, ...SETTINGS });
    try {
      const u = Matrix.random(prob.q, 1, { seed: seed + 1 }).toColumnMajor();
      const pt = prob.evaluate(u);
      const g = prob.gradient(pt);
      let inner = pt.innerGradientNorm;
      const phi = pt.objective;
      assert.ok(pt.innerConverged, 'inner Newton converged');
      pt.dispose();
      const h = 1e-6;
      const fd = new Float64Array(prob.q);
      for (let i = 0; i < prob.q; i++) {
        const up = u.slice(), um = u.slice();
        up[i]! += h; um[i]! -= h;
        const a = prob.evaluate(up), b = prob.evaluate(um);
        inner = Math.max(inner, a.innerGradientNorm, b.innerGradientNorm);
        fd[i] = (a.objective - b.objective) / (2 * h);
        a.dispose(); b.dispose();
      }
      const diff = g.map((v, i) => v - fd[i]!);
      const gn = nrm(g);
      const bound = (Math.sqrt(prob.q) * (4 * EPS * Math.abs(phi) / h + h * h) + 10 * inner / SETTINGS.lambda) / gn;
      return { rel: nrm(diff) / gn, bound };
    } finally {
      prob.dispose();
    }
  });
}

test('reduced cross-entropy gradient vs central FD: tanh, n_f = 3, n = 50, 3 classes, M-matrix and dense kernels (≤ 1e-6 relative and ≤ the a-priori bound)', () => {
  const base = liveBytes();
  for (const [kind, w] of [['mmatrix', 3], ['dense', 3], ['dense', 5], ['diagonal', 3], ['antisymmetric', 3]] as [KernelKind, number][]) {
    const { rel, bound } = fdCheck(kind, w, 7);
    assertLE(rel, Math.min(1e-6, Math.max(bound, 1e-9)), `${kind} w=${w} FD relative error`);
  }
  assert.is(liveBytes(), base);
});

test('W̃(θ, b) equals a direct newton() call on [Z, 1] within (‖∇₁‖ + ‖∇₂‖)/λ', () => {
  const base = liveBytes();
  scope(() => {
    const { X, y } = data(50, 3);
    const prob = new VarProSoftmaxProblem(X, y, 3, { kernel: 'dense', width: 4, ...SETTINGS });
    try {
      const u = Matrix.random(prob.q, 1, { seed: 11 }).toColumnMajor();
      // a warm start from another point first, so that the compared solve is warm-started
      prob.evaluate(u.map((v) => v + 0.1)).dispose();
      const pt = prob.evaluate(u);
      const n = 50, w = 4;
      const Zt = Matrix.zeros(n, w + 1);
      const z = pt.Z.toColumnMajor();
      const zt = new Float64Array(n * (w + 1));
      zt.set(z); zt.fill(1, n * w);
      Zt.view().set(zt);
      const ref = newton({ loss: 'softmax', X: Zt, labels: y, classes: 3, lambda: SETTINGS.lambda }, { mode: 'full', tol: 1e-13 });
      const diff = pt.W.toColumnMajor().map((v, i) => v - ref.W.toColumnMajor()[i]!);
      assertLE(nrm(diff), (pt.innerGradientNorm + ref.gradientNorm) / SETTINGS.lambda + 64 * EPS * nrm(ref.W.toColumnMajor()), '‖W̃ − W_newton‖');
      // the objective is F(W̃) + (β/2)‖θ‖²
      const th = pt.theta.toColumnMajor();
      assertLE(Math.abs(pt.objective - (ref.objective + 0.5 * SETTINGS.beta * dot(th, th))), 64 * EPS * (1 + ref.objective), 'objective vs newton F + β term');
      pt.dispose(); ref.W.dispose();
    } finally {
      prob.dispose();
    }
  });
  assert.is(liveBytes(), base);
});

test('fit: separable 3-class problem reaches training accuracy 1 and test accuracy ≥ 0.9; probabilities sum to 1; history decreases', () => {
  const base = liveBytes();
  scope(() => {
    const { X, y } = data(300, 21, false);
    const { X: Xt, y: yt } = data(300, 22, false);
    // labels 0..2 → arbitrary integer labels (negative, unsorted) to exercise the class map
    const map = [7, -3, 12];
    const lab = Array.from(y, (v) => map[v]!), labt = Array.from(yt, (v) => map[v]!);
    const events: { step: number; total: number; loss: number; trainCrossEntropy?: number }[] = [];
    const net = new VarProNetwork({ task: 'classification', width: 16, lambda: 1e-5, beta: 1e-6, iterations: 150, seed: 3, onProgress: (e) => events.push(e) });
    net.fit(X, lab);
    assert.is(events.length, net.history.length);
    assert.is(events.at(-1)!.step, events.at(-1)!.total);
    for (const e of events) assert.is(e.loss, e.trainCrossEntropy);
    assert.equal(Array.from(net.classes!), [-3, 7, 12]);
    assertLE(1 - net.score(X, lab), 0.02, 'training error');
    assertLE(1 - net.score(Xt, labt), 0.1, 'test error');
    const P = net.predictProba(Xt);
    assert.is(P.cols, 3);
    const pv = P.toColumnMajor();
    for (let i = 0; i < P.rows; i++) assertLE(Math.abs(pv[i]! + pv[i + 300]! + pv[i + 600]! - 1), 4 * EPS, `row ${i} sum`);
    const pr = net.predict(Xt).toColumnMajor();
    assert.equal(Array.from(pr), Array.from(pv), 'predict = predictProba');
    const cls = net.predictClass(Xt);
    for (let i = 0; i < 300; i++) {
      const j = [pv[i]!, pv[i + 300]!, pv[i + 600]!].indexOf(Math.max(pv[i]!, pv[i + 300]!, pv[i + 600]!));
      assert.is(cls[i], [-3, 7, 12][j]);
    }
    const h = net.history;
    assert.ok(h.length > 10);
    for (let i = 1; i < h.length; i++) assert.ok(h[i]!.objective <= h[i - 1]!.objective + 8 * EPS * (1 + h[i - 1]!.objective), `objective non-increasing at ${i}`);
    for (const e of h) { assert.ok(e.trainCrossEntropy! >= 0); assertLE(e.innerGradientNorm!, 1e-10 * (1 + e.objective), 'inner gradient'); }
    net.dispose();
  });
  assert.is(liveBytes(), base);
});

test('seeds are bit-identical; another seed differs; JSON round trip (task, classes) predicts the same bits; old regression JSON loads', () => {
  const base = liveBytes();
  scope(() => {
    const { X, y } = data(80, 5);
    const lab = Array.from(y);
    const fit = (seed: number, kernel: KernelKind = 'dense') => new VarProNetwork({ task: 'classification', kernel, width: kernel === 'dense' ? 6 : undefined, iterations: 15, seed }).fit(X, lab);
    for (const kernel of ['dense', 'mmatrix'] as KernelKind[]) {
      const a = fit(4, kernel), b = fit(4, kernel), c = fit(5, kernel);
      const pa = a.predictProba(X).toColumnMajor(), pb = b.predictProba(X).toColumnMajor(), pc = c.predictProba(X).toColumnMajor();
      assert.equal(Array.from(pa), Array.from(pb));
      assert.not.equal(Array.from(pa), Array.from(pc));
      assert.equal(a.history.map((e) => e.objective), b.history.map((e) => e.objective));
      const j = JSON.parse(JSON.stringify(a.toJSON()));
      assert.is(j.options.task, 'classification');
      assert.is(j.options.optimizer, 'lbfgs');
      assert.equal(j.classes, [0, 1, 2]);
      const back = VarProNetwork.fromJSON(j);
      assert.equal(Array.from(back.predictProba(X).toColumnMajor()), Array.from(pa));
      assert.equal(Array.from(back.predictClass(X)), Array.from(a.predictClass(X)));
      assert.equal(back.history, a.history);
      assertThrows(() => VarProNetwork.fromJSON({ ...j, classes: undefined }), InvalidInputError, /classes/);
      assertThrows(() => VarProNetwork.fromJSON({ ...j, classes: [0, 2, 1] }), InvalidInputError, /classes/);
      assertThrows(() => VarProNetwork.fromJSON({ ...j, classes: [0, 1, 1.5] }), InvalidInputError, /classes/);
      assertThrows(() => VarProNetwork.fromJSON({ ...j, classes: [0, 1] }), InvalidInputError, /outputDim/);
      assertThrows(() => VarProNetwork.fromJSON({ ...j, options: { ...j.options, optimizer: 'gauss-newton' } }), InvalidInputError, /gauss-newton/);
      assertThrows(() => VarProNetwork.fromJSON({ ...j, options: { ...j.options, newtonTol: 0.5 } }), InvalidInputError, /newtonTol/);
      back.dispose(); a.dispose(); b.dispose(); c.dispose();
    }
    // a regression file written before the task field existed (no 'task', no 'classes') still loads
    const C = Matrix.fromColumnMajor(Array.from(y, (v) => v - 1), 80, 1);
    const r = new VarProNetwork({ width: 4, iterations: 3 }).fit(X, C);
    const jr = JSON.parse(JSON.stringify(r.toJSON()));
    assert.is(jr.options.task, 'regression');
    assert.is(jr.classes, undefined);
    delete jr.options.task;
    const rb = VarProNetwork.fromJSON(jr);
    assert.equal(Array.from(rb.predict(X).toColumnMajor()), Array.from(r.predict(X).toColumnMajor()));
    assert.is(rb.classes, null);
    assertThrows(() => VarProNetwork.fromJSON({ ...jr, classes: [0, 1] }), InvalidInputError, /classes/);
    assertThrows(() => rb.predictClass(X), OptionError, /classification/);
    r.dispose(); rb.dispose();
  });
  assert.is(liveBytes(), base);
});

test('bad input → typed errors naming the argument; nothing leaks', () => {
  const base = liveBytes();
  assertThrows(() => new VarProNetwork({ task: 'classification', optimizer: 'gauss-newton' }), OptionError, /gauss-newton.*regression/);
  assertThrows(() => new VarProNetwork({ task: 'clustering' as never }), OptionError, /task/);
  assertThrows(() => new VarProNetwork({ newtonTol: 1e-8 }), OptionError, /newtonTol.*classification/);
  assertThrows(() => new VarProNetwork({ task: 'classification', newtonTol: 0 }), OptionError, /newtonTol/);
  assertThrows(() => new VarProNetwork({ task: 'classification', newtonTol: 1e-3 }), OptionError, /newtonTol/);
  const net = new VarProNetwork({ task: 'classification', width: 3, iterations: 2 });
  assertThrows(() => net.predictProba([[1, 2, 3]]), NotFittedError);
  const X = [[0, 1, 2], [1, 0, 1], [2, 1, 0], [1, 1, 1]];
  assertThrows(() => net.fit(X, [1, 1, 1, 1]), InvalidInputError, /2 classes/);
  assertThrows(() => net.fit(X, [0, 1, 0.5, 1]), InvalidInputError, /label at index 2 is not an integer/);
  assertThrows(() => net.fit(X, [0, 1, 1]), ShapeError, /labels|rows/);
  assertThrows(() => net.fit(X, [[0, 1], [1, 0], [0, 1], [1, 0]]), ShapeError, /vector|N×1/);
  assertThrows(() => net.fit(X, ['a', 'b', 'a', 'b'] as never), InvalidInputError, /y/);
  net.fit(X, [0, 1, 0, 1]);
  assertThrows(() => net.predictClass([[1, 2]]), ShapeError, /columns/);
  assertThrows(() => net.score(X, [0, 1, 0]), ShapeError, /labels/);
  net.dispose();
  assert.is(liveBytes(), base);
});

test.run();
