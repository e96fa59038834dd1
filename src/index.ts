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
  DisposedError, NotFittedError, NonFiniteError,
} from './errors.js';
export type { LsqnetErrorCode } from './errors.js';
export { lstsq, LSTSQ_METHODS } from './linalg/lstsq.js';
export type { LstsqMethod, LstsqOptions, LstsqResult, RidgeInfo } from './linalg/lstsq.js';
export { features, ACTIVATIONS } from './features.js';
export type { Activation, FeatureOptions } from './features.js';
// ---- areas append their exports below (one block per area) ----
// ---- dense (issue 3): QR, pivoted QR, Cholesky ----
export { qr, QRResult } from './linalg/qr.js';
export type { QROptions } from './linalg/qr.js';
export { cholesky, CholeskyResult } from './linalg/cholesky.js';
export type { CholeskyOptions } from './linalg/cholesky.js';
// ---- svd area: SVD, symmetric eigen-decomposition, ridge / GCV ----
export { svd, SVDResult } from './linalg/svd.js';
export type { SVDOptions } from './linalg/svd.js';
export { eigh, EighResult } from './linalg/eigh.js';
export type { EighOptions } from './linalg/eigh.js';
export { ridgeFromGram } from './linalg/ridge.js';
export type { GramRidgeOptions, GramRidgeResult } from './linalg/ridge.js';
// ---- iterative (issue 4): operators, LSQR, LSRN, Split and Solve, sketch-and-solve ----
export { LinearOperator } from './solvers/operator.js';
export type { RowBlockOptions, FeatureOperatorOptions } from './solvers/operator.js';
export { lsqr, LSQR_MESSAGES, LSQR_MAX_ITER, lsqrStagnationWindow } from './solvers/lsqr.js';
export type { LsqrOptions, LsqrResult, LsqrInfo, LsqrProgress } from './solvers/lsqr.js';
export { lsrn } from './solvers/lsrn.js';
export type { LsrnOptions, LsrnResult } from './solvers/lsrn.js';
export { splitSolve } from './solvers/split.js';
export type { SplitOptions, SplitResult, SplitOrder } from './solvers/split.js';
export { newton, newtonOracle } from './solvers/newton.js';
export type { NewtonProblem, NewtonOptions, NewtonResult, NewtonIteration, NewtonOracle } from './solvers/newton.js';
export { sketchSolve } from './solvers/sketch-solve.js';
export type { SketchSolveOptions, SketchSolveResult, Sampling } from './solvers/sketch-solve.js';
// ---- swim: sampled networks (SWIM, uniform pairs, random features) ----
export { sampleSwimLayer, layerSeed, SAMPLERS, SAMPLED_ACTIVATIONS } from './models/swim-sampler.js';
export type { SwimLayer, SwimLayerOptions, SamplerKind, SampledActivation } from './models/swim-sampler.js';
export { SampledNetwork, SOFTMAX_LAMBDA_GRID, SOFTMAX_HOLDOUT } from './models/sampled.js';
export type {
  SampledNetworkOptions, SampledNetworkJSON, SampledDiagnostics, SampledLayerDiagnostics, SampledProgress, SampledRegularization,
} from './models/sampled.js';
// ---- anmin: ANMIN analytic training and gradient baselines (issue 6) ----
export { GradientNetwork } from './models/gradient.js';
export type { GradientNetworkOptions, GradientNetworkJSON, GradientEpoch, GradientOptimizer, StepSchedule } from './models/gradient.js';
export { AnminNetwork } from './models/anmin.js';
export type { AnminNetworkOptions, AnminNetworkJSON, AnminIteration, AnminDiagnostics, AnminTimings } from './models/anmin.js';
// ---- product: data helpers (src/data/) ----
export {
  parseCsv, loadCsv, CsvTable, isMissing, sniffDelimiter, MISSING_MARKERS, SNIFFED_DELIMITERS, trainTestSplit, takeRows, permutation,
  StandardScaler, centerTargets, uncenterTargets, oneHot, SimpleImputer, OneHotEncoder, LabelEncoder,
  r2Score, accuracy, logLoss, confusionMatrix,
} from './data/index.js';
export type {
  CsvOptions, CsvColumnProfile, Split, TrainTestSplitOptions, StandardScalerJSON, CenteredTargets, OneHot,
  Label, ImputeStrategy, SimpleImputerOptions, SimpleImputerJSON, OneHotEncoderOptions, OneHotEncoderJSON, LabelEncoderJSON,
  RowMajor, Targets, MultiOutput, R2Options, ConfusionMatrixOptions, ConfusionMatrix, LogLossOptions,
} from './data/index.js';
// ---- cli: the model-with-preprocessing behind `lsqnet fit/predict` (src/data/pipeline.ts) ----
export { Pipeline, loadModel, columnKind, idLikeReason, inferTask, MAX_INFERRED_CLASSES, MIN_ROWS_FOR_ID } from './data/pipeline.js';
export type {
  PipelineFitOptions, PipelineJSON, PipelineReport, PipelineRow, PipelineMetrics, RegressionMetrics, ClassificationMetrics,
  MissingPolicy, LoadedModel, Task,
} from './data/pipeline.js';
export { lbfgs } from './solvers/lbfgs.js';
export type { LbfgsOptions, LbfgsResult, LbfgsIteration } from './solvers/lbfgs.js';
// ---- VarPro with parametric kernels (issue 14; ALGORITHMS.md §8.2–§8.4) ----
export { parametricKernel, ParametricKernel, KERNEL_KINDS } from './models/kernel-param.js';
export type { KernelKind } from './models/kernel-param.js';
export { VarProNetwork } from './models/varpro.js';
export type { VarProNetworkOptions, VarProNetworkJSON, VarProIteration, VarProProgress, VarProOptimizer } from './models/varpro.js';
// ---- calib: calibration metrics of classifier probabilities (issue 14) ----
export { expectedCalibrationError, brierScore } from './data/metrics.js';
export type { CalibrationErrorOptions, BrierScoreOptions } from './data/metrics.js';
// ---- varpro-cls: VarProNetwork task 'classification' (issue 14) ----
export type { VarProTask } from './models/varpro.js';
// ---- slimtrain: SlimTrainNetwork (Algorithm 3.1) and the peaks problem (issue 13) ----
export { SlimTrainNetwork } from './models/slimtrain.js';
export type { SlimTrainNetworkOptions, SlimTrainNetworkJSON, SlimTrainEpoch, SlimTrainProgress, SlimTrainAdam, ValidationData } from './models/slimtrain.js';
export { peaks, peaksDataset } from './data/peaks.js';
export type { PeaksDatasetOptions, PeaksDataset } from './data/peaks.js';
// ---- slimtik: streaming Tikhonov solver with sampled GCV (issue 13) ----
export { SlimTik } from './solvers/slimtik.js';
export type { SlimTikOptions, SlimTikStep, SlimTikHistoryEntry, SlimTikJSON, SlimTikRegularization, SlimTikCurve } from './solvers/slimtik.js';

// ---- resnet: ResNet feature extractor and shared slimTrain/Adam initialisation (issue 13) ----
export { ResNet, ResNetTape, resnetInit, epochBatches } from './models/resnet.js';
export type { ResNetOptions, ResNetLayout, ResNetActivation, OutputInit } from './models/resnet.js';

// ---- threads (issue 12): thread count of the threaded runtime, registration of the threaded build ----
export { setThreads, registerThreadedBuild, MAX_THREADS } from '../bindings/index.js';
export type { ThreadedBuild } from '../bindings/index.js';
export { ThreadError } from './errors.js';
