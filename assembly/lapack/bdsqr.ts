// Bidiagonal QR (column-major, LAPACK conventions):
//
//   dbdsqr   implicit-shift bidiagonal QR with Demmel–Kahan zero shift            (LAPACK dbdsqr)
//            rotations go to the columns of V and U (contiguous, SIMD) and to the rows of C
//   dbdsqrRecord / dbdsqrApplyV / dbdsqrMaterializeV   the same iteration with one side's
//            rotations recorded in the caller's record buffer instead of accumulated (least
//            squares never forms U or V)
//
// Kernels never allocate and keep no state between calls.
import { at, ld, st } from '../core/addr';
import { dscal, drot } from '../blas/level1';
import { sign, rot1, hypot2, dlartg, gC, gS, gR } from './util';
const EPS: f64 = 1.1102230246251565e-16; // 2^-53, LAPACK dlamch('E')
const SAFMIN: f64 = 2.2250738585072014e-308;
// ------------------------------------------------------------------ scalar LAPACK auxiliaries

// dlas2 / dlasv2 outputs: per-call scratch like gC/gS/gR of ./util's dlartg, never read across exported calls.
let sMin: f64 = 0, sMax: f64 = 0, sSnr: f64 = 0, sCsr: f64 = 0, sSnl: f64 = 0, sCsl: f64 = 0;

/** Singular values of the 2×2 upper triangular [f g; 0 h] (LAPACK dlas2): sMin, sMax. */
function dlas2(f: f64, g: f64, h: f64): void {
  const fa = abs(f), ga = abs(g), ha = abs(h);
  const fhmn = min(fa, ha), fhmx = max(fa, ha);
  if (fhmn == 0.0) {
    sMin = 0.0;
    if (fhmx == 0.0) sMax = ga;
    else {
      const mx = max(fhmx, ga), mn = min(fhmx, ga);
      sMax = mx * sqrt(1.0 + (mn / mx) * (mn / mx));
    }
  } else if (ga < fhmx) {
    const as = 1.0 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx, au = (ga / fhmx) * (ga / fhmx);
    const c = 2.0 / (sqrt(as * as + au) + sqrt(at * at + au));
    sMin = fhmn * c;
    sMax = fhmx / c;
  } else {
    const au = fhmx / ga;
    if (au == 0.0) {
      sMin = (fhmn * fhmx) / ga;
      sMax = ga;
    } else {
      const as = 1.0 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx;
      const c = 1.0 / (sqrt(1.0 + (as * au) * (as * au)) + sqrt(1.0 + (at * au) * (at * au)));
      sMin = (fhmn * c) * au;
      sMin = sMin + sMin;
      sMax = ga / (c + c);
    }
  }
}

/**
 * SVD of the 2×2 upper triangular [f g; 0 h] (LAPACK dlasv2):
 * [csl snl; −snl csl] [f g; 0 h] [csr −snr; snr csr] = [sMax 0; 0 sMin].
 */
function dlasv2(f: f64, g: f64, h: f64): void {
  let ft = f, fa = abs(ft), ht = h, ha = abs(h);
  let pmax = 1;
  const swap = ha > fa;
  if (swap) {
    pmax = 3;
    let t = ft; ft = ht; ht = t;
    t = fa; fa = ha; ha = t;
  }
  const gt = g, ga = abs(gt);
  let clt: f64, crt: f64, slt: f64, srt: f64, ssmin: f64, ssmax: f64;
  if (ga == 0.0) {
    ssmin = ha; ssmax = fa;
    clt = 1.0; crt = 1.0; slt = 0.0; srt = 0.0;
  } else {
    let gasmal = true;
    clt = 1.0; crt = 1.0; slt = 0.0; srt = 0.0; ssmin = 0.0; ssmax = 0.0;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < EPS) {
        gasmal = false;
        ssmax = ga;
        if (ha > 1.0) ssmin = fa / (ga / ha);
        else ssmin = (fa / ga) * ha;
        clt = 1.0;
        slt = ht / gt;
        srt = 1.0;
        crt = ft / gt;
      }
    }
    if (gasmal) {
      const d = fa - ha;
      let l: f64 = d == fa ? 1.0 : d / fa;
      const m = gt / ft;
      let t = 2.0 - l;
      const mm = m * m, tt = t * t;
      const s = sqrt(tt + mm);
      const r: f64 = l == 0.0 ? abs(m) : sqrt(l * l + mm);
      const a = 0.5 * (s + r);
      ssmin = ha / a;
      ssmax = fa * a;
      if (mm == 0.0) {
        if (l == 0.0) t = sign(2.0, ft) * sign(1.0, gt);
        else t = gt / sign(d, ft) + m / t;
      } else {
        t = (m / (s + t) + m / (r + l)) * (1.0 + a);
      }
      l = sqrt(t * t + 4.0);
      crt = 2.0 / l;
      srt = t / l;
      clt = (crt + srt * m) / a;
      slt = (ht / ft) * srt / a;
    }
  }
  let csl: f64, snl: f64, csr: f64, snr: f64;
  if (swap) { csl = srt; snl = crt; csr = slt; snr = clt; }
  else { csl = clt; snl = slt; csr = crt; snr = srt; }
  let tsign: f64 = 1.0;
  if (pmax == 1) tsign = sign(1.0, csr) * sign(1.0, csl) * sign(1.0, f);
  else if (pmax == 2) tsign = sign(1.0, snr) * sign(1.0, csl) * sign(1.0, g);
  else tsign = sign(1.0, snr) * sign(1.0, snl) * sign(1.0, h);
  sMax = sign(ssmax, tsign);
  sMin = sign(ssmin, tsign * sign(1.0, f) * sign(1.0, h));
  sCsl = csl; sSnl = snl; sCsr = csr; sSnr = snr;
}

