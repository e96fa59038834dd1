// Least squares by complete orthogonal decomposition (LAPACK dgelsy) after a pivoted QR (./qp3):
//   qrRankIce   rank by incremental condition estimation on R (dlaic1, as in dgelsy).
//   dgelsyTail  gelsy after the rank decision: RZ of R(0:r, :) (dlatrz), R11⁻¹, Zᵀ, Pᵀ.
// The ICE state lives in the caller's `ice`/`work` buffer (iceReset / iceAdvance are also used by
// dgeqp3Truncated).
import { at, align16 } from '../core/addr';
import { dtrsm, dtrsmWorkspaceSize } from '../blas/level3';
import { dlarfg } from './householder';
import { sign, dotc, axpyc } from './util';

const EPS: f64 = 2.220446049250313e-16; // 2^-52
const SAFMIN: f64 = 2.2250738585072014e-308;
// ------------------------------------------------------------------ rank by incremental condition estimation

/**
 * LAPACK dlaic1: one step of incremental condition estimation. Given x (j entries, ‖x‖ = 1)
 * with sest ≈ σ(L) for the leading triangle, and the new column (w, gamma), writes
 * [sestpr, s, c] to out so that (s·x; c) is the updated approximate singular vector.
 * job 1: largest singular value, job 2: smallest.
 */
function dlaic1(job: i32, j: i32, x: usize, sest: f64, w: usize, gamma: f64, out: usize): void {
  const alpha = dotc(j, x, w);
  const absalp = abs(alpha);
  const absgam = abs(gamma);
  const absest = abs(sest);
  let s = 0.0, c = 0.0, sestpr = 0.0;
  if (job == 1) {
    if (sest == 0.0) {
      const s1 = max(absgam, absalp);
      if (s1 == 0.0) { s = 0.0; c = 1.0; sestpr = 0.0; } else {
        s = alpha / s1; c = gamma / s1;
        const tmp = Math.sqrt(s * s + c * c);
        s /= tmp; c /= tmp; sestpr = s1 * tmp;
      }
    } else if (absgam <= EPS * absest) {
      s = 1.0; c = 0.0;
      const tmp = max(absest, absalp);
      const s1 = absest / tmp, s2 = absalp / tmp;
      sestpr = tmp * Math.sqrt(s1 * s1 + s2 * s2);
    } else if (absalp <= EPS * absest) {
      if (absgam <= absest) { s = 1.0; c = 0.0; sestpr = absest; } else { s = 0.0; c = 1.0; sestpr = absgam; }
    } else if (absest <= EPS * absalp || absest <= EPS * absgam) {
      const s1 = absgam, s2 = absalp;
      if (s1 <= s2) {
        const tmp = s1 / s2;
        s = Math.sqrt(1.0 + tmp * tmp);
        sestpr = s2 * s;
        c = (gamma / s2) / s;
        s = sign(1.0, alpha) / s;
      } else {
        const tmp = s2 / s1;
        c = Math.sqrt(1.0 + tmp * tmp);
        sestpr = s1 * c;
        s = (alpha / s1) / c;
        c = sign(1.0, gamma) / c;
      }
    } else {
      const zeta1 = alpha / absest, zeta2 = gamma / absest;
      const b = (1.0 - zeta1 * zeta1 - zeta2 * zeta2) * 0.5;
      const cc = zeta1 * zeta1;
      const t = b > 0.0 ? cc / (b + Math.sqrt(b * b + cc)) : Math.sqrt(b * b + cc) - b;
      const sine = -zeta1 / t;
      const cosine = -zeta2 / (1.0 + t);
      const tmp = Math.sqrt(sine * sine + cosine * cosine);
      s = sine / tmp; c = cosine / tmp;
      sestpr = Math.sqrt(t + 1.0) * absest;
    }
  } else {
    if (sest == 0.0) {
      sestpr = 0.0;
      let sine = 1.0, cosine = 0.0;
      if (max(absgam, absalp) != 0.0) { sine = -gamma; cosine = alpha; }
      const s1 = max(abs(sine), abs(cosine));
      s = sine / s1; c = cosine / s1;
      const tmp = Math.sqrt(s * s + c * c);
      s /= tmp; c /= tmp;
    } else if (absgam <= EPS * absest) {
      s = 0.0; c = 1.0; sestpr = absgam;
    } else if (absalp <= EPS * absest) {
      if (absgam <= absest) { s = 0.0; c = 1.0; sestpr = absgam; } else { s = 1.0; c = 0.0; sestpr = absest; }
    } else if (absest <= EPS * absalp || absest <= EPS * absgam) {
      const s1 = absgam, s2 = absalp;
      if (s1 <= s2) {
        const tmp = s1 / s2;
        c = Math.sqrt(1.0 + tmp * tmp);
        sestpr = absest * (tmp / c);
        s = -(gamma / s2) / c;
        c = sign(1.0, alpha) / c;
      } else {
        const tmp = s2 / s1;
        s = Math.sqrt(1.0 + tmp * tmp);
        sestpr = absest / s;
        c = (alpha / s1) / s;
        s = -sign(1.0, gamma) / s;
      }
    } else {
      const zeta1 = alpha / absest, zeta2 = gamma / absest;
      const norma = max(1.0 + zeta1 * zeta1 + abs(zeta1 * zeta2), abs(zeta1 * zeta2) + zeta2 * zeta2);
      const test = 1.0 + 2.0 * (zeta1 - zeta2) * (zeta1 + zeta2);
      let sine = 0.0, cosine = 0.0;
      if (test >= 0.0) {
        const b = (zeta1 * zeta1 + zeta2 * zeta2 + 1.0) * 0.5;
        const cc = zeta2 * zeta2;
        const t = cc / (b + Math.sqrt(abs(b * b - cc)));
        sine = zeta1 / (1.0 - t);
        cosine = -zeta2 / t;
        sestpr = Math.sqrt(t + 4.0 * EPS * EPS * norma) * absest;
      } else {
        const b = (zeta2 * zeta2 + zeta1 * zeta1 - 1.0) * 0.5;
        const cc = zeta1 * zeta1;
        const t = b >= 0.0 ? -cc / (b + Math.sqrt(b * b + cc)) : b - Math.sqrt(b * b + cc);
        sine = -zeta1 / t;
        cosine = -zeta2 / (1.0 + t);
        sestpr = Math.sqrt(1.0 + t + 4.0 * EPS * EPS * norma) * absest;
      }
      const tmp = Math.sqrt(sine * sine + cosine * cosine);
      s = sine / tmp; c = cosine / tmp;
    }
  }
  store<f64>(out, sestpr);
  store<f64>(out + 8, s);
  store<f64>(out + 16, c);
}

