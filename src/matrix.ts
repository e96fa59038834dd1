/**
 * `Matrix`: a dense f64 matrix stored column-major (LAPACK order) in wasm linear memory.
 * @module
 */
import { allocF64, ops, type Block } from '../bindings/index.js';
import { DisposedError, InvalidInputError, OptionError, ShapeError } from './errors.js';
import { track, untrack, type Disposable } from './scope.js';
import { boolOption, checkDim, checkOptions, describe, numberOption } from './validate.js';

/** Plain data accepted wherever a matrix is expected. */
export interface MatrixData {
  data: ArrayLike<number>;
  rows: number;
  cols: number;
  /** Storage order of `data` (default `'row-major'`). */
  order?: 'row-major' | 'column-major';
}

/** A matrix argument: a {@link Matrix}, an array of rows, or {@link MatrixData}. */
export type MatrixLike = Matrix | number[][] | MatrixData;

/** A vector argument. */
export type VectorLike = Float64Array | number[];

/** Options of {@link Matrix.random}. */
export interface RandomOptions {
  /** Seed (integer in [0, 2^53)). Default 0. */
  seed?: number;
  /** `'normal'` (default) or `'uniform'`. */
  dist?: 'normal' | 'uniform';
  /** Independent stream number (integer in [0, 2^32)), default 0. */
  stream?: number;
  /** Normal: mean (default 0). */
  mean?: number;
  /** Normal: standard deviation (default 1). */
  sd?: number;
  /** Uniform: lower end (default 0). */
  low?: number;
  /** Uniform: upper end (default 1). */
  high?: number;
}

/** Marker: leave a new matrix's data uninitialised (internal). */
const UNINIT: unique symbol = Symbol('lsqnet.uninit');

/** True for typed arrays whose elements are numbers (not BigInt64Array / BigUint64Array / DataView). */
function isNumberTypedArray(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

/**
 * Checks an array of rows (ragged rows, non-array rows, cells that are not numbers: strings,
 * null, holes, BigInt — nothing is coerced) before anything is allocated, and returns the
 * column count. NaN and ±Inf are numbers and pass (see {@link Matrix.assertFinite}).
 */
function checkRows(rows: readonly (readonly number[])[], what: string): number {
  const r = rows.length;
  let c = 0;
  for (let i = 0; i < r; i++) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) && !isNumberTypedArray(row)) throw new InvalidInputError(`${what}: row ${i} must be an array of numbers, got ${describe(row)}`);
    const len = (row as ArrayLike<unknown>).length;
    if (i === 0) c = len;
    else if (len !== c) throw new ShapeError(`${what}: row ${i} has ${len} values, row 0 has ${c} (ragged rows)`);
    if (Array.isArray(row)) {
      for (let j = 0; j < len; j++) {
        if (typeof row[j] !== 'number') throw new InvalidInputError(`${what}: the value at row ${i}, column ${j} must be a number, got ${describe(row[j])}`);
      }
    }
  }
  return c;
}

/** Checks flat data (array-like of numbers) of a `rows × cols` matrix before allocating; names the bad cell. */
function checkFlat(data: unknown, rows: number, cols: number, order: 'row-major' | 'column-major', what: string): ArrayLike<number> {
  if (!Array.isArray(data) && !isNumberTypedArray(data)) throw new InvalidInputError(`${what}: data must be a Float64Array or an array of numbers, got ${describe(data)}`);
  const d = data as ArrayLike<unknown>;
  if (d.length !== rows * cols) throw new ShapeError(`${what}: data has ${d.length} values, expected ${rows}×${cols} = ${rows * cols}`);
  if (Array.isArray(d)) {
    for (let k = 0; k < d.length; k++) {
      if (typeof d[k] !== 'number') {
        const i = order === 'row-major' ? Math.floor(k / cols) : k % rows;
        const j = order === 'row-major' ? k % cols : Math.floor(k / rows);
        throw new InvalidInputError(`${what}: data[${k}] (row ${i}, column ${j}) must be a number, got ${describe(d[k])}`);
      }
    }
  }
  return data as ArrayLike<number>;
}

