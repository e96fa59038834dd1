// Bundles the TypeScript API with esbuild into dist/esm (ESM) and dist/cjs (CommonJS), builds the
// CLI (dist/esm/cli.js), and emits declarations once with tsc into dist/types (ESM: the package
// is "type": "module") plus a copy in dist/cjs/types, which dist/cjs/package.json marks
// CommonJS, so `require` users get CommonJS types (no TS1479 under module node16/nodenext).
// Runtime dependencies stay external.
//
// Layout: every entry is dist/{esm,cjs}/<name>.js; the base64 wasm (bindings/generated/
// wasm-inline.ts) is one shared module per format, dist/{esm,cjs}/wasm-inline.js, so the library,
// the CLI and any other entry do not each carry their own 220 KB copy. Likewise the threaded
// binaries (bindings/generated/wasm-threads-inline.ts) are dist/{esm,cjs}/wasm-threads-inline.js,
// imported only by the `threads` entry (and `node`, which re-exports it) and the CLI, never by
// `index`, so a browser app that imports 'lsqnet' does not bundle them. No source maps are emitted
// (the bundles are not minified, so stack traces stay readable).
//
// Incremental: the build is skipped when the SHA-256 of its inputs (src/, bindings/ including the
// generated wasm, this script, package.json, tsconfig*.json, esbuild and typescript versions)
// matches build/.stamp-dist and every output exists, so `prepare`, `prepack` and `npm run build`
// can all run it without building twice. `--force` rebuilds.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * The package's module entry points, one line each: `name` is the output file
 * (dist/esm/<name>.js, dist/cjs/<name>.js, both with types from dist/types/<src>.d.ts and
 * dist/cjs/types/<src>.d.ts); an entry whose `src` does not exist is skipped. Entries other than
 * `index` import the main module (src/index.ts) as the external './index.js', so a program that
 * loads several entries has one copy of lsqnet (one wasm instance, one set of error classes).
 * `cjs` holds extra esbuild options for the CommonJS build.
 */
const entries = [
  { name: 'index', src: 'src/index.ts' },                                   // 'lsqnet'
  { name: 'worker', src: 'src/worker/index.ts', cjs: { logOverride: { 'empty-import-meta': 'silent' } } }, // 'lsqnet/worker' (CJS finds its script by __dirname)
  { name: 'worker-entry', src: 'src/worker/worker-entry.ts' },              // the script a ModelWorker starts
  { name: 'threads', src: 'src/threads.ts' },                               // 'lsqnet/threads': registers the threaded build
  { name: 'node', src: 'src/node.ts' },                                     // 'lsqnet' in Node (condition "node"): threads by default
].filter((e) => existsSync(e.src));
/** The CLI (bin `lsqnet`, ESM only): src/cli/index.ts, or src/cli.ts before the CLI moved into a folder. */
const cli = ['src/cli/index.ts', 'src/cli.ts'].find((f) => existsSync(f));

// ---- up to date? ------------------------------------------------------------------------------
function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  }).sort();
}
const versionOf = (name) => JSON.parse(readFileSync(join('node_modules', name, 'package.json'), 'utf8')).version;
const hash = createHash('sha256').update(`esbuild ${versionOf('esbuild')} typescript ${versionOf('typescript')}\n`);
for (const f of ['scripts/build-ts.mjs', 'package.json', 'tsconfig.json', 'tsconfig.build.json', ...walk('src'), ...walk('bindings')]) {
  hash.update(`${f}\n`).update(readFileSync(f));
}
const stamp = hash.digest('hex');
const stampFile = join('build', '.stamp-dist');
const declOf = (src) => src.replace(/\.ts$/, '.d.ts');
const outputs = [
  'dist/cjs/package.json', 'dist/esm/wasm-inline.js', 'dist/cjs/wasm-inline.js', 'dist/esm/wasm-threads-inline.js', 'dist/cjs/wasm-threads-inline.js',
  ...entries.flatMap((e) => [`dist/esm/${e.name}.js`, `dist/cjs/${e.name}.js`, `dist/types/${declOf(e.src)}`, `dist/cjs/types/${declOf(e.src)}`]),
  ...(cli ? ['dist/esm/cli.js'] : []),
];
if (!process.argv.includes('--force') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp
  && outputs.every((f) => existsSync(f))) {
  console.log('dist/ is up to date');
  process.exit(0);
}
for (const f of ['bindings/generated/wasm-inline.ts', 'bindings/generated/wasm-threads-inline.ts']) {
  if (!existsSync(f)) {
    console.error(`${f} is missing: run \`npm run build:wasm\` (node scripts/build-wasm.mjs) first`);
    process.exit(1);
  }
}

