// Parallel runtime inside wasm (issue 12; DESIGN: shared brief of session 21).
//
// One main instance (slot 0, the one that allocates) and `threads − 1` worker instances of the
// same module run over ONE shared memory. A kernel that wants parallelism asks `parWide()`, fills
// the shared argument block `parArgs()` and calls `parFor(body, ntiles)`: every tile index in
// [0, ntiles) is claimed exactly once from an atomic counter by the main thread or a worker, and
// `body(parArgs(), tile, scratchOfThatThread)` runs it. Determinism is the kernel's job: its tile
// partition depends on the problem size only, each output element is written by one tile, with the
// same operations as the serial path, so which thread runs a tile never changes a bit.
//
// Per-instance configuration (slot, may this thread block, nesting depth, control-block address)
// lives in module globals: wasm globals are per instance, the control block is shared.
//
// Control block (at `ctl`, `parControlBytes(maxThreads)` bytes allocated by the bindings with the
// main instance's alloc; every header field an i32 accessed with atomics):
//   SEQ     job sequence number, bumped and notified to post a job (or to quit)
//   OPEN    1 while the main thread accepts helpers for the current job
//   NEXT    next tile index to claim; END one past the last tile
//   ACTIVE  workers inside a job (the main thread waits for 0 before posting and after its share)
//   FAILED  0, or 1 + the slot of the first thread whose tile failed (stops further claims)
//   BODY    the tile body: a function reference (a static address, the same in every instance)
//   QUIT    1: workers leave parWorkerLoop
//   NTHREADS participants (workers with slot ≥ NTHREADS sit jobs out); MAXTHREADS slots in the block
// then the argument block (PAR_ARGS_BYTES), the scratch table (PAR_MAX_SLOTS addresses: slot s's
// PAR_SCRATCH_BYTES of scratch, 0 = none yet) and one message area per slot (PAR_MESSAGE_BYTES).
// Scratch is allocated on demand by the bindings (one block per slot, registered with
// parSetScratch) so that a pool reserves memory only for the slots it has used: parSetThreads(n)
// requires scratch for slots 0…n−1.
//
// Job protocol: a job is posted only when ACTIVE == 0: main writes BODY, END, NEXT = 0, FAILED = 0,
// then OPEN = 1, then bumps SEQ and notifies. A worker woken by SEQ increments ACTIVE, reads OPEN:
// 0 → decrements and sleeps again; 1 → claims tiles until t ≥ END or FAILED ≠ 0, decrements ACTIVE
// and notifies. The main thread claims tiles the same way, stores OPEN = 0 and waits for ACTIVE == 0
// (memory.atomic.wait32 when it may block, else a spin: a browser main thread may not block, and what
// is left after its own share is at most one tile per worker). Then FAILED ≠ 0 → abort; the main
// instance's JS abort handler calls parAbandon and turns it into a ThreadError (parFailedSlot,
// parMessage). Workers that never started or start late never block a job.
//
// In the shipped builds (no ASC_FEATURE_THREADS) parWide() is the constant false and kernels guard
// their tiled path with `if (ASC_FEATURE_THREADS)`, so nothing of this file is compiled there.

/** A tile body: a top-level function (no closure). `args` = parArgs(), `scratch` = this thread's PAR_SCRATCH_BYTES. */
export type TileBody = (args: usize, tile: i32, scratch: usize) => void;

/** Size of the shared argument block (bytes) a kernel fills before parFor. */
export const PAR_ARGS_BYTES: i32 = 512;
/** Per-thread scratch (bytes, 64-byte aligned; allocated per slot by the bindings, parSetScratch): GEMM tile packing fits. */
export const PAR_SCRATCH_BYTES: usize = 4 << 20;
/** Bytes of one message area (UTF-8, NUL-terminated when shorter). */
export const PAR_MESSAGE_BYTES: i32 = 1024;
/** Polls (atomic loads, about 1 ns each) before a thread sleeps: after a job (workers) or for the last tiles (main). */
const SPIN: i32 = 1 << 16;
/** Most slots a control block can have. */
const PAR_MAX_SLOTS: i32 = 256;

// ─────────────── control block layout (byte offsets) ───────────────
const SEQ: usize = 0;
const OPEN: usize = 4;
const NEXT: usize = 8;
const END: usize = 12;
const ACTIVE: usize = 16;
const FAILED: usize = 20;
const BODY: usize = 24;
const QUIT: usize = 28;
const NTHREADS: usize = 32;
const MAXTHREADS: usize = 36;
const HEADER: usize = 64;
const ARGS: usize = HEADER;
const SCRATCH: usize = ARGS + <usize>PAR_ARGS_BYTES;
const MSGS: usize = SCRATCH + <usize>PAR_MAX_SLOTS * sizeof<usize>();

