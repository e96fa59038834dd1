// The thread pool over shared wasm memory (issue 12, first step): the tiled GEMM is bit-identical
// for 1, 2 and 3 threads (odd sizes, edge tiles, transposes, β ≠ 0) and equal to the single-thread
// dgemm's packed path; a kernel failure on a worker surfaces as a ThreadError (no hang); a pool is
// torn down and rebuilt; a process that used the pool and never disposed it exits promptly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadThreaded, ThreadPool, gemmParallel, type ThreadedRuntime } from '../../bindings/threads/pool.js';
import { ThreadError } from '../../bindings/errors.js';

let rt: ThreadedRuntime;
type Fn = (...a: number[]) => number;
let x: Record<string, Fn>;
test.before(async () => {
  rt = await loadThreaded();
  x = rt.exports as Record<string, Fn>;
});

const heap = (): Float64Array => new Float64Array(rt.memory.buffer);
/** A column-major matrix of deterministic pseudo-random values in shared memory: its byte address. */
function matrix(rows: number, cols: number, seed: number): number {
  const p = x.alloc!(rows * cols * 8) >>> 0;
  const h = heap();
  let s = seed >>> 0;
  for (let i = 0; i < rows * cols; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    h[p / 8 + i] = s / 2 ** 32 - 0.5;
  }
  return p;
}
const read = (p: number, len: number): Float64Array => heap().slice(p / 8, p / 8 + len);
const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

interface Case { ta: number; tb: number; m: number; n: number; k: number; alpha: number; beta: number }
const cases: Case[] = [
  { ta: 0, tb: 0, m: 773, n: 519, k: 301, alpha: 1, beta: 0 },     // 3×3 tiles, edge tiles in both directions
  { ta: 1, tb: 0, m: 401, n: 517, k: 263, alpha: -0.75, beta: 0.5 },
  { ta: 0, tb: 1, m: 389, n: 259, k: 515, alpha: 1.25, beta: 1 },  // k over two KC blocks
  { ta: 1, tb: 1, m: 1001, n: 263, k: 97, alpha: 2, beta: -1.5 },
  { ta: 0, tb: 0, m: 7, n: 5, k: 3, alpha: 1, beta: 0.25 },        // one tile
];

test('tiled GEMM: bit-identical for threads 1, 2, 3 (odd sizes, edge tiles, transposes, β)', async () => {
  for (const c of cases) {
    const { ta, tb, m, n, k } = c;
    const a = matrix(ta ? k : m, ta ? m : k, m + 3 * n), b = matrix(tb ? n : k, tb ? k : n, k + 7 * m);
    const c0 = matrix(m, n, 11 * m + n), cc = x.alloc!(m * n * 8) >>> 0;
    const results: Float64Array[] = [];
    for (const threads of [1, 2, 3]) {
      heap().copyWithin(cc / 8, c0 / 8, c0 / 8 + m * n);
      const pool = new ThreadPool(rt, threads);
      try {
        gemmParallel(pool, rt, ta, tb, m, n, k, c.alpha, a, ta ? k : m, b, tb ? n : k, c.beta, cc, m);
      } finally {
        await pool.dispose();
      }
      results.push(read(cc, m * n));
    }
    assert.ok(sameBits(results[0]!, results[1]!), `threads 1 vs 2 differ for ${JSON.stringify(c)}`);
    assert.ok(sameBits(results[0]!, results[2]!), `threads 1 vs 3 differ for ${JSON.stringify(c)}`);
    if (m > 64 && n > 64) {
      // the single-thread kernel's packed path: the same operations per element
      heap().copyWithin(cc / 8, c0 / 8, c0 / 8 + m * n);
      const w = x.alloc!(x.dgemmWorkspaceSize!(m, n, k) >>> 0) >>> 0;
      x.dgemm!(ta, tb, m, n, k, c.alpha, a, ta ? k : m, b, tb ? n : k, c.beta, cc, m, w);
      x.free!(w);
      assert.ok(sameBits(results[0]!, read(cc, m * n)), `tiled GEMM differs from dgemm for ${JSON.stringify(c)}`);
    }
    for (const p of [a, b, c0, cc]) x.free!(p);
  }
});

