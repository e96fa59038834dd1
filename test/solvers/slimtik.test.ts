// SlimTik: the streaming Tikhonov solver (ALGORITHMS.md §9.2–§9.5). Every reference below is
// computed in plain JS (explicit p×p matrices, Gauss–Jordan solves; the sGCV brute force in
// double-double) from the definitions, not from the closed forms the solver uses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  init, liveBytes, Matrix, SlimTik, DisposedError, InvalidInputError, NotFittedError, OptionError, ShapeError,
  type SlimTikJSON,
} from '../../src/index.js';
import { assertLE, assertThrowsTyped } from '../helpers/index.js';

let live0 = 0;
test.before(async () => { await init(); live0 = liveBytes(); });

type Rows = number[][];

/** mulberry32 → standard normals (Box–Muller): deterministic test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());
}
function randRows(n: number, m: number, g: () => number, scale = 1): Rows {
  return Array.from({ length: n }, () => Array.from({ length: m }, () => scale * g()));
}

// ── plain-JS linear algebra on row arrays
const zeros = (r: number, c: number): Rows => Array.from({ length: r }, () => new Array<number>(c).fill(0));
const T = (a: Rows): Rows => a[0]!.map((_, j) => a.map((row) => row[j]!));
function mul(a: Rows, b: Rows): Rows {
  const out = zeros(a.length, b[0]!.length);
  for (let i = 0; i < a.length; i++) for (let k = 0; k < b.length; k++) {
    const v = a[i]![k]!;
    for (let j = 0; j < b[0]!.length; j++) out[i]![j]! += v * b[k]![j]!;
  }
  return out;
}
const add = (a: Rows, b: Rows, alpha = 1, beta = 1): Rows => a.map((r, i) => r.map((v, j) => alpha * v + beta * b[i]![j]!));
const scale = (a: Rows, s: number): Rows => a.map((r) => r.map((v) => s * v));
const eye = (n: number, s = 1): Rows => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? s : 0)));
function inv(a: Rows): Rows {
  const n = a.length;
  const m = a.map((r, i) => [...r, ...eye(n)[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const d = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((r) => r.slice(n));
}
const frob2 = (a: Rows): number => a.reduce((s, r) => s + r.reduce((t, v) => t + v * v, 0), 0);
const relErr = (a: Rows, b: Rows): number => Math.sqrt(frob2(add(a, b, 1, -1)) / frob2(b));
const trace = (a: Rows): number => a.reduce((s, r, i) => s + r[i]!, 0);
const fromCM = (data: ArrayLike<number>, rows: number, cols: number): Rows =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => data[i + j * rows]!));
function weightsOf(tik: SlimTik): Rows {
  const W = tik.weights;
  const out = W.toRows();
  W.dispose();
  return out;
}

/** (Σ_k w_k Z_kᵀZ_k + λI)⁻¹ Σ_k w_k Z_kᵀC_k. */
function tikhonov(Zs: Rows[], Cs: Rows[], lambda: number, w: (k: number) => number): Rows {
  const p = Zs[0]![0]!.length;
  let G = eye(p, lambda), B = zeros(p, Cs[0]![0]!.length);
  Zs.forEach((Z, k) => { G = add(G, mul(T(Z), Z), 1, w(k)); B = add(B, mul(T(Z), Cs[k]!), 1, w(k)); });
  return mul(inv(G), B);
}

// ── double-double arithmetic (≈ 106-bit significands) for the brute-force reference: the
// residual Z̃W_k(Λ) − C̃ is a difference of nearly equal terms, and the explicit solve with
// H(Λ) loses cond(H)·ε in f64; in double-double both are accurate far below 1e-12, so the
// comparison measures the error of the closed forms alone.
type DD = [number, number];
function twoSum(a: number, b: number): DD {
  const s = a + b, bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}
