import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, ShapeError, InvalidInputError, OptionError, DisposedError, NotInitializedError, scope, liveBytes } from '../../src/index.js';
import { inspect } from 'node:util';
import { assertThrows, jsMatmul, maxAbsDiff, EPS, assertLE } from '../helpers/index.js';

test.before(async () => { await init(); });

test('fromRows / toRows / get / set round trip', () => {
  const A = Matrix.fromRows([[1, 2, 3], [4, 5, 6]]);
  assert.is(A.rows, 2); assert.is(A.cols, 3);
  assert.equal(A.toRows(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal([...A.toColumnMajor()], [1, 4, 2, 5, 3, 6]);
  assert.equal([...A.toRowMajor()], [1, 2, 3, 4, 5, 6]);
  assert.is(A.get(1, 2), 6);
  A.set(0, 1, -7);
  assert.is(A.get(0, 1), -7);
  A.dispose();
});

test('fromRowMajor / fromColumnMajor / from(data)', () => {
  const A = Matrix.fromRowMajor([1, 2, 3, 4, 5, 6], 2, 3);
  const B = Matrix.fromColumnMajor([1, 4, 2, 5, 3, 6], 2, 3);
  const C = Matrix.from({ data: new Float64Array([1, 4, 2, 5, 3, 6]), rows: 2, cols: 3, order: 'column-major' });
  assert.equal(A.toRows(), B.toRows());
  assert.equal(A.toRows(), C.toRows());
  scope(() => { assert.equal(Matrix.from([[1, 2]]).toRows(), [[1, 2]]); });
  [A, B, C].forEach((m) => m.dispose());
});

test('zeros, eye, full, transpose, add, sub, scale, blocks', () => {
  scope(() => {
    assert.equal(Matrix.zeros(2, 2).toRows(), [[0, 0], [0, 0]]);
    assert.equal(Matrix.eye(2, 3).toRows(), [[1, 0, 0], [0, 1, 0]]);
    assert.equal(Matrix.full(1, 2, 3.5).toRows(), [[3.5, 3.5]]);
    const A = Matrix.fromRows([[1, 2, 3], [4, 5, 6]]);
    assert.equal(A.transpose().toRows(), [[1, 4], [2, 5], [3, 6]]);
    assert.equal(A.add(A).toRows(), [[2, 4, 6], [8, 10, 12]]);
    assert.equal(A.sub(A).toRows(), [[0, 0, 0], [0, 0, 0]]);
    assert.equal(A.scale(-1).toRows(), [[-1, -2, -3], [-4, -5, -6]]);
    assert.equal(A.block(0, 1, 2, 2).toRows(), [[2, 3], [5, 6]]);
    assert.equal(A.columns(2).toRows(), [[3], [6]]);
    assert.equal(A.rowRange(1).toRows(), [[4, 5, 6]]);
    assert.equal([...A.column(1)], [2, 5]);
    assert.equal([...A.row(1)], [4, 5, 6]);
    const Z = Matrix.zeros(3, 4).setBlock(1, 2, Matrix.fromRows([[7, 8], [9, 10]]));
    assert.equal(Z.toRows(), [[0, 0, 0, 0], [0, 0, 7, 8], [0, 0, 9, 10]]);
    assertThrows(() => Z.setBlock(2, 3, Matrix.eye(2)), ShapeError, /does not fit/);
  });
});

test('matmul matches a compensated JS product, all transposes', () => {
  scope(() => {
    for (const [m, n, k] of [[1, 1, 1], [3, 5, 7], [17, 9, 33], [64, 65, 66]] as const) {
      const A = Matrix.random(m, k, { seed: 1 });
      const B = Matrix.random(k, n, { seed: 2 });
      const ref = jsMatmul(A.toColumnMajor(), m, k, B.toColumnMajor(), n);
      const C = A.matmul(B);
      assertLE(maxAbsDiff(C.toColumnMajor(), ref), 4 * k * EPS * 8, `matmul ${m}×${k}·${k}×${n}`);
      const At = A.transpose(), Bt = B.transpose();
      assertLE(maxAbsDiff(At.matmul(B, { transA: true }).toColumnMajor(), ref), 4 * k * EPS * 8, 'transA');
      assertLE(maxAbsDiff(A.matmul(Bt, { transB: true }).toColumnMajor(), ref), 4 * k * EPS * 8, 'transB');
      assertLE(maxAbsDiff(At.matmul(Bt, { transA: true, transB: true }).toColumnMajor(), ref), 4 * k * EPS * 8, 'transA+B');
    }
    assertThrows(() => Matrix.zeros(2, 3).matmul(Matrix.zeros(2, 3)), ShapeError, /inner dimensions 3 ≠ 2/);
  });
});

test('random is deterministic, blocking-independent, and has the right moments', () => {
  scope(() => {
    const A = Matrix.random(300, 200, { seed: 42 });
    const B = Matrix.random(300, 200, { seed: 42 });
    const C = Matrix.random(300, 200, { seed: 43 });
    assert.equal(A.toColumnMajor(), B.toColumnMajor());
    assert.not.equal(A.toColumnMajor(), C.toColumnMajor());
    // a column block of a tall matrix equals the same-seed elements generated as part of the whole
    const T = Matrix.random(60000, 1, { seed: 42 });
    assert.equal(T.toColumnMajor(), A.toColumnMajor());
    const v = A.toColumnMajor();
    let mean = 0, m2 = 0;
    for (const x of v) mean += x;
    mean /= v.length;
    for (const x of v) m2 += (x - mean) ** 2;
    const sd = Math.sqrt(m2 / (v.length - 1));
    assertLE(Math.abs(mean), 5 / Math.sqrt(v.length), 'normal mean');   // 5 standard errors
    assertLE(Math.abs(sd - 1), 5 / Math.sqrt(2 * v.length), 'normal sd');
    const U = Matrix.random(1, 100000, { seed: 7, dist: 'uniform', low: -2, high: 3 }).toColumnMajor();
    let um = 0, umin = Infinity, umax = -Infinity;
    for (const x of U) { um += x; umin = Math.min(umin, x); umax = Math.max(umax, x); }
    um /= U.length;
    assert.ok(umin > -2 && umax < 3, 'uniform range');
    assertLE(Math.abs(um - 0.5), 5 * 5 / Math.sqrt(12 * U.length), 'uniform mean');
  });
});

test('bad input gives typed errors', () => {
  assertThrows(() => Matrix.fromRows([[1, 2], [3]]), ShapeError, /row 1 has 1 values, row 0 has 2/);
  assertThrows(() => Matrix.fromRowMajor([1, 2, 3], 2, 2), ShapeError, /3 values, expected 2×2/);
  assertThrows(() => Matrix.zeros(-1, 2), ShapeError);
  assertThrows(() => Matrix.random(2, 2, { dist: 'cauchy' as 'normal' }), OptionError, /dist/);
  assertThrows(() => Matrix.random(2, 2, { seed: 1.5 }), OptionError, /seed/);
  assertThrows(() => Matrix.random(2, 2, { sed: 1 } as object), OptionError, /unknown option 'sed'/);
  const A = Matrix.fromRows([[1, NaN]]);
  assertThrows(() => A.assertFinite('X'), InvalidInputError, /X has a non-finite value \(NaN\) at row 0, column 1/);
  A.dispose();
  assertThrows(() => A.get(0, 0), DisposedError);
  const B = Matrix.eye(2);
  assertThrows(() => B.get(2, 0), ShapeError, /outside/);
  B.dispose();
  assert.ok(NotInitializedError);
});

test('new Matrix works like ml-matrix (zeros, rows, copy) and refuses anything else', () => {
  const start = liveBytes();
  // reuse a freed block first, so "zeros" is not an accident of fresh memory
  Matrix.full(3, 4, 7).dispose();
  const Z = new Matrix(3, 4);
  assert.equal([...Z.toColumnMajor()], new Array(12).fill(0));
  const R = new Matrix([[1, 2], [3, 4]]);
  assert.equal(R.toRows(), [[1, 2], [3, 4]]);
  const C = new Matrix(R);
  R.set(0, 0, 9);
  assert.equal(C.toRows(), [[1, 2], [3, 4]], 'a copy, not a view');
  assertThrows(() => new (Matrix as unknown as new () => Matrix)(), InvalidInputError, /new Matrix: expected/);
  assertThrows(() => new Matrix(2, -1), ShapeError, /cols/);
  assertThrows(() => new Matrix([[1], [2, 3]]), ShapeError, /ragged/);
  Z.dispose(); R.dispose();
  assertThrows(() => new Matrix(R), DisposedError);
  C.dispose();
  assert.is(liveBytes(), start);
});

test('toString and console.log print the values (elided beyond 6×6)', () => {
  const A = Matrix.fromRows([[1, -2.5], [3e-7, 123456789]]);
  assert.is(String(A), 'Matrix 2×2 [\n  [   1,       -2.5],\n  [3e-7, 1.23457e+8],\n]');
  assert.is(inspect(A), String(A));
  const B = Matrix.zeros(8, 9);
  const lines = String(B).split('\n');
  assert.is(lines[0], 'Matrix 8×9 [');
  assert.is(lines.length, 1 + 7 + 1, 'three rows, an ellipsis line, three rows');
  assert.is(lines[4], '  …');
  assert.is(lines[1], '  [0, 0, 0, …, 0, 0, 0],');
  A.dispose(); B.dispose();
  assert.is(String(A), 'Matrix 2×2 (disposed)');
  assert.is(String(Matrix.zeros(0, 3)), 'Matrix 0×3 []');
});

test.run();
