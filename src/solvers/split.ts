/**
 * Split and Solve ([S0] §3.2; ALGORITHMS.md §4): one block Gauss–Seidel sweep over groups of
 * columns of A = [A₁ … A_k]: w_i = lstsq(A_i, R_{i−1}), R_i = R_{i−1} − A_i w_i, R₀ = b.
 * Blocks are formed one at a time (for a feature operator they are computed on the fly), so
 * memory is O(m·n/k) and work O(m·n²/k).
 * @module
 */
import { ops } from '../../bindings/index.js';
import { InvalidInputError, OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { checkOptions, enumOption, intOption, numberOption, seedOption } from '../validate.js';
import { rhsToMatrix, type Rhs, type SolutionOf } from '../linalg/rhs.js';
import { lstsqSvd } from '../linalg/svd.js';
import { lstsqQr } from '../linalg/qr.js';
import { LinearOperator } from './operator.js';
import { asOperator } from './lsqr.js';
import { lsrnCore, lsrnParams, type LsrnOptions } from './lsrn.js';

/** Column orderings of {@link splitSolve}. */
export type SplitOrder = 'ordered' | 'sorted' | 'sorted-desc' | 'random';

/** Options of {@link splitSolve}. */
export interface SplitOptions {
  /** Number of column groups k ≥ 1 (default 1 = the direct solve). At most cols(A). */
  splits?: number;
  /**
   * Column order before splitting (default `'sorted'`): `'ordered'` (as given), `'sorted'`
   * (ascending sort key — the order that reproduces [S0]: small-norm neurons first),
   * `'sorted-desc'`, `'random'` (uniform permutation from `seed`).
   */
  order?: SplitOrder;
  /** Block solver: `'svd'` (default, truncated at rcond), `'qr'`, or `'lsrn'`. */
  solver?: 'svd' | 'qr' | 'lsrn';
  /** rcond of every block solve (default: the block solver's default). */
  rcond?: number;
  /** Seed of the `'random'` order and of LSRN's sketches (default 0). */
  seed?: number;
  /**
   * Sort key per column (length cols(A)). Default: the column norms of A, or for a feature
   * operator φ(XW + 1bᵀ) the column norms of the weight matrix W ([S0]).
   */
  sortKey?: ArrayLike<number>;
  /** Alias of `sortKey` (column norms of the weight matrix for SWIM use). */
  columnNorms?: ArrayLike<number>;
  /**
   * A column placed in the first block whatever the order (the output-bias column of ones).
   * Default: the ones column of a feature operator built with `ones: true`, else none (-1).
   */
  biasColumn?: number;
  /** Options of the LSRN block solver (solver 'lsrn'). */
  lsrnOptions?: LsrnOptions;
}

/** Result of {@link splitSolve}. */
export interface SplitResult<X> {
  /** Solution in the original column order: Float64Array for a vector b, Matrix for a Matrix B. */
  x: X;
  /** Number of groups. */
  splits: number;
  /** Column order used (permutation[t] = original column index). */
  permutation: Int32Array;
  /** Original column indices of each group. */
  groups: Int32Array[];
  /** Rank used by each block solve. */
  blockRanks: number[];
  /** ‖R_k‖_F: norm of the final residual b − A x. */
  residualNorm: number;
  /** Wall time in seconds. */
  seconds: number;
}

const KNOWN = ['splits', 'order', 'solver', 'rcond', 'seed', 'sortKey', 'columnNorms', 'biasColumn', 'lsrnOptions'] as const;

/** @internal Contiguous near-equal groups (numpy array_split: the first n mod k groups get one more). */
export function arraySplit(perm: Int32Array, k: number): Int32Array[] {
  const n = perm.length, q = Math.floor(n / k), extra = n % k;
  const out: Int32Array[] = [];
  let at = 0;
  for (let i = 0; i < k; i++) {
    const len = q + (i < extra ? 1 : 0);
    out.push(perm.slice(at, at + len));
    at += len;
  }
  return out;
}

/** @internal Uniform random permutation of 0..n−1 (Fisher–Yates on Philox uniforms, stream 0x53). */
export function randomPermutation(n: number, seed: number): Int32Array {
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  const U = Matrix.random(Math.max(n, 1), 1, { seed, stream: 0x53, dist: 'uniform' });
  const u = U.toColumnMajor();
  U.dispose();
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(u[i]! * (i + 1)));
    const t = perm[i]!; perm[i] = perm[j]!; perm[j] = t;
  }
  return perm;
}

/**
 * Split and Solve: approximate least squares min ‖A x − b‖ by solving k smaller problems over
 * column groups, each fitting the residual left by the previous ones (one block Gauss–Seidel
 * sweep). k = 1 is the direct solve. Not the global least-squares solution for k > 1, but on
 * SWIM feature matrices the ascending-norm order (`'sorted'`) is *more* accurate than the
 * direct solve for k = 2–3 ([S0] §4.2, ALGORITHMS.md §4.4).
 *
 * A is a Matrix or a LinearOperator with column blocks (dense, or `LinearOperator.features`,
 * whose column blocks are computed on the fly: memory O(m·n/k)).
 * @example
 * const { x } = splitSolve(Phi, y, { splits: 3, order: 'sorted', rcond: 1e-8 });
 */
