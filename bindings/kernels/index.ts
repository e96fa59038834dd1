import type { CoreKernels } from './core.js';
import type { RandKernels } from './rand.js';
import type { BlasKernels } from './blas.js';
import type { GemmKernels } from './gemm.js';
import type { QrKernels } from './qr.js';
import type { SvdKernels } from './svd.js';
import type { EigKernels } from './eig.js';
import type { CholKernels } from './chol.js';
import type { NnKernels } from './nn.js';
import type { IterKernels } from './iter.js';
import type { SlimtikKernels } from './slimtik.js';
import type { ResNetKernels } from './resnet.js';
import type { VarproKernels } from './varpro.js';
import type { SlimtrainKernels } from './slimtrain.js';

export type { Ptr } from './core.js';

/**
 * Every export of the shipped lsqnet.wasm (assembly/index.ts), typed: one interface per kernel
 * family of assembly/ (core, rand, blas, gemm, lapack: qr/svd/eig/chol, nn, iter, and the nn files
 * kernelparam (VarPro), slimtik, resnet, slimtrain). The
 * scalar twins and tuning kernels of the ref build are in ./ref.ts (`RefKernels`), not here.
 */
export interface Kernels extends CoreKernels, RandKernels, BlasKernels, GemmKernels, QrKernels, SvdKernels,
  EigKernels, CholKernels, NnKernels, IterKernels, VarproKernels, SlimtikKernels, ResNetKernels, SlimtrainKernels {
  readonly memory: WebAssembly.Memory;
}
