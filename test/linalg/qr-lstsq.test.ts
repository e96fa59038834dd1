// lstsq(A, B, { method: 'qr' }): LAPACK gelsy semantics (pivoted QR, rank by incremental
// condition estimation, complete orthogonal decomposition → minimum-norm solution).
// References: the pseudo-inverse solution x* = V·Σ⁻¹·Uᵀ·b from the known SVD factors of the
// constructed matrix (plain JS), and scipy gelsy / numpy pinv fixtures (test/fixtures/
// make_qr_fixtures.py → qr-fixtures.json). Forward-error bounds: C·max(m,n)·κ·ε (consistent
// systems) and C·max(m,n)·κ²·ε (with a residual), C = 10; κ = σ₁/σ_rank of the constructed matrix.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, Matrix, lstsq, qr, liveBytes, InvalidInputError, OptionError, ShapeError, scope } from '../../src/index.js';
import { EPS, frob, jsMatmul, assertLE, assertThrows } from '../helpers/index.js';
import { wasm, alloc, free, f64 } from '../../bindings/raw.js';
import { fromSvd, gaussian, transposeCM } from '../fixtures/dense-matrices.js';

const C = 10;
const here = dirname(fileURLToPath(import.meta.url));

test.before(async () => { await init(); });

/** x* = V_r·Σ_r⁻¹·U_rᵀ·b for the known factors (column-major, nrhs columns). */
function pinvSolve(d: ReturnType<typeof fromSvd>, b: Float64Array, nrhs: number): Float64Array {
  const { m, n, U, V, s } = d;
  const k = s.length;
  const r = s.filter((x) => x > 0).length;
  const Utb = jsMatmul(transposeCM(U, m, k), k, m, b, nrhs);
  for (let j = 0; j < nrhs; j++) for (let i = 0; i < k; i++) Utb[i + j * k] = i < r ? Utb[i + j * k]! / s[i]! : 0;
  return jsMatmul(V, n, k, Utb, nrhs);
}

function relDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) d[i] = x[i]! - y[i]!;
  return frob(d) / frob(y);
}

const lin = (k: number, hi: number, lo: number): number[] => Array.from({ length: k }, (_, i) => hi * (lo / hi) ** (i / Math.max(k - 1, 1)));

const systems: [string, number, number, number[], number][] = [
  // name, m, n, nonzero σ (κ = σ₁/σ_r), nrhs
  ['rank 8 of 40×25', 40, 25, lin(8, 1, 1e-2), 3],
  ['rank 10 of 30×60 (wide, rank-deficient)', 30, 60, lin(10, 2, 1e-2), 2],
  ['full rank wide 20×50 (under-determined)', 20, 50, lin(20, 1, 1e-1), 1],
  ['full rank tall 2000×50', 2000, 50, lin(50, 1, 1e-3), 2],
  ['full rank wide 50×2000', 50, 2000, lin(50, 1, 1e-3), 2],
  ['rank 1 of 9×7', 9, 7, [3], 1],
  ['n×1 (17×1)', 17, 1, [2], 1],
  ['1×1', 1, 1, [0.25], 1],
];

for (const [name, m, n, s, nrhs] of systems) {
  test(`lstsq qr: minimum-norm solution, ${name}`, () => {
    const r = s.length;
    const sig = [...s, ...Array(Math.min(m, n) - r).fill(0)] as number[];
    const d = fromSvd(m, n, sig, 300 + m + n);
    const B = gaussian(m, nrhs, 400 + m).a;
    const xs = pinvSolve(d, B, nrhs);
    const kappa = s[0]! / s[r - 1]!;
    const start = liveBytes();
    scope(() => {
      const res = lstsq(Matrix.fromColumnMajor(d.a, m, n), Matrix.fromColumnMajor(B, m, nrhs), { method: 'qr', rcond: 1e-10 });
      assert.is(res.rank, r, 'rank');
      assert.is(res.method, 'qr');
      const x = res.x.toColumnMajor();
      assert.is(res.x.rows, n); assert.is(res.x.cols, nrhs);
      // B has a residual component unless m ≤ rank: κ²·ε sensitivity
      const bound = C * Math.max(m, n) * EPS * kappa * (m > r ? kappa : 1);
      assertLE(relDiff(x, xs), bound, `‖x − A⁺b‖/‖A⁺b‖ (κ = ${kappa.toExponential(1)})`);
      // minimum norm: x has no component in null(A) = range(V)⊥, i.e. x = V·Vᵀ·x
      const { V } = d;
      const Vr = V.slice(0, n * r);
      const proj = jsMatmul(Vr, n, r, jsMatmul(transposeCM(Vr, n, r), r, n, x, nrhs), nrhs);
      assertLE(relDiff(proj, x), C * Math.max(m, n) * EPS * kappa, '‖(I − VVᵀ)x‖/‖x‖');
      // vector right-hand side gives the same first column
      const v = lstsq(Matrix.fromColumnMajor(d.a, m, n), B.slice(0, m), { method: 'qr', rcond: 1e-10 });
      assert.instance(v.x, Float64Array);
      assertLE(relDiff(v.x, x.slice(0, n)), 4 * EPS * n, 'vector RHS = first column');
    });
    assert.is(liveBytes(), start);
  });
}

