// Test utilities for the solver tests: matrices with prescribed singular values built from
// Householder reflectors in plain JS (independent of the wasm kernels), and their exact
// minimum-norm least-squares solutions.
import { Matrix } from '../../src/index.js';

/** Deterministic pseudo-random numbers (splitmix-style) for test data in plain JS. */
export function jsRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
}
export function jsGauss(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(rand() + 1e-300)) * Math.cos(2 * Math.PI * rand());
}

function reflectRows(a: Float64Array, m: number, n: number, v: Float64Array): void { // A ← A (I − 2vvᵀ/vᵀv)
  let vv = 0; for (const x of v) vv += x * x;
  for (let i = 0; i < m; i++) {
    let d = 0; for (let j = 0; j < n; j++) d += a[i + j * m]! * v[j]!;
    const f = 2 * d / vv; for (let j = 0; j < n; j++) a[i + j * m]! -= f * v[j]!;
  }
}
function reflectCols(a: Float64Array, m: number, n: number, u: Float64Array): void { // A ← (I − 2uuᵀ/uᵀu) A
  let uu = 0; for (const x of u) uu += x * x;
  for (let j = 0; j < n; j++) {
    let d = 0; for (let i = 0; i < m; i++) d += u[i]! * a[i + j * m]!;
    const f = 2 * d / uu; for (let i = 0; i < m; i++) a[i + j * m]! -= f * u[i]!;
  }
}

/** A = Q1 diag(σ) Q2ᵀ (m×n, σ of length ≤ min(m, n), zeros beyond), Q1, Q2 products of 3 random reflectors each. */
export interface Prescribed { A: Float64Array; m: number; n: number; sigma: number[]; solve(b: ArrayLike<number>): Float64Array }
export function prescribed(m: number, n: number, sigma: number[], seed: number): Prescribed {
  const g = jsGauss(jsRandom(seed));
  const us = [0, 1, 2].map(() => Float64Array.from({ length: m }, g));
  const vs = [0, 1, 2].map(() => Float64Array.from({ length: n }, g));
  const a = new Float64Array(m * n);
  sigma.forEach((s, i) => { a[i + i * m] = s; });
  for (const v of vs) reflectRows(a, m, n, v);        // D Q2ᵀ with Q2ᵀ = H1 H2 H3
  for (const u of us) reflectCols(a, m, n, u);        // Q1 = H3 H2 H1 (applied H1 first)
  return {
    A: a, m, n, sigma,
    solve(b) {                                          // x* = Q2 Σ⁺ Q1ᵀ b
      const c = Float64Array.from(b);
      for (const u of [...us].reverse()) reflectCols(c, m, 1, u);
      const y = new Float64Array(n);
      sigma.forEach((s, i) => { if (s > 0) y[i] = c[i]! / s; });
      for (const v of vs) reflectCols(y, n, 1, v);
      return y;
    },
  };
}

export const toMatrix = (p: Prescribed): Matrix => Matrix.fromColumnMajor(p.A, p.m, p.n);
export function norm(v: ArrayLike<number>): number { let s = 0; for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!; return Math.sqrt(s); }
export function diffNorm(a: ArrayLike<number>, b: ArrayLike<number>): number { let s = 0; for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2; return Math.sqrt(s); }
/** y = A x for column-major A (plain JS). */
export function jsMatvec(a: ArrayLike<number>, m: number, n: number, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(m);
  for (let j = 0; j < n; j++) { const xj = x[j]!; if (xj !== 0) for (let i = 0; i < m; i++) y[i] = y[i]! + a[i + j * m]! * xj; }
  return y;
}

/**
 * The SWIM toy problem (ALGORITHMS.md §6.11): f(x, y) = sin(x + y) on N points U[0,1]², one tanh
 * SWIM layer of M neurons plus a bias column: A = φ(XW + 1bᵀ | 1) (N×(M+1)). Also returns the
 * column norms of W (the Split and Solve sort key, ones column last with key 0).
 */
export async function swimToy(N: number, M: number, seed: number): Promise<{ X: Matrix; y: Float64Array; A: Matrix; W: Matrix; b: Matrix; weightNorms: Float64Array; dispose(): void }> {
  const { sampleSwimLayer } = await import('../../src/models/swim-sampler.js');
  const { features } = await import('../../src/index.js');
  const X = Matrix.random(N, 2, { seed, dist: 'uniform' });
  const x = X.toColumnMajor();
  const y = Float64Array.from({ length: N }, (_, i) => Math.sin(x[i]! + x[i + N]!));
  const Y = Matrix.fromVector(y);
  const L = sampleSwimLayer(X, Y, { width: M, activation: 'tanh', seed });
  Y.dispose();
  const A = features(X, L.W, L.b, { ones: true });
  const w = L.W.toColumnMajor();
  const weightNorms = new Float64Array(M + 1);
  for (let j = 0; j < M; j++) weightNorms[j] = Math.hypot(w[2 * j]!, w[2 * j + 1]!);
  return { X, y, A, W: L.W, b: L.b, weightNorms, dispose() { X.dispose(); A.dispose(); L.W.dispose(); L.b.dispose(); } };
}

/** Mean absolute error of A x against y (plain JS over a product computed in wasm). */
export function maeOf(A: Matrix, x: ArrayLike<number>, y: ArrayLike<number>): number {
  const xv = Matrix.fromVector(x);
  const F = A.matmul(xv);
  const f = F.toColumnMajor();
  xv.dispose(); F.dispose();
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(f[i]! - y[i]!);
  return s / y.length;
}
