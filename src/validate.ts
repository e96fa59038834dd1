/**
 * @internal Validation helpers shared by the public API (validation happens once, at the API
 * boundary; kernels trust their inputs).
 *
 * The rules every public function follows (docs/reliability.md):
 * - options are omitted (`undefined`) or a plain object; `null`, arrays and other values are an
 *   {@link OptionError} naming the function ({@link checkOptions});
 * - unknown option keys are an {@link OptionError} listing the valid keys;
 * - a message never prints an untrusted value raw: {@link describe} gives a short, bounded text
 *   for any value (BigInt, Symbol, null-prototype objects, huge strings, deep nesting) and never
 *   throws.
 * @module
 */
import { InvalidInputError, OptionError, ShapeError } from './errors.js';

/**
 * Short description of an untrusted value for an error message: bounded length, never
 * recursive, never throws (BigInt, Symbol, `Object.create(null)`, revoked proxies included).
 * @example
 * describe(1n);        // 'the bigint 1n'
 * describe('x'.repeat(100)); // 'the string "xxxx…"' (40 characters kept)
 * describe([[1]]);     // 'an array of 1'
 */
export function describe(v: unknown): string {
  try {
    if (v === null) return 'null';
    if (Array.isArray(v)) return `an array of ${v.length}`;
    switch (typeof v) {
      case 'string': return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'boolean': return String(v);
      case 'undefined': return 'nothing (missing)';
      case 'bigint': { const s = v.toString(); return `the bigint ${s.length > 40 ? `${s.slice(0, 40)}…` : s}n`; }
      case 'symbol': return 'a symbol';
      case 'function': return 'a function';
      default:
        if (ArrayBuffer.isView(v)) return `a ${Object.prototype.toString.call(v).slice(8, -1)}`;
        return 'an object';
    }
  } catch {
    return 'an unprintable value';
  }
}

/** Largest row or column count accepted anywhere (the wasm kernels index with 32-bit integers). */
export const MAX_DIM = 2 ** 31 - 1;

/**
 * THE dimension check of the library (Matrix constructors, `{ data, rows, cols }` operands of the
 * solvers, …): `n` must be an integer in [0, {@link MAX_DIM}], else a {@link ShapeError}
 * "`what` must be an integer in [0, 2147483647], got …" — checked before anything is allocated
 * or looped over (1e308 rows of an empty matrix would make a row loop run forever).
 * @param what the argument with its function, e.g. `'Matrix.zeros: rows'` or `'lstsq: A.rows'`.
 */
export function checkDim(n: unknown, what: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_DIM) {
    throw new ShapeError(`${what} must be an integer in [0, ${MAX_DIM}], got ${describe(n)}`);
  }
}

/** True for `{}`-like objects: not null, not an array, not a typed array, not a function. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** Options are object literals (or JSON / null-prototype objects), not instances of classes such as Matrix. */
function isOptionsProto(p: unknown): boolean {
  return p === null || p === Object.prototype || (typeof p === 'object' && Object.getPrototypeOf(p) === null && Object.prototype.toString.call(p) === '[object Object]');
}

/**
 * Checks an options argument: `undefined` (omitted) is fine; anything that is not an object
 * (`null`, a number, a string, an array, a typed array, …) is an {@link OptionError} naming
 * `fn`; a key that is not in `known` is an {@link OptionError} listing the valid keys.
 * Call it FIRST, before reading or destructuring `options`.
 */
export function checkOptions(options: unknown, known: readonly string[], fn: string): asserts options is object | undefined {
  if (options === undefined) return;
  if (!isPlainObject(options) || !isOptionsProto(Object.getPrototypeOf(options))) throw new OptionError(`${fn}: options must be an object (or omitted), got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new OptionError(`${fn}: unknown option '${describe(key).replace(/^the string "(.*)"$/, '$1')}' (known: ${known.join(', ')})`);
    }
  }
}

/** A boolean option (`undefined` gives `fallback`); anything else — `'false'`, 0, 1 — is an {@link OptionError}. */
export function boolOption(value: unknown, name: string, fn: string, fallback = false): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new OptionError(`${fn}: option '${name}' must be true or false, got ${describe(value)}`);
  return value;
}

/** A finite number option, optionally bounded. */
export function numberOption(value: unknown, name: string, fn: string, min = -Infinity, max = Infinity, inclusiveMin = true): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value > max || (inclusiveMin ? value < min : value <= min)) {
    const range = `${inclusiveMin ? '[' : '('}${min}, ${max}]`;
    throw new OptionError(`${fn}: option '${name}' must be a finite number in ${range}, got ${describe(value)}`);
  }
  return value;
}

/** An integer option, optionally bounded (inclusive). */
export function intOption(value: unknown, name: string, fn: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(`${fn}: option '${name}' must be an integer in [${min}, ${max}], got ${describe(value)}`);
  }
  return value;
}

/** One of a fixed set of string values. */
export function enumOption<T extends string>(value: unknown, name: string, fn: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new OptionError(`${fn}: option '${name}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/** A seed: integer in [0, 2^53). */
export function seedOption(value: unknown, fn: string): number {
  return intOption(value, 'seed', fn, 0, 2 ** 53 - 1);
}

/**
 * Checks that `v` is array-like with only numbers (no strings, null, holes, BigInt, …) and
 * returns it as a Float64Array (a Float64Array is returned as is). `finite` also rejects
 * NaN/±Inf. Errors are {@link InvalidInputError}s naming `fn`, `name` and the index.
 */
export function toNumbers(v: unknown, name: string, fn: string, finite: boolean): Float64Array {
  if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<number>).length !== 'number'
    || v instanceof BigInt64Array || v instanceof BigUint64Array || v instanceof DataView) {
    throw new InvalidInputError(`${fn}: ${name} must be a Float64Array or an array of numbers, got ${describe(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  const n = a.length;
  if (!Number.isInteger(n) || n < 0) throw new InvalidInputError(`${fn}: ${name} has an invalid length ${describe(n)}`);
  const typed = ArrayBuffer.isView(v);
  if (!typed) {
    for (let i = 0; i < n; i++) {
      if (typeof a[i] !== 'number') throw new InvalidInputError(`${fn}: ${name}[${i}] must be a number, got ${describe(a[i])}`);
    }
  }
  const out = v instanceof Float64Array ? v : Float64Array.from(a as ArrayLike<number>);
  if (finite) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(out[i])) throw new InvalidInputError(`${fn}: ${name}[${i}] = ${out[i]} is a non-finite value`);
    }
  }
  return out;
}

/** Converts a vector argument to a Float64Array (copy when needed) and checks it is finite and non-empty. */
export function toVector(v: ArrayLike<number>, name: string, fn: string): Float64Array {
  const out = toNumbers(v, name, fn, true);
  if (out.length === 0) throw new InvalidInputError(`${fn}: ${name} is empty`);
  return out;
}
