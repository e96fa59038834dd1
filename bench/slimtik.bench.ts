// SlimTik step cost (docs/slimtrain.md "SlimTik"): mean time of one step (memory update, thin
// SVD of the memory, sGCV on the 60-point MATLAB grid, SMW update) on random batches shaped like
// the paper's problems, beside a numpy peer that performs the same step in the MATLAB form
// (tikParamFctn.solve: svd(M, 'econ'), the grid evaluated for all candidates, explicit B⁻¹ of
// size p×p). Then the paper's Fig. 1 property: on the peaks function with a fixed random tanh
// feature map (p = 17 with the ones column), constant Λ_k = λ/K over K = 80 batches of 25,
// the relative distance of W to the Tikhonov solution (ZᵀZ + nλI)⁻¹ZᵀC after 1, 2 and 5
// epochs, for full memory (sTik), r = 5 and r = 0. Nothing is asserted.
//   npm run bench -- slimtik
import { loadavg } from 'node:os';
import { lstsq, Matrix, SlimTik } from '../src/index.js';
import { hasPythonNumpy, printTable, runPython, timeit } from './harness.js';

interface Config { name: string; n: number; p: number; t: number; r: number }
const configs: Config[] = [
  { name: 'peaks (w = 8 + bias)', n: 5, p: 9, t: 1, r: 0 },
  { name: 'peaks (w = 8 + bias)', n: 5, p: 9, t: 1, r: 5 },
  { name: 'CDR surrogate (w = 16 + bias)', n: 5, p: 17, t: 72, r: 0 },
  { name: 'CDR surrogate (w = 16 + bias)', n: 10, p: 17, t: 72, r: 5 },
  { name: 'wide features', n: 32, p: 257, t: 1, r: 5 },
  { name: 'wide features, tall memory', n: 64, p: 65, t: 10, r: 10 },
];

const BATCHES = 16;
const rows: (string | number)[][] = [];
const py = hasPythonNumpy();
for (const c of configs) {
  const Zs = Array.from({ length: BATCHES }, (_, k) => Matrix.random(c.n, c.p, { seed: 100 + k }));
  const Cs = Array.from({ length: BATCHES }, (_, k) => Matrix.random(c.n, c.t, { seed: 200 + k }));
  const tik = new SlimTik({ memory: c.r, sumLambda0: 1e-3 });
  let k = 0;
  const sec = timeit(`slimtik ${c.name}`, () => { tik.step(Zs[k % BATCHES]!, Cs[k % BATCHES]!); k++; }, { minSamples: 20, maxTime: 1 });
  tik.dispose();
  for (const m of [...Zs, ...Cs]) m.dispose();
  let peer = NaN;
  if (py) {
    const res = runPython(`
import numpy as np, time
rng = np.random.default_rng(0)
n, p, t, r = ${c.n}, ${c.p}, ${c.t}, ${c.r}
Zs = [rng.standard_normal((p, n)) for _ in range(${BATCHES})]   # samples as columns (MATLAB)
Cs = [rng.standard_normal((t, n)) for _ in range(${BATCHES})]
W = np.zeros((t, p)); S = 1e-3; lb = 1e-7; mem = []
def step(Z, C):
    global W, S, mem
    beta = 1 / np.sqrt(n)
    mem = (mem + [Z])[-(r + 1):]
    M = beta * np.hstack(mem); Zb = beta * Z; Cb = beta * C
    U, s, _ = np.linalg.svd(M, full_matrices=False)
    ZU = Zb.T @ U; WZC = W @ Zb - Cb; WZCZU = WZC @ ZU; WU = W @ U
    pexp = min(np.log10(S / 2), 1e3)
    lam = np.logspace(min(pexp, -16), max(pexp, -16), 30); lam = np.concatenate([-lam[::-1], lam])
    den = s[:, None] ** 2 + S + lam[None, :]                       # q x G
    m1 = WZCZU[:, :, None] + WU[:, :, None] * lam[None, None, :]   # t x q x G
    res = np.einsum('tqg,nq,qg->tng', m1, ZU, 1 / den) - WZC[:, :, None]
    rho = (res ** 2).sum(axis=(0, 1)); tau = t * ((ZU ** 2).sum(0) @ (1 / den))
    L = lam[np.argmin(rho / (n * t - tau) ** 2)]
    if L + S < lb: L = lb - S
    a = 1 / (L + S)
    Binv = a * np.eye(p) - a * a * (U * (s ** 2 / (1 + a * s ** 2))) @ U.T
    W = W - (WZC @ Zb.T + L * W) @ Binv
    S = max(S + L, lb)
for k in range(20): step(Zs[k % ${BATCHES}], Cs[k % ${BATCHES}])
best = 1e9
for rep in range(5):
    t0 = time.perf_counter(); K = 200
    for k in range(K): step(Zs[k % ${BATCHES}], Cs[k % ${BATCHES}])
    best = min(best, (time.perf_counter() - t0) / K)
print(best)
`);
    if (res.status === 0) peer = Number(res.stdout.trim());
  }
  rows.push([c.name, String(c.n), String(c.p), String(c.t), String(c.r), String((c.r + 1) * c.n), sec * 1e6, Number.isFinite(peer) ? peer * 1e6 : 'n/a']);
}
printTable(`SlimTik: one sGCV step (µs), 60 candidates, wasm vs numpy (MATLAB form, 1 thread); load average ${loadavg()[0]!.toFixed(1)}`,
  ['problem', 'n', 'p', 't', 'r', 'memory rows', 'lsqnet µs/step', 'numpy µs/step (best of 5)'], rows);

