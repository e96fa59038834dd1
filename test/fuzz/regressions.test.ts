// Regression tests for the issue-16 defects fixed at the validation choke points
// (src/validate.ts, src/matrix.ts, src/data/scaler.ts, src/data/split.ts): one test per
// reproduction of the issue, each checking the error class, that the message names the
// function and the argument, and that no wasm memory is left behind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  InvalidInputError, LinearOperator, Matrix, NonFiniteError, NotFittedError, OptionError, OutOfMemoryError, Pipeline, SampledNetwork, ShapeError,
  StandardScaler, centerTargets, ridgeFromGram, sampleSwimLayer, columnKind, eigh, features, inferTask, idLikeReason, init, isInitialized, layerSeed, liveBytes, loadCsv, logLoss,
  lsqrStagnationWindow, lstsq, sketchSolve, oneHot, parseCsv, qr, r2Score, sniffDelimiter, svd, takeRows, trainTestSplit, uncenterTargets, permutation,
} from '../../src/index.js';
import { checkOptions, describe } from '../../src/validate.js';

await init();

/** Runs `f`, expects an error of class `E` whose message matches `re`, and no change in liveBytes. */
function throwsTyped(f: () => unknown, E: new (...a: never[]) => Error, re: RegExp): void {
  const before = liveBytes();
  let err: unknown = null;
  try { f(); } catch (e) { err = e; }
  assert.ok(err instanceof E, `expected ${E.name}, got ${err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err)}`);
  assert.match((err as Error).message, re);
  assert.is(liveBytes(), before, `wasm bytes left after ${E.name}`);
}

test('defect 7: describe() never throws and is bounded (BigInt, Symbol, null-prototype, deep, huge)', () => {
  let deep: unknown = [1];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const cases: [unknown, RegExp][] = [
    [1n, /^the bigint 1n$/], [Symbol('s'), /^a symbol$/], [Object.create(null), /^an object$/], [deep, /^an array of 1$/],
    ['x'.repeat(10_000), /^the string "x{40}…"$/], [-0, /^-0$/], [null, /^null$/], [undefined, /missing/], [() => 1, /^a function$/],
    [new Float64Array(3), /^a Float64Array$/], [10n ** 200n, /^the bigint \d{40}…n$/],
  ];
  for (const [v, re] of cases) assert.match(describe(v), re);
  const revoked = Proxy.revocable({}, {}); revoked.revoke();
  assert.type(describe(revoked.proxy), 'string');
});

test('defect 7: options must be omitted or a plain object; unknown keys list the valid ones', () => {
  for (const bad of [null, 1, 'x', 1n, Symbol('s'), [], [1], new Float64Array(1), () => 1, new Map(), Matrix]) {
    let err: unknown = null;
    try { checkOptions(bad, ['a'], 'f'); } catch (e) { err = e; }
    assert.ok(err instanceof OptionError, `options ${describe(bad)}`);
    assert.match((err as Error).message, /^f: options must be an object \(or omitted\), got /);
  }
  checkOptions(undefined, ['a'], 'f');
  checkOptions({ a: 1 }, ['a'], 'f');
  checkOptions(Object.create(null) as object, ['a'], 'f');
  assert.throws(() => checkOptions({ b: 1 }, ['a', 'c'], 'f'), (e: Error) => e instanceof OptionError && /unknown option 'b' \(known: a, c\)/.test(e.message));
});

test("defect 7: lstsq(A, b, null) and qr(A, {mode: 1n}) are OptionErrors naming the function", () => {
  throwsTyped(() => lstsq([[1], [2]], [1, 2], null as never), OptionError, /^lstsq: options must be an object/);
  throwsTyped(() => qr([[1]], { mode: 1n as never }), OptionError, /^qr: option 'mode' must be one of 'full', 'r', got the bigint 1n/);
  throwsTyped(() => Matrix.random(2, 2, null as never), OptionError, /^Matrix\.random: options must be an object/);
});

