// Input specifications for the fuzz (test/fuzz/): fast-check generates small plain descriptions
// ("specs") of matrices, vectors, junk values and option objects; `materialize` turns them into
// real arguments at call time (so wasm matrices are created inside the measured call and the
// printed counterexample stays short and reproducible).
import fc from 'fast-check';
import { Matrix } from '../../src/index.js';

/** Contents of a generated matrix/vector. */
export type Mode =
  | 'normal'   // uniform in [-1, 1]
  | 'int'      // small integers (exact arithmetic, ties, repeated rows)
  | 'zeros'
  | 'dup'      // rows repeat (rank deficient)
  | 'extreme'  // finite but of extreme magnitude: 1e308, 1e-310, 5e-324, −0, scaled values
  | 'special'; // some NaN / ±Inf

/** How a matrix argument is passed. */
export type Form = 'rows' | 'matrix' | 'rowmajor' | 'colmajor' | 'f64rows' | 'ragged' | 'badcell' | 'nested';

export interface MatSpec { t: 'mat'; rows: number; cols: number; mode: Mode; seed: number; form: Form }
export interface VecSpec { t: 'vec'; n: number; mode: Mode; seed: number; form: 'array' | 'f64' | 'badcell' }
export interface JunkSpec { t: 'junk'; v: unknown }
export type Spec = MatSpec | VecSpec | JunkSpec;

const FINITE_MODES: readonly Mode[] = ['normal', 'int', 'zeros', 'dup', 'extreme'];
/** A spec with finite contents and a well-formed type (the "finite inputs give finite outputs" premise). */
export function isClean(x: unknown, depth = 0): boolean {
  if (depth > 6) return true;
  if (isSpec(x)) {
    if (x.t === 'junk') return false;
    if (x.t === 'mat') return FINITE_MODES.includes(x.mode) && (x.form === 'rows' || x.form === 'matrix' || x.form === 'rowmajor' || x.form === 'colmajor' || x.form === 'f64rows');
    return FINITE_MODES.includes(x.mode) && x.form !== 'badcell';
  }
  if (Array.isArray(x)) return x.every((v) => isClean(v, depth + 1));
  if (isPlain(x)) return Object.values(x).every((v) => isClean(v, depth + 1));
  return true;
}
/** Only the 'normal' / 'int' contents (no extreme magnitudes): inputs a scalar reference can check tightly. */
export function isTame(x: unknown, depth = 0): boolean {
  if (depth > 6) return true;
  if (isSpec(x)) return x.t !== 'junk' && (x.mode === 'normal' || x.mode === 'int') && isClean(x);
  if (Array.isArray(x)) return x.every((v) => isTame(v, depth + 1));
  if (isPlain(x)) return Object.values(x).every((v) => isTame(v, depth + 1));
  return true;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || (p === null && !(x as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag]);
}
function isSpec(x: unknown): x is Spec {
  return isPlain(x) && (x.t === 'mat' || x.t === 'vec' || x.t === 'junk') && Object.keys(x).length >= 2 && ('seed' in x || 'v' in x);
}

/** Small deterministic generator for the contents (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREME = [1e308, -1e308, 1.7976931348623157e308, 1e-310, -1e-310, 5e-324, 2.2250738585072014e-308, -0, 0, 1e154, 1e-154, 1e200, 1];
const SPECIAL = [NaN, Infinity, -Infinity];

/** Row-major contents of a rows×cols block. */
export function contents(rows: number, cols: number, mode: Mode, seed: number): number[] {
  const r = rng(seed), out = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let v: number;
      switch (mode) {
        case 'normal': v = 2 * r() - 1; break;
        case 'int': v = Math.floor(r() * 7) - 3; break;
        case 'zeros': v = 0; break;
        case 'dup': v = i > 0 && r() < 0.7 ? out[(i - 1) * cols + j]! : 2 * r() - 1; break;
        case 'extreme': v = r() < 0.5 ? EXTREME[Math.floor(r() * EXTREME.length)]! : (2 * r() - 1) * 10 ** Math.floor(r() * 600 - 300); break;
        case 'special': v = r() < 0.2 ? SPECIAL[Math.floor(r() * 3)]! : 2 * r() - 1; break;
      }
      out[i * cols + j] = v;
    }
  }
  return out;
}

const JUNK_CELLS: unknown[] = [null, undefined, '1', 'a', 1n, true, [1], {}];

/** Builds the argument a spec describes. `made` collects wasm objects created here (the engine disposes them). */
export function materialize(x: unknown, made: { dispose(): void }[], depth = 0): unknown {
  if (depth > 6) return x;
  if (isSpec(x)) {
    if (x.t === 'junk') return x.v;
    if (x.t === 'vec') {
      const v = contents(x.n, 1, x.mode, x.seed);
      if (x.form === 'f64') return Float64Array.from(v);
      if (x.form === 'badcell' && v.length > 0) (v as unknown[])[x.seed % v.length] = JUNK_CELLS[x.seed % JUNK_CELLS.length];
      return v;
    }
    const { rows, cols } = x;
    const flat = contents(rows, cols, x.mode, x.seed);
    const asRows = () => Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
    switch (x.form) {
      case 'rows': return asRows();
      case 'f64rows': return asRows().map((r) => Float64Array.from(r));
      case 'matrix': { const m = Matrix.fromRowMajor(flat, rows, cols); made.push(m); return m; }
      case 'rowmajor': return { data: flat, rows, cols };
      case 'colmajor': {
        const cm = new Float64Array(rows * cols);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) cm[i + j * rows] = flat[i * cols + j]!;
        return { data: cm, rows, cols, order: 'column-major' };
      }
      case 'ragged': { const r = asRows(); if (r.length > 1) r[x.seed % r.length]!.push(1); else r.push([]); return r; }
      case 'badcell': { const r: unknown[][] = asRows(); if (rows > 0 && cols > 0) r[x.seed % rows]![x.seed % cols] = JUNK_CELLS[x.seed % JUNK_CELLS.length]; else r.push(['x']); return r; }
      case 'nested': { const r: unknown[][] = asRows(); if (rows > 0 && cols > 0) r[0]![0] = [[1]]; else r.push([[1]]); return r; }
    }
  }
  if (Array.isArray(x)) return x.map((v) => materialize(v, made, depth + 1));
  if (isPlain(x)) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) o[k] = materialize(v, made, depth + 1);
    return o;
  }
  return x;
}

