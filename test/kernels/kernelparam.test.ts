// Parametric kernels K(θ) = mat(Qθ) (ALGORITHMS.md §8.2): the d = 3 examples exactly, the
// explicit 9×6 Q of the M-matrix, the adjoint Qᵀvec(G) against the explicit Q for every kind,
// and the elementwise varpro kernels (σ' multiply, Hadamard, softplus) against scalar formulas.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ops } from '../../bindings/index.js';
import { init, liveBytes, Matrix, scope, parametricKernel, KERNEL_KINDS, ShapeError, OptionError, InvalidInputError } from '../../src/index.js';
import { assertLE, assertThrows, EPS } from '../helpers/index.js';

test.before(async () => { await init(); });

test('d = 3 examples of §8.2 exactly: antisymmetric, M-matrix, diagonal, dense (column-major θ)', () => {
  const base = liveBytes();
  const anti = parametricKernel('antisymmetric', 3);
  assert.is(anti.parameterCount, 3);
  const A = anti.build([1.5, -2, 3.25]);
  assert.equal(A.toRows(), [[0, 1.5, -2], [-1.5, 0, 3.25], [2, -3.25, 0]]);
  const mm = parametricKernel('mmatrix', 3);
  assert.is(mm.parameterCount, 6);
  const th = [1, 2, 3, 4, 5, 6];
  const M = mm.build(th);
  assert.equal(M.toRows(), [[1 + 2, -1, -2], [-3, 3 + 4, -4], [-5, -6, 5 + 6]]);
  const D = parametricKernel('diagonal', 3).build([7, 8, 9]);
  assert.equal(D.toRows(), [[7, 0, 0], [0, 8, 0], [0, 0, 9]]);
  const dense = parametricKernel('dense', 3, 2);
  assert.is(dense.parameterCount, 6);
  const Kd = dense.build([1, 2, 3, 4, 5, 6]);
  assert.equal(Kd.toRows(), [[1, 3, 5], [2, 4, 6]]);
  // the 9×6 Q of the M-matrix, rows = K11, K21, K31, K12, K22, K32, K13, K23, K33 (§8.2)
  const Qref = [
    [1, 1, 0, 0, 0, 0], [0, 0, -1, 0, 0, 0], [0, 0, 0, 0, -1, 0],
    [-1, 0, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 0, -1],
    [0, -1, 0, 0, 0, 0], [0, 0, 0, -1, 0, 0], [0, 0, 0, 0, 1, 1],
  ];
  const Q = mm.Q();
  assert.equal(Q.toRows().map((r) => r.map((v) => v + 0)), Qref);
  for (const m of [A, M, D, Kd, Q]) m.dispose();
  assert.is(liveBytes(), base);
});

test('adjoint Qᵀvec(G) equals the explicit Qᵀ·vec(G) for every kind; build equals Q·θ; positive sums exact', () => {
  const base = liveBytes();
  for (const kind of KERNEL_KINDS) {
    for (const d of [1, 2, 3, 5]) {
      const w = kind === 'dense' ? d + 2 : d;
      const k = parametricKernel(kind, d, w);
      const p = k.parameterCount;
      const Q = k.Q();
      const G = Matrix.random(w, d, { seed: 3 + d });
      const got = k.adjoint(G);
      const g = G.toColumnMajor();
      // Q has entries 0, ±1 only: Qᵀvec(G) is a sum of at most d terms, compare with 2d·ε relative
      for (let j = 0; j < p; j++) {
        let s = 0, abs = 0;
        for (let i = 0; i < w * d; i++) { s += Q.get(i, j) * g[i]!; abs += Math.abs(Q.get(i, j) * g[i]!); }
        assertLE(Math.abs(got[j]! - s), 2 * d * EPS * abs, `${kind} d=${d} adjoint entry ${j}`);
      }
      const theta = Array.from({ length: p }, (_, i) => Math.sin(i + 1));
      const K = k.build(theta);
      const kv = K.toColumnMajor();
      for (let i = 0; i < w * d; i++) {
        let s = 0, abs = 0;
        for (let j = 0; j < p; j++) { s += Q.get(i, j) * theta[j]!; abs += Math.abs(Q.get(i, j) * theta[j]!); }
        assertLE(Math.abs(kv[i]! - s), 2 * d * EPS * abs, `${kind} d=${d} build entry ${i}`);
      }
      if (kind === 'mmatrix') for (let i = 0; i < d; i++) {
        let row = 0; for (let j = 0; j < d; j++) row += K.get(i, j);
        assertLE(Math.abs(row), 2 * d * EPS * Math.abs(K.get(i, i)), 'M-matrix row sums are zero');
      }
      for (const m of [Q, G, K]) m.dispose();
    }
  }
  assert.is(liveBytes(), base);
});

