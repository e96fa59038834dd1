// slimTrain against Adam on all weights (ALGORITHMS.md §9.11; docs/slimtrain.md). Nothing is asserted.
//   npm run bench -- slimtrain                       all sections (peaks: seeds 1–4, CDR: seeds 20–22), 1.5–4 min
//   SLIMTRAIN_SECTIONS=peaks npm run bench -- slimtrain   one section (peaks, cdr)
//   SLIMTRAIN_SEEDS=8 / SLIMTRAIN_CDR_SEEDS=20 / SLIMTRAIN_EPOCHS=50   other runs
//   SLIMTRAIN_SVG=0                                  do not (re)write docs/img/slimtrain-peaks.svg
// Peaks (§4.1): 2,000 train / 1,000 validation points, ResNet w = 8, d = 8, T = 5 (input layer
// without bias, residual layers with bias: θ ∈ R⁵⁹²), W₀ ~ N(0, 1) ('normal', the paper's
// MATLAB code), lr 1e-3, batch 5; slimTrain r ∈ {0, 5} with sGCV from Λ₀ ∈ {1e-3, 1} against
// GradientNetwork('resnet') (Adam on θ and W, same θ₀, W₀ and batches) from W₀ 'normal' and
// 'scaled'. Validation MSE per epoch, geometric mean over the seeds; table + SVG plot.
// CDR surrogate (§4.2, bench/cdr.ts): 400 / 200 train / validation samples, y ∈ R⁵⁵ standardised
// with the training mean and sd, c ∈ R⁷² as generated; ResNet w = 16, d = 8, T = 5 (biases
// everywhere); slimTrain r = 0 with sGCV (S₀ = 1e-8) against Adam; the loss of the paper's
// Table 1, (1/(2N))‖[F, 1]W − C‖²_F = 36·MSE, after the last epoch, for W₀ 'normal', 'scaled', 'zeros'.
// Time per epoch of both methods is printed beside every table (fit time / epochs, including the
// per-epoch evaluation of the training and validation loss).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GradientNetwork, Matrix, NonFiniteError, SlimTrainNetwork, StandardScaler, peaksDataset, type OutputInit } from '../src/index.js';
import { cdrSplit } from './cdr.js';
import { fmt, printTable } from './harness.js';
import { lineChartSvg, type Series } from './svg.js';

const here = dirname(fileURLToPath(import.meta.url));
const env = (k: string, def: string): string => process.env[k] ?? def;
const sections = env('SLIMTRAIN_SECTIONS', 'peaks,cdr').split(',').map((s) => s.trim());
const EPOCHS = Number(env('SLIMTRAIN_EPOCHS', '20'));
const geo = (v: number[]): number => Math.exp(v.reduce((s, x) => s + Math.log(x), 0) / v.length);

interface Run { val: number[]; train: number[]; secondsPerEpoch: number; diverged?: string }

/** Fits `make()` and returns its per-epoch losses (MSE) and the time per epoch. */
function run(make: () => SlimTrainNetwork | GradientNetwork, X: Matrix, Y: Matrix): Run {
  const m = make();
  try {
    const t0 = performance.now();
    m.fit(X, Y);
    const s = (performance.now() - t0) / 1000;
    const h = m.history as { trainMse: number; validationMse?: number }[];
    return { val: h.map((e) => e.validationMse!), train: h.map((e) => e.trainMse), secondsPerEpoch: s / h.length };
  } catch (err) {
    if (!(err instanceof NonFiniteError)) throw err;
    return { val: [], train: [], secondsPerEpoch: NaN, diverged: err.message };
  } finally {
    m.dispose();
  }
}

// ------------------------------------------------------------------ peaks

