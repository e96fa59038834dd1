// SampledNetwork on the shared datasets: sklearn digits (classification, 80/20) and abalone
// (regression, 7 numeric features standardized on train, 80/20). Larger sweeps (5 abalone
// splits, digits width 2000, MNIST) are in bench/swim.bench.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, liveBytes, SampledNetwork } from '../../src/index.js';
import { columnOf, digitsSplit, hasData, loadAbalone, mseOf, rowsOf, split } from '../helpers/swim-datasets.js';

test.before(async () => { await init(); });

test('sklearn digits, 80/20: test accuracy ≥ 0.97 with GCV (default) at widths 500, 1000 and 2000; ≥ 0.95 with rcond 1e-8', () => {
  if (!hasData('sklearn_digits')) { console.log('  (skipped: no ../shared/data/sklearn_digits)'); return; }
  const base = liveBytes();
  const { Xtr, Xte, ytr, yte } = digitsSplit(1);
  // width 2000 > 1438 training rows: the rcond 1e-8 fit interpolates (0.73 in the bench), GCV does not
  for (const [width, opts, bound] of [[500, {}, 0.97], [1000, {}, 0.97], [2000, {}, 0.97], [1000, { rcond: 1e-8 }, 0.95]] as const) {
    const net = new SampledNetwork({ layers: [width], task: 'classification', seed: 1, ...opts }).fit(Xtr, ytr);
    const acc = net.score(Xte, yte);
    console.log(`  digits width ${width} ${JSON.stringify(opts)}: test accuracy ${acc.toFixed(4)}, λ ${net.regularizationLambda}, rank ${net.diagnostics.rank}`);
    assert.ok(acc >= bound, `digits width ${width} ${JSON.stringify(opts)}: accuracy ${acc} < ${bound}`);
    assert.equal(Array.from(net.classes!), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    net.dispose();
  }
  Xtr.dispose(); Xte.dispose();
  assert.is(liveBytes(), base);
});

test('abalone, width 1000, default GCV (tolerance 1e-3): test MSE ≤ 6 on each of 5 80/20 splits (issue 8)', () => {
  // Split 2 puts the abalone row with height 1.13 (a known data error, ≈25σ from the mean) in
  // the test set: the plain GCV minimizer gives 11.5 there, the default tolerance rule 4.35
  // (5-split table and 10 further splits in docs/swim.md).
  if (!hasData('abalone')) { console.log('  (skipped: no ../shared/data/abalone)'); return; }
  const t = loadAbalone();
  const mses: number[] = [];
  for (const s of [0, 1, 2, 3, 4]) {
    const { train, test: te } = split(t.rows, 1000 + s);
    const Xtr = rowsOf(t, train, 0, 7), Xte = rowsOf(t, te, 0, 7);
    const ytr = columnOf(t, train, 7), yte = columnOf(t, te, 7);
    const gcv = new SampledNetwork({ layers: [1000], seed: 1 + s, scaler: 'standard' }).fit(Xtr, ytr);
    const p = gcv.predict(Xte), q = gcv.predict(Xtr);
    const mse = mseOf(p, yte), trainMse = mseOf(q, ytr);
    console.log(`  abalone split ${s}: GCV λ ${gcv.regularizationLambda?.toExponential(2)}, train MSE ${trainMse.toFixed(2)}, test MSE ${mse.toFixed(2)} (ANMIN paper: 3.94 / 4.64)`);
    assert.ok(mse <= 6, `split ${s}: test MSE ${mse} > 6`);
    mses.push(mse);
    assert.ok(trainMse > 3 && trainMse < 4.5, `train MSE ${trainMse}`);
    for (const m of [p, q, Xtr, Xte]) m.dispose();
    gcv.dispose();
  }
  console.log(`  abalone mean test MSE over 5 splits: ${(mses.reduce((a, b) => a + b, 0) / 5).toFixed(2)} (ANMIN paper 4.64, Adam 5.05)`);
});

test.run();
