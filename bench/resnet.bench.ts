// ResNet feature extractor (docs/resnet.md): time of one forward + back-propagation pass
// (ResNet.forward then ResNet.backward, tape allocation included) for the paper's two shapes
// (peaks: inputDim 2, w = 8, d = 8; CDR: inputDim 55, w = 16, d = 8) at batch sizes 5, 100 and
// 2000, beside a single-threaded numpy implementation of the same passes, and the time per
// epoch of GradientNetwork({ architecture: 'resnet' }) on 2,000 peaks-like points (batch 5).
// Nothing is asserted.
//   npm run bench -- resnet
import { GradientNetwork, Matrix, ResNet } from '../src/index.js';
import { hasPythonNumpy, printTable, runPython, timeit, timeOnce } from './harness.js';

const shapes = [
  { name: 'peaks (2 → 8, d 8)', inputDim: 2, width: 8, depth: 8 },
  { name: 'CDR (55 → 16, d 8)', inputDim: 55, width: 16, depth: 8 },
];
const batches = [5, 100, 2000];
const rows: (string | number)[][] = [];
const ours = new Map<string, number>();
for (const s of shapes) {
  const net = new ResNet({ inputDim: s.inputDim, width: s.width, depth: s.depth, horizon: 5 });
  const theta = net.initTheta(1);
  for (const n of batches) {
    const X = Matrix.random(n, s.inputDim, { seed: 2 });
    const dU = Matrix.random(n, s.width, { seed: 3 });
    const t = timeit(`${s.name} n=${n}`, () => {
      const { features, tape } = net.forward(theta, X);
      const g = net.backward(theta, tape, dU);
      features.dispose(); tape.dispose(); g.dispose();
    }, { maxTime: 1 });
    ours.set(`${s.inputDim}/${n}`, t);
    X.dispose(); dU.dispose();
  }
  theta.dispose();
}

let peer = new Map<string, number>();
if (hasPythonNumpy()) {
  const py = `
import numpy as np, time, json
out = {}
for (di, w, d) in [(2, 8, 8), (55, 16, 8)]:
    h = 5.0 / d
    rng = np.random.default_rng(1)
    Kin = rng.standard_normal((w, di)); bin_ = np.zeros(w)
    K = [rng.standard_normal((w, w)) / np.sqrt(w) for _ in range(d)]; b = [np.zeros(w) for _ in range(d)]
    for n in [5, 100, 2000]:
        X = rng.standard_normal((n, di)); dU = rng.standard_normal((n, w))
        def run():
            u = [np.tanh(X @ Kin.T + bin_)]; s = []
            for j in range(d):
                s.append(np.tanh(u[j] @ K[j].T + b[j])); u.append(u[j] + h * s[j])
            delta = dU.copy(); g = []
            for j in range(d - 1, -1, -1):
                dz = h * delta * (1 - s[j] ** 2)
                g.append(dz.T @ u[j]); g.append(dz.sum(0))
                delta = delta + dz @ K[j]
            dz = delta * (1 - u[0] ** 2)
            g.append(dz.T @ X); g.append(dz.sum(0))
            return g
        reps = max(5, int(2000 / n))
        best = 1e9
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(reps): run()
            best = min(best, (time.perf_counter() - t0) / reps)
        out[f"{di}/{n}"] = best
print(json.dumps(out))
`;
  const r = runPython(py);
  if (r.status === 0) peer = new Map(Object.entries(JSON.parse(r.stdout) as Record<string, number>));
  else console.log(`numpy peer failed: ${r.stderr.slice(0, 300)}`);
}
for (const s of shapes) {
  for (const n of batches) {
    const k = `${s.inputDim}/${n}`;
    const a = ours.get(k)!, b = peer.get(k);
    rows.push([s.name, String(n), `${(a * 1e6).toFixed(1)} µs`, b === undefined ? '—' : `${(b * 1e6).toFixed(1)} µs (best of 5)`, b === undefined ? '—' : (b / a).toFixed(2)]);
  }
}
printTable('ResNet forward + backward (tanh, dense K_j, tape allocation included)', ['shape', 'batch', 'lsqnet', 'numpy (1 thread)', 'numpy / lsqnet'], rows);

// GradientNetwork('resnet') per epoch on 2,000 points (batch 5 → 400 Adam steps per epoch)
{
  const n = 2000;
  const X = Matrix.random(n, 2, { seed: 5, dist: 'uniform', low: -3, high: 3 });
  const x = X.toRowMajor();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) { const a = x[2 * i]!, b = x[2 * i + 1]!; y[i] = Math.sin(a) * Math.cos(b); }
  const out: (string | number)[][] = [];
  for (const [w, d] of [[8, 8], [16, 8]] as const) {
    const net = new GradientNetwork({ architecture: 'resnet', width: w, depth: d, horizon: 5, epochs: 5, batchSize: 5, learningRate: 1e-3, seed: 1 });
    const { seconds } = timeOnce(() => net.fit(X, y));
    out.push([`w ${w}, d ${d}`, `${((seconds / 5) * 1000).toFixed(1)} ms`, `${((seconds / 5 / 400) * 1e6).toFixed(1)} µs`]);
    net.dispose();
  }
  printTable('GradientNetwork({ architecture: \'resnet\' }): 2,000 rows, batch 5, 5 epochs', ['ResNet', 'per epoch', 'per Adam step (incl. epoch MSE)'], out);
  X.dispose();
}
