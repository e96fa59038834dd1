// VarProNetwork (ALGORITHMS.md §8.3–§8.4): the reduced objective's exact gradient against central
// finite differences (the §8.4 validation setting: tanh, n_f = 3, n = 50, n_c = 2, λ = 1e-2,
// β = 1e-3, M-matrix kernel, and the other kinds), W̃ against an independent normal-equation
// solve, the Kaufman Jacobian's products (adjoint identity, Jᵀr = ∇φ̃, dense J = products),
// Levenberg–Marquardt monotonicity, L-BFGS, seeds, JSON, typed errors and memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, liveBytes, Matrix, VarProNetwork, scope, svd, lstsq, ShapeError, OptionError, InvalidInputError, NotFittedError,
  DisposedError, type KernelKind, type VarProIteration,
} from '../../src/index.js';
import { VarProProblem } from '../../src/models/varpro.js';
import { assertLE, assertThrows, EPS } from '../helpers/index.js';

test.before(async () => { await init(); });

/** X ~ U(−1, 1)^{n×d}, C = smooth function of X (t columns) + a little noise. */
function data(n: number, d: number, t: number, seed: number): { X: Matrix; C: Matrix } {
  const X = Matrix.random(n, d, { seed, dist: 'uniform', low: -1, high: 1 });
  const x = X.toColumnMajor();
  const c = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < t; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Math.sin((j + 1) * x[i + k * n]! + k);
      c[i + j * n] = s + 0.01 * Math.cos(37 * i + j);
    }
  }
  return { X, C: Matrix.fromColumnMajor(c, n, t) };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!; return s; };
const nrm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));

/** Central differences of φ̃ along every coordinate (h = 1e-6, as §8.4) vs the analytic gradient. */
function fdCheck(kind: KernelKind, w: number, d: number, seed: number): number {
  return scope(() => {
    const { X, C } = data(50, d, 2, seed);
    const prob = new VarProProblem(X, C, { kernel: kind, width: w, activation: 'tanh', alpha: 0.1, lambda: 1e-2, beta: 1e-3 });
    try {
      const U = Matrix.random(prob.q, 1, { seed: seed + 1 });
      const u = U.toColumnMajor();
      const pt = prob.evaluate(u);
      const g = prob.gradient(pt);
      pt.dispose();
      const h = 1e-6;
      const fd = new Float64Array(prob.q);
      for (let i = 0; i < prob.q; i++) {
        const up = u.slice(), um = u.slice();
        up[i]! += h; um[i]! -= h;
        const a = prob.evaluate(up), b = prob.evaluate(um);
        fd[i] = (a.objective - b.objective) / (2 * h);
        a.dispose(); b.dispose();
      }
      const diff = g.map((v, i) => v - fd[i]!);
      return nrm(diff) / nrm(g);
    } finally {
      prob.dispose();
    }
  });
}

test('§8.4 validation: M-matrix kernel, tanh, n_f = 3, n = 50, n_c = 2, λ = 1e-2, β = 1e-3: gradient vs central FD ≤ 1e-7 relative', () => {
  const base = liveBytes();
  const rel = fdCheck('mmatrix', 3, 3, 11);
  assertLE(rel, 1e-7, 'relative gradient error (M-matrix)');
  assert.is(liveBytes(), base);
});

test('gradient vs central FD for the dense, diagonal and antisymmetric kernels (≤ 1e-7 relative)', () => {
  const base = liveBytes();
  assertLE(fdCheck('dense', 5, 3, 21), 1e-7, 'dense w=5');
  assertLE(fdCheck('diagonal', 3, 3, 31), 1e-7, 'diagonal');
  assertLE(fdCheck('antisymmetric', 4, 4, 41), 1e-7, 'antisymmetric d=4');
  assert.is(liveBytes(), base);
});

