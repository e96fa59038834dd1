// Kernel level: the blocked bidiagonalization (dgebrd: dlabrd panels + GEMM) against its unblocked
// reference twin (dgebd2), and the record/apply machinery against explicitly formed V.
// Bounds: |dᵢ − dᵢ'|, |eᵢ − eᵢ'| ≤ C·m·ε·‖A‖_F with C = 10 (the same reflectors up to rounding).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, svd } from '../../src/index.js';
import { alloc, f64, free, wasm, ptrOf } from '../../bindings/raw.js';
import { EPS, assertLE, frob } from '../helpers/index.js';

test.before(async () => { await init(); });

test('dgebrd (blocked) = dgebd2 (reference twin) on 300×230 and 260×260', () => {
  const w = wasm();
  for (const [m, n] of [[300, 230], [260, 260]] as const) {
    const A = Matrix.random(m, n, { seed: m + n });
    const nrm = frob(A.toColumnMajor());
    const A1 = A.clone(), A2 = A.clone();
    const bufs = Array.from({ length: 8 }, () => alloc(n * 8));
    const work = alloc(w.dgesvdWorkspaceSize(m, n));
    w.dgebrd(m, n, ptrOf(A1), m, bufs[0]!, bufs[1]!, bufs[2]!, bufs[3]!, work);
    w.dgebd2(m, n, ptrOf(A2), m, bufs[4]!, bufs[5]!, bufs[6]!, bufs[7]!, work);
    const v = f64();
    for (let i = 0; i < n; i++) {
      assertLE(Math.abs(v[(bufs[0]! >> 3) + i]! - v[(bufs[4]! >> 3) + i]!), 10 * m * EPS * nrm, `d${i} (${m}×${n})`);
      if (i < n - 1) assertLE(Math.abs(v[(bufs[1]! >> 3) + i]! - v[(bufs[5]! >> 3) + i]!), 10 * m * EPS * nrm, `e${i} (${m}×${n})`);
    }
    // the stored reflectors agree too
    const a1 = A1.toColumnMajor(), a2 = A2.toColumnMajor();
    let d = 0;
    for (let i = 0; i < a1.length; i++) d = Math.max(d, Math.abs(a1[i]! - a2[i]!));
    assertLE(d, 1e4 * m * EPS, `reflector storage (${m}×${n})`);
    bufs.forEach(free); free(work);
    for (const M of [A, A1, A2]) M.dispose();
  }
});

test('dbdsqrRecord + dbdsqrApplyV = dbdsqr with V accumulated (V·y for two vectors)', () => {
  const w = wasm();
  const n = 60;
  const d0 = Float64Array.from({ length: n }, (_, i) => Math.cos(i) * 10 ** (-i / 10));
  const e0 = Float64Array.from({ length: n }, (_, i) => (i < n - 1 ? Math.sin(i + 1) : 0));
  const d = alloc(n * 8), e = alloc(n * 8), work = alloc(w.dbdsqrWorkspaceSize(n));
  const V = Matrix.eye(n);
  f64().set(d0, d >> 3); f64().set(e0, e >> 3);
  assert.is(w.dbdsqr(n, d, e, n, ptrOf(V), n, 0, 0, 1, 0, 0, 1, work), 0);
  const s1 = f64().slice(d >> 3, (d >> 3) + n);
  const cap = 3 * n * n, rec = alloc(cap * 8);
  f64().set(d0, d >> 3); f64().set(e0, e >> 3);
  const len = w.dbdsqrRecord(n, d, e, 0, 0, 1, rec, cap, work, 0);
  assert.ok(len > 0, `record length ${len}`);
  const s2 = f64().slice(d >> 3, (d >> 3) + n);
  assert.equal([...s2], [...s1], 'same singular values (same arithmetic)');
  const Y = Matrix.random(n, 2, { seed: 7 });
  const VY = V.matmul(Y);
  w.dbdsqrApplyV(n, rec, len, 2, ptrOf(Y), n);
  const a = VY.toColumnMajor(), b = Y.toColumnMajor();
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  assertLE(diff, 100 * n * EPS, 'V·y from the record');
  const Vm = Matrix.zeros(n, n);
  w.dbdsqrMaterializeV(n, rec, len, ptrOf(Vm), n);
  const vm = Vm.toColumnMajor(), vv = V.toColumnMajor();
  let dv = 0;
  for (let i = 0; i < vm.length; i++) dv = Math.max(dv, Math.abs(vm[i]! - vv[i]!));
  assertLE(dv, 100 * n * EPS, 'V materialized from the record');
  for (const p of [d, e, work, rec]) free(p);
  for (const M of [V, Y, VY, Vm]) M.dispose();
});

test('dgelss (V accumulated, used by LSRN with no right-hand side): σ = svd(A).s and ‖A vᵢ‖ = σᵢ', () => {
  const w = wasm();
  const m = 80, n = 50;
  const A = Matrix.random(m, n, { seed: 12 });
  const W = A.clone(), V = new Matrix(n, n);
  const sp = alloc(n * 8), work = alloc(w.dgelssWorkspaceSize(m, n));
  assert.is(w.dgelss(m, n, ptrOf(W), m, 0, 0, 1, sp, ptrOf(V), n, work), 0);
  const s = f64().slice(sp >> 3, (sp >> 3) + n);
  const ref = svd(A, { vectors: false }).s;
  for (let i = 0; i < n; i++) assertLE(Math.abs(s[i]! - ref[i]!), 10 * m * EPS * ref[0]!, `σ${i}`);
  const AV = A.matmul(V).toColumnMajor();
  for (let i = 0; i < n; i++) {
    const col = AV.subarray(i * m, (i + 1) * m);
    assertLE(Math.abs(frob(col) - s[i]!), 10 * m * EPS * s[0]!, `‖A v${i}‖`);
  }
  free(sp); free(work);
  for (const M of [A, W, V]) M.dispose();
});

test.run();
