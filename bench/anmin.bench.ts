// ANMIN vs gradient training (ANMIN paper Table 3/4 style) on abalone and SDF, and the speed of
// the H-assembly kernel against the naive accumulation and a numpy peer.
//   npm run bench -- anmin
// Environment: ANMIN_BENCH_ABALONE_SPLITS (default 5), ANMIN_BENCH_SDF_SPLITS (default 3),
// ANMIN_BENCH_GRADIENT=0 to skip the gradient baselines, ANMIN_BENCH_KERNEL_ONLY=1.
import { Matrix, AnminNetwork, GradientNetwork } from '../src/index.js';
import { wasm, withScratch, runtimeInfo, ptrOf } from '../bindings/raw.js';
import { refKernels } from '../test/helpers/ref-kernels.js';
import { hasPythonNumpy, printTable, fmt, runPython } from './harness.js';
import { loadAnminData, prepareSplit, mse } from '../test/helpers/anmin-datasets.js';

const envInt = (k: string, d: number) => (process.env[k] !== undefined ? Number(process.env[k]) : d);

// ------------------------------------------------------------------ kernel speed

function bestOf(reps: number, f: () => void): number {
  let b = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    f();
    b = Math.min(b, performance.now() - t);
  }
  return b / 1000;
}

function numpyAssembly(n: number, D: number, h: number, alpha: number): number {
  // the reference implementation's formulation: U = ZᵀZ with Z = [G_j ∘ X̃] in batches, one BLAS call per batch
  const py = `
import numpy as np, time
rng = np.random.default_rng(1)
n, D, h, alpha = ${n}, ${D}, ${h}, ${alpha}
X = rng.standard_normal((n, D)); X[:, 0] = 1
A = rng.standard_normal((D, h)); P = X @ A
G = np.where(P > 0, 1.0, alpha)
best = 1e9
for rep in range(3):
    t = time.perf_counter()
    H = np.zeros((D * h, D * h))
    for r0 in range(0, n, 4096):
        Z = (G[r0:r0+4096, :, None] * X[r0:r0+4096, None, :]).reshape(-1, D * h)
        H += Z.T @ Z
    best = min(best, time.perf_counter() - t)
print(best)
`;
  const r = runPython(py);
  return r.status === 0 ? Number(r.stdout.trim()) : NaN;
}

function kernelTable(): void {
  const k = wasm();
  const rows: (string | number)[][] = [];
  const py = hasPythonNumpy();
  for (const [name, n, d, h, alpha] of [
    ['abalone', 3342, 7, 64, 0], ['abalone-L', 3342, 7, 64, 0.1], ['SDF', 58464, 2, 64, 0], ['SDF-L', 58464, 2, 64, 0.1],
  ] as const) {
    const D = d + 1, N = D * h;
    const X = Matrix.random(n, D, { seed: 1 });
    X.view().fill(1, 0, n);
    const A = Matrix.random(D, h, { seed: 2 });
    const G = X.matmul(A);
    k.anminPattern(n, h, alpha, ptrOf(G), n, ptrOf(G), n);
    const BBt = Matrix.random(h, h, { seed: 3 });
    const H = new Matrix(N, N);
    const run = (fn: typeof k.anminAssemble) => bestOf(3, () => withScratch(k.anminAssembleWorkspaceSize(n, D, h),
      (w) => fn(n, D, h, ptrOf(X), n, ptrOf(G), n, ptrOf(BBt), h, 1e-3, ptrOf(H), N, w)));
    const tm = run(k.anminAssemble);
    const tz = run(k.anminAssembleZ);
    // the naive twin is not shipped: it runs in the ref build's instance on copies of X, G, BBᵀ
    const rk = refKernels(runtimeInfo().relaxedSimd ? 'ref-relaxed' : 'ref');
    const put = (m: Matrix) => { const p = rk.alloc(m.rows * m.cols * 8); new Float64Array(rk.memory.buffer).set(m.toColumnMajor(), p >> 3); return p; };
    const rx = put(X), rg = put(G), rb = put(BBt), rh = rk.alloc(N * N * 8);
    const tn = bestOf(1, () => rk.anminAssembleRef(n, D, h, rx, n, rg, n, rb, h, 1e-3, rh, N));
    [rx, rg, rb, rh].forEach((p) => rk.free(p));
    const tp = py ? numpyAssembly(n, D, h, alpha) : NaN;
    // flops of the dense formulation over the upper blocks: N·(hD)²
    const gf = (n * N * N) / tm / 1e9;
    rows.push([name, `${n}×${D}, h=${h}`, fmt(tm * 1000), fmt(tz * 1000), fmt(tn * 1000), `${(tn / tm).toFixed(1)}×`,
      Number.isFinite(tp) ? fmt(tp * 1000) : 'n/a', Number.isFinite(tp) ? `${(tp / tm).toFixed(2)}×` : 'n/a', gf.toFixed(1)]);
    [X, A, G, BBt, H].forEach((m) => m.dispose());
  }
  printTable('ANMIN H-assembly per iteration (ms, best of 3)',
    ['problem', 'N×(d+1)', 'anminAssemble', 'ZᵀZ variant', 'naive (scalar)', 'speed-up vs naive', 'numpy ZᵀZ (1 thread)', 'numpy / ours', 'dense-equiv GF/s'], rows);
}

