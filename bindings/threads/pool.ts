/**
 * Thread pool over one shared wasm memory (issue 12, first step; Node `worker_threads` only).
 *
 * - {@link loadThreaded} compiles the threaded build (build/lsqnet-threads[-relaxed].wasm, built
 *   from assembly/threads.ts with `--enable threads --importMemory --sharedMemory`), creates one
 *   shared `WebAssembly.Memory` and instantiates the main thread's instance on it. Only that
 *   instance allocates (`alloc`/`free`): the allocator's root lives in its globals and above
 *   `__heap_base`. Workers instantiate the same compiled module on the same memory and run
 *   allocation-free kernels only. (Instantiating re-runs the module's active data segments: they
 *   hold constant strings and math tables only, rewritten with identical bytes.)
 * - {@link ThreadPool} runs a job — a kernel export name, its numeric arguments, a tile range
 *   [t0, t1) — on `threads` participants: the calling thread (slot 0) and `threads − 1` workers
 *   (slots 1…). Every participant claims tile indices from one atomic counter and calls
 *   `kernel(...args, tile)`; a per-thread argument (a workspace address) is `arg + slot·stride`.
 *   Which thread runs a tile never changes what the tile computes, so a kernel whose tiles are
 *   disjoint and fixed by the problem size gives bit-identical results for every thread count.
 * - Completion is Atomics-based: workers sleep in `Atomics.wait` on the job sequence word (no CPU
 *   while idle), the caller takes its share of tiles and then blocks in `Atomics.wait` on the
 *   pending count (allowed on Node's main thread). Browser design for later: the main thread may
 *   not block, so the caller takes its share and then awaits `Atomics.waitAsync` (or a message)
 *   for the workers' completion; the job protocol stays the same.
 * - A trap or abort inside a kernel on any thread stops further claims and surfaces on the caller
 *   as a {@link ThreadError} naming the thread and the kernel's message (never a hang).
 * - Workers are created lazily on the first multi-thread run, `unref`'d (they never keep Node
 *   alive) and stopped by {@link ThreadPool.dispose}.
 *
 * Addresses stay in bindings/: callers outside bindings/ reach the pool through typed ops (next
 * step: `ops.gemm` choosing {@link gemmParallel} above a measured size threshold). No math here.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { LsqnetError, OptionError, OutOfMemoryError, ThreadError } from '../errors.js';

// ───────────── control block layout (Int32 slots of a SharedArrayBuffer) ─────────────
const SEQ = 0;        // job sequence number: bumped (and notified) to start a job
const NEXT = 1;       // next tile index to claim
const END = 2;        // one past the last tile of the job
const PENDING = 3;    // workers still running the job (the caller waits for 0)
const FAILED = 4;     // 0, or 1 + the slot of the first thread whose kernel failed
const KERNEL = 5;     // index of the kernel in the export-name list
const NARGS = 6;      // number of job arguments (the tile index is appended)
const QUIT = 7;       // 1: workers leave their loop
const READY = 8;      // workers that have instantiated the module
const PER_ARG = 9;    // index of the per-thread argument, or −1
const MSG_LEN = 10;   // bytes of the failure message
const INT_SLOTS = 16;
const MAX_ARGS = 32;
const ARGS_OFF = INT_SLOTS * 4;                 // f64 arguments, then the per-thread stride
const MSG_OFF = ARGS_OFF + (MAX_ARGS + 1) * 8;  // the failure message (UTF-8)
const MSG_CAP = 1024;
const CTL_BYTES = MSG_OFF + MSG_CAP;
/** How long a lazily started worker may take to instantiate the module before the run fails. */
const START_TIMEOUT_MS = 30_000;

