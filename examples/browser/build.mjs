// Builds the demo: bundles main.ts with esbuild into dist/app.js, importing 'lsqnet' as an
// installed dependency would be (the package root's exports → dist/esm; run `npm run build`
// first). `node examples/browser/build.mjs --serve` also serves the page on 127.0.0.1:8000.
import { build, context } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
if (!existsSync(join(root, 'dist', 'esm', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` in the project root first');
  process.exit(1);
}
mkdirSync(join(here, 'dist'), { recursive: true });
// the plain SIMD binary, for ?wasm=./dist/lsqnet.wasm (init({ wasm: url }) instead of the inline bytes)
copyFileSync(join(root, 'build', 'lsqnet.wasm'), join(here, 'dist', 'lsqnet.wasm'));
const options = {
  entryPoints: [join(here, 'main.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
  outfile: join(here, 'dist', 'app.js'), sourcemap: true, alias: { lsqnet: root }, logLevel: 'info',
};
if (process.argv.includes('--serve')) {
  const ctx = await context(options);
  const { host, port } = await ctx.serve({ servedir: here, host: '127.0.0.1', port: 8000 });
  console.log(`demo at http://${host}:${port}/`);
} else {
  await build(options);
}
