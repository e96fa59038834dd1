// Threads (issue 12): wall-clock time of the same work at 1, 2 (and, on bigger machines, 4, 8)
// threads, lsqnet beside numpy with OPENBLAS_NUM_THREADS equal to the same count, in one run.
//   npm run bench -- threads
//   options: --reps=N (best of N, default 3; GEMM best of max(N, 10); the MNIST SWIM fit best of
//   min(N, 2)), --rows=gemm,chol,qr,svd,lstsq,swim,anmin (a subset), --threads=1,2 (thread counts;
//   default 1, 2, 4, 8 up to the available cores), --single (the single-thread build, one thread:
//   its result hashes are the shipped build's, to compare with the threaded run's).
//
// Rows: GEMM n = 1024, Cholesky 2000, QR 2000×500 (Householder factors), SVD 2000×500 (U, s, V),
// lstsq 'svd' on the SWIM toy feature matrix [Φ, 1] 5000×1001 (rcond 1e-8), a SWIM fit on MNIST
// 10k (2000 tanh neurons, classification, rcond 1e-8) and an ANMIN fit on abalone (h = 64, 30
// iterations, split 1). Every row calls the public API; `setThreads(t)` switches the thread count
// between calls, so every kernel that calls GEMM inside wasm runs its parallel trailing updates.
//
// Threads need wall time (CPU time adds up over threads): each figure is the best wall-clock
// time of N repetitions after a warm-up run (the MNIST fit has no warm-up; its first repetition
// plays that part). The thread counts are interleaved inside each repetition (t = 1, 2, … then
// again), so a burst of load from other processes hits every count alike. numpy runs
// bench/threads_numpy.py once per thread count on the same inputs (written to a temporary
// directory), with OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset (see harness.runPython); its model
// rows are numpy implementations of the same algorithms (not bit-comparable to lsqnet's).
//
// Each row prints a SHA-256 prefix of its result's bytes per thread count: lsqnet's promise is
// one hash per row at every thread count (the "bit-identical" column); numpy's hashes are shown
// for comparison. Speed-ups are time(1 thread) / time(t threads) of the same library. Nothing is
// asserted (bench, not test); the issue's targets on a 2-core machine are printed beside them.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AnminNetwork, Matrix, SampledNetwork, cholesky, features, init, lstsq, qr, runtimeInfo, setThreads, svd,
} from '../src/index.js';
import { hasData, loadMnistSmall, swimToy } from '../test/helpers/swim-datasets.js';
import { hasAnminData, loadAnminData, prepareSplit } from '../test/helpers/anmin-datasets.js';
import { wasm } from '../bindings/raw.js';
import { hasPythonNumpy, printTable } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const reps = Math.max(1, Number(arg('reps') ?? 3) | 0);
const ALL_ROWS = ['gemm', 'chol', 'qr', 'svd', 'lstsq', 'swim', 'anmin'] as const;
type RowKey = (typeof ALL_ROWS)[number];
const wanted = new Set((arg('rows') ?? ALL_ROWS.join(',')).split(',').filter(Boolean));

// ───────────────────────────── runtime ─────────────────────────────
// bench/index.ts imports the `lsqnet/threads` entry (src/threads.ts) before its init() when this
// bench is selected, then sets one thread for the other benches; init is idempotent here (it
// returns what was loaded) and this bench sets the thread count of every call itself.
await init({ threads: 'auto' });
const info = runtimeInfo();
const cores = availableParallelism();
const threadCounts = (arg('threads') ?? [1, 2, 4, 8].filter((t) => t <= cores).join(','))
  .split(',').map(Number).filter((t) => Number.isInteger(t) && t >= 1 && (info.build === 'threads' ? t <= info.maxThreads : t === 1));
if (!threadCounts.includes(1)) threadCounts.unshift(1);
const initialThreads = info.threads;
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(', ');
console.log(`runtime: build '${info.build}', ${info.relaxedSimd ? 'relaxed SIMD' : 'SIMD'}, threads ${info.threads} of max ${info.maxThreads}` +
  `${info.threadsNote ? ` (${info.threadsNote})` : ''}; ${cores} cores (${cpus()[0]?.model ?? '?'}); load average ${load()}`);
if (info.build !== 'threads') console.log('the threaded build is not loaded: only one thread is measured');

// ───────────────────────────── helpers ─────────────────────────────
/** SHA-256 prefix of the bytes of `parts` (in order). */
function digest(parts: (Float64Array | Matrix)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const a = p instanceof Matrix ? p.toColumnMajor() : p;
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return h.digest('hex').slice(0, 12);
}

/** The entries strictly below the diagonal of `M`, column by column. */
function strictlyLower(M: Matrix): Float64Array {
  const a = M.toColumnMajor(), m = M.rows, out: number[] = [];
  for (let j = 0; j < M.cols; j++) for (let i = j + 1; i < m; i++) out.push(a[i + j * m]!);
  return Float64Array.from(out);
}