/**
 * The worker's program (CommonJS, run with `eval: true` so the pool stays one file and needs no
 * path resolution in tsx, dist/ESM or dist/CJS). It mirrors {@link runShare}.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module: wasmModule, memory, ctl: ctlBuf, slot, names, seq } = workerData;
const ctl = new Int32Array(ctlBuf);
const args64 = new Float64Array(ctlBuf, ${ARGS_OFF}, ${MAX_ARGS + 1});
const msg = new Uint8Array(ctlBuf, ${MSG_OFF}, ${MSG_CAP});
function str(p) {
  p >>>= 0;
  if (p < 4) return '';
  const len = new Uint32Array(memory.buffer, p - 4, 1)[0] >>> 1;
  return String.fromCharCode(...new Uint16Array(memory.buffer.slice(p, p + 2 * Math.min(len, 400))));
}
let fns;
try {
  const inst = new WebAssembly.Instance(wasmModule, { env: { memory, abort(m, f, l, c) {
    throw new Error('abort: ' + str(m) + ' (' + str(f) + ':' + l + ':' + c + ')');
  } } });
  fns = names.map((n) => inst.exports[n]);
} catch (e) {
  fail('instantiation failed: ' + (e && e.message));
  fns = null;
}
Atomics.add(ctl, ${READY}, 1);
Atomics.notify(ctl, ${READY});
function fail(text) {
  if (Atomics.compareExchange(ctl, ${FAILED}, 0, slot + 1) !== 0) return;
  const bytes = new TextEncoder().encode(text).subarray(0, ${MSG_CAP});
  msg.set(bytes);
  Atomics.store(ctl, ${MSG_LEN}, bytes.length);
}
let seen = seq; // the sequence number at spawn: a job posted right after READY is not missed
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seen);
  const s = Atomics.load(ctl, ${SEQ});
  if (s === seen) continue;
  seen = s;
  if (Atomics.load(ctl, ${QUIT})) break;
  if (fns === null) fail('worker ' + slot + ' has no module instance');
  else {
    const fn = fns[ctl[${KERNEL}]];
    const n = ctl[${NARGS}];
    const a = Array.from(args64.subarray(0, n));
    const pa = ctl[${PER_ARG}];
    if (pa >= 0) a[pa] += slot * args64[${MAX_ARGS}];
    a.push(0);
    for (;;) {
      if (Atomics.load(ctl, ${FAILED}) !== 0) break;
      const t = Atomics.add(ctl, ${NEXT}, 1);
      if (t >= ctl[${END}]) break;
      a[n] = t;
      try { fn(...a); } catch (e) { fail(String(e && e.message || e)); break; }
    }
  }
  if (Atomics.sub(ctl, ${PENDING}, 1) === 1) Atomics.notify(ctl, ${PENDING});
}
`;

/** The threaded module, its shared memory and the main thread's instance. */
export interface ThreadedRuntime {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Exports of the main thread's instance (the one that allocates). */
  readonly exports: Record<string, unknown>;
  readonly relaxedSimd: boolean;
  /** Maximum of the shared memory, in 64 KiB pages. */
  readonly maxPages: number;
}

/** Options of {@link loadThreaded}. */
export interface LoadThreadedOptions {
  /** The binary: bytes (default: build/lsqnet-threads[-relaxed].wasm next to the package). */
  wasm?: Uint8Array<ArrayBuffer>;
  /** `'auto'` (default): relaxed SIMD when the engine validates it (Node: after enabling V8's flag). */
  relaxedSimd?: 'auto' | boolean;
  /** Maximum of the shared memory in bytes (a multiple of 64 KiB, ≤ 4 GiB; default 4 GiB). */
  maxMemory?: number;
}

const PAGE = 65536;
const MAX_PAGES = 65536;

