/**
 * Typed operations of the slimTik streaming Tikhonov solver (src/solvers/slimtik.ts): the
 * candidate-grid sums of sampled GCV and the coefficient block of the Sherman–Morrison–Woodbury
 * update (assembly/nn/slimtik.ts, ALGORITHMS.md §9.3–§9.4). Operands are checked against their
 * blocks and against each other; the workspace is owned here. No math lives here.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import { readF64, withArena, writeF64, writeI32 } from '../memory.js';
import { ldOf, matAddr, vecAddr, type Mat, type Vec } from './operand.js';
import type { Block } from '../memory.js';

function shapeIs(m: Mat, rows: number, cols: number, fn: string, what: string): void {
  if (m.rows !== rows || m.cols !== cols) throw new ShapeError(`${fn}: ${what} is ${m.rows}×${m.cols}, expected ${rows}×${cols}`);
}

function unit(v: Vec | Block, n: number, fn: string, what: string): number {
  if ('inc' in v && v.inc !== undefined && v.inc !== 1) throw new ShapeError(`${fn}: ${what} needs unit stride (stride ${v.inc})`);
  return vecAddr(v, n, `${fn}: ${what}`);
}

/** Residual and trace sums of sampled GCV on a candidate grid (see {@link slimtikGcvSums}). */
export interface GcvSums {
  /** ρ(Λ_k) = ‖Z̃·W_k(Λ_k) − C̃‖_F² (NaN where not evaluated). */
  rho: Float64Array;
  /** τ(Λ_k) = tr(A_k B_k(Λ_k) A_kᵀ) (NaN where not evaluated). */
  tau: Float64Array;
}

/**
 * For every candidate `lambdas[k]` with `use[k]` true: ρ = ‖R − ZU·diag(1/den)·(P + Λ·Q)‖_F² and
 * τ = t·Σ_j (Σ_i ZU_ij²)/den_j, den_j = s2[j] + sum + Λ (ALGORITHMS.md §9.4; samples as rows:
 * ZU = Z̃·U n×q, R = Z̃·W − C̃ n×t, P = ZUᵀ·R and Q = Uᵀ·W q×t, s2 the q squared singular values
 * of the memory). The caller guarantees sum + Λ > 0 for the candidates it uses. Checks shapes.
 */
export function slimtikGcvSums(ZU: Mat, R: Mat, P: Mat, Q: Mat, s2: Vec | Block, sum: number,
  lambdas: ArrayLike<number>, use: ArrayLike<boolean>): GcvSums {
  const fn = 'slimtikGcvSums';
  const n = ZU.rows, q = ZU.cols, t = R.cols, g = lambdas.length;
  shapeIs(R, n, t, fn, 'R');
  shapeIs(P, q, t, fn, 'P');
  shapeIs(Q, q, t, fn, 'Q');
  if (use.length !== g) throw new ShapeError(`${fn}: ${use.length} use flags for ${g} candidates`);
  const pzu = matAddr(ZU, 'ZU'), pr = matAddr(R, 'R'), pp = matAddr(P, 'P'), pq = matAddr(Q, 'Q');
  const ps = unit(s2, q, fn, 's2');
  const w = wasm();
  return withArena((ar) => {
    const lam = ar.f64(Math.max(g, 1)), flags = ar.bytes(Math.max(g, 1) * 4);
    const rho = ar.f64(Math.max(g, 1)), tau = ar.f64(Math.max(g, 1));
    writeF64(lam, lambdas);
    writeI32(flags, Array.from(use, (u) => (u ? 1 : 0)));
    const work = ar.bytes(w.slimtikGcvSumsWorkspaceSize(n, q));
    w.slimtikGcvSums(n, q, t, g, pzu, ldOf(ZU), pr, ldOf(R), pp, ldOf(P), pq, ldOf(Q), ps, sum, lam, flags, rho, tau, work);
    return { rho: readF64(rho, g), tau: readF64(tau, g) };
  });
}

/**
 * X ← diag(1/(s2 + sum + Λ))·(P + Λ·Q) − κ·Q (all q×t; X distinct from P and Q): the coefficient
 * block of the slimTik update W ← (1 − κ)·W − U·X (ALGORITHMS.md §9.3). Checks shapes.
 */
export function slimtikUpdateCoef(P: Mat, Q: Mat, s2: Vec | Block, sum: number, lambda: number, kappa: number, X: Mat): void {
  const fn = 'slimtikUpdateCoef';
  const q = P.rows, t = P.cols;
  shapeIs(Q, q, t, fn, 'Q');
  shapeIs(X, q, t, fn, 'X');
  if (X.buf === P.buf || X.buf === Q.buf) throw new ShapeError(`${fn}: X must not share a buffer with P or Q`);
  const pp = matAddr(P, 'P'), pq = matAddr(Q, 'Q'), px = matAddr(X, 'X');
  const ps = unit(s2, q, fn, 's2');
  if (q === 0 || t === 0) return;
  wasm().slimtikUpdateCoef(q, t, pp, ldOf(P), pq, ldOf(Q), ps, sum, lambda, kappa, px, ldOf(X));
}
