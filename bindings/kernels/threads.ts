import type { Ptr } from './core.js';

/**
 * Exports of the THREADED builds only (assembly/threads.ts → build/lsqnet-threads[-relaxed].wasm):
 * the parallel runtime of assembly/core/par.ts, driven by bindings/threads/pool.ts. The threaded
 * builds also export every kernel of {@link Kernels} (./index.ts).
 */
export interface ThreadKernels {
  /** 1 in the threaded builds. */
  threadsBuild(): number;
  /** Bytes of the control block for `maxThreads` slots (1…256), without scratch (registered per slot with parSetScratch); 0 out of range. */
  parControlBytes(maxThreads: number): number;
  /**
   * Configures one instance, once: `ctl` = the control block, `slot` 0 = main (`canWait` 1 in Node,
   * 0 on a browser main thread), ≥ 1 = a worker (`canWait` 1). `parSetup(0, 0, w)` detaches the main
   * instance before its pool frees the block.
   */
  parSetup(ctl: Ptr, slot: number, canWait: number): void;
  /** Main only, once per pool: initialises the control block (parControlBytes(maxThreads) bytes, 16-byte aligned). */
  parInit(ctl: Ptr, maxThreads: number): void;
  /** Main only: participants 1…maxThreads (clamped); workers with slot ≥ n sit jobs out. Aborts unless slots 0…n−1 have scratch (parSetScratch). */
  parSetThreads(n: number): void;
  /** Worker: sleeps (memory.atomic.wait32) until jobs are posted, runs tiles; returns 0 when told to quit. */
  parWorkerLoop(): number;
  /** Worker JS after a trap escaped parWorkerLoop (message already at parMessage(), `msgLen` UTF-8 bytes): records it, leaves the job. */
  parWorkerFailed(msgLen: number): void;
  /** Message area (PAR_MESSAGE_BYTES, UTF-8, NUL-terminated when shorter): a worker's own; on the main instance the first failure's. */
  parMessage(): Ptr;
  /** Main: slot of the first failure of the last job (0 = the main thread's own tile), or −1. */
  parFailedSlot(): number;
  /** Main: tells the workers to leave parWorkerLoop. */
  parQuit(): void;
  /** Main: from the abort handler, before it throws: closes an open job, waits for the workers, resets nesting. */
  parAbandon(): void;
  /** Jobs posted since the control block was initialised (parQuit counts one): lets tests check that a tiled path ran. */
  parJobs(): number;
  /** Bytes of one slot's scratch block (PAR_SCRATCH_BYTES) that the pool allocates for {@link parSetScratch}. */
  parScratchBytes(): number;
  /**
   * Main only: registers `addr` (parScratchBytes() bytes, 64-byte aligned, owned by the pool) as the
   * scratch of `slot`, or 0 to unregister it (not a participating slot while more than one thread takes part). Aborts on a bad slot or address.
   */
  parSetScratch(slot: number, addr: Ptr): void;
  /** Bytes of a message area (a wasm global). */
  readonly PAR_MESSAGE_BYTES: WebAssembly.Global;
  /**
   * TEST ONLY: runs `ntiles` tiles through the parallel runtime; tile t adds 1 to the i32 `out[t]`
   * and writes its thread's slot to the i32 `who[t]` (+ 256 if parWide() was true inside the tile) after `spin` steps of work in its scratch.
   * mode 1: tiles on workers abort; mode 2: tiles on the main thread abort.
   */
  parTest(out: Ptr, who: Ptr, ntiles: number, mode: number, spin: number): void;
}
