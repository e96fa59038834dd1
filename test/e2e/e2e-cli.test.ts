// The lsqnet command line as a real process (`node --import tsx src/cli/index.ts`, the source the
// bin is bundled from) on real and messy data: digits classification (test accuracy ≥ 0.97),
// abalone with its text column one-hot encoded, a generated messy CSV (CRLF, quoted commas, a
// header with spaces, "NA" and empty cells, a text column, an id column, ';' delimiter), bad
// arguments (each error one line, exit code non-zero), and model files loaded in code with
// loadModel giving exactly the CLI's predictions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { init, loadCsv, liveBytes } from '../../src/index.js';
import { Pipeline, loadModel } from '../../src/data/pipeline.js';
import { DATA_DIR } from '../helpers/index.js';
import { ROOT, run } from '../helpers/e2e-util.js';

const DIGITS = join(DATA_DIR, 'sklearn_digits', 'digits.csv');
const ABALONE = join(DATA_DIR, 'abalone', 'abalone.csv');
const ENTRY = join(ROOT, 'src', 'cli', 'index.ts');
/** tsx's loader by URL: the commands run in a scratch directory outside the project. */
const TSX = import.meta.resolve('tsx');
let tmp = '';

function lsqnet(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return run(process.execPath, ['--import', TSX, ENTRY, ...args], tmp, 120_000);
}

