// Cholesky: ‖L·Lᵀ − S‖_F/‖S‖_F ≤ C·n·ε with C = 10; logDet against closed forms; failing pivot;
// ridge λ; solve; the blocked kernel against its scalar twin; bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, cholesky, lstsq, liveBytes, InvalidInputError, OptionError, ShapeError, scope } from '../../src/index.js';
import { wasm, alloc, free, f64 } from '../../bindings/raw.js';
import { refKernels, refMem } from '../helpers/ref-kernels.js';
import { EPS, frob, jsMatmul, assertLE, assertThrows } from '../helpers/index.js';
import { hilbert, hilbertLogDet, orthonormal, gaussian, transposeCM } from '../fixtures/dense-matrices.js';

const C = 10;

test.before(async () => { await init(); });

/** S = Q·diag(d)·Qᵀ (column-major), Q orthonormal n×n (seeded). */
function spd(d: number[], seed: number): Float64Array {
  const n = d.length;
  const Q = orthonormal(n, n, seed);
  const QD = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) QD[i + j * n] = Q[i + j * n]! * d[j]!;
  const S = jsMatmul(QD, n, n, transposeCM(Q, n, n), n);
  for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) { const x = 0.5 * (S[i + j * n]! + S[j + i * n]!); S[i + j * n] = x; S[j + i * n] = x; }
  return S;
}

function reconError(S: Float64Array, n: number, L: Float64Array): number {
  const LLt = jsMatmul(L, n, n, transposeCM(L, n, n), n);
  const diff = new Float64Array(n * n);
  for (let i = 0; i < diff.length; i++) diff[i] = LLt[i]! - S[i]!;
  return frob(diff) / frob(S);
}

test('cholesky: backward error and logDet on SPD matrices (blocked sizes) with known spectrum', () => {
  for (const n of [1, 5, 64, 65, 150]) {
    const d = Array.from({ length: n }, (_, i) => 10 ** (-6 * i / Math.max(n - 1, 1))); // κ = 1e6
    const S = spd(d, 100 + n);
    const start = liveBytes();
    scope(() => {
      const c = cholesky(Matrix.fromColumnMajor(S, n, n));
      assert.ok(c.ok); assert.is(c.failedPivot, -1);
      const L = c.L!.toColumnMajor();
      for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) assert.is(L[i + j * n], 0, 'L lower');
      assertLE(reconError(S, n, L), C * n * EPS, `n=${n}: ‖LLᵀ − S‖/‖S‖`);
      const exact = d.reduce((s, x) => s + Math.log(x), 0);
      // log det perturbation ≤ n·κ·(backward error); κ = 1e6 here
      assertLE(Math.abs(c.logDet - exact), C * n * 1e6 * EPS * Math.max(1, n), `n=${n}: logDet`);
    });
    assert.is(liveBytes(), start);
  }
});

test('recursive dpotrf across its splits (orders 31…257): backward error on random, graded and ill-conditioned SPD; lda > n; upper triangle not read', () => {
  const w = wasm();
  const start = liveBytes();
  for (const n of [31, 32, 33, 63, 64, 65, 127, 129, 257]) {
    const g = gaussian(n + 7, n, 300 + n);
    const wishart = jsMatmul(transposeCM(g.a, n + 7, n), n, n + 7, g.a, n); // GᵀG, κ ≈ 1e3…1e5
    const graded = wishart.slice(); // D·(GᵀG)·D with D = diag(10^(−6i/n)): entries over 12 decades
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) graded[i + j * n]! *= 10 ** (-6 * (i + j) / n);
    const ill = spd(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 10 ** (-12 * i / n))), 400 + n); // κ ≈ 1e12, clustered at 1
    for (const [name, S] of [['GᵀG', wishart], ['graded', graded], ['κ 1e12', ill]] as const) {
      // raw kernel with lda = n + 3, strict upper triangle and padding set to NaN (must not be read or written)
      const lda = n + 3;
      const p = alloc(lda * n * 8), ws = alloc(w.dpotrfWorkspaceSize(n));
      try {
        const buf = new Float64Array(lda * n).fill(NaN);
        for (let j = 0; j < n; j++) for (let i = j; i < n; i++) buf[i + j * lda] = S[i + j * n]!;
        f64().set(buf, p >> 3);
        assert.is(w.dpotrf(n, p, lda, ws), -1, `${name} n=${n}: factored`);
        const out = f64().slice(p >> 3, (p >> 3) + lda * n);
        const L = new Float64Array(n * n);
        for (let j = 0; j < n; j++) {
          for (let i = 0; i < lda; i++) {
            if (i < j || i >= n) { if (!Number.isNaN(out[i + j * lda])) assert.unreachable(`${name} n=${n}: (${i},${j}) outside the lower triangle written`); } else L[i + j * n] = out[i + j * lda]!;
          }
        }
        assertLE(reconError(S, n, L), C * n * EPS, `${name} n=${n}: ‖LLᵀ − S‖/‖S‖`);
      } finally {
        free(p); free(ws);
      }
    }
    // the public API on the same matrix agrees with the kernel result's backward error
    scope(() => {
      const c = cholesky(Matrix.fromColumnMajor(wishart, n, n));
      assert.ok(c.ok);
      assertLE(reconError(wishart, n, c.L!.toColumnMajor()), C * n * EPS, `cholesky() n=${n}`);
    });
  }
  assert.is(liveBytes(), start);
});

