// lstsq method 'auto' (issue 17): the shape rule, the reported method, LSRN's solution against the
// dense minimum-norm solution within the bound of its stopping rule, typed errors, no leaks;
// and the STREAM kernels of the bench against plain references.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, lstsq, lsrn, liveBytes, OptionError } from '../../src/index.js';
import { chooseLstsqMethod, AUTO_LSRN_MIN_ASPECT, AUTO_LSRN_MIN_COLS, AUTO_LSRN_MAX_RHS, AUTO_LSRN_OVERSAMPLING } from '../../src/linalg/lstsq.js';
import { refKernels, withRefArena } from '../helpers/ref-kernels.js';
import { assertLE } from '../helpers/index.js';
import { prescribed, toMatrix, diffNorm, norm, jsGauss, jsRandom, jsMatvec } from '../helpers/solvers-util.js';

const EPS = 2 ** -52;
test.before(async () => { await init(); });

test('chooseLstsqMethod: the documented shape rule and the ridge / lambda cases', () => {
  const n = AUTO_LSRN_MIN_COLS;
  assert.is(chooseLstsqMethod(AUTO_LSRN_MIN_ASPECT * n, n, 1), 'lsrn');
  assert.is(chooseLstsqMethod(AUTO_LSRN_MIN_ASPECT * n - 1, n, 1), 'svd');
  assert.is(chooseLstsqMethod(AUTO_LSRN_MIN_ASPECT * (n - 1) * 10, n - 1, 1), 'svd', 'too few columns');
  assert.is(chooseLstsqMethod(AUTO_LSRN_MIN_ASPECT * n, n, AUTO_LSRN_MAX_RHS + 1), 'svd', 'too many right-hand sides');
  assert.is(chooseLstsqMethod(n, AUTO_LSRN_MIN_ASPECT * n, 1), 'svd', 'wide');
  assert.is(chooseLstsqMethod(100 * n, n, 1, { lambda: 0.1 }), 'cholesky');
  assert.is(chooseLstsqMethod(100 * n, n, 1, { ridge: 'gcv' }), 'svd');
});

// A tall rank-deficient problem that the rule sends to LSRN: m = 20·200, rank 100 with σ in
// [1, 1e4] (a clear gap to the zero singular values, so both rank cuts keep the same 100).
const n = AUTO_LSRN_MIN_COLS, m = AUTO_LSRN_MIN_ASPECT * n, r = 100;
const sigma = Array.from({ length: r }, (_, i) => 10 ** (4 * i / (r - 1)));
const P = prescribed(m, n, sigma, 5);
const g = jsGauss(jsRandom(6));
const z = Float64Array.from({ length: n }, g);
const Az = jsMatvec(P.A, m, n, z);
const e = Float64Array.from({ length: m }, g);
const bInc = Az.map((v, i) => v + 0.3 * norm(Az) / norm(e) * e[i]!);

// Bound on ‖x − x*‖/‖x*‖: LSRN's stopping rule runs LSQR on A·N (cond ≤ κ̂) until the relative
// error of the preconditioned solution is ≤ tol, so the relative error in x is ≤ κ̂·tol (with
// N's own condition absorbed: N = V_r Σ̃_r⁻¹ has cond ≤ κ̂·cond(A)); the direct reference itself
// carries the backward-stable error of order n·ε·cond(A). Bound: (κ̂·tol + 10·n·ε)·cond(A).
function bound(kappa: number, tol: number): number {
  return (kappa * tol + 10 * n * EPS) * sigma[r - 1]! / sigma[0]!;
}

for (const [name, b] of [['inconsistent', bInc], ['consistent', Az]] as const) {
  test(`lstsq 'auto' on a tall rank-deficient ${name} system runs LSRN, reports it, matches the minimum-norm solution`, () => {
    const live = liveBytes();
    const A = toMatrix(P);
    try {
      const xs = P.solve(b);
      const auto = lstsq(A, b, { method: 'auto', rcond: 1e-8, solverOptions: { seed: 3 } });
      assert.is(auto.method, 'lsrn');
      assert.is(auto.rank, r);
      assert.ok(auto.iterations! > 0);
      const info = auto.info as { conditionBound: number; iterationBound: number };
      const rel = diffNorm(auto.x, xs) / norm(xs);
      assertLE(rel, bound(info.conditionBound, 1e-14), `${name}: ‖x − x*‖/‖x*‖`);
      const svd = lstsq(A, b, { method: 'svd', rcond: 1e-8 });
      assertLE(diffNorm(auto.x, svd.x) / norm(svd.x), 2 * bound(info.conditionBound, 1e-14), `${name}: against lstsq 'svd'`);
      // the same as calling lsrn with the sparse sketch and the auto oversampling
      const direct = lsrn(A, b, { sketch: 'sparse', oversampling: AUTO_LSRN_OVERSAMPLING, rcond: 1e-8, seed: 3 });
      assert.equal(Array.from(direct.x), Array.from(auto.x), 'auto = lsrn with the sparse sketch, bit for bit');
      assert.is((auto.info as { sketchSize: number }).sketchSize, AUTO_LSRN_OVERSAMPLING * n);
    } finally { A.dispose(); }
    assert.is(liveBytes(), live);
  });
}

