// lsqnet/worker with Vite and no configuration: a temporary Vite app (node_modules/lsqnet → this
// package, resolved through its exports) starts a ModelWorker with the default worker script.
// Vite follows `new Worker(new URL('./worker-entry.js', import.meta.url), { type: 'module' })` in
// dist/esm/worker.js and bundles the worker (build), or serves it (dev server, with lsqnet
// pre-bundled). Headless Chromium runs the page: a SWIM fit in the worker with progress events
// and a prediction that equals the page's own fit bit for bit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createLogger, createServer } from 'vite';
import type { Browser } from 'playwright-core';
import { ensureDist, launchChromium, ROOT, serveDir, withPage, type FileServer } from '../helpers/e2e-util.js';

const MAIN = `
import { init, OptionError, SampledNetwork } from 'lsqnet';
import { ModelWorker } from 'lsqnet/worker';
const out = (r: unknown) => { (window as unknown as { __r: unknown }).__r = r; };
try {
  const n = 600, X = new Float64Array(2 * n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { X[2 * i] = Math.sin(i); X[2 * i + 1] = Math.cos(3 * i); y[i] = Math.sin(2 * X[2 * i]) * X[2 * i + 1]; }
  const worker = await ModelWorker.create();
  const stages: string[] = [];
  const fitted = await worker.fit('SampledNetwork', { layers: [120], seed: 2 }, { data: X, rows: n, cols: 2 }, y, { keep: true, onProgress: (e) => stages.push(e.stage) });
  const p = await fitted.predict({ data: X, rows: n, cols: 2 });
  let typed = '';
  try { await worker.fit('SampledNetwork', { layers: [-1] }, { data: X, rows: n, cols: 2 }, y); } catch (e) { typed = e instanceof OptionError ? e.message : String(e); }
  worker.dispose();
  await init();
  const q = new SampledNetwork({ layers: [120], seed: 2 }).fit({ data: X, rows: n, cols: 2 }, y).predict({ data: X, rows: n, cols: 2 }, { as: 'array' });
  out({ ok: true, stages, same: p.length === n && p.every((v, i) => Object.is(v, q[i])), typed });
} catch (e) { out({ ok: false, error: String(e) }); }
`;

let tmp = '';
let browser: Browser | null = null;
let server: FileServer | null = null;
const warnings: string[] = [];

test.before(async () => {
  ensureDist();
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-worker-vite-'));
  writeFileSync(join(tmp, 'index.html'), '<!doctype html><html><body><script type="module" src="/main.ts"></script></body></html>\n');
  writeFileSync(join(tmp, 'main.ts'), MAIN);
  mkdirSync(join(tmp, 'node_modules'));
  symlinkSync(ROOT, join(tmp, 'node_modules', 'lsqnet'), 'dir');
  const logger = createLogger('warn', { allowClearScreen: false });
  logger.warn = (msg) => { warnings.push(msg); };
  logger.warnOnce = (msg) => { warnings.push(msg); };
  await build({
    root: tmp, configFile: false, envDir: false, logLevel: 'warn', customLogger: logger,
    resolve: { preserveSymlinks: true }, build: { outDir: join(tmp, 'dist'), emptyOutDir: true },
  });
  server = await serveDir(join(tmp, 'dist'));
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function runApp(base: string): Promise<{ r: Record<string, unknown>; requests: string[] }> {
  return withPage(browser!, `${base}/`, async (page, requests) => {
    await page.waitForFunction(() => (window as unknown as { __r?: unknown }).__r !== undefined, undefined, { timeout: 60_000 });
    return { r: await page.evaluate(() => (window as unknown as { __r: Record<string, unknown> }).__r), requests };
  });
}

function check(r: Record<string, unknown>): void {
  assert.ok(r.ok, `page failed: ${String(r.error)}`);
  assert.equal(r.stages, ['layer', 'solve'], 'progress events crossed from the worker');
  assert.ok(r.same, 'worker predictions equal the page\'s own fit bit for bit');
  assert.match(String(r.typed), /SampledNetwork: option 'layers\[0\]' must be an integer/);
}

test('vite build bundles the worker script on its own (no configuration) and it runs in Chromium', async () => {
  assert.equal(warnings, [], `Vite warnings:\n${warnings.join('\n')}`);
  const assets = readdirSync(join(tmp, 'dist', 'assets'));
  assert.ok(assets.some((f) => /^worker-entry-.*\.js$/.test(f)), `a worker chunk: ${assets.join(' ')}`);
  const { r, requests } = await runApp(server!.url);
  check(r);
  assert.ok(requests.some((u) => /\/assets\/worker-entry-.*\.js$/.test(u)), 'the page started the bundled worker');
});

test('vite dev server (lsqnet pre-bundled) serves the worker script too', async () => {
  const dev = await createServer({
    root: tmp, configFile: false, envDir: false, logLevel: 'warn', customLogger: createLogger('error'),
    resolve: { preserveSymlinks: true }, server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  try {
    await dev.listen();
    const { r, requests } = await runApp(dev.resolvedUrls!.local[0]!.replace(/\/$/, ''));
    check(r);
    assert.ok(requests.some((u) => /worker-entry\.js$/.test(u)), `worker requested: ${requests.filter((u) => /worker/.test(u)).join(' ')}`);
  } finally {
    await dev.close();
  }
});

test.run();