interface Row {
  key: RowKey;
  name: string;
  /** floating-point operations of one call (kernel rows only), for GFLOP/s */
  flops?: number;
  reps: number;
  warm: boolean;
  /** the timed call: returns what `hash` digests and `dispose` frees */
  run(): unknown;
  hash(value: unknown): string;
  dispose(value: unknown): void;
  /** extra text for the notes (e.g. rank, accuracy), from the last result */
  note?(value: unknown): string;
}
interface Measured { seconds: Map<number, number>; hashes: Map<number, string>; jobs: Map<number, number>; note: string }

/**
 * Parallel jobs posted so far (the threaded build's parJobs export; 0 in the single-thread build):
 * the difference over one call shows that its tiled paths ran (0 at one thread, by design).
 */
const parJobs = (): number => (wasm() as unknown as { parJobs?: () => number }).parJobs?.() ?? 0;

/** Best wall seconds per thread count, thread counts interleaved inside each repetition. */
function measure(row: Row): Measured {
  const seconds = new Map<number, number>(), hashes = new Map<number, string>(), jobs = new Map<number, number>();
  let note = '';
  const once = (t: number, record: boolean): void => {
    setThreads(t);
    const j0 = parJobs();
    const t0 = performance.now();
    const v = row.run();
    const s = (performance.now() - t0) / 1000;
    jobs.set(t, parJobs() - j0);
    try {
      if (record) seconds.set(t, Math.min(seconds.get(t) ?? Infinity, s));
      const h = row.hash(v);
      const prev = hashes.get(t);
      // a thread count whose hash changes between repetitions is shown with both
      hashes.set(t, prev === undefined || prev === h ? h : `${prev}≠${h}`);
      if (row.note) note = row.note(v);
    } finally {
      row.dispose(v);
    }
  };
  if (row.warm) for (const t of threadCounts) once(t, false);
  for (let r = 0; r < row.reps; r++) for (const t of threadCounts) once(t, true);
  return { seconds, hashes, jobs, note };
}

