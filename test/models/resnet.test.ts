// ResNet feature extractor (ALGORITHMS.md §9.7): forward pass against a plain-JS reference, the
// back-propagated gradient against central finite differences, parameter counts (the paper's
// 528), the θ-regulariser's gradient, the shared initialisation/batches, typed errors, memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, Matrix, liveBytes, ResNet, resnetInit, epochBatches, OptionError, ShapeError, InvalidInputError, NonFiniteError,
} from '../../src/index.js';
import { assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

type Opts = { inputDim: number; width: number; depth: number; horizon: number; activation?: 'tanh' | 'relu'; antisymmetric?: boolean; inputBias?: boolean; layerBias?: boolean };

/** Plain-JS forward pass (row by row) following the documented θ layout; returns U (n×w, row-major). */
function jsForward(o: Opts, theta: Float64Array, X: number[][]): number[][] {
  const { inputDim: di, width: w, depth: d } = o;
  const h = d > 0 ? o.horizon / d : 0;
  const sig = (z: number) => (o.activation === 'relu' ? Math.max(z, 0) : Math.tanh(z));
  const inBias = o.inputBias ?? true, lBias = o.layerBias ?? true, anti = o.antisymmetric ?? false;
  const nk = anti ? (w * (w - 1)) / 2 : w * w;
  const nIn = w * di + (inBias ? w : 0), nb = nk + (lBias ? w : 0);
  return X.map((x) => {
    let u = new Array<number>(w).fill(0).map((_, a) => {
      let z = inBias ? theta[w * di + a]! : 0;
      for (let b = 0; b < di; b++) z += theta[a + b * w]! * x[b]!;
      return sig(z);
    });
    for (let j = 0; j < d; j++) {
      const off = nIn + j * nb;
      const K = (a: number, b: number): number => {
        if (!anti) return theta[off + a + b * w]!;
        if (a === b) return 0;
        const [i, k, s] = a < b ? [a, b, 1] : [b, a, -1];
        return s * theta[off + i * w - (i * (i + 1)) / 2 + (k - i - 1)]!;
      };
      u = u.map((ua, a) => {
        let z = lBias ? theta[off + nk + a]! : 0;
        for (let b = 0; b < w; b++) z += K(a, b) * u[b]!;
        return ua + h * sig(z);
      });
    }
    return u;
  });
}

function rows(M: Matrix): number[][] { return M.toRows(); }

/** L(θ) = Σ C ∘ F(X, θ) for a fixed C: the gradient is backward(dU = C). */
function fdCheck(o: Opts, n: number, seed: number): number {
  const net = new ResNet(o);
  const X = Matrix.random(n, o.inputDim, { seed, stream: 1 });
  const C = Matrix.random(n, o.width, { seed, stream: 2 });
  const theta = net.initTheta(seed);
  // non-zero biases so that their gradients are exercised
  const tv = theta.view();
  for (let i = 0; i < tv.length; i++) tv[i] = tv[i]! + 0.1 * Math.sin(1 + i);
  const { features, tape } = net.forward(theta, X);
  const gm = net.backward(theta, tape, C);
  const g = gm.toColumnMajor();
  gm.dispose();
  tape.dispose(); features.dispose();
  const c = C.toColumnMajor();
  const L = (th: Matrix): number => {
    const { features: F, tape: t } = net.forward(th, X);
    const f = F.toColumnMajor();
    F.dispose(); t.dispose();
    let s = 0;
    for (let i = 0; i < f.length; i++) s += f[i]! * c[i]!;
    return s;
  };
  const base = theta.toColumnMajor();
  const fd = new Float64Array(base.length);
  const step = 1e-6;
  const th = Matrix.fromColumnMajor(base, base.length, 1);
  for (let i = 0; i < base.length; i++) {
    th.view()[i] = base[i]! + step; const lp = L(th);
    th.view()[i] = base[i]! - step; const lm = L(th);
    th.view()[i] = base[i]!;
    fd[i] = (lp - lm) / (2 * step);
  }
  let num = 0, den = 0;
  for (let i = 0; i < g.length; i++) { num += (g[i]! - fd[i]!) ** 2; den += g[i]! ** 2; }
  th.dispose(); theta.dispose(); X.dispose(); C.dispose();
  return Math.sqrt(num / den);
}

test('forward equals the plain-JS reference (dense/antisymmetric, biases on/off, tanh/relu)', () => {
  const start = liveBytes();
  for (const o of [
    { inputDim: 3, width: 5, depth: 4, horizon: 2 },
    { inputDim: 2, width: 7, depth: 3, horizon: 5, antisymmetric: true, inputBias: false },
    { inputDim: 4, width: 6, depth: 5, horizon: 1, activation: 'relu' as const, layerBias: false },
    { inputDim: 1, width: 3, depth: 0, horizon: 5 },
  ] as Opts[]) {
    const net = new ResNet(o);
    const X = Matrix.random(9, o.inputDim, { seed: 3, stream: 1 });
    const theta = net.initTheta(5);
    const tv = theta.view();
    for (let i = 0; i < tv.length; i++) tv[i] = tv[i]! + 0.05 * Math.cos(i);
    const { features, tape } = net.forward(theta, X);
    const ref = jsForward(o, theta.toColumnMajor(), rows(X));
    const got = rows(features);
    let err = 0;
    for (let i = 0; i < ref.length; i++) for (let a = 0; a < o.width; a++) err = Math.max(err, Math.abs(got[i]![a]! - ref[i]![a]!));
    assertLE(err, 1e-13, `forward max error ${JSON.stringify(o)}`);
    features.dispose(); tape.dispose(); theta.dispose(); X.dispose();
  }
  assert.is(liveBytes(), start);
});

test('depth 0: features = σ(X K_inᵀ + b_in)', () => {
  const net = new ResNet({ inputDim: 3, width: 4, depth: 0 });
  const X = Matrix.random(6, 3, { seed: 2 });
  const theta = net.initTheta(2);
  const tv = theta.view();
  for (let i = 12; i < 16; i++) tv[i] = 0.3 * (i - 13);
  const Kin = Matrix.fromColumnMajor(theta.toColumnMajor().subarray(0, 12), 4, 3);
  const Z = X.matmul(Kin, { transB: true });
  const z = Z.toRows();
  const { features, tape } = net.forward(theta, X);
  const f = features.toRows();
  let err = 0;
  for (let i = 0; i < 6; i++) for (let a = 0; a < 4; a++) err = Math.max(err, Math.abs(f[i]![a]! - Math.tanh(z[i]![a]! + tv[12 + a]!)));
  assertLE(err, 4 * 2 ** -52, 'depth-0 features');
  for (const m of [X, theta, Kin, Z, features]) m.dispose();
  tape.dispose();
});

test('gradient equals central finite differences (≤ 1e-6 relative)', () => {
  const start = liveBytes();
  const cases: Opts[] = [
    { inputDim: 2, width: 8, depth: 8, horizon: 5 },
    { inputDim: 3, width: 5, depth: 3, horizon: 2, antisymmetric: true },
    { inputDim: 3, width: 5, depth: 3, horizon: 2, antisymmetric: true, inputBias: false },
    { inputDim: 1, width: 7, depth: 5, horizon: 5, inputBias: false, layerBias: false },
    { inputDim: 5, width: 3, depth: 1, horizon: 0.7, antisymmetric: true, layerBias: false },
    { inputDim: 2, width: 4, depth: 2, horizon: 1, activation: 'relu' },
  ];
  let worst = 0;
  for (const o of cases) {
    const rel = fdCheck(o, 7, 11);
    assertLE(rel, 1e-6, `FD relative error ${JSON.stringify(o)}`);
    worst = Math.max(worst, rel);
  }
  console.log(`  ResNet gradient vs central FD (step 1e-6): worst relative error ${worst.toExponential(2)} over ${cases.length} layouts`);
  assert.is(liveBytes(), start);
});

test('parameter counts; the paper\'s 528 is dense K_j without layer biases', () => {
  const base = { inputDim: 2, width: 8, depth: 8, horizon: 5, inputBias: false };
  // dense K_j (64) + b_j (8) per layer: 16 + 8·72
  assert.is(new ResNet(base).parameterCount, 592);
  // antisymmetric K_j (28) + b_j (8): 16 + 8·36
  assert.is(new ResNet({ ...base, antisymmetric: true }).parameterCount, 304);
  // the paper's θ ∈ R⁵²⁸ = 16 + 8·64: dense K_j, no layer bias (ALGORITHMS.md §9.7)
  assert.is(new ResNet({ ...base, layerBias: false }).parameterCount, 528);
  assert.is(new ResNet({ ...base, inputBias: true }).parameterCount, 600);
  assert.is(new ResNet({ ...base, antisymmetric: true, layerBias: false }).parameterCount, 16 + 8 * 28);
});

test('regulariser: value by definition and gradient by finite differences', () => {
  const start = liveBytes();
  const o = { inputDim: 2, width: 3, depth: 4, horizon: 2, antisymmetric: true };
  const net = new ResNet(o);
  const theta = net.initTheta(4);
  const alpha = 0.37;
  const { value, gradient } = net.regularizer(theta, alpha);
  const t = theta.toColumnMajor();
  const nIn = net.inputParameterCount, nb = net.layerParameterCount, h = 2 / 4;
  const R = (v: Float64Array): number => {
    let s = 0, d2 = 0;
    for (let i = 0; i < nIn; i++) s += v[i]! ** 2;
    for (let j = 0; j + 1 < o.depth; j++) for (let i = 0; i < nb; i++) d2 += ((v[nIn + (j + 1) * nb + i]! - v[nIn + j * nb + i]!) / h) ** 2;
    return 0.5 * alpha * (s + d2);
  };
  assertLE(Math.abs(value - R(t)) / R(t), 1e-14, 'regulariser value');
  const g = gradient.toColumnMajor();
  let num = 0, den = 0;
  for (let i = 0; i < t.length; i++) {
    const p = Float64Array.from(t); p[i] = p[i]! + 1e-5;
    const m = Float64Array.from(t); m[i] = m[i]! - 1e-5;
    const fd = (R(p) - R(m)) / 2e-5;
    num += (fd - g[i]!) ** 2; den += g[i]! ** 2;
  }
  assertLE(Math.sqrt(num / den), 1e-8, 'regulariser gradient FD');
  theta.dispose(); gradient.dispose();
  assert.is(liveBytes(), start);
});

test('resnetInit: θ₀ = initTheta, W₀ distributions and determinism', () => {
  const start = liveBytes();
  const ro = { inputDim: 2, width: 8, depth: 8, horizon: 5 };
  const a = resnetInit(3, ro, 2, 'normal');
  const b = resnetInit(3, ro, 2, 'scaled');
  const c = resnetInit(3, ro, 2, 'zeros');
  const th = new ResNet(ro).initTheta(3);
  assert.equal(a.theta.toColumnMajor(), th.toColumnMajor());
  assert.equal(b.theta.toColumnMajor(), th.toColumnMajor());
  assert.is(a.W0.rows, 9); assert.is(a.W0.cols, 2);
  const wn = a.W0.toColumnMajor(), ws = b.W0.toColumnMajor();
  for (let i = 0; i < wn.length; i++) assertLE(Math.abs(ws[i]! - wn[i]! / 3), 1e-16, 'scaled = normal/√p');
  assert.ok(c.W0.toColumnMajor().every((v) => v === 0));
  const d = resnetInit(4, ro, 2, 'normal');
  assert.not.equal(d.W0.toColumnMajor(), wn);
  for (const m of [a.theta, a.W0, b.theta, b.W0, c.theta, c.W0, d.theta, d.W0, th]) m.dispose();
  assert.is(liveBytes(), start);
});

test('epochBatches: a permutation, full batches only, reproducible, epoch-dependent', () => {
  const n = 23, bs = 5;
  const e0 = epochBatches(7, 0, n, bs);
  assert.is(e0.length, 4);
  const seen = new Set<number>();
  for (const b of e0) { assert.is(b.length, bs); for (const i of b) seen.add(i); }
  assert.is(seen.size, 20);
  assert.ok([...seen].every((i) => i >= 0 && i < n));
  assert.equal(epochBatches(7, 0, n, bs).map((b) => [...b]), e0.map((b) => [...b]));
  assert.not.equal(epochBatches(7, 1, n, bs).map((b) => [...b]), e0.map((b) => [...b]));
  assert.is(epochBatches(7, 0, 4, 5).length, 0);
  // the full permutation with batchSize 1
  const all = epochBatches(9, 2, 50, 1).map((b) => b[0]!).sort((x, y) => x - y);
  assert.equal(all, Array.from({ length: 50 }, (_, i) => i));
});

test('typed errors', () => {
  const start = liveBytes();
  assertThrows(() => new ResNet({ inputDim: 2, widht: 3 } as never), OptionError, /widht/);
  assertThrows(() => new ResNet({} as never), OptionError, /inputDim/);
  assertThrows(() => new ResNet({ inputDim: 2, width: 0 }), OptionError, /width/);
  assertThrows(() => new ResNet({ inputDim: 2, activation: 'sigmoid' as never }), OptionError, /activation/);
  assertThrows(() => new ResNet({ inputDim: 2, horizon: -1 }), OptionError, /horizon/);
  const net = new ResNet({ inputDim: 2, width: 3, depth: 2 });
  const theta = net.initTheta(1);
  const bad = Matrix.zeros(3, 1);
  assertThrows(() => net.forward(bad, [[1, 2]]), ShapeError, /theta/);
  assertThrows(() => net.forward(theta, [[1, 2, 3]]), ShapeError, /inputDim/);
  assertThrows(() => net.forward(theta, [[1, NaN]]), Error, /X/);
  const { features, tape } = net.forward(theta, [[1, 2], [3, 4]]);
  assertThrows(() => net.backward(theta, tape, [[1, 2, 3]]), ShapeError, /dU/);
  tape.dispose();
  assertThrows(() => net.backward(theta, tape, [[1, 2, 3], [4, 5, 6]]), InvalidInputError, /tape/);
  assertThrows(() => net.regularizer(theta, -1), OptionError, /alpha/);
  assertThrows(() => resnetInit(1, { inputDim: 2 }, 1, 'uniform' as never), OptionError, /outputInit/);
  assertThrows(() => epochBatches(1, 0, 10, 0), OptionError, /batchSize/);
  // overflow inside the network: a NonFiniteError naming the row, nothing leaked
  const relu = new ResNet({ inputDim: 2, width: 3, depth: 2, activation: 'relu' });
  const big = Matrix.full(relu.parameterCount, 1, 10);
  assertThrows(() => relu.forward(big, [[1, 2], [1e308, 1e308]]), NonFiniteError, /row 1/);
  features.dispose(); theta.dispose(); bad.dispose(); big.dispose();
  assert.is(liveBytes(), start);
});

test.run();