test('dpotrf: a failing pivot in the trailing half of the recursion is reported at its global index', () => {
  for (const [n, k] of [[100, 83], [257, 129], [257, 256], [65, 40]] as const) {
    scope(() => {
      const d = Matrix.zeros(n, n);
      for (let i = 0; i < n; i++) { d.set(i, i, 2 + i); if (i > 0) { d.set(i, i - 1, 0.5); d.set(i - 1, i, 0.5); } }
      d.set(k, k, -1);
      const c = cholesky(d);
      assert.not.ok(c.ok);
      assert.is(c.failedPivot, k, `n=${n}: pivot ${k}`);
    });
  }
});

test('cholesky: logDet closed forms (diagonal, tridiagonal [−1 2 −1] det = n+1, Hilbert)', () => {
  scope(() => {
    const d = [2, 3, 0.5, 7, 1e-3];
    const D = Matrix.zeros(5, 5);
    d.forEach((x, i) => D.set(i, i, x));
    const c = cholesky(D);
    assertLE(Math.abs(c.logDet - d.reduce((s, x) => s + Math.log(x), 0)), 4 * EPS * 10, 'diagonal logDet');
    const n = 200;
    const T = Matrix.zeros(n, n);
    for (let i = 0; i < n; i++) { T.set(i, i, 2); if (i > 0) { T.set(i, i - 1, -1); T.set(i - 1, i, -1); } }
    const t = cholesky(T);
    // κ(T) ≈ 4n²/π² ≈ 1.6e4
    assertLE(Math.abs(t.logDet - Math.log(n + 1)), C * n * 2e4 * EPS, 'tridiagonal logDet = ln(n+1)');
    for (const m of [4, 6, 8]) {
      const h = hilbert(m);
      const ch = cholesky(Matrix.fromColumnMajor(h.a, m, m));
      assert.ok(ch.ok, `Hilbert ${m}`);
      // κ(H_8) ≈ 1.5e10: the rounded input entries alone perturb log det by ~ n·κ·ε
      const kappa = [0, 0, 0, 0, 1.6e4, 0, 1.5e7, 0, 1.6e10][m]!;
      assertLE(Math.abs(ch.logDet - hilbertLogDet(m)), C * m * kappa * EPS, `Hilbert ${m} logDet`);
      assertLE(reconError(h.a, m, ch.L!.toColumnMajor()), C * m * EPS, `Hilbert ${m} ‖LLᵀ − H‖`);
    }
  });
});

test('cholesky: only the lower triangle is read', () => {
  const n = 70;
  const S = spd(Array.from({ length: n }, (_, i) => 1 + i), 7);
  const junk = S.slice();
  for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) junk[i + j * n] = 1e6 * (i - j);
  scope(() => {
    const a = cholesky(Matrix.fromColumnMajor(S, n, n)).L!.toColumnMajor();
    const b = cholesky(Matrix.fromColumnMajor(junk, n, n)).L!.toColumnMajor();
    assert.equal(a, b);
  });
});