test('defect 7: Matrix constructors reject non-numbers naming row and column (nothing coerced, nothing allocated)', () => {
  throwsTyped(() => Matrix.fromRowMajor(null as never, 2, 2), InvalidInputError, /^fromRowMajor: data must be a Float64Array or an array of numbers, got null/);
  throwsTyped(() => Matrix.fromRows([['1', 'a']] as never), InvalidInputError, /^fromRows: the value at row 0, column 0 must be a number, got the string "1"/);
  throwsTyped(() => Matrix.fromRows([[1, 2], [3, null]] as never), InvalidInputError, /row 1, column 1 must be a number, got null/);
  throwsTyped(() => Matrix.fromRowMajor([1, 2, 3, 1n] as never, 2, 2), InvalidInputError, /data\[3\] \(row 1, column 1\) must be a number, got the bigint 1n/);
  throwsTyped(() => Matrix.fromColumnMajor([1, 2, 'x', 4] as never, 2, 2), InvalidInputError, /data\[2\] \(row 0, column 1\)/);
  throwsTyped(() => Matrix.fromColumnMajor(new BigInt64Array(4) as never, 2, 2), InvalidInputError, /a BigInt64Array/);
  throwsTyped(() => Matrix.from({ data: [1, 2], rows: 1, cols: 2, order: 'x' } as never, 'A'), OptionError, /^A: order must be/);
  throwsTyped(() => Matrix.from([[1, [2]]] as never, 'A'), InvalidInputError, /^A: the value at row 0, column 1 must be a number, got an array of 1/);
  throwsTyped(() => new Matrix([[1], 2] as never), InvalidInputError, /row 1 must be an array of numbers, got 2/);
  throwsTyped(() => Matrix.fromVector(null as never), InvalidInputError, /^fromVector: expected a Float64Array/);
  // NaN and ±Inf are numbers: they pass construction (assertFinite is the finiteness check)
  const m = Matrix.fromRows([[NaN, Infinity]]);
  assert.ok(Number.isNaN(m.get(0, 0)));
  m.dispose();
});

test('defect 7: Matrix.full / random / matmul / set / scale / columns check their scalar and boolean arguments', () => {
  throwsTyped(() => Matrix.full(1, 2, 'abc' as never), InvalidInputError, /^Matrix\.full: value must be a number, got the string "abc"/);
  throwsTyped(() => Matrix.random(1, 3, { mean: 'x' as never }), OptionError, /^Matrix\.random: option 'mean' must be a finite number/);
  throwsTyped(() => Matrix.random(1, 3, { sd: -1 }), OptionError, /option 'sd'/);
  throwsTyped(() => Matrix.random(1, 3, { dist: 'uniform', low: 2, high: 1 }), OptionError, /'low' \(2\) must not exceed 'high' \(1\)/);
  throwsTyped(() => Matrix.random(1, 3, { seed: 1n as never }), OptionError, /seed must be an integer in \[0, 2\^53\), got the bigint 1n/);
  const B = Matrix.fromRows([[1, 2], [3, 4]]);
  const before = liveBytes();
  throwsTyped(() => B.matmul(B, { transA: 'false' as never }), OptionError, /^matmul: option 'transA' must be true or false, got the string "false"/);
  throwsTyped(() => B.matmul(B, { transB: 1 as never }), OptionError, /option 'transB'/);
  const P = B.matmul(B, { transA: true });
  assert.equal(P.toRows(), [[10, 14], [14, 20]]);
  P.dispose();
  throwsTyped(() => B.set(0, 0, '3' as never), InvalidInputError, /^Matrix\.set: value must be a number/);
  throwsTyped(() => B.scale('2' as never), OptionError, /^scale: s must be a finite number/);
  throwsTyped(() => B.columns(0, '2' as never), ShapeError, /^columns: end must be an integer in \[0, 2\], got the string "2"/);
  throwsTyped(() => B.get(Symbol('i') as never, 0), ShapeError, /index \(a symbol, 0\)/);
  throwsTyped(() => B.setBlock(0, 0, [[1]] as never), InvalidInputError, /^setBlock: src must be a Matrix/);
  assert.is(liveBytes(), before);
  B.dispose();
});

