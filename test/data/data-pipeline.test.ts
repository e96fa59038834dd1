// The Pipeline behind `lsqnet fit/predict` (src/data/pipeline.ts) used as a library: column rules,
// fit/predict for both tasks, JSON round trips (version 2 and version-1 files), strict fromJSON on
// tampered documents, loadModel for pipeline and bare-model JSON, no leaked wasm memory; plus the
// model settings, generated problems and terminal formatting behind `npm start`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, liveBytes, Matrix, parseCsv, InvalidInputError, OptionError, SampledNetwork, AnminNetwork } from '../../src/index.js';
import { Pipeline, loadModel, columnKind, idLikeReason, inferTask, shellQuote, regressionMetrics, type PipelineJSON } from '../../src/data/pipeline.js';
import { modelEntry, resolveSettings } from '../../src/data/models.js';
import { sinNormSquaredProblem, sinSumProblem } from '../../src/data/toy.js';
import { formatTable, fmt } from '../../src/data/terminal.js';
import { EPS, assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

const CSV = (() => {
  const lines = ['id,a,b,color,label,y'];
  for (let i = 0; i < 120; i++) {
    const a = (i * 0.37) % 1, b = (i * 0.71) % 1, color = ['red', 'green', 'blue'][i % 3]!;
    lines.push(`r${i},${a},${b},${color},${a + (color === 'red' ? 0.3 : 0) > 0.6 ? 'hi' : 'lo'},${Math.sin(2 * a + b) + (color === 'red' ? 1 : 0) + 5}`);
  }
  return lines.join('\n');
})();

test('regressionMetrics (npm start): MSE, MAE and R² relative to a given mean match closed forms', () => {
  const P = Matrix.fromRows([[1, 0], [2, 0], [3, 3]]);
  const Y = Matrix.fromRows([[1, 1], [1, 1], [4, 1]]);
  const m = regressionMetrics(P, Y, [2, 1]);
  assert.is(m.rows, 3);
  assertLE(Math.abs(m.mse - 8 / 6), 4 * EPS, 'mse');
  assertLE(Math.abs(m.mae - 1), 4 * EPS, 'mae');
  assertLE(Math.abs(m.r2 - (1 - 8 / 6)), 4 * EPS, 'r2');
  P.dispose(); Y.dispose();
});

test('column rules: kinds (typo vs categories), id-like columns, task inference, shell quoting', () => {
  const t = parseCsv('n,typo,text,few,seq,uid,f,y,lab\n' + Array.from({ length: 12 }, (_, i) =>
    `${i * 1.5},${i === 4 ? 'x' : i},${['a', 'b', '1'][i % 3]},${i % 2},${i + 7},u${i},${(i * 0.37) % 1},${i % 3},${i % 2 ? 'cat' : 'dog'}`).join('\n'));
  assert.is(columnKind(t, 'n'), 'numeric');
  assert.is(columnKind(t, 'typo'), 'mixed', '11 numbers and one text: a typo');
  assert.is(columnKind(t, 'text'), 'categorical', 'mostly text, one number-like category');
  assert.is(idLikeReason(t, 'seq'), 'integers 7..18, unique in each row');
  assert.is(idLikeReason(t, 'uid'), 'text, unique in each of the 12 rows');
  assert.is(idLikeReason(t, 'f'), null, 'distinct real numbers are measurements, not ids');
  assert.is(idLikeReason(t, 'few'), null);
  assert.equal(inferTask(t, 'y'), { task: 'classification', reason: "target 'y' has 3 distinct integer values in 12 rows (≤ 20 and ≤ half the rows)" });
  assert.is(inferTask(t, 'lab').task, 'classification');
  assert.is(inferTask(t, 'seq').task, 'regression', '12 distinct values in 12 rows');
  assert.is(inferTask(t, 'n').task, 'regression');
  assert.equal([shellQuote('a,b'), shellQuote('first name'), shellQuote("it's")], ['a,b', "'first name'", "'it'\\''s'"]);
});

test('Pipeline regression: one-hot text column, id column left out, predictions from rows = from the table, JSON round trip, no leaked wasm memory', () => {
  const t = parseCsv(CSV);
  const bytes0 = liveBytes();
  const p = new Pipeline().fit(t, { targets: 'y', ignore: ['label'], settings: { hidden: 40, seed: 2 }, testFraction: 0.25 });
  assert.is(p.task, 'regression');
  assert.equal(p.features, ['a', 'b', 'color']);
  assert.equal(p.featureNames, ['a', 'b', 'color=blue', 'color=green', 'color=red']);
  const r = p.report;
  assert.ok(r.notes.some((n) => /column 'id' looks like a row id/.test(n)), r.notes.join('\n'));
  assert.equal(r.rows, { table: 120, used: 120, train: 90, test: 30 });
  assert.ok(r.test!.task === 'regression' && r.test!.r2 > 0.99, `test R² ${JSON.stringify(r.test)}`);
  const pred = p.predict(t) as number[][];
  assert.is(pred.length, 120);
  const rows = [{ a: 0.37, b: 0.71, color: 'red' }, { a: 0.5, b: null, color: 'blue', extra: 'x' }];
  assertThrows(() => p.predict(rows), InvalidInputError, /rows: missing values in 'b' 1 of 2/);
  const one = p.predict([{ a: (1 * 0.37) % 1, b: (1 * 0.71) % 1, color: 'green' }]) as number[][];
  assertLE(Math.abs(one[0]![0]! - pred[1]![0]!), 64 * EPS * Math.abs(pred[1]![0]!), 'a row object predicts what its table row predicts (up to the rounding of a 1-row product)');
  const json = JSON.parse(JSON.stringify(p)) as PipelineJSON;
  assert.is(json.version, 2);
  assert.equal(json.encoder!.categories, [['blue', 'green', 'red']]);
  const q = Pipeline.fromJSON(json);
  assert.equal(q.predict(t), pred, 'identical predictions after the round trip');
  const l = loadModel(JSON.stringify(json));
  assert.ok(l instanceof Pipeline);
  assert.equal((l as Pipeline).evaluate(t), q.evaluate(t));
  p.dispose(); q.dispose(); l.dispose();
  assert.is(liveBytes(), bytes0, 'fit, predict and restore free all wasm memory after dispose');
  assertThrows(() => p.predict(t), OptionError, /not fitted/);
});

test('Pipeline classification: string labels, probabilities (softmax output by default), confusion matrix, missing values filled', () => {
  const text = CSV.split('\n').map((l, i) => (i === 5 ? l.replace(/,([^,]+),([^,]+),(red|green|blue)/, ',NA,$2,$3') : i === 8 ? l.replace(/(red|green|blue)/, '') : l)).join('\n');
  const t = parseCsv(text);
  assertThrows(() => new Pipeline().fit(t, { targets: 'label', ignore: ['y'] }), InvalidInputError, /missing values .* in 2 columns: 'a' 1 of 120, 'color' 1 of 120 — use option missing: 'drop', 'mean' or 'median'/);
  const bytes0 = liveBytes();
  const p = new Pipeline().fit(t, { targets: 'label', ignore: ['y'], missing: 'median', settings: { hidden: 60 }, testFraction: 0.25 });
  assert.is(p.task, 'classification');
  assert.equal(p.classes, ['hi', 'lo']);
  const rep = p.report;
  assert.ok(rep.taskInferred && /holds text labels/.test(rep.taskReason));
  assert.ok(rep.test!.task === 'classification' && rep.test!.accuracy >= 0.9, JSON.stringify(rep.test));
  const pr = p.predictProba(t);
  const labels = p.predict(t) as string[];
  pr.forEach((row, i) => {
    assertLE(Math.abs(row[0]! + row[1]! - 1), 4 * EPS, 'rows sum to 1');
    assert.is(labels[i], row[0]! > row[1]! ? 'hi' : 'lo');
  });
  const ev = p.evaluate(t)!;
  assert.ok(ev.task === 'classification');
  if (ev.task === 'classification') {
    assert.equal(ev.confusion.labels, ['hi', 'lo']);
    assert.is(ev.confusion.matrix.flat().reduce((s, v) => s + v, 0), 120);
    assert.ok(ev.logLoss !== null && ev.logLoss > 0);
  }
  const json = p.toJSON();
  assert.is(json.settings.output, 'softmax', 'classifiers default to the softmax output');
  assert.is(json.settings.gcv, undefined, 'no least-squares settings with the softmax output');
  assert.is(p.settings.output, 'softmax');
  assert.equal(json.categoryFill, ['blue'], 'most frequent colour among the training rows (ties → first in order)');
  assert.ok(json.imputer !== null && json.imputer.strategy === 'median');
  const q = loadModel(json) as Pipeline;
  assert.equal(q.predictProba(t), pr);
  assertThrows(() => new Pipeline().fit(t, { targets: 'label', model: 'adam', missing: 'mean' }), OptionError, /available for the models swim and random, not 'adam'/);
  p.dispose(); q.dispose();
  // the least-squares output on request; a file without settings.output (older release) loads as that
  const l = new Pipeline().fit(t, { targets: 'label', ignore: ['y'], missing: 'median', settings: { hidden: 60, output: 'lstsq' }, testFraction: 0.25 });
  const lj = l.toJSON();
  assert.equal([lj.settings.output, lj.settings.gcv], ['lstsq', true]);
  const old = structuredClone(lj);
  delete old.settings.output;
  const lo = loadModel(old) as Pipeline;
  assert.is(lo.settings.output, undefined);
  assert.equal(lo.predictProba(t), l.predictProba(t));
  // settings.output must match the saved network's output
  assertThrows(() => loadModel({ ...old, settings: { ...old.settings, output: 'softmax', gcv: undefined } }), InvalidInputError, /state\.options\.output.*must be 'softmax' like settings\.output/);
  assertThrows(() => loadModel({ ...old, settings: { ...old.settings, output: 'logits' } }), InvalidInputError, /settings\.output/);
  assertThrows(() => new Pipeline().fit(t, { targets: 'label', ignore: ['y'], missing: 'median', settings: { output: 'softmax', ridge: 1 } }), OptionError, /ridge configures the least-squares output/);
  assertThrows(() => new Pipeline().fit(t, { targets: 'y', ignore: ['label'], missing: 'median', settings: { output: 'lstsq' } }), OptionError, /output 'lstsq' applies to classification/);
  l.dispose(); lo.dispose();
  assert.is(liveBytes(), bytes0);
});

test('Pipeline.fromJSON is strict: each tampered field is named', () => {
  const t = parseCsv(CSV);
  const p = new Pipeline().fit(t, { targets: 'y', features: ['a', 'b', 'color'], settings: { hidden: 6 } });
  const good = p.toJSON();
  p.dispose();
  const bytes0 = liveBytes();
  const bad = (edit: (o: Record<string, any>) => void, pattern: RegExp): void => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const o = structuredClone(good) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    edit(o);
    assertThrows(() => Pipeline.fromJSON(o), InvalidInputError, pattern);
  };
  bad((o) => { o.targetMean = ['x']; }, /field 'targetMean\[0\]' must be a finite number, got the string "x"/);
  bad((o) => { o.targetMean = [null]; }, /field 'targetMean\[0\]' must be a finite number, got null/);
  bad((o) => { o.targetMean = []; }, /field 'targetMean' must be an array of 1 finite numbers/);
  bad((o) => { o.scaler.mean.pop(); }, /field 'scaler\.mean' must be an array of 5 finite numbers, got an array of 4/);
  bad((o) => { o.scaler.scale[2] = 0; }, /field 'scaler\.scale\[2\]' must be a positive number, got 0/);
  bad((o) => { o.format = 'other'; }, /field 'format' must be "lsqnet-model"/);
  bad((o) => { o.version = 7; }, /field 'version' must be 1 or 2/);
  bad((o) => { o.task = 'ranking'; }, /field 'task' must be one of 'regression', 'classification'/);
  bad((o) => { o.model = 'svm'; }, /field 'model' must be one of 'swim', 'random', 'anmin', 'adam'/);
  bad((o) => { o.features = ['a', 'a', 'color']; }, /field 'features\[1\]' repeats a column name/);
  bad((o) => { o.kinds = ['numeric', 'numeric', 'numeric']; }, /field 'encoder' must be null without categorical features/);
  bad((o) => { o.kinds[0] = 'text'; }, /field 'kinds\[0\]' must be 'numeric' or 'categorical'/);
  bad((o) => { o.encoder.categories[0] = ['red', 'blue']; }, /field 'encoder': OneHotEncoder\.fromJSON: field 'categories\[0\]/);
  bad((o) => { o.missing = 'mean'; o.imputer = null; o.categoryFill = ['nope']; }, /field 'categoryFill\[0\]' must be one of the encoder categories/);
  bad((o) => { o.settings.hidden = 0; }, /field 'settings\.hidden' must be an integer in \[1, /);
  bad((o) => { o.settings.activation = 'sigmoid'; }, /field 'settings': activation 'sigmoid' is not available/);
  bad((o) => { o.state.inputDim = 4; }, /field 'state\.inputDim' must be 5 \(the number of encoded feature columns\)/);
  bad((o) => { o.state.output.theta[0] = 'x'; }, /field 'state': SampledNetwork\.fromJSON: field 'output\.theta\[0\]'/);
  bad((o) => { o.labels = { type: 'LabelEncoder', version: 1, classes: [0, 1] }; }, /field 'labels' must be null for regression/);
  bad((o) => { o.extra = 1; }, /unknown field 'extra'/);
  bad((o) => { delete o.report; }, /field 'report' is missing/);
  assert.is(liveBytes(), bytes0, 'nothing leaks when fromJSON fails');
});

test('version-1 files (earlier lsqnet) load; loadModel takes bare model JSON too and names anything else', () => {
  const t = parseCsv(CSV);
  const p = new Pipeline().fit(t, { targets: 'y', features: ['a', 'b'], settings: { hidden: 10 } });
  const j = p.toJSON();
  const v1 = {
    format: 'lsqnet-model', version: 1, model: 'swim', settings: j.settings, features: j.features, targets: j.targets,
    scaler: j.scaler, targetMean: j.targetMean, state: j.state, metrics: { train: { rows: 120, mse: 0, mae: 0, r2: 1 }, test: null, fitSeconds: 0 },
  };
  const old = loadModel(JSON.stringify(v1)) as Pipeline;
  assert.equal(old.predict(t), p.predict(t));
  const bare = loadModel(JSON.stringify(j.state));
  assert.ok(bare instanceof SampledNetwork);
  const an = new AnminNetwork({ hidden: 4, iterations: 1, seed: 1 });
  const X = t.select(['a', 'b']), y = t.column('y');
  an.fit(X, y);
  const anCopy = loadModel(JSON.stringify(an.toJSON()));
  assert.ok(anCopy instanceof AnminNetwork);
  assertThrows(() => SampledNetwork.fromJSON(j), InvalidInputError);
  assertThrows(() => loadModel('{"hello": 1}'), InvalidInputError, /loadModel: not an lsqnet model .* found neither field/);
  assertThrows(() => loadModel('{"format": "keras"}'), InvalidInputError, /found "format": the string "keras"/);
  assertThrows(() => loadModel('{ nope'), InvalidInputError, /loadModel: not valid JSON/);
  for (const m of [p, old, bare, an, anCopy, X]) m.dispose();
});

test('integer class labels stay numbers; a text label in a numeric-class target is named by line and column', () => {
  const lines = ['u,v,k'];
  for (let i = 0; i < 60; i++) lines.push(`${(i * 0.37) % 1},${(i * 0.71) % 1},${i % 3}`);
  const t = parseCsv(lines.join('\n'));
  const p = new Pipeline().fit(t, { targets: 'k', settings: { hidden: 20 } });
  assert.is(p.task, 'classification');
  assert.equal(p.classes, [0, 1, 2]);
  assert.ok((p.predict(t) as unknown[]).every((l) => typeof l === 'number'));
  const bad = parseCsv(lines.map((l, i) => (i === 2 ? l.replace(/,\d$/, ',x') : l)).join('\n'));
  assertThrows(() => p.evaluate(bad), InvalidInputError, /CSV line 3, column 'k': "x" is not a class of the model \(integers 0, 1, 2\)/);
  p.dispose();
});

test('Pipeline.fit options are checked', () => {
  assertThrows(() => new Pipeline().fit(parseCsv('a,b\n1,2\n3,4\n'), undefined as never), OptionError, /options must be an object with at least 'targets'/);
  const t = parseCsv(CSV);
  assertThrows(() => new Pipeline().fit(t, { targets: 'y', bogus: 1 } as never), OptionError, /unknown option 'bogus'/);
  assertThrows(() => new Pipeline().fit(t, { targets: 'z' }), OptionError, /unknown column 'z'/);
  assertThrows(() => new Pipeline().fit(t, { targets: 'y', missing: 'zero' as never }), OptionError, /option 'missing' must be one of error, drop, mean, median/);
  assertThrows(() => new Pipeline().fit(t, { targets: 'y', features: ['a', 'a'] }), OptionError, /listed twice/);
  assertThrows(() => new Pipeline().fit(t, { targets: 'y', categorical: 'error' }), InvalidInputError, /text columns 'color' \(3 categories\), 'label' \(2 categories\) .* leave them out with option ignore/);
  assertThrows(() => new Pipeline().predictProba(t), OptionError, /not fitted/);
});

test('model settings: defaults per family and rejected combinations', () => {
  assert.equal(resolveSettings('swim', {}), { hidden: 1000, activation: 'tanh', seed: 1, gcv: true });
  assert.equal(resolveSettings('random', { rcond: 1e-6 }), { hidden: 1000, activation: 'tanh', seed: 1, rcond: 1e-6 });
  assert.equal(resolveSettings('anmin', { iterations: 5 }), { hidden: 64, activation: 'relu', seed: 1, iterations: 5 });
  assertThrows(() => modelEntry('svm'), OptionError, /unknown model 'svm'/);
  assertThrows(() => resolveSettings('adam', { hidden: 0 }), OptionError, /hidden width must be a positive integer/);
  assertThrows(() => resolveSettings('swim', { ridge: -1 }), OptionError, /ridge must be a positive number/);
  assertThrows(() => modelEntry('anmin').create(resolveSettings('anmin', {}), undefined, 'classification'), OptionError, /available for the models swim and random, not 'anmin'/);
});

test('generated problems: shapes, ranges, sin(‖x‖²) targets centred by the training mean', () => {
  const bytes0 = liveBytes();
  const p = sinSumProblem(300, 200, 4);
  assert.equal([p.Xtrain.rows, p.Xtrain.cols, p.Xtest.rows, p.Ytrain.cols], [300, 2, 200, 1]);
  const x = p.Xtrain.toColumnMajor();
  assert.ok(x.every((v) => v > 0 && v < 1), 'inputs in (0, 1)');
  const r0 = p.Xtrain.row(0);
  assertLE(Math.abs(p.Ytrain.get(0, 0) - Math.sin(r0[0]! + r0[1]!)), 0, 'target = sin(x + y)');
  for (const m of [p.Xtrain, p.Ytrain, p.Xtest, p.Ytest]) m.dispose();
  const q = sinNormSquaredProblem(3, 500, 100, 4);
  const y = q.Ytrain.toColumnMajor();
  assertLE(Math.abs(y.reduce((s, v) => s + v, 0) / y.length), 64 * EPS, 'training targets centred');
  const r = q.Xtest.row(3);
  const raw = Math.sin(r[0]! ** 2 + r[1]! ** 2 + r[2]! ** 2);
  const shift = raw - q.Ytest.get(3, 0);
  const tr = q.Xtrain.toRows();
  const mean = tr.reduce((s, row) => s + Math.sin(row.reduce((a, v) => a + v * v, 0)), 0) / tr.length;
  assertLE(Math.abs(shift - mean), 1e-12, 'test targets shifted by the training mean');
  for (const m of [q.Xtrain, q.Ytrain, q.Xtest, q.Ytest]) m.dispose();
  assert.is(liveBytes(), bytes0);
});

test('terminal formatting: aligned table, compact numbers', () => {
  const t = formatTable(['name', 'value'], [['a', '1.5'], ['long name', '10']]);
  assert.is(t.split('\n')[0], 'name       value');
  assert.is(t.split('\n')[3], 'long name     10');
  assert.equal([fmt(0.000012345), fmt(3.14159), fmt(null), fmt(123456)], ['1.23e-5', '3.142', '–', '1.23e+5']);
});

test.run();
