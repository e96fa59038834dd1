// ANMIN datasets (abalone, SDF) and their preparation (ALGORITHMS.md §7.2), shared by
// test/models/anmin-data.test.ts and bench/anmin.bench.ts: 80/20 split, StandardScaler fitted on the
// training rows only, targets centred with the training mean.
import { Matrix, parseCsv, trainTestSplit, takeRows, StandardScaler, centerTargets } from '../../src/index.js';
import { hasData, readData } from './index.js';

export type AnminDataset = 'abalone' | 'sdf';

const FILES: Record<AnminDataset, string> = { abalone: 'abalone/abalone.csv', sdf: 'anmin_sdf/sdf.csv' };

/** True when the CSV of `name` is present under /work/shared/data. */
export const hasAnminData = (name: AnminDataset): boolean => hasData(FILES[name]);

/** Inputs X (N × d) and targets y (N × 1) of `name` (the caller disposes both). */
export function loadAnminData(name: AnminDataset): { X: Matrix; y: Matrix } {
  const t = parseCsv(readData(FILES[name]).toString('utf8'));
  const X = name === 'abalone'
    ? t.select(['length', 'diameter', 'height', 'whole_weight', 'shucked_weight', 'viscera_weight', 'shell_weight'])
    : t.select(['row', 'col']);
  const y = t.select([name === 'abalone' ? 'rings' : 'sdf']);
  return { X, y };
}

export interface PreparedSplit { Xtr: Matrix; Xte: Matrix; ytr: Matrix; yte: Matrix; dispose(): void }

/** §7.2 with a library twist: statistics from the training rows only. */
export function prepareSplit(X: Matrix, y: Matrix, seed: number): PreparedSplit {
  const { train, test } = trainTestSplit(X.rows, { testFraction: 0.2, seed });
  const Xa = takeRows(X, train), Xb = takeRows(X, test);
  const ya = takeRows(y, train), yb = takeRows(y, test);
  const scaler = new StandardScaler().fit(Xa);
  const Xtr = scaler.transform(Xa), Xte = scaler.transform(Xb);
  const { Y: ytr, mean } = centerTargets(ya);
  const { Y: yte } = centerTargets(yb, mean);
  [Xa, Xb, ya, yb].forEach((m) => m.dispose());
  return { Xtr, Xte, ytr, yte, dispose() { [Xtr, Xte, ytr, yte].forEach((m) => m.dispose()); } };
}

/** Mean squared error over all entries of P − Y. */
export function mse(P: Matrix, Y: Matrix): number {
  const p = P.toColumnMajor(), y = Y.toColumnMajor();
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / p.length;
}
