import type { Ptr } from './core.js';

/** Exports of assembly/sketch.ts (pointers are byte offsets). */
export interface SketchKernels {
  sparseSignSketchWorkspaceSize(count: number, zeta: number): number;
  sparseSignColumns(s: number, zeta: number, seed: number, stream: number, row0: number, count: number,
    idx: Ptr, val: Ptr, uni: Ptr): void;
  sparseSignSketch(s: number, zeta: number, seed: number, stream: number, row0: number, count: number, n: number,
    a: Ptr, lda: number, out: Ptr, ldo: number, work: Ptr): void;
  sparseSignSketchRef(s: number, zeta: number, seed: number, stream: number, row0: number, count: number, n: number,
    a: Ptr, lda: number, out: Ptr, ldo: number, work: Ptr, dense: Ptr): void;
  dgatherRowsScaled(r: number, n: number, idx: Ptr, scale: Ptr, a: Ptr, lda: number, out: Ptr, ldo: number): void;
}
