// Issue 12, determinism of the parallel kernels other than GEMM: dgemv (both transposes, strides,
// β), the activation blocks (dtanhBias, dleakyReluBias, dbiasAdd), the sparse sign sketch, the
// Philox fills (rngUniform, rngNormal), the ANMIN H assembly and right-hand side (anminRhs) and
// the SWIM pair loops (swimScores, swimNeurons). Every case runs on the threaded build with 1, 2
// and 3 threads and on the shipped build (same SIMD flavour), at sizes above each kernel's parallel threshold with odd sizes and
// edge tiles, and the outputs are compared byte for byte (never with a tolerance).
import { values, runBitIdentityCases, type Case, type KernelInstance } from './util.js';

type Fn = (...a: number[]) => number;



/** Allocation helper over one instance: every block is freed by `done`. */
function arena(k: KernelInstance) {
  const blocks: number[] = [];
  return {
    put(data: ArrayLike<number>): number {
      const p = k.alloc(Math.max(data.length, 2) * 8);
      blocks.push(p);
      k.f64().set(data, p / 8);
      return p;
    },
    ints(data: ArrayLike<number>): number {
      const p = k.alloc(Math.max(data.length, 4) * 4);
      blocks.push(p);
      k.i32().set(data, p / 4);
      return p;
    },
    bytes(n: number): number {
      const p = k.alloc(Math.max(n, 16));
      blocks.push(p);
      return p;
    },
    get: (p: number, n: number): Float64Array => k.f64().slice(p / 8, p / 8 + n),
    done(): void { for (const p of blocks) k.free(p); blocks.length = 0; },
  };
}

const cases: Case[] = [];

// dgemv: trans = 0 over row blocks (≥ 1024 rows, multiples of 4; m % 4 ≠ 0 leaves a scalar tail
// in the last tile), trans = 1 over column blocks (multiples of 4; n % 4 = 3 leaves ddot columns)
for (const [trans, m, n, lda, incx, incy, beta] of [
  [0, 4099, 67, 4103, 1, 1, 0], [0, 4099, 67, 4099, -2, 1, 0.5], [0, 2051, 129, 2051, 3, 1, 1],
  [0, 9001, 15, 9001, 1, 1, -1.25],
  [1, 1001, 263, 1003, 1, 1, 0], [1, 1001, 263, 1001, 1, 2, 0.5], [1, 517, 301, 517, 1, 1, 1],
] as const) {
  cases.push({
    name: `dgemv trans=${trans} ${m}×${n} lda=${lda} incx=${incx} incy=${incy} β=${beta}`,
    run(k) {
      const ar = arena(k);
      try {
        const lx = (trans ? m : n) * Math.abs(incx), ly = (trans ? n : m) * Math.abs(incy);
        const a = ar.put(values(lda * n, m + n)), x = ar.put(values(lx, 7 * m)), y = ar.put(values(ly, 11 * n));
        (k.x.dgemv as Fn)(trans, m, n, 0.75, a, lda, x, incx, beta, y, incy);
        return [ar.get(y, ly)];
      } finally { ar.done(); }
    },
  });
}

// activations: column tiles (m ≤ 32768) and row-block tiles of one column (m > 32768, odd tail),
// bias or none, in place (y = x) or not, ld > m; data with ±0, NaN, |x| > 20
for (const [m, n, ld, bias, inPlace] of [
  [333, 411, 335, true, false], [1001, 137, 1001, false, true], [70001, 2, 70003, true, true], [65536, 3, 65536, true, false],
  [8193, 5, 8195, true, false],
] as const) {
  cases.push({
    name: `dtanhBias ${m}×${n} ld=${ld} bias=${bias} inPlace=${inPlace}`,
    run(k) {
      const ar = arena(k);
      try {
        const x = ar.put(values(ld * n, m, true)), b = bias ? ar.put(values(n, n)) : 0;
        const y = inPlace ? x : ar.put(new Float64Array(ld * n));
        (k.x.dtanhBias as Fn)(m, n, x, ld, b, y, ld);
        return [ar.get(y, ld * n)];
      } finally { ar.done(); }
    },
  });
  cases.push({
    name: `dleakyReluBias ${m}×${n} ld=${ld} bias=${bias} inPlace=${inPlace}`,
    run(k) {
      const ar = arena(k);
      try {
        const x = ar.put(values(ld * n, 3 * m, true)), b = bias ? ar.put(values(n, 5 * n)) : 0;
        const y = inPlace ? x : ar.put(new Float64Array(ld * n));
        (k.x.dleakyReluBias as Fn)(m, n, 0.1, x, ld, b, y, ld);
        return [ar.get(y, ld * n)];
      } finally { ar.done(); }
    },
  });
  cases.push({
    name: `dbiasAdd ${m}×${n} ld=${ld}`,
    run(k) {
      const ar = arena(k);
      try {
        const a = ar.put(values(ld * n, 9 * m, true)), b = ar.put(values(n, 13 * n));
        (k.x.dbiasAdd as Fn)(m, n, a, ld, b);
        return [ar.get(a, ld * n)];
      } finally { ar.done(); }
    },
  });
}