// ------------------------------------------------------------------ bidiagonal QR

/** Applies rotations (cs[j], sn[j]), j = 0…cnt−1, to column pairs (j, j+1) of X (rows×·), forward or backward. */
export function rotColsSeq(rows: i32, cnt: i32, cs: usize, sn: usize, x: usize, ldx: i32, forward: bool): void {
  // LAPACK dlasr('R','V',dir): x_{j+1} ← c x_{j+1} − s x_j, x_j ← s x_{j+1} + c x_j
  // = drot(x_{j+1}, x_j, c, −s)
  if (forward) {
    for (let j = 0; j < cnt; j++) {
      const c = ld(cs, j), s = ld(sn, j);
      if (c != 1.0 || s != 0.0) rot1(rows, at(x, 0, j + 1, ldx), at(x, 0, j, ldx), c, -s);
    }
  } else {
    for (let j = cnt - 1; j >= 0; j--) {
      const c = ld(cs, j), s = ld(sn, j);
      if (c != 1.0 || s != 0.0) rot1(rows, at(x, 0, j + 1, ldx), at(x, 0, j, ldx), c, -s);
    }
  }
}

/** Same rotations applied to row pairs (j, j+1) of C (·×ncols): LAPACK dlasr('L','V',dir). */
function rotRowsSeq(ncols: i32, cnt: i32, cs: usize, sn: usize, x: usize, ldx: i32, forward: bool): void {
  for (let k = 0; k < ncols; k++) {
    const col = at(x, 0, k, ldx);
    if (forward) {
      for (let j = 0; j < cnt; j++) {
        const c = ld(cs, j), s = ld(sn, j);
        const t = ld(col, j + 1), y = ld(col, j);
        st(col, j + 1, c * t - s * y);
        st(col, j, s * t + c * y);
      }
    } else {
      for (let j = cnt - 1; j >= 0; j--) {
        const c = ld(cs, j), s = ld(sn, j);
        const t = ld(col, j + 1), y = ld(col, j);
        st(col, j + 1, c * t - s * y);
        st(col, j, s * t + c * y);
      }
    }
  }
}
/** Workspace (bytes) of {@link dbdsqr}. */
export function dbdsqrWorkspaceSize(n: i32): usize {
  return (<usize>max(4 * n, 4)) << 3;
}

/**
 * Singular values (and optionally vectors) of the n×n upper bidiagonal B = diag(d) + superdiag(e)
 * by implicit-shift QR with the Demmel–Kahan zero shift (relative accuracy for every singular
 * value; LAPACK dbdsqr). On exit d holds the singular values in descending order.
 * B = Ub Σ Vbᵀ; the rotations are accumulated as V ← V Vb (nv×n, columns rotated),
 * U ← U Ub (nu×n, columns rotated) and C ← Ubᵀ C (n×ncc, rows rotated).
 * Returns 0 on success, else the number of superdiagonals that failed to converge.
 */
