// Re-entrancy of the SVD least-squares record (no state crosses an exported call): one solve is
// paused mid-record (its record buffer ran low), a second solve of another size runs from start
// to end, then the first resumes. Both solutions must be bit-identical to the same solves run
// alone, and agree with the public lstsq. Before the record header moved into the caller's
// buffer, the record's length lived in module globals and the second solve overwrote it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, lstsq, liveBytes, Matrix } from '../../src/index.js';
import { alloc, f64, free, wasm, ptrOf } from '../../bindings/raw.js';
import { EPS, assertLE } from '../helpers/index.js';

test.before(async () => { await init(); });

interface Solve { m: number; n: number; A: Matrix; B: Matrix; work: number; s: number; rec: number; cap: number; len: number; blocks: number[] }

/** Starts dgelssRecord on a copy of A (m×n) and b; returns the state (record length −1 when paused). */
function start(A0: Matrix, b: Float64Array, cap: number): Solve {
  const w = wasm();
  const m = A0.rows, n = A0.cols;
  const A = A0.clone(), B = Matrix.fromColumnMajor(b, m, 1);
  const work = alloc(w.dgelssWorkspaceSize(m, n)), s = alloc(n * 8), rec = alloc(cap * 8);
  const len = w.dgelssRecord(m, n, ptrOf(A), m, 1, ptrOf(B), m, s, rec, cap, work);
  return { m, n, A, B, work, s, rec, cap, len, blocks: [work, s, rec] };
}

/** Finishes a solve: resume when paused, then x = P·V·diag(1/σ)·(Uᵀb)[0:n]. */
function finish(st: Solve): Float64Array {
  const w = wasm();
  const { m, n } = st;
  let V: Matrix | null = null;
  if (st.len === -1) {
    V = new Matrix(n, n);
    const info = w.dgelssResume(n, 1, ptrOf(st.B), m, st.s, st.rec, w.dbdsqrRecordLength(st.rec), ptrOf(V), n, st.work);
    assert.is(info, 0);
  } else {
    assert.ok(st.len >= 0, `record failed: ${st.len}`);
  }
  const Y = new Matrix(n, 1);
  const y = Y.view(), c = st.B.view();
  const sv = f64().slice(st.s / 8, st.s / 8 + n);
  for (let i = 0; i < n; i++) y[i] = c[i]! / sv[i]!;
  let X: Matrix;
  if (V) {
    X = new Matrix(n, 1);
    const scratch = alloc(w.dgelssApplyPausedWorkspaceSize(n, 1));
    w.dgelssApplyPaused(n, ptrOf(st.A), m, 1, ptrOf(V), n, ptrOf(Y), n, ptrOf(X), n, st.work, scratch);
    free(scratch);
  } else {
    w.dgelssApply(n, ptrOf(st.A), m, 1, ptrOf(Y), n, st.rec, st.len, st.work);
    X = Y;
  }
  const x = X.toColumnMajor();
  for (const M of [X, Y, V, st.A, st.B]) M?.dispose();
  st.blocks.forEach(free);
  return x;
}

test('a solve paused mid-record survives another complete solve in between', () => {
  const live0 = liveBytes();
  const A1 = Matrix.random(60, 40, { seed: 11 }), A2 = Matrix.random(50, 30, { seed: 12 });
  const vec = (m: number, seed: number): Float64Array => { const M = Matrix.random(m, 1, { seed }); const v = M.toColumnMajor(); M.dispose(); return v; };
  const b1 = vec(60, 13), b2 = vec(50, 14);
  const small = 4 + 300, roomy = 4 + 3 * 40 * 40 + 65536;
  // alone
  const s1 = start(A1, b1, small);
  assert.is(s1.len, -1, 'the small record buffer makes the first solve pause');
  const x1 = finish(s1);
  const x2 = finish(start(A2, b2, roomy));
  // interleaved: pause 1, run 2 to the end, resume 1
  const p1 = start(A1, b1, small);
  assert.is(p1.len, -1);
  const q2 = start(A2, b2, roomy);
  assert.ok(q2.len >= 0);
  const y2 = finish(q2);
  const y1 = finish(p1);
  assert.equal(Array.from(y1), Array.from(x1), 'paused solve: bit-identical to running alone');
  assert.equal(Array.from(y2), Array.from(x2), 'complete solve: bit-identical to running alone');
  // and right: agree with the public solver (same math, record never paused)
  for (const [A, b, x] of [[A1, b1, y1], [A2, b2, y2]] as const) {
    const ref = lstsq(A, b, { method: 'svd' }).x as Float64Array;
    let d = 0, nx = 0;
    for (let i = 0; i < x.length; i++) { d = Math.max(d, Math.abs(x[i]! - ref[i]!)); nx = Math.max(nx, Math.abs(ref[i]!)); }
    assertLE(d, 100 * A.rows * EPS * nx, `x vs lstsq (${A.rows}×${A.cols})`);
  }
  A1.dispose(); A2.dispose();
  assert.is(liveBytes(), live0);
});

test.run();
