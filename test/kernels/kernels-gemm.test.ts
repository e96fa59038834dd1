// GEMM against its scalar twin (dgemmRef) and against plain-JS compensated products, on every
// size 1…67 in each dimension (sweeps), a few large ones, all transposes, leading dimensions
// larger than the rows, submatrix pointers and the α/β special cases.
//
// Error bound (elementwise, the standard one for any summation order, with or without FMA):
//   |C − Ĉ|ᵢⱼ ≤ 2(k + 2)·ε·(|α|·(|op(A)|·|op(B)|)ᵢⱼ + |β|·|C₀ᵢⱼ|)
// The factor 2 covers the error of the reference we compare with (it has the same bound).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init } from '../../src/index.js';
import { wasm } from '../../bindings/raw.js';
import { jsMatmul } from '../helpers/index.js';
import { EPS, rng, randomArray, withArena, absProduct, opEl } from '../helpers/kernels-util.js';
import { refKernels, withRefArena } from '../helpers/ref-kernels.js';

test.before(async () => { await init(); });

interface Case { ta: number; tb: number; m: number; n: number; k: number; alpha: number; beta: number; pad?: number; off?: number; seed?: number }

/** Runs one GEMM case through dgemm and dgemmRef; checks the bound and that padding is untouched. */
function gemmCase(c: Case): void {
  const { ta, tb, m, n, k, alpha, beta } = c;
  const pad = c.pad ?? 0, off = c.off ?? 0;
  const r = rng(c.seed ?? (m * 7919 + n * 104729 + k * 1299709 + ta * 3 + tb));
  const ra = ta ? k : m, ca = ta ? m : k, rb = tb ? n : k, cb = tb ? k : n;
  const lda = Math.max(ra, 1) + pad, ldb = Math.max(rb, 1) + pad, ldc = m + pad;
  const A = randomArray(off + lda * ca, r), B = randomArray(off + ldb * cb, r);
  const C0 = randomArray(off + ldc * n, r);
  if (beta === 0) for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) C0[off + i + j * ldc] = NaN;
  withRefArena((ar) => {
    const w = refKernels(); // dgemm and its twin in the same (ref build) instance
    const pa = ar.put(A), pb = ar.put(B), pc = ar.put(C0), pr = ar.put(C0);
    const work = ar.scratch(w.dgemmWorkspaceSize(m, n, k));
    w.dgemm(ta, tb, m, n, k, alpha, pa + off * 8, lda, pb + off * 8, ldb, beta, pc + off * 8, ldc, work);
    w.dgemmRef(ta, tb, m, n, k, alpha, pa + off * 8, lda, pb + off * 8, ldb, beta, pr + off * 8, ldc);
    const got = ar.get(pc, C0.length), ref = ar.get(pr, C0.length);
    const abs = absProduct(ta, tb, m, n, k, A.subarray(off), lda, B.subarray(off), ldb);
    const what = `dgemm(${ta},${tb}) m=${m} n=${n} k=${k} α=${alpha} β=${beta} pad=${pad} off=${off}`;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < m; i++) {
        const q = off + i + j * ldc;
        const c0 = beta === 0 ? 0 : Math.abs(C0[q]!);
        const bound = 2 * (k + 2) * EPS * (Math.abs(alpha) * abs[i + j * m]! + Math.abs(beta) * c0);
        const d = Math.abs(got[q]! - ref[q]!);
        if (!(d <= bound)) assert.unreachable(`${what}: C(${i},${j}) = ${got[q]} vs ref ${ref[q]} (diff ${d}, bound ${bound})`);
      }
    }
    // everything outside the m×n block (padding rows, offset) is untouched
    for (let q = 0; q < C0.length; q++) {
      const i = (q - off) % ldc, inside = q >= off && i < m && (q - off - i) / ldc < n;
      if (!inside && !Object.is(got[q], C0[q])) assert.unreachable(`${what}: wrote outside C at ${q}`);
    }
  });
}

const T = [[0, 0], [0, 1], [1, 0], [1, 1]] as const;

test('every size 1…67 in m (n, k sampled), all transposes', () => {
  for (const [ta, tb] of T) {
    for (let m = 1; m <= 67; m++) gemmCase({ ta, tb, m, n: 1 + (m * 5) % 13, k: 1 + (m * 11) % 37, alpha: 1, beta: 0 });
  }
});

test('every size 1…67 in n (m, k sampled), all transposes', () => {
  for (const [ta, tb] of T) {
    for (let n = 1; n <= 67; n++) gemmCase({ ta, tb, m: 1 + (n * 7) % 19, n, k: 1 + (n * 3) % 29, alpha: -1.5, beta: 0.5 });
  }
});

test('every size 1…67 in k (m, n sampled), all transposes', () => {
  for (const [ta, tb] of T) {
    for (let k = 1; k <= 67; k++) gemmCase({ ta, tb, m: 1 + (k * 5) % 23, n: 1 + (k * 3) % 11, k, alpha: 0.75, beta: 1 });
  }
});

