/**
 * Typed operations of the linalg family (see ops/index.ts for the rules): QR (blocked, pivoted,
 * gelsy), Cholesky, the symmetric eigensolver, the SVD and the SVD least-squares record protocol.
 * Every function checks its operands against their blocks (matAddr/vecAddr), sizes and owns the
 * kernel workspace, and returns plain numbers, Float64Array/Int32Array copies, or small objects
 * that own the Blocks a multi-call protocol keeps between calls (release them with `dispose()`).
 * No math lives here: only kernel calls, copies and bookkeeping.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import { address, allocBlock, allocF64, readF64, readI32, withArena, writeF64, type Block } from '../memory.js';
import { copy } from './core.js';
import { ldOf, matAddr, type Mat } from './operand.js';

// ─────────────────────────────── helpers (no math)

/** Runs `fn` with a workspace of `bytes` bytes, released before returning (even on throw). */
function scratch<T>(bytes: number, fn: (work: number) => T): T {
  return withArena((ar) => fn(ar.bytes(bytes)));
}

function shape(m: Mat | null | undefined, rows: number, cols: number, fn: string, what: string): void {
  if (m && (m.rows !== rows || m.cols !== cols)) throw new ShapeError(`${fn}: ${what} is ${m.rows}×${m.cols}, expected ${rows}×${cols}`);
}

function disposeAll(blocks: (Block | null)[]): void {
  for (const b of blocks) b?.free();
}

// ─────────────────────────────── QR

/** Rows nb of the compact-WY T blocks kept by {@link qrFactor} (T is nb × min(m, n)). */
export function qrBlockSize(): number {
  return wasm().qrBlockSize();
}

/**
 * QR of F (m×n) in place, then R ← its k×n upper trapezoid (k = min(m, n), zeros below the
 * diagonal). Unpivoted: blocked Householder (dgeqrf), T blocks into `t` when given. Pivoted
 * (dgeqp3): A·P = Q·R; `t` (when given) is formed from the reflectors afterwards (qrFormT).
 * F keeps the Householder vectors below its diagonal. τ and the pivots live in the workspace.
 * Checks: F, R (k×n) and T ({@link qrBlockSize}×k) fit their blocks.
 * @returns the column permutation (copy; pivoted only), else null.
 */
export function qrFactor(f: Mat, r: Mat, t: Mat | null, pivoting: boolean): Int32Array | null {
  const w = wasm();
  const m = f.rows, n = f.cols, k = Math.min(m, n), nb = w.qrBlockSize();
  shape(r, k, n, 'qrFactor', 'R');
  shape(t, nb, k, 'qrFactor', 'T');
  const pf = matAddr(f, 'F'), pr = matAddr(r, 'R'), pt = t ? matAddr(t, 'T') : 0;
  const ldf = ldOf(f), ldt = t ? ldOf(t) : nb;
  return withArena((ar) => {
    const tau = ar.f64(k);
    let permutation: Int32Array | null = null;
    if (pivoting) {
      const jp = ar.bytes(n * 4);
      scratch(w.dgeqp3WorkspaceSize(m, n), (work) => w.dgeqp3(m, n, pf, ldf, jp, tau, work));
      permutation = readI32(jp, n);
      if (t) scratch(w.qrFormTWorkspaceSize(m), (work) => w.qrFormT(m, k, pf, ldf, tau, pt, ldt, work));
    } else {
      scratch(w.dgeqrfWorkspaceSize(m, n), (work) => w.dgeqrf(m, n, pf, ldf, tau, pt, ldt, work));
    }
    w.qrExtractR(k, n, pf, ldf, pr, ldOf(r));
    return permutation;
  });
}

/**
 * C ← op(Q)·C (`trans` 1: Qᵀ, 0: Q) with Q from {@link qrFactor} (reflectors in F m×n, T blocks
 * nb×k). `blocked` false: one reflector at a time (dorm2rT, no workspace; for a few columns);
 * true: two GEMMs per panel (dgemqrt). Checks: C has m rows; F, T, C fit their blocks.
 */
