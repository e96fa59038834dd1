// Parallel dgemm / dgemmt inside wasm (issue 12): the tiled path (assembly/gemm/tiles.ts through
// parFor) gives results bit-identical for 1, 2 and 3 threads and equal to the shipped
// single-thread build (same SIMD flavour): the four transposition cases, odd sizes (1, 3, 383, 385,
// 769: edge tiles and edge micro-tiles), k = 1 and 257 (two KC blocks), α and β ≠ 1, β = 0 over NaN
// in C; dgemmt on both triangles (the other triangle untouched). A driver that calls dgemm / dgemmt
// internally (dgeqrf, dpotrf) is bit-identical at 1, 2 and 3 threads too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Pool, ThreadHost } from '../../bindings/threads/pool.js';
import { loadThreadedForTests } from '../helpers/threaded.js';
import { values, sameBytes } from './util.js';

let host: ThreadHost;
let pool: Pool;
type Fn = (...a: number[]) => number;
/** The shipped build (same SIMD flavour as the threaded one), over its own memory. */
let ship: { x: Record<string, Fn>; memory: WebAssembly.Memory };

test.before(async () => {
  const r = await loadThreadedForTests({ threads: 3 });
  ({ host, pool } = r);
  await pool.started();
  const file = r.host.relaxedSimd ? 'lsqnet-relaxed.wasm' : 'lsqnet.wasm';
  const bytes = readFileSync(new URL(`../../build/${file}`, import.meta.url));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort: () => { throw new Error('abort in the shipped build'); } } });
  ship = { x: inst.exports as unknown as Record<string, Fn>, memory: inst.exports.memory as WebAssembly.Memory };
});
test.after(async () => { await pool.dispose(); });

const tx = (): Record<string, Fn> => host.exports as unknown as Record<string, Fn>;


/** Runs `call` with the inputs copied into an instance's memory; returns the listed outputs. */
function runOn(x: Record<string, Fn>, memory: () => WebAssembly.Memory, inputs: Float64Array[], call: (p: number[]) => void, outputs: number[]): Float64Array[] {
  const ptrs = inputs.map((d) => {
    const p = x.alloc!(Math.max(d.length, 2) * 8) >>> 0;
    new Float64Array(memory().buffer, p, d.length).set(d);
    return p;
  });
  try {
    call(ptrs);
    return outputs.map((i) => new Float64Array(memory().buffer, ptrs[i]!, inputs[i]!.length).slice());
  } finally {
    for (const p of ptrs) x.free!(p);
  }
}
/** On the threaded build at 1, 2, 3 threads and on the shipped build; asserts all equal; returns how many jobs the 2- and 3-thread runs posted. */
function allEqual(what: string, inputs: Float64Array[], call: (x: Record<string, Fn>, p: number[]) => void, outputs: number[]): number {
  const runs: Float64Array[][] = [];
  let jobs = 0;
  for (const t of [1, 2, 3]) {
    pool.setThreads(t);
    const j0 = tx().parJobs!();
    runs.push(runOn(tx(), () => host.memory, inputs, (p) => call(tx(), p), outputs));
    if (t === 1) assert.is(tx().parJobs!(), j0, `${what}: a job was posted at 1 thread`);
    else jobs += tx().parJobs!() - j0;
  }
  runs.push(runOn(ship.x, () => ship.memory, inputs, (p) => call(ship.x, p), outputs));
  for (let r = 1; r < runs.length; r++) {
    for (let o = 0; o < outputs.length; o++) {
      assert.ok(sameBytes(runs[0]![o]!, runs[r]![o]!), `${what}: output ${o} differs between threads 1 and ${r < 3 ? `threads ${r + 1}` : 'the shipped build'}`);
    }
  }
  return jobs;
}

interface Case { ta: number; tb: number; m: number; n: number; k: number; alpha: number; beta: number }
const gemmCases: Case[] = [
  { ta: 0, tb: 0, m: 769, n: 385, k: 257, alpha: 1, beta: 0 },       // β = 0 over NaN
  { ta: 1, tb: 0, m: 769, n: 769, k: 1, alpha: -0.75, beta: 0.5 },  // k = 1, still above the threshold
  { ta: 0, tb: 1, m: 383, n: 385, k: 257, alpha: 1.25, beta: 1 },
  { ta: 1, tb: 1, m: 769, n: 383, k: 300, alpha: 2, beta: -1.5 },
  { ta: 1, tb: 0, m: 1, n: 769, k: 257, alpha: 0.5, beta: 0.25 },    // GEMV shape: serial
  { ta: 0, tb: 0, m: 3, n: 769, k: 257, alpha: 1, beta: 0 },
  { ta: 0, tb: 1, m: 385, n: 3, k: 257, alpha: 1, beta: 2 },         // direct shape: serial
  { ta: 1, tb: 1, m: 3, n: 3, k: 1, alpha: 3, beta: 0 },
  { ta: 0, tb: 0, m: 130, n: 140, k: 120, alpha: 1, beta: 1 },
];

