// Shared benchmark utilities (benchmark.js). Results are printed, never asserted.
import Benchmark from 'benchmark';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Mean seconds per call of `fn`, measured by benchmark.js (at least `minSamples` samples). */
export function timeit(name: string, fn: () => void, options: { minSamples?: number; maxTime?: number } = {}): number {
  let mean = NaN;
  const suite = new Benchmark.Suite();
  suite.add(name, fn, { minSamples: options.minSamples ?? 5, maxTime: options.maxTime ?? 2, initCount: 1 });
  suite.on('cycle', (event: Benchmark.Event) => {
    const t = event.target as unknown as { stats: { mean: number } };
    mean = t.stats.mean;
  });
  suite.run({ async: false });
  return mean;
}

/** Wall time of one call (for runs too long to repeat), in seconds. */
export function timeOnce<T>(fn: () => T): { seconds: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

/** Prints a table with aligned columns. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, j) => Math.max(...cells.map((r) => String(r[j] ?? '').length)));
  console.log(`\n## ${title}\n`);
  const line = (r: (string | number)[]) => `| ${r.map((c, j) => String(c ?? '').padEnd(widths[j]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of cells.slice(1)) console.log(line(r));
}

/** Compact number formatting for tables. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  return a >= 100 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(4);
}

/** True when python3 with numpy (and scipy) can be run for peer measurements. */
export function hasPythonNumpy(): boolean {
  try {
    return spawnSync('python3', ['-c', 'import numpy, scipy'], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

/**
 * Runs a python3 script as a single-threaded peer (OPENBLAS/OMP/MKL_NUM_THREADS=1, so BLAS uses one
 * core like our wasm) and returns its exit status, stdout and stderr. OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE are removed from the environment: some machines force a Haswell core type
 * there, which hides OpenBLAS's AVX-512 kernels and would make the peer look slower than it is.
 */
export function runPython(script: string): { status: number | null; stdout: string; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const res = spawnSync('python3', ['-c', script], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  return { status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
}

/**
 * Best CPU time (s) of this process (user + system) over `reps` runs of `fn`. On a shared machine
 * it excludes time spent descheduled, so ratios to numpy's `time.process_time()` (one OpenBLAS
 * thread) stay meaningful.
 */
export function bestCpuSeconds(fn: () => void, reps: number): number {
  let t = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    t = Math.min(t, (c.user + c.system) / 1e6);
  }
  return t;
}

/** Python lines loading column-major f64 matrices written by the bench: `name = <m×n Fortran array>` per entry of `files` (name → [file, m, n]). */
export function numpyLoads(files: Record<string, [string, number, number]>): string {
  return Object.entries(files).map(([name, [f, m, n]]) =>
    `${name} = np.asfortranarray(np.fromfile(${JSON.stringify(f)}, dtype=np.float64).reshape((${n}, ${m})).T)`).join('\n');
}

/**
 * Runs `code` under numpy (one OpenBLAS thread, {@link runPython}) on the column-major matrices in
 * `files` (loaded by {@link numpyLoads}); `code` fills `out[name] = best(fn)`, where `best` is the
 * best of `reps` runs in CPU seconds (`time.process_time()`), or wall seconds with `wall`.
 * `scipy` also imports `scipy.linalg as sl`. Returns out, or {} when the script fails (stderr printed).
 */
export function numpyBest(code: string, files: Record<string, [string, number, number]>,
  options: { reps: number; wall?: boolean; scipy?: boolean }): Record<string, number> {
  const script = `
import json, time, numpy as np${options.scipy ? ', scipy.linalg as sl' : ''}
${numpyLoads(files)}
clock = time.perf_counter if ${options.wall ? 'True' : 'False'} else time.process_time
def best(fn, reps=${options.reps}):
    t = float('inf')
    for _ in range(reps):
        t0 = clock(); fn(); t = min(t, clock() - t0)
    return t
out = {}
${code}
print(json.dumps(out))
`;
  const res = runPython(script);
  if (res.status !== 0) { console.error(res.stderr); return {}; }
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

/** Writes the values of a matrix (column-major) or an array as raw f64 to `<dir>/<name>.f64`; returns the path. */
export function saveF64(dir: string, data: { toColumnMajor(): Float64Array } | Float64Array, name: string): string {
  const a = data instanceof Float64Array ? data : data.toColumnMajor();
  const f = join(dir, `${name}.f64`);
  writeFileSync(f, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return f;
}