export function qrApplyQ(trans: 0 | 1, f: Mat, t: Mat, c: Mat, blocked: boolean): void {
  const w = wasm();
  const m = f.rows, k = Math.min(m, f.cols);
  shape(t, w.qrBlockSize(), k, 'qrApplyQ', 'T');
  if (c.rows !== m) throw new ShapeError(`qrApplyQ: C has ${c.rows} rows, Q is ${m}×${m}`);
  const pf = matAddr(f, 'F'), pt = matAddr(t, 'T'), pc = matAddr(c, 'C');
  if (c.cols === 0) return;
  if (!blocked) {
    w.dorm2rT(trans, m, c.cols, k, pf, ldOf(f), pt, ldOf(t), pc, ldOf(c));
    return;
  }
  scratch(w.dgemqrtWorkspaceSize(m, c.cols), (work) => w.dgemqrt(trans, m, c.cols, k, pf, ldOf(f), pt, ldOf(t), pc, ldOf(c), work));
}

/** Q ← thin Q₁ (m×k, k = min(m, n)) formed from {@link qrFactor}'s F and T (blocked, dorgqr style). Checks: Q is m×k. */
export function qrFormQ(f: Mat, t: Mat, q: Mat): void {
  const w = wasm();
  const m = f.rows, k = Math.min(m, f.cols);
  shape(t, w.qrBlockSize(), k, 'qrFormQ', 'T');
  shape(q, m, k, 'qrFormQ', 'Q');
  const pf = matAddr(f, 'F'), pt = matAddr(t, 'T'), pq = matAddr(q, 'Q');
  scratch(w.qrFormQWorkspaceSize(m, k), (work) => w.qrFormQ(m, k, pf, ldOf(f), pt, ldOf(t), pq, ldOf(q), work));
}

/**
 * Numerical rank of the upper triangle of R (k = min(rows, cols)) by incremental condition
 * estimation (LAPACK dlaic1, as in gelsy) at `rcond`. Checks: R fits its block.
 */
export function qrRank(r: Mat, rcond: number): number {
  const w = wasm();
  const k = Math.min(r.rows, r.cols);
  const pr = matAddr(r, 'R');
  return scratch(w.qrRankIceWorkspaceSize(k), (work) => w.qrRankIce(k, pr, ldOf(r), rcond, work));
}

/** Result of {@link qrLstsqFactor}: the truncated pivoted QR of F, kept (τ, pivots) for the gelsy solve. */
export interface QrLstsqFactor {
  /** gelsy rank (incremental condition estimate at rcond). */
  readonly rank: number;
  /**
   * C (m×nrhs) ← Qᵀ·C with the first `rank` reflectors (rows 0..rank−1 are then final).
   * `blocked` false: one reflector at a time (dorm2r); true: T blocks + GEMM (dgemqrt).
   */
  applyQt(c: Mat, blocked: boolean): void;
  /** X (n×nrhs) ← minimum-norm solution from C = QᵀB (gelsy tail: RZ, triangular solve, permutation). */
  solve(c: Mat, x: Mat): void;
  /** Frees τ and the pivots. Idempotent. */
  dispose(): void;
}

/**
 * lstsq 'qr' (LAPACK gelsy): column-pivoted QR of F (m×n, in place) that stops once the rank at
 * `rcond` is known (dgeqp3Truncated; same result as the full dgeqp3 + ICE). F must stay alive
 * (and unchanged) until the returned object's last call. Checks: F, and later C (m×nrhs) and
 * X (n×nrhs), fit their blocks.
 */