// ─────────────── per-instance configuration (wasm globals are per instance) ───────────────
/** Control block address (0: not set up). */
let ctl: usize = 0;
/** This instance's slot: 0 = main (allocates, posts jobs), ≥ 1 = worker. */
let slot: i32 = 0;
/** 1 when this thread may block in memory.atomic.wait32 (Node main thread, workers). */
let canWait: i32 = 1;
/** Main: > 0 while the main thread runs a tile body (nested parFor calls run serially). */
let depth: i32 = 0;
/** Main: participants configured by parSetThreads. */
let threadsNow: i32 = 1;
/** Main: 1 from parFor's start until it returns (also while its failure abort unwinds). */
let inJob: i32 = 0;
/** Main: 1 while parFor aborts because a worker failed. */
let failing: i32 = 0;
/** Main: slot of the first failure of the last job, or −1. */
let failedSlot: i32 = -1;
/** Worker: the last job sequence number seen. */
let seen: i32 = 0;
/** Worker: 1 while inside a job (holding an ACTIVE count). */
let running: i32 = 0;
/** Worker: polls of SEQ left before sleeping (SPIN after a job, else 0). */
let spinLeft: i32 = 0;

/** Address of slot s's message area. */
@inline function messageOf(c: usize, s: i32): usize { return c + MSGS + <usize>s * <usize>PAR_MESSAGE_BYTES; }

/** Address of slot s's scratch area (0: none registered). */
@inline function scratchOf(c: usize, s: i32): usize {
  return atomic.load<usize>(c + SCRATCH + <usize>s * sizeof<usize>());
}

/** Waits until the i32 at p is 0 (blocking when this thread may, else spinning). */
function waitZero(p: usize): void {
  for (let i = 0; i < SPIN; i++) if (atomic.load<i32>(p) == 0) return; // a worker finishing its last tile
  for (;;) {
    const v = atomic.load<i32>(p);
    if (v == 0) return;
    if (canWait) atomic.wait<i32>(p, v, -1);
  }
}

/** A worker leaves a job: ACTIVE − 1, waking the main thread when it reaches 0. */
function leave(c: usize): void {
  if (atomic.sub<i32>(c + ACTIVE, 1) == 1) atomic.notify(c + ACTIVE, -1);
}

/** Claims and runs tiles of the open job on slot s until none are left or one failed. */
function claim(c: usize, s: i32): void {
  const body = changetype<TileBody>(<usize>atomic.load<i32>(c + BODY));
  const end = atomic.load<i32>(c + END);
  const args = c + ARGS, scratch = scratchOf(c, s);
  while (atomic.load<i32>(c + FAILED) == 0) {
    const t = atomic.add<i32>(c + NEXT, 1);
    if (t >= end) break;
    body(args, t, scratch);
  }
}

/**
 * True when parFor would run on more than one thread now: threaded build, this is the main
 * instance, not nested inside a parFor, and more than one thread configured. Constant false in
 * the shipped builds (ASC_FEATURE_THREADS), so a kernel's serial path is all that is compiled there.
 */
// @ts-ignore: decorator
@inline export function parWide(): bool {
  return ASC_FEATURE_THREADS ? (slot == 0 && depth == 0 && threadsNow > 1 && ctl != 0) : false;
}

/** Address of the shared argument block (PAR_ARGS_BYTES, 16-byte aligned) the caller fills before parFor. Only valid when parWide(). */
export function parArgs(): usize {
  return ctl + ARGS;
}

/**
 * Runs body(parArgs(), t, scratchOfThisThread) for every t in [0, ntiles), each tile exactly once, on
 * the main thread and the workers (tiles are claimed from an atomic counter); returns when all are done.
 * Requires parWide() (aborts otherwise). A failure on a worker surfaces here as an abort
 * ('lsqnet: a worker thread failed'; parFailedSlot / parMessage tell which and why).
 */