test('defect 6: a matrix of 1e308 empty rows is a ShapeError at once, not a loop of 1e308 steps', () => {
  const t0 = performance.now();
  // one shared check (checkDim in src/validate.ts) words it the same in every layer: the solver's
  // operand check (src/linalg/rhs.ts), Matrix.from and the Matrix constructors
  throwsTyped(() => lstsq({ data: [], rows: 1e308, cols: 0 }, []), ShapeError, /^lstsq: A\.rows must be an integer in \[0, 2147483647\], got 1e\+308$/);
  throwsTyped(() => lstsq([[1]], { data: [], rows: 1, cols: 2 ** 31 }), ShapeError, /^lstsq: B\.cols must be an integer in \[0, 2147483647\], got 2147483648$/);
  throwsTyped(() => Matrix.from({ data: [], rows: 0, cols: -1 }, 'X'), ShapeError, /^X: cols must be an integer in \[0, 2147483647\], got -1$/);
  throwsTyped(() => Matrix.zeros(2 ** 31, 0), ShapeError, /^Matrix\.zeros: rows must be an integer in \[0, 2147483647\], got 2147483648$/);
  throwsTyped(() => lstsq({ data: [], rows: 1n as never, cols: 0 }, []), ShapeError, /^lstsq: A\.rows must be an integer in \[0, 2147483647\], got the bigint 1n$/);
  assert.ok(performance.now() - t0 < 1000);
});

test('defect 7: uncenterTargets(Y, null), centerTargets with a bad mean, oneHot({classes: null}) are typed', () => {
  throwsTyped(() => uncenterTargets([[1]], null as never), InvalidInputError, /^uncenterTargets: mean must be a Float64Array or an array of numbers, got null/);
  throwsTyped(() => uncenterTargets([[1]], ['1'] as never), InvalidInputError, /^uncenterTargets: mean\[0\] must be a number, got the string "1"/);
  throwsTyped(() => uncenterTargets([[NaN]], [1]), InvalidInputError, /^uncenterTargets: Y has a non-finite value/);
  throwsTyped(() => centerTargets([[1]], [NaN]), InvalidInputError, /^centerTargets: mean\[0\] = NaN is a non-finite value/);
  throwsTyped(() => centerTargets([1, 'a'] as never), InvalidInputError, /^centerTargets: Y\[1\] must be a number/);
  throwsTyped(() => oneHot([1], { classes: null as never }), OptionError, /^oneHot: option 'classes' must be an array of numbers, got null/);
  throwsTyped(() => oneHot([1], { classes: [] }), OptionError, /option 'classes' is empty/);
  throwsTyped(() => oneHot([1, 'a'] as never), InvalidInputError, /^oneHot: labels\[1\] must be a number, got the string "a"/);
  throwsTyped(() => oneHot([1, 5], { classes: [1, 2] }), InvalidInputError, /labels\[1\] = 5 is not one of the classes \(1, 2\)/);
  throwsTyped(() => takeRows([[1]], null as never), InvalidInputError, /^takeRows: idx must be/);
  throwsTyped(() => takeRows([[1]], [0n] as never), ShapeError, /idx\[0\] = the bigint 0n is outside/);
});

test('defect 1 (scaler part): finite data of extreme magnitude is standardized, or a typed error when the result overflows', () => {
  const s = new StandardScaler().fit([[1e308], [-1e308], [0]]);
  assert.ok(Number.isFinite(s.scale![0]!) && s.scale![0]! > 1e307, `scale ${s.scale![0]}`);
  const Z = s.transform([[1e308]]);
  assert.ok(Math.abs(Z.get(0, 0) - 1) < 1e-12, `z = ${Z.get(0, 0)}`);
  Z.dispose();
  const tiny = new StandardScaler().fit([[3e-310], [1e-310]]);
  assert.ok(Number.isFinite(tiny.mean![0]!) && tiny.mean![0]! > 0);
  throwsTyped(() => new StandardScaler().fit([[1.7e308], [-1.7e308]]), InvalidInputError, /column 0 of X is too large to standardize/);
  throwsTyped(() => s.inverseTransform([[1e300]]), InvalidInputError, /^StandardScaler\.inverseTransform: the result at row 0, column 0 overflows/);
  throwsTyped(() => uncenterTargets([[1e308]], [1e308]), InvalidInputError, /^uncenterTargets: the result at row 0, column 0 overflows/);
});

