import type { Ptr } from './core.js';

/** Exports of assembly/anmin.ts. Add one member per exported kernel (pointers are byte offsets). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface AnminKernels {
  /** @internal placeholder so the interface is never empty */
  readonly __anmin?: Ptr;
}
