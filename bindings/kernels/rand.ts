import type { Ptr } from './core.js';

/** Exports of assembly/rand/ (philox.ts, sketch.ts; pointers are byte offsets). */
export interface RandKernels {
  rngUniform(out: Ptr, n: number, inc: number, seed: number, stream: number, start: number, lo: number, hi: number): void;
  rngNormal(out: Ptr, n: number, inc: number, seed: number, stream: number, start: number, mean: number, sd: number): void;
  philox4x32(out: Ptr, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void;
  sparseSignSketchWorkspaceSize(count: number, zeta: number): number;
  sparseSignColumns(s: number, zeta: number, seed: number, stream: number, row0: number, count: number,
    idx: Ptr, val: Ptr, uni: Ptr): void;
  sparseSignSketch(s: number, zeta: number, seed: number, stream: number, row0: number, count: number, n: number,
    a: Ptr, lda: number, out: Ptr, ldo: number, work: Ptr): void;
  dgatherRowsScaled(r: number, n: number, idx: Ptr, scale: Ptr, a: Ptr, lda: number, out: Ptr, ldo: number): void;
}
