/**
 * What `src/` may use of the bindings: loading the module, the opaque {@link Block} and the
 * memory ledger, and the typed operations `ops`. No addresses, no raw kernels (those are in
 * `raw.ts`, for tests and benchmarks). No math lives in bindings.
 * @module
 */
export { init, isInitialized, runtimeInfo, type InitOptions, type RuntimeInfo } from './loader.js';
export { setThreads, registerThreadedBuild, MAX_THREADS, type ThreadedBuild } from './loader.js';
export { Block, allocBlock, allocF64, liveBytes, liveBlocks, memoryBytes, MAX_BLOCK_BYTES, MAX_MEMORY_BYTES } from './memory.js';
export * as ops from './ops/index.js';
export type { Mat, Vec } from './ops/operand.js';
export * from './errors.js';
