// Test utilities of the thread tests (issue 12): the threaded build with a settable thread count,
// the shipped build of the same SIMD flavour as a separate instance, byte comparison. Not a test file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadThreaded } from '../../bindings/threads/pool.js';

/** One wasm instance seen by a test: raw exports, heap views, allocation with a live-block count. */
export interface KernelInstance {
  readonly x: Record<string, unknown>;
  readonly relaxedSimd: boolean;
  f64(): Float64Array;
  i32(): Int32Array;
  alloc(bytes: number): number;
  free(p: number): void;
  /** Blocks allocated through this object and not freed yet. */
  liveBlocks(): number;
  /** Threads taking part in the next kernel calls (the shipped build ignores it). */
  setThreads(n: number): void;
}

type Fn = (...a: number[]) => number;

function instanceOver(x: Record<string, unknown>, memory: () => ArrayBuffer | SharedArrayBuffer, relaxedSimd: boolean,
  setThreads: (n: number) => void): KernelInstance {
  let live = 0;
  return {
    x, relaxedSimd, setThreads,
    f64: () => new Float64Array(memory()),
    i32: () => new Int32Array(memory()),
    alloc(bytes) { const p = (x.alloc as Fn)(Math.max(bytes, 16)) >>> 0; live++; return p; },
    free(p) { (x.free as Fn)(p); live--; },
    liveBlocks: () => live,
  };
}

let threaded: Promise<KernelInstance> | undefined;

/**
 * The threaded build (relaxed SIMD when the engine has it), created once per test file.
 * LOCAL STAND-IN until helper PAR's pool lands: tiles run serially (in reverse order) on the main
 * instance through the stub's parStub; replaced by the real pool (loadThreadedForTests).
 */
export function threadedForTests(): Promise<KernelInstance> {
  threaded ??= (async () => {
    const rt = await loadThreaded();
    const x = rt.exports;
    const args = (x.alloc as Fn)(512) >>> 0, scratch = (x.alloc as Fn)(4 << 20) >>> 0;
    const set = (n: number): void => { (x.parStub as Fn)(args, scratch, n > 1 ? 1 : 0); };
    return instanceOver(x, () => rt.memory.buffer, rt.relaxedSimd, set);
  })();
  return threaded;
}

/** The shipped build (build/lsqnet.wasm or lsqnet-relaxed.wasm: same flavour as the threaded one) on its own memory. */
export function shippedForTests(relaxedSimd: boolean): KernelInstance {
  const file = fileURLToPath(new URL(`../../build/lsqnet${relaxedSimd ? '-relaxed' : ''}.wasm`, import.meta.url));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {
    env: { abort: () => { throw new Error('abort in the shipped build'); } },
  });
  const x = inst.exports as Record<string, unknown>;
  const mem = x.memory as WebAssembly.Memory;
  return instanceOver(x, () => mem.buffer, relaxedSimd, () => {});
}

/** Byte equality of two arrays (NaN payloads and the sign of zero included). */
export function sameBytes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), v = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false;
  return true;
}
