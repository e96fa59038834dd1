// QR and pivoted QR on a battery of hard matrices. Bounds (stated once, LAPACK-style):
//   backward error   ‖A·P − Q·R‖_F / ‖A‖_F ≤ C·max(m, n)·ε
//   orthogonality    ‖QᵀQ − I‖_F ≤ C·max(m, n)·ε
// with C = 10 (LAPACK's own test threshold is 30 on the same ratios). References are plain-JS
// products (compensated sums) of the returned factors, closed forms and known SVD factors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, qr, cholesky, liveBytes, InvalidInputError, OptionError, ShapeError, scope } from '../../src/index.js';
import { qrReduceTall } from '../../src/linalg/qr.js';
import { wasm, alloc, free, f64 } from '../../bindings/raw.js';
import { refKernels, refMem } from '../helpers/ref-kernels.js';
import { EPS, frob, jsMatmul, assertLE, assertThrows } from '../helpers/index.js';
import { fromSvd, graded, hilbert, kahan, vandermonde, gaussian, transposeCM, type Dense } from '../fixtures/dense-matrices.js';

const C = 10;

test.before(async () => { await init(); });

interface Check { back: number; orth: number; rank?: number }

/** Factors d with qr(·, opts), checks shape/structure and returns the scaled error ratios. */
function checkQR(d: Dense, pivoting: boolean, what: string): Check {
  const { m, n } = d;
  const k = Math.min(m, n);
  const start = liveBytes();
  const out = scope(() => {
    const A = Matrix.fromColumnMajor(d.a, m, n);
    const f = qr(A, { pivoting });
    const Q = f.Q().toColumnMajor();
    const R = f.R.toColumnMajor();
    assert.is(f.R.rows, k); assert.is(f.R.cols, n);
    for (let j = 0; j < n; j++) for (let i = j + 1; i < k; i++) assert.is(R[i + j * k], 0, `${what}: R not upper trapezoidal at (${i}, ${j})`);
    const perm = f.permutation;
    if (pivoting) {
      assert.ok(perm && perm.length === n, `${what}: permutation`);
      assert.equal([...perm!].sort((x, y) => x - y), Array.from({ length: n }, (_, i) => i), `${what}: not a permutation`);
      for (let i = 1; i < k; i++) {
        assert.ok(Math.abs(R[i + i * k]!) <= Math.abs(R[i - 1 + (i - 1) * k]!) * (1 + 1e-12), `${what}: |R_ii| increases at ${i}`);
      }
    } else {
      assert.is(perm, null);
    }
    const QR = jsMatmul(Q, m, k, R, n);
    const diff = new Float64Array(m * n);
    for (let j = 0; j < n; j++) {
      const src = perm ? perm[j]! : j;
      for (let i = 0; i < m; i++) diff[i + j * m] = QR[i + j * m]! - d.a[i + src * m]!;
    }
    const na = frob(d.a);
    const back = na === 0 ? frob(diff) : frob(diff) / na / (Math.max(m, n) * EPS);
    const QtQ = jsMatmul(transposeCM(Q, m, k), k, m, Q, k);
    for (let i = 0; i < k; i++) QtQ[i + i * k]! -= 1;
    const orth = frob(QtQ) / (Math.max(m, n) * EPS);
    return { back, orth, rank: pivoting ? f.rank() : undefined };
  });
  assert.is(liveBytes(), start, `${what}: wasm memory leaked`);
  assertLE(out.back, C, `${what}: ‖AP − QR‖/(‖A‖·max(m,n)·ε)`);
  assertLE(out.orth, C, `${what}: ‖QᵀQ − I‖/(max(m,n)·ε)`);
  return out;
}