export function splitSolve<B extends Rhs>(a: LinearOperator | MatrixLike, b: B, options: SplitOptions = {}): SplitResult<SolutionOf<B>> {
  const fn = 'splitSolve';
  const t0 = performance.now();
  checkOptions(options, KNOWN, fn);
  const { op, owned } = asOperator(a, fn);
  let rhs: ReturnType<typeof rhsToMatrix> | null = null;
  let R: Matrix | null = null, X: Matrix | null = null;
  try {
    if (!op.hasColumnBlocks) throw new OptionError(`${fn}: A must be a Matrix or a feature operator (LinearOperator.features) to form column blocks, got ${op}`);
    const n = op.cols;
    const k = intOption(options.splits ?? 1, 'splits', fn, 1);
    if (k > n) throw new OptionError(`${fn}: option 'splits' (${k}) exceeds the number of columns (${n})`);
    const order = enumOption(options.order ?? 'sorted', 'order', fn, ['ordered', 'sorted', 'sorted-desc', 'random'] as const);
    const solver = enumOption(options.solver ?? 'svd', 'solver', fn, ['svd', 'qr', 'lsrn'] as const);
    const rcond = options.rcond === undefined ? undefined : numberOption(options.rcond, 'rcond', fn, 0, 1);
    const seed = seedOption(options.seed ?? 0, fn);
    const lp = solver === 'lsrn' ? lsrnParams({ seed, ...(rcond !== undefined ? { rcond } : {}), ...(options.lsrnOptions ?? {}) }, `${fn} (lsrnOptions)`) : null;
    if (options.sortKey !== undefined && options.columnNorms !== undefined) throw new OptionError(`${fn}: give either 'sortKey' or 'columnNorms', not both`);
    const keyIn = options.sortKey ?? options.columnNorms;
    let key: Float64Array | null = null;
    if (order === 'sorted' || order === 'sorted-desc') {
      if (keyIn !== undefined) {
        if (keyIn === null || typeof keyIn !== 'object' || typeof keyIn.length !== 'number') throw new OptionError(`${fn}: option 'sortKey' must be an array of numbers`);
        key = Float64Array.from(keyIn);
        if (key.length !== n) throw new ShapeError(`${fn}: sortKey has ${key.length} entries but A has ${n} columns`);
        const bad = key.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) throw new InvalidInputError(`${fn}: sortKey has a non-finite value at index ${bad}`);
      } else key = op.columnSortKey();
    }
    const bias = options.biasColumn === undefined ? op.onesColumn : intOption(options.biasColumn, 'biasColumn', fn, -1, n - 1);
    rhs = rhsToMatrix(b, op.rows, fn);

    // order and groups
    let perm: Int32Array;
    if (order === 'random') perm = randomPermutation(n, seed);
    else {
      perm = Int32Array.from({ length: n }, (_, i) => i);
      if (key) {
        const kk = key;
        const dir = order === 'sorted' ? 1 : -1;
        perm.sort((i, j) => dir * (kk[i]! - kk[j]!) || i - j); // stable on ties
      }
    }
    if (bias >= 0) perm = Int32Array.from([bias, ...Array.from(perm).filter((j) => j !== bias)]);
    const groups = arraySplit(perm, k);

    // sweep
    const m = op.rows, c = rhs.B.cols;
    R = rhs.B.clone();
    X = Matrix.zeros(n, c);
    const ranks: number[] = [];
    for (const g of groups) {
      const Ag = op.columnBlock(g);
      try {
        let core: { X: Matrix; rank: number };
        if (solver === 'svd') core = lstsqSvd(Ag, R, rcond !== undefined ? { rcond } : {});
        else if (solver === 'qr') core = lstsqQr(Ag, R, rcond !== undefined ? { rcond } : {});
        else {
          const opg = LinearOperator.fromMatrix(Ag);
          try { core = lsrnCore(opg, R, lp!, fn); } finally { opg.dispose(); }
        }
        try {
          ranks.push(core.rank);
          ops.gemm(0, 0, -1, Ag, core.X, 1, R);                        // R ← R − A_g w_g
          for (let t = 0; t < g.length; t++) {                          // scatter rows of w_g into x
            ops.copy(ops.sub(core.X, t, 0, 1, c), ops.sub(X, g[t]!, 0, 1, c));
          }
        } finally { core.X.dispose(); }
      } finally { Ag.dispose(); }
    }
    let ss = 0;
    for (let j = 0; j < c; j++) { const r = ops.norm2(ops.col(R, j), m); ss += r * r; }
    let x: SolutionOf<B>;
    if (rhs.isVector) { x = X.toColumnMajor() as SolutionOf<B>; X.dispose(); } else x = X as SolutionOf<B>;
    X = null;
    return { x, splits: k, permutation: perm, groups, blockRanks: ranks, residualNorm: Math.sqrt(ss), seconds: (performance.now() - t0) / 1000 };
  } finally {
    X?.dispose(); R?.dispose();
    if (rhs?.owned) rhs.B.dispose();
    if (owned) op.dispose();
  }
}