test('lstsq qr: consistent full-rank system recovers x₀; residual orthogonal to range(A)', () => {
  scope(() => {
    const m = 120, n = 35;
    const A = Matrix.random(m, n, { seed: 5 });
    const X0 = Matrix.random(n, 4, { seed: 6 });
    const r = lstsq(A, A.matmul(X0), { method: 'qr' });
    assert.is(r.rank, n);
    assertLE(relDiff(r.x.toColumnMajor(), X0.toColumnMajor()), C * m * EPS * 10, 'X = X0 (κ(A) ≈ 3)');
    const b = Matrix.random(m, 1, { seed: 7 });
    const x = lstsq(A, b.toColumnMajor(), { method: 'qr' }).x;
    const res = b.toColumnMajor();
    const Ax = jsMatmul(A.toColumnMajor(), m, n, x, 1);
    for (let i = 0; i < m; i++) res[i]! -= Ax[i]!;
    const Atr = jsMatmul(transposeCM(A.toColumnMajor(), m, n), n, m, res, 1);
    assertLE(frob(Atr) / (frob(A.toColumnMajor()) * frob(b.toColumnMajor())), C * m * EPS, '‖Aᵀr‖/(‖A‖‖b‖)');
  });
});

test('lstsq qr: rank at rcond across a clear 1e-6 gap; solution ≈ truncated pseudo-inverse solution', () => {
  const s = [...lin(10, 1, 1e-3), ...lin(10, 1e-9, 1e-12)];
  const m = 60, n = 30;
  const d = fromSvd(m, n, [...s, ...Array(n - 20).fill(0)], 77);
  const b = gaussian(m, 1, 78).a;
  scope(() => {
    const A = Matrix.fromColumnMajor(d.a, m, n);
    for (const [rcond, want] of [[1e-6, 10], [1e-2, s.filter((x) => x > 1e-2).length], [1e-14, 20]] as const) {
      const r = lstsq(A, b, { method: 'qr', rcond });
      assert.is(r.rank, want, `rank at rcond ${rcond}`);
      if (rcond === 1e-6) {
        // truncated pinv solution with the 10 kept σ; the QR truncation differs from the SVD
        // truncation by O(κ₁₀ · σ₁₁/σ₁₀) = 1e3 · 1e-6
        const trunc = pinvSolve({ ...d, s: [...s.slice(0, 10), ...Array(n - 10).fill(0)] }, b, 1);
        assertLE(relDiff(r.x, trunc), C * 1e3 * 1e-6, 'x vs truncated A⁺b');
      }
    }
  });
});

test('lstsq qr: duplicate columns share the weight equally (minimum norm)', () => {
  const g = gaussian(25, 4, 90);
  const a = new Float64Array(25 * 6);
  a.set(g.a);
  a.set(g.a.subarray(0, 25), 4 * 25); // col 4 = col 0
  a.set(g.a.subarray(50, 75), 5 * 25); // col 5 = col 2
  const b = gaussian(25, 1, 91).a;
  scope(() => {
    const r = lstsq(Matrix.fromColumnMajor(a, 25, 6), b, { method: 'qr' });
    assert.is(r.rank, 4);
    const x = r.x;
    const full = lstsq(Matrix.fromColumnMajor(g.a, 25, 4), b, { method: 'qr' }).x;
    assertLE(Math.abs(x[0]! - x[4]!), C * 25 * EPS * 10 * Math.abs(full[0]!), 'x0 = x4');
    assertLE(Math.abs(x[2]! - x[5]!), C * 25 * EPS * 10 * Math.abs(full[2]!), 'x2 = x5');
    assertLE(Math.abs(x[0]! + x[4]! - full[0]!), C * 25 * EPS * 10 * Math.abs(full[0]!), 'x0 + x4 = solution without duplicates');
    assertLE(Math.abs(x[1]! - full[1]!), C * 25 * EPS * 10 * Math.abs(full[1]!), 'x1');
  });
});