function split(a: number): DD {
  const c = 134217729 * a, hi = c - (c - a);
  return [hi, a - hi];
}
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a), [bh, bl] = split(b);
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
function norm(hi: number, lo: number): DD {
  const s = hi + lo;
  return [s, lo - (s - hi)];
}
const dd = (x: number): DD => [x, 0];
function dAdd(x: DD, y: DD): DD {
  const [s, e] = twoSum(x[0], y[0]);
  return norm(s, e + x[1] + y[1]);
}
const dNeg = (x: DD): DD => [-x[0], -x[1]];
const dSub = (x: DD, y: DD): DD => dAdd(x, dNeg(y));
function dMul(x: DD, y: DD): DD {
  const [p, e] = twoProd(x[0], y[0]);
  return norm(p, e + x[0] * y[1] + x[1] * y[0]);
}
function dDiv(x: DD, y: DD): DD {
  const q1 = x[0] / y[0];
  let r = dSub(x, dMul(dd(q1), y));
  const q2 = r[0] / y[0];
  r = dSub(r, dMul(dd(q2), y));
  const q3 = r[0] / y[0];
  return dAdd(norm(q1, q2), dd(q3));
}
type DMat = DD[][];
const toD = (a: Rows): DMat => a.map((r) => r.map(dd));
const toF = (a: DMat): Rows => a.map((r) => r.map((x) => x[0] + x[1]));
function dMulM(a: DMat, b: DMat, transA = false): DMat {
  const m = transA ? a[0]!.length : a.length, k = transA ? a.length : a[0]!.length, n = b[0]!.length;
  const out: DMat = Array.from({ length: m }, () => Array.from({ length: n }, () => dd(0)));
  for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) {
    const v = transA ? a[l]![i]! : a[i]![l]!;
    for (let j = 0; j < n; j++) out[i]![j] = dAdd(out[i]![j]!, dMul(v, b[l]![j]!));
  }
  return out;
}
const dAddM = (a: DMat, b: DMat, beta: DD = dd(1)): DMat => a.map((r, i) => r.map((v, j) => dAdd(v, dMul(beta, b[i]![j]!))));
/** X = H⁻¹·G by Gauss–Jordan with partial pivoting (H SPD here), in double-double. */
function dSolve(H: DMat, G: DMat): DMat {
  const n = H.length, m = G[0]!.length;
  const A = H.map((r, i) => [...r, ...G[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]![0]) > Math.abs(A[piv]![c]![0])) piv = r;
    [A[c], A[piv]] = [A[piv]!, A[c]!];
    const d = A[c]![c]!;
    A[c] = A[c]!.map((x) => dDiv(x, d));
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r]![c]!;
      A[r] = A[r]!.map((x, j) => dSub(x, dMul(f, A[c]![j]!)));
    }
  }
  return A.map((r) => r.slice(n, n + m));
}

/**
 * Brute force for candidate Λ (ALGORITHMS.md §9.2–§9.4, samples as rows), from the definitions:
 * H = (S + Λ)I + Σ M̃ᵀM̃ over the memory and Z̃ formed explicitly, W_k = W − H⁻¹(Z̃ᵀR + ΛW),
 * ρ = ‖Z̃W_k − C̃‖², τ = t·tr(Z̃H⁻¹Z̃ᵀ) — in double-double.
 */
function bruteStep(mem: Rows[], Zt: Rows, Ct: Rows, W: Rows, S: number, L: number): { Wk: Rows; rho: number; tau: number } {
  const p = W.length, t = W[0]!.length;
  const Z = toD(Zt), Cd = toD(Ct), Wd = toD(W), Ld = dd(L);
  let H: DMat = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => (i === j ? dAdd(dd(S), Ld) : dd(0))));
  for (const M of [...mem, Zt]) { const Md = toD(M); H = dAddM(H, dMulM(Md, Md, true)); }
  const R = dAddM(dMulM(Z, Wd), Cd, dd(-1));
  const G = dAddM(dMulM(Z, R, true), Wd, Ld);
  const Zt_ = Z[0]!.map((_, j) => Z.map((r) => r[j]!));          // Z̃ᵀ, p×n
  const X = dSolve(H, G.map((r, i) => [...r, ...Zt_[i]!]));     // [H⁻¹G | H⁻¹Z̃ᵀ]
  const HG = X.map((r) => r.slice(0, t)), HZ = X.map((r) => r.slice(t));
  const Wk = dAddM(Wd, HG, dd(-1));
  const E = dAddM(dMulM(Z, Wk), Cd, dd(-1));
  let rho = dd(0);
  for (const r of E) for (const x of r) rho = dAdd(rho, dMul(x, x));
  const ZHZ = dMulM(Z, HZ);
  let tr = dd(0);
  ZHZ.forEach((r, i) => { tr = dAdd(tr, r[i]!); });
  return { Wk: toF(Wk), rho: rho[0] + rho[1], tau: t * (tr[0] + tr[1]) };
}