// ------------------------------------------------------------------ arbitraries

/** A dimension 0…70, biased to small. */
export const dim = (min = 0, max = 70): fc.Arbitrary<number> =>
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min, max: Math.min(max, Math.max(min, 8)) }) }, { weight: 1, arbitrary: fc.integer({ min, max }) });

export const mode: fc.Arbitrary<Mode> = fc.constantFrom<Mode>('normal', 'normal', 'normal', 'int', 'zeros', 'dup', 'extreme', 'extreme', 'special');
const goodForm: fc.Arbitrary<Form> = fc.constantFrom<Form>('rows', 'matrix', 'rowmajor', 'colmajor', 'f64rows');
const anyForm: fc.Arbitrary<Form> = fc.oneof({ weight: 6, arbitrary: goodForm }, { weight: 1, arbitrary: fc.constantFrom<Form>('ragged', 'badcell', 'nested') });

/** 100,000 nested arrays (one shared instance: nothing mutates it). */
const DEEP: unknown = (() => { let x: unknown = [1]; for (let i = 0; i < 100_000; i++) x = [x]; return x; })();

/** Junk of every type: null, undefined, strings, BigInt, Symbol, objects, nested arrays, functions, odd numbers. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, '', 'abc', '12', 'false', 1n, -5n, true, false, 0, -1, 1.5, NaN, Infinity, -Infinity, -0,
    2 ** 53, 1e308, 5e-324, [], [[[1]]], [1, [2]], {}, { length: 3 }, { data: null, rows: 1, cols: 1 },
    // 100,000 nested arrays: messages and checks must not recurse into them (issue 16, defect 3)
    DEEP),
  fc.constant(null).map(() => Symbol('fuzz')),
  fc.constant(null).map(() => Object.create(null) as unknown),
  fc.constant(null).map(() => (() => 1) as unknown),
  fc.constant(null).map(() => new Map([[1, 2]]) as unknown),
  fc.string({ maxLength: 8 }),
  fc.double(),
);


export const junk: fc.Arbitrary<JunkSpec> = junkValue.map((v) => ({ t: 'junk' as const, v }));

export interface MatOpts { rows?: fc.Arbitrary<number>; cols?: fc.Arbitrary<number>; modes?: fc.Arbitrary<Mode>; forms?: fc.Arbitrary<Form>; junkWeight?: number }
/** A matrix argument (mostly well-formed; sometimes junk, ragged, a bad cell or a nested array). */
export function mat(o: MatOpts = {}): fc.Arbitrary<Spec> {
  const m = fc.record({ t: fc.constant('mat' as const), rows: o.rows ?? dim(), cols: o.cols ?? dim(), mode: o.modes ?? mode, seed: fc.nat(), form: o.forms ?? anyForm });
  return fc.oneof({ weight: 12, arbitrary: m }, { weight: o.junkWeight ?? 1, arbitrary: junk });
}
/** A square (symmetric when `sym`) matrix argument: built as rows = cols. */
export function square(o: Omit<MatOpts, 'rows' | 'cols'> & { n?: fc.Arbitrary<number> } = {}): fc.Arbitrary<Spec> {
  return (o.n ?? dim()).chain((n) => mat({ ...o, rows: fc.constant(n), cols: fc.constant(n) }));
}
/** A vector argument. */
export function vec(n: fc.Arbitrary<number> = dim(), modes: fc.Arbitrary<Mode> = mode, junkWeight = 1): fc.Arbitrary<Spec> {
  const v = fc.record({ t: fc.constant('vec' as const), n, mode: modes, seed: fc.nat(), form: fc.constantFrom<VecSpec['form']>('array', 'f64', 'f64', 'array', 'badcell') });
  return fc.oneof({ weight: 12, arbitrary: v }, { weight: junkWeight, arbitrary: junk });
}

/**
 * An options argument from a table of valid values per key: mostly valid subsets, sometimes
 * one value replaced by junk, an unknown key, or junk instead of the object (null, a string,
 * a BigInt, an array, …).
 */
export function options(valid: Record<string, fc.Arbitrary<unknown>>, omitWeight = 2): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const good = keys.length ? fc.record(valid, { requiredKeys: [] }) : fc.constant({});
  const badValue = keys.length
    ? fc.tuple(good, fc.constantFrom(...keys), junkValue).map(([o, k, v]) => ({ ...(o as object), [k]: { t: 'junk', v } }))
    : good;
  const unknownKey = fc.tuple(good, fc.constantFrom('bogus', 'Method', '__proto__x', 'constructor', 'toString')).map(([o, k]) => ({ ...(o as object), [k]: 1 }));
  return fc.oneof(
    { weight: omitWeight, arbitrary: fc.constant({ t: 'junk', v: undefined }) },
    { weight: 10, arbitrary: good },
    { weight: 3, arbitrary: badValue },
    { weight: 1, arbitrary: unknownKey },
    { weight: 1, arbitrary: junk },
  );
}
