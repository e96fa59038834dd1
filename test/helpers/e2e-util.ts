// Shared helpers of the end-to-end tests: make sure dist/ is built (so `npm test` works from a
// clean checkout), run commands, find the project root, serve files on 127.0.0.1 and drive
// headless Chromium.
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let checked = false;

/**
 * Makes sure dist/ is built from the current sources, so `npm test` works from a clean checkout:
 * builds the shipped wasm when bindings/generated/wasm-inline.ts is missing, then runs
 * scripts/build-ts.mjs, which rebuilds only when the hash of its inputs changed (a no-op in a
 * fraction of a second otherwise). Checked once per test process.
 */
export function ensureDist(): void {
  if (checked) return;
  checked = true;
  if (!existsSync(join(ROOT, 'bindings', 'generated', 'wasm-inline.ts'))) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-wasm.mjs'), '--shipped'], { cwd: ROOT, stdio: 'inherit' });
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-ts.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Runs a command, returns its result (never throws on a non-zero exit). */
export function run(cmd: string, args: string[], cwd: string, timeoutMs = 120_000, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: timeoutMs, env });
}

/** Fails with the command's output when it did not exit 0. */
export function mustRun(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): string {
  const r = run(cmd, args, cwd, timeoutMs);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** {@link run} without blocking the event loop, so independent installs can proceed in parallel. */
export function runAsync(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => { stderr += `\n(killed after ${timeoutMs} ms)`; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

/** {@link mustRun} without blocking: rejects with the command's output when it did not exit 0. */
export async function mustRunAsync(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<string> {
  const r = await runAsync(cmd, args, cwd, timeoutMs);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Chromium flags for this machine class (DESIGN.md §7): headless, no sandbox (root), no background traffic. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** A local static file server: its base URL (no trailing slash) and how to stop it. */
export interface FileServer { url: string; close(): Promise<void> }

/**
 * A static file server on 127.0.0.1 (random port) serving `files` (URL path → file path).
 * `headers` are added to every response (e.g. the COOP/COEP pair that makes a page
 * crossOriginIsolated).
 */
export async function serveFiles(files: Record<string, string>, headers: Record<string, string> = {}): Promise<FileServer> {
  const http = await import('node:http');
  const { readFileSync: read } = await import('node:fs');
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.csv': 'text/csv', '.map': 'application/json', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json' };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files[path === '/' ? '/index.html' : path];
    if (!file || !existsSync(file)) { res.writeHead(404); res.end('not found'); return; }
    const ext = file.slice(file.lastIndexOf('.'));
    res.writeHead(200, { ...headers, 'content-type': types[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(read(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Serves every file under `dir` at its relative URL path (`dir/assets/a.js` → `/assets/a.js`), e.g. a bundler's output directory. */
export async function serveDir(dir: string): Promise<FileServer> {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[`/${relative(dir, p).split(sep).join('/')}`] = p;
    }
  };
  walk(dir);
  return serveFiles(files);
}

/** Launches headless Debian Chromium with {@link CHROMIUM_FLAGS} (never downloads a browser; fails clearly when it is missing). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
}

/**
 * Opens `url` in a new page, runs `fn` on it, closes the page, and fails when the page threw an
 * uncaught error. `requests` collects the path of every URL the page requested.
 */
export async function withPage<T>(browser: Browser, url: string, fn: (page: Page, requests: string[]) => Promise<T>,
  viewport?: { width: number; height: number }): Promise<T> {
  const page = await browser.newPage(viewport ? { viewport } : {});
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  try {
    await page.goto(url);
    let result: T;
    try {
      result = await fn(page, requests);
    } catch (err) {
      if (errors.length > 0 && err instanceof Error) err.message += `\nuncaught page errors:\n${errors.join('\n')}`;
      throw err;
    }
    if (errors.length > 0) throw new Error(`uncaught page errors at ${url}:\n${errors.join('\n')}`);
    return result;
  } finally {
    await page.close();
  }
}
