// Test utilities of the kernel tests: seeded data, copies in and out of wasm memory, plain-JS
// products of |op(A)|·|op(B)| for error bounds. Not a test file itself.
import { alloc, free, f64, wasm } from '../bindings/index.js';
import type { Ptr } from '../bindings/index.js';

/** f64 machine epsilon (2^-52). */
export const EPS = 2 ** -52;

/** Deterministic uniform numbers in [-1, 1) (xorshift-multiply; independent of the wasm RNG). */
export function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return (s / 4294967296) * 2 - 1;
  };
}

export function randomArray(n: number, r: () => number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = r();
  return a;
}

/** Tracks wasm blocks of one test so they can be freed together. */
export class Arena {
  private ptrs: Ptr[] = [];
  /** Copies `data` into a fresh wasm block (at least 16 bytes). */
  put(data: ArrayLike<number>): Ptr {
    const p = alloc(Math.max(data.length, 2) * 8);
    this.ptrs.push(p);
    f64().set(data, p >> 3);
    return p;
  }
  zeros(n: number): Ptr {
    return this.put(new Float64Array(n));
  }
  scratch(bytes: number): Ptr {
    const p = alloc(Math.max(bytes, 16));
    this.ptrs.push(p);
    return p;
  }
  get(p: Ptr, n: number): Float64Array {
    return f64().slice(p >> 3, (p >> 3) + n);
  }
  freeAll(): void {
    for (const p of this.ptrs) free(p);
    this.ptrs = [];
  }
}

/** Runs fn with an arena freed afterwards. */
export function withArena<T>(fn: (ar: Arena) => T): T {
  const ar = new Arena();
  try {
    return fn(ar);
  } finally {
    ar.freeAll();
  }
}

/** Element (i, j) of op(X) where X is stored column-major with leading dimension ld. */
export function opEl(x: ArrayLike<number>, ld: number, t: number, i: number, j: number): number {
  return t ? x[j + i * ld]! : x[i + j * ld]!;
}

/** |op(A)|·|op(B)| (m×n, column-major, dense). */
export function absProduct(ta: number, tb: number, m: number, n: number, k: number,
  a: ArrayLike<number>, lda: number, b: ArrayLike<number>, ldb: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < k; p++) {
      const bv = Math.abs(opEl(b, ldb, tb, p, j));
      if (bv === 0) continue;
      for (let i = 0; i < m; i++) out[i + j * m]! += Math.abs(opEl(a, lda, ta, i, p)) * bv;
    }
  }
  return out;
}

export { wasm };
