// Kernel level: bidiagonal divide and conquer (dbdsdc: dlasd0–dlasd5 with deflation, leaves by
// the bidiagonal QR) against the QR iteration (dbdsqr, the test twin) on bidiagonals built to hit
// its paths: sizes around the leaf size SMLSIZ = 25 and the tree levels, splits (tiny e), equal
// and clustered d (deflation of close poles, also across the two halves), tiny z components (zero
// d, graded), zero and repeated singular values, n = 1, 2. Bounds (issue 17, C = 10):
// |σᵢ − σᵢ(QR)| ≤ C·n·ε·σ₁, ‖B − UΣVᵀ‖_max/‖B‖_max ≤ C·n·ε, ‖UᵀU − I‖, ‖VᵀV − I‖ ≤ C·n·ε.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, liveBytes, Matrix, svd } from '../../src/index.js';
import { ops } from '../../bindings/index.js';
import { alloc, f64, free, wasm } from '../../bindings/raw.js';
import { EPS, assertLE } from '../helpers/index.js';
import { fixtures, colMajor, orthogonalityError, reconstructionError } from '../fixtures/svd-util.js';
import { svdTuning } from '../../src/linalg/svd.js';

const C = 10;

test.before(async () => { await init(); });

/** Singular values of the bidiagonal by the QR iteration (values only). */
function qrValues(d: Float64Array, e: Float64Array): Float64Array {
  const w = wasm();
  const n = d.length;
  const pd = alloc(n * 8), pe = alloc(Math.max(n, 1) * 8), work = alloc(w.dbdsqrWorkspaceSize(n));
  f64().set(d, pd >> 3);
  f64().set(e, pe >> 3);
  const info = w.dbdsqr(n, pd, pe, 0, 0, 1, 0, 0, 1, 0, 0, 1, work);
  assert.is(info, 0, 'dbdsqr converged');
  const s = f64().slice(pd >> 3, (pd >> 3) + n);
  free(pd); free(pe); free(work);
  return s;
}

function checkBidiag(d: Float64Array, e: Float64Array, what: string): void {
  const n = d.length;
  const r = ops.bidiagSvdDC(d, e);
  assert.is(r.info, 0, `${what}: info`);
  for (let i = 1; i < n; i++) assert.ok(r.s[i - 1]! >= r.s[i]!, `${what}: σ descending at ${i}`);
  for (let i = 0; i < n; i++) assert.ok(r.s[i]! >= 0, `${what}: σ ≥ 0`);
  const ref = qrValues(d, e);
  const smax = ref[0]!;
  for (let i = 0; i < n; i++) assertLE(Math.abs(r.s[i]! - ref[i]!), C * n * EPS * smax, `${what}: σ${i} vs QR`);
  // B − U Σ VT, max norm
  let err = 0, bmax = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const b = i === j ? d[i]! : (j === i + 1 ? e[i]! : 0);
      bmax = Math.max(bmax, Math.abs(b));
      let x = 0;
      for (let k = 0; k < n; k++) x += r.U[i + k * n]! * r.s[k]! * r.VT[k + j * n]!;
      err = Math.max(err, Math.abs(x - b));
    }
  }
  if (bmax > 0) assertLE(err / bmax, C * n * EPS, `${what}: ‖B − UΣVᵀ‖/‖B‖`);
  else assertLE(err, 0, `${what}: zero B`);
  const V = new Float64Array(n * n);   // V = VTᵀ
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) V[i + j * n] = r.VT[j + i * n]!;
  assertLE(orthogonalityError(r.U, n, n), C * n * EPS, `${what}: ‖UᵀU − I‖`);
  assertLE(orthogonalityError(V, n, n), C * n * EPS, `${what}: ‖VᵀV − I‖`);
}

let seed = 12345;
const rnd = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 - 0.5; };
const vec = (n: number, f: (i: number) => number): Float64Array => Float64Array.from({ length: Math.max(n, 0) }, (_, i) => f(i));

test('random bidiagonals: n = 1, 2, 3, 24–27 (leaf size), 51–53, 100, 203 (three tree levels)', () => {
  const start = liveBytes();
  for (const n of [1, 2, 3, 24, 25, 26, 27, 51, 52, 53, 100, 203]) {
    checkBidiag(vec(n, rnd), vec(n - 1, rnd), `random n=${n}`);
  }
  assert.is(liveBytes(), start, 'liveBytes back to start');
});

