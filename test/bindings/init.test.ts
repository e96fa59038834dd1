// init() behaviour that needs a fresh module instance runs in child processes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init, runtimeInfo, Matrix, OptionError } from '../../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const indexUrl = pathToFileURL(join(root, 'src', 'index.ts')).href;

function runChild(code: string): { status: number | null; out: string; err: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  return { status: res.status, out: res.stdout.trim(), err: res.stderr.trim() };
}

test('init is idempotent and reports the binary', async () => {
  const a = await init();
  const b = await init({ relaxedSimd: false });
  assert.is(a, b);
  assert.is(runtimeInfo(), a);
  assert.is(a.source, 'inline');
});

test('using lsqnet before init() throws NotInitializedError', () => {
  const r = runChild(`import { Matrix, NotInitializedError } from '${indexUrl}';
    try { Matrix.zeros(2, 2); console.log('no error'); } catch (e) { console.log(e instanceof NotInitializedError, e.code, e.message); }`);
  assert.is(r.status, 0, r.err);
  assert.match(r.out, /^true NOT_INITIALIZED lsqnet is not initialized: call `await init\(\)`/);
});

test('init({ wasm }) accepts bytes and a file URL; relaxedSimd: true enables FMA in Node', () => {
  const wasmUrl = pathToFileURL(join(root, 'build', 'lsqnet.wasm')).href;
  const r1 = runChild(`import { readFileSync } from 'node:fs';
    import { init, Matrix } from '${indexUrl}';
    const info = await init({ wasm: readFileSync(new URL('${wasmUrl}')) });
    console.log(info.source, info.relaxedSimd, JSON.stringify(Matrix.fromRows([[1, 2], [3, 4]]).matmul(Matrix.eye(2)).toRows()));`);
  assert.is(r1.status, 0, r1.err);
  assert.is(r1.out, 'bytes false [[1,2],[3,4]]');
  const r2 = runChild(`import { init } from '${indexUrl}';
    const info = await init({ wasm: new URL('${wasmUrl}') });
    console.log(info.source);`);
  assert.is(r2.status, 0, r2.err);
  assert.is(r2.out, 'url');
  const r3 = runChild(`import { init, Matrix } from '${indexUrl}';
    const info = await init({ relaxedSimd: true });
    const A = Matrix.random(70, 50, { seed: 3 });
    const G = A.matmul(A, { transA: true });
    console.log(info.relaxedSimd, G.rows, Math.abs(G.get(3, 3) - [...A.column(3)].reduce((s, x) => s + x * x, 0)) < 1e-12);`);
  assert.is(r3.status, 0, r3.err);
  assert.is(r3.out, 'true 50 true');
  const r4 = runChild(`import { init, OptionError } from '${indexUrl}';
    try { await init({ wasm: new URL('file:///nonexistent/lsqnet.wasm') }); } catch (e) { console.log(e instanceof OptionError, e.message); }`);
  assert.match(r4.out, /^true init\(\{ wasm \}\): cannot read file:\/\/\/nonexistent\/lsqnet.wasm/);
  const r5 = runChild(`import { init, OptionError } from '${indexUrl}';
    try { await init({ relaxedSimd: 'yes' }); } catch (e) { console.log(e instanceof OptionError); }`);
  assert.is(r5.out, 'true');
});

