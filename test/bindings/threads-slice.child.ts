// Child process of threads-slice.test.ts: loads the THREADED runtime (src/threads.ts registers
// it) with 2 threads, runs the slice at 1, 2 and 3 threads (setThreads), compares the outputs
// element by element (Object.is) across thread counts, and prints one JSON line: the runtime
// info, the SHA-256 of each output per thread count, and the number of differing elements.
import '../../src/threads.js';
import { init, runtimeInfo, setThreads } from '../../src/index.js';
import { differing, digests, runSlice } from '../helpers/threads-slice.js';

await init({ threads: 2 });
const info = runtimeInfo();
const runs: Record<number, Record<string, Float64Array>> = {};
for (const t of [2, 1, 3]) {
  setThreads(t);
  runs[t] = runSlice();
}
const diff: Record<string, number> = {};
for (const name of Object.keys(runs[1]!)) {
  diff[name] = Math.max(differing(runs[1]![name]!, runs[2]![name]!), differing(runs[1]![name]!, runs[3]![name]!));
  if (differing(runs[1]![name]!, runs[2]![name]!) < 0 || differing(runs[1]![name]!, runs[3]![name]!) < 0) diff[name] = -1;
}
console.log(JSON.stringify({ info, digests: { 1: digests(runs[1]!), 2: digests(runs[2]!), 3: digests(runs[3]!) }, diff }));