// ------------------------------------------------------------------ models

interface Method {
  name: string;
  paper: string;
  make: (seed: number) => AnminNetwork | GradientNetwork;
}

const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const sd = (v: number[]) => { const m = mean(v); return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1)); };

function modelTable(name: 'abalone' | 'sdf', splits: number, methods: Method[]): void {
  const { X, y } = loadAnminData(name);
  const acc = methods.map(() => ({ train: [] as number[], test: [] as number[], time: [] as number[], share: [] as number[] }));
  for (let s = 1; s <= splits; s++) {
    const d = prepareSplit(X, y, s);
    methods.forEach((m, i) => {
      const net = m.make(s);
      const t0 = performance.now();
      net.fit(d.Xtr, d.ytr);
      const secs = (performance.now() - t0) / 1000;
      const Ptr = net.predict(d.Xtr), Pte = net.predict(d.Xte);
      acc[i]!.train.push(mse(Ptr, d.ytr));
      acc[i]!.test.push(mse(Pte, d.yte));
      acc[i]!.time.push(secs);
      if (net instanceof AnminNetwork) acc[i]!.share.push(net.diagnostics!.timings.assembly / net.diagnostics!.timings.total);
      Ptr.dispose(); Pte.dispose(); net.dispose();
    });
    d.dispose();
  }
  const rows = methods.map((m, i) => {
    const a = acc[i]!;
    return [m.name, `${fmt(mean(a.train))} (${fmt(sd(a.train))})`, `${fmt(mean(a.test))} (${fmt(sd(a.test))})`, fmt(mean(a.time)),
      a.share.length ? `${(100 * mean(a.share)).toFixed(0)} %` : '—', m.paper];
  });
  printTable(`${name === 'abalone' ? 'Abalone' : 'SDF'}: mean (sd) over ${splits} random 80/20 splits, h = 64`,
    ['method', 'train MSE', 'test MSE', 'seconds / fit', 'assembly share', 'paper: train / test MSE, GPU s'], rows);
  X.dispose(); y.dispose();
}

kernelTable();
if (process.env.ANMIN_BENCH_KERNEL_ONLY !== '1') {
  const grad = process.env.ANMIN_BENCH_GRADIENT !== '0';
  const methods = (paper: Record<string, string>, sgdLr: number): Method[] => [
    { name: 'ANMIN (30 it)', paper: paper.anmin!, make: (s) => new AnminNetwork({ hidden: 64, iterations: 30, seed: s }) },
    { name: 'ANMIN-L (α 0.1)', paper: paper.anminL!, make: (s) => new AnminNetwork({ hidden: 64, alpha: 0.1, iterations: 30, seed: s }) },
    ...(grad ? [
      { name: 'Adam (300 ep)', paper: paper.adam!, make: (s: number) => new GradientNetwork({ hidden: 64, optimizer: 'adam', seed: s }) },
      { name: `SGD (300 ep, lr ${sgdLr})`, paper: paper.sgd!, make: (s: number) => new GradientNetwork({ hidden: 64, optimizer: 'sgd', learningRate: sgdLr, seed: s }) },
      { name: 'L-BFGS (60 it, full batch)', paper: paper.lbfgs!, make: (s: number) => new GradientNetwork({ hidden: 64, optimizer: 'lbfgs', epochs: 60, seed: s }) },
    ] : []),
  ];
  modelTable('abalone', envInt('ANMIN_BENCH_ABALONE_SPLITS', 5), methods({
    anmin: '3.94 / 4.64, 1.3 s', anminL: '3.95 / 4.66, 0.9 s', adam: '4.00 / 5.05, 9.1 s', sgd: '4.20 / 4.45, 9.1 s', lbfgs: '4.17 / 4.50, 16.4 s',
  }, 0.01));
  modelTable('sdf', envInt('ANMIN_BENCH_SDF_SPLITS', 3), methods({
    anmin: '3.53 / 3.56, 12.8 s', anminL: '3.45 / 3.48, 19.3 s', adam: '12.35 / 12.36, 223 s', sgd: '22.43 / 22.36, 153 s', lbfgs: '25.71 / 25.65, 79.6 s',
  }, 0.001));
}
