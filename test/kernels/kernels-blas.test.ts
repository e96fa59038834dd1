// BLAS level 1–3 kernels of assembly/blas/ against their scalar twins (assembly/ref/blas.ts, ref build) and
// against identities: every size 1…67, negative and non-unit increments, leading dimensions
// larger than the rows, all flag combinations, α/β special cases.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init } from '../../src/index.js';
import { wasm, f64 } from '../../bindings/raw.js';
import { EPS, rng, randomArray, withArena, absProduct, opEl } from '../helpers/kernels-util.js';
import { refKernels, withRefArena } from '../helpers/ref-kernels.js';

test.before(async () => { await init(); });

const INCS = [1, 2, -1, -3];
/** Storage length of a strided vector. */
const vlen = (n: number, inc: number) => Math.max(1, 1 + (n - 1) * Math.abs(inc));

/** |x − y| ≤ c·ε·scale elementwise, NaN-aware. */
function close(got: ArrayLike<number>, ref: ArrayLike<number>, bound: (i: number) => number, what: string): void {
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!, r = ref[i]!;
    if (Number.isNaN(r) && Number.isNaN(g)) continue;
    const d = Math.abs(g - r);
    if (!(d <= bound(i))) assert.unreachable(`${what}: [${i}] ${g} vs ${r} (diff ${d}, bound ${bound(i)})`);
  }
}

test('daxpy, dscal, dcopy, dswap, drot: exact match with the twins (1…67, all increments)', () => {
  const w = refKernels();
  for (let n = 0; n <= 67; n++) {
    for (const incx of INCS) {
      for (const incy of INCS) {
        if (n > 9 && incy !== 1 && incx !== 1 && (n % 5)) continue; // sample the strided pairs
        const r = rng(n * 31 + incx * 7 + incy);
        const X = randomArray(vlen(n, incx), r), Y = randomArray(vlen(n, incy), r);
        withRefArena((ar) => {
          const px = ar.put(X), py = ar.put(Y), qx = ar.put(X), qy = ar.put(Y);
          w.daxpy(n, 0.7, px, incx, py, incy); w.daxpyRef(n, 0.7, qx, incx, qy, incy);
          // the relaxed build fuses a·x + y: one rounding less, within 1 ulp of |a·x| + |y|
          close(ar.get(py, Y.length), ar.get(qy, Y.length), (i) => 2 * EPS * (Math.abs(Y[i]!) + 1), `daxpy n=${n} ${incx},${incy}`);
          w.dcopy(n, px, incx, py, incy); w.dcopyRef(n, qx, incx, qy, incy);
          assert.equal(ar.get(py, Y.length), ar.get(qy, Y.length), `dcopy n=${n}`);
          w.dscal(n, -1.5, px, incx); w.dscalRef(n, -1.5, qx, incx);
          assert.equal(ar.get(px, X.length), ar.get(qx, X.length), `dscal n=${n}`);
          w.dswap(n, px, incx, py, incy); w.dswapRef(n, qx, incx, qy, incy);
          assert.equal(ar.get(px, X.length), ar.get(qx, X.length), `dswap x n=${n}`);
          assert.equal(ar.get(py, Y.length), ar.get(qy, Y.length), `dswap y n=${n}`);
          w.drot(n, px, incx, py, incy, 0.6, 0.8); w.drotRef(n, qx, incx, qy, incy, 0.6, 0.8);
          assert.equal(ar.get(px, X.length), ar.get(qx, X.length), `drot x n=${n}`);
          assert.equal(ar.get(py, Y.length), ar.get(qy, Y.length), `drot y n=${n}`);
        });
      }
    }
  }
});

test('negative increment walks backwards (BLAS convention)', () => {
  const w = wasm();
  withArena((ar) => {
    const px = ar.put([1, 2, 3]), py = ar.put([10, 20, 30]);
    // x read backwards: y += x reversed
    w.daxpy(3, 1, px, -1, py, 1);
    assert.equal([...ar.get(py, 3)], [13, 22, 31]);
    assert.is(w.ddot(3, px, -1, py, 1), 3 * 13 + 2 * 22 + 1 * 31);
    const pz = ar.put([0, 0, 0, 0, 0]);
    w.dcopy(3, px, 1, pz, -2); // z[4] = x[0], z[2] = x[1], z[0] = x[2]
    assert.equal([...ar.get(pz, 5)], [3, 0, 2, 0, 1]);
  });
});

