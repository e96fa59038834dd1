/**
 * `LinearOperator`: a matrix known only through its products, so that iterative and randomized
 * solvers never need A in memory (ALGORITHMS.md §10). Kinds: a dense {@link Matrix}; a row-block
 * generator (rows produced on demand, products accumulated block by block); a composition A·N;
 * the hidden-layer feature operator φ(XW + 1bᵀ) computed block by block in wasm.
 * @module
 */
import { ops, type Mat } from '../../bindings/index.js';
import { DisposedError, InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { featuresUnchecked as computeFeatures, ACTIVATIONS, type Activation } from '../features.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { track, untrack, type Disposable } from '../scope.js';
import { checkOptions, enumOption, intOption, numberOption, toVector } from '../validate.js';
import { matrixFrom } from '../linalg/rhs.js';

/** Options of {@link LinearOperator.fromRowBlocks}. */
export interface RowBlockOptions {
  /** Rows per generated block (default: about 8 MiB per block, i.e. ⌊2²⁰ / cols⌋ rows, at least 1). */
  blockSize?: number;
}

/** Options of {@link LinearOperator.features}. */
export interface FeatureOperatorOptions {
  /** Activation φ (default `'tanh'`). */
  activation?: Activation;
  /** Slope for x < 0 of `'leaky-relu'` (default 0.1). */
  alpha?: number;
  /** Append a column of ones (output bias): the operator then has M + 1 columns. Default false. */
  ones?: boolean;
  /** Rows of features computed at a time (default: about 8 MiB per block). */
  blockSize?: number;
}

/** @internal A row block handed to a callback: `count` rows from `start` as the count×cols operand `rows` (a block of a matrix, not a copy). Valid only during the callback. */
export type RowBlockFn = (start: number, count: number, rows: Mat) => void;

/** Default rows per block: about 8 MiB of f64 per block. */
export function defaultBlockRows(cols: number): number {
  return Math.max(1, Math.floor(2 ** 20 / Math.max(cols, 1)));
}

/**
 * @internal Y ← α·op(A)·X + β·Y (op = A for trans 0, Aᵀ for trans 1; β = 0 never reads Y).
 * One column goes through GEMV (no GEMM workspace: the LSQR iterations allocate nothing per
 * product); more columns through GEMM. Shapes come from the operands.
 */
export function product(trans: 0 | 1, alpha: number, A: Mat, X: Mat, beta: number, Y: Mat): void {
  if (X.cols === 1 && Y.cols === 1) ops.gemv(trans, alpha, A, ops.col(X, 0), beta, ops.col(Y, 0));
  else ops.gemm(trans, 0, alpha, A, X, beta, Y);
}

/** @internal Y ← β·Y (β = 0 writes zeros without reading Y). */
export function scale(beta: number, Y: Mat): void {
  if (Y.rows === 0 || Y.cols === 0 || beta === 1) return;
  if (beta === 0) ops.fill(Y, 0);
  else ops.geadd(beta, Y, 0, Y, Y);
}

type Kind =
  | { type: 'matrix'; A: Matrix }
  | { type: 'blocks'; gen: (start: number, end: number) => Matrix; blockSize: number }
  | { type: 'compose'; A: LinearOperator; N: LinearOperator }
  | { type: 'features'; X: Matrix; W: Matrix; b: Matrix | null; activation: Activation; alpha: number; ones: boolean; blockSize: number };

/**
 * The result of a public product, checked: operands are finite (checked when the operator is
 * made), so a NaN/±Inf here is an overflow of values of extreme magnitude (1e308·1e308) or a
 * non-finite block from a `fromRowBlocks` generator — a {@link NonFiniteError}, never a silent
 * ±Inf. The result is disposed before throwing.
 */
function finiteProduct<T extends Float64Array | Matrix>(r: T, what: string): T {
  const v: Float64Array = r instanceof Matrix ? r.view() : (r as Float64Array);
  for (let k = 0; k < v.length; k++) {
    if (!Number.isFinite(v[k])) {
      const where = r instanceof Matrix ? `row ${k % r.rows}, column ${Math.floor(k / r.rows)}` : `index ${k}`;
      if (r instanceof Matrix) r.dispose();
      throw new NonFiniteError(`LinearOperator.${what}: the product is not finite at ${where} (values of extreme magnitude overflow the double range, or a row block is not finite); scale the operands down`);
    }
  }
  return r;
}

/**
 * A linear map R^cols → R^rows known through its products `A·x`, `Aᵀ·y` and their block
 * versions. Solvers (`lsqr`, `lsrn`, `splitSolve`) accept a LinearOperator wherever they accept
 * a Matrix, so matrices too large for memory can be solved block by block.
 *
 * An operator references the matrices it was built from (it does not copy them): keep them
 * alive while the operator is used. Operators built from plain arrays own their converted
 * copies; {@link LinearOperator.dispose} (or the enclosing `scope`) frees those.
 * @example
 * const A = Matrix.random(1000, 20, { seed: 1 });
 * const op = LinearOperator.fromMatrix(A);
 * const y = op.matvec(new Float64Array(20).fill(1));   // A·1, length 1000
 */
export class LinearOperator implements Disposable {
  /** Number of rows (length of A·x). */
  readonly rows: number;
  /** Number of columns (length of x). */
  readonly cols: number;
  readonly #kind: Kind;
  readonly #owned: Disposable[];
  #disposed = false;

  private constructor(rows: number, cols: number, kind: Kind, owned: Disposable[] = []) {
    this.rows = rows;
    this.cols = cols;
    this.#kind = kind;
    this.#owned = owned;
    track(this);
  }

  /** True after {@link LinearOperator.dispose}. */
  get disposed(): boolean { return this.#disposed; }

  /** Frees matrices the operator converted from plain arrays (never the caller's Matrix objects). Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    untrack(this);
    for (const o of this.#owned) o.dispose();
  }

  /** Kind of operator: `'matrix' | 'blocks' | 'compose' | 'features'`. */
  get kind(): Kind['type'] { return this.#kind.type; }

  /** @internal The Matrix of a `'matrix'` operator (null for other kinds). */
  get denseMatrix(): Matrix | null {
    return this.#kind.type === 'matrix' ? this.#kind.A : null;
  }

  /** True when rows can be produced block by block (every kind except a composition whose right factor is not a Matrix). */
  get hasRowBlocks(): boolean {
    const k = this.#kind;
    if (k.type === 'compose') return k.A.hasRowBlocks && k.N.kind === 'matrix';
    return true;
  }

  // ------------------------------------------------------------------ constructors

  /**
   * The operator of a dense matrix (referenced, not copied).
   * @example
   * const op = LinearOperator.fromMatrix(Matrix.fromRows([[1, 0], [1, 1], [0, 1]]));
   */
  static fromMatrix(a: MatrixLike): LinearOperator {
    const A = matrixFrom(a, 'A', 'LinearOperator.fromMatrix');
    const owned = a instanceof Matrix ? [] : [A];
    try {
      if (A.rows === 0 || A.cols === 0) throw new InvalidInputError(`LinearOperator.fromMatrix: A is empty (${A.rows}×${A.cols})`);
      A.assertFinite('LinearOperator.fromMatrix: A');
    } catch (e) {
      for (const o of owned) o.dispose();
      throw e;
    }
    return new LinearOperator(A.rows, A.cols, { type: 'matrix', A }, owned);
  }

  /**
   * An operator whose rows are produced on demand: `gen(start, end)` returns rows
   * start … end−1 as a (end−start)×cols Matrix. Products are accumulated block by block, so
   * at most one block exists at a time; each returned block is disposed after use (return a
   * fresh Matrix every call).
   * @example
   * const op = LinearOperator.fromRowBlocks(1e6, 10, (s, e) => Matrix.random(e - s, 10, { seed: s }), { blockSize: 10000 });
   */
  static fromRowBlocks(rows: number, cols: number, gen: (start: number, end: number) => Matrix, options: RowBlockOptions = {}): LinearOperator {
    checkOptions(options, ['blockSize'], 'LinearOperator.fromRowBlocks');
    intOption(rows, 'rows', 'LinearOperator.fromRowBlocks', 1);
    intOption(cols, 'cols', 'LinearOperator.fromRowBlocks', 1);
    if (typeof gen !== 'function') throw new OptionError('LinearOperator.fromRowBlocks: gen must be a function (start, end) => Matrix');
    const blockSize = options.blockSize === undefined ? defaultBlockRows(cols) : intOption(options.blockSize, 'blockSize', 'LinearOperator.fromRowBlocks', 1);
    return new LinearOperator(rows, cols, { type: 'blocks', gen, blockSize });
  }

  /**
   * The product A·N as an operator (`x ↦ A(Nx)`, `y ↦ Nᵀ(Aᵀy)`); A and N are operators or matrices.
   * @example
   * const AN = LinearOperator.compose(A, N);   // A m×n, N n×r → m×r
   */
  static compose(a: LinearOperator | Matrix, n: LinearOperator | Matrix): LinearOperator {
    // the operators made here are owned by the result, and disposed when N is invalid or the
    // shapes differ (an error path must not leave wasm blocks behind)
    const owned: Disposable[] = [];
    try {
      const A = a instanceof LinearOperator ? a : LinearOperator.fromMatrix(a);
      if (!(a instanceof LinearOperator)) owned.push(A);
      const N = n instanceof LinearOperator ? n : LinearOperator.fromMatrix(n);
      if (!(n instanceof LinearOperator)) owned.push(N);
      if (A.cols !== N.rows) throw new ShapeError(`LinearOperator.compose: A is ${A.rows}×${A.cols} but N is ${N.rows}×${N.cols} (${A.cols} ≠ ${N.rows})`);
      return new LinearOperator(A.rows, N.cols, { type: 'compose', A, N }, owned);
    } catch (err) {
      for (const o of owned) o.dispose();
      throw err;
    }
  }

  /**
   * The hidden-layer feature matrix Φ = φ(X W + 1 bᵀ) (N×M, or N×(M+1) with `ones`) as an
   * operator: blocks of rows are computed in wasm on the fly and discarded, so Φ is never
   * stored (memory O(blockSize·M) instead of O(N·M)).
   * @param X inputs, N×d
   * @param W weights, d×M
   * @param b biases (M entries: a Matrix, a vector, or null for none)
   * @example
   * const Phi = LinearOperator.features(X, W, b, { activation: 'tanh', ones: true });
   */
  static features(X: MatrixLike, W: MatrixLike, b: Matrix | VectorLike | null, options: FeatureOperatorOptions = {}): LinearOperator {
    const fn = 'LinearOperator.features';
    checkOptions(options, ['activation', 'alpha', 'ones', 'blockSize'], fn);
    const activation = enumOption(options.activation ?? 'tanh', 'activation', fn, ACTIVATIONS);
    const alpha = numberOption(options.alpha ?? 0.1, 'alpha', fn);
    const ones = options.ones ?? false;
    if (typeof ones !== 'boolean') throw new OptionError(`${fn}: option 'ones' must be a boolean`);
    const owned: Disposable[] = [];
    try {
      const Xm = matrixFrom(X, 'X', fn); if (!(X instanceof Matrix)) owned.push(Xm);
      const Wm = matrixFrom(W, 'W', fn); if (!(W instanceof Matrix)) owned.push(Wm);
      let bm: Matrix | null = null;
      if (b !== null && b !== undefined) {
        if (b instanceof Matrix) bm = b;
        else { bm = Matrix.fromVector(toVector(b, 'b', fn)); owned.push(bm); }
      }
      if (Xm.rows === 0 || Xm.cols === 0 || Wm.cols === 0) throw new InvalidInputError(`${fn}: X (${Xm.rows}×${Xm.cols}) and W (${Wm.rows}×${Wm.cols}) must be non-empty`);
      if (Xm.cols !== Wm.rows) throw new ShapeError(`${fn}: X has ${Xm.cols} columns but W has ${Wm.rows} rows`);
      if (bm && bm.length !== Wm.cols) throw new ShapeError(`${fn}: b has ${bm.length} entries but W has ${Wm.cols} columns`);
      Xm.assertFinite(`${fn}: X`); Wm.assertFinite(`${fn}: W`); bm?.assertFinite(`${fn}: b`);
      const cols = Wm.cols + (ones ? 1 : 0);
      const blockSize = options.blockSize === undefined ? defaultBlockRows(cols) : intOption(options.blockSize, 'blockSize', fn, 1);
      return new LinearOperator(Xm.rows, cols, { type: 'features', X: Xm, W: Wm, b: bm, activation, alpha, ones, blockSize }, owned);
    } catch (err) {
      for (const o of owned) o.dispose();
      throw err;
    }
  }

  // ------------------------------------------------------------------ public products

  /**
   * A·x for a vector x of length `cols`.
   * @example
   * const y = op.matvec([1, 2]);
   */
  matvec(x: VectorLike): Float64Array {
    return finiteProduct(this.vectorProduct(0, x, 'matvec'), 'matvec');
  }

  /**
   * Aᵀ·y for a vector y of length `rows`.
   * @example
   * const g = op.rmatvec(residual);
   */
  rmatvec(y: VectorLike): Float64Array {
    return finiteProduct(this.vectorProduct(1, y, 'rmatvec'), 'rmatvec');
  }

  /**
   * A·X for a cols×k matrix X (a new rows×k Matrix).
   * @example
   * const Y = op.matmat(Matrix.random(op.cols, 4, { seed: 1 }));
   */
  matmat(X: MatrixLike): Matrix {
    return finiteProduct(this.matrixProduct(0, X, 'matmat'), 'matmat');
  }

  /**
   * Aᵀ·Y for a rows×k matrix Y (a new cols×k Matrix).
   * @example
   * const G = op.rmatmat(Y);
   */
  rmatmat(Y: MatrixLike): Matrix {
    return finiteProduct(this.matrixProduct(1, Y, 'rmatmat'), 'rmatmat');
  }

  /** Dense copy of the operator (rows×cols Matrix). Only for operators that fit in memory. */
  toMatrix(): Matrix {
    this.checkAlive();
    const out = Matrix.empty(this.rows, this.cols);
    try {
      this.forEachRowBlock((start, count, rows) => {
        ops.copy(rows, ops.sub(out, start, 0, count, this.cols));
      });
    } catch (err) { out.dispose(); throw err; }
    return finiteProduct(out, 'toMatrix');
  }

  /** Short description, e.g. `LinearOperator(features 5000×1001)`. */
  toString(): string {
    return `LinearOperator(${this.#kind.type} ${this.rows}×${this.cols})`;
  }

  private checkAlive(): void {
    if (this.#disposed) throw new DisposedError('LinearOperator');
  }

  private vectorProduct(trans: 0 | 1, v: VectorLike, fn: string): Float64Array {
    this.checkAlive();
    const inLen = trans ? this.rows : this.cols;
    const outLen = trans ? this.cols : this.rows;
    const vec = toVector(v, trans ? 'y' : 'x', `LinearOperator.${fn}`);
    if (vec.length !== inLen) throw new ShapeError(`LinearOperator.${fn}: the operator is ${this.rows}×${this.cols}, so the vector must have ${inLen} entries, got ${vec.length}`);
    const xm = Matrix.fromVector(vec);
    let ym: Matrix | null = null;
    try {
      ym = Matrix.empty(outLen, 1);
      this.apply(trans, 1, xm, 0, ym);
      return ym.toColumnMajor();
    } finally {
      xm.dispose();
      ym?.dispose();
    }
  }

  private matrixProduct(trans: 0 | 1, m: MatrixLike, fn: string): Matrix {
    this.checkAlive();
    const inLen = trans ? this.rows : this.cols;
    const outLen = trans ? this.cols : this.rows;
    const X = matrixFrom(m, trans ? 'Y' : 'X', `LinearOperator.${fn}`);
    const ownX = !(m instanceof Matrix);
    try {
      if (X.rows !== inLen) throw new ShapeError(`LinearOperator.${fn}: the operator is ${this.rows}×${this.cols}, so the matrix must have ${inLen} rows, got ${X.rows}×${X.cols}`);
      if (X.cols === 0) throw new InvalidInputError(`LinearOperator.${fn}: the matrix has no columns`);
      X.assertFinite(`LinearOperator.${fn}: ${trans ? 'Y' : 'X'}`);
      const out = Matrix.empty(outLen, X.cols);
      try {
        this.apply(trans, 1, X, 0, out);
      } catch (err) { out.dispose(); throw err; }
      return out;
    } finally {
      if (ownX) X.dispose();
    }
  }

  // ------------------------------------------------------------------ column blocks (Split and Solve)

  /** @internal True when {@link LinearOperator.columnBlock} works (dense matrices and feature operators). */
  get hasColumnBlocks(): boolean {
    return this.#kind.type === 'matrix' || this.#kind.type === 'features';
  }

  /** @internal For feature operators with `ones`: index of the ones column (M), else -1. */
  get onesColumn(): number {
    const k = this.#kind;
    return k.type === 'features' && k.ones ? k.W.cols : -1;
  }

  /**
   * @internal Default sort key of the columns for Split and Solve: the Euclidean norm of each
   * column of A (dense), or of each column of the weight matrix W (features; the ones column gets 0).
   */
  columnSortKey(): Float64Array {
    const k = this.#kind;
    if (k.type !== 'matrix' && k.type !== 'features') throw new OptionError('LinearOperator: column norms are only available for dense and feature operators');
    const src = k.type === 'matrix' ? k.A : k.W;
    const out = new Float64Array(this.cols);
    out.set(ops.columnNorms(src));
    return out;
  }

  /** @internal The m×|idx| matrix of the given columns (computed on the fly for feature operators). */
  columnBlock(idx: Int32Array): Matrix {
    const k = this.#kind;
    const m = this.rows;
    if (k.type === 'matrix') {
      const out = Matrix.empty(m, idx.length);
      try {
        for (let t = 0; t < idx.length; t++) ops.copy(ops.sub(k.A, 0, idx[t]!, m, 1), ops.sub(out, 0, t, m, 1));
      } catch (err) { out.dispose(); throw err; }
      return out;
    }
    if (k.type !== 'features') throw new OptionError('LinearOperator: column blocks are only available for dense and feature operators');
    const M = k.W.cols, d = k.W.rows;
    const cols = Array.from(idx).filter((j) => j !== M);
    const hasOnes = cols.length !== idx.length;
    const Wg = Matrix.empty(d, cols.length);
    const bg = k.b ? Matrix.empty(cols.length, 1) : null;
    try {
      const bv = k.b ? ops.reshape(k.b, M, 1) : null;
      cols.forEach((j, t) => {
        ops.copy(ops.sub(k.W, 0, j, d, 1), ops.sub(Wg, 0, t, d, 1));
        if (bg) ops.copy(ops.sub(bv!, j, 0, 1, 1), ops.sub(bg, t, 0, 1, 1));
      });
      const F = computeFeatures(k.X, Wg, bg, { activation: k.activation, alpha: k.alpha, ones: hasOnes });
      if (!hasOnes || idx[idx.length - 1] === M) return F;
      // put the ones column where idx asks for it
      try {
        const out = Matrix.empty(m, idx.length);
        let src = 0;
        for (let t = 0; t < idx.length; t++) {
          const from = idx[t] === M ? cols.length : src++;
          ops.copy(ops.sub(F, 0, from, m, 1), ops.sub(out, 0, t, m, 1));
        }
        return out;
      } finally { F.dispose(); }
    } finally {
      Wg.dispose(); bg?.dispose();
    }
  }

  // ------------------------------------------------------------------ internals

  /**
   * @internal Y = alpha·op(A)·X + beta·Y with X (k columns) and Y operands; op = A (trans 0) or Aᵀ (trans 1).
   * No validation: shapes must be right. beta = 0 never reads Y.
   */
  apply(trans: 0 | 1, alpha: number, X: Mat, beta: number, Y: Mat): void {
    const kind = this.#kind;
    const k = X.cols;
    switch (kind.type) {
      case 'matrix':
        product(trans, alpha, kind.A, X, beta, Y);
        return;
      case 'compose': {
        const inner = kind.A.cols;
        const T = Matrix.empty(inner, k);
        try {
          if (trans === 0) {
            kind.N.apply(0, 1, X, 0, T);
            kind.A.apply(0, alpha, T, beta, Y);
          } else {
            kind.A.apply(1, 1, X, 0, T);
            kind.N.apply(1, alpha, T, beta, Y);
          }
        } finally { T.dispose(); }
        return;
      }
      default: {
        // blocks / features: accumulate over row blocks
        if (trans === 1) scale(beta, Y);
        this.forEachRowBlock((start, count, rows) => {
          if (trans === 0) product(0, alpha, rows, X, beta, ops.sub(Y, start, 0, count, k));
          else product(1, alpha, rows, ops.sub(X, start, 0, count, k), 1, Y);
        });
      }
    }
  }

  /** @internal Calls `fn` for consecutive row blocks covering all rows (the block operand is valid only during the call). */
  forEachRowBlock(fn: RowBlockFn, blockSize?: number): void {
    const kind = this.#kind;
    const m = this.rows, n = this.cols;
    switch (kind.type) {
      case 'matrix': {
        const bs = blockSize ?? m;
        for (let s = 0; s < m; s += bs) { const c = Math.min(bs, m - s); fn(s, c, ops.sub(kind.A, s, 0, c, n)); }
        return;
      }
      case 'blocks': {
        const bs = blockSize ?? kind.blockSize;
        for (let s = 0; s < m; s += bs) {
          const e = Math.min(m, s + bs);
          const B = kind.gen(s, e);
          try {
            if (!(B instanceof Matrix)) throw new InvalidInputError(`LinearOperator row-block generator: gen(${s}, ${e}) did not return a Matrix`);
            if (B.rows !== e - s || B.cols !== n) throw new ShapeError(`LinearOperator row-block generator: gen(${s}, ${e}) returned ${B.rows}×${B.cols}, expected ${e - s}×${n}`);
            fn(s, e - s, B);
          } finally {
            if (B instanceof Matrix) B.dispose();
          }
        }
        return;
      }
      case 'features': {
        const bs = Math.min(blockSize ?? kind.blockSize, m);
        const buf = Matrix.empty(bs, n);
        try {
          for (let s = 0; s < m; s += bs) {
            const e = Math.min(m, s + bs);
            if (e - s === bs) {
              computeFeatures(kind.X, kind.W, kind.b, { activation: kind.activation, alpha: kind.alpha, rowStart: s, rowEnd: e, ones: kind.ones, out: buf });
              fn(s, bs, buf);
            } else {
              const tail = computeFeatures(kind.X, kind.W, kind.b, { activation: kind.activation, alpha: kind.alpha, rowStart: s, rowEnd: e, ones: kind.ones });
              try { fn(s, e - s, tail); } finally { tail.dispose(); }
            }
          }
        } finally { buf.dispose(); }
        return;
      }
      case 'compose': {
        if (!this.hasRowBlocks) throw new OptionError('LinearOperator: rows of a composition A·N are only available when A has row blocks and N is a Matrix');
        const Nm = kind.N.denseMatrix!;
        const r = Nm.cols;
        kind.A.forEachRowBlock((start, count, rows) => {
          const out = Matrix.empty(count, r);
          try {
            product(0, 1, rows, Nm, 0, out);
            fn(start, count, out);
          } finally { out.dispose(); }
        }, blockSize);
        return;
      }
    }
  }
}
