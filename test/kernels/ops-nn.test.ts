// Checks of the nn-family typed ops (bindings/ops/nn.ts): operand and index validation, and
// that the owned workspaces return every byte.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ops } from '../../bindings/index.js';
import { init, liveBytes, Matrix, ShapeError } from '../../src/index.js';

test.before(async () => { await init(); });

test('gatherBatchRows: rows by index (Int32Array or RowIndex); bad indices are ShapeErrors', () => {
  const base = liveBytes();
  const A = Matrix.fromRows([[1, 2], [3, 4], [5, 6]]);
  const out = new Matrix(2, 2);
  ops.gatherBatchRows(A, Int32Array.from([2, 0]), out);
  assert.equal([...out.view()], [5, 1, 6, 2]);
  const idx = ops.rowIndex(3, 3);
  idx.set(Int32Array.from([1, 2, 0]));
  ops.gatherBatchRows(A, idx, out, 1);
  assert.equal([...out.view()], [5, 1, 6, 2]);
  assert.throws(() => ops.gatherBatchRows(A, Int32Array.from([0, 3]), out), (e: unknown) => e instanceof ShapeError);
  assert.throws(() => ops.gatherBatchRows(A, idx, out, 2), (e: unknown) => e instanceof ShapeError);
  assert.throws(() => idx.set(Int32Array.from([0, 1, 3])), (e: unknown) => e instanceof ShapeError);
  const B = new Matrix(2, 2);
  assert.throws(() => ops.gatherBatchRows(B, idx, out), (e: unknown) => e instanceof ShapeError);
  idx.dispose(); A.dispose(); out.dispose(); B.dispose();
  assert.is(liveBytes(), base);
});

test('twoLayerLossGrad: shapes checked against the workspace and θ; memory returned', () => {
  const base = liveBytes();
  const ws = ops.twoLayerWorkspace(4, 3, 2, 1);
  const X = Matrix.random(4, 3, { seed: 1 }), Y = Matrix.random(4, 1, { seed: 2 });
  const theta = Matrix.random(3 * 2 + 3 * 1, 1, { seed: 3 }), grad = new Matrix(9, 1);
  const sse = ops.twoLayerLossGrad(ws, 0, X, Y, theta.buf, grad.buf, 1, false);
  assert.ok(Number.isFinite(sse) && sse > 0);
  assert.is(ops.twoLayerSse(ws, 0, X, Y, theta.buf), sse);
  const short = new Matrix(8, 1);
  assert.throws(() => ops.twoLayerLossGrad(ws, 0, X, Y, short.buf, grad.buf, 1, false), (e: unknown) => e instanceof ShapeError);
  const X5 = new Matrix(5, 3), Y5 = new Matrix(5, 1);
  assert.throws(() => ops.twoLayerSse(ws, 0, X5, Y5, theta.buf), (e: unknown) => e instanceof ShapeError);
  for (const m of [X, Y, theta, grad, short, X5, Y5]) m.dispose();
  ws.dispose();
  assert.is(liveBytes(), base);
});

test('swim ops: out-of-range pair indices are ShapeErrors; candidate pairs are disposed', () => {
  const base = liveBytes();
  const Xt = Matrix.random(2, 5, { seed: 1 }), Y = Matrix.random(5, 1, { seed: 2 }), s = new Matrix(2, 1);
  assert.throws(() => ops.swimScores(Xt, Y, Int32Array.from([0, 5]), Int32Array.from([1, 2]), 2, false, 1e-10, s.buf), (e: unknown) => e instanceof ShapeError);
  const pairs = ops.swimCandidatePairs(5, 7, 1, 0);
  const f = pairs.from.i32(0, 7), t = pairs.to.i32(0, 7);
  for (let j = 0; j < 7; j++) assert.ok(f[j]! >= 0 && f[j]! < 5 && t[j]! >= 0 && t[j]! < 5 && f[j] !== t[j]);
  pairs.dispose();
  const W = new Matrix(2, 1), b = new Matrix(1, 1);
  assert.throws(() => ops.swimNeurons(Xt, Int32Array.from([-1]), Int32Array.from([0]), 1, 0, 1e-10, W, b.buf), (e: unknown) => e instanceof ShapeError);
  for (const m of [Xt, Y, s, W, b]) m.dispose();
  assert.is(liveBytes(), base);
});

test.run();