test('deflation: equal d (close poles, across halves), tiny e (splits), zero d, zero and repeated σ', () => {
  for (const n of [30, 64, 130]) {
    checkBidiag(vec(n, () => 1), vec(n - 1, () => 1), `ones n=${n}`);
    checkBidiag(vec(n, () => 2), vec(n - 1, () => 0), `diagonal 2·I n=${n} (every z deflates)`);
    checkBidiag(vec(n, (i) => (i % 2 ? 1 : 1 + 1e-15)), vec(n - 1, (i) => (i % 9 === 4 ? 1e-3 : 1e-17)), `near-diagonal clustered n=${n}`);
    checkBidiag(vec(n, (i) => (i % 5 === 0 ? 0 : rnd())), vec(n - 1, rnd), `zero diagonal entries n=${n}`);
    checkBidiag(vec(n, (i) => (i < n / 2 ? 0 : rnd())), vec(n - 1, (i) => (i < n / 2 ? 0 : rnd())), `zero block (σ = 0 repeated) n=${n}`);
    checkBidiag(vec(n, (i) => [3, 3, 1][i % 3]!), vec(n - 1, (i) => (i % 3 === 2 ? 1e-20 : 0)), `repeated σ n=${n}`);
    checkBidiag(vec(n, (i) => 10 ** (-i / 4)), vec(n - 1, (i) => 10 ** (-i / 4)), `graded 10^(−i/4) n=${n}`);
    checkBidiag(vec(n, (i) => 1 + 1e-9 * i), vec(n - 1, () => 1e-9), `clustered 1 + 1e-9·i n=${n}`);
  }
  // Kahan-like: d = s^i, e = −c·s^i
  const n = 60, th = 1.2, sn = Math.sin(th), cs = Math.cos(th);
  checkBidiag(vec(n, (i) => sn ** i), vec(n - 1, (i) => -cs * sn ** i), 'Kahan bidiagonal 60');
});

test('svd with vectors around the crossover (default dcMinN): square, tall (m < 1.6n and QR-first), wide', () => {
  const start = liveBytes();
  const dcMin = svdTuning.dcMinN;
  for (const [m, n] of [[dcMin, dcMin], [dcMin + 1, dcMin + 1], [120, 100], [400, 110], [95, 300], [2, 2], [1, 1], [5, 1], [1, 5]] as const) {
    const A = Matrix.random(m, n, { seed: m * 7 + n });
    const a = A.toColumnMajor();
    const r = svd(A);
    const k = Math.min(m, n), big = Math.max(m, n);
    let nrm = 0;
    for (const x of a) nrm += x * x;
    nrm = Math.sqrt(nrm);
    const U = r.U!.toColumnMajor(), V = r.V!.toColumnMajor();
    assertLE(reconstructionError(a, m, n, U, r.s, V) / nrm, C * big * EPS, `${m}×${n}: backward error`);
    assertLE(orthogonalityError(U, m, k), C * big * EPS, `${m}×${n}: ‖UᵀU − I‖`);
    assertLE(orthogonalityError(V, n, k), C * big * EPS, `${m}×${n}: ‖VᵀV − I‖`);
    const v = svd(A, { vectors: false });
    for (let i = 0; i < k; i++) assertLE(Math.abs(v.s[i]! - r.s[i]!), C * k * EPS * v.s[0]!, `${m}×${n}: σ${i} vs values-only QR`);
    r.dispose(); v.dispose(); A.dispose();
  }
  assert.is(liveBytes(), start, 'liveBytes back to start');
});

test('D&C against LAPACK (numpy fixtures) to C·n·ε·σ₁ with dcMinN = 0', () => {
  const saved = svdTuning.dcMinN;
  svdTuning.dcMinN = 0;
  try {
    let checked = 0;
    for (const [name, f] of Object.entries(fixtures)) {
      if (!Array.isArray(f.s) || name === 'eigh10') continue;
      checked++;
      const a = colMajor(f.data, f.rows, f.cols);
      const A = Matrix.fromColumnMajor(a, f.rows, f.cols);
      const r = svd(A);
      A.dispose();
      const ref = f.s as number[];
      const k = Math.min(f.rows, f.cols);
      for (let i = 0; i < ref.length; i++) assertLE(Math.abs(r.s[i]! - ref[i]!), C * k * EPS * ref[0]!, `${name} σ${i}`);
      r.dispose();
    }
    assert.ok(checked >= 4, `fixtures with singular values: ${checked}`);
  } finally {
    svdTuning.dcMinN = saved;
  }
});

test.run();
