// Newton for softmax regression (docs/newton.md): full Newton–CG, sub-sampled Newton (trust region,
// cubic regularisation, each with and without a sub-sampled gradient) and L-BFGS, counting data
// passes to 1e-6 and 1e-10 relative objective error, on
//   (a) sklearn digits: 1797 × (64 standardized pixels + ones), k = 10, λ = 1e-3;
//   (b) MNIST 10k (train) through one SWIM layer: tanh, width 500 (seed 1, classification
//       sampling), features + ones = 10000 × 501, k = 10, λ = 1e-4 (skipped without ../shared/data/mnist).
// F* is the final objective of a long full-Newton run (tol 1e-13); its gap is certified by strong
// convexity, F − F* ≤ ‖∇F‖²/(2λ), printed. Data passes: see src/solvers/newton.ts; L-BFGS counts
// 2 passes per evaluation of (F, ∇F) (one X·W, one Xᵀ·R: newtonOracle.valueAndGradient).
// Times are single runs (ms). Writes docs/img/newton-passes.svg (relative gap vs passes, log y).
// Nothing is asserted.
//   npm run bench -- newton
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Matrix, features, lbfgs, newton, newtonOracle, sampleSwimLayer, type NewtonOptions, type NewtonProblem } from '../src/index.js';
import { digitsSoftmax, hasData, loadMnistSmall } from '../test/helpers/swim-datasets.js';
import { printTable } from './harness.js';
import { lineChartSvg, type Series } from './svg.js';

interface Point { passes: number; objective: number; iteration: number }
interface Run { name: string; history: Point[]; iterations: number; passes: number; converged: boolean; ms: number }

const MNIST_WIDTH = 500;

function runNewton(name: string, prob: NewtonProblem, o: NewtonOptions): Run {
  const t0 = performance.now();
  const r = newton(prob, { tol: 1e-10, maxIter: 2000, seed: 0, ...o });
  const ms = performance.now() - t0;
  r.W.dispose();
  return { name, ms, iterations: r.iterations, passes: r.dataPasses, converged: r.converged,
    history: r.history.map((h) => ({ passes: h.dataPasses, objective: h.objective, iteration: h.iteration })) };
}

function runLbfgs(name: string, prob: NewtonProblem, p: number, k: number): Run {
  const or = newtonOracle(prob);
  const history: Point[] = [];
  const t0 = performance.now();
  const r = lbfgs((W, G) => or.valueAndGradient(W, G), { data: new Float64Array(p * k), rows: p, cols: k }, {
    tol: 1e-10, maxIter: 5000,
    onIteration: (it) => { history.push({ passes: 2 * it.evaluations, objective: it.objective, iteration: it.iteration }); },
  });
  const ms = performance.now() - t0;
  r.x.dispose(); or.dispose();
  return { name, ms, iterations: r.iterations, passes: 2 * r.evaluations, converged: r.converged, history };
}

interface Dataset { title: string; short: string; X: Matrix; labels: Int32Array; lambda: number; gradientSample: number; extra: [string, NewtonOptions][] }

function datasets(): Dataset[] {
  const out: Dataset[] = [];
  const d = digitsSoftmax();
  out.push({ title: `digits (n = ${d.X.rows}, p = ${d.X.cols}, k = 10, λ = 1e-3)`, short: 'digits', X: d.X, labels: d.labels, lambda: 1e-3, gradientSample: 100,
    extra: [['sub-sampled TR, uniform Hessian sampling', { mode: 'subsampled', sampling: 'uniform' }]] });
  if (hasData('mnist')) {
    const { Xtr, ytr, Xte } = loadMnistSmall();
    Xte.dispose();
    const Y = Matrix.zeros(Xtr.rows, 10);
    for (let i = 0; i < Xtr.rows; i++) Y.set(i, ytr[i]!, 1);
    const L = sampleSwimLayer(Xtr, Y, { width: MNIST_WIDTH, classification: true, seed: 1 });
    const X = features(Xtr, L.W, L.b, { ones: true });
    Xtr.dispose(); Y.dispose(); L.W.dispose(); L.b.dispose();
    out.push({ title: `MNIST 10k, SWIM tanh width ${MNIST_WIDTH} (n = ${X.rows}, p = ${X.cols}, k = 10, λ = 1e-4)`, short: 'mnist', X, labels: ytr, lambda: 1e-4, gradientSample: 500,
      extra: [['sub-sampled TR, s = 1000', { mode: 'subsampled', hessianSample: 1000 }]] });
  } else console.log('(../shared/data/mnist missing: MNIST skipped)');
  return out;
}