export function qrLstsqFactor(f: Mat, rcond: number): QrLstsqFactor {
  const w = wasm();
  const m = f.rows, n = f.cols, k = Math.min(m, n);
  const pf = matAddr(f, 'F');
  const tau = allocF64(k);
  let jp: Block | null = null;
  let rank: number;
  try {
    jp = allocBlock(n * 4);
    const pjp = address(jp), ptau = address(tau);
    rank = scratch(w.dgeqp3WorkspaceSize(m, n), (work) => scratch(w.qrRankIceWorkspaceSize(k), (ice) =>
      w.dgeqp3Truncated(m, n, pf, ldOf(f), pjp, ptau, rcond, work, ice)));
  } catch (err) {
    disposeAll([tau, jp]);
    throw err;
  }
  const pivots = jp;
  return {
    rank,
    applyQt(c: Mat, blocked: boolean): void {
      if (c.rows !== m) throw new ShapeError(`qrLstsqFactor.applyQt: C has ${c.rows} rows, Q is ${m}×${m}`);
      const pf = matAddr(f, 'F'), pc = matAddr(c, 'C'), ptau = address(tau);
      const nrhs = c.cols;
      if (nrhs === 0 || rank === 0) return;
      if (!blocked) {
        w.dorm2r(1, m, nrhs, rank, pf, ldOf(f), ptau, pc, ldOf(c));
        return;
      }
      const nb = w.qrBlockSize();
      withArena((ar) => {
        const t = ar.f64(nb * rank);
        scratch(w.qrFormTWorkspaceSize(m), (work) => w.qrFormT(m, rank, pf, ldOf(f), ptau, t, nb, work));
        scratch(w.dgemqrtWorkspaceSize(m, nrhs), (work) => w.dgemqrt(1, m, nrhs, rank, pf, ldOf(f), t, nb, pc, ldOf(c), work));
      });
    },
    solve(c: Mat, x: Mat): void {
      if (c.rows !== m) throw new ShapeError(`qrLstsqFactor.solve: C has ${c.rows} rows, expected ${m}`);
      shape(x, n, c.cols, 'qrLstsqFactor.solve', 'X');
      const pf = matAddr(f, 'F'), pc = matAddr(c, 'C'), px = matAddr(x, 'X'), pjp = address(pivots);
      const nrhs = c.cols;
      if (nrhs === 0) return;
      scratch(w.dgelsyTailWorkspaceSize(n, nrhs, rank), (work) =>
        w.dgelsyTail(n, nrhs, rank, pf, ldOf(f), pc, ldOf(c), pjp, px, ldOf(x), work));
    },
    dispose(): void {
      disposeAll([tau, pivots]);
    },
  };
}

// ─────────────────────────────── Cholesky

function square(a: Mat, fn: string, what: string): number {
  if (a.rows !== a.cols) throw new ShapeError(`${fn}: ${what} must be square, got ${a.rows}×${a.cols}`);
  return a.rows;
}

/** L ← lower triangle of S + λI, zeros above the diagonal (both n×n). Checks: shapes, blocks. */
export function cholPrepare(s: Mat, lambda: number, l: Mat): void {
  const n = square(s, 'cholPrepare', 'S');
  shape(l, n, n, 'cholPrepare', 'L');
  const ps = matAddr(s, 'S'), pl = matAddr(l, 'L');
  wasm().cholPrepare(n, ps, ldOf(s), lambda, pl, ldOf(l));
}

/**
 * Blocked lower Cholesky L·Lᵀ of the n×n `a` in place (dpotrf; the strict upper triangle is not
 * referenced). Returns −1 on success, else the 0-based index of the first pivot that is not
 * positive (the factorization stops there). Checks: square, fits its block.
 */
export function cholFactor(a: Mat): number {
  const n = square(a, 'cholFactor', 'A');
  const pa = matAddr(a, 'A');
  const w = wasm();
  return scratch(w.dpotrfWorkspaceSize(n), (work) => w.dpotrf(n, pa, ldOf(a), work));
}

/** B (n×nrhs) ← (L·Lᵀ)⁻¹·B in place with L from {@link cholFactor} (dpotrs). Checks: shapes, blocks. */
export function cholSolve(l: Mat, b: Mat): void {
  const n = square(l, 'cholSolve', 'L');
  if (b.rows !== n) throw new ShapeError(`cholSolve: B has ${b.rows} rows, L is ${n}×${n}`);
  const pl = matAddr(l, 'L'), pb = matAddr(b, 'B');
  const w = wasm();
  scratch(w.dpotrsWorkspaceSize(n, b.cols), (work) => w.dpotrs(n, b.cols, pl, ldOf(l), pb, ldOf(b), work));
}

/** Σ ln L[i,i] of the n×n factor L (the caller doubles it for log det). Checks: square, block. */
export function cholLogDiag(l: Mat): number {
  const n = square(l, 'cholLogDiag', 'L');
  const pl = matAddr(l, 'L');
  return wasm().cholLogDiag(n, pl, ldOf(l));
}