test('sTik identity, β = 1/√n: full memory, Λ_i = λ/K, one pass = Tikhonov with n·λ, independent of W₀', () => {
  const g = rng(1);
  const K = 6, n = 5, p = 12, t = 3, lambda = 0.3;
  const Zs = Array.from({ length: K }, () => randRows(n, p, g));
  const Cs = Array.from({ length: K }, () => randRows(n, t, g));
  // ZᵀZ/n + λI ⇔ ZᵀZ + nλI
  const ref = tikhonov(Zs, Cs, n * lambda, () => 1);
  for (const W0 of [undefined, randRows(p, t, g, 10)]) {
    const tik = new SlimTik({ memory: K - 1, regularization: lambda / K, ...(W0 ? { weights: W0 } : {}) });
    for (let k = 0; k < K; k++) tik.step(Zs[k]!, Cs[k]!);
    assert.equal(tik.memoryRows, new Array<number>(K).fill(n));
    assertLE(relErr(weightsOf(tik), ref), 1e-12, `relative error vs (ZᵀZ + nλI)⁻¹ZᵀC (W₀ ${W0 ? 'random ×10' : 'zeros'})`);
    assertLE(Math.abs(tik.sumLambda - lambda) / lambda, 8 * 2 ** -52, 'S_K = λ');
    tik.dispose();
  }
});

test('sTik identity without scaling (batchScaling none): one pass = (ZᵀZ + λI)⁻¹ZᵀC; unequal batches keep their own β', () => {
  const g = rng(2);
  const p = 7, t = 2, lambda = 0.05;
  const sizes = [3, 7, 2, 5];                 // memory narrower than p for the first two steps
  const Zs = sizes.map((n) => randRows(n, p, g));
  const Cs = sizes.map((n) => randRows(n, t, g));
  const K = sizes.length;
  const plain = new SlimTik({ memory: K, regularization: lambda / K, batchScaling: 'none', weights: randRows(p, t, g) });
  const mean = new SlimTik({ memory: K, regularization: lambda / K, weights: randRows(p, t, g) });
  for (let k = 0; k < K; k++) { plain.step(Zs[k]!, Cs[k]!); mean.step(Zs[k]!, Cs[k]!); }
  assertLE(relErr(weightsOf(plain), tikhonov(Zs, Cs, lambda, () => 1)), 1e-12, 'unscaled: relative error vs (ZᵀZ + λI)⁻¹ZᵀC');
  assertLE(relErr(weightsOf(mean), tikhonov(Zs, Cs, lambda, (k) => 1 / sizes[k]!)), 1e-12,
    'per-block β: relative error vs (Σ Z_kᵀZ_k/n_k + λI)⁻¹ Σ Z_kᵀC_k/n_k');
  plain.dispose(); mean.dispose();
});

/** A solver after `warm` sGCV steps and the next batch, plus everything the brute force needs. */
function warmed(opts: ConstructorParameters<typeof SlimTik>[0], sizes: number[], p: number, t: number, seed: number) {
  const g = rng(seed);
  const tik = new SlimTik(opts);
  for (const n of sizes.slice(0, -1)) tik.step(randRows(n, p, g), randRows(n, t, g));
  const n = sizes[sizes.length - 1]!;
  const Z = randRows(n, p, g), C = randRows(n, t, g);
  const json = tik.toJSON();
  const r = tik.memory;
  const stored = json.memory.map((b) => fromCM(b.data, b.rows, p));
  const mem = stored.slice(Math.max(0, stored.length - r));
  const beta = 1 / Math.sqrt(n);
  const W = json.weights ? fromCM(json.weights, p, t) : zeros(p, t);
  return { tik, Z, C, Zt: scale(Z, beta), Ct: scale(C, beta), mem, W, S: tik.sumLambda };
}

