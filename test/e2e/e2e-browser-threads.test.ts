// Browser end-to-end for threads (issue 12): a small app that imports the `lsqnet/threads` entry
// (bundled by esbuild from the source entry src/threads.ts, to which 'lsqnet/threads' is aliased)
// runs in headless Debian Chromium (playwright-core) twice:
//  - served WITH `Cross-Origin-Opener-Policy: same-origin` and
//    `Cross-Origin-Embedder-Policy: require-corp`: the page is crossOriginIsolated, init({ threads: 2 })
//    loads the threaded build and runs two threads (runtimeInfo(): build 'threads', threads 2);
//  - served WITHOUT them: no SharedArrayBuffer, so one thread, and runtimeInfo().threadsNote says why.
// Both pages fit the same SWIM network (3000 points, 600 tanh neurons, QR solve: above the parallel
// size thresholds) at their thread count and again after setThreads(1); every fit's SHA-256 of
// weights and predictions is the same (bit-identical), and the fit is accurate. On the isolated
// page the 2-thread fit posts parallel jobs (the threaded build's parJobs), the 1-thread fit none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium, ROOT, serveFiles, withPage, type FileServer } from '../helpers/e2e-util.js';

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

let tmp = '';
let browser: Browser | null = null;
let isolated: FileServer | null = null;
let plain: FileServer | null = null;

test.before(async () => {
  // src/threads.ts imports the inlined threaded binaries (written by scripts/build-wasm.mjs)
  if (!existsSync(join(ROOT, 'bindings', 'generated', 'wasm-threads-inline.ts'))) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-wasm.mjs'), '--shipped'], { cwd: ROOT, stdio: 'inherit' });
  }
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-browser-threads-'));
  await build({
    entryPoints: [join(ROOT, 'test', 'fixtures', 'browser-threads-app.ts')], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', outfile: join(tmp, 'app.js'), logLevel: 'error',
    alias: { 'lsqnet/threads': join(ROOT, 'src', 'threads.ts') },
  });
  const files = { '/index.html': join(ROOT, 'test', 'fixtures', 'browser-threads-app.html'), '/app.js': join(tmp, 'app.js') };
  isolated = await serveFiles(files, ISOLATION);
  plain = await serveFiles(files);
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface Info { build: string; threads: number; maxThreads: number; threadsNote: string; relaxedSimd: boolean }
interface PageResult {
  ok: boolean; error?: string; crossOriginIsolated: boolean; info: Info; after: Info;
  hash: string; hash1: string; fitMs: number; fitMs1: number; mae: number; jobs: number; jobs1: number;
}

async function runPage(server: FileServer): Promise<PageResult> {
  return withPage(browser!, `${server.url}/`, async (page) => {
    await page.waitForFunction(() => (window as unknown as { __lsqnet?: unknown }).__lsqnet !== undefined, undefined, { timeout: 60_000 });
    const r = await page.evaluate(() => (window as unknown as { __lsqnet: unknown }).__lsqnet) as PageResult;
    assert.ok(r.ok, `app failed: ${String(r.error)}`);
    console.log(`  ${server === isolated ? 'COOP/COEP' : 'no headers'}: ${await page.$eval('#status', (e) => e.textContent ?? '')}`);
    return r;
  });
}

let threadedHash = '';

test('page with COOP/COEP: crossOriginIsolated, threaded build on 2 threads; the fit is bit-identical after setThreads(1)', async () => {
  const r = await runPage(isolated!);
  assert.is(r.crossOriginIsolated, true);
  assert.is(r.info.build, 'threads');
  assert.is(r.info.threads, 2);
  assert.ok(r.info.maxThreads >= 2, `maxThreads ${r.info.maxThreads}`);
  assert.ok(r.jobs > 0, 'the fit on 2 threads ran tiled paths (parallel jobs posted)');
  assert.is(r.after.threads, 1, 'setThreads(1) took effect');
  assert.is(r.jobs1, 0, 'no parallel job on 1 thread');
  assert.is(r.hash, r.hash1, 'same bits on 2 threads and on 1');
  assert.ok(r.mae < 1e-4, `train MAE ${r.mae}`);
  threadedHash = r.hash;
});

test('page without the headers: one thread, threadsNote says why, the same bits as the threaded page', async () => {
  const r = await runPage(plain!);
  assert.is(r.crossOriginIsolated, false);
  assert.is(r.info.threads, 1);
  assert.is(r.info.build, 'single');
  assert.match(r.info.threadsNote, /^not crossOriginIsolated/);
  assert.is(r.jobs, 0);
  assert.is(r.hash, r.hash1);
  assert.ok(r.mae < 1e-4, `train MAE ${r.mae}`);
  assert.ok(threadedHash !== '', 'the threaded page ran first');
  assert.is(r.hash, threadedHash, 'one thread without isolation computes the same bits as two threads with it');
});

test.run();
