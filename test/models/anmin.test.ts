// ANMIN (ALGORITHMS.md §7, §11 item 7): the hidden-layer normal equations (gradient of the
// sum-convention loss with G frozen vanishes at the solution of H a = c; block (j, l) of M is
// (BBᵀ)_jl U_jl), the branch rule (Cholesky vs clamped pseudo-inverse), best-so-far selection,
// edge cases without NaN, typed errors and memory hygiene.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, Matrix, AnminNetwork, liveBytes, OptionError, InvalidInputError, ShapeError, NotFittedError, DisposedError, OutOfMemoryError,
} from '../../src/index.js';
import { hiddenStep, outputStep } from '../../src/models/anmin.js';
import { withOnes } from '../../src/models/two-layer.js';
import { eigh } from '../../src/linalg/eigh.js';
import { wasm, ptrOf } from '../../bindings/raw.js';
import { EPS, assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

/** The §11.7 problem: N = 200, d = 2, h = 5, c = 3 (seeded), with the pattern G of A and a fitted Θ. */
function smallProblem(alpha: number, seed = 1) {
  const n = 200, d = 2, h = 5, c = 3;
  const X = Matrix.random(n, d, { seed, stream: 11 });
  const Xt = withOnes(X);
  const Y = Matrix.random(n, c, { seed, stream: 12 });
  const A = Matrix.random(d + 1, h, { seed, stream: 13 });
  const G = Xt.matmul(A);
  wasm().anminPattern(n, h, alpha, ptrOf(G), n, ptrOf(G), n);
  const S = new Matrix(n, h + 1);
  const { theta } = outputStep(Xt, Y, A, alpha, 1e-3, S);
  S.dispose();
  return {
    n, d, h, c, D: d + 1, X, Xt, Y, A, G, theta,
    dispose() { [X, Xt, Y, A, G, theta].forEach((m) => m.dispose()); },
  };
}

/**
 * Plain-JS gradient of L(A) = Σ_ik ((G∘(X̃A))B + 1b⁰ᵀ − Y)²_ik + λ‖A‖²_F (sum convention, G, B,
 * b⁰ frozen): ∇ = 2X̃ᵀ(G ∘ (E Bᵀ)) + 2λA, E = (G∘X̃A)B + 1b⁰ᵀ − Y. Also returns L.
 */
function jsLossGrad(p: ReturnType<typeof smallProblem>, a: Float64Array, lambda: number): { L: number; grad: Float64Array } {
  const { n, h, c, D } = p;
  const X = p.Xt.toColumnMajor(), G = p.G.toColumnMajor(), Y = p.Y.toColumnMajor(), T = p.theta.toColumnMajor();
  const grad = new Float64Array(D * h);
  let L = 0;
  for (const v of a) L += lambda * v * v;
  for (let i = 0; i < n; i++) {
    const z: number[] = [];
    for (let j = 0; j < h; j++) {
      let s = 0;
      for (let q = 0; q < D; q++) s += X[i + q * n]! * a[q + j * D]!;
      z.push(G[i + j * n]! * s);
    }
    const e: number[] = [];
    for (let k = 0; k < c; k++) {
      let o = T[h + k * (h + 1)]!;
      for (let j = 0; j < h; j++) o += z[j]! * T[j + k * (h + 1)]!;
      e.push(o - Y[i + k * n]!);
      L += (o - Y[i + k * n]!) ** 2;
    }
    for (let j = 0; j < h; j++) {
      let eb = 0;
      for (let k = 0; k < c; k++) eb += e[k]! * T[j + k * (h + 1)]!;
      const w = 2 * G[i + j * n]! * eb;
      for (let q = 0; q < D; q++) grad[q + j * D] = grad[q + j * D]! + w * X[i + q * n]!;
    }
  }
  for (let t = 0; t < a.length; t++) grad[t] = grad[t]! + 2 * lambda * a[t]!;
  return { L, grad };
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

test('§11.7: the JS gradient matches finite differences (so it can serve as the reference)', () => {
  const p = smallProblem(0.1, 3);
  const a = p.A.toColumnMajor();
  const { grad } = jsLossGrad(p, a, 1e-3);
  for (let t = 0; t < a.length; t++) {
    const d = 1e-5 * Math.max(1, Math.abs(a[t]!));
    const ap = Float64Array.from(a); ap[t] = a[t]! + d;
    const am = Float64Array.from(a); am[t] = a[t]! - d;
    // L is quadratic in a (G frozen): central differences are exact up to rounding
    const fd = (jsLossGrad(p, ap, 1e-3).L - jsLossGrad(p, am, 1e-3).L) / (2 * d);
    assertLE(Math.abs(fd - grad[t]!), 1e-6 * Math.max(1, Math.abs(grad[t]!)), `∂L/∂a[${t}]`);
  }
  p.dispose();
});

test('§11.7: at the solution of H a = c the gradient of the frozen-pattern loss vanishes; M_jl = (BBᵀ)_jl U_jl', () => {
  const base = liveBytes();
  for (const alpha of [0, 0.1]) {
    const p = smallProblem(alpha);
    const lambda = 1e-3;
    const step = hiddenStep(p.Xt, p.Y, p.G, p.theta, { lambda, tau: -1e4, clamp: 1e-4, keepSystem: true });
    assert.is(step.branch, 'cholesky');
    const H = step.H!.toColumnMajor();
    const N = p.D * p.h;
    // blocks of H against the naive definition (plain JS): (BBᵀ)_jl Σ_i G_ij G_il x̃_i x̃_iᵀ + λI
    const X = p.Xt.toColumnMajor(), G = p.G.toColumnMajor(), T = p.theta.toColumnMajor();
    for (let j = 0; j < p.h; j++) {
      for (let l = 0; l < p.h; l++) {
        let bb = 0;
        for (let k = 0; k < p.c; k++) bb += T[j + k * (p.h + 1)]! * T[l + k * (p.h + 1)]!;
        for (let r = 0; r < p.D; r++) {
          for (let s = 0; s < p.D; s++) {
            let u = 0, ua = 0;
            for (let i = 0; i < p.n; i++) {
              const t = G[i + j * p.n]! * G[i + l * p.n]! * X[i + r * p.n]! * X[i + s * p.n]!;
              u += t; ua += Math.abs(t);
            }
            const row = j * p.D + r, col = l * p.D + s;
            const want = bb * u + (row === col ? lambda : 0);
            assertLE(Math.abs(H[row + col * N]! - want), 2 * p.n * EPS * (Math.abs(bb) * ua) + EPS * lambda, `H block (${j},${l}) entry (${r},${s}), α=${alpha}`);
          }
        }
      }
    }
    // gradient at the new A: 2(Ha − c) in exact arithmetic; backward-stable Cholesky gives
    // ‖∇‖ ≤ 2·c₀·N·ε·‖H‖_F·‖a‖ (c₀ = 20)
    const a = step.A.toColumnMajor();
    const { grad } = jsLossGrad(p, a, lambda);
    const bound = 2 * 20 * N * EPS * norm(H) * norm(a);
    assertLE(norm(grad), bound, `‖∇L(a*)‖ α=${alpha}`);
    // and it is not trivially small: at the old A the gradient is large
    const g0 = jsLossGrad(p, p.A.toColumnMajor(), lambda).grad;
    assert.ok(norm(g0) > 1e6 * bound, `gradient at the starting A (${norm(g0)}) should be far from 0`);
    // ln det H from the factorization equals Σ ln λ_i
    const ev = eigh(step.H!, { vectors: false });
    const ld = Array.from(ev.values).reduce((s, v) => s + Math.log(v), 0);
    ev.dispose();
    assertLE(Math.abs(ld - step.logDet), 1e-9 * Math.max(1, Math.abs(ld)) * N, 'ln det H');
    step.A.dispose(); step.H!.dispose(); step.c!.dispose();
    p.dispose();
  }
  assert.is(liveBytes(), base);
});

test('branch rule: τ = +∞ forces the pseudo-inverse; the absolute clamp is applied; Cholesky failure → svd', () => {
  const base = liveBytes();
  const p = smallProblem(0);
  const N = p.D * p.h;
  const chol = hiddenStep(p.Xt, p.Y, p.G, p.theta, { lambda: 1e-3, tau: -1e4, clamp: 1e-4, keepSystem: true });
  // τ = +∞, negligible clamp: the pseudo-inverse of the SPD H is its inverse
  const svd = hiddenStep(p.Xt, p.Y, p.G, p.theta, { lambda: 1e-3, tau: Infinity, clamp: 1e-300 });
  assert.is(svd.branch, 'svd');
  assert.is(svd.clamped, 0);
  assert.is(svd.logDet, chol.logDet); // ln det is still reported from the factorization
  const ev = eigh(chol.H!, { vectors: false });
  const kappa = ev.values[N - 1]! / ev.values[0]!;
  ev.dispose();
  const ac = chol.A.toColumnMajor(), as = svd.A.toColumnMajor();
  const diff = norm(ac.map((v, i) => v - as[i]!));
  assertLE(diff / norm(ac), 50 * N * EPS * kappa, 'pseudo-inverse vs Cholesky solution (≤ 50·N·ε·κ)');
  // a clamp above every eigenvalue: D⁻¹ = I/clamp, so a = c / clamp
  const big = hiddenStep(p.Xt, p.Y, p.G, p.theta, { lambda: 1e-3, tau: Infinity, clamp: 1e12 });
  assert.is(big.clamped, N);
  const cv = chol.c!.toColumnMajor(), ab = big.A.toColumnMajor();
  const err = norm(ab.map((v, i) => v - cv[i]! / 1e12));
  assertLE(err / (norm(cv) / 1e12), 50 * N * EPS, 'a = c / clamp');
  // degenerate: λ = 0 and a neuron that never fires → its block row of H is zero, Cholesky
  // fails, ln det = −∞, the clamped pseudo-inverse gives a finite A with that column ≈ 0
  const A = p.A.toColumnMajor();
  A[0 + 2 * p.D] = -1e3; A[1 + 2 * p.D] = 0; A[2 + 2 * p.D] = 0; // neuron 2: x̃ᵀa₂ = −1000
  const Ad = Matrix.fromColumnMajor(A, p.D, p.h);
  const Gd = p.Xt.matmul(Ad);
  const dead = wasm().anminPattern(p.n, p.h, 0, ptrOf(Gd), p.n, ptrOf(Gd), p.n);
  assert.is(dead, 1);
  const deg = hiddenStep(p.Xt, p.Y, Gd, p.theta, { lambda: 0, tau: -1e4, clamp: 1e-4 });
  assert.is(deg.branch, 'svd');
  assert.is(deg.logDet, -Infinity);
  assert.ok(deg.clamped >= p.D, `at least the ${p.D} zero eigenvalues are clamped (got ${deg.clamped})`);
  const ad = deg.A.toColumnMajor();
  assert.ok(ad.every(Number.isFinite));
  for (let q = 0; q < p.D; q++) assertLE(Math.abs(ad[q + 2 * p.D]!), 1e-8 * norm(ad), `dead neuron weight ${q}`);
  [chol.A, chol.H!, chol.c!, svd.A, big.A, Ad, Gd, deg.A].forEach((m) => m.dispose());
  p.dispose();
  assert.is(liveBytes(), base);
});

/** Smooth 2-d regression data (standardised inputs, centred target). */
function toy(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const X = Matrix.random(n, 2, { seed, stream: 21 });
  const x = X.toRowMajor();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(x[2 * i]! * x[2 * i]! + x[2 * i + 1]! * x[2 * i + 1]!);
  const m = y.reduce((s, v) => s + v, 0) / n;
  for (let i = 0; i < n; i++) y[i] = y[i]! - m;
  return { X, y };
}

test('fit: history, best-so-far by training MSE, predict agrees, determinism, JSON round trip', () => {
  const base = liveBytes();
  const { X, y } = toy(400, 1);
  const seen: number[] = [];
  const net = new AnminNetwork({ hidden: 16, iterations: 8, seed: 3, onProgress: (e) => seen.push(e.step) }).fit(X, y);
  assert.equal(seen, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.is(net.history.length, 8);
  const diag = net.diagnostics!;
  const all = [diag.initialTrainMse, ...net.history.map((e) => e.trainMse)];
  assert.is(diag.bestTrainMse, Math.min(...all));
  assert.is(all[diag.bestIteration], diag.bestTrainMse);
  for (const e of net.history) {
    assert.ok(Number.isFinite(e.trainMse) && Number.isFinite(e.logDet) && e.seconds >= 0);
    assert.ok(e.branch === 'cholesky' || e.branch === 'svd');
    assert.ok(Number.isInteger(e.deadNeurons) && e.deadNeurons >= 0 && e.deadNeurons <= 16);
  }
  let var0 = 0; for (const v of y) var0 += v * v; var0 /= y.length;
  assert.ok(diag.bestTrainMse < 0.5 * var0, `ANMIN should fit the toy (MSE ${diag.bestTrainMse} vs variance ${var0})`);
  const P = net.predict(X);
  const p = P.column(0);
  let mse = 0; for (let i = 0; i < p.length; i++) mse += (p[i]! - y[i]!) ** 2;
  mse /= p.length;
  assertLE(Math.abs(mse - diag.bestTrainMse), 1e-10 * diag.bestTrainMse, 'predict MSE vs kept model');
  const again = new AnminNetwork({ hidden: 16, iterations: 8, seed: 3 }).fit(X, y);
  const P2 = again.predict(X);
  assert.equal([...P2.toColumnMajor()], [...P.toColumnMajor()]);
  const last = new AnminNetwork({ hidden: 16, iterations: 8, seed: 3, select: 'last' }).fit(X, y);
  assert.is(last.diagnostics!.bestTrainMse, last.history[7]!.trainMse);
  const r = AnminNetwork.fromJSON(JSON.parse(JSON.stringify(net.toJSON())));
  const P3 = r.predict(X);
  assert.equal([...P3.toColumnMajor()], [...P.toColumnMajor()]);
  assert.equal(r.history, net.history);
  const w = net.weights;
  assert.is(w.A.rows, 3); assert.is(w.A.cols, 16); assert.is(w.B.rows, 16); assert.is(w.b0.length, 1);
  [P, P2, P3, X, w.A, w.B].forEach((m) => m.dispose());
  [net, again, last, r].forEach((m) => m.dispose());
  assert.is(liveBytes(), base);
});

test('multi-output: one output fit for c = 2 equals the per-column fits (one factorization for all outputs)', () => {
  const base = liveBytes();
  const { X, y } = toy(150, 2);
  const y2 = y.map((v) => 2 * v * v - 0.5);
  const Y = Matrix.fromColumnMajor([...y, ...y2], 150, 2);
  const Xt = withOnes(X);
  const A = Matrix.random(3, 8, { seed: 4 });
  const S = new Matrix(150, 9);
  const both = outputStep(Xt, Y, A, 0, 1e-3, S);
  const cols = [y, y2].map((v) => {
    const Yc = Matrix.fromVector(v);
    const r = outputStep(Xt, Yc, A, 0, 1e-3, S);
    Yc.dispose();
    return r;
  });
  const tb = both.theta.toColumnMajor();
  for (let q = 0; q < 2; q++) {
    const tq = cols[q]!.theta.toColumnMajor();
    for (let i = 0; i < 9; i++) assertLE(Math.abs(tb[i + 9 * q]! - tq[i]!), 1e-12 * Math.max(1, Math.abs(tq[i]!)), `Θ[${i},${q}]`);
  }
  assertLE(Math.abs(both.mse - (cols[0]!.mse + cols[1]!.mse) / 2), 1e-12 * both.mse, 'per-entry MSE is the mean of the column MSEs');
  const net = new AnminNetwork({ hidden: 8, iterations: 3, seed: 5 }).fit(X, Y);
  const P = net.predict(X);
  assert.is(P.cols, 2);
  assert.ok(P.toColumnMajor().every(Number.isFinite));
  [P, X, Y, Xt, A, S, both.theta, cols[0]!.theta, cols[1]!.theta].forEach((m) => m.dispose());
  net.dispose();
  assert.is(liveBytes(), base);
});

test("outputRegularization 'gcv': λ chosen per output fit (recorded), finite model; 'fixed' records λ", () => {
  const base = liveBytes();
  const { X, y } = toy(300, 4);
  const g = new AnminNetwork({ hidden: 12, iterations: 4, seed: 2, outputRegularization: 'gcv' }).fit(X, y);
  assert.ok(g.history.every((e) => Number.isFinite(e.trainMse) && e.outputLambda >= 0 && Number.isFinite(e.outputLambda)));
  const f = new AnminNetwork({ hidden: 12, iterations: 4, seed: 2 }).fit(X, y);
  assert.ok(f.history.every((e) => e.outputLambda === 1e-3));
  assert.ok(g.history.every((e) => e.outputBranch === 'svd'), 'GCV output fits are spectral solves');
  assert.ok(f.history.every((e) => e.outputBranch === 'cholesky'), 'λ > 0 output fits use Cholesky');
  // λ = 0 with many duplicate features (N = 3 rows, h = 8): S₁ᵀS₁ is singular, the output fit
  // takes the minimum-norm spectral fallback and says so
  const z = new AnminNetwork({ hidden: 8, iterations: 2, lambda: 0, seed: 3 }).fit([[0.1, 0.2], [0.4, -0.3], [-0.5, 0.6]], [1, -1, 0.5]);
  assert.ok(z.history.some((e) => e.outputBranch === 'svd'), 'singular output Gram matrix recorded as the svd branch');
  assert.ok(z.history.every((e) => Number.isFinite(e.trainMse)));
  z.dispose();
  let var0 = 0; for (const v of y) var0 += v * v; var0 /= y.length;
  assert.ok(g.diagnostics!.bestTrainMse < 0.7 * var0, 'GCV-regularized ANMIN still fits');
  const r = AnminNetwork.fromJSON(JSON.parse(JSON.stringify(g.toJSON())));
  assert.is(r.outputRegularization, 'gcv');
  const inf = new AnminNetwork({ hidden: 4, iterations: 1, tau: Infinity }).fit(X, y);
  assert.is(inf.history[0]!.branch, 'svd');
  const back = AnminNetwork.fromJSON(JSON.parse(JSON.stringify(inf.toJSON())));
  assert.ok(back.tau > 1e300, 'τ = +∞ survives JSON (as 1e308, same test outcome)');
  [g, f, r, inf, back].forEach((m) => m.dispose());
  X.dispose();
  assert.is(liveBytes(), base);
});

test('edge cases without NaN: N < (d+1)h, a single sample, constant targets, dead neurons (ReLU), leaky', () => {
  const base = liveBytes();
  const finite = (net: AnminNetwork, X: number[][]) => {
    assert.ok(net.history.every((e) => Number.isFinite(e.trainMse)), 'finite training MSE');
    const P = net.predict(X);
    assert.ok(P.toColumnMajor().every(Number.isFinite), 'finite predictions');
    P.dispose();
  };
  // N = 10 < (d+1)h = 32: M singular, λ keeps H invertible
  const Xs = Array.from({ length: 10 }, (_, i) => [Math.sin(i), Math.cos(3 * i), i / 10 - 0.5]);
  const ys = Xs.map((r) => r[0]! - r[1]!);
  const a = new AnminNetwork({ hidden: 8, iterations: 5 }).fit(Xs, ys);
  finite(a, Xs);
  // a single sample
  const b = new AnminNetwork({ hidden: 4, iterations: 3 }).fit([[0.3, -0.2]], [1.5]);
  finite(b, [[0.3, -0.2]]);
  // constant (centred: zero) targets: B = 0, H = λI, A → 0, every neuron dead
  const c = new AnminNetwork({ hidden: 6, iterations: 3 }).fit(Xs, Xs.map(() => 0));
  finite(c, Xs);
  assert.is(c.diagnostics!.bestTrainMse, 0);
  // constant non-zero targets
  const c2 = new AnminNetwork({ hidden: 6, iterations: 3 }).fit(Xs, Xs.map(() => 3));
  finite(c2, Xs);
  // many dead ReLU neurons: stay dead, are reported, no NaN
  const d = new AnminNetwork({ hidden: 12, iterations: 4, seed: 9 }).fit(Xs, ys);
  finite(d, Xs);
  assert.ok(d.history.every((e) => e.deadNeurons >= 0));
  const l = new AnminNetwork({ hidden: 8, iterations: 4, alpha: 0.1 }).fit(Xs, ys);
  finite(l, Xs);
  [a, b, c, c2, d, l].forEach((m) => m.dispose());
  assert.is(liveBytes(), base);
});

test('typed errors for bad options and inputs; memory back to baseline, also on throw', () => {
  const base = liveBytes();
  assertThrows(() => new AnminNetwork({ hidden: 0 }), OptionError, /hidden/);
  assertThrows(() => new AnminNetwork({ alpha: -0.1 }), OptionError, /alpha/);
  assertThrows(() => new AnminNetwork({ alpha: 1 }), OptionError, /alpha/);
  assertThrows(() => new AnminNetwork({ lambda: -1 }), OptionError, /lambda/);
  assertThrows(() => new AnminNetwork({ clamp: 0 }), OptionError, /clamp/);
  assertThrows(() => new AnminNetwork({ tau: NaN }), OptionError, /tau/);
  assertThrows(() => new AnminNetwork({ iterations: 1.5 }), OptionError, /iterations/);
  assertThrows(() => new AnminNetwork({ select: 'penalized' as never }), OptionError, /select/);
  assertThrows(() => new AnminNetwork({ hiden: 3 } as never), OptionError, /unknown option 'hiden'/);
  const net = new AnminNetwork({ hidden: 4, iterations: 2 });
  assertThrows(() => net.predict([[1, 2]]), NotFittedError, /fit/);
  assertThrows(() => net.fit([[1, 2], [3, NaN]], [1, 2]), InvalidInputError, /row 1, column 1/);
  assertThrows(() => net.fit([[1, 2], [3, 4]], [1]), ShapeError, /rows/);
  assertThrows(() => net.fit([], []), InvalidInputError, /empty/);
  assertThrows(() => net.fit([[1, 2]], [[NaN]]), InvalidInputError, /Y/);
  assertThrows(() => net.fit([[1, 2], [3]], [1, 2]), ShapeError, /ragged/);
  net.fit([[1, 2], [3, 4], [0, 1]], [1, -1, 0]);
  assertThrows(() => net.predict([[1]]), ShapeError, /columns/);
  assertThrows(() => net.predict([[1, Infinity]]), InvalidInputError, /X/);
  assertThrows(() => AnminNetwork.fromJSON({ type: 'Nope' } as never), InvalidInputError, /AnminNetwork/);
  const json = net.toJSON();
  assertThrows(() => AnminNetwork.fromJSON({ ...json, A: json.A.slice(1) }), InvalidInputError, /field 'A' must be/);
  net.dispose();
  assertThrows(() => net.predict([[1, 2]]), DisposedError);
  assertThrows(() => net.fit([[1, 2]], [1]), DisposedError);
  // (d+1)h = 200,100: H would need 320 GB → OutOfMemoryError (not a trap), nothing leaks
  const wide = Array.from({ length: 3 }, (_, i) => Array.from({ length: 2000 }, (_, j) => Math.sin(i + j)));
  assertThrows(() => new AnminNetwork({ hidden: 100, iterations: 1 }).fit(wide, [1, 2, 3]), OutOfMemoryError, /allocate/);
  assert.is(liveBytes(), base);
});

test.run();
