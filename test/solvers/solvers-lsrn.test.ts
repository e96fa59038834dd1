import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, LinearOperator, lsrn, lstsq, features, liveBytes } from '../../src/index.js';
import { assertLE } from '../helpers/index.js';
import { prescribed, toMatrix, diffNorm, norm, jsGauss, jsRandom, jsMatvec } from '../helpers/solvers-util.js';

test.before(async () => { await init(); });

// §11 item 4: the original LSRN self-test. A = U diag(linspace(1, 1e6, 50)) Vᵀ, 10,000×100, rank 50,
// b = A z + 0.25‖Az‖·e/‖e‖, x* = V diag(1/σ) Uᵀ b, γ = 3, tol = 1e-14.
const m = 10000, n = 100, r = 50;
const sigma = Array.from({ length: r }, (_, i) => 1 + (1e6 - 1) * i / (r - 1));
let P: ReturnType<typeof prescribed>;
let bvec: Float64Array, xstar: Float64Array, Axs: Float64Array;
test.before(() => {
  P = prescribed(m, n, sigma, 11);
  const g = jsGauss(jsRandom(12));
  const z = Float64Array.from({ length: n }, g);
  const e = Float64Array.from({ length: m }, g);
  const Az = jsMatvec(P.A, m, n, z);
  const f = 0.25 * norm(Az) / norm(e);
  bvec = Az.map((v, i) => v + f * e[i]!);
  xstar = P.solve(bvec);
  Axs = jsMatvec(P.A, m, n, xstar);
});

for (const sketch of ['gaussian', 'sparse'] as const) {
  for (const solver of ['lsqr', 'chebyshev'] as const) {
    test(`LSRN self-test (§11.4), ${sketch} sketch, ${solver}: rank 50, iterations and accuracy of the reference`, () => {
      const A = toMatrix(P);
      const before = liveBytes();
      const res = lsrn(A, bvec, { oversampling: 3, tol: 1e-14, sketch, solver, seed: 5 });
      assert.is(res.rank, 50, 'rank of the sketch');
      assert.is(res.sketchSize, 300);
      const errA = diffNorm(jsMatvec(P.A, m, n, res.x), Axs) / norm(Axs);
      const errX = diffNorm(res.x, xstar) / norm(xstar);
      console.log(`    ${sketch}/${solver}: ${res.iterations} iterations (bound ${res.iterationBound}), istop ${res.istop}, ‖A(x−x*)‖/‖Ax*‖ = ${errA.toExponential(2)}, ‖x−x*‖/‖x*‖ = ${errX.toExponential(2)}`);
      if (solver === 'lsqr') {
        assert.is(res.iterationBound, 37, 'LSQR bound ⌈−2(ln tol − ln 2)/ln(s/r)⌉ = 37');
        assert.ok(res.iterations >= 15 && res.iterations <= 37, `iterations ${res.iterations} (reference: 27, istop 2)`);
      } else {
        assert.ok(res.iterations >= 40 && res.iterations <= 70, `Chebyshev iterations ${res.iterations} (reference: 56)`);
        assert.is(res.istop, null);
      }
      // reference orders of magnitude: 1e-10 / 8e-9 (LSQR), 1e-11 / 8e-10 (Chebyshev); allow 10×
      assertLE(errA, 1e-9, '‖A(x − x*)‖/‖Ax*‖');
      assertLE(errX, 1e-7, '‖x − x*‖/‖x*‖');
      assert.is(liveBytes(), before);
      A.dispose();
    });
  }
}

test('under-determined (m < n): minimum-norm solution, both solvers', () => {
  const Q = prescribed(60, 400, Array.from({ length: 60 }, (_, i) => 1 + i), 21);
  const A = toMatrix(Q);
  const g = jsGauss(jsRandom(22));
  const b = Float64Array.from({ length: 60 }, g);
  const xs = Q.solve(b);
  for (const solver of ['lsqr', 'chebyshev'] as const) {
    for (const sketch of ['gaussian', 'sparse'] as const) {
      const res = lsrn(A, b, { solver, sketch, seed: 3, oversampling: 2 });
      assert.is(res.rank, 60);
      const err = diffNorm(res.x, xs) / norm(xs);
      assertLE(err, 1e-10, `${sketch}/${solver}: ‖x − A⁺b‖/‖A⁺b‖`);
    }
  }
  // an operator (no Matrix inside): Gaussian column-block sketch A·G; the sparse sketch needs a Matrix
  const op = LinearOperator.fromRowBlocks(60, 400, (s, e) => A.rowRange(s, e), { blockSize: 16 });
  const ro = lsrn(op, b, { seed: 3 });
  assertLE(diffNorm(ro.x, xs) / norm(xs), 1e-10, 'operator, gaussian: ‖x − A⁺b‖/‖A⁺b‖');
  let threw = false;
  try { lsrn(op, b, { sketch: 'sparse' }); } catch (e) { threw = /needs A as a Matrix/.test((e as Error).message); }
  assert.ok(threw, 'sparse sketch of an under-determined operator: OptionError');
  op.dispose();
  A.dispose();
});