/** Workspace (bytes) of {@link qrRankIce} and of the `ice` state of {@link dgeqp3Truncated}. */
export function qrRankIceWorkspaceSize(k: i32): usize {
  return align16(64 + <usize>max(k, 1) * 16);
}

// ICE state: [smin, smax, rank, stopped, out0, out1, out2, pad] then xmin[k], xmax[k].
export function iceReset(st: usize): void {
  for (let i = 0; i < 8; i++) store<f64>(st + (<usize>i << 3), 0.0);
}

/**
 * Advances the incremental condition estimate over the columns rank..done−1 of R (whose
 * leading done×done block is final). Returns false once a column has been rejected
 * (σmax·rcond > σmin) or R[0,0] = 0 — the rank (state slot 2) is then final.
 */
export function iceAdvance(k: i32, done: i32, a: usize, lda: i32, rcond: f64, st: usize): bool {
  if (load<f64>(st + 24) != 0.0) return false;
  const xmin = st + 64;
  const xmax = xmin + (<usize>max(k, 1) << 3);
  const out = st + 32;
  let rank = <i32>load<f64>(st + 16);
  let smin = load<f64>(st), smax = load<f64>(st + 8);
  if (rank == 0 && done >= 1) {
    const r00 = abs(load<f64>(a));
    if (r00 == 0.0) { store<f64>(st + 24, 1.0); return false; }
    store<f64>(xmin, 1.0);
    store<f64>(xmax, 1.0);
    smax = r00; smin = r00;
    rank = 1;
  }
  let ok = true;
  while (rank < done) {
    const i = rank;
    const col = at(a, 0, i, lda);
    const gamma = load<f64>(at(a, i, i, lda));
    dlaic1(2, rank, xmin, smin, col, gamma, out);
    const sminpr = load<f64>(out), s1 = load<f64>(out + 8), c1 = load<f64>(out + 16);
    dlaic1(1, rank, xmax, smax, col, gamma, out);
    const smaxpr = load<f64>(out), s2 = load<f64>(out + 8), c2 = load<f64>(out + 16);
    // (sminpr > 0: with rcond = 0 an exactly singular leading block is still rejected, so the
    // triangular solve never divides by zero)
    if (smaxpr * rcond <= sminpr && sminpr > 0.0) {
      for (let p = 0; p < rank; p++) {
        const o = <usize>p << 3;
        store<f64>(xmin + o, s1 * load<f64>(xmin + o));
        store<f64>(xmax + o, s2 * load<f64>(xmax + o));
      }
      store<f64>(xmin + (<usize>rank << 3), c1);
      store<f64>(xmax + (<usize>rank << 3), c2);
      smin = sminpr;
      smax = smaxpr;
      rank++;
    } else {
      ok = false;
      store<f64>(st + 24, 1.0);
      break;
    }
  }
  store<f64>(st, smin);
  store<f64>(st + 8, smax);
  store<f64>(st + 16, <f64>rank);
  return ok;
}

/**
 * Numerical rank of the upper triangular R (leading k×k of A) as LAPACK dgelsy decides it:
 * the largest r such that the incremental estimates of σmin and σmax of R[0:r, 0:r] satisfy
 * σmax·rcond ≤ σmin (dlaic1). Returns 0 when R[0,0] = 0.
 */
