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
// ---- product: data helpers (src/data/) ----
export { parseCsv, loadCsv, CsvTable, trainTestSplit, takeRows, permutation, StandardScaler, centerTargets, uncenterTargets, oneHot } from './data/index.js';
export type { CsvOptions, Split, SplitOptions, StandardScalerJSON, CenteredTargets, OneHot } from './data/index.js';
