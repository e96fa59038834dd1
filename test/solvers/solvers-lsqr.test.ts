import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { init, Matrix, lsqr, liveBytes, LinearOperator, ShapeError, InvalidInputError, OptionError } from '../../src/index.js';
import { wasm, alloc, free, f64 } from '../../bindings/raw.js';
import { refKernels, refMem } from '../helpers/ref-kernels.js';
import { EPS, assertLE, assertThrows, frob } from '../helpers/index.js';

test.before(async () => { await init(); });

interface Res { x: number[]; istop: number; itn: number; r1norm: number; r2norm: number; anorm: number; acond: number; arnorm: number; xnorm: number }
interface Case { A?: number[][]; b?: number[]; seedA?: number; seedb?: number; m?: number; n?: number; opts: Record<string, unknown>; res: Res; lstsq?: number[] }
const fx = JSON.parse(readFileSync(new URL('../fixtures/solvers-lsqr.json', import.meta.url), 'utf8')) as { cases: Record<string, Case> };

function inputs(c: Case): { A: Matrix; b: Float64Array } {
  if (c.A) return { A: Matrix.fromRows(c.A), b: Float64Array.from(c.b!) };
  return { A: Matrix.random(c.m!, c.n!, { seed: c.seedA! }), b: Matrix.random(c.m!, 1, { seed: c.seedb! }).toColumnMajor() };
}
function scipyOpts(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k === 'iter_lim' ? 'maxIter' : k] = Array.isArray(v) ? Float64Array.from(v as number[]) : v;
  return out;
}
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const relVec = (a: ArrayLike<number>, b: ArrayLike<number>) => { const d = Array.from(a, (v, i) => v - b[i]!); const nb = frob(b); return nb === 0 ? frob(d) : frob(d) / nb; };

test('scipy documentation examples: istop, iterations, x, r1norm exactly', () => {
  const before = liveBytes();
  for (const name of ['doc_b0', 'doc_b1', 'doc_b2']) {
    const c = fx.cases[name]!;
    const { A, b } = inputs(c);
    const r = lsqr(A, b);
    assert.is(r.istop, c.res.istop, `${name} istop`);
    assert.is(r.iterations, c.res.itn, `${name} iterations`);
    assertLE(relVec(r.x, c.res.x), 8 * EPS, `${name} x`);
    assertLE(Math.abs(r.r1norm - c.res.r1norm), 8 * EPS * Math.max(1, frob(b)), `${name} r1norm`);
    assert.is(r.message.length > 0, true);
    A.dispose();
  }
  // the documented values themselves
  const r = lsqr([[1, 0], [1, 1], [0, 1]], [1, 0.01, -1]);
  assertLE(Math.abs(r.x[0]! - 1.00333333), 5e-9, 'x0'); assertLE(Math.abs(r.x[1]! + 0.99666667), 5e-9, 'x1');
  assertLE(Math.abs(r.r1norm - 0.0057735027), 5e-11, 'r1norm');
  assert.is(liveBytes(), before);
});

test('300×100 Gaussian, atol = btol = 1e-14: scipy istop/iterations, x within 1e-13 of lstsq (numpy)', () => {
  const c = fx.cases.big_tol14!;
  const { A, b } = inputs(c);
  const r = lsqr(A, b, { atol: 1e-14, btol: 1e-14 });
  assert.is(r.istop, c.res.istop);
  assertLE(Math.abs(r.iterations - c.res.itn), 1, 'iterations vs scipy (±1: rounding in the last test)');
  // relative difference to the direct solution: a few times cond(A)·ε (cond ≈ 3.5 here) — 1e-13 as in §11 item 2
  assertLE(relVec(r.x, c.lstsq!), 1e-13, '‖x − x_lstsq‖/‖x_lstsq‖');
  assertLE(rel(r.r1norm, c.res.r1norm), 1e-13, 'r1norm');
  const d = fx.cases.big_default!;
  const r2 = lsqr(A, b);
  assert.is(r2.istop, d.res.istop); assert.is(r2.iterations, d.res.itn, 'default tolerances: same iteration count as scipy');
  assertLE(relVec(r2.x, d.res.x), 1e-12, 'x vs scipy (same iterates; differences are rounding only)');
  for (const f of ['anorm', 'acond', 'xnorm', 'r2norm'] as const) assertLE(rel(r2[f], d.res[f]), 1e-10, f);
  assertLE(Math.abs(r2.arnorm - d.res.arnorm) / (d.res.anorm * d.res.r2norm), 1e-12, 'arnorm');
  A.dispose();
});

test('damp, x0, iteration limit and conlim match scipy', () => {
  for (const name of ['small_damp', 'small_x0', 'small_damp_x0', 'small_iterlim', 'small_conlim']) {
    const c = fx.cases[name]!;
    const { A, b } = inputs(c);
    const r = lsqr(A, b, scipyOpts(c.opts));
    assert.is(r.istop, c.res.istop, `${name} istop`);
    assert.is(r.iterations, c.res.itn, `${name} iterations`);
    assertLE(relVec(r.x, c.res.x), 1e-12, `${name} x`);
    for (const f of ['r1norm', 'r2norm', 'anorm', 'acond', 'xnorm'] as const) assertLE(rel(r[f], c.res[f]), 1e-11, `${name} ${f}`);
    // arnorm → 0 at convergence: compare on the scale of the test it enters (‖A‖·‖r‖)
    assertLE(Math.abs(r.arnorm - c.res.arnorm) / (c.res.anorm * c.res.r2norm), 1e-12, `${name} arnorm`);
    if (r.istop === 7) assert.match(r.message, /iteration limit/);
    A.dispose();
  }
});