test('defect 9: trainTestSplit(2**31 − 1) is rejected before anything is allocated', () => {
  const t0 = performance.now();
  throwsTyped(() => trainTestSplit(2 ** 31 - 1), OptionError, /^trainTestSplit: option 'n' must be an integer in \[1, 134217720\], got 2147483647/);
  throwsTyped(() => permutation(2 ** 31 - 1), OptionError, /^permutation: option 'n'/);
  assert.ok(performance.now() - t0 < 200, 'validated before allocating');
  const { train, test: te } = trainTestSplit(10, { testFraction: 0.3, seed: 2 });
  assert.is(train.length + te.length, 10);
});

// ---- found by the fuzz entries of issue 16 (fuzz2): one assertion per fix

test('defect 7: error constructors format a non-string argument (Symbol, BigInt, deep array) instead of throwing', () => {
  let deep: unknown = [1];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  for (const v of [Symbol('s'), 1n, deep, Object.create(null), null]) {
    const e = new ShapeError(v as never);
    assert.type(e.message, 'string');
    assert.ok(e.message.length < 100);
    assert.type(new NonFiniteError(v as never).message, 'string');
    assert.type(new NotFittedError(v as never).message, 'string');
    assert.match(new OutOfMemoryError(v as never, v as never).message, /^cannot allocate /);
  }
  assert.is(new ShapeError(Symbol('s') as never).message, 'a symbol');
});

test('defect 7: messages describe() untrusted option values (no String(Symbol) TypeError)', () => {
  const A = [[1, 2], [3, 4]];
  throwsTyped(() => lstsq(A, [1, 2], { rcond: Symbol('r') as never }), OptionError, /^lstsq: option 'rcond' .* got a symbol/);
  throwsTyped(() => qr(A, { pivoting: Object.create(null) as never }), OptionError, /^qr: option 'pivoting' .* got an object/);
  throwsTyped(() => svd(A, { vectors: Symbol('v') as never }), OptionError, /got a symbol/);
  throwsTyped(() => eigh(A, { vectors: 1n as never }), OptionError, /got the bigint 1n/);
  throwsTyped(() => features(A, A, null, { rowStart: Symbol('r') as never }), ShapeError, /^features: row range a symbol\.\.2/);
  throwsTyped(() => features(A, A, null, { ones: 'false' as never }), OptionError, /^features: option 'ones' must be true or false/);
  throwsTyped(() => logLoss([0, 1], [0.2, 0.8], { eps: Symbol('e') as never }), OptionError, /^logLoss: option 'eps' .* got a symbol/);
  throwsTyped(() => sniffDelimiter('a,b', Object.create(null) as never), OptionError, /maxRecords .* got an object/);
  throwsTyped(() => parseCsv('a\n1', { source: 1n as never }), OptionError, /^parseCsv: option 'source' must be a string, got the bigint 1n/);
});

test('defect 7: layerSeed, lsqrStagnationWindow, columnKind/idLikeReason/inferTask check their arguments', () => {
  throwsTyped(() => layerSeed('12' as never, 0), OptionError, /^layerSeed: option 'seed' must be an integer/);
  throwsTyped(() => layerSeed(1, 1.5), OptionError, /^layerSeed: option 'layer' must be an integer in \[0, 2147483647\], got 1\.5/);
  throwsTyped(() => layerSeed(Symbol('s') as never, 0), OptionError, /got a symbol/);
  assert.ok(Number.isSafeInteger(layerSeed(1, 0)) && layerSeed(1, 0) !== layerSeed(1, 1));
  throwsTyped(() => lsqrStagnationWindow('x' as never), ShapeError, /^lsqrStagnationWindow: n must be an integer in \[0, 2147483647\], got the string "x"/);
  assert.is(lsqrStagnationWindow(7), 100);
  assert.is(lsqrStagnationWindow(250), 250);
  const t = parseCsv('a,b\n1,x\n2,y');
  throwsTyped(() => columnKind(null as never, 'a'), InvalidInputError, /^columnKind: table must be a CsvTable/);
  throwsTyped(() => inferTask({} as never, 'a'), InvalidInputError, /^inferTask: table must be a CsvTable/);
  throwsTyped(() => idLikeReason(t, 'zz'), OptionError, /unknown column 'zz'/);
  assert.is(columnKind(t, 'b'), 'categorical');
});

