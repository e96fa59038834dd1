// GEMM / SYRK / GEMV throughput of the wasm kernels beside ml-matrix (and numpy/OpenBLAS with one
// thread when python3 is available), measured in the same run. `npm run bench -- gemm` (plain
// SIMD build) and `npm run bench -- gemm --relaxed` (relaxed SIMD: fused multiply-add).
//
// Timing: the machine is shared, so every figure is the best (minimum) per-call *CPU time* of the
// process (process.cpuUsage) over repeated runs: time spent descheduled does not count. The
// GEMM table also shows benchmark.js' mean wall-clock figure for lsqnet. Nothing is asserted.
import { Matrix as MlMatrix } from 'ml-matrix';
import { alloc, free, f64, wasm, runtimeInfo } from '../bindings/raw.js';
import { hasPythonNumpy, printTable, timeit, runPython } from './harness.js';
import { refKernels, refMem } from '../test/helpers/ref-kernels.js';

const w = wasm();
const relaxed = runtimeInfo().relaxedSimd;
const REGISTER_PEAK = relaxed ? 29 : 25; // GFLOP/s, DESIGN.md §7 (one core, f64x2)

/** Best per-call CPU seconds of fn (calls batched so each sample lasts ≥ 5 ms). */
function bestCpu(fn: () => void, minTotal = 0.6, minSamples = 3): number {
  fn(); // warm up (tier-up to TurboFan)
  let batch = 1;
  for (;;) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < batch; i++) fn();
    const d = process.cpuUsage(t0);
    if ((d.user + d.system) / 1e6 >= 0.005 || batch >= 1 << 20) break;
    batch *= 4;
  }
  let best = Infinity, total = 0, samples = 0;
  while (samples < minSamples || total < minTotal) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < batch; i++) fn();
    const d = process.cpuUsage(t0);
    const s = (d.user + d.system) / 1e6;
    best = Math.min(best, s / batch);
    total += s;
    samples++;
    if (samples > 200) break;
  }
  return best;
}

function fill(ptr: number, n: number, seed: number): void {
  const v = f64();
  for (let i = 0; i < n; i++) v[(ptr >> 3) + i] = Math.sin(seed + i * 0.7071);
}

function mlRandom(rows: number, cols: number, seed: number): MlMatrix {
  const m = new MlMatrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, Math.sin(seed + (i + j * rows) * 0.7071));
  return m;
}

interface PyFigures { gemm: Record<string, number>; syrk: Record<string, number>; gemv: Record<string, number> }
function numpyFigures(sizes: number[]): PyFigures | null {
  if (!hasPythonNumpy()) return null;
  const script = `
import json, time, numpy as np
from scipy.linalg.blas import dsyrk, dgemv
def best(f, mint=0.6):
    f(); b=1e9; tot=0; n=0
    while n < 3 or tot < mint:
        t=time.process_time(); f(); d=time.process_time()-t; b=min(b,d); tot+=d; n+=1
        if n > 200: break
    return b
out={'gemm':{},'syrk':{},'gemv':{}}
for n in ${JSON.stringify(sizes)}:
    a=np.asfortranarray(np.random.rand(n,n)); b=np.asfortranarray(np.random.rand(n,n))
    out['gemm'][str(n)] = 2*n**3/best(lambda: a@b)/1e9
    out['syrk'][str(n)] = n*n*n/best(lambda: dsyrk(1.0, a))/1e9
A=np.asfortranarray(np.random.rand(5000,1000)); x=np.random.rand(1000); y=np.random.rand(5000)
out['gemv']['0'] = 2*5000*1000/best(lambda: dgemv(1.0, A, x))/1e9
out['gemv']['1'] = 2*5000*1000/best(lambda: dgemv(1.0, A, y, trans=1))/1e9
print(json.dumps(out))
`;
  const res = runPython(script);
  if (res.status !== 0) return null;
  try { return JSON.parse(res.stdout) as PyFigures; } catch { return null; }
}

