// Table-driven bad-input review across the public API: every case must throw the right
// LsqnetError subclass, with a message naming the function/argument, and leave liveBytes()
// unchanged (no allocation without an owner on the error path). Targets the gaps not covered
// by the area test files (grep'd before writing); the first block are regressions of fixes
// made in this review (features boundary checks, LinearOperator.fromMatrix NaN,
// StandardScaler.transform/inverseTransform NaN).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, liveBytes, scope, Matrix, LsqnetError, ShapeError, InvalidInputError, OptionError, DisposedError, NotFittedError,
  qr, cholesky, svd, features, LinearOperator, lsqr, lsrn, splitSolve, sketchSolve, lstsq, LSTSQ_METHODS,
  SampledNetwork, AnminNetwork, GradientNetwork, StandardScaler, trainTestSplit, oneHot, parseCsv,
} from '../../src/index.js';
import { f64 as heapF64 } from '../../bindings/raw.js';

test.before(async () => { await init(); });

type ErrClass = new (...args: never[]) => LsqnetError;
interface Case { name: string; run: () => unknown; error: ErrClass; message: RegExp }

const M = (r: number[][]): Matrix => Matrix.fromRows(r);
const A = (): Matrix => M([[1, 2], [3, 4], [5, 7]]);
const nanA = (): Matrix => M([[1, NaN], [3, 4], [5, 6]]);
const disposedA = (): Matrix => { const m = A(); m.dispose(); return m; };
const W = (): Matrix => M([[1, 2], [3, 4]]);
const bias = (): Matrix => M([[0.5], [-0.5]]);
const b3 = (): Float64Array => new Float64Array([1, 2, 3]);
const X20 = (): Matrix => Matrix.random(20, 2, { seed: 3 });
const y20 = (): Float64Array => new Float64Array(20).map((_, i) => Math.sin(i));

