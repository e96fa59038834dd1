// Every public entry point of src/index.ts as a fuzz entry: argument generators, the call, and
// the invariants its result must satisfy (finite outputs from finite inputs, scalar references).
import fc from 'fast-check';
import * as L from '../../src/index.js';
import { Matrix } from '../../src/index.js';
import type { Entry, Verdict } from './engine.js';
import { dim, junk, junkValue, mat, mode, options, square, vec, type Spec } from './specs.js';

const EPS = Number.EPSILON;
const junkOr = <T>(a: fc.Arbitrary<T>, w = 1): fc.Arbitrary<unknown> => fc.oneof({ weight: 8, arbitrary: a }, { weight: w, arbitrary: junk });
const num = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true });
const smallInt = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });

// ------------------------------------------------------------------ result checks

/** Values that must all be finite: numbers, Float64Arrays, Matrices, arrays of those. */
function firstNonFinite(x: unknown, path: string, depth = 0): string | null {
  if (depth > 3 || x === null || x === undefined) return null;
  if (typeof x === 'number') return Number.isFinite(x) ? null : `${path} = ${x}`;
  if (x instanceof Matrix) {
    if (x.disposed) return null;
    const v = x.view();
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return `${path}[${i % x.rows}, ${Math.floor(i / x.rows)}] = ${v[i]}`;
    return null;
  }
  if (x instanceof Float64Array || x instanceof Float32Array) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return `${path}[${i}] = ${x[i]}`;
    return null;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) { const r = firstNonFinite(x[i], `${path}[${i}]`, depth + 1); if (r) return r; }
  }
  return null;
}

/** Check: these fields of the result (or the result itself with '') are finite when the inputs were. */
function finiteFields(...keys: string[]): NonNullable<Entry['check']> {
  return (res, _args, { clean }) => {
    if (!clean) return null;
    for (const k of keys) {
      const v = k === '' ? res : (res as Record<string, unknown>)[k];
      const bad = firstNonFinite(v, k || 'result');
      if (bad) return { cls: 'nonfinite', detail: `non-finite output from finite inputs: ${bad}` };
    }
    return null;
  };
}

/** Dense row-major copy of a MatrixLike argument, or null when it is not one. */
export function dense(a: unknown): { r: number; c: number; v: number[] } | null {
  if (a instanceof Matrix) return a.disposed ? null : { r: a.rows, c: a.cols, v: [...a.toRowMajor()] };
  if (Array.isArray(a)) { const r = a.length, c = r ? (a[0] as ArrayLike<number>).length : 0; return { r, c, v: a.flatMap((row) => Array.from(row as ArrayLike<number>)) }; }
  if (a && typeof a === 'object' && 'data' in a) {
    const d = a as { data: ArrayLike<number>; rows: number; cols: number; order?: string };
    if (!Array.isArray(d.data) && !(d.data instanceof Float64Array)) return null;
    if (d.order !== 'column-major') return { r: d.rows, c: d.cols, v: Array.from(d.data) };
    const v = new Array<number>(d.rows * d.cols);
    for (let i = 0; i < d.rows; i++) for (let j = 0; j < d.cols; j++) v[i * d.cols + j] = d.data[i + j * d.rows]!;
    return { r: d.rows, c: d.cols, v };
  }
  return null;
}
const norm2 = (v: ArrayLike<number>): number => Math.hypot(...Array.from(v));
const frob = (d: { v: number[] }): number => norm2(d.v);

/** Scalar reference: C = op(A)·op(B) with plain loops, compared to `got` elementwise with a forward error bound. */
export function checkProduct(got: Matrix, A: { r: number; c: number; v: number[] }, B: { r: number; c: number; v: number[] }, ta: boolean, tb: boolean): Verdict | null {
  const m = ta ? A.c : A.r, k = ta ? A.r : A.c, n = tb ? B.r : B.c;
  const a = (i: number, p: number) => (ta ? A.v[p * A.c + i]! : A.v[i * A.c + p]!);
  const b = (p: number, j: number) => (tb ? B.v[j * B.c + p]! : B.v[p * B.c + j]!);
  if (got.rows !== m || got.cols !== n) return { cls: 'mismatch', detail: `product is ${got.rows}×${got.cols}, expected ${m}×${n}` };
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0, sa = 0;
    for (let p = 0; p < k; p++) { s += a(i, p) * b(p, j); sa += Math.abs(a(i, p) * b(p, j)); }
    const g = got.get(i, j);
    if (Math.abs(g - s) > 4 * (k + 1) * EPS * sa + 1e-300) return { cls: 'mismatch', detail: `product (${i}, ${j}) = ${g}, scalar reference ${s}` };
  }
  return null;
}

/**
 * lstsq residual optimality on well-posed inputs (tame, m ≥ n ≥ 1, no ridge):
 * ‖Aᵀ(Ax − b)‖ ≤ c·n·ε·‖A‖·(‖A‖‖x‖ + ‖b‖), the backward-stable bound of a least-squares solve.
 */
export function checkLstsq(res: unknown, args: unknown[], flags: { clean: boolean; tame: boolean }): Verdict | null {
  const fin = finiteFields('x', 'residualNorm', 'residualNorms')(res, args, flags);
  if (fin || !flags.tame) return fin;
  const o = (args[2] ?? {}) as Record<string, unknown>;
  if (o.ridge !== undefined || o.lambda !== undefined) return null;
  const A = dense(args[0]); const b = args[1];
  const x = (res as { x: unknown }).x;
  if (!A || !(b instanceof Float64Array || Array.isArray(b)) || !(x instanceof Float64Array) || A.r < A.c || A.c === 0) return null;
  const m = A.r, n = A.c;
  const r = new Float64Array(m);
  for (let i = 0; i < m; i++) { let s = -(b as ArrayLike<number>)[i]!; for (let j = 0; j < n; j++) s += A.v[i * n + j]! * x[j]!; r[i] = s; }
  const g = new Float64Array(n);
  for (let j = 0; j < n; j++) { let s = 0; for (let i = 0; i < m; i++) s += A.v[i * n + j]! * r[i]!; g[j] = s; }
  const nA = frob(A), bound = 50 * n * EPS * nA * (nA * norm2(x) + norm2(b as ArrayLike<number>));
  // iterative methods stop at their tolerance (default 1e-10-ish): compare with a tolerance-scaled bound
  const method = String(o.method ?? 'svd');
  const tol = method === 'lsqr' || method === 'lsrn' || method === 'split' ? 1e-6 * nA * (nA * norm2(x) + norm2(b as ArrayLike<number>)) : bound;
  if (norm2(g) > Math.max(tol, 1e-280)) return { cls: 'mismatch', detail: `lstsq(${method}): ‖Aᵀ(Ax − b)‖ = ${norm2(g).toExponential(3)} > bound ${tol.toExponential(3)} (${m}×${n})` };
  return null;
}

// ------------------------------------------------------------------ argument pieces

