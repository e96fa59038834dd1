// The SWIM toy problem of ALGORITHMS.md §6.11 solved by lstsq 'qr' (gelsy semantics):
// f(x, y) = sin(x + y) on 5000 points of U[0,1]², 1000 tanh SWIM neurons + bias column,
// A = 5000×1001 (σmax ≈ 1e3, numerical rank ≈ 250 at 1e-8 and ≈ 325 at 1e-10).
// Reference bands ([R] re-run, 3 draws): train MAE (QR) 0.75e-7 … 1.32e-7 at rcond 1e-8 and
// 1.6e-9 … 4.1e-9 at 1e-10; SVD ranks 255 / 324. Our RNG streams differ from numpy's, so the
// check is statistical: the MAE must fall in the reference band widened by 1.5× on each side,
// and the rank within ±15% of the SVD rank.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, lstsq, features, scope, liveBytes } from '../../src/index.js';
import { sampleSwimLayer } from '../../src/models/swim-sampler.js';

test.before(async () => { await init(); });

test("SWIM toy 5000×1001: lstsq 'qr' at rcond 1e-8 and 1e-10 reaches the reference train MAE", () => {
  const start = liveBytes();
  scope(() => {
    const N = 5000;
    const X = Matrix.random(N, 2, { seed: 1, dist: 'uniform' });
    const y = new Float64Array(N);
    const xv = X.toColumnMajor();
    for (let i = 0; i < N; i++) y[i] = Math.sin(xv[i]! + xv[i + N]!);
    const Y = Matrix.fromColumnMajor(y, N, 1);
    const L = sampleSwimLayer(X, Y, { width: 1000, activation: 'tanh', seed: 1 });
    const Phi = features(X, L.W, L.b, { activation: 'tanh', ones: true });
    assert.is(Phi.cols, 1001);
    const bands: [number, number, number, number][] = [
      // rcond, MAE low, MAE high, SVD rank
      [1e-8, 0.75e-7, 1.32e-7, 255],
      [1e-10, 1.6e-9, 4.1e-9, 324],
    ];
    for (const [rcond, lo, hi, rankSvd] of bands) {
      const r = lstsq(Phi, y, { method: 'qr', rcond });
      const pred = Phi.matmul(Matrix.fromColumnMajor(r.x, 1001, 1)).toColumnMajor();
      let mae = 0;
      for (let i = 0; i < N; i++) mae += Math.abs(pred[i]! - y[i]!);
      mae /= N;
      assert.ok(mae >= lo / 1.5 && mae <= hi * 1.5, `rcond ${rcond}: train MAE ${mae.toExponential(3)} outside [${(lo / 1.5).toExponential(2)}, ${(hi * 1.5).toExponential(2)}]`);
      assert.ok(Math.abs(r.rank - rankSvd) <= 0.15 * rankSvd, `rcond ${rcond}: rank ${r.rank} vs SVD rank ≈ ${rankSvd}`);
    }
  });
  assert.is(liveBytes(), start);
});

test.run();
