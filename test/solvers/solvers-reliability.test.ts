// Issue 16 regressions in the iterative solvers (defects 1, 6, 9): LSQR/LSRN on data of extreme
// magnitude give the right finite answer or a typed error, iteration counts are bounded by a
// documented maximum (LSQR_MAX_ITER) and by stagnation (istop 8), x0 as number[][] does not
// leak. Tolerances in units of n·ε; subnormal results are compared up to the subnormal spacing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, liveBytes, Matrix, lsqr, lsrn, lstsq, LinearOperator, LSQR_MESSAGES, LSQR_MAX_ITER, lsqrStagnationWindow,
  InvalidInputError, OptionError, ShapeError, LsqnetError,
} from '../../src/index.js';
import { lsqrRun } from '../../src/solvers/lsqr.js';
import { EPS, assertThrowsTyped } from '../helpers/index.js';

test.before(async () => { await init(); });

const TINY = 2 ** -1074;

const throwsTyped = assertThrowsTyped;

// ───────────────────────────── defect 1

test('defect 1: lsqr, lsrn, lstsq lsqr/lsrn on [[1]], [1e-310] give x = 1e-310 (was NaN)', () => {
  const want = 1e-310, tol = 4 * EPS * want + 4 * TINY;
  const xs: [string, ArrayLike<number>][] = [
    ['lsqr', lsqr([[1]], [1e-310]).x], ['lsrn', lsrn([[1]], [1e-310]).x],
    ['lstsq lsqr', lstsq([[1]], [1e-310], { method: 'lsqr' }).x], ['lstsq lsrn', lstsq([[1]], [1e-310], { method: 'lsrn' }).x],
  ];
  for (const [name, x] of xs) {
    assert.ok(Number.isFinite(x[0]!), `${name}: ${x[0]}`);
    assert.ok(Math.abs(x[0]! - want) <= tol, `${name}: x = ${x[0]}`);
  }
});

test('defect 1: lsqr([[0]], [7e-323]) is the minimum-norm solution x = 0 (was NaN)', () => {
  const r = lsqr([[0]], [7e-323]);
  assert.equal(Array.from(r.x), [0]);
  assert.is(r.istop, 0);
});

test('defect 1: lsqr on dense A and on a row-block operator of magnitude 1e±300 agree with the unscaled run', () => {
  const m = 40, n = 8;
  const A0 = Matrix.random(m, n, { seed: 1 });
  const b0 = Array.from({ length: m }, (_, i) => Math.sin(i));
  const r0 = lsqr(A0, b0);
  const x0 = r0.x;
  const nx = Math.hypot(...x0);
  for (const [sa, sb] of [[1e300, 1], [1e-300, 1], [1, 1e300], [1e300, 1e300], [1e-300, 1e-300], [1e200, 1e-200]] as [number, number][]) {
    const A = Matrix.fromColumnMajor(A0.toColumnMajor().map((v) => v * sa), m, n);
    const b = b0.map((v) => v * sb);
    const op = LinearOperator.fromRowBlocks(m, n, (s, e) => A.rowRange(s, e));
    for (const [name, r] of [['dense', lsqr(A, b)], ['operator', lsqr(op, b)]] as const) {
      // x = (sb/sa)·x0; LSQR stops by its atol/btol tests, so compare to the default tolerance 1e-6 relative
      for (let i = 0; i < n; i++) {
        const want = x0[i]! * (sb / sa);
        assert.ok(Math.abs(r.x[i]! - want) <= 1e-6 * nx * (sb / sa), `${name} A·${sa}, b·${sb}: x[${i}] = ${r.x[i]} vs ${want}`);
      }
      assert.ok(r.istop >= 1 && r.istop <= 2, `${name} A·${sa}, b·${sb}: istop ${r.istop}`);
      for (const k of ['r1norm', 'r2norm', 'anorm', 'acond', 'xnorm'] as const) assert.ok(Number.isFinite(r[k]), `${name} A·${sa}, b·${sb}: ${k} = ${r[k]}`);
      // ‖Aᵀr‖ scales with sa·sb: documented as +Infinity exactly when its value is beyond the f64 range
      const big = Math.log10(r0.arnorm) + Math.log10(sa) + Math.log10(sb) > 308.3;
      if (big) assert.is(r.arnorm, Infinity, `${name}: arnorm`); else assert.ok(Number.isFinite(r.arnorm), `${name}: arnorm = ${r.arnorm}`);
    }
    op.dispose(); A.dispose();
  }
  A0.dispose();
});

test('defect 1: lsqr/lsrn with a solution beyond the f64 range throw InvalidInputError (was Inf)', () => {
  throwsTyped(() => lsqr([[1e-310, 2e-310], [3e-310, 4e-310]], [1, 1]), InvalidInputError, /cannot be represented in float64/);
  throwsTyped(() => lsrn([[1e-310]], [1]), InvalidInputError, /cannot be represented in float64/);
});

test('defect 1: lsqr with damp = 1e300 returns x = 0 and r2norm = ‖b‖ (damp² overflowed before)', () => {
  const b = [1, 1];
  const r = lsqr([[1, 2], [3, 4]], b, { damp: 1e300 });
  assert.equal(Array.from(r.x), [0, 0]);
  assert.ok(Math.abs(r.r2norm - Math.SQRT2) <= 4 * EPS * Math.SQRT2, `r2norm = ${r.r2norm}`);
});

