/**
 * Raw access to the module for tests and benchmarks only (kernel-level checks against twins,
 * workspace guard bytes): the kernel exports, byte addresses and heap views. `src/` never
 * imports this file (`npm run check:layers` fails if it does).
 * @module
 */
export { wasm, init, runtimeInfo, isInitialized, type Kernels, type Ptr } from './loader.js';
export { allocAddress as alloc, freeAddress as free, heapF64 as f64, heapU8 as u8, address, liveBytes, liveBlocks, memoryBytes } from './memory.js';
import { address } from './memory.js';
import { allocAddress, freeAddress } from './memory.js';

/** Runs `fn` with a scratch block of `bytes` bytes that is freed afterwards, even on throw. */
export function withScratch<T>(bytes: number, fn: (ptr: number) => T): T {
  const ptr = allocAddress(bytes);
  try {
    return fn(ptr);
  } finally {
    freeAddress(ptr);
  }
}

/** Byte address of element (0, 0) of a matrix (anything with a `buf` Block): for kernel-level tests. */
export function ptrOf(m: { buf: import('./memory.js').Block }): number {
  return address(m.buf);
}
