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
// csv-parse's default ESM entry needs Node's global Buffer (even at import time), so the ESM
// library build — what bundlers and browsers load — imports csv-parse's self-contained browser
// build instead (same parser, its own Buffer shim). The CommonJS build and the CLI are Node-only
// and keep the faster Node entry.
const csvForBrowsers = {
  name: 'csv-parse-browser',
  setup(b) {
    b.onResolve({ filter: /^csv-parse\/sync$/ }, () => ({ path: 'csv-parse/browser/esm/sync', external: true }));
  },
};
await build({ ...common, entryPoints: ['src/index.ts'], outdir: 'dist/esm', format: 'esm', plugins: [csvForBrowsers] });
await build({ ...common, entryPoints: ['src/index.ts'], outdir: 'dist/cjs', format: 'cjs' });
if (existsSync('src/cli.ts')) {
  await build({ ...common, platform: 'node', entryPoints: ['src/cli.ts'], outfile: 'dist/esm/cli.js', format: 'esm',
    banner: { js: '#!/usr/bin/env node' } });
  chmodSync('dist/esm/cli.js', 0o755);
}
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log('built dist/esm, dist/cjs, dist/types');