export function dbdsqr(n: i32, d: usize, e: usize, nv: i32, v: usize, ldv: i32, nu: i32, u: usize, ldu: i32,
  ncc: i32, c: usize, ldc: i32, work: usize): i32 {
  return bdsqrCore(n, d, e, nv, v, ldv, nu, u, ldu, ncc, c, ldc, work, 0);
}

// ---- recording of the right rotations (V is then never formed; see dbdsqrRecord)
// The record lives entirely in the caller's buffer `rec` (as BLIS passes auxinfo_t): no state
// crosses an exported call. The first REC_HEADER f64 slots are a header
//   rec[0] len    f64 slots of entries used so far (entries start at rec + REC_HEADER)
//   rec[1] cap    total f64 slots of the buffer, header included
//   rec[2] flags  REC_OVERFLOW | REC_PAUSED
//   rec[3] swap   1: C gets the right rotations (C ← V_bᵀ C) and the left ones (U_b) are recorded
// Entry layout (f64 slots): [kind, a, b, cnt, payload…, start-offset]. Kinds:
//   1 rotation G(a; c=b, s=cnt) on (a, a+1);  2 forward / 5 backward sequence of cnt rotations
//   on (a+j, a+j+1) with payload cs[0..cnt), sn[0..cnt);  3 negate index a;  4 swap a and b.
// start-offset counts from the first entry slot. Every rotation G acts on V's columns as
// V ← V·G with G = [c −s; s c]. bdsqrCore takes the record address (0 = not recording).

/** f64 slots of the record header at the start of every record buffer. */
export const REC_HEADER: i32 = 4;
const REC_LEN: i32 = 0;
const REC_CAP: i32 = 1;
const REC_FLAGS: i32 = 2;
const REC_SWAP: i32 = 3;
const REC_OVERFLOW: i32 = 1;
/** Set when the record buffer ran low and the iteration stopped between sweeps (resumable). */
const REC_PAUSED: i32 = 2;

/** Address of the first entry of the record buffer `rec`. */
@inline function recEntries(rec: usize): usize {
  return rec + (<usize>REC_HEADER << 3);
}
@inline function recLen(rec: usize): i32 { return <i32>ld(rec, REC_LEN); }
/** Entry slots of the buffer (its capacity minus the header). */
@inline function recRoom(rec: usize): i32 { return <i32>ld(rec, REC_CAP) - REC_HEADER; }
@inline function recFlags(rec: usize): i32 { return <i32>ld(rec, REC_FLAGS); }
@inline function recSetFlag(rec: usize, flag: i32): void { st(rec, REC_FLAGS, <f64>(recFlags(rec) | flag)); }

function recPush(rec: usize, kind: i32, a: i32, b: f64, cnt: f64, payload: i32, cs: usize, sn: usize): void {
  const need = 5 + 2 * payload;
  const len = recLen(rec);
  if ((recFlags(rec) & REC_OVERFLOW) != 0 || len + need > recRoom(rec)) { recSetFlag(rec, REC_OVERFLOW); return; }
  const p = recEntries(rec) + (<usize>len << 3);
  st(p, 0, <f64>kind); st(p, 1, <f64>a); st(p, 2, b); st(p, 3, cnt);
  for (let j = 0; j < payload; j++) { st(p, 4 + j, ld(cs, j)); st(p, 4 + payload + j, ld(sn, j)); }
  st(p, 4 + 2 * payload, <f64>len);
  st(rec, REC_LEN, <f64>(len + need));
}

/** Workspace (bytes) of {@link dbdsqrRecord} besides the record buffer. */
export function dbdsqrRecordWorkspaceSize(n: i32): usize {
  return dbdsqrWorkspaceSize(n);
}

/**
 * {@link dbdsqr} without V: the right rotations (and the final sign flips and swaps) are recorded
 * in `rec` instead of being accumulated, so that V_b·Y can later be applied to a few vectors by
 * {@link dbdsqrApplyV} in O(#rotations) per vector. `cap` is the total number of f64 slots of
 * `rec`, the REC_HEADER (4) header slots included (cap ≥ REC_HEADER). The left rotations go to
 * C (n×ncc) as in dbdsqr. Returns the number of f64 entry slots used (≥ 0, header excluded), −1
 * when the buffer ran low (the iteration stopped between two sweeps with d, e, C and the record
 * consistent, {@link dbdsqrRecordLength}(rec) slots used: continue with {@link dgelssResume}), or
 * −2 − info on a convergence failure.
 * swap = 1 exchanges the roles: C ← V_bᵀ C and U_b is recorded (for Bᵀ, i.e. wide problems).
 */
