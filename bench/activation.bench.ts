// Activation kernels on a 5000×1000 feature block (the size of the SWIM toy feature matrix):
// ns per element of the f64x2 `dtanhBias`, its scalar twin `dtanhBiasRef` (the kernel before the
// SIMD version: musl expm1 per element), `dleakyReluBias`, JavaScript's Math.tanh loop and
// numpy's np.tanh (one thread) when python3 is available — all in the same run.
// `npm run bench -- activation` (add `--relaxed` for the FMA build).
// Timing: best per-call CPU time of the process (the machine is shared). Nothing is asserted.
import { spawnSync } from 'node:child_process';
import { alloc, free, f64, wasm, runtimeInfo } from '../bindings/raw.js';
import { hasPythonNumpy, printTable } from './harness.js';
import { refKernels } from '../test/helpers/ref-kernels.js';

const w = wasm();
const M = 5000, N = 1000, SIZE = M * N;

/** Best per-call CPU seconds of fn over at least `minSamples` calls / `minTotal` seconds. */
function bestCpu(fn: () => void, minTotal = 1, minSamples = 3): number {
  fn();
  let best = Infinity, total = 0, samples = 0;
  while (samples < minSamples || total < minTotal) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    const s = (d.user + d.system) / 1e6;
    best = Math.min(best, s);
    total += s;
    if (++samples > 100) break;
  }
  return best;
}

const px = alloc(SIZE * 8), py = alloc(SIZE * 8), pb = alloc(N * 8);
try {
  // pre-activations in [−3, 3] (SWIM puts most of them near ±0.55) and a bias per column
  const v = f64();
  for (let i = 0; i < SIZE; i++) v[(px >> 3) + i] = 3 * Math.sin(i * 0.7071);
  for (let j = 0; j < N; j++) v[(pb >> 3) + j] = 0.1 * Math.cos(j);
  const ns = (s: number): number => (s / SIZE) * 1e9;
  const simd = bestCpu(() => w.dtanhBias(M, N, px, M, pb, py, M));
  // the scalar twin is not shipped: it runs in the ref build's instance on a copy of the inputs
  const rk = refKernels(runtimeInfo().relaxedSimd ? 'ref-relaxed' : 'ref');
  const rx = rk.alloc(SIZE * 8), ry = rk.alloc(SIZE * 8), rb = rk.alloc(N * 8);
  new Float64Array(rk.memory.buffer).set(f64().subarray(px >> 3, (px >> 3) + SIZE), rx >> 3);
  new Float64Array(rk.memory.buffer).set(f64().subarray(pb >> 3, (pb >> 3) + N), rb >> 3);
  const scalar = bestCpu(() => rk.dtanhBiasRef(M, N, rx, M, rb, ry, M));
  [rx, ry, rb].forEach((p) => rk.free(p));
  const relu = bestCpu(() => w.dleakyReluBias(M, N, 0.1, px, M, pb, py, M));
  const xs = new Float64Array(SIZE), ys = new Float64Array(SIZE);
  xs.set(f64().subarray(px >> 3, (px >> 3) + SIZE));
  const js = bestCpu(() => { for (let i = 0; i < SIZE; i++) ys[i] = Math.tanh(xs[i]!); });
  let numpy = NaN;
  if (hasPythonNumpy()) {
    const script = `
import time, numpy as np
x = 3*np.sin(np.arange(${SIZE})*0.7071).reshape(${N}, ${M}); b = 0.1*np.cos(np.arange(${N}))[:, None]; y = np.empty_like(x)
def f(): np.tanh(np.add(x, b, out=y), out=y)
f(); best = 1e9; tot = 0; n = 0
while n < 3 or tot < 1:
    t = time.process_time(); f(); d = time.process_time() - t; best = min(best, d); tot += d; n += 1
print(best)
`;
    const res = spawnSync('python3', ['-c', script], { env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }, encoding: 'utf8' });
    if (res.status === 0) numpy = Number(res.stdout.trim());
  }
  const rows: (string | number)[][] = [
    ['dtanhBias (f64x2)', ns(simd), '1'],
    ['dtanhBiasRef (scalar expm1, the previous kernel)', ns(scalar), (scalar / simd).toFixed(2)],
    ['Math.tanh loop (JavaScript)', ns(js), (js / simd).toFixed(2)],
    ['numpy tanh(x + b), 1 thread', Number.isNaN(numpy) ? 'n/a' : ns(numpy), Number.isNaN(numpy) ? 'n/a' : (numpy / simd).toFixed(2)],
    ['dleakyReluBias (for scale)', ns(relu), (relu / simd).toFixed(2)],
  ];
  printTable(`tanh(x + b) on a ${M}×${N} block, ns per element (${runtimeInfo().relaxedSimd ? 'relaxed SIMD, FMA' : 'plain SIMD'}); ratio = time / dtanhBias`,
    ['kernel', 'ns/element', 'ratio'], rows);
} finally {
  free(px); free(py); free(pb);
}