test('sGCV closed forms = brute force for every candidate (q = p and q < p), and step = brute-force argmin', () => {
  const cases = [
    { name: 'q = p (memory 3×6 rows, p = 8)', opts: { memory: 2, sumLambda0: 0.5 }, sizes: [6, 6, 6, 6], p: 8, t: 3 },
    { name: 'q < p (memory 2×3 rows, p = 9)', opts: { memory: 1, sumLambda0: 0.2 }, sizes: [3, 3, 3], p: 9, t: 2 },
    { name: 'q < p, r = 0, t = 1', opts: { memory: 0, sumLambda0: 1 }, sizes: [4, 4], p: 6, t: 1 },
    { name: "nEff 'batch', unequal blocks", opts: { memory: 3, sumLambda0: 0.3, nEff: 'batch' as const }, sizes: [2, 5, 4, 3], p: 5, t: 4 },
    { name: 'memory exactly p rows', opts: { memory: 1, sumLambda0: 0.05 }, sizes: [3, 3, 3], p: 6, t: 2 },
    { name: 'one sample per batch, p = 3', opts: { memory: 0, sumLambda0: 0.1 }, sizes: [1, 1, 1], p: 3, t: 1 },
    { name: 'p = 1', opts: { memory: 2, sumLambda0: 0.01 }, sizes: [2, 1, 3, 2], p: 1, t: 2 },
  ];
  let maxRho = 0, maxTau = 0, maxW = 0;
  for (const c of cases) {
    const { tik, Z, C, Zt, Ct, mem, W, S } = warmed(c.opts, c.sizes, c.p, c.t, 11);
    const curve = tik.evaluate(Z, C);
    const neff = (c.opts.nEff ?? 'rows') === 'rows' ? Z.length * c.t : Z.length;
    assert.is(curve.nEff, neff);
    let best = -1, bestV = Infinity, skipped = 0;
    for (let k = 0; k < curve.lambdas.length; k++) {
      const L = curve.lambdas[k]!;
      const bf = bruteStep(mem, Zt, Ct, W, S, L);
      maxRho = Math.max(maxRho, Math.abs(curve.rho[k]! - bf.rho) / bf.rho);
      maxTau = Math.max(maxTau, Math.abs(curve.tau[k]! - bf.tau) / bf.tau);
      assertLE(Math.abs(curve.rho[k]! - bf.rho) / bf.rho, 1e-12, `${c.name}: ρ(${L.toExponential(2)})`);
      assertLE(Math.abs(curve.tau[k]! - bf.tau) / bf.tau, 1e-12, `${c.name}: τ(${L.toExponential(2)})`);
      const d = neff - bf.tau;
      if (!(d > 0)) { skipped++; assert.not.ok(curve.admissible[k]); continue; }
      const v = bf.rho / (d * d);
      assertLE(Math.abs(curve.sgcv[k]! - v) / v, 1e-12, `${c.name}: sGCV(${L.toExponential(2)})`);
      if (v < bestV) { bestV = v; best = k; }
    }
    // no admissible candidate: the largest one (documented rule)
    let L = best >= 0 ? curve.lambdas[best]! : Math.max(...curve.lambdas);
    if (S + L < tik.lower) L = tik.lower - S;
    const st = tik.step(Z, C);
    assert.is(st.skipped, skipped, `${c.name}: skipped count`);
    assert.is(st.lambda, L, `${c.name}: chosen Λ`);
    const eW = relErr(weightsOf(tik), bruteStep(mem, Zt, Ct, W, S, L).Wk);
    maxW = Math.max(maxW, eW);
    assertLE(eW, 1e-12, `${c.name}: W_k(Λ_k) vs explicit B(Λ)`);
    tik.dispose();
  }
  console.log(`      max relative error vs double-double brute force: ρ ${maxRho.toExponential(1)}, τ ${maxTau.toExponential(1)}, W_k ${maxW.toExponential(1)}`);
  // with t = 4 targets and n_eff = n, small Λ make τ ≥ n: those candidates must have been skipped
  const { tik, Z, C } = warmed({ memory: 0, sumLambda0: 1e-6, nEff: 'batch' }, [3, 3], 6, 4, 5);
  const curve = tik.evaluate(Z, C);
  assert.ok(curve.admissible.some((a) => !a), 'some candidates have n − τ ≤ 0');
  const st = tik.step(Z, C);
  assert.is(st.skipped, curve.admissible.filter((a) => !a).length);
  tik.dispose();
});