test('dscal with α = 0 writes zeros (also over NaN)', () => {
  const w = wasm();
  withArena((ar) => {
    const p = ar.put([NaN, 1, Infinity, 3, 4]);
    w.dscal(5, 0, p, 1);
    assert.equal([...ar.get(p, 5)], [0, 0, 0, 0, 0]);
  });
});

test('ddot: every size 0…67, increments; bound 2nε·Σ|xᵢyᵢ|', () => {
  const w = refKernels();
  for (let n = 0; n <= 67; n++) {
    for (const incx of INCS) {
      for (const incy of [1, -2]) {
        const r = rng(n + 100 * incx + incy);
        const X = randomArray(vlen(n, incx), r), Y = randomArray(vlen(n, incy), r);
        withRefArena((ar) => {
          const px = ar.put(X), py = ar.put(Y);
          const got = w.ddot(n, px, incx, py, incy), ref = w.ddotRef(n, px, incx, py, incy);
          const absDot = (() => { let s = 0; for (let i = 0; i < n; i++) s += Math.abs(opv(X, n, incx, i) * opv(Y, n, incy, i)); return s; })();
          assert.ok(Math.abs(got - ref) <= 2 * n * EPS * absDot, `ddot n=${n} ${incx},${incy}: ${got} vs ${ref}`);
        });
      }
    }
  }
  withRefArena((ar) => {
    const X = randomArray(1000, rng(9)); X[517] = NaN;
    const px = ar.put(X);
    assert.ok(Number.isNaN(w.ddot(1000, px, 1, px, 1)), 'NaN propagates');
  });
});

function opv(x: ArrayLike<number>, n: number, inc: number, i: number): number {
  return x[(inc < 0 ? (1 - n) * inc : 0) + i * inc]!;
}

test('dnrm2: twin on 0…67, no overflow near 1e±300, subnormals, Inf/NaN', () => {
  const w = refKernels();
  for (let n = 0; n <= 67; n++) {
    for (const inc of INCS) {
      const X = randomArray(vlen(n, inc), rng(n * 13 + inc));
      withRefArena((ar) => {
        const px = ar.put(X);
        const got = w.dnrm2(n, px, inc), ref = w.dnrm2Ref(n, px, inc);
        // both are within (n/2 + 3)ε relative of the exact norm
        assert.ok(Math.abs(got - ref) <= (n + 6) * EPS * ref, `dnrm2 n=${n} inc=${inc}: ${got} vs ${ref}`);
      });
    }
  }
  withRefArena((ar) => {
    for (const scale of [1e300, 1e-300, 1e-310, 2 ** 1015, 5e-324, 1e154, 1e-160]) {
      const n = 101;
      const X = randomArray(n, rng(77)).map((v) => v * scale);
      let s = 0; for (const v of X) s += (v / scale) ** 2;
      const exact = Math.sqrt(s) * scale;
      const got = w.dnrm2(n, ar.put(X), 1);
      assert.ok(Number.isFinite(got) && got > 0, `dnrm2 at scale ${scale} is ${got}`);
      const tol = scale < 1e-300 ? 1e-8 : (n + 6) * EPS; // subnormal inputs carry few digits
      assert.ok(Math.abs(got - exact) <= tol * exact, `dnrm2 at scale ${scale}: ${got} vs ${exact}`);
    }
    // [3e300, 4e300] → 5e300 (naive sum of squares overflows)
    assert.ok(Math.abs(w.dnrm2(2, ar.put([3e300, 4e300]), 1) - 5e300) <= 2 * EPS * 5e300);
    assert.ok(Math.abs(w.dnrm2(2, ar.put([3e-300, 4e-300]), 1) - 5e-300) <= 2 * EPS * 5e-300);
    assert.is(w.dnrm2(3, ar.put([1, Infinity, 2]), 1), Infinity);
    assert.ok(Number.isNaN(w.dnrm2(5, ar.put([1, Infinity, NaN, 2, 3]), 1)));
    assert.is(w.dnrm2(4, ar.put([0, 0, 0, 0]), 1), 0);
    assert.is(w.dnrm2(1, ar.put([-3]), 1), 3);
  });
});