const battery: [string, () => Dense][] = [
  ['graded σ 1…1e-15 (60×40)', () => fromSvd(60, 40, graded(40), 1)],
  ['Hilbert 12', () => hilbert(12)],
  ['Kahan 40', () => kahan(40)],
  ['Vandermonde 30×12', () => vandermonde(30, 12)],
  ['rank 5 of 40×25 (exact zeros in σ)', () => fromSvd(40, 25, [1, 0.7, 0.3, 0.1, 0.05], 3)],
  ['Gaussian 150×100 (several panels)', () => gaussian(150, 100, 4)],
  ['Gaussian 100×150 (wide, several panels)', () => gaussian(100, 150, 5)],
  ['tall 2000×50', () => gaussian(2000, 50, 6)],
  ['Gaussian 300×260 (blocked pivoted path: dlaqps then dlaqp2)', () => gaussian(300, 260, 10)],
  ['graded σ 1…1e-15 (250×200, blocked pivoted path)', () => fromSvd(250, 200, graded(200), 12)],
  ['wide 180×400 (blocked pivoted path)', () => gaussian(180, 400, 13)],
  ['wide 50×2000', () => gaussian(50, 2000, 7)],
  ['1×1', () => ({ a: new Float64Array([-3]), m: 1, n: 1 })],
  ['n×1 (37×1)', () => gaussian(37, 1, 8)],
  ['1×n (1×9)', () => gaussian(1, 9, 9)],
  ['zero matrix 5×3', () => ({ a: new Float64Array(15), m: 5, n: 3 })],
  ['Gaussian 40×30 scaled by 1e-300 (dlarfg rescaling, scaled norms)', () => { const g = gaussian(40, 30, 14); return { ...g, a: g.a.map((x) => x * 1e-300) }; }],
  ['Gaussian 40×30 scaled by 1e300 (no overflow in the norms)', () => { const g = gaussian(40, 30, 15); return { ...g, a: g.a.map((x) => x * 1e300) }; }],
];

for (const [name, make] of battery) {
  test(`qr: ${name}`, () => { checkQR(make(), false, name); });
  test(`qr pivoted: ${name}`, () => { checkQR(make(), true, name); });
}

test('qr: duplicate columns — pivoted rank equals the number of distinct columns', () => {
  const g = gaussian(30, 6, 11);
  const a = new Float64Array(30 * 9);
  a.set(g.a);
  a.set(g.a.subarray(0, 30), 6 * 30); // col 6 = col 0
  a.set(g.a.subarray(60, 90), 7 * 30); // col 7 = col 2
  a.set(g.a.subarray(0, 30), 8 * 30); // col 8 = col 0
  const r = checkQR({ a, m: 30, n: 9 }, true, 'duplicates');
  assert.is(r.rank, 6);
});

test('qr: 1×1 and n×1 closed forms (R = ±‖a‖, Q = a/R)', () => {
  scope(() => {
    const f = qr([[-3]]);
    assert.is(Math.abs(f.R.get(0, 0)), 3);
    assert.is(f.Q().get(0, 0) * f.R.get(0, 0), -3);
    const v = [3, 4, 12];
    const g = qr(Matrix.fromColumnMajor(v, 3, 1));
    assertLE(Math.abs(Math.abs(g.R.get(0, 0)) - 13), 2 * EPS * 13, '|R00| − ‖a‖');
  });
});

test('pivoted qr: rank at rcond equals #{σᵢ > rcond·σ₁} across a clear gap', () => {
  // 10 singular values in [1, 1e-3], then 10 in [1e-9, 1e-12]: gap of 1e-6 around rcond = 1e-6.
  const s = [...Array.from({ length: 10 }, (_, i) => 10 ** (-3 * i / 9)), ...Array.from({ length: 10 }, (_, i) => 10 ** (-9 - 3 * i / 9))];
  for (const [m, n, seed] of [[80, 30, 21], [30, 30, 22], [25, 60, 23]] as const) {
    const d = fromSvd(m, n, s, seed);
    scope(() => {
      const f = qr(Matrix.fromColumnMajor(d.a, m, n), { pivoting: true });
      assert.is(f.rank(1e-6), 10, `${m}×${n} rank at 1e-6`);
      assert.is(f.rank(1e-1), s.filter((x) => x > 1e-1).length, `${m}×${n} rank at 1e-1`);
      assert.is(f.rank(1e-14), 20, `${m}×${n} rank at 1e-14`);
      // rcond = 0 keeps every nonzero pivot: the min(m,n) − 20 rounding-level σ of the construction count too
      assert.ok(f.rank(0) >= 20, `${m}×${n} rank at 0`);
    });
  }
});

