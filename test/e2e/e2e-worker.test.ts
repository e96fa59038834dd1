// lsqnet/worker end to end in Node, from the built package (dist/, built when stale): models fitted
// in a worker_threads worker report their progress, predict bit for bit like the same fit on this
// thread (same seed), rebuild here with fromJSON; an aborted fit rejects with AbortedError and the
// worker is gone; errors of the worker arrive as the same lsqnet class; and a Node process that used
// a worker (ESM and CommonJS, through the package's exports) exits promptly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDist, ROOT } from '../helpers/e2e-util.js';

type Lib = typeof import('../../src/index.js');
type WorkerApi = typeof import('../../src/worker/index.js');

let lib: Lib;
let api: WorkerApi;
let tmp = '';

test.before(async () => {
  ensureDist();
  // the same module instances the package's worker.js uses (it imports ./index.js beside it)
  lib = await import(pathToFileURL(join(ROOT, 'dist', 'esm', 'index.js')).href) as Lib;
  api = await import(pathToFileURL(join(ROOT, 'dist', 'esm', 'worker.js')).href) as WorkerApi;
  await lib.init();
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-worker-'));
  mkdirSync(join(tmp, 'node_modules'));
  symlinkSync(ROOT, join(tmp, 'node_modules', 'lsqnet'), 'dir');
});

test.after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** n points in [-1, 1]² (row-major) and a smooth target. */
function problem(n: number, seed = 1): { X: Float64Array; y: Float64Array } {
  const X = new Float64Array(2 * n), y = new Float64Array(n);
  let s = seed;
  const rnd = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return (2 * s) / 2147483648 - 1; };
  for (let i = 0; i < n; i++) {
    const a = rnd(), b = rnd();
    X[2 * i] = a; X[2 * i + 1] = b; y[i] = Math.sin(3 * a) * Math.cos(2 * b);
  }
  return { X, y };
}

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.is(a.length, b.length, `${what}: lengths`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.unreachable(`${what}: element ${i} differs: ${a[i]} vs ${b[i]}`);
}

