/**
 * Seeded train/test splits and row gathers.
 * @module
 */
import { MAX_BLOCK_BYTES, ops } from '../../bindings/index.js';
import { InvalidInputError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions, describe, intOption, numberOption, seedOption } from '../validate.js';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Fraction of the rows that go to the test part, in [0, 1) (default 0.2). The test part has ⌈n·testFraction⌉ rows, as in scikit-learn. */
  testFraction?: number;
  /** Seed of the permutation (default 1). */
  seed?: number;
}

/** Row indices of a split (each sorted ascending). */
export interface Split {
  /** Training rows. */
  train: Int32Array;
  /** Test rows. */
  test: Int32Array;
}

/**
 * Largest n of {@link permutation} / {@link trainTestSplit}: the n − 1 uniforms are drawn into one
 * wasm block (8 bytes each), so n is bounded by `MAX_BLOCK_BYTES / 8` (2^27 − 8 ≈ 134 million
 * rows). Checked before anything is allocated.
 */
export const MAX_PERMUTATION = Math.floor(MAX_BLOCK_BYTES / 8);

/** Philox stream reserved for permutations (independent of the streams models use). */
const SPLIT_STREAM = 0x5eed;

/**
 * A seeded random permutation of 0..n−1: Fisher–Yates with uniforms from lsqnet's counter-based
 * Philox generator, so it is the same on every platform for the same (n, seed).
 * @example
 * permutation(5, 1); // Int32Array, a shuffle of [0, 1, 2, 3, 4]
 */
export function permutation(n: number, seed = 1): Int32Array {
  intOption(n, 'n', 'permutation', 0, MAX_PERMUTATION);
  seedOption(seed, 'permutation');
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n < 2) return perm;
  const U = Matrix.random(n - 1, 1, { seed, stream: SPLIT_STREAM, dist: 'uniform' });
  const u = U.toColumnMajor();
  U.dispose();
  for (let i = n - 1; i > 0; i--) {
    // uniforms lie strictly inside (0, 1), so j ∈ [0, i]
    const j = Math.min(i, Math.floor(u[n - 1 - i]! * (i + 1)));
    const t = perm[i]!; perm[i] = perm[j]!; perm[j] = t;
  }
  return perm;
}

/**
 * Splits row indices 0..n−1 into a training and a test part by a seeded permutation
 * (see {@link permutation}). The test part gets ⌈n·testFraction⌉ rows; both parts are
 * returned sorted ascending.
 * @example
 * const { train, test } = trainTestSplit(100, { testFraction: 0.2, seed: 1 });
 * const Xtr = takeRows(X, train), Xte = takeRows(X, test);
 */
export function trainTestSplit(n: number, options: TrainTestSplitOptions = {}): Split {
  checkOptions(options, ['testFraction', 'seed'], 'trainTestSplit');
  intOption(n, 'n', 'trainTestSplit', 1, MAX_PERMUTATION);
  const frac = numberOption(options.testFraction ?? 0.2, 'testFraction', 'trainTestSplit', 0, 1);
  if (frac >= 1) throw new OptionError(`trainTestSplit: option 'testFraction' must be below 1, got ${frac}`);
  const seed = seedOption(options.seed ?? 1, 'trainTestSplit');
  const nTest = Math.ceil(n * frac - 1e-9 * n);
  const nTrain = n - nTest;
  if (nTrain < 1) throw new OptionError(`trainTestSplit: testFraction ${frac} of ${n} rows leaves no training rows`);
  const perm = permutation(n, seed);
  const test = perm.slice(0, nTest).sort();
  const train = perm.slice(nTest).sort();
  return { train, test };
}

/**
 * The rows `idx` of `X` (in that order) as a new matrix; indices may repeat. Out-of-range
 * indices throw {@link ShapeError} naming the position.
 * @example
 * takeRows([[1], [2], [3]], Int32Array.of(2, 0)).toRows(); // [[3], [1]]
 */
export function takeRows(X: MatrixLike, idx: Int32Array | readonly number[]): Matrix {
  if (!(idx instanceof Int32Array) && !Array.isArray(idx)) throw new InvalidInputError(`takeRows: idx must be an Int32Array or an array of row indices, got ${describe(idx)}`);
  const owned = !(X instanceof Matrix);
  const A = Matrix.from(X, 'takeRows: X');
  try {
    const n = idx.length;
    for (let k = 0; k < n; k++) {
      const i = idx[k]!;
      if (!Number.isInteger(i) || i < 0 || i >= A.rows) throw new ShapeError(`takeRows: idx[${k}] = ${describe(i)} is outside the ${A.rows} rows of X`);
    }
    const out = Matrix.empty(n, A.cols);
    if (n === 0 || A.cols === 0) return out;
    // one strided row copy per index in wasm (O(n) calls, the O(n·d) work stays in wasm)
    ops.gatherRows(A, idx, out);
    return out;
  } finally {
    if (owned) A.dispose();
  }
}
