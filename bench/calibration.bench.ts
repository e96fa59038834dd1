// Calibrated classification (issue 14; docs/swim.md "Calibrated classification"): SampledNetwork
// classifiers with output 'lstsq' (least squares on one-hot targets, GCV ridge; predictProba =
// softmax of the scores) beside output 'softmax' (multinomial logistic output by Newton, λ by
// held-out log-loss), on sklearn digits (80/20 split, seed 1) and MNIST 10k/2k: test accuracy,
// log-loss, expected calibration error (15 equal-width bins) and multi-class Brier score, the λ
// used and the fit time. Nothing is asserted.
//   npm run bench -- calibration
//   CALIB_BENCH=digits|mnist selects a section; CALIB_DIGITS_WIDTHS (default 800),
//   CALIB_MNIST_WIDTHS (default 1000), CALIB_SAMPLERS (default swim,random) resize it.
import {
  accuracy, brierScore, expectedCalibrationError, logLoss, scope, SampledNetwork, type Matrix, type SamplerKind,
} from '../src/index.js';
import { digitsSplit, hasData, loadMnistSmall } from '../test/helpers/swim-datasets.js';
import { printTable, timeOnce } from './harness.js';

const want = (s: string): boolean => !process.env.CALIB_BENCH || process.env.CALIB_BENCH.split(',').includes(s);
const list = (v: string | undefined, d: string): string[] => (v ?? d).split(',').filter((x) => x.length > 0);
const samplers = list(process.env.CALIB_SAMPLERS, 'swim,random') as SamplerKind[];
const header = ['width', 'sampler', 'output', 'accuracy', 'log-loss', 'ECE', 'Brier', 'λ', 'τ', 'Newton it / ‖∇F‖', 'fit s'];

function run(name: string, Xtr: Matrix, ytr: ArrayLike<number>, Xte: Matrix, yte: ArrayLike<number>, widths: number[]): void {
  const rows: (string | number)[][] = [];
  const yt = Array.from(yte);
  for (const width of widths) {
    for (const sampler of samplers) {
      for (const output of ['lstsq', 'softmax'] as const) {
        const net = new SampledNetwork({ layers: [width], task: 'classification', sampler, output, seed: 1 });
        const fit = timeOnce(() => net.fit(Xtr, ytr));
        const P = scope(() => net.predictProba(Xte).toRowMajor());
        const proba = { data: P, rows: yt.length, cols: P.length / yt.length };
        const acc = accuracy(yt, Array.from(net.predictClass(Xte)));
        const sm = net.diagnostics.softmax;
        const lam = net.regularizationLambda;
        rows.push([String(width), sampler, output, acc.toFixed(4), logLoss(yt, proba).toFixed(4), expectedCalibrationError(yt, proba).toFixed(4),
          brierScore(yt, proba).toFixed(4), lam === null ? '' : lam.toExponential(1), sm ? sm.tau.toExponential(1) : '',
          sm ? `${sm.iterations} / ${sm.gradientNorm.toExponential(0)}${sm.converged ? '' : ' (not converged)'}` : '', fit.seconds.toFixed(1)]);
        console.log(`  ${name} ${rows[rows.length - 1]!.join(' | ')}`); // progress (long runs)
        net.dispose();
      }
    }
  }
  printTable(`${name}: output 'lstsq' vs 'softmax' (tanh, seed 1; λ = GCV ridge for 'lstsq', held-out choice for 'softmax')`, header, rows);
}

if (want('digits') && hasData('sklearn_digits')) {
  const { Xtr, Xte, ytr, yte } = digitsSplit(1);
  run(`sklearn digits (80/20: ${Xtr.rows} / ${Xte.rows}, raw pixels)`, Xtr, ytr, Xte, yte, list(process.env.CALIB_DIGITS_WIDTHS, '800').map(Number));
  Xtr.dispose(); Xte.dispose();
}

if (want('mnist') && hasData('mnist')) {
  const { Xtr, ytr, Xte, yte } = loadMnistSmall();
  run('MNIST 10k / 2k (pixels / 255)', Xtr, ytr, Xte, yte, list(process.env.CALIB_MNIST_WIDTHS, '1000').map(Number));
  Xtr.dispose(); Xte.dispose();
}
