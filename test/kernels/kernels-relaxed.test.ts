// The relaxed-SIMD build (fused multiply-add, its own micro-kernel) is what browsers and
// `init({ relaxedSimd: true })` run, but `npm test` loads the portable build. This file
// instantiates the relaxed binary separately (its own memory; V8's relaxed-SIMD flag is turned
// on inside test.before, after the shared module was loaded) and checks its BLAS kernels
// against the scalar twins with the same FMA-agnostic error bounds. The twins are not in the
// shipped binary: tests that need them run the kernel and its twin in the relaxed ref build
// (build/lsqnet-ref-relaxed.wasm, test/helpers/ref-kernels.ts), compiled from the same sources with the
// same flags plus the twins.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiate } from '@assemblyscript/loader';
import { init } from '../../src/index.js';
import { gunzipSync } from 'node:zlib';
import { WASM_RELAXED_GZIP_BASE64 } from '../../bindings/generated/wasm-inline.js';
import type { Kernels } from '../../bindings/raw.js';
import { refKernels, type RefKernels } from '../helpers/ref-kernels.js';
import { EPS, rng, randomArray, absProduct, tanhDD, ulpsDD } from '../helpers/kernels-util.js';

let k: Kernels;
/** The relaxed ref build: the same kernels plus the scalar twins. */
let r: RefKernels;

test.before(async () => {
  await init(); // the shared module first, so this file never changes which build others get
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  const bytes = new Uint8Array(gunzipSync(Buffer.from(WASM_RELAXED_GZIP_BASE64, 'base64')));
  assert.ok(WebAssembly.validate(bytes), 'the relaxed build validates once the flag is on');
  const { exports } = await instantiate<Record<string, unknown>>(bytes, {});
  k = exports as unknown as Kernels;
  r = refKernels('ref-relaxed');
  assert.is(r.relaxedSimdBuild(), 1, 'the relaxed ref build is an FMA build too');
});

const putIn = (inst: Kernels, data: ArrayLike<number>): number => {
  const p = inst.alloc(Math.max(data.length, 2) * 8);
  new Float64Array(inst.memory.buffer).set(data, p >> 3);
  return p;
};
const getIn = (inst: Kernels, p: number, n: number): Float64Array => new Float64Array(inst.memory.buffer).slice(p >> 3, (p >> 3) + n);
const put = (data: ArrayLike<number>): number => putIn(k, data);
const get = (p: number, n: number): Float64Array => getIn(k, p, n);

test('this is the FMA build', () => {
  assert.is(k.relaxedSimdBuild(), 1);
});