export function dbdsqrRecord(n: i32, d: usize, e: usize, ncc: i32, c: usize, ldc: i32, rec: usize, cap: i32, work: usize, swap: i32): i32 {
  st(rec, REC_LEN, 0.0);
  st(rec, REC_CAP, <f64>cap);
  st(rec, REC_FLAGS, 0.0);
  st(rec, REC_SWAP, swap != 0 ? 1.0 : 0.0);
  const info = bdsqrCore(n, d, e, 0, 0, 1, 0, 0, 1, ncc, c, ldc, work, rec);
  if (recFlags(rec) != 0) return -1;
  if (info != 0) return -2 - info;
  return recLen(rec);
}

/** Entry slots used by the {@link dbdsqrRecord} call that filled `rec` (also when it paused); read from its header. */
export function dbdsqrRecordLength(rec: usize): i32 {
  return recLen(rec);
}

/** V (n×n, ldv) ← G₁ G₂ … G_K (the product recorded in `rec`, len entry slots, formed from the identity). */
export function dbdsqrMaterializeV(n: i32, rec: usize, len: i32, v: usize, ldv: i32): void {
  for (let j = 0; j < n; j++) {
    const col = at(v, 0, j, ldv);
    for (let i = 0; i < n; i++) st(col, i, 0.0);
    st(col, j, 1.0);
  }
  const base = recEntries(rec);
  let pos = 0;
  while (pos < len) {
    const p = base + (<usize>pos << 3);
    const kind = <i32>ld(p, 0);
    const a = <i32>ld(p, 1);
    let size = 5;
    if (kind == 1) {
      rot1(n, at(v, 0, a, ldv), at(v, 0, a + 1, ldv), ld(p, 2), ld(p, 3));
    } else if (kind == 2 || kind == 5) {
      const cnt = <i32>ld(p, 3);
      rotColsSeq(n, cnt, p + 32, p + ((<usize>(4 + cnt)) << 3), at(v, 0, a, ldv), ldv, kind == 2);
      size += 2 * cnt;
    } else if (kind == 3) {
      dscal(n, -1.0, at(v, 0, a, ldv), 1);
    } else if (kind == 4) {
      swapCols(n, at(v, 0, a, ldv), at(v, 0, <i32>ld(p, 2), ldv));
    }
    pos += size;
  }
}

/**
 * Y (n×nrhs, ldy) ← V_b Y with V_b = G₁ G₂ … G_K the product recorded by {@link dbdsqrRecord}
 * in `rec` (len entry slots; applied in reverse order, O(K·nrhs)).
 */
export function dbdsqrApplyV(n: i32, rec: usize, len: i32, nrhs: i32, y: usize, ldy: i32): void {
  const base = recEntries(rec);
  let pos = len;
  while (pos > 0) {
    const start = <i32>ld(base, pos - 1);
    const p = base + (<usize>start << 3);
    const kind = <i32>ld(p, 0);
    const a = <i32>ld(p, 1);
    if (kind == 1) {
      rotRowsRev(nrhs, a, ld(p, 2), ld(p, 3), y, ldy);
    } else if (kind == 2 || kind == 5) {
      const cnt = <i32>ld(p, 3);
      const cs = p + 32, sn = p + ((<usize>(4 + cnt)) << 3);
      if (kind == 2) { for (let j = cnt - 1; j >= 0; j--) rotRowsRev(nrhs, a + j, ld(cs, j), ld(sn, j), y, ldy); }
      else { for (let j = 0; j < cnt; j++) rotRowsRev(nrhs, a + j, ld(cs, j), ld(sn, j), y, ldy); }
    } else if (kind == 3) {
      for (let k = 0; k < nrhs; k++) { const q = at(y, a, k, ldy); store<f64>(q, -load<f64>(q)); }
    } else if (kind == 4) {
      const b = <i32>ld(p, 2);
      for (let k = 0; k < nrhs; k++) {
        const q1 = at(y, a, k, ldy), q2 = at(y, b, k, ldy);
        const t = load<f64>(q1); store<f64>(q1, load<f64>(q2)); store<f64>(q2, t);
      }
    }
    pos = start;
  }
}

/** Rows (j, j+1) of Y ← G·rows with G = [c −s; s c]. */
@inline function rotRowsRev(nrhs: i32, j: i32, c: f64, s: f64, y: usize, ldy: i32): void {
  for (let k = 0; k < nrhs; k++) {
    const q = at(y, j, k, ldy);
    const t = load<f64>(q), u = load<f64>(q + 8);
    store<f64>(q, c * t - s * u);
    store<f64>(q + 8, s * t + c * u);
  }
}