/** Checks a half-open range start..end-1 inside 0..n. */
function checkRange(start: unknown, end: unknown, n: number, fn: string): void {
  for (const [v, what] of [[start, 'start'], [end, 'end']] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > n) throw new ShapeError(`${fn}: ${what} must be an integer in [0, ${n}], got ${describe(v)}`);
  }
  if ((end as number) < (start as number)) throw new ShapeError(`${fn}: end (${end as number}) is before start (${start as number})`);
}

/** Checks a scalar argument is a number (NaN/±Inf allowed: they are values, not coercions). */
function checkNumber(x: unknown, what: string): number {
  if (typeof x !== 'number') throw new InvalidInputError(`${what} must be a number, got ${describe(x)}`);
  return x;
}

function fillFromRows(m: Matrix, rows: readonly (readonly number[])[]): void {
  const v = m.view(), r = m.rows, c = m.cols;
  for (let i = 0; i < r; i++) {
    const row = rows[i]!;
    for (let j = 0; j < c; j++) v[i + j * r] = row[j]!;
  }
}

/**
 * Dense f64 matrix in wasm memory, column-major.
 *
 * Lifetime: the data block is owned by this object until {@link Matrix.dispose} (or the end of
 * the enclosing {@link scope}). A garbage-collected matrix is freed by a FinalizationRegistry,
 * but relying on that can let wasm memory grow: dispose what you create in loops.
 */
export class Matrix implements Disposable {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  #block: Block;

  /**
   * A rows × cols matrix of zeros (like ml-matrix's `new Matrix(rows, cols)`), or a copy of an
   * array of equal-length rows, or a copy of another matrix. The static constructors
   * (`zeros`, `fromRows`, `fromRowMajor`, `random`, …) say what they do by name.
   *
   * @example
   * new Matrix(2, 3);                 // 2×3 zeros
   * new Matrix([[1, 2], [3, 4]]);     // copy of the rows
   */
  constructor(rows: number, cols: number);
  constructor(rows: readonly (readonly number[])[]);
  constructor(other: Matrix);
  /** @internal Takes ownership of `block` (rows·cols elements), or leaves the data uninitialised with `UNINIT`. */
  constructor(rows: number, cols: number, block: Block | typeof UNINIT);
  constructor(a: number | readonly (readonly number[])[] | Matrix, b?: number, c?: Block | typeof UNINIT) {
    let rows: number, cols: number;
    if (typeof a === 'number') {
      checkDim(a, 'rows');
      checkDim(b as number, 'cols');
      rows = a; cols = b as number;
    } else if (a instanceof Matrix) {
      if (a.disposed) throw new DisposedError('new Matrix(other): other');
      rows = a.rows; cols = a.cols;
    } else if (Array.isArray(a)) {
      rows = a.length;
      cols = checkRows(a, 'new Matrix(rows)');
    } else {
      throw new InvalidInputError(`new Matrix: expected (rows, cols), an array of rows or a Matrix, got ${describe(a)}`);
    }
    const block = c === UNINIT || c === undefined ? undefined : c;
    if (block !== undefined && block.length < rows * cols) throw new ShapeError(`Matrix: a block of ${block.length} elements cannot hold ${rows}×${cols}`);
    this.rows = rows;
    this.cols = cols;
    this.#block = block ?? allocF64(rows * cols);
    track(this);
    if (c !== undefined) return;
    if (typeof a === 'number') ops.fill(this, 0);
    else if (a instanceof Matrix) this.view().set(a.view());
    else fillFromRows(this, a as readonly (readonly number[])[]);
  }

