// A representative slice of lsqnet whose large steps run through dgemm/dgemmt (so the threaded
// runtime splits them): lstsq (SVD and QR), qr, Cholesky, eigh, a SWIM fit, and the 700×500
// products. Used by test/bindings/threads-slice.test.ts in its parent (single-thread build) and in
// its child (threaded build, 1, 2 and 3 threads): every output is returned as its exact bytes.
import { createHash } from 'node:crypto';
import { Matrix, SampledNetwork, cholesky, eigh, liveBytes, lstsq, qr, scope } from '../../src/index.js';

/** Every output of the slice, name → values (column-major for matrices). */
export function runSlice(): Record<string, Float64Array> {
  const start = liveBytes();
  const out: Record<string, Float64Array> = {};
  scope(() => {
    const A = Matrix.random(700, 500, { seed: 11 });
    const b = Matrix.random(700, 3, { seed: 12 });
    out.matmulAtA = A.matmul(A, { transA: true }).toColumnMajor();
    out.lstsqSvd = lstsq(A, b, { method: 'svd' }).x.toColumnMajor();
    out.lstsqQr = lstsq(A, b, { method: 'qr' }).x.toColumnMajor();
    const f = qr(A);
    out.qrR = f.R.toColumnMajor();
    f.dispose();
    const G = A.matmul(A, { transA: true }).add(Matrix.eye(500));
    const c = cholesky(G);
    out.cholL = c.L!.toColumnMajor();
    c.dispose();
    const e = eigh(G);
    out.eighValues = Float64Array.from(e.values);
    out.eighVectors = e.vectors!.toColumnMajor();
    e.dispose();
    const X = Matrix.random(3000, 6, { seed: 13 });
    const Y = Matrix.random(3000, 2, { seed: 14 });
    const net = new SampledNetwork({ layers: [800], activation: 'tanh', seed: 5 }).fit(X, Y);
    out.swimPredict = net.predict(X).toColumnMajor();
    net.dispose();
  });
  if (liveBytes() !== start) throw new Error(`runSlice leaked ${liveBytes() - start} bytes`);
  return out;
}

/** SHA-256 (hex) of the exact bytes of each output. */
export function digests(out: Record<string, Float64Array>): Record<string, string> {
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex')]));
}

/** Elements of `a` and `b` that differ under Object.is (−1 when the lengths differ). */
export function differing(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return -1;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}
