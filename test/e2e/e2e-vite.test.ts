// Vite end-to-end (issue 7: "the package bundles unchanged with esbuild and Vite"): a temporary
// Vite project (index.html + main.ts from test/fixtures/vite-app/, node_modules/lsqnet → this
// package, so 'lsqnet' resolves through package.json exports → dist/esm like an installed
// dependency) is built with Vite's JS API, its dist/ served from 127.0.0.1 and run in headless
// Chromium. The page solves a least-squares problem with an exact answer and trains a SWIM
// network, once with the inline wasm and once with init({ wasm: url }) fetching the lsqnet.wasm
// copied into Vite's public/ dir; the test checks the numbers the page wrote. The same app also
// runs from the Vite dev server, where lsqnet goes through dependency pre-bundling.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createLogger, createServer } from 'vite';
import type { Browser } from 'playwright-core';
import { ensureDist, launchChromium, ROOT, serveDir, withPage, type FileServer } from '../helpers/e2e-util.js';

const EPS = 2 ** -52;
let tmp = '';
let browser: Browser | null = null;
let server: FileServer | null = null;
const warnings: string[] = [];

test.before(async () => {
  ensureDist();
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-vite-'));
  const fixture = join(ROOT, 'test', 'fixtures', 'vite-app');
  for (const f of readdirSync(fixture)) copyFileSync(join(fixture, f), join(tmp, f));
  mkdirSync(join(tmp, 'node_modules'));
  symlinkSync(ROOT, join(tmp, 'node_modules', 'lsqnet'), 'dir');
  // the recipe of docs/browser.md: the portable SIMD binary as a static asset
  mkdirSync(join(tmp, 'public'));
  copyFileSync(join(ROOT, 'build', 'lsqnet.wasm'), join(tmp, 'public', 'lsqnet.wasm'));
  // every warning Vite/Rolldown reports while bundling the package (e.g. an unresolvable
  // `node:*` import, a dynamic import it cannot analyse) fails the test below
  const logger = createLogger('warn', { allowClearScreen: false });
  logger.warn = (msg) => { warnings.push(msg); };
  logger.warnOnce = (msg) => { warnings.push(msg); };
  await build({
    root: tmp, configFile: false, envDir: false, logLevel: 'warn', customLogger: logger,
    // keep node_modules/lsqnet as the path (not the checkout it links to), so Vite treats the
    // package as an installed dependency, as after `npm install lsqnet`
    resolve: { preserveSymlinks: true },
    build: { outDir: join(tmp, 'dist'), emptyOutDir: true },
  });
  server = await serveDir(join(tmp, 'dist'));
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface PageResult {
  ok: boolean; error?: string; source: string; relaxed: boolean; mae: number; fitMs: number;
  svd: { x: number[]; residualNorm: number; rank: number }; qr: { x: number[]; residualNorm: number; rank: number };
}

async function runApp(query: string, base = server!.url): Promise<{ r: PageResult; requests: string[] }> {
  return withPage(browser!, `${base}/${query}`, async (page, requests) => {
    await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '', undefined, { timeout: 60_000 });
    const r = JSON.parse(await page.locator('#result').textContent() ?? '') as PageResult;
    assert.ok(r.ok, `app failed: ${String(r.error)}`);
    return { r, requests };
  });
}

function checkNumbers(r: PageResult): void {
  // b = A·[1, −2, 3] + r with r ⊥ range(A), ‖r‖ = √70, A the 5×3 Vandermonde at t = −2..2
  // (κ(A) ≈ 6.5): a backward-stable solve is within a few ε·κ of the exact answer; 100·ε bound
  for (const m of ['svd', 'qr'] as const) {
    const s = r[m];
    assert.is(s.rank, 3, `${m} rank`);
    const err = Math.max(...s.x.map((v, i) => Math.abs(v - [1, -2, 3][i]!)));
    assert.ok(err <= 100 * EPS * 3, `${m}: max |x − x*| = ${err}`);
    assert.ok(Math.abs(s.residualNorm - Math.sqrt(70)) <= 100 * EPS * Math.sqrt(70), `${m}: residual ${s.residualNorm}`);
  }
  // 200 SWIM tanh neurons on 1000 points of sin(x + y): grid MAE ≈ 1e-6 (as in e2e-browser)
  assert.ok(r.mae < 1e-4, `SWIM grid MAE ${r.mae}`);
  assert.ok(r.fitMs > 0);
}

test('Vite build of an app importing lsqnet: no warnings, one JS chunk, no separate wasm asset but the public one', () => {
  assert.equal(warnings, [], 'Vite reported no warnings');
  const dist = join(tmp, 'dist');
  const js = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
  assert.is(js.length, 1, `assets: ${js.join(', ')}`);
  assert.not.ok(readdirSync(join(dist, 'assets')).some((f) => f.endsWith('.wasm')), 'the wasm is inlined, not emitted');
  assert.ok(existsSync(join(dist, 'lsqnet.wasm')), 'public/lsqnet.wasm copied to dist/');
  const code = readFileSync(join(dist, 'assets', js[0]!), 'utf8');
  assert.not.match(code, /from\s*["']node:/, 'no static node: import in the browser bundle');
});

test('built app in headless Chromium with the inline wasm: lstsq exact to 100ε, SWIM MAE < 1e-4', async () => {
  const { r, requests } = await runApp('');
  assert.is(r.source, 'inline');
  assert.not.ok(requests.includes('/lsqnet.wasm'), 'no wasm file fetched');
  checkNumbers(r);
});

test('built app with init({ wasm: `${import.meta.env.BASE_URL}lsqnet.wasm` }) from public/', async () => {
  const { r, requests } = await runApp('?wasm=1');
  assert.is(r.source, 'url');
  assert.is(r.relaxed, false, 'the portable SIMD file was served');
  assert.ok(requests.includes('/lsqnet.wasm'), 'the wasm file was fetched');
  checkNumbers(r);
});

test('Vite dev server (dependency pre-bundling of lsqnet): inline and served wasm both work', async () => {
  const dev = await createServer({
    root: tmp, configFile: false, envDir: false, logLevel: 'warn', customLogger: createLogger('error'),
    resolve: { preserveSymlinks: true }, server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  try {
    await dev.listen();
    const base = dev.resolvedUrls!.local[0]!.replace(/\/$/, '');
    const inline = await runApp('', base);
    // the package went through Vite's optimizer (esbuild/Rolldown pre-bundle in node_modules/.vite/deps)
    assert.ok(inline.requests.some((u) => /\/\.vite\/deps\/lsqnet\.js$/.test(u)), `pre-bundled: ${inline.requests.join(' ')}`);
    assert.is(inline.r.source, 'inline');
    checkNumbers(inline.r);
    const url = await runApp('?wasm=1', base);
    assert.is(url.r.source, 'url');
    assert.ok(url.requests.includes('/lsqnet.wasm'));
    checkNumbers(url.r);
  } finally {
    await dev.close();
  }
});

test.run();
