// Build flag of the threaded binaries (assembly/threads.ts) and the runtime's self-test kernel.
import { parWide, parArgs, parFor, parSlot } from './par';

/** 1 when this binary was built with threads (shared, imported memory), else 0. */
export function threadsBuild(): i32 {
  return ASC_FEATURE_THREADS ? 1 : 0;
}

/** Tile of parTest: see there. args: out (usize) at 0, who at 8, mode at 16, flag at 20, spin at 24. */
function parTestTile(args: usize, tile: i32, scratch: usize): void {
  const out = load<usize>(args), who = load<usize>(args, 8);
  const mode = load<i32>(args, 16), spin = load<i32>(args, 24);
  const s = parSlot();
  if (mode == 1) {
    if (s != 0) {
      atomic.store<i32>(args + 20, 1);
      throw new Error('parTest: tile failed on a worker (mode 1)');
    }
    // the main thread waits (bounded, about 5 s) until a worker has failed, so the failure is a worker's
    for (let i = 0; i < 5000 && atomic.load<i32>(args + 20) == 0; i++) atomic.wait<i32>(args + 28, 0, 1000000);
  }
  if (mode == 2) {
    if (s == 0) {
      atomic.store<i32>(args + 20, 1);
      throw new Error('parTest: tile failed on the main thread (mode 2)');
    }
    // a worker's tile waits (bounded, about 5 s) until the main thread has failed, so it fails
    for (let i = 0; i < 5000 && atomic.load<i32>(args + 20) == 0; i++) atomic.wait<i32>(args + 28, 0, 1000000);
  }
  // some work per tile, through this thread's scratch (checks it is writable and private)
  let acc: f64 = 0;
  for (let i = 0; i < spin; i++) {
    store<f64>(scratch + (<usize>(i & 1023) << 3), <f64>(tile + i));
    acc += load<f64>(scratch + (<usize>(i & 1023) << 3));
  }
  atomic.add<i32>(out + (<usize>tile << 2), acc >= 0 ? 1 : 2);
  // inside a tile parWide() is false on every thread (nested kernels run serially): 256 flags a breach
  store<i32>(who + (<usize>tile << 2), s | (parWide() ? 256 : 0));
}

/**
 * TEST ONLY (threaded builds; test/threads/pool.test.ts): runs ntiles tiles through parFor when
 * parWide() (else serially on this thread, with no scratch: spin must be 0 then). Tile t adds 1 to
 * the i32 out[t] and writes the slot that ran it to the i32 who[t] (+ 256 if parWide() was true inside
 * the tile, which must never happen), after `spin` steps of work in the
 * thread's scratch. mode 1: every tile claimed by a worker aborts (the main thread's first tile
 * waits until one did); mode 2: tiles on the main thread abort (a worker's tile
 * waits until one did).
 */
export function parTest(out: usize, who: usize, ntiles: i32, mode: i32, spin: i32): void {
  if (!parWide()) {
    for (let t = 0; t < ntiles; t++) {
      atomic.add<i32>(out + (<usize>t << 2), 1);
      store<i32>(who + (<usize>t << 2), parSlot());
    }
    return;
  }
  const a = parArgs();
  store<usize>(a, out);
  store<usize>(a, who, 8);
  store<i32>(a, mode, 16);
  store<i32>(a, 0, 20);
  store<i32>(a, spin, 24);
  store<i32>(a, 0, 28);
  parFor(parTestTile, ntiles);
}
