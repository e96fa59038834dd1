// Newton for softmax regression on sklearn digits (docs/solvers.md "Measured on digits"):
// full Newton–CG against sub-sampled Newton (row-norm and uniform Hessian sampling, trust region
// or line search), counting data passes to 1e-6 and 1e-10 relative objective error and to
// convergence, with the median time of 5 runs. Nothing is asserted.
//   npm run bench -- newton
import { newton, type NewtonOptions, type NewtonProblem } from '../src/index.js';
import { digitsSoftmax } from '../test/helpers/swim-datasets.js';
import { printTable } from './harness.js';

const { X, labels } = digitsSoftmax();
const n = X.rows, d = X.cols - 1;
const prob: NewtonProblem = { loss: 'softmax', X, labels, lambda: 1e-3 };

const ref = newton(prob, { tol: 1e-12, maxIter: 100 });
const Fstar = ref.objective;
ref.W.dispose();

const configs: [string, NewtonOptions][] = [
  ['full Newton–CG', {}],
  ['sub-sampled, row-norm, s = 360 (default)', { mode: 'subsampled' }],
  ['sub-sampled, row-norm, s = 180', { mode: 'subsampled', hessianSample: 180 }],
  ['sub-sampled, row-norm, s = 360, line search', { mode: 'subsampled', step: 'line-search' }],
  ['sub-sampled, uniform, s = 360', { mode: 'subsampled', sampling: 'uniform', maxIter: 1000 }],
];
const at = (h: { iteration: number; objective: number; dataPasses: number }[], e: number): string => {
  const it = h.find((x) => x.objective - Fstar <= e * Fstar);
  return it ? `${it.iteration} / ${it.dataPasses.toFixed(1)}` : 'not reached';
};
const out: (string | number)[][] = [];
for (const [name, o] of configs) {
  const times: number[] = [];
  let last: ReturnType<typeof newton> | null = null;
  for (let r = 0; r < 5; r++) {
    last?.W.dispose();
    const t0 = performance.now();
    last = newton(prob, { tol: 1e-10, seed: 0, ...o });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const res = last!;
  out.push([name, at(res.history, 1e-6), at(res.history, 1e-10),
    res.converged ? `${res.iterations} / ${res.dataPasses.toFixed(1)}` : `not in ${res.iterations} it / ${res.dataPasses.toFixed(0)}`,
    res.converged ? 'yes' : 'no', Math.round(times[2]!)]);
  res.W.dispose();
}
X.dispose();
printTable(`Newton, softmax regression on digits (n = ${n}, p = ${d + 1}, k = 10, λ = 1e-3, F* = ${Fstar})`,
  ['method', 'to 1e-6: it / passes', 'to 1e-10: it / passes', 'to ‖∇F‖ ≤ 1e-10(1+F): it / passes', 'converged', 'ms (median of 5)'], out);
