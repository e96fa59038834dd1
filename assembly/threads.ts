// Exports of the THREADED builds (build/lsqnet-threads.wasm, lsqnet-threads-relaxed.wasm; issue 12):
// every export of the shipped build plus the tile kernels that workers run. Compiled with
// `--enable threads --importMemory --sharedMemory`: every instance (the main thread's and one per
// worker) runs over one imported shared `WebAssembly.Memory`. Only the main thread's instance
// calls `alloc`/`free` (the allocator's root lives in that instance's globals and in memory above
// __heap_base, which no data segment covers); workers run allocation-free kernels only.
export * from './index';
export { dgemmTileCount, dgemmTileWorkspaceSize, dgemmTile } from './gemm/tiles';
export { threadsBuild } from './core/threads';