const sizes = [64, 128, 256, 512, 1024];
const py = numpyFigures(sizes);

// ───────────────────────────── GEMM, square ─────────────────────────────
{
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const bytes = n * n * 8;
    const a = alloc(bytes), b = alloc(bytes), c = alloc(bytes), work = alloc(w.dgemmWorkspaceSize(n, n, n));
    fill(a, n * n, 1); fill(b, n * n, 2);
    const run = () => w.dgemm(0, 0, n, n, n, 1, a, n, b, n, 0, c, n, work);
    const flops = 2 * n ** 3;
    const ours = flops / bestCpu(run) / 1e9;
    const bjs = flops / timeit(`dgemm ${n}`, run, { maxTime: 1, minSamples: 3 }) / 1e9;
    const A = mlRandom(n, n, 1), B = mlRandom(n, n, 2);
    const ml = flops / bestCpu(() => A.mmul(B), n >= 512 ? 0 : 0.6, n >= 1024 ? 1 : 3) / 1e9;
    const row: (string | number)[] = [String(n), ours, bjs, ml, `${(ours / ml).toFixed(1)}×`, `${((100 * ours) / REGISTER_PEAK).toFixed(0)}%`];
    if (py) row.push(py.gemm[String(n)]!, `${(ours / py.gemm[String(n)]!).toFixed(2)}`);
    rows.push(row);
    [a, b, c, work].forEach(free);
  }
  const header = ['n', 'lsqnet GFLOP/s', 'lsqnet (benchmark.js mean)', 'ml-matrix GFLOP/s', 'ratio', `of ${REGISTER_PEAK} GFLOP/s peak`];
  if (py) header.push('numpy 1 thread GFLOP/s', 'lsqnet/numpy');
  printTable(`dgemm C = A·B, n×n (${relaxed ? 'relaxed SIMD, FMA' : 'plain SIMD'})`, header, rows);
}

// ───────────────────────────── SYRK, n = k ─────────────────────────────
{
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const a = alloc(n * n * 8), c = alloc(n * n * 8), work = alloc(w.dsyrkWorkspaceSize(n, n));
    fill(a, n * n, 3);
    const t = bestCpu(() => w.dsyrk(0, 1, n, n, 1, a, n, 0, c, n, work));
    const A = mlRandom(n, n, 3);
    const tm = bestCpu(() => A.transpose().mmul(A), n >= 512 ? 0 : 0.6, n >= 1024 ? 1 : 3);
    const row: (string | number)[] = [String(n), n ** 3 / t / 1e9, (2 * n ** 3) / t / 1e9, 2 * n ** 3 / tm / 1e9, `${(tm / t).toFixed(1)}×`];
    if (py) row.push(py.syrk[String(n)]!);
    rows.push(row);
    [a, c, work].forEach(free);
  }
  const header = ['n = k', 'dsyrk GFLOP/s (n²k)', 'GEMM-equivalent GFLOP/s (2n²k)', 'ml-matrix AᵀA GFLOP/s (2n²k)', 'time ratio'];
  if (py) header.push('scipy dsyrk GFLOP/s (n²k)');
  printTable('dsyrk C = AᵀA (lower triangle)', header, rows);
}

