// `npm start`: the main job on an embedded default — trains on data generated in code (no files,
// no downloads) a SWIM network on sin(x + y), an ANMIN network on the ANMIN paper's sin(‖x‖²)
// simulation, and the Adam baseline on the same data, then prints time, train/test error and
// the speed-up over Adam. Progress goes to stderr (a bar on a terminal, plain lines otherwise).
import './threads.js'; // the threaded build, as in Node's package entry: all cores
import { init, runtimeInfo } from './index.js';
import { printToyTable, Progress } from './data/terminal.js';
import { runToyBenchmark } from './data/toy.js';

const info = await init();
console.log(`lsqnet — least-squares training in WebAssembly (${info.relaxedSimd ? 'relaxed SIMD, FMA' : 'SIMD'}; ${info.build === 'threads' ? `${info.threads} threads` : 'one thread'}; Node ${process.versions.node})`);
console.log('Training on generated data: SWIM on sin(x+y) (N = 5000), ANMIN on sin(‖x‖²), x ~ N(0, I₃) (N = 1000), Adam baselines.\n');
const progress = new Progress();
const t0 = performance.now();
const rows = runToyBenchmark({ progress: (label) => progress.task(label) });
progress.end();
console.log('');
printToyTable(rows);
console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s; runtime: ${runtimeInfo().relaxedSimd ? 'relaxed' : 'portable'} SIMD ${runtimeInfo().build === 'threads' ? `threaded build, ${runtimeInfo().threads} threads` : 'build, one thread'}`);
if (rows.some((r) => r.note?.startsWith('failed'))) process.exitCode = 1;