test("lstsq 'auto': small, wide, several right-hand sides and ridge run 'svd'; lambda runs 'cholesky'", () => {
  const live = liveBytes();
  const A = Matrix.random(60, 5, { seed: 1 });
  const B = Matrix.random(60, 2, { seed: 2 });
  const T = toMatrix(P);
  const B2 = Matrix.random(m, 2, { seed: 4 });
  try {
    const y = Float64Array.from({ length: 60 }, (_, i) => Math.sin(i));
    const a = lstsq(A, y, { method: 'auto' });
    assert.is(a.method, 'svd');
    const ref = lstsq(A, y, { method: 'svd' });
    assert.equal(Array.from(a.x), Array.from(ref.x));
    const two = lstsq(A, B, { method: 'auto' });
    assert.is(two.method, 'svd');
    (two.x as Matrix).dispose();
    const At = A.transpose();
    const wide = lstsq(At, Float64Array.from({ length: 5 }, (_, i) => i), { method: 'auto' });
    At.dispose();
    assert.is(wide.method, 'svd');
    assert.is(lstsq(A, y, { method: 'auto', ridge: 0.1 }).method, 'svd');
    assert.is(lstsq(A, y, { method: 'auto', lambda: 0.1 }).method, 'cholesky');
    const multi = lstsq(T, B2, { method: 'auto', rcond: 1e-8 });
    assert.is(multi.method, 'svd');
    (multi.x as Matrix).dispose();
  } finally { A.dispose(); B.dispose(); T.dispose(); B2.dispose(); }
  assert.is(liveBytes(), live);
});

test("lstsq 'auto': typed errors name the argument, nothing leaks", () => {
  const live = liveBytes();
  const A = Matrix.random(30, 3, { seed: 1 });
  try {
    const y = new Float64Array(30).fill(1);
    assert.throws(() => lstsq(A, y, { method: 'bogus' as never }), (e: unknown) => e instanceof OptionError && /method/.test((e as Error).message));
    assert.throws(() => lstsq(A, y, { method: 'auto', solverOptions: { bogus: 1 } }), (e: unknown) => e instanceof OptionError && /bogus/.test((e as Error).message));
    assert.throws(() => lstsq(A, y, { method: 'auto', solverOptions: 5 as never }), (e: unknown) => e instanceof OptionError && /solverOptions/.test((e as Error).message));
    assert.throws(() => lstsq(A, y, { method: 'auto', solverOptions: { oversampling: 0.5 } }), (e: unknown) => e instanceof OptionError && /oversampling/.test((e as Error).message));
    assert.throws(() => lstsq(A, y, { method: 'auto', rcond: -1 }), (e: unknown) => e instanceof OptionError && /rcond/.test((e as Error).message));
    assert.throws(() => lstsq(A, new Float64Array(7), { method: 'auto' }), (e: unknown) => (e as Error).name === 'ShapeError');
  } finally { A.dispose(); }
  assert.is(liveBytes(), live);
});

test('STREAM kernels (ref build, bench): copy, triad and read against plain references, odd sizes and offsets', () => {
  const k = refKernels('ref');
  const rand = jsRandom(9);
  for (const len of [0, 1, 3, 5, 17, 1001]) {
    for (const off of [0, 1]) {
      withRefArena((ar) => {
        const src = Float64Array.from({ length: len + off }, () => rand() - 0.5);
        const cc = Float64Array.from({ length: len + off }, () => rand() - 0.5);
        const pa = ar.put(src) + 8 * off, pb = ar.zeros(len + off) + 8 * off, pc = ar.put(cc) + 8 * off;
        let sum = 0, abs = 0; for (let i = off; i < len + off; i++) { sum += src[i]!; abs += Math.abs(src[i]!); }
        assertLE(Math.abs(k.dstreamSum(len, pa, 2) - sum), 2 * len * EPS * abs, `sum ${len}+${off}`);
        k.dstreamCopy(len, pa, pb, 1);
        assert.equal(Array.from(ar.get(pb, len)), Array.from(src.subarray(off)), `copy ${len}+${off}`);
        k.dstreamTriad(len, pb, pa, pc, 3, 2);
        const got = ar.get(pb, len);
        for (let i = 0; i < len; i++) {
          const a = src[i + off]!, c = cc[i + off]!;
          assertLE(Math.abs(got[i]! - (a + 3 * c)), 2 * EPS * (Math.abs(a) + 3 * Math.abs(c)), `triad ${len}+${off}[${i}]`);
        }
      }, k);
    }
  }
});

test.run();