/** G (n×n) ← lower triangle of AᵀA + λI (A m×n, dsyrk), zeros above the diagonal. Checks: shapes, blocks. */
export function cholGram(a: Mat, lambda: number, g: Mat): void {
  const m = a.rows, n = a.cols;
  shape(g, n, n, 'cholGram', 'G');
  const pa = matAddr(a, 'A'), pg = matAddr(g, 'G');
  const w = wasm();
  scratch(w.cholGramWorkspaceSize(m, n), (work) => w.cholGram(m, n, pa, ldOf(a), lambda, pg, ldOf(g), work));
}

/** ‖L⁻¹‖_F² for the n×n lower factor L. Checks: square, block. */
export function cholInverseFrobSq(l: Mat): number {
  const n = square(l, 'cholInverseFrobSq', 'L');
  const pl = matAddr(l, 'L');
  const w = wasm();
  return scratch(w.cholInverseFrobSqWorkspaceSize(n), (work) => w.cholInverseFrobSq(n, pl, ldOf(l), work));
}

// ─────────────────────────────── symmetric eigensolver

/**
 * Eigenvalues (ascending, copy) of the symmetric n×n `a` (lower triangle referenced; destroyed)
 * and, when `z` (n×n) is given, orthonormal eigenvectors into its columns (dsyev: Householder
 * tridiagonalization + implicit QL). `info` is 0, or 1 + the index of the eigenvalue whose QL
 * iteration did not converge. Checks: square, shapes, blocks.
 */
export function symEigen(a: Mat, z: Mat | null): { info: number; values: Float64Array } {
  const n = square(a, 'symEigen', 'A');
  shape(z, n, n, 'symEigen', 'Z');
  const pa = matAddr(a, 'A'), pz = z ? matAddr(z, 'Z') : 0;
  const w = wasm();
  return withArena((ar) => {
    const values = ar.f64(n);
    const work = ar.bytes(w.dsyevWorkspaceSize(n));
    const info = w.dsyev(n, pa, ldOf(a), values, z ? 1 : 0, pz, z ? ldOf(z) : n, work);
    return { info, values: readF64(values, n) };
  });
}

// ─────────────────────────────── SVD

/**
 * Thin SVD of the tall M×N `a` (M ≥ N; destroyed): singular values (descending, copy) and, when
 * `u` (M×N) and `v` (N×N) are given, the singular vectors (dgesvd: dgebd2 + dbdsqr). `info` is 0
 * or the number of superdiagonals that did not converge. Checks: M ≥ N, shapes, blocks.
 */
export function svdFactor(a: Mat, u: Mat | null, v: Mat | null): { info: number; s: Float64Array } {
  const M = a.rows, N = a.cols;
  if (M < N) throw new ShapeError(`svdFactor: A must be tall, got ${M}×${N}`);
  if ((u === null) !== (v === null)) throw new ShapeError('svdFactor: give both U and V or neither');
  shape(u, M, N, 'svdFactor', 'U');
  shape(v, N, N, 'svdFactor', 'V');
  const pa = matAddr(a, 'A'), pu = u ? matAddr(u, 'U') : 0, pv = v ? matAddr(v, 'V') : 0;
  const w = wasm();
  return withArena((ar) => {
    const s = ar.f64(N);
    const work = ar.bytes(w.dgesvdWorkspaceSize(M, N));
    const info = w.dgesvd(M, N, pa, ldOf(a), s, u ? 1 : 0, pu, u ? ldOf(u) : M, pv, v ? ldOf(v) : N, work);
    return { info, s: readF64(s, N) };
  });
}

// ── SVD least squares: the rotation-record protocol (dgelssRecord / …Apply / …Resume)
//
// The bidiagonal QR applies its left rotations to Uᵀb and records the right ones in `rec` instead
// of accumulating V. Everything the protocol keeps between calls (the record, τ in the dgelss
// workspace, s, V after a pause) is owned by the objects below; callers never see a record
// length or a workspace offset. The record call and the length query each live in ONE function.

/** f64 slots at the start of a rotation record that hold its header (len, cap, flags, swap). */
const REC_HEADER = 4;

/** dgelssRecord (tall: m ≥ n). The one place the tall record call is made. */
function recordTall(m: number, n: number, pa: number, lda: number, nrhs: number, pb: number, ldb: number,
  s: number, rec: number, cap: number, work: number): number {
  return wasm().dgelssRecord(m, n, pa, lda, nrhs, pb, ldb, s, rec, cap, work);
}

