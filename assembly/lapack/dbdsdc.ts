// Bidiagonal divide and conquer (column-major, LAPACK conventions; a port of the reference
// LAPACK routines for the singular-vector case COMPQ = 'I'):
//
//   dbdsdc   SVD of an n×n upper bidiagonal B = U Σ Vᵀ (U, VT = Vᵀ n×n)        (LAPACK dbdsdc)
//   dlasd0   recursion driver over the subproblem tree of dlasdt              (LAPACK dlasd0)
//   dlasdq   leaves (≤ SMLSIZ rows) through the bidiagonal QR of ./bdsqr       (LAPACK dlasdq)
//   dlasd1   merge of two subproblems: dlasd2 (deflation) + dlasd3 (secular equation and the
//            vector updates as GEMMs)                                          (LAPACK dlasd1-3)
//   dlasd4 / dlasd5 / dlaed6   roots of the secular equation                   (LAPACK)
//
// The code keeps LAPACK's 1-based index arithmetic (helpers F/SF, I/SI, A2 below) so that it can
// be read line by line against the reference sources. VT is kept in LAPACK's layout (rows are the
// right singular vectors); the leaves transpose their small VT block for ./bdsqr, which rotates
// columns.
//
// Workspace: dbdsdcWorkspaceSize(n) bytes, 16-aligned, private layout. Kernels never allocate and
// keep no state between calls (gC/gS/gR of ./util's dlartg and g6Tau of dlaed6 are per-call scratch
// registers for multi-value returns, written and read within one call, as in ./bdsqr).
import { dgemm, dgemmWorkspaceSize } from '../gemm/driver';
import { drot } from '../blas/level1';
import { dbdsqr, dbdsqrWorkspaceSize, rotColsSeq } from './bdsqr';
import { sign, hypot2, dlartg, gC, gS, gR } from './util';

/** Largest leaf of the subproblem tree (LAPACK's ILAENV(9) default). */
export const SMLSIZ: i32 = 25;
const EPS: f64 = 1.1102230246251565e-16; // dlamch('E')
const SAFMIN: f64 = 2.2250738585072014e-308;

// ---------------------------------------------------------------- 1-based access helpers
/** X(i) of a Fortran f64 vector. */
@inline function F(x: usize, i: i32): f64 { return load<f64>(x + ((<usize>(i - 1)) << 3)); }
/** X(i) = v. */
@inline function SF(x: usize, i: i32, v: f64): void { store<f64>(x + ((<usize>(i - 1)) << 3), v); }
/** Address of X(i). */
@inline function PF(x: usize, i: i32): usize { return x + ((<usize>(i - 1)) << 3); }
/** Address of X(i, j) (leading dimension l). */
@inline function A2(x: usize, i: i32, j: i32, l: i32): usize {
  return x + ((<usize>(i - 1) + <usize>(j - 1) * <usize>l) << 3);
}
@inline function G2(x: usize, i: i32, j: i32, l: i32): f64 { return load<f64>(A2(x, i, j, l)); }
@inline function S2(x: usize, i: i32, j: i32, l: i32, v: f64): void { store<f64>(A2(x, i, j, l), v); }
/** IX(i) of a Fortran integer vector (i32). */
@inline function I(x: usize, i: i32): i32 { return load<i32>(x + ((<usize>(i - 1)) << 2)); }
@inline function SI(x: usize, i: i32, v: i32): void { store<i32>(x + ((<usize>(i - 1)) << 2), v); }
@inline function PI(x: usize, i: i32): usize { return x + ((<usize>(i - 1)) << 2); }

@inline function a16(b: usize): usize { return (b + 15) & ~(<usize>15); }


/** ‖x‖₂ of X(1..n) (stride inc elements), scaled against overflow/underflow. */
function nrm2(n: i32, x: usize, inc: i32): f64 {
  let mx: f64 = 0;
  for (let i = 0; i < n; i++) mx = max(mx, abs(load<f64>(x + ((<usize>i * <usize>inc) << 3))));
  if (mx == 0.0 || !isFinite(mx)) return mx;
  let s: f64 = 0;
  const r = 1.0 / mx;
  for (let i = 0; i < n; i++) { const t = load<f64>(x + ((<usize>i * <usize>inc) << 3)) * r; s += t * t; }
  return mx * sqrt(s);
}

/** Copies n elements of x (stride incx) into y (stride incy). */
function dcopy(n: i32, x: usize, incx: i32, y: usize, incy: i32): void {
  for (let i = 0; i < n; i++) store<f64>(y + ((<usize>i * <usize>incy) << 3), load<f64>(x + ((<usize>i * <usize>incx) << 3)));
}

function dlacpy(m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  for (let j = 1; j <= n; j++) for (let i = 1; i <= m; i++) S2(b, i, j, ldb, G2(a, i, j, lda));
}

// ---------------------------------------------------------------- dlamrg, dlasdt

/** Merge permutation of two sorted runs of A (LAPACK dlamrg; 1-based INDEX). */
function dlamrg(n1: i32, n2: i32, a: usize, dtrd1: i32, dtrd2: i32, index: usize): void {
  let n1sv = n1, n2sv = n2;
  let ind1 = dtrd1 > 0 ? 1 : n1;
  let ind2 = dtrd2 > 0 ? 1 + n1 : n1 + n2;
  let i = 1;
  while (n1sv > 0 && n2sv > 0) {
    if (F(a, ind1) <= F(a, ind2)) { SI(index, i, ind1); i++; ind1 += dtrd1; n1sv--; }
    else { SI(index, i, ind2); i++; ind2 += dtrd2; n2sv--; }
  }
  if (n1sv == 0) { for (let k = 1; k <= n2sv; k++) { SI(index, i, ind2); i++; ind2 += dtrd2; } }
  else { for (let k = 1; k <= n1sv; k++) { SI(index, i, ind1); i++; ind1 += dtrd1; } }
}

/** Levels of the subproblem tree of n rows with leaves ≤ msub (LAPACK dlasdt's LVL). */
function treeLevels(n: i32, msub: i32): i32 {
  const maxn = max(1, n);
  return <i32>(Math.log(<f64>maxn / <f64>(msub + 1)) / Math.log(2.0)) + 1;
}

/** Subproblem tree (LAPACK dlasdt): returns ND; INODE, NDIML, NDIMR 1-based i32 arrays. */
function dlasdt(n: i32, lvl: i32, inode: usize, ndiml: usize, ndimr: usize): i32 {
  let i = n / 2;
  SI(inode, 1, i + 1); SI(ndiml, 1, i); SI(ndimr, 1, n - i - 1);
  let il = 0, ir = 1, llst = 1;
  for (let nlvl = 1; nlvl <= lvl - 1; nlvl++) {
    for (i = 0; i <= llst - 1; i++) {
      il += 2; ir += 2;
      const ncrnt = llst + i;
      SI(ndiml, il, I(ndiml, ncrnt) / 2);
      SI(ndimr, il, I(ndiml, ncrnt) - I(ndiml, il) - 1);
      SI(inode, il, I(inode, ncrnt) - I(ndimr, il) - 1);
      SI(ndiml, ir, I(ndimr, ncrnt) / 2);
      SI(ndimr, ir, I(ndimr, ncrnt) - I(ndiml, ir) - 1);
      SI(inode, ir, I(inode, ncrnt) + I(ndiml, ir) + 1);
    }
    llst *= 2;
  }
  return llst * 2 - 1;
}

// ---------------------------------------------------------------- dlasdq (leaves)

/** f64 slots of dlasdq's scratch for a leaf of ≤ nmax rows. */
function dlasdqSlots(nmax: i32): i32 {
  const m = nmax + 1;
  return m * m + 2 * m + 4 * m + 8;
}

/**
 * SVD of the n×(n+sqre) upper bidiagonal leaf (LAPACK dlasdq with UPLO='U', NCC=0, NCVT = n+sqre,
 * NRU = n): VT (n+sqre rows, ldvt) ← Vbᵀ·VT, U (n rows) ← U·Ub, singular values ASCENDING in d.
 * `w`: dlasdqSlots(n) f64 slots. Returns 0 or dbdsqr's info.
 */
