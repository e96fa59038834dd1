// Per-thread scratch on demand (bindings/threads/pool.ts, parSetScratch in assembly/core/par.ts): a
// pool created with 2 threads grows to 5 and 7 (more than it started with and than the cores):
// dgemm stays bit-identical to 2 threads and to the shipped build, the tiled path runs, and all 7
// slots claim tiles. Scratch grows by one 4 MiB block per slot never used before, shrinking keeps it,
// dispose frees it all (the freed memory takes a block of that size without growing). A grow past
// maxMemory is an OutOfMemoryError naming maxMemory and leaves the pool as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { OutOfMemoryError } from '../../bindings/errors.js';
import type { Pool, ThreadHost } from '../../bindings/threads/pool.js';
import { loadThreadedForTests } from '../helpers/threaded.js';
import { sameBytes, values } from './util.js';

type Fn = (...a: number[]) => number;
const MiB = 1024 * 1024;
/** One scratch block: PAR_SCRATCH_BYTES plus the 48 bytes that align it to 64. */
const BLOCK = 4 * MiB + 48;

let host: ThreadHost;
let pool: Pool;
const tx = (): Record<string, Fn> => host.exports as unknown as Record<string, Fn>;

test.before(async () => {
  ({ host, pool } = await loadThreadedForTests({ threads: 2 }));
  await pool.started();
});
test.after(async () => { await pool.dispose(); });

/** parTest over `ntiles` tiles of `spin` steps each: returns [count per tile, slot per tile]; frees its blocks. */
function runTiles(h: ThreadHost, ntiles: number, spin: number): [Int32Array, Int32Array] {
  const x = h.exports as unknown as Record<string, Fn>;
  const out = x.alloc!(ntiles * 4) >>> 0, who = x.alloc!(ntiles * 4) >>> 0;
  try {
    new Int32Array(h.memory.buffer, out, ntiles).fill(0);
    new Int32Array(h.memory.buffer, who, ntiles).fill(-1);
    x.parTest!(out, who, ntiles, 0, spin);
    return [new Int32Array(h.memory.buffer, out, ntiles).slice(), new Int32Array(h.memory.buffer, who, ntiles).slice()];
  } finally {
    x.free!(out);
    x.free!(who);
  }
}

/** C = 1.25·op(A)·op(B) + 0.5·C (769×385, k = 257: the tiled path) on an instance; returns C. */
function gemmOn(x: Record<string, Fn>, memory: () => WebAssembly.Memory): Float64Array {
  const m = 769, n = 385, k = 257, lda = m + 1, ldb = k + 2, ldc = m + 3;
  const inputs = [values(lda * k, 5), values(ldb * n, 6), values(ldc * n, 7, true),
    new Float64Array(Math.ceil((x.dgemmWorkspaceSize!(m, n, k) >>> 0) / 8) + 2)];
  const ptrs = inputs.map((d) => {
    const p = x.alloc!(d.length * 8) >>> 0;
    new Float64Array(memory().buffer, p, d.length).set(d);
    return p;
  });
  try {
    x.dgemm!(0, 0, m, n, k, 1.25, ptrs[0]!, lda, ptrs[1]!, ldb, 0.5, ptrs[2]!, ldc, ptrs[3]!);
    return new Float64Array(memory().buffer, ptrs[2]!, inputs[2]!.length).slice();
  } finally {
    for (const p of ptrs) x.free!(p);
  }
}