test('dgemv: sizes 1…67 both transposes, increments, lda > m, β = 0 with NaN y', () => {
  const w = refKernels();
  const run = (trans: number, m: number, n: number, alpha: number, beta: number, incx: number, incy: number, pad: number) => {
    const r = rng(m * 1000 + n * 10 + trans + incx * 3 + incy);
    const lda = m + pad;
    const A = randomArray(lda * n, r);
    const lx = trans ? m : n, ly = trans ? n : m;
    const X = randomArray(vlen(lx, incx), r), Y = randomArray(vlen(ly, incy), r);
    if (beta === 0) Y.fill(NaN);
    withRefArena((ar) => {
      const pa = ar.put(A), px = ar.put(X), py = ar.put(Y), qy = ar.put(Y);
      w.dgemv(trans, m, n, alpha, pa, lda, px, incx, beta, py, incy);
      w.dgemvRef(trans, m, n, alpha, pa, lda, px, incx, beta, qy, incy);
      const got = ar.get(py, Y.length), ref = ar.get(qy, Y.length);
      // bound 2(len + 2)ε(|α||op(A)||x| + |β||y|) per entry; entries between strides untouched
      const absAx = new Float64Array(ly);
      for (let i = 0; i < ly; i++) for (let p = 0; p < lx; p++) absAx[i]! += Math.abs(opEl(A, lda, trans, i, p) * opv(X, lx, incx, p));
      const pos = (i: number) => (incy < 0 ? (1 - ly) * incy : 0) + i * incy;
      for (let i = 0; i < ly; i++) {
        const q = pos(i);
        const bound = 2 * (lx + 2) * EPS * (Math.abs(alpha) * absAx[i]! + (beta === 0 ? 0 : Math.abs(beta * Y[q]!)));
        assert.ok(Math.abs(got[q]! - ref[q]!) <= bound, `dgemv(${trans}) m=${m} n=${n} inc ${incx},${incy}: y[${i}] ${got[q]} vs ${ref[q]}`);
      }
      if (Math.abs(incy) > 1) for (let q = 0; q < Y.length; q++) if (q % Math.abs(incy)) assert.ok(Object.is(got[q], Y[q]), 'gap untouched');
    });
  };
  for (const trans of [0, 1]) {
    for (let m = 1; m <= 67; m++) run(trans, m, 1 + (m * 7) % 23, 1, 0, 1, 1, 0);
    for (let n = 1; n <= 67; n++) run(trans, 1 + (n * 5) % 29, n, -0.5, 1.5, 1, 1, 2);
    for (const incx of INCS) for (const incy of INCS) run(trans, 19, 13, 2, 0.5, incx, incy, 1);
    run(trans, 513, 300, 1, 0, 1, 1, 0);
    run(trans, 300, 67, 1, -1, 1, 1, 3);
  }
});

test('dger: sizes, increments, lda > m', () => {
  const w = refKernels();
  for (const [m, n, incx, incy, pad] of [[1, 1, 1, 1, 0], [7, 5, 1, 1, 0], [67, 13, 1, 1, 2], [13, 67, 2, -1, 1], [33, 9, -3, 2, 0], [64, 64, 1, 1, 0]] as const) {
    const r = rng(m + n);
    const lda = m + pad;
    const A = randomArray(lda * n, r), X = randomArray(vlen(m, incx), r), Y = randomArray(vlen(n, incy), r);
    withRefArena((ar) => {
      const pa = ar.put(A), qa = ar.put(A), px = ar.put(X), py = ar.put(Y);
      w.dger(m, n, -0.75, px, incx, py, incy, pa, lda);
      w.dgerRef(m, n, -0.75, px, incx, py, incy, qa, lda);
      close(ar.get(pa, A.length), ar.get(qa, A.length), (i) => 4 * EPS * (Math.abs(A[i]!) + 1), `dger m=${m} n=${n}`);
    });
  }
});

