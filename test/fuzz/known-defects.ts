// THE allow-list of the fuzz (test/fuzz/): failures of entry points whose fix belongs to another
// helper of issue 16 (or another issue). Each entry names the entry point (as in
// test/fuzz/entries.ts), the outcome classes it may produce, a pattern of the failure detail,
// and the defect number of issue 16. An allow-listed failure is still counted and printed in
// the summary ("(n known)"), never hidden. The integrator deletes entries as fixes land; the
// goal is an empty list.

/** One known, not-yet-fixed defect. */
export interface KnownDefect {
  /** Entry name (test/fuzz/entries.ts). */
  entry: string;
  /** Outcome classes it may produce. */
  classes: readonly ('untyped' | 'nonfinite' | 'mismatch' | 'leak' | 'broken' | 'hang')[];
  /** Pattern of the outcome's detail (error class and message, or the check's text). */
  match: RegExp;
  /** Defect number in issue 16. */
  defect: number;
  /** What is wrong, and who fixes it. */
  description: string;
}

/** Messages built with String(x) / `${x}` / JSON.stringify(x) of an untrusted value (Symbol, null-prototype object, 100k-deep array). */
const MESSAGE = /TypeError: Cannot convert (a Symbol value to a (string|number)|object to primitive value)|RangeError: Maximum call stack size exceeded/;
/** Finite inputs of extreme magnitude (1e308, 1e-310, …) give NaN/±Inf instead of a scaled computation or a typed error. */
const EXTREME = /non-finite output from finite inputs/;

