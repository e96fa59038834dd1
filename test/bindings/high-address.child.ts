// Child process of high-address.test.ts: fills wasm memory past the 2 GiB address line with
// three 0.9 GB matrices, computes on small matrices that live above the line, disposes
// everything, and prints one JSON line with what it saw. Run alone so the 2.7 GB heap does not
// stay with the test runner.
import { init, Matrix, lstsq, svd, qr, liveBytes, memoryBytes } from '../../src/index.js';
import { address } from '../../bindings/raw.js';

await init();
const start = liveBytes();
const big: Matrix[] = [];
for (let i = 0; i < 3; i++) big.push(Matrix.zeros(11_000, 10_000));   // 880 MB each
const A = Matrix.fromRows([[1, 2], [3, 4], [5, 7]]);
const B = Matrix.fromRows([[1, 0, 2], [0, 1, 1]]);
const C = A.matmul(B);                                                  // 3×3
const sol = lstsq(A, [1, 2, 4], { method: 'svd' });
const sv = svd(A);
const s = sv.s;
sv.dispose();
const f = qr(A);
const R = f.R.toRows();
f.dispose();
const out = {
  memory: memoryBytes(),
  addrA: address(A.buf), addrC: address(C.buf), addrBig2: address(big[2]!.buf),
  disposedA: A.disposed, C: C.toRows(), x: Array.from(sol.x as Float64Array), s: Array.from(s), R,
  afterBig: 0, afterAll: 0, start,
};
for (const m of big) m.dispose();
out.afterBig = liveBytes() - start;
A.dispose(); B.dispose(); C.dispose();
out.afterAll = liveBytes() - start;
console.log(JSON.stringify(out));