if (sections.includes('peaks')) {
  const seeds = Array.from({ length: Number(env('SLIMTRAIN_SEEDS', '4')) }, (_, i) => i + 1);
  const shape = { width: 8, depth: 8, horizon: 5, inputBias: false, layerBias: true } as const;
  const common = { ...shape, epochs: EPOCHS, batchSize: 5, learningRate: 1e-3 } as const;
  const configs: { label: string; color: string; dashed?: boolean; make: (seed: number, v: { X: Matrix; y: Matrix }) => SlimTrainNetwork | GradientNetwork }[] = [
    { label: 'slimTrain r=0, Λ₀=1e-3', color: '#9ecae1', make: (seed, validation) => new SlimTrainNetwork({ ...common, memory: 0, sumLambda0: 1e-3, outputInit: 'normal', seed, validation }) },
    { label: 'slimTrain r=0, Λ₀=1', color: '#3182bd', dashed: true, make: (seed, validation) => new SlimTrainNetwork({ ...common, memory: 0, sumLambda0: 1, outputInit: 'normal', seed, validation }) },
    { label: 'slimTrain r=5, Λ₀=1e-3', color: '#e6550d', make: (seed, validation) => new SlimTrainNetwork({ ...common, memory: 5, sumLambda0: 1e-3, outputInit: 'normal', seed, validation }) },
    { label: 'slimTrain r=5, Λ₀=1', color: '#a63603', dashed: true, make: (seed, validation) => new SlimTrainNetwork({ ...common, memory: 5, sumLambda0: 1, outputInit: 'normal', seed, validation }) },
    { label: 'Adam, W₀ normal', color: '#31a354', make: (seed, validation) => new GradientNetwork({ architecture: 'resnet', optimizer: 'adam', ...common, outputInit: 'normal', seed, validation }) },
    { label: 'Adam, W₀ scaled', color: '#756bb1', dashed: true, make: (seed, validation) => new GradientNetwork({ architecture: 'resnet', optimizer: 'adam', ...common, outputInit: 'scaled', seed, validation }) },
  ];
  const curves: number[][][] = configs.map(() => []); // [config][seed][epoch]
  const times: number[][] = configs.map(() => []);
  for (const seed of seeds) {
    const data = peaksDataset({ train: 2000, validation: 1000, seed });
    const validation = { X: data.Xvalidation, y: data.Yvalidation };
    configs.forEach((c, k) => {
      const r = run(() => c.make(seed, validation), data.Xtrain, data.Ytrain);
      if (r.diverged) throw new Error(`${c.label}, seed ${seed}: ${r.diverged}`);
      curves[k]!.push(r.val);
      times[k]!.push(r.secondsPerEpoch);
    });
    for (const M of Object.values(data)) M.dispose();
  }
  const mean = curves.map((perSeed) => Array.from({ length: EPOCHS }, (_, e) => geo(perSeed.map((v) => v[e]!))));
  printTable(`Peaks: validation MSE per epoch (geometric mean over seeds ${seeds.join(', ')}; lr 1e-3, batch 5, sGCV)`,
    ['epoch', ...configs.map((c) => c.label)], Array.from({ length: EPOCHS }, (_, e) => [String(e + 1), ...mean.map((m) => m[e]!)]));
  const slim5 = mean[2]!, adamN = mean[4]!, adamS = mean[5]!, slim0 = mean[0]!;
  printTable('Peaks: ratios of geometric-mean validation MSE', ['epoch', 'Adam(normal) / slimTrain r=5', 'Adam(scaled) / slimTrain r=5', 'slimTrain r=0 / r=5', 'Λ₀=1 / Λ₀=1e-3 (r=5)'],
    [1, 2, 3, 5, 7, 8, 10, 15, 20].filter((e) => e <= EPOCHS).map((e) => [String(e), adamN[e - 1]! / slim5[e - 1]!, adamS[e - 1]! / slim5[e - 1]!, slim0[e - 1]! / slim5[e - 1]!, mean[3]![e - 1]! / slim5[e - 1]!]));
  // per-seed ratio at epoch 3 (the target: ≥ 2× in the geometric mean)
  if (EPOCHS >= 3) {
    printTable('Peaks: per seed, epoch 3', ['seed', 'slimTrain r=5 (Λ₀=1e-3)', 'Adam (normal)', 'ratio'],
      seeds.map((s, i) => [String(s), curves[2]![i]![2]!, curves[4]![i]![2]!, curves[4]![i]![2]! / curves[2]![i]![2]!]));
  }
  // oscillation of r = 0: epochs where the validation MSE rose, per seed (mean)
  const rises = (k: number) => curves[k]!.map((v) => v.slice(1).filter((x, e) => x > v[e]!).length).reduce((a, b) => a + b, 0) / seeds.length;
  printTable('Peaks: epochs at which the validation MSE rose (mean over seeds) and time per epoch',
    ['config', 'rises', 's / epoch (mean)'], configs.map((c, k) => [c.label, String(rises(k)), times[k]!.reduce((a, b) => a + b, 0) / seeds.length]));
  if (env('SLIMTRAIN_SVG', '1') !== '0') {
    const series: Series[] = configs.map((c, k) => ({
      name: c.label, points: mean[k]!.map((y, e) => [e + 1, y] as const), color: c.color, ...(c.dashed ? { dash: '6 3' } : {}),
    }));
    const svg = lineChartSvg([{ title: `Peaks: validation MSE (geometric mean of ${seeds.length} seeds)`, xLabel: 'epoch', yLabel: 'validation MSE', series, xMin: 1, xMax: EPOCHS }]);
    const out = join(here, '..', 'docs', 'img', 'slimtrain-peaks.svg');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, svg);
    console.log(`\nwrote ${out}`);
  }
}

