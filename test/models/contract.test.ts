// The model contract (DESIGN.md §3, src/models/base.ts): the SAME checks over every model.
// A new model joins by one entry in MODELS below.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, liveBytes, Matrix, SampledNetwork, AnminNetwork, GradientNetwork, InvalidInputError, OptionError, DisposedError, NotFittedError,
  SlimTrainNetwork,
} from '../../src/index.js';
import { assertThrows } from '../helpers/index.js';

/** What the checks need to know about a model. */
interface ModelCase {
  name: string;
  task: 'regression' | 'classification';
  /** A new, small, fast model (extra options merged in, e.g. onProgress). */
  make(extra?: Record<string, unknown>): ContractModel;
  fromJSON(json: unknown): ContractModel;
  /** Path of a weight array inside toJSON() and of the discriminator field ('format' or 'type'). */
  weight: string[];
  kindField: string;
}

interface ContractModel {
  fit(X: unknown, y: unknown): unknown;
  predict(X: unknown): Matrix;
  predict(X: unknown, o: { as: 'array' }): Float64Array;
  score(X: unknown, y: unknown): number;
  toJSON(): unknown;
  dispose(): void;
  readonly disposed: boolean;
  history: unknown[];
}

const MODELS: ModelCase[] = [
  { name: 'SampledNetwork regression', task: 'regression', weight: ['output', 'theta'], kindField: 'format',
    make: (e) => new SampledNetwork({ layers: [12], seed: 1, ...e }) as unknown as ContractModel,
    fromJSON: (j) => SampledNetwork.fromJSON(j) as unknown as ContractModel },
  { name: 'SampledNetwork classification', task: 'classification', weight: ['hidden', '0', 'W'], kindField: 'format',
    make: (e) => new SampledNetwork({ layers: [12], seed: 1, task: 'classification', ...e }) as unknown as ContractModel,
    fromJSON: (j) => SampledNetwork.fromJSON(j) as unknown as ContractModel },
  { name: 'SampledNetwork classification, output softmax', task: 'classification', weight: ['output', 'theta'], kindField: 'format',
    make: (e) => new SampledNetwork({ layers: [12], seed: 1, task: 'classification', output: 'softmax', ...e }) as unknown as ContractModel,
    fromJSON: (j) => SampledNetwork.fromJSON(j) as unknown as ContractModel },
  { name: 'AnminNetwork', task: 'regression', weight: ['A'], kindField: 'type',
    make: (e) => new AnminNetwork({ hidden: 5, iterations: 3, seed: 1, ...e }) as unknown as ContractModel,
    fromJSON: (j) => AnminNetwork.fromJSON(j) as unknown as ContractModel },
  { name: 'GradientNetwork', task: 'regression', weight: ['theta'], kindField: 'type',
    make: (e) => new GradientNetwork({ hidden: 5, epochs: 3, seed: 1, ...e }) as unknown as ContractModel,
    fromJSON: (j) => GradientNetwork.fromJSON(j as never) as unknown as ContractModel },
  { name: 'SlimTrainNetwork', task: 'regression', weight: ['W'], kindField: 'type',
    make: (e) => new SlimTrainNetwork({ width: 4, depth: 2, epochs: 2, batchSize: 5, seed: 1, ...e }) as unknown as ContractModel,
    fromJSON: (j) => SlimTrainNetwork.fromJSON(j) as unknown as ContractModel },
];

test.before(async () => { await init(); });

/** n points in [−1, 1]², two regression targets, or two separated classes (labels 3 and 7). */
function problem(task: ModelCase['task'], n = 30, seed = 1): { X: number[][]; y: number[][] | number[] } {
  let s = seed * 7919;
  const r = () => { s = (s * 16807) % 2147483647; return (s / 2147483647) * 2 - 1; };
  const X = Array.from({ length: n }, () => [r(), r()]);
  if (task === 'classification') {
    // class 7 on the right (x0 > 0.2), class 3 on the left (x0 < −0.2): separable with margin
    for (const x of X) x[0] = x[0]! >= 0 ? 0.2 + 0.8 * x[0]! : -0.2 + 0.8 * x[0]!;
    return { X, y: X.map((x) => (x[0]! > 0 ? 7 : 3)) };
  }
  return { X, y: X.map(([a, b]) => [Math.sin(a! + b!), a! * b! - 0.3]) };
}

/** R² by its closed form, averaged over columns (sklearn uniform_average); P and Y as rows. */
function r2(P: Float64Array, Y: number[][], c: number): number {
  let sum = 0;
  const n = Y.length;
  for (let j = 0; j < c; j++) {
    const mean = Y.reduce((s, row) => s + row[j]!, 0) / n;
    let ssr = 0, sst = 0;
    for (let i = 0; i < n; i++) { ssr += (Y[i]![j]! - P[i * c + j]!) ** 2; sst += (Y[i]![j]! - mean) ** 2; }
    sum += 1 - ssr / sst;
  }
  return sum / c;
}