function ok(args: string[]): { stdout: string; stderr: string } {
  const r = lsqnet(args);
  assert.is(r.status, 0, `lsqnet ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r;
}

function bad(args: string[], code: number, pattern: RegExp): void {
  const r = lsqnet(args);
  const what = `lsqnet ${args.join(' ')}`;
  assert.is(r.status, code, `${what}: exit ${r.status}, stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, `${what}: one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^lsqnet: /);
  assert.match(lines[0]!, pattern, what);
}

/** Splits a CSV the CLI wrote (no quoted cells in these files). */
function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => l.split(','));
}

/** 80 rows of a messy export: CRLF, ';', quoted cells with commas and quotes, spaces in names, NA and empty cells, an id column, a text column, a text label. */
function messyCsv(): string {
  const names = ['"Smith, Ann"', '"O\'Hara, Bob ""Jr."""', 'Cy', '"Dee, D."'];
  const lines = ['"row id";"first name";"size (cm)";"weight, kg";colour;grade;"price $"'];
  let s = 7;
  const rnd = (): number => { s = (s * 16807) % 2147483647; return s / 2147483647; };
  for (let i = 0; i < 80; i++) {
    const size = 1 + 9 * rnd(), weight = 5 * rnd(), colour = ['red', 'green', 'blue'][i % 3]!;
    const price = 2 * size + weight + (colour === 'red' ? 3 : 0);
    const grade = price > 14 ? 'A' : price > 9 ? 'B' : 'C';
    lines.push([1000 + i, names[i % 4], i % 9 === 4 ? 'NA' : size.toFixed(3), i % 13 === 6 ? '' : weight.toFixed(3), colour, grade, price.toFixed(4)].join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

test.before(async () => {
  await init();
  tmp = mkdtempSync(join(tmpdir(), 'lsqnet-e2e-cli-'));
  writeFileSync(join(tmp, 'messy.csv'), messyCsv());
});

test.after(() => { if (tmp) rmSync(tmp, { recursive: true, force: true }); });

test('digits: --task classification reaches test accuracy ≥ 0.97; predictions are labels; loadModel in code predicts the same', async () => {
  const fit = ok(['fit', DIGITS, '--target', 'target', '--task', 'classification', '--hidden', '800', '--out', 'digits.json', '--json']);
  const f = JSON.parse(fit.stdout) as { task: string; taskInferred: boolean; classes: number[]; train: { accuracy: number; rows: number }; test: { accuracy: number; rows: number; logLoss: number; confusion: { matrix: number[][] } } };
  assert.is(f.task, 'classification');
  assert.is(f.taskInferred, false);
  assert.equal(f.classes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.is(f.test.rows, 360);
  assert.ok(f.test.accuracy >= 0.97, `test accuracy ${f.test.accuracy}`);
  assert.ok(Number.isFinite(f.test.logLoss) && f.test.logLoss > 0, `log-loss ${f.test.logLoss}`);
  assert.is(f.test.confusion.matrix.flat().reduce((a, b) => a + b, 0), 360);

  const pr = ok(['predict', 'digits.json', DIGITS, '--proba', '--out', 'digits-pred.csv']);
  assert.match(pr.stdout, /1797 predictions of target with class probabilities written to digits-pred\.csv/);
  assert.match(pr.stdout, /data\s+1797\s+0\.99/, 'accuracy on stdout');
  const rows = readCsv(join(tmp, 'digits-pred.csv'));
  assert.equal(rows[0], ['target', ...Array.from({ length: 10 }, (_, k) => `P(target=${k})`)]);
  const labels = rows.slice(1).map((r) => r[0]!);
  assert.ok(labels.every((l) => /^\d$/.test(l)), 'integer labels, not fractional scores');
  const bytes0 = liveBytes();
  const pipe = loadModel(readFileSync(join(tmp, 'digits.json'), 'utf8'));
  assert.ok(pipe instanceof Pipeline);
  const table = await loadCsv(DIGITS);
  assert.equal((pipe as Pipeline).predict(table).map(String), labels, 'the same labels in code as on the command line');
  const proba = (pipe as Pipeline).predictProba(table);
  assert.equal(proba.slice(0, 5).map((r) => r.map(String)), rows.slice(1, 6).map((r) => r.slice(1)), 'the same probabilities (exact decimal round trip)');
  pipe.dispose();
  assert.is(liveBytes(), bytes0);
});

test('abalone: the text column sex is one-hot encoded (categories saved), regression inferred for rings', () => {
  const fit = ok(['fit', ABALONE, '--target', 'rings', '--hidden', '150', '--out', 'abalone.json']);
  assert.match(fit.stdout, /^task: regression \(inferred: target 'rings' has 28 distinct integer values/);
  assert.match(fit.stderr, /lsqnet: note: column 'sex' holds text: one-hot encoded \(3 categories\)/);
  assert.match(fit.stdout, /SWIM: hidden 150, tanh, seed 1; 8 columns \(10 inputs\) → rings/);
  const m = /test\s+836\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)/.exec(fit.stdout);
  assert.ok(m && Number(m[3]) > 0.5, `test R² in\n${fit.stdout}`);
  const saved = JSON.parse(readFileSync(join(tmp, 'abalone.json'), 'utf8')) as { version: number; kinds: string[]; encoder: { categories: string[][] } };
  assert.is(saved.version, 2);
  assert.is(saved.kinds[0], 'categorical');
  assert.equal(saved.encoder.categories, [['F', 'I', 'M']]);
  const pr = ok(['predict', 'abalone.json', ABALONE]);
  assert.is(pr.stdout.trimEnd().split('\n').length, 4178, 'CSV on stdout');
  assert.match(pr.stderr, /data\s+4177/, 'metrics on stderr when stdout carries the CSV');
});

test('a messy CSV: one error listing the missing cells, then --missing mean / drop, id column left out, quoted names, text label classification', async () => {
  bad(['fit', 'messy.csv', '--target', 'price $'], 1,
    /^lsqnet: messy\.csv: missing values \(cells .*\) in 2 columns: 'size \(cm\)' 9 of 80, 'weight, kg' 6 of 80 — use --missing drop \(leave those rows out\), --missing mean or --missing median/);
  const fit = ok(['fit', 'messy.csv', '--target', 'price $', '--ignore', 'grade', '--missing', 'mean', '--hidden', '40', '--out', 'messy.json', '--json']);
  const f = JSON.parse(fit.stdout) as { delimiter: string; task: string; features: string[]; featureNames: string[]; notes: string[]; test: { r2: number } };
  assert.is(f.delimiter, ';', 'sniffed');
  assert.is(f.task, 'regression');
  assert.equal(f.features, ['first name', 'size (cm)', 'weight, kg', 'colour']);
  assert.equal(f.featureNames.slice(0, 4), ['first name=Cy', 'first name=Dee, D.', 'first name=O\'Hara, Bob "Jr."', 'first name=Smith, Ann']);
  assert.ok(f.notes.some((n) => /column 'row id' looks like a row id \(integers 1000\.\.1079/.test(n)), f.notes.join('\n'));
  assert.ok(f.notes.some((n) => /missing cells of 'size \(cm\)', 'weight, kg' filled with the training mean/.test(n)));
  assert.ok(f.test.r2 > 0.5, `test R² ${f.test.r2}`);
  const pr = ok(['predict', 'messy.json', 'messy.csv', '--out', 'messy-pred.csv', '--json']);
  const p = JSON.parse(pr.stdout) as { rows: number; metrics: { rows: number; r2: number } };
  assert.equal([p.rows, p.metrics.rows], [80, 80]);
  const cli = readCsv(join(tmp, 'messy-pred.csv')).slice(1).map((r) => Number(r[0]));
  const pipe = loadModel(readFileSync(join(tmp, 'messy.json'), 'utf8')) as Pipeline;
  const code = (pipe.predict(await loadCsv(join(tmp, 'messy.csv'))) as number[][]).map((r) => r[0]!);
  assert.equal(code, cli, 'loadModel in code gives the CLI predictions exactly');
  pipe.dispose();

  const drop = ok(['fit', 'messy.csv', '--target', 'price $', '--ignore', 'grade', '--missing', 'drop', '--hidden', '40', '--json', '--quiet']);
  const d = JSON.parse(drop.stdout) as { rows: { used: number } };
  assert.is(d.rows.used, 80 - 9 - 6 + 1, 'rows with a missing size or weight left out (one row has both)');

  const cls = ok(['fit', 'messy.csv', '--target', 'grade', '--ignore', 'price $', '--missing', 'median', '--hidden', '60', '--out', 'grade.json']);
  assert.match(cls.stdout, /^task: classification \(inferred: target 'grade' holds text labels \("B" on line 2\)/);
  assert.match(cls.stdout, /→ grade \(3 classes\)/);
  assert.match(cls.stdout, /confusion matrix, test rows \(rows = true, columns = predicted\):\n\s+A\s+B\s+C/);
  const gp = ok(['predict', 'grade.json', 'messy.csv', '--proba']);
  const lines = gp.stdout.trimEnd().split('\n');
  assert.is(lines[0], 'grade,P(grade=A),P(grade=B),P(grade=C)');
  assert.ok(lines.slice(1).every((l) => /^[ABC],/.test(l)), 'string labels');
});

test('bad arguments from the real process: one line, non-zero exit', () => {
  bad(['fit', 'messy.csv', '--target', 'price $', '--hidden', 'many'], 2, /'--hidden <n>' argument 'many' is invalid/);
  bad(['fit', 'messy.csv', '--target', 'price', '--missing', 'mean'], 1, /messy\.csv: unknown column 'price' \(available: row id, first name, size \(cm\), weight, kg, colour, grade, price \$\)/);
  bad(['fit', 'messy.csv', '--target', 'price $', '--delimiter', ',', '--missing', 'mean'], 1, /messy\.csv line 1: malformed CSV \(Invalid Closing Quote/);
  bad(['fit', 'messy.csv', '--target', 'grade', '--model', 'adam', '--missing', 'mean', '--out', 'nowhere/m.json'], 1, /cannot write nowhere\/m\.json \(--out\): no such directory/);
  writeFileSync(join(tmp, 'tampered.json'), readFileSync(join(tmp, 'messy.json'), 'utf8').replace('"targetMean":[', '"targetMean":["x",'));
  bad(['predict', 'tampered.json', 'messy.csv'], 1, /tampered\.json: Pipeline\.fromJSON: field 'targetMean' must be an array of 1 finite numbers, got an array of 2/);
});

test('terminal and disk safety: escape sequences in names are shown escaped, a huge cell is cut, a full stdout is one line and exit 1', () => {
  writeFileSync(join(tmp, 'esc.csv'), 'a\u001b[31mRED,b\n1,2\n3,4\n');
  bad(['fit', 'esc.csv', '--target', 'zz'], 1, /available: a\\x1b\[31mRED, b\)$/);
  writeFileSync(join(tmp, 'huge.csv'), `a,b\n1,${'x'.repeat(5_000_000)}\n2,3\n`);
  const huge = lsqnet(['fit', 'huge.csv', '--target', 'a']);
  assert.is.not(huge.status, 0);
  assert.ok(huge.stderr.length < 4000, `the message is cut (${huge.stderr.length} characters)`);
  if (process.platform === 'linux') {
    ok(['fit', 'esc.csv', '--target', 'b', '--hidden', '2', '--test-split', '0', '--out', 'esc.json', '--quiet']);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" --import "${TSX}" "${ENTRY}" predict esc.json esc.csv > /dev/full`], { cwd: tmp, encoding: 'utf8' });
    assert.is(r.status, 1, r.stderr);
    assert.match(r.stderr, /^lsqnet: cannot write to standard output: ENOSPC[^\n]*$/m);
    assert.not.match(r.stderr, /^\s+at /m, 'no stack trace');
  }
});

test.run();
