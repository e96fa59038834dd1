// Workspace bounds of the divide-and-conquer eigen kernels (assembly/lapack/dlaed.ts and the
// blocked reduction in eig.ts), with the guarded blocks of test/helpers/guarded.ts (shared with
// test/kernels/workspace.test.ts): every buffer is followed by a 4096-byte sentinel guard.
// Sizes: 1, 2, around the leaf size 25, the panel 32, the blocked-reduction threshold 96, and
// several panels; dstedc also at leaf sizes 1 and 2 (deepest recursion).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init } from '../../src/index.js';
import { wasm } from '../../bindings/raw.js';
import { Guarded } from '../helpers/guarded.js';
import { rng } from '../helpers/kernels-util.js';

test.before(async () => { await init(); });

type Fn = (...args: number[]) => number;
const K = (): Record<string, Fn> => wasm() as unknown as Record<string, Fn>;
function sym(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) { const v = r(); a[i + j * n] = v; a[j + i * n] = v; }
  return a;
}

test('dsyevd (vectors and values only) and dsytrdBlocked stay inside their workspace sizes', () => {
  const k = K();
  for (const n of [1, 2, 3, 25, 26, 33, 97, 130, 161]) {
    for (const vectors of [1, 0]) {
      const g = new Guarded();
      const s = g.buf('S', n * n * 8, sym(n, n));
      const w = g.buf('w', n * 8), z = g.buf('Z', n * n * 8);
      const ws = g.buf('work', k.dsyevdWorkspaceSize!(n, vectors));
      const us = vectors ? g.buf('uwork', k.dstedcUWorkspaceSize!(n)) : 0;
      assert.is(k.dsyevd!(n, s, n, w, vectors ? z : 0, n, 0, ws, us), 0);
      g.check(`dsyevd(vectors ${vectors}) n=${n}`);
    }
  }
});

test('dstedc stays inside dstedcWorkspaceSize (leaf sizes 1, 2 and the default)', () => {
  const k = K();
  for (const n of [1, 2, 5, 26, 64, 101]) {
    for (const leaf of [1, 2, 0]) {
      const r = rng(3 * n + leaf);
      const g = new Guarded();
      const d = g.buf('d', n * 8, Array.from({ length: n }, r));
      const e = g.buf('e', n * 8, Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : r())));
      const q = g.buf('Q', n * n * 8);
      const ws = g.buf('work', k.dstedcWorkspaceSize!(n));
      const us = g.buf('uwork', k.dstedcUWorkspaceSize!(n));
      assert.is(k.dstedc!(n, d, e, q, n, leaf, ws, us), 0);
      g.check(`dstedc n=${n} leaf ${leaf}`);
    }
  }
});

test.run();
