// Test utilities of the kernel tests: seeded data, copies in and out of wasm memory, plain-JS
// products of |op(A)|·|op(B)| for error bounds. Not a test file itself.
import { alloc, free, f64, wasm } from '../../bindings/raw.js';
import type { Ptr } from '../../bindings/raw.js';

/** f64 machine epsilon (2^-52). */
export const EPS = 2 ** -52;

/** Deterministic uniform numbers in [-1, 1) (xorshift-multiply; independent of the wasm RNG). */
export function rng(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return (s / 4294967296) * 2 - 1;
  };
}

export function randomArray(n: number, r: () => number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = r();
  return a;
}

/** Tracks wasm blocks of one test so they can be freed together. */
export class Arena {
  private ptrs: Ptr[] = [];
  /** Copies `data` into a fresh wasm block (at least 16 bytes). */
  put(data: ArrayLike<number>): Ptr {
    const p = alloc(Math.max(data.length, 2) * 8);
    this.ptrs.push(p);
    f64().set(data, p >> 3);
    return p;
  }
  zeros(n: number): Ptr {
    return this.put(new Float64Array(n));
  }
  scratch(bytes: number): Ptr {
    const p = alloc(Math.max(bytes, 16));
    this.ptrs.push(p);
    return p;
  }
  get(p: Ptr, n: number): Float64Array {
    return f64().slice(p >> 3, (p >> 3) + n);
  }
  freeAll(): void {
    for (const p of this.ptrs) free(p);
    this.ptrs = [];
  }
}

/** Runs fn with an arena freed afterwards. */
export function withArena<T>(fn: (ar: Arena) => T): T {
  const ar = new Arena();
  try {
    return fn(ar);
  } finally {
    ar.freeAll();
  }
}

/** Element (i, j) of op(X) where X is stored column-major with leading dimension ld. */
export function opEl(x: ArrayLike<number>, ld: number, t: number, i: number, j: number): number {
  return t ? x[j + i * ld]! : x[i + j * ld]!;
}

/** |op(A)|·|op(B)| (m×n, column-major, dense). */
export function absProduct(ta: number, tb: number, m: number, n: number, k: number,
  a: ArrayLike<number>, lda: number, b: ArrayLike<number>, ldb: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < k; p++) {
      const bv = Math.abs(opEl(b, ldb, tb, p, j));
      if (bv === 0) continue;
      for (let i = 0; i < m; i++) out[i + j * m]! += Math.abs(opEl(a, lda, ta, i, p)) * bv;
    }
  }
  return out;
}

export { wasm };

// ---- double-double tanh reference (≈ 100 significant bits) for the activation tests ----
// Plain error-free transformations (no FMA in JS): TwoSum, Dekker's split product.
type DD = [number, number];
const twoSum = (a: number, b: number): DD => {
  const s = a + b, bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
};
const quickTwoSum = (a: number, b: number): DD => {
  const s = a + b;
  return [s, b - (s - a)];
};
const SPLITTER = 134217729; // 2^27 + 1
const split = (a: number): DD => {
  const t = SPLITTER * a, hi = t - (t - a);
  return [hi, a - hi];
};
const twoProd = (a: number, b: number): DD => {
  const p = a * b;
  const [ah, al] = split(a), [bh, bl] = split(b);
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
};
const ddAdd = (a: DD, b: DD): DD => {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = quickTwoSum(s, e + t);
  return quickTwoSum(s2, e2 + f);
};
const ddMul = (a: DD, b: DD): DD => {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
};
const ddDiv = (a: DD, b: DD): DD => {
  const q1 = a[0] / b[0];
  const r1 = ddAdd(a, ddMul(b, [-q1, 0]));
  const q2 = r1[0] / b[0];
  const r2 = ddAdd(r1, ddMul(b, [-q2, 0]));
  const q3 = r2[0] / b[0];
  return ddAdd(quickTwoSum(q1, q2), [q3, 0]);
};
const LN2_DD: DD = [0.6931471805599453, 2.3190468138462996e-17];
const INV_FACT: DD[] = [];
for (let n = 1, f = 1; n <= 10; n++) { f *= n; INV_FACT[n] = ddDiv([1, 0], [f, 0]); }

/** expm1(y) in double-double for 0 ≤ y ≤ 60: y = k·ln2 + r, expm1(r/2^10) by Taylor, ten doublings. */
function ddExpm1(y: number): DD {
  const k = Math.round(y / LN2_DD[0]);
  const r = ddAdd([y, 0], ddMul([-k, 0], LN2_DD));
  const z: DD = [r[0] / 1024, r[1] / 1024];
  let p: DD = INV_FACT[10]!;
  for (let n = 9; n >= 1; n--) p = ddAdd(ddMul(p, z), INV_FACT[n]!);
  let e = ddMul(p, z); // expm1(z)
  for (let i = 0; i < 10; i++) e = ddMul(e, ddAdd(e, [2, 0])); // expm1(2w) = expm1(w)·(expm1(w) + 2)
  if (k === 0) return e;
  const pk = 2 ** k;
  return ddAdd([e[0] * pk, e[1] * pk], twoSum(pk, -1)); // 2^k·(1 + e) − 1
}

/**
 * tanh(x) as a double-double [hi, lo] (hi = the correctly rounded double except in
 * astronomically rare ties): tanh|x| = t/(t + 2), t = expm1(2|x|), for |x| ≤ 22; ±1 beyond
 * (1 − tanh 22 < 2^-62); x itself for |x| < 2^-100 (tanh x = x(1 − x²/3 …)).
 */
export function tanhDD(x: number): DD {
  if (Number.isNaN(x)) return [NaN, 0];
  const a = Math.abs(x), s = x < 0 ? -1 : 1;
  if (a < 2 ** -100) return [x, 0];
  if (a > 22) return [s, 0];
  const t = ddExpm1(2 * a);
  const q = ddDiv(t, ddAdd(t, [2, 0]));
  return [s * q[0], s * q[1]];
}

/**
 * Error of `got` in units in the last place of the exact value ref = hi + lo (ulp of |hi|,
 * subnormal-aware). got − hi is exact for nearby values, so fractions of an ulp are resolved.
 */
export function ulpsDD(got: number, ref: DD): number {
  if (Object.is(got, ref[0]) && ref[1] === 0) return 0;
  if (!Number.isFinite(got) || !Number.isFinite(ref[0])) return got === ref[0] ? 0 : Infinity;
  return Math.abs((got - ref[0]) - ref[1]) / ulpOf(ref[0]);
}

/** The ulp of |v| (2^(exponent − 52), 2^-1074 for subnormals); exact at powers of two. */
export function ulpOf(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -1022) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return 2 ** (e - 52);
}