test('a 2-thread pool grows to 5 and 7 threads: dgemm bit-identical to 2 threads and the shipped build; all 7 slots take tiles', async () => {
  const file = (host as ThreadHost & { relaxedSimd: boolean }).relaxedSimd ? 'lsqnet-relaxed.wasm' : 'lsqnet.wasm';
  const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(new URL(`../../build/${file}`, import.meta.url))),
    { env: { abort: () => { throw new Error('abort in the shipped build'); } } });
  const shipped = gemmOn(inst.exports as unknown as Record<string, Fn>, () => inst.exports.memory as WebAssembly.Memory);
  assert.is(pool.maxThreads, 256);
  const two = gemmOn(tx(), () => host.memory);
  assert.ok(sameBytes(two, shipped), '2 threads vs the shipped build');
  for (const t of [5, 7]) {
    pool.setThreads(t);
    await pool.started();
    assert.is(pool.threads, t);
    const j0 = tx().parJobs!();
    const got = gemmOn(tx(), () => host.memory);
    assert.ok(tx().parJobs!() > j0, `${t} threads: the tiled path ran`);
    assert.ok(sameBytes(got, two), `${t} threads vs 2 threads`);
  }
  // 7 participants: every slot claims tiles of a long job (each tile writes its slot's scratch)
  // (7 threads on a machine with fewer cores: a descheduled worker may miss one job, so up to 5
  // jobs run and the slots that claimed tiles are collected over them; each job is checked in full)
  const slots = new Set<number>();
  for (let attempt = 0; attempt < 5 && slots.size < 7; attempt++) {
    const [count, who] = runTiles(host, 700, 400000);
    assert.ok(count.every((c) => c === 1), 'every tile ran exactly once');
    assert.ok(who.every((s) => s >= 0 && s < 7), `a tile ran on slot ${who.find((s) => s < 0 || s >= 7)}`);
    for (const s of who) slots.add(s);
  }
  assert.equal([...slots].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6], 'slots that ran tiles');
  assert.is(pool.failure(), null);
  pool.setThreads(2);
});

test('scratch: one 4 MiB block per slot never used before; shrinking keeps it; dispose frees all of it', async () => {
  const { host: h, pool: p } = await loadThreadedForTests({ threads: 2 });
  const x = h.exports as unknown as Record<string, Fn>;
  assert.is(p.scratchBytes, 2 * BLOCK, 'init: slots 0 and 1');
  p.setThreads(5);
  assert.is(p.scratchBytes, 5 * BLOCK, '3 new slots');
  p.setThreads(2);
  assert.is(p.scratchBytes, 5 * BLOCK, 'shrinking keeps the scratch');
  const pages = x.memoryPages!();
  p.setThreads(4);
  assert.is(p.scratchBytes, 5 * BLOCK, 'slots used before: nothing allocated');
  assert.is(x.memoryPages!(), pages, 'memory does not grow for slots used before');
  p.setThreads(7);
  assert.is(p.scratchBytes, 7 * BLOCK, '2 new slots');
  await p.started();
  const [count] = runTiles(h, 70, 1000);
  assert.ok(count.every((c) => c === 1));
  await p.dispose();
  assert.is(p.scratchBytes, 0, 'dispose frees every block');
  // what the pool held (control block and 7 scratch blocks) is free again: a block of that size fits without growing memory
  const after = x.memoryPages!();
  const b = x.alloc!(7 * BLOCK) >>> 0;
  assert.is(x.memoryPages!(), after, 'the freed scratch is reused');
  x.free!(b);
});

test('setThreads past maxMemory → OutOfMemoryError naming maxMemory; the pool is as it was and still works', async () => {
  const { host: h, pool: p } = await loadThreadedForTests({ threads: 2, maxMemory: 16 * MiB });
  await p.started();
  let err: unknown;
  try { p.setThreads(7); } catch (e) { err = e; }
  assert.ok(err instanceof OutOfMemoryError, `got ${String(err)}`);
  assert.match((err as Error).message, /^cannot allocate 4\.0 MiB .*scratch of thread slot \d for setThreads\(7\).*maxMemory = 16\.0 MiB/);
  assert.is(p.threads, 2, 'the thread count is unchanged');
  assert.is(p.scratchBytes, 2 * BLOCK, 'the scratch allocated before the failure was freed');
  const [count, who] = runTiles(h, 200, 20000);
  assert.ok(count.every((c) => c === 1) && who.every((s) => s === 0 || s === 1), 'the 2-thread pool still works');
  p.setThreads(3); // one more slot fits
  assert.is(p.threads, 3);
  assert.is(p.scratchBytes, 3 * BLOCK);
  const [count3] = runTiles(h, 200, 20000);
  assert.ok(count3.every((c) => c === 1));
  await p.dispose();
});

test.run();
