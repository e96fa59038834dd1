// Workspace bounds of every kernel that takes a `work` pointer: each call gets a workspace of
// exactly `…WorkspaceSize(...)` bytes followed by a 4096-byte guard filled with a NaN-payload
// sentinel, and every output array is guarded the same way. After the call the guards must be
// byte-for-byte intact — a write past the reserved size would otherwise land silently in the
// next heap block (TLSF corruption). Shapes cover tall, wide, sizes just above the block sizes
// (NB 32/64/128, MC 192, KC 256, NC 1024) and the blocked paths (n ≥ 128).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init } from '../../src/index.js';
import { f64, wasm } from '../../bindings/raw.js';
import { Guarded } from '../helpers/guarded.js';
import { rng } from '../helpers/kernels-util.js';

test.before(async () => { await init(); });

type Fn = (...args: number[]) => number;
const K = (): Record<string, Fn> => wasm() as unknown as Record<string, Fn>;

/** Symmetric diagonally dominant n×n (SPD), column-major. */
function spd(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) {
    const v = i === j ? n + 1 + Math.abs(r()) : r();
    a[i + j * n] = v; a[j + i * n] = v;
  }
  return a;
}

/** n×n well-conditioned matrix for triangular kernels: diagonal 2…3, off-diagonal ±1/n. */
function tri(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) a[i + j * n] = i === j ? 2.5 + 0.5 * r() : r() / n;
  return a;
}

test('dgemm / dgemmt / dsyrk stay inside dgemmWorkspaceSize / dsyrkWorkspaceSize', () => {
  const k = K();
  const shapes: [number, number, number][] = [[1, 1, 1], [33, 65, 129], [129, 33, 300], [300, 230, 257],
    [193, 1025, 40], [8, 8, 600], [257, 1, 513], [1, 257, 513], [65, 1030, 260]];
  for (const [m, n, kk] of shapes) {
    for (const [ta, tb] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
      const g = new Guarded();
      const a = g.rand('A', m * kk, 1), b = g.rand('B', kk * n, 2), c = g.rand('C', m * n, 3);
      const w = g.buf('work', k.dgemmWorkspaceSize!(m, n, kk));
      k.dgemm!(ta!, tb!, m, n, kk, 1.5, a, ta ? kk : m, b, tb ? n : kk, 0.5, c, m, w);
      g.check(`dgemm(${ta},${tb}) ${m}×${n}×${kk}`);
    }
  }
  for (const [n, kk] of [[33, 300], [257, 65], [300, 230], [129, 1025], [1030, 3]] as [number, number][]) {
    for (const uplo of [0, 1]) for (const trans of [0, 1]) {
      const g = new Guarded();
      const a = g.rand('A', n * kk, 4), c = g.rand('C', n * n, 5);
      const w = g.buf('work', k.dsyrkWorkspaceSize!(n, kk));
      k.dsyrk!(uplo, trans, n, kk, 1.0, a, trans ? kk : n, 0.0, c, n, w);
      g.check(`dsyrk(${uplo},${trans}) n=${n} k=${kk}`);
      const g2 = new Guarded();
      const a2 = g2.rand('A', n * kk, 6), b2 = g2.rand('B', n * kk, 7), c2 = g2.rand('C', n * n, 8);
      const w2 = g2.buf('work', k.dgemmWorkspaceSize!(n, n, kk));
      k.dgemmt!(uplo, trans, trans ^ 1, n, kk, 1.0, a2, trans ? kk : n, b2, trans ? kk : n, 1.0, c2, n, w2);
      g2.check(`dgemmt(${uplo},${trans}) n=${n} k=${kk}`);
    }
  }
});

