// SWIM sampled networks: toy-problem fit time (sampling / features / solve) and accuracy over
// seeds and solvers, the GCV overhead, an Adam baseline for the same width, abalone (vs ANMIN's
// published numbers), sklearn digits and the MNIST 10k/2k subset. Nothing is asserted.
//   npm run bench -- swim            (all sections)
//   SWIM_BENCH=toy,adam npm run bench -- swim   (only some sections: toy, gcv, adam, abalone, digits, mnist)
import { features, lstsq, Matrix, SampledNetwork, type LstsqMethod, type SampledNetworkOptions } from '../src/index.js';
import {
  columnOf, digitsSplit, hasData, loadAbalone, loadMnistSmall, maeOf, mseOf, rowsOf, split, swimToy,
} from '../test/helpers/swim-datasets.js';
import { printTable, timeOnce } from './harness.js';

const only = (process.env.SWIM_BENCH ?? '').split(',').filter(Boolean);
const want = (s: string): boolean => only.length === 0 || only.includes(s);
const e = (x: number): string => (Number.isFinite(x) ? x.toExponential(2) : String(x));
const f3 = (x: number): string => x.toFixed(3);

// ------------------------------------------------------------------ toy problem (§6.11)
const N = 5000, M = 1000;
let swimToySeconds = NaN, swimToyMae = NaN;
if (want('toy')) {
  const rows: (string | number)[][] = [];
  const solverRows: (string | number)[][] = [];
  for (const seed of [1, 2, 3]) {
    const tr = swimToy(N, 100 + seed), te = swimToy(N, 200 + seed);
    for (const rcond of [1e-8, 1e-10]) {
      const net = new SampledNetwork({ layers: [M], seed, rcond });
      const { seconds } = timeOnce(() => net.fit(tr.X, tr.y));
      const d = net.diagnostics;
      const pTr = net.predict(tr.X), pTe = net.predict(te.X);
      const mTr = maeOf(pTr, tr.y), mTe = maeOf(pTe, te.y);
      rows.push([seed, rcond, f3(seconds), f3(d.seconds.sampling), f3(d.seconds.features), f3(d.seconds.solve), d.rank, d.duplicates, e(mTr), e(mTe)]);
      if (seed === 1 && rcond === 1e-8) { swimToySeconds = seconds; swimToyMae = mTe; }
      pTr.dispose(); pTe.dispose();
      // the same feature matrix through the other solvers
      if (rcond === 1e-8) {
        const { W, b } = net.hiddenLayers[0]!;
        const A = features(tr.X, W, b, { ones: true }), At = features(te.X, W, b, { ones: true });
        for (const method of ['svd', 'qr', 'lsrn'] as LstsqMethod[]) {
          for (const rc of [1e-8, 1e-10]) {
            try {
              const t = timeOnce(() => lstsq(A, tr.y, { method, rcond: rc }));
              const X = Matrix.fromVector(t.value.x);
              const p1 = A.matmul(X), p2 = At.matmul(X);
              solverRows.push([seed, method, rc, f3(t.seconds), t.value.rank, t.value.iterations ?? '', e(maeOf(p1, tr.y)), e(maeOf(p2, te.y))]);
              X.dispose(); p1.dispose(); p2.dispose();
            } catch (err) {
              solverRows.push([seed, method, rc, 'n/a', '', '', (err as Error).message.slice(0, 40), '']);
            }
          }
        }
        A.dispose(); At.dispose();
      }
      net.dispose();
    }
    tr.X.dispose(); te.X.dispose();
  }
  printTable('SWIM toy sin(x+y), N = 5000, M = 1000, tanh: full fit (seconds) and MAE [bands: 1e-8 → 5e-8…2e-7; 1e-10 → ≈2e-9]',
    ['seed', 'rcond', 'fit s', 'sampling', 'features', 'solve', 'rank', 'dup', 'train MAE', 'test MAE'], rows);
  printTable('SWIM toy feature matrix [Φ, 1] (5000 × 1001) by solver', ['seed', 'solver', 'rcond', 'seconds', 'rank', 'iters', 'train MAE', 'test MAE'], solverRows);
}

// ------------------------------------------------------------------ GCV overhead (issue 8)
if (want('gcv')) {
  const rows: (string | number)[][] = [];
  const tr = swimToy(N, 101), te = swimToy(N, 201);
  for (const reg of [undefined, 'gcv', 'gcv, tol 1e-3'] as const) {
    try {
      const net = new SampledNetwork({ layers: [M], seed: 1, ...(reg ? { regularization: 'gcv', gcvTolerance: reg === 'gcv' ? 0 : 1e-3 } : { rcond: 1e-8 }) });
      net.fit(tr.X, tr.y); // warm-up
      const t = timeOnce(() => net.fit(tr.X, tr.y));
      const p = net.predict(te.X);
      rows.push([reg ?? 'rcond 1e-8', f3(t.seconds), f3(net.diagnostics.seconds.solve), net.regularizationLambda === null ? '' : e(net.regularizationLambda), e(maeOf(p, te.y))]);
      p.dispose(); net.dispose();
    } catch (err) {
      rows.push([reg ?? 'rcond 1e-8', 'n/a', '', '', (err as Error).message.slice(0, 50)]);
    }
  }
  printTable('GCV vs fixed rcond on the toy problem (svd)', ['regularization', 'fit s', 'solve s', 'λ', 'test MAE'], rows);
  tr.X.dispose(); te.X.dispose();
}

