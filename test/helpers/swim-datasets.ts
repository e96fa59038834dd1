// Dataset loaders and problem generators shared by the swim tests and bench/swim.bench.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, parseCsv, StandardScaler } from '../../src/index.js';
import { DATA_DIR, hasData } from './index.js';

export { hasData };

/** Row-major numeric table. */
export interface Table { data: Float64Array; rows: number; cols: number }

/** Random permutation of 0..n−1 from Philox uniforms (seeded; argsort of n uniforms). */
export function permutation(n: number, seed: number): Int32Array {
  const U = Matrix.random(n, 1, { seed, stream: 7, dist: 'uniform' });
  const u = U.toColumnMajor(); U.dispose();
  return Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => u[a]! - u[b]!));
}

/** 80/20 (or `testFraction`) split of n row indices. */
export function split(n: number, seed: number, testFraction = 0.2): { train: Int32Array; test: Int32Array } {
  const p = permutation(n, seed);
  const nt = Math.round(n * testFraction);
  return { test: p.slice(0, nt), train: p.slice(nt) };
}

/** Rows `idx` of a row-major table as a Matrix (optionally columns c0..c1). */
export function rowsOf(t: Table, idx: Int32Array, c0 = 0, c1 = t.cols): Matrix {
  const w = c1 - c0;
  const out = new Float64Array(idx.length * w);
  for (let r = 0; r < idx.length; r++) for (let j = 0; j < w; j++) out[r * w + j] = t.data[idx[r]! * t.cols + c0 + j]!;
  return Matrix.fromRowMajor(out, idx.length, w);
}

/** Column `c` of rows `idx`. */
export function columnOf(t: Table, idx: Int32Array, c: number): Float64Array {
  return Float64Array.from(idx, (i) => t.data[i * t.cols + c]!);
}

/** Numeric columns of a CSV in ../shared/data (parsed by the package's csv-parse-based parseCsv), row-major. */
function numericTable(file: string, drop: string[] = []): Table {
  const t = parseCsv(readFileSync(join(DATA_DIR, file), 'utf8'), { source: file });
  const names = t.columns.filter((c) => !drop.includes(c));
  const M = t.select(names);
  const table = { data: M.toRowMajor(), rows: M.rows, cols: M.cols };
  M.dispose();
  return table;
}

/** sklearn digits: 1797 × (64 pixels + target). */
export function loadDigits(): Table {
  return numericTable(join('sklearn_digits', 'digits.csv'));
}

/** sklearn digits split 80/20 (seeded): 64 pixel columns as Matrices, labels as vectors (the caller disposes Xtr, Xte). */
export function digitsSplit(seed = 1): { Xtr: Matrix; Xte: Matrix; ytr: Float64Array; yte: Float64Array } {
  const t = loadDigits();
  const { train, test } = split(t.rows, seed);
  return { Xtr: rowsOf(t, train, 0, 64), Xte: rowsOf(t, test, 0, 64), ytr: columnOf(t, train, 64), yte: columnOf(t, test, 64) };
}

/**
 * All of sklearn digits for softmax regression: a ones column followed by the 64 pixels
 * standardized (population sd; constant pixels 0), and the labels 0..9 (the caller disposes X).
 */
export function digitsSoftmax(): { X: Matrix; labels: Int32Array } {
  const t = loadDigits();
  const n = t.rows, d = t.cols - 1;
  const mean = new Float64Array(d), sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + t.data[i * t.cols + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sd[j] = sd[j]! + (t.data[i * t.cols + j]! - mean[j]!) ** 2 / n;
  const rows: number[][] = [], labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = [1];
    for (let j = 0; j < d; j++) r.push(sd[j]! > 0 ? (t.data[i * t.cols + j]! - mean[j]!) / Math.sqrt(sd[j]!) : 0);
    rows.push(r); labels[i] = t.data[i * t.cols + d]!;
  }
  return { X: Matrix.fromRows(rows), labels };
}

/** abalone without 'sex': 4177 × (7 numeric features + rings) (ANMIN's preparation, ALGORITHMS §7.6). */
export function loadAbalone(): Table {
  return numericTable(join('abalone', 'abalone.csv'), ['sex']);
}

/** MNIST 10k/2k subset, pixels scaled to [0, 1]. */
export function loadMnistSmall(): { Xtr: Matrix; ytr: Int32Array; Xte: Matrix; yte: Int32Array } {
  const img = (f: string, n: number): Matrix => {
    const b = readFileSync(join(DATA_DIR, 'mnist', f));
    const out = new Float64Array(n * 784);
    for (let i = 0; i < out.length; i++) out[i] = b[i]! / 255;
    return Matrix.fromRowMajor(out, n, 784);
  };
  const lab = (f: string): Int32Array => Int32Array.from(readFileSync(join(DATA_DIR, 'mnist', f)));
  return {
    Xtr: img('small_train_images_10000x784.u8', 10000), ytr: lab('small_train_labels_10000.u8'),
    Xte: img('small_test_images_2000x784.u8', 2000), yte: lab('small_test_labels_2000.u8'),
  };
}

/** The SWIM toy problem of ALGORITHMS §6.11: x ~ U[0,1]², y = sin(x₁ + x₂). */
export function swimToy(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const X = Matrix.random(n, 2, { seed, dist: 'uniform' });
  const x = X.toColumnMajor();
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(x[i]! + x[i + n]!);
  return { X, y };
}

/** Standardizes train and test columns with the training mean and unbiased std (the package's StandardScaler). */
export function standardize(train: Matrix, test: Matrix): { train: Matrix; test: Matrix } {
  const scaler = new StandardScaler().fit(train);
  return { train: scaler.transform(train), test: scaler.transform(test) };
}

/** Mean absolute error between a prediction Matrix (N×1) and a vector. */
export function maeOf(P: Matrix, y: ArrayLike<number>): number {
  const p = P.toColumnMajor();
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(p[i]! - y[i]!);
  return s / y.length;
}

/** Mean squared error between a prediction Matrix (N×1) and a vector. */
export function mseOf(P: Matrix, y: ArrayLike<number>): number {
  const p = P.toColumnMajor();
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / y.length;
}
