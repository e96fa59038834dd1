// ANMIN assembly kernels (assembly/nn/anmin.ts) against plain-JS references: H = M + λI with
// M_jl = (BBᵀ)_jl U_jl, the right-hand side c, the firing pattern, and the small elementwise
// kernels of the gradient baselines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, liveBytes } from '../../src/index.js';
import { wasm, withScratch, f64, ptrOf } from '../../bindings/raw.js';
import { EPS, assertLE } from '../helpers/index.js';
import { withRefArena } from '../helpers/ref-kernels.js';

test.before(async () => { await init(); });

/** Deterministic test data from the library's Philox generator (distinct streams). */
function problem(n: number, d: number, h: number, alpha: number, seed: number) {
  const D = d + 1;
  const X = Matrix.random(n, D, { seed, stream: 1 });
  X.view().fill(1, 0, n); // ones column
  const A = Matrix.random(D, h, { seed, stream: 2 });
  const P = X.matmul(A);
  const G = new Matrix(n, h);
  const dead = wasm().anminPattern(n, h, alpha, ptrOf(P), n, ptrOf(G), n);
  const B = Matrix.random(h, 3, { seed, stream: 3 });
  const BBt = B.matmul(B, { transB: true });
  return { D, X, A, P, G, B, BBt, dead, dispose: () => [X, A, P, G, B, BBt].forEach((m) => m.dispose()) };
}

/** Plain-JS H = (BBᵀ ∘ U) + λI and the per-entry Σ|terms| for the rounding bound. */
function jsH(n: number, D: number, h: number, X: Float64Array, G: Float64Array, BBt: Float64Array, lambda: number) {
  const N = D * h;
  const H = new Float64Array(N * N);
  const absH = new Float64Array(N * N);
  for (let j = 0; j < h; j++) {
    for (let l = 0; l < h; l++) {
      const s = BBt[j + l * h]!;
      for (let p = 0; p < D; p++) {
        for (let q = 0; q < D; q++) {
          let u = 0, ua = 0;
          for (let i = 0; i < n; i++) {
            const t = G[i + j * n]! * G[i + l * n]! * X[i + p * n]! * X[i + q * n]!;
            u += t; ua += Math.abs(t);
          }
          const e = (j * D + p) + (l * D + q) * N;
          H[e] = s * u + (e % (N + 1) === 0 ? lambda : 0);
          absH[e] = Math.abs(s) * ua + lambda;
        }
      }
    }
  }
  return { H, absH };
}

function assemble(n: number, D: number, h: number, X: Matrix, G: Matrix, BBt: Matrix, lambda: number, variant: 'simd' | 'z' | 'ref'): Float64Array {
  const N = D * h;
  if (variant === 'ref') {
    // the scalar twin runs in the ref build's instance (its own memory): inputs are copied there
    return withRefArena((ar) => {
      const x = ar.put(X.toColumnMajor()), g = ar.put(G.toColumnMajor()), b = ar.put(BBt.toColumnMajor()), hm = ar.zeros(N * N);
      ar.k.anminAssembleRef(n, D, h, x, n, g, n, b, h, lambda, hm, N);
      return ar.get(hm, N * N);
    });
  }
  const H = new Matrix(N, N);
  try {
    const k = wasm();
    {
      const fn = variant === 'z' ? k.anminAssembleZ : k.anminAssemble;
      withScratch(k.anminAssembleWorkspaceSize(n, D, h), (work) => {
        fn(n, D, h, ptrOf(X), n, ptrOf(G), n, ptrOf(BBt), h, lambda, ptrOf(H), N, work);
      });
    }
    return H.toColumnMajor();
  } finally {
    H.dispose();
  }
}

// Shapes: single row, odd n, one or more batches of 512 with a ragged last one, D = 1…9 (odd D
// uses the 3-row tile, even D pairs), ReLU (packed rows) and leaky (dense batches).
const cases: [number, number, number, number][] = [
  [1, 2, 3, 0], [7, 1, 4, 0], [200, 2, 5, 0], [200, 2, 5, 0.1], [601, 0, 6, 0], [601, 3, 5, 0],
  [533, 7, 9, 0], [533, 7, 9, 0.1], [300, 8, 3, 0], [257, 4, 7, 0.25],
];

