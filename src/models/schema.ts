/**
 * @internal Strict checks of saved model JSON (`fromJSON`). Every field is checked for its type,
 * range, finiteness and length; nothing is coerced (`null`, `true`, `"12"` are not numbers);
 * unknown fields are rejected. A failure is an {@link InvalidInputError} whose message names
 * the function and the field path, e.g.
 * `SampledNetwork.fromJSON: field 'hidden[0].W' must be an array of 6 finite numbers, got an array of 5`.
 * The checks never recurse into data they do not expect and never print untrusted input
 * unbounded ({@link describe}), so a deeply nested or huge document cannot overflow the stack
 * or produce a huge message.
 * @module
 */
import { InvalidInputError } from '../errors.js';
import { describe } from '../validate.js';

export { describe };

/**
 * A plain object as `JSON.parse` makes it (prototype `Object.prototype` of any realm, or
 * null): class instances (a `Matrix`, a `Map`, a `Date`), arrays and typed arrays are not.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * A JSON object being read: every accessor checks one field and names it by its path in the
 * error. Create the root with {@link expectObject}; `obj.object('output', …)` and
 * `obj.objects('hidden', n, …)` give nested readers.
 */
export class Fields {
  /** @param fn Function name for messages (`'SampledNetwork.fromJSON'`). @param path Path of this object ('' at the root). */
  constructor(readonly raw: Record<string, unknown>, readonly fn: string, readonly path: string) {}

  /** Path of `field` inside this object. */
  at(field: string): string { return this.path ? `${this.path}.${field}` : field; }

  /** Throws an {@link InvalidInputError} naming `path`. */
  fail(path: string, must: string, got?: unknown): never {
    throw new InvalidInputError(`${this.fn}: field '${path}' ${must}${arguments.length > 2 ? `, got ${describe(got)}` : ''}`);
  }

