/**
 * lsqnet — WebAssembly (SIMD) linear algebra and least-squares training of neural networks.
 *
 * Call `await init()` once, then use {@link Matrix}, the factorizations and solvers, and the
 * models. See README.md for a tour.
 * @module
 */
export { init, isInitialized, runtimeInfo, liveBytes, liveBlocks, memoryBytes, MAX_BLOCK_BYTES, MAX_MEMORY_BYTES } from '../bindings/index.js';
export type { InitOptions, RuntimeInfo } from '../bindings/index.js';
export { Matrix } from './matrix.js';
export type { MatrixLike, MatrixData, VectorLike, RandomOptions } from './matrix.js';
export { scope, keep } from './scope.js';
export type { Disposable } from './scope.js';
export {
  LsqnetError, ShapeError, InvalidInputError, OptionError, OutOfMemoryError, NotInitializedError,
  DisposedError, NotFittedError,
} from './errors.js';
export type { LsqnetErrorCode } from './errors.js';
export { lstsq, LSTSQ_METHODS } from './linalg/lstsq.js';
export type { LstsqMethod, LstsqOptions, LstsqResult, RidgeInfo } from './linalg/lstsq.js';
export { features, ACTIVATIONS } from './features.js';
export type { Activation, FeatureOptions } from './features.js';
// ---- areas append their exports below (one block per area) ----
// ---- anmin: ANMIN analytic training and gradient baselines (issue 6) ----
export { GradientNetwork } from './models/gradient.js';
export type { GradientNetworkOptions, GradientNetworkJSON, GradientEpoch, GradientOptimizer, StepSchedule } from './models/gradient.js';