test('kernel errors are typed: non-square structured kernels, wrong θ length, bad kind, non-finite θ', () => {
  const base = liveBytes();
  assertThrows(() => parametricKernel('mmatrix', 3, 4), ShapeError, /square/);
  assertThrows(() => parametricKernel('bogus' as never, 3), OptionError, /kind/);
  assertThrows(() => parametricKernel('dense', 0), OptionError, /'d'/);
  const k = parametricKernel('antisymmetric', 4);
  assertThrows(() => k.build([1, 2]), ShapeError, /theta has 2 entries/);
  assertThrows(() => k.build([1, 2, 3, 4, 5, NaN]), InvalidInputError, /theta/);
  assertThrows(() => k.adjoint([[1, 2], [3, 4]]), ShapeError, /G is 2×2/);
  const t3 = Matrix.zeros(3, 1), K32 = Matrix.zeros(3, 2);
  assertThrows(() => ops.kernelParamBuild('diagonal', t3.buf, K32), ShapeError, /square/);
  assertThrows(() => ops.kernelParamBuild('dense', t3.buf, K32), ShapeError, /vector|fit|elements/);
  t3.dispose(); K32.dispose();
  assert.is(liveBytes(), base);
});

test('activationGradMul, hadamardInPlace and softplusForward against scalar formulas', () => {
  const base = liveBytes();
  const P = Matrix.fromRows([[-3, -0.5, 0], [0.25, 2, 40], [-40, 1e-9, -1e-9]]);
  for (const act of ['tanh', 'relu', 'leaky-relu', 'identity'] as const) {
    const Z = P.clone();
    ops.biasActivation(act, 0.2, Z, null);
    const G = Matrix.random(3, 3, { seed: 9 });
    const g0 = G.toColumnMajor();
    ops.activationGradMul(act, 0.2, Z, G);
    const pv = P.toColumnMajor();
    for (let i = 0; i < 9; i++) {
      const x = pv[i]!;
      const dz = act === 'tanh' ? 1 - Math.tanh(x) ** 2 : act === 'identity' ? 1 : x > 0 ? 1 : act === 'relu' ? 0 : 0.2;
      // tanh: 1 − z² from the rounded z: absolute error ≤ 3ε
      assertLE(Math.abs(G.view()[i]! - g0[i]! * dz), 3 * EPS * Math.abs(g0[i]!), `${act} σ' at ${x}`);
    }
    Z.dispose(); G.dispose();
  }
  const A = Matrix.fromRows([[1, 2], [3, 4]]), B = Matrix.fromRows([[5, 6], [7, 8]]);
  ops.hadamardInPlace(A, B);
  assert.equal(B.toRows(), [[5, 12], [21, 32]]);
  const x = Matrix.fromVector([-800, -30, -1, 0, 1e-12, 2, 30, 800]);
  const y = Matrix.zeros(8, 1), dy = Matrix.zeros(8, 1);
  ops.softplusForward(x.buf, y.buf, dy.buf, 8);
  const xv = x.view();
  for (let i = 0; i < 8; i++) {
    const v = xv[i]!;
    const sp = v > 30 ? v + Math.exp(-v) : Math.log1p(Math.exp(v));
    const sg = 1 / (1 + Math.exp(-v));
    assertLE(Math.abs(y.view()[i]! - sp), 2 * EPS * Math.abs(sp), `softplus(${v})`);
    assertLE(Math.abs(dy.view()[i]! - sg), 2 * EPS * Math.abs(sg), `logistic(${v})`);
  }
  for (const m of [P, A, B, x, y, dy]) m.dispose();
  assert.is(liveBytes(), base);
});

test('kernelParamRightQ (A·Q, Qᵀ row-wise) equals A times the explicit Q; varproJacobianBlock equals its scalar formula', () => {
  const base = liveBytes();
  scope(() => {
    for (const kind of KERNEL_KINDS) {
      const d = 4, w = kind === 'dense' ? 3 : d, m = 7;
      const k = parametricKernel(kind, d, w);
      const Q = k.Q();
      const A = Matrix.random(m, w * d, { seed: 17 });
      const out = Matrix.zeros(m, k.parameterCount);
      ops.kernelParamRightQ(kind, w, d, A, out);
      const ref = A.matmul(Q);   // entries of Q are 0/±1: at most 2 nonzero terms per sum
      for (let i = 0; i < out.length; i++) assertLE(Math.abs(out.view()[i]! - ref.view()[i]!), 2 * EPS * Math.abs(ref.view()[i]!), `${kind} A·Q entry ${i}`);
    }
    const n = 5, w = 3, nc = 2, t = 2;
    const S = Matrix.random(n, w, { seed: 1 }), F = Matrix.random(n, nc, { seed: 2 }), W = Matrix.random(w, t, { seed: 3 });
    const out = Matrix.full(n + 1, w * nc * t, 7);
    ops.varproJacobianBlock(S, F, W, 0.5, out);
    for (let r = 0; r < w; r++) for (let c = 0; c < nc; c++) for (let o = 0; o < t; o++) {
      const col = (r + c * w) * t + o;
      for (let s = 0; s < n; s++) {
        const want = 0.5 * W.get(r, o) * S.get(s, r) * F.get(s, c);
        assertLE(Math.abs(out.get(s, col) - want), 2 * EPS * Math.abs(want), `J block (${s}, ${col})`);
      }
      assert.is(out.get(n, col), 7, 'rows below n untouched');
    }
    assertThrows(() => ops.varproJacobianBlock(S, F, W, 1, Matrix.zeros(n, 3)), ShapeError, /out is/);
  });
  assert.is(liveBytes(), base);
});

test.run();
