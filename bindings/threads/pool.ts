/**
 * The JavaScript side of the parallel runtime (issue 12). The runtime itself lives inside wasm
 * (assembly/core/par.ts): the main instance (slot 0, the one that allocates) posts jobs from inside
 * a kernel (`parFor`), and `threads − 1` worker instances of the same module, over the same shared
 * `WebAssembly.Memory`, sleep in `memory.atomic.wait32` inside `parWorkerLoop` and claim tiles.
 * This file only starts and stops those workers:
 *
 * - {@link createPool} allocates the control block (256 slots) with the main instance's `alloc`,
 *   initialises it (`parInit`, `parSetup(ctl, 0, canWait)`), allocates the scratch of slots
 *   0…threads−1 (4 MiB each, `parSetScratch`; `setThreads` allocates it for new slots on demand,
 *   shrinking keeps it until `dispose`) and spawns `threads − 1` workers without waiting for
 *   them (a worker joins the jobs posted after it is ready; the main thread claims whatever nobody
 *   else claims, so a slow or missing worker never blocks a job). Node: `worker_threads`, unref'd (an
 *   idle pool never keeps the process alive). Browsers: classic Web Workers from a Blob URL (only on a
 *   crossOriginIsolated page; the main thread never blocks: `canWait` 0).
 * - {@link threadedImports} builds the main instance's `env` (the shared memory and an `abort` that
 *   decodes AssemblyScript's message); {@link threadAbortError} turns an abort of the main instance
 *   into the error to throw (a {@link ThreadError} when a worker's tile failed).
 *
 * Addresses stay in bindings/. No math here.
 * @module
 */
import { LsqnetError, OptionError, OutOfMemoryError, ThreadError, formatBytes } from '../errors.js';
import type { Kernels } from '../kernels/index.js';
import type { ThreadKernels } from '../kernels/threads.js';
import { nodeImport } from '../node-import.js';

/** Exports of a threaded instance: every shipped kernel plus the parallel runtime. */
export type ThreadedExports = Omit<Kernels, 'memory'> & ThreadKernels;

/** The threaded module, its shared memory and the main instance's exports. */
export interface ThreadHost {
  readonly module: WebAssembly.Module;
  /** The shared memory every instance imports as `env.memory`. */
  readonly memory: WebAssembly.Memory;
  /** Exports of the main instance (slot 0: the one that allocates). */
  readonly exports: ThreadedExports;
}

/** Options of {@link createPool}. */
export interface PoolOptions {
  /** Participants including the calling thread (≥ 1). */
  threads: number;
  /**
   * The memory's `maximum` in bytes, when known: named in the OutOfMemoryError of a scratch
   * allocation that does not fit (`init({ maxMemory })`).
   */
  maxMemory?: number;
  /** `'node'`: worker_threads, the main thread may block; `'browser'`: Web Workers, the main thread spins. */
  platform: 'node' | 'browser';
}

/** A worker pool bound to one main instance. */
export interface Pool {
  /** Participants now (the calling thread included). */
  readonly threads: number;
  /** Most participants this pool can have: 256 (the slots of the control block). */
  readonly maxThreads: number;
  /**
   * Bytes of per-thread scratch the pool holds now: 4 MiB for every slot that has taken part since
   * the pool was created (kept when the thread count shrinks, freed by dispose).
   */
  readonly scratchBytes: number;
  /**
   * Changes the participants (1…maxThreads): allocates the scratch of the slots never used before and
   * spawns the missing workers when n grows. Throws {@link OutOfMemoryError} (naming the bytes, and
   * `maxMemory` when known) when that scratch does not fit; the pool is then as it was.
   */
  setThreads(n: number): void;
  /** Resolves when every spawned worker has entered its job loop (or failed to start). Jobs never need it. */
  started(): Promise<void>;
  /** Stops the workers, detaches the main instance (single-thread from then on) and frees the control block. */
  dispose(): Promise<void>;
  /** The first failure of the last job (slot ≥ 1: a worker), else a worker that could not start, else null. */
  failure(): { slot: number; message: string } | null;
}

/** Bytes of a runtime message area (PAR_MESSAGE_BYTES in assembly/core/par.ts). */
const MESSAGE_BYTES = 1024;
/** Most slots (PAR_MAX_SLOTS in assembly/core/par.ts). */
const MAX_SLOTS = 256;
/** How long dispose() waits for a worker to leave its loop before terminating it. */
const QUIT_TIMEOUT_MS = 5000;

