// lbfgs(): limited-memory BFGS with a strong-Wolfe line search.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, Matrix, lbfgs, newton, newtonOracle, qr, liveBytes, InvalidInputError, NonFiniteError, OptionError,
} from '../../src/index.js';
import { EPS, assertLE, assertThrowsTyped } from '../helpers/index.js';

let live0 = 0;
test.before(async () => { await init(); live0 = liveBytes(); });

/** Extended (chained) Rosenbrock f = Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at x = 1. */
function rosenbrock(x: Matrix, g: Matrix): number {
  const v = x.toColumnMajor(), n = v.length;
  const gr = new Float64Array(n);
  let f = 0;
  for (let i = 0; i + 1 < n; i++) {
    const a = v[i + 1]! - v[i]! * v[i]!, b = 1 - v[i]!;
    f += 100 * a * a + b * b;
    gr[i] = gr[i]! - 400 * v[i]! * a - 2 * b;
    gr[i + 1] = gr[i + 1]! + 200 * a;
  }
  g.view().set(gr);
  return f;
}

for (const n of [2, 100]) {
  test(`Rosenbrock ${n}-D: reaches x* = 1 to 1e-10 (max-norm)`, () => {
    // classic start (−1.2, 1, −1.2, 1, …)
    const x0 = Matrix.fromVector(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1)));
    let calls = 0;
    const r = lbfgs((x, g) => { calls++; return rosenbrock(x, g); }, x0, { tol: 1e-12, maxIter: 5000 });
    const err = Math.max(...Array.from(r.x.toColumnMajor(), (v) => Math.abs(v - 1)));
    console.log(`  n = ${n}: ${r.iterations} iterations, ${r.evaluations} evaluations, f = ${r.objective.toExponential(2)}, ‖x − 1‖∞ = ${err.toExponential(2)} (${r.message})`);
    assert.is(r.evaluations, calls, 'evaluations counts every fg call');
    assert.ok(r.converged, r.message);
    assertLE(err, 1e-10, '‖x − x*‖∞');
    assertLE(r.objective, 1e-20, 'f(x) − f*');
    assert.equal([r.x.rows, r.x.cols], [n, 1]);
    x0.dispose(); r.x.dispose();
  });
}

test('strongly convex quadratic ½xᵀAx − bᵀx (eigenvalues in [1, 100], N = 60): x = A⁻¹b in closed form within ‖g‖/λ_min', () => {
  const N = 60;
  // A = Q diag(λ) Qᵀ with Q orthogonal (QR of a Gaussian matrix): x* = Q diag(1/λ) Qᵀ b exactly
  const G = Matrix.random(N, N, { seed: 7 });
  const f = qr(G);
  const Q = f.Q(); f.dispose(); G.dispose();
  const lam = Array.from({ length: N }, (_, i) => 100 ** (i / (N - 1)));
  const QD = Q.clone(), QDi = Q.clone();
  for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) { QD.set(i, j, Q.get(i, j) * lam[j]!); QDi.set(i, j, Q.get(i, j) / lam[j]!); }
  const A = QD.matmul(Q, { transB: true }), Ainv = QDi.matmul(Q, { transB: true });
  const b = Matrix.random(N, 1, { seed: 8 });
  const xs = Ainv.matmul(b);
  const fstar = -0.5 * b.toColumnMajor().reduce((s, v, i) => s + v * xs.get(i, 0), 0);
  for (const memory of [10, 1]) {
    const r = lbfgs((x, g) => {
      const Ax = A.matmul(x);
      const res = Ax.sub(b); g.setBlock(0, 0, res); res.dispose();
      const xv = x.toColumnMajor(), ax = Ax.toColumnMajor(), bv = b.toColumnMajor();
      let v = 0; for (let i = 0; i < N; i++) v += 0.5 * xv[i]! * ax[i]! - bv[i]! * xv[i]!;
      Ax.dispose();
      return v;
    }, { data: new Float64Array(N), rows: N, cols: 1 }, { tol: 1e-12, memory, maxIter: 2000 });
    let d = 0; for (let i = 0; i < N; i++) d = Math.max(d, Math.abs(r.x.get(i, 0) - xs.get(i, 0)));
    const xsNorm = Math.sqrt(xs.toColumnMajor().reduce((s, v) => s + v * v, 0));
    console.log(`  memory ${memory}: ${r.iterations} iterations, ${r.evaluations} evaluations, ‖x − x*‖∞ = ${d.toExponential(2)}, ‖g‖ = ${r.gradientNorm.toExponential(2)}`);
    assert.ok(r.converged, r.message);
    // ‖x − x*‖ ≤ ‖A⁻¹‖‖g‖ = ‖g‖/λ_min, plus the rounding of x* and of g (κ·N·ε·‖x*‖)
    assertLE(d, r.gradientNorm / lam[0]! + 100 * N * EPS * xsNorm, '‖x − x*‖∞');
    assertLE(Math.abs(r.objective - fstar), 0.5 * r.gradientNorm ** 2 / lam[0]! + 10 * N * EPS * Math.abs(fstar), '|f − f*|');
    r.x.dispose();
  }
  for (const M of [Q, QD, QDi, A, Ainv, b, xs]) M.dispose();
});