test('memory bookkeeping: current batch + at most r previous (drop rule), persisting across calls', () => {
  const g = rng(3);
  const p = 4, t = 2;
  for (const r of [0, 1, 3]) {
    const tik = new SlimTik({ memory: r, regularization: 0.1 });
    const sizes = [2, 3, 4, 5, 6, 7];
    const batches = sizes.map((n) => ({ Z: randRows(n, p, g), C: randRows(n, t, g) }));
    batches.forEach((b, k) => {
      const json = tik.toJSON();
      const stored = json.memory.map((m) => fromCM(m.data, m.rows, p));
      const W = json.weights ? fromCM(json.weights, p, t) : zeros(p, t);
      const S = tik.sumLambda;
      const beta = 1 / Math.sqrt(b.Z.length);
      const mem = stored.slice(Math.max(0, stored.length - r));
      const ref = bruteStep(mem, scale(b.Z, beta), scale(b.C, beta), W, S, 0.1).Wk;
      tik.step(b.Z, b.C);
      assert.equal(tik.memoryRows, sizes.slice(Math.max(0, k - r), k + 1), `r = ${r}, step ${k}`);
      assertLE(relErr(weightsOf(tik), ref), 1e-12, `r = ${r}, step ${k}: W vs explicit solve over the memory`);
    });
    // stored blocks are the scaled batches
    const last = tik.toJSON().memory.at(-1)!;
    const Zlast = batches.at(-1)!.Z;
    assertLE(relErr(fromCM(last.data, last.rows, p), scale(Zlast, 1 / Math.sqrt(Zlast.length))), 0, 'stored block = β·Z');
    tik.dispose();
  }
});

test('constant Λ: S_k = S₀ + kΛ (no clipping), history', () => {
  const g = rng(4);
  const tik = new SlimTik({ regularization: 0.25, sumLambda0: 0.5, memory: 2 });
  let S = 0.5;
  for (let k = 1; k <= 7; k++) {
    const st = tik.step(randRows(3, 5, g), randRows(3, 1, g));
    S += 0.25;
    assert.is(st.lambda, 0.25);
    assert.is(st.sumLambda, S);
    assert.is(st.skipped, 0);
    assert.is(st.sgcv, undefined);
  }
  assert.is(tik.steps, 7);
  assert.equal(tik.history.map((h) => h.sumLambda), Array.from({ length: 7 }, (_, k) => 0.5 + 0.25 * (k + 1)));
  tik.dispose();
  // S₀ = 0, Λ = 0 would make B singular
  assertThrowsTyped(() => new SlimTik({ regularization: 0 }), OptionError, /sumLambda0 \+ regularization > 0/);
});

test('MATLAB candidate grid: logspace(min(p,−16), max(p,−16), 30), p = log10(S/2), [−T reversed, T]', () => {
  for (const S of [1, 1e-3, 2e-7, 3e-12, 1e-17, 1e-30]) {
    const grid = SlimTik.matlabGrid(S);
    const p = Math.log10(S / 2);
    const a = Math.min(p, -16), b = Math.max(p, -16);
    const Tm = Array.from({ length: 30 }, (_, i) => 10 ** (i === 29 ? b : a + (i * (b - a)) / 29));
    assert.equal(grid, [...Tm.map((x) => -x).reverse(), ...Tm], `S = ${S}`);
    assert.is(grid.length, 60);
    for (let i = 1; i < 60; i++) assert.ok(grid[i]! > grid[i - 1]!, `ascending at ${i} (S = ${S})`);
    if (S / 2 >= 1e-16) {
      assertLE(Math.abs(grid[59]! - S / 2) / (S / 2), 4e-15, 'largest candidate = S/2');
      assertLE(Math.abs(grid[30]! - 1e-16) / 1e-16, 4e-15, 'smallest positive candidate = 1e-16');
    } else {
      // endpoints swapped: from S/2 up to 1e-16
      assertLE(Math.abs(grid[30]! - S / 2) / (S / 2), 4e-15, 'swap: smallest positive candidate = S/2');
      assertLE(Math.abs(grid[59]! - 1e-16) / 1e-16, 4e-15, 'swap: largest candidate = 1e-16');
    }
  }
  // ub caps |Λ| once S/2 > ub
  const capped = SlimTik.matlabGrid(1e4, 1e3);
  assertLE(Math.abs(capped[59]! - 1e3) / 1e3, 4e-15, 'cap at ub');
  assertThrowsTyped(() => SlimTik.matlabGrid(0), InvalidInputError, /sumLambda/);
});