async function enableRelaxedInNode(): Promise<void> {
  try {
    const v8 = await import('node:v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // flags refused: validation decides
  }
}

/**
 * Compiles the threaded build and instantiates the main thread's instance over a new shared
 * memory. Throws {@link LsqnetError} (`NOT_INITIALIZED`) without SharedArrayBuffer, and
 * {@link OutOfMemoryError} naming the limit when the engine refuses the reservation.
 */
export async function loadThreaded(options: LoadThreadedOptions = {}): Promise<ThreadedRuntime> {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    throw new LsqnetError('NOT_INITIALIZED', 'threads need SharedArrayBuffer and Atomics (in browsers: a crossOriginIsolated page)');
  }
  const maxBytes = options.maxMemory ?? MAX_PAGES * PAGE;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0 || maxBytes % PAGE !== 0 || maxBytes > MAX_PAGES * PAGE) {
    throw new OptionError(`loadThreaded({ maxMemory }): expected a positive multiple of 65536 bytes up to 4 GiB, got ${String(maxBytes)}`);
  }
  const mode = options.relaxedSimd ?? 'auto';
  let bytes = options.wasm;
  let relaxed = false;
  if (bytes === undefined) {
    const read = (name: string): Promise<Uint8Array<ArrayBuffer>> => readFile(new URL(`../../build/${name}`, import.meta.url)).then((b) => { const u = new Uint8Array(b.byteLength); u.set(b); return u; });
    if (mode !== false) {
      await enableRelaxedInNode();
      const r = await read('lsqnet-threads-relaxed.wasm');
      if (WebAssembly.validate(r)) { bytes = r; relaxed = true; } else if (mode === true) {
        throw new OptionError('loadThreaded({ relaxedSimd: true }): this engine does not validate relaxed SIMD');
      }
    }
    bytes ??= await read('lsqnet-threads.wasm');
  }
  if (!WebAssembly.validate(bytes)) throw new OptionError('loadThreaded: the binary is not a WebAssembly module this engine validates (it needs SIMD and threads)');
  const module = await WebAssembly.compile(bytes);
  const memImport = WebAssembly.Module.imports(module).find((i) => i.module === 'env' && i.name === 'memory');
  if (!memImport) throw new OptionError('loadThreaded: the binary imports no env.memory: not a threaded lsqnet build');
  let memory: WebAssembly.Memory;
  const maxPages = maxBytes / PAGE;
  try {
    memory = new WebAssembly.Memory({ initial: 32, maximum: maxPages, shared: true });
  } catch (err) {
    throw new OutOfMemoryError(maxBytes, `the engine refused a shared wasm memory of at most ${maxBytes} bytes (${err instanceof Error ? err.message : String(err)}); ask for a smaller maxMemory`);
  }
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: abortOn(memory) } });
  const exports = instance.exports as Record<string, unknown>;
  if (typeof exports.threadsBuild !== 'function' || (exports.threadsBuild as () => number)() !== 1) {
    throw new OptionError('loadThreaded: not a threaded lsqnet build (threadsBuild() is missing or 0)');
  }
  const flag = (exports.relaxedSimdBuild as () => number)();
  return { module, memory, exports, relaxedSimd: flag === 1 || relaxed, maxPages };
}

/** The main instance's `env.abort`: reads AssemblyScript's message and throws. */
function abortOn(memory: WebAssembly.Memory) {
  const str = (p: number): string => {
    p >>>= 0;
    if (p < 4) return '';
    const len = new Uint32Array(memory.buffer, p - 4, 1)[0]! >>> 1;
    return String.fromCharCode(...new Uint16Array(memory.buffer.slice(p, p + 2 * Math.min(len, 400))));
  };
  return (m: number, f: number, l: number, c: number): never => {
    throw new Error(`abort: ${str(m)} (${str(f)}:${l}:${c})`);
  };
}

/** One job: `kernel(...args, tile)` for tile in [tiles[0], tiles[1]). */
export interface Job {
  kernel: string;
  /** Integer or float arguments (addresses are plain numbers here; bindings/ only). */
  args: readonly number[];
  /** Tile range [t0, t1). */
  tiles: readonly [number, number];
  /** Argument `arg` is offset by `slot · stride` on thread `slot` (per-thread workspace). */
  perThread?: { arg: number; stride: number };
}

/**
 * A fixed number of participants: the calling thread plus `threads − 1` lazily created workers.
 * Not re-entrant: one job at a time (a kernel call from the caller's thread).
 */