test('pivoted qr, blocked path: rank across a clear gap (norm recomputation exercised)', () => {
  // 100 σ in [1, 1e-3], then 100 in [1e-9, 1e-12]: the partial norms of the trailing columns
  // cancel by 1e-6 at step 100, which must trigger the tol3z recomputation.
  const s = [...Array.from({ length: 100 }, (_, i) => 10 ** (-3 * i / 99)), ...Array.from({ length: 100 }, (_, i) => 10 ** (-9 - 3 * i / 99))];
  const d = fromSvd(320, 220, s, 81);
  scope(() => {
    const f = qr(Matrix.fromColumnMajor(d.a, 320, 220), { pivoting: true, mode: 'r' });
    assert.is(f.rank(1e-6), 100);
    assert.is(f.rank(1e-14), 200);
    for (const i of [0, 50, 99, 100, 150, 199]) {
      const r = Math.abs(f.R.get(i, i)) / s[i]!;
      assert.ok(r > 1e-2 && r < 1e2, `|R_${i}${i}|/σ_${i} = ${r}`);
    }
  });
});

test('blocked dgeqp3 (dlaqps) matches its unblocked twin (dlaqp2)', () => {
  const m = 260, n = 230;
  const d = fromSvd(m, n, graded(n, -8), 91);
  const w = wasm();
  const k = Math.min(m, n);
  const a1 = alloc(m * n * 8), a2 = alloc(m * n * 8), t1 = alloc(k * 8), t2 = alloc(k * 8);
  const p1 = alloc(n * 4), p2 = alloc(n * 4), ws = alloc(w.dgeqp3WorkspaceSize(m, n));
  try {
    f64().set(d.a, a1 >> 3); f64().set(d.a, a2 >> 3);
    w.dgeqp3(m, n, a1, m, p1, t1, ws);
    w.dgeqp3Unblocked(m, n, a2, m, p2, t2, ws);
    const P1 = new Int32Array(w.memory.buffer, p1, n).slice(), P2 = new Int32Array(w.memory.buffer, p2, n).slice();
    // pivots agree while the partial norms are well separated (graded σ): compare the leading 150
    assert.equal([...P1.slice(0, 150)], [...P2.slice(0, 150)], 'pivot order');
    const v = f64();
    let e = 0;
    for (let j = 0; j < 150; j++) for (let i = 0; i <= j; i++) e = Math.max(e, Math.abs(Math.abs(v[(a1 >> 3) + i + j * m]!) - Math.abs(v[(a2 >> 3) + i + j * m]!)));
    assertLE(e / Math.abs(v[a2 >> 3]!), C * m * EPS, 'R blocked vs unblocked');
  } finally {
    [a1, a2, t1, t2, p1, p2, ws].forEach(free);
  }
});

test('pivoted qr: graded σ — |R_ii| tracks σᵢ (rank-revealing) and the rank follows rcond', () => {
  const n = 30;
  const s = graded(n, -12);
  const d = fromSvd(50, n, s, 31);
  scope(() => {
    const f = qr(Matrix.fromColumnMajor(d.a, 50, n), { pivoting: true });
    for (let i = 0; i < n; i++) {
      const r = Math.abs(f.R.get(i, i)) / s[i]!;
      assert.ok(r > 1e-2 && r < 1e2, `|R_${i}${i}|/σ_${i} = ${r}`);
    }
    // no clear gap: the rank decision may be off by a few at the boundary
    const r8 = f.rank(1e-8);
    const exact = s.filter((x) => x > 1e-8).length;
    assert.ok(Math.abs(r8 - exact) <= 2, `rank(1e-8) = ${r8}, #σ>1e-8 = ${exact}`);
  });
});

