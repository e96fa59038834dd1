// Test utilities of the thread tests (issue 12): the threaded build with a settable thread count
// (bindings/threads/pool.ts loadThreadedForTests: real workers over one shared memory), the shipped
// build of the same SIMD flavour as a separate instance, byte comparison. Not a test file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadThreadedForTests } from '../../bindings/threads/pool.js';

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
  /** Threads taking part in the next kernel calls, once every worker has started (the shipped build ignores it). */
  setThreads(n: number): Promise<void>;
  /** Stops the workers (threaded build). */
  dispose(): Promise<void>;
}

type Fn = (...a: number[]) => number;

function instanceOver(x: Record<string, unknown>, memory: () => ArrayBuffer | SharedArrayBuffer, relaxedSimd: boolean,
  setThreads: (n: number) => Promise<void>, dispose: () => Promise<void>): KernelInstance {
  let live = 0;
  return {
    x, relaxedSimd, setThreads, dispose,
    f64: () => new Float64Array(memory()),
    i32: () => new Int32Array(memory()),
    alloc(bytes) { const p = (x.alloc as Fn)(Math.max(bytes, 16)) >>> 0; live++; return p; },
    free(p) { (x.free as Fn)(p); live--; },
    liveBlocks: () => live,
  };
}

/** The SIMD flavours this engine runs: the relaxed build needs V8's relaxed-SIMD support. */
export const FLAVOURS = [false, true] as const;

/** The threaded build of one SIMD flavour with a pool of up to 3 threads (real workers). */
export async function threadedForTests(relaxedSimd: boolean): Promise<KernelInstance> {
  const { host, pool } = await loadThreadedForTests({ threads: 1, maxThreads: 3, relaxedSimd });
  const x = host.exports as unknown as Record<string, unknown>;
  const set = async (n: number): Promise<void> => { pool.setThreads(n); await pool.started(); };
  return instanceOver(x, () => host.memory.buffer, host.relaxedSimd, set, () => pool.dispose());
}

/** The shipped build (build/lsqnet.wasm or lsqnet-relaxed.wasm) on its own memory. */
export function shippedForTests(relaxedSimd: boolean): KernelInstance {
  const file = fileURLToPath(new URL(`../../build/lsqnet${relaxedSimd ? '-relaxed' : ''}.wasm`, import.meta.url));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {
    env: { abort: () => { throw new Error('abort in the shipped build'); } },
  });
  const x = inst.exports as Record<string, unknown>;
  const mem = x.memory as WebAssembly.Memory;
  return instanceOver(x, () => mem.buffer, relaxedSimd, async () => {}, async () => {});
}

/** Byte equality of two arrays (NaN payloads and the sign of zero included). */
export function sameBytes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), v = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) return false;
  return true;
}