test('W̃ equals an independent normal-equation solve (Z̃ᵀZ̃ + nλ·diag(1..1, 0)) W̃ = Z̃ᵀC within κ(A)²·(w+1)·ε', () => {
  const base = liveBytes();
  scope(() => {
    const n = 60, d = 3, t = 2, w = 6, lambda = 1e-2;
    const { X, C } = data(n, d, t, 5);
    const prob = new VarProProblem(X, C, { kernel: 'dense', width: w, activation: 'tanh', alpha: 0.1, lambda, beta: 0 });
    const U = Matrix.random(prob.q, 1, { seed: 6 });
    const pt = prob.evaluate(U.toColumnMajor());
    // normal equations in plain JS (Gaussian elimination with partial pivoting)
    const k = w + 1;
    const z = pt.Z.toColumnMajor(), c = C.toColumnMajor();
    const zt = (i: number, j: number) => (j < w ? z[i + j * n]! : 1);
    const M = Array.from({ length: k }, (_, a) => Array.from({ length: k + t }, (_, b) => {
      if (b < k) { let s = 0; for (let i = 0; i < n; i++) s += zt(i, a) * zt(i, b); return s + (a === b && a < w ? n * lambda : 0); }
      let s = 0; for (let i = 0; i < n; i++) s += zt(i, a) * c[i + (b - k) * n]!; return s;
    }));
    for (let col = 0; col < k; col++) {
      let piv = col;
      for (let r = col + 1; r < k; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[piv]![col]!)) piv = r;
      [M[col], M[piv]] = [M[piv]!, M[col]!];
      for (let r = 0; r < k; r++) {
        if (r === col) continue;
        const f = M[r]![col]! / M[col]![col]!;
        for (let b = col; b < k + t; b++) M[r]![b]! -= f * M[col]![b]!;
      }
    }
    const Wne = new Float64Array(k * t);
    for (let j = 0; j < t; j++) for (let a = 0; a < k; a++) Wne[a + j * k] = M[a]![k + j]! / M[a]![a]!;
    const s = svd(pt.f.R).s;
    const kappa = s[0]! / s[s.length - 1]!;
    const Wv = pt.W.toColumnMajor();
    const err = nrm(Wv.map((v, i) => v - Wne[i]!)) / nrm(Wv);
    assertLE(err, kappa * kappa * k * EPS * 10, `W̃ vs normal equations (κ = ${kappa.toFixed(1)})`);
    // first-order optimality of W̃: Aᵀ(AW̃ − B) = 0, i.e. Z̃ᵀR/√n + √λ[I 0]ᵀR_reg = 0 → the residual is ⟂ range(A)
    const rP = prob.residual(pt);
    const jtr = prob.jacobianTransposeProduct(pt, rP, true);
    const jtr0 = prob.jacobianTransposeProduct(pt, rP, false);
    assertLE(nrm(jtr.map((v, i) => v - jtr0[i]!)), 1e3 * EPS * nrm(jtr0) * kappa, 'P⊥r = r at the exact W̃');
    pt.dispose(); prob.dispose();
  });
  assert.is(liveBytes(), base);
});

test('Kaufman Jacobian: ⟨Jv, y⟩ = ⟨v, Jᵀy⟩, Jᵀr = ∇φ̃, the one-pass dense J (J_K·Q kernels) equals the products J·e_j, every kind', () => {
  const base = liveBytes();
  for (const [kind, w] of [['mmatrix', 3], ['dense', 4], ['diagonal', 3], ['antisymmetric', 3]] as const) {
    scope(() => {
      const { X, C } = data(40, 3, 2, 8);
      const prob = new VarProProblem(X, C, { kernel: kind, width: w, activation: 'tanh', alpha: 0.1, lambda: 1e-2, beta: 1e-3 });
      const pt = prob.evaluate(Matrix.random(prob.q, 1, { seed: 2 }).toColumnMajor());
      const v = Matrix.random(prob.q, 1, { seed: 3 }).toColumnMajor();
      const y = Matrix.random(prob.residualLength, 1, { seed: 4 }).toColumnMajor();
      for (const project of [true, false]) {
        const Jv = prob.jacobianProduct(pt, v, project);
        const Jty = prob.jacobianTransposeProduct(pt, y, project);
        const lhs = dot(Jv, y), rhs = dot(v, Jty);
        assertLE(Math.abs(lhs - rhs), 100 * EPS * nrm(Jv) * nrm(y), `${kind} adjoint identity (project ${project})`);
      }
      const g = prob.gradient(pt);
      const jtr = prob.jacobianTransposeProduct(pt, prob.residual(pt), true);
      assertLE(nrm(g.map((x, i) => x - jtr[i]!)), 100 * EPS * prob.residualLength * nrm(g), `${kind} Jᵀr = gradient`);
      const J = prob.jacobian(pt);
      for (let j = 0; j < prob.q; j++) {
        const e = new Float64Array(prob.q); e[j] = 1;
        const col = prob.jacobianProduct(pt, e, true);
        const Jc = J.column(j);
        assertLE(nrm(Jc.map((x, i) => x - col[i]!)), 100 * EPS * (nrm(col) + 1e-300) * Math.sqrt(prob.residualLength), `${kind} column ${j}`);
      }
      pt.dispose(); prob.dispose();
    });
  }
  assert.is(liveBytes(), base);
});