// ── Fig. 1 property (sTik reaches the Tikhonov solution in one epoch)
{
  const N = 2000, nb = 25, K = N / nb, w = 16, lambda = 1e-2;
  let a = 12345;
  const u = (): number => { a = (Math.imul(a, 1103515245) + 12345) >>> 0; return a / 4294967296; };
  const peaks = (x: number, y: number): number => 3 * (1 - x) ** 2 * Math.exp(-(x ** 2) - (y + 1) ** 2)
    - 10 * (x / 5 - x ** 3 - y ** 5) * Math.exp(-(x ** 2) - y ** 2) - Math.exp(-((x + 1) ** 2) - y ** 2) / 3;
  const Kin = Array.from({ length: w }, () => [2 * u() - 1, 2 * u() - 1, 2 * u() - 1]);
  const Zrows: number[][] = [], Crows: number[][] = [];
  for (let i = 0; i < N; i++) {
    const x = 6 * u() - 3, y = 6 * u() - 3;
    Zrows.push([...Kin.map(([k1, k2, b]) => Math.tanh(k1! * x + k2! * y + b!)), 1]);
    Crows.push([peaks(x, y)]);
  }
  const p = w + 1;
  // reference: ridge least squares on [Z; √(nλ)·I] (lstsq, SVD)
  const aug = [...Zrows, ...Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j ? Math.sqrt(nb * lambda) : 0)))];
  const rhs = [...Crows.map((r) => r[0]!), ...new Array<number>(p).fill(0)];
  const ref = lstsq(aug, rhs).x;
  const batches = Array.from({ length: K }, (_, k) => [Matrix.fromRows(Zrows.slice(k * nb, (k + 1) * nb)), Matrix.fromRows(Crows.slice(k * nb, (k + 1) * nb))] as const);
  const out: (string | number)[][] = [];
  for (const [name, r] of [['sTik (full memory)', 5 * K], ['r = 5', 5], ['r = 0', 0]] as const) {
    const tik = new SlimTik({ memory: r, regularization: lambda / K, weights: Array.from({ length: p }, () => [2 * u() - 1]) });
    const errs: string[] = [];
    for (let e = 1; e <= 5; e++) {
      for (const [Z, C] of batches) tik.step(Z, C);
      if (e === 1 || e === 2 || e === 5) {
        const W = tik.weights;
        let num = 0, den = 0;
        for (let i = 0; i < p; i++) { num += (W.get(i, 0) - ref[i]!) ** 2; den += ref[i]! ** 2; }
        W.dispose();
        errs.push(Math.sqrt(num / den).toExponential(1));
      }
    }
    tik.dispose();
    out.push([name, ...errs]);
  }
  for (const [Z, C] of batches) { Z.dispose(); C.dispose(); }
  printTable(`Fig. 1 property: ‖W − W_tik‖/‖W_tik‖ on peaks (N = ${N}, ${K} batches of ${nb}, p = ${p}, Λ_k = λ/K, λ = ${lambda}; W_tik for n·λ)`,
    ['memory', 'epoch 1', 'epoch 2', 'epoch 5'], out);
}
