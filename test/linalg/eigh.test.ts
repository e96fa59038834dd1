// eigh (both methods, 'dc' and 'ql'): ‖SV − VΛ‖_F/‖S‖_F ≤ C·n·ε, ‖VᵀV − I‖_F ≤ C·n·ε (C = 10), closed-form eigenvalues,
// repeated eigenvalues, LAPACK fixture, values-only path, bad input, memory.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, eigh, liveBytes, ShapeError, InvalidInputError, OptionError } from '../../src/index.js';
import { EPS, assertLE, assertThrows, frob, jsMatmul, toeplitz2 } from '../helpers/index.js';
import { colMajor, fixtures, gauss, orthogonalityError, orthonormal, transpose } from '../fixtures/svd-util.js';

const C = 10;

test.before(async () => { await init(); });

function checkEigh(s: Float64Array, n: number, what: string): Float64Array {
  const S = Matrix.fromColumnMajor(s, n, n);
  const nrm = frob(s);
  const out: Float64Array[] = [];
  // both tridiagonal solvers: divide and conquer (default) and the QL twin
  for (const method of ['dc', 'ql'] as const) {
    const r = eigh(S, { method });
    const w = r.values, V = r.vectors!.toColumnMajor();
    for (let i = 1; i < n; i++) assert.ok(w[i - 1]! <= w[i]!, `${what} ${method}: not ascending at ${i}`);
    const SV = jsMatmul(s, n, n, V, n);
    let e = 0;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) e += (SV[i + j * n]! - V[i + j * n]! * w[j]!) ** 2;
    assertLE(Math.sqrt(e) / (nrm || 1), C * n * EPS, `${what} ${method}: ‖SV − VΛ‖/‖S‖`);
    assertLE(orthogonalityError(V, n, n), C * n * EPS, `${what} ${method}: ‖VᵀV − I‖`);
    r.dispose();
    out.push(w);
  }
  const [w, wql] = out as [Float64Array, Float64Array];
  const v = eigh(S, { vectors: false });
  const vq = eigh(S, { vectors: false, method: 'ql' });
  assert.is(v.vectors, null);
  const scale = Math.max(Math.abs(w[0]!), Math.abs(w[n - 1]!));
  // values only with 'ql' runs the same reduction and QL iteration as 'ql' with vectors (same
  // rotations): equal to 2ε; 'dc' (blocked reduction, D&C) agrees to O(nε‖S‖)
  for (let i = 0; i < n; i++) assertLE(Math.abs(vq.values[i]! - wql[i]!), 2 * EPS * scale, `${what}: values-only 'ql' λ${i} vs 'ql'`);
  for (let i = 0; i < n; i++) assertLE(Math.abs(v.values[i]! - wql[i]!), C * n * EPS * scale, `${what}: values-only λ${i} vs 'ql'`);
  for (let i = 0; i < n; i++) assertLE(Math.abs(w[i]! - wql[i]!), C * n * EPS * scale, `${what}: 'dc' λ${i} vs 'ql'`);
  S.dispose();
  return w;
}

test('tridiagonal Toeplitz (2, −1): λ_k = 2 − 2cos(kπ/(n+1))', () => {
  const n = 80;
  const { a: s, eigenvalues: exact } = toeplitz2(n);
  const w = checkEigh(s, n, 'toeplitz');
  for (let k = 0; k < n; k++) {
    assertLE(Math.abs(w[k]! - exact[k]!), C * n * EPS * 4, `toeplitz λ${k}`);
  }
});

test('random symmetric 200×200 (blocked Q formation) and the LAPACK fixture (numpy eigvalsh)', () => {
  const n = 200;
  const g = gauss(n, n, 4);
  const s = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) s[i + j * n] = g[i + j * n]! + g[j + i * n]!;
  checkEigh(s, n, 'random 200');
  const f = fixtures.eigh10!;
  const n10 = f.n as number;
  const w = checkEigh(colMajor(f.data, n10, n10), n10, 'fixture');
  const ref = f.values as number[];
  const scale = Math.max(...ref.map(Math.abs));
  for (let i = 0; i < n10; i++) assertLE(Math.abs(w[i]! - ref[i]!), C * n10 * EPS * scale, `fixture λ${i}`);
});

