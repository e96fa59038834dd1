/**
 * @internal LAPACK-style range scaling for the least-squares drivers (the role of dlascl with
 * dlamch('S') in dgelsd / dgelsy / dsyevd): when max|A| or max|B| lies outside a safe range, the
 * driver works on 2^ea·A and 2^eb·B (exact power-of-two scaling, done by the wasm kernel behind
 * `ops.scalePow2`) and undoes it on the results. Only the exponents are computed here; the
 * scaling loops run in wasm. Inputs inside the range are not touched (bit-identical results).
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, NonFiniteError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import type { Disposable } from '../scope.js';

/** dlamch('S'): smallest normal f64, 2^-1022. */
export const SAFMIN = 2 ** -1022;
/** dlamch('P'): ε·base = 2^-52. */
export const EPS_P = 2 ** -52;
/** LAPACK's smlnum = dlamch('S')/dlamch('P') = 2^-970 (dgelsy, dgelsd). */
export const SMLNUM = SAFMIN / EPS_P;
/** LAPACK's bignum = 1/smlnum = 2^970. */
export const BIGNUM = 1 / SMLNUM;
/**
 * Range for methods that square A (normal equations, ridge filter factors σ/(σ²+λ), GCV
 * residuals): max|A| ∈ [2^-250, 2^250] keeps σ² ≤ (√(mn)·max|A|)² and ‖b‖² far from overflow
 * and underflow for every matrix wasm32 can hold (mn < 2^31).
 */
export const SQUARED_LO = 2 ** -250;
/** Upper end of the range of {@link SQUARED_LO}. */
export const SQUARED_HI = 2 ** 250;

/**
 * Exponent e such that 2^e·amax ∈ [1, 2) when amax is finite, positive and outside [lo, hi];
 * 0 (no scaling) otherwise. Works for subnormal amax (e up to 1074).
 */
export function rangeExponent(amax: number, lo: number, hi: number): number {
  if (!(amax > 0) || !Number.isFinite(amax) || (amax >= lo && amax <= hi)) return 0;
  return -Math.floor(Math.log2(amax));
}

/** x·2^e for any integer e (two factors when 2^e alone is not a finite double). */
export function ldexp(x: number, e: number): number {
  if (e === 0 || x === 0) return x;
  if (e > 1000 || e < -1000) {
    const e1 = Math.trunc(e / 2);
    return x * 2 ** e1 * 2 ** (e - e1);
  }
  return x * 2 ** e;
}

/** max|M| (wasm dlange('M')). */
export function maxAbs(M: Matrix): number {
  return ops.maxAbs(M);
}

/** M ← 2^e·M in place (wasm; exact). */
export function scaleInPlace(M: Matrix, e: number): void {
  ops.scalePow2(M, e);
}

/** A copy of M scaled by 2^e (the caller owns it). */
export function scaledCopy(M: Matrix, e: number): Matrix {
  const C = M.clone();
  try {
    ops.scalePow2(C, e);
  } catch (err) {
    C.dispose();
    throw err;
  }
  return C;
}

/**
 * Ends a solve done on scaled data: X ← 2^e·X, checks X is representable
 * ({@link assertRepresentable}) and runs `more` (e.g. unscaling reported values); X is
 * disposed when any of it throws.
 */
export function unscaleSolution(X: Matrix, e: number, fn: string, more?: () => void): void {
  try {
    scaleInPlace(X, e);
    assertRepresentable(X, fn);
    more?.();
  } catch (err) {
    X.dispose();
    throw err;
  }
}

/**
 * Throws {@link InvalidInputError} when the computed `X` holds ±Inf or NaN although every input
 * was finite: the exact result is outside the f64 range (e.g. |x| > 1.8e308 for a tiny A and a
 * large b). Never returns a non-finite result silently.
 */
export function assertRepresentable(X: Matrix, fn: string, what = 'solution'): void {
  const idx = ops.firstNonFinite(X);
  if (idx < 0) return;
  const i = idx % X.rows, j = Math.floor(idx / X.rows);
  throw new InvalidInputError(
    `${fn}: the ${what} cannot be represented in float64 (entry (${i}, ${j}) overflows): ` +
    'A is (numerically) too small relative to b; rescale A or b');
}

/**
 * Undoes a 2^e scaling of computed values (σ or λ) in place; a value that is not a
 * finite double in the caller's units (σ > 1.8e308) is a NonFiniteError (the result is disposed).
 */
export function unscaleValues(v: Float64Array, e: number, fn: string, what: string, owner: Disposable): void {
  for (let i = 0; i < v.length; i++) {
    v[i] = ldexp(v[i]!, -e);
    if (!Number.isFinite(v[i])) {
      owner.dispose();
      throw new NonFiniteError(`${fn}: ${what} ${i} exceeds the double range (about 1.8e308): the data's magnitude is too large to represent the result; scale the input down`);
    }
  }
}
