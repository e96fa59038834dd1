// Shared test utilities: machine epsilon, norms computed in plain JS (independent of the wasm
// kernels), and loaders for ../shared/data.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { Matrix, liveBytes } from '../../src/index.js';

/** f64 machine epsilon (2^-52). */
export const EPS = 2 ** -52;

/** Directory of the shared datasets (../shared/data beside the project root). */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');
export const hasData = (sub: string): boolean => existsSync(join(DATA_DIR, sub));
export const readData = (sub: string): Buffer => readFileSync(join(DATA_DIR, sub));

/** Frobenius norm of column-major data. */
export function frob(a: ArrayLike<number>): number {
  let scale = 0, ssq = 1;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i]!);
    if (x === 0) continue;
    if (scale < x) { ssq = 1 + ssq * (scale / x) ** 2; scale = x; } else ssq += (x / scale) ** 2;
  }
  return scale * Math.sqrt(ssq);
}

/** Plain-JS product of column-major A (m×k) and B (k×n), compensated (Kahan–Babuška) sums. */
export function jsMatmul(a: ArrayLike<number>, m: number, k: number, b: ArrayLike<number>, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      let s = 0, comp = 0;
      for (let p = 0; p < k; p++) {
        const y = a[i + p * m]! * b[p + j * k]!;
        const t = s + y;
        comp += Math.abs(s) >= Math.abs(y) ? (s - t) + y : (y - t) + s;
        s = t;
      }
      c[i + j * m] = s + comp;
    }
  }
  return c;
}

/** max_ij |A_ij − B_ij|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.is(a.length, b.length, 'length mismatch');
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** Asserts `value <= bound` with a message that shows both. */
export function assertLE(value: number, bound: number, what: string): void {
  assert.ok(value <= bound, `${what}: ${value.toExponential(3)} > bound ${bound.toExponential(3)}`);
  assert.ok(Number.isFinite(value), `${what} is not finite (${value})`);
}

/** Asserts that `fn` throws an error of class `cls` whose message matches `pattern`. */
export function assertThrows(fn: () => unknown, cls: new (...args: never[]) => Error, pattern?: RegExp): void {
  try {
    fn();
  } catch (err) {
    assert.instance(err, cls, `expected ${cls.name}, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
    if (pattern) assert.match((err as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected ${cls.name} to be thrown`);
}

/**
 * Asserts that `fn` throws `cls` with a message matching `pattern`, and that the error path
 * returned wasm memory to where it was (`liveBytes()`).
 */
export function assertThrowsTyped(fn: () => unknown, cls: new (...args: never[]) => Error, pattern: RegExp): void {
  const before = liveBytes();
  assertThrows(fn, cls, pattern);
  assert.is(liveBytes(), before, 'the error path leaked wasm memory');
}

/** Column-major copy of a Matrix (shorthand). */
export const cm = (m: Matrix): Float64Array => m.toColumnMajor();

/**
 * The n×n tridiagonal Toeplitz matrix tridiag(−1, 2, −1) (column-major) and its eigenvalues in
 * closed form, λ_k = 2 − 2cos(kπ/(n+1)), k = 1…n, ascending (also its singular values: it is SPD).
 */
export function toeplitz2(n: number): { a: Float64Array; eigenvalues: number[] } {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i + i * n] = 2;
    if (i + 1 < n) { a[i + 1 + i * n] = -1; a[i + (i + 1) * n] = -1; }
  }
  const eigenvalues = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
  return { a, eigenvalues };
}
