// SVD: hard-matrix battery (backward error, orthogonality, closed-form and LAPACK singular values),
// values-only path, rank, bad input, memory. Bounds: ‖A − UΣVᵀ‖_F/‖A‖_F ≤ C·max(m,n)·ε and
// ‖UᵀU − I‖_F, ‖VᵀV − I‖_F ≤ C·max(m,n)·ε with C = 10 (LAPACK's test threshold is 30). Every
// matrix runs through both vector paths (bidiagonal QR and divide and conquer, see checkSvd).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, svd, liveBytes, InvalidInputError, OptionError } from '../../src/index.js';
import { EPS, assertLE, assertThrows, frob, toeplitz2 } from '../helpers/index.js';
import { svdTuning } from '../../src/linalg/svd.js';
import { colMajor, fixtures, gauss, orthogonalityError, reconstructionError, withSingularValues } from '../fixtures/svd-util.js';

const C = 10;

test.before(async () => { await init(); });

/**
 * Runs svd on column-major data through both vector paths — the bidiagonal QR iteration (the test
 * twin, dcMinN = ∞) and divide and conquer (dcMinN = 0) — and checks backward error and
 * orthogonality of each; the D&C singular values must match the QR path's to C·k·ε·σ₁
 * (k = min(m, n)). Returns s of the values-only path.
 */
function checkSvd(a: Float64Array, m: number, n: number, what: string): Float64Array {
  const saved = svdTuning.dcMinN;
  try {
    svdTuning.dcMinN = Infinity;
    const qr = checkOne(a, m, n, `${what} [QR]`, false);
    svdTuning.dcMinN = 0;
    const dc = checkOne(a, m, n, `${what} [D&C]`, true);
    const k = Math.min(m, n);
    for (let i = 0; i < k; i++) assertLE(Math.abs(dc.s[i]! - qr.s[i]!), C * k * EPS * qr.s[0]!, `${what}: D&C σ${i} vs QR`);
    return qr.values;
  } finally {
    svdTuning.dcMinN = saved;
  }
}

function checkOne(a: Float64Array, m: number, n: number, what: string, dc: boolean): { s: Float64Array; values: Float64Array } {
  const A = Matrix.fromColumnMajor(a, m, n);
  const r = svd(A);
  const k = Math.min(m, n);
  assert.is(r.s.length, k, `${what}: length of s`);
  assert.is(r.U!.rows, m); assert.is(r.U!.cols, k);
  assert.is(r.V!.rows, n); assert.is(r.V!.cols, k);
  for (let i = 1; i < k; i++) assert.ok(r.s[i - 1]! >= r.s[i]!, `${what}: s not descending at ${i}`);
  for (let i = 0; i < k; i++) assert.ok(r.s[i]! >= 0, `${what}: negative σ`);
  const U = r.U!.toColumnMajor(), V = r.V!.toColumnMajor();
  const nrm = frob(a);
  const big = Math.max(m, n);
  if (nrm > 0) assertLE(reconstructionError(a, m, n, U, r.s, V) / nrm, C * big * EPS, `${what}: ‖A − UΣVᵀ‖/‖A‖`);
  else assertLE(reconstructionError(a, m, n, U, r.s, V), 0, `${what}: zero matrix reconstruction`);
  assertLE(orthogonalityError(U, m, k), C * big * EPS, `${what}: ‖UᵀU − I‖`);
  assertLE(orthogonalityError(V, n, k), C * big * EPS, `${what}: ‖VᵀV − I‖`);
  // values-only path (always the QR iteration): the same values — to rounding for the QR twin,
  // to C·k·ε·σ₁ for divide and conquer (a different algorithm)
  const v = svd(A, { vectors: false });
  assert.is(v.U, null); assert.is(v.V, null);
  const tol = dc ? C * k * EPS * r.s[0]! : 2 * EPS * r.s[0]!;
  for (let i = 0; i < k; i++) assertLE(Math.abs(v.s[i]! - r.s[i]!), tol, `${what}: values-only σ${i}`);
  const s = r.s;
  r.dispose(); v.dispose(); A.dispose();
  return { s, values: v.s };
}