// ------------------------------------------------------------------ Adam baseline, same width
if (want('adam')) {
  const tr = swimToy(N, 101), te = swimToy(N, 201);
  const rows: (string | number)[][] = [];
  if (!Number.isFinite(swimToySeconds)) { // section run on its own: measure the SWIM reference here
    const net = new SampledNetwork({ layers: [M], seed: 1, rcond: 1e-8 });
    swimToySeconds = timeOnce(() => net.fit(tr.X, tr.y)).seconds;
    const p = net.predict(te.X);
    swimToyMae = maeOf(p, te.y);
    p.dispose(); net.dispose();
  }
  let gradient: unknown = null;
  try { gradient = (await import('../src/index.js') as Record<string, unknown>).GradientNetwork ?? null; } catch { gradient = null; }
  if (gradient) {
    type GN = { fit(X: Matrix, y: Float64Array): unknown; predict(X: Matrix): Matrix; dispose(): void };
    const Ctor = gradient as new (o: Record<string, unknown>) => GN;
    for (const epochs of [100, 300]) {
      const net = new Ctor({ hidden: M, optimizer: 'adam', epochs, seed: 1 });
      const t = timeOnce(() => net.fit(tr.X, tr.y));
      const p = net.predict(te.X);
      const m = maeOf(p, te.y);
      rows.push([`lsqnet GradientNetwork: ReLU, Adam lr 0.03 ÷10/100 ep, batch 256, ${epochs} epochs`, f3(t.seconds), e(m), (t.seconds / swimToySeconds).toFixed(1), (m / swimToyMae).toExponential(1)]);
      p.dispose(); net.dispose();
    }
    // SWIM with the baseline's activation, for a like-for-like row
    const relu = new SampledNetwork({ layers: [M], seed: 1, activation: 'relu', rcond: 1e-8 });
    const tr2 = timeOnce(() => relu.fit(tr.X, tr.y));
    const pr = relu.predict(te.X);
    const mr = maeOf(pr, te.y);
    rows.push(['SWIM ReLU (svd, rcond 1e-8)', f3(tr2.seconds), e(mr), (tr2.seconds / swimToySeconds).toFixed(1), (mr / swimToyMae).toExponential(1)]);
    pr.dispose(); relu.dispose();
  }
  {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const xtr = tf.tensor2d(Float32Array.from(tr.X.toRowMajor()), [N, 2], 'float32');
    const ytr = tf.tensor2d(Float32Array.from(tr.y), [N, 1], 'float32');
    const xte = tf.tensor2d(Float32Array.from(te.X.toRowMajor()), [N, 2], 'float32');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: M, activation: 'tanh', inputShape: [2] }), tf.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
    const budget = Number(process.env.SWIM_ADAM_SECONDS ?? 60);
    const t0 = performance.now();
    let epochs = 0;
    while ((performance.now() - t0) / 1000 < budget) {
      await model.fit(xtr, ytr, { epochs: 1, batchSize: 64, verbose: 0, shuffle: true });
      epochs++;
    }
    const secs = (performance.now() - t0) / 1000;
    const pred = model.predict(xte) as import('@tensorflow/tfjs').Tensor;
    const pd = pred.dataSync();
    let m = 0;
    for (let i = 0; i < N; i++) m += Math.abs(pd[i]! - te.y[i]!);
    m /= N;
    rows.push([`TF.js CPU Adam lr 1e-3, batch 64, f32, ${epochs} epochs (budget ${budget} s)`, f3(secs), e(m), (secs / swimToySeconds).toFixed(1), (m / swimToyMae).toExponential(1)]);
    tf.dispose([xtr, ytr, xte, pred]);
    model.dispose();
  }
  rows.unshift(['SWIM tanh (svd, rcond 1e-8)', f3(swimToySeconds), e(swimToyMae), '1.0', '1']);
  printTable('Same width (1000 tanh) trained by Adam vs sampled by SWIM, toy problem (ratios vs SWIM)',
    ['model', 'train s', 'test MAE', 'time ratio', 'MAE ratio'], rows);
  tr.X.dispose(); te.X.dispose();
}