export function parFor(body: TileBody, ntiles: i32): void {
  if (!parWide()) throw new Error('parFor: called where parWide() is false (a serial path must run instead)');
  if (ntiles <= 0) return;
  const c = ctl;
  inJob = 1;
  failing = 0;
  failedSlot = -1;
  waitZero(c + ACTIVE); // a late worker still inside the previous job leaves first
  atomic.store<i32>(c + BODY, <i32>changetype<usize>(body));
  atomic.store<i32>(c + END, ntiles);
  atomic.store<i32>(c + NEXT, 0);
  atomic.store<i32>(c + FAILED, 0);
  atomic.store<i32>(c + OPEN, 1);
  atomic.add<i32>(c + SEQ, 1);
  atomic.notify(c + SEQ, -1);
  depth = 1;
  claim(c, 0);
  depth = 0;
  atomic.store<i32>(c + OPEN, 0);
  waitZero(c + ACTIVE);
  const f = atomic.load<i32>(c + FAILED);
  if (f != 0) {
    failedSlot = f - 1;
    failing = 1;
    throw new Error('lsqnet: a worker thread failed');
  }
  inJob = 0;
}

// ─────────────── exports for bindings/threads/pool.ts ───────────────

/** Bytes of the control block for maxThreads slots, without scratch (parSetScratch registers it per slot); 0 when maxThreads is out of 1…256. */
export function parControlBytes(maxThreads: i32): usize {
  if (maxThreads < 1 || maxThreads > PAR_MAX_SLOTS) return 0;
  return MSGS + <usize>maxThreads * <usize>PAR_MESSAGE_BYTES;
}

/** Bytes of one slot's scratch block (PAR_SCRATCH_BYTES) that the bindings allocate for parSetScratch. */
export function parScratchBytes(): usize {
  return PAR_SCRATCH_BYTES;
}

/**
 * Main only: registers addr (PAR_SCRATCH_BYTES, 64-byte aligned, owned by the bindings) as slot s's
 * scratch, or 0 to unregister it (not for a participating slot while more than one thread takes
 * part). Aborts on a bad slot or address.
 */
export function parSetScratch(s: i32, addr: usize): void {
  if (ctl == 0 || slot != 0) throw new Error('parSetScratch: main instance not set up');
  const max = atomic.load<i32>(ctl + MAXTHREADS);
  if (s < 0 || s >= max) throw new Error('parSetScratch: slot out of range');
  if (addr & 63) throw new Error('parSetScratch: scratch not 64-byte aligned');
  if (addr == 0 && threadsNow > 1 && s < threadsNow) throw new Error('parSetScratch: cannot remove the scratch of a participating slot');
  atomic.store<usize>(ctl + SCRATCH + <usize>s * sizeof<usize>(), addr);
}

/**
 * Configures this instance, once: ctl = the control block (parInit'ed by the main instance),
 * slot 0 = main (canWait 1 in Node, 0 on a browser main thread), slot ≥ 1 = a worker (canWait 1).
 * parSetup(0, 0, …) detaches the main instance (parWide() false) before its pool frees the block.
 */
export function parSetup(c: usize, s: i32, wait: i32): void {
  if (s < 0 || s >= PAR_MAX_SLOTS) throw new Error('parSetup: slot out of range');
  if (c & 15) throw new Error('parSetup: control block not 16-byte aligned');
  ctl = c;
  slot = s;
  canWait = wait != 0 ? 1 : 0;
  depth = 0;
  inJob = 0;
  failing = 0;
  failedSlot = -1;
  running = 0;
  seen = c != 0 ? atomic.load<i32>(c + SEQ) : 0;
  if (s == 0 && c != 0) threadsNow = atomic.load<i32>(c + NTHREADS);
  if (c == 0) threadsNow = 1;
}

/** Main only, once per pool: initialises the control block at c (parControlBytes(maxThreads) bytes, 16-byte aligned). */
export function parInit(c: usize, maxThreads: i32): void {
  if (c == 0 || (c & 15)) throw new Error('parInit: control block null or not 16-byte aligned');
  if (maxThreads < 1 || maxThreads > PAR_MAX_SLOTS) throw new Error('parInit: maxThreads out of 1..256');
  memory.fill(c, 0, MSGS + <usize>maxThreads * <usize>PAR_MESSAGE_BYTES); // no scratch registered yet
  atomic.store<i32>(c + MAXTHREADS, maxThreads);
  atomic.store<i32>(c + NTHREADS, 1);
  if (slot == 0 && ctl == c) threadsNow = 1;
}

/**
 * Main only: participants 1..maxThreads (workers with slot ≥ n sit jobs out), clamped to that range.
 * Aborts (nothing changed) unless slots 0…n−1 have scratch (parSetScratch).
 */