test('square sizes around the register and cache block edges', () => {
  for (const s of [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 23, 24, 25, 31, 32, 33, 47, 48, 49, 63, 64, 65, 67]) {
    for (const [ta, tb] of T) gemmCase({ ta, tb, m: s, n: s, k: s, alpha: 1, beta: -1 });
  }
});

test('large sizes (300, 513) with all transposes', () => {
  for (const [ta, tb] of T) gemmCase({ ta, tb, m: 300, n: 57, k: 513, alpha: 1, beta: 0.5 });
  gemmCase({ ta: 0, tb: 0, m: 513, n: 300, k: 261, alpha: 1, beta: 0 });
  gemmCase({ ta: 1, tb: 0, m: 67, n: 513, k: 300, alpha: -2, beta: 1 });
  gemmCase({ ta: 0, tb: 1, m: 300, n: 300, k: 300, alpha: 1, beta: 0 });
});

test('leading dimensions larger than the rows and submatrix pointers', () => {
  for (const [ta, tb] of T) {
    for (const [m, n, k] of [[5, 7, 3], [17, 9, 33], [64, 65, 66], [130, 70, 290]] as const) {
      gemmCase({ ta, tb, m, n, k, alpha: 1.25, beta: 0.5, pad: 3, off: 5 });
      gemmCase({ ta, tb, m, n, k, alpha: 1, beta: 0, pad: 1, off: 1 });
    }
  }
});

test('α = 0, β = 0 with NaN in C, β = 1, negative α/β, k = 0', () => {
  withArena((ar) => {
    const w = wasm();
    const m = 9, n = 7, k = 5;
    const A = randomArray(m * k, rng(1)); A[3] = NaN; // α = 0: A and B are not read (BLAS)
    const B = randomArray(k * n, rng(2));
    const pa = ar.put(A), pb = ar.put(B);
    const work = ar.scratch(w.dgemmWorkspaceSize(m, n, k));
    // α = 0, β = 0: C = 0 even when C held NaN
    const pc = ar.put(new Float64Array(m * n).fill(NaN));
    w.dgemm(0, 0, m, n, k, 0, pa, m, pb, k, 0, pc, m, work);
    assert.ok(ar.get(pc, m * n).every((v) => v === 0), 'α = 0, β = 0 gives zeros');
    // α = 0, β = 2: C = 2C
    const C = randomArray(m * n, rng(3));
    const pd = ar.put(C);
    w.dgemm(0, 0, m, n, k, 0, pa, m, pb, k, 2, pd, m, work);
    assert.equal([...ar.get(pd, m * n)], [...C].map((v) => 2 * v), 'α = 0 scales C by β');
    // k = 0: C = βC
    w.dgemm(0, 0, m, n, 0, 1, pa, m, pb, 1, -1, pd, m, work);
    assert.equal([...ar.get(pd, m * n)], [...C].map((v) => -2 * v), 'k = 0 scales C by β');
  });
  gemmCase({ ta: 0, tb: 0, m: 33, n: 21, k: 17, alpha: -1, beta: 0 });
  gemmCase({ ta: 1, tb: 1, m: 33, n: 21, k: 17, alpha: -0.5, beta: -3 });
});

test('NaN in A or B propagates to the entries it touches', () => {
  withArena((ar) => {
    const w = wasm();
    const m = 13, n = 11, k = 9;
    const A = randomArray(m * k, rng(4)); A[2 + 3 * m] = NaN; // A(2, 3)
    const B = randomArray(k * n, rng(5));
    const pa = ar.put(A), pb = ar.put(B), pc = ar.zeros(m * n);
    const work = ar.scratch(w.dgemmWorkspaceSize(m, n, k));
    w.dgemm(0, 0, m, n, k, 1, pa, m, pb, k, 0, pc, m, work);
    const C = ar.get(pc, m * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) assert.is(Number.isNaN(C[i + j * m]), i === 2, `C(${i},${j})`);
  });
});

test('matches a compensated plain-JS product (independent reference)', () => {
  for (const [m, n, k] of [[1, 1, 1], [3, 5, 7], [31, 29, 67], [100, 90, 80], [257, 65, 129]] as const) {
    const A = randomArray(m * k, rng(m + 1)), B = randomArray(k * n, rng(n + 2));
    const ref = jsMatmul(A, m, k, B, n);
    const abs = absProduct(0, 0, m, n, k, A, m, B, k);
    withArena((ar) => {
      const w = wasm();
      const pa = ar.put(A), pb = ar.put(B), pc = ar.zeros(m * n);
      w.dgemm(0, 0, m, n, k, 1, pa, m, pb, k, 0, pc, m, ar.scratch(w.dgemmWorkspaceSize(m, n, k)));
      const C = ar.get(pc, m * n);
      // one-sided bound: the JS product is (nearly) exact, so k·ε·|A||B| suffices (constant 1.01)
      for (let q = 0; q < m * n; q++) {
        const d = Math.abs(C[q]! - ref[q]!);
        assert.ok(d <= 1.01 * (k + 1) * EPS * abs[q]!, `m=${m} n=${n} k=${k} entry ${q}: diff ${d}`);
      }
    });
  }
  assert.ok(opEl([1, 2, 3, 4], 2, 1, 0, 1) === 2);
});

