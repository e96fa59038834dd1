// Calibrated classification (issue 14; docs/swim.md "Calibrated classification"): SampledNetwork
// classifiers with output 'lstsq' (least squares on one-hot targets, GCV ridge; predictProba =
// softmax of the scores) beside output 'softmax' (multinomial logistic output by Newton, λ by
// held-out log-loss), on sklearn digits (80/20 split, seed 1) and MNIST 10k/2k: test accuracy,
// log-loss, expected calibration error (15 equal-width bins) and multi-class Brier score, the λ
// used and the fit time. Nothing is asserted.
//   npm run bench -- calibration
//   CALIB_BENCH=digits|mnist|penalty selects a section; CALIB_DIGITS_WIDTHS (default 800),
//   CALIB_MNIST_WIDTHS (default 1000), CALIB_SAMPLERS (default swim,random) resize it.
// The 'penalty' section is the diagnosis of docs/swim.md "Why not a plain L2 penalty on θ": on
// the digits features of one network (width 800), multinomial logistic regressions by newton
// with the penalty on the raw weights, on the whitened principal components (τ = 0) and with
// the τ = λ_GCV/N of the softmax output, over a λ grid: test accuracy / test log-loss.
import {
  accuracy, brierScore, expectedCalibrationError, features, logLoss, Matrix, newton, scope, SampledNetwork, svd, type SamplerKind,
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

/** Row-wise softmax of Z (N × k, small) as row-major probabilities. */
function softmaxRows(Z: Matrix): Float64Array {
  const v = Z.toColumnMajor(), n = Z.rows, k = Z.cols;
  const P = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < k; j++) mx = Math.max(mx, v[i + j * n]!);
    let sum = 0;
    for (let j = 0; j < k; j++) { P[i * k + j] = Math.exp(v[i + j * n]! - mx); sum += P[i * k + j]!; }
    for (let j = 0; j < k; j++) P[i * k + j]! /= sum;
  }
  return P;
}

if (want('penalty') && hasData('sklearn_digits')) {
  const { Xtr, Xte, ytr, yte } = digitsSplit(1);
  const yt = Array.from(yte), labels = Int32Array.from(ytr);
  const lambdas = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
  const rows: string[][] = [];
  for (const sampler of samplers) {
    scope(() => {
      // the network of output 'softmax' (same hidden layer as 'lstsq': same seed); its τ
      const net = new SampledNetwork({ layers: [800], task: 'classification', sampler, output: 'softmax', softmaxLambda: 1e-4, seed: 1 }).fit(Xtr, ytr);
      const tau = net.diagnostics.softmax!.tau;
      const h = net.hiddenLayers[0]!;
      const Ftr = features(Xtr, h.W, h.b), Fte = features(Xte, h.W, h.b);
      const N = Ftr.rows, Nt = Fte.rows;
      const mu = Ftr.matmul(Matrix.full(N, 1, 1), { transA: true }).scale(1 / N);
      const Ctr = Ftr.sub(Matrix.full(N, 1, 1).matmul(mu, { transB: true }));
      const Cte = Fte.sub(Matrix.full(Nt, 1, 1).matmul(mu, { transB: true }));
      const sv = svd(Ctr);
      const r = sv.rank(1e-8);
      const withOnes = (A: Matrix): Matrix => Matrix.zeros(A.rows, A.cols + 1).setBlock(0, 0, A).setBlock(0, A.cols, Matrix.full(A.rows, 1, 1));
      // Z = C V_r diag(1/√(σ²/N + t)): the penalty ‖W̃‖² there is (1/N)‖Cθ‖² + t‖θ‖²
      const basis = (t: number): [Matrix, Matrix] => {
        const D = new Float64Array(r * r);
        for (let i = 0; i < r; i++) D[i + i * r] = 1 / Math.sqrt(sv.s[i]! ** 2 / N + t);
        const P = sv.V!.columns(0, r).matmul(Matrix.fromColumnMajor(D, r, r));
        return [withOnes(Ctr.matmul(P)), withOnes(Cte.matmul(P))];
      };
      const configs: [string, [Matrix, Matrix]][] = [
        ['raw weights (λ/2)‖θ‖² (session 19)', [withOnes(Ftr), withOnes(Fte)]],
        ['whitened, τ = 0', basis(0)],
        [`τ = λ_GCV/N = ${tau.toExponential(1)} (output 'softmax')`, basis(tau)],
      ];
      for (const [name, [Ztr, Zte]] of configs) {
        const cells = [sampler, name];
        for (const lam of lambdas) {
          const res = newton({ loss: 'softmax', X: Ztr, labels, lambda: lam, classes: 10 }, { tol: 1e-8 });
          const P = softmaxRows(Zte.matmul(res.W));
          let hit = 0;
          for (let i = 0; i < yt.length; i++) {
            let b = 0;
            for (let j = 1; j < 10; j++) if (P[i * 10 + j]! > P[i * 10 + b]!) b = j;
            if (b === yt[i]) hit++;
          }
          cells.push(`${(hit / yt.length).toFixed(3)} / ${logLoss(yt, { data: P, rows: yt.length, cols: 10 }).toFixed(3)}${res.converged ? '' : ' (nc)'}`);
          res.W.dispose();
        }
        rows.push(cells);
        console.log(`  penalty ${cells.join(' | ')}`);
      }
      sv.dispose();
      net.dispose();
    });
  }
  printTable(`digits width 800: test accuracy / test log-loss of softmax regressions on the hidden features, by penalty (r = principal components with σ > 1e-8σ₁)`,
    ['sampler', 'penalty', ...lambdas.map((l) => `λ = ${l.toExponential(0)}`)], rows);
  Xtr.dispose(); Xte.dispose();
}
