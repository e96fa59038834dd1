// The SWIM toy problem (ALGORITHMS.md §6.11, §11 items 11–12) at full size: N = 5000 points,
// M = 1000 tanh SWIM neurons + bias column (A is 5000×1001, cond ≫ 1e16), rcond 1e-8.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, LinearOperator, lstsq, lsrn, lsqr, splitSolve, liveBytes } from '../../src/index.js';
import { assertLE } from '../helpers/index.js';
import { swimToy, maeOf } from '../helpers/solvers-util.js';

let T: Awaited<ReturnType<typeof swimToy>>;
let direct: { mae: number; rank: number; x: Float64Array };
test.before(async () => {
  await init();
  T = await swimToy(5000, 1000, 1);
  const d = lstsq(T.A, T.y, { method: 'svd', rcond: 1e-8 });
  direct = { mae: maeOf(T.A, d.x, T.y), rank: d.rank, x: d.x };
  console.log(`    direct svd: rank ${d.rank}, train MAE ${direct.mae.toExponential(3)}`);
});
test.after(() => T.dispose());

test('direct solve reproduces §6.11: train MAE in [5e-8, 2e-7], rank ≈ 250', () => {
  assert.ok(direct.mae >= 5e-8 && direct.mae <= 2e-7, `MAE ${direct.mae}`);
  assert.ok(direct.rank >= 200 && direct.rank <= 300, `rank ${direct.rank}`);
});

for (const solver of ['lsqr', 'chebyshev'] as const) {
  test(`LSRN (sparse sketch, ${solver}): train MAE within 5 % of the direct solve in ≤ 40 iterations (§11 item 11)`, () => {
    const before = liveBytes();
    const r = lsrn(T.A, T.y, { rcond: 1e-8, sketch: 'sparse', solver, seed: 1 });
    const mae = maeOf(T.A, r.x, T.y);
    console.log(`    lsrn/${solver}: rank ${r.rank}, ${r.iterations} iterations, istop ${r.istop}, MAE ${mae.toExponential(3)} (${((mae / direct.mae - 1) * 100).toFixed(1)} %), ${r.seconds.toFixed(2)} s`);
    assertLE(Math.abs(mae / direct.mae - 1), 0.05, 'relative MAE difference to the direct solve');
    assert.ok(r.iterations <= 40, `iterations ${r.iterations}`);
    assert.ok(Math.abs(r.rank - direct.rank) <= 10, `sketch rank ${r.rank} vs direct ${direct.rank}`);
    assert.is(liveBytes(), before);
  });
}

test('plain LSQR stalls on the SWIM matrix (cond ≫ 1e16): 300 iterations stay far above the direct MAE', () => {
  const maes: string[] = [];
  const r = lsqr(T.A, T.y, { atol: 0, btol: 0, conlim: 0, maxIter: 300, onIteration: (p) => { if (p.iteration % 100 === 0) maes.push(`${p.iteration}: r=${p.r1norm.toExponential(2)}`); } });
  const mae = maeOf(T.A, r.x, T.y);
  console.log(`    lsqr: istop ${r.istop} after ${r.iterations} iterations, MAE ${mae.toExponential(3)} (direct ${direct.mae.toExponential(3)}); ${maes.join(', ')}`);
  assert.is(r.istop, 7, 'iteration limit, reported as such');
  assert.match(r.message, /iteration limit/);
  assert.ok(mae > 20 * direct.mae, `LSQR MAE ${mae} should stall ≫ direct ${direct.mae}`);
});

test('Split and Solve on the feature operator reproduces §4.4: ascending order beats k = 1 at k = 2, stays at the k = 1 level by k = 9; descending degrades', () => {
  const before = liveBytes();
  const op = LinearOperator.features(T.X, T.W, T.b, { activation: 'tanh', ones: true });
  const run = (k: number, order: 'sorted' | 'sorted-desc') => maeOf(T.A, splitSolve(op, T.y, { splits: k, order, rcond: 1e-8 }).x, T.y);
  const k2 = run(2, 'sorted'), k9 = run(9, 'sorted'), d3 = run(3, 'sorted-desc');
  console.log(`    split: k=1 ${direct.mae.toExponential(2)}, ascending k=2 ${k2.toExponential(2)}, k=9 ${k9.toExponential(2)}; descending k=3 ${d3.toExponential(2)}`);
  // [R]: k=1 0.86–1.24e-7; ascending k=2 2.1–2.8e-8 (≈ 4× better), k=9 0.5–1.3e-7; descending k=3 1.8–5.6e-6
  assert.ok(k2 < direct.mae / 2, `ascending k=2 (${k2}) at least 2× better than k=1 (${direct.mae})`);
  assert.ok(k9 < 2 * direct.mae, `ascending k=9 (${k9}) back near the k=1 level`);
  assert.ok(d3 > 5 * direct.mae, `descending k=3 (${d3}) degrades`);
  op.dispose();
  assert.is(liveBytes(), before);
});

test('Split and Solve with k = 1 (columns in order) is the direct solve', () => {
  const r = splitSolve(T.A, T.y, { splits: 1, order: 'ordered', rcond: 1e-8 });
  let d = 0, s = 0;
  for (let i = 0; i < r.x.length; i++) { d += (r.x[i]! - direct.x[i]!) ** 2; s += direct.x[i]! ** 2; }
  assertLE(Math.sqrt(d / s), 1e-14, 'same solution as lstsq svd (same matrix, same algorithm)');
});

test.run();
