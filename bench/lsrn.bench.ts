// LSRN on tall dense SWIM feature matrices against every other lsqnet method and numpy's gelsd
// (issue 17). Run: `npm run bench -- lsrn` (default m = 5000, 20000, 50000; add `--m=100000` or
// `--m=5000,100000` to choose; `--quick` runs m = 5000, 20000 only). n = 1,001 (1000 tanh SWIM
// neurons of sin(x + y) + ones column), rcond 1e-8, single thread on both sides. Nothing asserted.
//
// Reports (a) STREAM-like copy / triad / read bandwidth of wasm and the rate of one dgemv pass
// over A, (b) per method wall and CPU seconds, iterations, train MAE, and for LSRN the phase split
// (wall-time shares) and the bytes moved per iteration (A twice + the vectors + N twice) with the
// time those bytes take at the triad bandwidth, and the ratio to numpy gelsd's CPU time measured
// in the same run (CPU time on both sides: the machine is shared). Phase CPU seconds in the last
// table are the run's CPU time split by the wall shares (only meaningful on a quiet machine).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, lstsq, lsqr, lsrn } from '../src/index.js';
import { ops } from '../bindings/index.js';
import { hasPythonNumpy, printTable, runPython } from './harness.js';
import { refKernels, refMem } from '../test/helpers/ref-kernels.js';
import { swimToy, maeOf } from '../test/helpers/solvers-util.js';

const quick = process.argv.includes('--quick');
const mArg = process.argv.find((a) => a.startsWith('--m='));
const sizes = mArg ? mArg.slice(4).split(',').map(Number) : quick ? [5000, 20000] : [5000, 20000, 50000];
const M = 1000, n = M + 1;

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
function timed<T>(fn: () => T): { wall: number; cpu: number; value: T } {
  const c0 = cpu(), t0 = performance.now();
  const value = fn();
  return { wall: (performance.now() - t0) / 1000, cpu: cpu() - c0, value };
}

// ---------------------------------------------------------------- STREAM
function streamBench(): { copy: number; triad: number; sum: number } {
  // the STREAM kernels live in the ref build (a separate module instance with its own memory)
  const k = refKernels('ref'), mem = refMem(k);
  const len = 2 ** 25; // 256 MiB per array: beyond the caches
  const pa = mem.alloc(8 * len), pb = mem.alloc(8 * len), pc = mem.alloc(8 * len);
  try {
    const f = mem.f64();
    f.fill(1, pa >> 3, (pa >> 3) + len); f.fill(2, pb >> 3, (pb >> 3) + len); f.fill(3, pc >> 3, (pc >> 3) + len);
    const best = (run: () => void, bytes: number) => {
      let t = Infinity;
      for (let r = 0; r < 4; r++) {
        const c0 = cpu();
        run();
        t = Math.min(t, cpu() - c0);
      }
      return bytes / t / 1e9;
    };
    // bytes counted as STREAM does (no write-allocate traffic)
    return {
      copy: best(() => k.dstreamCopy(len, pa, pb, 1), 16 * len),
      triad: best(() => k.dstreamTriad(len, pa, pb, pc, 3, 1), 24 * len),
      sum: best(() => k.dstreamSum(len, pa, 1), 8 * len),
    };
  } finally { mem.free(pa); mem.free(pb); mem.free(pc); }
}
const bw = streamBench();
printTable('wasm memory bandwidth (STREAM-like, 256 MiB arrays, best of 4, CPU time)', ['kernel', 'GB/s'], [
  ['copy  b ← a', bw.copy], ['triad a ← b + s·c', bw.triad], ['read  Σa', bw.sum],
]);

