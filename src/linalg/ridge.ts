/**
 * Tikhonov (ridge) regularization of least-squares solutions and the choice of λ by generalized
 * cross-validation (issue 8), computed from one SVD (lstsq 'svd') or from an eigen-decomposition
 * of the Gram matrix AᵀA ({@link ridgeFromGram}). See docs/regularization.md.
 *
 * With A = U Σ Vᵀ and c = Uᵀb, the ridge solution is x_λ = V diag(σᵢ/(σᵢ²+λ)) c, its residual is
 * ‖b − A x_λ‖² = Σᵢ (λ/(σᵢ²+λ))² cᵢ² + ‖b‖² − ‖c‖², its effective degrees of freedom
 * dof(λ) = Σᵢ σᵢ²/(σᵢ²+λ), and GCV(λ) = m ‖b − A x_λ‖² / (m − dof(λ))². Every λ costs O(k) per
 * right-hand side once c is known.
 * @module
 */
import { InvalidInputError, NonFiniteError, OptionError, ShapeError } from '../errors.js';
import { ops } from '../../bindings/index.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { scope, keep } from '../scope.js';
import { checkOptions, describe, toVector } from '../validate.js';
import { eigh } from './eigh.js';
import type { LstsqOptions, RidgeInfo } from './types.js';
import { matrixFrom } from './rhs.js';
import { assertRepresentable, ldexp, maxAbs, rangeExponent, scaledCopy, scaleInPlace, SQUARED_HI, SQUARED_LO } from './scaling.js';

/** @internal Parsed ridge options of lstsq. */
export type RidgeSpec = { kind: 'none' } | { kind: 'fixed'; lambda: number } | { kind: 'gcv'; perColumn: boolean };

/** @internal Validates `ridge` / `ridgePerColumn` of lstsq. */
export function parseRidgeOptions(options: LstsqOptions, fn: string): RidgeSpec {
  const r = options.ridge;
  const per = options.ridgePerColumn;
  if (per !== undefined && typeof per !== 'boolean') throw new OptionError(`${fn}: option 'ridgePerColumn' must be a boolean, got ${describe(per)}`);
  if (r === undefined) {
    if (per) throw new OptionError(`${fn}: option 'ridgePerColumn' needs ridge: 'gcv'`);
    return { kind: 'none' };
  }
  if (typeof r === 'number') {
    if (!Number.isFinite(r) || r < 0) throw new OptionError(`${fn}: option 'ridge' must be a finite number ≥ 0 or 'gcv', got ${r}`);
    if (per) throw new OptionError(`${fn}: option 'ridgePerColumn' needs ridge: 'gcv' (a fixed λ is shared by all columns)`);
    return { kind: 'fixed', lambda: r };
  }
  if (r === 'gcv') return { kind: 'gcv', perColumn: per ?? false };
  if (r === 'lcurve') throw new OptionError(`${fn}: ridge: 'lcurve' is not implemented; use ridge: 'gcv' or a fixed λ`);
  throw new OptionError(`${fn}: option 'ridge' must be a finite number ≥ 0 or 'gcv', got ${JSON.stringify(r)}`);
}

/**
 * The GCV problem in spectral form: kept squared singular values s2 (descending), squared
 * coefficients coef2[i + j·kept] = cᵢⱼ², the λ-independent residual base[j] (part of b outside
 * the kept singular directions), m rows, and nOut = m − kept.
 * @internal
 */
export interface SpectralProblem {
  s2: Float64Array;
  coef2: Float64Array;
  base: Float64Array;
  m: number;
  nOut: number;
}

/** Residual ‖b_j − A x_λ‖² of the columns in `cols`, summed. */
function residual(p: SpectralProblem, lambda: number, cols: number[]): number {
  const k = p.s2.length;
  let res = 0;
  for (const j of cols) {
    res += p.base[j]!;
    const off = j * k;
    for (let i = 0; i < k; i++) {
      const f = lambda / (p.s2[i]! + lambda);
      res += f * f * p.coef2[off + i]!;
    }
  }
  return res;
}

/** Effective degrees of freedom Σ σᵢ²/(σᵢ²+λ). */
export function ridgeDof(s2: ArrayLike<number>, lambda: number): number {
  let d = 0;
  for (let i = 0; i < s2.length; i++) d += lambda === 0 ? 1 : s2[i]! / (s2[i]! + lambda);
  return d;
}

/**
 * GCV(λ) = m·res(λ)/(m − dof(λ))², with m − dof computed as nOut + Σ λ/(σᵢ²+λ) (no cancellation).
 * +Infinity where the denominator vanishes.
 * @internal
 */