/**
 * The worker's program, shared by both platforms: instantiates the module on the shared memory,
 * configures its slot and runs parWorkerLoop until told to quit. A trap escaping the loop (a failing
 * tile) is written to the worker's message area and recorded with parWorkerFailed; the loop resumes.
 */
const WORKER_CORE = `
function lsqnetWorker(wasmModule, memory, ctl, slot, post) {
  const str = (p) => {
    p >>>= 0;
    if (p < 4) return '';
    const len = new Uint32Array(memory.buffer, p - 4, 1)[0] >>> 1;
    return String.fromCharCode(...new Uint16Array(memory.buffer.slice(p, p + 2 * Math.min(len, 400))));
  };
  let x;
  try {
    x = new WebAssembly.Instance(wasmModule, { env: { memory, abort(m, f, l, c) {
      throw new Error('abort: ' + str(m) + ' at ' + str(f) + ':' + l + ':' + c);
    } } }).exports;
    x.parSetup(ctl, slot, 1);
  } catch (e) {
    post({ slot, error: 'worker ' + slot + ' could not start: ' + (e && e.message || String(e)) });
    return;
  }
  post({ slot, started: true });
  for (;;) {
    try {
      if (x.parWorkerLoop() === 0) break;
    } catch (e) {
      const bytes = new TextEncoder().encode(String(e && e.message || e)).subarray(0, ${MESSAGE_BYTES - 1});
      new Uint8Array(memory.buffer, x.parMessage() >>> 0, ${MESSAGE_BYTES}).set(bytes);
      x.parWorkerFailed(bytes.length);
    }
  }
  post({ slot, done: true });
}
`;
/** Node: worker_threads with `eval: true` (CommonJS). */
const NODE_WORKER_SOURCE = `${WORKER_CORE}
const { workerData, parentPort } = require('node:worker_threads');
lsqnetWorker(workerData.module, workerData.memory, workerData.ctl, workerData.slot, (m) => parentPort.postMessage(m));
`;
/** Browsers: a classic worker; the first message carries the module, memory, ctl and slot. */
const BROWSER_WORKER_SOURCE = `${WORKER_CORE}
self.onmessage = (e) => {
  self.onmessage = null;
  const d = e.data;
  lsqnetWorker(d.module, d.memory, d.ctl, d.slot, (m) => self.postMessage(m));
};
`;


/** Reads an AssemblyScript string (UTF-16, byte length at p − 4) from the memory; '' for null. */
function readString(memory: WebAssembly.Memory, p: number): string {
  p >>>= 0;
  if (p < 4 || p + 4 > memory.buffer.byteLength) return '';
  const bytes = Math.min(new Uint32Array(memory.buffer, p - 4, 1)[0]!, 800) & ~1;
  return String.fromCharCode(...new Uint16Array(memory.buffer.slice(p, p + bytes)));
}

/** Reads a NUL-terminated UTF-8 message area. */
function readMessage(memory: WebAssembly.Memory, p: number): string {
  p >>>= 0;
  if (p === 0) return '';
  const area = new Uint8Array(memory.buffer, p, MESSAGE_BYTES);
  let len = area.indexOf(0);
  if (len < 0) len = MESSAGE_BYTES;
  return new TextDecoder().decode(area.slice(0, len));
}

/**
 * The `env` imports of the main instance: the shared memory and an `abort` that decodes
 * AssemblyScript's message and file and hands them to `onAbort` (which throws; see
 * {@link threadAbortError} for the error to throw).
 */
export function threadedImports(memory: WebAssembly.Memory,
  onAbort: (message: string, file: string, line: number, column: number) => never): { env: { memory: WebAssembly.Memory; abort: (m: number, f: number, l: number, c: number) => never } } {
  return { env: { memory, abort: (m, f, l, c) => onAbort(readString(memory, m), readString(memory, f), l, c) } };
}

/**
 * The error the main instance's abort handler throws. It first calls `parAbandon` (closes a job the
 * abort interrupted and waits for the workers to leave it); then, when a worker's tile failed in the
 * job, a {@link ThreadError} naming the worker's slot and its message, else the plain abort error
 * (`abort: <message> at <file>:<line>:<column>`, as the single-thread loader throws).
 */
export function threadAbortError(host: Pick<ThreadHost, 'exports' | 'memory'>, message: string, file: string, line: number, column: number): Error {
  const x = host.exports;
  x.parAbandon();
  const slot = x.parFailedSlot();
  if (slot >= 1) {
    const text = readMessage(host.memory, x.parMessage());
    return new ThreadError(`lsqnet: worker thread ${slot} failed: ${text}`, slot);
  }
  return new Error(`abort: ${message} at ${file}:${line}:${column}`);
}

