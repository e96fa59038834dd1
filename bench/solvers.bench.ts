// Iterative and randomized solvers (issue 4, area "iterative"). Run: `npm run bench -- solvers`
// (`-- solvers --quick` skips the 200,000×2,000 run, `--operator-only` runs only it). Nothing is asserted.
//
// 1. A feature operator Φ = relu(XW + 1bᵀ | 1) with 200,000 rows × 2,000 columns (3.2 GB dense)
//    solved by LSRN (sparse sketch) without ever forming Φ: wall time and peak wasm memory.
//    Runs first so that the wasm memory size (which never shrinks) is this run's peak.
// 2. The SWIM toy problem (ALGORITHMS.md §6.11: sin(x + y), 5000 points, 1000 tanh SWIM neurons +
//    bias column, rcond 1e-8): direct svd, numpy gelsd (1 thread), LSQR, LSRN (Gaussian and
//    sparse sketch, LSQR and Chebyshev inner solvers), Split and Solve.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, LinearOperator, features, lstsq, lsqr, lsrn, splitSolve, memoryBytes, liveBytes } from '../src/index.js';
import { hasPythonNumpy, printTable, timeOnce, runPython } from './harness.js';
import { swimToy, maeOf } from '../test/helpers/solvers-util.js';

const quick = process.argv.includes('--quick');
const operatorOnly = process.argv.includes('--operator-only');
const MiB = 2 ** 20;

// ---------------------------------------------------------------- 1. 200,000 × 2,000 operator
if (!quick) {
  const N = 200_000, M = 1999, d = 2;
  const mem0 = memoryBytes();
  const X = Matrix.random(N, d, { seed: 1, dist: 'uniform' });
  const W = Matrix.random(d, M, { seed: 2, sd: 2 });
  const b = Matrix.random(M, 1, { seed: 3, dist: 'uniform', low: -1, high: 1 });
  const x = X.toColumnMajor();
  const y = Float64Array.from({ length: N }, (_, i) => Math.sin(x[i]! + x[i + N]!));
  let peakLive = liveBytes();
  const op = LinearOperator.fromRowBlocks(N, M + 1, (s, e) => {
    const F = features(X, W, b, { activation: 'relu', rowStart: s, rowEnd: e, ones: true });
    peakLive = Math.max(peakLive, liveBytes());
    return F;
  }, { blockSize: 512 });
  const { seconds, value: r } = timeOnce(() => lsrn(op, y, { sketch: 'sparse', rcond: 1e-10, tol: 1e-8, seed: 1 }));
  const fit = op.matvec(r.x);
  let mae = 0; for (let i = 0; i < N; i++) mae += Math.abs(fit[i]! - y[i]!); mae /= N;
  printTable('LSRN on a 200,000 × 2,000 ReLU feature operator (never formed; dense would be 3.2 GB)', ['quantity', 'value'], [
    ['wall time (s)', seconds],
    ['  sketch / factor / solve (s)', `${r.timings.sketch.toFixed(1)} / ${r.timings.factor.toFixed(1)} / ${r.timings.solve.toFixed(1)}`],
    ['sketch size s, rank r, γ_eff', `${r.sketchSize}, ${r.rank}, ${r.gammaEff.toFixed(2)}`],
    ['iterations (bound), istop', `${r.iterations} (${r.iterationBound}), ${r.istop}`],
    ['train MAE', mae],
    ['wasm memory before (MiB)', mem0 / MiB],
    ['wasm memory after = peak (MiB)', memoryBytes() / MiB],
    ['peak live bytes during products (MiB)', peakLive / MiB],
    ['dense Φ would need (MiB)', N * (M + 1) * 8 / MiB],
  ]);
  op.dispose(); X.dispose(); W.dispose(); b.dispose();
}

// ---------------------------------------------------------------- 2. SWIM toy
if (!operatorOnly) await swimBench();
async function swimBench(): Promise<void> {
const T = await swimToy(5000, 1000, 1);
const rows: (string | number)[][] = [];
const add = (name: string, seconds: number, xv: Float64Array, iterations: number | string, rank: number | string) => {
  rows.push([name, seconds, maeOf(T.A, xv, T.y), iterations, rank]);
};
{
  const { seconds, value } = timeOnce(() => lstsq(T.A, T.y, { method: 'svd', rcond: 1e-8 }));
  add('lstsq svd (direct)', seconds, value.x, '-', value.rank);
}
if (hasPythonNumpy()) {
  const dir = mkdtempSync(join(tmpdir(), 'lsqnet-solvers-'));
  try {
    const fa = join(dir, 'A.f64'), fy = join(dir, 'y.f64');
    writeFileSync(fa, Buffer.from(T.A.toColumnMajor().buffer));
    writeFileSync(fy, Buffer.from(T.y.buffer));
    const script = `
import json, time, numpy as np
A = np.asfortranarray(np.fromfile(${JSON.stringify(fa)}, dtype=np.float64).reshape((1001, 5000)).T)
y = np.fromfile(${JSON.stringify(fy)}, dtype=np.float64)
t = float('inf')
for _ in range(3):
    t0 = time.perf_counter(); x, res, rank, s = np.linalg.lstsq(A, y, rcond=1e-8); t = min(t, time.perf_counter() - t0)
print(json.dumps({'t': t, 'mae': float(np.mean(np.abs(A @ x - y))), 'rank': int(rank)}))
`;
    const res = runPython(script);
    if (res.status === 0) {
      const o = JSON.parse(res.stdout.trim()) as { t: number; mae: number; rank: number };
      rows.push(['numpy lstsq (gelsd, 1 thread)', o.t, o.mae, '-', o.rank]);
    } else console.error(res.stderr);
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
{
  const { seconds, value } = timeOnce(() => lsqr(T.A, T.y, { atol: 0, btol: 0, conlim: 0, maxIter: quick ? 500 : 2000 }));
  add(`lsqr (${value.iterations} iterations, istop ${value.istop})`, seconds, value.x, value.iterations, '-');
}
for (const sketch of ['sparse', 'gaussian'] as const) {
  for (const solver of ['lsqr', 'chebyshev'] as const) {
    const { seconds, value } = timeOnce(() => lsrn(T.A, T.y, { rcond: 1e-8, sketch, solver, seed: 1 }));
    const t = value.timings;
    add(`lsrn ${sketch}/${solver} (sketch ${t.sketch.toFixed(2)} + factor ${t.factor.toFixed(2)} + solve ${t.solve.toFixed(2)} s)`, seconds, value.x, value.iterations, value.rank);
  }
}
{
  const op = LinearOperator.features(T.X, T.W, T.b, { activation: 'tanh', ones: true });
  for (const [k, order] of [[2, 'sorted'], [3, 'sorted'], [9, 'sorted'], [3, 'sorted-desc'], [3, 'random']] as const) {
    const { seconds, value } = timeOnce(() => splitSolve(op, T.y, { splits: k, order, rcond: 1e-8, seed: 1 }));
    add(`splitSolve k=${k} ${order} (feature operator)`, seconds, value.x, k, value.blockRanks.join('+'));
  }
  op.dispose();
}
printTable('SWIM toy: 5000 × 1001 tanh SWIM features, sin(x + y), rcond 1e-8', ['method', 'seconds', 'train MAE', 'iterations', 'rank'], rows);
T.dispose();
}
