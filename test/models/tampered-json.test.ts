// Issue 16, defect 3 (model side): tampered SampledNetwork / AnminNetwork / GradientNetwork
// documents are InvalidInputErrors naming the field path — never a TypeError, a RangeError
// (stack overflow), a silent coercion or NaN predictions — and nothing stays allocated.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, liveBytes, Matrix, SampledNetwork, AnminNetwork, GradientNetwork, InvalidInputError, SlimTrainNetwork } from '../../src/index.js';

test.before(async () => { await init(); });

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function nested(depth: number, leaf: unknown = 1, asArray = false): unknown {
  let o: unknown = leaf;
  for (let i = 0; i < depth; i++) o = asArray ? [o] : { a: o };
  return o;
}

/** Expects fromJSON(doc) to throw an InvalidInputError whose message matches `pattern`. */
function rejects(fromJSON: (j: unknown) => { dispose(): void }, doc: unknown, pattern: RegExp, what: string): void {
  let restored: { dispose(): void } | null = null;
  try {
    restored = fromJSON(doc);
  } catch (err) {
    assert.instance(err, InvalidInputError, `${what}: got ${(err as Error).constructor.name}: ${(err as Error).message?.slice(0, 200)}`);
    assert.match((err as Error).message, pattern, `${what}: ${(err as Error).message}`);
    assert.ok((err as Error).message.length < 400, `${what}: bounded message`);
    return;
  }
  restored.dispose();
  assert.unreachable(`${what}: accepted`);
}

const X = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(2 * i), (i % 5) / 5]);
const y = X.map(([a, b]) => a! - 2 * b!);
const labels = X.map(([a]) => (a! > 0 ? 1 : 0));

