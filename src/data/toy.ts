/**
 * @internal Problems generated in code (no files, no downloads) and the comparison that
 * `npm start` and `lsqnet bench` print: SWIM on sin(x + y) (ALGORITHMS.md §6.11), ANMIN on the
 * ANMIN paper's sin(‖x‖²) simulation (§7.6, x ~ N(0, I_d), centred y), the Adam baseline on the
 * same data.
 * @module
 */
import { LsqnetError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { scope } from '../scope.js';
import { MODELS, resolveSettings, type ModelKind, type ModelSettings, type ProgressFn } from './models.js';
import { regressionMetrics } from './pipeline.js';

/** A generated regression problem (targets already as used for training). */
export interface ToyProblem {
  name: string;
  Xtrain: Matrix;
  Ytrain: Matrix;
  Xtest: Matrix;
  Ytest: Matrix;
}

function targets(X: Matrix, f: (row: Float64Array) => number): Matrix {
  const n = X.rows, d = X.cols;
  const x = X.toColumnMajor();
  const y = new Float64Array(n);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i + j * n]!;
    y[i] = f(row);
  }
  return Matrix.fromVector(y);
}

/** f(x, y) = sin(x + y) on U[0, 1]² (the SWIM paper's toy regression, α = 1). */
export function sinSumProblem(nTrain = 5000, nTest = 5000, seed = 1): ToyProblem {
  const Xtrain = Matrix.random(nTrain, 2, { seed, stream: 11, dist: 'uniform' });
  const Xtest = Matrix.random(nTest, 2, { seed, stream: 12, dist: 'uniform' });
  const f = (r: Float64Array): number => Math.sin(r[0]! + r[1]!);
  return { name: 'sin(x+y)', Xtrain, Ytrain: targets(Xtrain, f), Xtest, Ytest: targets(Xtest, f) };
}

/**
 * y = sin(‖x‖²), x ~ N(0, I_d) (the ANMIN paper's §3.2 simulation); targets centred with the
 * training mean, as in the paper.
 */
export function sinNormSquaredProblem(d = 3, nTrain = 1000, nTest = 1000, seed = 1): ToyProblem {
  const Xtrain = Matrix.random(nTrain, d, { seed, stream: 21 });
  const Xtest = Matrix.random(nTest, d, { seed, stream: 22 });
  const f = (r: Float64Array): number => { let s = 0; for (const v of r) s += v * v; return Math.sin(s); };
  const ytr = targets(Xtrain, f), yte = targets(Xtest, f);
  const v = ytr.toColumnMajor();
  let mean = 0;
  for (const t of v) mean += t;
  mean /= v.length;
  const shift = (Y: Matrix): Matrix => { const M = Matrix.full(Y.rows, 1, mean); const s = Y.add(M, -1); M.dispose(); Y.dispose(); return s; };
  return { name: `sin(‖x‖²), d=${d}`, Xtrain, Ytrain: shift(ytr), Xtest, Ytest: shift(yte) };
}

/** One row of the comparison. */
export interface ToyRow {
  problem: string;
  model: ModelKind;
  label: string;
  settings: ModelSettings | null;
  seconds: number | null;
  trainMse: number | null;
  testMse: number | null;
  trainMae: number | null;
  testMae: number | null;
  /** Adam time / this time on the same problem. */
  speedup: number | null;
  /** Why the row has no numbers (model not available, failed). */
  note?: string;
}

/** A job of the comparison. */
export interface ToyJob {
  problem: 'sin-sum' | 'sin-norm';
  model: ModelKind;
  settings: Partial<ModelSettings>;
}

/** The default comparison (`quick` shrinks sizes for tests). */
export function toyJobs(quick = false): ToyJob[] {
  return [
    // the SWIM paper's setting (§6.11) at half width: 500 tanh neurons (1000 in the paper; 500
    // already reaches its test MAE ≈ 1e-7 at a quarter of the cost), rcond 1e-8, QR output solve
    { problem: 'sin-sum', model: 'swim', settings: { hidden: quick ? 200 : 500, activation: 'tanh', rcond: 1e-8, solver: 'qr' } },
    { problem: 'sin-sum', model: 'adam', settings: { hidden: 64, activation: 'relu', epochs: quick ? 20 : 300 } },
    { problem: 'sin-norm', model: 'anmin', settings: { hidden: 64, activation: 'relu', iterations: quick ? 5 : 30 } },
    // Gaussian inputs: test points fall outside the training range, where tanh features
    // extrapolate wildly; ReLU features with ANMIN's ridge λ = 1e-3 generalize
    { problem: 'sin-norm', model: 'swim', settings: { hidden: quick ? 100 : 300, activation: 'relu', ridge: 1e-3 } },
    { problem: 'sin-norm', model: 'adam', settings: { hidden: 64, activation: 'relu', epochs: quick ? 20 : 300 } },
  ];
}

/**
 * Runs the comparison: every job trains on the same generated data as the other jobs of its
 * problem, and is timed around `fit` only. Models not wired in yet give rows with a note.
 */
export function runToyBenchmark(options: { quick?: boolean; seed?: number; progress?: (label: string) => ProgressFn } = {}): ToyRow[] {
  const quick = options.quick ?? false;
  const seed = options.seed ?? 1;
  const rows: ToyRow[] = [];
  const problems = {
    'sin-sum': () => sinSumProblem(quick ? 1000 : 5000, quick ? 1000 : 5000, seed),
    'sin-norm': () => sinNormSquaredProblem(3, 1000, 1000, seed),
  } as const;
  for (const key of ['sin-sum', 'sin-norm'] as const) {
    scope(() => {
      const p = problems[key]();
      for (const job of toyJobs(quick).filter((j) => j.problem === key)) {
        const entry = MODELS[job.model];
        const base: ToyRow = { problem: p.name, model: job.model, label: entry?.label ?? job.model, settings: null, seconds: null, trainMse: null, testMse: null, trainMae: null, testMae: null, speedup: null };
        if (!entry) { rows.push({ ...base, note: 'not available in this build yet' }); continue; }
        const settings = resolveSettings(job.model, { ...job.settings, seed });
        const label = `${p.name}: ${job.model}`;
        const model = entry.create(settings, options.progress?.(label));
        try {
          scope(() => {
            const t0 = performance.now();
            model.fit(p.Xtrain, p.Ytrain);
            const seconds = (performance.now() - t0) / 1000;
            const zero = new Float64Array(p.Ytrain.cols);
            const tr = regressionMetrics(model.predict(p.Xtrain), p.Ytrain, zero);
            const te = regressionMetrics(model.predict(p.Xtest), p.Ytest, zero);
            rows.push({ ...base, settings, seconds, trainMse: tr.mse, testMse: te.mse, trainMae: tr.mae, testMae: te.mae });
          });
        } catch (err) {
          if (!(err instanceof LsqnetError)) throw err;
          rows.push({ ...base, settings, note: `failed: ${err.message}` });
        } finally {
          model.dispose();
        }
      }
    });
  }
  for (const r of rows) {
    const adam = rows.find((a) => a.problem === r.problem && a.model === 'adam');
    if (r.seconds && adam?.seconds && r.model !== 'adam') r.speedup = adam.seconds / r.seconds;
  }
  return rows;
}
