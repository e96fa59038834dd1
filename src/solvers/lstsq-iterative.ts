/** Dispatch of `lstsq` to the iterative/randomized solvers ('lsqr' | 'lsrn' | 'split'). @module */
import { OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import type { LstsqCore, LstsqOptions } from '../linalg/types.js';
import { LinearOperator } from './operator.js';
import { lsqrSolve, lsqrParams, startMatrix, summarize, type LsqrOptions } from './lsqr.js';
import { lsrnCore, lsrnParams, type LsrnOptions } from './lsrn.js';
import { splitSolve, type SplitOptions } from './split.js';

/**
 * @internal lstsq methods 'lsqr' | 'lsrn' | 'split' (A and B already validated). Method options
 * come from `options.solverOptions` (those of `lsqr`, `lsrn`, `splitSolve`); `options.rcond`
 * is passed to LSRN and Split and Solve unless `solverOptions.rcond` is given. `rank` is −1 for
 * LSQR (it does not estimate a rank).
 */
export function lstsqIterative(method: 'lsqr' | 'lsrn' | 'split', A: Matrix, B: Matrix, options: LstsqOptions): LstsqCore {
  const so = options.solverOptions ?? {};
  if (so === null || typeof so !== 'object') throw new OptionError('lstsq: option \'solverOptions\' must be an object');
  for (const key of ['lambda', 'ridge', 'ridgePerColumn'] as const) {
    if (options[key] !== undefined) throw new OptionError(`lstsq: option '${key}' is not supported by method '${method}'`);
  }
  const op = LinearOperator.fromMatrix(A);
  try {
    if (method === 'lsqr') {
      if (options.rcond !== undefined) throw new OptionError("lstsq: option 'rcond' is not used by method 'lsqr' (LSQR has no rank cut; see solverOptions.conlim)");
      const lo = so as LsqrOptions;
      const p = lsqrParams(lo, A.cols, 'lstsq (lsqr solverOptions)');
      const X = startMatrix(lo.x0, A.cols, B.cols, 'lstsq');
      try {
        const cols = lsqrSolve(op, B, X, lo.x0 !== undefined, p, 'lstsq');
        const sum = summarize(cols);
        return { X, rank: -1, iterations: sum.iterations, info: { ...sum, columns: cols } };
      } catch (err) { X.dispose(); throw err; }
    }
    if (method === 'lsrn') {
      const lo = { ...(options.rcond !== undefined ? { rcond: options.rcond } : {}), ...(so as LsrnOptions) };
      const { X, ...rest } = lsrnCore(op, B, lsrnParams(lo, 'lstsq (lsrn solverOptions)'), 'lstsq');
      return { X, rank: rest.rank, iterations: rest.iterations, info: rest as unknown as Record<string, unknown> };
    }
    const lo = { ...(options.rcond !== undefined ? { rcond: options.rcond } : {}), ...(so as SplitOptions) };
    const r = splitSolve(A, B, lo);
    const { x, ...rest } = r;
    return { X: x, rank: rest.blockRanks.reduce((a, v) => a + v, 0), iterations: rest.splits, info: rest as unknown as Record<string, unknown> };
  } finally {
    op.dispose();
  }
}
