// Issue 12, determinism of the drivers whose heavy parts run in the parallel kernels: their
// trailing updates go through dgemm / dgemmt (blocked QR, recursive Cholesky, TRSM, TRMM, SYRK,
// bidiagonal and tridiagonal reductions, the D&C merges) and their panels through dgemv (dgebrd's
// and dsytrd's panels, LSQR's products). Each driver runs on the threaded build with 1, 2 and 3
// threads and on the shipped build (same SIMD flavour); every output must be identical byte for
// byte. Sizes are above the parallel thresholds (the recursive TRSM / TRMM split above 256).
import * as assert from 'uvu/assert';
import { values, runBitIdentityCases, type Case, type KernelInstance } from './util.js';

type Fn = (...a: number[]) => number;


/** Symmetric n×n with a dominant diagonal (positive definite by Gershgorin), full storage. */
function spd(n: number, seed: number): Float64Array {
  const r = values(n * n, seed), a = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) { const v = i === j ? n + 1 + r[i + j * n]! : r[i + j * n]!; a[i + j * n] = v; a[j + i * n] = v; }
  }
  return a;
}

/** n×n triangle (uplo 0: lower, 1: upper) with a diagonal in [2, 3) and off-diagonals O(1/√n); the other triangle garbage. */
function triangle(n: number, uplo: number, seed: number): Float64Array {
  const a = values(n * n, seed);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      if (i === j) a[i + j * n] = 2.5 + 0.5 * a[i + j * n]!;
      else if ((uplo === 0) === (i > j)) a[i + j * n]! /= Math.sqrt(n);
      else a[i + j * n] = 1e300; // must never be read
    }
  }
  return a;
}

function arena(k: KernelInstance) {
  const blocks: number[] = [];
  return {
    put(data: ArrayLike<number>): number {
      const p = k.alloc(Math.max(data.length, 2) * 8);
      blocks.push(p);
      k.f64().set(data, p / 8);
      return p;
    },
    zeros(n: number): number { return this.put(new Float64Array(n)); },
    bytes(n: number): number { const p = k.alloc(Math.max(n, 16)); blocks.push(p); return p; },
    get: (p: number, n: number): Float64Array => k.f64().slice(p / 8, p / 8 + n),
    done(): void { for (const p of blocks) k.free(p); blocks.length = 0; },
  };
}

const cases: Case[] = [];

cases.push({
  name: 'dgeqrf 700×300 (with T)',
  run(k) {
    const ar = arena(k);
    try {
      const m = 700, n = 300, x = k.x as Record<string, Fn>;
      const nb = x.qrBlockSize!();
      const a = ar.put(values(m * n, 1)), tau = ar.zeros(n), t = ar.zeros(nb * n);
      x.dgeqrf!(m, n, a, m, tau, t, nb, ar.bytes(x.dgeqrfWorkspaceSize!(m, n)));
      return [ar.get(a, m * n), ar.get(tau, n), ar.get(t, nb * n)];
    } finally { ar.done(); }
  },
});

cases.push({
  name: 'dpotrf 600',
  run(k) {
    const ar = arena(k);
    try {
      const n = 600, x = k.x as Record<string, Fn>;
      const a = ar.put(spd(n, 2));
      const info = x.dpotrf!(n, a, n, ar.bytes(x.dpotrfWorkspaceSize!(n)));
      return [ar.get(a, n * n), Float64Array.of(info)];
    } finally { ar.done(); }
  },
});

for (const side of [0, 1]) {
  for (const uplo of [0, 1]) {
    for (const transA of [0, 1]) {
      for (const fn of ['dtrsm', 'dtrmm'] as const) {
        cases.push({
          name: `${fn} side=${side} uplo=${uplo} transA=${transA} (517×389, α=0.5)`,
          run(k) {
            const ar = arena(k);
            try {
              const m = 517, n = 389, x = k.x as Record<string, Fn>;
              const na = side ? n : m;
              const a = ar.put(triangle(na, uplo, 3 + side + 2 * uplo)), b = ar.put(values(m * n, 7));
              x[fn]!(side, uplo, transA, 0, m, n, 0.5, a, na, b, m, ar.bytes(x[`${fn}WorkspaceSize`]!(m, n)));
              const out = ar.get(b, m * n);
              // the other triangle holds 1e300: a kernel that read it would leave Inf / NaN in B
              assert.ok(out.every(Number.isFinite), `${fn}: non-finite entries (the unused triangle was read)`);
              return [out];
            } finally { ar.done(); }
          },
        });
      }
    }
  }
}

