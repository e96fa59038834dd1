// The published package: `npm pack`, install the tarball into a fresh project, and use it from
// Node ESM (`import`), Node CommonJS (`require`), TypeScript (types via package exports) and
// the `lsqnet` bin. Builds dist/ first when it is missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDist, mustRun, run, ROOT } from '../helpers/e2e-util.js';

let dir = '';
let tarball = '';

test.before(() => {
  ensureDist();
  dir = mkdtempSync(join(tmpdir(), 'lsqnet-pack-'));
  const out = mustRun('npm', ['pack', '--json', '--pack-destination', dir], ROOT, 180_000);
  const info = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, info[0]!.filename);
  const files = info[0]!.files.map((f) => f.path);
  for (const f of ['dist/esm/index.js', 'dist/cjs/index.js', 'dist/cjs/package.json', 'dist/types/src/index.d.ts', 'dist/esm/cli.js', 'README.md', 'package.json']) {
    assert.ok(files.includes(f), `tarball contains ${f}`);
  }
  assert.not.ok(files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('node_modules/')), 'no sources, tests or node_modules in the tarball');
  const app = join(dir, 'app');
  mustRun('mkdir', ['-p', app], dir);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'lsqnet-consumer', private: true, version: '1.0.0' }));
  mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app, 300_000);
  dir = app;
});

test.after(() => {
  if (dir) rmSync(join(dir, '..'), { recursive: true, force: true });
});

// The same computation from both module systems: a Gram matrix through the wasm GEMM, a CSV
// parsed and standardized, a seeded split (identical across ESM and CJS).
const body = (lsq: string) => `
const { init, Matrix, parseCsv, StandardScaler, trainTestSplit, InvalidInputError, SampledNetwork } = ${lsq};
const info = await init();
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
console.log(JSON.stringify({ gram: G.toRows(), z: Z.toRows(), split: Array.from(trainTestSplit(10, { seed: 4 }).test), err, relaxed: info.relaxedSimd, mae, p: Array.from(p.slice(0, 5)) }));
`;

function check(out: string): { split: number[]; p: number[] } {
  const r = JSON.parse(out.trim().split('\n').pop()!) as { gram: number[][]; z: number[][]; split: number[]; err: string; mae: number; p: number[] };
  // 100 SWIM neurons on 400 points: test MAE ≈ 1e-6 (the SWIM paper reaches 1e-7 with 1000 on 5000)
  assert.ok(r.mae < 1e-4, `SWIM test MAE ${r.mae}`);
  assert.equal(r.gram, [[35, 44], [44, 56]]);
  assert.equal(r.z, [[-1, -1], [0, 0], [1, 1]]);
  assert.is(r.err, "CSV line 2, column 'b': \"zz\" is not a number");
  assert.is(r.split.length, 2);
  return r;
}

test('installed tarball works from Node ESM (import) and CommonJS (require), with identical results', () => {
  writeFileSync(join(dir, 'esm.mjs'), `${body("await import('lsqnet')")}`);
  writeFileSync(join(dir, 'cjs.cjs'), `(async () => {\n${body("require('lsqnet')")}\n})().catch((e) => { console.error(e); process.exit(1); });`);
  const esm = check(mustRun(process.execPath, ['esm.mjs'], dir));
  const cjs = check(mustRun(process.execPath, ['cjs.cjs'], dir));
  assert.equal(esm.split, cjs.split);
  assert.equal(esm.p, cjs.p, 'bit-identical predictions from ESM and CJS');
  const resolved = mustRun(process.execPath, ['-e', "console.log(require.resolve('lsqnet'))"], dir).trim();
  assert.match(resolved, /node_modules\/lsqnet\/dist\/cjs\/index\.js$/);
});

test('types resolve through the package exports (strict tsc on a consumer file)', () => {
  writeFileSync(join(dir, 'check.ts'), `import { init, Matrix, parseCsv, StandardScaler, type StandardScalerJSON } from 'lsqnet';
await init();
const m: Matrix = Matrix.zeros(2, 3);
const r: number = m.rows;
const s: StandardScalerJSON = new StandardScaler().fit(parseCsv('a\\n1\\n2\\n').select('a')).toJSON();
console.log(r, s.mean.length);
`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true, types: [] }, files: ['check.ts'] }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')), type: 'module' }));
  const r = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], dir);
  assert.is(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  // and a type error is caught (the declarations are real, not any)
  writeFileSync(join(dir, 'check.ts'), "import { Matrix } from 'lsqnet';\nconst x: string = Matrix.zeros(1, 1).rows;\nconsole.log(x);\n");
  const bad = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], dir);
  assert.is.not(bad.status, 0);
  assert.match(bad.stdout, /Type 'number' is not assignable to type 'string'/);
});

test('the lsqnet bin runs from the installed package (version, fit → predict, usage error exit code)', () => {
  const bin = join(dir, 'node_modules', '.bin', 'lsqnet');
  assert.ok(existsSync(bin), 'bin linked');
  assert.match(readFileSync(join(dir, 'node_modules', 'lsqnet', 'dist', 'esm', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  const v = run(bin, ['--version'], dir);
  assert.is(v.status, 0, v.stderr);
  assert.is(v.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
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

test.run();