test('relaxed dgemm / dgemmt against the twin: sizes 1…67 sampled, large, all transposes, β = 0 with NaN', () => {
  // kernel and twin in the same relaxed ref instance
  const k = r;
  const put = (data: ArrayLike<number>): number => putIn(k, data);
  const get = (p: number, n: number): Float64Array => getIn(k, p, n);
  const cases: number[][] = [];
  for (let s = 1; s <= 67; s++) cases.push([s % 2, (s >> 1) % 2, s, 1 + (s * 7) % 23, 1 + (s * 5) % 41]);
  for (let s = 1; s <= 67; s += 3) cases.push([(s >> 2) % 2, s % 2, 1 + (s * 3) % 19, s, 1 + (s * 11) % 67]);
  cases.push([0, 0, 300, 130, 513], [1, 1, 257, 67, 300], [0, 1, 513, 40, 70], [1, 0, 96, 300, 260]);
  for (const [ta, tb, m, n, kk] of cases as [number, number, number, number, number][]) {
    const lda = (ta ? kk : m) + 1, ldb = (tb ? n : kk) + 2, ldc = m + 1;
    const r = rng(m * 7 + n * 3 + kk);
    const A = randomArray(lda * (ta ? m : kk), r), B = randomArray(ldb * (tb ? kk : n), r);
    const pa = put(A), pb = put(B);
    const pc = put(new Float64Array(ldc * n).fill(NaN)), pr = put(new Float64Array(ldc * n));
    const work = k.alloc(k.dgemmWorkspaceSize(m, n, kk));
    k.dgemm(ta, tb, m, n, kk, 1.5, pa, lda, pb, ldb, 0, pc, ldc, work);
    k.dgemmRef(ta, tb, m, n, kk, 1.5, pa, lda, pb, ldb, 0, pr, ldc);
    const got = get(pc, ldc * n), ref = get(pr, ldc * n);
    const abs = absProduct(ta, tb, m, n, kk, A, lda, B, ldb);
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) {
      const bound = 2 * (kk + 2) * EPS * 1.5 * abs[i + j * m]!;
      const q = i + j * ldc;
      if (!(Math.abs(got[q]! - ref[q]!) <= bound)) assert.unreachable(`relaxed dgemm(${ta},${tb}) ${m}×${n}×${kk}: (${i},${j}) ${got[q]} vs ${ref[q]}`);
    }
    if (m === n || n > 1) {
      const nn = Math.min(m, n);
      const pt = put(new Float64Array(ldc * nn).fill(NaN));
      k.dgemmt(1, ta, tb, nn, kk, 1.5, pa, lda, pb, ldb, 0, pt, ldc, work);
      const t = get(pt, ldc * nn);
      for (let j = 0; j < nn; j++) for (let i = 0; i < ldc; i++) {
        const q = i + j * ldc;
        if (i < nn && i <= j) { if (!(Math.abs(t[q]! - ref[q]!) <= 2 * (kk + 2) * EPS * 1.5 * abs[i + j * m]!)) assert.unreachable(`relaxed dgemmt (${i},${j})`); }
        else if (!Number.isNaN(t[q]!)) assert.unreachable(`relaxed dgemmt wrote (${i},${j})`);
      }
      k.free(pt);
    }
    [pa, pb, pc, pr, work].forEach((p) => k.free(p));
  }
});

test('relaxed dgemv (both transposes), ddot, daxpy, dnrm2 against the twins', () => {
  // kernel and twin in the same relaxed ref instance
  const k = r;
  const put = (data: ArrayLike<number>): number => putIn(k, data);
  const get = (p: number, n: number): Float64Array => getIn(k, p, n);
  for (const [m, n] of [[1, 1], [7, 5], [67, 33], [513, 300]] as const) {
    for (const trans of [0, 1]) {
      const r = rng(m + n + trans);
      const A = randomArray(m * n, r), X = randomArray(Math.max(m, n), r);
      const pa = put(A), px = put(X), py = put(new Float64Array(Math.max(m, n)).fill(NaN)), pr = put(new Float64Array(Math.max(m, n)));
      k.dgemv(trans, m, n, -1, pa, m, px, 1, 0, py, 1);
      k.dgemvRef(trans, m, n, -1, pa, m, px, 1, 0, pr, 1);
      const len = trans ? n : m, inner = trans ? m : n;
      const y = get(py, len), yr = get(pr, len);
      for (let i = 0; i < len; i++) {
        let s = 0; for (let p = 0; p < inner; p++) s += Math.abs((trans ? A[p + i * m]! : A[i + p * m]!) * X[p]!);
        assert.ok(Math.abs(y[i]! - yr[i]!) <= 2 * (inner + 2) * EPS * s, `relaxed dgemv(${trans}) ${m}×${n} y[${i}]`);
      }
      const d = k.ddot(inner, pa, 1, px, 1), dr = k.ddotRef(inner, pa, 1, px, 1);
      let s = 0; for (let p = 0; p < inner; p++) s += Math.abs(A[p]! * X[p]!);
      assert.ok(Math.abs(d - dr) <= 2 * inner * EPS * s, 'relaxed ddot');
      const nr = k.dnrm2(inner, pa, 1), nrr = k.dnrm2Ref(inner, pa, 1);
      assert.ok(Math.abs(nr - nrr) <= (inner + 6) * EPS * nrr, 'relaxed dnrm2');
      [pa, px, py, pr].forEach((p) => k.free(p));
    }
  }
});

