// Activation kernels of assembly/activation.ts: tanh accuracy against Math.tanh (V8's fdlibm
// port, < 1 ulp), saturation, signed zero, NaN propagation; leaky ReLU and bias add exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init } from '../src/index.js';
import { wasm } from '../bindings/index.js';
import { rng, withArena } from './kernels-util.js';

test.before(async () => { await init(); });

/** Distance in units in the last place of `ref` (ulp of |ref|, subnormal-aware). */
function ulps(got: number, ref: number): number {
  if (got === ref) return 0;
  const a = Math.abs(ref);
  const e = a < 2 ** -1022 ? -1074 : Math.floor(Math.log2(a)) - 52;
  return Math.abs(got - ref) / 2 ** e;
}

function tanhOf(xs: number[], bias = 0): Float64Array {
  return withArena((ar) => {
    const px = ar.put(xs), py = ar.zeros(xs.length), pb = ar.put([bias]);
    wasm().dtanhBias(xs.length, 1, px, xs.length, bias === 0 ? 0 : pb, py, xs.length);
    return ar.get(py, xs.length);
  });
}

test('dtanhBias: within 3 ulp of Math.tanh over [-25, 25], near 0 and at the saturation edge', () => {
  const r = rng(11);
  const xs: number[] = [];
  for (let i = 0; i < 20000; i++) xs.push(25 * r());
  for (let e = -300; e <= 1; e += 0.5) xs.push(2 ** e, -(2 ** e));
  for (let i = 0; i < 200; i++) xs.push(19.9 + i * 0.001, -(19.9 + i * 0.001));
  xs.push(5e-324, -5e-324, 1e-310, 0.5493061443340549 /* atanh(0.5) */);
  const y = tanhOf(xs);
  let worst = 0, at = 0;
  xs.forEach((x, i) => { const u = ulps(y[i]!, Math.tanh(x)); if (u > worst) { worst = u; at = x; } });
  // measured worst case is about 2 ulp (t/(t+2) with t = expm1(2|x|): three roundings)
  if (process.env.KERNELS_VERBOSE) console.log(`tanh: max ${worst} ulp at ${at}`);
  assert.ok(worst <= 3, `max error ${worst} ulp at x = ${at}`);
});

test('dtanhBias: saturation, odd symmetry, signed zero, ±Inf, NaN, bias', () => {
  const y = tanhOf([20.5, -20.5, 800, -800, Infinity, -Infinity, 0, -0, NaN, 1e308]);
  assert.equal([...y.slice(0, 6)], [1, -1, 1, -1, 1, -1]);
  assert.ok(Object.is(y[6], 0) && Object.is(y[7], -0), 'tanh(±0) = ±0');
  assert.ok(Number.isNaN(y[8]!), 'NaN propagates');
  assert.is(y[9], 1);
  const xs = [-3, -1, 0, 0.25, 2];
  const b = tanhOf(xs, 0.5);
  xs.forEach((x, i) => assert.ok(ulps(b[i]!, Math.tanh(x + 0.5)) <= 3, `bias: tanh(${x} + 0.5)`));
  const all = tanhOf(Array.from({ length: 4001 }, (_, i) => (i - 2000) / 80));
  // monotone up to rounding: the kernel is accurate to 2 ulp, not correctly rounded
  for (let i = 1; i < all.length; i++) assert.ok(all[i]! >= all[i - 1]! - 2 * 2 ** -52, `monotone at x = ${(i - 2000) / 80}: ${all[i - 1]} then ${all[i]}`);
  for (const v of all) assert.ok(Math.abs(v) <= 1, '|tanh| ≤ 1');
});

test('dleakyReluBias and dbiasAdd: exact, every size 1…67 with lda > m', () => {
  const w = wasm();
  for (let m = 1; m <= 67; m++) {
    const n = 3, ld = m + 1;
    const r = rng(m);
    const X = Array.from({ length: ld * n }, () => 4 * r());
    const bias = [0.5, -0.25, 0];
    withArena((ar) => {
      const px = ar.put(X), pb = ar.put(bias), py = ar.put(X);
      w.dleakyReluBias(m, n, 0.1, px, ld, pb, py, ld);
      const y = ar.get(py, X.length);
      for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) {
        const t = X[i + j * ld]! + bias[j]!;
        assert.is(y[i + j * ld], Math.max(t, 0.1 * t));
      }
      w.dbiasAdd(m, n, px, ld, pb);
      const z = ar.get(px, X.length);
      for (let j = 0; j < n; j++) for (let i = 0; i < ld; i++) assert.is(z[i + j * ld], i < m ? X[i + j * ld]! + bias[j]! : X[i + j * ld]!);
    });
  }
});

test.run();