/**
 * The bidiagonal QR iteration behind {@link dbdsqr} and {@link dbdsqrRecord}. `rec` is the record
 * buffer (header + entries, see above) or 0 when nothing is recorded: all the recording state is
 * read from and written to that buffer, none is kept between calls.
 */
function bdsqrCore(n: i32, d: usize, e: usize, nv: i32, v: usize, ldv: i32, nu: i32, u: usize, ldu: i32,
  ncc: i32, c: usize, ldc: i32, work: usize, rec: usize): i32 {
  if (n == 0) return 0;
  const recSwap = rec != 0 && ld(rec, REC_SWAP) != 0.0;
  let info = 0;
  if (n > 1) {
    const nm1 = n - 1;
    const w0 = work, w1 = work + (<usize>nm1 << 3), w2 = work + (<usize>(2 * nm1) << 3), w3 = work + (<usize>(3 * nm1) << 3);
    const tolmul = max(10.0, min(100.0, Math.pow(EPS, -0.125)));
    const tol = tolmul * EPS;
    let smax: f64 = 0;
    for (let i = 0; i < n; i++) smax = max(smax, abs(ld(d, i)));
    for (let i = 0; i < n - 1; i++) smax = max(smax, abs(ld(e, i)));
    let sminoa = abs(ld(d, 0));
    if (sminoa != 0.0) {
      let mu = sminoa;
      for (let i = 1; i < n; i++) {
        mu = abs(ld(d, i)) * (mu / (mu + abs(ld(e, i - 1))));
        sminoa = min(sminoa, mu);
        if (sminoa == 0.0) break;
      }
    }
    sminoa = sminoa / sqrt(<f64>n);
    const thresh = max(tol * sminoa, 6.0 * (<f64>n * (<f64>n * SAFMIN)));
    const maxitdivn = 6 * n;
    let iterdivn = 0;
    let iter = -1;
    let oldll = -1, oldm = -1;
    let idir = 0;
    // 1-based indices below follow the LAPACK description: d(i) = ld(d, i-1)
    let m = n;
    let smin: f64 = 0;
    while (m > 1) {
      // recording: stop (consistently, between sweeps) while the buffer can still take one more
      // sweep and the final sign/sort records; dgelssResume then continues with V accumulated
      if (rec != 0 && recLen(rec) + 12 * n + 16 > recRoom(rec)) { recSetFlag(rec, REC_PAUSED); return 0; }
      if (iter >= n) {
        iter -= n;
        iterdivn++;
        if (iterdivn >= maxitdivn) break;
      }
      // find diagonal block to work on
      smax = abs(ld(d, m - 1));
      let ll = 0;
      let split = false;
      for (let lll = 1; lll <= m - 1; lll++) {
        ll = m - lll;
        const abss = abs(ld(d, ll - 1));
        const abse = abs(ld(e, ll - 1));
        if (abse <= thresh || abse == 0.0) { split = true; break; }
        smax = max(smax, max(abss, abse));
      }
      if (split) {
        st(e, ll - 1, 0.0);
        if (ll == m - 1) { m--; continue; }
      } else {
        ll = 0;
      }
      ll++;
      // e(ll)…e(m−1) nonzero, e(ll−1) zero
      if (ll == m - 1) {
        dlasv2(ld(d, m - 2), ld(e, m - 2), ld(d, m - 1));
        st(d, m - 2, sMax);
        st(e, m - 2, 0.0);
        st(d, m - 1, sMin);
        // VT rows (m−1, m) rotated with (cosr, sinr) ⇔ V columns
        if (nv > 0) rot1(nv, at(v, 0, m - 2, ldv), at(v, 0, m - 1, ldv), sCsr, sSnr);
        else if (rec != 0 && !recSwap) recPush(rec, 1, m - 2, sCsr, sSnr, 0, 0, 0);
        if (nu > 0) rot1(nu, at(u, 0, m - 2, ldu), at(u, 0, m - 1, ldu), sCsl, sSnl);
        if (recSwap) {
          recPush(rec, 1, m - 2, sCsl, sSnl, 0, 0, 0);
          drot(ncc, at(c, m - 2, 0, ldc), ldc, at(c, m - 1, 0, ldc), ldc, sCsr, sSnr);
        } else if (ncc > 0) drot(ncc, at(c, m - 2, 0, ldc), ldc, at(c, m - 1, 0, ldc), ldc, sCsl, sSnl);
        m -= 2;
        continue;
      }
      if (ll > oldm || m < oldll) {
        idir = abs(ld(d, ll - 1)) >= abs(ld(d, m - 1)) ? 1 : 2;
      }
      // convergence tests
      let restart = false;
      if (idir == 1) {
        if (abs(ld(e, m - 2)) <= tol * abs(ld(d, m - 1))) { st(e, m - 2, 0.0); continue; }
        let mu = abs(ld(d, ll - 1));
        smin = mu;
        for (let lll = ll; lll <= m - 1; lll++) {
          if (abs(ld(e, lll - 1)) <= tol * mu) { st(e, lll - 1, 0.0); restart = true; break; }
          mu = abs(ld(d, lll)) * (mu / (mu + abs(ld(e, lll - 1))));
          smin = min(smin, mu);
        }
      } else {
        if (abs(ld(e, ll - 1)) <= tol * abs(ld(d, ll - 1))) { st(e, ll - 1, 0.0); continue; }
        let mu = abs(ld(d, m - 1));
        smin = mu;
        for (let lll = m - 1; lll >= ll; lll--) {
          if (abs(ld(e, lll - 1)) <= tol * mu) { st(e, lll - 1, 0.0); restart = true; break; }
          mu = abs(ld(d, lll - 1)) * (mu / (mu + abs(ld(e, lll - 1))));
          smin = min(smin, mu);
        }
      }
      if (restart) continue;
      oldll = ll;
      oldm = m;
      // shift
      let shift: f64 = 0;
      if (<f64>n * tol * (smin / smax) <= max(EPS, 0.01 * tol)) {
        shift = 0.0;
      } else {
        let sll: f64;
        if (idir == 1) { sll = abs(ld(d, ll - 1)); dlas2(ld(d, m - 2), ld(e, m - 2), ld(d, m - 1)); }
        else { sll = abs(ld(d, m - 1)); dlas2(ld(d, ll - 1), ld(e, ll - 1), ld(d, ll)); }
        shift = sMin;
        if (sll > 0.0 && (shift / sll) * (shift / sll) < EPS) shift = 0.0;
      }
      iter += m - ll;
      const cnt = m - ll;
      const vOff = at(v, 0, ll - 1, ldv), uOff = at(u, 0, ll - 1, ldu), cOff = at(c, ll - 1, 0, ldc);
      if (shift == 0.0) {
        if (idir == 1) {
          sweepZeroShiftDown(d, e, ll, m, w0, w1, w2, w3);
          applySweep(cnt, w0, w1, w2, w3, true, 2, ll, nv, vOff, ldv, nu, uOff, ldu, ncc, cOff, ldc, rec, recSwap);
          if (abs(ld(e, m - 2)) <= thresh) st(e, m - 2, 0.0);
        } else {
          sweepZeroShiftUp(d, e, ll, m, w0, w1, w2, w3);
          applySweep(cnt, w2, w3, w0, w1, false, 5, ll, nv, vOff, ldv, nu, uOff, ldu, ncc, cOff, ldc, rec, recSwap);
          if (abs(ld(e, ll - 1)) <= thresh) st(e, ll - 1, 0.0);
        }
      } else {
        if (idir == 1) {
          sweepShiftedDown(d, e, ll, m, w0, w1, w2, w3, shift);
          applySweep(cnt, w0, w1, w2, w3, true, 2, ll, nv, vOff, ldv, nu, uOff, ldu, ncc, cOff, ldc, rec, recSwap);
          if (abs(ld(e, m - 2)) <= thresh) st(e, m - 2, 0.0);
        } else {
          sweepShiftedUp(d, e, ll, m, w0, w1, w2, w3, shift);
          if (abs(ld(e, ll - 1)) <= thresh) st(e, ll - 1, 0.0);
          applySweep(cnt, w2, w3, w0, w1, false, 5, ll, nv, vOff, ldv, nu, uOff, ldu, ncc, cOff, ldc, rec, recSwap);
        }
      }
    }
    if (m > 1) {
      for (let i = 0; i < n - 1; i++) if (ld(e, i) != 0.0) info++;
    }
  }
  bdsqrSignAndSort(n, d, nv, v, ldv, nu, u, ldu, ncc, c, ldc, rec, recSwap);
  return info;
}