test('dsyrk: both triangles and transposes, sizes 1…67 and 300, α/β, other triangle untouched', () => {
  const w = refKernels();
  const run = (uplo: number, trans: number, n: number, k: number, alpha: number, beta: number, pad: number) => {
    const r = rng(n * 100 + k + uplo * 7 + trans);
    const ra = trans ? k : n, ca = trans ? n : k, lda = ra + pad, ldc = n + pad;
    const A = randomArray(lda * ca, r), C = randomArray(ldc * n, r);
    if (beta === 0) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) if (uplo ? i <= j : i >= j) C[i + j * ldc] = NaN;
    withRefArena((ar) => {
      const pa = ar.put(A), pc = ar.put(C), qc = ar.put(C);
      w.dsyrk(uplo, trans, n, k, alpha, pa, lda, beta, pc, ldc, ar.scratch(w.dsyrkWorkspaceSize(n, k)));
      w.dsyrkRef(uplo, trans, n, k, alpha, pa, lda, beta, qc, ldc);
      const got = ar.get(pc, C.length), ref = ar.get(qc, C.length);
      const abs = absProduct(trans, 1 - trans, n, n, k, A, lda, A, lda);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < ldc; i++) {
          const q = i + j * ldc;
          const inTri = i < n && (uplo ? i <= j : i >= j);
          if (!inTri) { assert.ok(Object.is(got[q], C[q]), `dsyrk wrote outside the triangle at (${i},${j})`); continue; }
          const bound = 2 * (k + 2) * EPS * (Math.abs(alpha) * abs[i + j * n]! + (beta === 0 ? 0 : Math.abs(beta * C[q]!)));
          assert.ok(Math.abs(got[q]! - ref[q]!) <= bound, `dsyrk(${uplo},${trans}) n=${n} k=${k}: (${i},${j}) ${got[q]} vs ${ref[q]}`);
        }
      }
    });
  };
  for (const uplo of [0, 1]) {
    for (const trans of [0, 1]) {
      for (let n = 1; n <= 67; n += 3) run(uplo, trans, n, 1 + (n * 7) % 41, 1, 0, 0);
      for (let k = 1; k <= 67; k += 2) run(uplo, trans, 1 + (k * 5) % 31, k, -0.5, 1.5, 1);
      run(uplo, trans, 300, 70, 1, 0, 0);
      run(uplo, trans, 140, 300, 2, -1, 3);
      run(uplo, trans, 5, 4, 0, 2, 0); // α = 0: C ← βC
    }
  }
});

/** Well-conditioned triangle: |diagonal| in [2, 3], off-diagonal entries in (-1, 1)/√n. */
function triMatrix(n: number, lda: number, r: () => number): Float64Array {
  const A = randomArray(lda * n, r);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) A[i + j * lda] = i === j ? (2 + Math.abs(A[i + j * lda]!)) * (r() < 0 ? -1 : 1) : A[i + j * lda]! / Math.sqrt(n);
  }
  return A;
}

/** Element (i, j) of the triangular op(A) that the kernels see (triangle, unit diagonal applied). */
function triOp(A: ArrayLike<number>, lda: number, uplo: number, t: number, diag: number, i: number, j: number): number {
  const r = t ? j : i, c = t ? i : j;
  if (r === c) return diag ? 1 : A[r + c * lda]!;
  if (uplo === 0 ? r < c : r > c) return 0;
  return A[r + c * lda]!;
}

/**
 * Shapes at the edges of the recursive dtrsm / dtrmm (assembly/blas/level3.ts): triangle orders
 * around the leaf size 32, the left-side switch to the transposed problem at 256 and the splits
 * between (multiples of 8 near the half), for all 8 side/uplo/trans combinations; a left side
 * with more than one 128-column chunk of B and a right side with many rows; ldb > m and lda > order,
 * α = −0.75 and 1.
 */
function recursionBoundaries(run: (side: number, uplo: number, t: number, diag: number, m: number, n: number, alpha: number, pad: number) => void): void {
  for (const s of [15, 16, 17, 24, 31, 32, 33, 64, 65, 127, 128, 129, 136, 255, 256, 257]) {
    for (const side of [0, 1]) for (const uplo of [0, 1]) for (const t of [0, 1]) {
      const other = 3 + (s % 7);
      run(side, uplo, t, s % 2, side ? other : s, side ? s : other, -0.75, 3);
    }
  }
  for (const uplo of [0, 1]) for (const t of [0, 1]) {
    run(0, uplo, t, 0, 129, 300, 1, 2);
    run(0, uplo, t, 0, 257, 300, 1, 2);
    run(1, uplo, t, 0, 300, 129, 1, 2);
  }
}

