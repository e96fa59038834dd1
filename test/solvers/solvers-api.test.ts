import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, lstsq, lsqr, lsrn, splitSolve, sketchSolve, LinearOperator, liveBytes, ShapeError, InvalidInputError, OptionError } from '../../src/index.js';
import { assertLE, assertThrows, maxAbsDiff } from '../helpers/index.js';
import { arraySplit, randomPermutation } from '../../src/solvers/split.js';

test.before(async () => { await init(); });

test("lstsq({ method: 'lsqr' }) dispatches to lsqr with solverOptions; x and diagnostics identical", () => {
  const A = Matrix.random(40, 6, { seed: 1 });
  const bm = Matrix.random(40, 1, { seed: 2 }); const b = bm.toColumnMajor(); bm.dispose();
  const before = liveBytes();
  const r = lstsq(A, b, { method: 'lsqr', solverOptions: { atol: 1e-12, btol: 1e-12 } });
  const q = lsqr(A, b, { atol: 1e-12, btol: 1e-12 });
  assert.is(maxAbsDiff(r.x, q.x), 0);
  assert.is(r.iterations, q.iterations);
  assert.is((r.info as { istop: number }).istop, q.istop);
  assert.is(r.method, 'lsqr');
  assertLE(Math.abs(r.residualNorm - q.r1norm) / q.r1norm, 1e-10, 'residual norm = LSQR r1norm estimate');
  assertThrows(() => lstsq(A, b, { method: 'lsqr', solverOptions: { tol: 1 } }), OptionError, /unknown option 'tol'/);
  assertThrows(() => lstsq(A, b, { method: 'lsqr', rcond: 1e-8 }), OptionError, /rcond/);
  assertThrows(() => lstsq(A, b, { method: 'lsrn', solverOptions: { oversampling: 1 } }), OptionError, /oversampling/);
  assertThrows(() => lstsq(A, b, { method: 'split', solverOptions: { splits: 0 } }), OptionError, /splits/);
  assert.is(liveBytes(), before);
  A.dispose();
});

test("lstsq methods 'lsrn' and 'split' agree with 'svd' on a full-rank problem (vector and Matrix B)", () => {
  const A = Matrix.random(300, 12, { seed: 7 });
  const B = Matrix.random(300, 2, { seed: 8 });
  const before = liveBytes();
  const ref = lstsq(A, B, { method: 'svd' });
  for (const method of ['lsrn', 'split'] as const) {
    const r = lstsq(A, B, { method, solverOptions: method === 'split' ? { splits: 1 } : { seed: 2 } });
    assert.is(r.method, method);
    assert.is(r.rank, 12);
    assertLE(maxAbsDiff(r.x.toColumnMajor(), ref.x.toColumnMajor()), 1e-12, `${method} vs svd`);
    assertLE(Math.abs(r.residualNorm - ref.residualNorm) / ref.residualNorm, 1e-12, `${method} residual`);
    r.x.dispose();
    const v = lstsq(A, B.column(0), { method, rcond: 1e-12 });
    assertLE(maxAbsDiff(v.x, ref.x.column(0)), 1e-12, `${method} vector b`);
  }
  ref.x.dispose();
  assert.is(liveBytes(), before);
  A.dispose(); B.dispose();
});

test('bad input to lsrn / splitSolve / sketchSolve: typed errors before any work, no leaks', () => {
  const before = liveBytes();
  const A = Matrix.random(30, 4, { seed: 1 });
  const b = new Float64Array(30);
  for (const o of [{ oversampling: 1 }, { oversampling: 0.5 }, { oversampling: NaN }, { sketch: 'srht' }, { solver: 'cg' }, { seed: -1 }, { tol: 0 }, { blockSize: 0 }, { maxIter: 0 }, { zeta: 0 }, { bogus: 1 }]) {
    assertThrows(() => lsrn(A, b, o as never), OptionError);
  }
  assertThrows(() => lsrn(A, new Float64Array(29)), ShapeError, /30 rows/);
  assertThrows(() => lsrn(A, [...new Float64Array(29), NaN]), InvalidInputError, /non-finite/);
  assertThrows(() => lsrn([[1, 2], [3, Infinity]], [1, 2]), InvalidInputError, /non-finite/);
  for (const o of [{ splits: 0 }, { splits: -2 }, { splits: 5 }, { splits: 1.5 }, { order: 'up' }, { solver: 'cholesky' }, { sortKey: [1, 2] }, { sortKey: [1, 2, NaN, 4] }, { biasColumn: 9 }, { whatever: 1 }]) {
    assertThrows(() => splitSolve(A, b, o as never), Error);
    try { splitSolve(A, b, o as never); } catch (e) { assert.ok(e instanceof OptionError || e instanceof ShapeError || e instanceof InvalidInputError, `${JSON.stringify(o)}: ${(e as Error).message}`); }
  }
  assertThrows(() => splitSolve(LinearOperator.fromRowBlocks(30, 4, (s, e) => A.rowRange(s, e)), b), OptionError, /column blocks/);
  for (const o of [{ rows: 0 }, { sampling: 'norm' }, { seed: 0.5 }, { rcond: -1 }, { r: 3 }]) assertThrows(() => sketchSolve(A, b, o as never), OptionError);
  assertThrows(() => sketchSolve(A, new Float64Array(3)), ShapeError);
  A.dispose();
  assert.is(liveBytes(), before);
});

test('array_split convention and seeded permutations', () => {
  const g = arraySplit(Int32Array.from({ length: 10 }, (_, i) => i), 3);
  assert.equal(g.map((x) => Array.from(x)), [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  const p1 = randomPermutation(50, 3), p2 = randomPermutation(50, 3), p3 = randomPermutation(50, 4);
  assert.equal(Array.from(p1), Array.from(p2));
  assert.not.equal(Array.from(p1), Array.from(p3));
  assert.equal(Array.from(p1).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
});

test.run();