/** Record slots used by the record call that paused. The one place the length is queried. */
function pausedRecordLength(rec: number): number {
  return wasm().dbdsqrRecordLength(rec);   // read from the record's own header
}

/** After a paused record + resume: X ← P·V·Y (V formed, n×n). */
function applyPaused(n: number, pa: number, lda: number, work: number, v: Mat, y: Mat, x: Mat): void {
  const w = wasm();
  const pv = matAddr(v, 'V'), py = matAddr(y, 'Y'), px = matAddr(x, 'X');
  if (x.cols === 0) return;
  // τ_P's place inside the dgelss workspace stays private to the kernel
  scratch(w.dgelssApplyPausedWorkspaceSize(n, x.cols), (tmp) =>
    w.dgelssApplyPaused(n, pa, lda, x.cols, pv, ldOf(v), py, ldOf(y), px, ldOf(x), work, tmp));
}

/** Result of {@link svdLstsqTall}: owns the record, the workspace (τ), and V after a pause. */
export interface SvdLstsqTall {
  /** Singular values, descending (copy; empty when `info` ≠ 0). */
  readonly s: Float64Array;
  /** True when the record buffer ran low: V was formed and the QR iteration resumed with it. */
  readonly paused: boolean;
  /** 0, or the number of superdiagonals that did not converge (then nothing else is valid). */
  readonly info: number;
  /**
   * X (n×nrhs) ← P·V·Y, Y n×nrhs: the solution when Y = diag(f)·(UᵀB)[0:n]. Y is not modified
   * unless X is Y. Not paused: X may be Y (in place). Paused: X must be another buffer.
   */
  apply(y: Mat, x: Mat): void;
  /** Frees the record, the workspace and V. Idempotent. */
  dispose(): void;
}

/**
 * SVD least squares of the tall m×n `a` (m ≥ n) without forming U or V (LAPACK gelsd's idea with
 * the QR iteration). `a` is destroyed (keeps the bidiagonal reflectors) and must stay alive and
 * unchanged until the last `apply`; `b` (m×nrhs): its first n rows become UᵀB (the rest keeps
 * the part of B outside range(U)). `cap`: record capacity in f64 slots; when it runs low the
 * iteration pauses, V is formed from the record and the iteration resumes accumulating V.
 * Checks: m ≥ n, b has m rows, blocks.
 */
export function svdLstsqTall(a: Mat, b: Mat, cap: number): SvdLstsqTall {
  const w = wasm();
  const m = a.rows, n = a.cols, nrhs = b.cols;
  if (m < n) throw new ShapeError(`svdLstsqTall: A must be tall, got ${m}×${n}`);
  if (b.rows !== m) throw new ShapeError(`svdLstsqTall: B has ${b.rows} rows, A has ${m}`);
  if (!Number.isInteger(cap) || cap < REC_HEADER) throw new ShapeError(`svdLstsqTall: bad record capacity ${String(cap)}`);
  const pa = matAddr(a, 'A'), pb = matAddr(b, 'B');
  const owned: (Block | null)[] = [];
  try {
    const sBlock = allocF64(n); owned.push(sBlock);
    const workBlock = allocBlock(w.dgelssWorkspaceSize(m, n)); owned.push(workBlock);
    const recBlock = allocF64(cap); owned.push(recBlock);
    const ps = address(sBlock), work = address(workBlock), rec = address(recBlock);
    const len = recordTall(m, n, pa, ldOf(a), nrhs, pb, ldOf(b), ps, rec, cap, work);
    let info = 0;
    let V: Mat | null = null;
    if (len === -1) {
      const vBlock = allocF64(n * n); owned.push(vBlock);
      V = { buf: vBlock, rows: n, cols: n };
      info = w.dgelssResume(n, nrhs, pb, ldOf(b), ps, rec, pausedRecordLength(rec), address(vBlock), n, work);
    } else if (len < -1) {
      info = -2 - len;
    }
    const s = info === 0 ? readF64(ps, n) : new Float64Array(0);
    const paused = V !== null;
    return {
      s, paused, info,
      apply(y: Mat, x: Mat): void {
        if (info !== 0) throw new ShapeError('svdLstsqTall.apply: the SVD did not converge');
        shape(y, n, nrhs, 'svdLstsqTall.apply', 'Y');
        shape(x, n, nrhs, 'svdLstsqTall.apply', 'X');
        const paNow = matAddr(a, 'A'), pw = address(workBlock);
        if (V) {
          if (x.buf === y.buf) throw new ShapeError('svdLstsqTall.apply: after a pause X must not share Y\'s buffer');
          applyPaused(n, paNow, ldOf(a), pw, V, y, x);
          return;
        }
        if (x !== y) copy(y, x);
        const px = matAddr(x, 'X');
        if (nrhs > 0) w.dgelssApply(n, paNow, ldOf(a), nrhs, px, ldOf(x), address(recBlock), len, pw);
      },
      dispose(): void {
        disposeAll(owned);
      },
    };
  } catch (err) {
    disposeAll(owned);
    throw err;
  }
}