export function gcvValue(p: SpectralProblem, lambda: number, cols: number[]): number {
  let den = p.nOut;
  for (let i = 0; i < p.s2.length; i++) den += lambda / (p.s2[i]! + lambda);
  if (!(den > 0)) return Infinity;
  return (p.m * residual(p, lambda, cols)) / (den * den);
}

/** Grid points per decade of {@link gcvGrid}. */
const GCV_PER_DECADE = 8;

/** λ grid of {@link chooseGcv}: 8 points per decade from max(σ_min²/10, σ₁²·1e-20) to 10·σ₁². */
export function gcvGrid(s2: Float64Array): Float64Array {
  const top = s2[0]!;
  const lo = Math.max(s2[s2.length - 1]! / 10, top * 1e-20);
  const hi = top * 10;
  const a = Math.log10(lo), b = Math.log10(hi);
  const count = Math.max(20, Math.ceil((b - a) * GCV_PER_DECADE) + 1);
  const g = new Float64Array(count);
  for (let i = 0; i < count; i++) g[i] = 10 ** (a + ((b - a) * i) / (count - 1));
  return g;
}

/**
 * Minimizes GCV over the log grid, then refines by golden-section search in log λ between the
 * grid neighbours of the best grid point (relative tolerance 1e-8 in λ).
 * @internal
 */
export function chooseGcv(p: SpectralProblem, cols: number[], grid: Float64Array, values?: Float64Array): number {
  let best = 0, bestV = Infinity;
  for (let i = 0; i < grid.length; i++) {
    const v = gcvValue(p, grid[i]!, cols);
    if (values) values[i] = v;
    if (v < bestV) { bestV = v; best = i; }
  }
  if (!Number.isFinite(bestV)) return grid[grid.length - 1]!;
  let a = Math.log(grid[Math.max(best - 1, 0)]!);
  let b = Math.log(grid[Math.min(best + 1, grid.length - 1)]!);
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = b - phi * (b - a), x2 = a + phi * (b - a);
  let f1 = gcvValue(p, Math.exp(x1), cols), f2 = gcvValue(p, Math.exp(x2), cols);
  while (b - a > 1e-8) {
    if (f1 <= f2) { b = x2; x2 = x1; f2 = f1; x1 = b - phi * (b - a); f1 = gcvValue(p, Math.exp(x1), cols); }
    else { a = x1; x1 = x2; f1 = f2; x2 = a + phi * (b - a); f2 = gcvValue(p, Math.exp(x2), cols); }
  }
  const xm = (a + b) / 2;
  const lam = Math.exp(xm);
  return gcvValue(p, lam, cols) <= bestV ? lam : grid[best]!;
}

/**
 * @internal Fills the filter factors F (k×nrhs, column-major) for lstsq 'svd' and returns the ridge
 * details. s: all k singular values (descending); kept: number above the rcond cut; C: Uᵀ B
 * (k×nrhs); outside[j] = ‖B[:,j]‖² − ‖Uᵀ B[:,j]‖².
 */
export function applyRidge(spec: RidgeSpec, s: Float64Array, kept: number, C: Matrix, outside: Float64Array,
  m: number, F: Float64Array): RidgeInfo | undefined {
  const k = s.length, nrhs = C.cols;
  if (spec.kind === 'none') {
    for (let j = 0; j < nrhs; j++) for (let i = 0; i < kept; i++) F[i + j * k] = 1 / s[i]!;
    return undefined;
  }
  const s2 = new Float64Array(kept);
  for (let i = 0; i < kept; i++) s2[i] = s[i]! * s[i]!;
  const fill = (lambda: number, j: number): void => {
    for (let i = 0; i < kept; i++) F[i + j * k] = s[i]! / (s2[i]! + lambda);
  };
  if (spec.kind === 'fixed') {
    for (let j = 0; j < nrhs; j++) fill(spec.lambda, j);
    return { lambda: spec.lambda, dof: ridgeDof(s2, spec.lambda) };
  }
  if (kept === 0) return { lambda: 0, dof: 0, curve: { lambdas: new Float64Array(0), gcv: new Float64Array(0) } };
  const cv = C.view();
  const coef2 = new Float64Array(kept * nrhs);
  const base = new Float64Array(nrhs);
  for (let j = 0; j < nrhs; j++) {
    let t = outside[j]!;
    for (let i = 0; i < k; i++) {
      const c = cv[i + j * k]!;
      if (i < kept) coef2[i + j * kept] = c * c; else t += c * c;
    }
    base[j] = t;
  }
  const p: SpectralProblem = { s2, coef2, base, m, nOut: m - kept };
  const grid = gcvGrid(s2);
  const all = Array.from({ length: nrhs }, (_, j) => j);
  const curveVals = new Float64Array(grid.length);
  const shared = chooseGcv(p, all, grid, curveVals);
  const curve = { lambdas: grid, gcv: curveVals };
  if (!spec.perColumn) {
    for (let j = 0; j < nrhs; j++) fill(shared, j);
    return { lambda: shared, dof: ridgeDof(s2, shared), curve };
  }
  const lambdas = new Float64Array(nrhs), dofs = new Float64Array(nrhs);
  for (let j = 0; j < nrhs; j++) {
    lambdas[j] = chooseGcv(p, [j], grid);
    dofs[j] = ridgeDof(s2, lambdas[j]!);
    fill(lambdas[j]!, j);
  }
  return { lambda: lambdas, dof: dofs, curve };
}