// ------------------------------------------------------------------ abalone (vs ANMIN §7.6)
if (want('abalone') && hasData('abalone')) {
  const t = loadAbalone(); // 7 features + rings
  const configs: [string, SampledNetworkOptions][] = [
    ['rcond 1e-8', { rcond: 1e-8 }],
    ['rcond 1e-4', { rcond: 1e-4 }],
    ['gcv minimizer (gcvTolerance 0)', { regularization: 'gcv', gcvTolerance: 0 }],
    ['gcv, gcvTolerance 1e-3 (default)', { regularization: 'gcv' }],
  ];
  const rows: (string | number)[][] = [];
  const splits = Number(process.env.SWIM_SPLITS ?? 5);
  for (const [name, extra] of configs) {
    const tr: number[] = [], te: number[] = [], lam: number[] = [];
    let secs = 0;
    try {
      for (let s = 0; s < splits; s++) {
        const { train, test } = split(t.rows, 1000 + s);
        const Xtr = rowsOf(t, train, 0, 7), Xte = rowsOf(t, test, 0, 7);
        const ytr = columnOf(t, train, 7), yte = columnOf(t, test, 7);
        const net = new SampledNetwork({ layers: [1000], seed: 1 + s, scaler: 'standard', ...extra });
        secs += timeOnce(() => net.fit(Xtr, ytr)).seconds;
        const p1 = net.predict(Xtr), p2 = net.predict(Xte);
        tr.push(mseOf(p1, ytr)); te.push(mseOf(p2, yte));
        if (net.regularizationLambda !== null) lam.push(net.regularizationLambda);
        for (const m of [p1, p2, Xtr, Xte]) m.dispose();
        net.dispose();
      }
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      rows.push([`SWIM 1000 tanh, ${name}`, splits, mean(tr).toFixed(2), mean(te).toFixed(2), Math.max(...te).toFixed(2),
        te.map((v) => v.toFixed(2)).join(' '), lam.length ? e(mean(lam)) : '', (secs / splits).toFixed(2)]);
    } catch (err) {
      rows.push([`SWIM 1000 tanh, ${name}`, splits, 'n/a', (err as Error).message.slice(0, 50), '', '', '', '']);
    }
  }
  rows.push(['ANMIN (paper, h = 64, 100 splits)', 100, '3.94', '4.64', '', '', '', '1.3']);
  rows.push(['Adam (paper, h = 64)', 100, '4.00', '5.05', '', '', '', '9.1']);
  printTable('Abalone (7 numeric features standardized on train, 80/20 splits): MSE', ['model', 'splits', 'train MSE', 'test MSE (mean)', 'max test', 'test MSE per split', 'mean λ', 'fit s'], rows);
}

// ------------------------------------------------------------------ sklearn digits
if (want('digits') && hasData('sklearn_digits')) {
  const { Xtr, Xte, ytr, yte } = digitsSplit(1);
  const rows: (string | number)[][] = [];
  for (const width of [500, 1000, 2000]) {
    for (const [name, extra] of [['rcond 1e-8', { rcond: 1e-8 }], ['gcv minimizer', { regularization: 'gcv', gcvTolerance: 0 }], ['gcv tol 1e-3 (default)', { regularization: 'gcv' }]] as [string, SampledNetworkOptions][]) {
      try {
        const net = new SampledNetwork({ layers: [width], task: 'classification', seed: 1, ...extra });
        const fit = timeOnce(() => net.fit(Xtr, ytr));
        rows.push([width, name, f3(fit.seconds), net.diagnostics.rank, net.regularizationLambda === null ? '' : e(net.regularizationLambda),
          net.score(Xtr, ytr).toFixed(4), net.score(Xte, yte).toFixed(4)]);
        net.dispose();
      } catch (err) {
        rows.push([width, name, 'n/a', (err as Error).message.slice(0, 50), '', '', '']);
      }
    }
  }
  printTable(`sklearn digits (${Xtr.rows} train / ${Xte.rows} test), SWIM tanh classification`, ['width', 'regularization', 'fit s', 'rank', 'λ', 'train acc', 'test acc'], rows);
  for (const m of [Xtr, Xte]) m.dispose();
}

// ------------------------------------------------------------------ MNIST 10k / 2k
if (want('mnist') && hasData('mnist')) {
  const { Xtr, ytr, Xte, yte } = loadMnistSmall();
  const rows: (string | number)[][] = [];
  const widths = (process.env.SWIM_MNIST_WIDTHS ?? '1000,2000,4000').split(',').map(Number);
  for (const width of widths) {
    for (const [name, extra] of [['rcond 1e-8', { rcond: 1e-8 }], ['gcv', { regularization: 'gcv' }]] as [string, SampledNetworkOptions][]) {
      try {
        const net = new SampledNetwork({ layers: [width], task: 'classification', seed: 1, ...extra });
        const fit = timeOnce(() => net.fit(Xtr, ytr));
        const d = net.diagnostics.seconds;
        rows.push([width, name, f3(fit.seconds), f3(d.sampling), f3(d.features), f3(d.solve), net.diagnostics.rank,
          net.regularizationLambda === null ? '' : e(net.regularizationLambda), net.score(Xte, yte).toFixed(4)]);
        console.log(`  mnist ${rows[rows.length - 1]!.join(' | ')}`); // progress (long runs)
        net.dispose();
      } catch (err) {
        rows.push([width, name, 'n/a', (err as Error).message.slice(0, 50), '', '', '', '', '']);
      }
    }
  }
  printTable('MNIST 10k train / 2k test, SWIM tanh classification (pixels / 255)', ['width', 'regularization', 'fit s', 'sampling', 'features', 'solve', 'rank', 'λ', 'test acc'], rows);
  Xtr.dispose(); Xte.dispose();
}