  /**
   * @internal A rows × cols matrix whose contents are unspecified (for results a kernel
   * overwrites completely).
   */
  static empty(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols, UNINIT);
  }

  /** @internal The data buffer (for `bindings/ops`). Throws {@link DisposedError} when disposed. */
  get buf(): Block {
    if (this.#block.freed) throw new DisposedError();
    return this.#block;
  }

  /** True after {@link Matrix.dispose}. */
  get disposed(): boolean {
    return this.#block.freed;
  }

  /** Number of elements (rows × cols). */
  get length(): number {
    return this.rows * this.cols;
  }

  /** Frees the wasm memory. Idempotent. The matrix can no longer be used. */
  dispose(): void {
    if (this.#block.freed) return;
    untrack(this);
    this.#block.free();
  }

  // ---------------------------------------------------------------- constructors

  /** rows × cols zeros. */
  static zeros(rows: number, cols: number): Matrix {
    checkDim(rows, 'Matrix.zeros: rows'); checkDim(cols, 'Matrix.zeros: cols');
    const m = Matrix.empty(rows, cols);
    ops.fill(m, 0);
    return m;
  }

  /** rows × cols filled with `value`. */
  static full(rows: number, cols: number, value: number): Matrix {
    checkDim(rows, 'Matrix.full: rows'); checkDim(cols, 'Matrix.full: cols');
    checkNumber(value, 'Matrix.full: value');
    const m = Matrix.empty(rows, cols);
    ops.fill(m, value);
    return m;
  }

  /** n × n identity (or n × m with ones on the diagonal). */
  static eye(n: number, m: number = n): Matrix {
    checkDim(n, 'Matrix.eye: n'); checkDim(m, 'Matrix.eye: m');
    const out = Matrix.empty(n, m);
    ops.setIdentity(out);
    return out;
  }

  /** From an array of equal-length rows (copies). */
  static fromRows(rows: readonly (readonly number[])[]): Matrix {
    if (!Array.isArray(rows)) throw new InvalidInputError(`fromRows: expected an array of rows, got ${describe(rows)}`);
    const m = Matrix.empty(rows.length, checkRows(rows, 'fromRows'));
    fillFromRows(m, rows);
    return m;
  }

  /** From row-major data of length rows·cols (copies). */
  static fromRowMajor(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    checkDim(rows, 'fromRowMajor: rows'); checkDim(cols, 'fromRowMajor: cols');
    checkFlat(data, rows, cols, 'row-major', 'fromRowMajor');
    const m = Matrix.empty(rows, cols);
    const v = m.view();
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) v[i + j * rows] = data[i * cols + j]!;
    return m;
  }

  /** From column-major data of length rows·cols (copies). */
  static fromColumnMajor(data: ArrayLike<number>, rows: number, cols: number): Matrix {
    checkDim(rows, 'fromColumnMajor: rows'); checkDim(cols, 'fromColumnMajor: cols');
    checkFlat(data, rows, cols, 'column-major', 'fromColumnMajor');
    const m = Matrix.empty(rows, cols);
    m.view().set(data);
    return m;
  }

  /** An n × 1 matrix holding a copy of `v`. */
  static fromVector(v: ArrayLike<number>): Matrix {
    if (!Array.isArray(v) && !isNumberTypedArray(v)) throw new InvalidInputError(`fromVector: expected a Float64Array or an array of numbers, got ${describe(v)}`);
    return Matrix.fromColumnMajor(v, v.length, 1);
  }

  /**
   * rows × cols random matrix from lsqnet's counter-based Philox4x32-10 generator (see
   * assembly/rng.ts). Element (i, j) is element index `i + j·rows` of the stream, so the
   * result depends only on (seed, stream, shape), never on blocking.
   */
  static random(rows: number, cols: number, options: RandomOptions = {}): Matrix {
    checkOptions(options, ['seed', 'dist', 'stream', 'mean', 'sd', 'low', 'high'], 'Matrix.random');
    checkDim(rows, 'Matrix.random: rows'); checkDim(cols, 'Matrix.random: cols');
    const { seed = 0, dist = 'normal', stream = 0, mean = 0, sd = 1, low = 0, high = 1 } = options;
    const fn = 'Matrix.random';
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 53) throw new OptionError(`${fn}: seed must be an integer in [0, 2^53), got ${describe(seed)}`);
    if (typeof stream !== 'number' || !Number.isInteger(stream) || stream < 0 || stream >= 2 ** 32) throw new OptionError(`${fn}: stream must be an integer in [0, 2^32), got ${describe(stream)}`);
    if (dist !== 'normal' && dist !== 'uniform') throw new OptionError(`${fn}: dist must be 'normal' or 'uniform', got ${describe(dist)}`);
    numberOption(mean, 'mean', fn); numberOption(sd, 'sd', fn, 0);
    numberOption(low, 'low', fn); numberOption(high, 'high', fn);
    if (!(low <= high)) throw new OptionError(`${fn}: option 'low' (${low}) must not exceed 'high' (${high})`);
    if (!Number.isFinite(high - low)) throw new OptionError(`${fn}: the range high − low (${high} − ${low}) overflows`);
    const m = Matrix.empty(rows, cols);
    if (dist === 'normal') ops.random(m, 'normal', seed, stream, 0, mean, sd);
    else ops.random(m, 'uniform', seed, stream, 0, low, high);
    return m;
  }

  /**
   * Converts any {@link MatrixLike} to a Matrix (a Matrix is returned as is, not copied).
   * Checks shape; use {@link Matrix.assertFinite} for NaN/Inf.
   */
  static from(x: MatrixLike, name = 'matrix'): Matrix {
    if (typeof name !== 'string') throw new InvalidInputError(`Matrix.from: name must be a string, got ${describe(name)}`);
    if (x instanceof Matrix) {
      if (x.disposed) throw new DisposedError(`${name} matrix`);
      return x;
    }
    if (Array.isArray(x)) {
      try {
        return Matrix.fromRows(x);
      } catch (err) {
        if (err instanceof ShapeError || err instanceof InvalidInputError) {
          throw new (err.constructor as typeof ShapeError)(`${name}: ${err.message.replace(/^fromRows: /, '')}`);
        }
        throw err;
      }
    }
    if (x && typeof x === 'object' && 'data' in x && 'rows' in x && 'cols' in x) {
      const order = x.order ?? 'row-major';
      if (order !== 'row-major' && order !== 'column-major') throw new OptionError(`${name}: order must be 'row-major' or 'column-major', got ${describe(order)}`);
      checkDim(x.rows, `${name}: rows`); checkDim(x.cols, `${name}: cols`);
      checkFlat(x.data, x.rows, x.cols, order, name);
      return order === 'row-major' ? Matrix.fromRowMajor(x.data, x.rows, x.cols) : Matrix.fromColumnMajor(x.data, x.rows, x.cols);
    }
    throw new InvalidInputError(`${name}: expected a Matrix, an array of rows, or { data, rows, cols }, got ${describe(x)}`);
  }

  // ---------------------------------------------------------------- element access

  /**
   * A column-major Float64Array **view** of the data in wasm memory. It is invalidated by the
   * next lsqnet call that allocates (wasm memory may grow): use it immediately, never keep it.
   */
  view(): Float64Array {
    return this.buf.f64(0, this.length);
  }

  /** Element (i, j). */
  get(i: number, j: number): number {
    this.checkIndex(i, j);
    return this.view()[i + j * this.rows]!;
  }

  /** Sets element (i, j). */
  set(i: number, j: number, value: number): this {
    this.checkIndex(i, j);
    checkNumber(value, 'Matrix.set: value');
    this.view()[i + j * this.rows] = value;
    return this;
  }

  private checkIndex(i: number, j: number): void {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= this.rows || j >= this.cols) {
      throw new ShapeError(`index (${describe(i)}, ${describe(j)}) is outside the ${this.rows}×${this.cols} matrix`);
    }
  }

  /** Copy as an array of rows. */
  toRows(): number[][] {
    const v = this.view();
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      const row = new Array<number>(this.cols);
      for (let j = 0; j < this.cols; j++) row[j] = v[i + j * this.rows]!;
      out.push(row);
    }
    return out;
  }

  /** Row-major copy. */
  toRowMajor(): Float64Array {
    const v = this.view();
    const out = new Float64Array(this.length);
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.cols; j++) out[i * this.cols + j] = v[i + j * this.rows]!;
    return out;
  }

  /** Column-major copy. */
  toColumnMajor(): Float64Array {
    return this.view().slice();
  }

  /** Copy of column j. */
  column(j: number): Float64Array {
    if (!Number.isInteger(j) || j < 0 || j >= this.cols) throw new ShapeError(`column ${describe(j)} is outside 0..${this.cols - 1}`);
    return this.buf.f64(j * this.rows, this.rows).slice();
  }

  /** Copy of row i. */
  row(i: number): Float64Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) throw new ShapeError(`row ${describe(i)} is outside 0..${this.rows - 1}`);
    const v = this.view();
    const out = new Float64Array(this.cols);
    for (let j = 0; j < this.cols; j++) out[j] = v[i + j * this.rows]!;
    return out;
  }

  // ---------------------------------------------------------------- block copies

  /** Copy of the block of `rows`×`cols` starting at (r0, c0). */
  block(r0: number, c0: number, rows: number, cols: number): Matrix {
    this.checkBlock(r0, c0, rows, cols);
    const out = Matrix.empty(rows, cols);
    ops.copy(ops.sub(this, r0, c0, rows, cols), out);
    return out;
  }

  /** Copy of columns start..end-1. */
  columns(start: number, end: number = this.cols): Matrix {
    checkRange(start, end, this.cols, 'columns');
    return this.block(0, start, this.rows, end - start);
  }

  /** Copy of rows start..end-1. */
  rowRange(start: number, end: number = this.rows): Matrix {
    checkRange(start, end, this.rows, 'rowRange');
    return this.block(start, 0, end - start, this.cols);
  }

  /** Writes `src` into this matrix with its (0, 0) at (r0, c0). */
  setBlock(r0: number, c0: number, src: Matrix): this {
    if (!(src instanceof Matrix)) throw new InvalidInputError(`setBlock: src must be a Matrix, got ${describe(src)}`);
    if (src.disposed) throw new DisposedError('setBlock: src');
    this.checkBlock(r0, c0, src.rows, src.cols);
    ops.copy(src, ops.sub(this, r0, c0, src.rows, src.cols));
    return this;
  }

  private checkBlock(r0: number, c0: number, rows: number, cols: number): void {
    for (const [v, what] of [[r0, 'row offset'], [c0, 'column offset'], [rows, 'block rows'], [cols, 'block columns']] as const) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ShapeError(`${what} must be a non-negative integer, got ${describe(v)}`);
    }
    if (r0 + rows > this.rows || c0 + cols > this.cols) {
      throw new ShapeError(`block ${rows}×${cols} at (${r0}, ${c0}) does not fit in the ${this.rows}×${this.cols} matrix`);
    }
  }

  // ---------------------------------------------------------------- arithmetic

  /** Deep copy. */
  clone(): Matrix {
    return this.block(0, 0, this.rows, this.cols);
  }

  /** New matrix Aᵀ. */
  transpose(): Matrix {
    const out = Matrix.empty(this.cols, this.rows);
    ops.transpose(this, out);
    return out;
  }

  /**
   * Matrix product op(A)·op(B) (GEMM). `options.transA`/`transB` use Aᵀ/Bᵀ without forming
   * them.
   */
  matmul(other: MatrixLike, options: { transA?: boolean; transB?: boolean } = {}): Matrix {
    checkOptions(options, ['transA', 'transB'], 'matmul');
    const opts = { transA: boolOption(options.transA, 'transA', 'matmul'), transB: boolOption(options.transB, 'transB', 'matmul') };
    return withMatrix(other, 'matmul: B', (b) => this.#matmul(b, opts));
  }

  #matmul(b: Matrix, options: { transA?: boolean; transB?: boolean }): Matrix {
    const ta = options.transA ? 1 : 0;
    const tb = options.transB ? 1 : 0;
    const m = ta ? this.cols : this.rows;
    const k = ta ? this.rows : this.cols;
    const kb = tb ? b.cols : b.rows;
    const n = tb ? b.rows : b.cols;
    if (k !== kb) {
      throw new ShapeError(`matmul: ${ta ? 'Aᵀ' : 'A'} is ${m}×${k} but ${tb ? 'Bᵀ' : 'B'} is ${kb}×${n} (inner dimensions ${k} ≠ ${kb})`);
    }
    const out = Matrix.empty(m, n);
    ops.gemm(ta, tb, 1, this, b, 0, out);
    return out;
  }

  /** New matrix A + alpha·B. */
  add(other: MatrixLike, alpha = 1): Matrix {
    if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new OptionError(`add: alpha must be a finite number, got ${describe(alpha)}`);
    return withMatrix(other, 'add: B', (b) => this.#add(b, alpha));
  }

  #add(b: Matrix, alpha: number): Matrix {
    if (b.rows !== this.rows || b.cols !== this.cols) throw new ShapeError(`add: A is ${this.rows}×${this.cols} but B is ${b.rows}×${b.cols}`);
    const out = Matrix.empty(this.rows, this.cols);
    ops.geadd(1, this, alpha, b, out);
    return out;
  }

  /** New matrix A − B. */
  sub(b: MatrixLike): Matrix {
    return this.add(b, -1);
  }

  /** New matrix s·A. */
  scale(s: number): Matrix {
    if (typeof s !== 'number' || !Number.isFinite(s)) throw new OptionError(`scale: s must be a finite number, got ${describe(s)}`);
    const out = Matrix.empty(this.rows, this.cols);
    ops.geadd(s, this, 0, this, out);
    return out;
  }

  /** Throws {@link InvalidInputError} naming the first NaN/±Inf entry (row, column). */
  assertFinite(name = 'matrix'): this {
    if (typeof name !== 'string') throw new InvalidInputError(`assertFinite: name must be a string, got ${describe(name)}`);
    const idx = ops.firstNonFinite(this);
    if (idx >= 0) {
      const i = idx % this.rows;
      const j = Math.floor(idx / this.rows);
      const v = this.get(i, j);
      throw new InvalidInputError(`${name} has a non-finite value (${v}) at row ${i}, column ${j}`);
    }
    return this;
  }

  /**
   * The shape and the values, rows on separate lines, at most 6 rows and 6 columns shown (the
   * middle elided with `…`), each value with up to 6 significant digits:
   * ```
   * Matrix 2×3 [
   *   [1, 2, 3],
   *   [4, 5, 6],
   * ]
   * ```
   * A disposed matrix prints as `Matrix 2×3 (disposed)`.
   */
  toString(): string {
    const head = `Matrix ${this.rows}×${this.cols}`;
    if (this.disposed) return `${head} (disposed)`;
    if (this.rows === 0 || this.cols === 0) return `${head} []`;
    const v = this.view(), r = this.rows;
    const pick = (n: number): (number | null)[] => (n <= 6 ? [...Array(n).keys()] : [0, 1, 2, null, n - 3, n - 2, n - 1]);
    const cols = pick(this.cols);
    const cells = pick(this.rows).map((i) => (i === null ? null : cols.map((j) => (j === null ? '…' : formatValue(v[i + j * r]!)))));
    const width = cols.map((_, k) => Math.max(...cells.map((row) => (row ? row[k]!.length : 0))));
    const lines = cells.map((row) => (row ? `  [${row.map((x, k) => x.padStart(width[k]!)).join(', ')}],` : '  …'));
    return `${head} [\n${lines.join('\n')}\n]`;
  }

  /** Node's `console.log` / `util.inspect` print {@link Matrix.toString}. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Up to 6 significant digits, exponent form outside [1e-4, 1e6). */
function formatValue(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return Object.is(x, -0) ? '-0' : String(x);
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e6) return String(Number(x.toPrecision(6)));
  return x.toExponential(5).replace(/\.?0+e/, 'e');
}

/**
 * Runs `fn` on `x` as a {@link Matrix}: a Matrix is passed as is; other {@link MatrixLike} forms
 * are converted (checked) and the copy is disposed afterwards.
 * @internal
 */
export function withMatrix<T>(x: MatrixLike, name: string, fn: (m: Matrix) => T): T {
  const m = Matrix.from(x, name);
  try {
    return fn(m);
  } finally {
    if (m !== x) m.dispose();
  }
}
