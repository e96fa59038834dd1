// Symmetric eigenvalue kernels (column-major; the lower triangle of S is referenced).
//
//   dsytrd2     Householder tridiagonalization Qᵀ S Q = T (LAPACK dsytd2, lower triangle)
//   dsytrdBlocked  the same reduction blocked (LAPACK dsytrd + dlatrd): panels of TRD_NB columns
//               reduced with deferred updates, the trailing matrix updated by a rank-2k SYR2K done
//               as two lower-triangle GEMMs (dgemmt); the last < TRD_NX columns by dsytrd2
//   dorgtr2     Q = diag(1, H(0) … H(n−2)) from the reflectors (blocked compact WY)
//   dsteqlQL    implicit QL with Wilkinson shifts on T (EISPACK tql2 / LAPACK dsteqr), rotations
//               applied to the columns of Z (contiguous, SIMD); eigenvalues sorted ascending
//   dsyev       driver: S = Z diag(w) Zᵀ
//
// Kernels never allocate: every driver has a `…WorkspaceSize` twin (bytes).
import { at, ld, st, align16 } from '../core/addr';
import { madd } from '../core/simd';
import { dot1, axpy1, rot1, hypot2 } from './util';
import { dlarfg, dorgqrBlocked, dorgqrWorkspaceSize } from './householder';
import { dgemv } from '../blas/level2';
import { dgemmt, dgemmWorkspaceSize } from '../gemm/driver';
import { scaleExponent, scalePow2, scalePow2Mat } from './scale';

/** Workspace (bytes) of {@link dsytrd2} and {@link dorgtr2}. */
export function dsytrdWorkspaceSize(n: i32): usize {
  return max((<usize>(2 * n + 2)) << 3, dorgqrWorkspaceSize(n, n));
}

/**
 * p += S v for the symmetric S given by its lower triangle (L×L, lda), one fused pass per column:
 * p(i) += S(i,j)·v(j) and p(j) += S(i,j)·v(i) for i > j read S(:, j) once (SIMD).
 */
function symvLower(L: i32, a: usize, lda: i32, v: usize, p: usize): void {
  for (let j = 0; j < L; j++) {
    const col = at(a, 0, j, lda);
    const vj = ld(v, j);
    const vv = f64x2.splat(vj);
    let acc = f64x2.splat(0.0);
    let i = j + 1;
    for (; i + 1 < L; i += 2) {
      const o = <usize>i << 3;
      const sij = v128.load(col + o);
      v128.store(p + o, madd(sij, vv, v128.load(p + o)));
      acc = madd(sij, v128.load(v + o), acc);
    }
    let t = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; i < L; i++) {
      const sij = ld(col, i);
      st(p, i, ld(p, i) + sij * vj);
      t += sij * ld(v, i);
    }
    st(p, j, ld(p, j) + ld(col, j) * vj + t);
  }
}

/**
 * Householder tridiagonalization of the symmetric n×n S, **lower triangle** referenced and
 * updated (LAPACK dsytd2, uplo = 'L'): Qᵀ S Q = T with diagonal d (n) and off-diagonal e (n−1;
 * e[n−1] is set to 0). Reflector i is stored in S(i+2:n, i) (leading 1 implicit), its scalar in
 * tau[i]. Per step one fused symmetric matrix–vector pass and one rank-2 update pass over the
 * lower triangle: 4n³/3 flops.
 */
