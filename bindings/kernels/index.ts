import type { CoreKernels } from './core.js';
import type { BlasKernels } from './blas.js';
import type { ActivationKernels } from './activation.js';
import type { QrKernels } from './qr.js';
import type { SvdKernels } from './svd.js';
import type { EigKernels } from './eig.js';
import type { CholKernels } from './chol.js';
import type { LsqrKernels } from './lsqr.js';
import type { SketchKernels } from './sketch.js';
import type { AnminKernels } from './anmin.js';
import type { SwimKernels } from './swim.js';

export type { Ptr } from './core.js';

/** Every export of lsqnet.wasm, typed (one interface per kernel family in this folder). */
export interface Kernels extends CoreKernels, BlasKernels, ActivationKernels, QrKernels, SvdKernels,
  EigKernels, CholKernels, LsqrKernels, SketchKernels, AnminKernels, SwimKernels {
  readonly memory: WebAssembly.Memory;
}
