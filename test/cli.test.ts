// The lsqnet CLI as shipped (dist/esm/cli.js, built first when missing): every bad input exits
// non-zero with exactly one line on stderr that names the problem (row/line, column, flag).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_DIR } from './helpers.js';
import { ensureDist, ROOT, run } from './e2e-util.js';

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