// ───────────────────────────── micro-kernel comparison ─────────────────────────────
// dgemmTune is a tuning kernel of the ref build (never shipped): it runs in a separate instance
// of build/lsqnet-ref(-relaxed).wasm with its own memory (test/helpers/ref-kernels.ts).
{
  const n = 512;
  const rk = refKernels(relaxed ? 'ref-relaxed' : 'ref');
  const ids = [[1, '4×4 splat, pointer loop (relaxed build)'], [2, '4×4 pre-broadcast B̄ (plain build)']] as const;
  const { alloc: ralloc, free: rfree, f64: rf64 } = refMem(rk);
  const a = ralloc(n * n * 8), b = ralloc(n * n * 8), c = ralloc(n * n * 8);
  for (let i = 0; i < n * n; i++) { rf64()[(a >> 3) + i] = Math.sin(1 + i * 0.7071); rf64()[(b >> 3) + i] = Math.sin(2 + i * 0.7071); }
  const work = ralloc(rk.dgemmTuneWorkspaceSize(192, 256, 1024, n, n, n));
  const rows = ids.map(([u, name]) => {
    const g = 2 * n ** 3 / bestCpu(() => rk.dgemmTune(u, 192, 256, 1024, 0, 0, n, n, n, 1, a, n, b, n, 0, c, n, work)) / 1e9;
    return [String(u), name, g, `${((100 * g) / REGISTER_PEAK).toFixed(0)}%`];
  });
  printTable(`micro-kernels at n = ${n} (MC, KC, NC = 192, 256, 1024; ref build instance)`, ['id', 'micro-kernel', 'GFLOP/s', 'of peak'], rows);
  [a, b, c, work].forEach(rfree);
}

// ───────────────────────────── GEMV, tall ─────────────────────────────
{
  const m = 5000, n = 1000;
  const a = alloc(m * n * 8), x = alloc(m * 8), y = alloc(m * 8);
  fill(a, m * n, 4); fill(x, m, 5);
  const A = mlRandom(m, n, 4), xv = mlRandom(n, 1, 5), yv = mlRandom(m, 1, 5);
  const flops = 2 * m * n;
  const g0 = flops / bestCpu(() => w.dgemv(0, m, n, 1, a, m, x, 1, 0, y, 1)) / 1e9;
  const g1 = flops / bestCpu(() => w.dgemv(1, m, n, 1, a, m, x, 1, 0, y, 1)) / 1e9;
  const m0 = flops / bestCpu(() => A.mmul(xv)) / 1e9;
  const m1 = flops / bestCpu(() => A.transpose().mmul(yv)) / 1e9;
  const rows: (string | number)[][] = [
    ['y = A·x (trans = 0)', g0, m0, `${(g0 / m0).toFixed(1)}×`, ...(py ? [py.gemv['0']!] : [])],
    ['y = Aᵀ·x (trans = 1)', g1, m1, `${(g1 / m1).toFixed(1)}×`, ...(py ? [py.gemv['1']!] : [])],
  ];
  printTable(`dgemv on a tall ${m}×${n} matrix (${(m * n * 8 / 2 ** 20).toFixed(0)} MiB, memory-bound)`,
    ['operation', 'lsqnet GFLOP/s', 'ml-matrix GFLOP/s', 'ratio', ...(py ? ['scipy dgemv GFLOP/s'] : [])], rows);
  [a, x, y].forEach(free);
}

// ───────────────────────────── small and skinny GEMM ─────────────────────────────
{
  const shapes: [number, number, number, number, number][] = [
    [0, 0, 4, 4, 4], [0, 0, 8, 8, 8], [0, 0, 16, 16, 16], [0, 0, 32, 32, 32], [1, 0, 32, 32, 32],
    [0, 0, 5000, 1, 100], [0, 0, 5000, 4, 100], [0, 0, 5000, 100, 4], [1, 0, 100, 100, 5000], [1, 0, 4, 100, 5000],
    [0, 1, 100, 100, 5000],
  ];
  const rows = shapes.map(([ta, tb, m, n, k]) => {
    const a = alloc(m * k * 8), b = alloc(k * n * 8), c = alloc(m * n * 8), work = alloc(w.dgemmWorkspaceSize(m, n, k));
    fill(a, m * k, 6); fill(b, k * n, 7);
    const lda = ta ? k : m, ldb = tb ? n : k;
    const g = 2 * m * n * k / bestCpu(() => w.dgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, m, work), 0.3) / 1e9;
    [a, b, c, work].forEach(free);
    return [`${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`, String(m), String(n), String(k), g];
  });
  printTable('dgemm on small and skinny shapes', ['op', 'm', 'n', 'k', 'GFLOP/s'], rows);
}
