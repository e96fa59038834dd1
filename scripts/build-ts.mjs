// Bundles the TypeScript API with esbuild into dist/esm (ESM) and dist/cjs (CommonJS), and
// emits declarations with tsc into dist/types. Runtime dependencies stay external.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), 'node:*'];
rmSync('dist', { recursive: true, force: true });

const entries = ['src/index.ts'];
if (existsSync('src/cli.ts')) entries.push('src/cli.ts');
const common = { bundle: true, platform: 'neutral', target: 'es2022', external, sourcemap: true, logLevel: 'warning',
  mainFields: ['module', 'main'] };
await build({ ...common, entryPoints: entries, outdir: 'dist/esm', format: 'esm' });
await build({ ...common, entryPoints: ['src/index.ts'], outdir: 'dist/cjs', format: 'cjs' });
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log('built dist/esm, dist/cjs, dist/types');