// sparse sign sketch: generation tiles of 256 columns of S (last one partial), scatter tiles of
// ⌈n/32⌉ columns of out; row0 ≠ 0, zeros in A (skipped rows), ldo > s
for (const [s, zeta, count, n, row0] of [[67, 8, 1000, 53, 12345], [40, 3, 2999, 31, 0], [9, 9, 700, 129, 77]] as const) {
  cases.push({
    name: `sparseSignSketch s=${s} ζ=${zeta} ${count}×${n} row0=${row0}`,
    run(k) {
      const ar = arena(k);
      try {
        const lda = count + 1, ldo = s + 2;
        const av = values(lda * n, count + n);
        for (let i = 0; i < av.length; i += 5) av[i] = 0;
        const a = ar.put(av), out = ar.put(values(ldo * n, s));
        const work = ar.bytes((k.x.sparseSignSketchWorkspaceSize as Fn)(count, zeta));
        (k.x.sparseSignSketch as Fn)(s, zeta, 4242, 3, row0, count, n, a, lda, out, ldo, work);
        return [ar.get(out, ldo * n)];
      } finally { ar.done(); }
    },
  });
}

// Philox fills: odd start (a tile may begin on the second element of a Box–Muller pair), strides
for (const [normal, n, inc, start] of [[1, 50001, 1, 7], [1, 20000, 3, 0], [0, 40001, 1, 3], [0, 16385, 2, 1e6 + 1]] as const) {
  cases.push({
    name: `${normal ? 'rngNormal' : 'rngUniform'} n=${n} inc=${inc} start=${start}`,
    run(k) {
      const ar = arena(k);
      try {
        const out = ar.put(new Float64Array(n * inc));
        (k.x[normal ? 'rngNormal' : 'rngUniform'] as Fn)(out, n, inc, 99, 5, start, normal ? 0.5 : -2, normal ? 2 : 3);
        return [ar.get(out, n * inc)];
      } finally { ar.done(); }
    },
  });
}

// ANMIN H assembly: 3 row batches (last one partial), h not a multiple of the 16 neuron tiles,
// D = 4 (TN micro-kernels) and D = 6 (packed dgemm), ReLU pattern (zeros: row packing) and leaky
for (const [n, D, h, alpha] of [[1300, 4, 37, 0], [1300, 6, 19, 0.1], [1111, 3, 50, 0]] as const) {
  cases.push({
    name: `anminAssemble n=${n} D=${D} h=${h} α=${alpha}`,
    run(k) {
      const ar = arena(k);
      try {
        const xv = values(n * D, n + D);
        for (let i = 0; i < n; i++) xv[i] = 1; // the ones column of X̃
        const gv = values(n * h, 3 * h).map((v) => (v > 0 ? 1 : alpha));
        const x = ar.put(xv), g = ar.put(gv), bbt = ar.put(values(h * h, h));
        const hd = h * D, hm = ar.put(new Float64Array(hd * hd));
        const work = ar.bytes((k.x.anminAssembleWorkspaceSize as Fn)(n, D, h));
        (k.x.anminAssemble as Fn)(n, D, h, x, n, g, n, bbt, h, 1e-3, hm, hd, work);
        return [ar.get(hm, hd * hd)];
      } finally { ar.done(); }
    },
  });
}

// ANMIN right-hand side: tiles of 4 neurons (h = 37: last tile partial), odd n (scalar tail)
cases.push({
  name: 'anminRhs n=3001 D=5 h=37',
  run(k) {
    const ar = arena(k);
    try {
      const n = 3001, D = 5, h = 37;
      const x = ar.put(values(n * D, 41)), g = ar.put(values(n * h, 43).map((v) => (v > 0 ? 1 : 0))), r = ar.put(values(n * h, 47));
      const c = ar.put(new Float64Array(h * D));
      (k.x.anminRhs as Fn)(n, D, h, x, n, g, n, r, n, c);
      return [ar.get(c, h * D)];
    } finally { ar.done(); }
  },
});

// SWIM pair loops: 3001 pairs (tiles of 256, last partial), regression and classification,
// a duplicate sample (distance 0 → score 0), odd d
for (const classification of [0, 1]) {
  cases.push({
    name: `swimScores p=3001 d=51 c=3 classification=${classification}`,
    run(k) {
      const ar = arena(k);
      try {
        const N = 500, d = 51, c = 3, p = 3001;
        const xv = values(N * d, 17);
        xv.copyWithin(9 * d, 4 * d, 5 * d); // sample 9 = sample 4
        const yv = values(N * c, 19).map((v) => (classification ? Math.round(v * 2) : v));
        const from = [], to = [];
        for (let j = 0; j < p; j++) { from.push((j * 37) % N); to.push((j * 53 + 1) % N); }
        from[10] = 4; to[10] = 9;
        const xt = ar.put(xv), y = ar.put(yv), pf = ar.ints(from), pt = ar.ints(to), sc = ar.put(new Float64Array(p));
        const total = (k.x.swimScores as Fn)(d, c, xt, d, y, N, p, pf, pt, classification, 1e-12, sc);
        return [ar.get(sc, p), Float64Array.of(total)];
      } finally { ar.done(); }
    },
  });
}
cases.push({
  name: 'swimNeurons d=301 m=777',
  run(k) {
    const ar = arena(k);
    try {
      const N = 400, d = 301, m = 777;
      const from = [], to = [];
      for (let j = 0; j < m; j++) { from.push((j * 31) % N); to.push((j * 7 + 3) % N); }
      const xt = ar.put(values(N * d, 23)), pf = ar.ints(from), pt = ar.ints(to);
      const w = ar.put(new Float64Array((d + 1) * m)), b = ar.put(new Float64Array(m));
      (k.x.swimNeurons as Fn)(d, m, xt, d, pf, pt, 1.3, 0.4, 1e-12, w, d + 1, b);
      return [ar.get(w, (d + 1) * m), ar.get(b, m)];
    } finally { ar.done(); }
  },
});

runBitIdentityCases(cases);
