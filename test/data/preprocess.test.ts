// Preprocessing with scikit-learn semantics: SimpleImputer (mean / median / most_frequent /
// constant over the non-missing values), OneHotEncoder (sorted categories by code point,
// handleUnknown), LabelEncoder (numbers sorted numerically); strict JSON round trips whose
// tampered fields are named; typed errors for bad input. References are hand-computed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  SimpleImputer, OneHotEncoder, LabelEncoder, InvalidInputError, OptionError, ShapeError, NotFittedError,
} from '../../src/index.js';
import { assertThrows } from '../helpers/index.js';

const roundTrip = <T>(x: { toJSON(): T }): unknown => JSON.parse(JSON.stringify(x.toJSON()));

// ------------------------------------------------------------------ SimpleImputer

test('SimpleImputer: the four strategies over non-missing values (hand-computed)', () => {
  const cols = [[1, NaN, 3, 10], [2, 2, NaN, 1], [NaN, 5, 5, -1]];
  const mean = new SimpleImputer().fit(cols);
  assert.equal([...mean.statistics], [14 / 3, 5 / 3, 3]);
  const median = new SimpleImputer({ strategy: 'median' }).fit(cols);
  assert.equal([...median.statistics], [3, 2, 5]);
  assert.equal([...new SimpleImputer({ strategy: 'median' }).fit([[4, 1, NaN, 2, 3]]).statistics], [2.5], 'even count: mean of the middle two');
  // most_frequent: a tie goes to the smallest value (1 and 2 both occur twice → 1)
  const mode = new SimpleImputer({ strategy: 'most_frequent' }).fit([[2, 2, 1, 1, NaN, 3], [7, NaN, 7, 0, 0, 0]]);
  assert.equal([...mode.statistics], [1, 0]);
  const constant = new SimpleImputer({ strategy: 'constant', fillValue: -9 }).fit([[NaN, NaN], [1, NaN]]);
  assert.equal([...constant.statistics], [-9, -9], "constant accepts an all-missing column");
  assert.equal([...new SimpleImputer({ strategy: 'constant' }).fit([[NaN]]).statistics], [0], 'fillValue defaults to 0');
  // transform fills only NaN, returns new arrays, leaves the input alone
  const input = [Float64Array.of(NaN, 1), Float64Array.of(0, NaN), Float64Array.of(NaN, NaN)];
  const out = median.transform(input);
  assert.equal(out.map((c) => [...c]), [[3, 1], [0, 2], [5, 5]]);
  assert.ok(Number.isNaN(input[0]![0]!), 'input not modified');
  assert.equal(new SimpleImputer().fitTransform([[1, NaN, 5]]).map((c) => [...c]), [[1, 3, 5]]);
});

test('SimpleImputer: JSON round trip is exact; tampered JSON names the field', () => {
  const imp = new SimpleImputer({ strategy: 'mean' }).fit([[0.1, NaN, 0.7], [1, 2, 4]], ['a', 'b']);
  const again = SimpleImputer.fromJSON(roundTrip(imp));
  assert.equal([...again.statistics], [...imp.statistics]);
  assert.equal(again.names, ['a', 'b']);
  assert.equal(again.transform([[NaN], [NaN]]).map((c) => [...c]), [[(0.1 + 0.7) / 2], [7 / 3]]);
  const c = SimpleImputer.fromJSON(roundTrip(new SimpleImputer({ strategy: 'constant', fillValue: 3 }).fit([[1]])));
  assert.is(c.fillValue, 3);
  const good = imp.toJSON() as unknown as Record<string, unknown>;
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ ...good, statistics: [1, null] }, /field 'statistics\[1\]' must be a finite number, got null/],
    [{ ...good, statistics: [] }, /field 'statistics' must be a non-empty array/],
    [{ ...good, strategy: 'mode' }, /field 'strategy' must be one of 'mean', 'median', 'most_frequent', 'constant'/],
    [{ ...good, fillValue: 1 }, /field 'fillValue' must be null for strategy 'mean'/],
    [{ ...good, names: ['a'] }, /field 'names' must be an array of 2 strings/],
    [{ ...good, names: ['a', 2] }, /field 'names\[1\]' must be a string/],
    [{ ...good, version: 2 }, /field 'version' must be 1/],
    [{ ...good, type: 'OneHotEncoder' }, /field 'type' must be "SimpleImputer"/],
    [{ ...good, extra: 1 }, /unknown field 'extra'/],
    [{ type: 'SimpleImputer', version: 1, strategy: 'mean', fillValue: null }, /field 'statistics' is missing/],
    [{ type: 'SimpleImputer', version: 1, strategy: 'constant', fillValue: 2, statistics: [2, 3] }, /field 'statistics\[1\]' must equal fillValue \(2\)/],
  ];
  for (const [json, re] of bad) assertThrows(() => SimpleImputer.fromJSON(json), InvalidInputError, re);
  assertThrows(() => SimpleImputer.fromJSON('x'), InvalidInputError, /SimpleImputer\.fromJSON: the document must be an object/);
});

