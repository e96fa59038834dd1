/** svd (work in progress: the implementation lands with issue 3). @module */
import { OptionError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import type { LstsqCore, LstsqOptions } from './lstsq.js';

/** @internal lstsq method 'svd' (A and B already validated; returns X = cols(A) × cols(B)). */
export function lstsqSvd(A: Matrix, B: Matrix, options: LstsqOptions): LstsqCore {
  void A; void B; void options;
  throw new OptionError("lstsq: method 'svd' is not implemented yet");
}
