// Browser end-to-end: bundle a small app that imports the package ('lsqnet' → package exports →
// dist/esm) with esbuild for the browser, serve it from 127.0.0.1, run it in headless Debian
// Chromium driven by playwright-core, check the computed result and that the canvas was drawn,
// with the inline wasm and with init({ wasm: url }). A screenshot goes to artifacts/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { ensureDist, launchChromium, ROOT, run, serveFiles, withPage, type FileServer } from '../helpers/e2e-util.js';

let tmp = '';
let browser: Browser | null = null;
let server: FileServer | null = null;

test.before(async () => {
  ensureDist();
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-browser-'));
  // resolve 'lsqnet' exactly as a user's bundler would: a node_modules entry for the package root
  mkdirSync(join(tmp, 'node_modules'));
  symlinkSync(ROOT, join(tmp, 'node_modules', 'lsqnet'), 'dir');
  await build({
    entryPoints: [join(ROOT, 'test', 'fixtures', 'browser-app.ts')], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', outfile: join(tmp, 'app.js'), nodePaths: [join(tmp, 'node_modules')], logLevel: 'error',
  });
  // the demo page, built by its own script (esbuild, 'lsqnet' → package exports)
  const demo = run(process.execPath, [join(ROOT, 'examples', 'browser', 'build.mjs')], ROOT, 120_000);
  if (demo.status !== 0) throw new Error(`examples/browser/build.mjs failed:\n${demo.stdout}${demo.stderr}`);
  server = await serveFiles({
    '/index.html': join(ROOT, 'test', 'fixtures', 'browser-app.html'),
    '/app.js': join(tmp, 'app.js'),
    '/lsqnet.wasm': join(ROOT, 'build', 'lsqnet.wasm'),
    '/demo/': join(ROOT, 'examples', 'browser', 'index.html'),
    '/demo/index.html': join(ROOT, 'examples', 'browser', 'index.html'),
    '/demo/dist/app.js': join(ROOT, 'examples', 'browser', 'dist', 'app.js'),
    '/demo/dist/lsqnet.wasm': join(ROOT, 'examples', 'browser', 'dist', 'lsqnet.wasm'),
  });
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function runPage(query: string, screenshot?: string): Promise<{ result: Record<string, unknown>; pixels: { distinct: number; opaque: number; total: number } }> {
  return withPage(browser!, `${server!.url}/${query}`, async (page) => {
    await page.waitForFunction(() => (window as unknown as { __lsqnet?: unknown }).__lsqnet !== undefined, undefined, { timeout: 60_000 });
    const result = await page.evaluate(() => (window as unknown as { __lsqnet: Record<string, unknown> }).__lsqnet);
    const pixels = await page.evaluate(() => {
      const c = document.getElementById('fit') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<number>();
      let opaque = 0;
      for (let k = 0; k < d.length; k += 4) {
        if (d[k + 3] === 255) opaque++;
        colours.add((d[k]! << 16) | (d[k + 1]! << 8) | d[k + 2]!);
      }
      return { distinct: colours.size, opaque, total: d.length / 4 };
    });
    if (screenshot) {
      mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'artifacts', screenshot), fullPage: true });
    }
    return { result, pixels };
  });
}

test('bundled app trains SWIM in headless Chromium with the inline wasm: error small, canvas drawn', async () => {
  const { result, pixels } = await runPage('', 'e2e-browser.png');
  assert.ok(result.ok, `app failed: ${String(result.error)}`);
  assert.is(result.source, 'inline');
  // 200 SWIM neurons on 1000 points: grid MAE ≈ 1e-6 (SWIM paper: 1e-7 with 1000 on 5000)
  assert.ok((result.mae as number) < 1e-4, `grid MAE ${String(result.mae)}`);
  assert.equal(result.csv, [2, 4], 'csv-parse works in the browser bundle');
  assert.is(pixels.opaque, pixels.total, 'every canvas pixel was drawn');
  assert.ok(pixels.distinct > 60, `heat map has ${pixels.distinct} colours`);
  assert.ok(existsSync(join(ROOT, 'artifacts', 'e2e-browser.png')), 'screenshot saved');
});

test('init({ wasm: url }) loads the served lsqnet.wasm', async () => {
  const { result, pixels } = await runPage('?wasm=/lsqnet.wasm');
  assert.ok(result.ok, `app failed: ${String(result.error)}`);
  assert.is(result.source, 'url');
  assert.is(result.relaxed, false, 'the portable SIMD file was served');
  assert.ok((result.mae as number) < 1e-4, `grid MAE ${String(result.mae)}`);
  assert.is(pixels.opaque, pixels.total);
});

test('demo page (examples/browser): trains SWIM and ANMIN on peaks, draws five heat maps and the training curve', async () => {
  await withPage(browser!, `${server!.url}/demo/?fn=peaks&n=1500&swim=300&iters=10&auto=1`, async (page) => {
    await page.waitForFunction(() => (window as unknown as { __demo?: unknown }).__demo !== undefined, undefined, { timeout: 120_000 });
    const demo = await page.evaluate(() => (window as unknown as { __demo: Record<string, unknown> }).__demo);
    assert.ok(demo.ok, `demo failed: ${String(demo.error)}`);
    const results = demo.results as { name: string; fitMs: number; trainMse: number; gridMse: number }[];
    assert.equal(results.map((r) => r.name), ['SWIM', 'ANMIN']);
    // peaks has variance ≈ 4 on the grid; both fits must explain most of it
    for (const r of results) assert.ok(r.gridMse < 0.2 && r.fitMs > 0, `${r.name}: grid MSE ${r.gridMse}`);
    assert.ok(results[0]!.gridMse < 1e-3, `SWIM grid MSE ${results[0]!.gridMse}`);
    const history = demo.history as number[];
    assert.is(history.length, 10);
    assert.ok(history[9]! <= history[0]! * 1.0000001, 'ANMIN train MSE does not increase overall');
    const drawn = await page.evaluate(() => ['target', 'swim-fit', 'swim-err', 'anmin-fit', 'anmin-err', 'curve'].map((id) => {
      const c = document.getElementById(id) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<number>();
      for (let k = 0; k < d.length; k += 4) if (d[k + 3]! > 0) colours.add((d[k]! << 16) | (d[k + 1]! << 8) | d[k + 2]!);
      return colours.size;
    }));
    drawn.forEach((n, i) => assert.ok(n > (i === 5 ? 2 : 50), `canvas ${i} has ${n} colours`));
    const rows = await page.locator('#results tbody tr').count();
    assert.is(rows, 2, 'timings table has a row per model');
    await page.screenshot({ path: join(ROOT, 'artifacts', 'demo.png'), fullPage: true });
  }, { width: 1100, height: 900 });
});

test.run();