export function dsytrd2(n: i32, a: usize, lda: i32, d: usize, e: usize, tau: usize, work: usize): void {
  if (n == 0) return;
  for (let i = 0; i < n - 1; i++) {
    st(d, i, load<f64>(at(a, i, i, lda)));
    const L = n - i - 1;
    const sub = at(a, i + 1, i, lda);
    const t = dlarfg(L, sub, sub + 8, 1);
    st(tau, i, t);
    st(e, i, load<f64>(sub));
    if (t == 0.0) continue;
    const v = work, p = work + (<usize>L << 3);
    st(v, 0, 1.0);
    for (let r = 1; r < L; r++) st(v, r, load<f64>(sub + (<usize>r << 3)));
    // p = t S v  (S = A(i+1:n, i+1:n), lower triangle)
    for (let r = 0; r < L; r++) st(p, r, 0.0);
    symvLower(L, at(a, i + 1, i + 1, lda), lda, v, p);
    for (let r = 0; r < L; r++) st(p, r, t * ld(p, r));
    // w = p − (t/2)(pᵀv) v
    const K = -0.5 * t * dot1(L, p, v);
    axpy1(L, K, v, p);
    // lower(S) ← lower(S − v wᵀ − w vᵀ)
    for (let j = 0; j < L; j++) {
      const col = at(a, i + 1 + j, i + 1 + j, lda);
      axpy1(L - j, -ld(p, j), v + (<usize>j << 3), col);
      axpy1(L - j, -ld(v, j), p + (<usize>j << 3), col);
    }
  }
  st(d, n - 1, load<f64>(at(a, n - 1, n - 1, lda)));
  st(e, n - 1, 0.0);
}

/** Panel width of {@link dsytrdBlocked} (LAPACK ilaenv NB for dsytrd). */
const TRD_NB: i32 = 32;
/** Below this trailing size the unblocked {@link dsytrd2} finishes the reduction. */
const TRD_NX: i32 = 64;

/** Workspace (bytes) of {@link dsytrdBlocked}. */
export function dsytrdBlockedWorkspaceSize(n: i32): usize {
  const nn = <usize>max(n, 1);
  return align16((nn * <usize>TRD_NB) << 3) + align16(dgemmWorkspaceSize(n, n, TRD_NB)) + dsytrdWorkspaceSize(n) + 32;
}

/**
 * LAPACK dlatrd (uplo = 'L'): reduces the first nb columns of the N×N lower-stored symmetric A
 * (N > nb) and returns W (N×nb, ldw) such that the trailing A(nb:N, nb:N) is updated by
 * A ← A − V Wᵀ − W Vᵀ, V = the reflectors A(nb:N, 0:nb) (unit entries A(j+1, j) set to 1 on exit;
 * the caller restores them from e). Per column: the deferred panel updates as four dgemv, one
 * fused symmetric matrix–vector pass over the trailing lower triangle.
 */
function dlatrdLower(N: i32, nb: i32, a: usize, lda: i32, e: usize, tau: usize, w: usize, ldw: i32): void {
  for (let i = 0; i < nb; i++) {
    const aii = at(a, i, i, lda);
    if (i > 0) {
      dgemv(0, N - i, i, -1.0, at(a, i, 0, lda), lda, at(w, i, 0, ldw), ldw, 1.0, aii, 1);
      dgemv(0, N - i, i, -1.0, at(w, i, 0, ldw), ldw, at(a, i, 0, lda), lda, 1.0, aii, 1);
    }
    if (i < N - 1) {
      const L = N - i - 1;
      const sub = at(a, i + 1, i, lda);
      const t = dlarfg(L, sub, sub + 8, 1);
      st(tau, i, t);
      st(e, i, load<f64>(sub));
      store<f64>(sub, 1.0);
      const wi = at(w, i + 1, i, ldw), wtop = at(w, 0, i, ldw);
      for (let r = 0; r < L; r++) st(wi, r, 0.0);
      symvLower(L, at(a, i + 1, i + 1, lda), lda, sub, wi);
      if (i > 0) {
        dgemv(1, L, i, 1.0, at(w, i + 1, 0, ldw), ldw, sub, 1, 0.0, wtop, 1);
        dgemv(0, L, i, -1.0, at(a, i + 1, 0, lda), lda, wtop, 1, 1.0, wi, 1);
        dgemv(1, L, i, 1.0, at(a, i + 1, 0, lda), lda, sub, 1, 0.0, wtop, 1);
        dgemv(0, L, i, -1.0, at(w, i + 1, 0, ldw), ldw, wtop, 1, 1.0, wi, 1);
      }
      for (let r = 0; r < L; r++) st(wi, r, t * ld(wi, r));
      const alpha = -0.5 * t * dot1(L, wi, sub);
      axpy1(L, alpha, sub, wi);
    }
  }
}