test('cholesky: failing pivot on indefinite / singular matrices (result, not exception)', () => {
  const start = liveBytes();
  scope(() => {
    const a = cholesky([[1, 2], [2, 1]]);
    assert.not.ok(a.ok); assert.is(a.failedPivot, 1); assert.is(a.L, null); assert.is(a.logDet, -Infinity);
    assertThrows(() => a.solve(new Float64Array([1, 1])), InvalidInputError, /pivot 1/);
    const d = Matrix.zeros(100, 100);
    for (let i = 0; i < 100; i++) d.set(i, i, i === 83 ? -1 : 1 + i);
    assert.is(cholesky(d).failedPivot, 83, 'negative diagonal at 83 (inside the second block)');
    assert.is(cholesky([[0]]).failedPivot, 0);
    // rank-deficient Gram matrix GᵀG with G 3×5: fails at a pivot ≥ 3 (roundoff decides which)
    const g = gaussian(3, 5, 9);
    const GtG = jsMatmul(transposeCM(g.a, 3, 5), 5, 3, g.a, 5);
    const c = cholesky(Matrix.fromColumnMajor(GtG, 5, 5));
    assert.ok(!c.ok && c.failedPivot >= 3, `failedPivot ${c.failedPivot}`);
    // ridge: S + λI is positive definite and equals factoring the shifted matrix explicitly
    const lam = 0.5;
    const r = cholesky(Matrix.fromColumnMajor(GtG, 5, 5), { lambda: lam });
    assert.ok(r.ok);
    const shifted = GtG.slice();
    for (let i = 0; i < 5; i++) shifted[i + i * 5]! += lam;
    const e = cholesky(Matrix.fromColumnMajor(shifted, 5, 5));
    assert.equal(r.L!.toColumnMajor(), e.L!.toColumnMajor());
    assert.is(r.logDet, e.logDet);
  });
  assert.is(liveBytes(), start);
});

test('cholesky.solve: vector and matrix right-hand sides', () => {
  const n = 90;
  const S = spd(Array.from({ length: n }, (_, i) => 10 ** (-4 * i / (n - 1))), 12); // κ = 1e4
  const start = liveBytes();
  scope(() => {
    const c = cholesky(Matrix.fromColumnMajor(S, n, n));
    const x0 = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const b = jsMatmul(S, n, n, x0, 1);
    const x = c.solve(b);
    assert.instance(x, Float64Array);
    let e = 0;
    for (let i = 0; i < n; i++) e = Math.max(e, Math.abs(x[i]! - x0[i]!));
    assertLE(e, C * n * 1e4 * EPS, 'vector solve forward error ≤ C·n·κ·ε');
    const X0 = Matrix.random(n, 4, { seed: 5 });
    const B = Matrix.fromColumnMajor(jsMatmul(S, n, n, X0.toColumnMajor(), 4), n, 4);
    const X = c.solve(B);
    assert.instance(X, Matrix);
    assert.is(X.cols, 4);
    const d = X.sub(X0).toColumnMajor();
    assertLE(frob(d) / frob(X0.toColumnMajor()), C * n * 1e4 * EPS, 'matrix solve');
    assert.equal(B.toColumnMajor(), jsMatmul(S, n, n, X0.toColumnMajor(), 4), 'solve must not modify B');
    assertThrows(() => c.solve(new Float64Array(n - 1)), ShapeError, /entries/);
    assertThrows(() => c.solve(Matrix.zeros(n + 1, 1)), ShapeError, /rows/);
    const bad = new Float64Array(n); bad[3] = NaN;
    assertThrows(() => c.solve(bad), InvalidInputError, /non-finite/);
  });
  assert.is(liveBytes(), start);
});

test('blocked dpotrf matches the scalar twin dpotf2Ref', () => {
  const { alloc, free, f64 } = refMem(); // the kernel and its twin run in the ref build's instance
  const n = 200;
  const S = spd(Array.from({ length: n }, (_, i) => 1 + i * i), 13);
  const w = refKernels();
  const a1 = alloc(n * n * 8), a2 = alloc(n * n * 8), ws = alloc(w.dpotrfWorkspaceSize(n));
  try {
    f64().set(S, a1 >> 3); f64().set(S, a2 >> 3);
    assert.is(w.dpotrf(n, a1, n, ws), -1);
    assert.is(w.dpotf2Ref(n, a2, n), -1);
    const v = f64();
    let e = 0, nl = 0;
    for (let j = 0; j < n; j++) for (let i = j; i < n; i++) {
      e = Math.max(e, Math.abs(v[(a1 >> 3) + i + j * n]! - v[(a2 >> 3) + i + j * n]!));
      nl = Math.max(nl, Math.abs(v[(a2 >> 3) + i + j * n]!));
    }
    assertLE(e / nl, C * n * EPS * n, 'blocked vs reference (L entries, κ(S) = 4e4)');
  } finally {
    [a1, a2, ws].forEach(free);
  }
});