test('Levenberg–Marquardt: objective strictly decreases on accepted steps and is unchanged on rejected ones; fit beats the start', () => {
  const base = liveBytes();
  const { X, C } = data(100, 3, 1, 12);
  const events: number[] = [];
  const net = new VarProNetwork({ width: 8, iterations: 30, lambda: 1e-4, beta: 1e-6, seed: 3, onProgress: (e) => { events.push(e.step); } });
  net.fit(X, C);
  const h = net.history;
  assert.is(h.length, 30, 'one history entry per LM trial');
  assert.equal(events, h.map((e) => e.iteration));
  assert.ok(h.some((e) => e.accepted), 'some step accepted');
  let prev = Infinity;
  // the objective before the first trial is not in the history: compare trial by trial
  for (const e of h) {
    if (e.accepted) assert.ok(e.objective < prev, `iteration ${e.iteration}: ${e.objective} < ${prev}`);
    else assert.is(e.objective, prev, `iteration ${e.iteration}: rejected step keeps the objective`);
    prev = e.objective;
  }
  const first = h.find((e) => e.accepted)!;
  assert.ok(h.at(-1)!.objective <= first.objective);
  assert.ok(h.at(-1)!.trainMse < 0.05, `train MSE ${h.at(-1)!.trainMse}`);
  const r2 = net.score(X, C);
  assert.ok(r2 > 0.95, `R² ${r2}`);
  net.dispose(); X.dispose(); C.dispose();
  assert.is(liveBytes(), base);
});

test('L-BFGS optimizer decreases the reduced objective; M-matrix θ stays ≥ 0 with zero row sums', () => {
  const base = liveBytes();
  const { X, C } = data(80, 3, 2, 13);
  const ev: { step: number; total: number }[] = [];
  const net = new VarProNetwork({ kernel: 'mmatrix', optimizer: 'lbfgs', iterations: 25, lambda: 1e-3, seed: 4, onProgress: (e) => ev.push({ step: e.step, total: e.total }) });
  net.fit(X, C);
  const h = net.history;
  assert.is(ev.length, h.length);
  ev.forEach((e, i) => assert.is(e.step, i + 1));
  assert.is(ev.at(-1)!.step, ev.at(-1)!.total, 'the last event has step === total');
  assert.ok(h.length >= 5);
  for (let i = 1; i < h.length; i++) assert.ok(h[i]!.objective <= h[i - 1]!.objective, 'L-BFGS is monotone');
  const { theta, K, W } = net.parameters;
  assert.is(theta.length, 6);
  for (const v of theta) assert.ok(v > 0, `θ = ${v} > 0`);
  for (let i = 0; i < 3; i++) {
    let s = 0; for (let j = 0; j < 3; j++) s += K.get(i, j);
    assertLE(Math.abs(s), 6 * EPS * Math.abs(K.get(i, i)), 'zero row sum');
  }
  assert.is(W.rows, 3); assert.is(W.cols, 2);
  K.dispose(); W.dispose();
  // same seed, Gauss–Newton: also fits
  const gn = new VarProNetwork({ kernel: 'mmatrix', iterations: 25, lambda: 1e-3, seed: 4 }).fit(X, C);
  assert.ok(gn.history.at(-1)!.objective < gn.history[0]!.objective + 1e-300 || gn.history.length === 1);
  gn.dispose(); net.dispose(); X.dispose(); C.dispose();
  assert.is(liveBytes(), base);
});

test('seed reproducibility is bit-identical; another seed differs; JSON round trip predicts the same bits', () => {
  const base = liveBytes();
  const { X, C } = data(70, 2, 1, 14);
  const fit = (seed: number, kernel: KernelKind = 'dense') => new VarProNetwork({ kernel, width: kernel === 'dense' ? 6 : undefined, iterations: 12, seed }).fit(X, C);
  const a = fit(7), b = fit(7), c = fit(8);
  const pa = a.predict(X, { as: 'array' }), pb = b.predict(X, { as: 'array' }), pc = c.predict(X, { as: 'array' });
  assert.equal([...pa], [...pb]);
  assert.equal(a.history.map((e: VarProIteration) => e.objective), b.history.map((e: VarProIteration) => e.objective));
  assert.not.equal([...pa], [...pc]);
  for (const net of [a, fit(9, 'antisymmetric'), fit(9, 'mmatrix'), fit(9, 'diagonal')]) {
    const j = JSON.parse(JSON.stringify(net.toJSON()));
    const r = VarProNetwork.fromJSON(j);
    assert.equal([...r.predict(X, { as: 'array' })], [...net.predict(X, { as: 'array' })]);
    assert.equal(r.toJSON(), net.toJSON());
    // tampering is named
    assertThrows(() => VarProNetwork.fromJSON({ ...j, parameters: j.parameters.slice(1) }), InvalidInputError, /parameters/);
    assertThrows(() => VarProNetwork.fromJSON({ ...j, W: [...j.W.slice(1), 'x'] }), InvalidInputError, /W/);
    assertThrows(() => VarProNetwork.fromJSON({ ...j, extra: 1 }), InvalidInputError, /extra/);
    assertThrows(() => VarProNetwork.fromJSON({ ...j, options: { ...j.options, kernel: 'nope' } }), InvalidInputError, /options\.kernel/);
    r.dispose(); if (net !== a) net.dispose();
  }
  a.dispose(); b.dispose(); c.dispose(); X.dispose(); C.dispose();
  assert.is(liveBytes(), base);
});