function deep(depth: number): unknown {
  let o: unknown = 1;
  for (let i = 0; i < depth; i++) o = { a: o };
  return o;
}

function getAt(obj: unknown, path: string[]): unknown {
  return path.reduce((o, k) => (o as Record<string, unknown>)[k], obj);
}
function setAt(obj: unknown, path: string[], value: unknown): void {
  const parent = getAt(obj, path.slice(0, -1)) as Record<string, unknown>;
  parent[path[path.length - 1]!] = value;
}
/** Field path as the messages print it: hidden[0].W */
function printed(path: string[]): string {
  return path.map((k, i) => (/^\d+$/.test(k) ? `[${k}]` : i > 0 ? `.${k}` : k)).join('');
}
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const M of MODELS) {
  test(`${M.name}: fit returns this; predict shape and { as: 'array' }; score; history`, () => {
    const { X, y } = problem(M.task);
    const net = M.make();
    assert.is(net.fit(X, y), net);
    const c = M.task === 'classification' ? 2 : 2;
    const P = net.predict(X);
    assert.instance(P, Matrix);
    assert.is(P.rows, X.length);
    assert.is(P.cols, c);
    const arr = net.predict(X, { as: 'array' });
    assert.instance(arr, Float64Array);
    assert.is(arr.length, X.length * c);
    assert.equal(Array.from(arr), Array.from(P.toRowMajor()), "{ as: 'array' } is the row-major copy of the matrix");
    P.dispose();
    if (M.task === 'regression') {
      const Y = y as number[][];
      const want = r2(arr, Y, c);
      const got = net.score(X, Y);
      assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `R² ${got} vs closed form ${want}`);
      // predictions as targets: R² = 1 exactly
      const rows = Array.from({ length: X.length }, (_, i) => Array.from(arr.subarray(i * c, (i + 1) * c)));
      assert.is(net.score(X, rows), 1);
    } else {
      const labels = y as number[];
      assert.is(net.score(X, labels), 1, 'separable classes: accuracy 1');
      assert.is(net.score(X, labels.map((l) => (l === 7 ? 3 : 7))), 0, 'flipped labels: accuracy 0');
    }
    assert.ok(Array.isArray(net.history) && net.history.length > 0, 'history of the last fit');
    net.dispose();
  });

  test(`${M.name}: onProgress events have one shape, step increasing up to total`, () => {
    const { X, y } = problem(M.task);
    const events: Record<string, unknown>[] = [];
    const net = M.make({ onProgress: (e: Record<string, unknown>) => events.push(e) }).fit(X, y) as ContractModel;
    assert.ok(events.length > 0);
    let last = 0;
    for (const e of events) {
      assert.type(e.stage, 'string');
      assert.ok(Number.isInteger(e.step) && Number.isInteger(e.total), 'integer step/total');
      assert.ok((e.step as number) > last, 'step increases');
      assert.ok((e.step as number) <= (e.total as number), 'step ≤ total');
      if (e.loss !== undefined) assert.ok(typeof e.loss === 'number' && Number.isFinite(e.loss), 'loss is a finite number');
      last = e.step as number;
    }
    assert.is(last, events[0]!.total, 'the last event has step = total');
    assertThrows(() => M.make({ onProgress: 3 }), OptionError, /onProgress/);
    assertThrows(() => M.make({ onIteration: () => 0 }), OptionError, /unknown option 'onIteration' \(known: .*onProgress/);
    net.dispose();
  });

  test(`${M.name}: toJSON → JSON.stringify → fromJSON predicts bit-identically`, () => {
    const { X, y } = problem(M.task);
    const net = M.make().fit(X, y) as ContractModel;
    const text = JSON.stringify(net.toJSON());
    const copy = M.fromJSON(JSON.parse(text));
    assert.equal(Array.from(copy.predict(X, { as: 'array' })), Array.from(net.predict(X, { as: 'array' })));
    assert.is(JSON.stringify(copy.toJSON()), text, 'saving the copy gives the same document');
    net.dispose(); copy.dispose();
  });

  test(`${M.name}: tampered JSON → InvalidInputError naming the field, never NaN predictions`, () => {
    const { X, y } = problem(M.task);
    const net = M.make().fit(X, y) as ContractModel;
    const text = JSON.stringify(net.toJSON());
    net.dispose();
    const base = liveBytes();
    const fresh = () => JSON.parse(text) as Record<string, unknown>;
    const w = printed(M.weight);
    const cases: [string, (j: Record<string, unknown>) => void, RegExp][] = [];
    for (const [label, bad] of [['null', null], ['"12"', '12'], ['true', true], ['"NaN"', 'NaN'], ['{}', {}]] as const) {
      cases.push([`weight[1] = ${label}`, (j) => { (getAt(j, M.weight) as unknown[])[1] = bad; }, new RegExp(`field '${esc(w)}\\[1\\]'`)]);
    }
    cases.push(['short weight array', (j) => { (getAt(j, M.weight) as unknown[]).pop(); }, new RegExp(`field '${esc(w)}' must be an array of \\d+`)]);
    cases.push(['weight replaced by a string', (j) => { setAt(j, M.weight, '1,2,3'); }, new RegExp(`field '${esc(w)}'`)]);
    cases.push(['100k-deep object as a weight', (j) => { setAt(j, M.weight, deep(100_000)); }, new RegExp(`field '${esc(w)}'`)]);
    cases.push(['100k-deep object as the options', (j) => { j.options = deep(100_000); }, /field 'options[.']/]);
    cases.push(['missing inputDim', (j) => { delete j.inputDim; }, /field 'inputDim' is missing/]);
    cases.push(['inputDim as a string', (j) => { j.inputDim = '2'; }, /field 'inputDim' must be an integer/]);
    cases.push(['inputDim fractional', (j) => { j.inputDim = 2.5; }, /field 'inputDim' must be an integer/]);
    cases.push(['unknown top-level field', (j) => { j.extra = 1; }, /unknown field 'extra'/]);
    cases.push(['unknown option', (j) => { (j.options as Record<string, unknown>).bogus = 1; }, /unknown field 'options\.bogus'/]);
    cases.push(['wrong kind', (j) => { j[M.kindField] = 'SomethingElse'; }, new RegExp(`field '${M.kindField}' must be`)]);
    cases.push(['wrong version', (j) => { j.version = 2; }, /field 'version' must be 1/]);
    cases.push(['version as a string', (j) => { j.version = '1'; }, /field 'version' must be 1/]);
    for (const [what, tamper, pattern] of cases) {
      const j = fresh();
      tamper(j);
      let restored: ContractModel | null = null;
      try {
        restored = M.fromJSON(j);
      } catch (err) {
        assert.instance(err, InvalidInputError, `${what}: expected InvalidInputError, got ${(err as Error).constructor.name}: ${(err as Error).message.slice(0, 200)}`);
        assert.match((err as Error).message, pattern, `${what}: message names the field`);
        assert.ok((err as Error).message.length < 400, `${what}: bounded message`);
        continue;
      }
      const p = restored.predict(X, { as: 'array' });
      restored.dispose();
      assert.unreachable(`${what}: accepted (NaN in predictions: ${p.some(Number.isNaN)})`);
    }
    assertThrows(() => M.fromJSON(deep(100_000)), InvalidInputError, /field '(format|type)'/);
    assertThrows(() => M.fromJSON(null), InvalidInputError, /must be an object/);
    assertThrows(() => M.fromJSON([1, 2]), InvalidInputError, /must be an object/);
    assert.is(liveBytes(), base, 'rejected documents free what they allocated');
  });

  test(`${M.name}: dispose makes predict throw DisposedError; unfitted → NotFittedError`, () => {
    const { X, y } = problem(M.task);
    const net = M.make();
    assertThrows(() => net.predict(X), NotFittedError);
    assertThrows(() => net.score(X, y), NotFittedError);
    assertThrows(() => net.toJSON(), NotFittedError);
    net.fit(X, y);
    net.dispose();
    assert.ok(net.disposed);
    assertThrows(() => net.predict(X), DisposedError);
    assertThrows(() => net.predict(X, { as: 'array' }), DisposedError);
    assertThrows(() => net.score(X, y), DisposedError);
    assertThrows(() => net.fit(X, y), DisposedError);
    assertThrows(() => net.toJSON(), DisposedError);
    net.dispose(); // idempotent
  });

  test(`${M.name}: 1,000 fit/predict/dispose cycles leave liveBytes() where it started`, () => {
    const { X, y } = problem(M.task, 12, 3);
    const Xm = Matrix.fromRows(X);
    const base = liveBytes();
    for (let i = 0; i < 1000; i++) {
      const net = M.make({ seed: i + 1 });
      net.fit(Xm, y);
      net.predict(Xm).dispose();
      net.predict(Xm, { as: 'array' });
      net.dispose();
    }
    assert.is(liveBytes(), base);
    Xm.dispose();
  });
}

test.run();