// ---- bundles ----------------------------------------------------------------------------------
rmSync('dist', { recursive: true, force: true });
rmSync(stampFile, { force: true });
const external = [...Object.keys(pkg.dependencies ?? {}), 'node:*'];
// Not minified: minifySyntax folds the non-literal `import(name)` of bindings/loader.ts back into
// `import("node:fs/promises")`, which browser bundlers then try to resolve (measured: 962 → 875 KB
// packed would not be worth that).
const common = { bundle: true, platform: 'neutral', target: 'es2022', external, sourcemap: false, logLevel: 'warning',
  mainFields: ['module', 'main'] };
const wasmInline = resolve('bindings/generated/wasm-inline.ts');
const wasmThreadsInline = resolve('bindings/generated/wasm-threads-inline.ts');
const mainIndex = resolve('src/index.ts');
const threadsEntry = resolve('src/threads.ts');
/**
 * The base64 wasm modules and (for module entries other than index) the main module stay separate
 * files beside the bundle; the `node` entry imports `threads` as a separate file too. The CLI is self-contained (it reaches internal modules the main module
 * does not export, and those must share one wasm instance with the rest of it).
 */
const shared = (entry) => ({
  name: 'lsqnet-shared-modules',
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (a) => {
      if (a.pluginData === 'lsqnet-inner') return undefined;
      const r = await b.resolve(a.path, { resolveDir: a.resolveDir, kind: a.kind, importer: a.importer, pluginData: 'lsqnet-inner' });
      if (r.errors.length > 0) return undefined;
      if (r.path === wasmInline) return { path: './wasm-inline.js', external: true };
      if (r.path === wasmThreadsInline) return { path: './wasm-threads-inline.js', external: true };
      if (entry !== 'index' && entry !== 'cli' && r.path === mainIndex) return { path: './index.js', external: true };
      // the Node entry imports the threads entry (one registration, one copy of its code)
      if (entry === 'node' && r.path === threadsEntry) return { path: './threads.js', external: true };
      return undefined;
    });
  },
});
// src/data/csv.ts imports csv-parse's self-contained browser build, because its default ESM
// entry needs Node's global Buffer even at import time: the ESM build (what bundlers and browsers
// load) keeps that. The CommonJS build and the CLI are Node-only and get the faster Node entry.
const csvForNode = {
  name: 'csv-parse-node',
  setup(b) {
    b.onResolve({ filter: /^csv-parse\/browser\/esm\/sync$/ }, () => ({ path: 'csv-parse/sync', external: true }));
  },
};
await Promise.all([
  build({ bundle: false, entryPoints: [wasmInline], outfile: 'dist/esm/wasm-inline.js', format: 'esm', target: 'es2022', logLevel: 'warning' }),
  build({ bundle: false, entryPoints: [wasmInline], outfile: 'dist/cjs/wasm-inline.js', format: 'cjs', target: 'es2022', logLevel: 'warning' }),
  build({ bundle: false, entryPoints: [wasmThreadsInline], outfile: 'dist/esm/wasm-threads-inline.js', format: 'esm', target: 'es2022', logLevel: 'warning' }),
  build({ bundle: false, entryPoints: [wasmThreadsInline], outfile: 'dist/cjs/wasm-threads-inline.js', format: 'cjs', target: 'es2022', logLevel: 'warning' }),
  ...entries.flatMap((e) => [
    build({ ...common, entryPoints: [e.src], outfile: `dist/esm/${e.name}.js`, format: 'esm', plugins: [shared(e.name)] }),
    build({ ...common, entryPoints: [e.src], outfile: `dist/cjs/${e.name}.js`, format: 'cjs', plugins: [shared(e.name), csvForNode], ...e.cjs }),
  ]),
  ...(cli ? [build({ ...common, platform: 'node', entryPoints: [cli], outfile: 'dist/esm/cli.js', format: 'esm',
    banner: { js: '#!/usr/bin/env node' }, plugins: [shared('cli'), csvForNode] })] : []),
]);
if (cli) chmodSync('dist/esm/cli.js', 0o755);
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');

// ---- declarations: once with tsc, then a CommonJS copy -----------------------------------------
execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
cpSync('dist/types', 'dist/cjs/types', { recursive: true });

mkdirSync('build', { recursive: true });
writeFileSync(stampFile, stamp);
console.log(`built dist/esm, dist/cjs (${[...entries.map((e) => e.name), ...(cli ? ['cli'] : [])].join(', ')}), dist/types, dist/cjs/types`);