test('SimpleImputer: bad input → typed errors naming the column and row', () => {
  assertThrows(() => new SimpleImputer().fit([[1, NaN], [NaN, NaN]], ['x', 'empty']), InvalidInputError, /column 'empty' has no non-missing value, so it has no mean; drop the column or use strategy 'constant'/);
  assertThrows(() => new SimpleImputer({ strategy: 'most_frequent' }).fit([[NaN]]), InvalidInputError, /columns\[0\] has no non-missing value, so it has no most frequent value/);
  assertThrows(() => new SimpleImputer().fit([[1, 2], [3]]), ShapeError, /columns\[1\] has 1 rows, columns\[0\] has 2 \(ragged columns\)/);
  assertThrows(() => new SimpleImputer().fit([[1, Infinity]], ['x']), InvalidInputError, /column 'x', row 1: Infinity is not finite/);
  assertThrows(() => new SimpleImputer().fit([[1, '2' as never]]), InvalidInputError, /columns\[0\], row 1: "2" is not a number/);
  assertThrows(() => new SimpleImputer().fit([]), InvalidInputError, /columns is empty/);
  assertThrows(() => new SimpleImputer().fit([[]]), InvalidInputError, /no rows/);
  assertThrows(() => new SimpleImputer().fit([1, 2] as never), InvalidInputError, /columns\[0\] must be an array, got 1/);
  assertThrows(() => new SimpleImputer().fit([[1]], ['a', 'b']), InvalidInputError, /names must be an array of 1 strings/);
  const imp = new SimpleImputer().fit([[1], [2]]);
  assertThrows(() => imp.transform([[1]]), ShapeError, /got 1 columns, the imputer was fitted on 2/);
  assertThrows(() => new SimpleImputer().transform([[1]]), NotFittedError, /SimpleImputer is not fitted/);
  assertThrows(() => new SimpleImputer().toJSON(), NotFittedError);
  assertThrows(() => new SimpleImputer({ strategy: 'mode' as never }), OptionError, /'strategy' must be one of/);
  assertThrows(() => new SimpleImputer({ fillValue: 1 }), OptionError, /'fillValue' is only used with strategy 'constant'/);
  assertThrows(() => new SimpleImputer({ strategy: 'constant', fillValue: NaN }), OptionError, /'fillValue' must be a finite number/);
  assertThrows(() => new SimpleImputer({ fill_value: 1 } as never), OptionError, /unknown option 'fill_value' \(known: strategy, fillValue\)/);
});

// ------------------------------------------------------------------ OneHotEncoder

