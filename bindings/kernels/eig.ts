import type { Ptr } from './core.js';

/** Exports of assembly/eig.ts. Add one member per exported kernel (pointers are byte offsets). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface EigKernels {
  /** @internal placeholder so the interface is never empty */
  readonly __eig?: Ptr;
}