test('defect 7: SampledNetwork labels with a BigInt cell, Pipeline.fit options and model settings are typed errors', () => {
  const X = [[0], [1], [2], [3]];
  const net = new SampledNetwork({ task: 'classification', layers: [4] });
  throwsTyped(() => net.fit(X, [0, 1, 0, 1n] as never), InvalidInputError, /y\[3\] must be a number, got the bigint 1n/);
  net.dispose();
  const t = parseCsv('a,y\n1,2\n2,3\n3,5\n4,4');
  const p = new Pipeline();
  throwsTyped(() => p.fit(t, { targets: Object.create(null) as never }), OptionError, /^Pipeline\.fit: option 'targets' must be a column name or an array/);
  throwsTyped(() => p.fit(t, { targets: 'y', model: Symbol('m') as never }), OptionError, /unknown model a symbol/);
  throwsTyped(() => p.fit(t, { targets: 'y', settings: { gcv: 'yes' } as never }), OptionError, /gcv must be true or false, got the string "yes"/);
  throwsTyped(() => p.fit(t, { targets: 'y', settings: { hidden: 3n } as never }), OptionError, /hidden must be a number, got the bigint 3n/);
  throwsTyped(() => p.fit(t, { targets: 'y', settings: { bogus: 1 } as never }), OptionError, /^settings: unknown option 'bogus'/);
  throwsTyped(() => p.fit(t, { targets: 'y', features: 'a' as never }), OptionError, /option 'features' must be an array of column names/);
  p.dispose();
});

test('defect 7: loadCsv checks its path and source before touching the file system', async () => {
  for (const [path, re] of [[Symbol('p'), /got a symbol/], ['', /got the string ""/], [null, /got null/]] as const) {
    let err: unknown = null;
    try { await loadCsv(path as never); } catch (e) { err = e; }
    assert.ok(err instanceof InvalidInputError, String(err));
    assert.match((err as Error).message, re);
  }
  let err: unknown = null;
  try { await loadCsv('/nonexistent.csv', { source: 1n as never }); } catch (e) { err = e; }
  assert.ok(err instanceof OptionError && /option 'source' must be a string/.test(err.message));
});

test('defect 5: init rejects a Map / class instance as options (once initialized too), and stays initialized', async () => {
  for (const bad of [new Map(), new Date(0), null, 'x']) {
    let err: unknown = null;
    try { await init(bad as never); } catch (e) { err = e; }
    assert.ok(err instanceof OptionError, `init(${describe(bad)})`);
    assert.match((err as Error).message, /^init\(options\): options must be an object/);
  }
  assert.ok(isInitialized());
});

test('defect 9: LinearOperator.compose frees the operators it made when N is invalid or the shapes differ', () => {
  throwsTyped(() => LinearOperator.compose([[1, 2, 3]] as never, [[1, 2]] as never), ShapeError, /^LinearOperator\.compose: A is 1×3 but N is 1×2/);
  throwsTyped(() => LinearOperator.compose([[1, 2]] as never, [[1, 'x']] as never), InvalidInputError, /must be a number/);
  throwsTyped(() => LinearOperator.compose([[1, 2]] as never, [[]] as never), InvalidInputError, /A is empty|must be/);
});

