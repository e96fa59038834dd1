// Dataset loaders and problem generators shared by the swim tests and bench/swim.bench.ts.
// (Plain parsing of the fixed-format files in ../shared/data; not a general CSV parser.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix } from '../src/index.js';
import { DATA_DIR, hasData } from './helpers.js';

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

function parseNumericCsv(text: string, skipCols = 0): Table {
  const lines = text.trim().split('\n').slice(1);
  const rows = lines.length;
  const cols = lines[0]!.split(',').length - skipCols;
  const data = new Float64Array(rows * cols);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    for (let j = 0; j < cols; j++) data[i * cols + j] = Number(cells[j + skipCols]);
  });
  return { data, rows, cols };
}

/** sklearn digits: 1797 × (64 pixels + target). */
export function loadDigits(): Table {
  return parseNumericCsv(readFileSync(join(DATA_DIR, 'sklearn_digits', 'digits.csv'), 'utf8'));
}

/** abalone without 'sex': 4177 × (7 numeric features + rings) (ANMIN's preparation, ALGORITHMS §7.6). */
export function loadAbalone(): Table {
  return parseNumericCsv(readFileSync(join(DATA_DIR, 'abalone', 'abalone.csv'), 'utf8'), 1);
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

/** Standardizes train and test columns with the training mean and unbiased std (in place on copies). */
export function standardize(train: Matrix, test: Matrix): { train: Matrix; test: Matrix } {
  const n = train.rows, d = train.cols;
  const a = train.toColumnMajor(), b = test.toColumnMajor();
  for (let j = 0; j < d; j++) {
    let m = 0; for (let i = 0; i < n; i++) m += a[i + j * n]!; m /= n;
    let s = 0; for (let i = 0; i < n; i++) s += (a[i + j * n]! - m) ** 2;
    const sd = Math.sqrt(s / (n - 1)) || 1;
    for (let i = 0; i < n; i++) a[i + j * n] = (a[i + j * n]! - m) / sd;
    for (let i = 0; i < test.rows; i++) b[i + j * test.rows] = (b[i + j * test.rows]! - m) / sd;
  }
  return { train: Matrix.fromColumnMajor(a, n, d), test: Matrix.fromColumnMajor(b, test.rows, d) };
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
