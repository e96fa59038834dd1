// The lsqnet CLI run in-process (src/cli/run.ts `main`, stdout/stderr captured): every bad input
// exits non-zero with exactly one line on stderr that names the problem (line, column, flag);
// fit/predict round trips for regression and classification; the help states the real defaults.
// test/e2e/e2e-cli.test.ts runs the real process on the real data sets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR } from '../helpers/index.js';
import { main } from '../../src/cli/run.js';

const ABALONE = join(DATA_DIR, 'abalone', 'abalone.csv');
let tmp = '';
const cwd0 = process.cwd();

test.before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-cli-'));
  process.chdir(tmp);
  writeFileSync('ragged.csv', 'a,b,y\n1,2,3\n4,5\n');
  writeFileSync('empty-cell.csv', 'a,b,y\n1,2,3\n4,,6\n7,8,9\n');
  writeFileSync('quote.csv', 'a,b,y\n1,"2,3\n');
  writeFileSync('ok.csv', 'a,b,y\n1,2,3\n4,5,6\n7,8,9\n');
  writeFileSync('notjson.json', '{ "format": ');
  writeFileSync('other.json', '{ "hello": 1 }');
  // 40 rows: a numeric column with one typo, text labels, missing cells, an id column
  const rows = ['id,x1,x2,color,label,y'];
  for (let i = 0; i < 40; i++) {
    const x1 = ((i * 0.37) % 1).toFixed(3), x2 = ((i * 0.71) % 1).toFixed(3);
    rows.push(`${100 + i},${x1},${x2},${['red', 'green', 'blue'][i % 3]},${Number(x1) > 0.5 ? 'big' : 'small'},${(Number(x1) * 2 + Number(x2)).toFixed(4)}`);
  }
  writeFileSync('clean.csv', `${rows.join('\n')}\n`);
  writeFileSync('typo.csv', `${rows.map((r, i) => (i === 5 ? r.replace(/^(\d+),[^,]+/, '$1,0.x3') : r)).join('\n')}\n`);
  writeFileSync('na.csv', `${rows.map((r, i) => (i === 3 ? r.replace(/,[^,]+,/, ',NA,') : i === 7 ? r.replace(/,[^,]+$/, ',') : i === 9 ? r.replace(/,[^,]+,([^,]+),/, ',,,') : r)).join('\n')}\n`);
  writeFileSync('semi.csv', `${rows.map((r) => r.replace(/,/g, ';')).join('\n')}\n`);
  writeFileSync('tab.tsv', `${rows.map((r) => r.replace(/,/g, '\t')).join('\n')}\n`);
  writeFileSync('spaces.csv', `"first name",x1,y\n${rows.slice(1).map((r, i) => `n${i % 5},${r.split(',')[1]},${r.split(',')[5]}`).join('\n')}\n`);
});

test.after(() => {
  process.chdir(cwd0);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type Result = { status: number; stdout: string; stderr: string };

/** Runs `lsqnet …args` in-process, capturing what it writes. */
async function cli(args: string[]): Promise<Result> {
  let stdout = '', stderr = '';
  const ow = process.stdout.write.bind(process.stdout), ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => { stdout += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { stderr += String(s); return true; }) as typeof process.stderr.write;
  try {
    const status = await main(['node', 'lsqnet', ...args]);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
    process.exitCode = undefined;
  }
}

/** Runs a bad command and checks exit code, a single stderr line and its content. */
async function bad(args: string[], code: number, pattern: RegExp): Promise<void> {
  const r = await cli(args);
  const what = `lsqnet ${args.join(' ')}`;
  assert.is(r.status, code, `${what}: exit ${r.status}, stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, `${what}: one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^lsqnet: /, what);
  assert.match(lines[0]!, pattern, what);
}

test('usage errors (flags) exit 2 with one line naming the flag', async () => {
  await bad(['fit', 'ok.csv'], 2, /required option '--target <cols>' not specified/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--hiden', '3'], 2, /unknown option '--hiden' \(Did you mean --hidden\?\)/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--model', 'svm'], 2, /'--model <kind>' argument 'svm' is invalid\. Allowed choices are swim, random, anmin, adam/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--hidden', '0'], 2, /'--hidden <n>' argument '0' is invalid\. hidden width must be a positive integer/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--hidden', '12abc'], 2, /'--hidden <n>' argument '12abc'/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--test-split', '1.5'], 2, /'--test-split <fraction>' argument '1\.5' is invalid\. must be a number in \[0, 1\)/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--seed', '-1'], 2, /--seed/);
  await bad(['fit', 'ok.csv', '--target', 'y,,b'], 2, /'--target <cols>' argument 'y,,b' is invalid/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--task', 'clustering'], 2, /'--task <task>' argument 'clustering' is invalid\. Allowed choices are auto, regression, classification/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--missing', 'zero'], 2, /'--missing <policy>' argument 'zero' is invalid\. Allowed choices are error, drop, mean, median/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--categorical', 'drop'], 2, /'--categorical <mode>' argument 'drop' is invalid/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--delimiter', '::'], 2, /'--delimiter <char>' argument '::' is invalid\. must be 'auto', one character/);
  await bad(['fitt', 'ok.csv'], 2, /unknown command 'fitt'/);
  await bad(['predict', 'model.json'], 2, /missing required argument 'data'/);
  await bad(['predict', 'model.json', 'ok.csv', '--probability'], 2, /unknown option '--probability'/);
});

