// The lsqnet CLI as shipped (dist/esm/cli.js, built first when missing): every bad input exits
// non-zero with exactly one line on stderr that names the problem (row/line, column, flag).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR } from '../helpers/index.js';
import { ensureDist, ROOT, run } from '../helpers/e2e-util.js';

const CLI = join(ROOT, 'dist', 'esm', 'cli.js');
const ABALONE = join(DATA_DIR, 'abalone', 'abalone.csv');
let tmp = '';

test.before(() => {
  ensureDist();
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-cli-'));
  writeFileSync(join(tmp, 'ragged.csv'), 'a,b,y\n1,2,3\n4,5\n');
  writeFileSync(join(tmp, 'empty-cell.csv'), 'a,b,y\n1,2,3\n4,,6\n7,8,9\n');
  writeFileSync(join(tmp, 'quote.csv'), 'a,b,y\n1,"2,3\n');
  writeFileSync(join(tmp, 'ok.csv'), 'a,b,y\n1,2,3\n4,5,6\n7,8,9\n');
  writeFileSync(join(tmp, 'notjson.json'), '{ "format": ');
  writeFileSync(join(tmp, 'other.json'), '{ "hello": 1 }');
  writeFileSync(join(tmp, 'model-needs-z.json'), JSON.stringify({
    format: 'lsqnet-model', version: 1, model: 'swim', settings: { hidden: 1, activation: 'tanh', seed: 1 }, features: ['z'], targets: ['y'],
    scaler: { type: 'StandardScaler', mean: [0], scale: [1] }, targetMean: [0], state: {}, metrics: {},
  }));
});

test.after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return run(process.execPath, [CLI, ...args], tmp, 120_000);
}

/** Runs a bad command and checks exit code, a single stderr line and its content. */
function bad(args: string[], code: number, pattern: RegExp): void {
  const r = cli(args);
  const what = `lsqnet ${args.join(' ')}`;
  assert.is(r.status, code, `${what}: exit ${r.status}, stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, `${what}: one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^lsqnet: /, what);
  assert.match(lines[0]!, pattern, what);
}

test('usage errors (flags) exit 2 with one line naming the flag', () => {
  bad(['fit', 'ok.csv'], 2, /required option '--target <cols>' not specified/);
  bad(['fit', 'ok.csv', '--target', 'y', '--hiden', '3'], 2, /unknown option '--hiden' \(Did you mean --hidden\?\)/);
  bad(['fit', 'ok.csv', '--target', 'y', '--model', 'svm'], 2, /'--model <kind>' argument 'svm' is invalid\. Allowed choices are swim, random, anmin, adam/);
  bad(['fit', 'ok.csv', '--target', 'y', '--hidden', '0'], 2, /'--hidden <n>' argument '0' is invalid\. hidden width must be a positive integer/);
  bad(['fit', 'ok.csv', '--target', 'y', '--hidden', '12abc'], 2, /'--hidden <n>' argument '12abc'/);
  bad(['fit', 'ok.csv', '--target', 'y', '--test-split', '1.5'], 2, /'--test-split <fraction>' argument '1\.5' is invalid\. must be a number in \[0, 1\)/);
  bad(['fit', 'ok.csv', '--target', 'y', '--seed', '-1'], 2, /--seed/);
  bad(['fit', 'ok.csv', '--target', 'y,,b'], 2, /'--target <cols>' argument 'y,,b' is invalid/);
  bad(['fitt', 'ok.csv'], 2, /unknown command 'fitt'/);
  bad(['predict', 'model.json'], 2, /missing required argument 'data'/);
});