test('dtrsm / dtrmm (all 16 flag combinations) stay inside their workspace sizes', () => {
  const k = K();
  const shapes: [number, number][] = [[33, 1], [1, 33], [129, 65], [65, 129], [300, 230], [400, 400], [257, 600], [600, 129]];
  for (const [m, n] of shapes) {
    for (let flags = 0; flags < 16; flags++) {
      const side = flags & 1, uplo = (flags >> 1) & 1, trans = (flags >> 2) & 1, diag = (flags >> 3) & 1;
      const na = side ? n : m;
      for (const name of ['dtrsm', 'dtrmm'] as const) {
        const g = new Guarded();
        const a = g.buf('A', na * na * 8, tri(na, 9));
        const b = g.rand('B', m * n, 10);
        const w = g.buf('work', k[`${name}WorkspaceSize`]!(m, n));
        k[name]!(side, uplo, trans, diag, m, n, 1.0, a, na, b, m, w);
        g.check(`${name}(side ${side}, uplo ${uplo}, trans ${trans}, diag ${diag}) ${m}×${n}`);
      }
    }
  }
});

test('Cholesky kernels (dpotrf, dpotrs, cholGram, cholInverseFrobSq) stay inside their workspace sizes', () => {
  const k = K();
  for (const n of [1, 33, 64, 65, 129, 193, 257, 300]) {
    const g = new Guarded();
    const a = g.buf('A', n * n * 8, spd(n, 11));
    const w = g.buf('work', k.dpotrfWorkspaceSize!(n));
    const info = k.dpotrf!(n, a, n, w);
    g.check(`dpotrf n=${n}`);
    assert.is(info, -1, `dpotrf n=${n} (SPD input) succeeds`);
    // factor again to have L for dpotrs / cholInverseFrobSq
    const g2 = new Guarded();
    const l = g2.buf('L', n * n * 8, spd(n, 11));
    const wl = g2.buf('work', k.dpotrfWorkspaceSize!(n));
    k.dpotrf!(n, l, n, wl);
    for (const nrhs of [1, 65, 300]) {
      const b = g2.rand('B', n * nrhs, 12);
      const ws = g2.buf('work', k.dpotrsWorkspaceSize!(n, nrhs));
      k.dpotrs!(n, nrhs, l, n, b, n, ws);
    }
    const wf = g2.buf('work', k.cholInverseFrobSqWorkspaceSize!(n));
    k.cholInverseFrobSq!(n, l, n, wf);
    g2.check(`dpotrs / cholInverseFrobSq n=${n}`);
  }
  for (const [m, n] of [[300, 230], [65, 257], [1025, 33], [1, 129]] as [number, number][]) {
    const g = new Guarded();
    const a = g.rand('A', m * n, 13), gm = g.rand('G', n * n, 14);
    const w = g.buf('work', k.cholGramWorkspaceSize!(m, n));
    k.cholGram!(m, n, a, m, 0.1, gm, n, w);
    g.check(`cholGram ${m}×${n}`);
  }
});