// ───────────────────────────── inputs ─────────────────────────────
const dir = mkdtempSync(join(tmpdir(), 'lsqnet-threads-'));
const spec: Record<string, [string, number, number] | number> = {};
function save(name: string, A: Matrix | Float64Array, rows?: number, cols?: number): void {
  const f = join(dir, `${name}.f64`);
  const data = A instanceof Matrix ? A.toColumnMajor() : A;
  writeFileSync(f, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  spec[name] = [f, A instanceof Matrix ? A.rows : rows!, A instanceof Matrix ? A.cols : cols!];
}
const owned: { dispose(): void }[] = [];
const keep = <T extends { dispose(): void }>(m: T): T => { owned.push(m); return m; };
const rows: Row[] = [];
const dropped: string[] = [];
const N3 = 1024;
const SWIM_WIDTH = 2000;

try {
  if (wanted.has('gemm')) {
    const G1 = keep(Matrix.random(N3, N3, { seed: 1 })), G2 = keep(Matrix.random(N3, N3, { seed: 2 }));
    save('G1', G1); save('G2', G2);
    rows.push({
      key: 'gemm', name: `GEMM ${N3}×${N3}·${N3}×${N3}`, flops: 2 * N3 ** 3, reps: Math.max(reps, 10), warm: true,
      run: () => G1.matmul(G2), hash: (v) => digest([v as Matrix]), dispose: (v) => (v as Matrix).dispose(),
    });
  }
  if (wanted.has('chol')) {
    const C0 = Matrix.random(2000, 2000, { seed: 6 });
    const P = keep(C0.matmul(C0, { transA: true })); // SPD (as in bench/ratios.bench.ts)
    C0.dispose();
    save('P', P);
    rows.push({
      key: 'chol', name: 'Cholesky 2000', flops: 2000 ** 3 / 3, reps, warm: true,
      run: () => cholesky(P),
      hash: (v) => digest([(v as ReturnType<typeof cholesky>).L!]),
      dispose: (v) => (v as ReturnType<typeof cholesky>).dispose(),
    });
  }
  if (wanted.has('qr') || wanted.has('svd')) {
    const A1 = keep(Matrix.random(2000, 500, { seed: 3 }));
    save('A1', A1);
    if (wanted.has('qr')) {
      rows.push({
        key: 'qr', name: 'QR 2000×500 (Householder factors)', flops: 2 * 2000 * 500 ** 2 - (2 / 3) * 500 ** 3, reps, warm: true,
        run: () => qr(A1),
        // R and the Householder vectors (strictly below the diagonal of the factors): they define
        // Q·R. The compact-WY T blocks are internal and have unspecified entries outside their
        // triangles (what the memory held before), so they are not hashed.
        hash: (v) => { const r = v as ReturnType<typeof qr>; return digest([r.R, strictlyLower(r.factors!)]); },
        dispose: (v) => (v as ReturnType<typeof qr>).dispose(),
      });
    }
    if (wanted.has('svd')) {
      rows.push({
        key: 'svd', name: 'SVD 2000×500 (U, s, V)', reps, warm: true,
        run: () => svd(A1),
        hash: (v) => { const r = v as ReturnType<typeof svd>; return digest([r.s, r.U!, r.V!]); },
        dispose: (v) => (v as ReturnType<typeof svd>).dispose(),
      });
    }
  }
  if (wanted.has('lstsq')) {
    // the SWIM toy feature matrix of bench/ratios.bench.ts: 5000 samples of sin(x₁ + x₂), 1000 tanh
    // neurons sampled by SWIM (seed 1, rcond 1e-8), [Φ, 1] 5000 × 1001
    const tr = swimToy(5000, 101);
    const net = new SampledNetwork({ layers: [1000], seed: 1, rcond: 1e-8 });
    net.fit(tr.X, tr.y);
    const { W, b } = net.hiddenLayers[0]!;
    const F = keep(features(tr.X, W, b, { ones: true }));
    net.dispose(); tr.X.dispose();
    const y = keep(Matrix.fromVector(tr.y));
    save('F', F); save('y', y);
    rows.push({
      key: 'lstsq', name: "lstsq 'svd' SWIM toy 5000×1001, rcond 1e-8", reps, warm: true,
      run: () => lstsq(F, y, { method: 'svd', rcond: 1e-8 }),
      hash: (v) => digest([(v as ReturnType<typeof lstsq>).x]),
      dispose: () => { /* plain arrays */ },
      note: (v) => `rank ${(v as ReturnType<typeof lstsq>).rank}`,
    });
  }
  if (wanted.has('swim')) {
    if (hasData('mnist')) {
      const { Xtr, ytr, Xte, yte } = loadMnistSmall();
      keep(Xtr); keep(Xte);
      save('mnistX', Xtr); save('mnistY', Float64Array.from(ytr), ytr.length, 1);
      spec.swimWidth = SWIM_WIDTH;
      rows.push({
        key: 'swim', name: `SWIM fit MNIST 10k, ${SWIM_WIDTH} tanh, rcond 1e-8`, reps: Math.min(reps, 2), warm: false,
        run: () => new SampledNetwork({ layers: [SWIM_WIDTH], task: 'classification', seed: 1, rcond: 1e-8 }).fit(Xtr, ytr),
        hash: (v) => { const n = v as SampledNetwork; const { W, b } = n.hiddenLayers[0]!; return digest([W, b, n.outputWeights]); },
        dispose: (v) => (v as SampledNetwork).dispose(),
        note: (v) => `test accuracy ${(v as SampledNetwork).score(Xte, yte).toFixed(4)}`,
      });
    } else dropped.push('SWIM MNIST (../shared/data/mnist missing)');
  }
  if (wanted.has('anmin')) {
    if (hasAnminData('abalone')) {
      const { X, y } = loadAnminData('abalone');
      const d = prepareSplit(X, y, 1);
      X.dispose(); y.dispose();
      owned.push(d);
      save('abaloneX', d.Xtr); save('abaloneY', d.ytr);
      rows.push({
        key: 'anmin', name: `ANMIN fit abalone ${d.Xtr.rows}×${d.Xtr.cols}, h 64, 30 it`, reps, warm: true,
        run: () => new AnminNetwork({ hidden: 64, iterations: 30, seed: 1 }).fit(d.Xtr, d.ytr),
        hash: (v) => { const w = (v as AnminNetwork).weights; const h = digest([w.A, w.B, w.b0]); w.A.dispose(); w.B.dispose(); return h; },
        dispose: (v) => (v as AnminNetwork).dispose(),
      });
    } else dropped.push('ANMIN abalone (../shared/data/abalone missing)');
  }
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));

  // ───────────────────────────── lsqnet ─────────────────────────────
  const loadBefore = load();
  const ours = new Map<RowKey, Measured>();
  for (const row of rows) {
    ours.set(row.key, measure(row));
    console.log(`  ${row.name}: ${threadCounts.map((t) => `${t} thr ${ours.get(row.key)!.seconds.get(t)!.toFixed(3)} s`).join(', ')}`); // progress
  }
  setThreads(initialThreads);

  // ───────────────────────────── numpy ─────────────────────────────
  type Py = Record<string, { s: number; hash: string } | string>;
  const py = new Map<number, Py>();
  if (hasPythonNumpy() && rows.length > 0) {
    for (const t of threadCounts) {
      const env: Record<string, string | undefined> = { ...process.env, OPENBLAS_NUM_THREADS: String(t), OMP_NUM_THREADS: String(t), MKL_NUM_THREADS: String(t) };
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
      const res = spawnSync('python3', [join(here, 'threads_numpy.py'), dir, String(reps), rows.map((r) => r.key).join(',')],
        { env, encoding: 'utf8', maxBuffer: 1 << 24 });
      if (res.status === 0) py.set(t, JSON.parse(res.stdout.trim().split('\n').pop()!) as Py);
      else console.error(`numpy (${t} threads) failed:\n${res.stderr}`);
    }
  }
  const loadAfter = load();

  // ───────────────────────────── tables ─────────────────────────────
  const pyRow = (t: number, key: RowKey): { s: number; hash: string } | undefined => {
    const v = py.get(t)?.[key];
    return typeof v === 'object' ? v : undefined;
  };
  const gf = (flops: number | undefined, s: number | undefined): string => (flops && s ? (flops / s / 1e9).toFixed(2) : '');
  const x = (a: number | undefined, b: number | undefined): string => (a && b ? `${(a / b).toFixed(2)}×` : 'n/a');
  const table: (string | number)[][] = [];
  for (const row of rows) {
    const m = ours.get(row.key)!;
    const one = m.seconds.get(1), pyOne = pyRow(1, row.key)?.s;
    for (const t of threadCounts) {
      const s = m.seconds.get(t), p = pyRow(t, row.key);
      table.push([t === 1 ? row.name : '', String(t), s ?? NaN, gf(row.flops, s), t === 1 ? '1' : x(one, s), String(m.jobs.get(t) ?? ''), m.hashes.get(t) ?? '',
        p?.s ?? NaN, gf(row.flops, p?.s), t === 1 ? (p ? '1' : 'n/a') : x(pyOne, p?.s), p?.hash ?? '']);
    }
  }
  printTable(`lsqnet vs numpy (OpenBLAS) by thread count — wall seconds, best of ${reps} (GEMM ${Math.max(reps, 10)}, SWIM MNIST ${Math.min(reps, 2)}); ` +
    `${info.relaxedSimd ? 'relaxed SIMD' : 'SIMD'} '${info.build}' build; load average before ${loadBefore}, after ${loadAfter}`,
    ['routine', 'threads', 'lsqnet s', 'lsqnet GFLOP/s', 'lsqnet speed-up', 'parallel jobs / call', 'lsqnet result hash', 'numpy s', 'numpy GFLOP/s', 'numpy speed-up', 'numpy result hash'], table);

  // targets of issue 12 (2-core machine) and bit-identity
  const TARGET: Partial<Record<RowKey, number>> = { gemm: 1.8, lstsq: 1.5, swim: 1.5, anmin: 1.4 };
  const summary: (string | number)[][] = [];
  const top = threadCounts[threadCounts.length - 1]!;
  for (const row of rows) {
    const m = ours.get(row.key)!;
    const hs = threadCounts.map((t) => m.hashes.get(t));
    const identical = hs.every((h) => h === hs[0] && !h!.includes('≠'));
    const s1 = m.seconds.get(1), s2 = m.seconds.get(2);
    const up2 = s1 && s2 ? s1 / s2 : NaN;
    const target = TARGET[row.key];
    const pyHs = threadCounts.map((t) => pyRow(t, row.key)?.hash).filter(Boolean);
    summary.push([row.name, Number.isFinite(up2) ? `${up2.toFixed(2)}×` : 'n/a',
      target ? `≥ ${target}×: ${Number.isFinite(up2) ? (up2 >= target ? 'met' : 'NOT met') : 'not measured'}` : '—',
      x(pyRow(1, row.key)?.s, pyRow(2, row.key)?.s), ...(top > 2 ? [x(s1, m.seconds.get(top)), x(pyRow(1, row.key)?.s, pyRow(top, row.key)?.s)] : []),
      identical ? `yes (${threadCounts.length} thread counts)` : `NO: ${hs.join(' / ')}`,
      pyHs.length === threadCounts.length ? (pyHs.every((h) => h === pyHs[0]) ? 'yes' : 'no') : 'n/a', m.note]);
  }
  printTable(`speed-up at 2 threads against the issue's targets, and bit-identity across threads ${threadCounts.join(', ')}`,
    ['routine', 'lsqnet 2 thr', 'target (2 cores)', 'numpy 2 thr', ...(top > 2 ? [`lsqnet ${top} thr`, `numpy ${top} thr`] : []), 'lsqnet bit-identical', 'numpy bit-identical', 'notes'], summary);
  if (dropped.length) console.log(`\nnot measured: ${dropped.join('; ')}`);
  if (!hasPythonNumpy()) console.log('\npython3 with numpy/scipy not found: no numpy columns');
} finally {
  for (const o of owned.reverse()) o.dispose();
  rmSync(dir, { recursive: true, force: true });
}