  /** True when the field is present (own property, not undefined). */
  has(field: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.raw, field) && this.raw[field] !== undefined;
  }

  /** The raw value of a present field (missing → error). */
  value(field: string): unknown {
    if (!this.has(field)) this.fail(this.at(field), 'is missing');
    return this.raw[field];
  }

  /** A finite number in [min, max]. */
  number(field: string, min = -Infinity, max = Infinity): number {
    const v = this.value(field);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      this.fail(this.at(field), `must be a finite number${rangeText(min, max)}`, v);
    }
    return v;
  }

  /** A finite number, or `null` (returned as `ifNull`: the encoding of a non-finite value). */
  numberOrNull(field: string, ifNull: number, min = -Infinity, max = Infinity): number {
    if (this.value(field) === null) return ifNull;
    return this.number(field, min, max);
  }

  /** An integer in [min, max]. */
  int(field: string, min: number, max: number): number {
    const v = this.value(field);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.fail(this.at(field), `must be an integer in [${min}, ${max}]`, v);
    return v;
  }

  /** A boolean. */
  bool(field: string): boolean {
    const v = this.value(field);
    if (typeof v !== 'boolean') this.fail(this.at(field), 'must be true or false', v);
    return v;
  }

  /** One of `allowed`. */
  enum<T extends string>(field: string, allowed: readonly T[]): T {
    const v = this.value(field);
    if (typeof v !== 'string' || !allowed.includes(v as T)) this.fail(this.at(field), `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, v);
    return v as T;
  }

  /** Exactly `expected` (a discriminator such as `format` or `version`). */
  literal<T extends string | number>(field: string, expected: T): T {
    const v = this.value(field);
    if (v !== expected) this.fail(this.at(field), `must be ${JSON.stringify(expected)}`, v);
    return expected;
  }

  /** An array of exactly `length` finite numbers (any length when undefined), copied into a Float64Array. */
  finiteArray(field: string, length?: number): Float64Array {
    const path = this.at(field);
    const v = this.value(field);
    if (!Array.isArray(v) || (length !== undefined && v.length !== length)) this.fail(path, `must be an array of ${length ?? 'any number of'} finite numbers`, v);
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) this.fail(`${path}[${i}]`, 'must be a finite number', x);
      out[i] = x;
    }
    return out;
  }

  /** An array of `length` integers in [min, max] (any length when `length` is undefined). */
  intArray(field: string, length: number | undefined, min: number, max: number): Int32Array {
    const path = this.at(field);
    const v = this.value(field);
    if (!Array.isArray(v) || (length !== undefined && v.length !== length)) {
      this.fail(path, `must be an array of ${length ?? 'any number of'} integers`, v);
    }
    const out = new Int32Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) this.fail(`${path}[${i}]`, `must be an integer in [${min}, ${max}]`, x);
      out[i] = x;
    }
    return out;
  }

  /** A nested object with the given keys (see {@link expectObject}). */
  object(field: string, keys: KeySpec): Fields {
    return expectObject(this.value(field), this.fn, keys, this.at(field));
  }

  /** A nested object, or null. */
  objectOrNull(field: string, keys: KeySpec): Fields | null {
    return this.value(field) === null ? null : this.object(field, keys);
  }

  /** An array of `length` objects (any length when undefined), each with the given keys. */
  objects(field: string, length: number | undefined, keys: KeySpec): Fields[] {
    const path = this.at(field);
    const v = this.value(field);
    if (!Array.isArray(v) || (length !== undefined && v.length !== length)) this.fail(path, `must be an array of ${length ?? 'any number of'} objects`, v);
    // an index loop, not map(): map skips the holes of a sparse array
    const out: Fields[] = [];
    for (let i = 0; i < v.length; i++) out.push(expectObject(v[i], this.fn, keys, `${path}[${i}]`));
    return out;
  }
}

/** Allowed keys of an object: `required` must be present, `optional` may be. Anything else is rejected. */
export interface KeySpec {
  required: readonly string[];
  optional?: readonly string[];
}

function rangeText(min: number, max: number): string {
  if (min === -Infinity && max === Infinity) return '';
  if (max === Infinity) return ` ≥ ${min}`;
  if (min === -Infinity) return ` ≤ ${max}`;
  return ` in [${min}, ${max}]`;
}

/**
 * Checks that `value` is a plain object whose keys are exactly `keys.required` plus any of
 * `keys.optional`, and returns a {@link Fields} reader for it. `path` '' is the document root.
 */
export function expectObject(value: unknown, fn: string, keys: KeySpec, path = ''): Fields {
  const where = path ? `field '${path}'` : 'the document';
  if (!isPlainObject(value)) throw new InvalidInputError(`${fn}: ${where} must be an object, got ${describe(value)}`);
  const optional = keys.optional ?? [];
  let count = 0;
  for (const k in value) {
    if (!Object.prototype.hasOwnProperty.call(value, k)) continue;
    if (++count > keys.required.length + optional.length || (!keys.required.includes(k) && !optional.includes(k))) {
      const name = k.length > 40 ? `${k.slice(0, 40)}…` : k;
      throw new InvalidInputError(`${fn}: unknown field '${path ? `${path}.` : ''}${name}' (known: ${[...keys.required, ...optional].join(', ')})`);
    }
  }
  for (const k of Object.keys(value)) {
    // accessors (getters that could throw or change between reads) are not JSON data
    if (!('value' in Object.getOwnPropertyDescriptor(value, k)!)) {
      throw new InvalidInputError(`${fn}: field '${path ? `${path}.` : ''}${k}' must be a data property (a getter is not JSON)`);
    }
  }
  const f = new Fields(value, fn, path);
  for (const k of keys.required) if (!f.has(k)) f.fail(f.at(k), 'is missing');
  return f;
}

/**
 * Checks a free-form options object that is only forwarded (e.g. `solverOptions`): a plain
 * object whose values are finite numbers, strings, booleans or arrays of finite numbers — no
 * nesting. Returns a shallow copy.
 */
export function expectFlatRecord(value: unknown, fn: string, path: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new InvalidInputError(`${fn}: field '${path}' must be an object, got ${describe(value)}`);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = value[k];
    const p = `${path}.${k.length > 40 ? `${k.slice(0, 40)}…` : k}`;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidInputError(`${fn}: field '${p}' must be finite, got ${describe(v)}`);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidInputError(`${fn}: field '${p}[${i}]' must be a finite number, got ${describe(x)}`);
      }
      out[k] = [...(v as number[])];
      continue;
    } else if (typeof v !== 'string' && typeof v !== 'boolean') {
      throw new InvalidInputError(`${fn}: field '${p}' must be a number, string, boolean or array of numbers, got ${describe(v)}`);
    }
    out[k] = v;
  }
  return out;
}