test('issue 16 defect 5: a wasm without lsqnet exports is refused atomically; the library stays uninitialised and a later good init works', () => {
  const wasmUrl = pathToFileURL(join(root, 'build', 'lsqnet.wasm')).href;
  const r = runChild(`import { readFileSync } from 'node:fs';
    import { init, isInitialized, Matrix, OptionError, NotInitializedError } from '${indexUrl}';
    const out = [];
    for (const bad of [new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), new Uint8Array([1, 2, 3]), new Uint8Array(0)]) {
      try { await init({ wasm: bad }); out.push('accepted'); } catch (e) { out.push(e instanceof OptionError ? 'OptionError' : e.constructor.name + ':' + e.message); out.push(e.message); }
      out.push(isInitialized());
      try { Matrix.eye(2); out.push('usable'); } catch (e) { out.push(e instanceof NotInitializedError); }
    }
    const info = await init({ wasm: readFileSync(new URL('${wasmUrl}')) });
    out.push(isInitialized(), info.source, Matrix.eye(2).get(1, 1));
    console.log(JSON.stringify(out));`);
  assert.is(r.status, 0, r.err);
  const out = JSON.parse(r.out) as unknown[];
  assert.is(out[0], 'OptionError', String(out[0]));
  assert.match(String(out[1]), /^init\(\{ wasm \}\): not an lsqnet build .*: (\d+) of \1 required exports are missing \(memory, alloc, /);
  assert.is(out[2], false, 'isInitialized() stays false');
  assert.is(out[3], true, 'other calls throw NotInitializedError, not TypeError');
  assert.is(out[4], 'OptionError');
  assert.match(String(out[5]), /init\(\{ wasm \}\): the binary \(3 bytes\) is not a WebAssembly module/);
  assert.equal(out.slice(6, 8), [false, true]);
  assert.is(out[8], 'OptionError');
  assert.match(String(out[9]), /\(0 bytes\)/);
  assert.equal(out.slice(10), [false, true, true, 'bytes', 1]);
});

test('a module that needs imports lsqnet does not provide → OptionError, not a LinkError', () => {
  // (module (import "env" "f" (func)))
  const withImport = '[0,97,115,109,1,0,0,0,1,4,1,96,0,0,2,9,1,3,101,110,118,1,102,0,0]';
  const r = runChild(`import { init, isInitialized, OptionError } from '${indexUrl}';
    try { await init({ wasm: new Uint8Array(${withImport}) }); console.log('accepted'); } catch (e) { console.log(e instanceof OptionError, isInitialized(), e.message); }`);
  assert.is(r.status, 0, r.err);
  assert.match(r.out, /^true false init\(\{ wasm \}\): the module cannot be instantiated/);
});

test('bad init arguments → OptionError naming the option (also after a successful init)', async () => {
  const cases: [unknown, RegExp][] = [
    [null, /^init\(options\): options must be an object .* got null/],
    [42, /got 42/],
    ['lsqnet.wasm', /got "lsqnet.wasm"/],
    [[1], /got an array/],
    [{ wasm: 42 }, /^init\(\{ wasm \}\): expected bytes .* got 42/],
    [{ wasm: null }, /^init\(\{ wasm \}\): .* got null/],
    [{ wasm: { then: 1 } }, /^init\(\{ wasm \}\): .* got an object/],
    [{ relaxedSimd: 'yes' }, /^init\(\{ relaxedSimd \}\): expected 'auto', true or false, got "yes"/],
    [{ relaxedSimd: null }, /got null/],
    [{ wsam: new Uint8Array(8) }, /^init\(options\): unknown option 'wsam' \(known: wasm, relaxedSimd, threads, maxMemory\)/],
  ];
  for (const [arg, pattern] of cases) {
    let err: unknown;
    try { await init(arg as never); } catch (e) { err = e; }
    assert.instance(err, OptionError, `init(${JSON.stringify(arg)})`);
    assert.match((err as Error).message, pattern);
  }
  const r = runChild(`import { init, isInitialized, OptionError } from '${indexUrl}';
    const out = [];
    for (const arg of [null, { wasm: 'http://[' }, { wasm: 'file:///nonexistent/x.wasm' }]) {
      try { await init(arg); out.push('accepted'); } catch (e) { out.push(e instanceof OptionError, e.message.slice(0, 60)); }
    }
    out.push(isInitialized(), (await init()).source, isInitialized());
    console.log(JSON.stringify(out));`);
  assert.is(r.status, 0, r.err);
  const out = JSON.parse(r.out) as unknown[];
  assert.is(out[0], true); assert.match(String(out[1]), /^init\(options\)/);
  assert.is(out[2], true); assert.match(String(out[3]), /^init\(\{ wasm \}\): "http:\/\/\[" is not a valid URL/);
  assert.is(out[4], true); assert.match(String(out[5]), /^init\(\{ wasm \}\): cannot read file:/);
  assert.equal(out.slice(6), [false, 'inline', true]);
});

test('Matrix works after init in this process', () => {
  const m = Matrix.eye(2);
  assert.is(m.get(1, 1), 1);
  m.dispose();
});

test.run();