/**
 * Blocked Householder tridiagonalization (LAPACK dsytrd, uplo = 'L'): the same output as
 * {@link dsytrd2} (d, e, tau, reflectors in the lower triangle) up to rounding. Half of the
 * 4n³/3 flops are the symmetric matrix–vector products of the panels (memory-bound), the other
 * half the SYR2K trailing updates at GEMM speed. work: {@link dsytrdBlockedWorkspaceSize}.
 */
export function dsytrdBlocked(n: i32, a: usize, lda: i32, d: usize, e: usize, tau: usize, work: usize): void {
  if (n == 0) return;
  const nn = <usize>max(n, 1);
  const w = work;
  const gw = w + align16((nn * <usize>TRD_NB) << 3);
  const ws2 = (gw + align16(dgemmWorkspaceSize(n, n, TRD_NB)) + 15) & ~(<usize>15);
  let i = 0;
  for (; n - i > TRD_NX + TRD_NB; i += TRD_NB) {
    const N = n - i;
    const ai = at(a, i, i, lda);
    dlatrdLower(N, TRD_NB, ai, lda, e + (<usize>i << 3), tau + (<usize>i << 3), w, n);
    // A(nb:N, nb:N) −= V Wᵀ + W Vᵀ (lower triangle)
    const M = N - TRD_NB;
    const v = at(ai, TRD_NB, 0, lda), wb = at(w, TRD_NB, 0, n), c = at(ai, TRD_NB, TRD_NB, lda);
    dgemmt(0, 0, 1, M, TRD_NB, -1.0, v, lda, wb, n, 1.0, c, lda, gw);
    dgemmt(0, 0, 1, M, TRD_NB, -1.0, wb, n, v, lda, 1.0, c, lda, gw);
    for (let j = i; j < i + TRD_NB; j++) {
      store<f64>(at(a, j + 1, j, lda), ld(e, j));
      st(d, j, load<f64>(at(a, j, j, lda)));
    }
  }
  dsytrd2(n - i, at(a, i, i, lda), lda, d + (<usize>i << 3), e + (<usize>i << 3), tau + (<usize>i << 3), ws2);
}

/**
 * Forms Q (n×n, ldq) of {@link dsytrd2}: Q = diag(1, Q̃) with Q̃ = H(0)…H(n−2) built like a QR
 * factor by the blocked compact-WY accumulation (dorgqrBlocked). work: {@link dsytrdWorkspaceSize}.
 */
export function dorgtr2(n: i32, a: usize, lda: i32, tau: usize, q: usize, ldq: i32, work: usize): void {
  for (let j = 0; j < n; j++) {
    const col = at(q, 0, j, ldq);
    for (let i = 0; i < n; i++) st(col, i, 0.0);
  }
  store<f64>(q, 1.0);
  if (n == 1) return;
  for (let j = 0; j < n - 1; j++) memory.copy(at(q, 1, j + 1, ldq), at(a, 1, j, lda), <usize>(n - 1) << 3);
  dorgqrBlocked(n - 1, n - 1, n - 1, at(q, 1, 1, ldq), ldq, tau, work);
}

/**
 * Eigenvalues (and vectors) of the symmetric tridiagonal T (diagonal d, off-diagonal e with
 * e[i] coupling i and i+1, e[n−1] = 0) by the implicit QL method with Wilkinson shifts
 * (EISPACK tql2). When nz > 0 the rotations are applied to the columns of Z (nz×n), so
 * Z ← Z · (eigenvectors of T). On exit d is sorted ascending (vectors permuted alike).
 * Returns 0, or l+1 when eigenvalue l needed more than 60 iterations.
 */