test('cholesky: bad input gives typed errors and leaks nothing', () => {
  const start = liveBytes();
  assertThrows(() => cholesky([[1, 2, 3], [4, 5, 6]]), ShapeError, /square.*2×3/);
  assertThrows(() => cholesky([[1, NaN], [NaN, 1]]), InvalidInputError, /non-finite.*row 1, column 0/);
  assertThrows(() => cholesky([[Infinity]]), InvalidInputError, /non-finite/);
  assertThrows(() => cholesky([]), InvalidInputError, /empty/);
  assertThrows(() => cholesky([[1]], { lambda: -1 }), OptionError, /lambda/);
  assertThrows(() => cholesky([[1]], { lambda: NaN }), OptionError, /lambda/);
  assertThrows(() => cholesky([[1]], { shift: 1 } as never), OptionError, /unknown option 'shift'/);
  assert.is(liveBytes(), start);
});

test("lstsq 'cholesky': matches the normal-equations solution; multiple RHS; ridge; non-PD error", () => {
  const start = liveBytes();
  scope(() => {
    const m = 300, n = 40;
    const A = Matrix.random(m, n, { seed: 21 });
    const X0 = Matrix.random(n, 3, { seed: 22 });
    const B = A.matmul(X0);
    const r = lstsq(A, B, { method: 'cholesky' });
    assert.is(r.rank, n); assert.is(r.method, 'cholesky');
    // consistent system, κ(A) ≈ 2: forward error ≈ κ²·ε
    assertLE(frob(r.x.sub(X0).toColumnMajor()) / frob(X0.toColumnMajor()), C * n * EPS * 10, 'X vs X0');
    assertLE(r.residualNorm / frob(B.toColumnMajor()), C * m * EPS, 'residual');
    const v = lstsq(A, B.column(1), { method: 'cholesky' });
    assert.instance(v.x, Float64Array);
    assertLE(Math.abs(v.x[5]! - r.x.get(5, 1)), 1e-13, 'vector RHS = column of matrix RHS');
    // ridge: (AᵀA + λI) x = Aᵀb, checked through the normal equations in JS
    const lam = 10;
    const rr = lstsq(A, B, { method: 'cholesky', lambda: lam });
    const AtA = jsMatmul(transposeCM(A.toColumnMajor(), m, n), n, m, A.toColumnMajor(), n);
    for (let i = 0; i < n; i++) AtA[i + i * n]! += lam;
    const lhs = jsMatmul(AtA, n, n, rr.x.toColumnMajor(), 3);
    const rhs = jsMatmul(transposeCM(A.toColumnMajor(), m, n), n, m, B.toColumnMajor(), 3);
    let e = 0;
    for (let i = 0; i < lhs.length; i++) e = Math.max(e, Math.abs(lhs[i]! - rhs[i]!));
    assertLE(e / frob(rhs), C * m * EPS, 'ridge normal equations');
    assert.ok(rr.ridge && rr.ridge.lambda === lam);
    const dof = rr.ridge!.dof as number;
    assert.ok(dof > 0 && dof < n, `dof ${dof}`);
    // rank-deficient A (a zero column: the pivot is exactly 0, whatever the rounding) → typed
    // error naming the pivot and the fixes
    const D = Matrix.zeros(m, 3);
    D.setBlock(0, 0, A.columns(0, 2));
    assertThrows(() => lstsq(D, B.column(0), { method: 'cholesky' }), InvalidInputError, /pivot 2.*lambda.*'svd'/);
    const ok = lstsq(D, B.column(0), { method: 'cholesky', lambda: 1e-6 });
    assert.is(ok.rank, 3);
    assertThrows(() => lstsq(A, B, { method: 'cholesky', lambda: -2 }), OptionError, /lambda/);
    assertThrows(() => lstsq(A, Matrix.zeros(m + 1, 1), { method: 'cholesky' }), ShapeError, /rows/);
  });
  assert.is(liveBytes(), start);
});

test.run();
