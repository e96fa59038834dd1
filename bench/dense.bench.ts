// Dense factorizations (issue 3, area "dense"): QR (R only / full), pivoted QR, lstsq 'qr'
// (gelsy semantics) and Cholesky, beside ml-matrix and numpy/scipy (OpenBLAS, one thread) on the
// same matrices in the same run. Run: `npm run bench -- dense`. Nothing is asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix as MlMatrix, QrDecomposition } from 'ml-matrix';
import { Matrix, qr, cholesky, lstsq, scope } from '../src/index.js';
import { hasPythonNumpy, printTable, timeOnce, bestCpuSeconds, numpyBest, saveF64 } from './harness.js';

const quick = process.argv.includes('--quick');
const reps = quick ? 1 : 3;

/**
 * Best time (s) of `reps` runs. CPU time of this process (user + system) by default — on a
 * shared machine it excludes the time other processes hold the core, so the ratios to numpy
 * (also CPU time, `time.process_time()`, one OpenBLAS thread) stay meaningful; `--wall` uses
 * wall-clock time instead.
 */
const useWall = process.argv.includes('--wall');
function best(fn: () => void, n = reps): number {
  if (!useWall) return bestCpuSeconds(fn, n);
  let t = Infinity;
  for (let i = 0; i < n; i++) t = Math.min(t, timeOnce(fn).seconds);
  return t;
}

const dir = mkdtempSync(join(tmpdir(), 'lsqnet-dense-'));
const py = hasPythonNumpy();

/** numpy on the column-major matrices in files; `code` fills out[name] = best seconds (harness numpyBest). */
function python(code: string, files: Record<string, [string, number, number]>): Record<string, number> {
  return py ? numpyBest(code, files, { reps, wall: useWall, scipy: true }) : {};
}

const save = (A: Matrix, name: string): string => saveF64(dir, A, name);

const qrFlops = (m: number, n: number): number => 2 * m * n * n - (2 / 3) * n * n * n;
const rows: (string | number)[][] = [];

try {
  for (const [m, n] of (quick ? [[2000, 500]] : [[2000, 500], [5000, 1001]]) as [number, number][]) {
    scope(() => {
      const A = Matrix.random(m, n, { seed: 1 });
      const f = save(A, `A${m}x${n}`);
      const tR = best(() => qr(A, { mode: 'r' }).dispose());
      const tF = best(() => qr(A).dispose());
      const tQ = best(() => { const g = qr(A); g.Q().dispose(); g.dispose(); }, 1);
      const tP = best(() => qr(A, { pivoting: true, mode: 'r' }).dispose(), 1);
      const p = python(`
out['r'] = best(lambda: np.linalg.qr(A, mode='r'))
out['raw'] = best(lambda: np.linalg.qr(A, mode='raw'))
out['reduced'] = best(lambda: np.linalg.qr(A, mode='reduced'), 1)
out['piv'] = best(lambda: sl.qr(A, pivoting=True, mode='r'), 1)
`, { A: [f, m, n] });
      let tMl = NaN;
      if (m * n <= 2000 * 500) {
        const ml = new MlMatrix(A.toRows());
        tMl = best(() => { void new QrDecomposition(ml).upperTriangularMatrix; }, 1);
      }
      const fl = qrFlops(m, n);
      const ratio = (t: number, ref: number | undefined) => (ref ? `${(t / ref).toFixed(2)}×` : 'n/a');
      rows.push([`QR R-only ${m}×${n}`, tR, (fl / tR / 1e9).toFixed(2), p.r ?? NaN, ratio(tR, p.r), tMl]);
      rows.push([`QR full (factors + T) ${m}×${n}`, tF, (fl / tF / 1e9).toFixed(2), p.raw ?? NaN, ratio(tF, p.raw), tMl]);
      rows.push([`QR + thin Q ${m}×${n}`, tQ, '', p.reduced ?? NaN, ratio(tQ, p.reduced), '']);
      rows.push([`pivoted QR R-only ${m}×${n}`, tP, (fl / tP / 1e9).toFixed(2), p.piv ?? NaN, ratio(tP, p.piv), '']);
    });
  }

  // lstsq 'qr' (gelsy semantics) on a random 5000×1001 matrix, 1 RHS
  {
    const [m, n] = quick ? [2000, 500] : [5000, 1001];
    scope(() => {
      const A = Matrix.random(m, n, { seed: 2 });
      const b = Matrix.random(m, 1, { seed: 3 });
      const fa = save(A, 'L'), fb = save(b, 'b');
      const rcond = 2.220446049250313e-16 * Math.max(m, n);
      const t = best(() => { lstsq(A, b, { method: 'qr' }).x.dispose(); }, 1);
      const p = python(`
out['gelsy'] = best(lambda: sl.lstsq(L, b, cond=${rcond}, lapack_driver='gelsy'), 1)
`, { L: [fa, m, n], b: [fb, m, 1] });
      rows.push([`lstsq 'qr' ${m}×${n} (vs scipy gelsy)`, t, '', p.gelsy ?? NaN, p.gelsy ? `${(t / p.gelsy).toFixed(2)}×` : 'n/a', '']);
    });
  }

  // Cholesky n = 1000
  {
    const n = 1000;
    scope(() => {
      const G = Matrix.random(n, n, { seed: 4 });
      const S = G.matmul(G, { transA: true });
      const fs = save(S, 'S');
      const t = best(() => cholesky(S).dispose());
      const p = python(`out['chol'] = best(lambda: np.linalg.cholesky(S))`, { S: [fs, n, n] });
      rows.push([`Cholesky ${n}×${n}`, t, ((n ** 3) / 3 / t / 1e9).toFixed(2), p.chol ?? NaN, p.chol ? `${(t / p.chol).toFixed(2)}×` : 'n/a', '']);
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

printTable(`dense factorizations (${useWall ? 'wall' : 'CPU'} seconds, best of ${reps}; numpy/scipy with OPENBLAS_NUM_THREADS=1${py ? '' : ' — python3/numpy not found'})`,
  ['operation', 'lsqnet s', 'GFLOP/s', 'numpy/scipy s', 'lsqnet / numpy', 'ml-matrix s'], rows);
