/** Dispatch of lstsq to the iterative/randomized solvers (work in progress: issue 4). @module */
import { OptionError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import type { LstsqCore, LstsqOptions } from '../linalg/lstsq.js';

/** @internal lstsq methods 'lsqr' | 'lsrn' | 'split'. */
export function lstsqIterative(method: 'lsqr' | 'lsrn' | 'split', A: Matrix, B: Matrix, options: LstsqOptions): LstsqCore {
  void A; void B; void options;
  throw new OptionError(`lstsq: method '${method}' is not implemented yet`);
}