export function parSetThreads(n: i32): void {
  if (ctl == 0 || slot != 0) throw new Error('parSetThreads: main instance not set up');
  const max = atomic.load<i32>(ctl + MAXTHREADS);
  const k = n < 1 ? 1 : n > max ? max : n;
  for (let s = 0; s < k; s++) {
    if (scratchOf(ctl, s) == 0) throw new Error('parSetThreads: a participating slot has no scratch (parSetScratch first)');
  }
  atomic.store<i32>(ctl + NTHREADS, k);
  threadsNow = k;
}

/** Worker: waits (memory.atomic.wait32, no CPU) for jobs and runs tiles; returns 0 when told to quit. */
export function parWorkerLoop(): i32 {
  const c = ctl;
  if (c == 0 || slot < 1) throw new Error('parWorkerLoop: call parSetup(ctl, slot >= 1, 1) first');
  for (;;) {
    if (atomic.load<i32>(c + QUIT)) return 0; // also a worker that starts after parQuit
    let s = atomic.load<i32>(c + SEQ);
    // right after a job, look for the next one for a moment before sleeping: drivers post jobs back
    // to back (a QR's trailing updates), and waking from memory.atomic.wait32 costs tens of µs
    for (let i = 0; s == seen && i < spinLeft; i++) s = atomic.load<i32>(c + SEQ);
    spinLeft = 0;
    if (s == seen) {
      atomic.wait<i32>(c + SEQ, s, -1); // no CPU while idle; woken by a job or parQuit
      continue;
    }
    seen = s;
    if (slot >= atomic.load<i32>(c + NTHREADS)) continue;
    atomic.add<i32>(c + ACTIVE, 1);
    running = 1;
    if (atomic.load<i32>(c + OPEN)) claim(c, slot);
    running = 0;
    leave(c);
    spinLeft = SPIN;
  }
  return 0; // not reached
}

/**
 * Worker JS, after a trap escaped parWorkerLoop (its message, msgLen UTF-8 bytes, already written at
 * parMessage()): records the failure (the first one of the job wins), stops further claims and
 * leaves the job. Then the worker calls parWorkerLoop again.
 */
export function parWorkerFailed(msgLen: i32): void {
  const c = ctl;
  if (c == 0 || slot < 1) return;
  const len = msgLen < 0 ? 0 : msgLen > PAR_MESSAGE_BYTES ? PAR_MESSAGE_BYTES : msgLen;
  if (len < PAR_MESSAGE_BYTES) store<u8>(messageOf(c, slot) + <usize>len, 0);
  if (running) {
    atomic.cmpxchg<i32>(c + FAILED, 0, slot + 1);
    running = 0;
    leave(c);
  }
}

/**
 * Message area (PAR_MESSAGE_BYTES, UTF-8, NUL-terminated when shorter). On a worker: its own area
 * (where its JS writes a failure). On the main instance: the area of the first failure of the last
 * job (its own area when none).
 */
export function parMessage(): usize {
  if (ctl == 0) return 0;
  return messageOf(ctl, slot == 0 && failedSlot > 0 ? failedSlot : slot);
}

/** Main: slot of the first failure of the last job (0 = a tile on the main thread), or −1. */
export function parFailedSlot(): i32 {
  return failedSlot;
}

/** Main: tells the workers to leave parWorkerLoop (they return 0). */
export function parQuit(): void {
  if (ctl == 0) return;
  atomic.store<i32>(ctl + QUIT, 1);
  atomic.add<i32>(ctl + SEQ, 1);
  atomic.notify(ctl + SEQ, -1);
}

/**
 * Main: called by the main instance's JS abort handler before it throws. When the abort came from
 * inside parFor (a tile on the main thread, or the worker-failure abort) it closes the job (a tile
 * failure on the main thread is recorded as slot 0 unless a worker failed first), waits for the
 * workers to leave and resets nesting; otherwise it clears parFailedSlot (the abort is not a job's).
 */
export function parAbandon(): void {
  const c = ctl;
  if (c == 0 || slot != 0) return;
  if (inJob) {
    if (!failing) {
      const prev = atomic.cmpxchg<i32>(c + FAILED, 0, 1);
      failedSlot = prev != 0 ? prev - 1 : 0;
    }
    atomic.store<i32>(c + OPEN, 0);
    waitZero(c + ACTIVE);
  } else {
    failedSlot = -1;
  }
  inJob = 0;
  failing = 0;
  depth = 0;
}

/** This instance's slot (0 = main, ≥ 1 = worker). */
export function parSlot(): i32 {
  return slot;
}

/** Jobs posted since this control block was initialised (parQuit counts one): tests check a tiled path ran. */
export function parJobs(): i32 {
  return ctl != 0 ? atomic.load<i32>(ctl + SEQ) : 0;
}