test('graded σ = 1 … 1e-15 (60×40, U diag(σ) Vᵀ): backward error, orthogonality, σ to ‖A‖·ε', () => {
  const n = 40, m = 60;
  const sig = Array.from({ length: n }, (_, i) => 10 ** (-15 * i / (n - 1)));
  const { A } = withSingularValues(m, n, sig, 11);
  const s = checkSvd(A, m, n, 'graded');
  // singular values are perturbed by at most ‖δA‖ (Weyl): the constructed A carries O(ε) rounding
  for (let i = 0; i < n; i++) assertLE(Math.abs(s[i]! - sig[i]!), C * n * EPS, `graded σ${i}`);
});

test('Hilbert 12, Kahan 20, Vandermonde 20×8: against LAPACK (numpy fixture) to C·n·ε·σ₁', () => {
  for (const name of ['hilbert12', 'kahan20', 'vandermonde20x8']) {
    const f = fixtures[name]!;
    const a = colMajor(f.data, f.rows, f.cols);
    const s = checkSvd(a, f.rows, f.cols, name);
    const ref = f.s as number[];
    for (let i = 0; i < ref.length; i++) assertLE(Math.abs(s[i]! - ref[i]!), C * f.cols * EPS * ref[0]!, `${name} σ${i}`);
  }
});

test('graded upper bidiagonal (σ 1 … 1e-15): every σ to high relative accuracy (Demmel–Kahan)', () => {
  const f = fixtures.gradedBidiag16!;
  const a = colMajor(f.data, f.rows, f.cols);
  const s = checkSvd(a, f.rows, f.cols, 'bidiagonal');
  const ref = f.s as number[];
  for (let i = 0; i < ref.length; i++) assertLE(Math.abs(s[i]! - ref[i]!) / ref[i]!, 100 * EPS, `bidiagonal relative σ${i}`);
});

test('tridiagonal Toeplitz (2, −1): σ_k = 2 − 2cos(kπ/(n+1)) (closed form, relative accuracy)', () => {
  const n = 64;
  const { a, eigenvalues } = toeplitz2(n);
  const s = checkSvd(a, n, n, 'toeplitz');
  const exact = [...eigenvalues].sort((x, y) => y - x);
  for (let i = 0; i < n; i++) assertLE(Math.abs(s[i]! - exact[i]!), C * n * EPS * exact[0]!, `toeplitz σ${i}`);
});

test('diagonal matrix with signs and a wide dynamic range: σ = sorted |dᵢ| exactly up to a few ε', () => {
  const d = [3, -1e-150, 0, 7.5, -2, 1e-12, 1e150, -4];
  const n = d.length;
  const a = new Float64Array(n * n);
  d.forEach((x, i) => { a[i + i * n] = x; });
  const A = Matrix.fromColumnMajor(a, n, n);
  const r = svd(A);
  const exact = d.map(Math.abs).sort((x, y) => y - x);
  for (let i = 0; i < n; i++) assertLE(Math.abs(r.s[i]! - exact[i]!), 4 * EPS * exact[i]!, `diag σ${i}`);
  r.dispose(); A.dispose();
});

test('exactly rank-deficient and duplicate columns: rank(rcond) = #{σᵢ > rcond·σ₁}', () => {
  const m = 30, n = 12;
  const sig = [5, 3, 2, 1, 0.5, 0.25, 0, 0, 0, 0, 0, 0];
  const { A } = withSingularValues(m, n, sig.slice(0, 6), 5);
  const s = checkSvd(A, m, n, 'rank 6');
  const r = svd(Matrix.fromColumnMajor(A, m, n), { vectors: false });
  assert.is(r.rank(1e-10), 6);
  assert.is(r.rank(0.15), 4);  // σ > 0.15·5 = 0.75 keeps 5, 3, 2, 1
  assert.is(r.rank(0.03), 6);
  for (let i = 6; i < n; i++) assertLE(s[i]!, C * n * EPS * s[0]!, `rank 6: σ${i} ≈ 0`);
  // duplicate columns: [X, X] has rank = rank(X)
  const x = gauss(25, 5, 9);
  const dup = new Float64Array(25 * 10);
  dup.set(x, 0); dup.set(x, 25 * 5);
  const sd = checkSvd(dup, 25, 10, 'duplicate columns');
  const rd = svd(Matrix.fromColumnMajor(dup, 25, 10), { vectors: false });
  assert.is(rd.rank(1e-12), 5);
  for (let i = 5; i < 10; i++) assertLE(sd[i]!, C * 25 * EPS * sd[0]!, `dup σ${i} ≈ 0`);
});