const lstsqMethods = fc.constantFrom(...L.LSTSQ_METHODS);
const lstsqOpts = options({
  method: lstsqMethods, rcond: num(0, 1), lambda: num(0, 10), ridge: fc.oneof(num(0, 10), fc.constant('gcv'), fc.constant('lcurve')),
  ridgePerColumn: fc.boolean(), solverOptions: fc.constant({}),
});
const xLike = (rows?: fc.Arbitrary<number>, cols?: fc.Arbitrary<number>): fc.Arbitrary<Spec> => mat({ rows: rows ?? dim(0, 40), cols: cols ?? dim(0, 8) });
/** A (A, b) pair with matching rows most of the time. */
const systemArgs = (opts: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> =>
  fc.tuple(dim(0, 70), dim(0, 12), fc.boolean(), mode, fc.nat()).chain(([m, n, asMatrixB, md, s]) =>
    fc.tuple(
      mat({ rows: fc.constant(m), cols: fc.constant(n), modes: fc.constant(md) }),
      fc.oneof({ weight: 6, arbitrary: asMatrixB ? mat({ rows: fc.constant(m), cols: smallInt(1, 3), modes: fc.constant(md) }) : vec(fc.constant(m), fc.constant(md)) },
        { weight: 1, arbitrary: vec(dim(0, 70)) }),
      opts,
    ).map((t) => (s % 50 === 0 ? [t[0]] : t)));

const modelData = (task: 'regression' | 'classification' = 'regression'): fc.Arbitrary<[Spec, Spec]> =>
  fc.tuple(dim(0, 30), dim(0, 5), mode).chain(([n, d, md]) => fc.tuple(
    mat({ rows: fc.constant(n), cols: fc.constant(d), modes: fc.constant(md) }),
    task === 'classification' ? vec(fc.constant(n), fc.constant<'int'>('int')) : fc.oneof(vec(fc.constant(n), fc.constant(md)), mat({ rows: fc.constant(n), cols: smallInt(1, 2), modes: fc.constant(md) })),
  ));

// ------------------------------------------------------------------ the entries

/** A method call on a matrix: `name` of the method, its extra arguments. */
function matrixMethod(name: string, extra: fc.Arbitrary<unknown[]>, check?: Entry['check']): Entry {
  return {
    name: `Matrix.${name}`, covers: ['Matrix'],
    args: fc.tuple(mat({ junkWeight: 0, forms: fc.constant('matrix') }), extra).map(([m, e]) => [m, ...e]),
    call: (m, ...rest) => (m as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!.call(m, ...rest),
    check,
  };
}

const idx = fc.oneof(smallInt(-2, 10), junkValue);

export const ENTRIES: readonly Entry[] = [
  // ---- runtime / memory
  { name: 'runtime', covers: ['isInitialized', 'runtimeInfo', 'liveBytes', 'liveBlocks', 'memoryBytes'], args: fc.array(junkValue, { maxLength: 2 }),
    call: (...a) => [L.isInitialized(...(a as [])), L.runtimeInfo(...(a as [])), L.liveBytes(...(a as [])), L.liveBlocks(...(a as [])), L.memoryBytes(...(a as []))],
    check: (r) => { const [ini, , lb, bl, mb] = r as [boolean, unknown, number, number, number]; return ini === true && lb >= 0 && bl >= 0 && mb > 0 ? null : { cls: 'mismatch', detail: `runtime state ${String(r)}` }; } },
  // ---- errors
  { name: 'errors', covers: ['LsqnetError', 'ShapeError', 'InvalidInputError', 'OptionError', 'OutOfMemoryError', 'NotInitializedError', 'DisposedError', 'NotFittedError', 'NonFiniteError'],
    args: fc.tuple(fc.constantFrom('ShapeError', 'InvalidInputError', 'OptionError', 'OutOfMemoryError', 'NotInitializedError', 'DisposedError', 'NotFittedError', 'NonFiniteError'), junkValue),
    call: (name, arg) => { const C = (L as unknown as Record<string, new (x: unknown) => Error>)[name as string]!; return new C(arg); },
    check: (e) => (e instanceof L.LsqnetError && typeof (e as Error).message === 'string' && typeof (e as L.LsqnetError).code === 'string' ? null : { cls: 'mismatch', detail: 'error class is not an LsqnetError with a code' }) },
  // ---- Matrix constructors
  { name: 'new Matrix', covers: ['Matrix'], args: fc.oneof(fc.tuple(junkOr(dim()), junkOr(dim())), fc.tuple(mat({ forms: fc.constantFrom('rows', 'ragged', 'badcell', 'nested', 'f64rows') }))),
    call: (a, b) => (b === undefined ? new (Matrix as unknown as new (x: unknown) => Matrix)(a) : new (Matrix as unknown as new (x: unknown, y: unknown) => Matrix)(a, b)) },
  { name: 'Matrix.zeros/full/eye', covers: ['Matrix'], args: fc.tuple(fc.constantFrom('zeros', 'full', 'eye'), junkOr(dim()), junkOr(dim()), junkOr(fc.double())),
    call: (k, r, c, v) => (k === 'zeros' ? Matrix.zeros(r as number, c as number) : k === 'eye' ? Matrix.eye(r as number, c as number) : Matrix.full(r as number, c as number, v as number)) },
  { name: 'Matrix.fromRows', covers: ['Matrix'], args: fc.tuple(junkOr(mat({ forms: fc.constantFrom('rows', 'ragged', 'badcell', 'nested', 'f64rows') }))), call: (r) => Matrix.fromRows(r as number[][]) },
  { name: 'Matrix.fromRowMajor/fromColumnMajor', covers: ['Matrix'],
    args: fc.tuple(fc.boolean(), vec(dim(0, 70)), junkOr(dim(0, 10)), junkOr(dim(0, 10))),
    call: (rm, d, r, c) => (rm ? Matrix.fromRowMajor(d as number[], r as number, c as number) : Matrix.fromColumnMajor(d as number[], r as number, c as number)) },
  { name: 'Matrix.fromVector', covers: ['Matrix'], args: fc.tuple(vec()), call: (v) => Matrix.fromVector(v as number[]) },
  { name: 'Matrix.random', covers: ['Matrix'],
    args: fc.tuple(junkOr(dim()), junkOr(dim()), options({ seed: fc.nat(), dist: fc.constantFrom('normal', 'uniform'), stream: fc.nat(), mean: num(-5, 5), sd: num(0, 5), low: num(-5, 0), high: num(0, 5) })),
    call: (r, c, o) => Matrix.random(r as number, c as number, o as L.RandomOptions), check: finiteFields('') },
  { name: 'Matrix.from', covers: ['Matrix'], args: fc.tuple(mat({ junkWeight: 3 }), fc.oneof(fc.constant(undefined), fc.string({ maxLength: 4 }), junkValue)),
    call: (x, name) => Matrix.from(x as L.MatrixLike, name as string) },
  // ---- Matrix methods
  matrixMethod('get', fc.tuple(idx, idx)),
  matrixMethod('set', fc.tuple(idx, idx, junkOr(fc.double()))),
  matrixMethod('row', fc.tuple(idx)),
  matrixMethod('column', fc.tuple(idx)),
  matrixMethod('block', fc.tuple(idx, idx, idx, idx)),
  matrixMethod('columns', fc.tuple(idx, idx)),
  matrixMethod('rowRange', fc.tuple(idx, idx)),
  matrixMethod('setBlock', fc.tuple(idx, idx, mat({ rows: dim(0, 4), cols: dim(0, 4), forms: fc.constant('matrix') }))),
  matrixMethod('toRows', fc.constant([])),
  matrixMethod('toString', fc.constant([])),
  matrixMethod('clone', fc.constant([])),
  matrixMethod('transpose', fc.constant([]), (res, args, { clean }) => {
    if (!clean) return null;
    const A = dense(args[0]), T = res as Matrix;
    if (!A) return null;
    for (let i = 0; i < A.r; i++) for (let j = 0; j < A.c; j++) if (!Object.is(T.get(j, i), A.v[i * A.c + j])) return { cls: 'mismatch', detail: `transpose (${j}, ${i})` };
    return null;
  }),
  matrixMethod('scale', fc.tuple(junkOr(num(-4, 4)))),
  matrixMethod('assertFinite', fc.tuple(fc.oneof(fc.constant(undefined), fc.string({ maxLength: 5 }), junkValue))),
  { name: 'Matrix.matmul', covers: ['Matrix'],
    args: fc.tuple(dim(0, 20), dim(0, 20), dim(0, 20), fc.boolean(), fc.boolean(), mode).chain(([m, k, n, ta, tb, md]) => fc.tuple(
      mat({ rows: fc.constant(ta ? k : m), cols: fc.constant(ta ? m : k), modes: fc.constant(md), forms: fc.constant('matrix'), junkWeight: 0 }),
      mat({ rows: fc.constant(tb ? n : k), cols: fc.constant(tb ? k : n), modes: fc.constant(md) }),
      options({ transA: fc.constant(ta), transB: fc.constant(tb) }))),
    call: (a, b, o) => (a as Matrix).matmul(b as L.MatrixLike, o as { transA?: boolean }),
    check: (res, args, { tame }) => {
      if (!tame) return null;
      const A = dense(args[0]), B = dense(args[1]), o = (args[2] ?? {}) as { transA?: boolean; transB?: boolean };
      return A && B ? checkProduct(res as Matrix, A, B, !!o.transA, !!o.transB) : null;
    } },
  { name: 'Matrix.add/sub', covers: ['Matrix'],
    args: fc.tuple(dim(0, 20), dim(0, 20), fc.boolean()).chain(([m, n, sub]) => fc.tuple(fc.constant(sub),
      mat({ rows: fc.constant(m), cols: fc.constant(n), forms: fc.constant('matrix'), junkWeight: 0 }), mat({ rows: fc.constant(m), cols: fc.constant(n) }), junkOr(num(-3, 3)))),
    call: (sub, a, b, alpha) => (sub ? (a as Matrix).sub(b as L.MatrixLike) : (a as Matrix).add(b as L.MatrixLike, alpha as number)),
    check: (res, args, { tame }) => {
      if (!tame) return null;
      const A = dense(args[1])!, B = dense(args[2])!, al = args[0] ? -1 : (args[3] as number | undefined) ?? 1, R = res as Matrix;
      for (let i = 0; i < A.r; i++) for (let j = 0; j < A.c; j++) {
        const e = A.v[i * A.c + j]! + al * B.v[i * B.c + j]!;
        if (Math.abs(R.get(i, j) - e) > 4 * EPS * (Math.abs(A.v[i * A.c + j]!) + Math.abs(al * B.v[i * B.c + j]!))) return { cls: 'mismatch', detail: `add (${i}, ${j})` };
      }
      return null;
    } },
  // ---- scope
  { name: 'scope/keep', covers: ['scope', 'keep'], args: fc.tuple(fc.constantFrom('fn', 'junk', 'keep'), junkValue),
    call: (k, j) => (k === 'fn' ? L.scope(() => { Matrix.zeros(2, 2); return [L.keep(Matrix.eye(2))]; })
      : k === 'keep' ? L.scope(() => L.keep(j as L.Disposable)) : L.scope(j as () => unknown)) },
  // ---- dense linear algebra
  { name: 'lstsq', covers: ['lstsq', 'LSTSQ_METHODS'], args: systemArgs(lstsqOpts), weight: 4,
    call: (a, b, o) => L.lstsq(a as L.MatrixLike, b as number[], o as L.LstsqOptions), check: checkLstsq },
  { name: 'qr', covers: ['qr', 'QRResult'], weight: 2,
    args: fc.tuple(mat(), options({ pivoting: fc.boolean(), mode: fc.constantFrom('full', 'r') }), fc.constantFrom('Q', 'rank', 'applyQt', 'none')),
    call: (a, o, then) => {
      const f = L.qr(a as L.MatrixLike, o as L.QROptions);
      try {
        if (then === 'Q') return [f.Q()];
        if (then === 'rank') return [f.rank()];
        if (then === 'applyQt') { const B = Matrix.random(f.rows, 2); try { return [f.applyQt(B)]; } finally { B.dispose(); } }
        return [f];
      } finally { if (then !== 'none') f.dispose(); }
    },
    check: (r, a, f) => finiteFields('')((r as unknown[]).map((x) => (x instanceof L.QRResult ? x.R : x)), a, f) },
  { name: 'cholesky', covers: ['cholesky', 'CholeskyResult'], args: fc.tuple(square(), options({ lambda: num(0, 10) })),
    call: (s, o) => L.cholesky(s as L.MatrixLike, o as L.CholeskyOptions),
    check: (r, a, f) => ((r as L.CholeskyResult).ok ? finiteFields('L')(r, a, f) : null) },
  { name: 'svd', covers: ['svd', 'SVDResult'], weight: 2, args: fc.tuple(mat(), options({ vectors: fc.boolean() })),
    call: (a, o) => { const r = L.svd(a as L.MatrixLike, o as L.SVDOptions); return Object.assign(r, { rankValue: r.rank() }); },
    check: finiteFields('s', 'U', 'V', 'rankValue') },
  { name: 'eigh', covers: ['eigh', 'EighResult'], args: fc.tuple(square(), options({ vectors: fc.boolean() })),
    call: (s, o) => {
      // a symmetric input: (S + Sᵀ)/2 of a well-formed square matrix, the raw argument otherwise
      const d = dense(s);
      const sym = d && d.r === d.c && d.v.every((x) => typeof x === 'number')
        ? Array.from({ length: d.r }, (_, i) => Array.from({ length: d.c }, (_, j) => (i === j ? d.v[i * d.c + j]! : d.v[Math.min(i, j) * d.c + Math.max(i, j)]!)))
        : s;
      return L.eigh(sym as L.MatrixLike, o as L.EighOptions);
    },
    check: finiteFields('values', 'vectors') },
  { name: 'ridgeFromGram', covers: ['ridgeFromGram'],
    args: fc.tuple(dim(1, 12), smallInt(1, 3)).chain(([n, k]) => fc.tuple(square({ n: fc.constant(n) }), mat({ rows: fc.constant(n), cols: fc.constant(k) }), vec(fc.constant(k)), junkOr(smallInt(0, 100)),
      options({ lambda: fc.oneof(num(0, 10), fc.constant('gcv')) }))),
    call: (G, AtB, btb, m, o) => L.ridgeFromGram(G as L.MatrixLike, AtB as L.MatrixLike, btb as number[], m as number, o as L.GramRidgeOptions),
    check: finiteFields('X', 'lambda', 'dof') },
  { name: 'features', covers: ['features', 'ACTIVATIONS'],
    args: fc.tuple(dim(0, 30), dim(0, 6), dim(0, 20)).chain(([n, d, h]) => fc.tuple(
      mat({ rows: fc.constant(n), cols: fc.constant(d) }), mat({ rows: fc.constant(d), cols: fc.constant(h) }),
      fc.oneof(vec(fc.constant(h)), fc.constant({ t: 'junk', v: null })),
      options({ activation: fc.constantFrom(...L.ACTIVATIONS), alpha: num(0, 1), rowStart: smallInt(0, n), rowEnd: smallInt(0, n), ones: fc.boolean() }))),
    call: (X, W, b, o) => L.features(X as L.MatrixLike, W as L.MatrixLike, b as number[] | null, o as L.FeatureOptions),
    check: finiteFields('') },
  // ---- iterative solvers and operators
  { name: 'LinearOperator', covers: ['LinearOperator'],
    args: fc.constantFrom('fromMatrix', 'compose', 'features', 'fromRowBlocks').chain((kind) => fc.tuple(fc.constant(kind), mat({ rows: dim(0, 30), cols: dim(0, 8) }), mat({ rows: dim(0, 8), cols: dim(0, 8) }),
      fc.constantFrom('matvec', 'rmatvec', 'matmat', 'rmatmat', 'toMatrix', 'toString'), vec(dim(0, 30)),
      // options exist only for features and fromRowBlocks
      kind === 'features' || kind === 'fromRowBlocks' ? options({ blockSize: smallInt(1, 64) }) : fc.constant(undefined))),
    call: (kind, A, B, op, v, o) => {
      const lin = kind === 'fromMatrix' ? L.LinearOperator.fromMatrix(A as L.MatrixLike)
        : kind === 'compose' ? L.LinearOperator.compose(A as Matrix, B as Matrix)
          : kind === 'features' ? L.LinearOperator.features(A as L.MatrixLike, B as L.MatrixLike, null, o as L.FeatureOperatorOptions)
            : L.LinearOperator.fromRowBlocks((dense(A)?.r ?? 3), (dense(A)?.c ?? 2), (s, e) => Matrix.zeros(e - s, dense(A)?.c ?? 2), o as L.RowBlockOptions);
      try {
        const f = (lin as unknown as Record<string, (x: unknown) => unknown>)[op as string]!;
        return [f.call(lin, op === 'matmat' || op === 'rmatmat' ? B : v)];
      } finally { lin.dispose(); }
    },
    check: finiteFields('') },
  { name: 'lsqr', covers: ['lsqr', 'LSQR_MESSAGES'], weight: 2,
    args: systemArgs(options({ damp: num(0, 2), atol: num(0, 1e-3), btol: num(0, 1e-3), conlim: num(1, 1e12), maxIter: smallInt(0, 200), x0: vec(dim(0, 12)) })),
    call: (a, b, o) => L.lsqr(a as L.MatrixLike, b as number[], o as L.LsqrOptions), check: finiteFields('x') },
  { name: 'lsrn', covers: ['lsrn'], weight: 2,
    args: systemArgs(options({ oversampling: num(1, 4), rcond: num(0, 1e-3), sketch: fc.constantFrom('gaussian', 'sparse'), zeta: smallInt(1, 8), solver: fc.constantFrom('lsqr', 'chebyshev'), seed: fc.nat(), blockSize: smallInt(1, 64), tol: num(1e-14, 1e-3), maxIter: smallInt(1, 200), pFail: num(1e-6, 0.5) })),
    call: (a, b, o) => L.lsrn(a as L.MatrixLike, b as number[], o as L.LsrnOptions), check: finiteFields('x') },
  { name: 'splitSolve', covers: ['splitSolve'], weight: 2,
    args: systemArgs(options({ splits: smallInt(1, 6), order: fc.constantFrom('ordered', 'sorted', 'sorted-desc', 'random'), solver: fc.constantFrom('svd', 'qr', 'lsrn'), rcond: num(0, 1e-3), seed: fc.nat(), biasColumn: fc.boolean() })),
    call: (a, b, o) => L.splitSolve(a as L.MatrixLike, b as number[], o as L.SplitOptions), check: finiteFields('x') },
  { name: 'sketchSolve', covers: ['sketchSolve'], weight: 2,
    args: systemArgs(options({ rows: smallInt(1, 100), sampling: fc.constantFrom('uniform', 'leverage', 'approx-leverage'), seed: fc.nat(), rcond: num(0, 1e-3) })),
    call: (a, b, o) => L.sketchSolve(a as L.MatrixLike, b as number[], o as L.SketchSolveOptions), check: finiteFields('x') },
  // ---- Newton for softmax / logistic regression
  { name: 'newton', covers: ['newton'], weight: 2,
    args: fc.tuple(dim(0, 30), dim(0, 6), fc.constantFrom('softmax', 'logistic')).chain(([n, p, loss]) => fc.tuple(
      mat({ rows: fc.constant(n), cols: fc.constant(p) }),
      junkOr(fc.array(smallInt(0, loss === 'softmax' ? 3 : 1), { minLength: n, maxLength: n })),
      fc.constant(loss), junkOr(num(0, 1)),
      options({ mode: fc.constantFrom('full', 'subsampled'), step: fc.constantFrom('trust-region', 'line-search'), tol: num(1e-12, 1e-2), maxIter: smallInt(0, 30), cgTol: num(1e-3, 1), maxCg: smallInt(1, 50), hessianSample: smallInt(1, 40), sampling: fc.constantFrom('uniform', 'row-norm'), radius: num(1e-3, 10), seed: fc.nat() }))),
    call: (X, labels, loss, lambda, o) => {
      const r = L.newton({ loss, X, labels, lambda } as L.NewtonProblem, o as L.NewtonOptions);
      try { return { objective: r.objective, gradientNorm: r.gradientNorm, W: r.W.toColumnMajor() }; } finally { r.W.dispose(); }
    },
    check: finiteFields('objective', 'gradientNorm', 'W') },
  { name: 'newtonOracle', covers: ['newtonOracle'],
    args: fc.tuple(dim(0, 20), dim(0, 5)).chain(([n, p]) => fc.tuple(
      mat({ rows: fc.constant(n), cols: fc.constant(p) }),
      junkOr(fc.array(smallInt(0, 2), { minLength: n, maxLength: n })), junkOr(num(0, 1)),
      mat({ rows: fc.constant(p), cols: fc.constantFrom(3, 2) }), mat({ rows: fc.constant(p), cols: fc.constant(3) }))),
    call: (X, labels, lambda, W, V) => {
      const or = L.newtonOracle({ loss: 'softmax', X, labels, lambda, classes: 3 } as L.NewtonProblem);
      try {
        const f = or.objective(W as Matrix);
        const g = or.gradient(W as Matrix);
        try {
          const h = or.hessianVector(W as Matrix, V as Matrix);
          try { return { f, g: g.toColumnMajor(), h: h.toColumnMajor() }; } finally { h.dispose(); }
        } finally { g.dispose(); }
      } finally { or.dispose(); }
    },
    check: finiteFields('f', 'g', 'h') },
  // ---- sampled networks
  { name: 'sampleSwimLayer', covers: ['sampleSwimLayer', 'SAMPLERS', 'SAMPLED_ACTIVATIONS'],
    args: fc.tuple(dim(0, 30), dim(0, 5)).chain(([n, d]) => fc.tuple(mat({ rows: fc.constant(n), cols: fc.constant(d), forms: fc.constant('matrix') }),
      fc.oneof(mat({ rows: fc.constant(n), cols: smallInt(1, 2), forms: fc.constant('matrix') }), fc.constant({ t: 'junk', v: null })),
      options({ width: smallInt(1, 20), activation: fc.constantFrom(...L.SAMPLED_ACTIVATIONS), seed: fc.nat(), sampler: fc.constantFrom(...L.SAMPLERS), classification: fc.boolean(), repetitionScaler: smallInt(1, 3), pruneDuplicates: fc.boolean(), distMin: num(1e-12, 1) }, 0))),
    call: (X, Y, o) => L.sampleSwimLayer(X as Matrix, Y as Matrix | null, o as L.SwimLayerOptions), check: finiteFields('W', 'b') },
  { name: 'layerSeed', covers: ['layerSeed'], args: fc.tuple(junkOr(fc.nat()), junkOr(smallInt(0, 10))),
    call: (s, l) => L.layerSeed(s as number, l as number), check: (r) => (Number.isSafeInteger(r) && (r as number) >= 0 ? null : { cls: 'mismatch', detail: `layerSeed gave ${String(r)}` }) },
  modelEntry('SampledNetwork', (o) => new L.SampledNetwork(o as L.SampledNetworkOptions),
    options({ layers: fc.array(smallInt(1, 12), { minLength: 1, maxLength: 2 }), activation: fc.constantFrom(...L.SAMPLED_ACTIVATIONS), sampler: fc.constantFrom(...L.SAMPLERS), task: fc.constantFrom('regression', 'classification'), solver: fc.constantFrom(...L.LSTSQ_METHODS), seed: fc.nat(), regularization: fc.oneof(num(0, 1), fc.constant('gcv')), scaler: fc.constantFrom('none', 'standard') }),
    (j) => L.SampledNetwork.fromJSON(j)),
  modelEntry('GradientNetwork', (o) => new L.GradientNetwork(o as L.GradientNetworkOptions),
    options({ hidden: smallInt(1, 8), alpha: num(0, 0.5), optimizer: fc.constantFrom('adam', 'sgd', 'lbfgs'), epochs: smallInt(0, 20), learningRate: num(1e-4, 20), batchSize: smallInt(1, 16), seed: fc.nat() }),
    (j) => L.GradientNetwork.fromJSON(j)),
  modelEntry('AnminNetwork', (o) => new L.AnminNetwork(o as L.AnminNetworkOptions),
    options({ hidden: smallInt(1, 8), alpha: num(0, 0.5), lambda: num(0, 1), iterations: smallInt(0, 4), clamp: num(1e-6, 1), seed: fc.nat(), select: fc.constantFrom('train-mse', 'last'), outputRegularization: fc.constantFrom('fixed', 'gcv') }),
    (j) => L.AnminNetwork.fromJSON(j)),
  // ---- data
  { name: 'parseCsv/CsvTable', covers: ['parseCsv', 'CsvTable'],
    args: fc.tuple(junkOr(csvText()), options({ header: fc.boolean(), delimiter: fc.constantFrom(',', ';', '\t', '|', 'auto'), source: fc.string({ maxLength: 5 }) }),
      fc.constantFrom('column', 'select', 'strings', 'cell', 'numericOrMissing', 'profile'), junkOr(fc.constantFrom('a', 'b', 'x', 'c0', 'c1'))),
    call: (text, o, method, col) => {
      const t = L.parseCsv(text as string, o as L.CsvOptions);
      if (method === 'cell') return [t.cell(0, col as string)];
      if (method === 'select') return [t.select([col as string])];
      const f = (t as unknown as Record<string, ((c: unknown) => unknown) | undefined>)[method as string];
      return [typeof f === 'function' ? f.call(t, col) : t.columns];
    } },
  { name: 'loadCsv', covers: ['loadCsv'], args: fc.tuple(junkOr(fc.constantFrom('/nonexistent/x.csv', '', '/', '/etc/hostname', 'test/fixtures')), options({ header: fc.boolean() })),
    call: (p, o) => L.loadCsv(p as string, o as L.CsvOptions) },
  { name: 'trainTestSplit/permutation', covers: ['trainTestSplit', 'permutation'],
    args: fc.boolean().chain((perm) => fc.tuple(fc.constant(perm), junkOr(fc.oneof(smallInt(0, 200), fc.constantFrom(2 ** 31 - 1, 2 ** 53, 1e308))),
      perm ? junkOr(fc.nat()) : options({ testFraction: num(0, 1), seed: fc.nat() }))),
    call: (perm, n, o) => (perm ? L.permutation(n as number, o as number | undefined) : L.trainTestSplit(n as number, o as L.TrainTestSplitOptions)),
    check: (r, a, f) => {
      if (!f.clean) return null;
      const n = a[1] as number;
      const all = r instanceof Int32Array ? [...r] : [...(r as L.Split).train, ...(r as L.Split).test];
      const sorted = all.sort((x, y) => x - y);
      return sorted.length === n && sorted.every((v, i) => v === i) ? null : { cls: 'mismatch', detail: `not a permutation of 0..${n - 1}` };
    } },
  { name: 'takeRows', covers: ['takeRows'], args: fc.tuple(mat({ rows: dim(0, 20), cols: dim(0, 5) }), junkOr(fc.array(fc.oneof(smallInt(-1, 20), junkValue), { maxLength: 30 }))),
    call: (X, i) => L.takeRows(X as L.MatrixLike, i as number[]) },
  { name: 'StandardScaler', covers: ['StandardScaler'],
    args: fc.tuple(dim(0, 30), dim(0, 6)).chain(([n, d]) => fc.tuple(mat({ rows: fc.constant(n), cols: fc.constant(d) }), mat({ rows: dim(0, 10), cols: fc.constant(d) }),
      fc.constantFrom('transform', 'inverseTransform', 'json', 'fromJSON-junk'), junkValue)),
    call: (X, Z, k, j) => {
      if (k === 'fromJSON-junk') return L.StandardScaler.fromJSON(j as L.StandardScalerJSON);
      const s = new L.StandardScaler().fit(X as L.MatrixLike);
      if (k === 'json') return L.StandardScaler.fromJSON(JSON.parse(JSON.stringify(s.toJSON())) as L.StandardScalerJSON).transform(Z as L.MatrixLike);
      return k === 'transform' ? s.transform(Z as L.MatrixLike) : s.inverseTransform(Z as L.MatrixLike);
    },
    check: finiteFields('') },
  { name: 'centerTargets/uncenterTargets', covers: ['centerTargets', 'uncenterTargets'],
    args: fc.tuple(fc.boolean(), dim(0, 30), smallInt(1, 3)).chain(([c, n, k]) => fc.tuple(fc.constant(c), fc.oneof(mat({ rows: fc.constant(n), cols: fc.constant(k) }), vec(fc.constant(n))),
      fc.oneof(vec(fc.constant(k)), fc.constant({ t: 'junk', v: undefined })))),
    call: (c, Y, mu) => (c ? L.centerTargets(Y as L.MatrixLike, mu as number[] | undefined) : L.uncenterTargets(Y as L.MatrixLike, mu as number[])),
    check: (r, a, f) => finiteFields('')(r instanceof Matrix ? r : (r as L.CenteredTargets).Y, a, f) },
  { name: 'oneHot', covers: ['oneHot'], args: fc.tuple(vec(dim(0, 40), fc.constantFrom('int', 'normal', 'special')), options({ classes: vec(dim(0, 6), fc.constant('int')) })),
    call: (l, o) => L.oneHot(l as number[], o as { classes?: number[] }),
    check: (r, a, f) => finiteFields('')((r as L.OneHot).Y, a, f) },
  { name: 'lsqrStagnationWindow', covers: ['lsqrStagnationWindow'], args: fc.tuple(junkOr(fc.oneof(dim(0, 1000), fc.constantFrom(2 ** 31 - 1)))),
    call: (n) => L.lsqrStagnationWindow(n as number),
    check: (r, a) => (r === Math.max(100, a[0] as number) ? null : { cls: 'mismatch', detail: `lsqrStagnationWindow(${String(a[0])}) gave ${String(r)}, expected max(100, n)` }) },
  // ---- data: CSV helpers, preprocessing, metrics, the Pipeline
  { name: 'isMissing/sniffDelimiter', covers: ['isMissing', 'sniffDelimiter', 'MISSING_MARKERS', 'SNIFFED_DELIMITERS'],
    args: fc.tuple(fc.boolean(), junkOr(fc.oneof(csvText(), fc.constantFrom(...L.MISSING_MARKERS, ' NA ', '0', 'x', '\t?\n'), fc.string({ maxLength: 6 }))), fc.oneof(fc.constant(undefined), junkOr(smallInt(1, 30)))),
    call: (miss, text, k) => (miss ? L.isMissing(text as string) : L.sniffDelimiter(text as string, k as number | undefined)),
    check: (r, a) => {
      if (a[0]) {
        const expect = typeof a[1] === 'string' && L.MISSING_MARKERS.includes(a[1].trim());
        return r === expect ? null : { cls: 'mismatch', detail: `isMissing(${JSON.stringify(a[1])}) gave ${String(r)}` };
      }
      return L.SNIFFED_DELIMITERS.includes(r as string) ? null : { cls: 'mismatch', detail: `sniffDelimiter gave ${JSON.stringify(r)}, not one of the candidates` };
    } },
  { name: 'accuracy/confusionMatrix', covers: ['accuracy', 'confusionMatrix'],
    args: fc.tuple(fc.boolean(), dim(0, 40), fc.boolean()).chain(([acc, n, str]) => fc.tuple(fc.constant(acc), labelsArg(n, str), fc.oneof({ weight: 6, arbitrary: labelsArg(n, str) }, { weight: 1, arbitrary: labelsArg(dim(0, 40), str) }),
      acc ? fc.constant(undefined) : options({ labels: labelsArg(dim(1, 5), str) }))),
    call: (acc, t, p, o) => (acc ? L.accuracy(t as L.Label[], p as L.Label[]) : L.confusionMatrix(t as L.Label[], p as L.Label[], o as L.ConfusionMatrixOptions)),
    check: (r, a) => {
      const t = a[1] as L.Label[], p = a[2] as L.Label[];
      if (a[0]) {
        // scalar reference: the fraction of equal pairs
        let hit = 0;
        for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hit++;
        return r === hit / t.length ? null : { cls: 'mismatch', detail: `accuracy ${String(r)}, scalar reference ${hit / t.length}` };
      }
      // scalar reference: count every pair whose labels are both listed
      const cm = r as L.ConfusionMatrix;
      for (let i = 0; i < cm.labels.length; i++) for (let j = 0; j < cm.labels.length; j++) {
        let c = 0;
        for (let s = 0; s < t.length; s++) if (t[s] === cm.labels[i] && p[s] === cm.labels[j]) c++;
        if (cm.matrix[i]![j] !== c) return { cls: 'mismatch', detail: `confusionMatrix[${i}][${j}] = ${cm.matrix[i]![j]}, scalar count ${c}` };
      }
      const given = (a[3] as { labels?: L.Label[] } | undefined)?.labels;
      const expectLabels = given ? [...given] : [...new Set([...t, ...p])].sort((x, y) => (typeof x === 'number' ? (x as number) - (y as number) : x < y ? -1 : x > y ? 1 : 0));
      return JSON.stringify(cm.labels) === JSON.stringify(expectLabels) ? null : { cls: 'mismatch', detail: `confusionMatrix labels ${JSON.stringify(cm.labels)}, expected ${JSON.stringify(expectLabels)}` };
    } },
  { name: 'r2Score', covers: ['r2Score'],
    args: fc.tuple(dim(0, 30), smallInt(1, 3), fc.boolean(), mode).chain(([n, k, asVec, md]) => {
      const y = asVec ? vec(fc.constant(n), fc.constant(md)) : mat({ rows: fc.constant(n), cols: fc.constant(k), modes: fc.constant(md) });
      return fc.tuple(y, fc.oneof({ weight: 6, arbitrary: y }, { weight: 1, arbitrary: asVec ? vec() : mat() }),
        options({ multioutput: fc.oneof(fc.constantFrom('uniform_average', 'variance_weighted', 'raw_values'), fc.array(num(0, 2), { minLength: k, maxLength: k })) }));
    }),
    call: (t, p, o) => L.r2Score(t as L.Targets, p as L.Targets, o as L.R2Options),
    check: (r, a, f) => {
      const fin = finiteFields('')(r, a, f);
      if (fin || !f.tame || !(Array.isArray(a[0]) || a[0] instanceof Float64Array) || typeof a[0][0] !== 'number') return fin;
      // scalar reference for a vector: 1 − SSres/SStot (1 / 0 for a constant yTrue)
      const t = a[0] as ArrayLike<number>, p = a[1] as ArrayLike<number>, n = t.length;
      let mean = 0; for (let i = 0; i < n; i++) mean += t[i]! / n;
      let sres = 0, stot = 0; for (let i = 0; i < n; i++) { sres += (t[i]! - p[i]!) ** 2; stot += (t[i]! - mean) ** 2; }
      const constant = Array.from(t).every((v) => v === t[0]);
      const ref = constant ? (sres === 0 ? 1 : 0) : 1 - sres / stot;
      const got = typeof r === 'number' ? r : (r as Float64Array)[0]!;
      return Math.abs(got - ref) <= 1e-9 * Math.max(1, Math.abs(ref)) ? null : { cls: 'mismatch', detail: `r2Score ${got}, scalar reference ${ref}` };
    } },
  { name: 'logLoss', covers: ['logLoss'],
    args: dim(0, 30).chain((n) => fc.tuple(
      fc.oneof({ weight: 6, arbitrary: fc.array(smallInt(0, 1), { minLength: n, maxLength: n }) }, { weight: 1, arbitrary: labelsArg(n, false) }, { weight: 1, arbitrary: junk }),
      fc.oneof({ weight: 6, arbitrary: fc.array(num(0, 1), { minLength: n, maxLength: n }) }, { weight: 1, arbitrary: vec(fc.constant(n)) }, { weight: 1, arbitrary: mat({ rows: fc.constant(n), cols: smallInt(1, 3) }) }),
      options({ labels: fc.constant([0, 1]), eps: num(0, 0.49), normalize: fc.boolean() }))),
    call: (t, p, o) => L.logLoss(t as L.Label[], p as number[], o as L.LogLossOptions),
    check: (r, a, f) => {
      const fin = finiteFields('')(r, a, f);
      const t = a[0], p = a[1], o = (a[2] ?? {}) as L.LogLossOptions;
      if (fin || !Array.isArray(t) || !Array.isArray(p) || typeof p[0] !== 'number') return fin;
      // scalar reference, binary vector form: p is the probability of the larger of the two
      // classes (sorted labels of yTrue, or the 'labels' option); −mean log clip(p or 1 − p)
      const classes = [...new Set((o.labels ?? t) as number[])].sort((x, y) => x - y);
      if (classes.length !== 2) return null;
      const eps = o.eps ?? EPS;
      let s = 0;
      for (let i = 0; i < t.length; i++) { const q = t[i] === classes[1] ? (p[i] as number) : 1 - (p[i] as number); s -= Math.log(Math.min(Math.max(q, eps), 1 - eps)); }
      const ref = (o.normalize ?? true) ? s / t.length : s;
      return Math.abs((r as number) - ref) <= 1e-9 * Math.max(1, Math.abs(ref)) ? null : { cls: 'mismatch', detail: `logLoss ${String(r)}, scalar reference ${ref}` };
    } },
  { name: 'SimpleImputer', covers: ['SimpleImputer'],
    args: fc.tuple(dim(0, 20), smallInt(0, 4)).chain(([n, k]) => fc.tuple(
      options({ strategy: fc.constantFrom('mean', 'median', 'most_frequent', 'constant'), fillValue: num(-5, 5) }),
      junkOr(fc.array(fc.array(fc.oneof(smallInt(-3, 3), fc.constant(NaN), num(-1, 1)), { minLength: n, maxLength: n }), { minLength: k, maxLength: k })),
      fc.constantFrom('fit', 'transform', 'json', 'fromJSON-junk', 'tamper'), junkOr(fc.array(fc.string({ maxLength: 3 }), { minLength: k, maxLength: k })), fc.nat(), junkValue)),
    call: (o, cols, what, names, pick, j) => {
      const imp = new L.SimpleImputer(o as L.SimpleImputerOptions);
      if (what === 'fromJSON-junk') return L.SimpleImputer.fromJSON(j);
      imp.fit(cols as number[][], names as string[]);
      if (what === 'fit') return [imp.statistics];
      if (what === 'transform') return imp.transform(cols as number[][]);
      const json = JSON.parse(JSON.stringify(imp.toJSON())) as unknown;
      if (what === 'tamper') tamper(json, pick as number, j);
      return L.SimpleImputer.fromJSON(json).transform(cols as number[][]);
    },
    check: (r, a, f) => {
      if (!f.clean || a[2] === 'tamper' || a[2] === 'fromJSON-junk') return null;
      // no NaN may survive an imputation of columns that had at least one value
      const bad = firstNonFinite(r, 'imputed');
      return bad ? { cls: 'nonfinite', detail: `non-finite output from finite inputs: ${bad}` } : null;
    } },
  { name: 'OneHotEncoder/LabelEncoder', covers: ['OneHotEncoder', 'LabelEncoder'],
    args: fc.tuple(fc.boolean(), dim(0, 20), smallInt(0, 3)).chain(([onehot, n, k]) => fc.tuple(fc.constant(onehot),
      onehot ? options({ handleUnknown: fc.constantFrom('error', 'ignore') }) : fc.constant(undefined),
      junkOr<unknown>(onehot ? fc.array(fc.array(fc.constantFrom('a', 'b', 'c', '', 'NA'), { minLength: n, maxLength: n }), { minLength: k, maxLength: k }) : labelsArg(n, n % 2 === 0)),
      fc.constantFrom('fit', 'transform-other', 'inverse', 'json', 'fromJSON-junk', 'tamper', 'unfitted'),
      junkOr<unknown>(onehot ? fc.array(fc.array(fc.constantFrom('a', 'b', 'z'), { minLength: 2, maxLength: 2 }), { minLength: k, maxLength: k }) : fc.array(fc.oneof(smallInt(-1, 4), fc.constantFrom('a', 'z')), { maxLength: 4 })),
      fc.nat(), junkValue)),
    call: (onehot, o, data, what, other, pick, j) => {
      if (onehot) {
        const enc = new L.OneHotEncoder(o as L.OneHotEncoderOptions);
        if (what === 'fromJSON-junk') return L.OneHotEncoder.fromJSON(j);
        if (what === 'unfitted') return enc.transform(data as string[][]);
        enc.fit(data as string[][]);
        if (what === 'fit' || what === 'inverse') return [enc.transform(data as string[][]), enc.featureNames(), enc.outputCount];
        if (what === 'transform-other') return enc.transform(other as string[][]);
        const json = JSON.parse(JSON.stringify(enc.toJSON())) as unknown;
        if (what === 'tamper') tamper(json, pick as number, j);
        return L.OneHotEncoder.fromJSON(json).transform(data as string[][]);
      }
      const le = new L.LabelEncoder();
      if (what === 'fromJSON-junk') return L.LabelEncoder.fromJSON(j);
      if (what === 'unfitted') return le.transform(data as L.Label[]);
      le.fit(data as L.Label[]);
      if (what === 'transform-other') return le.transform(other as L.Label[]);
      if (what === 'inverse') return le.inverseTransform(other as number[]);
      if (what === 'fit') {
        const back = le.inverseTransform(le.transform(data as L.Label[]));
        return (data as L.Label[]).every((x, i) => x === back[i]) ? [] : { roundTripFailed: true };
      }
      const json = JSON.parse(JSON.stringify(le.toJSON())) as unknown;
      if (what === 'tamper') tamper(json, pick as number, j);
      return L.LabelEncoder.fromJSON(json).transform(data as L.Label[]);
    },
    check: (r) => ((r as { roundTripFailed?: boolean }).roundTripFailed ? { cls: 'mismatch', detail: 'LabelEncoder: inverseTransform(transform(labels)) differs from the labels' } : null) },
  { name: 'columnKind/idLikeReason/inferTask', covers: ['columnKind', 'idLikeReason', 'inferTask', 'MAX_INFERRED_CLASSES', 'MIN_ROWS_FOR_ID'],
    args: fc.tuple(fc.constantFrom('columnKind', 'idLikeReason', 'inferTask'), junkOr(csvText(), 1), junkOr(fc.constantFrom('a', 'b', 'c0', 'x'))),
    call: (f, text, col) => {
      const t = typeof text === 'string' ? L.parseCsv(text) : text;
      return (L as unknown as Record<string, (t: unknown, c: unknown) => unknown>)[f as string]!(t, col);
    } },
  { name: 'Pipeline/loadModel', covers: ['Pipeline', 'loadModel'], weight: 3,
    args: fc.tuple(pipelineCsv(), options({
      targets: fc.oneof(fc.constantFrom('y', 'a'), fc.constant(['y'])), model: fc.constantFrom('swim', 'random', 'anmin', 'adam'), task: fc.constantFrom('auto', 'regression', 'classification'),
      missing: fc.constantFrom('error', 'drop', 'mean', 'median'), categorical: fc.constantFrom('auto', 'error'), testFraction: num(0, 0.5), splitSeed: fc.nat(),
      settings: fc.record({ hidden: smallInt(1, 8), seed: fc.nat(), iterations: smallInt(1, 3), epochs: smallInt(1, 5) }, { requiredKeys: [] }),
    }, 0), fc.constantFrom('predict', 'evaluate', 'rows', 'json', 'json-string', 'tamper', 'loadModel-junk', 'unfitted'), fc.nat(), junkValue),
    call: (text, o, what, pick, j) => {
      if (what === 'loadModel-junk') return L.loadModel(j as string);
      const table = L.parseCsv(text as string);
      const pipe = new L.Pipeline();
      try {
        if (what === 'unfitted') return [pipe.predict(table)];
        const opts = (o === undefined ? { targets: 'y' } : o) as L.PipelineFitOptions;
        if (opts && typeof opts === 'object' && !('targets' in opts)) (opts as { targets?: string }).targets = 'y';
        pipe.fit(table, opts);
        if (what === 'predict') return [pipe.predict(table)];
        if (what === 'evaluate') return [pipe.evaluate(table)];
        if (what === 'rows') return [pipe.predict([{ a: 1, b: 'p', y: 2 }, { a: j as number }])];
        const json = JSON.parse(JSON.stringify(pipe.toJSON())) as unknown;
        if (what === 'tamper') tamper(json, pick as number, j);
        const back = L.loadModel(what === 'json-string' ? JSON.stringify(json) : json as object);
        try { return [(back as L.Pipeline).predict(table)]; } finally { back.dispose(); }
      } finally { pipe.dispose(); }
    },
    check: (r, a, f) => (a[2] === 'predict' || a[2] === 'json' ? finiteFields('')(r, a, f) : null) },
  // ---- L-BFGS (fg: a smooth strongly convex function of x's entries: Σ softplus(x_i − c_i) + ½μ‖x‖²)
  { name: 'lbfgs', covers: ['lbfgs'], weight: 2,
    args: fc.tuple(mat({ rows: dim(0, 12), cols: dim(0, 3) }), junkOr(num(1e-6, 10)),
      options({ memory: smallInt(1, 20), maxIter: smallInt(0, 200), tol: num(0, 1e-2) })),
    call: (x0, muArg, o) => {
      const mu = typeof muArg === 'number' ? muArg : NaN; // junk μ: fg returns NaN (a NonFiniteError), not a TypeError of the callback
      const r = L.lbfgs((x, g) => {
        const v = x.toColumnMajor(), gr = new Float64Array(v.length);
        let f = 0;
        for (let i = 0; i < v.length; i++) {
          const t = v[i]! - (i % 3) + 1;
          f += Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))) + 0.5 * (mu as number) * v[i]! ** 2;
          gr[i] = 1 / (1 + Math.exp(-t)) + (mu as number) * v[i]!;
        }
        g.view().set(gr);
        return f;
      }, x0 as L.MatrixLike, o as L.LbfgsOptions);
      try { return { objective: r.objective, gradientNorm: r.gradientNorm, x: r.x.toColumnMajor() }; } finally { r.x.dispose(); }
    },
    check: finiteFields('objective', 'gradientNorm', 'x') },
  // ---- VarPro (issue 14): parametric kernels K(θ) and the VarPro network
  { name: 'parametricKernel', covers: ['parametricKernel', 'ParametricKernel', 'KERNEL_KINDS'], weight: 2,
    args: fc.tuple(junkOr(fc.constantFrom(...L.KERNEL_KINDS)), junkOr(smallInt(1, 6)), junkOr(smallInt(1, 6), 2), fc.constantFrom('build', 'adjoint', 'Q'), junkOr(vec(dim(0, 40)), 2), junkOr(mat({ rows: dim(1, 6), cols: dim(1, 6) }), 2)),
    call: (kind, d, w, what, theta, G) => {
      const k = L.parametricKernel(kind as L.KernelKind, d as number, w as number);
      if (what === 'build') return [k.build(theta as L.VectorLike)];
      if (what === 'adjoint') return [k.adjoint(G as L.MatrixLike)];
      return [k.Q()];
    },
    check: finiteFields('') },
  modelEntry('VarProNetwork', (o) => new L.VarProNetwork(o as L.VarProNetworkOptions) as unknown as L.GradientNetwork,
    options({ width: smallInt(1, 6), kernel: fc.constantFrom(...L.KERNEL_KINDS), activation: fc.constantFrom(...L.ACTIVATIONS), alpha: num(0, 0.5), lambda: num(1e-8, 10), beta: num(0, 1), optimizer: fc.constantFrom('gauss-newton', 'lbfgs'), iterations: smallInt(0, 8), seed: fc.nat(), task: fc.constantFrom('regression', 'classification'), newtonTol: num(1e-14, 1e-4) }),
    (j) => L.VarProNetwork.fromJSON(j)),
  // ---- newton: the cubic step and the sub-sampled gradient
  { name: 'newton (cubic, gradientSample)', covers: ['newton'], weight: 2,
    args: fc.tuple(dim(0, 30), dim(0, 6), fc.constantFrom('softmax', 'logistic')).chain(([n, p, loss]) => fc.tuple(
      mat({ rows: fc.constant(n), cols: fc.constant(p) }),
      junkOr(fc.array(smallInt(0, loss === 'softmax' ? 3 : 1), { minLength: n, maxLength: n })),
      fc.constant(loss), junkOr(num(0, 1)),
      options({ mode: fc.constantFrom('subsampled', 'full'), step: fc.constantFrom('trust-region', 'cubic', 'line-search'), tol: num(0, 1e-2), maxIter: smallInt(0, 30), cgTol: num(1e-3, 1), maxCg: smallInt(1, 50), hessianSample: smallInt(1, 40), gradientSample: smallInt(1, 40), sigma: num(1e-6, 1e3), sampling: fc.constantFrom('uniform', 'row-norm'), seed: fc.nat() }))),
    call: (X, labels, loss, lambda, o) => {
      const r = L.newton({ loss, X, labels, lambda } as L.NewtonProblem, o as L.NewtonOptions);
      try { return { objective: r.objective, gradientNorm: r.gradientNorm, W: r.W.toColumnMajor() }; } finally { r.W.dispose(); }
    },
    check: finiteFields('objective', 'gradientNorm', 'W') },
  { name: 'expectedCalibrationError/brierScore', covers: ['expectedCalibrationError', 'brierScore'],
    args: dim(0, 30).chain((n) => fc.tuple(
      fc.constantFrom('ece', 'brier'),
      fc.oneof({ weight: 6, arbitrary: fc.array(smallInt(0, 1), { minLength: n, maxLength: n }) }, { weight: 1, arbitrary: labelsArg(n, false) }, { weight: 1, arbitrary: junk }),
      fc.oneof({ weight: 6, arbitrary: fc.array(num(0, 1), { minLength: n, maxLength: n }) }, { weight: 1, arbitrary: vec(fc.constant(n)) }, { weight: 1, arbitrary: mat({ rows: fc.constant(n), cols: smallInt(1, 3) }) }),
      options({ labels: fc.constant([0, 1]), bins: fc.oneof(smallInt(1, 20), num(-2, 30)) }))),
    call: (which, t, p, o) => (which === 'ece'
      ? L.expectedCalibrationError(t as L.Label[], p as number[], o as L.CalibrationErrorOptions)
      : L.brierScore(t as L.Label[], p as number[], o as L.BrierScoreOptions)),   // 'bins' is an unknown option here: OptionError
    check: (r, a, f) => {
      const fin = finiteFields('')(r, a, f);
      const which = a[0], t = a[1], p = a[2], o = (a[3] ?? {}) as L.CalibrationErrorOptions;
      if (fin || !Array.isArray(t) || !Array.isArray(p) || typeof p[0] !== 'number') return fin;
      // scalar references, binary vector form: p = probability of the larger class, rows [1 − p, p]
      const classes = [...new Set((o.labels ?? t) as number[])].sort((x, y) => x - y);
      if (classes.length !== 2) return null;
      const n = t.length;
      let ref = 0;
      if (which === 'brier') {
        for (let i = 0; i < n; i++) ref += 2 * ((p[i] as number) - (t[i] === classes[1] ? 1 : 0)) ** 2;
        ref /= n;
      } else {
        const B = o.bins ?? 15;
        const cnt = new Array<number>(B).fill(0), hit = new Array<number>(B).fill(0), conf = new Array<number>(B).fill(0);
        for (let i = 0; i < n; i++) {
          const q = p[i] as number, pred = q > 1 - q ? 1 : 0, c = Math.max(q, 1 - q);
          const b = Math.min(B - 1, Math.max(0, Math.ceil(c * B) - 1));
          cnt[b] = cnt[b]! + 1; conf[b] = conf[b]! + c; if ((t[i] === classes[1] ? 1 : 0) === pred) hit[b] = hit[b]! + 1;
        }
        for (let b = 0; b < B; b++) if (cnt[b]! > 0) ref += (cnt[b]! / n) * Math.abs(hit[b]! / cnt[b]! - conf[b]! / cnt[b]!);
      }
      return Math.abs((r as number) - ref) <= 1e-9 * Math.max(1, Math.abs(ref)) ? null : { cls: 'mismatch', detail: `${which} ${String(r)}, scalar reference ${ref}` };
    } },
  // ---- slimtrain (issue 13): SlimTrainNetwork and the peaks problem
  modelEntry('SlimTrainNetwork', (o) => new L.SlimTrainNetwork(o as L.SlimTrainNetworkOptions) as unknown as L.GradientNetwork,
    options({ width: smallInt(1, 6), depth: smallInt(0, 3), horizon: num(0.1, 5), antisymmetric: fc.boolean(), inputBias: fc.boolean(), epochs: smallInt(0, 3), batchSize: smallInt(1, 8), learningRate: num(0, 0.5), memory: smallInt(0, 4), regularization: fc.oneof(fc.constant('sgcv'), num(0, 1)), sumLambda0: num(1e-6, 1), outputInit: fc.constantFrom('normal', 'scaled', 'zeros'), adam: fc.constantFrom('standard', 'meganet'), thetaRegularization: num(0, 1e-2), seed: fc.nat() }),
    (j) => L.SlimTrainNetwork.fromJSON(j)),
  { name: 'peaks/peaksDataset', covers: ['peaks', 'peaksDataset'],
    args: fc.tuple(junkOr(num(-3, 3)), junkOr(num(-3, 3)), options({ train: smallInt(1, 40), validation: smallInt(1, 40), seed: fc.nat() })),
    call: (x, y, o) => { const v = L.peaks(x as number, y as number); const d = L.peaksDataset(o as L.PeaksDatasetOptions); return [v, d.Xtrain, d.Ytrain, d.Xvalidation, d.Yvalidation]; },
    check: finiteFields('') },
  // ---- slimtik: streaming Tikhonov solver (two steps, the sGCV curve, JSON round trip / tampered JSON)
  { name: 'SlimTik', covers: ['SlimTik'], weight: 2,
    args: fc.tuple(dim(1, 8), dim(1, 6), smallInt(1, 3)).chain(([n, p, t]) => fc.tuple(
      options({ memory: smallInt(0, 3), regularization: fc.oneof(num(0, 10), fc.constant('sgcv')), sumLambda0: num(0, 10), lower: num(1e-12, 1e-3),
        upper: num(1, 1e4), nEff: fc.constantFrom('rows', 'batch'), batchScaling: fc.constantFrom('mean', 'none'),
        candidates: fc.oneof(fc.constant('matlab'), fc.array(num(-1, 1), { minLength: 1, maxLength: 8 })) }),
      mat({ rows: fc.constant(n), cols: fc.constant(p) }), mat({ rows: fc.constant(n), cols: fc.constant(t) }),
      mat({ rows: dim(1, 8), cols: fc.constant(p) }).chain((z) => fc.tuple(fc.constant(z), mat({ rows: fc.constant((z as { rows?: number }).rows ?? 1), cols: fc.constant(t) }))),
      fc.constantFrom('steps', 'evaluate', 'json', 'tamper', 'weights-first'), fc.nat(), junkValue)),
    call: (o, Z1, C1, second, what, pick, j) => {
      const [Z2, C2] = second as [L.MatrixLike, L.MatrixLike];
      const tik = new L.SlimTik(o as L.SlimTikOptions);
      try {
        if (what === 'weights-first') return [tik.weights];
        const s1 = tik.step(Z1 as L.MatrixLike, C1 as L.MatrixLike);
        if (what === 'evaluate') { const c = tik.evaluate(Z2, C2); return [c.rho.filter((_, k) => c.admissible[k]), c.tau.filter((_, k) => c.admissible[k])]; }
        const s2 = tik.step(Z2, C2);
        if (what === 'steps') return [tik.weights, s1.lambda, s1.sumLambda, s2.lambda, s2.sumLambda];
        const json = JSON.parse(JSON.stringify(tik.toJSON())) as unknown;
        if (what === 'tamper') tamper(json, pick as number, j);
        const back = L.SlimTik.fromJSON(json);
        try { back.step(Z2, C2); return [back.weights, back.sumLambda]; } finally { back.dispose(); }
      } finally { tik.dispose(); }
    },
    check: (r, a, f) => (a[4] === 'tamper' ? null : finiteFields('')(r, a, f)) },
  // ---- resnet (issue 13): the feature extractor, its tape, the shared initialisation and batches
  { name: 'ResNet', covers: ['ResNet', 'ResNetTape', 'resnetInit', 'epochBatches'], weight: 2,
    args: fc.tuple(options({ inputDim: junkOr(smallInt(1, 4)), width: smallInt(1, 6), depth: smallInt(0, 4), horizon: num(0.1, 5), activation: fc.constantFrom('tanh', 'relu'), antisymmetric: fc.boolean(), inputBias: fc.boolean(), layerBias: fc.boolean() }),
      mat({ rows: dim(0, 8), cols: dim(0, 5) }), fc.constantFrom('forward', 'backward', 'regularizer', 'init', 'batches'), junkOr(fc.nat()), junkOr(smallInt(0, 10))),
    call: (o, X, what, seed, k) => {
      const net = new L.ResNet(o as L.ResNetOptions);
      if (what === 'batches') return L.epochBatches(seed as number, k as number, 12, 5).map((b) => Float64Array.from(b));
      if (what === 'init') { const r = L.resnetInit(seed as number, o as L.ResNetOptions, k as number, 'scaled'); return [r.theta, r.W0]; }
      const theta = net.initTheta(typeof seed === 'number' ? seed : 1);
      try {
        if (what === 'regularizer') { const r = net.regularizer(theta, 1e-3); return [r.value, r.gradient]; }
        const { features, tape } = net.forward(theta, X as L.MatrixLike);
        try {
          if (what === 'forward') return [features.clone()];
          return [net.backward(theta, tape, features)];
        } finally { tape.dispose(); features.dispose(); }
      } finally { theta.dispose(); }
    },
    check: finiteFields('') },
  { ...modelEntry('GradientNetwork', (o) => new L.GradientNetwork({ architecture: 'resnet', ...(o as object) } as L.GradientNetworkOptions),
    options({ width: smallInt(1, 5), depth: smallInt(0, 3), horizon: num(0.1, 5), activation: fc.constantFrom('tanh', 'relu'), antisymmetric: fc.boolean(), inputBias: fc.boolean(), layerBias: fc.boolean(), epochs: smallInt(0, 4), learningRate: num(1e-4, 1), batchSize: smallInt(1, 6), outputInit: fc.constantFrom('normal', 'scaled', 'zeros'), thetaRegularization: num(0, 1), seed: fc.nat() }),
    (j) => L.GradientNetwork.fromJSON(j)), name: 'GradientNetwork(resnet)' },
  // issue 17: eigh's `method` option ('dc' divide and conquer, 'ql' twin) beside junk values
  { name: 'eigh method', covers: ['eigh'], args: fc.tuple(square(), options({ vectors: fc.boolean(), method: junkOr(fc.constantFrom('dc', 'ql')) })),
    call: (s, o) => {
      const d = dense(s);
      const sym = d && d.r === d.c && d.v.every((x) => typeof x === 'number')
        ? Array.from({ length: d.r }, (_, i) => Array.from({ length: d.c }, (_, j) => (i === j ? d.v[i * d.c + j]! : d.v[Math.min(i, j) * d.c + Math.max(i, j)]!)))
        : s;
      return L.eigh(sym as L.MatrixLike, o as L.EighOptions);
    },
    check: finiteFields('values', 'vectors') },
  // ---- lstsq method 'auto' (issue 17): dispatch by shape; solverOptions are LSRN's
  { name: "lstsq (method 'auto')", covers: ['lstsq'], weight: 1,
    args: systemArgs(options({ method: fc.constant('auto'), rcond: num(0, 1), lambda: num(0, 10), ridge: fc.oneof(num(0, 10), fc.constant('gcv')),
      solverOptions: fc.constantFrom({}, { oversampling: 3 }, { tol: 1e-8 }, { sketch: 'gaussian' }) })),
    call: (a, b, o) => L.lstsq(a as L.MatrixLike, b as number[], o as L.LstsqOptions), check: checkLstsq },
  // ---- VarPro classification (issue 14): integer labels, predictClass / predictProba, JSON with classes
  { name: 'VarProNetwork (classification)', covers: ['VarProNetwork'], weight: 2,
    args: fc.tuple(options({ width: smallInt(1, 6), kernel: fc.constantFrom(...L.KERNEL_KINDS), activation: fc.constantFrom(...L.ACTIVATIONS), lambda: num(1e-8, 10), beta: num(0, 1), iterations: smallInt(0, 6), seed: fc.nat(), newtonTol: num(1e-14, 1e-4) }),
      modelData('classification'), fc.constantFrom('proba', 'class', 'score', 'json', 'tamper'), fc.nat(), junkValue),
    call: (o, data, what, pick, j) => {
      const [X, y] = data as [L.MatrixLike, number[]];
      const net = new L.VarProNetwork({ ...(o as L.VarProNetworkOptions), task: 'classification' });
      try {
        net.fit(X, y);
        if (what === 'proba') return [net.predictProba(X)];
        if (what === 'class') return [net.predictClass(X)];
        if (what === 'score') return [net.score(X, y)];
        const json = JSON.parse(JSON.stringify(net.toJSON())) as unknown;
        if (what === 'tamper') tamper(json, pick as number, j);
        const back = L.VarProNetwork.fromJSON(json);
        try { return [back.predictProba(X)]; } finally { back.dispose(); }
      } finally { net.dispose(); }
    },
    check: (r, a, f) => (a[2] === 'tamper' || a[2] === 'score' || a[2] === 'class' ? null : finiteFields('')(r, a, f)) },
  // ---- threads (issue 12): setThreads (the fuzz runtime is the single-thread build: only 1 is accepted), registerThreadedBuild's checks, ThreadError
  { name: 'setThreads/registerThreadedBuild/ThreadError', covers: ['setThreads', 'registerThreadedBuild', 'ThreadError'],
    args: fc.tuple(fc.constantFrom('set', 'register', 'error'), junkOr(smallInt(0, 300), 3)),
    call: (what, v) => {
      if (what === 'set') { L.setThreads(v as number); return { threads: L.runtimeInfo().threads, n: v }; }
      if (what === 'register') { L.registerThreadedBuild(v as L.ThreadedBuild); return { registered: true }; }
      return new L.ThreadError(v as string, 1);
    },
    check: (r, a) => {
      if (a[0] === 'set') { const o = r as { threads: number; n: unknown }; return o.threads === 1 && o.n === 1 ? null : { cls: 'mismatch', detail: `setThreads(${String(o.n)}) accepted by a single-thread runtime (threads ${o.threads})` }; }
      if (a[0] === 'register') return { cls: 'mismatch', detail: 'registerThreadedBuild accepted a value that is not a pair of base64 strings' };
      return r instanceof L.ThreadError && r instanceof L.LsqnetError && (r as L.ThreadError).code === 'THREAD' ? null : { cls: 'mismatch', detail: 'ThreadError is not an LsqnetError with code THREAD' };
    } },
];

