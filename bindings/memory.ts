/**
 * wasm linear memory: allocation with unsigned addresses, the live-bytes ledger, views, and the
 * opaque {@link Block} that `src/` holds instead of an address. No math lives here.
 *
 * Rules (DESIGN.md §2):
 * - every allocation has one owner: a {@link Block} (matrix data, results), or an
 *   {@link Arena} that `ops/` opens for the workspace of one call and releases before returning;
 * - addresses are unsigned byte offsets (wasm32 reaches 4 GiB; the allocator's own pointers
 *   come back as signed i32 and are made unsigned here, once);
 * - a view over wasm memory is valid only until the next allocation (`memory.grow` detaches
 *   every view): views are built on demand and never kept;
 * - {@link liveBytes} counts the bytes allocated and not yet freed (leak tests).
 *
 * `address()` and `heapF64()` are for `bindings/ops` only: `src/` imports `bindings/index.ts`,
 * which does not re-export them.
 * @module
 */
import { DisposedError, OutOfMemoryError, formatBytes } from './errors.js';
import { maxMemoryBytes, wasm } from './loader.js';

/** Largest single block the wasm allocator (TLSF) can hand out: just under 1 GiB. */
export const MAX_BLOCK_BYTES = 2 ** 30 - 64;
/** wasm32 linear memory limit: 4 GiB. */
export const MAX_MEMORY_BYTES = 2 ** 32;

const live = new Map<number, number>();
let liveTotal = 0;
let viewF64: Float64Array | null = null;
let viewU8: Uint8Array | null = null;

/** A Float64Array over all of wasm memory, rebuilt when `memory.grow` replaced the buffer. */
export function heapF64(): Float64Array {
  const buf = wasm().memory.buffer;
  if (viewF64 === null || viewF64.buffer !== buf) viewF64 = new Float64Array(buf);
  return viewF64;
}

/** A Uint8Array over all of wasm memory, rebuilt when `memory.grow` replaced the buffer. */
export function heapU8(): Uint8Array {
  const buf = wasm().memory.buffer;
  if (viewU8 === null || viewU8.buffer !== buf) viewU8 = new Uint8Array(buf);
  return viewU8;
}

/** A copy of the `n` f64 values at byte address `addr`. For `bindings/ops` only. */
export function readF64(addr: number, n: number): Float64Array {
  return new Float64Array(wasm().memory.buffer, addr, n).slice();
}

/** A copy of the `n` i32 values at byte address `addr`. For `bindings/ops` only. */
export function readI32(addr: number, n: number): Int32Array {
  return new Int32Array(wasm().memory.buffer, addr, n).slice();
}

/** Writes `data` as f64 values at byte address `addr`. For `bindings/ops` only. */
export function writeF64(addr: number, data: ArrayLike<number>): void {
  if (data.length > 0) new Float64Array(wasm().memory.buffer, addr, data.length).set(data);
}

/** Writes `data` as i32 values at byte address `addr`. For `bindings/ops` only. */
export function writeI32(addr: number, data: ArrayLike<number>): void {
  if (data.length > 0) new Int32Array(wasm().memory.buffer, addr, data.length).set(data);
}

/**
 * Allocates `bytes` bytes (16-byte aligned) and returns the unsigned byte address. Throws
 * {@link OutOfMemoryError} (never a trap) when the block exceeds the allocator's block limit,
 * would take wasm memory past `init({ maxMemory })`, or memory cannot grow. The caller owns the
 * address: pair it with {@link freeAddress}.
 *
 * `maxMemory`: a request that would take the live bytes past it is refused here, before anything
 * grows. Beyond that, the threaded build's shared memory has it as its maximum, so the engine
 * refuses any growth past it; the single-thread build's memory is the module's own (4 GiB
 * maximum), where the limit applies to the live bytes (the allocator may reserve pages beyond
 * them: it grows memory by doubling).
 */
export function allocAddress(bytes: number): number {
  const k = wasm('alloc');
  if (!Number.isInteger(bytes) || bytes < 0) throw new OutOfMemoryError(bytes, 'invalid size (a non-negative integer byte count is required)');
  if (bytes > MAX_BLOCK_BYTES) {
    throw new OutOfMemoryError(bytes, `a single wasm block is limited to ${MAX_BLOCK_BYTES} bytes (wasm32: 4 GiB in all); use a LinearOperator or smaller blocks`);
  }
  const size = Math.max(bytes, 16);
  const limit = maxMemoryBytes();
  const overLimit = (what: string): OutOfMemoryError => new OutOfMemoryError(bytes,
    `${what} maxMemory = ${formatBytes(limit)} (init({ maxMemory }); ${liveTotal} bytes live)`);
  if (limit < MAX_MEMORY_BYTES && liveTotal + size > limit) throw overLimit('the live blocks and this one would exceed');
  let addr: number;
  try {
    addr = k.alloc(bytes) >>> 0;   // usize comes back as a signed i32: above 2 GiB it is negative
  } catch (err) {
    const used = k.memory.buffer.byteLength;
    const reason = err instanceof Error ? err.message : String(err);
    if (limit < MAX_MEMORY_BYTES) throw overLimit(`wasm memory (now ${used} bytes; engine: ${reason}) cannot grow by this block within`);
    throw new OutOfMemoryError(bytes, `wasm memory could not grow (now ${used} bytes of at most ${limit}; ${liveTotal} bytes live; engine: ${reason})`);
  }
  live.set(addr, size);
  liveTotal += size;
  return addr;
}

