// `npm run bench [-- filter …]`: runs every bench/*.bench.ts (or those whose name contains one
// of the filters, e.g. `npm run bench -- gemm dense svd`) in sequence; each prints its own
// table. Nothing is asserted. `npm run bench -- soak` runs the soak (bench/soak.bench.ts): 10,000
// fit/predict/dispose cycles per model with flat liveBytes() and wasm memory (about a minute);
// `npm run bench -- newton` the full vs sub-sampled Newton table of docs/solvers.md.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init, runtimeInfo } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
await init({ relaxedSimd: process.argv.includes('--relaxed') ? true : 'auto' });
console.log(`lsqnet bench — ${runtimeInfo().relaxedSimd ? 'relaxed SIMD (FMA)' : 'SIMD'} build, Node ${process.version}`);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x)))).sort();
for (const f of files) {
  console.log(`\n# ${f}`);
  await import(pathToFileURL(join(here, f)).href);
}
