/**
 * The peaks function — MATLAB's `peaks`, the test problem of the slimTrain paper's §4.1
 * (ALGORITHMS.md §9.11) — and a seeded train/validation dataset drawn from it.
 * @module
 */
import { InvalidInputError, OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { checkOptions, describe } from '../validate.js';

/**
 * MATLAB's peaks function
 * `3(1−x)² e^{−x²−(y+1)²} − 10(x/5 − x³ − y⁵) e^{−x²−y²} − ⅓ e^{−(x+1)²−y²}`
 * (values about −6.55 … 8.11 on [−3, 3]²).
 * @throws {InvalidInputError} x or y is not a finite number.
 * @example peaks(0, 0) // 0.98101…
 */
export function peaks(x: number, y: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new InvalidInputError(`peaks: x must be a finite number, got ${describe(x)}`);
  if (typeof y !== 'number' || !Number.isFinite(y)) throw new InvalidInputError(`peaks: y must be a finite number, got ${describe(y)}`);
  return 3 * (1 - x) ** 2 * Math.exp(-(x ** 2) - (y + 1) ** 2)
    - 10 * (x / 5 - x ** 3 - y ** 5) * Math.exp(-(x ** 2) - y ** 2)
    - Math.exp(-((x + 1) ** 2) - y ** 2) / 3;
}

/** Options of {@link peaksDataset}. */
export interface PeaksDatasetOptions {
  /** Training points (default 2,000, as in the paper). */
  train?: number;
  /** Validation points (default 1,000, as in the paper's code). */
  validation?: number;
  /** Seed of lsqnet's Philox generator (default 1). */
  seed?: number;
}

/** The matrices of {@link peaksDataset}; the caller owns (and disposes) all four. */
export interface PeaksDataset {
  /** train × 2 inputs, uniform on [−3, 3]². */
  Xtrain: Matrix;
  /** train × 1 targets peaks(x, y). */
  Ytrain: Matrix;
  /** validation × 2 inputs, uniform on [−3, 3]². */
  Xvalidation: Matrix;
  /** validation × 1 targets. */
  Yvalidation: Matrix;
}

const STREAM_TRAIN = 131, STREAM_VALIDATION = 132;

function count(v: unknown, name: string, def: number): number {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1e7) throw new OptionError(`peaksDataset: option '${name}' must be an integer in [1, 10000000], got ${describe(v)}`);
  return v;
}

/**
 * The slimTrain paper's peaks problem (§4.1): `train` and `validation` points drawn uniformly
 * from [−3, 3]² (independent Philox streams of `seed`), targets {@link peaks}(x, y) without
 * noise. The same seed gives the same points on every platform.
 * @example
 * const { Xtrain, Ytrain, Xvalidation, Yvalidation } = peaksDataset({ seed: 1 });
 */
export function peaksDataset(options: PeaksDatasetOptions = {}): PeaksDataset {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new OptionError(`peaksDataset: options must be an object or omitted, got ${describe(options)}`);
  checkOptions(options, ['train', 'validation', 'seed'], 'peaksDataset');
  const nt = count(options.train, 'train', 2000), nv = count(options.validation, 'validation', 1000);
  const seed = options.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 53) throw new OptionError(`peaksDataset: option 'seed' must be an integer in [0, 2^53), got ${describe(seed)}`);
  const make = (n: number, stream: number): [Matrix, Matrix] => {
    const X = Matrix.random(n, 2, { seed, stream, dist: 'uniform', low: -3, high: 3 });
    const x = X.view();
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = peaks(x[i]!, x[i + n]!);
    try { return [X, Matrix.fromVector(y)]; } catch (err) { X.dispose(); throw err; }
  };
  const [Xtrain, Ytrain] = make(nt, STREAM_TRAIN);
  try {
    const [Xvalidation, Yvalidation] = make(nv, STREAM_VALIDATION);
    return { Xtrain, Ytrain, Xvalidation, Yvalidation };
  } catch (err) {
    Xtrain.dispose(); Ytrain.dispose();
    throw err;
  }
}