export class ThreadPool {
  readonly threads: number;
  private readonly rt: ThreadedRuntime;
  private readonly names: string[];
  private readonly ctlBuf = new SharedArrayBuffer(CTL_BYTES);
  private readonly ctl = new Int32Array(this.ctlBuf);
  private readonly args64 = new Float64Array(this.ctlBuf, ARGS_OFF, MAX_ARGS + 1);
  private workers: Worker[] = [];
  private disposed = false;
  private running = false;

  constructor(runtime: ThreadedRuntime, threads: number) {
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new OptionError(`ThreadPool: threads must be an integer in 1…256, got ${String(threads)}`);
    }
    this.rt = runtime;
    this.threads = threads;
    this.names = WebAssembly.Module.exports(runtime.module).filter((e) => e.kind === 'function').map((e) => e.name);
  }

  /** Workers currently running (0 until the first multi-thread job). */
  get liveWorkers(): number { return this.workers.length; }

  private start(): void {
    const count = this.threads - 1;
    if (this.workers.length === count) return;
    Atomics.store(this.ctl, READY, 0);
    for (let slot = 1; slot <= count; slot++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        // plain JS: no loader hooks of the parent (tsx's --import hooks would wait on this
        // thread's event loop, which is blocked in Atomics.wait below)
        execArgv: [],
        workerData: { module: this.rt.module, memory: this.rt.memory, ctl: this.ctlBuf, slot, names: this.names, seq: Atomics.load(this.ctl, SEQ) },
      });
      w.unref();
      w.on('error', () => { /* kernel failures are reported through the control block */ });
      this.workers.push(w);
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (let r = Atomics.load(this.ctl, READY); r < count; r = Atomics.load(this.ctl, READY)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.stopWorkers();
        throw new ThreadError(`ThreadPool: ${count - r} of ${count} workers did not start within ${START_TIMEOUT_MS} ms`);
      }
      Atomics.wait(this.ctl, READY, r, Math.min(left, 50));
    }
    if (Atomics.load(this.ctl, FAILED) !== 0) {
      const err = this.failure('start');
      this.stopWorkers();
      throw err;
    }
  }

  private failure(kernel: string): ThreadError {
    const slot = Atomics.load(this.ctl, FAILED) - 1;
    const len = Atomics.load(this.ctl, MSG_LEN);
    const text = new TextDecoder().decode(new Uint8Array(this.ctlBuf, MSG_OFF, len).slice());
    Atomics.store(this.ctl, FAILED, 0);
    return new ThreadError(`${kernel} failed on thread ${slot}${slot === 0 ? ' (the caller)' : ''}: ${text}`, slot);
  }

  /**
   * Runs a job on every participant and returns when all tiles are done. Throws
   * {@link ThreadError} when the kernel failed on any thread (remaining tiles are skipped),
   * {@link OptionError} for an unknown kernel or bad arguments.
   */
  run(job: Job): void {
    if (this.disposed) throw new ThreadError('ThreadPool.run: the pool has been disposed');
    if (this.running) throw new ThreadError('ThreadPool.run: a job is already running (the pool is not re-entrant)');
    const k = this.names.indexOf(job.kernel);
    if (k < 0) throw new OptionError(`ThreadPool.run: the threaded module has no export '${job.kernel}'`);
    const [t0, t1] = job.tiles;
    if (!Number.isInteger(t0) || !Number.isInteger(t1) || t0 < 0 || t1 < t0 || t1 > 0x7fffffff) {
      throw new OptionError(`ThreadPool.run: bad tile range [${String(t0)}, ${String(t1)})`);
    }
    if (job.args.length > MAX_ARGS || job.args.some((a) => typeof a !== 'number' || !Number.isFinite(a) && !Number.isNaN(a))) {
      throw new OptionError(`ThreadPool.run: at most ${MAX_ARGS} numeric arguments`);
    }
    const per = job.perThread;
    if (per && (!Number.isInteger(per.arg) || per.arg < 0 || per.arg >= job.args.length || !Number.isInteger(per.stride) || per.stride < 0)) {
      throw new OptionError('ThreadPool.run: perThread must name an argument index and a non-negative integer stride');
    }
    if (t1 === t0) return;
    const workers = Math.min(this.threads - 1, t1 - t0 - 1);
    if (workers > 0) this.start();
    const ctl = this.ctl;
    this.args64.set(job.args);
    this.args64[MAX_ARGS] = per ? per.stride : 0;
    ctl[KERNEL] = k;
    ctl[NARGS] = job.args.length;
    ctl[PER_ARG] = per ? per.arg : -1;
    ctl[NEXT] = t0;
    ctl[END] = t1;
    Atomics.store(ctl, FAILED, 0);
    const pending = workers > 0 ? this.workers.length : 0;
    Atomics.store(ctl, PENDING, pending);
    this.running = true;
    try {
      if (pending > 0) {
        Atomics.add(ctl, SEQ, 1);
        Atomics.notify(ctl, SEQ);
      }
      this.runShare(job);
      for (let p = Atomics.load(ctl, PENDING); p !== 0; p = Atomics.load(ctl, PENDING)) Atomics.wait(ctl, PENDING, p, 50);
    } finally {
      this.running = false;
    }
    if (Atomics.load(ctl, FAILED) !== 0) throw this.failure(job.kernel);
  }

  /** The caller's share (slot 0): the same claim loop as the workers'. */
  private runShare(job: Job): void {
    const fn = this.rt.exports[job.kernel] as (...a: number[]) => void;
    const a = [...job.args, 0];
    const n = job.args.length;
    const ctl = this.ctl;
    for (;;) {
      if (Atomics.load(ctl, FAILED) !== 0) break;
      const t = Atomics.add(ctl, NEXT, 1);
      if (t >= ctl[END]!) break;
      a[n] = t;
      try {
        fn(...a);
      } catch (err) {
        if (Atomics.compareExchange(ctl, FAILED, 0, 1) === 0) {
          const bytes = new TextEncoder().encode(err instanceof Error ? err.message : String(err)).subarray(0, MSG_CAP);
          new Uint8Array(this.ctlBuf, MSG_OFF, MSG_CAP).set(bytes);
          Atomics.store(ctl, MSG_LEN, bytes.length);
        }
        break;
      }
    }
  }

  private stopWorkers(): Promise<void> {
    Atomics.store(this.ctl, QUIT, 1);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
    // ref'd again while terminating: an awaited dispose() must not let Node exit half-way
    const done = Promise.all(this.workers.map((w) => { w.ref(); return w.terminate(); })).then(() => undefined);
    this.workers = [];
    Atomics.store(this.ctl, QUIT, 0);
    return done;
  }

  /** Stops the workers (they leave their wait loop and are terminated); later runs throw. */
  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    return this.stopWorkers();
  }
}