/** Rejects after ms: bounds waits on the worker. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);
}

test('SampledNetwork in a worker: progress events arrive; kept-model predict and toModel() equal the main-thread fit bit for bit', async () => {
  const { X, y } = problem(800, 3);
  const start = lib.liveBytes();
  const worker = await api.ModelWorker.create();
  try {
    assert.is(typeof worker.runtime.relaxedSimd, 'boolean');
    const m0 = await worker.memory();
    assert.is(m0.keptModels, 0);
    const events: { stage: string; step: number; total: number }[] = [];
    const fitted = await worker.fit('SampledNetwork', { layers: [200], activation: 'tanh', seed: 5 }, { data: X, rows: 800, cols: 2 }, y,
      { onProgress: (e) => events.push(e), keep: true });
    assert.equal(events.map((e) => `${e.stage} ${e.step}/${e.total}`), ['layer 1/2', 'solve 2/2']);
    assert.is(fitted.model, 'SampledNetwork');
    assert.is(fitted.json.format, 'lsqnet.SampledNetwork');
    assert.ok(fitted.kept && fitted.seconds > 0);
    assert.is(X.length, 1600, 'the caller keeps its Float64Array (copied, not transferred, by default)');
    const inWorker = await fitted.predict({ data: X, rows: 800, cols: 2 });

    const local = new lib.SampledNetwork({ layers: [200], activation: 'tanh', seed: 5 }).fit({ data: X, rows: 800, cols: 2 }, y);
    sameBits(inWorker, local.predict({ data: X, rows: 800, cols: 2 }, { as: 'array' }), 'worker vs main-thread fit');
    const rebuilt = fitted.toModel();
    assert.ok(rebuilt instanceof lib.SampledNetwork);
    sameBits(rebuilt.predict({ data: X, rows: 800, cols: 2 }, { as: 'array' }), inWorker, 'toModel() vs worker');
    // rows and a Matrix are accepted too
    const rows = Array.from({ length: 5 }, (_, i) => [X[2 * i]!, X[2 * i + 1]!]);
    const few = local.predict(rows, { as: 'array' });   // (a different N may round differently: compare the same rows)
    sameBits(await fitted.predict(rows), few, 'number[][] input');
    const M = lib.Matrix.fromRows(rows);
    sameBits(await fitted.predict(M), few, 'Matrix input');
    M.dispose(); local.dispose(); rebuilt.dispose();
    assert.is(lib.liveBytes(), start, 'main-thread wasm memory back to its start');

    const m1 = await worker.memory();
    assert.ok(m1.keptModels === 1 && m1.liveBytes > m0.liveBytes, `the kept model holds worker memory: ${JSON.stringify(m1)}`);
    await fitted.release();
    assert.not.ok(fitted.kept);
    const m2 = await worker.memory();
    assert.equal([m2.keptModels, m2.liveBytes, m2.liveBlocks], [0, m0.liveBytes, m0.liveBlocks], 'released: the worker\'s wasm memory is back to its start');
    try { await fitted.predict(rows); assert.unreachable('predict after release'); } catch (err) { assert.instance(err, lib.DisposedError); }
  } finally {
    await within(worker.terminate(), 5000, 'terminate');
  }
});

test('AnminNetwork (iteration events, history) and a classifier (predictClass, predictProba) match the main thread', async () => {
  const { X, y } = problem(600, 9);
  const worker = await api.ModelWorker.create();
  try {
    const seen: number[] = [];
    const anmin = await worker.fit('AnminNetwork', { hidden: 24, iterations: 6, seed: 2 }, { data: X, rows: 600, cols: 2 }, y,
      { onProgress: (e) => seen.push(e.trainMse) });
    assert.is(seen.length, 6);
    assert.not.ok(anmin.kept);
    const local = new lib.AnminNetwork({ hidden: 24, iterations: 6, seed: 2 }).fit({ data: X, rows: 600, cols: 2 }, y);
    sameBits(seen, local.history.map((e) => e.trainMse), 'ANMIN training MSE per iteration');
    sameBits(anmin.history.map((e) => e.trainMse), seen, 'history');
    const rebuilt = anmin.toModel();
    sameBits(rebuilt.predict({ data: X, rows: 600, cols: 2 }, { as: 'array' }), local.predict({ data: X, rows: 600, cols: 2 }, { as: 'array' }), 'ANMIN predictions');
    rebuilt.dispose(); local.dispose();
    try { await anmin.predict({ data: X, rows: 600, cols: 2 }); assert.unreachable('not kept'); } catch (err) {
      assert.instance(err, api.WorkerError);
      assert.match((err as Error).message, /keep: true/);
    }

    const labels = Int32Array.from(y, (v) => (v < -0.3 ? 0 : v < 0.3 ? 1 : 2));
    const clf = await worker.fit('SampledNetwork', { layers: [150], task: 'classification', seed: 4 }, { data: X, rows: 600, cols: 2 }, labels, { keep: true });
    const localClf = new lib.SampledNetwork({ layers: [150], task: 'classification', seed: 4 }).fit({ data: X, rows: 600, cols: 2 }, labels);
    sameBits(await clf.predictClass({ data: X, rows: 600, cols: 2 }), localClf.predictClass({ data: X, rows: 600, cols: 2 }), 'classes');
    const P = localClf.predictProba({ data: X, rows: 600, cols: 2 });
    sameBits(await clf.predictProba({ data: X, rows: 600, cols: 2 }), P.toRowMajor(), 'probabilities');
    P.dispose(); localClf.dispose();
    await clf.release();
  } finally {
    worker.dispose();
  }
});

test('abort: the fit rejects with AbortedError (an LsqnetError, code ABORTED) at once, and the worker is gone', async () => {
  const { X, y } = problem(1500, 5);
  const worker = await api.ModelWorker.create();
  const ac = new AbortController();
  let abortedAt = 0;
  const run = worker.fit('AnminNetwork', { hidden: 64, iterations: 1_000_000 }, { data: X, rows: 1500, cols: 2 }, y, {
    signal: ac.signal,
    onProgress: (e) => { if (e.step === 3) { abortedAt = performance.now(); ac.abort(); } },
  });
  try {
    await within(run, 20_000, 'aborted fit');
    assert.unreachable('an aborted fit must reject');
  } catch (err) {
    assert.instance(err, api.AbortedError);
    assert.instance(err, lib.LsqnetError);
    assert.is((err as { code: string }).code, 'ABORTED');
    assert.ok(performance.now() - abortedAt < 200, `rejected ${performance.now() - abortedAt} ms after abort()`);
  }
  assert.ok(worker.terminated);
  await within(worker.closed, 5000, 'the worker thread exits');
  try { await worker.fit('SampledNetwork', { layers: [10] }, { data: X, rows: 1500, cols: 2 }, y); assert.unreachable('terminated'); } catch (err) {
    assert.instance(err, api.WorkerError);
    assert.match((err as Error).message, /terminated.*aborted/);
  }
  // an onProgress that throws stops the fit with its error (as in-thread) and ends the worker
  const w1 = await api.ModelWorker.create();
  const boom = new RangeError('stop here');
  try {
    await within(w1.fit('AnminNetwork', { hidden: 16, iterations: 1_000_000 }, { data: X, rows: 1500, cols: 2 }, y, { onProgress: () => { throw boom; } }), 20_000, 'throwing onProgress');
    assert.unreachable('onProgress threw');
  } catch (err) { assert.is(err, boom); }
  assert.ok(w1.terminated);
  await within(w1.closed, 5000, 'the worker thread exits');
  // a signal aborted before the call: nothing is sent, the worker stays
  const w2 = await api.ModelWorker.create();
  try {
    await w2.fit('SampledNetwork', { layers: [10] }, { data: X, rows: 1500, cols: 2 }, y, { signal: AbortSignal.abort() });
    assert.unreachable('pre-aborted');
  } catch (err) { assert.instance(err, api.AbortedError); }
  assert.not.ok(w2.terminated);
  const ok = await w2.fit('SampledNetwork', { layers: [10] }, { data: X, rows: 1500, cols: 2 }, y);
  assert.is(ok.json.hidden[0]!.cols, 10);
  await within(w2.terminate(), 5000, 'terminate');
});

test('errors thrown in the worker arrive as the same typed class, the worker stays usable; bad calls are typed here', async () => {
  const { X, y } = problem(200, 7);
  const worker = await api.ModelWorker.create();
  const data = { data: X, rows: 200, cols: 2 };
  const start = await worker.memory();
  const rejects = async (p: Promise<unknown>, cls: Function, re: RegExp): Promise<void> => {
    try { await p; assert.unreachable(`expected ${cls.name}`); } catch (err) {
      assert.instance(err, cls);
      assert.match((err as Error).message, re);
    }
  };
  try {
    // in the worker: a bad option, an unknown option, NaN data, a shape mismatch
    await rejects(worker.fit('AnminNetwork', { hidden: 0 }, data, y), lib.OptionError, /AnminNetwork: option 'hidden' must be an integer/);
    await rejects(worker.fit('SampledNetwork', { layer: [10] } as never, data, y), lib.OptionError, /unknown option 'layer' \(known: layers,/);
    const bad = X.slice(); bad[7] = Number.NaN;
    await rejects(worker.fit('SampledNetwork', { layers: [10] }, { data: bad, rows: 200, cols: 2 }, y), lib.InvalidInputError, /not finite|NaN/i);
    await rejects(worker.fit('SampledNetwork', { layers: [10] }, data, y.subarray(0, 150)), lib.ShapeError, /200 rows but y has 150/);
    try { await worker.fit('AnminNetwork', { hidden: 0 }, data, y); } catch (err) {
      assert.match((err as Error).stack ?? '', /thrown in an lsqnet worker[\s\S]*AnminNetwork/);
    }
    // on this side, before anything is sent
    await rejects(worker.fit('Perceptron' as never, {} as never, data, y), lib.OptionError, /unknown model "Perceptron" \(known: SampledNetwork, AnminNetwork, GradientNetwork, SlimTrainNetwork\)/);
    await rejects(worker.fit('SampledNetwork', { onProgress: () => undefined } as never, data, y), lib.OptionError, /'onProgress' cannot cross to a worker/);
    await rejects(worker.fit('SampledNetwork', {}, data, y, { keepModel: true } as never), lib.OptionError, /unknown option 'keepModel'/);
    await rejects(worker.fit('SampledNetwork', {}, [[1, 2], [3]], [1, 2]), lib.ShapeError, /row 1 has 1 values, row 0 has 2/);
    await rejects(worker.fit('SampledNetwork', {}, { data: X, rows: 201, cols: 2 }, y), lib.ShapeError, /400 values, 201×2 needs 402/);
    // still usable; transfer: true moves the caller's array
    const moved = X.slice();
    const fitted = await worker.fit('GradientNetwork', { hidden: 8, epochs: 3, seed: 1 }, { data: moved, rows: 200, cols: 2 }, y, { transfer: true });
    assert.is(moved.length, 0, 'transferred');
    assert.is(fitted.history.length, 3);
    assert.not.ok(worker.terminated);
    assert.is((await worker.memory()).liveBytes, start.liveBytes, 'failed and unkept fits leave no wasm memory behind in the worker');
  } finally {
    worker.dispose();
  }
  // a worker script that does not exist
  try {
    await api.ModelWorker.create({ workerUrl: pathToFileURL(join(tmp, 'missing-worker.js')) });
    assert.unreachable('missing script');
  } catch (err) {
    assert.instance(err, api.WorkerError);
    assert.match((err as Error).message, /missing-worker\.js/);
  }
});

test('create options: createWorker (a Node Worker of your own), init options cross to the worker, bad options are typed', async () => {
  const { Worker } = await import('node:worker_threads');
  const entry = pathToFileURL(join(ROOT, 'dist', 'esm', 'worker-entry.js'));
  const worker = await api.ModelWorker.create({ createWorker: () => new Worker(entry), init: { relaxedSimd: false, threads: 2, maxMemory: 2 ** 30 } });
  try {
    // the worker's runtime: the single-thread build (the worker entry imports the main module, not lsqnet/threads)
    const { relaxedSimd, source, build, threads, maxMemory, threadsNote } = worker.runtime;
    assert.equal({ relaxedSimd, source, build, threads, maxMemory }, { relaxedSimd: false, source: 'inline', build: 'single', threads: 1, maxMemory: 2 ** 30 });
    assert.match(threadsNote, /^no threaded build/);
    const { X, y } = problem(100, 2);
    const fitted = await worker.fit('SampledNetwork', { layers: [20] }, { data: X, rows: 100, cols: 2 }, y);
    assert.is(fitted.json.hidden[0]!.cols, 20);
  } finally {
    await within(worker.terminate(), 5000, 'terminate');
  }
  const bad = async (p: () => Promise<unknown>, re: RegExp): Promise<void> => {
    try { await p(); assert.unreachable(`expected OptionError ${re}`); } catch (err) {
      assert.instance(err, lib.OptionError);
      assert.match((err as Error).message, re);
    }
  };
  await bad(() => api.ModelWorker.create({ url: 'x' } as never), /ModelWorker.create: unknown option 'url' \(known: workerUrl, createWorker, init\)/);
  await bad(() => api.ModelWorker.create({ workerUrl: 'a.js', createWorker: () => new Worker(entry) }), /either 'workerUrl' or 'createWorker'/);
  await bad(() => api.ModelWorker.create({ createWorker: () => ({}) as never }), /createWorker\(\) must return/);
  await bad(() => api.ModelWorker.create({ init: { simd: true } as never }), /unknown option 'simd'/);
  await bad(() => api.fitInWorker('SampledNetwork', {}, [[1, 2]], [1], { keep: true } as never), /'keep' does not apply/);
});

test('one lsqnet per thread: src/worker reaches the library only through ../index.js, and the built worker files import index.js instead of bundling a copy', () => {
  const dir = join(ROOT, 'src', 'worker');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*'([^']+)'/g)) {
      const spec = m[1]!;
      assert.ok(spec === '../index.js' || /^\.\/[\w-]+\.js$/.test(spec), `src/worker/${f} imports '${spec}': the build maps only '../index.js' to the package's index.js`);
    }
  }
  for (const format of ['esm', 'cjs']) {
    for (const f of ['worker.js', 'worker-entry.js']) {
      const text = readFileSync(join(ROOT, 'dist', format, f), 'utf8');
      assert.match(text, format === 'esm' ? /from "\.\/index\.js"/ : /require\("\.\/index\.js"\)/, `dist/${format}/${f} imports ./index.js`);
      assert.not.match(text, /[A-Za-z0-9+/]{4096}/, `dist/${format}/${f} holds no inlined wasm (no second copy of the library)`);
      assert.ok(text.length < 100_000, `dist/${format}/${f} is ${text.length} bytes`);
    }
  }
});

/** Runs `file` with plain node; resolves with its output, exit code and ms from its 'done' line to its exit. */
function runChild(file: string): Promise<{ code: number | null; out: string; afterDone: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', doneAt = 0;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${file} did not exit within 15 s:\n${out}`)); }, 15_000);
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); if (!doneAt && out.includes('done')) doneAt = performance.now(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, out, afterDone: doneAt ? performance.now() - doneAt : Infinity }); });
  });
}

