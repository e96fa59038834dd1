import type { Ptr } from './core.js';

/** Exports of assembly/activation.ts. Add one member per exported kernel (pointers are byte offsets). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ActivationKernels {
  /** @internal placeholder so the interface is never empty */
  readonly __activation?: Ptr;
}
