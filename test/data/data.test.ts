// Data helpers: CSV parsing (bad input named by line and column), column selection, seeded
// splits, row gathers, standardization and centering checked against plain-JS statistics.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  init, Matrix, liveBytes, parseCsv, loadCsv, CsvTable, isMissing, sniffDelimiter, MISSING_MARKERS, trainTestSplit, permutation, takeRows, StandardScaler,
  centerTargets, uncenterTargets, oneHot, InvalidInputError, OptionError, ShapeError, NotFittedError,
} from '../../src/index.js';
import { DATA_DIR, EPS, assertLE, assertThrows, hasData, maxAbsDiff } from '../helpers/index.js';

test.before(async () => { await init(); });

// ------------------------------------------------------------------ CSV

test('parseCsv: header, numbers, select order, strings, quoted fields, CRLF and BOM', () => {
  const t = parseCsv('\ufeffx, y ,"label, text"\r\n1,2.5,"a, ""b"""\r\n-3e2,.5,c\r\n');
  assert.equal(t.columns, ['x', 'y', 'label, text']);
  assert.is(t.rows, 2);
  assert.equal([...t.column('x')], [1, -300]);
  assert.equal(t.strings('label, text'), ['a, "b"', 'c']);
  const X = t.select(['y', 'x']);
  assert.equal(X.toRows(), [[2.5, 1], [0.5, -300]]);
  X.dispose();
  const noHeader = parseCsv('1;2\n3;4\n', { header: false, delimiter: ';' });
  assert.equal(noHeader.columns, ['col1', 'col2']);
  assert.equal([...noHeader.column('col2')], [2, 4]);
});

test('parseCsv: line numbers count blank lines and multi-line quoted fields', () => {
  const t = parseCsv('a,b\n1,"x\ny"\n\n\n3,4\n5,oops\n');
  assert.equal([t.lineOf(0), t.lineOf(1), t.lineOf(2)], [2, 6, 7]);
  const crlf = parseCsv('a,b\r\n1,"x\r\ny"\r\n\r\n3,4\r\n5,6');
  assert.equal([crlf.lineOf(0), crlf.lineOf(1), crlf.lineOf(2)], [2, 5, 6]);
  assertThrows(() => t.column('b'), InvalidInputError, /^CSV line 2, column 'b': "x\\ny" is not a number$/);
  assertThrows(() => t.select(['a', 'b']), InvalidInputError, /line 2, column 'b'/);
  const u = parseCsv('a,b\n1,2\n3,4\n5,oops\n', { source: 'data.csv' });
  assertThrows(() => u.column('b'), InvalidInputError, /^data\.csv line 4, column 'b': "oops" is not a number$/);
});

