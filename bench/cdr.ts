// A convection–diffusion–reaction (CDR) surrogate data set in the spirit of the slimTrain paper's
// §4.2 (ALGORITHMS.md §9.11): the paper's data file (CDR_Data.mat of Newman et al. 2020) is not
// available, so this TypeScript generator solves a small 1-D CDR problem by finite differences,
// deterministically from a seed (bench-only code: it is not part of the package).
//
//   ∂c/∂t = D ∂²c/∂x² − v ∂c/∂x − k(x) c,   x ∈ (0, 1), t ∈ (0, 1.2]
//   c(x, 0) = 0,   c(0, t) = c_in = 10 (inflow),   ∂c/∂x(1, t) = 0 (outflow)
//   D = 0.01, v = 1
//
// Input y ∈ R⁵⁵: the reaction coefficient k(x) is piecewise constant on 55 equal intervals of
// (0, 1), k = y_i on interval i. The coefficients are a smooth log-normal random field sampled at
// the interval midpoints x_i: y_i = exp(g(x_i)), g(x) = b + Σ_{m=1}^{6} (a_m / m) sin(mπx), with
// b ~ N(0, 0.5²) and a_m ~ N(0, 1) (Philox streams of the seed), so the 55 inputs are strongly
// correlated (a 7-parameter family seen through 55 numbers, as reaction coefficients of a real
// process would be) and the outputs vary substantially between samples.
// Output c ∈ R⁷² = concentrations at 6 locations (cell centres nearest to x = 0.15, 0.30, 0.45,
// 0.60, 0.75, 0.90) × 12 times (t = 0.1, 0.2, …, 1.2), ordered location-major
// (c[6·m + l] = c(x_l, t_m)), in the units of c_in (0 … 10).
// Discretisation: 110 cells (two per coefficient interval), cell-centred, central differences for
// convection and diffusion (cell Péclet number v·h/D = 0.91 < 2, so the matrix is an M-matrix and
// the solution stays in [0, c_in]), implicit Euler with Δt = 0.005 (240 steps), one tridiagonal
// solve (Thomas algorithm) per step.
// The paper's data: 800 samples, 400 train / 200 validation / 200 test; here the samples are
// i.i.d., so the split takes them in order.
import { Matrix } from '../src/index.js';

/** The generated CDR data (row-major arrays, samples as rows). */
export interface CdrData {
  /** n × 55 reaction coefficients. */
  y: Float64Array;
  /** n × 72 observed concentrations. */
  c: Float64Array;
  n: number;
}

export const CDR_INPUTS = 55, CDR_OUTPUTS = 72;
const CELLS = 110, D = 0.01, V = 1, C_IN = 10, DT = 0.005, STEPS = 240;
const LOCATIONS = [0.15, 0.3, 0.45, 0.6, 0.75, 0.9];
const TIMES = 12, STEPS_PER_TIME = 20;

