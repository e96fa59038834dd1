// The layer rules of DESIGN.md §1, checked on the source text at every test run:
// no import cycle in assembly/, bindings/ or src/ (type-only imports included); src/ reaches
// bindings only through bindings/index and holds no addresses; bindings/ never imports src/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (script: string) => spawnSync(process.execPath, [join(root, 'scripts', script)], { encoding: 'utf8' });

test('no import cycle in assembly/, bindings/, src/', () => {
  const r = run('check-imports.mjs');
  assert.is(r.status, 0, r.stdout + r.stderr);
});

test('src/ holds no addresses and imports bindings only through its index; no arrow runs up', () => {
  const r = run('check-layers.mjs');
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /layers: ok/);
});

test('the shipped build exports no reference twin or tuning kernel', async () => {
  const { WASM_SIMD_GZIP_BASE64 } = await import('../bindings/generated/wasm-inline.js');
  const { gunzipSync } = await import('node:zlib');
  const mod = new WebAssembly.Module(gunzipSync(Buffer.from(WASM_SIMD_GZIP_BASE64, 'base64')));
  const names = WebAssembly.Module.exports(mod).map((e) => e.name);
  assert.ok(names.includes('dgemm'));
  assert.equal(names.filter((n) => /Ref$|Tune/.test(n)), []);
});

test.run();