test('parseCsv: bad cells and bad files give one-line messages naming line and column', () => {
  const cases: [string, RegExp][] = [
    ['x,y\n1,2\n3,\n', /^CSV line 3, column 'y': is empty$/],
    ['x,y\n1,2\n3,0x10\n', /line 3, column 'y': "0x10" is not a number/],
    ['x,y\n1,NaN\n', /line 2, column 'y': "NaN" is not a number/],
    ['x,y\n1,Infinity\n', /line 2, column 'y': "Infinity" is not a number/],
    ['x,y\n1,1e999\n', /line 2, column 'y': "1e999" overflows a double/],
  ];
  for (const [text, re] of cases) {
    const t = parseCsv(text);
    assertThrows(() => t.column('y'), InvalidInputError, re);
    assert.not.match(String((() => { try { t.column('y'); } catch (e) { return (e as Error).message; } })()), /\n.*\n/);
  }
  assertThrows(() => parseCsv('a,b,c\n1,2,3\n4,5\n'), InvalidInputError, /^CSV line 3: 2 fields, expected 3 like the header \(ragged rows\)$/);
  assertThrows(() => parseCsv('a,b\n1,2\n3,4,5\n'), InvalidInputError, /line 3: 3 fields, expected 2/);
  assertThrows(() => parseCsv('a,b\n1,"2\n3,4\n'), InvalidInputError, /malformed CSV \(Quote Not Closed/);
  assertThrows(() => parseCsv('a,b\n1,x"y"\n'), InvalidInputError, /^CSV line 2: malformed CSV/);
  assertThrows(() => parseCsv(''), InvalidInputError, /the file is empty/);
  assertThrows(() => parseCsv('\n\n'), InvalidInputError, /the file is empty/);
  assertThrows(() => parseCsv('a,b\n'), InvalidInputError, /no data rows after the header/);
  assertThrows(() => parseCsv('a,b,a\n1,2,3\n'), InvalidInputError, /line 1: duplicate column name 'a' \(columns 1 and 3\)/);
  assertThrows(() => parseCsv('a,,c\n1,2,3\n'), InvalidInputError, /column 2 of the header has an empty name/);
  assertThrows(() => parseCsv('a\n1\n', { header: 'yes' as unknown as boolean }), OptionError, /'header' must be a boolean/);
  assertThrows(() => parseCsv('a\n1\n', { colums: 1 } as never), OptionError, /unknown option 'colums'/);
});

test('CsvTable: unknown column → OptionError listing the available columns', () => {
  const t = parseCsv('alpha,beta\n1,2\n');
  assertThrows(() => t.column('gamma'), OptionError, /unknown column 'gamma' \(available: alpha, beta\)/);
  assertThrows(() => t.select(['alpha', 'Beta']), OptionError, /unknown column 'Beta' \(available: alpha, beta\)/);
  assertThrows(() => t.select(['alpha', 'alpha']), OptionError, /selected twice/);
  assertThrows(() => t.select([]), OptionError, /at least one column/);
  assert.ok(t instanceof CsvTable);
});

test('loadCsv: abalone — shape, column sums vs plain JS, the letter column is reported at line 2', async () => {
  if (!hasData('abalone')) { console.warn('abalone data missing: skipped'); return; }
  const file = join(DATA_DIR, 'abalone', 'abalone.csv');
  const t = await loadCsv(file);
  assert.is(t.rows, 4177);
  assert.equal(t.columns, ['sex', 'length', 'diameter', 'height', 'whole_weight', 'shucked_weight', 'viscera_weight', 'shell_weight', 'rings']);
  const rings = t.column('rings');
  let sum = 0;
  for (const r of t.strings('rings')) sum += parseInt(r, 10);
  assert.is(rings.reduce((a, b) => a + b, 0), sum);
  assert.is(rings[0], 15);
  assertThrows(() => t.select(['sex', 'rings']), InvalidInputError, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 2, column 'sex': "M" is not a number$`));
  let err: unknown;
  try { await loadCsv(join(DATA_DIR, 'no-such.csv')); } catch (e) { err = e; }
  assert.instance(err, InvalidInputError);
  assert.match((err as Error).message, /no-such\.csv: no such file/);
});

test('sniffDelimiter: among , ; tab |, quotes respected, consistent counts win, single column → ","', () => {
  assert.is(sniffDelimiter('a,b,c\n1,2,3\n'), ',');
  assert.is(sniffDelimiter('a;b;c\r\n1,5;2,5;3\r\n'), ';', 'decimal commas do not fool it: , is not in the header');
  assert.is(sniffDelimiter('a\tb\n1\t2\n'), '\t');
  assert.is(sniffDelimiter('a|b\n1|2\n'), '|');
  assert.is(sniffDelimiter('"x;y",z\n"1;2",3\n'), ',', 'a ; inside quotes does not count');
  assert.is(sniffDelimiter('"a,b";"c,d"\n"1,2";"3,4"\n'), ';');
  assert.is(sniffDelimiter('"multi\nline;x",y\n"1;2\n3",4\n'), ',', 'quoted line breaks stay inside the record');
  assert.is(sniffDelimiter('a;b,c\n1;2,3\n4;5;6\n'), ',', 'the consistent delimiter wins over the varying one');
  assert.is(sniffDelimiter('value\n1\n2\n'), ',', 'single column');
  assert.is(sniffDelimiter(''), ',');
  assert.is(sniffDelimiter('\ufeff\n\na;b\n\n1;2'), ';', 'BOM and blank lines skipped, last line without a newline');
  assert.is(sniffDelimiter('a,b;c\n1,2;3\n'), ',', 'a tie goes to the earlier of , ; tab |');
  assertThrows(() => sniffDelimiter('a', 0), OptionError, /maxRecords/);
});

test('parseCsv: delimiter auto by default, exposed as table.delimiter; "\\t" as two characters means tab', () => {
  assert.is(parseCsv('a,b\n1,2\n').delimiter, ',');
  const semi = parseCsv('a;b\n1;2\n');
  assert.is(semi.delimiter, ';');
  assert.equal([...semi.column('b')], [2]);
  const tab = parseCsv('a\tb\n1\t2\n', { delimiter: '\\t' });
  assert.is(tab.delimiter, '\t');
  assert.equal(tab.columns, ['a', 'b']);
  assert.is(parseCsv('a\tb\n1\t2\n', { delimiter: '\t' }).delimiter, '\t');
  assert.is(parseCsv('a|b\n1|2\n', { delimiter: 'auto' }).delimiter, '|');
  assert.equal(parseCsv('a;b\n1;2\n', { delimiter: ',' }).columns, ['a;b'], 'an explicit delimiter is used as given');
  assertThrows(() => parseCsv('a\n1\n', { delimiter: '' }), OptionError, /'delimiter' must be a non-empty string or 'auto'/);
  assertThrows(() => parseCsv('a\n1\n', { delimiter: '"' }), OptionError, /must not contain a quote or a line break/);
  assertThrows(() => parseCsv('a\n1\n', { delimiter: 1 as never }), OptionError, /'delimiter'/);
});

test('CsvTable: an unknown column in a file read with the wrong delimiter gets a hint naming the right one', () => {
  const t = parseCsv('alpha;beta;gamma\n1;2;3\n', { delimiter: ',' });
  assertThrows(() => t.indexOf('beta'), OptionError, /unknown column 'beta' \(available: alpha;beta;gamma\); the file may be ';'-separated: try --delimiter ';'/);
  const tab = parseCsv('alpha\tbeta\n1\t2\n', { delimiter: ';' });
  assertThrows(() => tab.column('beta'), OptionError, /the file may be '\\t'-separated: try --delimiter '\\t'/);
  const one = parseCsv('x|y|z\n1|2|3\n', { delimiter: ',' });
  assertThrows(() => one.column('target'), OptionError, /the file may be '\|'-separated: try --delimiter '\|'/);
  const piped = parseCsv('a|b,c\n1,2\n');
  assertThrows(() => piped.column('target'), OptionError, /^CSV: unknown column 'target' \(available: a\|b, c\)$/); // a | inside one of several names is no evidence
  const plain = parseCsv('alpha,beta\n1,2\n');
  assertThrows(() => plain.column('gamma'), OptionError, /^CSV: unknown column 'gamma' \(available: alpha, beta\)$/);
  // a wide table lists the first 30 names only
  const wide = parseCsv(`${Array.from({ length: 40 }, (_, j) => `c${j}`).join(',')}\n${new Array(40).fill(0).join(',')}\n`);
  assertThrows(() => wide.indexOf('zz'), OptionError, /c29, … \(10 more\)\)$/);
});

test('CsvTable: has/indexOf match exactly, then on trimmed names (quoted header cells keep their spaces)', () => {
  const t = parseCsv('" sepal length ", petal width ,"x"\n1,2,3\n');
  assert.equal(t.columns, [' sepal length ', 'petal width', 'x']);
  assert.ok(t.has(' sepal length ') && t.has('sepal length') && t.has('petal width') && t.has(' petal width '));
  assert.is(t.indexOf('sepal length'), 0);
  assert.equal([...t.column('sepal length')], [1]);
  assert.not.ok(t.has('sepal'));
  // two names equal after trimming: only exact matches resolve
  const amb = parseCsv('"a ","  a"\n1,2\n');
  assert.is(amb.indexOf('a '), 0);
  assert.is(amb.indexOf('  a'), 1);
  assert.not.ok(amb.has('a'));
});

test('missing values: isMissing list, numericOrMissing gives NaN for markers only, column() stays strict', () => {
  assert.equal([...MISSING_MARKERS], ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']);
  for (const m of [...MISSING_MARKERS, ' NA ', '\tnull']) assert.ok(isMissing(m) && CsvTable.isMissing(m), `missing: ${JSON.stringify(m)}`);
  for (const m of ['0', 'na', 'None', '-', 'n/a', 'x']) assert.not.ok(isMissing(m), `not missing: ${m}`);
  const t = parseCsv('x,y\n1,NA\n2,\n3,?\n4,N/A\n5,nan\n6,7.5\n');
  const y = t.numericOrMissing('y');
  assert.equal([...y].map((v) => (Number.isNaN(v) ? 'NaN' : v)), ['NaN', 'NaN', 'NaN', 'NaN', 'NaN', 7.5]);
  y[5] = 0;
  assert.is(t.numericOrMissing('y')[5], 7.5, 'a copy is returned');
  assertThrows(() => t.column('y'), InvalidInputError, /line 2, column 'y': "NA" is not a number/);
  const typo = parseCsv('x\n4\nx\n6\n', { source: 'f.csv' });
  assertThrows(() => typo.numericOrMissing('x'), InvalidInputError, /^f\.csv line 3, column 'x': "x" is not a number \(missing values are written as one of/);
});

test('profile: kind, missing, numeric / non-numeric counts, distinct values, first non-number', () => {
  const t = parseCsv('id,num,typo,cat,empty\n1,1.0,4,red,NA\n2,1,x,blue,\n3,2,6,red,NA\n4,NA,7,NA,\n');
  assert.equal(t.profile('id'), { kind: 'numeric', missing: 0, numeric: 4, nonNumeric: 0, distinct: 4 }, 'id-like: distinct = rows');
  assert.equal(t.profile('num'), { kind: 'numeric', missing: 1, numeric: 3, nonNumeric: 0, distinct: 2 }, '1.0 and 1 are one number');
  assert.equal(t.profile('typo'), { kind: 'categorical', missing: 0, numeric: 3, nonNumeric: 1, distinct: 4, firstNonNumeric: { row: 1, line: 3, value: 'x' } });
  assert.equal(t.profile('cat'), { kind: 'categorical', missing: 1, numeric: 0, nonNumeric: 3, distinct: 2, firstNonNumeric: { row: 0, line: 2, value: 'red' } });
  assert.equal(t.profile('empty'), { kind: 'numeric', missing: 4, numeric: 0, nonNumeric: 0, distinct: 0 });
  const p = t.profile('typo');
  p.firstNonNumeric!.value = 'changed';
  assert.is(t.profile('typo').firstNonNumeric!.value, 'x', 'a copy is returned');
});

/** A messy CSV as a spreadsheet export writes it: CRLF, quoted delimiters, header with spaces, NA and empty cells, a string column, an id column. */
function messyCsv(d: string): string {
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const rows = [
    ['customer id', ' sepal length ', q(`city${d} country`), 'NOTE', 'target'],
    ['c-001', '5.1', q(`Paris${d} FR`), q('said "hi"'), '1.5'],
    ['c-002', 'NA', 'Rome', '', '2.5'],
    ['c-003', '', q(`Paris${d} FR`), 'ok', '3'],
    ['c-004', '6.3', 'Oslo', 'NA', '-1e-1'],
  ];
  return rows.map((r) => r.join(d)).join('\r\n') + '\r\n';
}

test('messy CSV (; and tab): sniffed, quoted delimiters kept, header with spaces, NA/empty as missing, string and id columns profiled', () => {
  for (const d of [';', '\t', ',']) {
    const t = parseCsv(messyCsv(d), { source: 'messy.csv' });
    assert.is(t.delimiter, d, `sniffed ${JSON.stringify(d)}`);
    assert.is(t.rows, 4);
    assert.equal(t.columns, ['customer id', 'sepal length', `city${d} country`, 'NOTE', 'target']);
    assert.equal(t.strings(`city${d} country`), [`Paris${d} FR`, 'Rome', `Paris${d} FR`, 'Oslo']);
    assert.is(t.cell(0, 'NOTE'), 'said "hi"');
    assert.equal([...t.column('target')], [1.5, 2.5, 3, -0.1]);
    const sl = t.numericOrMissing(' sepal length ');
    assert.equal([sl[0], Number.isNaN(sl[1]!), Number.isNaN(sl[2]!), sl[3]], [5.1, true, true, 6.3]);
    assert.equal(t.profile('sepal length'), { kind: 'numeric', missing: 2, numeric: 2, nonNumeric: 0, distinct: 2 });
    const id = t.profile('customer id');
    assert.is(id.kind, 'categorical');
    assert.is(id.distinct, t.rows - id.missing, 'id-like: one distinct value per row');
    assert.equal(t.profile(`city${d} country`).distinct, 3);
    assert.is(t.profile('NOTE').missing, 2);
    assertThrows(() => t.select(['sepal length', 'target']), InvalidInputError, /^messy\.csv line 3, column 'sepal length': "NA" is not a number$/);
    assertThrows(() => t.column('customer id'), InvalidInputError, /^messy\.csv line 2, column 'customer id': "c-001" is not a number$/);
    assert.equal([t.lineOf(0), t.lineOf(3)], [2, 5], 'CRLF line numbers');
  }
});

test('loadCsv: sniffs the delimiter of a file, honours an explicit "\\t", names the file in messages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsqnet-csv-'));
  try {
    const semi = join(dir, 'semi.csv'), tsv = join(dir, 'data.tsv');
    writeFileSync(semi, messyCsv(';'));
    writeFileSync(tsv, 'a\tb c\n1\tNA\n');
    const t = await loadCsv(semi);
    assert.is(t.delimiter, ';');
    assert.is(t.source, semi);
    assertThrows(() => t.column('NOTE'), InvalidInputError, new RegExp(`^${semi.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 2, column 'NOTE'`));
    const u = await loadCsv(tsv, { delimiter: '\\t' });
    assert.equal(u.columns, ['a', 'b c']);
    assert.ok(Number.isNaN(u.numericOrMissing('b c')[0]!));
    let err: unknown;
    try { await loadCsv(tsv, { delim: ';' } as never); } catch (e) { err = e; }
    assert.instance(err, OptionError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Header c0..c(k-1) and 3 rows of small integers. */
function wideCsv(k: number): { text: string; names: string[] } {
  const names = Array.from({ length: k }, (_, j) => `c${j}`);
  const lines = [names.join(',')];
  for (let i = 0; i < 3; i++) lines.push(Array.from({ length: k }, (_, j) => String((i + j) % 10)).join(','));
  return { text: `${lines.join('\n')}\n`, names };
}

/** Time of parse + has/profile of every column + select of all columns (best of 3 runs, each after a GC). */
function wideTime(k: number): number {
  const { text, names } = wideCsv(k);
  let best = Infinity;
  const gc = (globalThis as { gc?: () => void }).gc; // scripts/test.mjs runs node with --expose-gc
  for (let rep = 0; rep < 3; rep++) {
    gc?.();
    const t0 = performance.now();
    const t = parseCsv(text);
    for (const n of names) if (!t.has(n) || t.profile(n).kind !== 'numeric') throw new Error(`column ${n}`);
    const X = t.select(names);
    const dt = performance.now() - t0;
    assert.equal([X.rows, X.cols], [3, k]);
    assert.is(X.get(2, k - 1), (2 + k - 1) % 10);
    X.dispose();
    best = Math.min(best, dt);
  }
  return best;
}

test('wide CSV: parse + per-column lookups + select scale linearly in the number of columns (50k × 3)', () => {
  // A complexity check, not a speed test: 4× the columns must cost well under the 16× a
  // quadratic lookup would (linear = 4). The wide margin (bound 8) keeps it meaningful on a
  // loaded machine, where timings of the two sizes are noisy by up to ~2×.
  const bytes0 = liveBytes();
  wideTime(2000); // warm up the JIT
  const t12 = wideTime(12_500), t50 = wideTime(50_000);
  console.log(`    wide CSV: 12.5k columns ${t12.toFixed(0)} ms, 50k columns ${t50.toFixed(0)} ms (ratio ${(t50 / t12).toFixed(2)}; linear 4, quadratic 16)`);
  assertLE(t50 / t12, 8, 'quadrupling the columns at most ~quadruples the time (a quadratic lookup would give 16)');
  assert.is(liveBytes(), bytes0);
});

test('parseCsv: one very long line (a 4 MB cell) is parsed whole, no pathological cost', () => {
  const len = 4_000_000;
  const t0 = performance.now();
  const t = parseCsv(`x,y\n"${'a,'.repeat(len / 2)}",1\n`);
  const dt = performance.now() - t0;
  console.log(`    one 4 MB quoted cell: ${dt.toFixed(0)} ms`);
  assert.is(t.cell(0, 'x').length, len);
  assert.equal([...t.column('y')], [1]);
  assertLE(dt, 20_000, 'a 4 MB line parses in seconds, not minutes');
});

// ------------------------------------------------------------------ splits

test('trainTestSplit: a partition with ⌈n·f⌉ test rows, same seed → same split, other seed → other', () => {
  for (const [n, f] of [[10, 0.2], [7, 0.3], [1000, 0.25], [5, 0]] as const) {
    const { train, test: te } = trainTestSplit(n, { testFraction: f, seed: 3 });
    assert.is(te.length, Math.ceil(n * f));
    assert.is(train.length + te.length, n);
    const all = [...train, ...te].sort((a, b) => a - b);
    assert.equal(all, Array.from({ length: n }, (_, i) => i), 'disjoint and covering');
    for (let i = 1; i < train.length; i++) assert.ok(train[i - 1]! < train[i]!, 'train sorted');
  }
  const a = trainTestSplit(100, { seed: 7 }), b = trainTestSplit(100, { seed: 7 }), c = trainTestSplit(100, { seed: 8 });
  assert.equal([...a.test], [...b.test]);
  assert.not.equal([...a.test], [...c.test]);
  assertThrows(() => trainTestSplit(1, { testFraction: 0.5 }), OptionError, /leaves no training rows/);
  assertThrows(() => trainTestSplit(10, { testFraction: 1 }), OptionError, /testFraction/);
  assertThrows(() => trainTestSplit(10, { testFraction: -0.1 }), OptionError, /testFraction/);
  assertThrows(() => trainTestSplit(10, { seed: 1.5 }), OptionError, /seed/);
  assertThrows(() => trainTestSplit(0), OptionError, /'n'/);
  assertThrows(() => trainTestSplit(10, { testfraction: 0.1 } as never), OptionError, /unknown option 'testfraction'/);
});

test('permutation: Philox Fisher–Yates puts each element in each position equally often (fixed seeds, 5σ band)', () => {
  const n = 4, runs = 2400;
  const count = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let s = 0; s < runs; s++) {
    const p = permutation(n, s);
    for (let i = 0; i < n; i++) count[i]![p[i]!]!++;
  }
  const expected = runs / n, sigma = Math.sqrt(runs * (1 / n) * (1 - 1 / n));
  for (const row of count) for (const c of row) assertLE(Math.abs(c - expected), 5 * sigma, 'position count deviation');
  assert.equal([...permutation(6, 11)], [...permutation(6, 11)]);
});

test('takeRows: gathers rows in order (repeats allowed), rejects bad indices, frees its temporaries', () => {
  const bytes0 = liveBytes();
  const rows = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]];
  const R = takeRows(rows, Int32Array.of(3, 0, 3));
  assert.equal(R.toRows(), [[10, 11, 12], [1, 2, 3], [10, 11, 12]]);
  R.dispose();
  const X = Matrix.fromRows(rows);
  const E = takeRows(X, []);
  assert.is(E.rows, 0); assert.is(E.cols, 3);
  E.dispose();
  assertThrows(() => takeRows(X, [0, 4]), ShapeError, /idx\[1\] = 4 is outside the 4 rows/);
  assertThrows(() => takeRows(rows, [-1]), ShapeError, /idx\[0\] = -1/);
  X.dispose();
  assert.is(liveBytes(), bytes0);
});

// ------------------------------------------------------------------ scaling

/** Plain-JS column mean and unbiased sd (naive two-pass). */
function jsStats(rows: number[][], j: number): { mean: number; sd: number } {
  const n = rows.length;
  let s = 0;
  for (const r of rows) s += r[j]!;
  const mean = s / n;
  let ss = 0;
  for (const r of rows) ss += (r[j]! - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

test('StandardScaler: fitted on training rows only; mean and unbiased sd match plain JS within 4·n·ε', () => {
  const bytes0 = liveBytes();
  const n = 500, d = 4;
  const rows: number[][] = [];
  const R = Matrix.random(n, d, { seed: 5 });
  const base = R.toRows();
  R.dispose();
  for (let i = 0; i < n; i++) rows.push([1e6 + base[i]![0]!, 1e-3 * base[i]![1]!, 7, base[i]![3]! * 50 - 3]);
  const { train, test: te } = trainTestSplit(n, { seed: 2 });
  const trainRows = [...train].map((i) => rows[i]!);
  const Xtr = takeRows(rows, train);
  const sc = new StandardScaler().fit(Xtr);
  for (let j = 0; j < d; j++) {
    const ref = jsStats(trainRows, j);
    const mag = Math.max(...trainRows.map((r) => Math.abs(r[j]!)));
    assertLE(Math.abs(sc.mean![j]! - ref.mean), 4 * n * EPS * mag, `mean of column ${j}`);
    if (j === 2) assert.is(sc.scale![j], 1, 'constant column gets scale 1');
    else assertLE(Math.abs(sc.scale![j]! - ref.sd) / ref.sd, 4 * n * EPS * mag / ref.sd, `sd of column ${j}`);
  }
  // statistics come from the training rows only
  const full = jsStats(rows, 0);
  assert.ok(Math.abs(sc.mean![0]! - full.mean) > 0, 'not the full-data mean');
  const Z = sc.transform(Xtr);
  const zs = Z.toRows();
  for (let j = 0; j < d; j++) {
    const st = jsStats(zs, j);
    assertLE(Math.abs(st.mean), 64 * n * EPS * 1e6, `transformed mean of column ${j}`);
    if (j !== 2) assertLE(Math.abs(st.sd - 1), 64 * n * EPS * 1e6, `transformed sd of column ${j}`);
    else assert.is(st.sd, 0);
  }
  const back = sc.inverseTransform(Z);
  assertLE(maxAbsDiff(back.toColumnMajor(), Xtr.toColumnMajor()), 8 * EPS * 1e6, 'inverseTransform(transform(X)) = X');
  const Xte = takeRows(rows, te);
  const sc2 = StandardScaler.fromJSON(JSON.parse(JSON.stringify(sc.toJSON())));
  const Zte1 = sc.transform(Xte), Zte2 = sc2.transform(Xte);
  assert.equal(Zte1.toColumnMajor(), Zte2.toColumnMajor(), 'JSON round trip is exact');
  for (const m of [Xtr, Z, back, Xte, Zte1, Zte2]) m.dispose();
  assertThrows(() => new StandardScaler().transform([[1]]), NotFittedError, /StandardScaler is not fitted/);
  assertThrows(() => sc.transform([[1, 2]]), ShapeError, /X has 2 columns, the scaler was fitted on 4/);
  assertThrows(() => new StandardScaler().fit([[1, NaN]]), InvalidInputError, /row 0, column 1/);
  assertThrows(() => StandardScaler.fromJSON({ type: 'StandardScaler', mean: [0], scale: [0] }), InvalidInputError, /scale\[0\]/);
  assert.is(liveBytes(), bytes0, 'no leaked wasm memory (also after the thrown errors)');
});

test('StandardScaler: a single row gives scale 1 (no NaN)', () => {
  const sc = new StandardScaler().fit([[3, -2]]);
  assert.equal([...sc.scale!], [1, 1]);
  const Z = sc.transform([[3, -2], [4, 0]]);
  assert.equal(Z.toRows(), [[0, 0], [1, 2]]);
  Z.dispose();
});

test('centerTargets / uncenterTargets: column means removed, given means reused, vectors accepted', () => {
  const bytes0 = liveBytes();
  const { Y, mean } = centerTargets([[1, 10], [2, 20], [6, 60]]);
  assert.equal([...mean], [3, 30]);
  assert.equal(Y.toRows(), [[-2, -20], [-1, -10], [3, 30]]);
  const { Y: Yv, mean: mv } = centerTargets(Float64Array.of(4, 6), [1]);
  assert.equal([...mv], [1]);
  assert.equal(Yv.toRows(), [[3], [5]]);
  const U = uncenterTargets(Y, mean);
  assert.equal(U.toRows(), [[1, 10], [2, 20], [6, 60]]);
  for (const m of [Y, Yv, U]) m.dispose();
  assertThrows(() => centerTargets([[1, 2]], [0]), ShapeError, /mean has 1 entries, Y has 2 columns/);
  assertThrows(() => centerTargets([[1], [Infinity]]), InvalidInputError, /row 1, column 0/);
  assert.is(liveBytes(), bytes0);
});

test('oneHot: sorted classes, given classes, unknown label named by index', () => {
  const { Y, classes } = oneHot([2, 0, 2, 5]);
  assert.equal([...classes], [0, 2, 5]);
  assert.equal(Y.toRows(), [[0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  Y.dispose();
  const g = oneHot([1], { classes: [3, 1] });
  assert.equal(g.Y.toRows(), [[1, 0]]);
  g.Y.dispose();
  const bytes0 = liveBytes();
  assertThrows(() => oneHot([1, 4], { classes: [1, 2] }), InvalidInputError, /labels\[1\] = 4 is not one of the classes \(1, 2\)/);
  assertThrows(() => oneHot([1, NaN]), InvalidInputError, /labels\[1\]/);
  assertThrows(() => oneHot([]), InvalidInputError, /empty/);
  assert.is(liveBytes(), bytes0);
});

test.run();