test('Node exits promptly after using a worker: ESM and CommonJS through the package exports, with and without dispose()', async () => {
  const body = (dispose: boolean): string => `
    const n = 300, X = new Float64Array(2 * n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { X[2 * i] = Math.sin(i); X[2 * i + 1] = Math.cos(i); y[i] = X[2 * i] * X[2 * i + 1]; }
    const worker = await ModelWorker.create();
    let events = 0;
    const fitted = await worker.fit('SampledNetwork', { layers: [50], seed: 1 }, { data: X, rows: n, cols: 2 }, y, { keep: true, onProgress: () => events++ });
    const p = await fitted.predict({ data: X, rows: n, cols: 2 });
    const net = await fitInWorker('AnminNetwork', { hidden: 8, iterations: 3 }, { data: X, rows: n, cols: 2 }, y);
    console.log('events', events, 'predictions', p.length, 'rebuilt', net instanceof AnminNetwork && net.fitted);
    ${dispose ? 'worker.dispose();' : '// no dispose: an idle worker must not hold the process'}
    console.log('done');`;
  writeFileSync(join(tmp, 'esm.mjs'), `import { ModelWorker, fitInWorker } from 'lsqnet/worker';\nimport { AnminNetwork } from 'lsqnet';\n${body(true)}\n`);
  writeFileSync(join(tmp, 'esm-idle.mjs'), `import { ModelWorker, fitInWorker } from 'lsqnet/worker';\nimport { AnminNetwork } from 'lsqnet';\n${body(false)}\n`);
  writeFileSync(join(tmp, 'cjs.cjs'), `const { ModelWorker, fitInWorker } = require('lsqnet/worker');\nconst { AnminNetwork } = require('lsqnet');\n(async () => {${body(true)}\n})();\n`);
  const results = await Promise.all(['esm.mjs', 'esm-idle.mjs', 'cjs.cjs'].map(async (f) => [f, await runChild(join(tmp, f))] as const));
  for (const [f, r] of results) {
    assert.is(r.code, 0, `${f} exit code ${r.code}:\n${r.out}`);
    assert.match(r.out, /events 2 predictions 300 rebuilt true/, f);
    assert.ok(r.afterDone < 1500, `${f}: exited ${r.afterDone.toFixed(0)} ms after its last line`);
  }
});

test.run();