test('bad input → typed errors naming the argument; nothing leaks', () => {
  const base = liveBytes();
  assertThrows(() => new VarProNetwork({ widht: 3 } as never), OptionError, /widht/);
  assertThrows(() => new VarProNetwork({ lambda: 0 }), OptionError, /lambda/);
  assertThrows(() => new VarProNetwork({ beta: -1 }), OptionError, /beta/);
  assertThrows(() => new VarProNetwork({ kernel: 'conv' as never }), OptionError, /kernel/);
  assertThrows(() => new VarProNetwork({ optimizer: 'adam' as never }), OptionError, /optimizer/);
  assertThrows(() => new VarProNetwork({ iterations: 1.5 }), OptionError, /iterations/);
  const { X, C } = data(20, 3, 1, 15);
  assertThrows(() => new VarProNetwork({ kernel: 'mmatrix', width: 5 }).fit(X, C), ShapeError, /width.*3/);
  const net = new VarProNetwork({ width: 3, iterations: 3 });
  assertThrows(() => net.predict(X), NotFittedError);
  assertThrows(() => net.fit(X, [1, 2, 3]), ShapeError, /rows|values/);
  assertThrows(() => net.fit([[1, NaN]], [1]), InvalidInputError, /X has a non-finite/);
  assertThrows(() => net.fit([], []), InvalidInputError, /X/);
  net.fit(X, C);
  assertThrows(() => net.predict([[1, 2]]), ShapeError, /columns/);
  assertThrows(() => net.predict([[1, 2, Infinity]]), InvalidInputError, /X has a non-finite/);
  net.dispose();
  assertThrows(() => net.predict(X), DisposedError);
  X.dispose(); C.dispose();
  assert.is(liveBytes(), base);
});

test('one LM trial equals the full stacked solve [J; √μ I] δ ≈ [−r; 0] (SVD least squares) at μ₀ = 1e-3·max‖Je_j‖²', () => {
  const base = liveBytes();
  scope(() => {
    const { X, C } = data(60, 3, 2, 16);
    const o = { width: 5, lambda: 1e-3, beta: 1e-4, seed: 5 } as const;
    const n0 = new VarProNetwork({ ...o, iterations: 0 }).fit(X, C);
    const u0 = Float64Array.from(n0.toJSON().parameters);
    const n1 = new VarProNetwork({ ...o, iterations: 1 }).fit(X, C);
    const h = n1.history[0]!;
    assert.ok(h.accepted, 'the first trial is accepted on this problem');
    const u1 = Float64Array.from(n1.toJSON().parameters);
    const prob = new VarProProblem(X, C, { kernel: 'dense', width: 5, activation: 'tanh', alpha: 0.1, lambda: 1e-3, beta: 1e-4 });
    const pt = prob.evaluate(u0);
    const J = prob.jacobian(pt);
    let mx = 0;
    for (let j = 0; j < J.cols; j++) mx = Math.max(mx, nrm(J.column(j)) ** 2);
    assertLE(Math.abs(h.damping - 1e-3 * mx), 1e-12 * h.damping, 'μ₀');
    const q = prob.q, m = J.rows;
    const S = Matrix.zeros(m + q, q);
    S.setBlock(0, 0, J);
    for (let i = 0; i < q; i++) S.set(m + i, i, Math.sqrt(h.damping));
    const rhs = new Float64Array(m + q);
    rhs.set(prob.residual(pt).map((v) => -v));
    const ref = lstsq(S, rhs, { method: 'svd' });
    const sv = ref.singularValues!;
    const kappa = sv[0]! / sv[sv.length - 1]!;
    const delta = u1.map((v, i) => v - u0[i]!);
    const err = nrm(delta.map((v, i) => v - ref.x[i]!)) / nrm(ref.x);
    assertLE(err, 10 * kappa * (m + q) * EPS, `LM step vs full stacked solve (κ = ${kappa.toExponential(1)})`);
    assertLE(Math.abs(h.step - nrm(ref.x)), 1e-8 * nrm(ref.x), '‖δ‖ in the history');
    pt.dispose(); prob.dispose(); J.dispose(); n0.dispose(); n1.dispose();
  });
  assert.is(liveBytes(), base);
});

test.run();