test('applyQt / applyQ agree with the explicit Q (tall, wide, pivoted) and are inverse', () => {
  for (const [m, n, pivoting] of [[120, 70, false], [70, 120, false], [90, 40, true], [33, 33, false]] as const) {
    const d = gaussian(m, n, 40 + m);
    const start = liveBytes();
    scope(() => {
      const f = qr(Matrix.fromColumnMajor(d.a, m, n), { pivoting });
      const k = Math.min(m, n);
      const Q = f.Q().toColumnMajor();
      // 5 columns: one reflector at a time; 12 columns: blocked (T blocks + GEMM)
      for (const nc of [5, 12]) {
      const B = Matrix.random(m, nc, { seed: 3 });
      const QtB = f.applyQt(B);
      assert.is(QtB.rows, m); assert.is(QtB.cols, nc);
      const ref = jsMatmul(transposeCM(Q, m, k), k, m, B.toColumnMajor(), nc);
      const top = QtB.block(0, 0, k, nc).toColumnMajor();
      let e = 0;
      for (let i = 0; i < ref.length; i++) e = Math.max(e, Math.abs(ref[i]! - top[i]!));
      assertLE(e / frob(B.toColumnMajor()), C * m * EPS, `${m}×${n}: applyQt vs Q₁ᵀB`);
      // orthogonal: ‖QᵀB‖ = ‖B‖, and Q(QᵀB) = B
      assertLE(Math.abs(frob(QtB.toColumnMajor()) - frob(B.toColumnMajor())) / frob(B.toColumnMajor()), C * m * EPS, 'norm preserved');
      const back = f.applyQ(QtB).sub(B).toColumnMajor();
      assertLE(frob(back) / frob(B.toColumnMajor()), C * m * EPS, `${m}×${n}: Q·(Qᵀ·B) = B`);
      }
      // thin applyQ (k rows) = Q₁·Y
      const Y = Matrix.random(k, 3, { seed: 4 });
      const QY = f.applyQ(Y).toColumnMajor();
      const refQY = jsMatmul(Q, m, k, Y.toColumnMajor(), 3);
      let e2 = 0;
      for (let i = 0; i < refQY.length; i++) e2 = Math.max(e2, Math.abs(refQY[i]! - QY[i]!));
      assertLE(e2 / frob(Y.toColumnMajor()), C * m * EPS, `${m}×${n}: applyQ thin`);
    });
    assert.is(liveBytes(), start);
  }
});

test("mode 'r' gives the same R as mode 'full' and keeps no Q", () => {
  const d = gaussian(200, 90, 51);
  scope(() => {
    const A = Matrix.fromColumnMajor(d.a, 200, 90);
    const full = qr(A);
    const ronly = qr(A, { mode: 'r' });
    assert.equal(ronly.R.toColumnMajor(), full.R.toColumnMajor());
    assert.is(ronly.factors, null);
    assertThrows(() => ronly.applyQt(A), OptionError, /mode 'r'/);
    assertThrows(() => ronly.Q(), OptionError, /mode 'r'/);
    const p = qr(A, { pivoting: true, mode: 'r' });
    assert.is(p.rank(), 90);
    assert.equal(A.toColumnMajor(), d.a, 'qr must not modify its input');
  });
});

test('blocked dgeqrf matches the scalar reference twin dgeqr2Ref', () => {
  const { alloc, free, f64 } = refMem(); // the kernel and its twin run in the ref build's instance
  for (const [m, n] of [[150, 100], [64, 96], [97, 33]] as const) {
    const d = gaussian(m, n, 60 + n);
    const w = refKernels();
    const k = Math.min(m, n);
    const a1 = alloc(m * n * 8), a2 = alloc(m * n * 8), t1 = alloc(k * 8), t2 = alloc(k * 8);
    const ws = alloc(w.dgeqrfWorkspaceSize(m, n));
    try {
      f64().set(d.a, a1 >> 3); f64().set(d.a, a2 >> 3);
      w.dgeqrf(m, n, a1, m, t1, 0, 0, ws);
      w.dgeqr2Ref(m, n, a2, m, t2);
      const v = f64();
      const x = v.slice(a1 >> 3, (a1 >> 3) + m * n), y = v.slice(a2 >> 3, (a2 >> 3) + m * n);
      let e = 0;
      for (let i = 0; i < x.length; i++) e = Math.max(e, Math.abs(x[i]! - y[i]!));
      // R and V agree to rounding (both are backward stable; differences grow with n)
      assertLE(e, C * n * EPS * Math.max(1, frob(d.a)), `${m}×${n}: blocked vs reference`);
      const ta = v.slice(t1 >> 3, (t1 >> 3) + k), tb = v.slice(t2 >> 3, (t2 >> 3) + k);
      for (let i = 0; i < k; i++) assertLE(Math.abs(ta[i]! - tb[i]!), C * n * EPS, `tau ${i}`);
    } finally {
      [a1, a2, t1, t2, ws].forEach(free);
    }
  }
});