test('softmax regression objective: the L-BFGS optimum agrees with newton()', () => {
  const n = 300, p = 6, k = 4, lambda = 1e-2;
  const X = Matrix.random(n, p, { seed: 31 });
  const T = Matrix.random(p, k, { seed: 32, sd: 2 });
  const Z = X.matmul(T);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) { let best = 0; for (let j = 1; j < k; j++) if (Z.get(i, j) > Z.get(i, best)) best = j; labels[i] = (best + (i % 7 === 0 ? 1 : 0)) % k; }
  T.dispose(); Z.dispose();
  const ref = newton({ loss: 'softmax', X, labels, lambda }, { tol: 1e-13 });
  const or = newtonOracle({ loss: 'softmax', X, labels, lambda });
  // valueAndGradient against objective + gradient at a random point
  const W1 = Matrix.random(p, k, { seed: 33 }), G1 = Matrix.zeros(p, k);
  const F1 = or.valueAndGradient(W1, G1), g1 = or.gradient(W1);
  assert.is(F1, or.objective(W1));
  assert.equal(G1.toColumnMajor(), g1.toColumnMajor());
  W1.dispose(); G1.dispose(); g1.dispose();
  const r = lbfgs((W, G) => or.valueAndGradient(W, G), { data: new Float64Array(p * k), rows: p, cols: k }, { tol: 1e-10 });
  assert.ok(r.converged && ref.converged, `${r.message} / ${ref.message}`);
  const diff = r.x.sub(ref.W);
  const dn = Math.sqrt(diff.toColumnMajor().reduce((s, v) => s + v * v, 0));
  console.log(`  L-BFGS ${r.iterations} it / ${r.evaluations} evals, F = ${r.objective}; newton F = ${ref.objective}; ‖W − W*‖ = ${dn.toExponential(2)}`);
  // F is λ-strongly convex: ‖W − W*‖ ≤ (‖∇F(W)‖ + ‖∇F(W*)‖)/λ and 0 ≤ F(W) − F* ≤ ‖∇F(W)‖²/(2λ)
  assertLE(dn, (r.gradientNorm + ref.gradientNorm) / lambda, '‖W_lbfgs − W_newton‖');
  assertLE(Math.abs(r.objective - ref.objective), r.gradientNorm ** 2 / (2 * lambda) + ref.gradientNorm ** 2 / (2 * lambda) + 8 * EPS * ref.objective, '|F_lbfgs − F_newton|');
  diff.dispose(); r.x.dispose(); ref.W.dispose(); or.dispose(); X.dispose();
});

test('f = +∞ outside the domain: the line search shrinks the step (−Σ log x_i + Σ x_i, minimum at x = 1)', () => {
  const r = lbfgs((x, g) => {
    const v = x.toColumnMajor();
    let f = 0;
    const gr = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) { if (!(v[i]! > 0)) return Infinity; f += v[i]! - Math.log(v[i]!); gr[i] = 1 - 1 / v[i]!; }
    g.view().set(gr);
    return f;
  }, [[0.01], [50], [3]], { tol: 1e-12 });
  assert.ok(r.converged, r.message);
  for (const v of r.x.toColumnMajor()) assertLE(Math.abs(v - 1), 1e-10, 'x_i − 1');
  r.x.dispose();
});

test('onIteration: iteration 0 first, false stops; x0 is not modified', () => {
  const x0 = Matrix.fromVector([-1.2, 1]);
  const seen: number[] = [];
  const r = lbfgs(rosenbrock, x0, { onIteration: (it) => { seen.push(it.iteration); assert.ok(it.evaluations >= 1); return it.iteration < 3; } });
  assert.equal(seen, [0, 1, 2, 3]);
  assert.is(r.iterations, 3);
  assert.not.ok(r.converged);
  assert.match(r.message, /onIteration/);
  assert.equal(Array.from(x0.toColumnMajor()), [-1.2, 1]);
  x0.dispose(); r.x.dispose();
  const z = lbfgs((x, g) => { g.setBlock(0, 0, x); return 0.5 * x.get(0, 0) ** 2; }, [[0]]);
  assert.ok(z.converged); assert.is(z.iterations, 0); assert.match(z.message, /starting point/);
  z.x.dispose();
});

test('typed errors: bad options, bad fg, non-finite objective; no leaks on the error paths', () => {
  const quad = (x: Matrix, g: Matrix): number => { g.setBlock(0, 0, x); return 0.5 * x.get(0, 0) ** 2; };
  assertThrowsTyped(() => lbfgs(quad, [[1]], { memory: 0 }), OptionError, /memory/);
  assertThrowsTyped(() => lbfgs(quad, [[1]], { tol: -1 }), OptionError, /tol/);
  assertThrowsTyped(() => lbfgs(quad, [[1]], { maxIter: 1.5 }), OptionError, /maxIter/);
  assertThrowsTyped(() => lbfgs(quad, [[1]], { gtol: 1 } as never), OptionError, /unknown option 'gtol'/);
  assertThrowsTyped(() => lbfgs(quad, [[1]], { onIteration: 3 } as never), OptionError, /onIteration/);
  assertThrowsTyped(() => lbfgs(3 as never, [[1]]), InvalidInputError, /fg must be a function/);
  assertThrowsTyped(() => lbfgs((() => 'x') as never, [[1]]), InvalidInputError, /returned string/);
  assertThrowsTyped(() => lbfgs(() => NaN, [[1]]), NonFiniteError, /f\(x0\) is not finite/);
  assertThrowsTyped(() => lbfgs((x, g) => { g.set(0, 0, NaN); return 1; }, [[1]]), NonFiniteError, /∇f\(x0\)/);
  assertThrowsTyped(() => lbfgs(quad, [[NaN]]), NonFiniteError, /x0/);
  // finite at x0, +∞ everywhere along the direction
  assertThrowsTyped(() => lbfgs((x, g) => { g.set(0, 0, 1); return x.get(0, 0) === 1 ? 1 : Infinity; }, [[1]]), NonFiniteError, /every trial point/);
  // an exception inside fg propagates and frees the solver's buffers
  assertThrowsTyped(() => lbfgs(() => { throw new OptionError('from fg'); }, [[1]]), OptionError, /from fg/);
});

test('liveBytes returns to its start', () => {
  assert.is(liveBytes(), live0);
});

test.run();
