/**
 * Data helpers: CSV tables (delimiter sniffing, missing values, column profiles), seeded
 * splits, standardization, target centering, one-hot labels, preprocessing with
 * scikit-learn semantics (imputer, one-hot and label encoders) and metrics.
 * @module
 */
export { parseCsv, loadCsv, CsvTable, isMissing, sniffDelimiter, MISSING_MARKERS, SNIFFED_DELIMITERS } from './csv.js';
export type { CsvOptions, CsvColumnProfile } from './csv.js';
export { trainTestSplit, takeRows, permutation } from './split.js';
export type { Split, TrainTestSplitOptions } from './split.js';
export { StandardScaler, centerTargets, uncenterTargets, oneHot } from './scaler.js';
export type { StandardScalerJSON, CenteredTargets, OneHot } from './scaler.js';
export { SimpleImputer, OneHotEncoder, LabelEncoder } from './preprocess.js';
export type {
  Label, ImputeStrategy, SimpleImputerOptions, SimpleImputerJSON, OneHotEncoderOptions, OneHotEncoderJSON, LabelEncoderJSON,
} from './preprocess.js';
export { r2Score, accuracy, logLoss, confusionMatrix } from './metrics.js';
export type { RowMajor, Targets, MultiOutput, R2Options, ConfusionMatrixOptions, ConfusionMatrix, LogLossOptions } from './metrics.js';
