// Bundles the TypeScript API with esbuild into dist/esm (ESM) and dist/cjs (CommonJS), and
// emits declarations with tsc into dist/types. Runtime dependencies stay external.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), 'node:*'];
rmSync('dist', { recursive: true, force: true });

const common = { bundle: true, platform: 'neutral', target: 'es2022', external, sourcemap: true, logLevel: 'warning',
  mainFields: ['module', 'main'] };
// src/data/csv.ts imports csv-parse's self-contained browser build, because its default ESM
// entry needs Node's global Buffer even at import time: the ESM build (what bundlers and browsers
// load) keeps that. The CommonJS build and the CLI are Node-only and get the faster Node entry.
const csvForNode = {
  name: 'csv-parse-node',
  setup(b) {
    b.onResolve({ filter: /^csv-parse\/browser\/esm\/sync$/ }, () => ({ path: 'csv-parse/sync', external: true }));
  },
};
await build({ ...common, entryPoints: ['src/index.ts'], outdir: 'dist/esm', format: 'esm' });
await build({ ...common, entryPoints: ['src/index.ts'], outdir: 'dist/cjs', format: 'cjs', plugins: [csvForNode] });
// lsqnet/worker: the caller API (worker.js) and the worker script (worker-entry.js) beside index.js.
// Both import the package's main module (`../index.js` in src/worker/) as the external './index.js',
// so each thread has one copy of lsqnet (one wasm instance, one set of error classes).
const mainAsExternal = {
  name: 'lsqnet-main-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/index\.js$/ }, (a) => (/[\\/]src[\\/]worker[\\/]/.test(a.importer) ? { path: './index.js', external: true } : undefined));
  },
};
const workerEntries = { worker: 'src/worker/index.ts', 'worker-entry': 'src/worker/worker-entry.ts' };
await build({ ...common, entryPoints: workerEntries, outdir: 'dist/esm', format: 'esm', plugins: [mainAsExternal] });
// CommonJS has no import.meta: worker.js finds worker-entry.js by __dirname there
await build({ ...common, entryPoints: workerEntries, outdir: 'dist/cjs', format: 'cjs', plugins: [mainAsExternal],
  logOverride: { 'empty-import-meta': 'silent' } });
if (existsSync('src/cli/index.ts')) {
  await build({ ...common, platform: 'node', entryPoints: ['src/cli/index.ts'], outfile: 'dist/esm/cli.js', format: 'esm',
    banner: { js: '#!/usr/bin/env node' }, plugins: [csvForNode] });
  chmodSync('dist/esm/cli.js', 0o755);
}
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log('built dist/esm, dist/cjs, dist/types');