/** Zero-shift QR sweep, top to bottom (idir = 1): updates d, e; right rotations to w0/w1, left ones to w2/w3. */
function sweepZeroShiftDown(d: usize, e: usize, ll: i32, m: i32, w0: usize, w1: usize, w2: usize, w3: usize): void {
  let cs: f64 = 1.0, oldcs: f64 = 1.0, sn: f64 = 0, oldsn: f64 = 0, r: f64 = 0;
  for (let i = ll; i <= m - 1; i++) {
    dlartg(ld(d, i - 1) * cs, ld(e, i - 1));
    cs = gC; sn = gS; r = gR;
    if (i > ll) st(e, i - 2, oldsn * r);
    dlartg(oldcs * r, ld(d, i) * sn);
    oldcs = gC; oldsn = gS; st(d, i - 1, gR);
    const k = i - ll;
    st(w0, k, cs); st(w1, k, sn); st(w2, k, oldcs); st(w3, k, oldsn);
  }
  const h = ld(d, m - 1) * cs;
  st(d, m - 1, h * oldcs);
  st(e, m - 2, h * oldsn);
}

/** Zero-shift QL sweep, bottom to top (idir = 2): updates d, e; left rotations to w0/w1, right ones to w2/w3. */
function sweepZeroShiftUp(d: usize, e: usize, ll: i32, m: i32, w0: usize, w1: usize, w2: usize, w3: usize): void {
  let cs: f64 = 1.0, oldcs: f64 = 1.0, sn: f64 = 0, oldsn: f64 = 0, r: f64 = 0;
  for (let i = m; i >= ll + 1; i--) {
    dlartg(ld(d, i - 1) * cs, ld(e, i - 2));
    cs = gC; sn = gS; r = gR;
    if (i < m) st(e, i - 1, oldsn * r);
    dlartg(oldcs * r, ld(d, i - 2) * sn);
    oldcs = gC; oldsn = gS; st(d, i - 1, gR);
    const k = i - ll - 1;
    st(w0, k, cs); st(w1, k, -sn); st(w2, k, oldcs); st(w3, k, -oldsn);
  }
  const h = ld(d, ll - 1) * cs;
  st(d, ll - 1, h * oldcs);
  st(e, ll - 1, h * oldsn);
}