export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  // ---- defect 7 (untyped errors for wrong argument types) in files of other helpers
  { entry: 'errors', classes: ['untyped'], match: MESSAGE, defect: 7,
    description: 'life (bindings/errors.ts): new ShapeError(Symbol()) / new OutOfMemoryError(Symbol()) / a deep array throws while building the message; format non-strings with describe()' },
  { entry: 'scope/keep', classes: ['untyped'], match: /TypeError: fn is not a function/, defect: 7,
    description: 'life (src/scope.ts): scope(notAFunction) throws TypeError; check typeof fn === "function" → InvalidInputError' },
  { entry: 'lstsq', classes: ['untyped'], match: MESSAGE, defect: 7, description: "num (src/linalg/lstsq.ts:48): String(options.rcond) in the message" },
  { entry: 'lstsq', classes: ['mismatch'], match: /silent coercion: option '(solverOptions|ridgePerColumn)'/, defect: 7,
    description: "num (src/linalg/lstsq.ts, ridge.ts:27): solverOptions is only checked by the iterative methods and ridgePerColumn only with ridge, so { method: 'svd', solverOptions: Symbol() } / { method: 'cholesky', ridgePerColumn: () => 1 } are accepted" },
  { entry: 'qr', classes: ['untyped'], match: MESSAGE, defect: 7, description: "num (src/linalg/qr.ts:200): String(pivoting) in the message" },
  { entry: 'svd', classes: ['untyped'], match: MESSAGE, defect: 7, description: "num (src/linalg/svd.ts:176, :69): String(vectors) / String(rcond) in the message" },
  { entry: 'eigh', classes: ['untyped'], match: MESSAGE, defect: 7, description: "num (src/linalg/eigh.ts:58): String(vectors) in the message" },
  { entry: 'ridgeFromGram', classes: ['untyped'], match: MESSAGE, defect: 7, description: "num (src/linalg/ridge.ts:224, :226): String(lam) / String(m) in the message" },
  { entry: 'features', classes: ['untyped'], match: MESSAGE, defect: 7, description: 'num (src/features.ts:85): rowStart/rowEnd of the wrong type printed in the message (`${r0}..${r1}`)' },
  { entry: 'features', classes: ['mismatch'], match: /silent coercion: option 'ones'/, defect: 7,
    description: "num (src/features.ts:91, :103): options.ones is used for its truthiness ({ ones: 'false' } adds the column); use boolOption" },
  { entry: 'lsrn', classes: ['untyped'], match: MESSAGE, defect: 7, description: "num (src/solvers/lsrn.ts:122): String(gamma) in the message" },
  { entry: 'sampleSwimLayer', classes: ['untyped'], match: /TypeError: .*(is not a function|Cannot read properties)/, defect: 7,
    description: 'life (src/models/swim-sampler.ts): Xl / Y that are not Matrices are used as Matrices (Xl.transpose is not a function)' },
  { entry: 'layerSeed', classes: ['untyped'], match: /BigInt|Cannot convert|Maximum call stack/, defect: 7,
    description: 'life (src/models/swim-sampler.ts layerSeed): BigInt(seed) / BigInt(layer) of unchecked arguments; validate with seedOption / intOption first' },
  { entry: 'sampleSwimLayer', classes: ['mismatch'], match: /silent coercion: option '(classification|pruneDuplicates)'/, defect: 7,
    description: "life (src/models/swim-sampler.ts): options.classification / pruneDuplicates are used for their truthiness; use boolOption" },
  { entry: 'SampledNetwork', classes: ['untyped'], match: /Cannot convert a BigInt value to a number/, defect: 7,
    description: 'life (src/models/base.ts classLabels / regressionTargets): a label vector with a BigInt cell reaches arithmetic; check it with toNumbers (src/validate.ts)' },
  { entry: 'parseCsv/CsvTable', classes: ['mismatch'], match: /silent coercion: option 'source'/, defect: 7,
    description: "data (issue 15, src/data/csv.ts parseCsv): option 'source' is not checked to be a string (a Symbol or BigInt is accepted)" },
  { entry: 'before init', classes: ['mismatch', 'untyped'], match: /silent coercion: init accepted invalid options|TypeError/, defect: 5,
    description: "life (bindings/loader.ts init/load): options are not validated — init(Symbol()) / init('x') / init(new Map()) initialize, init(null) throws TypeError; reject with OptionError before loading" },
  { entry: 'init', classes: ['mismatch'], match: /silent coercion: option '(relaxedSimd|wasm)'/, defect: 5,
    description: 'life (bindings/loader.ts init): once initialized, init(options) returns at once without validating options (init(null) / junk accepted)' },
  { entry: 'parseCsv/CsvTable', classes: ['untyped'], match: MESSAGE, defect: 7,
    description: "data (issue 15, src/data/csv.ts:164 and the 'source' option): String(header) / a non-string source in messages" },
  { entry: 'loadCsv', classes: ['untyped'], match: MESSAGE, defect: 7,
    description: 'data (issue 15, src/data/csv.ts loadCsv): a non-string path / option printed with String()' },
  // ---- defect 1 (silent NaN / Inf from finite inputs of extreme magnitude): num
  { entry: 'lstsq', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: lstsq (qr/svd/iterative) on 1e308 / 1e-310 data gives NaN x or an Infinity residualNorm' },
  { entry: 'qr', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: Householder QR of 1e308 data overflows (R has ±Inf/NaN); scale as dgeqrf callers do' },
  { entry: 'svd', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: singular values of 1e308 / 1e-310 data are Inf/NaN' },
  { entry: 'eigh', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: eigenvalues of 1e308 / 1e-310 data are ±Inf/NaN' },
  { entry: 'ridgeFromGram', classes: ['untyped', 'nonfinite'], match: /Invalid typed array length|non-finite output/, defect: 1,
    description: 'num: GCV on a Gram matrix of extreme magnitude builds a grid of length Infinity (RangeError)' },
  { entry: 'features', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: X·W of 1e308 data overflows to Inf − Inf = NaN features; throw a typed overflow error' },
  { entry: 'LinearOperator', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: products of a composed operator of 1e308 data overflow to ±Inf (toMatrix / matvec)' },
  { entry: 'lsqr', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: lsqr on 1e308 / 1e-310 data returns NaN x' },
  { entry: 'lsrn', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: lsrn on extreme data returns NaN/Inf x' },
  { entry: 'splitSolve', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: splitSolve on 1e308 / 1e-310 data returns ±Inf x' },
  { entry: 'sketchSolve', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'num: sketchSolve on extreme data returns Inf x' },
  // ---- defect 2 (GradientNetwork diverges silently): life
  { entry: 'GradientNetwork', classes: ['nonfinite'], match: EXTREME, defect: 2, description: 'life: a diverging fit (large learning rate or extreme data) leaves NaN weights and predictions' },
  { entry: 'sampleSwimLayer', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'life/num: SWIM weights from 1e308 / 1e-310 inputs are NaN (pair differences overflow or underflow)' },
  { entry: 'AnminNetwork', classes: ['untyped'], match: /RangeError: Invalid typed array length: Infinity/, defect: 1,
    description: "num (src/linalg/ridge.ts GCV grid): outputRegularization 'gcv' on 1e308 data builds a grid of length Infinity (the ridgeFromGram / lstsq ridge:'gcv' defect, reached through the model)" },
  { entry: 'AnminNetwork', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'life/num: an ANMIN fit on 1e308 / 1e-310 data predicts NaN' },
  { entry: 'SampledNetwork', classes: ['nonfinite'], match: EXTREME, defect: 1, description: 'life/num: a fit on 1e308 / 1e-310 data predicts NaN/Inf (the solver of the output layer, defect 1)' },
  // ---- defects 3 / 9 (error paths leak or allocate before validating)
  { entry: 'AnminNetwork', classes: ['leak'], match: /after error \(InvalidInputError: AnminNetwork\.fromJSON/, defect: 3,
    description: 'life (src/models/anmin.ts fromJSON): matrices read before a later field fails validation are not disposed' },
  { entry: 'lsqr', classes: ['leak'], match: /after error \(ShapeError: lsqr: x0 is/, defect: 9,
    description: 'num (src/solvers/lsqr.ts startMatrix): the converted x0 is not disposed when its shape is wrong (16 B per call)' },
  { entry: 'LinearOperator', classes: ['leak'], match: /after error/, defect: 9,
    description: 'num (src/solvers/operator.ts compose): the operator made from A is not disposed when N is invalid or the shapes differ' },
];
