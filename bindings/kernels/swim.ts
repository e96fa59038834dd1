import type { Ptr } from './core.js';

/** Exports of assembly/swim.ts (index arrays are i32; see that file for layouts). */
export interface SwimKernels {
  swimCandidatePairsWorkspaceSize(p: number): number;
  swimCandidatePairs(n: number, p: number, seed: number, stream: number, from: Ptr, to: Ptr, work: Ptr): void;
  swimScores(d: number, c: number, xt: Ptr, ldxt: number, y: Ptr, ldy: number, p: number,
    from: Ptr, to: Ptr, classification: number, distMin: number, scores: Ptr): number;
  swimSampleDiscreteWorkspaceSize(p: number, m: number): number;
  swimSampleDiscrete(p: number, weights: Ptr, m: number, seed: number, stream: number, out: Ptr, work: Ptr): void;
  swimNeurons(d: number, m: number, xt: Ptr, ldxt: number, from: Ptr, to: Ptr,
    s1: number, s2: number, distMin: number, w: Ptr, ldw: number, b: Ptr): void;
}
