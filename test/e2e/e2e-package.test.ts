// The package as a user gets it. `npm pack` (prepack builds dist/) → the tarball's contents,
// publint and @arethetypeswrong/cli on it. Then two installs into scratch projects, side by side:
// the packed tarball, and a `git+file://` URL of a clean clone of HEAD (npm clones it again,
// installs its devDependencies and runs `prepare`, exactly like `npm install github:…`; uncommitted
// work in this checkout does not reach it). Each install is used from Node ESM (`import`), Node
// CommonJS (`require`), TypeScript with module node16 in a CommonJS package (the TS1479 case),
// module nodenext in an ESM package, moduleResolution bundler, and through the `lsqnet` bin.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDist, mustRun, mustRunAsync, run, runAsync, ROOT } from '../helpers/e2e-util.js';

const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const BIN = (name: string): string => join(ROOT, 'node_modules', name);
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; exports: Record<string, unknown> };
const VERSION = PKG.version;
/** `lsqnet/worker` is built (scripts/build-ts.mjs) when its source exists; then it must be exported, shipped and load. */
const HAS_WORKER = existsSync(join(ROOT, 'src', 'worker', 'index.ts'));

interface PackInfo { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] }
let tmp = '';
let tarball = '';
let pack: PackInfo;
/** The two scratch projects: name → directory holding node_modules/lsqnet. */
const apps: Record<'tarball' | 'git', string> = { tarball: '', git: '' };
let gitSeconds = 0;
const installed: Record<'tarball' | 'git', Promise<void>> = { tarball: Promise.resolve(), git: Promise.resolve() };

function project(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `lsqnet-consumer-${dir.split('/').pop()}`, private: true, version: '1.0.0' }));
  return dir;
}

