// SVD / eigh / lstsq 'svd' / ridge GCV (issues 3, 8 and 17, area "svd"), beside ml-matrix and
// numpy/scipy (OpenBLAS, one thread) on the same matrices in the same run. Issue 17's yardstick:
// GEMM n = 1000 is timed against numpy in the same run, and each row's lsqnet/numpy CPU ratio is
// divided by GEMM's (criterion ≤ 1.15). The SVD rows show the QR-iteration path (dgesvd's, the
// test twin) beside the default divide-and-conquer path (dgesdd's).
// Run: `npm run bench -- svd` (add `--quick` for one repetition). Nothing is asserted.
//
// Times are the best of `reps` runs, both wall-clock and CPU time of the measuring process
// (the CPU column is the fair one on a shared machine: other processes inflate wall time).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { Matrix, eigh, features, lstsq, scope, svd } from '../src/index.js';
import { hasPythonNumpy, printTable, runPython, numpyLoads, saveF64 } from './harness.js';
import { svdTuning } from '../src/linalg/svd.js';

const quick = process.argv.includes('--quick');
const reps = quick ? 1 : 3;

/** Best wall and CPU seconds of `n` runs. */
function best(fn: () => void, n = reps): { wall: number; cpu: number } {
  let wall = Infinity, cpu = Infinity;
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, (t1 - t0) / 1000);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { wall, cpu };
}

const dir = mkdtempSync(join(tmpdir(), 'lsqnet-svd-'));
const py = hasPythonNumpy();

/** Runs numpy/scipy on column-major matrices saved to files; `code` fills out[name] = [wall, cpu]. */
function python(code: string, files: Record<string, [string, number, number]>): Record<string, [number, number]> {
  if (!py) return {};
  const loads = numpyLoads(files);
  const script = `
import json, time, numpy as np, scipy.linalg as sl
${loads}
def best(fn, reps=${reps}):
    w = c = float('inf')
    for _ in range(reps):
        t0 = time.perf_counter(); c0 = time.process_time(); fn()
        w = min(w, time.perf_counter() - t0); c = min(c, time.process_time() - c0)
    return [w, c]
out = {}
${code}
print(json.dumps(out))
`;
  const res = runPython(script);
  if (res.status !== 0) { console.error(res.stderr); return {}; }
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, [number, number]>;
}

const save = (data: Float64Array, name: string): string => saveF64(dir, data, name);

/** tanh random-feature matrix [tanh(X W + 1bᵀ), 1] with X ~ U[0,1]² (m×2), W ~ N(0, 5²), b ~ U[−5, 5]. */
function featureMatrix(m: number, width: number): { A: Matrix; y: Float64Array } {
  const X = Matrix.random(m, 2, { seed: 1, dist: 'uniform' });
  const W = Matrix.random(2, width, { seed: 2, sd: 5 });
  const b = Matrix.random(width, 1, { seed: 3, dist: 'uniform', low: -5, high: 5 });
  const A = features(X, W, b, { activation: 'tanh', ones: true });
  const xv = X.toColumnMajor();
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) y[i] = Math.sin(3 * xv[i]! + 3 * xv[i + m]!);
  X.dispose(); W.dispose(); b.dispose();
  return { A, y };
}

const ratio = (t: number, ref: number | undefined): string => (ref ? `${(t / ref).toFixed(2)}×` : 'n/a');
const rows: (string | number)[][] = [];

