// Issue 16, defect 9 (models): every error path of fit / predict / score / fromJSON is a typed
// LsqnetError, frees what it allocated at once (liveBytes() back to its start without GC) and
// leaves the model usable with its previous state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, liveBytes, Matrix, SampledNetwork, AnminNetwork, GradientNetwork, LsqnetError, OptionError, InvalidInputError, sampleSwimLayer, SlimTrainNetwork } from '../../src/index.js';
import { assertThrows } from '../helpers/index.js';

let Xm: Matrix;
test.before(async () => { await init(); Xm = Matrix.fromRows(X); });

interface AnyModel {
  fit(X: unknown, y: unknown): unknown;
  predict(X: unknown, o?: unknown): Matrix | Float64Array;
  score(X: unknown, y: unknown): number;
  toJSON(): unknown;
  dispose(): void;
  readonly fitted: boolean;
}

const X = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(1.7 * i)]);
const y = X.map(([a, b]) => a! * b!);
const labels = X.map(([a]) => (a! > 0 ? 2 : 5));

const MODELS: { name: string; make(extra?: object): AnyModel; fromJSON(j: unknown): AnyModel; targets: number[] }[] = [
  { name: 'SampledNetwork', make: (e) => new SampledNetwork({ layers: [6], ...e }) as unknown as AnyModel, fromJSON: (j) => SampledNetwork.fromJSON(j) as unknown as AnyModel, targets: y },
  { name: 'SampledNetwork (classification)', make: (e) => new SampledNetwork({ layers: [6], task: 'classification', ...e }) as unknown as AnyModel, fromJSON: (j) => SampledNetwork.fromJSON(j) as unknown as AnyModel, targets: labels },
  { name: 'AnminNetwork', make: (e) => new AnminNetwork({ hidden: 4, iterations: 2, ...e }) as unknown as AnyModel, fromJSON: (j) => AnminNetwork.fromJSON(j) as unknown as AnyModel, targets: y },
  { name: 'GradientNetwork', make: (e) => new GradientNetwork({ hidden: 4, epochs: 2, ...e }) as unknown as AnyModel, fromJSON: (j) => GradientNetwork.fromJSON(j) as unknown as AnyModel, targets: y },
  { name: 'SlimTrainNetwork', make: (e) => new SlimTrainNetwork({ width: 4, depth: 2, epochs: 2, ...e }) as unknown as AnyModel, fromJSON: (j) => SlimTrainNetwork.fromJSON(j) as unknown as AnyModel, targets: y },
];