test('anminAssemble, the ZᵀZ variant and the scalar twin equal the plain-JS (BBᵀ)_jl U_jl + λI (|ΔH| ≤ 2nε·Σ|terms|)', () => {
  const base = liveBytes();
  let seed = 11;
  for (const [n, d, h, alpha] of cases) {
    const pr = problem(n, d, h, alpha, seed++);
    const { H, absH } = jsH(n, pr.D, h, pr.X.toColumnMajor(), pr.G.toColumnMajor(), pr.BBt.toColumnMajor(), 1e-3);
    for (const variant of ['simd', 'z', 'ref'] as const) {
      const got = assemble(n, pr.D, h, pr.X, pr.G, pr.BBt, 1e-3, variant);
      for (let e = 0; e < H.length; e++) {
        const err = Math.abs(got[e]! - H[e]!);
        if (!(err <= 2 * n * EPS * absH[e]! + 1e-300)) {
          assert.unreachable(`n=${n} d=${d} h=${h} α=${alpha} ${variant}: entry ${e} differs by ${err} (bound ${2 * n * EPS * absH[e]!})`);
        }
      }
      // exactly symmetric (mirrored, not recomputed)
      const N = pr.D * h;
      for (let a = 0; a < N; a++) for (let b = 0; b < a; b++) assert.is(got[a + b * N], got[b + a * N]);
    }
    pr.dispose();
  }
  assert.is(liveBytes(), base);
});

test('anminPattern: strict inequality, α for silent units, dead-column count', () => {
  const P = Matrix.fromRows([[1, 0, -1], [-2, 0, -3], [0.5, 0, -0]]);
  const G = new Matrix(3, 3);
  const dead = wasm().anminPattern(3, 3, 0.1, ptrOf(P), 3, ptrOf(G), 3);
  assert.is(dead, 2);
  assert.equal(G.toRows(), [[1, 0.1, 0.1], [0.1, 0.1, 0.1], [1, 0.1, 0.1]]);
  const dead0 = wasm().anminPattern(3, 3, 0, ptrOf(P), 3, ptrOf(G), 3);
  assert.is(dead0, 2);
  assert.equal(G.toRows(), [[1, 0, 0], [0, 0, 0], [1, 0, 0]]);
  P.dispose(); G.dispose();
});

test('anminRhs equals Σ_i G_ij R_ij x̃_ip', () => {
  for (const [n, d, h] of [[1, 2, 3], [201, 2, 5], [64, 7, 9]] as const) {
    const pr = problem(n, d, h, 0, 5);
    const R = Matrix.random(n, h, { seed: 9 });
    const c = new Matrix(pr.D * h, 1);
    wasm().anminRhs(n, pr.D, h, ptrOf(pr.X), n, ptrOf(pr.G), n, ptrOf(R), n, ptrOf(c));
    const X = pr.X.toColumnMajor(), G = pr.G.toColumnMajor(), Rv = R.toColumnMajor(), cv = c.toColumnMajor();
    for (let j = 0; j < h; j++) {
      for (let p = 0; p < pr.D; p++) {
        let s = 0, sa = 0;
        for (let i = 0; i < n; i++) { const t = G[i + j * n]! * Rv[i + j * n]! * X[i + p * n]!; s += t; sa += Math.abs(t); }
        assertLE(Math.abs(cv[j * pr.D + p]! - s), 2 * n * EPS * sa, `c[${j * pr.D + p}]`);
      }
    }
    pr.dispose(); R.dispose(); c.dispose();
  }
});

test('anminGramTN = AᵀB for tall A, B (row blocks of 512 and a ragged tail) and anminSymmetrizeShift', () => {
  const k = wasm();
  for (const [rows, ma, nb] of [[1, 3, 2], [7, 5, 1], [603, 9, 9], [1030, 4, 3]] as const) {
    const A = Matrix.random(rows, ma, { seed: rows, stream: 1 });
    const B = Matrix.random(rows, nb, { seed: rows, stream: 2 });
    const C = new Matrix(ma, nb);
    k.anminGramTN(rows, ma, nb, ptrOf(A), rows, ptrOf(B), rows, ptrOf(C), ma);
    const a = A.toColumnMajor(), b = B.toColumnMajor(), c = C.toColumnMajor();
    for (let i = 0; i < ma; i++) {
      for (let j = 0; j < nb; j++) {
        let s = 0, sa = 0;
        for (let r = 0; r < rows; r++) { const t = a[r + i * rows]! * b[r + j * rows]!; s += t; sa += Math.abs(t); }
        assertLE(Math.abs(c[i + j * ma]! - s), 2 * rows * EPS * sa, `C[${i},${j}] (${rows}×${ma}·${nb})`);
      }
    }
    [A, B, C].forEach((m) => m.dispose());
  }
  const S = Matrix.fromRows([[1, 9, 9], [2, 3, 9], [4, 5, 6]]);
  k.anminSymmetrizeShift(3, ptrOf(S), 3, 0.5);
  assert.equal(S.toRows(), [[1.5, 2, 4], [2, 3.5, 5], [4, 5, 6.5]]);
  S.dispose();
});