/** Validates an integer option. */
function intIn(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new OptionError(`${name}: expected an integer in ${lo}…${hi}, got ${typeof v === 'number' ? String(v) : typeof v}`);
  }
  return v;
}

interface WorkerHandle {
  slot: number;
  /** Resolves when the worker entered its loop or failed to start. */
  started: Promise<void>;
  /** Resolves when the worker left its loop (or failed to start). */
  done: Promise<void>;
  terminate(): Promise<void>;
  ref(): void;
  unref(): void;
}

type NodeWorkerCtor = typeof import('node:worker_threads').Worker;

/**
 * Creates the pool of one main instance: allocates and initialises the control block
 * (`parControlBytes(256)` bytes from the main instance's `alloc`) and the scratch of slots
 * 0…threads−1 (`parScratchBytes()` each, registered with `parSetScratch`), all owned by the pool and
 * freed by dispose; configures the main instance and spawns `threads − 1` workers without waiting for
 * them. Throws {@link OptionError} on bad options or a host that is not a threaded build,
 * {@link OutOfMemoryError} when the control block or the scratch does not fit (nothing is left
 * allocated), {@link LsqnetError}
 * (`NOT_INITIALIZED`) without SharedArrayBuffer / Worker.
 */
export async function createPool(host: ThreadHost, options: PoolOptions): Promise<Pool> {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    throw new LsqnetError('NOT_INITIALIZED', 'threads need SharedArrayBuffer and Atomics (in browsers: a crossOriginIsolated page)');
  }
  const x = host.exports;
  if (typeof x?.threadsBuild !== 'function' || x.threadsBuild() !== 1 || typeof x.parInit !== 'function') {
    throw new OptionError('createPool({ exports }): not a threaded lsqnet build (threadsBuild() is missing or 0)');
  }
  if (!(host.memory instanceof WebAssembly.Memory) || !(host.memory.buffer instanceof SharedArrayBuffer)) {
    throw new OptionError('createPool({ memory }): expected the shared WebAssembly.Memory the instance imports');
  }
  const platform = options.platform;
  if (platform !== 'node' && platform !== 'browser') throw new OptionError(`createPool({ platform }): expected 'node' or 'browser', got ${String(platform)}`);
  const threads = intIn('createPool({ threads })', options.threads, 1, MAX_SLOTS);
  const maxThreads = MAX_SLOTS;
  const maxMemory = options.maxMemory;

  let NodeWorker: NodeWorkerCtor | null = null;
  if (platform === 'node') {
    ({ Worker: NodeWorker } = await nodeImport<typeof import('node:worker_threads')>('node:worker_threads'));
  } else if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function') {
    throw new LsqnetError('NOT_INITIALIZED', 'threads in a browser need Web Workers (Worker, Blob, URL.createObjectURL)');
  }

  const within = (err: unknown): string => `${maxMemory !== undefined ? `wasm memory cannot grow within maxMemory = ${formatBytes(maxMemory)} (init({ maxMemory }))` : 'wasm memory cannot grow'}; ${err instanceof Error ? err.message : String(err)}`;
  const bytes = x.parControlBytes(maxThreads) >>> 0;
  let ctl: number;
  try {
    ctl = x.alloc(bytes) >>> 0;
  } catch (err) {
    throw new OutOfMemoryError(bytes, `the thread pool's control block (${within(err)})`);
  }
  const canWait = platform === 'node' ? 1 : 0;
  x.parInit(ctl, maxThreads);
  x.parSetup(ctl, 0, canWait);

  // scratch per slot, allocated on demand: blocks[s] is what alloc returned (freed by dispose),
  // registered 64-byte aligned (alloc gives 16-byte alignment: 48 bytes of slack)
  const scratchBytes = x.parScratchBytes() >>> 0;
  const blockBytes = scratchBytes + 48;
  const blocks: number[] = [];
  /** Gives slots blocks.length…n−1 their scratch; on failure frees what it allocated and throws OutOfMemoryError. */
  const ensureScratch = (n: number, what: string): void => {
    const first = blocks.length;
    for (let s = first; s < n; s++) {
      let b: number;
      try {
        b = x.alloc(blockBytes) >>> 0;
      } catch (err) {
        for (let t = blocks.length - 1; t >= first; t--) { x.parSetScratch(t, 0); x.free(blocks[t]!); }
        blocks.length = first;
        throw new OutOfMemoryError(blockBytes, `the scratch of thread slot ${s} for ${what} (${formatBytes(scratchBytes)} per thread; slots 0…${first - 1} have theirs: ${formatBytes(first * blockBytes)}) — ${within(err)}`);
      }
      blocks.push(b);
      x.parSetScratch(s, (b + 63) & ~63);
    }
  };
  try {
    ensureScratch(threads, `createPool({ threads: ${threads} })`);
  } catch (err) {
    x.parSetup(0, 0, canWait);
    x.free(ctl);
    throw err;
  }
  x.parSetThreads(threads);

  const workers: WorkerHandle[] = [];
  const startErrors: { slot: number; message: string }[] = [];
  let blobUrl: string | null = null;

  const spawn = (slot: number): WorkerHandle => {
    let started!: () => void, done!: () => void;
    const startedP = new Promise<void>((r) => { started = r; });
    const doneP = new Promise<void>((r) => { done = r; });
    const onMessage = (m: { slot: number; started?: boolean; done?: boolean; error?: string }): void => {
      if (m.error) { startErrors.push({ slot, message: m.error }); started(); done(); }
      if (m.started) started();
      if (m.done) done();
    };
    if (NodeWorker) {
      const w = new NodeWorker(NODE_WORKER_SOURCE, {
        eval: true,
        // plain JS: no loader hooks of the parent (tsx's hooks would wait on this thread's event loop)
        execArgv: [],
        workerData: { module: host.module, memory: host.memory, ctl, slot },
      });
      w.on('message', onMessage);
      w.on('error', (e: Error) => { startErrors.push({ slot, message: `worker ${slot}: ${e.message}` }); started(); done(); });
      w.on('exit', () => { started(); done(); });
      w.unref(); // after the listeners: a 'message' listener added later would ref the worker's port again
      return { slot, started: startedP, done: doneP, terminate: () => w.terminate().then(() => undefined), ref: () => w.ref(), unref: () => w.unref() };
    }
    blobUrl ??= URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
    const w = new Worker(blobUrl);
    w.onmessage = (e: MessageEvent) => onMessage(e.data as { slot: number });
    w.onerror = (e: ErrorEvent) => { startErrors.push({ slot, message: `worker ${slot}: ${e.message}` }); started(); done(); };
    w.postMessage({ module: host.module, memory: host.memory, ctl, slot });
    return { slot, started: startedP, done: doneP, terminate: () => { w.terminate(); done(); return Promise.resolve(); }, ref: () => undefined, unref: () => undefined };
  };
  const grow = (n: number): void => {
    for (let s = workers.length + 1; s < n; s++) workers.push(spawn(s));
  };

  let now = threads;
  let disposed: Promise<void> | null = null;
  grow(threads);

  const pool: Pool = {
    get threads() { return now; },
    maxThreads,
    get scratchBytes() { return blocks.length * blockBytes; },
    setThreads(n: number): void {
      if (disposed) throw new ThreadError('Pool.setThreads: the pool has been disposed');
      const k = intIn('setThreads(n)', n, 1, maxThreads);
      ensureScratch(k, `setThreads(${k})`);
      grow(k);
      x.parSetThreads(k);
      now = k;
    },
    started(): Promise<void> {
      // ref'd while awaited: an unref'd worker's message would not keep Node's event loop alive
      return Promise.all(workers.map((w) => { w.ref(); return w.started.then(() => { if (!disposed) w.unref(); }); })).then(() => undefined);
    },
    dispose(): Promise<void> {
      if (disposed) return disposed;
      x.parQuit();
      disposed = (async () => {
        await Promise.all(workers.map(async (w) => {
          w.ref(); // an awaited dispose() keeps Node alive until the workers are gone
          let timer: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([w.done, new Promise<void>((r) => { timer = setTimeout(r, QUIT_TIMEOUT_MS); })]);
          clearTimeout(timer);
          await w.terminate();
        }));
        workers.length = 0;
        if (blobUrl) URL.revokeObjectURL(blobUrl);
        x.parSetup(0, 0, canWait); // the main instance runs single-thread from now on
        for (const b of blocks) x.free(b);
        blocks.length = 0;
        x.free(ctl);
        now = 1;
      })();
      return disposed;
    },
    failure() {
      const slot = disposed ? -1 : x.parFailedSlot();
      if (slot >= 0) return { slot, message: slot === 0 ? 'a tile failed on the calling thread' : readMessage(host.memory, x.parMessage()) };
      return startErrors[0] ?? null;
    },
  };
  return pool;
}

