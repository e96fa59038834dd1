// `npm start`: the main job on an embedded default (see README). Placeholder until the models land:
// multiplies two random matrices and reports the GEMM rate.
import { init, Matrix, runtimeInfo, scope } from './index.js';

await init();
scope(() => {
  const n = 512;
  const A = Matrix.random(n, n, { seed: 1 });
  const B = Matrix.random(n, n, { seed: 2 });
  const t0 = performance.now();
  A.matmul(B);
  const s = (performance.now() - t0) / 1000;
  console.log(`lsqnet ${runtimeInfo().relaxedSimd ? '(relaxed SIMD)' : '(SIMD)'}: ${n}×${n} GEMM in ${s.toFixed(3)} s = ${(2 * n ** 3 / s / 1e9).toFixed(2)} GFLOP/s`);
});
