// The parallel runtime inside wasm (assembly/core/par.ts) and its pool (bindings/threads/pool.ts),
// through the test-only kernel parTest: every tile runs exactly once at 1, 2 and 3 threads, the
// workers take part and parWide() is false inside every tile (nested kernels run serially); a tile failing on a worker surfaces as a ThreadError on the caller (never a
// hang) and the pool keeps working; a failure on the calling thread is a plain abort; setThreads;
// a pool torn down and rebuilt (its control block freed); a process that ran a parallel GEMM and
// never disposed its pool exits promptly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPool, type Pool, type ThreadHost } from '../../bindings/threads/pool.js';
import { loadThreadedForTests } from '../helpers/threaded.js';
import { ThreadError } from '../../bindings/errors.js';

let host: ThreadHost;
let pool: Pool;
test.before(async () => {
  ({ host, pool } = await loadThreadedForTests({ threads: 3 }));
  await pool.started();
});
test.after(async () => { await pool.dispose(); });

const x = () => host.exports;
/** Runs parTest over fresh counters; returns [count per tile, slot per tile]. */
function run(ntiles: number, mode: number, spin: number): [Int32Array, Int32Array] {
  const out = x().alloc(ntiles * 4) >>> 0, who = x().alloc(ntiles * 4) >>> 0;
  new Int32Array(host.memory.buffer, out, ntiles).fill(0);
  new Int32Array(host.memory.buffer, who, ntiles).fill(-1);
  try {
    x().parTest(out, who, ntiles, mode, spin);
    return [new Int32Array(host.memory.buffer, out, ntiles).slice(), new Int32Array(host.memory.buffer, who, ntiles).slice()];
  } finally {
    x().free(out);
    x().free(who);
  }
}
const allOnes = (a: Int32Array): boolean => a.every((v) => v === 1);

test('every tile runs exactly once at 1, 2 and 3 threads; the workers take part', () => {
  for (const t of [1, 2, 3]) {
    pool.setThreads(t);
    assert.is(pool.threads, t);
    for (const ntiles of [1, 2, 7, 400]) {
      const [count, who] = run(ntiles, 0, 100000);
      assert.ok(allOnes(count), `threads ${t}, ${ntiles} tiles: ${count.join(',')}`);
      assert.ok(who.every((s) => s >= 0 && s < t), `threads ${t}: a tile ran on slot ${who.find((s) => s < 0 || s >= t)} (≥ 256: parWide() true inside a tile)`);
      if (t > 1 && ntiles === 400) assert.ok(who.some((s) => s >= 1), `threads ${t}: no worker ran a tile of 400`);
      if (t === 1) assert.ok(who.every((s) => s === 0));
    }
  }
  assert.is(pool.failure(), null);
});

test('a tile failing on a worker surfaces as a ThreadError on the caller; the pool keeps working', () => {
  for (const t of [2, 3]) {
    pool.setThreads(t);
    let err: unknown;
    try { run(64, 1, 0); } catch (e) { err = e; }
    assert.instance(err, ThreadError, `threads ${t}: ${String(err)}`);
    const te = err as ThreadError;
    assert.is(te.code, 'THREAD');
    assert.ok(te.thread >= 1 && te.thread < t, `slot ${te.thread}`);
    assert.match(te.message, new RegExp(`worker thread ${te.thread} failed: .*parTest: tile failed on a worker \\(mode 1\\)`));
    assert.equal(pool.failure()?.slot, te.thread);
    assert.match(pool.failure()!.message, /parTest: tile failed on a worker/);
    const [count, who] = run(400, 0, 100000);
    assert.ok(allOnes(count), 'after a failure, every tile runs once');
    assert.ok(who.some((s) => s >= 1), 'after a failure, the workers still take part');
    assert.is(pool.failure(), null);
  }
});

test('a tile failing on the calling thread is a plain abort; the pool keeps working', () => {
  pool.setThreads(3);
  let err: unknown;
  try { run(64, 2, 0); } catch (e) { err = e; }
  assert.ok(err instanceof Error && !(err instanceof ThreadError), String(err));
  assert.match((err as Error).message, /abort: parTest: tile failed on the main thread \(mode 2\)/);
  const [count] = run(300, 0, 1000);
  assert.ok(allOnes(count));
});