test('OneHotEncoder: sorted categories (code point order), one 0/1 column per category', () => {
  const enc = new OneHotEncoder().fit([['red', 'blue', 'red', 'green'], ['S', 'M', 'S', 'L']], ['color', 'size']);
  assert.equal(enc.categories, [['blue', 'green', 'red'], ['L', 'M', 'S']]);
  assert.is(enc.outputCount, 6);
  assert.equal(enc.featureNames(), ['color=blue', 'color=green', 'color=red', 'size=L', 'size=M', 'size=S']);
  assert.equal(enc.featureNames(['c', 's']).slice(0, 2), ['c=blue', 'c=green']);
  const out = enc.transform([['green', 'red'], ['S', 'L']]);
  assert.equal(out.map((c) => [...c]), [[0, 0], [1, 0], [0, 1], [0, 1], [0, 0], [1, 0]]);
  // code point order as numpy: 'B' < 'a' < 'é' < 'Ａ' (U+FF21) < '😀' (U+1F600), although UTF-16 puts '😀' before 'Ａ'
  const u = new OneHotEncoder().fit([['😀', 'Ａ', 'é', 'a', 'B']]);
  assert.equal(u.categories, [['B', 'a', 'é', 'Ａ', '😀']]);
  assert.equal(new OneHotEncoder().fit([['b', 'a']]).featureNames(), ['x0=a', 'x0=b'], 'default names x0, x1, … as sklearn');
  // missing markers are ordinary categories, compared exactly
  assert.equal(new OneHotEncoder().fit([['NA', '', 'a', 'a ']]).categories, [['', 'NA', 'a', 'a ']]);
});

test('OneHotEncoder: unknown categories → error naming column, row and value, or zeros with ignore', () => {
  const enc = new OneHotEncoder().fit([['a', 'b']], ['city']);
  assertThrows(() => enc.transform([['a', 'Paris']]), InvalidInputError, /column 'city', row 1: unknown category "Paris" \(known: "a", "b"; use handleUnknown 'ignore'/);
  const ign = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([['a', 'b']]);
  assert.equal(ign.transform([['b', 'zzz']]).map((c) => [...c]), [[0, 0], [1, 0]]);
  assertThrows(() => enc.transform([['a'], ['b']]), ShapeError, /got 2 columns, the encoder was fitted on 1/);
  assertThrows(() => new OneHotEncoder().fit([['a', 1 as never]]), InvalidInputError, /columns\[0\], row 1: 1 is not a string/);
  assertThrows(() => new OneHotEncoder().fit([['a', 'b'], ['c']]), ShapeError, /ragged columns/);
  assertThrows(() => new OneHotEncoder().transform([['a']]), NotFittedError, /OneHotEncoder is not fitted/);
  assertThrows(() => new OneHotEncoder({ handleUnknown: 'skip' as never }), OptionError, /'handleUnknown' must be one of 'error', 'ignore'/);
  assertThrows(() => new OneHotEncoder({ drop: 'first' } as never), OptionError, /unknown option 'drop'/);
  assertThrows(() => enc.featureNames(['a', 'b']), InvalidInputError, /names must be an array of 1 strings/);
});

test('OneHotEncoder: JSON round trip; tampered categories named', () => {
  const enc = new OneHotEncoder({ handleUnknown: 'ignore' }).fit([['x', 'y'], ['p', 'q', 'p']].map((c) => c.slice(0, 2)), ['u', 'v']);
  const again = OneHotEncoder.fromJSON(roundTrip(enc));
  assert.equal(again.categories, enc.categories);
  assert.is(again.handleUnknown, 'ignore');
  assert.equal(again.featureNames(), ['u=x', 'u=y', 'v=p', 'v=q']);
  assert.equal(again.transform([['y'], ['?']]).map((c) => [...c]), [[0], [1], [0], [0]]);
  const good = enc.toJSON() as unknown as Record<string, unknown>;
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ ...good, categories: [['b', 'a'], ['p']] }, /field 'categories\[0\]\[1\]' must sort after categories\[0\]\[0\]/],
    [{ ...good, categories: [['a', 'a'], ['p']] }, /field 'categories\[0\]\[1\]' must sort after/],
    [{ ...good, categories: [['a', 1], ['p']] }, /field 'categories\[0\]\[1\]' must be a string, got 1/],
    [{ ...good, categories: [[], ['p']] }, /field 'categories\[0\]' must be a non-empty array of strings/],
    [{ ...good, categories: [] }, /field 'categories' must be a non-empty array/],
    [{ ...good, handleUnknown: 'skip' }, /field 'handleUnknown' must be one of 'error', 'ignore'/],
    [{ ...good, names: ['u'] }, /field 'names' must be an array of 2 strings/],
    [{ ...good, more: true }, /unknown field 'more'/],
  ];
  for (const [json, re] of bad) assertThrows(() => OneHotEncoder.fromJSON(json), InvalidInputError, re);
});