test('QR kernels (dgeqrf, qrFormT, dgemqrt, qrFormQ, dgeqp3, dgelsyTail) stay inside their workspace sizes', () => {
  const k = K();
  const nb = k.qrBlockSize!();
  for (const [m, n] of [[1, 1], [33, 33], [65, 129], [129, 300], [300, 230], [257, 65], [1025, 33], [193, 193]] as [number, number][]) {
    const kmin = Math.min(m, n);
    const g = new Guarded();
    const a = g.rand('A', m * n, 15);
    const tau = g.buf('tau', kmin * 8);
    const t = g.buf('T', nb * kmin * 8);
    const w = g.buf('work', k.dgeqrfWorkspaceSize!(m, n));
    k.dgeqrf!(m, n, a, m, tau, t, nb, w);
    const w0 = g.buf('work', k.dgeqrfWorkspaceSize!(m, n));
    const a0 = g.rand('A', m * n, 15);
    k.dgeqrf!(m, n, a0, m, tau, 0, nb, w0);
    for (const trans of [0, 1]) for (const nrhs of [1, 65, 300]) {
      const c = g.rand('C', m * nrhs, 16);
      const wq = g.buf('work', k.dgemqrtWorkspaceSize!(m, nrhs));
      k.dgemqrt!(trans, m, nrhs, kmin, a, m, t, nb, c, m, wq);
    }
    const q = g.buf('Q', m * kmin * 8);
    const wq = g.buf('work', k.qrFormQWorkspaceSize!(m, kmin));
    k.qrFormQ!(m, kmin, a, m, t, nb, q, m, wq);
    g.check(`dgeqrf / dgemqrt / qrFormQ ${m}×${n}`);

    const g2 = new Guarded();
    const ap = g2.rand('A', m * n, 17);
    const jp = g2.buf('jpvt', n * 4);
    const taup = g2.buf('tau', kmin * 8);
    const wp = g2.buf('work', k.dgeqp3WorkspaceSize!(m, n));
    k.dgeqp3!(m, n, ap, m, jp, taup, wp);
    const tp = g2.buf('T', nb * kmin * 8);
    const wt = g2.buf('work', k.qrFormTWorkspaceSize!(m));
    k.qrFormT!(m, kmin, ap, m, taup, tp, nb, wt);
    const nrhs = 3;
    const c = g2.rand('C', m * nrhs, 18);
    const wc = g2.buf('work', k.dgemqrtWorkspaceSize!(m, nrhs));
    k.dgemqrt!(1, m, nrhs, kmin, ap, m, tp, nb, c, m, wc);
    for (const rank of [kmin, Math.max(1, kmin >> 1)]) {
      const x = g2.buf('X', n * nrhs * 8);
      const wy = g2.buf('work', k.dgelsyTailWorkspaceSize!(n, nrhs, rank));
      const ar = g2.buf('R', m * n * 8, f64().slice(ap >> 3, (ap >> 3) + m * n));
      k.dgelsyTail!(n, nrhs, rank, ar, m, c, m, jp, x, n, wy);
    }
    const wi = g2.buf('ice', k.qrRankIceWorkspaceSize!(kmin));
    k.qrRankIce!(kmin, ap, m, 1e-8, wi);
    g2.check(`dgeqp3 / qrFormT / dgelsyTail / qrRankIce ${m}×${n}`);

    const g3 = new Guarded();
    const at = g3.rand('A', m * n, 31);
    const jt = g3.buf('jpvt', n * 4), taut = g3.buf('tau', kmin * 8);
    const wt3 = g3.buf('work', k.dgeqp3WorkspaceSize!(m, n));
    const ice = g3.buf('ice', k.qrRankIceWorkspaceSize!(kmin));
    k.dgeqp3Truncated!(m, n, at, m, jt, taut, 1e-8, wt3, ice);
    g3.check(`dgeqp3Truncated ${m}×${n}`);
  }
});