const panels: { title: string; series: Series[]; xMax: number }[] = [];
for (const ds of datasets()) {
  const prob: NewtonProblem = { loss: 'softmax', X: ds.X, labels: ds.labels, lambda: ds.lambda };
  const p = ds.X.cols, k = 10;
  // reference optimum: full Newton to ‖∇F‖ ≤ 1e-13(1 + F)
  const t0 = performance.now();
  const ref = newton(prob, { tol: 1e-13, maxIter: 300 });
  const refMs = performance.now() - t0;
  const Fstar = ref.objective;
  const certificate = ref.gradientNorm ** 2 / (2 * ds.lambda) / Fstar;
  ref.W.dispose();
  console.log(`\n${ds.title}: reference F* = ${Fstar} (full Newton, tol 1e-13: ${ref.iterations} it, ${ref.dataPasses.toFixed(0)} passes, ${refMs.toFixed(0)} ms, ${ref.message}); ` +
    `certified (F_ref − F_true*)/F* ≤ ‖∇F‖²/(2λF*) = ${certificate.toExponential(1)}`);
  const gs = ds.gradientSample;
  const runs: Run[] = [
    runNewton('full Newton–CG', prob, {}),
    runNewton('sub-sampled TR (row-norm, default s)', prob, { mode: 'subsampled' }),
    runNewton('sub-sampled cubic (ARC)', prob, { mode: 'subsampled', step: 'cubic' }),
    runNewton(`sub-sampled TR + gradient sample ${gs}`, prob, { mode: 'subsampled', gradientSample: gs }),
    runNewton(`sub-sampled cubic + gradient sample ${gs}`, prob, { mode: 'subsampled', step: 'cubic', gradientSample: gs }),
    ...ds.extra.map(([name, o]) => runNewton(name, prob, o)),
    runLbfgs('L-BFGS (m = 10, strong Wolfe)', prob, p, k),
  ];
  const gap = (h: Point): number => (h.objective - Fstar) / Fstar;
  const at = (r: Run, e: number): string => {
    const h = r.history.find((x) => gap(x) <= e);
    return h ? `${h.iteration} / ${h.passes.toFixed(1)}` : 'not reached';
  };
  const full6 = runs[0]!.history.find((x) => gap(x) <= 1e-6)?.passes ?? NaN;
  printTable(`Newton vs L-BFGS, softmax regression on ${ds.title}; F* = ${Fstar}`,
    ['method', 'to 1e-6: it / passes', '× full', 'to 1e-10: it / passes', 'end (tol 1e-10): it / passes', 'converged', 'ms'],
    runs.map((r) => {
      const p6 = r.history.find((x) => gap(x) <= 1e-6)?.passes ?? NaN;
      return [r.name, at(r, 1e-6), Number.isFinite(p6) ? (p6 / full6).toFixed(2) : '—', at(r, 1e-10), `${r.iterations} / ${r.passes.toFixed(1)}`, r.converged ? 'yes' : 'no', Math.round(r.ms)];
    }));
  const newtonRuns = runs.filter((r) => !r.name.startsWith('L-BFGS'));
  const to10 = newtonRuns.map((r) => r.history.find((x) => gap(x) <= 1e-10)?.passes ?? r.passes);
  panels.push({ title: ds.short === 'digits' ? `digits, pixels (p = ${p})` : `MNIST 10k, SWIM width ${MNIST_WIDTH} (p = ${p})`,
    xMax: Math.ceil(1.15 * Math.max(...to10) / 50) * 50,
    series: runs.map((r) => ({ name: r.name, dash: r.name.startsWith('L-BFGS') ? '6 3' : undefined,
      points: r.history.map((h) => [h.passes, Math.max(gap(h), 1e-16)] as const) })) });
  ds.X.dispose();
}

const svg = lineChartSvg(panels.map((p) => ({ title: p.title, xLabel: 'data passes', yLabel: '(F − F*) / F*', series: p.series, xMin: 0, xMax: p.xMax, yMin: 1e-14, yMax: 10 })), {
  title: 'Softmax regression: relative objective gap vs data passes',
  footnote: 'npm run bench -- newton  (F* from full Newton to tol 1e-13; L-BFGS: 2 passes per evaluation; gaps ≤ 1e-16 drawn at 1e-16)',
});
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'img', 'newton-passes.svg');
writeFileSync(out, svg);
console.log(`\nwrote ${out}`);