test('an abort outside any job right after a failed job is not blamed on a worker', () => {
  pool.setThreads(2);
  assert.throws(() => run(64, 1, 0), (e: unknown) => e instanceof ThreadError);
  let err: unknown;
  try { x().parInit(0, 1); } catch (e) { err = e; } // aborts before it changes anything
  assert.ok(err instanceof Error && !(err instanceof ThreadError), String(err));
  assert.match((err as Error).message, /abort: parInit: control block null/);
  assert.is(pool.failure(), null);
});

test('bad options are typed errors naming the option', async () => {
  const before = pool.threads;
  for (const n of [0, 257, 2.5]) assert.throws(() => pool.setThreads(n), (e: unknown) => (e as Error).message.includes('setThreads(n)'));
  assert.is(pool.threads, before, 'a refused setThreads changes nothing');
  for (const o of [{ threads: 0 }, { threads: 1.5 }, { threads: 257 }]) {
    let err: unknown;
    try { await createPool(host, { platform: 'node', ...o }); } catch (e) { err = e; }
    assert.is((err as { code?: string }).code, 'OPTION', JSON.stringify(o));
  }
});

test('a pool torn down and rebuilt; the control block is freed', async () => {
  const { host: h, pool: p0 } = await loadThreadedForTests({ threads: 2 });
  const hx = h.exports;
  let p = p0;
  let pages = -1;
  for (let round = 0; round < 3; round++) {
    await p.started();
    const out = hx.alloc(400 * 4) >>> 0, who = hx.alloc(400 * 4) >>> 0;
    new Int32Array(h.memory.buffer, out, 400).fill(0);
    hx.parTest(out, who, 400, 0, 200000);
    assert.ok(allOnes(new Int32Array(h.memory.buffer, out, 400)));
    assert.ok(new Int32Array(h.memory.buffer, who, 400).some((s) => s === 1));
    await p.dispose();
    // disposed: the main instance runs serially
    new Int32Array(h.memory.buffer, out, 400).fill(0);
    hx.parTest(out, who, 400, 0, 0);
    assert.ok(allOnes(new Int32Array(h.memory.buffer, out, 400)));
    assert.ok(new Int32Array(h.memory.buffer, who, 400).every((s) => s === 0));
    hx.free(out);
    hx.free(who);
    assert.throws(() => p.setThreads(1), (e: unknown) => e instanceof ThreadError);
    if (pages < 0) pages = hx.memoryPages(); else assert.is(hx.memoryPages(), pages, 'memory grows across pools');
    p = await createPool(h, { threads: 2, platform: 'node' });
  }
  await p.dispose();
});

test('an idle pool uses no CPU; a process that ran a parallel GEMM (pool never disposed) exits promptly', () => {
  const mod = fileURLToPath(new URL('../helpers/threaded.ts', import.meta.url));
  const script = `
    import { loadThreadedForTests } from ${JSON.stringify(mod)};
    const { host, pool } = await loadThreadedForTests({ threads: 3 });
    await pool.started();
    const x = host.exports, n = 600;
    const a = x.alloc(n * n * 8) >>> 0, c = x.alloc(n * n * 8) >>> 0, w = x.alloc(x.dgemmWorkspaceSize(n, n, n) >>> 0) >>> 0;
    new Float64Array(host.memory.buffer, a, n * n).fill(1);
    const jobs = x.parJobs();
    x.dgemm(0, 0, n, n, n, 1, a, n, a, n, 0, c, n, w);
    const out = new Float64Array(host.memory.buffer, c, n * n);
    // idle: the workers sleep in memory.atomic.wait32 (a short poll after the job, then no CPU)
    await new Promise((r) => setTimeout(r, 100));
    const cpu0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const cpu = process.cpuUsage(cpu0);
    console.log('done', out.every((v) => v === n), x.parJobs() > jobs, 'idle-cpu-ms', Math.round((cpu.user + cpu.system) / 1000));
  `;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  const seconds = (Date.now() - t0) / 1000;
  assert.is(r.status, 0, `child failed: ${r.stderr}`);
  assert.match(r.stdout, /done true true/);
  const idle = Number(/idle-cpu-ms (\d+)/.exec(r.stdout)?.[1]);
  assert.ok(idle < 150, `an idle pool of 2 workers used ${idle} ms of CPU in 1 s`);
  assert.ok(seconds < 15, `child took ${seconds} s to exit`);
});

test.run();