test('bad data exits 1 with one line naming file, line and column', async () => {
  await bad(['fit', 'missing.csv', '--target', 'y'], 1, /cannot read missing\.csv: no such file/);
  await bad(['fit', ABALONE, '--target', 'ringz'], 1, /abalone\.csv: unknown column 'ringz' \(available: sex, length, diameter, height, whole_weight, shucked_weight, viscera_weight, shell_weight, rings\)/);
  await bad(['fit', ABALONE, '--target', 'rings', '--features', 'length,weight'], 1, /unknown column 'weight'/);
  await bad(['fit', 'ragged.csv', '--target', 'y'], 1, /^lsqnet: ragged\.csv line 3: 2 fields, expected 3 like the header \(ragged rows\)$/);
  await bad(['fit', 'quote.csv', '--target', 'y'], 1, /quote\.csv line \d: malformed CSV \(Quote Not Closed/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--features', 'a,y'], 1, /column 'y' is both a feature and a target/);
  // a typo in a numeric column is an error naming line and column, not a category
  await bad(['fit', 'typo.csv', '--target', 'y'], 1, /^lsqnet: typo\.csv line 6, column 'x1': "0\.x3" is not a number \(39 of 40 cells are numbers\) — a mostly numeric column with text is read as a typo, not as categories: fix the cell or write a missing value \(NA, N\/A\), or leave the column out with --ignore x1$/);
  // missing cells: one message listing every affected column with counts, and the flag
  await bad(['fit', 'na.csv', '--target', 'y'], 1, /^lsqnet: na\.csv: missing values \(cells "", "NA", .*\) in 3 columns: 'x1' 2 of 40, 'x2' 1 of 40, 'y' \(target\) 1 of 40 — use --missing drop \(leave those rows out\), --missing mean or --missing median/);
  await bad(['fit', 'empty-cell.csv', '--target', 'y'], 1, /^lsqnet: empty-cell\.csv: missing values .* in 1 column: 'b' 1 of 3 — use --missing drop/);
  // text columns refused on request, with an --ignore suggestion quoted for the shell
  await bad(['fit', 'clean.csv', '--target', 'y', '--categorical', 'error'], 1, /text columns 'color' \(3 categories\), 'label' \(2 categories\) among the features, and one-hot encoding is off \(--categorical error\): leave them out with --ignore color,label or use --categorical auto/);
  await bad(['fit', 'spaces.csv', '--target', 'y', '--categorical', 'error', '--task', 'regression'], 1, /leave it out with --ignore 'first name' or use/);
  // a ';' file read with ',' gets a hint
  await bad(['fit', 'semi.csv', '--target', 'y', '--delimiter', ','], 1, /unknown column 'y' .*the file may be ';'-separated: try --delimiter ';'/);
  // classification only for the sampled models; regression refuses text targets
  await bad(['fit', 'clean.csv', '--target', 'label', '--model', 'anmin'], 1, /target 'label' holds text labels \("small" on line 2\), so the task is classification, which is available for the models swim and random, not 'anmin'; use --model swim, or --task regression/);
  await bad(['fit', 'clean.csv', '--target', 'y', '--task', 'classification', '--model', 'adam'], 1, /task 'classification' is available for the models swim and random, not 'adam'/);
  await bad(['fit', 'clean.csv', '--target', 'label', '--task', 'regression'], 1, /clean\.csv line 2, column 'label': "small" is not a number, and regression needs numeric targets \(use --task classification for class labels\)/);
  await bad(['fit', 'clean.csv', '--target', 'label,y', '--task', 'classification'], 1, /classification takes one target column, got 2/);
});

test('--out is checked before training (no progress, one line)', async () => {
  await bad(['fit', 'ok.csv', '--target', 'y', '--out', 'no-such-dir/model.json'], 1, /^lsqnet: cannot write no-such-dir\/model\.json \(--out\): no such directory$/);
  mkdirSync('adir', { recursive: true });
  await bad(['fit', 'ok.csv', '--target', 'y', '--out', 'adir'], 1, /cannot write adir \(--out\): it is a directory/);
  if (process.getuid?.() !== 0) {
    mkdirSync('ro', { recursive: true });
    chmodSync('ro', 0o555);
    await bad(['fit', 'ok.csv', '--target', 'y', '--out', 'ro/m.json'], 1, /cannot write ro\/m\.json \(--out\): permission denied/);
  }
  await bad(['predict', 'nofile.json', 'ok.csv', '--out', 'no-such-dir/p.csv'], 1, /cannot write no-such-dir\/p\.csv \(--out\)/);
});

test('bad model files exit 1 with one line', async () => {
  await bad(['predict', 'nofile.json', 'ok.csv'], 1, /cannot read nofile\.json: no such file/);
  await bad(['predict', 'notjson.json', 'ok.csv'], 1, /notjson\.json: not valid JSON/);
  await bad(['predict', 'other.json', 'ok.csv'], 1, /other\.json: not an lsqnet model file/);
  const fit = await cli(['fit', 'clean.csv', '--target', 'y', '--hidden', '8', '--out', 'small.json', '--quiet']);
  assert.is(fit.status, 0, fit.stderr);
  const good = JSON.parse(readFileSync('small.json', 'utf8')) as Record<string, unknown>;
  const tampered = (name: string, edit: (o: Record<string, unknown>) => void): string => {
    const o = structuredClone(good);
    edit(o);
    writeFileSync(name, JSON.stringify(o));
    return name;
  };
  await bad(['predict', tampered('t1.json', (o) => { o.targetMean = ['x']; }), 'clean.csv'], 1, /t1\.json: Pipeline\.fromJSON: field 'targetMean' must be an array of 1 finite numbers|field 'targetMean\[0\]' must be a finite number, got the string "x"/);
  await bad(['predict', tampered('t2.json', (o) => { (o.scaler as { scale: number[] }).scale[0] = 0; }), 'clean.csv'], 1, /t2\.json: Pipeline\.fromJSON: field 'scaler\.scale\[0\]' must be a positive number, got 0/);
  await bad(['predict', tampered('t3.json', (o) => { o.version = 3; }), 'clean.csv'], 1, /field 'version' must be 1 or 2/);
  await bad(['predict', tampered('t4.json', (o) => { o.features = ['x1', 'x2', 'zz', 'label']; }), 'clean.csv'], 1, /clean\.csv: the model needs column 'zz', which is missing \(available: id, x1, x2, color, label, y\)/);
  await bad(['predict', 'small.json', 'clean.csv', '--proba'], 1, /--proba needs a classification model; small\.json is a regression model/);
});

test('model settings that do not fit the model exit 1 with one line', async () => {
  await bad(['fit', 'ok.csv', '--target', 'y', '--activation', 'sigmoid'], 1, /activation 'sigmoid' is not available for model 'swim' \(choose one of tanh, relu\)/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--model', 'adam', '--activation', 'tanh'], 1, /activation 'tanh' is not available for model 'adam'/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--model', 'adam', '--rcond', '1e-6'], 1, /rcond applies to the swim and random models, not 'adam'/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--gcv', '--rcond', '1e-6'], 1, /give only one of rcond, ridge and gcv/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--ridge', '1e-3', '--solver', 'qr'], 1, /ridge needs the cholesky or svd solver, not 'qr'/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--solver', 'cholesky'], 1, /the cholesky solver needs a ridge/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--model', 'anmin', '--epochs', '3'], 1, /epochs applies to the adam model, not 'anmin'/);
});