test('defect 1: svd / eigh / qr of finite data of extreme magnitude are scaled (finite, accurate) or a NonFiniteError', () => {
  const big = svd([[1e308, 0], [0, 5e307]]);
  assert.ok(Math.abs(big.s[0]! / 1e308 - 1) < 1e-15 && Math.abs(big.s[1]! / 5e307 - 1) < 1e-15, `σ ${big.s}`);
  big.dispose();
  const tiny = svd([[1e-310, 2e-310]], { vectors: false });
  assert.ok(Math.abs(tiny.s[0]! / (Math.sqrt(5) * 1e-310) - 1) < 1e-4, `σ ${tiny.s[0]}`);   // subnormal inputs carry few digits
  const e = eigh([[1e-310]]);
  assert.ok(e.values[0]! > 0 && Math.abs(e.values[0]! / 1e-310 - 1) < 1e-4, `λ ${e.values[0]}`);
  e.dispose();
  const ev = eigh([[5e307, 5e307], [5e307, 5e307]], { vectors: false });
  assert.ok(Math.abs(ev.values[0]!) < 1e293 && Math.abs(ev.values[1]! / 1e308 - 1) < 1e-14, `λ ${ev.values}`);
  throwsTyped(() => svd([[1.7e308, 1.7e308], [1.7e308, 1.7e308]]), NonFiniteError, /^svd: singular value 0 exceeds the double range/);
  throwsTyped(() => eigh([[1.7e308, 1.7e308], [1.7e308, 1.7e308]]), NonFiniteError, /^eigh: eigenvalue 1 exceeds the double range/);
  const f = qr([[1e308, 1e308], [1e308, -1e308]]);
  assert.ok(Math.abs(Math.abs(f.R.get(0, 0)) / (Math.SQRT2 * 1e308) - 1) < 1e-15, `R ${f.R.get(0, 0)}`);
  f.dispose();
  throwsTyped(() => qr([[1.7e308], [1.7e308]]), NonFiniteError, /^qr: R\(0, 0\) exceeds the double range/);
});

test('defect 1: features and LinearOperator products that overflow are a NonFiniteError, r2Score of extreme data is finite', () => {
  throwsTyped(() => features([[1e308, 1e308]], [[1e308], [1e308]], null, { activation: 'identity' }), NonFiniteError, /^features: X·W \+ b overflows the double range at row 0, column 0/);
  const op = LinearOperator.fromMatrix([[1e308, 1e308]]);
  throwsTyped(() => op.matvec([1e308, 1e308]), NonFiniteError, /^LinearOperator\.matvec: the product is not finite at index 0/);
  throwsTyped(() => op.rmatmat([[1e308]]), NonFiniteError, /^LinearOperator\.rmatmat/);
  op.dispose();
  assert.ok(Math.abs(r2Score([1e308, -1e308, 0], [1e308, -1e308, 1e307]) - (1 - 1e-2 / 2)) < 1e-12);
  assert.ok(Math.abs(r2Score([3e-310, 1e-310, 2e-310], [3e-310, 1e-310, 2e-310]) - 1) < 1e-12);
  assert.ok(Math.abs(r2Score([1, 2, 3, 4], [1.5, 2, 3, 3.5]) - 0.9) < 1e-15);
  // found by seed 7: an N×0 yPred read the sample count of a column that does not exist
  const E = Matrix.zeros(22, 0);
  throwsTyped(() => r2Score([[1], [2], [3]], E), InvalidInputError, /^r2Score: yPred has no columns \(22×0\)/);
  throwsTyped(() => r2Score([[], []], [1, 2]), InvalidInputError, /^r2Score: yTrue has no columns/);
  const E2 = Matrix.zeros(2, 0);
  throwsTyped(() => logLoss([0, 1], E2), InvalidInputError, /^logLoss: proba has no columns \(2×0\)/);
  E2.dispose();
  E.dispose();
  assert.ok(Number.isFinite(r2Score([[1e308, 1], [-1e308, 2]], [[0, 1], [0, 2.5]], { multioutput: [5e-324, 1e-320] })));
});