test('elementwise kernels: ReLU mask, Adam, momentum, column sums, SSE, gather', () => {
  const k = wasm();
  const P = Matrix.fromRows([[1, -1], [0, 2], [-3, 4]]);
  const Dm = Matrix.fromRows([[2, 3], [5, 7], [11, 13]]);
  k.anminReluBackward(3, 2, 0.1, ptrOf(P), 3, ptrOf(Dm), 3);
  const r = Dm.toRows();
  assert.equal(r.map((row) => row.map((v) => +v.toFixed(12))), [[2, 0.3], [0.5, 7], [1.1, 13]]);

  // Adam: two steps against the closed form
  const w = Matrix.fromVector([1, -2]);
  const g = Matrix.fromVector([0.5, -4]);
  const m = Matrix.zeros(2, 1), v = Matrix.zeros(2, 1);
  const lr = 0.03, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const ref = [1, -2], mr = [0, 0], vr = [0, 0];
  for (let t = 1; t <= 2; t++) {
    k.anminAdam(2, ptrOf(w), ptrOf(g), ptrOf(m), ptrOf(v), lr, b1, b2, eps, 1 - b1 ** t, 1 - b2 ** t);
    for (let i = 0; i < 2; i++) {
      const gi = [0.5, -4][i]!;
      mr[i] = b1 * mr[i]! + (1 - b1) * gi; vr[i] = b2 * vr[i]! + (1 - b2) * gi * gi;
      ref[i] = ref[i]! - lr * (mr[i]! / (1 - b1 ** t)) / (Math.sqrt(vr[i]! / (1 - b2 ** t)) + eps);
    }
  }
  const wv = w.toColumnMajor();
  for (let i = 0; i < 2; i++) assertLE(Math.abs(wv[i]! - ref[i]!), 8 * EPS, `adam w[${i}]`);
  // first Adam step moves every parameter by lr·sign(g) (up to ε)
  const vel = Matrix.zeros(2, 1);
  const w2 = Matrix.fromVector([1, 1]);
  k.anminMomentum(2, ptrOf(w2), ptrOf(g), ptrOf(vel), 0.1, 0.9);
  k.anminMomentum(2, ptrOf(w2), ptrOf(g), ptrOf(vel), 0.1, 0.9);
  const w2v = w2.toColumnMajor();
  assertLE(Math.abs(w2v[0]! - (1 - 0.1 * 0.5 - 0.1 * 0.95)), 4 * EPS, 'momentum w0');
  assertLE(Math.abs(w2v[1]! - (1 + 0.1 * 4 + 0.1 * 7.6)), 4 * EPS, 'momentum w1');

  const out = new Matrix(2, 1);
  k.anminColSums(3, 2, 0.5, ptrOf(P), 3, ptrOf(out));
  assert.equal([...out.toColumnMajor()], [-1, 2.5]);
  const Q = Matrix.fromRows([[0, 0], [0, 0], [0, 0]]);
  assert.is(k.anminSse(3, 2, ptrOf(P), 3, ptrOf(Q), 3), 1 + 1 + 0 + 4 + 9 + 16);

  const idx = withScratch(12, (ip) => {
    new Int32Array(k.memory.buffer, ip, 3).set([2, 0, 2]);
    const dst = new Matrix(3, 2);
    k.anminGatherRows(3, 2, ptrOf(P), 3, ip, ptrOf(dst), 3);
    const rows = dst.toRows();
    dst.dispose();
    return rows;
  });
  assert.equal(idx, [[-3, 4], [1, -1], [-3, 4]]);
  void f64;
  [P, Dm, w, g, m, v, vel, w2, out, Q].forEach((x) => x.dispose());
});

test.run();