/** A label vector of length `n`: integers 0..3 or strings 'a'..'d'; sometimes a continuous number, a mixed kind or junk. */
function labelsArg(n: number | fc.Arbitrary<number>, str: boolean): fc.Arbitrary<unknown> {
  const len = typeof n === 'number' ? fc.constant(n) : n;
  const cell = str ? fc.constantFrom<unknown>('a', 'b', 'c', 'd') : smallInt(0, 3);
  const odd = fc.constantFrom<unknown>(1.5, 'a', 1n, null, NaN, Symbol.for('x'), {});
  return len.chain((k) => fc.oneof(
    { weight: 10, arbitrary: fc.array(cell, { minLength: k, maxLength: k }) },
    { weight: 1, arbitrary: fc.tuple(fc.array(cell, { minLength: k, maxLength: k }), odd, fc.nat()).map(([a, v, i]) => { if (a.length) a[i % a.length] = v; return a; }) },
    { weight: 1, arbitrary: junk },
  ));
}

/** A small CSV for the Pipeline: numeric 'a', categorical 'b', target 'y' (numbers or class labels), sometimes a missing cell or a typo. */
function pipelineCsv(): fc.Arbitrary<string> {
  const row = fc.tuple(num(-3, 3), fc.constantFrom('p', 'q', 'r'), fc.oneof(num(-5, 5), smallInt(0, 2)), fc.constantFrom('', '', '', '', '', '', '', '', 'NA', 'x', '1e308'), smallInt(0, 2));
  return fc.array(row, { minLength: 0, maxLength: 30 }).map((rows) => `a,b,y\n${rows.map(([a, b, y, odd, where]) => {
    const cells = [String(a), b, String(y)];
    if (odd) cells[where] = odd;
    return cells.join(',');
  }).join('\n')}`);
}