test('dtrsm: 16 flag combinations, sizes 1…67 and 300: residual (backward error) and twin', () => {
  const w = refKernels();
  const run = (side: number, uplo: number, t: number, diag: number, m: number, n: number, alpha: number, pad: number) => {
    const r = rng(m * 131 + n * 17 + side * 8 + uplo * 4 + t * 2 + diag);
    const na = side ? n : m, lda = na + pad, ldb = m + pad;
    const A = triMatrix(na, lda, r), B = randomArray(ldb * n, r);
    withRefArena((ar) => {
      const pa = ar.put(A), pb = ar.put(B), qb = ar.put(B);
      w.dtrsm(side, uplo, t, diag, m, n, alpha, pa, lda, pb, ldb, ar.scratch(w.dtrsmWorkspaceSize(m, n)));
      w.dtrsmRef(side, uplo, t, diag, m, n, alpha, pa, lda, qb, ldb);
      const X = ar.get(pb, B.length), Xr = ar.get(qb, B.length);
      const what = `dtrsm(${side},${uplo},${t},${diag}) m=${m} n=${n}`;
      // residual: |op(A)X − αB| ≤ 4·na·ε·(|op(A)||X| + |α||B|) elementwise (componentwise backward stability)
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < m; i++) {
          let s = 0, sa = 0;
          for (let p = 0; p < na; p++) {
            const v = side ? X[i + p * ldb]! * triOp(A, lda, uplo, t, diag, p, j) : triOp(A, lda, uplo, t, diag, i, p) * X[p + j * ldb]!;
            s += v; sa += Math.abs(v);
          }
          const res = Math.abs(s - alpha * B[i + j * ldb]!);
          const bound = 4 * na * EPS * (sa + Math.abs(alpha * B[i + j * ldb]!));
          if (!(res <= bound)) assert.unreachable(`${what}: residual ${res} > ${bound} at (${i},${j})`);
          const dx = Math.abs(X[i + j * ldb]! - Xr[i + j * ldb]!);
          if (!(dx <= 16 * na * EPS * (Math.abs(Xr[i + j * ldb]!) + 1) * 4)) assert.unreachable(`${what}: X(${i},${j}) ${X[i + j * ldb]} vs twin ${Xr[i + j * ldb]}`);
        }
        for (let i = m; i < ldb; i++) assert.ok(Object.is(X[i + j * ldb], B[i + j * ldb]), 'padding untouched');
      }
    });
  };
  for (const side of [0, 1]) for (const uplo of [0, 1]) for (const t of [0, 1]) for (const diag of [0, 1]) {
    for (let s = 1; s <= 67; s += 11) run(side, uplo, t, diag, s, 1 + (s * 3) % 17, 1, 0);
    run(side, uplo, t, diag, 7, 5, -2, 2);
  }
  for (let s = 1; s <= 67; s++) run(s % 2, (s >> 1) % 2, (s >> 2) % 2, (s >> 3) % 2, s, 1 + (s * 7) % 13, 1, 1);
  for (let s = 1; s <= 67; s++) run(1 - (s % 2), (s >> 1) % 2, (s >> 2) % 2, 0, 1 + (s * 5) % 11, s, 0.5, 0);
  for (const side of [0, 1]) for (const uplo of [0, 1]) for (const t of [0, 1]) run(side, uplo, t, 0, 300, 140, 1, 1);
  recursionBoundaries(run);
});