test('lstsq qr and pivoted qr against scipy gelsy / qr(pivoting=True) fixtures', () => {
  const fx = JSON.parse(readFileSync(join(here, '..', 'fixtures', 'qr-fixtures.json'), 'utf8')) as {
    cases: { name: string; m: number; n: number; nrhs: number; rcond: number; A: number[]; B: number[]; perm: number[];
      absDiagR: number[]; gelsyRank: number; gelsyX: number[]; pinvX: number[] }[] };
  assert.ok(fx.cases.length >= 4);
  for (const c of fx.cases) {
    scope(() => {
      const A = Matrix.fromColumnMajor(c.A, c.m, c.n);
      const f = qr(A, { pivoting: true });
      const k = Math.min(c.m, c.n);
      const r = f.rank(c.rcond);
      assert.is(r, c.gelsyRank, `${c.name}: rank`);
      assert.equal([...f.permutation!.slice(0, r)], c.perm.slice(0, r), `${c.name}: pivot order`);
      for (let i = 0; i < r; i++) assertLE(Math.abs(Math.abs(f.R.get(i, i)) - c.absDiagR[i]!), C * k * EPS * c.absDiagR[0]!, `${c.name}: |R_${i}${i}|`);
      const res = lstsq(A, Matrix.fromColumnMajor(c.B, c.m, c.nrhs), { method: 'qr', rcond: c.rcond });
      assert.is(res.rank, c.gelsyRank);
      const x = res.x.toColumnMajor();
      assertLE(relDiff(x, c.gelsyX), 1e-10, `${c.name}: X vs scipy gelsy`);
      assertLE(relDiff(x, c.pinvX), 1e-10, `${c.name}: X vs numpy pinv`);
    });
  }
});

test('lstsq qr: many right-hand sides (blocked Qᵀ·B path) agree with one-at-a-time solves', () => {
  const m = 90, n = 70;
  const d = fromSvd(m, n, [...lin(40, 1, 1e-3), ...Array(30).fill(0)], 501);
  const B = gaussian(m, 12, 502).a;
  scope(() => {
    const A = Matrix.fromColumnMajor(d.a, m, n);
    const X = lstsq(A, Matrix.fromColumnMajor(B, m, 12), { method: 'qr', rcond: 1e-10 });
    assert.is(X.rank, 40);
    const xs = pinvSolve(d, B, 12);
    assertLE(relDiff(X.x.toColumnMajor(), xs), C * m * EPS * 1e6, 'X vs A⁺B (κ = 1e3, κ² = 1e6)');
    for (const j of [0, 7, 11]) {
      const v = lstsq(A, B.slice(j * m, (j + 1) * m), { method: 'qr', rcond: 1e-10 }).x;
      assertLE(relDiff(v, X.x.column(j)), C * m * EPS * 1e3, `column ${j}: blocked vs unblocked Qᵀb`);
    }
  });
});

test('lstsq qr: extreme scaling of A and b leaves x unchanged (no overflow / underflow)', () => {
  const d = fromSvd(30, 20, [...lin(12, 1, 1e-2), ...Array(8).fill(0)], 601);
  const b = gaussian(30, 1, 602).a;
  scope(() => {
    const x0 = lstsq(Matrix.fromColumnMajor(d.a, 30, 20), b, { method: 'qr', rcond: 1e-10 });
    assert.is(x0.rank, 12);
    for (const [sa, sb] of [[1e300, 1e300], [1e-300, 1e-300], [1e-300, 1], [1e150, 1e-150]] as const) {
      const r = lstsq(Matrix.fromColumnMajor(d.a.map((x) => x * sa), 30, 20), b.map((x) => x * sb), { method: 'qr', rcond: 1e-10 });
      assert.is(r.rank, 12, `rank with A·${sa}`);
      const want = x0.x.map((x) => x * (sb / sa));
      assertLE(relDiff(r.x, want), C * 30 * EPS * 1e4, `x with A·${sa}, b·${sb}`);
    }
  });
});