/** Tiny CSV texts: headers, numbers, missing cells, quotes, other delimiters, ragged lines, BOMs. */
function csvText(): fc.Arbitrary<string> {
  const cell = fc.oneof(fc.double({ noNaN: true }).map(String), fc.constantFrom('', 'NA', 'x', '"q,1"', '1e308', '-0', 'Infinity', '\u001b[31m', '"', '1;2'), fc.integer().map(String));
  return fc.tuple(fc.constantFrom(',', ';', '\t'), fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 8 }), fc.boolean())
    .map(([d, rows, bom]) => `${bom ? '\ufeff' : ''}a${d}b${d}c0\n${rows.map((r) => r.join(d)).join('\n')}`);
}

/**
 * A model: construct with fuzzed options, fit on fuzzed data, predict (and score / classify),
 * round-trip toJSON/fromJSON, or load a tampered JSON (one field replaced by junk).
 */
function modelEntry(name: string, make: (o: unknown) => L.SampledNetwork | L.GradientNetwork | L.AnminNetwork, opts: fc.Arbitrary<unknown>, fromJSON: (j: unknown) => unknown): Entry {
  return {
    name, covers: [name], weight: 3,
    args: fc.tuple(opts, modelData(), fc.constantFrom('predict', 'predict-array', 'score', 'json', 'tamper', 'unfitted'), fc.nat(), junkValue),
    call: (o, data, what, pick, j) => {
      const [X, Y] = data as [L.MatrixLike, L.MatrixLike];
      const net = make(o);
      try {
        if (what === 'unfitted') return [net.predict(X)];
        net.fit(X, Y);
        if (what === 'predict') return [net.predict(X)];
        if (what === 'predict-array') return [net.predict(X, { as: 'array' })];
        if (what === 'score') return [net.score(X, Y)];
        const json = JSON.parse(JSON.stringify(net.toJSON())) as unknown;
        if (what === 'tamper') tamper(json, pick as number, j);
        const back = fromJSON(json) as L.SampledNetwork;
        try { return [back.predict(X)]; } finally { back.dispose(); }
      } finally { net.dispose(); }
    },
    check: (r, a, f) => (a[2] === 'tamper' || a[2] === 'score' ? null : finiteFields('')(r, a, f)),
  };
}