test('dtrmm: 16 flag combinations, sizes 1…67 and 300 against the twin', () => {
  const w = refKernels();
  const run = (side: number, uplo: number, t: number, diag: number, m: number, n: number, alpha: number, pad: number) => {
    const r = rng(m * 131 + n * 17 + side * 8 + uplo * 4 + t * 2 + diag + 5);
    const na = side ? n : m, lda = na + pad, ldb = m + pad;
    const A = randomArray(lda * na, r), B = randomArray(ldb * n, r);
    withRefArena((ar) => {
      const pa = ar.put(A), pb = ar.put(B), qb = ar.put(B), tmp = ar.zeros(Math.max(m, n));
      w.dtrmm(side, uplo, t, diag, m, n, alpha, pa, lda, pb, ldb, ar.scratch(w.dtrmmWorkspaceSize(m, n)));
      w.dtrmmRef(side, uplo, t, diag, m, n, alpha, pa, lda, qb, ldb, tmp);
      const X = ar.get(pb, B.length), Xr = ar.get(qb, B.length);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < m; i++) {
          let sa = 0;
          for (let p = 0; p < na; p++) sa += Math.abs(side ? B[i + p * ldb]! * triOp(A, lda, uplo, t, diag, p, j) : triOp(A, lda, uplo, t, diag, i, p) * B[p + j * ldb]!);
          const bound = 2 * (na + 2) * EPS * Math.abs(alpha) * sa;
          const d = Math.abs(X[i + j * ldb]! - Xr[i + j * ldb]!);
          if (!(d <= bound)) assert.unreachable(`dtrmm(${side},${uplo},${t},${diag}) m=${m} n=${n}: (${i},${j}) ${X[i + j * ldb]} vs ${Xr[i + j * ldb]}`);
        }
        for (let i = m; i < ldb; i++) assert.ok(Object.is(X[i + j * ldb], B[i + j * ldb]), 'padding untouched');
      }
    });
  };
  for (const side of [0, 1]) for (const uplo of [0, 1]) for (const t of [0, 1]) for (const diag of [0, 1]) {
    for (let s = 1; s <= 67; s += 11) run(side, uplo, t, diag, s, 1 + (s * 3) % 17, 1, 0);
    run(side, uplo, t, diag, 7, 5, -2, 2);
  }
  for (let s = 1; s <= 67; s++) run(s % 2, (s >> 1) % 2, (s >> 2) % 2, (s >> 3) % 2, s, 1 + (s * 7) % 13, 1.5, 1);
  for (let s = 1; s <= 67; s++) run(1 - (s % 2), (s >> 1) % 2, (s >> 2) % 2, 0, 1 + (s * 5) % 11, s, 1, 0);
  for (const side of [0, 1]) for (const uplo of [0, 1]) for (const t of [0, 1]) run(side, uplo, t, 1, 300, 140, 1, 1);
  recursionBoundaries(run);
});

test('dtrsm / dtrmm stay inside …WorkspaceSize(m, n) bytes (canary after the workspace)', () => {
  const w = wasm();
  for (const [m, n] of [[1, 1], [5, 3], [16, 200], [40, 7], [128, 129], [129, 300], [256, 300], [300, 40], [7, 300]] as const) {
    for (const side of [0, 1]) for (const kind of ['trsm', 'trmm'] as const) {
      withArena((ar) => {
        const na = side ? n : m;
        const pa = ar.put(triMatrix(na, na, rng(m + n))), pb = ar.put(randomArray(m * n, rng(m * n)));
        const ws = kind === 'trsm' ? w.dtrsmWorkspaceSize(m, n) : w.dtrmmWorkspaceSize(m, n);
        const canary = new Float64Array(16).fill(-12345.5);
        const pw = ar.put(new Float64Array(Math.ceil(ws / 8) + 16));
        const tail = pw + Math.ceil(ws / 8) * 8;
        f64().set(canary, tail >> 3);
        if (kind === 'trsm') w.dtrsm(side, 0, 1, 0, m, n, 1, pa, na, pb, m, pw);
        else w.dtrmm(side, 1, 0, 0, m, n, 1, pa, na, pb, m, pw);
        assert.equal(Array.from(f64().subarray(tail >> 3, (tail >> 3) + 16)), Array.from(canary), `${kind} side ${side} ${m}×${n}: wrote past the workspace`);
      });
    }
  }
});

test('dtrsm / dtrmm with α = 0 give zeros', () => {
  const w = wasm();
  withArena((ar) => {
    const A = triMatrix(4, 4, rng(3)), B = randomArray(12, rng(4)); B[5] = NaN;
    const pa = ar.put(A), pb = ar.put(B);
    w.dtrsm(0, 0, 0, 0, 4, 3, 0, pa, 4, pb, 4, ar.scratch(w.dtrsmWorkspaceSize(4, 3)));
    assert.ok(ar.get(pb, 12).every((v) => v === 0));
    const pc = ar.put(B);
    w.dtrmm(1, 1, 1, 0, 4, 3, 0, ar.put(triMatrix(3, 3, rng(5))), 3, pc, 4, ar.scratch(w.dtrmmWorkspaceSize(4, 3)));
    assert.ok(ar.get(pc, 12).every((v) => v === 0));
  });
});

test.run();