test('dgemm: bit-identical for threads 1, 2, 3 and to the shipped build (transposes, odd sizes, α, β, NaN under β = 0)', () => {
  let parallel = 0;
  for (const c of gemmCases) {
    const { ta, tb, m, n, k } = c;
    const lda = (ta ? k : m) + 1, ldb = (tb ? n : k) + 2, ldc = m + 3;
    const a = values(lda * (ta ? m : k), m + 3 * n), b = values(ldb * (tb ? k : n), k + 7 * m);
    const cc = values(ldc * n, 11 * m + n);
    if (c.beta === 0) cc.fill(NaN);
    const ws = new Float64Array(Math.ceil((tx().dgemmWorkspaceSize!(m, n, k) >>> 0) / 8) + 2);
    const jobs = allEqual(`dgemm ${JSON.stringify(c)}`, [a, b, cc, ws],
      (x, [pa, pb, pc, pw]) => { x.dgemm!(ta, tb, m, n, k, c.alpha, pa!, lda, pb!, ldb, c.beta, pc!, ldc, pw!); }, [2]);
    if (jobs > 0) parallel++;
    if (c.beta === 0) {
      const out = runOn(tx(), () => host.memory, [a, b, cc, ws], ([pa, pb, pc, pw]) => tx().dgemm!(ta, tb, m, n, k, c.alpha, pa!, lda, pb!, ldb, 0, pc!, ldc, pw!), [2])[0]!;
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) assert.ok(Number.isFinite(out[i + j * ldc]!), 'NaN in C leaked through β = 0');
    }
  }
  assert.ok(parallel >= 5, `the tiled path ran in only ${parallel} cases`);
});

test('dgemmt: bit-identical for threads 1, 2, 3 and to the shipped build (both triangles, transposes, odd n, k = 1 and 257)', () => {
  const ns = [385, 769, 383, 3, 513, 130, 700, 1];
  let i = 0, parallel = 0;
  for (const uplo of [0, 1]) {
    for (const [ta, tb] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
      const n = ns[i % ns.length]!, k = i % 3 === 1 ? 1 : 257, alpha = i % 2 ? -1.25 : 1, beta = [0, 1, 0.5][i % 3]!;
      i++;
      const lda = (ta ? k : n) + 1, ldb = (tb ? n : k) + 1, ldc = n + 2;
      const a = values(lda * (ta ? n : k), 3 * n + i), b = values(ldb * (tb ? k : n), 5 * n + i);
      const cc = values(ldc * n, 7 * n + i);
      if (beta === 0) for (let j = 0; j < n; j++) for (let r = 0; r < n; r++) if (uplo ? r <= j : r >= j) cc[r + j * ldc] = NaN;
      const ws = new Float64Array(Math.ceil((tx().dgemmWorkspaceSize!(n, n, k) >>> 0) / 8) + 2);
      const what = `dgemmt uplo ${uplo} ta ${ta} tb ${tb} n ${n} k ${k}`;
      const jobs = allEqual(what, [a, b, cc, ws],
        (x, [pa, pb, pc, pw]) => { x.dgemmt!(uplo, ta, tb, n, k, alpha, pa!, lda, pb!, ldb, beta, pc!, ldc, pw!); }, [2]);
      if (jobs > 0) parallel++;
      if (process.env.PAR_DEBUG) console.log(what, jobs);
      // the other triangle is untouched
      const out = runOn(tx(), () => host.memory, [a, b, cc, ws], ([pa, pb, pc, pw]) => tx().dgemmt!(uplo, ta, tb, n, k, alpha, pa!, lda, pb!, ldb, beta, pc!, ldc, pw!), [2])[0]!;
      for (let j = 0; j < n; j++) {
        for (let r = 0; r < n; r++) {
          if (uplo ? r > j : r < j) assert.ok(Object.is(out[r + j * ldc], cc[r + j * ldc]), `${what}: (${r}, ${j}) outside the triangle changed`);
          else assert.ok(Number.isFinite(out[r + j * ldc]!), `${what}: (${r}, ${j}) not finite`);
        }
      }
    }
  }
  assert.ok(parallel >= 4, `the tiled path ran in only ${parallel} cases`);
});

test('drivers over dgemm / dgemmt (dgeqrf, dpotrf): bit-identical for threads 1, 2, 3 and to the shipped build', () => {
  for (const [m, n] of [[900, 517], [611, 611]] as const) {
    const lda = m + 1;
    const a = values(lda * n, m * n);
    const tau = new Float64Array(n);
    const ws = new Float64Array(Math.ceil((tx().dgeqrfWorkspaceSize!(m, n) >>> 0) / 8) + 2);
    const jobs = allEqual(`dgeqrf ${m}×${n}`, [a, tau, ws], (x, [pa, pt, pw]) => { x.dgeqrf!(m, n, pa!, lda, pt!, 0, 1, pw!); }, [0, 1]);
    assert.ok(jobs > 0, `dgeqrf ${m}×${n} posted no parallel job`);
  }
  for (const n of [777, 520]) {
    const r = values(n * n, n), a = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = j; i < n; i++) { const v = i === j ? n + 1 + r[i + j * n]! : r[i + j * n]!; a[i + j * n] = v; a[j + i * n] = v; }
    const ws = new Float64Array(Math.ceil((tx().dpotrfWorkspaceSize!(n) >>> 0) / 8) + 2);
    const info: number[] = [];
    const jobs = allEqual(`dpotrf ${n}`, [a, ws], (x, [pa, pw]) => { info.push(x.dpotrf!(n, pa!, n, pw!)); }, [0]);
    assert.ok(info.every((v) => v === -1), `dpotrf info (−1 = success) ${info.join(',')}`);
    assert.ok(jobs > 0, `dpotrf ${n} posted no parallel job`);
  }
});

test.run();
