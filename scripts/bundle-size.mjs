// Bundle size of a small browser app built on the lsqnet package (issue 12: the threaded binaries
// must not grow a single-thread app). Builds the package (scripts/build-ts.mjs, incremental), then
// bundles each app below with esbuild for the browser (platform browser, ESM, minify on), resolving
// 'lsqnet' through the package's own `exports` (a node_modules/lsqnet link to the package root),
// and prints bytes and gzip bytes of each bundle:
//
//   single   import { init, lstsq } from 'lsqnet'          (what a single-thread app ships)
//   threads  import { init, lstsq } from 'lsqnet/threads'  (the same app with the threaded build)
//
//   node scripts/bundle-size.mjs                 this checkout
//   node scripts/bundle-size.mjs --ref main      also a git ref, exported into <tmpdir>/lsqnet-bundle-size/<ref>
//                                                and built there (build-wasm --shipped, build-ts)
// (The apps live outside the repository: inside it, 'lsqnet' would resolve to the enclosing
// package by self-reference.)
//   --json                                       one JSON line instead of the table
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const refs = argv.flatMap((a, i) => (a === '--ref' && argv[i + 1] ? [argv[i + 1]] : []));
const json = argv.includes('--json');
const work = join(tmpdir(), 'lsqnet-bundle-size');

const APPS = {
  single: "import { init, lstsq } from 'lsqnet';\nawait init();\nconsole.log(lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x);\n",
  threads: "import { init, lstsq } from 'lsqnet/threads';\nawait init();\nconsole.log(lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x);\n",
};

/** Builds the package at `pkgRoot` (its own scripts) so that dist/ is current. */
function buildPackage(pkgRoot, wasmToo) {
  const run = (script, ...args) => execFileSync(process.execPath, [join(pkgRoot, 'scripts', script), ...args], { cwd: pkgRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  if (wasmToo) run('build-wasm.mjs', '--shipped');
  run('build-ts.mjs');
}

/** Exports git ref `ref` of this repository into <tmpdir>/lsqnet-bundle-size/<ref> with this checkout's node_modules. */
function checkout(ref) {
  const dir = join(work, ref.replace(/[^\w.-]/g, '_'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['archive', '--format=tar', ref], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
  return dir;
}

/** Bundles each app against the package at `pkgRoot`; returns { app: { bytes, gzip } | null }. */
async function measure(pkgRoot, label) {
  const appDir = join(work, `app-${label.replace(/[^\w.-]/g, '_')}`);
  rmSync(appDir, { recursive: true, force: true });
  mkdirSync(join(appDir, 'node_modules'), { recursive: true });
  symlinkSync(pkgRoot, join(appDir, 'node_modules', 'lsqnet'));
  const pkg = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8'));
  const out = {};
  for (const [name, code] of Object.entries(APPS)) {
    if (name === 'threads' && !pkg.exports?.['./threads']) { out[name] = null; continue; }
    writeFileSync(join(appDir, `${name}.js`), code);
    const res = await build({
      entryPoints: [join(appDir, `${name}.js`)], bundle: true, write: false, minify: true, format: 'esm',
      platform: 'browser', target: 'es2022', logLevel: 'error', absWorkingDir: appDir,
    });
    const bytes = res.outputFiles[0].contents;
    out[name] = { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  return out;
}

const rows = [];
for (const ref of refs) {
  const dir = checkout(ref);
  buildPackage(dir, true);
  rows.push({ label: ref, ...(await measure(dir, ref)) });
}
if (!existsSync(join(root, 'bindings', 'generated', 'wasm-inline.ts'))) buildPackage(root, true);
else buildPackage(root, false);
const head = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
rows.push({ label: `${head} (this checkout)`, ...(await measure(root, 'head')) });

if (json) {
  console.log(JSON.stringify(rows));
} else {
  const kb = (v) => (v ? `${(v.bytes / 1024).toFixed(1)} KiB (gzip ${(v.gzip / 1024).toFixed(1)} KiB)` : 'n/a');
  console.log('esbuild browser bundle, minified: import { init, lstsq } from …');
  console.log(`| package | 'lsqnet' | 'lsqnet/threads' |\n|---|---|---|`);
  for (const r of rows) console.log(`| ${r.label} | ${kb(r.single)} | ${kb(r.threads)} |`);
}