// ---------------------------------------------------------------- methods per size
const summary: (string | number)[][] = [];
const passRates: (string | number)[][] = [];
for (const m of sizes) {
  const T = await swimToy(m, M, 1);
  const rows: (string | number)[][] = [];
  let gelsdCpu = NaN;
  if (hasPythonNumpy()) {
    const dir = mkdtempSync(join(tmpdir(), 'lsqnet-lsrn-'));
    try {
      const fa = join(dir, 'A.f64'), fy = join(dir, 'y.f64');
      writeFileSync(fa, Buffer.from(T.A.toColumnMajor().buffer));
      writeFileSync(fy, Buffer.from(T.y.buffer));
      const reps = m >= 50000 ? 1 : 2;
      const res = runPython(`
import json, time, numpy as np
A = np.asfortranarray(np.fromfile(${JSON.stringify(fa)}, dtype=np.float64).reshape((${n}, ${m})).T)
y = np.fromfile(${JSON.stringify(fy)}, dtype=np.float64)
best = (float('inf'), float('inf'))
for _ in range(${reps}):
    t0 = time.perf_counter(); c0 = time.process_time()
    x, res, rank, s = np.linalg.lstsq(A, y, rcond=1e-8)
    best = min(best, (time.process_time() - c0, time.perf_counter() - t0))
print(json.dumps({'cpu': best[0], 'wall': best[1], 'mae': float(np.mean(np.abs(A @ x - y))), 'rank': int(rank)}))
`);
      if (res.status === 0) {
        const o = JSON.parse(res.stdout.trim()) as { cpu: number; wall: number; mae: number; rank: number };
        gelsdCpu = o.cpu;
        rows.push(['numpy lstsq (gelsd, 1 thread)', o.wall, o.cpu, 1, o.mae, '-', o.rank, '-']);
      } else console.error(res.stderr);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  }
  {
    // one dgemv pass over A (Aᵀ·u) in CPU time: the per-pass bandwidth of the products
    const u = Matrix.random(m, 1, { seed: 4 }), g = Matrix.zeros(n, 1);
    let t = Infinity;
    for (let r = 0; r < 5; r++) {
      const c0 = cpu();
      ops.gemv(1, 1, T.A, ops.col(u, 0), 0, ops.col(g, 0));
      t = Math.min(t, cpu() - c0);
    }
    u.dispose(); g.dispose();
    passRates.push([m, 8 * m * n / 1e6, t, 8 * m * n / t / 1e9]);
  }
  const ratio = (c: number) => (Number.isFinite(gelsdCpu) ? c / gelsdCpu : NaN);
  for (const method of ['svd', 'qr', 'cholesky'] as const) {
    try {
      const r = timed(() => lstsq(T.A, T.y, method === 'cholesky' ? { method } : { method, rcond: 1e-8 }));
      rows.push([`lstsq '${method}'`, r.wall, r.cpu, ratio(r.cpu), maeOf(T.A, r.value.x, T.y), '-', r.value.rank, '-']);
    } catch (err) {
      rows.push([`lstsq '${method}' — ${(err as Error).name}: ${(err as Error).message.slice(0, 60)}…`, '-', '-', '-', '-', '-', '-', '-']);
    }
  }
  if (m <= 20000) {
    const r = timed(() => lsqr(T.A, T.y, { atol: 0, btol: 0, conlim: 0, maxIter: 300 }));
    rows.push([`lsqr (no preconditioner, capped, istop ${r.value.istop})`, r.wall, r.cpu, ratio(r.cpu), maeOf(T.A, r.value.x, T.y), r.value.iterations, '-', '-']);
  }
  for (const [solver, tol] of [['lsqr', 1e-14], ['lsqr', 1e-10], ['chebyshev', 1e-10]] as const) {
    const r = timed(() => lsrn(T.A, T.y, { sketch: 'sparse', solver, rcond: 1e-8, tol, seed: 1 }));
    const v = r.value, t = v.timings;
    // bytes per iteration of the inner solve: A twice (A·z and Aᵀ·u, one dgemv each), the m-vector
    // u read and written about twice, and N (n×r) twice
    const bytes = 8 * (2 * m * n + 4 * m + 2 * n * v.rank + 4 * n);
    // the phases are timed in wall seconds by lsrn; on a shared machine their CPU seconds are
    // estimated as the run's CPU time split in the same proportions
    const wallSum = t.sketch + t.factor + t.solve;
    const share = (x: number) => x / wallSum;
    const solveCpu = r.cpu * share(t.solve);
    // the inner solve's bytes at the STREAM triad bandwidth: a lower bound on the solve's time
    const atStream = bytes * v.iterations / (bw.triad * 1e9);
    const pct = (x: number) => `${(100 * share(x)).toFixed(0)} %`;
    const name = `lsrn sparse/${solver} tol ${tol} (wall shares: sketch ${pct(t.sketch)}, factor ${pct(t.factor)}, solve ${pct(t.solve)})`;
    rows.push([name, r.wall, r.cpu, ratio(r.cpu), maeOf(T.A, v.x, T.y), v.iterations, v.rank, `${(bytes / 1e6).toFixed(0)} MB; ${v.iterations} iter. ≥ ${atStream.toFixed(2)} s at triad BW`]);
    if (solver === 'lsqr') summary.push([m, m / n, tol, r.cpu, gelsdCpu, ratio(r.cpu), v.iterations, r.cpu * share(t.sketch), r.cpu * share(t.factor), solveCpu]);
  }
  {
    const r = timed(() => lstsq(T.A, T.y, { method: 'auto', rcond: 1e-8, solverOptions: { seed: 1 } }));
    const it = r.value.iterations ?? '-';
    rows.push([`lstsq 'auto' → '${r.value.method}'`, r.wall, r.cpu, ratio(r.cpu), maeOf(T.A, r.value.x, T.y), it, r.value.rank, '-']);
    if (r.value.method === 'lsrn') summary.push([m, m / n, "auto (γ 4, 1e-14)", r.cpu, gelsdCpu, ratio(r.cpu), it, '-', '-', '-']);
  }
  printTable(`${m} × ${n} tanh SWIM features of sin(x + y), rcond 1e-8 (ratio = CPU time / numpy gelsd CPU time)`,
    ['method', 'wall s', 'CPU s', '× gelsd (CPU)', 'train MAE', 'iterations', 'rank', 'bytes/iter; solve time at STREAM triad bandwidth'], rows);
  T.dispose();
}
printTable('One pass over A (dgemv Aᵀ·u, best of 5, CPU time)', ['m', 'MB of A', 'seconds', 'GB/s'], passRates);
printTable('LSRN (sparse sketch, LSQR) vs numpy gelsd by m/n (CPU seconds; phases split by their wall-time shares)',
  ['m', 'm/n', 'tol', 'lsrn CPU s', 'gelsd CPU s', 'ratio', 'iterations', 'sketch s', 'factor s', 'solve s'], summary);