try {
  // 0. GEMM n = 1000: the kernel-ceiling yardstick (numpy AVX-512 vs wasm f64x2)
  let gemmRatio = NaN;
  scope(() => {
    const n = quick ? 500 : 1000;
    const A = Matrix.random(n, n, { seed: 7 }), B = Matrix.random(n, n, { seed: 8 });
    const fa = save(A.toColumnMajor(), `G${n}a`), fb = save(B.toColumnMajor(), `G${n}b`);
    const t = best(() => A.matmul(B).dispose());
    const p = python(`out['gemm'] = best(lambda: A @ B)`, { A: [fa, n, n], B: [fb, n, n] });
    gemmRatio = p.gemm ? t.cpu / p.gemm[1] : NaN;
    rows.push([`gemm ${n}×${n}·${n}×${n} (yardstick)`, t.wall, t.cpu, p.gemm?.[1] ?? NaN, ratio(t.cpu, p.gemm?.[1]), '1.00', NaN, NaN, '']);
  });
  const vsGemm = (t: number, ref: number | undefined): string => (ref && gemmRatio ? (t / ref / gemmRatio).toFixed(2) : 'n/a');

  // 1. SVD with vectors: 2000×500 (QR first) and 1000×1000; old path (bidiagonal QR) vs D&C
  for (const [m0, n0] of [[2000, 500], [1000, 1000]] as const) {
    scope(() => {
      const [m, n] = quick ? [m0 / 2, n0 / 2] : [m0, n0];
      const A = Matrix.random(m, n, { seed: 1 });
      const f = save(A.toColumnMajor(), `A${m}x${n}`);
      const saved = svdTuning.dcMinN;
      svdTuning.dcMinN = Infinity;
      const tQ = best(() => svd(A).dispose(), quick ? 1 : 2);
      svdTuning.dcMinN = saved;
      const tV = best(() => svd(A).dispose());
      const tS = best(() => svd(A, { vectors: false }).dispose());
      const p = python(`
out['uv'] = best(lambda: np.linalg.svd(A, full_matrices=False))
out['s'] = best(lambda: np.linalg.svd(A, compute_uv=False))
out['gesvd'] = best(lambda: sl.svd(A, full_matrices=False, lapack_driver='gesvd'))
`, { A: [f, m, n] });
      rows.push([`svd ${m}×${n} (U, s, V) divide and conquer`, tV.wall, tV.cpu, p.uv?.[1] ?? NaN, ratio(tV.cpu, p.uv?.[1]), vsGemm(tV.cpu, p.uv?.[1]), p.gesvd?.[1] ?? NaN, NaN, '']);
      rows.push([`svd ${m}×${n} (U, s, V) bidiagonal QR (old)`, tQ.wall, tQ.cpu, p.uv?.[1] ?? NaN, ratio(tQ.cpu, p.uv?.[1]), vsGemm(tQ.cpu, p.uv?.[1]), p.gesvd?.[1] ?? NaN, NaN, '']);
      rows.push([`svd ${m}×${n} values only`, tS.wall, tS.cpu, p.s?.[1] ?? NaN, ratio(tS.cpu, p.s?.[1]), vsGemm(tS.cpu, p.s?.[1]), NaN, NaN, '']);
      if (m0 === 2000) {
        const ml = new MlMatrix(A.toRows());
        const tMl = best(() => { void new SingularValueDecomposition(ml, { autoTranspose: true }).diagonal; }, 1);
        rows.push([`svd ${m}×${n} ml-matrix`, NaN, NaN, NaN, '', '', NaN, tMl.wall, `${(tMl.wall / tV.wall).toFixed(1)}×`]);
      }
    });
  }

  // 2. lstsq 'svd' on the tanh feature matrix (5000×1001), rcond 1e-8; ridge 'gcv'
  scope(() => {
    const [m, width] = quick ? [2000, 400] : [5000, 1000];
    const { A, y } = featureMatrix(m, width);
    const n = width + 1;
    const f = save(A.toColumnMajor(), `F${m}x${n}`);
    const fy = save(y, `y${m}`);
    let rank = 0;
    const t = best(() => { rank = lstsq(A, y, { rcond: 1e-8 }).rank; });
    let lam = 0;
    const tg = best(() => { lam = lstsq(A, y, { rcond: 1e-8, ridge: 'gcv' }).ridge!.lambda as number; });
    const p = python(`
y = np.fromfile(${JSON.stringify(fy)}, dtype=np.float64)
out['gelsd'] = best(lambda: np.linalg.lstsq(A, y, rcond=1e-8))
out['gelsy'] = best(lambda: sl.lstsq(A, y, cond=1e-8, lapack_driver='gelsy'))
out['rank'] = [int(np.linalg.lstsq(A, y, rcond=1e-8)[2]), 0]
`, { A: [f, m, n] });
    rows.push([`lstsq svd ${m}×${n} rcond 1e-8 (rank ${rank}, numpy ${p.rank?.[0] ?? '?'})`, t.wall, t.cpu, p.gelsd?.[1] ?? NaN, ratio(t.cpu, p.gelsd?.[1]), vsGemm(t.cpu, p.gelsd?.[1]), p.gelsy?.[1] ?? NaN, NaN, '']);
    rows.push([`lstsq svd + ridge 'gcv' (λ = ${lam.toExponential(2)})`, tg.wall, tg.cpu, NaN, `+${(((tg.cpu - t.cpu) / t.cpu) * 100).toFixed(0)}% over plain`, '', NaN, NaN, '']);
  });

  // 3. ml-matrix's SVD solve at a smaller size (its 5000×1001 takes ~100 s), beside lsqnet there
  scope(() => {
    const [m, width] = quick ? [1000, 200] : [2000, 400];
    const { A, y } = featureMatrix(m, width);
    const t = best(() => { lstsq(A, y, { rcond: 1e-8 }); });
    const ml = new MlMatrix(A.toRows());
    const mlY = MlMatrix.columnVector(Array.from(y));
    const tMl = best(() => { new SingularValueDecomposition(ml, { autoTranspose: true }).solve(mlY); }, 1);
    rows.push([`lstsq svd ${m}×${width + 1} (ml-matrix SVD solve)`, t.wall, t.cpu, NaN, '', '', NaN, tMl.wall, `${(tMl.wall / t.wall).toFixed(1)}×`]);
  });

  // 4. eigh of a 1000×1000 symmetric matrix
  scope(() => {
    const n = quick ? 400 : 1000;
    const G = Matrix.random(n, n, { seed: 4 });
    const S = G.add(G.transpose());
    const f = save(S.toColumnMajor(), `S${n}`);
    const tV = best(() => eigh(S).dispose());
    const tW = best(() => eigh(S, { vectors: false }).dispose());
    const p = python(`
out['eigh'] = best(lambda: np.linalg.eigh(S))
out['eigvalsh'] = best(lambda: np.linalg.eigvalsh(S))
`, { S: [f, n, n] });
    rows.push([`eigh ${n}×${n} (values + vectors)`, tV.wall, tV.cpu, p.eigh?.[1] ?? NaN, ratio(tV.cpu, p.eigh?.[1]), vsGemm(tV.cpu, p.eigh?.[1]), NaN, NaN, '']);
    rows.push([`eigh ${n}×${n} values only`, tW.wall, tW.cpu, p.eigvalsh?.[1] ?? NaN, ratio(tW.cpu, p.eigvalsh?.[1]), vsGemm(tW.cpu, p.eigvalsh?.[1]), NaN, NaN, '']);
  });

  printTable('SVD / lstsq svd / eigh (seconds; numpy/scipy single-threaded OpenBLAS, CPU s)',
    ['case', 'lsqnet wall', 'lsqnet CPU', 'numpy CPU', 'lsqnet/numpy (CPU)', '÷ GEMM ratio (≤ 1.15)', 'scipy gesvd/gelsy CPU', 'ml-matrix wall', 'ml-matrix/lsqnet'], rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