/** Concentrations of one sample (72 values, location-major) for the 55 reaction coefficients `k`. */
export function cdrSolve(k: ArrayLike<number>): Float64Array {
  const h = 1 / CELLS;
  const a = D / (h * h), b = V / (2 * h);
  const cells = new Float64Array(CELLS);
  const lower = new Float64Array(CELLS), diag = new Float64Array(CELLS), upper = new Float64Array(CELLS);
  // implicit Euler: (I − Δt·L) c^{m+1} = c^m + Δt·(inflow term)
  for (let j = 0; j < CELLS; j++) {
    const kj = k[Math.floor(j / 2)]!;
    lower[j] = -DT * (a + b);
    upper[j] = -DT * (a - b);
    diag[j] = 1 + DT * (2 * a + kj);
  }
  // inflow: ghost cell c_{-1} = 2·c_in − c_0 (Dirichlet at the face x = 0)
  diag[0] = diag[0]! - lower[0]!;
  const inflow = -lower[0]! * 2 * C_IN;
  // outflow: ghost c_{N} = c_{N−1} (zero gradient)
  diag[CELLS - 1] = diag[CELLS - 1]! + upper[CELLS - 1]!;
  const idx = LOCATIONS.map((x) => Math.min(CELLS - 1, Math.round(x * CELLS - 0.5)));
  const out = new Float64Array(CDR_OUTPUTS);
  const cp = new Float64Array(CELLS), dp = new Float64Array(CELLS);
  for (let s = 1; s <= STEPS; s++) {
    // Thomas algorithm on the right-hand side c^m (+ inflow in the first cell)
    cp[0] = upper[0]! / diag[0]!;
    dp[0] = (cells[0]! + inflow) / diag[0]!;
    for (let j = 1; j < CELLS; j++) {
      const m = diag[j]! - lower[j]! * cp[j - 1]!;
      cp[j] = upper[j]! / m;
      dp[j] = (cells[j]! - lower[j]! * dp[j - 1]!) / m;
    }
    cells[CELLS - 1] = dp[CELLS - 1]!;
    for (let j = CELLS - 2; j >= 0; j--) cells[j] = dp[j]! - cp[j]! * cells[j + 1]!;
    if (s % STEPS_PER_TIME === 0) {
      const m = s / STEPS_PER_TIME - 1;
      for (let l = 0; l < LOCATIONS.length; l++) out[LOCATIONS.length * m + l] = cells[idx[l]!]!;
    }
  }
  if (STEPS / STEPS_PER_TIME !== TIMES) throw new Error('cdrSolve: time grid mismatch');
  return out;
}

/** Number of sine modes of the log-coefficient field. */
const MODES = 6;

/** `n` samples from `seed`: y = the log-normal field above at the 55 midpoints, c = cdrSolve(y). */
export function cdrData(n = 800, seed = 20): CdrData {
  const G = Matrix.random(MODES + 1, n, { seed, stream: 7 });
  const g = G.toColumnMajor(); // column i = the 7 random numbers of sample i
  G.dispose();
  const y = new Float64Array(n * CDR_INPUTS);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < CDR_INPUTS; j++) {
      const x = (j + 0.5) / CDR_INPUTS;
      let z = 0.5 * g[i * (MODES + 1)]!;
      for (let m = 1; m <= MODES; m++) z += (g[i * (MODES + 1) + m]! / m) * Math.sin(m * Math.PI * x);
      y[i * CDR_INPUTS + j] = Math.exp(z);
    }
  }
  const c = new Float64Array(n * CDR_OUTPUTS);
  for (let i = 0; i < n; i++) c.set(cdrSolve(y.subarray(i * CDR_INPUTS, (i + 1) * CDR_INPUTS)), i * CDR_OUTPUTS);
  return { y, c, n };
}

/** The paper's split as Matrices (the caller disposes them): 400 train / 200 validation / 200 test. */
export function cdrSplit(seed = 20, sizes: [number, number, number] = [400, 200, 200]): {
  Xtrain: Matrix; Ytrain: Matrix; Xvalidation: Matrix; Yvalidation: Matrix; Xtest: Matrix; Ytest: Matrix;
} {
  const total = sizes[0] + sizes[1] + sizes[2];
  const d = cdrData(total, seed);
  const part = (start: number, len: number): [Matrix, Matrix] => [
    Matrix.fromRowMajor(d.y.subarray(start * CDR_INPUTS, (start + len) * CDR_INPUTS), len, CDR_INPUTS),
    Matrix.fromRowMajor(d.c.subarray(start * CDR_OUTPUTS, (start + len) * CDR_OUTPUTS), len, CDR_OUTPUTS),
  ];
  const [Xtrain, Ytrain] = part(0, sizes[0]);
  const [Xvalidation, Yvalidation] = part(sizes[0], sizes[1]);
  const [Xtest, Ytest] = part(sizes[0] + sizes[1], sizes[2]);
  return { Xtrain, Ytrain, Xvalidation, Yvalidation, Xtest, Ytest };
}
