// The ref build (build/lsqnet-ref.wasm, or lsqnet-ref-relaxed.wasm) as a SEPARATE module
// instance with its own memory: every shipped kernel plus the scalar twins (*Ref) and the GEMM
// tuning kernels, which the shipped build no longer exports. Tests and benches that compare a
// kernel with its twin run both in this instance; everything else keeps using the shipped inline
// build through bindings/. Not a test file itself.
//
// `refKernels('ref-relaxed')` needs V8's relaxed-SIMD flag on before it is first called
// (v8.setFlagsFromString('--experimental-wasm-relaxed-simd'), as test/kernels/kernels-relaxed.test.ts does
// after the shared module was loaded).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { instantiateSync } from '@assemblyscript/loader';
import type { Ptr } from '../../bindings/raw.js';
import type { RefKernels } from '../../bindings/kernels/ref.js';

export type { RefKernels };
export type RefBuild = 'ref' | 'ref-relaxed';

const instances = new Map<RefBuild, RefKernels>();

/** The exports of the ref build (instantiated once per build and cached). */
export function refKernels(build: RefBuild = 'ref'): RefKernels {
  let k = instances.get(build);
  if (!k) {
    const file = fileURLToPath(new URL(`../../build/lsqnet-${build}.wasm`, import.meta.url));
    const { exports } = instantiateSync<Record<string, unknown>>(readFileSync(file), {});
    k = exports as unknown as RefKernels;
    instances.set(build, k);
  }
  return k;
}

/** alloc / free / Float64Array and Int32Array views over the memory of a ref instance (views are rebuilt per call: memory may grow). */
export function refMem(k: RefKernels = refKernels()): {
  alloc: (bytes: number) => Ptr; free: (p: Ptr) => void; f64: () => Float64Array; i32: () => Int32Array;
} {
  return {
    alloc: (bytes) => k.alloc(Math.max(bytes, 16)),
    free: (p) => k.free(p),
    f64: () => new Float64Array(k.memory.buffer),
    i32: () => new Int32Array(k.memory.buffer),
  };
}

/** Blocks of one test in a ref instance, freed together (same API as kernels-util's Arena). */
export class RefArena {
  private ptrs: Ptr[] = [];
  constructor(readonly k: RefKernels = refKernels()) {}
  /** Copies `data` into a fresh block (at least 16 bytes). */
  put(data: ArrayLike<number>): Ptr {
    const p = this.k.alloc(Math.max(data.length, 2) * 8);
    this.ptrs.push(p);
    new Float64Array(this.k.memory.buffer).set(data, p >> 3);
    return p;
  }
  zeros(n: number): Ptr {
    return this.put(new Float64Array(n));
  }
  scratch(bytes: number): Ptr {
    const p = this.k.alloc(Math.max(bytes, 16));
    this.ptrs.push(p);
    return p;
  }
  get(p: Ptr, n: number): Float64Array {
    return new Float64Array(this.k.memory.buffer).slice(p >> 3, (p >> 3) + n);
  }
  freeAll(): void {
    for (const p of this.ptrs) this.k.free(p);
    this.ptrs = [];
  }
}

/** Runs fn with an arena over a ref instance, freed afterwards. */
export function withRefArena<T>(fn: (ar: RefArena) => T, k: RefKernels = refKernels()): T {
  const ar = new RefArena(k);
  try {
    return fn(ar);
  } finally {
    ar.freeAll();
  }
}