test('qrReduceTall (internal, for the SVD): R and applyQt of a tall matrix', () => {
  const d = gaussian(500, 20, 71);
  const start = liveBytes();
  const A = Matrix.fromColumnMajor(d.a, 500, 20);
  const f = qrReduceTall(A);
  assert.is(f.R.rows, 20); assert.is(f.R.cols, 20);
  scope(() => {
    const QtA = f.applyQt(A);
    const top = QtA.block(0, 0, 20, 20).sub(f.R).toColumnMajor();
    assertLE(frob(top) / frob(d.a), C * 500 * EPS, 'Q₁ᵀA = R');
    const bottom = QtA.block(20, 0, 480, 20).toColumnMajor();
    assertLE(frob(bottom) / frob(d.a), C * 500 * EPS, 'Q₂ᵀA = 0');
  });
  f.dispose(); A.dispose();
  assert.ok(f.disposed);
  assert.is(liveBytes(), start);
});

test('results returned from scope survive it (QRResult, CholeskyResult own Matrix fields)', () => {
  const start = liveBytes();
  const f = scope(() => qr(Matrix.random(30, 10, { seed: 1 })));
  const c = scope(() => cholesky(Matrix.eye(4), { lambda: 1 }));
  scope(() => {
    const Q = f.Q();
    assert.is(Q.rows, 30);
    assertLE(Math.abs(c.logDet - 4 * Math.log(2)), 8 * EPS, 'logDet of 2I');
    const x = c.solve(new Float64Array([2, 4, 6, 8]));
    [1, 2, 3, 4].forEach((v, i) => assertLE(Math.abs(x[i]! - v), 4 * EPS * v, `x[${i}]`));
  });
  f.dispose(); c.dispose();
  assert.ok(f.disposed && c.disposed);
  assert.is(liveBytes(), start);
});

test('qr: bad input gives typed errors and leaks nothing', () => {
  const start = liveBytes();
  assertThrows(() => qr([[1, NaN], [2, 3]]), InvalidInputError, /row 0, column 1/);
  assertThrows(() => qr([[1, 2], [Infinity, 3]]), InvalidInputError, /non-finite/);
  assertThrows(() => qr([]), InvalidInputError, /empty/);
  scope(() => assertThrows(() => qr(Matrix.zeros(0, 3)), InvalidInputError, /empty/));
  assertThrows(() => qr([[1]], { pivot: true } as never), OptionError, /unknown option 'pivot'/);
  assertThrows(() => qr([[1]], { mode: 'economic' } as never), OptionError, /mode/);
  assertThrows(() => qr([[1]], { pivoting: 1 } as never), OptionError, /pivoting/);
  scope(() => {
    const f = qr(Matrix.random(6, 4, { seed: 1 }));
    assertThrows(() => f.applyQt(Matrix.zeros(5, 2)), ShapeError, /5 rows/);
    assertThrows(() => f.applyQ(Matrix.zeros(5, 2)), ShapeError, /5 rows/);
    assertThrows(() => f.rank(), OptionError, /pivoting/);
    const p = qr(Matrix.random(6, 4, { seed: 1 }), { pivoting: true });
    assertThrows(() => p.rank(-1), OptionError, /rcond/);
  });
  assert.is(liveBytes(), start);
});

test.run();