/** Frees an address from {@link allocAddress}. An unknown or already freed address is ignored. */
export function freeAddress(addr: number): void {
  const size = live.get(addr);
  if (size === undefined) return;
  live.delete(addr);
  liveTotal -= size;
  wasm('free').free(addr);
}

/** Bytes currently allocated and not yet freed. */
export function liveBytes(): number {
  return liveTotal;
}

/** Number of live allocations. */
export function liveBlocks(): number {
  return live.size;
}

/** Current wasm memory size in bytes (it only grows). */
export function memoryBytes(): number {
  return wasm().memory.buffer.byteLength;
}

const registry = typeof FinalizationRegistry !== 'undefined'
  ? new FinalizationRegistry<number>((addr) => freeAddress(addr))
  : null;

/** The key that lets only this module construct a {@link Block}. */
const CONSTRUCT = Symbol('Block');
let addressOf: (b: Block) => number;

/**
 * One owned allocation of wasm memory, seen from `src/` as an opaque handle: its size, typed
 * views and `free()`, never its address. Kernel calls go through `bindings/ops`, which check
 * every access against the block's bounds before passing an address to wasm.
 *
 * A garbage-collected block is freed by a FinalizationRegistry, a backstop only: owners free
 * what they allocate.
 */
export class Block {
  /** Size in bytes. */
  readonly bytes: number;
  #addr: number;
  #freed = false;

  static {
    addressOf = (b: Block) => {
      if (b.#freed) throw new DisposedError();
      return b.#addr;
    };
  }

  /** @internal Use {@link allocBlock}. */
  constructor(key: symbol, bytes: number) {
    if (key !== CONSTRUCT) throw new TypeError('Block: use allocBlock()');
    this.bytes = bytes;
    this.#addr = allocAddress(bytes);
    registry?.register(this, this.#addr, this);
  }

  /** Number of f64 slots. */
  get length(): number {
    return Math.floor(this.bytes / 8);
  }

  /** True after {@link Block.free}. */
  get freed(): boolean {
    return this.#freed;
  }

  /**
   * A Float64Array **view** of slots [offset, offset + length) of this block. Invalidated by the
   * next allocation (wasm memory may grow): use it at once, never keep it.
   */
  f64(offset = 0, length: number = this.length - offset): Float64Array {
    const a = addressOf(this);
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.length) {
      throw new RangeError(`Block.f64: slots [${offset}, ${offset + length}) outside a block of ${this.length}`);
    }
    const p = a / 8 + offset;
    return heapF64().subarray(p, p + length);
  }

  /** An Int32Array **view** of entries [offset, offset + length) (4-byte entries). Same lifetime rule as {@link Block.f64}. */
  i32(offset = 0, length: number = Math.floor(this.bytes / 4) - offset): Int32Array {
    const a = addressOf(this);
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > Math.floor(this.bytes / 4)) {
      throw new RangeError(`Block.i32: entries [${offset}, ${offset + length}) outside a block of ${Math.floor(this.bytes / 4)}`);
    }
    return new Int32Array(wasm().memory.buffer, a + offset * 4, length);
  }

  /** Frees the memory. Idempotent. */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    registry?.unregister(this);
    freeAddress(this.#addr);
  }
}

/** Allocates an owned block of `bytes` bytes (16-byte aligned, contents unspecified). */
export function allocBlock(bytes: number): Block {
  return new Block(CONSTRUCT, bytes);
}

/** Allocates an owned block of `n` f64 slots. */
export function allocF64(n: number): Block {
  if (!Number.isInteger(n) || n < 0) throw new OutOfMemoryError(n * 8, 'invalid size');
  return new Block(CONSTRUCT, n * 8);
}

/**
 * The unsigned byte address of slot `offset` (f64 slots) of `b`. For `bindings/ops` only.
 * Throws {@link DisposedError} for a freed block.
 */
export function address(b: Block, offset = 0): number {
  if (!(b instanceof Block)) throw new TypeError('address: not a Block');
  return addressOf(b) + offset * 8;
}

/**
 * The workspace of one kernel call: raw addresses, all freed by {@link Arena.release} (ops open
 * one in a `try` and release it in `finally`). For `bindings/ops` only.
 */
export class Arena {
  #addrs: number[] = [];

  /** `bytes` bytes (at least 16), 16-byte aligned. */
  bytes(bytes: number): number {
    const a = allocAddress(Math.max(bytes, 16));
    this.#addrs.push(a);
    return a;
  }

  /** `n` f64 slots. */
  f64(n: number): number {
    return this.bytes(n * 8);
  }

  /** Frees everything this arena handed out. Idempotent. */
  release(): void {
    for (const a of this.#addrs) freeAddress(a);
    this.#addrs = [];
  }
}

/** Runs `fn` with a fresh {@link Arena} released afterwards, even on throw. For `bindings/ops` only. */
export function withArena<T>(fn: (arena: Arena) => T): T {
  const arena = new Arena();
  try {
    return fn(arena);
  } finally {
    arena.release();
  }
}