test('tall 2000×50 and wide 50×2000 (transposes of each other give equal σ)', () => {
  const t = gauss(2000, 50, 21);
  const st = checkSvd(t, 2000, 50, 'tall');
  const w = new Float64Array(50 * 2000);
  for (let j = 0; j < 50; j++) for (let i = 0; i < 2000; i++) w[j + i * 50] = t[i + j * 2000]!;
  const sw = checkSvd(w, 50, 2000, 'wide');
  for (let i = 0; i < 50; i++) assertLE(Math.abs(st[i]! - sw[i]!), C * 2000 * EPS * st[0]!, `tall/wide σ${i}`);
});

test('blocked code paths (n ≥ 128: panels of 32 + unblocked tail): 300×230 random, 260×260 graded', () => {
  checkSvd(gauss(300, 230, 91), 300, 230, 'random 300×230');
  const n = 260;
  const sig = Array.from({ length: n }, (_, i) => 10 ** (-14 * i / (n - 1)));
  const { A } = withSingularValues(n, n, sig, 92);
  const s = checkSvd(A, n, n, 'graded 260');
  for (let i = 0; i < n; i++) assertLE(Math.abs(s[i]! - sig[i]!), C * n * EPS, `graded 260 σ${i}`);
});

test('1×1, n×1, 1×n, 2×2 with a zero, zero matrix', () => {
  const one = checkSvd(Float64Array.of(-3), 1, 1, '1×1');
  assert.is(one[0], 3);
  const col = checkSvd(Float64Array.of(3, 4, 0, 12), 4, 1, 'n×1');
  assertLE(Math.abs(col[0]! - 13), 2 * EPS * 13, 'n×1 σ = ‖x‖');
  const row = checkSvd(Float64Array.of(3, 4, 0, 12), 1, 4, '1×n');
  assertLE(Math.abs(row[0]! - 13), 2 * EPS * 13, '1×n σ = ‖x‖');
  checkSvd(Float64Array.of(0, 0, 1, 0), 2, 2, '2×2 nilpotent');
  const z = checkSvd(new Float64Array(5 * 3), 5, 3, 'zero');
  assert.equal([...z], [0, 0, 0]);
  const r = svd(Matrix.zeros(4, 4), { vectors: false });
  assert.is(r.rank(), 0);
});

test('MatrixLike inputs (number[][], {data,rows,cols}) give the same σ', () => {
  const rows = [[3, 0], [4, 5]];
  const a = svd(rows, { vectors: false }).s;
  const b = svd({ data: [3, 0, 4, 5], rows: 2, cols: 2 }, { vectors: false }).s;
  assertLE(Math.abs(a[0]! - Math.sqrt(45)), 4 * EPS * 7, 'σ1 = √45');
  assertLE(Math.abs(a[1]! - Math.sqrt(5)), 4 * EPS * 7, 'σ2 = √5');
  assert.equal([...a], [...b]);
});

test('bad input: NaN / Inf / empty → InvalidInputError, bad options → OptionError, memory unchanged', () => {
  const before = liveBytes();
  assertThrows(() => svd([[1, NaN], [0, 1]]), InvalidInputError, /non-finite|NaN/i);
  assertThrows(() => svd([[1, Infinity]]), InvalidInputError);
  const E = Matrix.zeros(0, 3);
  assertThrows(() => svd(E), InvalidInputError, /empty/);
  E.dispose();
  assertThrows(() => svd([[1]], { vectors: 'yes' as unknown as boolean }), OptionError);
  assertThrows(() => svd([[1]], { foo: 1 } as never), OptionError);
  const A = Matrix.random(30, 20, { seed: 2 });
  const r = svd(A); r.dispose(); A.dispose();
  const W = Matrix.random(10, 20, { seed: 2 });
  const w = svd(W); w.dispose(); W.dispose();
  const rr = svd([[1, 2, 3]]); rr.dispose();
  assertThrows(() => svd([[1, 2], [3, NaN]]), InvalidInputError);
  assert.ok(liveBytes() <= before + 0, `live bytes ${liveBytes()} > ${before}`);
});

test.run();