test('repeated eigenvalues Q diag(1,1,1,2,2,5,…) Qᵀ: values and an orthonormal basis of each eigenspace', () => {
  const n = 30;
  const lam = Array.from({ length: n }, (_, i) => (i < 10 ? 1 : i < 20 ? 2 : 5));
  const Q = orthonormal(n, n, 8);
  const QL = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) QL[i + j * n] = Q[i + j * n]! * lam[j]!;
  const s = jsMatmul(QL, n, n, transpose(Q, n, n), n);
  for (let j = 0; j < n; j++) for (let i = 0; i < j; i++) { const a = (s[i + j * n]! + s[j + i * n]!) / 2; s[i + j * n] = a; s[j + i * n] = a; }
  const w = checkEigh(s, n, 'repeated');
  for (let i = 0; i < n; i++) assertLE(Math.abs(w[i]! - lam[i]!), C * n * EPS * 5, `repeated λ${i}`);
});

test('diagonal, 1×1, 2×2, zero, negative definite', () => {
  const w1 = checkEigh(Float64Array.of(-4), 1, '1×1');
  assert.is(w1[0], -4);
  const w2 = checkEigh(Float64Array.of(2, -1, -1, 2), 2, '2×2');
  assertLE(Math.abs(w2[0]! - 1), 4 * EPS, '2×2 λ0'); assertLE(Math.abs(w2[1]! - 3), 8 * EPS, '2×2 λ1');
  const d = [5, -3, 0, 1e-8, 2];
  const n = d.length;
  const s = new Float64Array(n * n);
  d.forEach((x, i) => { s[i + i * n] = x; });
  const w = checkEigh(s, n, 'diagonal');
  assert.equal([...w], [...d].sort((a, b) => a - b));
  checkEigh(new Float64Array(16), 4, 'zero');
  const neg = new Float64Array(9); [0, 4, 8].forEach((i) => { neg[i] = -1; }); neg[1] = neg[3] = 0.5;
  checkEigh(neg, 3, 'negative definite');
});

test('only the symmetric part matters: upper-triangle garbage is ignored after symmetrization', () => {
  // S and S + (K − Kᵀ) (a skew perturbation) have the same symmetric part
  const n = 7;
  const g = gauss(n, n, 9), k = gauss(n, n, 10);
  const s1 = new Float64Array(n * n), s2 = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
    s1[i + j * n] = g[i + j * n]! + g[j + i * n]!;
    s2[i + j * n] = s1[i + j * n]! + k[i + j * n]! - k[j + i * n]!;
  }
  const M1 = Matrix.fromColumnMajor(s1, n, n), M2 = Matrix.fromColumnMajor(s2, n, n);
  const a = eigh(M1, { vectors: false }).values;
  const b = eigh(M2, { vectors: false }).values;
  M1.dispose(); M2.dispose();
  for (let i = 0; i < n; i++) assertLE(Math.abs(a[i]! - b[i]!), 10 * n * EPS * 10, `λ${i}`);
});

test('slightly asymmetric input is symmetrized: eigh(S) = eigh((S + Sᵀ)/2)', () => {
  const a = eigh([[2, 1 + 1e-14], [1 - 1e-14, 2]]).values;
  assertLE(Math.abs(a[0]! - 1), 4 * EPS, 'λ0'); assertLE(Math.abs(a[1]! - 3), 8 * EPS, 'λ1');
});

test('bad input: non-square → ShapeError, NaN / empty → InvalidInputError, options → OptionError; memory unchanged', () => {
  const before = liveBytes();
  assertThrows(() => eigh([[1, 2, 3], [4, 5, 6]]), ShapeError, /square/);
  assertThrows(() => eigh([[1, NaN], [NaN, 1]]), InvalidInputError);
  const E = Matrix.zeros(0, 0);
  assertThrows(() => eigh(E), InvalidInputError, /empty/);
  E.dispose();
  assertThrows(() => eigh([[1]], { vectors: 1 as unknown as boolean }), OptionError);
  assertThrows(() => eigh([[1]], { method: 'qr' as unknown as 'dc' }), OptionError, /method/);
  const S = Matrix.eye(5); const r = eigh(S); r.dispose(); S.dispose();
  assert.is(liveBytes(), before);
});

test.run();