test('multiple right-hand sides: per-column runs equal single runs; summary is the worst column', () => {
  const A = Matrix.random(60, 12, { seed: 3 });
  const B = Matrix.random(60, 3, { seed: 4 });
  const before = liveBytes();
  const r = lsqr(A, B, { atol: 1e-12, btol: 1e-12 });
  assert.is(r.x.rows, 12); assert.is(r.x.cols, 3); assert.is(r.columns.length, 3);
  for (let j = 0; j < 3; j++) {
    const rj = lsqr(A, B.column(j), { atol: 1e-12, btol: 1e-12 });
    assert.equal(Array.from(r.x.column(j)), Array.from(rj.x));
    assert.is(r.columns[j]!.iterations, rj.iterations);
  }
  assert.is(r.iterations, Math.max(...r.columns.map((c) => c.iterations)));
  r.x.dispose();
  assert.is(liveBytes(), before);
  A.dispose(); B.dispose();
});

test('operator input gives the same iterates as the Matrix', () => {
  const A = Matrix.random(50, 8, { seed: 5 });
  const b = Matrix.random(50, 1, { seed: 6 }).toColumnMajor();
  const r1 = lsqr(A, b);
  const op = LinearOperator.fromRowBlocks(50, 8, (s, e) => A.rowRange(s, e), { blockSize: 7 });
  const r2 = lsqr(op, b);
  assert.is(r2.iterations, r1.iterations);
  assertLE(relVec(r2.x, r1.x), 1e-13, 'row-block operator vs matrix');
  A.dispose();
});

test('fused kernels equal their scalar references', () => {
  const { alloc, free, f64 } = refMem(); // the kernel and its twin run in the ref build's instance
  const n = 37;
  const p = alloc(6 * n * 8);
  try {
    const v = f64(); const base = p >> 3;
    for (let i = 0; i < 6 * n; i++) v[base + i] = Math.sin(i * 1.7) * 3;
    const k = refKernels();
    const x1 = p, w1 = p + n * 8, vv = p + 2 * n * 8, x2 = p + 3 * n * 8, w2 = p + 4 * n * 8;
    f64().copyWithin(base + 3 * n, base, base + 2 * n);
    const d1 = k.lsqrUpdate(n, x1, w1, vv, 0.3, -1.7, 1 / 2.5);
    const d2 = k.lsqrUpdateRef(n, x2, w2, vv, 0.3, -1.7, 1 / 2.5);
    assertLE(Math.abs(d1 - d2), 4 * n * EPS * d2, 'dd');
    const a = f64();
    for (let i = 0; i < 2 * n; i++) assertLE(Math.abs(a[base + i]! - a[base + 3 * n + i]!), 4 * EPS * 10, 'x,w');
    const nr = k.dnormalize(n, x1), nr2 = k.dnormalizeRef(n, x2);
    assertLE(Math.abs(nr - nr2), 4 * n * EPS * nr2, 'norm');
    // overflow-safe norm
    f64()[base + 5 * n] = 1e300; f64()[base + 5 * n + 1] = 1e300;
    assertLE(Math.abs(k.dnorm2(2, p + 5 * n * 8) / (Math.SQRT2 * 1e300) - 1), 4 * EPS, 'no overflow');
  } finally { free(p); }
});

test('bad input: typed errors, no leaks', () => {
  const before = liveBytes();
  const A = Matrix.random(10, 3, { seed: 1 });
  assertThrows(() => lsqr(A, new Float64Array(9)), ShapeError, /10 rows/);
  assertThrows(() => lsqr(A, [1, 2, 3, 4, 5, 6, 7, 8, 9, NaN]), InvalidInputError, /non-finite/);
  assertThrows(() => lsqr([[1, NaN], [0, 1]], [1, 1]), InvalidInputError, /non-finite/);
  assertThrows(() => lsqr([], []), InvalidInputError, /empty/);
  assertThrows(() => lsqr(A, new Float64Array(10), { damp: -1 }), OptionError, /damp/);
  assertThrows(() => lsqr(A, new Float64Array(10), { maxIter: 1.5 }), OptionError, /maxIter/);
  assertThrows(() => lsqr(A, new Float64Array(10), { tol: 1 } as never), OptionError, /unknown option 'tol'/);
  assertThrows(() => lsqr(A, new Float64Array(10), { x0: [1, 2] }), ShapeError, /x0/);
  assertThrows(() => lsqr(A, new Float64Array(10), { x0: [1, 2, Infinity] }), InvalidInputError, /x0/);
  A.dispose();
  assert.is(liveBytes(), before);
});

test.run();