const cases: Case[] = [
  // --- regressions of fixes in this review ---
  { name: 'features: unknown option', run: () => features(A(), W(), bias(), { activaton: 'tanh' } as never), error: OptionError, message: /features: unknown option 'activaton'/ },
  { name: 'features: NaN in X', run: () => features(nanA(), W(), bias()), error: InvalidInputError, message: /features: X has a non-finite value \(NaN\) at row 0, column 1/ },
  { name: 'features: Inf in W', run: () => features(A(), M([[1, Infinity], [3, 4]]), bias()), error: InvalidInputError, message: /features: W has a non-finite value \(Infinity\)/ },
  { name: 'features: -Inf in b', run: () => features(A(), W(), M([[0], [-Infinity]])), error: InvalidInputError, message: /features: b has a non-finite value \(-Infinity\)/ },
  { name: 'features: NaN alpha', run: () => features(A(), W(), bias(), { activation: 'leaky-relu', alpha: NaN }), error: OptionError, message: /features: option 'alpha'/ },
  { name: 'features: b as a ragged array', run: () => features(A(), W(), [[0.5], [1, 2]] as never), error: ShapeError, message: /features: b: row 1 has 2 values/ },
  { name: 'features: X as a string', run: () => features('x' as never, W(), null), error: InvalidInputError, message: /features: X: expected a Matrix/ },
  { name: 'features: empty X', run: () => features(Matrix.zeros(0, 2), W(), bias()), error: InvalidInputError, message: /features: X is empty \(0×2\)/ },
  { name: 'features: empty W', run: () => features(A(), Matrix.zeros(2, 0), null), error: InvalidInputError, message: /features: W is empty \(2×0\)/ },
  { name: 'features: disposed X', run: () => features(disposedA(), W(), bias()), error: DisposedError, message: /disposed/ },
  // `out` was duck-typed ({ ptr, rows, cols } wrote at that address): now only a live Matrix of the right shape
  { name: 'features: out = { ptr: 0, rows, cols }', run: () => features(A(), W(), bias(), { out: { ptr: 0, rows: 3, cols: 2 } as never }), error: InvalidInputError, message: /features: out must be a Matrix, got object/ },
  { name: 'features: out = { ptr: 1e9, rows, cols }', run: () => features(A(), W(), bias(), { out: { ptr: 1e9, rows: 3, cols: 2 } as never }), error: InvalidInputError, message: /features: out must be a Matrix/ },
  { name: 'features: out = { ptr: 1e9 }', run: () => features(A(), W(), bias(), { out: { ptr: 1e9 } as never }), error: InvalidInputError, message: /features: out must be a Matrix/ },
  { name: 'features: out of the wrong shape', run: () => features(A(), W(), bias(), { out: Matrix.zeros(3, 3) }), error: ShapeError, message: /features: out is 3×3, expected 3×2/ },
  { name: 'features: disposed out', run: () => features(A(), W(), bias(), { out: disposedA() }), error: DisposedError, message: /out matrix/ },
  { name: 'LinearOperator.fromMatrix: NaN', run: () => LinearOperator.fromMatrix(nanA()), error: InvalidInputError, message: /LinearOperator.fromMatrix: A has a non-finite value \(NaN\) at row 0, column 1/ },
  { name: 'LinearOperator.fromMatrix: Inf (number[][] copy freed)', run: () => LinearOperator.fromMatrix([[1, -Infinity]]), error: InvalidInputError, message: /LinearOperator.fromMatrix: A has a non-finite value \(-Infinity\)/ },
  { name: 'LinearOperator.compose: NaN factor', run: () => LinearOperator.compose(A(), M([[NaN, 1], [1, 1]])), error: InvalidInputError, message: /A has a non-finite value \(NaN\)/ },
  { name: 'StandardScaler.transform: NaN', run: () => new StandardScaler().fit(A()).transform(nanA()), error: InvalidInputError, message: /StandardScaler.transform: X has a non-finite value \(NaN\) at row 0, column 1/ },
  { name: 'StandardScaler.inverseTransform: Inf', run: () => new StandardScaler().fit(A()).inverseTransform(M([[Infinity, 0]])), error: InvalidInputError, message: /StandardScaler.inverseTransform: Z has a non-finite value \(Infinity\)/ },
  { name: 'CholeskyResult.solve after dispose', run: () => { const c = cholesky(W().matmul(W().transpose())); c.dispose(); return c.solve(new Float64Array([1, 1])); }, error: DisposedError, message: /CholeskyResult \(in solve\) has been disposed/ },
  { name: 'QRResult.Q after dispose', run: () => { const f = qr(A()); f.dispose(); return f.Q(); }, error: DisposedError, message: /QRResult \(in Q\) has been disposed/ },
  { name: 'QRResult.rank after dispose', run: () => { const f = qr(A(), { pivoting: true }); f.dispose(); return f.rank(1e-8); }, error: DisposedError, message: /QRResult \(in rank\) has been disposed/ },
  // --- gaps that already behaved (no test covered them) ---
  { name: 'qr: rank(NaN)', run: () => qr(A(), { pivoting: true }).rank(NaN), error: OptionError, message: /QRResult.rank: option 'rcond'/ },
  { name: 'svd: rank(NaN)', run: () => svd(A()).rank(NaN), error: OptionError, message: /SVDResult.rank: rcond/ },
  { name: 'LinearOperator.fromRowBlocks: rows = -1', run: () => LinearOperator.fromRowBlocks(-1, 2, () => A()), error: OptionError, message: /fromRowBlocks: option 'rows'/ },
  { name: 'LinearOperator.fromRowBlocks: gen returns number[][]', run: () => LinearOperator.fromRowBlocks(3, 2, (() => [[1, 2], [3, 4], [5, 6]]) as never).matvec([1, 1]), error: InvalidInputError, message: /gen\(0, 3\) did not return a Matrix/ },
  { name: 'LinearOperator.matvec: NaN x', run: () => LinearOperator.fromMatrix(A()).matvec([1, NaN]), error: InvalidInputError, message: /NaN/ },
  { name: 'trainTestSplit: n = NaN', run: () => trainTestSplit(NaN), error: OptionError, message: /trainTestSplit: option 'n'/ },
  { name: 'oneHot: Infinity label', run: () => oneHot([1, Infinity]), error: InvalidInputError, message: /oneHot: labels\[1\] = Infinity/ },
  { name: 'parseCsv: select Infinity cell', run: () => parseCsv('a,b\n1,Infinity').select(['a', 'b']), error: InvalidInputError, message: /b/ },
  { name: 'SampledNetwork.fromJSON(null)', run: () => SampledNetwork.fromJSON(null as never), error: InvalidInputError, message: /SampledNetwork.fromJSON/ },
  { name: 'AnminNetwork.fromJSON(null)', run: () => AnminNetwork.fromJSON(null as never), error: InvalidInputError, message: /AnminNetwork.fromJSON/ },
  { name: 'GradientNetwork.fromJSON(null)', run: () => GradientNetwork.fromJSON(null as never), error: InvalidInputError, message: /GradientNetwork.fromJSON/ },
  { name: 'AnminNetwork: -Infinity target', run: () => { const y = y20(); y[2] = -Infinity; return new AnminNetwork({ hidden: 4, iterations: 2 }).fit(X20(), y); }, error: InvalidInputError, message: /-Infinity|non-finite/ },
  { name: 'GradientNetwork: predict before fit', run: () => new GradientNetwork({ hidden: 4, epochs: 1 }).predict(X20()), error: NotFittedError, message: /GradientNetwork/ },
  { name: 'SampledNetwork: predict after dispose', run: () => { const n = new SampledNetwork({ layers: [8] }).fit(X20(), y20()); n.dispose(); return n.predict(X20()); }, error: DisposedError, message: /SampledNetwork has been disposed/ },
];
for (const [name, solve] of [['lsqr', lsqr], ['lsrn', lsrn], ['splitSolve', splitSolve], ['sketchSolve', sketchSolve]] as const) {
  const f = solve as (a: unknown, b: unknown, o?: unknown) => unknown;
  cases.push(
    { name: `${name}: disposed A`, run: () => f(disposedA(), b3()), error: DisposedError, message: /disposed/ },
    { name: `${name}: b is a string`, run: () => f(A(), 'abc'), error: InvalidInputError, message: /\bb\b/i },
    { name: `${name}: Inf in b`, run: () => f(A(), [1, Infinity, 3]), error: InvalidInputError, message: /b|right-hand side/ },
  );
}
for (const method of LSTSQ_METHODS) {
  cases.push(
    { name: `lstsq(${method}): B with 0 columns`, run: () => lstsq(A(), Matrix.zeros(3, 0), { method }), error: InvalidInputError, message: /empty|0 columns/ },
    { name: `lstsq(${method}): -Inf in b`, run: () => lstsq(A(), [1, -Infinity, 2], { method }), error: InvalidInputError, message: /-Infinity/ },
  );
}

