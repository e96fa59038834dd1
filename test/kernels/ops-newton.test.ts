// Checks of the Newton-family typed ops (bindings/ops/newton.ts) and their kernels
// (assembly/nn/softmax.ts): stability at extreme margins, weights and scales, label checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ops } from '../../bindings/index.js';
import { init, liveBytes, Matrix, ShapeError } from '../../src/index.js';
import { assertLE } from '../helpers/index.js';

test.before(async () => { await init(); });

test('softmaxLoss / softmaxResidual / softmaxHessApply: stable at margins ±1000, weights and scale, P may alias Z', () => {
  const base = liveBytes();
  const Z = Matrix.fromRows([[1000, 0, -1000], [0, 0, 0], [-5, 2, 1]]);
  const P = new Matrix(3, 3);
  const labels = ops.labelBlock(Int32Array.from([1, 2, 0]));
  const w = Matrix.fromVector([2, 1, 0.5]);
  const L = ops.softmaxLoss(Z, labels, w, P);
  // row 0: lse = 1000 + log(1 + e^-1000 + e^-2000) = 1000, loss 1000 − 0; row 1: log 3; row 2: lse − (−5)
  const lse2 = 2 + Math.log(Math.exp(-7) + 1 + Math.exp(-1));
  const ref = 2 * 1000 + Math.log(3) + 0.5 * (lse2 + 5);
  assertLE(Math.abs(L - ref) / ref, 1e-15, 'weighted loss');
  assert.equal(P.row(0)[0], 1);
  assertLE(Math.abs(P.get(1, 2) - 1 / 3), 1e-16, 'uniform row');
  const R = new Matrix(3, 3);
  ops.softmaxResidual(P, labels, null, 0.5, R);
  assertLE(Math.abs(R.get(0, 1) - 0.5 * (P.get(0, 1) - 1)), 1e-16, 'one-hot subtracted at the label');
  assertLE(Math.abs(R.get(2, 0) - 0.5 * (P.get(2, 0) - 1)), 1e-16, 'one-hot subtracted at the label');
  // D(U) for U = ones: P ⊙ 1 − P·(P·1) = 0 (softmax is invariant to a shift of all classes)
  const U = Matrix.full(3, 3, 1);
  ops.softmaxHessApply(P, w, 1, U);
  for (const v of U.view()) assertLE(Math.abs(v), 1e-15, 'D(1) = 0');
  // in place (P = Z) gives the same probabilities
  const Z2 = Z.clone();
  assertLE(Math.abs(ops.softmaxLoss(Z2, labels, w, Z2) - L), 0, 'aliasing');
  assert.equal([...Z2.view()], [...P.view()]);
  const hw = Matrix.zeros(3, 1), rs = Matrix.fromVector([1, 4, 9]);
  const tot = ops.hessianRowWeights(P, rs.buf, hw.buf);
  const c = (i: number) => 1 - P.row(i).reduce((s, v) => s + v * v, 0);
  const want = [1 * c(0), 4 * c(1), 9 * c(2)];
  for (let i = 0; i < 3; i++) assertLE(Math.abs(hw.get(i, 0) - want[i]!), 1e-15, 'row weight');
  assertLE(Math.abs(tot - want.reduce((a, b) => a + b, 0)), 1e-14, 'sum');
  const bad = ops.labelBlock(Int32Array.from([0, 3, 1]));
  assert.throws(() => ops.softmaxLoss(Z, bad, null, P), (e: unknown) => e instanceof ShapeError && /label 3 \(row 1\)/.test(e.message));
  assert.throws(() => ops.softmaxResidual(P, bad, null, 1, R), (e: unknown) => e instanceof ShapeError);
  const short = ops.labelBlock(Int32Array.from([0]));
  assert.throws(() => ops.softmaxLoss(Z, short, null, P), (e: unknown) => e instanceof ShapeError && /holds 1 labels/.test(e.message));
  for (const b of [labels, bad, short]) b.free();
  for (const M of [Z, P, w, R, U, Z2, hw, rs]) M.dispose();
  assert.is(liveBytes(), base);
});

test('logisticLoss / logisticResidual / logisticHessApply: softplus and σ stable at ±800', () => {
  const base = liveBytes();
  const z = Matrix.fromVector([800, -800, 0, 1e-3]);
  const p = new Matrix(4, 1);
  const labels = ops.labelBlock(Int32Array.from([0, 0, 1, 1]));
  const L = ops.logisticLoss(z, labels, null, p);
  const ref = 800 + Math.log1p(Math.exp(-800)) + Math.log1p(Math.exp(-800)) + Math.log(2) + (Math.log1p(Math.exp(-1e-3)) + 1e-3 - 1e-3);
  assertLE(Math.abs(L - ref) / ref, 1e-15, 'loss');
  assert.equal([...p.view()].slice(0, 3), [1, 0, 0.5]);
  const r = new Matrix(4, 1);
  ops.logisticResidual(p, labels, null, 2, r);
  assert.equal([...r.view()].slice(0, 3), [2, 0, -1]);
  const u = Matrix.fromVector([1, 1, 1, 1]);
  ops.logisticHessApply(p, null, 1, u);
  assert.equal([...u.view()].slice(0, 3), [0, 0, 0.25]);
  const bad = ops.labelBlock(Int32Array.from([0, 2, 1, 1]));
  assert.throws(() => ops.logisticLoss(z, bad, null, p), (e: unknown) => e instanceof ShapeError && /label 2 \(row 1\)/.test(e.message));
  assert.throws(() => ops.logisticResidual(p, bad, null, 1, r), (e: unknown) => e instanceof ShapeError);
  const wide = new Matrix(4, 2);
  assert.throws(() => ops.logisticLoss(wide, labels, null, wide), (e: unknown) => e instanceof ShapeError);
  labels.free(); bad.free();
  for (const M of [z, p, r, u, wide]) M.dispose();
  assert.is(liveBytes(), base);
});

test.run();
