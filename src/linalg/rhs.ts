/**
 * @internal Right-hand-side handling shared by every solver: a vector gives a vector, a Matrix
 * gives a Matrix (DESIGN.md §3).
 * @module
 */
import { MAX_BLOCK_BYTES } from '../../bindings/index.js';
import { InvalidInputError, OutOfMemoryError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';

import { checkDim, MAX_DIM } from '../validate.js';

/**
 * Checks the `rows`/`cols` of a `{ data, rows, cols }` operand before anything is allocated or
 * looped over: integers in [0, {@link MAX_DIM}] (else ShapeError) whose product fits one wasm block (else
 * OutOfMemoryError). Returns the
 * element count (rows·cols), or −1 for a Matrix / array of rows (their shapes are already real).
 */
export function checkDims(x: MatrixLike, name: string, fn: string): number {
  if (x instanceof Matrix || Array.isArray(x) || x === null || typeof x !== 'object' || !('rows' in x) || !('cols' in x)) return -1;
  const { rows, cols } = x as { rows: unknown; cols: unknown };
  // the one dimension check of the library (src/validate.ts): same rule, same message as Matrix.from
  checkDim(rows, `${fn}: ${name}.rows`);
  checkDim(cols, `${fn}: ${name}.cols`);
  const count = (rows as number) * (cols as number);
  const maxValues = Math.floor(MAX_BLOCK_BYTES / Float64Array.BYTES_PER_ELEMENT);
  if (count > maxValues) {
    throw new OutOfMemoryError(count * Float64Array.BYTES_PER_ELEMENT,
      `${fn}: ${name} is ${rows as number}×${cols as number}; one matrix holds at most ${maxValues} values`);
  }
  return count;
}

/** {@link Matrix.from} after {@link checkDims} (nothing is allocated for bad dimensions). */
export function matrixFrom(x: MatrixLike, name: string, fn: string): Matrix {
  const count = checkDims(x, name, fn);
  const d = count === 0 ? (x as { data?: { length?: unknown } }).data : undefined;
  // an empty { data, rows: 1e9, cols: 0 }: no row loop over nothing (Matrix.fromRowMajor loops rows)
  if (count === 0 && d && d.length === 0) return Matrix.empty((x as { rows: number }).rows, (x as { cols: number }).cols);
  return Matrix.from(x, name);
}

/** A right-hand side: one vector or several columns. */
export type Rhs = VectorLike | MatrixLike;

/** The solution type that matches a right-hand side type. */
export type SolutionOf<B> = B extends Matrix | number[][] | { data: ArrayLike<number>; rows: number; cols: number } ? Matrix : Float64Array;

/** A right-hand side as a Matrix (owned: true when it was converted and must be disposed by the caller). */
export interface RhsMatrix {
  B: Matrix;
  owned: boolean;
  isVector: boolean;
}

/** Converts b/B to a checked Matrix with `rows` rows (finite, non-empty). */
export function rhsToMatrix(b: Rhs, rows: number, fn: string): RhsMatrix {
  let B: Matrix;
  let owned = false;
  let isVector = false;
  if (b instanceof Float64Array || (Array.isArray(b) && (b.length === 0 || typeof b[0] === 'number'))) {
    const v = b as ArrayLike<number>;
    if (v.length !== rows) throw new ShapeError(`${fn}: b has ${v.length} entries but A has ${rows} rows`);
    B = Matrix.fromColumnMajor(v, v.length, 1);
    owned = true;
    isVector = true;
  } else {
    if (checkDims(b as MatrixLike, 'B', fn) === 0) throw new InvalidInputError(`${fn}: the right-hand side is empty`);
    B = matrixFrom(b as MatrixLike, 'B', fn);
    owned = !(b instanceof Matrix);
    if (B.rows !== rows) {
      if (owned) B.dispose();
      throw new ShapeError(`${fn}: B has ${B.rows} rows but A has ${rows} rows`);
    }
  }
  if (B.length === 0) {
    if (owned) B.dispose();
    throw new InvalidInputError(`${fn}: the right-hand side is empty`);
  }
  try {
    B.assertFinite(`${fn}: right-hand side`);
  } catch (err) {
    if (owned) B.dispose();
    throw err;
  }
  return { B, owned, isVector };
}

/** Converts a solution Matrix back to the caller's type (disposes X when a vector is returned). */
export function solutionFromMatrix<B>(X: Matrix, isVector: boolean): SolutionOf<B> {
  if (!isVector) return X as SolutionOf<B>;
  const v = X.toColumnMajor();
  X.dispose();
  return v as SolutionOf<B>;
}

/** Checks that A is a usable coefficient matrix: non-empty and finite. Returns the Matrix and whether it was converted (caller disposes). */
export function coefficientMatrix(a: MatrixLike, fn: string, name = 'A'): { A: Matrix; owned: boolean } {
  if (checkDims(a, name, fn) === 0) {
    const { rows, cols } = a as { rows: number; cols: number };
    throw new InvalidInputError(`${fn}: ${name} is empty (${rows}×${cols})`);
  }
  const A = Matrix.from(a, name);
  const owned = !(a instanceof Matrix);
  if (A.rows === 0 || A.cols === 0) {
    if (owned) A.dispose();
    throw new InvalidInputError(`${fn}: ${name} is empty (${A.rows}×${A.cols})`);
  }
  try {
    A.assertFinite(`${fn}: ${name}`);
  } catch (err) {
    if (owned) A.dispose();
    throw err;
  }
  return { A, owned };
}