test('classification on text labels: task announced, accuracy + confusion + log-loss, labels and --proba on predict', async () => {
  const fit = await cli(['fit', 'clean.csv', '--target', 'label', '--hidden', '30', '--out', 'cls.json']);
  assert.is(fit.status, 0, fit.stderr);
  assert.match(fit.stdout, /^task: classification \(inferred: target 'label' holds text labels \("small" on line 2\); set --task to override\)\n/);
  assert.not.match(fit.stderr, /task:/, 'announced once (stdout) in table mode');
  assert.match(fit.stderr, /note: column 'id' looks like a row id \(integers 100\.\.139, unique in each row\): left out of the features/);
  assert.match(fit.stderr, /note: column 'color' holds text: one-hot encoded \(3 categories\)/);
  // classification defaults to the softmax output: real probabilities, labelled as such
  assert.match(fit.stdout, /SWIM: hidden 30, tanh, seed 1, output softmax; 4 columns \(6 inputs\) → label \(2 classes\)/);
  assert.match(fit.stdout, /rows\s+accuracy\s+log-loss\*/);
  assert.match(fit.stdout, /\* log-loss of the probabilities of the softmax output layer \(multinomial logistic regression fitted by cross-entropy: real class probabilities\)/);
  assert.not.match(fit.stdout, /NOT calibrated/);
  const saved = JSON.parse(readFileSync('cls.json', 'utf8')) as { settings: Record<string, unknown>; state: { options: Record<string, unknown> } };
  assert.is(saved.settings.output, 'softmax');
  assert.not.ok('gcv' in saved.settings, 'no least-squares solve settings with the softmax output');
  assert.is(saved.state.options.output, 'softmax');
  assert.match(fit.stdout, /confusion matrix, test rows \(rows = true, columns = predicted\):\n\s+big\s+small/);
  const pr = await cli(['predict', 'cls.json', 'clean.csv', '--proba', '--out', 'cls-pred.csv']);
  assert.is(pr.status, 0, pr.stderr);
  assert.match(pr.stdout, /40 predictions of label with class probabilities written to cls-pred\.csv/);
  assert.match(pr.stdout, /data\s+40\s+[\d.]+/, 'metrics on stdout (targets present)');
  const lines = readFileSync('cls-pred.csv', 'utf8').trimEnd().split('\n');
  assert.is(lines[0], 'label,P(label=big),P(label=small)');
  assert.is(lines.length, 41);
  const truth = readFileSync('clean.csv', 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',')[4]);
  let hits = 0;
  lines.slice(1).forEach((l, i) => {
    const [label, p1, p2] = l.split(',');
    assert.ok(label === 'big' || label === 'small', `label ${label}`);
    assert.ok(Math.abs(Number(p1) + Number(p2) - 1) < 1e-12, 'probabilities sum to 1');
    assert.is(label, Number(p1) > Number(p2) ? 'big' : 'small', 'the label is the most probable class');
    if (label === truth[i]) hits++;
  });
  assert.ok(hits >= 36, `${hits}/40 correct`);
  const js = await cli(['predict', 'cls.json', 'clean.csv', '--json']);
  const j = JSON.parse(js.stdout) as { task: string; classes: string[]; metrics: { accuracy: number; logLoss: number; confusion: { labels: string[]; matrix: number[][] } }; predictions: string[] };
  assert.is(j.task, 'classification');
  assert.equal(j.classes, ['big', 'small']);
  assert.is(j.metrics.accuracy, hits / 40);
  assert.ok(j.metrics.logLoss > 0 && j.metrics.logLoss < Math.log(2), `log-loss ${j.metrics.logLoss}`);
  assert.is(j.metrics.confusion.matrix.flat().reduce((a, b) => a + b, 0), 40);
  assert.is(j.predictions.length, 40);
  assert.ok(j.predictions.every((l) => l === 'big' || l === 'small'), 'labels in the JSON');
  const jp = await cli(['predict', 'cls.json', 'clean.csv', '--json', '--proba']);
  const jj = JSON.parse(jp.stdout) as { predictions: string[]; proba: number[][]; probaNote: string };
  assert.equal(jj.predictions, j.predictions);
  assert.ok(jj.proba.every((r) => r.length === 2 && typeof r[0] === 'number'), 'probabilities as numbers');
  assert.match(jj.probaNote, /^probabilities are the probabilities of the softmax output layer/);
});