/**
 * C ← α·op(A)·op(B) + β·C on the pool (addresses are byte offsets into the runtime's memory;
 * bindings/ only). Allocates `pool.threads` per-thread workspaces of `dgemmTileWorkspaceSize` bytes
 * from the main instance, runs `dgemmTile` over the size-fixed tile grid, and frees them.
 * Bit-identical for every thread count.
 */
export function gemmParallel(pool: ThreadPool, rt: ThreadedRuntime, transA: number, transB: number, m: number, n: number, k: number,
  alpha: number, a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number): void {
  const x = rt.exports as Record<string, (...v: number[]) => number>;
  const tiles = x.dgemmTileCount!(m, n);
  if (tiles === 0) return;
  const stride = Math.ceil((x.dgemmTileWorkspaceSize!(m, n, k) >>> 0) / 64) * 64;
  const threads = pool.threads; // any slot may claim a tile: one workspace per slot
  let work: number;
  try {
    work = x.alloc!(stride * threads) >>> 0;
  } catch (err) {
    throw new OutOfMemoryError(stride * threads, `GEMM workspace for ${threads} threads (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    pool.run({ kernel: 'dgemmTile', args: [transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work], tiles: [0, tiles], perThread: { arg: 13, stride } });
  } finally {
    x.free!(work);
  }
}