test('bad input: typed error naming the argument, no leaked wasm memory', () => {
  for (const c of cases) {
    const before = liveBytes();
    let caught: unknown = null;
    try {
      scope(() => { c.run(); });
    } catch (e) {
      caught = e;
    }
    assert.ok(caught !== null, `${c.name}: did not throw`);
    assert.ok(caught instanceof c.error, `${c.name}: expected ${c.error.name}, got ${(caught as Error)?.constructor?.name}: ${(caught as Error)?.message}`);
    assert.ok(c.message.test((caught as Error).message), `${c.name}: message '${(caught as Error).message}' does not match ${c.message}`);
    assert.is(liveBytes(), before, `${c.name}: leaked ${liveBytes() - before} bytes`);
  }
});

test('features: a duck-typed out { ptr: 0, rows, cols } writes nothing at address 0', () => {
  scope(() => {
    const X = A(), Wm = W(), b = bias();
    const before = heapF64().slice(0, 64);
    const live = liveBytes();
    assert.throws(() => features(X, Wm, b, { out: { ptr: 0, rows: 3, cols: 2 } as never }), (e: unknown) => e instanceof InvalidInputError);
    assert.equal(Array.from(heapF64().slice(0, 64)), Array.from(before));
    assert.is(liveBytes(), live);
  });
});

test('features on valid input still matches a plain-JS tanh(XW + b) (validation does not change the result)', () => {
  scope(() => {
    const X = A(); const Wm = W(); const b = bias();
    const F = features(X, Wm, b, { activation: 'tanh' });
    const x = X.toRows(); const w = Wm.toRows(); const bb = [0.5, -0.5];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) {
      const ref = Math.tanh(x[i]![0]! * w[0]![j]! + x[i]![1]! * w[1]![j]! + bb[j]!);
      assert.ok(Math.abs(F.get(i, j) - ref) <= 4 * 2 ** -52 * Math.max(1, Math.abs(ref)) * 8, `F[${i},${j}]`);
    }
  });
});


test('features takes any MatrixLike (and b as a plain vector): same result as with Matrices, no leak', () => {
  const live = liveBytes();
  const Am = A(), Wm = W(), bm = bias();
  const F = features(Am, Wm, bm);
  const ref = F.toRowMajor();
  F.dispose();
  const rows = features([[1, 2], [3, 4], [5, 7]], { data: [1, 2, 3, 4], rows: 2, cols: 2 }, [0.5, -0.5]);
  assert.equal(Array.from(rows.toRowMajor()), Array.from(ref));
  rows.dispose(); Am.dispose(); Wm.dispose(); bm.dispose();
  assert.is(liveBytes(), live);
});

test.run();