for (const [uplo, trans] of [[0, 0], [1, 1], [0, 1]] as const) {
  cases.push({
    name: `dsyrk uplo=${uplo} trans=${trans} n=411 k=297 β=0.5`,
    run(k) {
      const ar = arena(k);
      try {
        const n = 411, kk = 297, x = k.x as Record<string, Fn>;
        const lda = trans ? kk : n;
        const a = ar.put(values(n * kk, 11)), c = ar.put(values(n * n, 12));
        x.dsyrk!(uplo, trans, n, kk, -1, a, lda, 0.5, c, n, ar.bytes(x.dsyrkWorkspaceSize!(n, kk)));
        return [ar.get(c, n * n)];
      } finally { ar.done(); }
    },
  });
}

cases.push({
  name: 'dgebrd 600×300',
  run(k) {
    const ar = arena(k);
    try {
      const m = 600, n = 300, x = k.x as Record<string, Fn>;
      const a = ar.put(values(m * n, 13)), d = ar.zeros(n), e = ar.zeros(n), tq = ar.zeros(n), tp = ar.zeros(n);
      x.dgebrd!(m, n, a, m, d, e, tq, tp, ar.bytes(x.dgebrdWorkspaceSize!(m, n)));
      return [ar.get(a, m * n), ar.get(d, n), ar.get(e, n), ar.get(tq, n), ar.get(tp, n)];
    } finally { ar.done(); }
  },
});

cases.push({
  name: 'dgesdd 500×300 (vectors)',
  run(k) {
    const ar = arena(k);
    try {
      const m = 500, n = 300, x = k.x as Record<string, Fn>;
      const a = ar.put(values(m * n, 17)), s = ar.zeros(n), u = ar.zeros(m * n), v = ar.zeros(n * n);
      const info = x.dgesdd!(m, n, a, m, s, u, m, v, n, ar.bytes(x.dgesddWorkspaceSize!(m, n)));
      return [ar.get(s, n), ar.get(u, m * n), ar.get(v, n * n), Float64Array.of(info)];
    } finally { ar.done(); }
  },
});

cases.push({
  name: 'dsyevd 400 (vectors: blocked dsytrd, D&C merges)',
  run(k) {
    const ar = arena(k);
    try {
      const n = 400, x = k.x as Record<string, Fn>;
      const a = ar.put(spd(n, 19)), w = ar.zeros(n), z = ar.zeros(n * n);
      const info = x.dsyevd!(n, a, n, w, z, n, x.dstedcLeafSize!(), ar.bytes(x.dsyevdWorkspaceSize!(n, 1)),
        ar.bytes(x.dstedcUWorkspaceSize!(n)));
      return [ar.get(w, n), ar.get(z, n * n), Float64Array.of(info)];
    } finally { ar.done(); }
  },
});

cases.push({
  name: 'dgelss 700×300, 3 right-hand sides',
  run(k) {
    const ar = arena(k);
    try {
      const m = 700, n = 300, nrhs = 3, x = k.x as Record<string, Fn>;
      const a = ar.put(values(m * n, 23)), b = ar.put(values(m * nrhs, 29)), s = ar.zeros(n), v = ar.zeros(n * n);
      const info = x.dgelss!(m, n, a, m, nrhs, b, m, s, v, n, ar.bytes(x.dgelssWorkspaceSize!(m, n)));
      return [ar.get(b, m * nrhs), ar.get(s, n), ar.get(v, n * n), Float64Array.of(info)];
    } finally { ar.done(); }
  },
});

cases.push({
  name: 'LSQR 20 iterations on 3001×401 (dgemv both ways, dnormalize, lsqrUpdate)',
  run(k) {
    const ar = arena(k);
    try {
      const m = 3001, n = 401, x = k.x as Record<string, Fn>;
      const a = ar.put(values(m * n, 31)), u = ar.put(values(m, 37)), v = ar.zeros(n), w = ar.zeros(n), xs = ar.zeros(n);
      let beta = x.dnormalize!(m, u);
      x.dgemv!(1, m, n, 1, a, m, u, 1, 0, v, 1);
      let alfa = x.dnormalize!(n, v);
      k.f64().copyWithin(w / 8, v / 8, v / 8 + n);
      let rhobar = alfa, phibar = beta, dd = 0;
      const trace: number[] = [];
      for (let it = 0; it < 20; it++) {
        x.dgemv!(0, m, n, 1, a, m, v, 1, -alfa, u, 1);
        beta = x.dnormalize!(m, u);
        x.dgemv!(1, m, n, 1, a, m, u, 1, -beta, v, 1);
        alfa = x.dnormalize!(n, v);
        const rho = Math.hypot(rhobar, beta), cs = rhobar / rho, sn = beta / rho;
        const theta = sn * alfa;
        rhobar = -cs * alfa;
        const phi = cs * phibar;
        phibar = sn * phibar;
        dd += x.lsqrUpdate!(n, xs, w, v, phi / rho, theta / rho, 1 / rho);
        trace.push(alfa, beta, phibar);
      }
      return [ar.get(xs, n), ar.get(w, n), Float64Array.from(trace), Float64Array.of(dd)];
    } finally { ar.done(); }
  },
});

runBitIdentityCases(cases);