/** Shifted QR sweep (shift from dlas2), top to bottom (idir = 1): updates d, e; right rotations to w0/w1, left ones to w2/w3. */
function sweepShiftedDown(d: usize, e: usize, ll: i32, m: i32, w0: usize, w1: usize, w2: usize, w3: usize, shift: f64): void {
  let f = (abs(ld(d, ll - 1)) - shift) * (sign(1.0, ld(d, ll - 1)) + shift / ld(d, ll - 1));
  let g = ld(e, ll - 1);
  for (let i = ll; i <= m - 1; i++) {
    dlartg(f, g);
    const cosr = gC, sinr = gS;
    if (i > ll) st(e, i - 2, gR);
    const di = ld(d, i - 1), ei = ld(e, i - 1), di1 = ld(d, i);
    f = cosr * di + sinr * ei;
    st(e, i - 1, cosr * ei - sinr * di);
    g = sinr * di1;
    st(d, i, cosr * di1);
    dlartg(f, g);
    const cosl = gC, sinl = gS;
    st(d, i - 1, gR);
    const ei2 = ld(e, i - 1), di2 = ld(d, i);
    f = cosl * ei2 + sinl * di2;
    st(d, i, cosl * di2 - sinl * ei2);
    if (i < m - 1) {
      const en = ld(e, i);
      g = sinl * en;
      st(e, i, cosl * en);
    }
    const k = i - ll;
    st(w0, k, cosr); st(w1, k, sinr); st(w2, k, cosl); st(w3, k, sinl);
  }
  st(e, m - 2, f);
}