// ------------------------------------------------------------------ LabelEncoder

test('LabelEncoder: classes sorted (numbers numerically), transform / inverse, JSON round trip', () => {
  const le = new LabelEncoder().fit(['cat', 'dog', 'cat', 'ant']);
  assert.equal(le.classes, ['ant', 'cat', 'dog']);
  assert.equal([...le.transform(['dog', 'ant', 'cat'])], [2, 0, 1]);
  assert.equal(le.inverseTransform([1, 1, 2]), ['cat', 'cat', 'dog']);
  const num = new LabelEncoder().fit(Float64Array.of(10, 9, 100, 9, -1.5));
  assert.equal(num.classes, [-1.5, 9, 10, 100], 'numeric order, not text order');
  assert.equal([...num.fitTransform([100, 10])], [1, 0]);
  const again = LabelEncoder.fromJSON(roundTrip(le));
  assert.equal(again.classes, le.classes);
  assert.equal(again.inverseTransform(Int32Array.of(0)), ['ant']);
});

test('LabelEncoder: bad input and tampered JSON → typed errors', () => {
  const le = new LabelEncoder().fit(['a', 'b']);
  assertThrows(() => le.transform(['a', 'c']), InvalidInputError, /labels\[1\] = "c" is not one of the classes seen in fit \("a", "b"\)/);
  assertThrows(() => le.transform([1] as never), InvalidInputError, /labels\[0\] = 1 is not one of the classes/);
  assertThrows(() => le.inverseTransform([2]), InvalidInputError, /indices\[0\] = 2 is not an integer in \[0, 1\]/);
  assertThrows(() => le.inverseTransform([0.5]), InvalidInputError, /indices\[0\] = 0.5/);
  assertThrows(() => new LabelEncoder().fit(['a', 1]), InvalidInputError, /labels mixes strings and numbers \(labels\[0\] = "a", labels\[1\] = 1\)/);
  assertThrows(() => new LabelEncoder().fit([1, NaN]), InvalidInputError, /labels\[1\] = NaN is not a label/);
  assertThrows(() => new LabelEncoder().fit([]), InvalidInputError, /labels is empty/);
  assertThrows(() => new LabelEncoder().fit('abc' as never), InvalidInputError, /labels must be an array/);
  assertThrows(() => new LabelEncoder().classes, NotFittedError, /LabelEncoder is not fitted/);
  const bad: [unknown, RegExp][] = [
    [{ type: 'LabelEncoder', version: 1, classes: ['b', 'a'] }, /field 'classes\[1\]' must sort after classes\[0\]/],
    [{ type: 'LabelEncoder', version: 1, classes: [2, 10, 9] }, /field 'classes\[2\]' must sort after/],
    [{ type: 'LabelEncoder', version: 1, classes: ['a', 2] }, /field 'classes\[1\]' must be a string like classes\[0\]/],
    [{ type: 'LabelEncoder', version: 1, classes: [1, null] }, /field 'classes\[1\]' must be a string or a finite number, got null/],
    [{ type: 'LabelEncoder', version: 1, classes: [] }, /field 'classes' must be a non-empty array/],
    [{ type: 'LabelEncoder', version: 1 }, /field 'classes' is missing/],
    [{ type: 'LabelEncoder', version: 1, classes: ['a'], extra: 0 }, /unknown field 'extra'/],
  ];
  for (const [json, re] of bad) assertThrows(() => LabelEncoder.fromJSON(json), InvalidInputError, re);
});

test.run();