/** Result of {@link svdLstsqWide}: owns the record and the workspace (τ). */
export interface SvdLstsqWide {
  /** Singular values, descending (copy; empty when `overflowed` or `info` ≠ 0). */
  readonly s: Float64Array;
  /** True when the record buffer ran out (nothing else is valid: the caller falls back). */
  readonly overflowed: boolean;
  /** 0, or the number of superdiagonals that did not converge. */
  readonly info: number;
  /**
   * X (M×nrhs, y in its first N rows; the rest is zeroed here) ← Q·[U_b·y; 0], the
   * minimum-norm solution when y = diag(f)·(UᵀB).
   */
  apply(x: Mat): void;
  /** Frees the record and the workspace. Idempotent. */
  dispose(): void;
}

/**
 * SVD least squares of a wide A through T = Aᵀ (M×N, M ≥ N; destroyed, keeps the reflectors,
 * must stay alive until `apply`): with T = Q·B·Pᵀ, U_b is recorded and `b` (M×nrhs; data in the
 * first N rows) gets UᵀB in its first N rows. `cap`: record capacity in f64 slots (no pause:
 * an overflow is reported). Checks: M ≥ N, b has M rows, blocks.
 */
export function svdLstsqWide(t: Mat, b: Mat, cap: number): SvdLstsqWide {
  const w = wasm();
  const M = t.rows, N = t.cols, nrhs = b.cols;
  if (M < N) throw new ShapeError(`svdLstsqWide: T must be tall, got ${M}×${N}`);
  if (b.rows !== M) throw new ShapeError(`svdLstsqWide: B has ${b.rows} rows, T has ${M}`);
  if (!Number.isInteger(cap) || cap < REC_HEADER) throw new ShapeError(`svdLstsqWide: bad record capacity ${String(cap)}`);
  const pt = matAddr(t, 'T'), pb = matAddr(b, 'B');
  const owned: (Block | null)[] = [];
  try {
    const sBlock = allocF64(N); owned.push(sBlock);
    const workBlock = allocBlock(w.dgelssWorkspaceSize(M, N)); owned.push(workBlock);
    const recBlock = allocF64(cap); owned.push(recBlock);
    const ps = address(sBlock);
    const len = w.dgelssRecordWide(M, N, pt, ldOf(t), nrhs, pb, ldOf(b), ps, address(recBlock), cap, address(workBlock));
    const overflowed = len === -1;
    const info = len < -1 ? -2 - len : 0;
    const s = len >= 0 ? readF64(ps, N) : new Float64Array(0);
    return {
      s, overflowed, info,
      apply(x: Mat): void {
        if (len < 0) throw new ShapeError('svdLstsqWide.apply: no record to apply');
        shape(x, M, nrhs, 'svdLstsqWide.apply', 'X');
        const ptNow = matAddr(t, 'T'), px = matAddr(x, 'X');
        if (nrhs > 0) w.dgelssApplyWide(M, N, ptNow, ldOf(t), nrhs, px, ldOf(x), address(recBlock), len, address(workBlock));
      },
      dispose(): void {
        disposeAll(owned);
      },
    };
  } catch (err) {
    disposeAll(owned);
    throw err;
  }
}

// ─────────────────────────────── eigh: tridiagonal divide and conquer (issue 17)