/** Shifted QL sweep, bottom to top (idir = 2): updates d, e; left rotations to w0/w1, right ones to w2/w3. */
function sweepShiftedUp(d: usize, e: usize, ll: i32, m: i32, w0: usize, w1: usize, w2: usize, w3: usize, shift: f64): void {
  let f = (abs(ld(d, m - 1)) - shift) * (sign(1.0, ld(d, m - 1)) + shift / ld(d, m - 1));
  let g = ld(e, m - 2);
  for (let i = m; i >= ll + 1; i--) {
    dlartg(f, g);
    const cosr = gC, sinr = gS;
    if (i < m) st(e, i - 1, gR);
    const di = ld(d, i - 1), ei = ld(e, i - 2), dim = ld(d, i - 2);
    f = cosr * di + sinr * ei;
    st(e, i - 2, cosr * ei - sinr * di);
    g = sinr * dim;
    st(d, i - 2, cosr * dim);
    dlartg(f, g);
    const cosl = gC, sinl = gS;
    st(d, i - 1, gR);
    const ei2 = ld(e, i - 2), dim2 = ld(d, i - 2);
    f = cosl * ei2 + sinl * dim2;
    st(d, i - 2, cosl * dim2 - sinl * ei2);
    if (i > ll + 1) {
      const ep = ld(e, i - 3);
      g = sinl * ep;
      st(e, i - 3, cosl * ep);
    }
    const k = i - ll - 1;
    st(w0, k, cosr); st(w1, k, -sinr); st(w2, k, cosl); st(w3, k, -sinl);
  }
  st(e, ll - 1, f);
}

/**
 * Applies one sweep's rotations: the right ones (rc, rs) to V's columns (or to the record), the
 * left ones (lc, ls) to U's columns and C's rows; with swap recording the roles of C and the
 * record exchange. `kind` is the record kind (2 forward, 5 backward).
 */
function applySweep(cnt: i32, rc: usize, rs: usize, lc: usize, ls: usize, forward: bool, kind: i32, ll: i32,
  nv: i32, vOff: usize, ldv: i32, nu: i32, uOff: usize, ldu: i32, ncc: i32, cOff: usize, ldc: i32, rec: usize, recSwap: bool): void {
  if (nv > 0) rotColsSeq(nv, cnt, rc, rs, vOff, ldv, forward);
  else if (rec != 0 && !recSwap) recPush(rec, kind, ll - 1, 0, <f64>cnt, cnt, rc, rs);
  if (nu > 0) rotColsSeq(nu, cnt, lc, ls, uOff, ldu, forward);
  if (recSwap) { recPush(rec, kind, ll - 1, 0, <f64>cnt, cnt, lc, ls); rotRowsSeq(ncc, cnt, rc, rs, cOff, ldc, forward); }
  else if (ncc > 0) rotRowsSeq(ncc, cnt, lc, ls, cOff, ldc, forward);
}

/** Makes the singular values non-negative and sorts them descending, carrying V, U, C and the record along. */
function bdsqrSignAndSort(n: i32, d: usize, nv: i32, v: usize, ldv: i32, nu: i32, u: usize, ldu: i32, ncc: i32, c: usize, ldc: i32,
  rec: usize, recSwap: bool): void {
  // make singular values positive
  for (let i = 0; i < n; i++) {
    const di = ld(d, i);
    if (di == 0.0) st(d, i, 0.0);
    else if (di < 0.0) {
      st(d, i, -di);
      if (nv > 0) dscal(nv, -1.0, at(v, 0, i, ldv), 1);
      else if (recSwap) { for (let k = 0; k < ncc; k++) { const q = at(c, i, k, ldc); store<f64>(q, -load<f64>(q)); } }
      else if (rec != 0) recPush(rec, 3, i, 0, 0, 0, 0, 0);
    }
  }
  // sort descending (selection sort: at most n−1 swaps of vectors)
  for (let i = 0; i < n - 1; i++) {
    let isub = 0;
    let smin = ld(d, 0);
    const last = n - 1 - i;
    for (let j = 1; j <= last; j++) {
      if (ld(d, j) <= smin) { isub = j; smin = ld(d, j); }
    }
    if (isub != last) {
      st(d, isub, ld(d, last));
      st(d, last, smin);
      if (nv > 0) swapCols(nv, at(v, 0, isub, ldv), at(v, 0, last, ldv));
      else if (rec != 0) recPush(rec, 4, isub, <f64>last, 0, 0, 0, 0);
      if (nu > 0) swapCols(nu, at(u, 0, isub, ldu), at(u, 0, last, ldu));
      if (ncc > 0) {
        for (let k = 0; k < ncc; k++) {
          const p1 = at(c, isub, k, ldc), p2 = at(c, last, k, ldc);
          const t = load<f64>(p1); store<f64>(p1, load<f64>(p2)); store<f64>(p2, t);
        }
      }
    }
  }
}

function swapCols(n: i32, x: usize, y: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const t = load<f64>(x + o);
    store<f64>(x + o, load<f64>(y + o));
    store<f64>(y + o, t);
  }
}
