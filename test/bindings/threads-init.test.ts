// init({ threads, maxMemory }), setThreads and runtimeInfo of the threaded runtime (issue 12).
// Every case needs a fresh module instance, so each runs in a child process: through the Node
// entry (src/node.ts: threads by default), through 'lsqnet/threads' (src/threads.ts), and through
// src/index.ts alone (no threaded build registered). A child that kept Node alive (a worker not
// unref'd) would hit the timeout: status 0 also shows that Node exits after the work.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const url = (f: string): string => pathToFileURL(join(root, 'src', f)).href;
const MiB = 1024 * 1024;

/** Runs ESM `code` in a fresh Node (with tsx) and returns the JSON of its last stdout line. */
function runChild(code: string): Record<string, any> {
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.is(res.status, 0, `child exited with ${res.status} (${res.signal ?? 'no signal'}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, any>;
}

/** Child-side helper: the outcome of `fn` as 'ok' or `<ErrorClass>: <message>`. */
const OUTCOME = `const outcome = (fn) => { try { fn(); return 'ok'; } catch (e) { return e.constructor.name + ': ' + e.message; } };
const outcomeAsync = async (p) => { try { await p; return 'ok'; } catch (e) { return e.constructor.name + ': ' + e.message; } };`;

test("Node entry: init() runs the threaded build on every available core; setThreads changes the count", () => {
  const o = runChild(`import { init, runtimeInfo, setThreads, Matrix, lstsq } from '${url('node.ts')}';
    ${OUTCOME}
    const info = await init();
    const r = { info };
    setThreads(3); r.three = runtimeInfo();
    r.x = Array.from(lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x, (v) => +v.toFixed(12));
    r.bad = [0, 1.5, 'x', 257, -1, NaN, null].map((v) => outcome(() => setThreads(v)));
    r.stillThree = runtimeInfo().threads;
    setThreads(1); r.one = runtimeInfo().threads;
    r.same = runtimeInfo() === runtimeInfo();
    console.log(JSON.stringify(r));`);
  assert.is(o.info.build, 'threads');
  assert.is(o.info.threads, Math.min(availableParallelism(), 256));
  assert.is(o.info.maxThreads, 256, 'setThreads up to 256 (scratch on demand)');
  assert.is(o.info.maxMemory, 2 ** 32, 'the default reservation: 4 GiB');
  assert.is(o.info.source, 'inline');
  assert.match(o.info.threadsNote, /threads: 'auto' = \d+ available core/);
  assert.is(o.three.threads, 3, 'three participants (on any number of cores)');
  assert.is(o.three.build, 'threads');
  assert.equal(o.x, [1, 2], 'a solve on the threaded runtime');
  for (const b of o.bad) assert.match(b, /^OptionError: setThreads\(n\): expected an integer from 1 to 256, got /);
  assert.is(o.stillThree, 3, 'a refused setThreads changes nothing');
  assert.is(o.one, 1);
});

test("init({ threads: 3 }) on any machine; init({ maxMemory }) caps the shared memory and OutOfMemoryError names it", () => {
  const o = runChild(`import { init, runtimeInfo, Matrix, lstsq, liveBytes, memoryBytes, OutOfMemoryError } from '${url('threads.ts')}';
    ${OUTCOME}
    const info = await init({ threads: 3, maxMemory: ${64 * MiB} });
    const before = liveBytes();
    const r = { info };
    r.big = outcome(() => Matrix.zeros(3000, 3000));           // 72 MB > 64 MiB
    r.liveAfterBig = liveBytes() - before;
    r.memory = memoryBytes();
    r.x = Array.from(lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x, (v) => +v.toFixed(12));  // still works
    const m = Matrix.zeros(1000, 1000); m.dispose();                   // 8 MB still fits
    r.liveEnd = liveBytes() - before;
    console.log(JSON.stringify(r));`);
  assert.is(o.info.build, 'threads');
  assert.is(o.info.threads, 3);
  assert.match(o.info.threadsNote, /threads: 3 requested/);
  assert.is(o.info.maxMemory, 64 * MiB);
  assert.match(o.big, /^OutOfMemoryError: cannot allocate .* maxMemory = 64\.0 MiB \(67108864 bytes\)/);
  assert.is(o.liveAfterBig, 0);
  assert.ok(o.memory <= 64 * MiB, `memory ${o.memory} within the 64 MiB maximum`);
  assert.equal(o.x, [1, 2]);
  assert.is(o.liveEnd, 0);
});

test('setThreads grows a 2-thread runtime to 5 and 7 threads (bit-identical solves); past maxMemory an OutOfMemoryError naming it, the thread count unchanged; too small for 2 threads, one thread and the note says why', () => {
  const o = runChild(`import { init, runtimeInfo, setThreads, lstsq } from '${url('threads.ts')}';
    ${OUTCOME}
    const info = await init({ threads: 2 });
    const A = Array.from({ length: 900 }, (_, i) => Array.from({ length: 400 }, (_, j) => Math.sin(i * 0.37 + j * 1.91) + (i === j ? 3 : 0)));
    const b = Array.from({ length: 900 }, (_, i) => Math.cos(i));
    const bytes = (x) => Array.from(new Uint8Array(Float64Array.from(x).buffer)).join(',');
    const r = { info, same: [] };
    const ref = bytes(lstsq(A, b).x);
    for (const t of [5, 7]) { setThreads(t); r.same.push([runtimeInfo().threads, bytes(lstsq(A, b).x) === ref]); }
    console.log(JSON.stringify(r));`);
  assert.equal([o.info.build, o.info.threads, o.info.maxThreads], ['threads', 2, 256]);
  assert.equal(o.same, [[5, true], [7, true]], 'bit-identical at 5 and 7 threads');
  const small = runChild(`import { init, runtimeInfo, setThreads, lstsq } from '${url('threads.ts')}';
    ${OUTCOME}
    const info = await init({ threads: 2, maxMemory: ${16 * MiB} });
    const r = { info };
    r.seven = outcome(() => setThreads(7));
    r.after = runtimeInfo().threads;
    r.x = Array.from(lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x, (v) => +v.toFixed(12));
    r.three = outcome(() => setThreads(3)); r.threads3 = runtimeInfo().threads;
    console.log(JSON.stringify(r));`);
  assert.equal([small.info.build, small.info.threads, small.info.maxThreads], ['threads', 2, 256]);
  assert.match(small.seven, /^OutOfMemoryError: cannot allocate 4\.0 MiB .*setThreads\(7\).*maxMemory = 16\.0 MiB/);
  assert.is(small.after, 2, 'a refused setThreads changes nothing');
  assert.equal(small.x, [1, 2]);
  assert.equal([small.three, small.threads3], ['ok', 3], 'one more slot fits');
  const tiny = runChild(`import { init } from '${url('threads.ts')}';
    const { build, threads, threadsNote } = await init({ threads: 2, maxMemory: 8 * 1024 * 1024 });
    console.log(JSON.stringify({ build, threads, threadsNote }));`);
  assert.equal([tiny.build, tiny.threads], ['single', 1]);
  assert.match(tiny.threadsNote, /^one thread: the worker pool cannot start: cannot allocate .*scratch of thread slot \d for createPool\(\{ threads: 2 \}\).*maxMemory = 8\.0 MiB/);
});

test('bad init options → OptionError naming the option, nothing committed; threads: 1 loads the single-thread build', () => {
  const o = runChild(`import { init, isInitialized, runtimeInfo, setThreads, lstsq } from '${url('threads.ts')}';
    ${OUTCOME}
    const r = { bad: [] };
    for (const opts of [{ threads: 0 }, { threads: 1.5 }, { threads: 'x' }, { threads: 257 }, { threads: '2' },
      { maxMemory: 1000 }, { maxMemory: ${64 * MiB + 1} }, { maxMemory: ${2 ** 32 + 65536} }, { maxMemory: 0 }, { maxMemory: '64' }]) {
      r.bad.push(await outcomeAsync(init(opts)));
    }
    r.initializedAfterBad = isInitialized();
    r.info = await init({ threads: 1 });
    r.set2 = outcome(() => setThreads(2));
    r.set1 = outcome(() => setThreads(1));
    r.x = Array.from(lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x, (v) => +v.toFixed(12));
    console.log(JSON.stringify(r));`);
  for (const b of o.bad.slice(0, 5)) assert.match(b, /^OptionError: init\(\{ threads \}\): expected 'auto' or an integer from 1 to 256, got /);
  for (const b of o.bad.slice(5)) assert.match(b, /^OptionError: init\(\{ maxMemory \}\): expected a multiple of 65536 bytes/);
  assert.is(o.initializedAfterBad, false, 'nothing committed');
  assert.is(o.info.build, 'single');
  assert.is(o.info.threads, 1);
  assert.is(o.info.maxThreads, 1);
  assert.match(o.info.threadsNote, /threads: 1 requested/);
  assert.match(o.set2, /^OptionError: setThreads\(2\): this runtime runs the single-thread build \(threads: 1 requested/);
  assert.is(o.set1, 'ok');
  assert.equal(o.x, [1, 2]);
});

test("without 'lsqnet/threads' init() is single-thread and says why; maxMemory holds in the single-thread build too", () => {
  const o = runChild(`import { init, runtimeInfo, setThreads, Matrix, lstsq, liveBytes } from '${url('index.ts')}';
    ${OUTCOME}
    const r = { info: await init({ maxMemory: ${64 * MiB} }) };
    const before = liveBytes();
    r.set2 = outcome(() => setThreads(2));
    r.big = outcome(() => Matrix.zeros(3000, 3000));
    const keep = Matrix.zeros(2500, 2500);                    // 50 MB: fits
    r.second = outcome(() => Matrix.zeros(1500, 1500));      // 18 MB more: over
    keep.dispose();
    r.x = Array.from(lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x, (v) => +v.toFixed(12));
    r.liveEnd = liveBytes() - before;
    console.log(JSON.stringify(r));`);
  assert.is(o.info.build, 'single');
  assert.is(o.info.threads, 1);
  assert.is(o.info.maxMemory, 64 * MiB);
  assert.match(o.info.threadsNote, /^no threaded build: import "lsqnet\/threads"/);
  assert.match(o.set2, /^OptionError: setThreads\(2\): this runtime runs the single-thread build \(no threaded build/);
  assert.match(o.big, /^OutOfMemoryError: .*maxMemory = 64\.0 MiB/);
  assert.match(o.second, /^OutOfMemoryError: .*maxMemory = 64\.0 MiB/);
  assert.equal(o.x, [1, 2]);
  assert.is(o.liveEnd, 0);
});

test("a tile failing on a worker reaches the caller of the loaded runtime as a ThreadError (never a hang); the runtime keeps working", () => {
  const raw = pathToFileURL(join(root, 'bindings', 'raw.ts')).href;
  const o = runChild(`import { init, lstsq, liveBytes, ThreadError, LsqnetError } from '${url('threads.ts')}';
    import { wasm, alloc, free } from '${raw}';
    const info = await init({ threads: 2 });
    const before = liveBytes();
    const n = 64, out = alloc(4 * n), who = alloc(4 * n);
    const run = (mode) => { new Int32Array(wasm().memory.buffer, out, n).fill(0); wasm().parTest(out, who, n, mode, 0); return Array.from(new Int32Array(wasm().memory.buffer, out, n)); };
    const r = { info };
    try { run(1); r.worker = 'no error'; } catch (e) { r.worker = { cls: e.constructor.name, typed: e instanceof ThreadError && e instanceof LsqnetError, code: e.code, thread: e.thread, message: e.message }; }
    try { run(2); r.main = 'no error'; } catch (e) { r.main = { cls: e.constructor.name, message: e.message }; }
    r.after = run(0);
    r.x = Array.from(lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x, (v) => +v.toFixed(12));
    free(out); free(who);
    r.live = liveBytes() - before;
    console.log(JSON.stringify(r));`);
  assert.is(o.info.build, 'threads');
  assert.is(o.worker.typed, true, JSON.stringify(o.worker));
  assert.is(o.worker.code, 'THREAD');
  assert.ok(o.worker.thread >= 1, `worker slot ${o.worker.thread}`);
  assert.match(o.worker.message, new RegExp(`^lsqnet: worker thread ${o.worker.thread} failed: .*parTest: tile failed on a worker \\(mode 1\\)`));
  assert.match(o.main.message, /^abort: parTest: tile failed on the main thread \(mode 2\)/, 'a failure on the calling thread is the plain abort');
  assert.equal(o.after, new Array(64).fill(1), 'the next job runs every tile exactly once');
  assert.equal(o.x, [1, 2]);
  assert.is(o.live, 0);
});

test('the CLI runs threaded by default (--threads sets the count, 1 = the single-thread build) and shows --threads in its help', () => {
  const cli = (args: string[]): Record<string, any> => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'index.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.is(res.status, 0, res.stderr);
    return args.includes('--json') ? JSON.parse(res.stdout) as Record<string, any> : { text: res.stdout };
  };
  const help = cli(['--help']).text as string;
  assert.match(help, /--threads <n\|auto>\s+threads that run the kernels: auto \(the\s+available cores\) or 1-256/);
  const auto = cli(['bench', '--quick', '--json']);   // (a count, --threads 3, goes through the same init({ threads }) as the API tests above)
  assert.equal(auto.runtime.build, 'threads');
  assert.is(auto.runtime.threads, Math.min(availableParallelism(), 256));
  const one = cli(['bench', '--quick', '--json', '--threads', '1']);
  assert.equal([one.runtime.build, one.runtime.threads], ['single', 1]);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'index.ts'), '--threads', '0', 'bench'], { cwd: root, encoding: 'utf8' });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /^lsqnet: option '--threads <n\|auto>' argument '0' is invalid\. must be 'auto' or an integer from 1 to 256\./);
});

test.run();