test('SVD kernels (dgebd2, dgebrd, dorgbrQ/P, dgesvd, dgelss, dgelssRecord/Resume/Wide) stay inside their workspace sizes', () => {
  const k = K();
  let paused = 0;
  for (const [m, n] of [[1, 1], [33, 33], [65, 65], [129, 1], [129, 129], [257, 129], [300, 230]] as [number, number][]) {
    const g = new Guarded();
    const a = g.rand('A', m * n, 19);
    const d = g.buf('d', n * 8), e = g.buf('e', n * 8), tq = g.buf('tauq', n * 8), tp = g.buf('taup', n * 8);
    const w = g.buf('work', k.dgebd2WorkspaceSize!(m, n));
    k.dgebd2!(m, n, a, m, d, e, tq, tp, w);
    const a2 = g.rand('A', m * n, 19);
    const w2 = g.buf('work', k.dgebrdWorkspaceSize!(m, n));
    k.dgebrd!(m, n, a2, m, d, e, tq, tp, w2);
    const q = g.buf('Q', m * n * 8), p = g.buf('P', n * n * 8);
    const wq = g.buf('work', k.dorgbrWorkspaceSize!(m, n));
    k.dorgbrQ!(m, n, a2, m, tq, q, m, wq);
    const wp = g.buf('work', k.dorgbrWorkspaceSize!(n, n));
    k.dorgbrP!(n, a2, m, tp, p, n, wp);
    g.check(`dgebd2 / dgebrd / dorgbr ${m}×${n}`);

    for (const vectors of [0, 1]) {
      const g2 = new Guarded();
      const a3 = g2.rand('A', m * n, 20);
      const s = g2.buf('s', n * 8), u = g2.buf('U', m * n * 8), v = g2.buf('V', n * n * 8);
      const ws = g2.buf('work', k.dgesvdWorkspaceSize!(m, n));
      assert.is(k.dgesvd!(m, n, a3, m, s, vectors, vectors ? u : 0, m, vectors ? v : 0, n, ws), 0);
      g2.check(`dgesvd(vectors ${vectors}) ${m}×${n}`);
    }
    const g3 = new Guarded();
    const nrhs = 3;
    const a4 = g3.rand('A', m * n, 21), b = g3.rand('B', m * nrhs, 22);
    const s = g3.buf('s', n * 8), v = g3.buf('V', n * n * 8);
    const wl = g3.buf('work', k.dgelssWorkspaceSize!(m, n));
    assert.is(k.dgelss!(m, n, a4, m, nrhs, b, m, s, v, n, wl), 0);
    const a5 = g3.rand('A', m * n, 23), b5 = g3.rand('B', m * nrhs, 24);
    const cap = 4 * n * n + 64;
    const rec = g3.buf('rec', cap * 8);
    const wr = g3.buf('work', k.dgelssWorkspaceSize!(m, n));
    const len = k.dgelssRecord!(m, n, a5, m, nrhs, b5, m, s, rec, cap, wr);
    if (len >= 0) {
      const y = g3.rand('Y', n * nrhs, 25);
      k.dgelssApply!(n, a5, m, nrhs, y, n, rec, len, wr);
    }
    g3.check(`dgelss / dgelssRecord ${m}×${n}`);

    // a record buffer too small: the QR iteration pauses and dgelssResume finishes it
    const g4 = new Guarded();
    const a6 = g4.rand('A', m * n, 26), b6 = g4.rand('B', m * nrhs, 27);
    const s6 = g4.buf('s', n * 8), v6 = g4.buf('V', n * n * 8);
    const capSmall = 8;
    const rec6 = g4.buf('rec', capSmall * 8);
    const w6 = g4.buf('work', k.dgelssWorkspaceSize!(m, n));
    const len6 = k.dgelssRecord!(m, n, a6, m, nrhs, b6, m, s6, rec6, capSmall, w6);
    if (len6 === -1) {
      paused++;
      assert.is(k.dgelssResume!(n, nrhs, b6, m, s6, rec6, k.dbdsqrRecordLength!(), v6, n, w6), 0);
    }
    g4.check(`dgelssRecord (paused) / dgelssResume ${m}×${n}`);

    // wide problem through T = Aᵀ (M = m ≥ N = n): dgelssRecordWide + dgelssApplyWide
    const g5 = new Guarded();
    const t5 = g5.rand('T', m * n, 28), b5w = g5.rand('B', m * nrhs, 29);
    const s5 = g5.buf('s', n * 8);
    const rec5 = g5.buf('rec', cap * 8);
    const w5 = g5.buf('work', k.dgelssWorkspaceSize!(m, n));
    const len5 = k.dgelssRecordWide!(m, n, t5, m, nrhs, b5w, m, s5, rec5, cap, w5);
    if (len5 >= 0) {
      const y5 = g5.rand('Y', m * nrhs, 30);
      k.dgelssApplyWide!(m, n, t5, m, nrhs, y5, m, rec5, len5, w5);
    }
    g5.check(`dgelssRecordWide / dgelssApplyWide ${m}×${n}`);
  }
  assert.ok(paused > 0, 'the paused record / dgelssResume path was exercised');
});

