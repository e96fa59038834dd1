/** cholesky (work in progress: the implementation lands with issue 3). @module */
import { OptionError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import type { LstsqCore, LstsqOptions } from './lstsq.js';

/** @internal lstsq method 'cholesky' (A and B already validated; returns X = cols(A) × cols(B)). */
export function lstsqCholesky(A: Matrix, B: Matrix, options: LstsqOptions): LstsqCore {
  void A; void B; void options;
  throw new OptionError("lstsq: method 'cholesky' is not implemented yet");
}
