// Issue 16, defect 4: an async scope() disposed other code's objects. scope() callbacks are
// synchronous; an async callback is refused with an OptionError and disposes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, GradientNetwork, scope, liveBytes, OptionError } from '../../src/index.js';
import { assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('issue reproduction: objects created while an async callback awaits are not disposed by it', async () => {
  const bytes0 = liveBytes();
  let inside: Matrix | null = null;
  let resumed = false;
  const body = async () => {
    inside = Matrix.eye(3);
    await sleep(10);
    resumed = true;
    assert.is(inside.get(2, 2), 1, 'the callback still uses its own matrix after the await');
  };
  let err: unknown;
  try { scope(body); } catch (e) { err = e; }
  assert.instance(err, OptionError);
  assert.match((err as Error).message, /scope\(fn\): fn is an async function\. scope\(\) callbacks must be synchronous/);
  assert.match((err as Error).message, /open one scope per\s+synchronous step/);
  assert.is(inside, null, 'a native async function is refused before it runs');
  assert.is(liveBytes(), bytes0);

  // a transpiled async callback (returns a promise): runs, is detected on return, disposes nothing
  const other: Matrix[] = [];
  const net = new GradientNetwork({ hidden: 2, epochs: 1 });
  let done!: Promise<void>;
  let err2: unknown;
  try {
    scope(() => {
      inside = Matrix.eye(3);
      done = sleep(10).then(() => { resumed = true; assert.ok(!inside!.disposed); assert.is(inside!.get(1, 1), 1); });
      return done;
    });
  } catch (e) { err2 = e; }
  assert.instance(err2, OptionError);
  assert.match((err2 as Error).message, /fn returned a Promise \(thenable\)/);
  // while the callback "awaits", other code allocates
  other.push(Matrix.zeros(4, 4), Matrix.fromRows([[1, 2]]));
  await done;
  assert.ok(resumed);
  for (const m of other) assert.ok(!m.disposed, 'a matrix created elsewhere survives');
  assert.ok(!net.disposed, 'a model created elsewhere survives');
  assert.ok(!inside!.disposed, 'what the callback created is not disposed under it either');
  assert.is(inside!.get(0, 0), 1);
  inside!.dispose(); for (const m of other) m.dispose(); net.dispose();
  assert.is(liveBytes(), bytes0);
});

test('a refused async callback inside a synchronous scope hands its objects to that scope', () => {
  const bytes0 = liveBytes();
  let made: Matrix | null = null;
  scope(() => {
    assertThrows(() => scope(() => { made = Matrix.eye(2); return Promise.resolve(1); }), OptionError, /thenable/);
    assert.ok(!made!.disposed, 'not disposed by the refused scope');
  });
  assert.ok(made!.disposed, 'the enclosing synchronous scope disposed it');
  assert.is(liveBytes(), bytes0);
});

test('scope(fn) with fn not a function → OptionError; a thenable-free object with then: undefined is a value', () => {
  assertThrows(() => scope(null as never), OptionError, /scope\(fn\): fn must be a function, got null/);
  assertThrows(() => scope(42 as never), OptionError, /got number/);
  const bytes0 = liveBytes();
  const r = scope(() => ({ then: undefined, m: Matrix.eye(2) }));
  assert.ok(!r.m.disposed, 'returned value survives');
  r.m.dispose();
  assert.is(liveBytes(), bytes0);
});

test('a returned value with a throwing getter: the scope still ends and disposes what it created', () => {
  const bytes0 = liveBytes();
  let inner: Matrix | null = null;
  const out = scope(() => {
    inner = Matrix.eye(2);
    return { get boom(): number { throw new Error('getter'); } };
  });
  assert.ok(inner!.disposed);
  assert.type(out, 'object');
  assert.is(liveBytes(), bytes0);
});

test('the documented pattern: await outside, one scope per synchronous step', async () => {
  const bytes0 = liveBytes();
  const rows = await Promise.resolve([[1, 2], [3, 4]]);
  const t = scope(() => { const A = Matrix.fromRows(rows); return A.matmul(A).get(1, 1); });
  await sleep(1);
  const u = scope(() => Matrix.fromRows(rows).transpose().get(0, 1));
  assert.is(t, 22); assert.is(u, 3);
  assert.is(liveBytes(), bytes0);
});

test.run();
