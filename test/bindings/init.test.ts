// init() behaviour that needs a fresh module instance runs in child processes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init, runtimeInfo, Matrix } from '../../src/index.js';

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

test('Matrix works after init in this process', () => {
  const m = Matrix.eye(2);
  assert.is(m.get(1, 1), 1);
  m.dispose();
});

test.run();
