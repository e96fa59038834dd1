// Browser end-to-end: bundle a small app that imports the package ('lsqnet' → package exports →
// dist/esm) with esbuild for the browser, serve it from 127.0.0.1, run it in headless Debian
// Chromium driven by playwright-core, check the computed result and that the canvas was drawn,
// with the inline wasm and with init({ wasm: url }). A screenshot goes to artifacts/.
// The demo page (examples/browser) trains in a Web Worker through lsqnet/worker: clicking Train on
// peaks with 5,000 points and 1,500 SWIM neurons must leave the page responsive (longest main-thread
// task ≤ 50 ms by a PerformanceObserver 'longtask'), disable Train while the run is in flight, clear
// the plots on an error, stop on Stop, and fit a phone's width; screenshots go to artifacts/ and,
// when missing or with UPDATE_SCREENSHOTS=1, to docs/img/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
    '/demo/dist/worker.js': join(ROOT, 'examples', 'browser', 'dist', 'worker.js'),
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

/** Canvas ids of the demo's heat maps and curve. */
const DEMO_CANVASES = ['target', 'swim-fit', 'swim-err', 'anmin-fit', 'anmin-err', 'curve'];

test('demo: Train on peaks (5,000 points, 1,500 SWIM neurons) runs in a Web Worker — longest main-thread task ≤ 50 ms, Train disabled in flight; errors clear the plots; Stop; phone width; screenshots', async () => {
  const page = await browser!.newPage({ viewport: { width: 1000, height: 820 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // every main-thread task over 50 ms, from page start (the Long Tasks API reports nothing shorter)
  await page.addInitScript(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  // Screenshots go to artifacts/ on every run, and to docs/img/ (committed, shown by README and
  // docs/browser.md) when missing or with UPDATE_SCREENSHOTS=1, so that a test run does not
  // rewrite tracked files (fit times differ from run to run).
  const shot = async (name: string): Promise<void> => {
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'artifacts', name), fullPage: true });
    const doc = join(ROOT, 'docs', 'img', name);
    if (process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(doc)) {
      mkdirSync(join(ROOT, 'docs', 'img'), { recursive: true });
      copyFileSync(join(ROOT, 'artifacts', name), doc);
    }
  };
  type Win = { __longtasks: { start: number; duration: number }[]; __demo?: Record<string, unknown>; __demoRuns?: number; __gap?: { max: number; stop: boolean } };
  /** One measured run from a fresh page load: the long tasks between the click and the end of training. */
  const measuredRun = async (): Promise<{ longest: number; tasks: { start: number; duration: number }[]; gap: number; seconds: number; fitMs: number }> => {
    await page.goto(`${server!.url}/demo/?fn=peaks&n=5000&swim=1500&hidden=64&iters=30`);
    await page.waitForFunction(() => !(document.getElementById('train') as HTMLButtonElement).disabled, undefined, { timeout: 60_000 });
    // the observer works here: a 120 ms busy loop in a main-thread task is reported
    await page.evaluate(() => new Promise<void>((r) => setTimeout(() => { const t = performance.now(); while (performance.now() - t < 120) { /* block */ } r(); }, 0)));
    await page.waitForFunction(() => (window as unknown as Win).__longtasks.some((e) => e.duration >= 100), undefined, { timeout: 5000 });
    // also the longest gap between turns of the event loop, by a setTimeout(0) chain (≈ longest task + the 4 ms clamp)
    // (a string: tsx would wrap a named inner function in a helper the page does not have)
    const t0 = await page.evaluate(`(() => {
      window.__gap = { max: 0, stop: false };
      let last = performance.now();
      const tick = () => { const now = performance.now(); window.__gap.max = Math.max(window.__gap.max, now - last); last = now; if (!window.__gap.stop) setTimeout(tick, 0); };
      setTimeout(tick, 0);
      return performance.now();
    })()`) as number;

    await page.click('#train');
    assert.ok(await page.$eval('#train', (b) => (b as HTMLButtonElement).disabled), 'Train is disabled while the run is in flight');
    assert.not.ok(await page.$eval('#stop', (b) => (b as HTMLButtonElement).disabled), 'Stop is enabled during the run');
    // a second click (real mouse events on the disabled button, and a scripted click) starts nothing
    await page.click('#train', { force: true, noWaitAfter: true });
    await page.evaluate(() => (document.getElementById('train') as HTMLButtonElement).click());
    await page.waitForFunction(() => /SWIM: solving/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 60_000 });
    assert.ok(await page.$eval('#train', (b) => (b as HTMLButtonElement).disabled), 'still disabled while SWIM solves');
    await page.waitForFunction(() => (window as unknown as Win).__demo !== undefined, undefined, { timeout: 120_000 });
    const t1 = await page.evaluate(() => { (window as unknown as Win).__gap!.stop = true; return performance.now(); });
    const demo = await page.evaluate(() => (window as unknown as Win).__demo!);
    assert.ok(demo.ok, `demo failed: ${String(demo.error)}`);
    assert.is(await page.evaluate(() => (window as unknown as Win).__demoRuns), 1, 'exactly one run');
    const results = demo.results as { name: string; fitMs: number; gridMse: number }[];
    assert.equal(results.map((r) => r.name), ['SWIM', 'ANMIN']);
    assert.ok(results[0]!.gridMse < 1e-3, `SWIM grid MSE ${results[0]!.gridMse}`);
    assert.ok(results[1]!.gridMse < 0.2, `ANMIN grid MSE ${results[1]!.gridMse}`);
    assert.is((demo.history as number[]).length, 30);
    const tasks = await page.evaluate(([a, b]) => (window as unknown as Win).__longtasks.filter((e) => e.start >= a! && e.start <= b!), [t0, t1]);
    const longest = tasks.reduce((m, e) => Math.max(m, e.duration), 0);
    const gap = await page.evaluate(() => (window as unknown as Win).__gap!.max);
    console.log(`  demo run (load average ${loadavg()[0]!.toFixed(1)}): ${((t1 - t0) / 1000).toFixed(1)} s (SWIM fit ${results[0]!.fitMs.toFixed(0)} ms in the worker); long tasks on the main thread: ${tasks.length}` +
      `${tasks.length ? ` (longest ${longest.toFixed(0)} ms)` : ' (none over 50 ms)'}; longest event-loop gap ${gap.toFixed(1)} ms`);
    assert.ok(t1 - t0 > results[0]!.fitMs, 'the measurement window covers the training');
    return { longest, tasks, gap, seconds: (t1 - t0) / 1000, fitMs: results[0]!.fitMs };
  };
  try {
    // The bound is wall-clock time on a 2-core machine where the worker takes one core: when other
    // processes load the machine, a task of a few ms can be descheduled past 50 ms. So a run with
    // a long task is measured once more from a fresh page (both runs are printed); the second
    // must stay ≤ 50 ms.
    let run = await measuredRun();
    if (run.longest > 50) {
      console.log(`  a main-thread task of ${run.longest.toFixed(0)} ms (load average ${loadavg()[0]!.toFixed(1)}): measuring again`);
      run = await measuredRun();
    }
    assert.ok(run.longest <= 50, `longest main-thread task ${run.longest} ms: ${JSON.stringify(run.tasks)}`);
    assert.not.ok(await page.$eval('#train', (b) => (b as HTMLButtonElement).disabled), 'Train enabled again');
    await shot('demo-desktop.png');

    // phone width: no horizontal scrolling, every plot visible
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(100);
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      right: Math.max(...Array.from(document.querySelectorAll('canvas, button, select, input, table')).map((e) => e.getBoundingClientRect().right)),
    }));
    assert.ok(layout.scroll <= 375 && layout.right <= 375, `phone layout overflows: ${JSON.stringify(layout)}`);
    await shot('demo-phone.png');
    for (const f of ['demo-desktop.png', 'demo-phone.png']) {
      const kb = statSync(join(ROOT, 'artifacts', f)).size / 1024;
      assert.ok(kb < 400, `${f} is ${kb.toFixed(0)} KB`);
      assert.ok(existsSync(join(ROOT, 'docs', 'img', f)), `docs/img/${f} exists`);
    }
    await page.setViewportSize({ width: 1000, height: 820 });

    // an error in the worker (0 neurons) clears the stale plots and shows the typed message
    await page.fill('#swim', '0');
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as Win).__demo !== undefined, undefined, { timeout: 60_000 });
    const failed = await page.evaluate(() => (window as unknown as Win).__demo!);
    assert.not.ok(failed.ok);
    assert.match(String(failed.error), /^OptionError: SampledNetwork: option 'layers\[0\]' must be an integer/);
    assert.match(await page.$eval('#status', (e) => `${e.className} ${e.textContent}`), /^error error: OptionError: SampledNetwork/);
    const painted = await page.evaluate((ids) => ids.map((id) => {
      const c = document.getElementById(id) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let k = 3; k < d.length; k += 4) if (d[k]! > 0) n++;
      return n;
    }), DEMO_CANVASES);
    assert.equal(painted, DEMO_CANVASES.map(() => 0), 'every plot cleared');
    assert.is(await page.locator('#results tbody tr').count(), 0, 'results table cleared');
    assert.not.ok(await page.$eval('#train', (b) => (b as HTMLButtonElement).disabled));

    // Stop cancels a run (the worker is terminated); the next run starts a fresh worker
    await page.fill('#swim', '1500');
    await page.click('#train');
    await page.waitForFunction(() => /SWIM: solving/.test(document.getElementById('status')!.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.click('#stop');
    await page.waitForFunction(() => (window as unknown as Win).__demo !== undefined, undefined, { timeout: 10_000 });
    assert.ok((await page.evaluate(() => (window as unknown as Win).__demo!)).stopped);
    assert.match(await page.$eval('#status', (e) => e.textContent ?? ''), /^stopped/);
    await page.fill('#n', '400');
    await page.fill('#swim', '100');
    await page.fill('#iters', '3');
    await page.click('#train');
    await page.waitForFunction(() => (window as unknown as Win).__demo !== undefined, undefined, { timeout: 60_000 });
    assert.ok((await page.evaluate(() => (window as unknown as Win).__demo!)).ok, 'a run after Stop works');
    assert.is(await page.evaluate(() => (window as unknown as Win).__demoRuns), 4);
    assert.equal(errors, [], 'no uncaught page errors');
  } finally {
    await page.close();
  }
});

test.run();
