/**
 * Typed operations on {@link Mat}/{@link Vec} operands: data movement, BLAS levels 1–3 and the
 * counter-based RNG. Each function checks its operands against their blocks, sizes and owns
 * the workspace of its kernel, and calls it: callers never see an address, a stride in bytes or
 * a workspace layout. Shapes that the caller must agree on are checked here (ShapeError); the
 * public argument checks (NaN, options) stay in `src/`. No math lives here.
 * @module
 */
import { InvalidInputError, ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import { withArena, type Block } from '../memory.js';
import { incOf, ldOf, matAddr, vecAddr, vecLength, type Mat, type Vec } from './operand.js';

/** Transpose flag of the BLAS calls: 0 = as is, 1 = transposed. */
export type Trans = 0 | 1;

function sameShape(a: Mat, b: Mat, fn: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new ShapeError(`${fn}: ${a.rows}×${a.cols} and ${b.rows}×${b.cols} differ`);
}

// ─────────────────────────────── data movement

/** Every element of `a` ← `value`. */
export function fill(a: Mat, value: number): void {
  const p = matAddr(a);
  if (a.rows > 0 && a.cols > 0) wasm().dfill(a.rows, a.cols, value, p, ldOf(a));
}

/** `a` ← the identity (ones on the main diagonal, zeros elsewhere; any shape). */
export function setIdentity(a: Mat): void {
  const p = matAddr(a);
  if (a.rows > 0 && a.cols > 0) wasm().dlaset_identity(a.rows, a.cols, p, ldOf(a));
}

/** `dst` ← `src` (same shape; LAPACK dlacpy). */
export function copy(src: Mat, dst: Mat): void {
  sameShape(src, dst, 'copy');
  const s = matAddr(src, 'copy source'), d = matAddr(dst, 'copy target');
  if (src.rows > 0 && src.cols > 0) wasm().dlacpy(src.rows, src.cols, s, ldOf(src), d, ldOf(dst));
}

/** `dst` (n×m) ← `src`ᵀ (src m×n). */
export function transpose(src: Mat, dst: Mat): void {
  if (dst.rows !== src.cols || dst.cols !== src.rows) throw new ShapeError(`transpose: ${src.rows}×${src.cols} into ${dst.rows}×${dst.cols}`);
  const s = matAddr(src, 'transpose source'), d = matAddr(dst, 'transpose target');
  if (src.rows > 0 && src.cols > 0) wasm().dtranspose(src.rows, src.cols, s, ldOf(src), d, ldOf(dst));
}

/** `c` ← α·`a` + β·`b` (same shapes; `c` may be `a` or `b`). */
export function geadd(alpha: number, a: Mat, beta: number, b: Mat, c: Mat): void {
  sameShape(a, b, 'geadd'); sameShape(a, c, 'geadd');
  const pa = matAddr(a), pb = matAddr(b), pc = matAddr(c);
  if (a.rows > 0 && a.cols > 0) wasm().dgeadd(a.rows, a.cols, alpha, pa, ldOf(a), beta, pb, ldOf(b), pc, ldOf(c));
}

/** Column-major index i + j·rows of the first NaN/±Inf of `a`, or −1. */
export function firstNonFinite(a: Mat): number {
  const p = matAddr(a);
  if (a.rows === 0 || a.cols === 0) return -1;
  return wasm().firstNonFinite(a.rows, a.cols, p, ldOf(a));
}

/** max|a_ij| (LAPACK dlange('M')); 0 for an empty operand, NaN when `a` holds a NaN. */
export function maxAbs(a: Mat): number {
  const p = matAddr(a);
  if (a.rows === 0 || a.cols === 0) return 0;
  return wasm().dlangeMax(a.rows, a.cols, p, ldOf(a));
}

/**
 * `a` ← 2^e·`a` exactly (LAPACK dlascl with power-of-two factors: applied in two steps when 2^e
 * itself is not a finite double). e must be an integer in [-2200, 2200].
 */
export function scalePow2(a: Mat, e: number): void {
  if (!Number.isInteger(e) || e < -2200 || e > 2200) throw new InvalidInputError(`scalePow2: exponent ${e} is not an integer in [-2200, 2200]`);
  const p = matAddr(a);
  if (e !== 0 && a.rows > 0 && a.cols > 0) wasm().dlasclPow2(a.rows, a.cols, e, p, ldOf(a));
}

// ─────────────────────────────── level 3

/**
 * C ← α·op(A)·op(B) + β·C with the packed GEMM (shapes from the operands; `k = 0` or α = 0
 * scales C; β = 0 never reads C).
 */
export function gemm(transA: Trans, transB: Trans, alpha: number, a: Mat, b: Mat, beta: number, c: Mat): void {
  const m = transA ? a.cols : a.rows, k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows, n = transB ? b.rows : b.cols;
  if (k !== kb || c.rows !== m || c.cols !== n) {
    throw new ShapeError(`gemm: op(A) is ${m}×${k}, op(B) ${kb}×${n}, C ${c.rows}×${c.cols}`);
  }
  const pa = matAddr(a, 'A'), pb = matAddr(b, 'B'), pc = matAddr(c, 'C');
  if (m === 0 || n === 0) return;
  const w = wasm();
  if (k === 0) {
    if (beta === 0) w.dfill(m, n, 0, pc, ldOf(c));
    else w.dgeadd(m, n, beta, pc, ldOf(c), 0, pc, ldOf(c), pc, ldOf(c));
    return;
  }
  withArena((ar) => {
    const work = ar.bytes(w.dgemmWorkspaceSize(m, n, k));
    w.dgemm(transA, transB, m, n, k, alpha, pa, ldOf(a), pb, ldOf(b), beta, pc, ldOf(c), work);
  });
}

/** One triangle (`uplo` 0 lower, 1 upper) of C ← α·op(A)·op(B) + β·C, C n×n. */
export function gemmt(uplo: 0 | 1, transA: Trans, transB: Trans, alpha: number, a: Mat, b: Mat, beta: number, c: Mat): void {
  const n = c.rows, k = transA ? a.rows : a.cols;
  const ma = transA ? a.cols : a.rows, kb = transB ? b.cols : b.rows, nb = transB ? b.rows : b.cols;
  if (c.cols !== n || ma !== n || nb !== n || kb !== k) throw new ShapeError('gemmt: shapes do not agree');
  const pa = matAddr(a, 'A'), pb = matAddr(b, 'B'), pc = matAddr(c, 'C');
  if (n === 0) return;
  const w = wasm();
  withArena((ar) => {
    const work = ar.bytes(w.dgemmWorkspaceSize(n, n, Math.max(k, 1)));
    w.dgemmt(uplo, transA, transB, n, k, alpha, pa, ldOf(a), pb, ldOf(b), beta, pc, ldOf(c), work);
  });
}

/** One triangle (`uplo` 0 lower, 1 upper) of C ← α·op(A)·op(A)ᵀ + β·C (`trans` 1: AᵀA). */
export function syrk(uplo: 0 | 1, trans: Trans, alpha: number, a: Mat, beta: number, c: Mat): void {
  const n = trans ? a.cols : a.rows, k = trans ? a.rows : a.cols;
  if (c.rows !== n || c.cols !== n) throw new ShapeError(`syrk: C is ${c.rows}×${c.cols}, expected ${n}×${n}`);
  const pa = matAddr(a, 'A'), pc = matAddr(c, 'C');
  if (n === 0) return;
  const w = wasm();
  withArena((ar) => {
    const work = ar.bytes(w.dsyrkWorkspaceSize(n, k));
    w.dsyrk(uplo, trans, n, k, alpha, pa, ldOf(a), beta, pc, ldOf(c), work);
  });
}

/** Triangular solve B ← α·op(A)⁻¹·B (side 0) or α·B·op(A)⁻¹ (side 1); `diag` 1 = unit. */
export function trsm(side: 0 | 1, uplo: 0 | 1, transA: Trans, diag: 0 | 1, alpha: number, a: Mat, b: Mat): void {
  triangular('trsm', side, uplo, transA, diag, alpha, a, b);
}

/** Triangular product B ← α·op(A)·B (side 0) or α·B·op(A) (side 1); `diag` 1 = unit. */
export function trmm(side: 0 | 1, uplo: 0 | 1, transA: Trans, diag: 0 | 1, alpha: number, a: Mat, b: Mat): void {
  triangular('trmm', side, uplo, transA, diag, alpha, a, b);
}

/** The shared checks and workspace of {@link trsm} and {@link trmm}. */
function triangular(kind: 'trsm' | 'trmm', side: 0 | 1, uplo: 0 | 1, transA: Trans, diag: 0 | 1, alpha: number, a: Mat, b: Mat): void {
  const na = side === 0 ? b.rows : b.cols;
  if (a.rows !== na || a.cols !== na) throw new ShapeError(`${kind}: A is ${a.rows}×${a.cols}, expected ${na}×${na}`);
  const pa = matAddr(a, 'A'), pb = matAddr(b, 'B');
  if (b.rows === 0 || b.cols === 0) return;
  const w = wasm();
  withArena((ar) => {
    if (kind === 'trsm') {
      w.dtrsm(side, uplo, transA, diag, b.rows, b.cols, alpha, pa, ldOf(a), pb, ldOf(b), ar.bytes(w.dtrsmWorkspaceSize(b.rows, b.cols)));
    } else {
      w.dtrmm(side, uplo, transA, diag, b.rows, b.cols, alpha, pa, ldOf(a), pb, ldOf(b), ar.bytes(w.dtrmmWorkspaceSize(b.rows, b.cols)));
    }
  });
}

// ─────────────────────────────── level 2 and 1

/** y ← α·op(A)·x + β·y. */
export function gemv(trans: Trans, alpha: number, a: Mat, x: Vec | Block, beta: number, y: Vec | Block): void {
  const nx = trans ? a.rows : a.cols, ny = trans ? a.cols : a.rows;
  const pa = matAddr(a, 'A'), px = vecAddr(x, nx, 'x'), py = vecAddr(y, ny, 'y');
  if (ny === 0) return;
  wasm().dgemv(trans, a.rows, a.cols, alpha, pa, ldOf(a), px, incOf(x), beta, py, incOf(y));
}

/** A ← A + α·x·yᵀ. */
export function ger(alpha: number, x: Vec | Block, y: Vec | Block, a: Mat): void {
  const px = vecAddr(x, a.rows, 'x'), py = vecAddr(y, a.cols, 'y'), pa = matAddr(a, 'A');
  if (a.rows === 0 || a.cols === 0) return;
  wasm().dger(a.rows, a.cols, alpha, px, incOf(x), py, incOf(y), pa, ldOf(a));
}

/** y ← y + α·x (n elements; default the length of x). */
export function axpy(alpha: number, x: Vec | Block, y: Vec | Block, n: number = vecLength(x)): void {
  const px = vecAddr(x, n, 'x'), py = vecAddr(y, n, 'y');
  if (n > 0) wasm().daxpy(n, alpha, px, incOf(x), py, incOf(y));
}

/** x ← α·x. */
export function scal(alpha: number, x: Vec | Block, n: number = vecLength(x)): void {
  const px = vecAddr(x, n, 'x');
  if (n > 0) wasm().dscal(n, alpha, px, incOf(x));
}

/** xᵀy. */
export function dot(x: Vec | Block, y: Vec | Block, n: number = vecLength(x)): number {
  const px = vecAddr(x, n, 'x'), py = vecAddr(y, n, 'y');
  return n > 0 ? wasm().ddot(n, px, incOf(x), py, incOf(y)) : 0;
}

/** ‖x‖₂ without overflow or harmful underflow (scaled, as LAPACK dnrm2). */
export function nrm2(x: Vec | Block, n: number = vecLength(x)): number {
  const px = vecAddr(x, n, 'x');
  return n > 0 ? wasm().dnrm2(n, px, incOf(x)) : 0;
}

/** y ← x. */
export function copyVec(x: Vec | Block, y: Vec | Block, n: number = vecLength(x)): void {
  const px = vecAddr(x, n, 'x'), py = vecAddr(y, n, 'y');
  if (n > 0) wasm().dcopy(n, px, incOf(x), py, incOf(y));
}

// ─────────────────────────────── random numbers (Philox4x32-10, counter based)

/**
 * Fills the m×n `a` with elements `start + i + j·rows` of the stream (seed, stream): normal
 * N(p1, p2²) or uniform [p1, p2). The values depend only on (seed, stream, index).
 */
export function random(a: Mat, dist: 'normal' | 'uniform', seed: number, stream: number, start: number, p1: number, p2: number): void {
  const p = matAddr(a);
  if (a.rows === 0 || a.cols === 0) return;
  const w = wasm();
  const ld = ldOf(a);
  if (ld === a.rows) {
    if (dist === 'normal') w.rngNormal(p, a.rows * a.cols, 1, seed, stream, start, p1, p2);
    else w.rngUniform(p, a.rows * a.cols, 1, seed, stream, start, p1, p2);
    return;
  }
  for (let j = 0; j < a.cols; j++) {
    const pj = p + j * ld * 8;
    if (dist === 'normal') w.rngNormal(pj, a.rows, 1, seed, stream, start + j * a.rows, p1, p2);
    else w.rngUniform(pj, a.rows, 1, seed, stream, start + j * a.rows, p1, p2);
  }
}