/**
 * Eigenvalues (ascending, copy) and, when `z` (n×n) is given, orthonormal eigenvectors into its
 * columns, of the symmetric n×n `a` (lower triangle referenced; destroyed) by LAPACK dsyevd:
 * blocked Householder tridiagonalization (dsytrd), tridiagonal divide and conquer (dstedc;
 * blocks of size ≤ `leafSize` by implicit QL, `leafSize` ≤ 0 for the kernel default) and the
 * blocked back-transformation; without `z` the QL iteration computes the values only.
 * `info` is 0, or non-zero when a QL iteration did not converge. Checks: square, shapes, blocks.
 */
export function symEigenDC(a: Mat, z: Mat | null, leafSize = 0): { info: number; values: Float64Array } {
  const n = square(a, 'symEigenDC', 'A');
  shape(z, n, n, 'symEigenDC', 'Z');
  const pa = matAddr(a, 'A'), pz = z ? matAddr(z, 'Z') : 0;
  const w = wasm();
  return withArena((ar) => {
    const values = ar.f64(n);
    const work = ar.bytes(w.dsyevdWorkspaceSize(n, z ? 1 : 0));
    const uwork = z ? ar.bytes(w.dstedcUWorkspaceSize(n)) : 0;
    const info = w.dsyevd(n, pa, ldOf(a), values, pz, z ? ldOf(z) : n, leafSize | 0, work, uwork);
    return { info, values: readF64(values, n) };
  });
}

/**
 * Eigenvalues (ascending, copy) and eigenvectors (columns of `q`, n×n) of the symmetric
 * tridiagonal matrix with diagonal `d` (n) and off-diagonal `e` (n − 1) by divide and conquer
 * (dstedc, compz = 'I'), or by the implicit QL method alone when `leafSize` ≥ n. Checks: lengths, shape.
 */
export function tridiagEigenDC(d: ArrayLike<number>, e: ArrayLike<number>, q: Mat, leafSize = 0): { info: number; values: Float64Array } {
  const n = d.length;
  if (e.length !== Math.max(n - 1, 0)) throw new ShapeError(`tridiagEigenDC: e has length ${e.length}, expected ${Math.max(n - 1, 0)}`);
  shape(q, n, n, 'tridiagEigenDC', 'Q');
  const pq = matAddr(q, 'Q');
  const w = wasm();
  return withArena((ar) => {
    const pd = ar.f64(Math.max(n, 1)), pe = ar.f64(Math.max(n, 1));
    writeF64(pd, d);
    writeF64(pe, e);
    const work = ar.bytes(w.dstedcWorkspaceSize(n));
    const uwork = ar.bytes(w.dstedcUWorkspaceSize(n));
    const info = w.dstedc(n, pd, pe, pq, ldOf(q), leafSize | 0, work, uwork);
    return { info, values: readF64(pd, n) };
  });
}

/** Default leaf size of the tridiagonal divide and conquer (LAPACK SMLSIZ). */
export function tridiagLeafSize(): number {
  return wasm().dstedcLeafSize();
}

// ─────────────────────────────── svd d&c

/**
 * Thin SVD with vectors of the tall M×N `a` (M ≥ N; destroyed) by bidiagonal divide and conquer
 * (LAPACK dgesdd's path: dgebrd + dbdsdc + dormbr): singular values (descending, copy), U (M×N),
 * V (N×N). `info` is 0, or > 0 when a secular equation or a leaf QR iteration failed.
 * Checks: M ≥ N, shapes, blocks.
 */
export function svdFactorDC(a: Mat, u: Mat, v: Mat): { info: number; s: Float64Array } {
  const M = a.rows, N = a.cols;
  if (M < N) throw new ShapeError(`svdFactorDC: A must be tall, got ${M}×${N}`);
  shape(u, M, N, 'svdFactorDC', 'U');
  shape(v, N, N, 'svdFactorDC', 'V');
  const pa = matAddr(a, 'A'), pu = matAddr(u, 'U'), pv = matAddr(v, 'V');
  const w = wasm();
  return withArena((ar) => {
    const s = ar.f64(N);
    const work = ar.bytes(w.dgesddWorkspaceSize(M, N));
    const info = w.dgesdd(M, N, pa, ldOf(a), s, pu, ldOf(u), pv, ldOf(v), work);
    return { info, s: readF64(s, N) };
  });
}