test('infeasible candidates: S + Λ < lb lifted to lb (MATLAB), S + Λ ≤ 0 skipped and counted', () => {
  const g = rng(6);
  // S₀ = 1e-10 < lb: every candidate has S + Λ < lb, the chosen one is lifted, S₁ = lb
  const tik = new SlimTik({ sumLambda0: 1e-10, memory: 1 });
  const st = tik.step(randRows(4, 3, g), randRows(4, 1, g));
  assert.is(st.lambda, 1e-7 - 1e-10);
  assert.is(st.sumLambda, 1e-7, 'S₁ = lb after the lift');
  assert.is(st.skipped, 0);
  assert.ok(Number.isFinite(st.sgcv!));
  tik.dispose();
  // explicit candidates below −S are skipped
  const tik2 = new SlimTik({ sumLambda0: 0.1, candidates: [-0.5, -0.1, -0.05, 0.01, 0.1] });
  const Z = randRows(4, 3, g), C = randRows(4, 2, g);
  const curve = tik2.evaluate(Z, C);
  assert.equal(curve.admissible.slice(0, 2), [false, false]);
  assert.ok(Number.isNaN(curve.rho[0]!) && Number.isNaN(curve.sgcv[1]!));
  const st2 = tik2.step(Z, C);
  assert.is(st2.skipped, 2);
  assert.ok([-0.05, 0.01, 0.1].includes(st2.lambda));
  tik2.dispose();
  // only infeasible candidates: the largest is taken, then lifted to lb; sgcv is NaN
  const tik3 = new SlimTik({ sumLambda0: 0.1, candidates: [-0.3, -0.2] });
  const st3 = tik3.step(Z, C);
  assert.is(st3.skipped, 2);
  assert.ok(Number.isNaN(st3.sgcv!));
  assert.is(st3.sumLambda, 1e-7);
  tik3.dispose();
});