function dlasdq(sqre: i32, n: i32, d: usize, e: usize, vt: usize, ldvt: i32, u: usize, ldu: i32, w: usize): i32 {
  if (n == 0) return 0;
  const m = n + sqre;
  const t = w;                                   // T = VTᵀ (m×m)
  const cs = t + ((<usize>(m * m)) << 3);        // rotations (n+1 each)
  const sn = cs + ((<usize>(n + 1)) << 3);
  const wq = sn + ((<usize>(n + 1)) << 3);       // dbdsqr work (4m)
  for (let j = 1; j <= m; j++) for (let i = 1; i <= m; i++) S2(t, i, j, m, G2(vt, j, i, ldvt));
  if (sqre == 1) {
    // upper n×(n+1) → lower n×n: rotations from the right, on the rows of VT (columns of T)
    for (let i = 1; i <= n - 1; i++) {
      dlartg(F(d, i), F(e, i));
      SF(d, i, gR); SF(e, i, gS * F(d, i + 1)); SF(d, i + 1, gC * F(d, i + 1));
      SF(cs, i, gC); SF(sn, i, gS);
    }
    dlartg(F(d, n), F(e, n));
    SF(d, n, gR); SF(e, n, 0.0);
    SF(cs, n, gC); SF(sn, n, gS);
    rotColsSeq(m, n, cs, sn, t, m, true);
    // lower → upper: rotations from the left, on the columns of U
    for (let i = 1; i <= n - 1; i++) {
      dlartg(F(d, i), F(e, i));
      SF(d, i, gR); SF(e, i, gS * F(d, i + 1)); SF(d, i + 1, gC * F(d, i + 1));
      SF(cs, i, gC); SF(sn, i, gS);
    }
    if (n > 1) rotColsSeq(n, n - 1, cs, sn, u, ldu, true);
  }
  const info = dbdsqr(n, d, e, m, t, m, n, u, ldu, 0, 0, 1, wq);
  // dbdsqr sorts descending; the tree wants ascending: reverse d, U's and T's first n columns
  for (let i = 1, j = n; i < j; i++, j--) {
    const x = F(d, i); SF(d, i, F(d, j)); SF(d, j, x);
    for (let r = 1; r <= n; r++) { const y = G2(u, r, i, ldu); S2(u, r, i, ldu, G2(u, r, j, ldu)); S2(u, r, j, ldu, y); }
    for (let r = 1; r <= m; r++) { const y = G2(t, r, i, m); S2(t, r, i, m, G2(t, r, j, m)); S2(t, r, j, m, y); }
  }
  for (let j = 1; j <= m; j++) for (let i = 1; i <= m; i++) S2(vt, i, j, ldvt, G2(t, j, i, m));
  return info;
}

// ---------------------------------------------------------------- dlaed6, dlasd5, dlasd4

let g6Tau: f64 = 0;   // dlaed6's root (per-call scratch register)