test('defect 1: ridgeFromGram and sampleSwimLayer on finite data of extreme magnitude: scaled, finite, same answer as the scaled problem', () => {
  // G = AᵀA = 5e300, AᵀB = 5e300, ‖b‖² = 5e300 for A = [[1e150], [2e150]], b = [1e150, 2e150]: x = 1
  const r = ridgeFromGram([[5e300]], [[5e300]], [5e300], 2, { lambda: 0 });
  assert.ok(Math.abs(r.X.get(0, 0) - 1) < 1e-12, `x ${r.X.get(0, 0)}`);
  r.X.dispose();
  const g = ridgeFromGram([[1e308]], [[1e308]], [1e308], 2);
  assert.ok(Number.isFinite(g.X.get(0, 0)) && Number.isFinite(g.lambda), `x ${g.X.get(0, 0)}, λ ${g.lambda}`);
  g.X.dispose();
  throwsTyped(() => ridgeFromGram([[0.5]], [[1e308]], [1], 2, { lambda: 0 }), InvalidInputError, /^ridgeFromGram: the solution cannot be represented/);
  const X = Matrix.fromRows([[1e308], [-1e308], [5e307]]), Y = Matrix.fromRows([[1], [2], [3]]);
  const before = liveBytes();
  const L1 = sampleSwimLayer(X, Y, { width: 4, seed: 3 });
  // the same layer as for X·1e-238 (in range, not scaled; both fall back to uniform pairs, as the
  // score threshold is absolute): W ∝ 1/Δx scales back exactly, b is scale-free
  const Xs = Matrix.fromRows([[1e70], [-1e70], [5e69]]);
  const L2 = sampleSwimLayer(Xs, Y, { width: 4, seed: 3 });
  assert.equal([...L1.from], [...L2.from]);
  for (let k = 0; k < 4; k++) {
    assert.ok(Math.abs(L1.W.get(0, k) * 1e308 / (L2.W.get(0, k) * 1e70) - 1) < 1e-12, `W ${L1.W.get(0, k)} vs ${L2.W.get(0, k)}`);
    assert.ok(Math.abs(L1.b.get(k, 0) - L2.b.get(k, 0)) < 1e-12, `b ${L1.b.get(k, 0)} vs ${L2.b.get(k, 0)}`);
  }
  const Xt = Matrix.fromRows([[5e-324], [0], [1e-323]]);
  throwsTyped(() => sampleSwimLayer(Xt, Y, { width: 3, seed: 1, distMin: 5e-324 }), NonFiniteError, /^sampleSwimLayer: weight .* exceeds the double range/);
  Xt.dispose();
  L1.W.dispose(); L1.b.dispose(); L2.W.dispose(); L2.b.dispose(); Xs.dispose();
  assert.is(liveBytes(), before);
  X.dispose(); Y.dispose();
});

test('lstsq type-checks ridgePerColumn / solverOptions for every method; a residual norm beyond f64 and logLoss of an impossible true class are NonFiniteErrors; sketchSolve scales extreme data', () => {
  const A = [[1, 0], [0, 1], [1, 1]];
  throwsTyped(() => lstsq(A, [1, 2, 3], { method: 'cholesky', ridgePerColumn: (() => 1) as never }), OptionError, /^lstsq: option 'ridgePerColumn' must be true or false, got a function/);
  throwsTyped(() => lstsq(A, [1, 2, 3], { method: 'qr', ridgePerColumn: true }), OptionError, /ridgePerColumn' needs method 'svd'/);
  throwsTyped(() => lstsq(A, [1, 2, 3], { method: 'svd', solverOptions: Symbol('s') as never }), OptionError, /^lstsq: option 'solverOptions' must be an object/);
  throwsTyped(() => lstsq([[1], [1]], [[0.9e308, 0.9e308, 0.9e308], [-0.9e308, -0.9e308, -0.9e308]]), NonFiniteError, /^lstsq: the residual norm ‖B − A·X‖_F over the 3 right-hand sides exceeds the float64 range/);
  throwsTyped(() => logLoss([0, 1], [0.5, 0], { eps: 0 }), NonFiniteError, /^logLoss: sample 1 gives its true class \(1\) probability 0 and eps is 0/);
  assert.ok(Number.isFinite(logLoss([0, 1], [0.5, 0])));
  const r = sketchSolve([[1e308], [2e307], [-1e308]], [1e308, 2e307, -1e308], { rows: 3, seed: 1 });
  assert.ok(Math.abs((r.x as Float64Array)[0]! - 1) < 1e-12, `x ${r.x}`);
});

test.run();