/**
 * Divide-and-conquer SVD of an n×n upper bidiagonal given as `d` (n) and `e` (n−1): returns σ
 * (descending), U (n×n) and VT (n×n, rows = right singular vectors) as copies, and `info`.
 * For tests of the kernel against the QR iteration.
 */
export function bidiagSvdDC(d: Float64Array, e: Float64Array): { info: number; s: Float64Array; U: Float64Array; VT: Float64Array } {
  const n = d.length;
  if (n < 1 || e.length !== Math.max(n - 1, 0)) throw new ShapeError(`bidiagSvdDC: need d (n ≥ 1) and e (n − 1), got ${d.length} and ${e.length}`);
  const w = wasm();
  return withArena((ar) => {
    const pd = ar.f64(n), pe = ar.f64(Math.max(n, 1)), pu = ar.f64(n * n), pvt = ar.f64(n * n);
    writeF64(pd, d);
    writeF64(pe, e);
    const work = ar.bytes(w.dbdsdcWorkspaceSize(n));
    const info = w.dbdsdc(n, pd, pe, pu, n, pvt, n, work);
    return { info, s: readF64(pd, n), U: readF64(pu, n * n), VT: readF64(pvt, n * n) };
  });
}

/**
 * SVD least squares of the tall m×n `a` (m ≥ n) by divide and conquer (LAPACK gelsd's path):
 * `a` is destroyed (keeps the bidiagonal reflectors) and must stay alive and unchanged until the
 * last `apply`; `b` (m×nrhs): its first n rows become UᵀB (the rest keeps the part of B outside
 * range(U)). The result owns V_bᵀ (n×n) and the workspace (τ_P); `paused` is always false.
 * `apply(y, x)`: X ← P·V_b·Y (x may be y). Checks: m ≥ n, b has m rows, blocks.
 */
export function svdLstsqTallDC(a: Mat, b: Mat): SvdLstsqTall {
  const w = wasm();
  const m = a.rows, n = a.cols, nrhs = b.cols;
  if (m < n) throw new ShapeError(`svdLstsqTallDC: A must be tall, got ${m}×${n}`);
  if (b.rows !== m) throw new ShapeError(`svdLstsqTallDC: B has ${b.rows} rows, A has ${m}`);
  const pa = matAddr(a, 'A'), pb = matAddr(b, 'B');
  const owned: (Block | null)[] = [];
  try {
    const sBlock = allocF64(n); owned.push(sBlock);
    const workBlock = allocBlock(w.dgelsdWorkspaceSize(m, n, nrhs)); owned.push(workBlock);
    const vtBlock = allocF64(n * n); owned.push(vtBlock);
    const ps = address(sBlock);
    const info = w.dgelsdTall(m, n, pa, ldOf(a), nrhs, pb, ldOf(b), ps, address(vtBlock), n, address(workBlock));
    const s = info === 0 ? readF64(ps, n) : new Float64Array(0);
    return {
      s, paused: false, info,
      apply(y: Mat, x: Mat): void {
        if (info !== 0) throw new ShapeError('svdLstsqTallDC.apply: the SVD did not converge');
        shape(y, n, nrhs, 'svdLstsqTallDC.apply', 'Y');
        shape(x, n, nrhs, 'svdLstsqTallDC.apply', 'X');
        if (nrhs === 0) return;
        const paNow = matAddr(a, 'A'), pw = address(workBlock), pvt = address(vtBlock);
        if (x.buf === y.buf) {
          withArena((ar) => {
            const tmp = ar.f64(n * nrhs);
            const py = matAddr(y, 'Y'), ldy = ldOf(y);
            for (let j = 0; j < nrhs; j++) w.dcopy(n, py + 8 * j * ldy, 1, tmp + 8 * j * n, 1);
            w.dgelsdApply(n, paNow, ldOf(a), nrhs, pvt, n, tmp, n, matAddr(x, 'X'), ldOf(x), pw);
          });
          return;
        }
        w.dgelsdApply(n, paNow, ldOf(a), nrhs, pvt, n, matAddr(y, 'Y'), ldOf(y), matAddr(x, 'X'), ldOf(x), pw);
      },
      dispose(): void {
        disposeAll(owned);
      },
    };
  } catch (err) {
    disposeAll(owned);
    throw err;
  }
}
