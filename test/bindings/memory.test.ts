import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, scope, keep, liveBytes, liveBlocks, memoryBytes, OutOfMemoryError } from '../../src/index.js';
import { alloc, free, f64 } from '../../bindings/raw.js';
import { assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

test('memory.grow in the middle of work: no stale view is used', () => {
  scope(() => {
    const A = Matrix.fromRows([[1, 2], [3, 4]]);
    const before = memoryBytes();
    const oldView = f64();
    // force growth: allocate more than the current memory
    const big = Matrix.zeros(Math.ceil(before / 8) + 1024, 1);
    assert.ok(memoryBytes() > before, 'memory grew');
    assert.is(oldView.length, 0, 'the old view was detached by memory.grow');
    // every accessor builds a fresh view
    assert.equal(A.toRows(), [[1, 2], [3, 4]]);
    A.set(1, 1, 9);
    assert.is(A.get(1, 1), 9);
    const P = A.matmul(A);
    assert.equal(P.toRows(), [[7, 20], [30, 87]]);
    big.dispose();
  });
});

test('10,000 create/compute/dispose cycles leave live bytes unchanged', () => {
  const bytes0 = liveBytes();
  const blocks0 = liveBlocks();
  for (let i = 0; i < 10000; i++) {
    const A = Matrix.random(8, 8, { seed: i });
    const B = A.matmul(A, { transB: true });
    const S = B.add(A);
    const C = S.transpose();
    A.dispose(); B.dispose(); S.dispose(); C.dispose();
  }
  assert.is(liveBytes(), bytes0);
  assert.is(liveBlocks(), blocks0);
  const mem0 = memoryBytes();
  for (let i = 0; i < 10000; i++) {
    scope(() => Matrix.random(8, 8, { seed: i }).matmul(Matrix.eye(8)).scale(2).toRows());
  }
  assert.is(liveBytes(), bytes0);
  assert.is(memoryBytes(), mem0, 'memory did not grow');
});

test('scope keeps returned matrices (nested values) and keep(), disposes the rest', () => {
  const bytes0 = liveBytes();
  let inner: Matrix | undefined;
  const out = scope(() => {
    const A = Matrix.eye(3);
    inner = A.scale(2);
    const kept = keep(Matrix.eye(2));
    return { result: [A.add(A)], kept };
  });
  assert.ok(inner!.disposed, 'temporary disposed');
  assert.ok(!out.result[0]!.disposed, 'returned survives');
  assert.ok(!out.kept.disposed, 'kept survives');
  out.result[0]!.dispose(); out.kept.dispose();
  assert.is(liveBytes(), bytes0);
  // throw inside a scope still cleans up
  assert.throws(() => scope(() => { Matrix.eye(10); throw new Error('boom'); }), /boom/);
  assert.is(liveBytes(), bytes0);
});

test('nested scopes hand survivors to the parent scope', () => {
  const bytes0 = liveBytes();
  scope(() => {
    const m = scope(() => Matrix.eye(4));
    assert.ok(!m.disposed);
  });
  assert.is(liveBytes(), bytes0);
});

test('allocation beyond the wasm32 limits raises OutOfMemoryError naming the size', () => {
  assertThrows(() => Matrix.zeros(100000, 100000), OutOfMemoryError, /80000000000 bytes/);
  assertThrows(() => alloc(2 ** 31), OutOfMemoryError, /2147483648 bytes/);
  // 3 × 900 MiB cannot coexist in 4 GiB (minus what is already used): the third must fail cleanly
  const ptrs: number[] = [];
  let err: unknown;
  try {
    for (let i = 0; i < 5; i++) ptrs.push(alloc(900 * 2 ** 20));
  } catch (e) { err = e; }
  for (const p of ptrs) free(p);
  assert.instance(err, OutOfMemoryError);
  assert.match((err as Error).message, /943718400 bytes/);
  // sizes that are not a byte count are refused before the allocator sees them, nothing stays live
  const live0 = liveBytes();
  for (const bad of [Number.NaN, -8, 2.5, Infinity]) assertThrows(() => alloc(bad), OutOfMemoryError, /invalid size/);
  assert.is(liveBytes(), live0);
  // the allocator still works afterwards
  const A = Matrix.eye(3);
  assert.is(A.get(2, 2), 1);
  A.dispose();
});

test.run();
