/**
 * @internal Validation helpers shared by the public API (validation happens once, at the API
 * boundary; kernels trust their inputs).
 * @module
 */
import { InvalidInputError, OptionError } from './errors.js';

/** Rejects unknown option keys with an {@link OptionError} naming the function and the known keys. */
export function checkOptions(options: object | undefined, known: readonly string[], fn: string): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') throw new OptionError(`${fn}: options must be an object`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new OptionError(`${fn}: unknown option '${key}' (known: ${known.join(', ')})`);
  }
}

/** A finite number option, optionally bounded. */
export function numberOption(value: unknown, name: string, fn: string, min = -Infinity, max = Infinity, inclusiveMin = true): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value > max || (inclusiveMin ? value < min : value <= min)) {
    const range = `${inclusiveMin ? '[' : '('}${min}, ${max}]`;
    throw new OptionError(`${fn}: option '${name}' must be a finite number in ${range}, got ${String(value)}`);
  }
  return value;
}

/** An integer option, optionally bounded (inclusive). */
export function intOption(value: unknown, name: string, fn: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(`${fn}: option '${name}' must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** One of a fixed set of string values. */
export function enumOption<T extends string>(value: unknown, name: string, fn: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new OptionError(`${fn}: option '${name}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** A seed: integer in [0, 2^53). */
export function seedOption(value: unknown, fn: string): number {
  return intOption(value, 'seed', fn, 0, 2 ** 53 - 1);
}

/** Converts a vector argument to a Float64Array (copy when needed) and checks it is finite and non-empty. */
export function toVector(v: ArrayLike<number>, name: string, fn: string): Float64Array {
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number') {
    throw new InvalidInputError(`${fn}: ${name} must be a Float64Array or an array of numbers`);
  }
  const out = v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>);
  if (out.length === 0) throw new InvalidInputError(`${fn}: ${name} is empty`);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new InvalidInputError(`${fn}: ${name} has a non-finite value (${out[i]}) at index ${i}`);
  }
  return out;
}
