// VarPro (ALGORITHMS.md §8.4) against the gradient baseline (GradientNetwork, Adam) at the same
// width, on the lecture's setting (§8.5: d = 3, 100 samples of U([−1,1]³), widths 8/16/32, tanh)
// and on the peaks function (§9.11: 2,000 train / 1,000 test points of U([−3,3]²)): train and test
// MSE and fit time, median over 3 seeds. docs/varpro.md holds the table. Nothing is asserted.
// GradientNetwork is the two-layer (leaky-)ReLU network of src/models/gradient.ts (ReLU here; it
// has no tanh); its Adam settings are the best of a small sweep on seed 1 at width 32 (lr 0.003 /
// 0.01 / 0.03, batch 10 / 32 / 64 / full, 300–10000 epochs, step decay ×0.3).
// The same-activation baseline is GradientNetwork({ architecture: 'resnet', depth: 0,
// activation: 'tanh' }): u₀ = tanh(X K_inᵀ + 1b_inᵀ) and a linear output [u₀, 1]W — exactly the
// VarPro model with a dense kernel — all weights trained by Adam (no step schedule in that
// architecture); lr/batch from a sweep on seed 1 at width 32 (lecture: lr 0.003 / 0.01 / 0.03 ×
// batch 10 / full; peaks: lr 0.003 / 0.01 / 0.03, batch 32).
// Classification (section 'digits'): sklearn digits (80/20 split, seed 1, pixels standardised on
// the training rows), widths 32 / 64: VarProNetwork task 'classification' (W by newton() on the
// regularised cross-entropy, θ by L-BFGS), SampledNetwork output 'softmax' (SWIM hidden layer,
// Newton output) and the tanh single layer by Adam on MSE to one-hot targets (GradientNetwork has
// no cross-entropy loss; its arg-max is the prediction, it gives no probabilities): test
// accuracy, test log-loss, expected calibration error (15 equal-width bins), fit time, seed 1.
//   npm run bench -- varpro            (VARPRO_BENCH=lecture,peaks,digits selects sections)
import {
  GradientNetwork, Matrix, SampledNetwork, StandardScaler, VarProNetwork, accuracy, expectedCalibrationError, logLoss, type GradientNetworkOptions, type VarProNetworkOptions,
} from '../src/index.js';
import { digitsSplit, hasData } from '../test/helpers/swim-datasets.js';
import { printTable } from './harness.js';

const want = (s: string): boolean => !process.env.VARPRO_BENCH || process.env.VARPRO_BENCH.split(',').includes(s);

/** Lecture target: f(x) = sin(2x₁) + x₂x₃ + ½cos(3x₃) (smooth, chosen here; the lecture names no target). */
const lecture = (x: number[]) => Math.sin(2 * x[0]!) + x[1]! * x[2]! + 0.5 * Math.cos(3 * x[2]!);
/** MATLAB peaks. */
const peaks = (p: number[]) => {
  const x = p[0]!, y = p[1]!;
  return 3 * (1 - x) ** 2 * Math.exp(-(x ** 2) - (y + 1) ** 2) - 10 * (x / 5 - x ** 3 - y ** 5) * Math.exp(-(x ** 2) - y ** 2) - Math.exp(-((x + 1) ** 2) - y ** 2) / 3;
};

/** n points of U([−r, r]^d) (Philox seed) and targets f(x); X is returned scaled by 1/r (inputs in [−1, 1]). */
function sample(n: number, d: number, r: number, f: (x: number[]) => number, seed: number): { X: Matrix; y: Float64Array } {
  const X = Matrix.random(n, d, { seed, dist: 'uniform', low: -1, high: 1 });
  const v = X.toColumnMajor();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = f(Array.from({ length: d }, (_, k) => r * v[i + k * n]!));
  return { X, y };
}

function mse(net: VarProNetwork | GradientNetwork, X: Matrix, y: Float64Array): number {
  const p = net.predict(X, { as: 'array' });
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / y.length;
}

const median = (a: number[]) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]!; };

type Maker = (seed: number) => VarProNetwork | GradientNetwork;
function row(name: string, make: Maker, task: { d: number; r: number; f: (x: number[]) => number; nTrain: number; nTest: number }): (string | number)[] {
  const tr: number[] = [], te: number[] = [], sec: number[] = [];
  for (const seed of [1, 2, 3]) {
    const train = sample(task.nTrain, task.d, task.r, task.f, 100 + seed);
    const test = sample(task.nTest, task.d, task.r, task.f, 200 + seed);
    const net = make(seed);
    const t0 = performance.now();
    net.fit(train.X, train.y);
    sec.push((performance.now() - t0) / 1000);
    tr.push(mse(net, train.X, train.y));
    te.push(mse(net, test.X, test.y));
    net.dispose(); train.X.dispose(); test.X.dispose();
  }
  return [name, median(tr), median(te), median(sec)];
}

const varpro = (o: VarProNetworkOptions): Maker => (seed) => new VarProNetwork({ ...o, seed });
const adam = (o: GradientNetworkOptions): Maker => (seed) => new GradientNetwork({ ...o, seed });

