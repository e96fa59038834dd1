// Guarded wasm blocks for workspace-bound tests (test/kernels/workspace.test.ts,
// test/linalg/eigh-workspace.test.ts): every block is followed by a 4096-byte guard of
// NaN-payload sentinels that must be byte-for-byte intact after the kernel call.
import * as assert from 'uvu/assert';
import { alloc, free, f64, u8 } from '../../bindings/raw.js';
import { rng } from './kernels-util.js';

export const GUARD = 4096;
/** Sentinel: a quiet NaN with payload 0xDEADBEEF1234 (never produced by arithmetic). */
export const PATTERN = (() => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, 0x7FF8DEADBEEF1234n, true);
  return b;
})();

/** Guarded wasm blocks of one call: each is `bytes` usable bytes + GUARD sentinel bytes. */
export class Guarded {
  private blocks: { ptr: number; bytes: number; name: string }[] = [];
  /** A block of exactly `bytes` usable bytes (optionally filled with f64 `data`), then the guard. */
  buf(name: string, bytes: number, data?: ArrayLike<number>): number {
    const ptr = alloc(bytes + GUARD);
    this.blocks.push({ ptr, bytes, name });
    if (data) f64().set(data, ptr >> 3);
    const mem = u8();
    for (let i = 0; i < GUARD; i++) mem[ptr + bytes + i] = PATTERN[i & 7]!;
    return ptr;
  }
  /** f64 array of `n` entries with random data in [-1, 1). */
  rand(name: string, n: number, seed: number): number {
    const r = rng(seed);
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = r();
    return this.buf(name, n * 8, a);
  }
  /** Asserts every guard is intact, then frees all blocks. */
  check(what: string): void {
    const mem = u8();
    const bad: string[] = [];
    for (const b of this.blocks) {
      for (let i = 0; i < GUARD; i++) {
        if (mem[b.ptr + b.bytes + i] !== PATTERN[i & 7]) {
          let last = i;
          for (let j = GUARD - 1; j > i; j--) if (mem[b.ptr + b.bytes + j] !== PATTERN[j & 7]) { last = j; break; }
          bad.push(`${b.name} (${b.bytes} B): guard bytes ${i}..${last} overwritten`);
          break;
        }
      }
    }
    for (const b of this.blocks) free(b.ptr);
    this.blocks = [];
    if (bad.length) assert.unreachable(`${what}: ${bad.join('; ')}`);
  }
}
