// Symmetric tridiagonal divide and conquer (LAPACK dstedc / dlaed0–dlaed4) and the eigh driver
// built on it (LAPACK dsyevd).
//
//   dstedc      eigenvalues and eigenvectors of the symmetric tridiagonal T (compz = 'I'):
//               split at negligible off-diagonals, blocks of size ≤ smlsiz by the implicit QL
//               method (./eig dsteqlQL), larger blocks by Cuppen's divide and conquer
//               (recursive halving, rank-one tear T = diag(T1, T2) + ρ v vᵀ), each merge:
//                 - deflation (dlaed2): tiny components of z and nearly equal eigenvalues (Givens),
//                   columns grouped by their non-zero structure (top / both / bottom / deflated);
//                 - the secular equation 1/ρ + Σ z_j²/(d_j − λ) = 0 (dlaed4): per root a shifted
//                   origin at the nearer pole, the two-pole rational interpolation step with a
//                   Newton fallback and a bisection safeguard inside a shrinking bracket, so
//                   d_j − λ is known to high relative accuracy;
//                 - eigenvectors by the Gu–Eisenstat (Löwner) recomputed ẑ (dlaed3), which keeps
//                   them numerically orthogonal, and the update Q ← Q·U as two GEMMs over the
//                   non-zero row blocks of Q.
//   dsyevd      S = Z diag(w) Zᵀ: blocked Householder tridiagonalization (./eig dsytrdBlocked), dstedc on T,
//               then Z ← Q·Z by the blocked compact-WY application of 64-wide reflector
//               blocks (./householder larft + larfb), LAPACK dormtr — Q is never formed.
//
// Kernels keep no state: every workspace comes from the caller (the `…WorkspaceSize` twins).
import { at, ld, st, align16 } from '../core/addr';
import { dgemm, dgemmWorkspaceSize } from '../gemm/driver';
import { rot1, hypot2 } from './util';
import { dsteqlQL, dsytrdBlocked, dsytrdBlockedWorkspaceSize } from './eig';
import { copyV, larft, larfb } from './householder';
import { dtrmmWorkspaceSize } from '../blas/level3';
import { scaleExponent, scalePow2, scalePow2Mat } from './scale';

const EPS: f64 = 2.220446049250313e-16;
/** Default leaf size (LAPACK ilaenv SMLSIZ = 25); see docs/svd-eigh.md for the measured crossover. */
const SMLSIZ: i32 = 25;