test('--output lstsq: the least-squares classifier, probabilities labelled NOT calibrated; old files without settings.output load as lstsq; bad combinations exit 1', async () => {
  const fit = await cli(['fit', 'clean.csv', '--target', 'label', '--hidden', '30', '--output', 'lstsq', '--out', 'cls-lstsq.json']);
  assert.is(fit.status, 0, fit.stderr);
  assert.match(fit.stdout, /SWIM: hidden 30, tanh, seed 1, output lstsq;/);
  assert.match(fit.stdout, /\* log-loss of the softmax of the least-squares class scores \(a monotone map of the scores, NOT calibrated probabilities\)/);
  const saved = JSON.parse(readFileSync('cls-lstsq.json', 'utf8')) as { settings: Record<string, unknown>; state: { options: Record<string, unknown> } };
  assert.equal([saved.settings.output, saved.settings.gcv, saved.state.options.output], ['lstsq', true, undefined]);
  // a least-squares solve flag without --output means the least-squares output
  const rc = await cli(['fit', 'clean.csv', '--target', 'label', '--hidden', '30', '--rcond', '1e-6', '--json', '--quiet']);
  assert.is(rc.status, 0, rc.stderr);
  assert.is((JSON.parse(rc.stdout) as { settings: { output: string } }).settings.output, 'lstsq');
  // a file written before --output existed: no settings.output → lstsq, probabilities labelled as such
  delete saved.settings.output;
  writeFileSync('cls-old.json', JSON.stringify(saved));
  const old = await cli(['predict', 'cls-old.json', 'clean.csv', '--json', '--proba']);
  assert.is(old.status, 0, old.stderr);
  assert.match((JSON.parse(old.stdout) as { probaNote: string }).probaNote, /NOT calibrated/);
  // settings.output must agree with the model state
  writeFileSync('cls-bad.json', JSON.stringify({ ...saved, settings: { ...saved.settings, output: 'softmax', gcv: undefined } }));
  await bad(['predict', 'cls-bad.json', 'clean.csv'], 1, /state\.options\.output.*must be 'softmax' like settings\.output/);
  await bad(['fit', 'clean.csv', '--target', 'label', '--output', 'softmax', '--rcond', '1e-8'], 1, /rcond configures the least-squares output; it does not apply to output 'softmax' \(use output 'lstsq'\)/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--task', 'regression', '--output', 'softmax'], 1, /output 'softmax' applies to classification/);
  await bad(['fit', 'ok.csv', '--target', 'y', '--model', 'anmin', '--output', 'lstsq'], 1, /output applies to the swim and random classifiers, not 'anmin'/);
  await bad(['fit', 'clean.csv', '--target', 'label', '--output', 'logits'], 2, /'--output <kind>' argument 'logits' is invalid\. Allowed choices are softmax, lstsq/);
});

test('delimiters: sniffed ; and tab, --delimiter \\t; a header with spaces needs no quoting in --ignore suggestions unless it has to', async () => {
  for (const [file, extra] of [['semi.csv', []], ['tab.tsv', []], ['tab.tsv', ['--delimiter', '\\t']], ['semi.csv', ['--delimiter', ';']]] as const) {
    const r = await cli(['fit', file, '--target', 'y', '--hidden', '20', '--json', '--quiet', ...extra]);
    assert.is(r.status, 0, `${file} ${extra.join(' ')}: ${r.stderr}`);
    const j = JSON.parse(r.stdout) as { delimiter: string; features: string[]; task: string };
    assert.is(j.delimiter, file.endsWith('.tsv') ? '\t' : ';');
    assert.equal(j.features, ['x1', 'x2', 'color', 'label']);
    assert.is(j.task, 'regression');
  }
});

test('regression with --missing mean / drop: rows and fill values as documented', async () => {
  const mean = await cli(['fit', 'na.csv', '--target', 'y', '--missing', 'mean', '--hidden', '20', '--test-split', '0', '--json']);
  assert.is(mean.status, 0, mean.stderr);
  const m = JSON.parse(mean.stdout) as { rows: { table: number; used: number; train: number }; notes: string[] };
  assert.equal(m.rows, { table: 40, used: 39, train: 39, test: 0 }, 'the row with a missing target is left out');
  assert.match(mean.stderr, /^lsqnet: note: task: regression \(inferred: target 'y' holds non-integer numbers; set --task to override\)$/m, 'with --json the task is announced on stderr');
  assert.ok(m.notes.some((n) => /missing cells of 'x1', 'x2' filled with the training mean/.test(n)), m.notes.join('\n'));
  const drop = await cli(['fit', 'na.csv', '--target', 'y', '--missing', 'drop', '--hidden', '20', '--test-split', '0', '--json', '--quiet']);
  assert.is(drop.status, 0, drop.stderr);
  assert.equal((JSON.parse(drop.stdout) as { rows: unknown }).rows, { table: 40, used: 37, train: 37, test: 0 });
  assert.is(drop.stderr, '', '--quiet: no notes');
});

test('fit → predict round trip on abalone: sex one-hot encoded, predictions reproduce the fit metrics', async () => {
  const fit = await cli(['fit', ABALONE, '--target', 'rings', '--hidden', '100', '--seed', '3', '--out', 'abalone.json', '--json']);
  assert.is(fit.status, 0, fit.stderr);
  const f = JSON.parse(fit.stdout) as { task: string; train: { rows: number; mse: number }; test: { rows: number; mse: number; r2: number }; features: string[]; featureNames: string[] };
  assert.is(f.task, 'regression');
  assert.equal([f.train.rows, f.test.rows], [3341, 836]);
  assert.equal(f.featureNames.slice(0, 3), ['sex=F', 'sex=I', 'sex=M']);
  assert.ok(f.test.r2 > 0.45, `test R² ${f.test.r2}`);
  const pr = await cli(['predict', 'abalone.json', ABALONE, '--out', 'abalone-pred.csv', '--json']);
  assert.is(pr.status, 0, pr.stderr);
  const p = JSON.parse(pr.stdout) as { rows: number; metrics: { rows: number; mse: number } };
  const pooled = (f.train.rows * f.train.mse + f.test.rows * f.test.mse) / 4177;
  assert.ok(Math.abs(p.metrics.mse - pooled) <= 1e-9 * pooled, `MSE ${p.metrics.mse} vs pooled fit MSE ${pooled}`);
  const values = readFileSync('abalone-pred.csv', 'utf8').trimEnd().split('\n').slice(1).map(Number);
  // a raw CSV with the columns reordered, an extra column, no target; predictions on stdout
  const rows = readFileSync(ABALONE, 'utf8').trimEnd().split('\n').slice(1, 11).map((l) => l.split(','));
  writeFileSync('few.csv', `note,shell_weight,viscera_weight,shucked_weight,whole_weight,height,diameter,length,sex\n${rows.map((r) => ['x', ...r.slice(1, 8).reverse(), r[0]].join(',')).join('\n')}\n`);
  const few = await cli(['predict', 'abalone.json', 'few.csv']);
  assert.is(few.status, 0, few.stderr);
  assert.is(few.stderr, '', 'no targets → no metrics');
  assert.equal(few.stdout.trimEnd().split('\n').slice(1).map(Number), values.slice(0, 10));
  // an unseen category names line and column
  writeFileSync('newsex.csv', `sex,length,diameter,height,whole_weight,shucked_weight,viscera_weight,shell_weight\nM,0.4,0.3,0.1,0.5,0.2,0.1,0.15\nX,0.4,0.3,0.1,0.5,0.2,0.1,0.15\n`);
  await bad(['predict', 'abalone.json', 'newsex.csv'], 1, /newsex\.csv line 3, column 'sex': unknown category "X" \(the model knows "F", "I", "M"\)/);
  // the model was fitted without imputation: missing cells at predict are refused
  writeFileSync('na-pred.csv', `sex,length,diameter,height,whole_weight,shucked_weight,viscera_weight,shell_weight\nM,NA,0.3,0.1,0.5,0.2,0.1,0.15\n`);
  await bad(['predict', 'abalone.json', 'na-pred.csv'], 1, /na-pred\.csv: missing values in 'length' 1 of 1, and the model was fitted with missing 'error'/);
});

test('adam and anmin round trips (regression-only models) and a quick bench in JSON', async () => {
  const fit = await cli(['fit', ABALONE, '--target', 'rings', '--ignore', 'sex', '--model', 'adam', '--epochs', '10', '--out', 'adam.json']);
  assert.is(fit.status, 0, fit.stderr);
  assert.match(fit.stdout, /Adam: hidden 64, relu, seed 1; 7 columns \(7 inputs\) → rings/);
  assert.match(fit.stdout, /train\s+3341\s+[\d.]+/);
  const an = await cli(['fit', ABALONE, '--target', 'rings', '--model', 'anmin', '--activation', 'leaky-relu', '--iterations', '3', '--out', 'anmin.json', '--json', '--quiet']);
  assert.is(an.status, 0, an.stderr);
  const f = JSON.parse(an.stdout) as { settings: { hidden: number; iterations: number }; train: { mse: number } };
  assert.equal([f.settings.hidden, f.settings.iterations], [64, 3]);
  assert.ok(f.train.mse < 4.8, `train MSE ${f.train.mse}`);
  const saved = JSON.parse(readFileSync('anmin.json', 'utf8')) as { state: { type: string; options: { alpha: number } } };
  assert.is(saved.state.type, 'AnminNetwork');
  assert.is(saved.state.options.alpha, 0.1);
  const pr = await cli(['predict', 'anmin.json', ABALONE, '--json', '--out', 'anmin-pred.csv']);
  assert.is(pr.status, 0, pr.stderr);

  const bench = await cli(['bench', '--quick', '--json']);
  assert.is(bench.status, 0, bench.stderr);
  const rows = (JSON.parse(bench.stdout) as { rows: { model: string; testMae: number | null; seconds: number | null; note?: string }[] }).rows;
  assert.equal(rows.map((r) => r.model), ['swim', 'adam', 'anmin', 'swim', 'adam']);
  for (const r of rows) assert.ok(r.seconds !== null && r.testMae !== null && r.note === undefined, `${r.model}: ${r.note}`);
  assert.ok(rows[0]!.testMae! < 1e-4, `SWIM test MAE ${rows[0]!.testMae}`);
});

test('help states the real defaults; version exits 0', async () => {
  const h = await cli(['fit', '--help']);
  assert.is(h.status, 0);
  const text = h.stdout.replace(/\s+/g, ' ');
  assert.match(text, /--gcv swim\/random: ridge output solve with λ by generalized cross-validation \(SVD\) — the DEFAULT least-squares solve \(regression, --output lstsq\) when none of --rcond, --ridge, --solver is given/);
  assert.match(text, /--output <kind> swim\/random classification: the output layer\. softmax: multinomial logistic regression .* Default: softmax, or lstsq when one of those four flags is given \(choices: "softmax", "lstsq"\)/);
  assert.match(text, /--task <task> regression or classification; auto: classification when the target holds text/);
  assert.match(text, /\(choices: "auto", "regression", "classification", default: "auto"\)/);
  assert.match(text, /--missing <policy> .*\(choices: "error", "drop", "mean", "median", default: "error"\)/);
  assert.match(text, /--delimiter <char> CSV field delimiter: auto .* \(default: "auto"\)/);
  assert.not.match(text, /1e-8\/qr|default 1e-8\)/, 'no stale rcond default');
  const p = await cli(['predict', '--help']);
  assert.match(p.stdout.replace(/\s+/g, ' '), /--proba classification: add one probability column per class: with the softmax output \(the default of `fit`\), the probabilities of the softmax output layer .*; with --output lstsq \(and model files written before --output existed\), the softmax of the least-squares class scores \(a monotone map of the scores, NOT calibrated probabilities\)/);
  const v = await cli(['--version']);
  assert.is(v.status, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+/);
});

test.run();
