// Test and bench helper (Node): the threaded build loaded straight from build/, with a pool of a
// chosen size, outside the library's init() (which holds one runtime per process). Used by the
// kernel-level thread tests and bench/parkernels.bench.ts. Not part of the package.
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { OptionError, OutOfMemoryError } from '../../bindings/errors.js';
import { createPool, threadAbortError, threadedImports, type Pool, type ThreadHost, type ThreadedExports } from '../../bindings/threads/pool.js';

/** Options of {@link loadThreadedForTests}. */
export interface LoadThreadedOptions {
  /** Participants (default 2). */
  threads?: number;
  /** `'auto'` (default): the relaxed-SIMD build when the engine validates it (after enabling V8's flag). */
  relaxedSimd?: 'auto' | boolean;
  /** Maximum of the shared memory in bytes (a multiple of 65536, ≤ 4 GiB; default 4 GiB). */
  maxMemory?: number;
  /** A threaded binary to load instead of build/lsqnet-threads[-relaxed].wasm (relaxedSimd is then ignored). */
  wasm?: Uint8Array<ArrayBuffer>;
}

const PAGE = 65536;
const MAX_PAGES = 65536;

/**
 * Compiles
 * build/lsqnet-threads[-relaxed].wasm, creates the shared memory, instantiates the main instance with
 * {@link threadedImports} (aborts become {@link threadAbortError}) and creates its pool.
 */
export async function loadThreadedForTests(options: LoadThreadedOptions = {}): Promise<{ host: ThreadHost & { relaxedSimd: boolean }; pool: Pool }> {
  const maxBytes = options.maxMemory ?? MAX_PAGES * PAGE;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0 || maxBytes % PAGE !== 0 || maxBytes > MAX_PAGES * PAGE) {
    throw new OptionError(`loadThreadedForTests({ maxMemory }): expected a positive multiple of 65536 bytes up to 4 GiB, got ${String(maxBytes)}`);
  }
  const read = async (name: string): Promise<Uint8Array<ArrayBuffer>> => {
    const b = await readFile(new URL(`../../build/${name}`, import.meta.url));
    const u = new Uint8Array(b.byteLength);
    u.set(b);
    return u;
  };
  const mode = options.relaxedSimd ?? 'auto';
  let bytes = options.wasm;
  let relaxedSimd = false;
  if (mode !== false) {
    try {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // flags refused: validation decides
    }
  }
  if (bytes === undefined && mode !== false) {
    const r = await read('lsqnet-threads-relaxed.wasm');
    if (WebAssembly.validate(r)) { bytes = r; relaxedSimd = true; } else if (mode === true) {
      throw new OptionError('loadThreadedForTests({ relaxedSimd: true }): this engine does not validate relaxed SIMD');
    }
  }
  bytes ??= await read('lsqnet-threads.wasm');
  const module = await WebAssembly.compile(bytes);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 32, maximum: maxBytes / PAGE, shared: true });
  } catch (err) {
    throw new OutOfMemoryError(maxBytes, `the engine refused a shared wasm memory of at most ${maxBytes} bytes (${err instanceof Error ? err.message : String(err)})`);
  }
  let exports: ThreadedExports | null = null;
  const imports = threadedImports(memory, (message, file, line, column) => {
    if (!exports) throw new Error(`abort: ${message} at ${file}:${line}:${column}`);
    throw threadAbortError({ exports, memory }, message, file, line, column);
  });
  exports = new WebAssembly.Instance(module, imports).exports as unknown as ThreadedExports;
  if (typeof exports.threadsBuild !== 'function' || exports.threadsBuild() !== 1) throw new OptionError('loadThreadedForTests: not a threaded lsqnet build (threadsBuild() is missing or 0)');
  relaxedSimd = exports.relaxedSimdBuild() === 1;
  const host = { module, memory, exports, relaxedSimd };
  const threads = options.threads ?? 2;
  const pool = await createPool(host, { threads, platform: 'node', maxMemory: maxBytes });
  return { host, pool };
}