test('bad data exits 1 with one line naming file, line and column', () => {
  bad(['fit', 'missing.csv', '--target', 'y'], 1, /cannot read missing\.csv: no such file/);
  bad(['fit', ABALONE, '--target', 'ringz'], 1, /abalone\.csv: unknown column 'ringz' \(available: sex, length, diameter, height, whole_weight, shucked_weight, viscera_weight, shell_weight, rings\)/);
  bad(['fit', ABALONE, '--target', 'rings', '--features', 'length,weight'], 1, /unknown column 'weight'/);
  bad(['fit', ABALONE, '--target', 'rings'], 1, /abalone\.csv line 2, column 'sex': "M" is not a number \(leave the column out with --ignore sex/);
  bad(['fit', ABALONE, '--target', 'rings', '--features', 'sex,length'], 1, /line 2, column 'sex': "M" is not a number$/);
  bad(['fit', ABALONE, '--target', 'sex', '--ignore', 'rings'], 1, /line 2, column 'sex'/);
  bad(['fit', 'ragged.csv', '--target', 'y'], 1, /^lsqnet: ragged\.csv line 3: 2 fields, expected 3 like the header \(ragged rows\)$/);
  bad(['fit', 'empty-cell.csv', '--target', 'y'], 1, /^lsqnet: empty-cell\.csv line 3, column 'b': is empty/);
  bad(['fit', 'quote.csv', '--target', 'y'], 1, /quote\.csv line \d: malformed CSV \(Quote Not Closed/);
  bad(['fit', 'ok.csv', '--target', 'y', '--features', 'a,y'], 1, /column 'y' is both a feature and a target/);
});

test('bad model files exit 1 with one line', () => {
  bad(['predict', 'nofile.json', 'ok.csv'], 1, /cannot read nofile\.json: no such file/);
  bad(['predict', 'notjson.json', 'ok.csv'], 1, /notjson\.json: not valid JSON/);
  bad(['predict', 'other.json', 'ok.csv'], 1, /other\.json: not an lsqnet model file/);
  bad(['predict', 'model-needs-z.json', 'ok.csv'], 1, /ok\.csv: the model needs column 'z', which is missing \(available: a, b, y\)/);
});

test('model settings that do not fit the model exit 1 with one line', () => {
  bad(['fit', 'ok.csv', '--target', 'y', '--activation', 'sigmoid'], 1, /activation 'sigmoid' is not available for model 'swim' \(choose one of tanh, relu\)/);
  bad(['fit', 'ok.csv', '--target', 'y', '--model', 'adam', '--activation', 'tanh'], 1, /activation 'tanh' is not available for model 'adam'/);
  bad(['fit', 'ok.csv', '--target', 'y', '--model', 'adam', '--rcond', '1e-6'], 1, /rcond applies to the swim and random models, not 'adam'/);
  bad(['fit', 'ok.csv', '--target', 'y', '--gcv', '--rcond', '1e-6'], 1, /give only one of rcond, ridge and gcv/);
  bad(['fit', 'ok.csv', '--target', 'y', '--ridge', '1e-3', '--solver', 'qr'], 1, /ridge needs the cholesky or svd solver, not 'qr'/);
  bad(['fit', 'ok.csv', '--target', 'y', '--solver', 'cholesky'], 1, /the cholesky solver needs a ridge/);
  bad(['fit', 'ok.csv', '--target', 'y', '--model', 'anmin', '--epochs', '3'], 1, /epochs applies to the adam model, not 'anmin'/);
});

/** Parses the CSV the CLI wrote (one header line, numbers). */
function readPredictions(path: string): { header: string; values: number[] } {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: lines[0]!, values: lines.slice(1).map(Number) };
}

test('fit → predict round trip on abalone: the model file carries the preprocessing, predictions reproduce the fit metrics', () => {
  const model = join(tmp, 'abalone-swim.json');
  const fit = cli(['fit', ABALONE, '--target', 'rings', '--ignore', 'sex', '--hidden', '200', '--seed', '3', '--out', model, '--json']);
  assert.is(fit.status, 0, fit.stderr);
  const f = JSON.parse(fit.stdout) as { train: { rows: number; mse: number }; test: { rows: number; mse: number; r2: number }; features: string[] };
  assert.is(f.train.rows, 3341);
  assert.is(f.test.rows, 836);
  assert.equal(f.features, ['length', 'diameter', 'height', 'whole_weight', 'shucked_weight', 'viscera_weight', 'shell_weight']);
  // ANMIN paper: test R² ≈ 0.55 for its networks on abalone; a linear fit gets ≈ 0.5
  assert.ok(f.test.r2 > 0.4, `test R² ${f.test.r2}`);
  const saved = JSON.parse(readFileSync(model, 'utf8')) as { scaler: { mean: number[] }; targetMean: number[]; targets: string[] };
  assert.is(saved.scaler.mean.length, 7);
  assert.equal(saved.targets, ['rings']);
  assert.ok(Math.abs(saved.targetMean[0]! - 9.93) < 0.3, `training mean of rings ${saved.targetMean[0]}`);

  const preds = join(tmp, 'abalone-pred.csv');
  const pr = cli(['predict', model, ABALONE, '--out', preds, '--json']);
  assert.is(pr.status, 0, pr.stderr);
  const p = JSON.parse(pr.stdout) as { rows: number; metrics: { rows: number; mse: number } };
  assert.is(p.rows, 4177);
  // the restored pipeline predicts exactly what the fitted one did: pooled train/test MSE
  const pooled = (f.train.rows * f.train.mse + f.test.rows * f.test.mse) / 4177;
  assert.ok(Math.abs(p.metrics.mse - pooled) <= 1e-9 * pooled, `MSE ${p.metrics.mse} vs pooled fit MSE ${pooled}`);
  const out = readPredictions(preds);
  assert.is(out.header, 'rings');
  assert.is(out.values.length, 4177);
  assert.ok(out.values.every(Number.isFinite));

  // a raw CSV with the feature columns in another order, an extra column and no target
  const rows = readFileSync(ABALONE, 'utf8').trimEnd().split('\n').slice(1, 11).map((l) => l.split(','));
  writeFileSync(join(tmp, 'few.csv'), `note,shell_weight,viscera_weight,shucked_weight,whole_weight,height,diameter,length\n${rows.map((r) => ['x', ...r.slice(1, 8).reverse()].join(',')).join('\n')}\n`);
  const few = cli(['predict', model, 'few.csv']);
  assert.is(few.status, 0, few.stderr);
  const fewValues = few.stdout.trimEnd().split('\n').slice(1).map(Number);
  assert.equal(fewValues, out.values.slice(0, 10), 'same predictions from a reordered raw CSV (stdout)');
});

test('fit prints a metrics table; adam round trip works too', () => {
  const model = join(tmp, 'abalone-adam.json');
  const fit = cli(['fit', ABALONE, '--target', 'rings', '--ignore', 'sex', '--model', 'adam', '--epochs', '20', '--out', model]);
  assert.is(fit.status, 0, fit.stderr);
  assert.match(fit.stdout, /Adam: hidden 64, relu, seed 1; 7 features → rings/);
  assert.match(fit.stdout, /train\s+3341\s+[\d.]+/);
  assert.match(fit.stdout, /test\s+836\s+[\d.]+/);
  assert.match(fit.stdout, /model saved to /);
  const pr = cli(['predict', model, ABALONE, '--json']);
  assert.is(pr.status, 0, pr.stderr);
  const p = JSON.parse(pr.stdout) as { predictions: number[][]; metrics: { r2: number } };
  assert.is(p.predictions.length, 4177);
  assert.ok(p.metrics.r2 > 0.3, `R² after 20 Adam epochs ${p.metrics.r2}`);
});

test('anmin round trip (leaky ReLU, a few iterations) and a quick bench in JSON', () => {
  const model = join(tmp, 'abalone-anmin.json');
  const fit = cli(['fit', ABALONE, '--target', 'rings', '--ignore', 'sex', '--model', 'anmin', '--activation', 'leaky-relu', '--iterations', '5', '--out', model, '--json']);
  assert.is(fit.status, 0, fit.stderr);
  const f = JSON.parse(fit.stdout) as { settings: { hidden: number; iterations: number }; train: { mse: number; rows: number }; test: { mse: number; rows: number } };
  assert.equal([f.settings.hidden, f.settings.iterations], [64, 5]);
  // ALGORITHMS.md §7.6: ANMIN's train MSE on abalone is ≈ 4.1–4.3 right after the first output fit, 3.9 after 30 iterations
  assert.ok(f.train.mse < 4.6, `train MSE ${f.train.mse}`);
  const saved = JSON.parse(readFileSync(model, 'utf8')) as { state: { type: string; options: { alpha: number } } };
  assert.is(saved.state.type, 'AnminNetwork');
  assert.is(saved.state.options.alpha, 0.1);
  const pr = cli(['predict', model, ABALONE, '--json', '--out', join(tmp, 'anmin-pred.csv')]);
  assert.is(pr.status, 0, pr.stderr);
  const p = JSON.parse(pr.stdout) as { metrics: { mse: number } };
  const pooled = (f.train.rows * f.train.mse + f.test.rows * f.test.mse) / 4177;
  assert.ok(Math.abs(p.metrics.mse - pooled) <= 1e-9 * pooled, `MSE ${p.metrics.mse} vs ${pooled}`);

  const bench = cli(['bench', '--quick', '--json']);
  assert.is(bench.status, 0, bench.stderr);
  const rows = (JSON.parse(bench.stdout) as { rows: { problem: string; model: string; testMae: number | null; seconds: number | null; note?: string }[] }).rows;
  assert.equal(rows.map((r) => r.model), ['swim', 'adam', 'anmin', 'swim', 'adam']);
  for (const r of rows) assert.ok(r.seconds !== null && r.testMae !== null && r.note === undefined, `${r.model} on ${r.problem}: ${r.note}`);
  // SWIM on sin(x + y) with 200 neurons: test MAE ≈ 1e-6 (paper: 1e-7 with 1000 neurons)
  assert.ok(rows[0]!.testMae! < 1e-4, `SWIM test MAE ${rows[0]!.testMae}`);
});

test('help and version exit 0', () => {
  const h = cli(['fit', '--help']);
  assert.is(h.status, 0);
  assert.match(h.stdout, /--target <cols>/);
  assert.match(h.stdout, /--model <kind>/);
  const v = cli(['--version']);
  assert.is(v.status, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+/);
});

test.run();
