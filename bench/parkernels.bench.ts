// Thread speed-ups of the parallel kernels other than GEMM (issue 12): dgemv (LSQR / LSRN products,
// the bidiagonal and tridiagonal panels), the activation blocks of feature formation, the sparse
// sign sketch, the Philox fills, the ANMIN H assembly and right-hand side, the SWIM pair loops,
// and dgebrd (its panels are dgemv-bound).
// Each kernel is timed on the threaded build at 1 and 2 threads (and 4 where the machine has the
// cores), best wall time of repeated calls over three interleaved rounds (the machine may be
// shared: a loaded core shows as a lower speed-up). Every tiled path gives the serial result bit for bit
// (test/threads/kernels.test.ts). `npm run bench -- parkernels`. Nothing is asserted.
import { availableParallelism } from 'node:os';
import { loadThreadedForTests } from '../test/helpers/threaded.js';
import { printTable } from './harness.js';

type Fn = (...a: number[]) => number;
const counts = [1, 2, ...(availableParallelism() >= 4 ? [4] : [])];
const { host, pool } = await loadThreadedForTests({ threads: 1 });
const x = host.exports as unknown as Record<string, Fn>;
const f64 = () => new Float64Array(host.memory.buffer);
const i32 = () => new Int32Array(host.memory.buffer);
const blocks: number[] = [];
function put(n: number, seed: number, map?: (v: number) => number): number {
  const p = x.alloc!(Math.max(n, 2) * 8) >>> 0; blocks.push(p);
  const h = f64(); let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; const v = (s / 4294967296) * 2 - 1; h[p / 8 + i] = map ? map(v) : v; }
  return p;
}
function bytes(n: number): number { const p = x.alloc!(Math.max(n, 16)) >>> 0; blocks.push(p); return p; }
function ints(a: number[]): number { const p = bytes(a.length * 4); i32().set(a, p / 4); return p; }
/** Best wall time (ms) of fn over at least `minMs` ms and 3 calls. */
function best(fn: () => void, minMs: number): number {
  let b = Infinity, tot = 0, reps = 0;
  while ((tot < minMs || reps < 3) && reps < 2000) { const t = performance.now(); fn(); const d = performance.now() - t; b = Math.min(b, d); tot += d; reps++; }
  return b;
}
const cases: [string, () => () => void][] = [];
for (const [m, n] of [[1500, 100], [2000, 128], [2000, 500], [5000, 1001], [10000, 32]] as const) {
  cases.push([`dgemv N ${m}×${n}`, () => { const a = put(m * n, 1), v = put(n, 2), y = put(m, 3); return () => x.dgemv!(0, m, n, 1, a, m, v, 1, 0.5, y, 1); }]);
  cases.push([`dgemv T ${m}×${n}`, () => { const a = put(m * n, 1), v = put(m, 2), y = put(n, 3); return () => x.dgemv!(1, m, n, 1, a, m, v, 1, 0.5, y, 1); }]);
}
for (const [m, n] of [[128, 128], [256, 256], [1000, 1000], [10000, 2000]] as const) {
  cases.push([`dtanhBias ${m}×${n}`, () => { const a = put(m * n, 1), b = put(n, 2); return () => x.dtanhBias!(m, n, a, m, b, a, m); }]);
  cases.push([`dleakyReluBias ${m}×${n}`, () => { const a = put(m * n, 1), b = put(n, 2); return () => x.dleakyReluBias!(m, n, 0, a, m, b, a, m); }]);
  cases.push([`dbiasAdd ${m}×${n}`, () => { const a = put(m * n, 1), b = put(n, 2); return () => x.dbiasAdd!(m, n, a, m, b); }]);
}
for (const n of [8, 64, 1001]) {
  cases.push([`sparseSignSketch s=2000 ζ=8 1170×${n}`, () => { const s = 2000, z = 8, c = 1170; const a = put(c * n, 1), o = put(s * n, 2), w = bytes(x.sparseSignSketchWorkspaceSize!(c, z)); return () => x.sparseSignSketch!(s, z, 1, 2, 0, c, n, a, c, o, s, w); }]);
}
for (const n of [16384, 65536, 1 << 20]) {
  cases.push([`rngNormal n=${n}`, () => { const o = put(n, 1); return () => x.rngNormal!(o, n, 1, 1, 2, 0, 0, 1); }]);
  cases.push([`rngUniform n=${n}`, () => { const o = put(n, 1); return () => x.rngUniform!(o, n, 1, 1, 2, 0, 0, 1); }]);
}
for (const [n, D, h] of [[3342, 8, 8], [3342, 8, 16], [3342, 8, 64], [58464, 3, 64], [1000, 3, 8]] as const) {
  cases.push([`anminAssemble n=${n} D=${D} h=${h}`, () => {
    const xx = put(n * D, 1, (v) => v), g = put(n * h, 2, (v) => (v > 0 ? 1 : 0)), bb = put(h * h, 3), hm = put(h * D * h * D, 4);
    const w = bytes(x.anminAssembleWorkspaceSize!(n, D, h));
    return () => x.anminAssemble!(n, D, h, xx, n, g, n, bb, h, 1e-3, hm, h * D, w);
  }]);
  cases.push([`anminRhs n=${n} D=${D} h=${h}`, () => {
    const xx = put(n * D, 1), g = put(n * h, 2, (v) => (v > 0 ? 1 : 0)), r = put(n * h, 3), c = put(h * D, 4);
    return () => x.anminRhs!(n, D, h, xx, n, g, n, r, n, c);
  }]);
}
for (const [p, d] of [[300, 784], [1000, 784], [4000, 784], [4000, 10]] as const) {
  cases.push([`swimScores p=${p} d=${d}`, () => {
    const N = 5000; const xt = put(N * d, 1), y = put(N, 2), sc = put(p, 3);
    const fr = ints(Array.from({ length: p }, (_, j) => (j * 37) % N)), to = ints(Array.from({ length: p }, (_, j) => (j * 53 + 1) % N));
    return () => x.swimScores!(d, 1, xt, d, y, N, p, fr, to, 0, 1e-12, sc);
  }]);
  cases.push([`swimNeurons m=${p} d=${d}`, () => {
    const N = 5000; const xt = put(N * d, 1), w = put(d * p, 2), b = put(p, 3);
    const fr = ints(Array.from({ length: p }, (_, j) => (j * 37) % N)), to = ints(Array.from({ length: p }, (_, j) => (j * 53 + 1) % N));
    return () => x.swimNeurons!(d, p, xt, d, fr, to, 1, 0.5, 1e-12, w, d, b);
  }]);
}
// a driver whose panel is dgemv-bound: dgebrd's dlabrd products (plus its dgemm trailing updates)
cases.push(['dgebrd 2000×500 (dgemv panels + dgemm)', () => {
  const m = 2000, n = 500;
  const a0 = put(m * n, 1), a = put(m * n, 2), d = put(n, 3), e = put(n, 4), tq = put(n, 5), tp = put(n, 6);
  const w = bytes(x.dgebrdWorkspaceSize!(m, n));
  return () => { f64().copyWithin(a / 8, a0 / 8, a0 / 8 + m * n); x.dgebrd!(m, n, a, m, d, e, tq, tp, w); };
}]);
const rows: (string | number)[][] = [];
for (const [name, mk] of cases) {
  const fn = mk();
  fn();
  const t = counts.map(() => Infinity);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < counts.length; i++) {
      pool.setThreads(counts[i]!);
      await pool.started();
      t[i] = Math.min(t[i]!, best(fn, 100));
    }
  }
  rows.push([name, ...t.map((v) => v.toFixed(3)), ...t.slice(1).map((v) => `${(t[0]! / v).toFixed(2)}×`)]);
  for (const p of blocks) x.free!(p);
  blocks.length = 0;
}
await pool.dispose();
printTable(`Parallel kernels (threaded build, ${host.relaxedSimd ? 'relaxed SIMD' : 'SIMD'}): best wall ms per call, speed-up over 1 thread`,
  ['kernel', ...counts.map((c) => `${c} thread${c > 1 ? 's' : ''} ms`), ...counts.slice(1).map((c) => `1→${c}`)], rows);