/** One root of the 3-pole rational function (LAPACK dlaed6). Root in g6Tau; returns info. */
function dlaed6(kniter: i32, orgati: bool, rho: f64, d: usize, z: usize, finit: f64): i32 {
  let info = 0;
  let lbd: f64, ubd: f64;
  if (orgati) { lbd = F(d, 2); ubd = F(d, 3); } else { lbd = F(d, 1); ubd = F(d, 2); }
  if (finit < 0.0) lbd = 0.0; else ubd = 0.0;
  let niter = 1;
  let tau: f64 = 0.0;
  let a: f64, b: f64, c: f64, temp: f64;
  if (kniter == 2) {
    if (orgati) {
      temp = (F(d, 3) - F(d, 2)) / 2.0;
      c = rho + F(z, 1) / ((F(d, 1) - F(d, 2)) - temp);
      a = c * (F(d, 2) + F(d, 3)) + F(z, 2) + F(z, 3);
      b = c * F(d, 2) * F(d, 3) + F(z, 2) * F(d, 3) + F(z, 3) * F(d, 2);
    } else {
      temp = (F(d, 1) - F(d, 2)) / 2.0;
      c = rho + F(z, 3) / ((F(d, 3) - F(d, 2)) - temp);
      a = c * (F(d, 1) + F(d, 2)) + F(z, 1) + F(z, 2);
      b = c * F(d, 1) * F(d, 2) + F(z, 1) * F(d, 2) + F(z, 2) * F(d, 1);
    }
    temp = max(abs(a), max(abs(b), abs(c)));
    a /= temp; b /= temp; c /= temp;
    if (c == 0.0) tau = b / a;
    else if (a <= 0.0) tau = (a - sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
    else tau = 2.0 * b / (a + sqrt(abs(a * a - 4.0 * b * c)));
    if (tau < lbd || tau > ubd) tau = (lbd + ubd) / 2.0;
    if (F(d, 1) == tau || F(d, 2) == tau || F(d, 3) == tau) tau = 0.0;
    else {
      temp = finit + tau * F(z, 1) / (F(d, 1) * (F(d, 1) - tau)) +
        tau * F(z, 2) / (F(d, 2) * (F(d, 2) - tau)) +
        tau * F(z, 3) / (F(d, 3) * (F(d, 3) - tau));
      if (temp <= 0.0) lbd = tau; else ubd = tau;
      if (abs(finit) <= abs(temp)) tau = 0.0;
    }
  }
  // small1 = 2^int(log2(safmin)/3) = 2^-340
  const small1: f64 = Math.pow(2.0, <f64>(<i32>(Math.log(SAFMIN) / Math.log(2.0) / 3.0)));
  const sminv1 = 1.0 / small1;
  const small2 = small1 * small1, sminv2 = sminv1 * sminv1;
  if (orgati) temp = min(abs(F(d, 2) - tau), abs(F(d, 3) - tau));
  else temp = min(abs(F(d, 1) - tau), abs(F(d, 2) - tau));
  let scale = false;
  let sclfac: f64 = 1, sclinv: f64 = 1;
  let ds1 = F(d, 1), ds2 = F(d, 2), ds3 = F(d, 3);
  let zs1 = F(z, 1), zs2 = F(z, 2), zs3 = F(z, 3);
  if (temp <= small1) {
    scale = true;
    if (temp <= small2) { sclfac = sminv2; sclinv = small2; }
    else { sclfac = sminv1; sclinv = small1; }
    ds1 *= sclfac; ds2 *= sclfac; ds3 *= sclfac;
    zs1 *= sclfac; zs2 *= sclfac; zs3 *= sclfac;
    tau *= sclfac; lbd *= sclfac; ubd *= sclfac;
  }
  let fc: f64 = 0, df: f64 = 0, ddf: f64 = 0;
  {
    let t = 1.0 / (ds1 - tau); let t1 = zs1 * t; let t2 = t1 * t; let t3 = t2 * t;
    fc += t1 / ds1; df += t2; ddf += t3;
    t = 1.0 / (ds2 - tau); t1 = zs2 * t; t2 = t1 * t; t3 = t2 * t;
    fc += t1 / ds2; df += t2; ddf += t3;
    t = 1.0 / (ds3 - tau); t1 = zs3 * t; t2 = t1 * t; t3 = t2 * t;
    fc += t1 / ds3; df += t2; ddf += t3;
  }
  let f = finit + tau * fc;
  if (abs(f) <= 0.0) { g6Tau = scale ? tau * sclinv : tau; return 0; }
  if (f <= 0.0) lbd = tau; else ubd = tau;
  let done = false;
  for (niter = niter + 1; niter <= 40; niter++) {
    let t1: f64, t2: f64;
    if (orgati) { t1 = ds2 - tau; t2 = ds3 - tau; } else { t1 = ds1 - tau; t2 = ds2 - tau; }
    a = (t1 + t2) * f - t1 * t2 * df;
    b = t1 * t2 * f;
    c = f - (t1 + t2) * df + t1 * t2 * ddf;
    temp = max(abs(a), max(abs(b), abs(c)));
    a /= temp; b /= temp; c /= temp;
    let eta: f64;
    if (c == 0.0) eta = b / a;
    else if (a <= 0.0) eta = (a - sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
    else eta = 2.0 * b / (a + sqrt(abs(a * a - 4.0 * b * c)));
    if (f * eta >= 0.0) eta = -f / df;
    tau += eta;
    if (tau < lbd || tau > ubd) tau = (lbd + ubd) / 2.0;
    fc = 0; let erretm: f64 = 0; df = 0; ddf = 0;
    let hit = false;
    for (let i = 1; i <= 3; i++) {
      const dsi = i == 1 ? ds1 : (i == 2 ? ds2 : ds3);
      const zsi = i == 1 ? zs1 : (i == 2 ? zs2 : zs3);
      if (dsi - tau != 0.0) {
        const tt = 1.0 / (dsi - tau);
        const tt1 = zsi * tt, tt2 = tt1 * tt, tt3 = tt2 * tt, tt4 = tt1 / dsi;
        fc += tt4; erretm += abs(tt4); df += tt2; ddf += tt3;
      } else { hit = true; break; }
    }
    if (hit) { done = true; break; }
    f = finit + tau * fc;
    erretm = 8.0 * (abs(finit) + abs(tau) * erretm) + abs(tau) * df;
    if (abs(f) <= 4.0 * EPS * erretm || (ubd - lbd) <= 4.0 * EPS * abs(tau)) { done = true; break; }
    if (f <= 0.0) lbd = tau; else ubd = tau;
  }
  if (!done) info = 1;
  g6Tau = scale ? tau * sclinv : tau;
  return info;
}

/**
 * i-th (1 or 2) root of the 2×2 secular equation (LAPACK dlasd5): σ into *sigma, DELTA(j) = D(j) − σ,
 * WORK(j) = D(j) + σ.
 */
function dlasd5(i: i32, d: usize, z: usize, delta: usize, rho: f64, sigma: usize, work: usize): void {
  const del = F(d, 2) - F(d, 1);
  const delsq = del * (F(d, 2) + F(d, 1));
  let b: f64, c: f64, tau: f64;
  if (i == 1) {
    const w = 1.0 + 4.0 * rho * (F(z, 2) * F(z, 2) / (F(d, 1) + 3.0 * F(d, 2)) - F(z, 1) * F(z, 1) / (3.0 * F(d, 1) + F(d, 2))) / del;
    if (w > 0.0) {
      b = delsq + rho * (F(z, 1) * F(z, 1) + F(z, 2) * F(z, 2));
      c = rho * F(z, 1) * F(z, 1) * delsq;
      tau = 2.0 * c / (b + sqrt(abs(b * b - 4.0 * c)));
      tau = tau / (F(d, 1) + sqrt(F(d, 1) * F(d, 1) + tau));
      store<f64>(sigma, F(d, 1) + tau);
      SF(delta, 1, -tau);
      SF(delta, 2, del - tau);
      SF(work, 1, 2.0 * F(d, 1) + tau);
      SF(work, 2, (F(d, 1) + tau) + F(d, 2));
    } else {
      b = -delsq + rho * (F(z, 1) * F(z, 1) + F(z, 2) * F(z, 2));
      c = rho * F(z, 2) * F(z, 2) * delsq;
      if (b > 0.0) tau = -2.0 * c / (b + sqrt(b * b + 4.0 * c));
      else tau = (b - sqrt(b * b + 4.0 * c)) / 2.0;
      tau = tau / (F(d, 2) + sqrt(abs(F(d, 2) * F(d, 2) + tau)));
      store<f64>(sigma, F(d, 2) + tau);
      SF(delta, 1, -(del + tau));
      SF(delta, 2, -tau);
      SF(work, 1, F(d, 1) + tau + F(d, 2));
      SF(work, 2, 2.0 * F(d, 2) + tau);
    }
  } else {
    b = -delsq + rho * (F(z, 1) * F(z, 1) + F(z, 2) * F(z, 2));
    c = rho * F(z, 2) * F(z, 2) * delsq;
    if (b > 0.0) tau = (b + sqrt(b * b + 4.0 * c)) / 2.0;
    else tau = 2.0 * c / (-b + sqrt(b * b + 4.0 * c));
    tau = tau / (F(d, 2) + sqrt(F(d, 2) * F(d, 2) + tau));
    store<f64>(sigma, F(d, 2) + tau);
    SF(delta, 1, -(del + tau));
    SF(delta, 2, -tau);
    SF(work, 1, F(d, 1) + tau + F(d, 2));
    SF(work, 2, 2.0 * F(d, 2) + tau);
  }
}

/**
 * i-th root σ of the secular equation 1 + ρ Σ z_j² / ((d_j − σ)(d_j + σ)) = 0, 0 ≤ d_1 < … < d_n,
 * ‖z‖ = 1, ρ > 0 (LAPACK dlasd4). σ → *sigma, DELTA(j) = d_j − σ, WORK(j) = d_j + σ (computed
 * without cancellation). Returns 0, or 1 when the iteration did not converge. `dd`, `zz`: 3 slots each.
 */
function dlasd4(n: i32, i: i32, d: usize, z: usize, delta: usize, rho: f64, sigma: usize, work: usize, dd: usize, zz: usize): i32 {
  if (n == 1) {
    store<f64>(sigma, sqrt(F(d, 1) * F(d, 1) + rho * F(z, 1) * F(z, 1)));
    SF(delta, 1, 1.0);
    SF(work, 1, 1.0);
    return 0;
  }
  if (n == 2) { dlasd5(i, d, z, delta, rho, sigma, work); return 0; }
  const rhoinv = 1.0 / rho;
  let tau2: f64 = 0;
  let tau: f64, temp: f64, temp1: f64, temp2: f64, a: f64, b: f64, c: f64, w: f64, eta: f64;
  let psi: f64, dpsi: f64, phi: f64, dphi: f64, erretm: f64, sig: f64;
  let ii: i32, niter: i32;
  if (i == n) {
    ii = n - 1;
    niter = 1;
    temp = rho / 2.0;
    temp1 = temp / (F(d, n) + sqrt(F(d, n) * F(d, n) + temp));
    for (let j = 1; j <= n; j++) {
      SF(work, j, F(d, j) + F(d, n) + temp1);
      SF(delta, j, (F(d, j) - F(d, n)) - temp1);
    }
    psi = 0;
    for (let j = 1; j <= n - 2; j++) psi += F(z, j) * F(z, j) / (F(delta, j) * F(work, j));
    c = rhoinv + psi;
    w = c + F(z, ii) * F(z, ii) / (F(delta, ii) * F(work, ii)) + F(z, n) * F(z, n) / (F(delta, n) * F(work, n));
    if (w <= 0.0) {
      temp1 = sqrt(F(d, n) * F(d, n) + rho);
      temp = F(z, n - 1) * F(z, n - 1) / ((F(d, n - 1) + temp1) * (F(d, n) - F(d, n - 1) + rho / (F(d, n) + temp1))) +
        F(z, n) * F(z, n) / rho;
      if (c <= temp) tau = rho;
      else {
        const delsq = (F(d, n) - F(d, n - 1)) * (F(d, n) + F(d, n - 1));
        a = -c * delsq + F(z, n - 1) * F(z, n - 1) + F(z, n) * F(z, n);
        b = F(z, n) * F(z, n) * delsq;
        if (a < 0.0) tau2 = 2.0 * b / (sqrt(a * a + 4.0 * b * c) - a);
        else tau2 = (a + sqrt(a * a + 4.0 * b * c)) / (2.0 * c);
        tau = tau2 / (F(d, n) + sqrt(F(d, n) * F(d, n) + tau2));
      }
    } else {
      const delsq = (F(d, n) - F(d, n - 1)) * (F(d, n) + F(d, n - 1));
      a = -c * delsq + F(z, n - 1) * F(z, n - 1) + F(z, n) * F(z, n);
      b = F(z, n) * F(z, n) * delsq;
      if (a < 0.0) tau2 = 2.0 * b / (sqrt(a * a + 4.0 * b * c) - a);
      else tau2 = (a + sqrt(a * a + 4.0 * b * c)) / (2.0 * c);
      tau = tau2 / (F(d, n) + sqrt(F(d, n) * F(d, n) + tau2));
    }
    sig = F(d, n) + tau;
    for (let j = 1; j <= n; j++) {
      SF(delta, j, (F(d, j) - F(d, n)) - tau);
      SF(work, j, F(d, j) + F(d, n) + tau);
    }
    dpsi = 0; psi = 0; erretm = 0;
    for (let j = 1; j <= ii; j++) {
      temp = F(z, j) / (F(delta, j) * F(work, j));
      psi += F(z, j) * temp;
      dpsi += temp * temp;
      erretm += psi;
    }
    erretm = abs(erretm);
    temp = F(z, n) / (F(delta, n) * F(work, n));
    phi = F(z, n) * temp;
    dphi = temp * temp;
    erretm = 8.0 * (-phi - psi) + erretm - phi + rhoinv;
    w = rhoinv + phi + psi;
    if (abs(w) <= EPS * erretm) { store<f64>(sigma, sig); return 0; }
    niter++;
    let dtnsq1 = F(work, n - 1) * F(delta, n - 1);
    let dtnsq = F(work, n) * F(delta, n);
    c = w - dtnsq1 * dpsi - dtnsq * dphi;
    a = (dtnsq + dtnsq1) * w - dtnsq * dtnsq1 * (dpsi + dphi);
    b = dtnsq * dtnsq1 * w;
    if (c < 0.0) c = abs(c);
    if (c == 0.0) eta = rho - sig * sig;
    else if (a >= 0.0) eta = (a + sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
    else eta = 2.0 * b / (a - sqrt(abs(a * a - 4.0 * b * c)));
    if (w * eta > 0.0) eta = -w / (dpsi + dphi);
    temp = eta - dtnsq;
    if (temp > rho) eta = rho + dtnsq;
    eta = eta / (sig + sqrt(eta + sig * sig));
    tau += eta;
    sig += eta;
    for (let j = 1; j <= n; j++) { SF(delta, j, F(delta, j) - eta); SF(work, j, F(work, j) + eta); }
    dpsi = 0; psi = 0; erretm = 0;
    for (let j = 1; j <= ii; j++) {
      temp = F(z, j) / (F(work, j) * F(delta, j));
      psi += F(z, j) * temp;
      dpsi += temp * temp;
      erretm += psi;
    }
    erretm = abs(erretm);
    tau2 = F(work, n) * F(delta, n);
    temp = F(z, n) / tau2;
    phi = F(z, n) * temp;
    dphi = temp * temp;
    erretm = 8.0 * (-phi - psi) + erretm - phi + rhoinv;
    w = rhoinv + phi + psi;
    for (niter = niter + 1; niter <= 400; niter++) {
      if (abs(w) <= EPS * erretm) { store<f64>(sigma, sig); return 0; }
      dtnsq1 = F(work, n - 1) * F(delta, n - 1);
      dtnsq = F(work, n) * F(delta, n);
      c = w - dtnsq1 * dpsi - dtnsq * dphi;
      a = (dtnsq + dtnsq1) * w - dtnsq1 * dtnsq * (dpsi + dphi);
      b = dtnsq1 * dtnsq * w;
      if (a >= 0.0) eta = (a + sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
      else eta = 2.0 * b / (a - sqrt(abs(a * a - 4.0 * b * c)));
      if (w * eta > 0.0) eta = -w / (dpsi + dphi);
      temp = eta - dtnsq;
      if (temp <= 0.0) eta = eta / 2.0;
      eta = eta / (sig + sqrt(eta + sig * sig));
      tau += eta;
      sig += eta;
      for (let j = 1; j <= n; j++) { SF(delta, j, F(delta, j) - eta); SF(work, j, F(work, j) + eta); }
      dpsi = 0; psi = 0; erretm = 0;
      for (let j = 1; j <= ii; j++) {
        temp = F(z, j) / (F(work, j) * F(delta, j));
        psi += F(z, j) * temp;
        dpsi += temp * temp;
        erretm += psi;
      }
      erretm = abs(erretm);
      tau2 = F(work, n) * F(delta, n);
      temp = F(z, n) / tau2;
      phi = F(z, n) * temp;
      dphi = temp * temp;
      erretm = 8.0 * (-phi - psi) + erretm - phi + rhoinv;
      w = rhoinv + phi + psi;
    }
    store<f64>(sigma, sig);
    return 1;
  }
  // 1 ≤ i < n: the root lies in (d_i, d_{i+1})
  niter = 1;
  const ip1 = i + 1;
  const delsq = (F(d, ip1) - F(d, i)) * (F(d, ip1) + F(d, i));
  const delsq2 = delsq / 2.0;
  const sq2 = sqrt((F(d, i) * F(d, i) + F(d, ip1) * F(d, ip1)) / 2.0);
  temp = delsq2 / (F(d, i) + sq2);
  for (let j = 1; j <= n; j++) {
    SF(work, j, F(d, j) + F(d, i) + temp);
    SF(delta, j, (F(d, j) - F(d, i)) - temp);
  }
  psi = 0;
  for (let j = 1; j <= i - 1; j++) psi += F(z, j) * F(z, j) / (F(work, j) * F(delta, j));
  phi = 0;
  for (let j = n; j >= i + 2; j--) phi += F(z, j) * F(z, j) / (F(work, j) * F(delta, j));
  c = rhoinv + psi + phi;
  w = c + F(z, i) * F(z, i) / (F(work, i) * F(delta, i)) + F(z, ip1) * F(z, ip1) / (F(work, ip1) * F(delta, ip1));
  let geomavg = false;
  let orgati: bool;
  let sglb: f64, sgub: f64;
  if (w > 0.0) {
    orgati = true;
    ii = i;
    sglb = 0.0;
    sgub = delsq2 / (F(d, i) + sq2);
    a = c * delsq + F(z, i) * F(z, i) + F(z, ip1) * F(z, ip1);
    b = F(z, i) * F(z, i) * delsq;
    if (a > 0.0) tau2 = 2.0 * b / (a + sqrt(abs(a * a - 4.0 * b * c)));
    else tau2 = (a - sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
    tau = tau2 / (F(d, i) + sqrt(F(d, i) * F(d, i) + tau2));
    temp = sqrt(EPS);
    if (F(d, i) <= temp * F(d, ip1) && abs(F(z, i)) <= temp && F(d, i) > 0.0) {
      tau = min(10.0 * F(d, i), sgub);
      geomavg = true;
    }
  } else {
    orgati = false;
    ii = ip1;
    sglb = -delsq2 / (F(d, ii) + sq2);
    sgub = 0.0;
    a = c * delsq - F(z, i) * F(z, i) - F(z, ip1) * F(z, ip1);
    b = F(z, ip1) * F(z, ip1) * delsq;
    if (a < 0.0) tau2 = 2.0 * b / (a - sqrt(abs(a * a + 4.0 * b * c)));
    else tau2 = -(a + sqrt(abs(a * a + 4.0 * b * c))) / (2.0 * c);
    tau = tau2 / (F(d, ip1) + sqrt(abs(F(d, ip1) * F(d, ip1) + tau2)));
  }
  sig = F(d, ii) + tau;
  for (let j = 1; j <= n; j++) {
    SF(work, j, F(d, j) + F(d, ii) + tau);
    SF(delta, j, (F(d, j) - F(d, ii)) - tau);
  }
  const iim1 = ii - 1, iip1 = ii + 1;
  dpsi = 0; psi = 0; erretm = 0;
  for (let j = 1; j <= iim1; j++) {
    temp = F(z, j) / (F(work, j) * F(delta, j));
    psi += F(z, j) * temp;
    dpsi += temp * temp;
    erretm += psi;
  }
  erretm = abs(erretm);
  dphi = 0; phi = 0;
  for (let j = n; j >= iip1; j--) {
    temp = F(z, j) / (F(work, j) * F(delta, j));
    phi += F(z, j) * temp;
    dphi += temp * temp;
    erretm += phi;
  }
  w = rhoinv + phi + psi;
  let swtch3 = false;
  if (orgati) { if (w < 0.0) swtch3 = true; }
  else { if (w > 0.0) swtch3 = true; }
  if (ii == 1 || ii == n) swtch3 = false;
  temp = F(z, ii) / (F(work, ii) * F(delta, ii));
  let dw = dpsi + dphi + temp * temp;
  temp = F(z, ii) * temp;
  w += temp;
  erretm = 8.0 * (phi - psi) + erretm + 2.0 * rhoinv + 3.0 * abs(temp);
  if (abs(w) <= EPS * erretm) { store<f64>(sigma, sig); return 0; }
  if (w <= 0.0) sglb = max(sglb, tau); else sgub = min(sgub, tau);
  niter++;
  let dtipsq: f64, dtisq: f64, dtiim: f64, dtiip: f64;
  if (!swtch3) {
    dtipsq = F(work, ip1) * F(delta, ip1);
    dtisq = F(work, i) * F(delta, i);
    if (orgati) { const q = F(z, i) / dtisq; c = w - dtipsq * dw + delsq * q * q; }
    else { const q = F(z, ip1) / dtipsq; c = w - dtisq * dw - delsq * q * q; }
    a = (dtipsq + dtisq) * w - dtipsq * dtisq * dw;
    b = dtipsq * dtisq * w;
    if (c == 0.0) {
      if (a == 0.0) {
        if (orgati) a = F(z, i) * F(z, i) + dtipsq * dtipsq * (dpsi + dphi);
        else a = F(z, ip1) * F(z, ip1) + dtisq * dtisq * (dpsi + dphi);
      }
      eta = b / a;
    } else if (a <= 0.0) eta = (a - sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
    else eta = 2.0 * b / (a + sqrt(abs(a * a - 4.0 * b * c)));
  } else {
    dtiim = F(work, iim1) * F(delta, iim1);
    dtiip = F(work, iip1) * F(delta, iip1);
    temp = rhoinv + psi + phi;
    if (orgati) {
      temp1 = F(z, iim1) / dtiim;
      temp1 = temp1 * temp1;
      c = (temp - dtiip * (dpsi + dphi)) - (F(d, iim1) - F(d, iip1)) * (F(d, iim1) + F(d, iip1)) * temp1;
      SF(zz, 1, F(z, iim1) * F(z, iim1));
      if (dpsi < temp1) SF(zz, 3, dtiip * dtiip * dphi);
      else SF(zz, 3, dtiip * dtiip * ((dpsi - temp1) + dphi));
    } else {
      temp1 = F(z, iip1) / dtiip;
      temp1 = temp1 * temp1;
      c = (temp - dtiim * (dpsi + dphi)) - (F(d, iip1) - F(d, iim1)) * (F(d, iim1) + F(d, iip1)) * temp1;
      if (dphi < temp1) SF(zz, 1, dtiim * dtiim * dpsi);
      else SF(zz, 1, dtiim * dtiim * (dpsi + (dphi - temp1)));
      SF(zz, 3, F(z, iip1) * F(z, iip1));
    }
    SF(zz, 2, F(z, ii) * F(z, ii));
    SF(dd, 1, dtiim);
    SF(dd, 2, F(delta, ii) * F(work, ii));
    SF(dd, 3, dtiip);
    const inf6 = dlaed6(niter, orgati, c, dd, zz, w);
    eta = g6Tau;
    if (inf6 != 0) {
      swtch3 = false;
      dtipsq = F(work, ip1) * F(delta, ip1);
      dtisq = F(work, i) * F(delta, i);
      if (orgati) { const q = F(z, i) / dtisq; c = w - dtipsq * dw + delsq * q * q; }
      else { const q = F(z, ip1) / dtipsq; c = w - dtisq * dw - delsq * q * q; }
      a = (dtipsq + dtisq) * w - dtipsq * dtisq * dw;
      b = dtipsq * dtisq * w;
      if (c == 0.0) {
        if (a == 0.0) {
          if (orgati) a = F(z, i) * F(z, i) + dtipsq * dtipsq * (dpsi + dphi);
          else a = F(z, ip1) * F(z, ip1) + dtisq * dtisq * (dpsi + dphi);
        }
        eta = b / a;
      } else if (a <= 0.0) eta = (a - sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
      else eta = 2.0 * b / (a + sqrt(abs(a * a - 4.0 * b * c)));
    }
  }
  if (w * eta >= 0.0) eta = -w / dw;
  eta = eta / (sig + sqrt(sig * sig + eta));
  temp = tau + eta;
  if (temp > sgub || temp < sglb) {
    if (w < 0.0) eta = (sgub - tau) / 2.0;
    else eta = (sglb - tau) / 2.0;
    if (geomavg) {
      if (w < 0.0) { if (tau > 0.0) eta = sqrt(sgub * tau) - tau; }
      else { if (sglb > 0.0) eta = sqrt(sglb * tau) - tau; }
    }
  }
  let prew = w;
  tau += eta;
  sig += eta;
  for (let j = 1; j <= n; j++) { SF(work, j, F(work, j) + eta); SF(delta, j, F(delta, j) - eta); }
  dpsi = 0; psi = 0; erretm = 0;
  for (let j = 1; j <= iim1; j++) {
    temp = F(z, j) / (F(work, j) * F(delta, j));
    psi += F(z, j) * temp;
    dpsi += temp * temp;
    erretm += psi;
  }
  erretm = abs(erretm);
  dphi = 0; phi = 0;
  for (let j = n; j >= iip1; j--) {
    temp = F(z, j) / (F(work, j) * F(delta, j));
    phi += F(z, j) * temp;
    dphi += temp * temp;
    erretm += phi;
  }
  tau2 = F(work, ii) * F(delta, ii);
  temp = F(z, ii) / tau2;
  dw = dpsi + dphi + temp * temp;
  temp = F(z, ii) * temp;
  w = rhoinv + phi + psi + temp;
  erretm = 8.0 * (phi - psi) + erretm + 2.0 * rhoinv + 3.0 * abs(temp);
  let swtch = false;
  if (orgati) { if (-w > abs(prew) / 10.0) swtch = true; }
  else { if (w > abs(prew) / 10.0) swtch = true; }
  for (niter = niter + 1; niter <= 400; niter++) {
    if (abs(w) <= EPS * erretm) { store<f64>(sigma, sig); return 0; }
    if (w <= 0.0) sglb = max(sglb, tau); else sgub = min(sgub, tau);
    if (!swtch3) {
      dtipsq = F(work, ip1) * F(delta, ip1);
      dtisq = F(work, i) * F(delta, i);
      if (!swtch) {
        if (orgati) { const q = F(z, i) / dtisq; c = w - dtipsq * dw + delsq * q * q; }
        else { const q = F(z, ip1) / dtipsq; c = w - dtisq * dw - delsq * q * q; }
      } else {
        temp = F(z, ii) / (F(work, ii) * F(delta, ii));
        if (orgati) dpsi += temp * temp; else dphi += temp * temp;
        c = w - dtisq * dpsi - dtipsq * dphi;
      }
      a = (dtipsq + dtisq) * w - dtipsq * dtisq * dw;
      b = dtipsq * dtisq * w;
      if (c == 0.0) {
        if (a == 0.0) {
          if (!swtch) {
            if (orgati) a = F(z, i) * F(z, i) + dtipsq * dtipsq * (dpsi + dphi);
            else a = F(z, ip1) * F(z, ip1) + dtisq * dtisq * (dpsi + dphi);
          } else a = dtisq * dtisq * dpsi + dtipsq * dtipsq * dphi;
        }
        eta = b / a;
      } else if (a <= 0.0) eta = (a - sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
      else eta = 2.0 * b / (a + sqrt(abs(a * a - 4.0 * b * c)));
    } else {
      dtiim = F(work, iim1) * F(delta, iim1);
      dtiip = F(work, iip1) * F(delta, iip1);
      temp = rhoinv + psi + phi;
      if (swtch) {
        c = temp - dtiim * dpsi - dtiip * dphi;
        SF(zz, 1, dtiim * dtiim * dpsi);
        SF(zz, 3, dtiip * dtiip * dphi);
      } else {
        if (orgati) {
          temp1 = F(z, iim1) / dtiim;
          temp1 = temp1 * temp1;
          temp2 = (F(d, iim1) - F(d, iip1)) * (F(d, iim1) + F(d, iip1)) * temp1;
          c = temp - dtiip * (dpsi + dphi) - temp2;
          SF(zz, 1, F(z, iim1) * F(z, iim1));
          if (dpsi < temp1) SF(zz, 3, dtiip * dtiip * dphi);
          else SF(zz, 3, dtiip * dtiip * ((dpsi - temp1) + dphi));
        } else {
          temp1 = F(z, iip1) / dtiip;
          temp1 = temp1 * temp1;
          temp2 = (F(d, iip1) - F(d, iim1)) * (F(d, iim1) + F(d, iip1)) * temp1;
          c = temp - dtiim * (dpsi + dphi) - temp2;
          if (dphi < temp1) SF(zz, 1, dtiim * dtiim * dpsi);
          else SF(zz, 1, dtiim * dtiim * (dpsi + (dphi - temp1)));
          SF(zz, 3, F(z, iip1) * F(z, iip1));
        }
      }
      SF(dd, 1, dtiim);
      SF(dd, 2, F(delta, ii) * F(work, ii));
      SF(dd, 3, dtiip);
      const inf6 = dlaed6(niter, orgati, c, dd, zz, w);
      eta = g6Tau;
      if (inf6 != 0) {
        swtch3 = false;
        dtipsq = F(work, ip1) * F(delta, ip1);
        dtisq = F(work, i) * F(delta, i);
        if (!swtch) {
          if (orgati) { const q = F(z, i) / dtisq; c = w - dtipsq * dw + delsq * q * q; }
          else { const q = F(z, ip1) / dtipsq; c = w - dtisq * dw - delsq * q * q; }
        } else {
          temp = F(z, ii) / (F(work, ii) * F(delta, ii));
          if (orgati) dpsi += temp * temp; else dphi += temp * temp;
          c = w - dtisq * dpsi - dtipsq * dphi;
        }
        a = (dtipsq + dtisq) * w - dtipsq * dtisq * dw;
        b = dtipsq * dtisq * w;
        if (c == 0.0) {
          if (a == 0.0) {
            if (!swtch) {
              if (orgati) a = F(z, i) * F(z, i) + dtipsq * dtipsq * (dpsi + dphi);
              else a = F(z, ip1) * F(z, ip1) + dtisq * dtisq * (dpsi + dphi);
            } else a = dtisq * dtisq * dpsi + dtipsq * dtipsq * dphi;
          }
          eta = b / a;
        } else if (a <= 0.0) eta = (a - sqrt(abs(a * a - 4.0 * b * c))) / (2.0 * c);
        else eta = 2.0 * b / (a + sqrt(abs(a * a - 4.0 * b * c)));
      }
    }
    if (w * eta >= 0.0) eta = -w / dw;
    eta = eta / (sig + sqrt(sig * sig + eta));
    temp = tau + eta;
    if (temp > sgub || temp < sglb) {
      if (w < 0.0) eta = (sgub - tau) / 2.0;
      else eta = (sglb - tau) / 2.0;
      if (geomavg) {
        if (w < 0.0) { if (tau > 0.0) eta = sqrt(sgub * tau) - tau; }
        else { if (sglb > 0.0) eta = sqrt(sglb * tau) - tau; }
      }
    }
    prew = w;
    tau += eta;
    sig += eta;
    for (let j = 1; j <= n; j++) { SF(work, j, F(work, j) + eta); SF(delta, j, F(delta, j) - eta); }
    dpsi = 0; psi = 0; erretm = 0;
    for (let j = 1; j <= iim1; j++) {
      temp = F(z, j) / (F(work, j) * F(delta, j));
      psi += F(z, j) * temp;
      dpsi += temp * temp;
      erretm += psi;
    }
    erretm = abs(erretm);
    dphi = 0; phi = 0;
    for (let j = n; j >= iip1; j--) {
      temp = F(z, j) / (F(work, j) * F(delta, j));
      phi += F(z, j) * temp;
      dphi += temp * temp;
      erretm += phi;
    }
    tau2 = F(work, ii) * F(delta, ii);
    temp = F(z, ii) / tau2;
    dw = dpsi + dphi + temp * temp;
    temp = F(z, ii) * temp;
    w = rhoinv + phi + psi + temp;
    erretm = 8.0 * (phi - psi) + erretm + 2.0 * rhoinv + 3.0 * abs(temp);
    if (w * prew > 0.0 && abs(w) > abs(prew) / 10.0) swtch = !swtch;
  }
  store<f64>(sigma, sig);
  return 1;
}

// ---------------------------------------------------------------- dlasd2 (deflation)

/**
 * Deflation of the merged problem (LAPACK dlasd2). N = nl+nr+1, M = N+sqre. Returns K.
 * ctot: 4 i32 slots (COLTYP(1..4) on exit, as in LAPACK).
 */
function dlasd2(nl: i32, nr: i32, sqre: i32, d: usize, z: usize, alpha: f64, beta: f64,
  u: usize, ldu: i32, vt: usize, ldvt: i32, dsigma: usize, u2: usize, ldu2: i32, vt2: usize, ldvt2: i32,
  idxp: usize, idx: usize, idxc: usize, idxq: usize, coltyp: usize, ctot: usize, psm: usize): i32 {
  const n = nl + nr + 1;
  const m = n + sqre;
  const nlp1 = nl + 1, nlp2 = nl + 2;
  const z1 = alpha * G2(vt, nlp1, nlp1, ldvt);
  SF(z, 1, z1);
  for (let i = nl; i >= 1; i--) {
    SF(z, i + 1, alpha * G2(vt, i, nlp1, ldvt));
    SF(d, i + 1, F(d, i));
    SI(idxq, i + 1, I(idxq, i) + 1);
  }
  for (let i = nlp2; i <= m; i++) SF(z, i, beta * G2(vt, i, nlp2, ldvt));
  for (let i = 2; i <= nlp1; i++) SI(coltyp, i, 1);
  for (let i = nlp2; i <= n; i++) SI(coltyp, i, 2);
  for (let i = nlp2; i <= n; i++) SI(idxq, i, I(idxq, i) + nlp1);
  for (let i = 2; i <= n; i++) {
    SF(dsigma, i, F(d, I(idxq, i)));
    S2(u2, i, 1, ldu2, F(z, I(idxq, i)));
    SI(idxc, i, I(coltyp, I(idxq, i)));
  }
  dlamrg(nl, nr, PF(dsigma, 2), 1, 1, PI(idx, 2));
  for (let i = 2; i <= n; i++) {
    const idxi = 1 + I(idx, i);
    SF(d, i, F(dsigma, idxi));
    SF(z, i, G2(u2, idxi, 1, ldu2));
    SI(coltyp, i, I(idxc, idxi));
  }
  let tol = max(abs(alpha), abs(beta));
  tol = 64.0 * EPS * max(abs(F(d, n)), tol);
  let k = 1;
  let k2 = n + 1;
  let jprev = 0;
  let allDeflated = false;
  let j = 2;
  for (; j <= n; j++) {
    if (abs(F(z, j)) <= tol) {
      k2--;
      SI(idxp, k2, j);
      SI(coltyp, j, 4);
      if (j == n) { allDeflated = true; break; }
    } else {
      jprev = j;
      break;
    }
  }
  if (!allDeflated) {
    j = jprev;
    while (true) {
      j++;
      if (j > n) break;
      if (abs(F(z, j)) <= tol) {
        k2--;
        SI(idxp, k2, j);
        SI(coltyp, j, 4);
      } else {
        if (F(d, j) - F(d, jprev) <= tol) {
          let s = F(z, jprev);
          let c = F(z, j);
          const tau = hypot2(c, s);
          c = c / tau;
          s = -s / tau;
          SF(z, j, tau);
          SF(z, jprev, 0.0);
          let idxjp = I(idxq, I(idx, jprev) + 1);
          let idxj = I(idxq, I(idx, j) + 1);
          if (idxjp <= nlp1) idxjp--;
          if (idxj <= nlp1) idxj--;
          drot(n, A2(u, 1, idxjp, ldu), 1, A2(u, 1, idxj, ldu), 1, c, s);
          drot(m, A2(vt, idxjp, 1, ldvt), ldvt, A2(vt, idxj, 1, ldvt), ldvt, c, s);
          if (I(coltyp, j) != I(coltyp, jprev)) SI(coltyp, j, 3);
          SI(coltyp, jprev, 4);
          k2--;
          for (let jp = jprev; jp <= j - 1; jp++) SI(idxp, k2 + j - 1 - jp, jp);
          jprev = j;
        } else {
          k++;
          S2(u2, k, 1, ldu2, F(z, jprev));
          SF(dsigma, k, F(d, jprev));
          SI(idxp, k, jprev);
          jprev = j;
        }
      }
    }
    k++;
    S2(u2, k, 1, ldu2, F(z, jprev));
    SF(dsigma, k, F(d, jprev));
    SI(idxp, k, jprev);
  }
  for (let jj = 1; jj <= 4; jj++) SI(ctot, jj, 0);
  for (let jj = 2; jj <= n; jj++) { const ct = I(coltyp, jj); SI(ctot, ct, I(ctot, ct) + 1); }
  SI(psm, 1, 2);
  SI(psm, 2, 2 + I(ctot, 1));
  SI(psm, 3, I(psm, 2) + I(ctot, 2));
  SI(psm, 4, I(psm, 3) + I(ctot, 3));
  for (let jj = 2; jj <= n; jj++) {
    const jp = I(idxp, jj);
    const ct = I(coltyp, jp);
    SI(idxc, I(psm, ct), jj);
    SI(psm, ct, I(psm, ct) + 1);
  }
  for (let jj = 2; jj <= n; jj++) {
    const jp = I(idxp, jj);
    SF(dsigma, jj, F(d, jp));
    let idxj = I(idxq, I(idx, I(idxp, I(idxc, jj))) + 1);
    if (idxj <= nlp1) idxj--;
    dcopy(n, A2(u, 1, idxj, ldu), 1, A2(u2, 1, jj, ldu2), 1);
    dcopy(m, A2(vt, idxj, 1, ldvt), ldvt, A2(vt2, jj, 1, ldvt2), ldvt2);
  }
  SF(dsigma, 1, 0.0);
  const hlftol = tol / 2.0;
  if (abs(F(dsigma, 2)) <= hlftol) SF(dsigma, 2, hlftol);
  let c: f64 = 1.0, s: f64 = 0.0;
  if (m > n) {
    SF(z, 1, hypot2(z1, F(z, m)));
    if (F(z, 1) <= tol) { c = 1.0; s = 0.0; SF(z, 1, tol); }
    else { c = z1 / F(z, 1); s = F(z, m) / F(z, 1); }
  } else {
    if (abs(z1) <= tol) SF(z, 1, tol); else SF(z, 1, z1);
  }
  dcopy(k - 1, A2(u2, 2, 1, ldu2), 1, PF(z, 2), 1);
  for (let i = 1; i <= n; i++) S2(u2, i, 1, ldu2, 0.0);
  S2(u2, nlp1, 1, ldu2, 1.0);
  if (m > n) {
    for (let i = 1; i <= nlp1; i++) {
      S2(vt, m, i, ldvt, -s * G2(vt, nlp1, i, ldvt));
      S2(vt2, 1, i, ldvt2, c * G2(vt, nlp1, i, ldvt));
    }
    for (let i = nlp2; i <= m; i++) {
      S2(vt2, 1, i, ldvt2, s * G2(vt, m, i, ldvt));
      S2(vt, m, i, ldvt, c * G2(vt, m, i, ldvt));
    }
  } else {
    dcopy(m, A2(vt, nlp1, 1, ldvt), ldvt, A2(vt2, 1, 1, ldvt2), ldvt2);
  }
  if (m > n) dcopy(m, A2(vt, m, 1, ldvt), ldvt, A2(vt2, m, 1, ldvt2), ldvt2);
  if (n > k) {
    dcopy(n - k, PF(dsigma, k + 1), 1, PF(d, k + 1), 1);
    dlacpy(n, n - k, A2(u2, 1, k + 1, ldu2), ldu2, A2(u, 1, k + 1, ldu), ldu);
    dlacpy(n - k, m, A2(vt2, k + 1, 1, ldvt2), ldvt2, A2(vt, k + 1, 1, ldvt), ldvt);
  }
  return k;
}

// ---------------------------------------------------------------- dlasd3 (secular equation + GEMMs)

/** Secular equation and vector update of the merged problem (LAPACK dlasd3). Returns info. */
function dlasd3(nl: i32, nr: i32, sqre: i32, k: i32, d: usize, q: usize, ldq: i32, dsigma: usize,
  u: usize, ldu: i32, u2: usize, ldu2: i32, vt: usize, ldvt: i32, vt2: usize, ldvt2: i32,
  idxc: usize, ctot: usize, z: usize, dd: usize, gw: usize): i32 {
  const n = nl + nr + 1;
  const m = n + sqre;
  const nlp1 = nl + 1, nlp2 = nl + 2;
  if (k == 1) {
    SF(d, 1, abs(F(z, 1)));
    dcopy(m, A2(vt2, 1, 1, ldvt2), ldvt2, A2(vt, 1, 1, ldvt), ldvt);
    if (F(z, 1) > 0.0) dcopy(n, A2(u2, 1, 1, ldu2), 1, A2(u, 1, 1, ldu), 1);
    else for (let i = 1; i <= n; i++) S2(u, i, 1, ldu, -G2(u2, i, 1, ldu2));
    return 0;
  }
  dcopy(k, z, 1, q, 1);
  let rho = nrm2(k, z, 1);
  const rinv = 1.0 / rho;
  for (let i = 1; i <= k; i++) SF(z, i, F(z, i) * rinv);
  rho = rho * rho;
  const zz = dd + 24;
  for (let j = 1; j <= k; j++) {
    const info = dlasd4(k, j, dsigma, z, A2(u, 1, j, ldu), rho, PF(d, j), A2(vt, 1, j, ldvt), dd, zz);
    if (info != 0) return info;
  }
  for (let i = 1; i <= k; i++) {
    let zi = G2(u, i, k, ldu) * G2(vt, i, k, ldvt);
    for (let j = 1; j <= i - 1; j++) {
      zi = zi * (G2(u, i, j, ldu) * G2(vt, i, j, ldvt) / (F(dsigma, i) - F(dsigma, j)) / (F(dsigma, i) + F(dsigma, j)));
    }
    for (let j = i; j <= k - 1; j++) {
      zi = zi * (G2(u, i, j, ldu) * G2(vt, i, j, ldvt) / (F(dsigma, i) - F(dsigma, j + 1)) / (F(dsigma, i) + F(dsigma, j + 1)));
    }
    SF(z, i, sign(sqrt(abs(zi)), G2(q, i, 1, ldq)));
  }
  for (let i = 1; i <= k; i++) {
    S2(vt, 1, i, ldvt, F(z, 1) / G2(u, 1, i, ldu) / G2(vt, 1, i, ldvt));
    S2(u, 1, i, ldu, -1.0);
    for (let j = 2; j <= k; j++) {
      S2(vt, j, i, ldvt, F(z, j) / G2(u, j, i, ldu) / G2(vt, j, i, ldvt));
      S2(u, j, i, ldu, F(dsigma, j) * G2(vt, j, i, ldvt));
    }
    const temp = nrm2(k, A2(u, 1, i, ldu), 1);
    S2(q, 1, i, ldq, G2(u, 1, i, ldu) / temp);
    for (let j = 2; j <= k; j++) {
      const jc = I(idxc, j);
      S2(q, j, i, ldq, G2(u, jc, i, ldu) / temp);
    }
  }
  const ct1 = I(ctot, 1), ct2 = I(ctot, 2), ct3 = I(ctot, 3);
  if (k == 2) {
    dgemm(0, 0, n, k, k, 1.0, u2, ldu2, q, ldq, 0.0, u, ldu, gw);
  } else {
    if (ct1 > 0) {
      dgemm(0, 0, nl, k, ct1, 1.0, A2(u2, 1, 2, ldu2), ldu2, A2(q, 2, 1, ldq), ldq, 0.0, u, ldu, gw);
      if (ct3 > 0) {
        const ktemp = 2 + ct1 + ct2;
        dgemm(0, 0, nl, k, ct3, 1.0, A2(u2, 1, ktemp, ldu2), ldu2, A2(q, ktemp, 1, ldq), ldq, 1.0, u, ldu, gw);
      }
    } else if (ct3 > 0) {
      const ktemp = 2 + ct1 + ct2;
      dgemm(0, 0, nl, k, ct3, 1.0, A2(u2, 1, ktemp, ldu2), ldu2, A2(q, ktemp, 1, ldq), ldq, 0.0, u, ldu, gw);
    } else {
      dlacpy(nl, k, u2, ldu2, u, ldu);
    }
    dcopy(k, q, ldq, A2(u, nlp1, 1, ldu), ldu);
    const ktemp = 2 + ct1;
    const ctemp = ct2 + ct3;
    dgemm(0, 0, nr, k, ctemp, 1.0, A2(u2, nlp2, ktemp, ldu2), ldu2, A2(q, ktemp, 1, ldq), ldq, 0.0, A2(u, nlp2, 1, ldu), ldu, gw);
  }
  for (let i = 1; i <= k; i++) {
    const temp = nrm2(k, A2(vt, 1, i, ldvt), 1);
    S2(q, i, 1, ldq, G2(vt, 1, i, ldvt) / temp);
    for (let j = 2; j <= k; j++) {
      const jc = I(idxc, j);
      S2(q, i, j, ldq, G2(vt, jc, i, ldvt) / temp);
    }
  }
  if (k == 2) {
    dgemm(0, 0, k, m, k, 1.0, q, ldq, vt2, ldvt2, 0.0, vt, ldvt, gw);
    return 0;
  }
  let ktemp = 1 + ct1;
  dgemm(0, 0, k, nlp1, ktemp, 1.0, q, ldq, vt2, ldvt2, 0.0, vt, ldvt, gw);
  ktemp = 2 + ct1 + ct2;
  if (ktemp <= ldvt2 && ct3 > 0) {
    dgemm(0, 0, k, nlp1, ct3, 1.0, A2(q, 1, ktemp, ldq), ldq, A2(vt2, ktemp, 1, ldvt2), ldvt2, 1.0, vt, ldvt, gw);
  }
  ktemp = ct1 + 1;
  const nrp1 = nr + sqre;
  if (ktemp > 1) {
    for (let i = 1; i <= k; i++) S2(q, i, ktemp, ldq, G2(q, i, 1, ldq));
    for (let i = nlp2; i <= m; i++) S2(vt2, ktemp, i, ldvt2, G2(vt2, 1, i, ldvt2));
  }
  const ctemp = 1 + ct2 + ct3;
  dgemm(0, 0, k, nrp1, ctemp, 1.0, A2(q, 1, ktemp, ldq), ldq, A2(vt2, ktemp, nlp2, ldvt2), ldvt2, 0.0, A2(vt, 1, nlp2, ldvt), ldvt, gw);
  return 0;
}

// ---------------------------------------------------------------- dlasd1 (merge)

/**
 * Merges the solved halves of an N×M (N = nl+nr+1, M = N+sqre) upper bidiagonal with the
 * connecting row (α, β) (LAPACK dlasd1). `idxq` (N i32): in/out sort permutation; `iw`: 4N + 8
 * i32; `w`: f64 workspace (see dlasd1Slots); `gw`: GEMM scratch. Returns info.
 */
function dlasd1(nl: i32, nr: i32, sqre: i32, d: usize, alpha: f64, beta: f64, u: usize, ldu: i32,
  vt: usize, ldvt: i32, idxq: usize, iw: usize, w: usize, gw: usize): i32 {
  const n = nl + nr + 1;
  const m = n + sqre;
  const ldu2 = n, ldvt2 = m;
  const iz = w;
  const isigma = PF(iz, m + 1);
  const iu2 = PF(isigma, n + 1);
  const ivt2 = PF(iu2, ldu2 * n + 1);
  const iq = PF(ivt2, ldvt2 * m + 1);
  const dd = PF(iq, n * n + 1);       // 6 slots: dd(3), zz(3) of dlasd4
  const idx = iw;
  const idxc = PI(idx, n + 1);
  const coltyp = PI(idxc, n + 1);
  const idxp = PI(coltyp, n + 1);
  const ctot = PI(idxp, n + 1);       // 4
  const psm = PI(ctot, 5);            // 4
  let orgnrm = max(abs(alpha), abs(beta));
  SF(d, nl + 1, 0.0);
  for (let i = 1; i <= n; i++) if (abs(F(d, i)) > orgnrm) orgnrm = abs(F(d, i));
  const sc = 1.0 / orgnrm;
  for (let i = 1; i <= n; i++) SF(d, i, F(d, i) * sc);
  alpha = alpha / orgnrm;
  beta = beta / orgnrm;
  const k = dlasd2(nl, nr, sqre, d, iz, alpha, beta, u, ldu, vt, ldvt, isigma, iu2, ldu2, ivt2, ldvt2,
    idxp, idx, idxc, idxq, coltyp, ctot, psm);
  const ldq = k;
  const info = dlasd3(nl, nr, sqre, k, d, iq, ldq, isigma, u, ldu, iu2, ldu2, vt, ldvt, ivt2, ldvt2,
    idxc, ctot, iz, dd, gw);
  if (info != 0) return info;
  for (let i = 1; i <= n; i++) SF(d, i, F(d, i) * orgnrm);
  dlamrg(k, n - k, d, 1, -1, idxq);
  return 0;
}

/** f64 slots of dlasd1's workspace for a merged problem of size ≤ n (M ≤ n + 1). */
function dlasd1Slots(n: i32): i32 {
  const m = n + 1;
  return m + n + n * n + m * m + n * n + 8;
}

// ---------------------------------------------------------------- dlasd0, dbdsdc

/** dlasd0: D&C SVD of the n×(n+sqre) upper bidiagonal (U n×n, VT m×m). Returns info. */
function dlasd0(n: i32, sqre: i32, d: usize, e: usize, u: usize, ldu: i32, vt: usize, ldvt: i32,
  iwork: usize, w: usize, gw: usize): i32 {
  if (n <= SMLSIZ) return dlasdq(sqre, n, d, e, vt, ldvt, u, ldu, w);
  const inode = iwork;
  const ndiml = PI(inode, n + 1);
  const ndimr = PI(ndiml, n + 1);
  const idxq = PI(ndimr, n + 1);
  const iwk = PI(idxq, n + 1);
  const nlvl = treeLevels(n, SMLSIZ);
  const nd = dlasdt(n, nlvl, inode, ndiml, ndimr);
  const ndb1 = (nd + 1) / 2;
  for (let i = ndb1; i <= nd; i++) {
    const i1 = i - 1;
    const ic = I(inode, i1 + 1);
    const nl = I(ndiml, i1 + 1);
    const nr = I(ndimr, i1 + 1);
    const nlf = ic - nl;
    const nrf = ic + 1;
    let info = dlasdq(1, nl, PF(d, nlf), PF(e, nlf), A2(vt, nlf, nlf, ldvt), ldvt, A2(u, nlf, nlf, ldu), ldu, w);
    if (info != 0) return info;
    let itemp = nlf - 1;   // IDXQ + NLF − 2 (1-based offset into IDXQ)
    for (let j = 1; j <= nl; j++) SI(idxq, itemp + j, j);
    const sqrei = i == nd ? sqre : 1;
    info = dlasdq(sqrei, nr, PF(d, nrf), PF(e, nrf), A2(vt, nrf, nrf, ldvt), ldvt, A2(u, nrf, nrf, ldu), ldu, w);
    if (info != 0) return info;
    itemp = ic + 1;        // IDXQ + IC
    for (let j = 1; j <= nr; j++) SI(idxq, itemp + j - 1, j);
  }
  for (let lvl = nlvl; lvl >= 1; lvl--) {
    let lf: i32, ll: i32;
    if (lvl == 1) { lf = 1; ll = 1; } else { lf = 1 << (lvl - 1); ll = 2 * lf - 1; }
    for (let i = lf; i <= ll; i++) {
      const im1 = i - 1;
      const ic = I(inode, im1 + 1);
      const nl = I(ndiml, im1 + 1);
      const nr = I(ndimr, im1 + 1);
      const nlf = ic - nl;
      const sqrei = (sqre == 0 && i == ll) ? sqre : 1;
      const alpha = F(d, ic);
      const beta = F(e, ic);
      const info = dlasd1(nl, nr, sqrei, PF(d, nlf), alpha, beta, A2(u, nlf, nlf, ldu), ldu,
        A2(vt, nlf, nlf, ldvt), ldvt, PI(idxq, nlf), iwk, w, gw);
      if (info != 0) return info;
    }
  }
  return 0;
}

/** Workspace (bytes) of {@link dbdsdc}. */
export function dbdsdcWorkspaceSize(n: i32): usize {
  const nn = max(n, 1);
  const fslots = max(dlasd1Slots(nn), dlasdqSlots(nn));
  const iw = <usize>(9 * (nn + 1) + 16) << 2;
  return a16(<usize>fslots << 3) + a16(iw) + dgemmWorkspaceSize(nn + 1, nn + 1, nn + 1) + 32;
}

/**
 * Singular values and vectors of the n×n upper bidiagonal B = diag(d) + superdiag(e) by divide
 * and conquer (LAPACK dbdsdc, COMPQ = 'I'): B = U diag(d) VT with d descending (≥ 0), U (n×n,
 * ldu) and VT (n×n, ldvt; its ROWS are the right singular vectors). e is destroyed. `work`:
 * dbdsdcWorkspaceSize(n) bytes, 16-aligned. Subproblems of ≤ SMLSIZ rows use the bidiagonal QR
 * of ./bdsqr. Returns 0, or > 0 when a secular equation or a leaf's QR iteration failed.
 */
export function dbdsdc(n: i32, d: usize, e: usize, u: usize, ldu: i32, vt: usize, ldvt: i32, work: usize): i32 {
  if (n <= 0) return 0;
  const nn = max(n, 1);
  const fslots = max(dlasd1Slots(nn), dlasdqSlots(nn));
  const w = (work + 15) & ~(<usize>15);
  const iwork = w + a16(<usize>fslots << 3);
  const gw = iwork + a16(<usize>(9 * (nn + 1) + 16) << 2);
  if (n == 1) {
    S2(u, 1, 1, ldu, sign(1.0, F(d, 1)));
    S2(vt, 1, 1, ldvt, 1.0);
    SF(d, 1, abs(F(d, 1)));
    return 0;
  }
  for (let j = 1; j <= n; j++) for (let i = 1; i <= n; i++) {
    S2(u, i, j, ldu, i == j ? 1.0 : 0.0);
    S2(vt, i, j, ldvt, i == j ? 1.0 : 0.0);
  }
  let info = 0;
  if (n <= SMLSIZ) {
    info = dlasdq(0, n, d, e, vt, ldvt, u, ldu, w);
  } else {
    let orgnrm: f64 = 0;
    for (let i = 1; i <= n; i++) orgnrm = max(orgnrm, abs(F(d, i)));
    for (let i = 1; i <= n - 1; i++) orgnrm = max(orgnrm, abs(F(e, i)));
    if (orgnrm == 0.0) return 0;
    const sc = 1.0 / orgnrm;
    for (let i = 1; i <= n; i++) SF(d, i, F(d, i) * sc);
    for (let i = 1; i <= n - 1; i++) SF(e, i, F(e, i) * sc);
    const eps = 0.9 * EPS;
    for (let i = 1; i <= n; i++) if (abs(F(d, i)) < eps) SF(d, i, sign(eps, F(d, i)));
    let start = 1;
    const nm1 = n - 1;
    for (let i = 1; i <= nm1; i++) {
      if (abs(F(e, i)) < eps || i == nm1) {
        let nsize: i32;
        if (i < nm1) nsize = i - start + 1;
        else if (abs(F(e, i)) >= eps) nsize = n - start + 1;
        else {
          nsize = i - start + 1;
          S2(u, n, n, ldu, sign(1.0, F(d, n)));
          S2(vt, n, n, ldvt, 1.0);
          SF(d, n, abs(F(d, n)));
        }
        info = dlasd0(nsize, 0, PF(d, start), PF(e, start), A2(u, start, start, ldu), ldu,
          A2(vt, start, start, ldvt), ldvt, iwork, w, gw);
        if (info != 0) return info;
        start = i + 1;
      }
    }
    for (let i = 1; i <= n; i++) SF(d, i, F(d, i) * orgnrm);
  }
  if (info != 0) return info;
  // sort descending (selection sort; swap U's columns and VT's rows)
  for (let ii = 2; ii <= n; ii++) {
    const i = ii - 1;
    let kk = i;
    let p = F(d, i);
    for (let j = ii; j <= n; j++) if (F(d, j) > p) { kk = j; p = F(d, j); }
    if (kk != i) {
      SF(d, kk, F(d, i));
      SF(d, i, p);
      for (let r = 1; r <= n; r++) { const t = G2(u, r, i, ldu); S2(u, r, i, ldu, G2(u, r, kk, ldu)); S2(u, r, kk, ldu, t); }
      for (let c = 1; c <= n; c++) { const t = G2(vt, i, c, ldvt); S2(vt, i, c, ldvt, G2(vt, kk, c, ldvt)); S2(vt, kk, c, ldvt, t); }
    }
  }
  return 0;
}
