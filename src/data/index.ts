/**
 * Data helpers: CSV tables, seeded splits, standardization, target centering, one-hot labels.
 * @module
 */
export { parseCsv, loadCsv, CsvTable } from './csv.js';
export type { CsvOptions } from './csv.js';
export { trainTestSplit, takeRows, permutation } from './split.js';
export type { Split, TrainTestSplitOptions } from './split.js';
export { StandardScaler, centerTargets, uncenterTargets, oneHot } from './scaler.js';
export type { StandardScalerJSON, CenteredTargets, OneHot } from './scaler.js';