test('relaxed dsyrk and dtrsm: residual checks', () => {
  // kernel and twin in the same relaxed ref instance
  const k = r;
  const put = (data: ArrayLike<number>): number => putIn(k, data);
  const get = (p: number, n: number): Float64Array => getIn(k, p, n);
  const n = 150, kk = 70;
  const A = randomArray(kk * n, rng(5));
  const pa = put(A), pc = put(new Float64Array(n * n).fill(NaN)), pr = put(new Float64Array(n * n));
  k.dsyrk(0, 1, n, kk, 1, pa, kk, 0, pc, n, k.alloc(k.dsyrkWorkspaceSize(n, kk)));
  k.dsyrkRef(0, 1, n, kk, 1, pa, kk, 0, pr, n);
  const c = get(pc, n * n), cr = get(pr, n * n);
  const abs = absProduct(1, 0, n, n, kk, A, kk, A, kk);
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) {
    assert.ok(Math.abs(c[i + j * n]! - cr[i + j * n]!) <= 2 * (kk + 2) * EPS * abs[i + j * n]!, `relaxed dsyrk (${i},${j})`);
  }
  // L = lower triangle of C + n·I is well conditioned; solve L X = B and check the residual
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) L[i + j * n] = cr[i + j * n]! / kk + (i === j ? 2 : 0);
  const B = randomArray(n * 9, rng(6));
  const pl = put(L), pb = put(B);
  k.dtrsm(0, 0, 0, 0, n, 9, 1, pl, n, pb, n, k.alloc(k.dtrsmWorkspaceSize(n, 9)));
  const X = get(pb, n * 9);
  for (let j = 0; j < 9; j++) for (let i = 0; i < n; i++) {
    let s = 0, sa = 0;
    for (let p = 0; p <= i; p++) { const v = L[i + p * n]! * X[p + j * n]!; s += v; sa += Math.abs(v); }
    assert.ok(Math.abs(s - B[i + j * n]!) <= 4 * n * EPS * (sa + Math.abs(B[i + j * n]!)), `relaxed dtrsm residual (${i},${j})`);
  }
});

test('relaxed dtanhBias (fused multiply-adds in the polynomial): ≤ 2 ulp true error, signed zero, NaN, saturation', () => {
  const r = rng(77);
  const xs: number[] = [];
  for (let i = 0; i < 40000; i++) xs.push((r() < 0 ? -1 : 1) * 2 ** (-997 + ((r() + 1) / 2) * 1002)); // |x| ∈ [1e-300, 30]
  for (const c of [0.5493061443340549, 1, 0.17328679513998632, 0.5198603854199589, 19.061547465398498, 20]) {
    for (let i = -300; i <= 300; i++) xs.push(c * (1 + i * 2 ** -52), -c * (1 + i * 1e-6));
  }
  xs.push(0, -0, NaN, Infinity, -Infinity, 5e-324, 25);
  const n = xs.length;
  const px = put(xs), py = put(new Float64Array(n));
  k.dtanhBias(n, 1, px, n, 0, py, n);
  const y = get(py, n);
  let worst = 0, at = 0;
  xs.forEach((x, i) => {
    if (Number.isNaN(x)) { assert.ok(Number.isNaN(y[i]!), 'NaN propagates'); return; }
    if (x === 0) { assert.ok(Object.is(y[i], x), 'tanh(±0) = ±0'); return; }
    const u = ulpsDD(y[i]!, tanhDD(x));
    if (u > worst) { worst = u; at = x; }
  });
  if (process.env.KERNELS_VERBOSE) console.log(`relaxed tanh: max ${worst} ulp at ${at}`);
  assert.ok(worst <= 2, `relaxed tanh: max ${worst} ulp at ${at}`);
  k.free(px); k.free(py);
});

test.run();