/** Options of {@link ridgeFromGram}. */
export interface GramRidgeOptions {
  /** Ridge λ ≥ 0, or `'gcv'` (default) to choose it by generalized cross-validation. */
  lambda?: number | 'gcv';
}

/** Result of {@link ridgeFromGram}. Owns `X`. */
export interface GramRidgeResult {
  /** Solution (n×c) of (G + λI) X = AᵀB (pseudo-inverse on the numerical null space of G when λ = 0). */
  X: Matrix;
  /** The λ used. */
  lambda: number;
  /** Effective degrees of freedom Σ μᵢ/(μᵢ+λ) over the eigenvalues μᵢ of G. */
  dof: number;
  /** GCV curve over the λ grid (when λ was chosen by GCV). */
  curve?: { lambdas: Float64Array; gcv: Float64Array };
}

/**
 * Ridge regression when only the Gram matrix G = AᵀA, AᵀB and ‖B[:,j]‖² are available (ANMIN's
 * output layer, slimTik): eigh(G) = W diag(μ) Wᵀ gives the SVD of A implicitly (σᵢ² = μᵢ,
 * Uᵀb = diag(1/σ) Wᵀ Aᵀb), so X = W diag(1/(μ+λ)) Wᵀ AᵀB and GCV(λ) are computed exactly as on
 * the SVD path. Eigenvalues μᵢ ≤ n·ε·μ_max are treated as zero. Accuracy: the Gram matrix squares
 * the condition number, so singular values below √ε·σ₁ are not resolved — use lstsq 'svd' with
 * `ridge` when A itself is at hand.
 *
 * @param G AᵀA (n×n, symmetric).
 * @param AtB AᵀB (n×c).
 * @param btb ‖B[:,j]‖² per column (length c).
 * @param m number of rows of A (data points).
 * @param options `lambda`: a number ≥ 0, or `'gcv'` (default).
 * @example
 * const G = A.matmul(A, { transA: true }), AtB = A.matmul(B, { transA: true });
 * const { X, lambda } = ridgeFromGram(G, AtB, [btb], A.rows);   // λ by GCV
 */
export function ridgeFromGram(G: MatrixLike, AtB: MatrixLike, btb: ArrayLike<number>, m: number,
  options: GramRidgeOptions = {}): GramRidgeResult {
  checkOptions(options, ['lambda'], 'ridgeFromGram');
  const lam = options.lambda ?? 'gcv';
  if (lam !== 'gcv' && (typeof lam !== 'number' || !Number.isFinite(lam) || lam < 0)) {
    throw new OptionError(`ridgeFromGram: option 'lambda' must be a finite number ≥ 0 or 'gcv', got ${describe(lam)}`);
  }
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1) throw new InvalidInputError(`ridgeFromGram: m must be a positive integer, got ${describe(m)}`);
  return scope(() => {
    const Gm = matrixFrom(G, 'G', 'ridgeFromGram');
    const Bm = matrixFrom(AtB, 'AtB', 'ridgeFromGram');
    const n = Gm.rows, c = Bm.cols;
    if (Gm.cols !== n) throw new ShapeError(`ridgeFromGram: G must be square, got ${n}×${Gm.cols}`);
    if (Bm.rows !== n) throw new ShapeError(`ridgeFromGram: AtB has ${Bm.rows} rows but G is ${n}×${n}`);
    if (n === 0 || c === 0) throw new InvalidInputError('ridgeFromGram: empty G or AtB');
    Gm.assertFinite('ridgeFromGram: G');
    Bm.assertFinite('ridgeFromGram: AtB');
    const bb = toVector(btb, 'btb', 'ridgeFromGram');
    if (bb.length !== c) throw new ShapeError(`ridgeFromGram: btb has ${bb.length} entries but AtB has ${c} columns`);
    // finite data of extreme magnitude: G = AᵀA, AᵀB, ‖b‖² are the data of (αA, βB) with α = 2^(eg/2),
    // β = 2^(eb/2) chosen so that max|G| and max btb are about 1 (exact powers of two); then
    // X = (α/β)·X̂, λ = λ̂/α², GCV values /β² (dof is scale-free). Data in range is not touched.
    const even = (e: number): number => 2 * Math.floor(e / 2);
    const eg = even(rangeExponent(maxAbs(Gm), SQUARED_LO, SQUARED_HI));
    const eb = even(rangeExponent(bb.reduce((a, v) => Math.max(a, Math.abs(v)), 0), SQUARED_LO, SQUARED_HI));
    if (eg === 0 && eb === 0) return gramRidgeInRange(Gm, Bm, bb, m, lam);
    const core = gramRidgeInRange(scaledCopy(Gm, eg), scaledCopy(Bm, (eg + eb) / 2), bb.map((v) => ldexp(v, eb)), m, lam === 'gcv' ? lam : ldexp(lam, eg));
    const lambda = lam === 'gcv' ? ldexp(core.lambda, -eg) : lam;
    try {
      scaleInPlace(core.X, (eg - eb) / 2);
      assertRepresentable(core.X, 'ridgeFromGram');
      if (!Number.isFinite(lambda)) throw new NonFiniteError('ridgeFromGram: the λ chosen by GCV exceeds the double range; rescale G, AtB and btb');
    } catch (err) {
      core.X.dispose();   // kept out of the scope: free it on the error path
      throw err;
    }
    const res: GramRidgeResult = { X: core.X, lambda, dof: core.dof };
    if (core.curve) {
      const ls: number[] = [], gs: number[] = [];
      for (let i = 0; i < core.curve.lambdas.length; i++) {
        const l = ldexp(core.curve.lambdas[i]!, -eg), g = ldexp(core.curve.gcv[i]!, -eb);
        if (Number.isFinite(l) && Number.isFinite(g)) { ls.push(l); gs.push(g); }
      }
      res.curve = { lambdas: Float64Array.from(ls), gcv: Float64Array.from(gs) };
    }
    return res;
  });
}

