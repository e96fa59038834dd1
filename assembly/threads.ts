// Exports of the THREADED builds (build/lsqnet-threads.wasm, lsqnet-threads-relaxed.wasm; issue 12):
// every export of the shipped build plus the parallel runtime (./core/par) that the workers run.
// Compiled with `--enable threads --importMemory --sharedMemory`: every instance (the main thread's
// and one per worker) runs over one imported shared `WebAssembly.Memory`. Only the main thread's
// instance calls `alloc`/`free` (the allocator's root lives in that instance's globals and in memory
// above __heap_base, which no data segment covers); workers run allocation-free tile bodies only.
export * from './index';
export { threadsBuild } from './core/threads';
export {
  parControlBytes, parSetup, parInit, parSetThreads, parWorkerLoop, parWorkerFailed, parMessage,
  parFailedSlot, parQuit, parAbandon, PAR_MESSAGE_BYTES,
} from './core/par';
export { parTest } from './core/threads';
export { parJobs } from './core/par';
export { parScratchBytes, parSetScratch } from './core/par';
