// The SWIM toy problem (ALGORITHMS §6.11, §11 item 10): sin(x₁ + x₂), x ~ U[0,1]², N = 5000,
// M = 1000 tanh SWIM neurons, output [Φ, 1] θ ≈ y. Bands from the independent numpy re-run:
// rcond 1e-8: train/test MAE in [5e-8, 2e-7], rank ≈ 250; rcond 1e-10: MAE ≈ 2e-9.
// One seed here (3 seeds in bench/swim.bench.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, liveBytes, lstsq, features, SampledNetwork, type LstsqMethod } from '../../src/index.js';
import { maeOf, swimToy } from '../helpers/swim-datasets.js';
import { assertLE } from '../helpers/index.js';

test.before(async () => { await init(); });

const N = 5000, M = 1000, SEED = 1;

test('SWIM toy: svd at rcond 1e-8 (model default) and 1e-10, qr at both: train/test MAE in the §6.11 bands, rank ≈ 250', () => {
  const base = liveBytes();
  const tr = swimToy(N, 101), te = swimToy(N, 201);
  const net = new SampledNetwork({ layers: [M], activation: 'tanh', seed: SEED, rcond: 1e-8 }).fit(tr.X, tr.y);
  const ptr = net.predict(tr.X), pte = net.predict(te.X);
  const mTr = maeOf(ptr, tr.y), mTe = maeOf(pte, te.y);
  const d = net.diagnostics;
  console.log(`  toy model svd 1e-8: train MAE ${mTr.toExponential(2)}, test ${mTe.toExponential(2)}, rank ${d.rank}, ` +
    `σmax ${d.singularValues?.[0]?.toFixed(1)}, duplicates ${d.duplicates}, seconds ${JSON.stringify(d.seconds, (_, v) => (typeof v === 'number' ? +v.toFixed(3) : v))}`);
  assert.ok(mTr >= 5e-8 && mTr <= 2e-7, `train MAE ${mTr}`);
  assert.ok(mTe >= 5e-8 && mTe <= 2e-7, `test MAE ${mTe}`);
  assert.ok(d.rank >= 200 && d.rank <= 300, `rank ${d.rank}`);
  assert.ok(d.singularValues![0]! > 900 && d.singularValues![0]! < 970, `σmax ${d.singularValues![0]}`);
  // The same feature matrix [Φ, 1] through lstsq with the other rcond / solver (issue 3's SWIM check).
  const { W, b } = net.hiddenLayers[0]!;
  const A = features(tr.X, W, b, { ones: true });
  const At = features(te.X, W, b, { ones: true });
  const bands: Record<string, [number, number]> = { '1e-8': [5e-8, 2e-7], '1e-10': [1e-9, 5e-9] };
  const runs: [LstsqMethod, number][] = [['svd', 1e-10], ['qr', 1e-8], ['qr', 1e-10]];
  for (const [method, rcond] of runs) {
    const t0 = performance.now();
    const r = lstsq(A, tr.y, { method, rcond });
    const secs = (performance.now() - t0) / 1000;
    const X = Matrix.fromVector(r.x);
    const pTr = A.matmul(X), pTe = At.matmul(X);
    const eTr = maeOf(pTr, tr.y), eTe = maeOf(pTe, te.y);
    console.log(`  toy ${method} rcond ${rcond}: train MAE ${eTr.toExponential(2)}, test ${eTe.toExponential(2)}, rank ${r.rank}, ${secs.toFixed(2)} s`);
    const [lo, hi] = bands[String(rcond)]!;
    assert.ok(eTr >= lo && eTr <= hi, `${method} rcond ${rcond}: train MAE ${eTr} outside [${lo}, ${hi}]`);
    assertLE(eTe, 1.5 * hi, `${method} rcond ${rcond}: test MAE`);
    for (const m of [X, pTr, pTe]) m.dispose();
  }
  // LSRN (§11 item 11): same MAE as the direct solve within 5 %, rank ≈ 255, ≤ 40 iterations.
  const t0 = performance.now();
  const ln = new SampledNetwork({ layers: [M], seed: SEED, solver: 'lsrn', rcond: 1e-8 }).fit(tr.X, tr.y);
  const lp = ln.predict(tr.X), lq = ln.predict(te.X);
  const lTr = maeOf(lp, tr.y), lTe = maeOf(lq, te.y);
  const ld = ln.diagnostics;
  console.log(`  toy model lsrn 1e-8: train MAE ${lTr.toExponential(2)}, test ${lTe.toExponential(2)}, rank ${ld.rank}, ${ld.iterations} iterations, ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  assert.ok(lTr >= 5e-8 && lTr <= 2e-7, `lsrn train MAE ${lTr}`);
  assertLE(Math.abs(lTe / mTe - 1), 0.05, 'lsrn test MAE relative to the svd solve');
  assertLE(Math.abs(ld.rank - d.rank), 0.05 * d.rank, 'lsrn rank vs svd rank');
  assertLE(ld.iterations!, 40, 'lsrn iterations');
  for (const m of [A, At, ptr, pte, lp, lq, tr.X, te.X]) m.dispose();
  net.dispose(); ln.dispose();
  assert.is(liveBytes(), base);
});

test.run();
