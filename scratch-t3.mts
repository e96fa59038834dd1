import { init, Matrix } from './src/index.js';
import { alloc, free, wasm, ptrOf } from './bindings/raw.js';
import { ops } from './bindings/index.js';
await init();
function cpu(fn: () => void, reps = 2) { let b = Infinity; for (let i = 0; i < reps; i++) { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); b = Math.min(b, (c.user + c.system) / 1e6); } return b; }
const w = wasm();
for (const n of [500, 1000]) {
  const A = Matrix.random(n, n, { seed: 1 });
  const d = alloc(n * 8), e = alloc(n * 8), tq = alloc(n * 8), tp = alloc(n * 8);
  const work = alloc(w.dgesddWorkspaceSize(n, n));
  const tb = cpu(() => { const B = A.clone(); w.dgebrd(n, n, ptrOf(B), n, d, e, tq, tp, work); B.dispose(); });
  const dd = Float64Array.from({ length: n }, () => Math.random()), ee = Float64Array.from({ length: n - 1 }, () => Math.random());
  const tdc = cpu(() => { ops.bidiagSvdDC(dd, ee); });
  const U = Matrix.empty(n, n), V = Matrix.empty(n, n);
  const tall = cpu(() => { const B = A.clone(); ops.svdFactorDC(B, U, V); B.dispose(); });
  const tqr = cpu(() => { const B = A.clone(); ops.svdFactor(B, U, V); B.dispose(); }, 1);
  const G = Matrix.random(n, n, { seed: 2 });
  const tg = cpu(() => { G.matmul(G).dispose(); });
  console.log(n, 'dgebrd', tb.toFixed(3), 'dbdsdc', tdc.toFixed(3), 'dgesdd total', tall.toFixed(3), 'dgesvd', tqr.toFixed(3), 'gemm', tg.toFixed(3));
}
