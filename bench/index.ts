// `npm run bench [-- filter …]`: runs every bench/*.bench.ts (or those whose name contains one
// of the filters, e.g. `npm run bench -- gemm dense svd`) in sequence; each prints its own
// table. Nothing is asserted. `npm run bench -- soak` runs the soak (bench/soak.bench.ts): 10,000
// fit/predict/dispose cycles per model with flat liveBytes() and wasm memory (about a minute);
// `npm run bench -- newton` the full vs sub-sampled Newton table of docs/solvers.md.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { init, runtimeInfo, setThreads } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x)))).sort();
// The threads bench (bench/threads.bench.ts) needs the threaded build, which the `lsqnet/threads`
// entry registers before init() chooses the runtime. The other benches run on one thread: the
// single-thread build, or (run together with the threads bench) the threaded build at
// setThreads(1), where the threads bench leaves it after its own thread counts. `--single` keeps
// the single-thread build for the threads bench too (its result hashes then are the shipped
// build's, to compare with a threaded run).
const threaded = files.includes('threads.bench.ts') && !process.argv.includes('--single');
if (threaded) await import('../src/threads.js');
await init({ relaxedSimd: process.argv.includes('--relaxed') ? true : 'auto' });
if (runtimeInfo().threads > 1) setThreads(1);
const info = runtimeInfo();
console.log(`lsqnet bench — ${info.relaxedSimd ? 'relaxed SIMD (FMA)' : 'SIMD'} ${info.build} build, ${info.threads} thread${info.threads > 1 ? 's' : ''}, Node ${process.version}`);
for (const f of files) {
  console.log(`\n# ${f}`);
  await import(pathToFileURL(join(here, f)).href);
}