test('issue reproductions: SampledNetwork.fromJSON checks the scaler, coerces nothing, rejects classes [] / hidden [null] / missing output, from', () => {
  const reg = new SampledNetwork({ layers: [4], scaler: 'standard', seed: 2 }).fit(X, y);
  const cls = new SampledNetwork({ layers: [4], task: 'classification', seed: 2 }).fit(X, labels);
  const regText = JSON.stringify(reg.toJSON()), clsText = JSON.stringify(cls.toJSON());
  const yhat = reg.predict(X, { as: 'array' });
  reg.dispose(); cls.dispose();
  const base = liveBytes();
  const from = (j: unknown) => SampledNetwork.fromJSON(j);
  const cases: [string, string, (j: Doc) => void, RegExp][] = [
    ['scaler mean one short', regText, (j) => { j.scaler.mean.pop(); }, /field 'scaler\.mean' must be an array of 3 finite numbers, got an array of 2/],
    ['scaler scale 0', regText, (j) => { j.scaler.scale[1] = 0; }, /field 'scaler\.scale\[1\]' must be a positive number, got 0/],
    ['scaler scale "NaN"', regText, (j) => { j.scaler.scale[0] = 'NaN'; }, /field 'scaler\.scale\[0\]' must be a finite number, got the string "NaN"/],
    ['scaler mean null', regText, (j) => { j.scaler.mean[2] = null; }, /field 'scaler\.mean\[2\]' must be a finite number, got null/],
    ['scaler missing for scaler: standard', regText, (j) => { j.scaler = null; }, /field 'scaler' must hold the input scaler/],
    ['W null (was → 0)', regText, (j) => { j.hidden[0].W[0] = null; }, /field 'hidden\[0\]\.W\[0\]' must be a finite number, got null/],
    ['W true (was → 1)', regText, (j) => { j.hidden[0].W[1] = true; }, /field 'hidden\[0\]\.W\[1\]' must be a finite number, got true/],
    ['W "12" (was → 12)', regText, (j) => { j.hidden[0].W[2] = '12'; }, /field 'hidden\[0\]\.W\[2\]' must be a finite number, got the string "12"/],
    ['W a digit string of the right length', regText, (j) => { j.hidden[0].W = '123456789012'; }, /field 'hidden\[0\]\.W' must be an array of 12 finite numbers, got the string "123456789012"/],
    ['b holds 1e999 (Infinity)', regText, (j) => { j.hidden[0].b[0] = Infinity; }, /field 'hidden\[0\]\.b\[0\]' must be a finite number, got Infinity/],
    ['theta an object', regText, (j) => { j.output.theta = { length: 5 }; }, /field 'output\.theta' must be an array/],
    ['classes []', clsText, (j) => { j.classes = []; }, /field 'classes' must list at least one class label/],
    ['classes unsorted', clsText, (j) => { j.classes = [1, 0]; }, /field 'classes\[1\]' must be an integer label, sorted ascending/],
    ['classes ["0","1"]', clsText, (j) => { j.classes = ['0', '1']; }, /field 'classes\[0\]' must be a finite number/],
    ['classes for a regression', regText, (j) => { j.classes = [0, 1]; }, /field 'classes' must be null for regression/],
    ['hidden [null]', regText, (j) => { j.hidden = [null]; }, /field 'hidden\[0\]' must be an object, got null/],
    ['hidden with a hole', regText, (j) => { j.hidden = new Array(1); }, /field 'hidden\[0\]' must be an object, got nothing/],
    ['hidden two layers for one', regText, (j) => { j.hidden.push(j.hidden[0]); }, /field 'hidden' must be an array of 1 objects, got an array of 2/],
    ['missing output', regText, (j) => { delete j.output; }, /field 'output' is missing/],
    ['missing hidden[0].from', regText, (j) => { delete j.hidden[0].from; }, /field 'hidden\[0\]\.from' is missing/],
    ['from out of range', regText, (j) => { j.hidden[0].from[0] = -1; }, /field 'hidden\[0\]\.from\[0\]' must be an integer in \[0, /],
    ['output rows mismatch', regText, (j) => { j.output.rows = 4; }, /field 'output\.rows' must be an integer in \[5, 5\]/],
    ['λ given for a cut-off solve', regText, (j) => { j.options.rcond = 1e-8; delete j.options.regularization; delete j.options.gcvTolerance; j.regularizationLambda = 3; }, /field 'regularizationLambda' must be null for a cut-off solve/],
    ['100k-deep option (object)', regText, (j) => { j.options.solverOptions = nested(100_000); }, /field 'options\.solverOptions(\.a)?' (is invalid|must be)/],
    ['100k-deep option (array)', regText, (j) => { j.options.layers = nested(100_000, 4, true); }, /field 'options\.layers' is invalid: option 'layers\[0\]' must be an integer in \[1, 16777216\], got an array of 1/],
    ['100k-deep regularization', regText, (j) => { j.options.regularization = nested(100_000); }, /field 'options' is invalid: .*option 'regularization' must be 'gcv', \{ rcond: number \} or \{ ridge: number \}, got an object/],
    ['100k-deep seed', regText, (j) => { j.options.seed = nested(100_000, 1, true); }, /field 'options\.seed' is invalid: option 'seed' must be an integer/],
    ['100k-deep scaler', regText, (j) => { j.scaler = nested(100_000); }, /unknown field 'scaler\.a'/],
    ['100k-deep weight', regText, (j) => { j.hidden[0].W = nested(100_000, 1, true); }, /field 'hidden\[0\]\.W' must be an array of 12 finite numbers, got an array of 1/],
    ['100k-deep weight entry', regText, (j) => { j.output.theta[0] = nested(100_000, 1, true); }, /field 'output\.theta\[0\]' must be a finite number, got an array of 1/],
  ];
  for (const [what, text, tamper, pattern] of cases) {
    const j = JSON.parse(text) as Doc;
    tamper(j);
    rejects(from, j, pattern, what);
  }
  assert.is(liveBytes(), base, 'nothing allocated stays live');
  // the untouched document still restores the same predictions
  const ok = SampledNetwork.fromJSON(JSON.parse(regText));
  assert.equal(Array.from(ok.predict(X, { as: 'array' })), Array.from(yhat));
  ok.dispose();
});

test('the shared strict reader (schema.ts): class instances, getters, holes and null losses are rejected for every model', () => {
  const nets = [
    { name: 'SampledNetwork', fromJSON: (j: unknown) => SampledNetwork.fromJSON(j), net: new SampledNetwork({ layers: [3] }).fit(X, y) },
    { name: 'AnminNetwork', fromJSON: (j: unknown) => AnminNetwork.fromJSON(j), net: new AnminNetwork({ hidden: 3, iterations: 2 }).fit(X, y) },
    { name: 'GradientNetwork', fromJSON: (j: unknown) => GradientNetwork.fromJSON(j), net: new GradientNetwork({ hidden: 3, epochs: 2 }).fit(X, y) },
    { name: 'SlimTrainNetwork', fromJSON: (j: unknown) => SlimTrainNetwork.fromJSON(j), net: new SlimTrainNetwork({ width: 3, depth: 2, epochs: 2 }).fit(X, y) },
  ];
  const texts = nets.map((n) => JSON.stringify(n.net.toJSON()));
  for (const n of nets) n.net.dispose();
  const base = liveBytes();
  nets.forEach((n, i) => {
    const fresh = () => JSON.parse(texts[i]!) as Doc;
    const M = Matrix.eye(2);
    rejects(n.fromJSON, M, /the document must be an object, got an object/, `${n.name}: a Matrix as the document`);
    M.dispose();
    rejects(n.fromJSON, new Map(), /the document must be an object/, `${n.name}: a Map`);
    rejects(n.fromJSON, Object.assign(Object.create({ inherited: 1 }), fresh()), /the document must be an object/, `${n.name}: a non-plain prototype`);
    const withGetter = fresh();
    Object.defineProperty(withGetter, 'inputDim', { get() { throw new Error('getter ran'); }, enumerable: true });
    rejects(n.fromJSON, withGetter, /field 'inputDim' must be a data property/, `${n.name}: a throwing getter`);
    const opts = fresh();
    opts.options = { ...opts.options, seed: 1.5 };
    rejects(n.fromJSON, opts, /field 'options\.seed' is invalid: option 'seed' must be an integer/, `${n.name}: option error names options.seed`);
    rejects(n.fromJSON, { ...fresh(), options: nested(100_000) }, /field 'options'|unknown field 'options\.a'/, `${n.name}: 100k-deep options`);
    if (n.name !== 'SampledNetwork') {
      const h = fresh();
      h.history[0].trainMse = null;
      rejects(n.fromJSON, h, /field 'history\[0\]\.trainMse' must be a finite number/, `${n.name}: a NaN (null) training loss`);
      const w = fresh();
      w.theta = [...w.theta.slice(0, -1), '0'];
      rejects(n.fromJSON, w, /field 'theta\[\d+\]' must be a finite number, got the string "0"/, `${n.name}: "0" in theta`);
      const extra = fresh();
      extra.history.push({ ...extra.history[0] });
      rejects(n.fromJSON, extra, /field 'history' must be an array of 2 objects, got an array of 3/, `${n.name}: more history entries than iterations`);
      // weights valid but history invalid: the weights must not be allocated (and leaked)
      const late = fresh();
      late.history[1] = { bogus: 1 };
      rejects(n.fromJSON, late, /history\[1\]/, `${n.name}: bad history after valid weights`);
    }
  });
  assert.is(liveBytes(), base, 'rejected documents allocate nothing that stays live');
});

test.run();