/** {@link ridgeFromGram} on validated data in range (inside the caller's scope; X is kept). */
function gramRidgeInRange(Gm: Matrix, Bm: Matrix, bb: Float64Array, m: number, lam: number | 'gcv'): GramRidgeResult {
  {
    const n = Gm.rows, c = Bm.cols;
    const E = eigh(Gm);
    const mu = E.values, W = E.vectors!;
    // descending order: index d ↔ eigen index n−1−d
    const top = Math.max(mu[n - 1]!, 0);
    const cut = n * Number.EPSILON * top;
    let kept = 0;
    while (kept < n && mu[n - 1 - kept]! > cut) kept++;
    const Z = Matrix.empty(n, c);
    ops.gemm(1, 0, 1, W, Bm, 0, Z);       // Z = Wᵀ AᵀB (ascending eigen order)
    const zv = Z.view();
    const s2 = new Float64Array(kept);
    for (let d = 0; d < kept; d++) s2[d] = mu[n - 1 - d]!;
    let lambda: number;
    let curve: { lambdas: Float64Array; gcv: Float64Array } | undefined;
    if (lam === 'gcv' && kept > 0) {
      const coef2 = new Float64Array(kept * c), base = new Float64Array(c);
      for (let j = 0; j < c; j++) {
        let t = bb[j]!;
        for (let d = 0; d < kept; d++) {
          const z = zv[(n - 1 - d) + j * n]!;
          coef2[d + j * kept] = (z * z) / s2[d]!;
          t -= coef2[d + j * kept]!;
        }
        base[j] = Math.max(t, 0);
      }
      const p: SpectralProblem = { s2, coef2, base, m, nOut: m - kept };
      const grid = gcvGrid(s2);
      const vals = new Float64Array(grid.length);
      lambda = chooseGcv(p, Array.from({ length: c }, (_, j) => j), grid, vals);
      curve = { lambdas: grid, gcv: vals };
    } else {
      lambda = lam === 'gcv' ? 0 : lam;
    }
    // Y = diag(1/(μ+λ)) Z on kept directions (zero elsewhere), X = W Y
    const Y = Matrix.zeros(n, c);
    const yv = Y.view();
    for (let j = 0; j < c; j++) {
      for (let d = 0; d < kept; d++) {
        const i = n - 1 - d;
        yv[i + j * n] = zv[i + j * n]! / (s2[d]! + lambda);
      }
    }
    const X = Matrix.empty(n, c);
    ops.gemm(0, 0, 1, W, Y, 0, X);
    // AᵀB far larger than G allows (inconsistent data) can overflow: typed, while X is still scope-owned
    assertRepresentable(X, 'ridgeFromGram');
    const res: GramRidgeResult = { X: keep(X), lambda, dof: ridgeDof(s2, lambda) };
    if (curve) res.curve = curve;
    return res;
  }
}
