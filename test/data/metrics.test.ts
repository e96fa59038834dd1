// Metrics with scikit-learn semantics: r2Score (force_finite rules, multioutput), accuracy,
// logLoss (clipping at float64 eps, no renormalization), confusionMatrix (sorted labels,
// explicit labels). scikit-learn is not installed here, so the references are derived by hand
// from the definitions (each derivation written next to the number) or are the values printed
// in scikit-learn's own docstrings (`>>> r2_score(...)` examples), which are cited as such.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, Matrix, liveBytes, r2Score, accuracy, logLoss, confusionMatrix, InvalidInputError, NonFiniteError, OptionError, ShapeError,
  expectedCalibrationError, brierScore,
} from '../../src/index.js';
import { EPS, assertLE, assertThrows } from '../helpers/index.js';

test.before(async () => { await init(); });

const close = (a: number, b: number, what: string, tol = 4 * EPS): void =>
  assertLE(Math.abs(a - b), tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

// ------------------------------------------------------------------ r2Score

test('r2Score: 1 − SSres/SStot on a hand-computed example (sklearn docstring: 0.948...)', () => {
  // y = [3, -0.5, 2, 7], mean 2.875: SStot = 0.125² + 3.375² + 0.875² + 4.125² = 29.1875;
  // SSres = 0.5² + 0.5² + 0² + 1² = 1.5  →  R² = 1 − 1.5/29.1875
  close(r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), 1 - 1.5 / 29.1875, 'r2');
  close(r2Score(Float64Array.of(1, 2, 3), [1, 2, 3]), 1, 'perfect');
  close(r2Score([1, 2, 3], [2, 2, 2]), 0, 'predicting the mean'); // sklearn docstring: 0.0
  close(r2Score([1, 2, 3], [3, 2, 1]), -3, 'reversed');          // sklearn docstring: -3.0
});

test('r2Score: constant yTrue follows force_finite (1 if perfect, else 0), found exactly', () => {
  assert.is(r2Score([-2, -2, -2], [-2, -2, -2]), 1);          // sklearn docstring: 1.0
  assert.is(r2Score([-2, -2, -2], [-2, -2, -2 + 1e-8]), 0);   // sklearn docstring: 0.0
  // 0.1 + 0.1 + 0.1 is not 0.3 in binary: a constant column is recognized without a rounded mean
  assert.is(r2Score([0.1, 0.1, 0.1], [0.1, 0.1, 0.2]), 0);
  assert.is(r2Score([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]), 1);
});

test('r2Score: multioutput raw_values / uniform_average / variance_weighted / weights (sklearn docstring example)', () => {
  const yt = [[0.5, 1], [-1, 1], [7, -6]], yp = [[0, 2], [-1, 2], [8, -5]];
  // column 0: mean 6.5/3, SStot = Σ(y − mean)² = 32.1666…, SSres = 0.25 + 0 + 1 = 1.25
  // column 1: mean −4/3, SStot = 32.6666…, SSres = 1 + 1 + 1 = 3
  const m0 = 6.5 / 3, m1 = -4 / 3;
  const tot0 = (0.5 - m0) ** 2 + (-1 - m0) ** 2 + (7 - m0) ** 2, tot1 = (1 - m1) ** 2 * 2 + (-6 - m1) ** 2;
  const r0 = 1 - 1.25 / tot0, r1 = 1 - 3 / tot1;
  const raw = r2Score(yt, yp, { multioutput: 'raw_values' });
  assert.instance(raw, Float64Array);
  close(raw[0]!, r0, 'raw[0]'); close(raw[1]!, r1, 'raw[1]');
  close(r2Score(yt, yp), (r0 + r1) / 2, 'uniform_average');                                   // docstring: 0.936...
  close(r2Score(yt, yp, { multioutput: 'variance_weighted' }), (tot0 * r0 + tot1 * r1) / (tot0 + tot1), 'variance_weighted'); // docstring: 0.938...
  assert.ok(Math.abs(r2Score(yt, yp, { multioutput: 'variance_weighted' }) - 0.9382566585956417) < 1e-12);
  close(r2Score(yt, yp, { multioutput: [0.3, 0.7] }), 0.3 * r0 + 0.7 * r1, 'weights');
  // row-major block and Matrix forms give the same numbers
  close(r2Score({ data: yt.flat(), rows: 3, cols: 2 }, { data: yp.flat(), rows: 3, cols: 2 }), (r0 + r1) / 2, 'row-major');
  const bytes0 = liveBytes();
  const T = Matrix.fromRows(yt), P = Matrix.fromRows(yp);
  close(r2Score(T, P), (r0 + r1) / 2, 'Matrix');
  T.dispose(); P.dispose();
  assert.is(liveBytes(), bytes0);
  // every output constant: variance_weighted falls back to uniform weights (as sklearn)
  assert.is(r2Score([[1, 5], [1, 5]], [[1, 5], [1, 6]], { multioutput: 'variance_weighted' }), 0.5);
  // a vector against an N×1 block is one output
  close(r2Score([1, 2, 3], [[1], [2], [4]]), 1 - 1 / 2, 'vector vs column');
});

