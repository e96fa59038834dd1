// Column-pivoted Householder QR (LAPACK dgeqp3: blocked dlaqps with the trailing update by
// dgemm, dlaqp2 for the last columns), partial column-norm downdating and the tol3z = sqrt(eps)
// recomputation of the LAPACK 3.x codes; dgeqp3Truncated stops once gelsy's rank is known.
import { at, align16 } from '../core/addr';
import { dnrm2 } from '../blas/level1';
import { dgemm, dgemmWorkspaceSize } from '../gemm/driver';
import { dlarfg } from './householder';
import { dotc, dot4, axpyc } from './util';
import { iceReset, iceAdvance } from './gelsy';

const EPS: f64 = 2.220446049250313e-16; // 2^-52
// ------------------------------------------------------------------ column-pivoted QR

/** Panel width of the blocked pivoted QR (dlaqps) and the column count left to dlaqp2. */
const NBP: i32 = 32;
const NXP: i32 = 128;

@inline function swapCols(m: i32, x: usize, y: usize): void {
  for (let r = 0; r < m; r++) {
    const o = <usize>r << 3;
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}

@inline function swapPivot(i: i32, pvt: i32, jpvt: usize, vn1: usize, vn2: usize): void {
  const jp = load<i32>(jpvt + (<usize>pvt << 2));
  store<i32>(jpvt + (<usize>pvt << 2), load<i32>(jpvt + (<usize>i << 2)));
  store<i32>(jpvt + (<usize>i << 2), jp);
  store<f64>(vn1 + (<usize>pvt << 3), load<f64>(vn1 + (<usize>i << 3)));
  store<f64>(vn2 + (<usize>pvt << 3), load<f64>(vn2 + (<usize>i << 3)));
}

/** First index of the largest of x[i0..n−1] (idamax on non-negative norms). */
@inline function argmaxFrom(i0: i32, n: i32, x: usize): i32 {
  let p = i0;
  let best = load<f64>(x + (<usize>i0 << 3));
  for (let j = i0 + 1; j < n; j++) {
    const v = load<f64>(x + (<usize>j << 3));
    if (v > best) { best = v; p = j; }
  }
  return p;
}

/**
 * dlaqp2: unblocked pivoted QR of the columns of the m×n block a (rows offset..m−1 still to
 * be reduced). The reflector application and the partial-norm downdate of each trailing
 * column are fused into one pass over the column.
 */
function laqp2(m: i32, n: i32, offset: i32, steps: i32, a: usize, lda: i32, jpvt: usize, tau: usize, vn1: usize, vn2: usize): void {
  const mn = min(min(m - offset, n), steps);
  const tol3z = Math.sqrt(EPS);
  for (let i = 0; i < mn; i++) {
    const offpi = offset + i;
    const pvt = argmaxFrom(i, n, vn1);
    if (pvt != i) {
      swapCols(m, at(a, 0, pvt, lda), at(a, 0, i, lda));
      swapPivot(i, pvt, jpvt, vn1, vn2);
    }
    const aii = at(a, offpi, i, lda);
    const mv = m - offpi;
    const t = mv > 1 ? dlarfg(mv, aii, aii + 8, 1) : 0.0;
    store<f64>(tau + (<usize>i << 3), t);
    const beta = load<f64>(aii);
    store<f64>(aii, 1.0);
    for (let j = i + 1; j < n; j++) {
      const cj = at(a, offpi, j, lda);
      if (t != 0.0) {
        const s = dotc(mv, aii, cj);
        if (s != 0.0) axpyc(mv, -t * s, aii, cj);
      }
      const pn1 = vn1 + (<usize>j << 3);
      const pn2 = vn2 + (<usize>j << 3);
      const n1 = load<f64>(pn1);
      if (n1 != 0.0) {
        const q = abs(load<f64>(cj)) / n1;
        const temp = max(0.0, (1.0 + q) * (1.0 - q));
        const r = n1 / load<f64>(pn2);
        const temp2 = temp * r * r;
        if (temp2 <= tol3z) {
          if (offpi < m - 1) {
            const nr = dnrm2(m - offpi - 1, cj + 8, 1);
            store<f64>(pn1, nr);
            store<f64>(pn2, nr);
          } else {
            store<f64>(pn1, 0.0);
            store<f64>(pn2, 0.0);
          }
        } else {
          store<f64>(pn1, n1 * Math.sqrt(temp));
        }
      }
    }
    store<f64>(aii, beta);
  }
}

/**
 * dlaqps: up to nb steps of pivoted QR on the m×n block a (rows offset..m−1 to reduce) with the
 * trailing update delayed: F (n×nb, ldf) accumulates F = τ·Cᵀ·V so that the trailing matrix
 * is updated once per block by A −= V·Fᵀ (dgemm). Columns whose partial norm lost too much
 * accuracy stop the block early and get their norm recomputed after the update (LAPACK).
 * Returns the number of columns factored.
 */
function laqps(m: i32, n: i32, offset: i32, nb: i32, a: usize, lda: i32, jpvt: usize, tau: usize,
  vn1: usize, vn2: usize, auxv: usize, f: usize, ldf: i32, gw: usize): i32 {
  const lastrk = min(m, n + offset);
  const tol3z = Math.sqrt(EPS);
  let lsticc = -1;
  let k = 0;
  while (k < nb && lsticc < 0) {
    const rk = offset + k;
    const pvt = argmaxFrom(k, n, vn1);
    if (pvt != k) {
      swapCols(m, at(a, 0, pvt, lda), at(a, 0, k, lda));
      for (let p = 0; p < k; p++) {
        const x = at(f, pvt, p, ldf), y = at(f, k, p, ldf);
        const t = load<f64>(x);
        store<f64>(x, load<f64>(y));
        store<f64>(y, t);
      }
      swapPivot(k, pvt, jpvt, vn1, vn2);
    }
    const mv = m - rk;
    // column k ← column k − A[rk:m, 0:k]·F[k, 0:k]ᵀ (the delayed updates of this block)
    const ck = at(a, rk, k, lda);
    for (let p = 0; p < k; p++) {
      const fkp = load<f64>(at(f, k, p, ldf));
      if (fkp != 0.0) axpyc(mv, -fkp, at(a, rk, p, lda), ck);
    }
    const t = mv > 1 ? dlarfg(mv, ck, ck + 8, 1) : 0.0;
    store<f64>(tau + (<usize>k << 3), t);
    const akk = load<f64>(ck);
    store<f64>(ck, 1.0);
    // F[k+1:n, k] = τ·A[rk:m, k+1:n]ᵀ·v
    {
      let c = k + 1;
      for (; c + 3 < n; c += 4) dot4(mv, ck, at(a, rk, c, lda), lda, t, at(f, c, k, ldf), 8);
      for (; c < n; c++) store<f64>(at(f, c, k, ldf), t * dotc(mv, ck, at(a, rk, c, lda)));
    }
    for (let p = 0; p <= k; p++) store<f64>(at(f, p, k, ldf), 0.0);
    // F[:, k] −= τ·F[:, 0:k]·(A[rk:m, 0:k]ᵀ·v)
    if (k > 0) {
      for (let p = 0; p < k; p++) store<f64>(auxv + (<usize>p << 3), -t * dotc(mv, at(a, rk, p, lda), ck));
      for (let p = 0; p < k; p++) {
        const s = load<f64>(auxv + (<usize>p << 3));
        if (s != 0.0) axpyc(n, s, at(f, 0, p, ldf), at(f, 0, k, ldf));
      }
    }
    // row rk: A[rk, k+1:n] −= A[rk, 0:k+1]·F[k+1:n, 0:k+1]ᵀ
    if (k + 1 < n) {
      for (let p = 0; p <= k; p++) {
        const arp = load<f64>(at(a, rk, p, lda));
        if (arp == 0.0) continue;
        const fp = at(f, 0, p, ldf);
        for (let c = k + 1; c < n; c++) {
          const q = at(a, rk, c, lda);
          store<f64>(q, load<f64>(q) - arp * load<f64>(fp + (<usize>c << 3)));
        }
      }
    }
    // partial norms of the trailing columns
    if (rk < lastrk - 1) {
      for (let c = k + 1; c < n; c++) {
        const pn1 = vn1 + (<usize>c << 3);
        const pn2 = vn2 + (<usize>c << 3);
        const n1 = load<f64>(pn1);
        if (n1 == 0.0) continue;
        const q = abs(load<f64>(at(a, rk, c, lda))) / n1;
        const temp = max(0.0, (1.0 + q) * (1.0 - q));
        const r = n1 / load<f64>(pn2);
        if (temp * r * r <= tol3z) {
          store<f64>(pn2, <f64>lsticc);
          lsticc = c;
        } else {
          store<f64>(pn1, n1 * Math.sqrt(temp));
        }
      }
    }
    store<f64>(ck, akk);
    k++;
  }
  const kb = k;
  const rk = offset + kb;
  if (kb < min(n, m - offset)) {
    dgemm(0, 1, m - rk, n - kb, kb, -1.0, at(a, rk, 0, lda), lda, at(f, kb, 0, ldf), ldf, 1.0, at(a, rk, kb, lda), lda, gw);
  }
  while (lsticc >= 0) {
    const next = <i32>load<f64>(vn2 + (<usize>lsticc << 3));
    const nr = rk < m ? dnrm2(m - rk, at(a, rk, lsticc, lda), 1) : 0.0;
    store<f64>(vn1 + (<usize>lsticc << 3), nr);
    store<f64>(vn2 + (<usize>lsticc << 3), nr);
    lsticc = next;
  }
  return kb;
}

/** Workspace (bytes) of {@link dgeqp3} for an m×n matrix. */
export function dgeqp3WorkspaceSize(m: i32, n: i32): usize {
  const nn = <usize>max(n, 1);
  return align16(nn * 16) + align16(<usize>NBP * 8) + align16(nn * <usize>NBP * 8) +
    align16(max(dgemmWorkspaceSize(max(m, 1), max(n, 1), NBP), <usize>0));
}

function initPivots(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, vn1: usize, vn2: usize): void {
  for (let j = 0; j < n; j++) {
    store<i32>(jpvt + (<usize>j << 2), j);
    const nr = dnrm2(m, at(a, 0, j, lda), 1);
    store<f64>(vn1 + (<usize>j << 3), nr);
    store<f64>(vn2 + (<usize>j << 3), nr);
  }
}

/**
 * Column-pivoted Householder QR, A·P = Q·R (LAPACK dgeqp3): blocks of 32 columns by dlaqps
 * (delayed trailing update through dgemm) while more than 128 columns remain, then dlaqp2.
 * At each step the remaining column of largest partial norm is swapped in; partial norms are
 * downdated (vn1 ← vn1·sqrt(1 − (|r_ij|/vn1)²)) and recomputed from the data when the
 * downdate has lost too much (temp·(vn1/vn2)² ≤ sqrt(eps), LAPACK 3.x). jpvt (i32, n entries)
 * gets the 0-based permutation: column j of A·P is column jpvt[j] of A.
 * work: dgeqp3WorkspaceSize(m, n) bytes.
 */
export function dgeqp3(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, work: usize): void {
  geqp3(m, n, a, lda, jpvt, tau, work, 0.0, 0);
}

/**
 * {@link dgeqp3} that stops as soon as the gelsy rank at `rcond` is known: after every block
 * of (at most 32) pivoted steps the incremental condition estimate ({@link qrRankIce}) is
 * advanced over the new columns, and the factorization stops once a column is rejected.
 * Rows 0..rank of R (all n columns) and the first rank reflectors are then final — exactly
 * what gelsy needs — and the result (rank, pivots, R, reflectors) is the same as a full
 * dgeqp3 followed by qrRankIce. Returns the rank. ice: qrRankIceWorkspaceSize(min(m, n)) bytes.
 */
export function dgeqp3Truncated(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, rcond: f64, work: usize, ice: usize): i32 {
  geqp3(m, n, a, lda, jpvt, tau, work, rcond, ice);
  return <i32>load<f64>(ice + 16);
}

function geqp3(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, work: usize, rcond: f64, ice: usize): void {
  const k = min(m, n);
  const nn = <usize>max(n, 1);
  const vn1 = work;
  const vn2 = work + (nn << 3);
  const auxv = work + align16(nn * 16);
  const f = auxv + align16(<usize>NBP * 8);
  const gw = f + align16(nn * <usize>NBP * 8);
  initPivots(m, n, a, lda, jpvt, vn1, vn2);
  if (ice != 0) iceReset(ice);
  let j = 0;
  if (NBP < k && NXP < k) {
    const topbmn = k - NXP;
    while (j < topbmn) {
      const jb = min(NBP, topbmn - j);
      const cols = n - j;
      const fjb = laqps(m, cols, j, jb, at(a, 0, j, lda), lda, jpvt + (<usize>j << 2), tau + (<usize>j << 3),
        vn1 + (<usize>j << 3), vn2 + (<usize>j << 3), auxv, f, cols, gw);
      j += fjb;
      if (ice != 0 && !iceAdvance(k, j, a, lda, rcond, ice)) return;
    }
  }
  while (j < k) {
    const steps = ice != 0 ? min(NBP, k - j) : k - j;
    laqp2(m, n - j, j, steps, at(a, 0, j, lda), lda, jpvt + (<usize>j << 2), tau + (<usize>j << 3), vn1 + (<usize>j << 3), vn2 + (<usize>j << 3));
    j += steps;
    if (ice != 0 && !iceAdvance(k, j, a, lda, rcond, ice)) return;
  }
}

/** Reference twin of {@link dgeqp3}: the unblocked dlaqp2 algorithm on all columns. work: dgeqp3WorkspaceSize(m, n). */
export function dgeqp3Unblocked(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, work: usize): void {
  const vn1 = work;
  const vn2 = work + (<usize>max(n, 1) << 3);
  initPivots(m, n, a, lda, jpvt, vn1, vn2);
  laqp2(m, n, 0, n, a, lda, jpvt, tau, vn1, vn2);
}