test.before(async () => {
  ensureDist();
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-pack-'));
  // npm prints the prepack script's output before the JSON
  const out = mustRun('npm', ['pack', '--json', '--pack-destination', tmp], ROOT, 300_000);
  pack = (JSON.parse(out.slice(out.search(/^\[/m))) as PackInfo[])[0]!;
  tarball = join(tmp, pack.filename);
  console.log(`  npm pack: ${pack.filename} ${(pack.size / 1024).toFixed(0)} KB packed, ${(pack.unpackedSize / 1024).toFixed(0)} KB unpacked, ${pack.files.length} files`);

  apps.tarball = project(join(tmp, 'tarball-app'));
  apps.git = project(join(tmp, 'git-app'));
  const src = join(tmp, 'lsqnet-src');
  mustRun('git', ['clone', '--quiet', ROOT, src], tmp);
  // both installs start now and run while the tests that do not need them (and then the tarball's
  // tests) run; each test awaits the install it uses
  installed.tarball = mustRunAsync('npm', ['install', ...NPM_FLAGS, tarball], apps.tarball, 300_000).then(() => undefined);
  const t0 = performance.now();
  installed.git = mustRunAsync('npm', ['install', ...NPM_FLAGS, `git+file://${src}`], apps.git, 600_000).then(() => {
    gitSeconds = (performance.now() - t0) / 1000;
    console.log(`  npm install git+file:// (clone, devDependencies, prepare, pack): ${gitSeconds.toFixed(0)} s`);
  });
  // a failed install fails the tests that await it, not the process
  installed.tarball.catch(() => undefined);
  installed.git.catch(() => undefined);
});

test.after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the tarball ships dist (ESM, CJS, both type flavours), the CLI, LICENSE and the linked docs; no sources, maps or wasm literal types', () => {
  const files = pack.files.map((f) => f.path);
  for (const f of ['dist/esm/index.js', 'dist/cjs/index.js', 'dist/cjs/package.json', 'dist/esm/wasm-inline.js', 'dist/cjs/wasm-inline.js',
    'dist/types/src/index.d.ts', 'dist/cjs/types/src/index.d.ts', 'dist/esm/cli.js', 'build/lsqnet.wasm', 'build/lsqnet-relaxed.wasm',
    'README.md', 'LICENSE', 'package.json',
    // issue 12: 'lsqnet/threads', the Node main entry, and the threaded binaries inlined in their own module
    'dist/esm/threads.js', 'dist/cjs/threads.js', 'dist/esm/node.js', 'dist/cjs/node.js', 'dist/esm/wasm-threads-inline.js', 'dist/cjs/wasm-threads-inline.js',
    'dist/types/src/threads.d.ts', 'dist/cjs/types/src/threads.d.ts', 'dist/types/src/node.d.ts', 'dist/cjs/types/src/node.d.ts',
    'threads/package.json']) {
    assert.ok(files.includes(f), `tarball contains ${f}`);
  }
  assert.not.ok(files.some((f) => /threads.*\.wasm$/.test(f)), 'the threaded binaries travel only inside dist (wasm-threads-inline.js)');
  // the main module does not carry the threaded binaries: only the threads entry (and node, the CLI through it) import them
  const distFile = (f: string): string => readFileSync(join(ROOT, f), 'utf8');
  for (const f of ['dist/esm/index.js', 'dist/cjs/index.js']) assert.not.match(distFile(f), /wasm-threads-inline/, `${f} does not import the threaded binaries`);
  for (const f of ['dist/esm/threads.js', 'dist/cjs/threads.js']) assert.match(distFile(f), /wasm-threads-inline/, `${f} imports the threaded binaries`);
  assert.not.ok(files.some((f) => /^(src|test|bench|assembly|bindings|scripts|examples|node_modules)\//.test(f)), 'no sources, tests or node_modules');
  assert.not.ok(files.some((f) => f.endsWith('.map')), 'no source maps');
  assert.not.ok(files.some((f) => /ref.*\.wasm$/.test(f)), 'no test-only wasm');
  // the declarations of the base64 wasm are `string`, not a 110 KB literal type
  const decls = pack.files.filter((f) => f.path.endsWith('.d.ts'));
  const biggest = decls.reduce((a, b) => (b.size > a.size ? b : a));
  assert.ok(biggest.size < 20_000, `largest .d.ts ${biggest.path} is ${biggest.size} bytes`);
  // every document the README links to is in the tarball (screenshots under docs/img are not
  // shipped: they would add more than the whole library's code)
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const linked = [...readme.matchAll(/\]\((docs\/[^)#\s]+\.md)/g)].map((m) => m[1]!);
  assert.ok(linked.length >= 5, 'README links docs');
  for (const d of new Set(linked)) assert.ok(files.includes(d), `README links ${d}; the tarball ships it`);
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 the lsqnet contributors\n/);
  // 0.96 MB with VarPro, slimTrain and the D&C SVD/eigh kernels (gzipped inline wasm; 1.45 MB
  // before issue 15 with less in it); source maps or literal wasm types coming back would add
  // ~0.9 MB. Issue 12 adds the two threaded binaries (gzip+base64, once per module format in
  // dist/{esm,cjs}/wasm-threads-inline.js, ≈ 2 × 115 KB, barely compressible in the tarball).
  assert.ok(pack.size < 1_350_000, `packed size ${pack.size}`);
  if (HAS_WORKER) {
    assert.ok('./worker' in PKG.exports, 'src/worker/index.ts exists: package.json needs the "./worker" exports entry');
    for (const f of ['dist/esm/worker.js', 'dist/cjs/worker.js', 'dist/esm/worker-entry.js', 'dist/cjs/worker-entry.js',
      'dist/types/src/worker/index.d.ts', 'dist/cjs/types/src/worker/index.d.ts', 'worker/package.json']) {
      assert.ok(files.includes(f), `tarball contains ${f}`);
    }
  }
});

test('publint (strict) and @arethetypeswrong/cli are clean on the tarball', () => {
  const pl = run(process.execPath, [join(BIN('publint'), 'src', 'cli.js'), 'run', tarball, '--strict'], tmp);
  assert.is(pl.status, 0, `publint:\n${pl.stdout}${pl.stderr}`);
  assert.match(pl.stdout, /All good!/);
  const attw = run(process.execPath, [join(BIN('@arethetypeswrong/cli'), 'dist', 'index.js'), tarball, '--format', 'ascii', '--no-color'], tmp);
  assert.is(attw.status, 0, `attw:\n${attw.stdout}${attw.stderr}`);
  assert.match(attw.stdout, /No problems found/);
  // ESM types for import, CommonJS types for require, in every resolution mode attw checks
  assert.match(attw.stdout, /"lsqnet"\n\nnode10: 🟢 \nnode16 \(from CJS\): 🟢 \(CJS\)\nnode16 \(from ESM\): 🟢 \(ESM\)\nbundler: 🟢 \n/);
  assert.match(attw.stdout, /"lsqnet\/threads"\n\nnode10: 🟢 \nnode16 \(from CJS\): 🟢 \(CJS\)\nnode16 \(from ESM\): 🟢 \(ESM\)\nbundler: 🟢 \n/);
});

// The same computation from both module systems: a Gram matrix through the wasm GEMM, a CSV
// parsed and standardized, a seeded split (identical across ESM and CJS), a SWIM fit.
const body = (lsq: string): string => `
const { init, Matrix, parseCsv, StandardScaler, trainTestSplit, InvalidInputError, SampledNetwork } = ${lsq};
const info = await init();   // in Node the main entry registers the threaded build: all cores
const A = Matrix.fromRows([[1, 2], [3, 4], [5, 6]]);
const G = A.matmul(A, { transA: true });
const t = parseCsv('x,y\\n1,10\\n2,20\\n3,30\\n');
const Z = new StandardScaler().fit(t.select(['x', 'y'])).transform(t.select(['x', 'y']));
let err = '';
try { parseCsv('a,b\\n1,zz\\n').column('b'); } catch (e) { err = e instanceof InvalidInputError ? e.message : 'wrong class'; }
// a SWIM network on sin(x + y), x ~ U[0, 1]²
const X = Matrix.random(400, 2, { seed: 1, dist: 'uniform' });
const y = Float64Array.from(X.toRows(), (r) => Math.sin(r[0] + r[1]));
const net = new SampledNetwork({ layers: [100], activation: 'tanh', seed: 2 }).fit(X, y);
const Xt = Matrix.random(200, 2, { seed: 3, dist: 'uniform' });
const p = net.predict(Xt).column(0);
let mae = 0;
Xt.toRows().forEach((r, i) => { mae += Math.abs(p[i] - Math.sin(r[0] + r[1])) / 200; });
console.log(JSON.stringify({ gram: G.toRows(), z: Z.toRows(), split: Array.from(trainTestSplit(10, { seed: 4 }).test), err, relaxed: info.relaxedSimd, mae, p: Array.from(p.slice(0, 5)), build: info.build, threads: info.threads }));
`;

function check(out: string): { split: number[]; p: number[] } {
  const r = JSON.parse(out.trim().split('\n').pop()!) as { gram: number[][]; z: number[][]; split: number[]; err: string; mae: number; p: number[]; build: string; threads: number };
  assert.is(r.build, 'threads', 'a Node consumer of the package runs the threaded build by default');
  assert.is(r.threads, Math.min(availableParallelism(), 256));
  // 100 SWIM neurons on 400 points: test MAE ≈ 1e-6 (the SWIM paper reaches 1e-7 with 1000 on 5000)
  assert.ok(r.mae < 1e-4, `SWIM test MAE ${r.mae}`);
  assert.equal(r.gram, [[35, 44], [44, 56]]);
  assert.equal(r.z, [[-1, -1], [0, 0], [1, 1]]);
  assert.is(r.err, "CSV line 2, column 'b': \"zz\" is not a number");
  assert.is(r.split.length, 2);
  return r;
}

/** A consumer folder inside a scratch project (node_modules found upward) with its own package type. */
function consumer(app: string, name: string, type: 'module' | 'commonjs', files: Record<string, string>): string {
  const dir = join(app, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type }));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

// TypeScript consumers: strict, the package's own declarations checked too (skipLibCheck off).
const tsSource = `import { init, Matrix, parseCsv, StandardScaler, InvalidInputError, type StandardScalerJSON } from 'lsqnet';
${HAS_WORKER ? "import * as lsqnetWorker from 'lsqnet/worker';   // its declarations resolve too\nexport const workerExports: number = Object.keys(lsqnetWorker).length;" : ''}
async function main(): Promise<void> {
  const info = await init();
  const m: Matrix = Matrix.fromRows([[1, 2], [3, 4]]);
  const r: number = m.rows;
  const s: StandardScalerJSON = new StandardScaler().fit(parseCsv('a\\n1\\n3\\n').select('a')).toJSON();
  let typed = false;
  try { parseCsv('a\\nzz\\n').column('a'); } catch (e) { typed = e instanceof InvalidInputError; }
  console.log(JSON.stringify({ r, trace: m.get(0, 0) + m.get(1, 1), mean: Array.from(s.mean), typed, simd: typeof info.relaxedSimd }));
  m.dispose();
}
main().catch((e: unknown) => { console.error(e); throw e; });   // an unhandled rejection exits 1
`;
const tsOptions = { strict: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: false, noUncheckedIndexedAccess: true, outDir: 'out' };
/** What each TypeScript consumer is: its package type, compiler options, and which declaration flavour it must load. */
const tsCases = [
  { name: 'ts-node16-cjs', type: 'commonjs', options: { module: 'node16', moduleResolution: 'node16' }, decl: 'dist/cjs/types/src/index.d.ts', runs: true },
  { name: 'ts-nodenext-esm', type: 'module', options: { module: 'nodenext', moduleResolution: 'nodenext' }, decl: 'dist/types/src/index.d.ts', runs: true },
  { name: 'ts-bundler', type: 'module', options: { module: 'esnext', moduleResolution: 'bundler', noEmit: true }, decl: 'dist/types/src/index.d.ts', runs: false },
] as const;

for (const kind of ['tarball', 'git'] as const) {
  if (kind === 'git') {
    test('the git install ran prepare: a built package with the same files as the tarball', async () => {
      await installed.git;
      const pkgDir = join(apps.git, 'node_modules', 'lsqnet');
      for (const f of ['dist/esm/index.js', 'dist/cjs/index.js', 'dist/types/src/index.d.ts', 'dist/cjs/types/src/index.d.ts', 'dist/esm/cli.js', 'LICENSE', 'docs/usage.md']) {
        assert.ok(existsSync(join(pkgDir, f)), `git install has ${f}`);
      }
      assert.not.ok(existsSync(join(pkgDir, 'src')), 'packed by `files`, not a raw clone');
      assert.not.ok(existsSync(join(pkgDir, 'node_modules')), 'no devDependencies left inside');
    });
  }

  test(`${kind} install: Node ESM (import) and CommonJS (require) give bit-identical results`, async () => {
    await installed[kind];
    const app = apps[kind];
    const esmDir = consumer(app, 'esm', 'module', { 'main.js': body("await import('lsqnet')") });
    const cjsDir = consumer(app, 'cjs', 'commonjs', { 'main.js': `(async () => {\n${body("require('lsqnet')")}\n})().catch((e) => { console.error(e); process.exit(1); });` });
    const esm = check(mustRun(process.execPath, ['main.js'], esmDir));
    const cjs = check(mustRun(process.execPath, ['main.js'], cjsDir));
    assert.equal(esm.split, cjs.split);
    assert.equal(esm.p, cjs.p, 'bit-identical predictions from ESM and CJS');
    // Node resolves 'lsqnet' through the "node" condition to the entry that registers the threaded build
    assert.match(mustRun(process.execPath, ['-e', "console.log(require.resolve('lsqnet'))"], cjsDir).trim(), /node_modules\/lsqnet\/dist\/cjs\/node\.js$/);
    assert.match(mustRun(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('lsqnet'))"], esmDir).trim(), /node_modules\/lsqnet\/dist\/esm\/node\.js$/);
    // 'lsqnet/threads' resolves from both module systems, shares the main module, and runs threaded
    const threadsProbe = (load: string): string => `const t = ${load}; const info = await t.init({ threads: 2 }); const x = t.lstsq([[1, 0], [0, 1], [1, 1]], [1, 2, 3]).x;
      console.log(info.build, info.threads, Array.from(x, (v) => +v.toFixed(12)).join(','), t.ThreadError.prototype instanceof t.LsqnetError);`;
    assert.is(mustRun(process.execPath, ['-e', `(async () => { ${threadsProbe("require('lsqnet/threads')")} console.log(require.resolve('lsqnet/threads').endsWith('dist/cjs/threads.js')); })().catch((e) => { console.error(e); process.exit(1); });`], cjsDir).trim(),
      'threads 2 1,2 true\ntrue');
    assert.is(mustRun(process.execPath, ['--input-type=module', '-e', `${threadsProbe("await import('lsqnet/threads')")} console.log(import.meta.resolve('lsqnet/threads').endsWith('dist/esm/threads.js'));`], esmDir).trim(),
      'threads 2 1,2 true\ntrue');
    if (HAS_WORKER) {
      // the subpath loads from both module systems and shares the main module (one copy of lsqnet)
      assert.is(mustRun(process.execPath, ['-e', "const w = require('lsqnet/worker'); console.log(Object.keys(w).length > 0, require.resolve('lsqnet/worker').endsWith('dist/cjs/worker.js'))"], cjsDir).trim(), 'true true');
      assert.is(mustRun(process.execPath, ['--input-type=module', '-e', "const w = await import('lsqnet/worker'); console.log(Object.keys(w).length > 0, import.meta.resolve('lsqnet/worker').endsWith('dist/esm/worker.js'))"], esmDir).trim(), 'true true');
    }
  });

  test(`${kind} install: TypeScript node16 (CommonJS package), nodenext (ESM) and bundler type-check against the right declarations; the compiled code runs`, async () => {
    await installed[kind];
    // the three compilers run in parallel
    await Promise.all(tsCases.map(async (c) => {
      const dir = consumer(apps[kind], c.name, c.type, {
        'main.ts': tsSource,
        'tsconfig.json': JSON.stringify({ compilerOptions: { ...tsOptions, ...c.options }, files: ['main.ts'] }),
      });
      const r = await runAsync(process.execPath, [TSC, '-p', 'tsconfig.json', '--listFiles'], dir);
      assert.is(r.status, 0, `${c.name}: tsc failed:\n${r.stdout}${r.stderr}`);
      const lsqnetDecls = r.stdout.split('\n').filter((l) => l.includes('/node_modules/lsqnet/'));
      assert.ok(lsqnetDecls.some((l) => l.endsWith(`/node_modules/lsqnet/${c.decl}`)), `${c.name} loads ${c.decl}:\n${lsqnetDecls.slice(0, 5).join('\n')}`);
      const other = c.decl.startsWith('dist/cjs/') ? '/node_modules/lsqnet/dist/types/' : '/node_modules/lsqnet/dist/cjs/';
      assert.not.ok(lsqnetDecls.some((l) => l.includes(other)), `${c.name} mixes declaration flavours`);
      if (c.runs) {
        const out = JSON.parse(mustRun(process.execPath, [join('out', 'main.js')], dir).trim()) as unknown;
        assert.equal(out, { r: 2, trace: 5, mean: [2], typed: true, simd: 'boolean' }, c.name);
      }
    }));
    // the declarations are real, not any: a type error is reported (and CommonJS users are not told TS1479)
    const dir = join(apps[kind], 'ts-node16-cjs');
    writeFileSync(join(dir, 'main.ts'), "import { Matrix } from 'lsqnet';\nconst x: string = Matrix.zeros(1, 1).rows;\nconsole.log(x);\n");
    const bad = run(process.execPath, [TSC, '-p', 'tsconfig.json'], dir);
    assert.is.not(bad.status, 0);
    assert.match(bad.stdout, /Type 'number' is not assignable to type 'string'/);
    assert.not.match(bad.stdout, /TS1479/);
  });

  test(`${kind} install: the lsqnet bin runs (npx lsqnet --version)`, async () => {
    await installed[kind];
    // `--no`: never fetch from the registry; `--` so that --version goes to lsqnet, not to npx
    const v = run('npx', ['--no', '--', 'lsqnet', '--version'], apps[kind]);
    assert.is(v.status, 0, v.stderr);
    assert.is(v.stdout.trim(), VERSION);
  });

  if (kind === 'tarball') {
    test('tarball install: the bin trains and predicts from CSV files (fit → predict, usage error exit code)', async () => {
      await installed.tarball;
      const dir = apps.tarball;
      const bin = join(dir, 'node_modules', '.bin', 'lsqnet');
      assert.match(readFileSync(join(dir, 'node_modules', 'lsqnet', 'dist', 'esm', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
      const lines = ['u,v,w'];
      for (let i = 0; i < 300; i++) { const u = (i * 0.6180339887) % 1, v = (i * 0.7548776662) % 1; lines.push(`${u},${v},${Math.sin(u + v)}`); }
      writeFileSync(join(dir, 'train.csv'), `${lines.join('\n')}\n`);
      const fit = run(bin, ['fit', 'train.csv', '--target', 'w', '--hidden', '60', '--out', 'm.json', '--json'], dir);
      assert.is(fit.status, 0, fit.stderr);
      const f = JSON.parse(fit.stdout) as { test: { mae: number } };
      assert.ok(f.test.mae < 1e-3, `test MAE ${f.test.mae}`);
      const pr = run(bin, ['predict', 'm.json', 'train.csv'], dir);
      assert.is(pr.status, 0, pr.stderr);
      assert.is(pr.stdout.trimEnd().split('\n').length, 301);
      const bad = run(bin, ['fit', 'x.csv', '--target', 'y', '--hidden', '-3'], dir);
      assert.is(bad.status, 2);
      assert.is(bad.stderr.trim().split('\n').length, 1, `one line: ${bad.stderr}`);
      assert.match(bad.stderr, /^lsqnet: .*--hidden/);
    });
  }
}

test.run();