test('a kernel failure on a worker surfaces as a ThreadError on the caller (no hang)', async () => {
  const m = 800, n = 600, k = 16;
  const a = matrix(m, k, 1), b = matrix(k, n, 2), c = x.alloc!(m * n * 8) >>> 0;
  const tiles = x.dgemmTileCount!(m, n);
  const ws = x.dgemmTileWorkspaceSize!(m, n, k) >>> 0;
  const work = x.alloc!(ws * 3) >>> 0;
  const pool = new ThreadPool(rt, 3);
  // tiles past the end abort inside wasm on whichever thread claims them
  let err: unknown;
  try {
    pool.run({ kernel: 'dgemmTile', args: [0, 0, m, n, k, 1, a, m, b, k, 0, c, m, work], tiles: [0, tiles + 40], perThread: { arg: 13, stride: ws } });
  } catch (e) { err = e; }
  assert.instance(err, ThreadError);
  assert.is((err as ThreadError).code, 'THREAD');
  assert.match((err as Error).message, /dgemmTile failed on thread \d.*tile index out of range/);
  // only tiles ≥ count fail, so a worker must be able to fail too: force it by giving the caller nothing to do
  let workerErr: unknown;
  try {
    pool.run({ kernel: 'dgemmTile', args: [0, 0, m, n, k, 1, a, m, b, k, 0, c, m, work], tiles: [tiles, tiles + 2000], perThread: { arg: 13, stride: ws } });
  } catch (e) { workerErr = e; }
  assert.instance(workerErr, ThreadError);
  // the pool still works after a failure
  pool.run({ kernel: 'dgemmTile', args: [0, 0, m, n, k, 1, a, m, b, k, 0, c, m, work], tiles: [0, tiles], perThread: { arg: 13, stride: ws } });
  assert.is(pool.liveWorkers, 2);
  await pool.dispose();
  for (const p of [a, b, c, work]) x.free!(p);
});

test('pool torn down and rebuilt; runs after dispose are refused', async () => {
  const m = 500, n = 500, k = 40;
  const a = matrix(m, k, 3), b = matrix(k, n, 4), c = x.alloc!(m * n * 8) >>> 0;
  const p1 = new ThreadPool(rt, 2);
  gemmParallel(p1, rt, 0, 0, m, n, k, 1, a, m, b, k, 0, c, m);
  const first = read(c, m * n);
  assert.is(p1.liveWorkers, 1);
  await p1.dispose();
  assert.is(p1.liveWorkers, 0);
  assert.throws(() => gemmParallel(p1, rt, 0, 0, m, n, k, 1, a, m, b, k, 0, c, m), (e: unknown) => e instanceof ThreadError && /disposed/.test((e as Error).message));
  const p2 = new ThreadPool(rt, 2);
  heap().fill(0, c / 8, c / 8 + m * n);
  gemmParallel(p2, rt, 0, 0, m, n, k, 1, a, m, b, k, 0, c, m);
  assert.ok(sameBits(first, read(c, m * n)));
  await p2.dispose();
  for (const p of [a, b, c]) x.free!(p);
});

test('a process that used the pool (never disposed) exits promptly', () => {
  const pool = fileURLToPath(new URL('../../bindings/threads/pool.ts', import.meta.url));
  const script = `
    import { loadThreaded, ThreadPool, gemmParallel } from ${JSON.stringify(pool)};
    const rt = await loadThreaded();
    const x = rt.exports;
    const n = 300, a = x.alloc(n * n * 8) >>> 0, c = x.alloc(n * n * 8) >>> 0;
    new Float64Array(rt.memory.buffer, a, n * n).fill(1);
    const p = new ThreadPool(rt, 3);
    gemmParallel(p, rt, 0, 0, n, n, n, 1, a, n, a, n, 0, c, n);
    console.log('done', new Float64Array(rt.memory.buffer, c, 1)[0], p.liveWorkers);
  `;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  const seconds = (Date.now() - t0) / 1000;
  assert.is(r.status, 0, `child failed: ${r.stderr}`);
  assert.match(r.stdout, /done 300 2/);
  assert.ok(seconds < 20, `child took ${seconds} s to exit`);
});

test.run();