test('every micro-kernel id (dgemmTune ids 0…5: kernels 1 and 2, other ids run 2) and odd block sizes agree with the twin', () => {
  const w = refKernels();
  for (let u = 0; u <= 5; u++) {
    for (const [ta, tb, m, n, k, mc, kc, nc] of [[0, 0, 37, 29, 41, 16, 8, 12], [1, 1, 23, 31, 19, 12, 7, 8], [0, 1, 67, 5, 70, 24, 32, 16], [1, 0, 6, 67, 9, 8, 5, 6]] as const) {
      const lda = ta ? k : m, ldb = tb ? n : k;
      const A = randomArray(lda * (ta ? m : k), rng(u + m)), B = randomArray(ldb * (tb ? k : n), rng(u + n));
      withRefArena((ar) => {
        const pa = ar.put(A), pb = ar.put(B), pc = ar.zeros(m * n), pr = ar.zeros(m * n);
        w.dgemmTune(u, mc, kc, nc, ta, tb, m, n, k, -1.25, pa, lda, pb, ldb, 0, pc, m, ar.scratch(w.dgemmTuneWorkspaceSize(mc, kc, nc, m, n, k)));
        w.dgemmRef(ta, tb, m, n, k, -1.25, pa, lda, pb, ldb, 0, pr, m);
        const got = ar.get(pc, m * n), ref = ar.get(pr, m * n);
        const abs = absProduct(ta, tb, m, n, k, A, lda, B, ldb);
        for (let q = 0; q < m * n; q++) {
          const bound = 2 * (k + 2) * EPS * 1.25 * abs[q]!;
          if (!(Math.abs(got[q]! - ref[q]!) <= bound)) assert.unreachable(`ukr ${u} (${ta},${tb}) ${m}×${n}×${k}: entry ${q} ${got[q]} vs ${ref[q]}`);
        }
      });
    }
  }
});

test('dgemmt updates exactly one triangle (both uplo, all transposes, NaN outside untouched)', () => {
  const w = refKernels();
  for (const uplo of [0, 1]) {
    for (const [ta, tb] of T) {
      for (const [n, k, beta] of [[1, 1, 0], [7, 3, 0.5], [33, 17, 0], [67, 40, -1], [130, 20, 1]] as const) {
        const lda = ta ? k : n, ldb = tb ? n : k, ldc = n + 1;
        const r = rng(n * 3 + k + uplo);
        const A = randomArray(lda * (ta ? n : k), r), B = randomArray(ldb * (tb ? k : n), r);
        const C = randomArray(ldc * n, r);
        for (let j = 0; j < n; j++) for (let i = 0; i < ldc; i++) {
          const inTri = i < n && (uplo ? i <= j : i >= j);
          if (!inTri) C[i + j * ldc] = NaN; // must never be read nor written
          else if (beta === 0) C[i + j * ldc] = NaN; // β = 0: not read
        }
        withRefArena((ar) => {
          const pa = ar.put(A), pb = ar.put(B), pc = ar.put(C);
          const ref = new Float64Array(n * n);
          const pr = ar.put(ref);
          w.dgemmt(uplo, ta, tb, n, k, 0.5, pa, lda, pb, ldb, beta, pc, ldc, ar.scratch(w.dgemmWorkspaceSize(n, n, k)));
          w.dgemmRef(ta, tb, n, n, k, 0.5, pa, lda, pb, ldb, 0, pr, n);
          const got = ar.get(pc, C.length), R = ar.get(pr, n * n);
          const abs = absProduct(ta, tb, n, n, k, A, lda, B, ldb);
          for (let j = 0; j < n; j++) for (let i = 0; i < ldc; i++) {
            const q = i + j * ldc;
            const inTri = i < n && (uplo ? i <= j : i >= j);
            if (!inTri) { if (!Number.isNaN(got[q]!)) assert.unreachable(`dgemmt wrote outside the triangle at (${i},${j})`); continue; }
            const want = R[i + j * n]! + (beta === 0 ? 0 : beta * C[q]!);
            const bound = 2 * (k + 2) * EPS * (0.5 * abs[i + j * n]! + Math.abs(beta === 0 ? 0 : beta * C[q]!));
            if (!(Math.abs(got[q]! - want) <= bound)) assert.unreachable(`dgemmt(${uplo},${ta},${tb}) n=${n} k=${k}: (${i},${j}) ${got[q]} vs ${want}`);
          }
        });
      }
    }
  }
});

test.run();
