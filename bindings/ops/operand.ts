/**
 * Operands of the typed operations: a column-major matrix (or a block inside one) and a strided
 * vector, both described by a {@link Block} plus sizes in elements. This file turns them into
 * byte addresses after checking that every element a kernel may touch lies inside the block —
 * the one place where an address is computed for a kernel.
 * @module
 */
import { InvalidInputError, ShapeError } from '../errors.js';
import { Block, address } from '../memory.js';

/**
 * A column-major m×n matrix operand: element (i, j) is slot `offset + i + j·ld` of `buf`
 * (defaults: offset 0, ld = rows). `Matrix` satisfies it; {@link sub} makes one for a block of
 * rows and columns inside another.
 */
export interface Mat {
  readonly buf: Block;
  readonly rows: number;
  readonly cols: number;
  /** Leading dimension in elements (default `rows`). */
  readonly ld?: number;
  /** First element, in f64 slots from the block's start (default 0). */
  readonly offset?: number;
}

/**
 * A vector operand: `length` elements at slots `offset + i·inc` of `buf` (defaults: offset 0,
 * inc 1, length = what fits). A bare {@link Block} is the whole block with unit stride.
 */
export interface Vec {
  readonly buf: Block;
  readonly length?: number;
  readonly offset?: number;
  readonly inc?: number;
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

function blockOf(b: unknown, what: string): Block {
  if (!(b instanceof Block)) throw new InvalidInputError(`${what}: not an lsqnet matrix or buffer`);
  return b;
}

/** Leading dimension of `m` as the kernels want it (≥ 1). */
export function ldOf(m: Mat): number {
  return Math.max(m.ld ?? m.rows, 1);
}

/**
 * Byte address of element (0, 0) of `m` after checking its description against its block:
 * integer sizes, ld ≥ rows, and the last element inside the block. An empty matrix gets the
 * block's address (kernels never read it).
 */
export function matAddr(m: Mat, what = 'matrix'): number {
  const block = blockOf(m.buf, what);
  const { rows, cols } = m;
  const ld = m.ld ?? rows;
  const off = m.offset ?? 0;
  if (!isInt(rows) || !isInt(cols) || rows < 0 || cols < 0) throw new ShapeError(`${what}: bad shape ${String(rows)}×${String(cols)}`);
  if (!isInt(ld) || !isInt(off) || off < 0 || ld < rows) throw new ShapeError(`${what}: bad layout (offset ${String(off)}, ld ${String(ld)}, rows ${rows})`);
  if (rows > 0 && cols > 0 && off + (cols - 1) * ld + rows > block.length) {
    throw new ShapeError(`${what}: ${rows}×${cols} (offset ${off}, ld ${ld}) does not fit in its buffer of ${block.length} elements`);
  }
  return address(block, rows > 0 && cols > 0 ? off : 0);
}

/** Number of elements of `v` (explicit `length`, else what fits with its offset and stride). */
export function vecLength(v: Vec | Block): number {
  if (v instanceof Block) return v.length;
  const inc = v.inc ?? 1;
  const off = v.offset ?? 0;
  return v.length ?? (inc > 0 ? Math.floor((v.buf.length - off + inc - 1) / inc) : 0);
}

/** Byte address of element 0 of `v`, after checking that `n` elements fit (default: its length). */
export function vecAddr(v: Vec | Block, n: number = vecLength(v), what = 'vector'): number {
  if (v instanceof Block) {
    if (!isInt(n) || n < 0 || n > v.length) throw new ShapeError(`${what}: ${String(n)} elements do not fit in a buffer of ${v.length}`);
    return address(v, 0);
  }
  const block = blockOf(v.buf, what);
  const inc = v.inc ?? 1;
  const off = v.offset ?? 0;
  if (!isInt(n) || !isInt(inc) || !isInt(off) || n < 0 || inc < 1 || off < 0) throw new ShapeError(`${what}: bad layout`);
  if (n > 0 && off + (n - 1) * inc + 1 > block.length) {
    throw new ShapeError(`${what}: ${n} elements (offset ${off}, stride ${inc}) do not fit in a buffer of ${block.length}`);
  }
  return address(block, n > 0 ? off : 0);
}

/** Stride of `v` (1 for a bare block). */
export function incOf(v: Vec | Block): number {
  return v instanceof Block ? 1 : v.inc ?? 1;
}

/** The `rows`×`cols` block of `m` whose (0, 0) is element (r0, c0) of `m` (no copy). */
export function sub(m: Mat, r0: number, c0: number, rows: number, cols: number): Mat {
  if (![r0, c0, rows, cols].every((x) => isInt(x) && x >= 0) || r0 + rows > m.rows || c0 + cols > m.cols) {
    throw new ShapeError(`block ${rows}×${cols} at (${r0}, ${c0}) does not fit in the ${m.rows}×${m.cols} matrix`);
  }
  const ld = m.ld ?? m.rows;
  return { buf: m.buf, rows, cols, ld, offset: (m.offset ?? 0) + r0 + c0 * ld };
}

/** Column j of `m` as a vector (no copy). */
export function col(m: Mat, j: number): Vec {
  if (!isInt(j) || j < 0 || j >= m.cols) throw new ShapeError(`column ${j} is outside 0..${m.cols - 1}`);
  return { buf: m.buf, length: m.rows, offset: (m.offset ?? 0) + j * (m.ld ?? m.rows), inc: 1 };
}

/** Row i of `m` as a strided vector (no copy). */
export function row(m: Mat, i: number): Vec {
  if (!isInt(i) || i < 0 || i >= m.rows) throw new ShapeError(`row ${i} is outside 0..${m.rows - 1}`);
  return { buf: m.buf, length: m.cols, offset: (m.offset ?? 0) + i, inc: Math.max(m.ld ?? m.rows, 1) };
}

/** `m` seen as an m×n matrix with another shape over the same contiguous storage (rows·cols equal, ld = rows). */
export function reshape(m: Mat, rows: number, cols: number): Mat {
  if ((m.ld ?? m.rows) !== m.rows) throw new ShapeError('reshape: the matrix is not contiguous');
  if (rows * cols !== m.rows * m.cols) throw new ShapeError(`reshape: ${m.rows}×${m.cols} cannot become ${rows}×${cols}`);
  return { buf: m.buf, rows, cols, offset: m.offset ?? 0 };
}