test('r2Score: bad input → typed errors naming the argument', () => {
  assertThrows(() => r2Score([1], [1]), InvalidInputError, /at least two samples, got 1/);
  assertThrows(() => r2Score([1, 2, 3], [1, 2]), ShapeError, /yTrue has 3 samples, yPred has 2/);
  assertThrows(() => r2Score([[1, 2], [3, 4]], [1, 2]), ShapeError, /yTrue has 2 outputs, yPred has 1/);
  assertThrows(() => r2Score([1, NaN], [1, 2]), InvalidInputError, /yTrue\[1\] = NaN is not a finite number/);
  assertThrows(() => r2Score([1, 2], [1, '2' as never]), InvalidInputError, /yPred\[1\] = "2"/);
  assertThrows(() => r2Score([[1, 2], [3]], [[1, 2], [3, 4]]), ShapeError, /yTrue\[1\] has 1 values, yTrue\[0\] has 2 \(ragged/);
  assertThrows(() => r2Score([], []), InvalidInputError, /yTrue is empty/);
  assertThrows(() => r2Score({ data: [1, 2, 3], rows: 2, cols: 2 }, [1, 2]), ShapeError, /rows·cols/);
  assertThrows(() => r2Score([1, 2], [1, 2], { multioutput: 'mean' as never }), OptionError, /'multioutput' must be one of/);
  assertThrows(() => r2Score([[1, 2], [3, 4]], [[1, 2], [3, 4]], { multioutput: [1] }), OptionError, /1 weights, there are 2 outputs/);
  assertThrows(() => r2Score([[1, 2], [3, 4]], [[1, 2], [3, 4]], { multioutput: [0, 0] }), OptionError, /sum to 0/);
  assertThrows(() => r2Score([1, 2], [1, 2], { multiOutput: 'raw_values' } as never), OptionError, /unknown option 'multiOutput'/);
});

// ------------------------------------------------------------------ accuracy

test('accuracy: fraction of equal labels, strings or integers; continuous or mixed labels refused', () => {
  assert.is(accuracy([0, 1, 2, 3], [0, 2, 1, 3]), 0.5); // sklearn docstring: 0.5
  assert.is(accuracy(['a', 'b', 'c'], ['a', 'b', 'b']), 2 / 3);
  assert.is(accuracy(Int32Array.of(1, 1), Float64Array.of(1, 1)), 1);
  assertThrows(() => accuracy([0, 1], [0.5, 1]), InvalidInputError, /yPred\[0\] = 0.5 is not a class label .*continuous/);
  assertThrows(() => accuracy(['1', '2'], [1, 2]), InvalidInputError, /yTrue holds strings and yPred numbers/);
  assertThrows(() => accuracy(['a', 1] as never, ['a', 'a']), InvalidInputError, /yTrue mixes strings and numbers/);
  assertThrows(() => accuracy([1, 2], [1]), ShapeError, /yTrue has 2 labels, yPred has 1/);
  assertThrows(() => accuracy([], []), InvalidInputError, /yTrue is empty/);
  assertThrows(() => accuracy([null] as never, [1]), InvalidInputError, /yTrue\[0\] = null is not a label/);
});

// ------------------------------------------------------------------ confusionMatrix

test('confusionMatrix: rows true, columns predicted, labels sorted (sklearn docstring examples)', () => {
  const c = confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
  assert.equal(c.labels, [0, 1, 2]);
  assert.equal(c.matrix, [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
  const s = confusionMatrix(['cat', 'ant', 'cat', 'cat', 'ant', 'bird'], ['ant', 'ant', 'cat', 'cat', 'ant', 'cat']);
  assert.equal(s.labels, ['ant', 'bird', 'cat']);
  assert.equal(s.matrix, [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
  // binary: tn, fp, fn, tp = 0, 2, 1, 1
  assert.equal(confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0]).matrix, [[0, 2], [1, 1]]);
  // numbers sort numerically (10 after 9), a label only predicted still gets a row
  assert.equal(confusionMatrix([9, 10], [100, 10]), { labels: [9, 10, 100], matrix: [[0, 0, 1], [0, 1, 0], [0, 0, 0]] });
});

test('confusionMatrix: explicit labels reorder and select; samples outside them are left out', () => {
  const c = confusionMatrix(['a', 'b', 'c', 'a'], ['a', 'c', 'c', 'b'], { labels: ['c', 'a'] });
  assert.equal(c, { labels: ['c', 'a'], matrix: [[1, 0], [0, 1]] });
  assertThrows(() => confusionMatrix(['a'], ['a'], { labels: ['z'] }), InvalidInputError, /none of the labels \("z"\) occurs in yTrue/);
  assertThrows(() => confusionMatrix(['a'], ['a'], { labels: ['a', 'a'] }), OptionError, /repeats "a"/);
  assertThrows(() => confusionMatrix(['a'], ['a'], { labels: [1] }), OptionError, /holds numbers, the data strings/);
  assertThrows(() => confusionMatrix(['a'], ['a'], { labels: [] }), OptionError, /^confusionMatrix: option 'labels' is empty$/);
  assertThrows(() => confusionMatrix(['a'], ['a'], { labels: ['a', 2] as never }), OptionError, /option 'labels' mixes strings and numbers/);
  assertThrows(() => confusionMatrix(['a'], ['a'], { label: ['a'] } as never), OptionError, /unknown option 'label'/);
});

// ------------------------------------------------------------------ logLoss

test('logLoss: −mean log p(true class), sklearn docstring example (0.21616...)', () => {
  // classes sorted: ham < spam, so column 0 is ham: p(true) = 0.9, 0.9, 0.8, 0.65
  const ref = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4;
  const P = [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]];
  close(logLoss(['spam', 'ham', 'ham', 'spam'], P), ref, 'logLoss');
  assert.ok(Math.abs(ref - 0.21616187468057912) < 1e-15);
  close(logLoss(['spam', 'ham', 'ham', 'spam'], P, { normalize: false }), 4 * ref, 'sum');
  // row-major block and Matrix forms
  close(logLoss(['spam', 'ham', 'ham', 'spam'], { data: Float64Array.from(P.flat()), rows: 4, cols: 2 }), ref, 'row-major');
  const bytes0 = liveBytes();
  const M = Matrix.fromRows(P);
  close(logLoss(['spam', 'ham', 'ham', 'spam'], M), ref, 'Matrix');
  M.dispose();
  assert.is(liveBytes(), bytes0);
  // binary with a vector: probability of the larger class (1), read as [1 − p, p]
  close(logLoss([0, 1, 1], [0.2, 0.7, 0.9]), -(Math.log(0.8) + Math.log(0.7) + Math.log(0.9)) / 3, 'binary vector');
});

test('logLoss: probabilities clipped to [eps, 1 − eps] with eps = 2⁻⁵² (float64), not renormalized', () => {
  // p(true) = 0 → −log(2⁻⁵²) = 52·ln 2 for each sample
  close(logLoss([0, 1], [[0, 1], [1, 0]]), 52 * Math.LN2, 'clipped at eps');
  // p(true) = 1 → −log(1 − 2⁻⁵²) ≈ 2⁻⁵²
  close(logLoss([0, 1], [[1, 0], [0, 1]]), -Math.log1p(-Number.EPSILON), 'clipped at 1 − eps', 1e-3);
  close(logLoss([0, 1], [[0, 1], [1, 0]], { eps: 1e-15 }), -Math.log(1e-15), 'eps option');
  // eps 0 without clipping: a true class of probability 0 has an infinite loss. scikit-learn
  // returns inf; lsqnet's contract (docs/reliability.md) is finite output or a typed error
  assert.throws(() => logLoss([0, 1], [[0, 1], [1, 0]], { eps: 0 }), (e: Error) => e instanceof NonFiniteError && /sample 0 gives its true class \(0\) probability 0 and eps is 0/.test(e.message));
  close(logLoss([0, 1], [[0.5, 0.5], [0.25, 0.75]], { eps: 0 }), -(Math.log(0.5) + Math.log(0.75)) / 2, 'eps 0 with positive probabilities');
  // three classes, one absent from yTrue: pass labels
  const P3 = [[0.2, 0.5, 0.3], [0.6, 0.2, 0.2]];
  close(logLoss(['b', 'a'], P3, { labels: ['c', 'b', 'a'] }), -(Math.log(0.5) + Math.log(0.6)) / 2, 'labels sorted to a, b, c');
});

test('logLoss: bad input → typed errors (sklearn ValueErrors; the sum check is a warning there)', () => {
  assertThrows(() => logLoss([0, 1], [[0.5, 0.6], [0.5, 0.5]]), InvalidInputError, /proba row 0 sums to 1.1, not 1/);
  assertThrows(() => logLoss([0, 1], [[1.5, -0.5], [0.5, 0.5]]), InvalidInputError, /proba\[0\]\[0\] = 1.5 is not a probability/);
  assertThrows(() => logLoss([1, 1], [[0.5, 0.5], [0.5, 0.5]]), InvalidInputError, /only one class \(1\); pass every class with the option 'labels'/);
  assertThrows(() => logLoss([0, 1], [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]]), ShapeError, /proba has 3 columns, there are 2 classes/);
  assertThrows(() => logLoss([0, 1], [[0.5, 0.5]]), ShapeError, /yTrue has 2 labels, proba has 1 rows/);
  assertThrows(() => logLoss([0, 3], [[0.5, 0.5], [0.5, 0.5]], { labels: [0, 1] }), InvalidInputError, /yTrue\[1\] = 3 is not one of the labels/);
  assertThrows(() => logLoss([0, 1], [[0.5, 0.5], [0.5, 0.5]], { eps: 0.5 }), OptionError, /'eps' must be a number in \[0, 0.5\)/);
  assertThrows(() => logLoss([0, 1], [[0.5, 0.5], [0.5, NaN]]), InvalidInputError, /proba\[1\]\[1\] = NaN is not a finite number/);
  assertThrows(() => logLoss([0, 1], [[0.5, 0.5], [0.5, 0.5]], { labels: [0] }), OptionError, /'labels' needs at least two classes/);
  assertThrows(() => logLoss([0, 1], [[0.5, 0.5], [0.5, 0.5]], { epsilon: 1 } as never), OptionError, /unknown option 'epsilon'/);
});

// ------------------------------------------------------------------ expectedCalibrationError / brierScore

test('expectedCalibrationError: 15 equal-width bins on the top probability, by hand', () => {
  // 6 samples, 3 classes. Confidence (max) / predicted column / true column / bin ⌈15c⌉ − 1:
  //   0.95 / 0 / 0 / 14      0.92 / 1 / 1 / 13      0.91 / 2 / 0 / 13
  //   0.50 / 1 / 1 / 7       0.45 / 0 / 2 / 6       0.40 / 2 / 2 / 5
  // bin 14: acc 1, conf 0.95 → 0.05·1; bin 13: acc 1/2, conf 0.915 → 0.415·2;
  // bin 7: |1 − 0.5|; bin 6: |0 − 0.45|; bin 5: |1 − 0.4|
  // ECE = (0.05 + 0.83 + 0.5 + 0.45 + 0.6)/6 = 2.43/6 = 0.405
  const P = [
    [0.95, 0.03, 0.02], [0.05, 0.92, 0.03], [0.04, 0.05, 0.91],
    [0.3, 0.5, 0.2], [0.45, 0.2, 0.35], [0.3, 0.3, 0.4],
  ];
  const y = [0, 1, 0, 1, 2, 2];
  close(expectedCalibrationError(y, P), 2.43 / 6, 'ECE 15 bins', 16 * EPS);
  // one bin: |overall accuracy − mean confidence| = |4/6 − 4.13/6| (hits: samples 0, 1, 3, 5)
  close(expectedCalibrationError(y, P, { bins: 1 }), Math.abs(4 - 4.13) / 6, 'ECE 1 bin', 16 * EPS);
  // perfectly confident and right → 0; confident and wrong → 1
  assert.is(expectedCalibrationError([0, 1], [[1, 0], [0, 1]]), 0);
  assert.is(expectedCalibrationError([0, 1], [[0, 1], [1, 0]]), 1);
  // binary vector form: p = P(larger class); row [1 − p, p]; ties go to the first column.
  // Row [0.2, 0.8] predicts 'b' (true 'a': wrong, conf 0.8, bin 11); row [0.5, 0.5] predicts 'a'
  // (true 'b': wrong, conf 0.5, bin 7) → (0.8 + 0.5)/2
  close(expectedCalibrationError(['a', 'b'], [0.8, 0.5]), (0.8 + 0.5) / 2, 'binary vector');
  // a row-major block and a Matrix give the same
  const flat = { data: P.flat(), rows: 6, cols: 3 };
  assert.is(expectedCalibrationError(y, flat), expectedCalibrationError(y, P));
  const base = liveBytes();
  const M = Matrix.fromRows(P);
  assert.is(expectedCalibrationError(y, M), expectedCalibrationError(y, P));
  M.dispose();
  assert.is(liveBytes(), base);
});

test('brierScore: mean Σ_j (p_ij − [y_i = j])², by hand', () => {
  // rows: (0.05² + 0.03² + 0.02²) = 0.0038; (0.05² + 0.08² + 0.03²) = 0.0098;
  // true 0 predicted [0.04, 0.05, 0.91]: 0.96² + 0.05² + 0.91² = 0.9216 + 0.0025 + 0.8281 = 1.7522
  const P = [[0.95, 0.03, 0.02], [0.05, 0.92, 0.03], [0.04, 0.05, 0.91]];
  close(brierScore([0, 1, 0], P, { labels: [0, 1, 2] }), (0.0038 + 0.0098 + 1.7522) / 3, 'brier', 16 * EPS);
  // binary: twice the squared error of the positive column (scikit-learn's brier_score_loss × 2)
  close(brierScore([0, 1, 1], [0.1, 0.9, 0.4]), 2 * (0.01 + 0.01 + 0.36) / 3, 'binary', 16 * EPS);
  assert.is(brierScore([0, 1], [[1, 0], [0, 1]]), 0);
  assert.is(brierScore([0, 1], [[0, 1], [1, 0]]), 2);
});

test('expectedCalibrationError / brierScore: bad input → the typed errors of logLoss; bins checked', () => {
  for (const f of [expectedCalibrationError, brierScore] as ((y: number[], p: number[][], o?: object) => number)[]) {
    assertThrows(() => f([0, 1], [[0.5, 0.6], [0.5, 0.5]]), InvalidInputError, /proba row 0 sums to 1.1, not 1/);
    assertThrows(() => f([0, 1], [[1.5, -0.5], [0.5, 0.5]]), InvalidInputError, /is not a probability/);
    assertThrows(() => f([1, 1], [[0.5, 0.5], [0.5, 0.5]]), InvalidInputError, /only one class/);
    assertThrows(() => f([0, 1], [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]]), ShapeError, /proba has 3 columns, there are 2 classes/);
    assertThrows(() => f([0, 3], [[0.5, 0.5], [0.5, 0.5]], { labels: [0, 1] }), InvalidInputError, /yTrue\[1\] = 3 is not one of the labels/);
    assertThrows(() => f([0, 0.5], [[0.5, 0.5], [0.5, 0.5]]), InvalidInputError, /not a class label/);
    assertThrows(() => f([0, 1], [[0.5, 0.5], [0.5, 0.5]], { eps: 1 }), OptionError, /unknown option 'eps'/);
  }
  for (const bins of [0, 1.5, -1, Number.NaN, 2e6, '15']) {
    assertThrows(() => expectedCalibrationError([0, 1], [[0.5, 0.5], [0.5, 0.5]], { bins: bins as number }), OptionError, /'bins' must be an integer in \[1, 1e6\]/);
  }
});

test.run();