// ------------------------------------------------------------------ CDR surrogate

if (sections.includes('cdr')) {
  const seeds = env('SLIMTRAIN_CDR_SEEDS', '20,21,22').split(',').map(Number);
  const shape = { width: 16, depth: 8, horizon: 5, inputBias: true, layerBias: true, epochs: EPOCHS } as const;
  const inits: OutputInit[] = ['normal', 'scaled', 'zeros'];
  const rates = [1e-3, 1e-2, 1e-1];
  const t = 72;
  const loss = (mse: number) => (t / 2) * mse;
  // results[init][batch][method][rate] = { train, val } (geometric means over seeds)
  const cell = new Map<string, { train: number[]; val: number[]; sec: number[]; diverged: number }>();
  for (const seed of seeds) {
    const s = cdrSplit(seed);
    const scaler = new StandardScaler().fit(s.Xtrain);
    const Xtr = scaler.transform(s.Xtrain), Xva = scaler.transform(s.Xvalidation);
    const validation = { X: Xva, y: s.Yvalidation };
    for (const outputInit of inits) {
      for (const batchSize of [5, 10]) {
        for (const learningRate of rates) {
          for (const method of ['slimTrain', 'Adam'] as const) {
            const r = run(() => (method === 'slimTrain'
              ? new SlimTrainNetwork({ ...shape, batchSize, learningRate, memory: 0, regularization: 'sgcv', sumLambda0: 1e-8, outputInit, seed, validation })
              : new GradientNetwork({ architecture: 'resnet', optimizer: 'adam', ...shape, batchSize, learningRate, outputInit, seed, validation })), Xtr, s.Ytrain);
            const key = `${outputInit}|${batchSize}|${method}|${learningRate}`;
            const c = cell.get(key) ?? { train: [], val: [], sec: [], diverged: 0 };
            if (r.diverged) c.diverged++;
            else { c.train.push(loss(r.train.at(-1)!)); c.val.push(loss(r.val.at(-1)!)); c.sec.push(r.secondsPerEpoch); }
            cell.set(key, c);
          }
        }
      }
    }
    Xtr.dispose(); Xva.dispose();
    for (const M of Object.values(s)) M.dispose();
  }
  const show = (key: string): string => {
    const c = cell.get(key)!;
    if (c.train.length === 0) return 'diverged';
    return `${fmt(geo(c.train))} / ${fmt(geo(c.val))}${c.diverged ? ` (${c.diverged} diverged)` : ''}`;
  };
  for (const outputInit of inits) {
    const rows: string[][] = [];
    for (const batchSize of [5, 10]) {
      for (const method of ['slimTrain', 'Adam']) rows.push([String(batchSize), method, ...rates.map((lr) => show(`${outputInit}|${batchSize}|${method}|${lr}`))]);
    }
    printTable(`CDR surrogate, W₀ '${outputInit}': train / validation loss (1/(2N))‖·‖²_F after ${EPOCHS} epochs (r = 0, sGCV; seeds ${seeds.join(', ')})`,
      ['batch', 'method', ...rates.map((r) => `γ = ${r}`)], rows);
  }
  const ratioRows = inits.flatMap((init) => [5, 10].map((b) => {
    const a = cell.get(`${init}|${b}|Adam|0.001`)!, sl = cell.get(`${init}|${b}|slimTrain|0.001`)!;
    return [init, String(b), a.val.length && sl.val.length ? geo(a.val) / geo(sl.val) : NaN];
  }));
  printTable('CDR surrogate: Adam / slimTrain validation loss at γ = 1e-3', ['W₀', 'batch', 'ratio'], ratioRows);
  const secRows = [5, 10].flatMap((b) => ['slimTrain', 'Adam'].map((m) => {
    const v = inits.flatMap((i) => rates.flatMap((r) => cell.get(`${i}|${b}|${m}|${r}`)!.sec));
    return [String(b), m, v.reduce((x, y) => x + y, 0) / v.length];
  }));
  printTable('CDR surrogate: seconds per epoch (mean over all runs)', ['batch', 'method', 's / epoch'], secRows);
}