test('errors: bad options, shapes, NaN, disposed, not fitted', () => {
  assertThrowsTyped(() => new SlimTik({ memroy: 2 } as never), OptionError, /unknown option 'memroy'/);
  assertThrowsTyped(() => new SlimTik({ memory: -1 }), OptionError, /'memory'/);
  assertThrowsTyped(() => new SlimTik({ memory: 1.5 }), OptionError, /'memory'/);
  assertThrowsTyped(() => new SlimTik({ regularization: 'gcv' as never }), OptionError, /'regularization'/);
  assertThrowsTyped(() => new SlimTik({ regularization: -1 }), OptionError, /'regularization'/);
  assertThrowsTyped(() => new SlimTik({ regularization: NaN }), OptionError, /'regularization'/);
  assertThrowsTyped(() => new SlimTik({ sumLambda0: 0 }), OptionError, /'sumLambda0'/);
  assertThrowsTyped(() => new SlimTik({ sumLambda0: -1, regularization: 1 }), OptionError, /'sumLambda0'/);
  assertThrowsTyped(() => new SlimTik({ lower: 0 }), OptionError, /'lower'/);
  assertThrowsTyped(() => new SlimTik({ lower: 1, upper: 0.5 }), OptionError, /'upper'/);
  assertThrowsTyped(() => new SlimTik({ candidates: [] }), OptionError, /'candidates'/);
  assertThrowsTyped(() => new SlimTik({ candidates: [1, NaN] }), OptionError, /'candidates'\[1\]/);
  assertThrowsTyped(() => new SlimTik({ candidates: 'pytorch' as never }), OptionError, /'candidates'/);
  assertThrowsTyped(() => new SlimTik({ nEff: 'n' as never }), OptionError, /'nEff'/);
  assertThrowsTyped(() => new SlimTik({ batchScaling: 'sum' as never }), OptionError, /'batchScaling'/);
  assertThrowsTyped(() => new SlimTik({ weights: [[1, NaN]] }), InvalidInputError, /weights/);
  assertThrowsTyped(() => new SlimTik(null as never), OptionError, /options/);

  const tik = new SlimTik({ regularization: 0.1 });
  assertThrowsTyped(() => tik.weights, NotFittedError, /SlimTik/);
  assertThrowsTyped(() => tik.predict([[1, 2]]), NotFittedError, /SlimTik/);
  assertThrowsTyped(() => tik.step([[1, 2], [3, 4]], [[1]]), ShapeError, /C has 1 rows, Z has 2/);
  assertThrowsTyped(() => tik.step([[1, NaN]], [[1]]), InvalidInputError, /Z has a non-finite value/);
  assertThrowsTyped(() => tik.step([[1, 2]], [[Infinity]]), InvalidInputError, /C has a non-finite value/);
  assertThrowsTyped(() => tik.step('x' as never, [[1]]), InvalidInputError, /Z/);
  const Z0 = Matrix.empty(0, 2), C0 = Matrix.empty(0, 1);
  assertThrowsTyped(() => tik.step(Z0, C0), ShapeError, /at least one row/);
  Z0.dispose(); C0.dispose();
  assert.is(tik.steps, 0, 'failed steps change nothing');
  tik.step([[1, 2]], [[1]]);
  assertThrowsTyped(() => tik.step([[1, 2, 3]], [[1]]), ShapeError, /expected Z with 2 columns/);
  assertThrowsTyped(() => tik.step([[1, 2]], [[1, 2]]), ShapeError, /C with 1/);
  assertThrowsTyped(() => tik.evaluate([[1, 2]], [[1]], [NaN]), InvalidInputError, /candidates\[0\]/);
  assert.is(tik.steps, 1);
  assertThrowsTyped(() => tik.predict([[1, 2, 3]]), ShapeError, /3 columns/);
  assertThrowsTyped(() => tik.predict([[1, NaN]]), InvalidInputError, /non-finite/);
  const Wp = tik.weights, pred = tik.predict([[1, 2], [3, 4]]);
  assertLE(relErr(pred.toRows(), mul([[1, 2], [3, 4]], Wp.toRows())), 4 * 2 ** -52, 'predict = Z·W');
  Wp.dispose(); pred.dispose();
  tik.dispose();
  tik.dispose();
  assertThrowsTyped(() => tik.step([[1, 2]], [[1]]), DisposedError, /SlimTik/);
  assertThrowsTyped(() => tik.weights, DisposedError, /SlimTik/);
});

test('JSON round trip: same state, same next steps; strict reader', () => {
  const g = rng(8);
  const tik = new SlimTik({ memory: 2, sumLambda0: 1e-3 });
  for (let k = 0; k < 4; k++) tik.step(randRows(5, 6, g), randRows(5, 2, g));
  const json = JSON.parse(JSON.stringify(tik)) as SlimTikJSON;
  const back = SlimTik.fromJSON(json);
  assert.equal(back.toJSON(), tik.toJSON());
  for (let k = 0; k < 3; k++) {
    const Z = randRows(5, 6, g), C = randRows(5, 2, g);
    assert.equal(back.step(Z, C), tik.step(Z, C));
  }
  assert.equal(weightsOf(back), weightsOf(tik));
  assertThrowsTyped(() => SlimTik.fromJSON({ ...json, type: 'X' }), InvalidInputError, /'type'/);
  assertThrowsTyped(() => SlimTik.fromJSON({ ...json, extra: 1 }), InvalidInputError, /extra/);
  assertThrowsTyped(() => SlimTik.fromJSON({ ...json, weights: [1, 2] }), InvalidInputError, /'weights'/);
  assertThrowsTyped(() => SlimTik.fromJSON({ ...json, options: { ...json.options, memory: -1 } }), InvalidInputError, /memory/);
  assertThrowsTyped(() => SlimTik.fromJSON({ ...json, memory: [{ rows: 5, data: [1] }] }), InvalidInputError, /'memory'\[0\]/);
  assertThrowsTyped(() => SlimTik.fromJSON({ ...json, history: [{ lambda: 'a', sumLambda: 1 }] }), InvalidInputError, /'history'/);
  assertThrowsTyped(() => SlimTik.fromJSON(null), InvalidInputError, /document/);
  tik.dispose(); back.dispose();
});

test('liveBytes back to start', () => {
  assert.is(liveBytes(), live0);
});

test.run();