// ───────────────────────────── defect 6: bounded iterations

test('defect 6: lsqr maxIter above LSQR_MAX_ITER (2**53) is an OptionError; LSQR_MAX_ITER itself is accepted', () => {
  throwsTyped(() => lsqr([[1, 2], [3, 4], [5, 6]], [1, 2, 3], { maxIter: 2 ** 53 }), OptionError, /maxIter.*10000000/);
  const r = lsqr([[1, 2], [3, 4], [5, 6]], [1, 2, 3], { maxIter: LSQR_MAX_ITER });
  assert.ok(r.istop >= 1 && r.istop <= 6, `istop ${r.istop}`);
});

test('defect 6: lsrn chebyshev whose a-priori count explodes (√s − √r − t → 0⁺) is an OptionError, not 1.9e11 iterations', () => {
  const A = Matrix.random(200, 10, { seed: 4 });
  const b = Array.from({ length: 200 }, (_, i) => Math.cos(i));
  // s = ⌈3.2·10⌉ = 32, r = 10: choose pFail so that t = √32 − √10 − 1e-9
  const t = Math.sqrt(32) - Math.sqrt(10) - 1e-9;
  const pFail = 2 * Math.exp(-t * t / 2);
  const t0 = performance.now();
  throwsTyped(() => lsrn(A, b, { solver: 'chebyshev', oversampling: 3.2, pFail }), OptionError, /Chebyshev iteration bound is .* beyond the maximum of 10000000/);
  // the exact options end quickly with a typed error too (which check fires depends on t's last bits)
  try { lsrn(A, b, { solver: 'chebyshev', oversampling: 3.2, pFail: 0.0890721 }); } catch (err) { assert.instance(err, LsqnetError); }
  assert.ok(performance.now() - t0 < 2000, 'must not iterate');
  // an explicit maxIter is the documented way to run anyway
  const r = lsrn(A, b, { solver: 'chebyshev', oversampling: 3.2, pFail, maxIter: 5 });
  assert.is(r.iterations, 5);
  throwsTyped(() => lsrn(A, b, { maxIter: LSQR_MAX_ITER + 1 }), OptionError, /maxIter/);
  A.dispose();
});

test('defect 6: LSQR stops with istop 8 when its estimates stagnate (NaN recurrences: an operator that returns NaN)', () => {
  // a row-block operator that yields NaN from the second product on: the estimates never
  // decrease again, so without the stagnation rule LSQR would run to maxIter
  const m = 6, n = 3;
  const A = Matrix.random(m, n, { seed: 2 });
  let calls = 0;
  const op = LinearOperator.fromRowBlocks(m, n, (s, e) => {
    calls++;
    const blk = A.rowRange(s, e);
    if (calls > 2) blk.set(0, 0, NaN);
    return blk;
  });
  const b = Matrix.fromColumnMajor([1, 2, 3, 4, 5, 6], m, 1);
  const x = Matrix.zeros(n, 1), u = Matrix.zeros(m, 1), v = Matrix.zeros(n, 1), w = Matrix.zeros(n, 1);
  const t0 = performance.now();
  const info = lsqrRun(op, b, x, false, { damp: 0, atol: 0, btol: 0, conlim: 0, maxIter: LSQR_MAX_ITER }, 0, u, v, w);
  assert.is(info.istop, 8);
  assert.is(info.message, LSQR_MESSAGES[8]);
  // the first iteration still makes progress (the NaN block appears from the third product on),
  // then exactly lsqrStagnationWindow(n) iterations without a new minimum
  assert.ok(info.iterations >= lsqrStagnationWindow(n) && info.iterations <= lsqrStagnationWindow(n) + 1, `${info.iterations} iterations`);
  assert.ok(performance.now() - t0 < 5000);
  for (const M of [A, b, x, u, v, w]) M.dispose();
  op.dispose();
});

// ───────────────────────────── defect 9: no leak with x0 as number[][]

test('defect 9: lsqr with x0 as number[][] frees its converted copy (leaked 16 B per call)', () => {
  const A = Matrix.fromRows([[1, 0], [1, 1], [0, 1]]);
  const B = Matrix.fromRows([[1], [0], [-1]]);
  const before = liveBytes();
  for (let i = 0; i < 50; i++) {
    const r = lsqr(A, B, { x0: [[0.5], [0.25]] });
    (r.x as Matrix).dispose();
  }
  assert.is(liveBytes(), before);
  // and the error paths (bad x0 shape, bad option) free everything too
  throwsTyped(() => lsqr(A, B, { x0: [[1], [2], [3]] }), LsqnetError, /x0 is 3×1/);
  throwsTyped(() => lsqr(A, [1, 0, -1], { maxIter: -1 }), OptionError, /maxIter/);
  A.dispose(); B.dispose();
});

test('defect 9: lsqr and lsrn validate their options before converting A (an unusable A is not even looked at)', () => {
  const huge = { data: [] as number[], rows: 1e308, cols: 0 };
  throwsTyped(() => lsqr(huge, [], { maxIter: 2 ** 53 }), OptionError, /maxIter/);
  throwsTyped(() => lsrn(huge, [], { oversampling: 1 }), OptionError, /oversampling/);
  // with valid options the same A is refused by its dimensions, before any loop
  throwsTyped(() => lsqr(huge, []), ShapeError, /A\.rows must be an integer/);
});

test.run();