test('symmetric eigen kernels (dsytrd2, dorgtr2, dsyev) stay inside their workspace sizes', () => {
  const k = K();
  for (const n of [1, 2, 33, 65, 129, 257]) {
    const g = new Guarded();
    const a = g.buf('A', n * n * 8, spd(n, 26));
    const d = g.buf('d', n * 8), e = g.buf('e', n * 8), tau = g.buf('tau', n * 8);
    const w = g.buf('work', k.dsytrdWorkspaceSize!(n));
    k.dsytrd2!(n, a, n, d, e, tau, w);
    const q = g.buf('Q', n * n * 8);
    const w2 = g.buf('work', k.dsytrdWorkspaceSize!(n));
    k.dorgtr2!(n, a, n, tau, q, n, w2);
    g.check(`dsytrd2 / dorgtr2 n=${n}`);
    for (const vectors of [0, 1]) {
      const g2 = new Guarded();
      const s = g2.buf('S', n * n * 8, spd(n, 27));
      const wv = g2.buf('w', n * 8), z = g2.buf('Z', n * n * 8);
      const ws = g2.buf('work', k.dsyevWorkspaceSize!(n));
      assert.is(k.dsyev!(n, s, n, wv, vectors, vectors ? z : 0, n, ws), 0);
      g2.check(`dsyev(vectors ${vectors}) n=${n}`);
    }
  }
});

test('anminAssemble / anminAssembleZ, sparseSignSketch, SWIM samplers stay inside their workspace sizes', () => {
  const k = K();
  for (const [n, D, h] of [[1, 1, 1], [100, 6, 8], [513, 3, 20], [600, 6, 33], [1030, 5, 17], [97, 8, 40]] as [number, number, number][]) {
    for (const name of ['anminAssemble', 'anminAssembleZ'] as const) {
      const g = new Guarded();
      const x = g.rand('X', n * D, 28);
      const r = rng(29);
      const gv = new Float64Array(n * h);
      for (let i = 0; i < gv.length; i++) gv[i] = r() > 0 ? r() : 0; // ReLU-like pattern
      const gm = g.buf('G', n * h * 8, gv);
      const bbt = g.buf('BBt', h * h * 8, spd(h, 30));
      const cols = D * h;
      const hm = g.buf('H', cols * cols * 8);
      const w = g.buf('work', k.anminAssembleWorkspaceSize!(n, D, h));
      k[name]!(n, D, h, x, n, gm, n, bbt, h, 1e-3, hm, cols, w);
      g.check(`${name} n=${n} D=${D} h=${h}`);
    }
  }
  for (const [s, zeta, count, n] of [[40, 8, 100, 7], [3, 3, 1, 1], [500, 16, 257, 33]] as [number, number, number, number][]) {
    const g = new Guarded();
    const a = g.rand('A', count * n, 31);
    const out = g.buf('out', s * n * 8, new Float64Array(s * n));
    const w = g.buf('work', k.sparseSignSketchWorkspaceSize!(count, zeta));
    k.sparseSignSketch!(s, zeta, 7, 1, 0, count, n, a, count, out, s, w);
    g.check(`sparseSignSketch s=${s} ζ=${zeta} count=${count}`);
  }
  for (const [n, p, m] of [[2, 1, 1], [1000, 257, 129], [50, 1025, 300]] as [number, number, number][]) {
    const g = new Guarded();
    const from = g.buf('from', p * 4), to = g.buf('to', p * 4);
    const w = g.buf('work', k.swimCandidatePairsWorkspaceSize!(p));
    k.swimCandidatePairs!(n, p, 3, 0, from, to, w);
    const weights = g.buf('weights', p * 8, new Float64Array(p).fill(1));
    const out = g.buf('out', m * 4);
    const w2 = g.buf('work', k.swimSampleDiscreteWorkspaceSize!(p, m));
    k.swimSampleDiscrete!(p, weights, m, 3, 2, out, w2);
    const w3 = g.buf('work', k.swimSampleDiscreteWorkspaceSize!(p, m));
    k.swimSampleDiscrete!(p, 0, m, 3, 2, out, w3);
    g.check(`swim samplers n=${n} p=${p} m=${m}`);
  }
});

test.run();