test('matrix right-hand side, operator input, rank 0', () => {
  const A = Matrix.random(500, 20, { seed: 1 });
  const B = Matrix.random(500, 3, { seed: 2 });
  const before = liveBytes();
  const ref = lstsq(A, B, { method: 'svd' });
  for (const solver of ['lsqr', 'chebyshev'] as const) {
    const res = lsrn(A, B, { solver, seed: 4, oversampling: 4 }); // Chebyshev bounds need √s − √r > t
    assert.is(res.x.cols, 3);
    const D = res.x.sub(ref.x);
    assertLE(norm(D.toColumnMajor()) / norm(ref.x.toColumnMajor()), 1e-12, `${solver}: X vs svd`);
    D.dispose(); res.x.dispose();
  }
  const op = LinearOperator.fromRowBlocks(500, 20, (s, e) => A.rowRange(s, e), { blockSize: 64 });
  const b = B.column(0);
  const r1 = lsrn(op, b, { seed: 4, sketch: 'sparse' });
  const r2 = lsrn(A, b, { seed: 4, sketch: 'sparse' });
  assertLE(diffNorm(r1.x, r2.x) / norm(r2.x), 1e-13, 'operator = matrix (same sketch, blocking-independent)');
  const Z = Matrix.zeros(50, 5);
  const r0 = lsrn(Z, new Float64Array(50).fill(1));
  assert.is(r0.rank, 0); assert.equal(Array.from(r0.x), [0, 0, 0, 0, 0]); assert.ok(r0.warnings.length === 1);
  Z.dispose(); ref.x.dispose(); op.dispose();
  assert.is(liveBytes(), before);
  A.dispose(); B.dispose();
});

test('feature operator: LSRN never holds the feature matrix (peak live memory ≪ dense size)', () => {
  const N = 20000, d = 2, M = 30;
  const X = Matrix.random(N, d, { seed: 1, dist: 'uniform' });
  const W = Matrix.random(d, M, { seed: 2, sd: 3 });
  const bb = Matrix.random(M, 1, { seed: 3 });
  const y = Float64Array.from(X.column(0), (v, i) => Math.sin(v + X.get(i, 1)));
  const before = liveBytes();
  let peak = before;
  const feat = LinearOperator.features(X, W, bb, { ones: true, blockSize: 500 });
  const op = LinearOperator.fromRowBlocks(N, M + 1, (s, e) => {
    const F = features(X, W, bb, { rowStart: s, rowEnd: e, ones: true });
    peak = Math.max(peak, liveBytes());
    return F;
  }, { blockSize: 500 });
  const res = lsrn(op, y, { sketch: 'sparse', rcond: 1e-8, seed: 1, oversampling: 4, tol: 1e-10 });
  const dense = N * (M + 1) * 8;
  console.log(`    peak live during products: ${((peak - before) / 2 ** 20).toFixed(1)} MiB vs dense Φ ${(dense / 2 ** 20).toFixed(1)} MiB`);
  assertLE(peak - before, dense / 8, 'peak live bytes above the start');
  // same answer from the built-in feature operator
  const res2 = lsrn(feat, y, { sketch: 'sparse', rcond: 1e-8, seed: 1, oversampling: 4, tol: 1e-10 });
  assertLE(diffNorm(res.x, res2.x) / norm(res2.x), 1e-10, 'features operator = generator');
  const fit = feat.matvec(res.x);
  let mae = 0; for (let i = 0; i < N; i++) mae += Math.abs(fit[i]! - y[i]!); mae /= N;
  assertLE(mae, 1e-2, 'train MAE of a 30-feature fit of sin(x + y)');
  console.log(`    rank ${res.rank}, ${res.iterations} iterations, train MAE ${mae.toExponential(2)}`);
  feat.dispose(); op.dispose();
  assert.is(liveBytes(), before);
  X.dispose(); W.dispose(); bb.dispose();
});

test.run();