@inline function ldi(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline function sti(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }

/** Bytes of the f64 / i32 vectors, Q2 and U buffers and GEMM packing of one merge of size n. */
function mergeBytes(n: i32): usize {
  const nn = <usize>max(n, 1);
  return align16(nn * 6 * 8) + align16(nn * 6 * 4) + align16(nn * nn * 8) + align16(dgemmWorkspaceSize(n, n, n)) + 64;
}

/**
 * Workspace (bytes) of {@link dstedc} for an n×n tridiagonal problem: `work` (the n×n copy Q2 of
 * the merged columns, index vectors, GEMM packing). The k×k secular matrix U goes to a second
 * buffer of {@link dstedcUWorkspaceSize} bytes, so that neither exceeds one wasm block (1 GiB)
 * below n ≈ 11,500 (LAPACK's dstedc needs the same 2n² + O(n) in one array).
 */
export function dstedcWorkspaceSize(n: i32): usize {
  return mergeBytes(n);
}

/** Bytes of the second workspace of {@link dstedc} / {@link dsyevd} (the n×n secular eigenvector matrix). */
export function dstedcUWorkspaceSize(n: i32): usize {
  return max(align16(<usize>max(n, 1) * <usize>max(n, 1) * 8), 16);
}

/** The leaf size used when `smlsiz` ≤ 0 is passed to {@link dstedc} / {@link dsyevd}. */
export function dstedcLeafSize(): i32 {
  return SMLSIZ;
}

/** Q(:, perm) → Q and d(perm) → d for the n×n block (perm: new position j takes old column perm[j]); tmp: n×n + n. */
function permuteColumns(n: i32, d: usize, q: usize, ldq: i32, perm: usize, tmp: usize): void {
  const dt = tmp + ((<usize>n * <usize>n) << 3);
  const bytes = <usize>n << 3;
  for (let j = 0; j < n; j++) {
    const s = ldi(perm, j);
    memory.copy(tmp + <usize>j * bytes, at(q, 0, s, ldq), bytes);
    st(dt, j, ld(d, s));
  }
  for (let j = 0; j < n; j++) {
    memory.copy(at(q, 0, j, ldq), tmp + <usize>j * bytes, bytes);
    st(d, j, ld(dt, j));
  }
}

/**
 * Root `J` (0-based, ascending) of the secular equation 1/ρ + Σ_{j<k} w_j²/(dl_j − λ) = 0 with
 * dl ascending and distinct, ρ > 0 (LAPACK dlaed4). On return delta(j) = dl_j − λ for all j,
 * computed as (dl_j − dl_origin) − τ from the nearer pole (high relative accuracy), and λ is
 * returned. Iteration: the two-pole rational interpolation step (the poles bracketing λ, the
 * rest by value-and-derivative matching: "middle way"), a Newton step when the interpolation
 * points the wrong way, bisection when a step leaves the bracket; the bracket shrinks with the
 * sign of f (f increases between the poles). Stops at |f| ≤ ε·(error bound of the evaluation,
 * dlaed4's ERRETM) or when the bracket cannot shrink.
 */
function secularRoot(k: i32, dl: usize, w: usize, rho: f64, wn2: f64, J: i32, delta: usize): f64 {
  const rhoinv = 1.0 / rho;
  let origin: i32, tlo: f64, thi: f64, tau: f64;
  let ip: i32;
  if (J < k - 1) {
    ip = J;
    const mid = 0.5 * (ld(dl, J + 1) - ld(dl, J));
    const dJ = ld(dl, J);
    let f = rhoinv;
    for (let j = 0; j < k; j++) {
      const wj = ld(w, j);
      f += wj * wj / ((ld(dl, j) - dJ) - mid);
    }
    if (f >= 0) { origin = J; tlo = 0; thi = mid; tau = mid; } else { origin = J + 1; tlo = -mid; thi = 0; tau = -mid; }
    if (f == 0) {
      const org = ld(dl, origin);
      for (let j = 0; j < k; j++) st(delta, j, (ld(dl, j) - org) - tau);
      return org + tau;
    }
  } else {
    ip = k - 2;
    origin = k - 1; tlo = 0; thi = rho * wn2; tau = thi;
  }
  const iq = ip + 1;
  const org = ld(dl, origin);
  for (let iter = 0; iter < 200; iter++) {
    // delta, ψ (poles ≤ ip), φ (poles ≥ iq), derivatives and the evaluation error bound
    let psi: f64 = 0, dpsi: f64 = 0, err: f64 = 0;
    for (let j = 0; j <= ip; j++) {
      const dj = (ld(dl, j) - org) - tau;
      st(delta, j, dj);
      const t = ld(w, j) / dj;
      psi += ld(w, j) * t;
      dpsi += t * t;
      err += psi;
    }
    err = abs(err);
    let phi: f64 = 0, dphi: f64 = 0;
    for (let j = k - 1; j >= iq; j--) {
      const dj = (ld(dl, j) - org) - tau;
      st(delta, j, dj);
      const t = ld(w, j) / dj;
      phi += ld(w, j) * t;
      dphi += t * t;
      err += phi;
    }
    const f = rhoinv + psi + phi;
    const dw = dpsi + dphi;
    err = 8.0 * (phi - psi) + err + 2.0 * rhoinv + abs(tau) * dw;
    if (abs(f) <= EPS * err) break;
    if (f > 0) thi = tau; else tlo = tau;
    // two-pole interpolation: c η² − a η + b = 0 (dlaed4)
    const di = ld(delta, ip), dq = ld(delta, iq);
    const c = f - di * dpsi - dq * dphi;
    const a = (di + dq) * f - di * dq * dw;
    const b = di * dq * f;
    let eta: f64;
    if (c == 0.0) {
      eta = a != 0.0 ? b / a : -f / dw;
    } else {
      const disc = sqrt(abs(a * a - 4.0 * b * c));
      eta = a <= 0.0 ? (a - disc) / (2.0 * c) : (2.0 * b) / (a + disc);
    }
    if (f * eta >= 0.0 || !isFinite(eta)) eta = -f / dw;
    let tn = tau + eta;
    if (!(tn > tlo && tn < thi) || iter >= 60) tn = 0.5 * (tlo + thi);
    if (tn == tau || tn <= tlo || tn >= thi) break;
    tau = tn;
  }
  for (let j = 0; j < k; j++) st(delta, j, (ld(dl, j) - org) - tau);
  return org + tau;
}

/**
 * One merge (dlaed1 = dlaed2 + dlaed3 with a physical sort at the end): the n×n block Q (ldq) is
 * diag(Q1, Q2) with Q1 n1×n1 and the eigenvalues d[0:n1], d[n1:n] of the two halves ascending
 * (columns alike); T = diag(T1, T2) + |β| u uᵀ, u = [e_{n1}; sign(β) e_1]. On exit d ascending and
 * Q the eigenvectors of T.
 */
function merge(n: i32, n1: i32, d: usize, q: usize, ldq: i32, beta: f64, ws: usize, u: usize): void {
  const n2 = n - n1;
  const nn = <usize>n;
  // carve the workspace
  const z = ws, dlam = z + (nn << 3), wv = dlam + (nn << 3), lam = wv + (nn << 3), wz = lam + (nn << 3), sv = wz + (nn << 3);
  const ib = ws + align16(nn * 6 * 8);
  const indx = ib, indxp = ib + (nn << 2), indx2 = indxp + (nn << 2), indxc = indx2 + (nn << 2), coltyp = indxc + (nn << 2), perm = coltyp + (nn << 2);
  const q2 = ib + align16(nn * 6 * 4);
  const gw = q2 + align16(nn * nn * 8);

  // z = Qᵀu / √2, ρ = 2|β| (‖z‖ = 1)
  const r2: f64 = 0.7071067811865476;
  const sg: f64 = beta < 0 ? -r2 : r2;
  for (let j = 0; j < n1; j++) st(z, j, r2 * load<f64>(at(q, n1 - 1, j, ldq)));
  for (let j = n1; j < n; j++) st(z, j, sg * load<f64>(at(q, n1, j, ldq)));
  const rho = 2.0 * abs(beta);

  // merge the two ascending lists
  {
    let a = 0, b = n1, t = 0;
    while (a < n1 && b < n) {
      if (ld(d, a) <= ld(d, b)) sti(indx, t++, a++); else sti(indx, t++, b++);
    }
    while (a < n1) sti(indx, t++, a++);
    while (b < n) sti(indx, t++, b++);
  }
  let zmax: f64 = 0, dmax: f64 = 0;
  for (let j = 0; j < n; j++) { zmax = max(zmax, abs(ld(z, j))); dmax = max(dmax, abs(ld(d, j))); }
  const tol = 8.0 * EPS * max(dmax, zmax);
  if (rho * zmax <= tol) {
    permuteColumns(n, d, q, ldq, indx, q2);
    return;
  }

  // deflation (dlaed2)
  for (let j = 0; j < n; j++) sti(coltyp, j, j < n1 ? 1 : 3);
  let k = 0, k2 = n, pj = -1, j = 0;
  for (; j < n; j++) {
    const nj = ldi(indx, j);
    if (rho * abs(ld(z, nj)) <= tol) { k2--; sti(coltyp, nj, 4); sti(indxp, k2, nj); } else { pj = nj; break; }
  }
  for (j = j + 1; j < n; j++) {
    const nj = ldi(indx, j);
    if (rho * abs(ld(z, nj)) <= tol) { k2--; sti(coltyp, nj, 4); sti(indxp, k2, nj); continue; }
    let s = ld(z, pj), c = ld(z, nj);
    const tau = hypot2(c, s);
    const t = ld(d, nj) - ld(d, pj);
    c /= tau; s = -s / tau;
    if (abs(t * c * s) <= tol) {
      // nearly equal eigenvalues: rotate so that z(pj) = 0 and deflate pj
      st(z, nj, tau); st(z, pj, 0.0);
      if (ldi(coltyp, nj) != ldi(coltyp, pj)) sti(coltyp, nj, 2);
      sti(coltyp, pj, 4);
      rot1(n, at(q, 0, pj, ldq), at(q, 0, nj, ldq), c, s);
      const dp = ld(d, pj), dn = ld(d, nj);
      st(d, pj, dp * c * c + dn * s * s);
      st(d, nj, dp * s * s + dn * c * c);
      k2--;
      // positions k2..n−1 hold the deflated eigenvalues in descending order
      let i = 1;
      while (k2 + i <= n - 1 && ld(d, pj) < ld(d, ldi(indxp, k2 + i))) {
        sti(indxp, k2 + i - 1, ldi(indxp, k2 + i));
        i++;
      }
      sti(indxp, k2 + i - 1, pj);
      pj = nj;
    } else {
      st(dlam, k, ld(d, pj)); st(wv, k, ld(z, pj)); sti(indxp, k, pj); k++;
      pj = nj;
    }
  }
  st(dlam, k, ld(d, pj)); st(wv, k, ld(z, pj)); sti(indxp, k, pj); k++;

  // group the columns by type: 1 top only, 2 both halves, 3 bottom only, 4 deflated
  let c1 = 0, c2 = 0, c3 = 0, c4 = 0;
  for (let jj = 0; jj < n; jj++) {
    const ct = ldi(coltyp, jj);
    if (ct == 1) c1++; else if (ct == 2) c2++; else if (ct == 3) c3++; else c4++;
  }
  let p1 = 0, p2 = c1, p3 = c1 + c2, p4 = c1 + c2 + c3;
  for (let jj = 0; jj < n; jj++) {
    const js = ldi(indxp, jj);
    const ct = ldi(coltyp, js);
    let pos: i32;
    if (ct == 1) pos = p1++; else if (ct == 2) pos = p2++; else if (ct == 3) pos = p3++; else pos = p4++;
    sti(indx2, pos, js);
    sti(indxc, pos, jj);
  }
  const n12 = c1 + c2, n23 = c2 + c3;
  // compact copies: top rows of types 1–2 (n1×n12), bottom rows of types 2–3 (n2×n23), deflated (n×c4)
  const q2top = q2, q2bot = q2 + ((<usize>n1 * <usize>n12) << 3), q2def = q2bot + ((<usize>n2 * <usize>n23) << 3);
  const b1 = <usize>n1 << 3, b2 = <usize>n2 << 3, bn = nn << 3;
  for (let t = 0; t < n12; t++) memory.copy(q2top + <usize>t * b1, at(q, 0, ldi(indx2, t), ldq), b1);
  for (let t = 0; t < n23; t++) memory.copy(q2bot + <usize>t * b2, at(q, n1, ldi(indx2, c1 + t), ldq), b2);
  for (let t = 0; t < c4; t++) {
    const js = ldi(indx2, k + t);
    memory.copy(q2def + <usize>t * bn, at(q, 0, js, ldq), bn);
    st(lam, k + t, ld(d, js));
  }
  for (let t = 0; t < c4; t++) memory.copy(at(q, 0, k + t, ldq), q2def + <usize>t * bn, bn);

  // secular equation and Gu–Eisenstat vectors (dlaed3); U (k×k) rows in type order
  if (k == 1) {
    const w0 = ld(wv, 0);
    st(lam, 0, ld(dlam, 0) + rho * w0 * w0);
    store<f64>(u, 1.0);
  } else {
    let wn2: f64 = 0;
    for (let i = 0; i < k; i++) wn2 += ld(wv, i) * ld(wv, i);
    for (let J = 0; J < k; J++) st(lam, J, secularRoot(k, dlam, wv, rho, wn2, J, at(u, 0, J, k)));
    for (let i = 0; i < k; i++) st(wz, i, load<f64>(at(u, i, i, k)));
    for (let J = 0; J < k; J++) {
      const col = at(u, 0, J, k);
      const dJ = ld(dlam, J);
      for (let i = 0; i < J; i++) st(wz, i, ld(wz, i) * (ld(col, i) / (ld(dlam, i) - dJ)));
      for (let i = J + 1; i < k; i++) st(wz, i, ld(wz, i) * (ld(col, i) / (ld(dlam, i) - dJ)));
    }
    for (let i = 0; i < k; i++) {
      const r = sqrt(abs(ld(wz, i)));
      st(wz, i, ld(wv, i) >= 0 ? r : -r);
    }
    for (let J = 0; J < k; J++) {
      const col = at(u, 0, J, k);
      let s2: f64 = 0;
      for (let i = 0; i < k; i++) {
        const s = ld(wz, i) / ld(col, i);
        st(sv, i, s);
        s2 += s * s;
      }
      const inv = 1.0 / sqrt(s2);
      for (let pos = 0; pos < k; pos++) st(col, pos, ld(sv, ldi(indxc, pos)) * inv);
    }
  }
  // Q(:, 0:k) = [Q2top·U(0:n12, :); Q2bot·U(c1:c1+n23, :)]
  if (n23 > 0) dgemm(0, 0, n2, k, n23, 1.0, q2bot, n2, u + (<usize>c1 << 3), k, 0.0, at(q, n1, 0, ldq), ldq, gw);
  else for (let J = 0; J < k; J++) memory.fill(at(q, n1, J, ldq), 0, b2);
  if (n12 > 0) dgemm(0, 0, n1, k, n12, 1.0, q2top, n1, u, k, 0.0, q, ldq, gw);
  else for (let J = 0; J < k; J++) memory.fill(at(q, 0, J, ldq), 0, b1);

  // eigenvalues: lam[0:k] ascending, lam[k:n] descending → one ascending list
  {
    let a = 0, b = n - 1, t = 0;
    while (a < k && b >= k) {
      if (ld(lam, a) <= ld(lam, b)) sti(perm, t++, a++); else sti(perm, t++, b--);
    }
    while (a < k) sti(perm, t++, a++);
    while (b >= k) sti(perm, t++, b--);
    // rounding in the deflation rotations can leave ulp-level inversions: finish by insertion
    // (O(n + #inversions))
    for (let i = 1; i < n; i++) {
      const pi = ldi(perm, i);
      const v = ld(lam, pi);
      let jj = i - 1;
      while (jj >= 0 && ld(lam, ldi(perm, jj)) > v) { sti(perm, jj + 1, ldi(perm, jj)); jj--; }
      sti(perm, jj + 1, pi);
    }
  }
  for (let t = 0; t < n; t++) st(d, t, ld(lam, t));
  permuteColumns(n, d, q, ldq, perm, q2);
}

/** Recursive halving (dlaed0): eigen-decomposition of the tridiagonal block [lo, lo+m) into Q(lo.., lo..). */
function dcBlock(lo: i32, m: i32, d: usize, e: usize, q: usize, ldq: i32, smlsiz: i32, ws: usize, u: usize): i32 {
  const qb = at(q, lo, lo, ldq);
  if (m <= smlsiz) {
    for (let j = 0; j < m; j++) {
      const col = at(qb, 0, j, ldq);
      memory.fill(col, 0, <usize>m << 3);
      st(col, j, 1.0);
    }
    return dsteqlQL(m, d + (<usize>lo << 3), e + (<usize>lo << 3), m, qb, ldq);
  }
  const n1 = m >> 1;
  const beta = ld(e, lo + n1 - 1);
  st(d, lo + n1 - 1, ld(d, lo + n1 - 1) - abs(beta));
  st(d, lo + n1, ld(d, lo + n1) - abs(beta));
  let info = dcBlock(lo, n1, d, e, q, ldq, smlsiz, ws, u);
  if (info != 0) return info;
  info = dcBlock(lo + n1, m - n1, d, e, q, ldq, smlsiz, ws, u);
  if (info != 0) return info;
  // the halves' off-diagonal blocks are zero (Q was cleared by the driver)
  merge(m, n1, d + (<usize>lo << 3), qb, ldq, beta, ws, u);
  return 0;
}

/**
 * Eigenvalues and eigenvectors of the symmetric tridiagonal T (diagonal d, n; off-diagonal e,
 * n−1 entries, e[i] couples i and i+1; e is destroyed) by divide and conquer (LAPACK dstedc with
 * compz = 'I'): on exit d ascending and the columns of Q (n×n, ldq) orthonormal eigenvectors.
 * Blocks of size ≤ smlsiz (≤ 0: {@link dstedcLeafSize}) use the implicit QL method. Each
 * unreduced block is scaled by a power of two to max|T| ≈ 1 (exact). Returns 0, or 1 + the
 * index of a leaf eigenvalue whose QL iteration failed. work: {@link dstedcWorkspaceSize},
 * uwork: {@link dstedcUWorkspaceSize} bytes.
 */
export function dstedc(n: i32, d: usize, e: usize, q: usize, ldq: i32, smlsiz: i32, work: usize, uwork: usize): i32 {
  if (n <= 0) return 0;
  const leaf = smlsiz > 0 ? smlsiz : SMLSIZ;
  for (let j = 0; j < n; j++) memory.fill(at(q, 0, j, ldq), 0, <usize>n << 3);
  if (n == 1) { store<f64>(q, 1.0); return 0; }
  let start = 0, splits = 0;
  while (start < n) {
    let fin = start;
    while (fin < n - 1) {
      const tiny = EPS * sqrt(abs(ld(d, fin))) * sqrt(abs(ld(d, fin + 1)));
      if (abs(ld(e, fin)) > tiny) fin++; else break;
    }
    const m = fin - start + 1;
    if (fin < n - 1) { st(e, fin, 0.0); splits++; }
    // scale the block to max|T| ∈ [1, 2) (exact, power of two)
    let nrm: f64 = 0;
    for (let i = start; i <= fin; i++) nrm = max(nrm, abs(ld(d, i)));
    for (let i = start; i < fin; i++) nrm = max(nrm, abs(ld(e, i)));
    if (m == 1 || nrm == 0.0) {
      for (let i = start; i <= fin; i++) store<f64>(at(q, i, i, ldq), 1.0);
    } else {
      const sc = -(<i32>Math.floor(Math.log2(nrm)));
      const dp = d + (<usize>start << 3), ep = e + (<usize>start << 3);
      scalePow2(m, sc, dp, 1);
      scalePow2(m - 1, sc, ep, 1);
      const info = dcBlock(start, m, d, e, q, ldq, leaf, work, uwork);
      if (info != 0) return info;
      scalePow2(m, -sc, dp, 1);
    }
    start = fin + 1;
  }
  if (splits > 0) {
    // selection sort of the eigenvalues with their columns (as dstedc)
    for (let i = 0; i < n - 1; i++) {
      let kk = i;
      let p = ld(d, i);
      for (let j = i + 1; j < n; j++) if (ld(d, j) < p) { kk = j; p = ld(d, j); }
      if (kk != i) {
        st(d, kk, ld(d, i));
        st(d, i, p);
        const x = at(q, 0, i, ldq), y = at(q, 0, kk, ldq);
        for (let r = 0; r < n; r++) {
          const o = <usize>r << 3;
          const t = load<f64>(x + o); store<f64>(x + o, load<f64>(y + o)); store<f64>(y + o, t);
        }
      }
    }
  }
  return 0;
}

/** Reflector block width of the back-transformation (LAPACK dormtr; wider than the QR's 32: the GEMMs of each block have inner dimension ORM_NB). */
const ORM_NB: i32 = 64;

/** Workspace (bytes) of {@link dormtrLower} for C with n columns and reflectors of an order-n reduction. */
function dormtrWorkspaceSize(n: i32): usize {
  const m = <usize>max(n - 1, 1), nb = <usize>ORM_NB, nc = <usize>max(n, 1);
  let g = dgemmWorkspaceSize(ORM_NB, n, n);
  g = max(g, dgemmWorkspaceSize(n, n, ORM_NB));
  g = max(g, dgemmWorkspaceSize(ORM_NB, ORM_NB, n));
  g = max(g, dtrmmWorkspaceSize(ORM_NB, n));
  return align16((m * nb) << 3) + 2 * align16((nb * nb) << 3) + align16((nb * nc) << 3) + align16(g) + 64;
}

/**
 * C (n×nc) ← Q·C with Q = diag(1, H(0)…H(n−2)) from {@link dsytrdBlocked} (LAPACK dormtr, uplo
 * = 'L', side = 'L', no transpose): blocks of ORM_NB reflectors applied last to first in the
 * compact-WY form I − V T Vᵀ (larft: T from one GEMM VᵀV; larfb: two GEMMs and a TRMM). Q is never formed.
 */
function dormtrLower(n: i32, a: usize, lda: i32, tau: usize, nc: i32, c: usize, ldc: i32, work: usize): void {
  const m = n - 1;
  if (m <= 0 || nc <= 0) return;
  const mm = <usize>m, nb = <usize>ORM_NB;
  const v = work;
  const t = v + align16((mm * nb) << 3);
  const g = t + align16((nb * nb) << 3);
  const w = g + align16((nb * nb) << 3);
  const gw = w + align16((nb * <usize>nc) << 3);
  // the reflectors in QR layout: B = A(1:n, 0:n−1), reflector i in B(i:, i) with B(i, i) ≙ 1
  const b = at(a, 1, 0, lda), cb = at(c, 1, 0, ldc);
  const nblocks = (m + ORM_NB - 1) / ORM_NB;
  for (let blk = nblocks - 1; blk >= 0; blk--) {
    const i = blk * ORM_NB;
    const ib = min(ORM_NB, m - i);
    copyV(m - i, ib, at(b, i, i, lda), lda, v);
    larft(m - i, ib, v, tau + (<usize>i << 3), t, ORM_NB, g, gw);
    larfb(0, m - i, nc, ib, v, t, ORM_NB, at(cb, i, 0, ldc), ldc, w, gw);
  }
}

/** Workspace (bytes) of {@link dsyevd} (`vectors` 0: eigenvalues only); with vectors also a second buffer of {@link dstedcUWorkspaceSize} bytes. */
export function dsyevdWorkspaceSize(n: i32, vectors: i32): usize {
  let inner = dsytrdBlockedWorkspaceSize(n);
  if (vectors) inner = max(inner, max(dstedcWorkspaceSize(n), dormtrWorkspaceSize(n)));
  return align16((<usize>(2 * n + 2)) << 3) + inner + 32;
}

/**
 * Eigen-decomposition of the symmetric n×n S (lower triangle referenced; destroyed) with
 * eigenvectors (LAPACK dsyevd, jobz = 'V'): S = Z diag(w) Zᵀ, w ascending, Z (n×n, ldz)
 * orthonormal. Blocked tridiagonalization (dsytrd), divide and conquer on T ({@link dstedc}, leaf
 * size smlsiz, ≤ 0 for the default), back-transformation Z ← Q·Z by blocked compact-WY reflector
 * blocks (dormtr). z = 0: eigenvalues only (QL without vectors after the blocked reduction).
 * Returns 0 or the leaf QL failure code. work: {@link dsyevdWorkspaceSize} (vectors = z ≠ 0),
 * uwork: {@link dstedcUWorkspaceSize} bytes with vectors (unused without).
 */
export function dsyevd(n: i32, a: usize, lda: i32, w: usize, z: usize, ldz: i32, smlsiz: i32, work: usize, uwork: usize): i32 {
  if (n <= 0) return 0;
  const e = work, tau = e + (<usize>(n + 1) << 3);
  const ws = work + align16((<usize>(2 * n + 2)) << 3);
  let anrm: f64 = 0;
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) anrm = max(anrm, abs(load<f64>(at(a, i, j, lda))));
  const sc = scaleExponent(anrm);
  scalePow2Mat(n, n, sc, a, lda);
  dsytrdBlocked(n, a, lda, w, e, tau, ws);
  if (z == 0) {
    // values only: the implicit QL iteration without vectors, O(n²) (LAPACK dsyevd uses dsterf)
    const info0 = dsteqlQL(n, w, e, 0, 0, 1);
    scalePow2(n, -sc, w, 1);
    return info0;
  }
  const info = dstedc(n, w, e, z, ldz, smlsiz, ws, uwork);
  // Z ← Q·Z (Q = diag(1, H(0)…H(n−2)), the reflectors below the subdiagonal of A)
  if (info == 0) dormtrLower(n, a, lda, tau, n, z, ldz, ws);
  scalePow2(n, -sc, w, 1);
  return info;
}