export function qrRankIce(k: i32, a: usize, lda: i32, rcond: f64, work: usize): i32 {
  if (k == 0) return 0;
  iceReset(work);
  iceAdvance(k, k, a, lda, rcond, work);
  return <i32>load<f64>(work + 16);
}

// ------------------------------------------------------------------ complete orthogonal decomposition (gelsy tail)

/** Workspace (bytes) of {@link dgelsyTail}. */
export function dgelsyTailWorkspaceSize(n: i32, nrhs: i32, rank: i32): usize {
  return align16(<usize>max(rank, 1) * 8) + align16(<usize>max(rank, 1) * 8) +
    align16(<usize>max(n, 1) * <usize>max(nrhs, 1) * 8) + align16(dtrsmWorkspaceSize(max(rank, 1), max(nrhs, 1)));
}

/**
 * Minimum-norm solution from a column-pivoted QR (LAPACK dgelsy after the rank decision).
 * A (lda) holds R from {@link dgeqp3} (n columns), c (ldc) holds Qᵀ·B in its first `rank`
 * rows. Steps: RZ factorization [R11 R12] = [T 0]·Z of R[0:rank, 0:n] (dlatrz, overwrites A),
 * y = T⁻¹·c[0:rank] (dtrsm), y[rank:n] = 0, y ← Zᵀ·y (dormrz), x[jpvt[j]] = y[j].
 * x: n×nrhs (ldx).
 */
export function dgelsyTail(n: i32, nrhs: i32, rank: i32, a: usize, lda: i32, c: usize, ldc: i32,
  jpvt: usize, x: usize, ldx: i32, work: usize): void {
  const tauz = work;
  const wv = tauz + align16(<usize>max(rank, 1) * 8);
  const y = wv + align16(<usize>max(rank, 1) * 8);
  const tw = y + align16(<usize>max(n, 1) * <usize>max(nrhs, 1) * 8);
  const l = n - rank;
  // dlatrz: for i = rank−1 … 0, reflector from (A[i,i], A[i, rank:n]) applied to rows 0..i−1
  if (l > 0) {
    for (let i = rank - 1; i >= 0; i--) {
      const t = dlarfg(l + 1, at(a, i, i, lda), at(a, i, rank, lda), lda);
      store<f64>(tauz + (<usize>i << 3), t);
      if (i > 0 && t != 0.0) {
        // C = A[0:i, i:n]; v = (1 at column i, zeros, z = A[i, rank:n] at the last l columns)
        // w = C[:,i] + C[:, rank:n]·z ; C[:,i] −= tau·w ; C[:, rank:n] −= tau·w·zᵀ
        const ci = at(a, 0, i, lda);
        memory.copy(wv, ci, <usize>i << 3);
        for (let p = 0; p < l; p++) {
          const zp = load<f64>(at(a, i, rank + p, lda));
          if (zp != 0.0) axpyc(i, zp, at(a, 0, rank + p, lda), wv);
        }
        axpyc(i, -t, wv, ci);
        for (let p = 0; p < l; p++) {
          const zp = load<f64>(at(a, i, rank + p, lda));
          if (zp != 0.0) axpyc(i, -t * zp, wv, at(a, 0, rank + p, lda));
        }
      }
    }
  }
  // y = [T⁻¹ c[0:rank]; 0]
  for (let j = 0; j < nrhs; j++) {
    const yj = at(y, 0, j, n);
    memory.copy(yj, at(c, 0, j, ldc), <usize>rank << 3);
    for (let i = rank; i < n; i++) store<f64>(yj + (<usize>i << 3), 0.0);
  }
  dtrsm(0, 1, 0, 0, rank, nrhs, 1.0, a, lda, y, n, tw);
  // y ← Zᵀ y = Z(rank−1) … applied as Z(0) first (each Z(i) symmetric)
  if (l > 0) {
    for (let i = 0; i < rank; i++) {
      const t = load<f64>(tauz + (<usize>i << 3));
      if (t == 0.0) continue;
      for (let j = 0; j < nrhs; j++) {
        const yj = at(y, 0, j, n);
        let w = load<f64>(yj + (<usize>i << 3));
        for (let p = 0; p < l; p++) w += load<f64>(at(a, i, rank + p, lda)) * load<f64>(yj + (<usize>(rank + p) << 3));
        w *= t;
        store<f64>(yj + (<usize>i << 3), load<f64>(yj + (<usize>i << 3)) - w);
        for (let p = 0; p < l; p++) {
          const q = yj + (<usize>(rank + p) << 3);
          store<f64>(q, load<f64>(q) - w * load<f64>(at(a, i, rank + p, lda)));
        }
      }
    }
  }
  // x = P·y
  for (let j = 0; j < nrhs; j++) {
    for (let i = 0; i < n; i++) {
      const pi = load<i32>(jpvt + (<usize>i << 2));
      store<f64>(at(x, pi, j, ldx), load<f64>(at(y, i, j, n)));
    }
  }
}