export function dsteqlQL(n: i32, d: usize, e: usize, nz: i32, z: usize, ldz: i32): i32 {
  if (n == 0) return 0;
  st(e, n - 1, 0.0);
  const eps: f64 = 2.220446049250313e-16;
  let f: f64 = 0, tst1: f64 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = max(tst1, abs(ld(d, l)) + abs(ld(e, l)));
    let m = l;
    while (m < n - 1) {
      if (abs(ld(e, m)) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        iter++;
        if (iter > 60) return l + 1;
        let g = ld(d, l);
        let p = (ld(d, l + 1) - g) / (2.0 * ld(e, l));
        let r = hypot2(p, 1.0);
        if (p < 0) r = -r;
        st(d, l, ld(e, l) / (p + r));
        st(d, l + 1, ld(e, l) * (p + r));
        const dl1 = ld(d, l + 1);
        let h = g - ld(d, l);
        for (let i = l + 2; i < n; i++) st(d, i, ld(d, i) - h);
        f += h;
        p = ld(d, m);
        let c: f64 = 1, c2: f64 = 1, c3: f64 = 1, s: f64 = 0, s2: f64 = 0;
        const el1 = ld(e, l + 1);
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * ld(e, i);
          h = c * p;
          r = hypot2(p, ld(e, i));
          st(e, i + 1, s * r);
          s = ld(e, i) / r;
          c = p / r;
          p = c * ld(d, i) - s * g;
          st(d, i + 1, h + s * (c * g + s * ld(d, i)));
          if (nz > 0) rot1(nz, at(z, 0, i, ldz), at(z, 0, i + 1, ldz), c, -s);
        }
        p = -s * s2 * c3 * el1 * ld(e, l) / dl1;
        st(e, l, s * p);
        st(d, l, c * p);
      } while (abs(ld(e, l)) > eps * tst1);
    }
    st(d, l, ld(d, l) + f);
    st(e, l, 0.0);
  }
  // sort ascending
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = ld(d, i);
    for (let j = i + 1; j < n; j++) if (ld(d, j) < p) { k = j; p = ld(d, j); }
    if (k != i) {
      st(d, k, ld(d, i));
      st(d, i, p);
      if (nz > 0) {
        const x = at(z, 0, i, ldz), y = at(z, 0, k, ldz);
        for (let r = 0; r < nz; r++) {
          const o = <usize>r << 3;
          const t = load<f64>(x + o); store<f64>(x + o, load<f64>(y + o)); store<f64>(y + o, t);
        }
      }
    }
  }
  return 0;
}

/** Workspace (bytes) of {@link dsyev}. */
export function dsyevWorkspaceSize(n: i32): usize {
  return ((<usize>(2 * n + 8)) << 3) + dsytrdWorkspaceSize(n) + 16;
}

/**
 * Eigen-decomposition of the symmetric n×n S (lower triangle referenced; destroyed): S = Z diag(w) Zᵀ with w
 * ascending and, when `vectors` is 1, orthonormal eigenvectors in the columns of Z (n×n, ldz).
 * Returns 0 or a QL convergence failure code.
 */
export function dsyev(n: i32, a: usize, lda: i32, w: usize, vectors: i32, z: usize, ldz: i32, work: usize): i32 {
  if (n == 0) return 0;
  const e = work, tau = work + (<usize>n << 3), ws = (work + (<usize>(2 * n + 8) << 3) + 15) & ~(<usize>15);
  // power-of-two scaling keeps the QL iteration away from overflow / underflow
  let anrm: f64 = 0;
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) anrm = max(anrm, abs(load<f64>(at(a, i, j, lda))));
  const sc = scaleExponent(anrm); // 2^sc·max|S| ∈ [1, 2) when S is extreme, else 0 (./scale)
  scalePow2Mat(n, n, sc, a, lda);
  dsytrd2(n, a, lda, w, e, tau, ws);
  let info: i32;
  if (vectors) {
    dorgtr2(n, a, lda, tau, z, ldz, ws);
    info = dsteqlQL(n, w, e, n, z, ldz);
  } else {
    info = dsteqlQL(n, w, e, 0, 0, 1);
  }
  scalePow2(n, -sc, w, 1);
  return info;
}