/** Runs `fn`, expects a typed LsqnetError and liveBytes() unchanged. */
function failsClean(what: string, fn: () => unknown): void {
  const base = liveBytes();
  let err: unknown = null;
  let out: unknown;
  try { out = fn(); } catch (e) { err = e; }
  if (err === null) {
    if (out instanceof Matrix) out.dispose();
    assert.unreachable(`${what}: accepted`);
  }
  assert.instance(err, LsqnetError, `${what}: ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
  assert.is(liveBytes(), base, `${what}: ${liveBytes() - base} bytes left allocated`);
}

const ragged = [...X.slice(0, 29), [1]];
const withNaN = X.map((r, i) => (i === 7 ? [r[0]!, Number.NaN] : r));

for (const M of MODELS) {
  test(`${M.name}: bad fit / predict / score / JSON inputs free everything and keep the model`, () => {
    const net = M.make().fit(X, M.targets) as AnyModel;
    const before = net.predict(X, { as: 'array' }) as Float64Array;
    const json = JSON.stringify(net.toJSON());
    const fitCases: [string, unknown, unknown][] = [
      ['ragged X', ragged, M.targets], ['NaN in X', withNaN, M.targets], ['empty X', [], []], ['X null', null, M.targets],
      ['y one short', X, M.targets.slice(1)], ['y one long', Xm, [...M.targets, 1]], ['y null', X, null],
      ['y with NaN', X, M.targets.map((v, i) => (i === 3 ? Number.NaN : v))], ['Y matrix with the wrong rows', Xm, [[1], [2]]],
    ];
    for (const [what, a, b] of fitCases) failsClean(`fit: ${what}`, () => net.fit(a, b));
    const predictCases: [string, unknown, unknown][] = [
      ['3 columns', X.map((r) => [...r, 0]), undefined], ['ragged', ragged, undefined], ['NaN', withNaN, undefined],
      ['null', null, undefined], ['options null', X, null], ['options 5', Xm, 5], ["as: 'list'", Xm, { as: 'list' }], ['unknown option', X, { format: 'array' }],
    ];
    for (const [what, a, o] of predictCases) {
      failsClean(`predict: ${what}`, () => (o === undefined ? net.predict(a) : net.predict(a, o)));
    }
    failsClean('score: y one short', () => net.score(X, M.targets.slice(1)));
    failsClean('score: X with NaN', () => net.score(withNaN, M.targets));
    const doc = JSON.parse(json) as Record<string, unknown>;
    doc.inputDim = 3;
    failsClean('fromJSON: inputDim does not match the weights', () => M.fromJSON(doc));
    // an onProgress callback that throws mid-fit: the error propagates, buffers are freed, state kept
    const thrower = M.make({ onProgress: () => { throw new LsqnetError('OPTION', 'stop'); } });
    failsClean('fit: onProgress throws', () => thrower.fit(Xm, M.targets));
    thrower.dispose();
    assert.ok(net.fitted, 'still fitted');
    assert.equal(Array.from(net.predict(X, { as: 'array' }) as Float64Array), Array.from(before), 'previous state kept');
    net.dispose();
  });
}

test('option values of every kind (Symbol, BigInt, 100k-deep, null, wrong types) → OptionError with a bounded message; sampleSwimLayer checks before allocating', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = { a: deep };
  const weird: unknown[] = [Symbol('s'), 10n, deep, null, 'x', [1], () => 1, Number.NaN];
  const base = liveBytes();
  const ctors: [string, (o: object) => unknown, string[]][] = [
    ['SampledNetwork', (o) => new SampledNetwork(o), ['layers', 'activation', 'seed', 'solver', 'regularization', 'scaler', 'distMin']],
    ['AnminNetwork', (o) => new AnminNetwork(o), ['hidden', 'alpha', 'lambda', 'tau', 'select']],
    ['GradientNetwork', (o) => new GradientNetwork(o), ['hidden', 'optimizer', 'learningRate', 'schedule', 'batchSize']],
    ['SlimTrainNetwork', (o) => new SlimTrainNetwork(o), ['width', 'memory', 'regularization', 'sumLambda0', 'outputInit', 'adam', 'learningRate']],
    ['sampleSwimLayer', (o) => sampleSwimLayer(Xm, null, { width: 3, sampler: 'uniform', ...o } as never), ['width', 'activation', 'seed', 'sampler', 'classification', 'pruneDuplicates', 'distMin']],
  ];
  for (const [name, make, keys] of ctors) {
    for (const key of keys) {
      for (const v of weird) {
        if (v === null && (key === 'regularization' || key === 'schedule')) continue; // null is a documented value there
        if (key === 'layers' && Array.isArray(v)) continue; // [1] is a valid width list
        let err: unknown = null;
        try { make({ [key]: v }); } catch (e) { err = e; }
        assert.ok(err !== null, `${name} { ${key}: ${typeof v} }: accepted`);
        assert.instance(err, OptionError, `${name} { ${key}: ${typeof v} }: ${(err as Error).constructor.name}: ${(err as Error).message?.slice(0, 120)}`);
        assert.ok((err as Error).message.length < 300, `${name} { ${key} }: bounded message`);
        assert.match((err as Error).message, new RegExp(`option '${key}`));
      }
    }
  }
  for (const [name, make] of ctors.slice(0, 3)) {
    for (const bad of [null, 5, 'adam', [1], Symbol('o')]) assertThrows(() => make(bad as never), OptionError, new RegExp(`^${name}: options must be an object or omitted, got`));
  }
  assertThrows(() => sampleSwimLayer(Xm, null, null as never), OptionError, /sampleSwimLayer: options must be an object/);
  assertThrows(() => sampleSwimLayer(Xm, null, {} as never), OptionError, /option 'width' is required/);
  assertThrows(() => sampleSwimLayer(X as never, null, { width: 2 }), InvalidInputError, /X must be a Matrix, got an array of 30/);
  assertThrows(() => sampleSwimLayer(Xm, [[1]] as never, { width: 2 }), InvalidInputError, /Y must be a Matrix or null/);
  const nan = Matrix.fromRows(withNaN);
  assertThrows(() => sampleSwimLayer(nan, null, { width: 2, sampler: 'uniform' }), InvalidInputError, /sampleSwimLayer: X has a non-finite value \(NaN\) at row 7, column 1/);
  nan.dispose();
  assert.is(liveBytes(), base);
});

test.after(() => { Xm.dispose(); });

test.run();
