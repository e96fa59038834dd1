// Builds the demo: bundles main.ts (the page) and worker.ts (the Web Worker that trains) with
// esbuild into dist/app.js and dist/worker.js, importing 'lsqnet' and 'lsqnet/worker' through the
// package's exports as an installed dependency would be (→ dist/esm; run `npm run build` first).
// `node examples/browser/build.mjs --serve` also serves the page on 127.0.0.1 (port 8000, or the
// next free one) and prints its URL.
import { build, context } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
for (const f of ['index.js', 'worker.js']) {
  if (!existsSync(join(root, 'dist', 'esm', f))) {
    console.error(`dist/esm/${f} is missing: run \`npm run build\` in the project root first`);
    process.exit(1);
  }
}
mkdirSync(join(here, 'dist'), { recursive: true });
// the plain SIMD binary, for ?wasm=./dist/lsqnet.wasm (init({ wasm: url }) instead of the inline bytes)
copyFileSync(join(root, 'build', 'lsqnet.wasm'), join(here, 'dist', 'lsqnet.wasm'));
// 'lsqnet' resolves to the package this folder belongs to (esbuild follows the package's own
// name and exports map from inside it, like Node's self-reference)
const options = {
  entryPoints: { app: join(here, 'main.ts'), worker: join(here, 'worker.ts') }, bundle: true, format: 'esm',
  platform: 'browser', target: 'es2022', outdir: join(here, 'dist'), sourcemap: true, logLevel: 'info',
};
if (process.argv.includes('--serve')) {
  const ctx = await context(options);
  let served;
  for (let port = 8000; port < 8010 && !served; port++) {
    served = await ctx.serve({ servedir: here, host: '127.0.0.1', port }).catch((err) => {
      if (!/address already in use|EADDRINUSE/i.test(String(err?.message ?? err))) throw err;
      return undefined;
    });
  }
  if (!served) throw new Error('ports 8000–8009 are all in use');
  // esbuild ≥ 0.24 reports `hosts` (the addresses it listens on), not `host`
  console.log(`demo at http://${served.hosts[0] ?? '127.0.0.1'}:${served.port}/`);
} else {
  await build(options);
}