/** Replaces the `pick`-th value of a JSON document (depth-first, bounded) by `junk`. */
function tamper(json: unknown, pick: number, junkV: unknown): void {
  const slots: [Record<string | number, unknown>, string | number][] = [];
  const walk = (x: unknown, depth: number): void => {
    if (x === null || typeof x !== 'object' || depth > 6 || slots.length > 2000) return;
    for (const [k, v] of Object.entries(x)) { slots.push([x as Record<string, unknown>, Array.isArray(x) ? Number(k) : k]); walk(v, depth + 1); }
  };
  walk(json, 0);
  if (slots.length === 0) return;
  const [obj, key] = slots[pick % slots.length]!;
  obj[key] = junkV;
}

/** Runtime (non-type) exports of src/index.ts that are functions or classes and must be covered. */
export function coveredNames(): Set<string> {
  return new Set(ENTRIES.flatMap((e) => e.covers));
}

/**
 * Calls made BEFORE the first successful `init()` (test/fuzz/child.ts runs them first): `init`
 * with options that are not an options object must reject with an `OptionError` (it must not
 * throw a TypeError, nor initialize while ignoring them), and any other call must be a
 * `NotInitializedError` (or work, once an earlier call initialized the library).
 */
export const PRE_INIT_ENTRY: Entry = {
  name: 'before init', covers: ['init'],
  // every generated options value is invalid: not an object, or an object with an unknown key
  args: fc.tuple(fc.constantFrom('init', 'init', 'zeros', 'lstsq'), junkValue.filter((v) => !(v === undefined || (v !== null && typeof v === 'object'
    && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v)) && Object.keys(v).every((k) => k === 'wasm' || k === 'relaxedSimd'))))),
  call: async (what, junkV) => {
    if (what === 'zeros') return [Matrix.zeros(2, 2)];
    if (what === 'lstsq') return [L.lstsq([[1], [2]], [1, 2]).x];
    await L.init(junkV as L.InitOptions);
    return { acceptedInitOptions: true };
  },
  check: (r, args) => ((r as { acceptedInitOptions?: boolean }).acceptedInitOptions
    ? { cls: 'mismatch', detail: `silent coercion: init accepted invalid options (${typeof args[1]}: not an options object, or unknown keys)` }
    : null),
};

/** `init` is fuzzed last, on its own: a failed init may replace the runtime (see the fuzz test). */
export const INIT_ENTRY: Entry = {
  name: 'init', covers: ['init'],
  args: fc.tuple(fc.oneof(junkValue, options({ relaxedSimd: fc.constantFrom(true, false, 'auto') }), fc.constant({ t: 'junk', v: { wasm: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) } }))),
  call: (o) => L.init(o as L.InitOptions),
};
