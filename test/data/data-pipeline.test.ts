// The pipeline behind `lsqnet fit/predict` and the generated problems behind `npm start`:
// metrics against closed forms, saved-model validation, no leaked wasm memory, problem shapes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, liveBytes, Matrix, parseCsv, InvalidInputError, OptionError } from '../../src/index.js';
import { checkPipelineJSON, featureColumns, fitPipeline, predictPipeline, regressionMetrics } from '../../src/data/pipeline.js';
import { modelEntry, resolveSettings } from '../../src/data/models.js';
import { sinNormSquaredProblem, sinSumProblem } from '../../src/data/toy.js';
import { formatTable, fmt } from '../../src/data/terminal.js';
import { EPS, assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

test('regressionMetrics: MSE, MAE and R² (relative to a given mean) match closed forms', () => {
  const P = Matrix.fromRows([[1, 0], [2, 0], [3, 3]]);
  const Y = Matrix.fromRows([[1, 1], [1, 1], [4, 1]]);
  const m = regressionMetrics(P, Y, [2, 1]);
  // errors: col0 0, 1, −1; col1 −1, −1, 2 → SE = 8, AE = 6 over 6 entries
  assert.is(m.rows, 3);
  assertLE(Math.abs(m.mse - 8 / 6), 4 * EPS, 'mse');
  assertLE(Math.abs(m.mae - 1), 4 * EPS, 'mae');
  // SS about the given means: col0 (1,1,4)−2 → 1+1+4 = 6; col1 all 0 → R² = 1 − 8/6
  assertLE(Math.abs(m.r2 - (1 - 8 / 6)), 4 * EPS, 'r2');
  P.dispose(); Y.dispose();
});

const CSV = (() => {
  const lines = ['a,b,label,y'];
  for (let i = 0; i < 120; i++) { const a = (i * 0.37) % 1, b = (i * 0.71) % 1; lines.push(`${a},${b},t${i % 3},${Math.sin(2 * a + b) + 5}`); }
  return lines.join('\n');
})();

test('featureColumns: default excludes targets and ignored columns; explicit lists are checked', () => {
  const t = parseCsv(CSV);
  assert.equal(featureColumns(t, ['y'], undefined, ['label']), ['a', 'b']);
  assert.equal(featureColumns(t, ['y'], ['b']), ['b']);
  assertThrows(() => featureColumns(t, ['y'], ['y']), OptionError, /both a feature and a target/);
  assertThrows(() => featureColumns(t, ['z']), OptionError, /unknown column 'z' \(available: a, b, label, y\)/);
});

test('fitPipeline → JSON → predictPipeline: same predictions, preprocessing saved, no leaked wasm memory', () => {
  const t = parseCsv(CSV);
  const bytes0 = liveBytes();
  const res = fitPipeline(t, { model: 'swim', targets: ['y'], ignore: ['label'], settings: { hidden: 40, seed: 2 }, testFraction: 0.25 });
  assert.is(res.train.rows + res.test!.rows, 120);
  assert.is(res.test!.rows, 30);
  assert.ok(res.test!.r2 > 0.99, `test R² ${res.test!.r2}`);
  const json = checkPipelineJSON(JSON.parse(JSON.stringify(res.json)));
  assert.equal(json.features, ['a', 'b']);
  assert.ok(Math.abs(json.targetMean[0]! - 5) < 1, 'target mean saved (targets were centred)');
  const p = predictPipeline(json, t);
  assert.is(p.predictions.length, 120);
  const pooled = (res.train.rows * res.train.mse + res.test!.rows * res.test!.mse) / 120;
  assertLE(Math.abs(p.metrics!.mse - pooled), 1e-9 * pooled, 'restored model reproduces the fit-time errors');
  assert.is(liveBytes(), bytes0, 'fit and predict free all wasm memory');
  // a text column among the default features is reported with a hint
  assertThrows(() => fitPipeline(t, { model: 'swim', targets: ['y'] }), InvalidInputError, /line 2, column 'label': "t0" is not a number \(leave the column out with --ignore label/);
  assert.is(liveBytes(), bytes0, 'also after the error');
});

test('checkPipelineJSON names the first problem', () => {
  assertThrows(() => checkPipelineJSON({}, 'm.json'), InvalidInputError, /m\.json: not an lsqnet model file/);
  const ok = { format: 'lsqnet-model', version: 1, model: 'swim', features: ['a'], targets: ['y'], targetMean: [0], scaler: { mean: [0], scale: [1] } };
  assertThrows(() => checkPipelineJSON({ ...ok, version: 2 }), InvalidInputError, /unsupported model file version 2/);
  assertThrows(() => checkPipelineJSON({ ...ok, model: 'svm' }), InvalidInputError, /unknown model kind "svm"/);
  assertThrows(() => checkPipelineJSON({ ...ok, features: [] }), InvalidInputError, /"features" must be a non-empty list/);
  assertThrows(() => checkPipelineJSON({ ...ok, targetMean: [] }), InvalidInputError, /"targetMean" must have one entry per target/);
  assertThrows(() => checkPipelineJSON({ ...ok, scaler: { mean: [1, 2] } }), InvalidInputError, /"scaler" must have one mean per feature/);
});

test('model settings: defaults per family and rejected combinations', () => {
  assert.equal(resolveSettings('swim', {}), { hidden: 1000, activation: 'tanh', seed: 1, gcv: true });
  assert.equal(resolveSettings('random', { rcond: 1e-6 }), { hidden: 1000, activation: 'tanh', seed: 1, rcond: 1e-6 });
  assert.equal(resolveSettings('anmin', { iterations: 5 }), { hidden: 64, activation: 'relu', seed: 1, iterations: 5 });
  assertThrows(() => modelEntry('svm'), OptionError, /unknown model 'svm'/);
  assertThrows(() => resolveSettings('adam', { hidden: 0 }), OptionError, /hidden width must be a positive integer/);
  assertThrows(() => resolveSettings('swim', { ridge: -1 }), OptionError, /ridge must be a positive number/);
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