const header = ['model', 'train MSE', 'test MSE', 'fit s'];
const lectureTask = { d: 3, r: 1, f: lecture, nTrain: 100, nTest: 1000 };
if (want('lecture')) {
const rows1: (string | number)[][] = [];
for (const w of [8, 16, 32]) {
  rows1.push(row(`VarPro GN, dense, tanh, w = ${w} (100 it)`, varpro({ width: w, lambda: 1e-6, beta: 1e-8, iterations: 100 }), lectureTask));
  rows1.push(row(`VarPro L-BFGS, dense, tanh, w = ${w} (300 it)`, varpro({ width: w, lambda: 1e-6, beta: 1e-8, iterations: 300, optimizer: 'lbfgs' }), lectureTask));
  rows1.push(row(`GradientNetwork Adam, ReLU, h = ${w} (10000 full-batch epochs)`, adam({ hidden: w, epochs: 10000, learningRate: 0.01, schedule: { stepEvery: 4000, factor: 0.3 }, batchSize: 100 }), lectureTask));
  rows1.push(row(`GradientNetwork Adam, tanh single layer (resnet depth 0), w = ${w} (10000 full-batch epochs, lr 0.003)`, adam({ architecture: 'resnet', depth: 0, width: w, activation: 'tanh', epochs: 10000, learningRate: 0.003, batchSize: 100 }), lectureTask));
}
rows1.push(row('VarPro GN, mmatrix, tanh, w = d = 3 (100 it)', varpro({ kernel: 'mmatrix', lambda: 1e-6, beta: 1e-8, iterations: 100 }), lectureTask));
printTable('Lecture setting: d = 3, 100 train / 1,000 test points of U([−1,1]³), f = sin(2x₁) + x₂x₃ + ½cos(3x₃); median of 3 seeds', header, rows1);
}

const peaksTask = { d: 2, r: 3, f: peaks, nTrain: 2000, nTest: 1000 };
if (want('peaks')) {
const rows2: (string | number)[][] = [];
for (const w of [8, 16, 32]) {
  rows2.push(row(`VarPro GN, dense, tanh, w = ${w} (100 it)`, varpro({ width: w, lambda: 1e-6, beta: 1e-8, iterations: 100 }), peaksTask));
  rows2.push(row(`GradientNetwork Adam, ReLU, h = ${w} (1000 epochs, batch 32)`, adam({ hidden: w, epochs: 1000, learningRate: 0.01, schedule: { stepEvery: 400, factor: 0.3 }, batchSize: 32 }), peaksTask));
  rows2.push(row(`GradientNetwork Adam, tanh single layer (resnet depth 0), w = ${w} (1000 epochs, batch 32, lr 0.01)`, adam({ architecture: 'resnet', depth: 0, width: w, activation: 'tanh', epochs: 1000, learningRate: 0.01, batchSize: 32 }), peaksTask));
}
printTable('Peaks: 2,000 train / 1,000 test points of U([−3,3]²), inputs scaled to [−1,1]²; median of 3 seeds', header, rows2);
}

if (want('digits') && hasData('sklearn_digits')) {
  const { Xtr: Xr, Xte: Xer, ytr, yte } = digitsSplit(1);
  const sc = new StandardScaler().fit(Xr);
  const Xtr = sc.transform(Xr), Xte = sc.transform(Xer);
  Xr.dispose(); Xer.dispose();
  const yt = Array.from(yte);
  const k = 10;
  const rows3: (string | number)[][] = [];
  const add = (name: string, fit: () => { proba: Float64Array | null; cls: ArrayLike<number>; dispose: () => void }) => {
    const t0 = performance.now();
    const r = fit();
    const sec = (performance.now() - t0) / 1000;
    const pr = r.proba ? { data: r.proba, rows: yt.length, cols: k } : null;
    rows3.push([name, accuracy(yt, Array.from(r.cls)).toFixed(4), pr ? logLoss(yt, pr).toFixed(4) : 'n/a', pr ? expectedCalibrationError(yt, pr).toFixed(4) : 'n/a', sec.toFixed(1)]);
    console.log(`  digits ${rows3[rows3.length - 1]!.join(' | ')}`);
    r.dispose();
  };
  for (const w of [32, 64]) {
    for (const it of [100, 300]) {
      add(`VarPro cross-entropy, dense, tanh, w = ${w}, λ = 1e-3, β = 1e-6 (L-BFGS ${it} it)`, () => {
        const net = new VarProNetwork({ task: 'classification', width: w, lambda: 1e-3, beta: 1e-6, iterations: it, seed: 1 }).fit(Xtr, ytr);
        return { proba: net.predictProba(Xte).toRowMajor(), cls: net.predictClass(Xte), dispose: () => net.dispose() };
      });
    }
    add(`SampledNetwork SWIM, tanh, output 'softmax', w = ${w}`, () => {
      const net = new SampledNetwork({ layers: [w], task: 'classification', output: 'softmax', seed: 1 }).fit(Xtr, ytr);
      return { proba: net.predictProba(Xte).toRowMajor(), cls: net.predictClass(Xte), dispose: () => net.dispose() };
    });
    add(`GradientNetwork Adam, tanh single layer (resnet depth 0), MSE on one-hot, w = ${w} (300 epochs, batch 32, lr 0.003)`, () => {
      const T = Matrix.zeros(ytr.length, k);
      for (let i = 0; i < ytr.length; i++) T.set(i, ytr[i]!, 1);
      const net = new GradientNetwork({ architecture: 'resnet', depth: 0, width: w, activation: 'tanh', epochs: 300, learningRate: 0.003, batchSize: 32, seed: 1 }).fit(Xtr, T);
      T.dispose();
      const S = net.predict(Xte, { as: 'array' });
      const cls = new Int32Array(yt.length);
      for (let i = 0; i < yt.length; i++) { let b = 0; for (let j = 1; j < k; j++) if (S[i * k + j]! > S[i * k + b]!) b = j; cls[i] = b; }
      return { proba: null, cls, dispose: () => net.dispose() };
    });
  }
  printTable(`sklearn digits (80/20: ${Xtr.rows} / ${Xte.rows}, standardised pixels), seed 1`, ['model', 'test accuracy', 'test log-loss', 'test ECE (15 bins)', 'fit s'], rows3);
  Xtr.dispose(); Xte.dispose();
}
