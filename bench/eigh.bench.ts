// eigh (issue 17): tridiagonal divide and conquer (default, LAPACK dsyevd) vs the QL twin
// (method 'ql', LAPACK dsyev) vs numpy.linalg.eigh / eigvalsh (OpenBLAS dsyevd / dsyevd values
// only, one thread), with GEMM n = 1000 of both in the same run for the yardstick:
// ratio(eigh)/ratio(GEMM) ≤ 1.15, ratio = lsqnet time / numpy time.
// Run: `npm run bench -- eigh` (`--quick`: n = 500 and 1000 only, one repetition; `--ql2000`
// also times the QL path at n = 2000, ≈ 20 s). CPU seconds (process time, both sides): on a
// shared machine they exclude the time other processes hold the core. Nothing is asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, eigh, scope } from '../src/index.js';
import { hasPythonNumpy, printTable, bestCpuSeconds, numpyBest, saveF64 } from './harness.js';

const quick = process.argv.includes('--quick');
const reps = quick ? 1 : 3;
const sizes = quick ? [500, 1000] : [500, 1000, 2000];

/** Best CPU seconds of `n` runs. */
const best = (fn: () => void, n = reps): number => bestCpuSeconds(fn, n);

const dir = mkdtempSync(join(tmpdir(), 'lsqnet-eigh-'));
const py = hasPythonNumpy();

/** numpy on the column-major matrices in files; `code` fills out[name] = best seconds (harness numpyBest). */
function python(code: string, files: Record<string, [string, number, number]>): Record<string, number> {
  return py ? numpyBest(code, files, { reps, scipy: false }) : {};
}

const save = (A: Matrix, name: string): string => saveF64(dir, A, name);

const rows: (string | number)[][] = [];
const ratio = (t: number, ref: number | undefined): number => (ref ? t / ref : NaN);
const x = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');

try {
  // GEMM n = 1000: the kernel ceiling of this CPU (numpy's AVX-512 vs wasm f64x2)
  let gemmRatio = NaN;
  scope(() => {
    const n = 1000;
    const A = Matrix.random(n, n, { seed: 1 }), B = Matrix.random(n, n, { seed: 2 });
    const fa = save(A, 'gA'), fb = save(B, 'gB');
    const t = best(() => A.matmul(B).dispose());
    const p = python(`out['gemm'] = best(lambda: A @ B)`, { A: [fa, n, n], B: [fb, n, n] });
    gemmRatio = ratio(t, p.gemm);
    rows.push([`GEMM ${n}×${n}×${n}`, t, '', p.gemm ?? NaN, x(gemmRatio), '1.00']);
  });
  for (const n of sizes) {
    scope(() => {
      const G = Matrix.random(n, n, { seed: 10 + n });
      const S = G.add(G.transpose());
      const f = save(S, `S${n}`);
      const tDC = best(() => eigh(S).dispose(), n >= 2000 ? Math.min(reps, 2) : reps);
      const runQL = n < 2000 || process.argv.includes('--ql2000');
      const tQL = runQL ? best(() => eigh(S, { method: 'ql' }).dispose(), 1) : NaN;
      const tV = best(() => eigh(S, { vectors: false }).dispose());
      const p = python(`
out['eigh'] = best(lambda: np.linalg.eigh(S), ${n >= 2000 ? Math.min(reps, 2) : reps})
out['eigvalsh'] = best(lambda: np.linalg.eigvalsh(S))
`, { S: [f, n, n] });
      const rDC = ratio(tDC, p.eigh), rQL = ratio(tQL, p.eigh), rV = ratio(tV, p.eigvalsh);
      rows.push([`eigh ${n} vectors, 'dc' (default)`, tDC, tQL > 0 ? `${(tQL / tDC).toFixed(2)}× faster than 'ql'` : '', p.eigh ?? NaN, x(rDC), (rDC / gemmRatio).toFixed(2)]);
      rows.push([`eigh ${n} vectors, 'ql' (twin)`, tQL, runQL ? '' : 'skipped (--ql2000)', p.eigh ?? NaN, x(rQL), (rQL / gemmRatio).toFixed(2)]);
      rows.push([`eigh ${n} values only`, tV, '', p.eigvalsh ?? NaN, x(rV), (rV / gemmRatio).toFixed(2)]);
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

printTable(`eigh (CPU seconds, best of ${reps}; numpy with OPENBLAS_NUM_THREADS=1${py ? '' : ' — python3/numpy not found'})`,
  ['operation', 'lsqnet s', 'note', 'numpy s', 'lsqnet / numpy', '÷ GEMM ratio (target ≤ 1.15)'], rows);
