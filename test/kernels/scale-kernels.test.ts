// Range-scaling kernels of issue 16 (assembly/lapack/scale.ts: dlangeMax, dlasclPow2 behind
// ops.maxAbs / ops.scalePow2) and the subnormal paths of the LSQR vector kernels (dnorm2,
// dnormalize behind ops.norm2 / ops.normalize): exact power-of-two scaling over the whole
// exponent range, norms of vectors whose entries are all subnormal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix } from '../../src/index.js';
import { ops } from '../../bindings/index.js';
import { EPS, frob } from '../helpers/index.js';

test.before(async () => { await init(); });

const TINY = 2 ** -1074;

test('maxAbs: max |a_ij| over strided sub-blocks, NaN propagates, 0 for an empty operand', () => {
  const M = Matrix.fromRows([[1, -7, 2], [3e-310, 4, -5], [6, 0, -7.5]]);
  assert.is(ops.maxAbs(M), 7.5);
  assert.is(ops.maxAbs(ops.sub(M, 0, 0, 2, 2)), 7);
  assert.is(ops.maxAbs(ops.sub(M, 1, 0, 1, 1)), 3e-310);
  assert.is(ops.maxAbs(ops.sub(M, 0, 0, 0, 2)), 0);
  M.set(2, 2, NaN);
  assert.ok(Number.isNaN(ops.maxAbs(M)));
  M.dispose();
});

test('scalePow2: A ← 2^e·A is exact for every e (|e| up to 2100) whose results stay normal; 0 / ±Inf / one rounding otherwise', () => {
  const vals = [1, -1.5, 3e-310, 5e-324, 1.7e308, -2.2250738585072014e-308, 0.1];
  for (const e of [0, 1, -1, 52, -52, 1000, -1000, 1001, -1001, 1074, -1074, 2046, -2046, 2100, -2100]) {
    const M = Matrix.fromColumnMajor(vals, vals.length, 1);
    ops.scalePow2(M, e);
    const got = M.toColumnMajor();
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!;
      // the exact value's binary exponent decides what must come out
      const lg = Math.log2(Math.abs(v)) + e;
      if (lg >= 1024) assert.is(got[i], v > 0 ? Infinity : -Infinity, `2^${e}·${v} overflows`);
      else if (lg < -1075) assert.is(Math.abs(got[i]!), 0, `2^${e}·${v} underflows to 0`);
      else if (lg < -1022) assert.ok(Math.abs(got[i]! - v * 2 ** (e / 2) * 2 ** (e / 2)) <= TINY, `2^${e}·${v}: subnormal within one spacing`);
      else {
        // normal result: exact, so it must equal 2^e·v computed in any exact order
        const mant = v / 2 ** Math.floor(Math.log2(Math.abs(v)));
        assert.is(got[i], mant * 2 ** Math.round(lg - Math.log2(Math.abs(mant))), `2^${e}·${v}`);
      }
    }
    M.dispose();
  }
  // a scale-up of subnormals and back is the identity
  const S = Matrix.fromColumnMajor([3e-310, 5e-324, -7e-320], 3, 1);
  ops.scalePow2(S, 1100); ops.scalePow2(S, -1100);
  assert.equal(Array.from(S.toColumnMajor()), [3e-310, 5e-324, -7e-320]);
  S.dispose();
});

test('norm2 / normalize: all-subnormal vectors (1/max overflows) give the scaled norm, not NaN/Inf', () => {
  for (const v of [[1e-310], [7e-323], [1e-310, -2e-310, 3e-311], Array.from({ length: 37 }, (_, i) => (i + 1) * 1e-315)]) {
    const M = Matrix.fromColumnMajor(v, v.length, 1);
    const want = frob(v);
    const got = ops.norm2(ops.col(M, 0));
    assert.ok(Math.abs(got - want) <= 2 * v.length * EPS * want + 2 * TINY, `‖${v.length} subnormals‖ = ${got} vs ${want}`);
    const beta = ops.normalize(ops.col(M, 0));
    assert.is(beta, got);
    const u = M.toColumnMajor();
    // entries are x_i/β: each within a few ulps (the quotients are normal numbers)
    for (let i = 0; i < v.length; i++) assert.ok(Math.abs(u[i]! - v[i]! / want) <= (4 * v.length * EPS + 2 * TINY / want) * Math.abs(v[i]! / want) + EPS, `u[${i}]`);
    // β is itself subnormal: it carries one rounding of size 2^-1074, i.e. TINY/β relative
    assert.ok(Math.abs(frob(u) - 1) <= 4 * v.length * EPS + 2 * TINY / want, `‖u‖ = ${frob(u)}`);
    M.dispose();
  }
});

test.run();
