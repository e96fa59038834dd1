// Test utilities of the thread tests (issue 12): the threaded build with a settable thread count
// (bindings/threads/pool.ts loadThreadedForTests: real workers over one shared memory), the shipped
// build of the same SIMD flavour as a separate instance, byte comparison. Not a test file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadThreadedForTests } from '../helpers/threaded.js';

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
  const { host, pool } = await loadThreadedForTests({ threads: 1, relaxedSimd });
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

/** Deterministic values in [-1, 1) (xorshift), with a few special values mixed in when asked. */
export function values(n: number, seed: number, specials = false): Float64Array {
  const out = new Float64Array(n);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  if (specials) {
    const sp = [0, -0, 25, -25, 19.999, -1e-300, 3.5, Number.NaN, 1e-17, -7.25];
    for (let i = 0; i < n; i += 97) out[i] = sp[(i / 97) % sp.length]!;
  }
  return out;
}

/** One kernel call on an instance: allocates its inputs, calls, returns its outputs (frees everything). */
export type Case = { name: string; run(k: KernelInstance): Float64Array[] };

/**
 * Registers one uvu test per case: the case runs on the threaded build at 1, 2 and 3 threads and
 * on the shipped build of the same SIMD flavour (both flavours), and every output must be equal
 * byte for byte; every block the case allocates must be freed. Then runs the suite.
 */
export function runBitIdentityCases(cases: readonly Case[]): void {
  const runtimes = new Map<boolean, { threaded: KernelInstance; shipped: KernelInstance }>();
  test.before(async () => {
    for (const relaxed of FLAVOURS) {
      const threaded = await threadedForTests(relaxed);
      runtimes.set(relaxed, { threaded, shipped: shippedForTests(threaded.relaxedSimd) });
    }
  });
  test.after(async () => {
    for (const { threaded } of runtimes.values()) await threaded.dispose();
  });
  for (const c of cases) {
    test(`${c.name}: bit-identical for threads 1, 2, 3 and equal to the shipped build`, async () => {
      for (const [relaxed, { threaded, shipped }] of runtimes) {
        const live0 = threaded.liveBlocks();
        const ref = c.run(shipped);
        for (const t of [1, 2, 3]) {
          await threaded.setThreads(t);
          const got = c.run(threaded);
          assert.is(got.length, ref.length);
          for (let i = 0; i < ref.length; i++) {
            assert.ok(sameBytes(got[i]!, ref[i]!),
              `${c.name}: output ${i} with ${t} thread(s) (${relaxed ? 'relaxed' : 'portable'} SIMD) differs from the shipped build`);
          }
        }
        assert.is(threaded.liveBlocks(), live0, 'every block allocated by the case was freed');
        assert.is(shipped.liveBlocks(), 0, 'every block allocated in the shipped instance was freed');
      }
    });
  }
  test.run();
}