test('early-stopping pivoted QR (dgeqp3Truncated) = full dgeqp3 + ICE on the rows gelsy uses; lstsq on the blocked path', () => {
  const m = 400, n = 300;
  const sig = [...lin(60, 1, 1e-4), ...Array(240).fill(0)];
  const d = fromSvd(m, n, sig, 701);
  const w = wasm();
  const k = Math.min(m, n);
  const a1 = alloc(m * n * 8), a2 = alloc(m * n * 8), t1 = alloc(k * 8), t2 = alloc(k * 8), p1 = alloc(n * 4), p2 = alloc(n * 4);
  const ws = alloc(w.dgeqp3WorkspaceSize(m, n)), ice = alloc(w.qrRankIceWorkspaceSize(k));
  try {
    f64().set(d.a, a1 >> 3); f64().set(d.a, a2 >> 3);
    const r1 = w.dgeqp3Truncated(m, n, a1, m, p1, t1, 1e-10, ws, ice);
    w.dgeqp3(m, n, a2, m, p2, t2, ws);
    const r2 = w.qrRankIce(k, a2, m, 1e-10, ice);
    assert.is(r1, 60); assert.is(r2, 60);
    const P1 = new Int32Array(w.memory.buffer, p1, n).slice(), P2 = new Int32Array(w.memory.buffer, p2, n).slice();
    assert.equal([...P1.slice(0, r1 + 1)], [...P2.slice(0, r1 + 1)], 'pivots');
    // later pivot steps of the full run only reorder the trailing columns: compare R's rows
    // 0..rank column by column of A (through the permutations) — bit for bit
    const pos2 = new Int32Array(n);
    P2.forEach((col, j) => { pos2[col] = j; });
    const v = f64();
    for (let j = 0; j < n; j++) {
      const j2 = pos2[P1[j]!]!;
      for (let i = 0; i <= r1; i++) assert.is(v[(a1 >> 3) + i + j * m], v[(a2 >> 3) + i + j2 * m], `R(${i}, ${j})`);
    }
    for (let i = 0; i < r1; i++) assert.is(v[(t1 >> 3) + i], v[(t2 >> 3) + i], `tau ${i}`);
  } finally {
    [a1, a2, t1, t2, p1, p2, ws, ice].forEach(free);
  }
  const b = gaussian(m, 2, 702).a;
  scope(() => {
    const r = lstsq(Matrix.fromColumnMajor(d.a, m, n), Matrix.fromColumnMajor(b, m, 2), { method: 'qr', rcond: 1e-10 });
    assert.is(r.rank, 60);
    assertLE(relDiff(r.x.toColumnMajor(), pinvSolve(d, b, 2)), C * m * EPS * 1e8, 'x vs A⁺b (κ = 1e4)');
  });
});

test('lstsq qr: zero matrix → rank 0, x = 0', () => {
  scope(() => {
    const r = lstsq(Matrix.zeros(5, 3), [1, 2, 3, 4, 5], { method: 'qr' });
    assert.is(r.rank, 0);
    assert.equal([...r.x], [0, 0, 0]);
    // rcond = 0 with an exactly zero column: the singular pivot is still rejected (finite x)
    const Z = Matrix.fromRows([[1, 0, 2], [3, 0, 4], [5, 0, 7]]);
    const z = lstsq(Z, [1, 2, 3], { method: 'qr', rcond: 0 });
    assert.is(z.rank, 2);
    assert.ok(z.x.every(Number.isFinite), `x = ${z.x}`);
    assert.is(z.x[1], 0);
  });
});

test('lstsq qr: bad input gives typed errors and leaks nothing', () => {
  const start = liveBytes();
  scope(() => {
    const A = Matrix.random(6, 3, { seed: 1 });
    assertThrows(() => lstsq(A, [1, 2, 3], { method: 'qr' }), ShapeError, /3 entries.*6 rows/);
    assertThrows(() => lstsq(A, Matrix.zeros(5, 2), { method: 'qr' }), ShapeError, /5 rows/);
    assertThrows(() => lstsq(A, [1, 2, NaN, 4, 5, 6], { method: 'qr' }), InvalidInputError, /non-finite/);
    assertThrows(() => lstsq([[1, Infinity]], [1], { method: 'qr' }), InvalidInputError, /non-finite/);
    assertThrows(() => lstsq([], [], { method: 'qr' }), InvalidInputError, /empty/);
    assertThrows(() => lstsq(A, [1, 2, 3, 4, 5, 6], { method: 'qr', rcond: -1 }), OptionError, /rcond/);
  });
  assert.is(liveBytes(), start);
});

test.run();
