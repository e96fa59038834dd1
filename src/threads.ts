/**
 * `lsqnet/threads`: the whole lsqnet API, with the threaded build registered, so that `init()`
 * runs the kernels on all cores (`init({ threads })`, {@link setThreads}; docs/threads.md).
 *
 * Importing this entry adds the two threaded binaries (portable and relaxed SIMD, gzip+base64,
 * about 140 KB) to a bundle; an app that imports only `'lsqnet'` never carries them. More than one
 * thread also needs `SharedArrayBuffer` — in browsers a `crossOriginIsolated` page (headers
 * `Cross-Origin-Opener-Policy: same-origin`, `Cross-Origin-Embedder-Policy: require-corp`) —
 * and a worker API; elsewhere `init()` runs on one thread and `runtimeInfo().threadsNote` says
 * why. In Node the package's main entry (`'lsqnet'`, condition `node`) already is this one.
 * @module
 */
import { WASM_THREADS_RELAXED_GZIP_BASE64, WASM_THREADS_SIMD_GZIP_BASE64 } from '../bindings/generated/wasm-threads-inline.js';
import { registerThreadedBuild } from './index.js';

registerThreadedBuild({ simdGzipBase64: WASM_THREADS_SIMD_GZIP_BASE64, relaxedGzipBase64: WASM_THREADS_RELAXED_GZIP_BASE64 });

export * from './index.js';
