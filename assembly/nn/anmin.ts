// ANMIN kernels (ALGORITHMS.md §7.3): firing pattern, assembly of H = M + λI and of the
// right-hand side c of the hidden-layer normal equations, plus the small elementwise kernels of
// the gradient baselines (ReLU-derivative mask, Adam and momentum updates, column sums, row
// gather, squared error). Column-major storage, leading dimensions in elements, no allocation.
//
// Notation: X̃ is n×D (D = d + 1, first column the ones), G is n×h (firing pattern,
// G = α + (1−α)·1[X̃A > 0]), H is (hD)×(hD) with block (j, l) at rows jD.., columns lD..
// (neuron-major ordering of a = vec(A)).
//
// Assembly formulation (the "masked GEMM"): with Z = [G_:1 ∘ X̃, …, G_:h ∘ X̃] (n×hD,
// Z[i, jD+p] = G_ij x̃_ip), the block U_jl = Σ_i G_ij G_il x̃_i x̃_iᵀ is exactly the (j, l)
// block of ZᵀZ. Rows with G_ij = 0 contribute nothing to block row j, so for each neuron j we
// pack only its active rows S_j of the current row batch, P_j = Z[S_j, jD : hD], and form
// block row j as P_j[:, 0:D]ᵀ P_j (a TN product on contiguous columns, register-blocked f64x2
// micro-kernel). For ReLU about half of the rows are inactive per neuron, halving the flops;
// for leaky ReLU (no zero in G) the batch of Z is used as is, without packing. Only blocks
// l ≥ j are formed; they accumulate directly in H (U is never stored separately), are scaled
// by (BBᵀ)_jl at the end, mirrored to the lower triangle, and λ is added on the diagonal.
import { madd } from '../core/simd';
import { at } from '../core/addr';
import { dgemm, dgemmWorkspaceSize } from '../gemm/driver';
import { parWide, parArgs, parFor, PAR_SCRATCH_BYTES } from '../core/par';

/** Rows per batch of the assembly and of the Gram kernel (512 measured ~12 % faster than 256 on abalone/SDF shapes). */
const ANMIN_NB: i32 = 512;

/**
 * From this many monomials (D ≥ 6) C_j goes through the packed BLIS-style dgemm (measured 1.6×
 * faster for D = 8); below it the TN tiles on the already packed panels win (1.7× for D = 3).
 */
const ANMIN_GEMM_MONO: i32 = 16;

/** Cost of gathering one value, in flops of the micro-kernel (decides row packing per neuron). */
const ANMIN_PACK_COST: f64 = 8.0;


@inline function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// ------------------------------------------------------------------------------- pattern

/**
 * Firing pattern G = α + (1−α)·1[P > 0] (strict inequality) of an m×h block of
 * pre-activations P (G may alias P). Returns the number of columns in which no entry of P is
 * positive (dead neurons on these rows).
 */
export function anminPattern(m: i32, h: i32, alpha: f64, p: usize, ldp: i32, g: usize, ldg: i32): i32 {
  let dead = 0;
  const on = f64x2.splat(1.0);
  const off = f64x2.splat(alpha);
  const zero = f64x2.splat(0.0);
  for (let j = 0; j < h; j++) {
    const cp = at(p, 0, j, ldp);
    const cg = at(g, 0, j, ldg);
    let any = f64x2.splat(0.0);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const mask = f64x2.gt(v128.load(cp + (<usize>i << 3)), zero);
      any = v128.or(any, mask);
      v128.store(cg + (<usize>i << 3), v128.bitselect(on, off, mask));
    }
    let fired = v128.any_true(any);
    for (; i < m; i++) {
      const pos = load<f64>(cp + (<usize>i << 3)) > 0.0;
      if (pos) fired = true;
      store<f64>(cg + (<usize>i << 3), pos ? 1.0 : alpha);
    }
    if (!fired) dead++;
  }
  return dead;
}

// ------------------------------------------------------------------------------- assembly


/**
 * C[0:mr, 0:nr] += Aᵀ B for A = two columns (a, a + lda) and B = four columns (b + t·ldb) of
 * length k (k a multiple of 4): a 2×4 register tile of f64x2 dot products. mr ∈ {1, 2}, nr ∈ {1..4};
 * missing columns are read from the last valid one and their results dropped.
 */
function tile2x4(k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, mr: i32, nr: i32): void {
  const a0 = a;
  const a1 = mr > 1 ? a + (<usize>lda << 3) : a;
  const sb = <usize>ldb << 3;
  const b0 = b;
  const b1 = nr > 1 ? b0 + sb : b0;
  const b2 = nr > 2 ? b1 + sb : b1;
  const b3 = nr > 3 ? b2 + sb : b2;
  let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0), c02 = f64x2.splat(0.0), c03 = f64x2.splat(0.0);
  let c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0), c12 = f64x2.splat(0.0), c13 = f64x2.splat(0.0);
  const kk = <usize>k << 3;
  for (let o: usize = 0; o < kk; o += 32) {
    let x0 = v128.load(a0 + o);
    let x1 = v128.load(a1 + o);
    let y = v128.load(b0 + o);
    c00 = madd(x0, y, c00); c10 = madd(x1, y, c10);
    y = v128.load(b1 + o);
    c01 = madd(x0, y, c01); c11 = madd(x1, y, c11);
    y = v128.load(b2 + o);
    c02 = madd(x0, y, c02); c12 = madd(x1, y, c12);
    y = v128.load(b3 + o);
    c03 = madd(x0, y, c03); c13 = madd(x1, y, c13);
    x0 = v128.load(a0 + o, 16);
    x1 = v128.load(a1 + o, 16);
    y = v128.load(b0 + o, 16);
    c00 = madd(x0, y, c00); c10 = madd(x1, y, c10);
    y = v128.load(b1 + o, 16);
    c01 = madd(x0, y, c01); c11 = madd(x1, y, c11);
    y = v128.load(b2 + o, 16);
    c02 = madd(x0, y, c02); c12 = madd(x1, y, c12);
    y = v128.load(b3 + o, 16);
    c03 = madd(x0, y, c03); c13 = madd(x1, y, c13);
  }
  const sc = <usize>ldc << 3;
  store<f64>(c, load<f64>(c) + hsum(c00));
  if (nr > 1) store<f64>(c + sc, load<f64>(c + sc) + hsum(c01));
  if (nr > 2) store<f64>(c + 2 * sc, load<f64>(c + 2 * sc) + hsum(c02));
  if (nr > 3) store<f64>(c + 3 * sc, load<f64>(c + 3 * sc) + hsum(c03));
  if (mr > 1) {
    store<f64>(c + 8, load<f64>(c + 8) + hsum(c10));
    if (nr > 1) store<f64>(c + sc + 8, load<f64>(c + sc + 8) + hsum(c11));
    if (nr > 2) store<f64>(c + 2 * sc + 8, load<f64>(c + 2 * sc + 8) + hsum(c12));
    if (nr > 3) store<f64>(c + 3 * sc + 8, load<f64>(c + 3 * sc + 8) + hsum(c13));
  }
}

/**
 * C[0:3, 0:nr] += Aᵀ B for three columns of A (a + t·lda) and up to four of B (k a multiple of 4): the
 * 3×4 tile used when D is odd, so that D = 3 (two inputs + bias) needs no wasted row.
 */
function tile3x4(k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, nr: i32): void {
  const sa = <usize>lda << 3;
  const a0 = a, a1 = a + sa, a2 = a + 2 * sa;
  const sb = <usize>ldb << 3;
  const b0 = b;
  const b1 = nr > 1 ? b0 + sb : b0;
  const b2 = nr > 2 ? b1 + sb : b1;
  const b3 = nr > 3 ? b2 + sb : b2;
  let c00 = f64x2.splat(0.0), c01 = f64x2.splat(0.0), c02 = f64x2.splat(0.0), c03 = f64x2.splat(0.0);
  let c10 = f64x2.splat(0.0), c11 = f64x2.splat(0.0), c12 = f64x2.splat(0.0), c13 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0), c21 = f64x2.splat(0.0), c22 = f64x2.splat(0.0), c23 = f64x2.splat(0.0);
  const kk = <usize>k << 3;
  for (let o: usize = 0; o < kk; o += 32) {
    let x0 = v128.load(a0 + o);
    let x1 = v128.load(a1 + o);
    let x2 = v128.load(a2 + o);
    let y = v128.load(b0 + o);
    c00 = madd(x0, y, c00); c10 = madd(x1, y, c10); c20 = madd(x2, y, c20);
    y = v128.load(b1 + o);
    c01 = madd(x0, y, c01); c11 = madd(x1, y, c11); c21 = madd(x2, y, c21);
    y = v128.load(b2 + o);
    c02 = madd(x0, y, c02); c12 = madd(x1, y, c12); c22 = madd(x2, y, c22);
    y = v128.load(b3 + o);
    c03 = madd(x0, y, c03); c13 = madd(x1, y, c13); c23 = madd(x2, y, c23);
    x0 = v128.load(a0 + o, 16);
    x1 = v128.load(a1 + o, 16);
    x2 = v128.load(a2 + o, 16);
    y = v128.load(b0 + o, 16);
    c00 = madd(x0, y, c00); c10 = madd(x1, y, c10); c20 = madd(x2, y, c20);
    y = v128.load(b1 + o, 16);
    c01 = madd(x0, y, c01); c11 = madd(x1, y, c11); c21 = madd(x2, y, c21);
    y = v128.load(b2 + o, 16);
    c02 = madd(x0, y, c02); c12 = madd(x1, y, c12); c22 = madd(x2, y, c22);
    y = v128.load(b3 + o, 16);
    c03 = madd(x0, y, c03); c13 = madd(x1, y, c13); c23 = madd(x2, y, c23);
  }
  const sc = <usize>ldc << 3;
  store<f64>(c, load<f64>(c) + hsum(c00));
  store<f64>(c + 8, load<f64>(c + 8) + hsum(c10));
  store<f64>(c + 16, load<f64>(c + 16) + hsum(c20));
  if (nr > 1) {
    store<f64>(c + sc, load<f64>(c + sc) + hsum(c01));
    store<f64>(c + sc + 8, load<f64>(c + sc + 8) + hsum(c11));
    store<f64>(c + sc + 16, load<f64>(c + sc + 16) + hsum(c21));
  }
  if (nr > 2) {
    const c2 = c + 2 * sc;
    store<f64>(c2, load<f64>(c2) + hsum(c02));
    store<f64>(c2 + 8, load<f64>(c2 + 8) + hsum(c12));
    store<f64>(c2 + 16, load<f64>(c2 + 16) + hsum(c22));
  }
  if (nr > 3) {
    const c3 = c + 3 * sc;
    store<f64>(c3, load<f64>(c3) + hsum(c03));
    store<f64>(c3 + 8, load<f64>(c3 + 8) + hsum(c13));
    store<f64>(c3 + 16, load<f64>(c3 + 16) + hsum(c23));
  }
}

/**
 * C (mA × ncols, ldc) += Aᵀ B with A k×mA (lda) and B k×ncols (ldb), k a multiple of 4. Loop
 * order: a tile of four B columns stays in L1 while every row strip of A passes over it.
 */
function gemmTN(k: i32, mA: i32, ncols: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  for (let q = 0; q < ncols; q += 4) {
    const nr = min(4, ncols - q);
    const bq = at(b, 0, q, ldb);
    const cq = at(c, 0, q, ldc);
    let r = 0;
    if (mA & 1) {
      // odd mA: one 3-row tile (mA ≥ 3) or a single row (mA = 1), then pairs
      if (mA >= 3) {
        tile3x4(k, a, lda, bq, ldb, cq, ldc, nr);
        r = 3;
      } else {
        tile2x4(k, a, lda, bq, ldb, cq, ldc, 1, nr);
        r = 1;
      }
    }
    for (; r < mA; r += 2) tile2x4(k, at(a, 0, r, lda), lda, bq, ldb, cq + (<usize>r << 3), ldc, 2, nr);
  }
}

/**
 * Scales block (j, l ≥ j) of H by (BBᵀ)_jl, mirrors it to (l, j) and adds λ on the diagonal:
 * the common last step of {@link anminAssemble} and of its twin anminAssembleRef (../ref/nn.ts).
 */
export function finishH(D: i32, h: i32, bbt: usize, ldb: i32, lambda: f64, hm: usize, ldh: i32): void {
  for (let j = 0; j < h; j++) {
    for (let l = j; l < h; l++) {
      const s = load<f64>(at(bbt, j, l, ldb));
      for (let q = 0; q < D; q++) {
        const col = l * D + q;
        for (let p = 0; p < D; p++) {
          const row = j * D + p;
          const e = at(hm, row, col, ldh);
          const v = load<f64>(e) * s;
          store<f64>(e, v);
          if (l > j || q > p) store<f64>(at(hm, col, row, ldh), v);
        }
      }
    }
  }
  const n = D * h;
  for (let i = 0; i < n; i++) {
    const e = at(hm, i, i, ldh);
    store<f64>(e, load<f64>(e) + lambda);
  }
}

/** Workspace (bytes) of {@link anminAssemble}. */
export function anminAssembleWorkspaceSize(n: i32, D: i32, h: i32): usize {
  let nb = min(n, ANMIN_NB);
  nb = (nb + 3) & ~3;
  const mono = <usize>(D * (D + 1) / 2);
  const monoI = D * (D + 1) / 2;
  const z = (<usize>2 * <usize>nb * <usize>D * <usize>h) << 3; // the ZᵀZ variant
  const w = (<usize>nb * (2 * mono + <usize>h) + mono * <usize>h) << 3;
  return max(z, w) + (<usize>nb << 2) + 64 + (monoI >= ANMIN_GEMM_MONO ? dgemmWorkspaceSize(monoI, h, nb) : 0);
}

/**
 * H = M + λI, M_jl = (BBᵀ)_jl · U_jl, U_jl = Σ_i G_ij G_il x̃_i x̃_iᵀ (ALGORITHMS.md §7.3 step
 * 3–4), written directly into H ((hD)×(hD), ldh; both triangles). X̃ is n×D (ldx), G n×h (ldg),
 * BBᵀ h×h (ldb). `work` holds {@link anminAssembleWorkspaceSize}(n, D, h) bytes.
 *
 * Formulation (monomials × pattern): U_jl is symmetric and its entry (p, q) is
 * Σ_i G_ij G_il x̃_ip x̃_iq. With the m = D(D+1)/2 monomials W_i = (x̃_ip x̃_iq)_{p≤q} of a row,
 * block row j of all U_jl (l ≥ j) is one product C_j = (G_:j ∘ W)ᵀ G_:,j:h (m × (h−j)) over
 * the rows where neuron j fires (G_ij ≠ 0; for ReLU about half of them). Per batch of 512 rows
 * and neuron j these rows are packed (W scaled by G_ij, and G's columns j..h−1), C_j is formed
 * by the packed GEMM (m ≥ 16) or the SIMD TN micro-kernels (small m) and scattered (both (p,q)
 * and (q,p)) into H's blocks (j, l).
 * Compared with the masked ZᵀZ (anminAssembleZ) this does m/D² ≈ ½ of the flops and packs
 * |S_j|(m + h − j) instead of |S_j|(h − j)D values.
 */
export function anminAssemble(n: i32, D: i32, h: i32, x: usize, ldx: i32, g: usize, ldg: i32,
  bbt: usize, ldb: i32, lambda: f64, hm: usize, ldh: i32, work: usize): void {
  const cols = D * h;
  for (let j = 0; j < cols; j++) memory.fill(at(hm, 0, j, ldh), 0, <usize>cols << 3);
  if (ASC_FEATURE_THREADS) {
    if (anminParOk(n, D, h) && parWide()) {
      const p = parArgs();
      store<i32>(p, n); store<i32>(p, D, 4); store<i32>(p, h, 8); store<i32>(p, ldx, 12);
      store<i32>(p, ldg, 16); store<i32>(p, ldh, 20);
      store<usize>(p, x, 24); store<usize>(p, g, 28); store<usize>(p, hm, 32);
      parFor(anminAssembleTile, anminTiles(h));
      finishH(D, h, bbt, ldb, lambda, hm, ldh);
      return;
    }
  }
  let nbMax = min(n, ANMIN_NB);
  nbMax = (nbMax + 3) & ~3;
  const mono = D * (D + 1) / 2;
  const w = (work + 15) & ~(<usize>15);                         // W batch: nbMax × mono
  const apk = w + ((<usize>nbMax * <usize>mono) << 3);          // packed A: nbMax × mono
  const bpk = apk + ((<usize>nbMax * <usize>mono) << 3);        // packed B: nbMax × h
  const cj = bpk + ((<usize>nbMax * <usize>h) << 3);            // C_j: mono × h
  const idx = cj + ((<usize>mono * <usize>h) << 3);
  const gw = (idx + (<usize>nbMax << 2) + 15) & ~(<usize>15);
  for (let r0 = 0; r0 < n; r0 += ANMIN_NB) {
    const m = min(ANMIN_NB, n - r0);
    batchMonomials(m, D, at(x, r0, 0, ldx), ldx, w);
    for (let j = 0; j < h; j++) assembleNeuron(j, r0, m, n, D, h, g, ldg, w, apk, bpk, cj, idx, gw, hm, ldh);
  }
  finishH(D, h, bbt, ldb, lambda, hm, ldh);
}

/** Monomials W (m × D(D+1)/2, ld = m) of the m rows of X̃ at x (ldx): column t ↔ (p ≤ q), W_it = x̃_ip x̃_iq. */
function batchMonomials(m: i32, D: i32, x: usize, ldx: i32, w: usize): void {
  let t = 0;
  for (let p = 0; p < D; p++) {
    const xp = at(x, 0, p, ldx);
    for (let q = p; q < D; q++, t++) {
      const xq = at(x, 0, q, ldx);
      const wc = at(w, 0, t, m);
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const o = <usize>i << 3;
        v128.store(wc + o, f64x2.mul(v128.load(xp + o), v128.load(xq + o)));
      }
      for (; i < m; i++) store<f64>(wc + (<usize>i << 3), load<f64>(xp + (<usize>i << 3)) * load<f64>(xq + (<usize>i << 3)));
    }
  }
}

/** Writes the indices i < m with g_j[i] ≠ 0 (the rows where neuron j fires) to idx; returns their count. */
@inline function firingRows(gj: usize, m: i32, idx: usize): i32 {
  let ns = 0;
  for (let i = 0; i < m; i++) {
    if (load<f64>(gj + (<usize>i << 3)) != 0.0) {
      store<i32>(idx + (<usize>ns << 2), i);
      ns++;
    }
  }
  return ns;
}

/**
 * Adds the contribution of rows r0 … r0+m−1 (monomials in w) to block row j of H: C_j formed
 * from the rows where neuron j fires and scattered into blocks (j, l ≥ j), entries (p, q) and
 * (q, p) — all of them in block row j. apk, bpk, cj, idx, gw: scratch of anminAssemble's layout.
 */
function assembleNeuron(j: i32, r0: i32, m: i32, n: i32, D: i32, h: i32, g: usize, ldg: i32,
  w: usize, apk: usize, bpk: usize, cj: usize, idx: usize, gw: usize, hm: usize, ldh: i32): void {
  const mono = D * (D + 1) / 2;
  const gj = at(g, r0, j, ldg);
  const ns = firingRows(gj, m, idx);
  if (ns == 0) return;
  const nsp = (ns + 3) & ~3;
  const mp = (m + 3) & ~3;
  const ncols = h - j;
  // Pack the active rows only when the flops saved outweigh the gathers (a gathered value
  // costs about ANMIN_PACK_COST flops); otherwise use all rows of the batch with A = G_:j ∘ W
  // (zero on the inactive rows) and B = G itself.
  const saved = <f64>(2 * mono * ncols) * <f64>(mp - nsp);
  const packed = ns < m && saved > ANMIN_PACK_COST * <f64>ns * <f64>(mono + ncols);
  let kk = nsp, bp = bpk, ldbp = nsp;
  if (packed) {
    // packed A = (G_:j ∘ W)[S_j, :], packed B = G[S_j, j:h], zero padding rows
    for (let c = 0; c < mono; c++) {
      const src = at(w, 0, c, m);
      const dst = at(apk, 0, c, nsp);
      for (let s = 0; s < ns; s++) {
        const i = <usize>load<i32>(idx + (<usize>s << 2)) << 3;
        store<f64>(dst + (<usize>s << 3), load<f64>(src + i) * load<f64>(gj + i));
      }
      for (let s = ns; s < nsp; s++) store<f64>(dst + (<usize>s << 3), 0.0);
    }
    for (let c = 0; c < ncols; c++) {
      const src = at(g, r0, j + c, ldg);
      const dst = at(bpk, 0, c, nsp);
      for (let s = 0; s < ns; s++) {
        store<f64>(dst + (<usize>s << 3), load<f64>(src + (<usize>load<i32>(idx + (<usize>s << 2)) << 3)));
      }
      for (let s = ns; s < nsp; s++) store<f64>(dst + (<usize>s << 3), 0.0);
    }
  } else {
    kk = mp;
    for (let c = 0; c < mono; c++) {
      const src = at(w, 0, c, m);
      const dst = at(apk, 0, c, mp);
      let i = 0;
      for (; i + 1 < m; i += 2) {
        const o = <usize>i << 3;
        v128.store(dst + o, f64x2.mul(v128.load(src + o), v128.load(gj + o)));
      }
      for (; i < m; i++) store<f64>(dst + (<usize>i << 3), load<f64>(src + (<usize>i << 3)) * load<f64>(gj + (<usize>i << 3)));
      for (i = m; i < mp; i++) store<f64>(dst + (<usize>i << 3), 0.0);
    }
    if (r0 + mp <= n) {
      // rows past the batch exist in G (finite) and meet zero rows of A
      bp = at(g, r0, j, ldg); ldbp = ldg;
    } else {
      ldbp = mp;
      for (let c = 0; c < ncols; c++) {
        const dst = at(bpk, 0, c, mp);
        memory.copy(dst, at(g, r0, j + c, ldg), <usize>m << 3);
        for (let i = m; i < mp; i++) store<f64>(dst + (<usize>i << 3), 0.0);
      }
    }
  }
  if (mono >= ANMIN_GEMM_MONO) {
    dgemm(1, 0, mono, ncols, kk, 1.0, apk, kk, bp, ldbp, 0.0, cj, mono, gw);
  } else {
    memory.fill(cj, 0, (<usize>mono * <usize>ncols) << 3);
    gemmTN(kk, mono, ncols, apk, kk, bp, ldbp, cj, mono);
  }
  // scatter C_j into the upper blocks (j, l ≥ j) of H, both (p, q) and (q, p)
  for (let c = 0; c < ncols; c++) {
    const col0 = (j + c) * D;
    const cc = at(cj, 0, c, mono);
    let tt = 0;
    for (let p = 0; p < D; p++) {
      for (let q = p; q < D; q++, tt++) {
        const v = load<f64>(cc + (<usize>tt << 3));
        const e1 = at(hm, j * D + p, col0 + q, ldh);
        store<f64>(e1, load<f64>(e1) + v);
        if (q != p) {
          const e2 = at(hm, j * D + q, col0 + p, ldh);
          store<f64>(e2, load<f64>(e2) + v);
        }
      }
    }
  }
}

// ───────────── threaded path (ASC_FEATURE_THREADS only; absent from the shipped builds) ─────────────
// anminAssemble over neurons: tile t owns the contiguous neurons [anminFirst(t), anminFirst(t+1))
// and so the horizontal band of H made of their block rows (every entry assembleNeuron writes for
// neuron j lies in block row j: each entry of H has one writer, and two tiles share cache lines
// only at band edges — interleaved neurons made the threads fight over the lines of H). The
// bands are cut where the cumulative work Σ (h − j) reaches t/T of the total (T = anminTiles(h)):
// a partition fixed by h alone. A tile runs the row batches in the serial order (r0 = 0, 512, …),
// computes the batch's monomials into its own scratch (the same products as serially) and calls
// assembleNeuron for its neurons: each entry of H receives the same additions in the same order
// as in the serial kernel (dgemm inside a tile runs its serial path, bit-identical to the
// threaded one). finishH (scaling, mirror, + λI) then runs on the calling thread.

/** Tiles of the neuron partition. */
@inline function anminTiles(h: i32): i32 { return min(h, 16); }

/** First neuron of tile t (t = anminTiles(h) gives h): the smallest j with Σ_{i<j} (h − i) ≥ t·W/T, W = h(h+1)/2. */
function anminFirst(t: i32, h: i32): i32 {
  const T = anminTiles(h);
  if (t >= T) return h;
  const target = <f64>t * (<f64>h * <f64>(h + 1) * 0.5) / <f64>T;
  let j = 0;
  let w = 0.0;
  while (j < h && w < target) { w += <f64>(h - j); j++; }
  return j;
}

/** Bytes of one tile's scratch: the serial workspace layout without the ZᵀZ variant. */
function anminTileScratch(n: i32, D: i32, h: i32): usize {
  const nb = <usize>((min(n, ANMIN_NB) + 3) & ~3);
  const mono = D * (D + 1) / 2;
  const mu = <usize>mono;
  return 16 + ((nb * (2 * mu + <usize>h) + mu * <usize>h) << 3) + (nb << 2) + 16
    + (mono >= ANMIN_GEMM_MONO ? dgemmWorkspaceSize(mono, h, <i32>nb) : 0);
}

/**
 * The parallel assembly pays off from this many n·D(D+1)/2·h² on (measured on 2 cores: 1.3× at
 * n = 1000, D = 3, h = 8 (4·10⁵), 1.75× at abalone's n = 3342, D = 8, h = 64), with h ≥ 2.
 */
const ANMIN_PAR_MIN: f64 = 4.0e5;

function anminParOk(n: i32, D: i32, h: i32): bool {
  return h >= 2 && <f64>n * <f64>(D * (D + 1) / 2) * <f64>h * <f64>h >= ANMIN_PAR_MIN
    && anminTileScratch(n, D, h) <= PAR_SCRATCH_BYTES;
}

function anminAssembleTile(p: usize, t: i32, scratch: usize): void {
  const n = load<i32>(p), D = load<i32>(p, 4), h = load<i32>(p, 8), ldx = load<i32>(p, 12);
  const ldg = load<i32>(p, 16), ldh = load<i32>(p, 20);
  const x = load<usize>(p, 24), g = load<usize>(p, 28), hm = load<usize>(p, 32);
  const nbMax = (min(n, ANMIN_NB) + 3) & ~3;
  const mono = D * (D + 1) / 2;
  const w = (scratch + 15) & ~(<usize>15);
  const apk = w + ((<usize>nbMax * <usize>mono) << 3);
  const bpk = apk + ((<usize>nbMax * <usize>mono) << 3);
  const cj = bpk + ((<usize>nbMax * <usize>h) << 3);
  const idx = cj + ((<usize>mono * <usize>h) << 3);
  const gw = (idx + (<usize>nbMax << 2) + 15) & ~(<usize>15);
  const j0 = anminFirst(t, h), j1 = anminFirst(t + 1, h);
  if (j0 >= j1) return;
  for (let r0 = 0; r0 < n; r0 += ANMIN_NB) {
    const m = min(ANMIN_NB, n - r0);
    batchMonomials(m, D, at(x, r0, 0, ldx), ldx, w);
    for (let j = j0; j < j1; j++) assembleNeuron(j, r0, m, n, D, h, g, ldg, w, apk, bpk, cj, idx, gw, hm, ldh);
  }
}

/**
 * First formulation of {@link anminAssemble}, kept for comparison (bench/anmin.bench.ts): the
 * masked ZᵀZ with Z = [G_:1 ∘ X̃, …, G_:h ∘ X̃] built per batch of 512 rows and, per neuron j,
 * the rows active for j packed from Z (D² products per pair of neurons; the packing copies
 * |S_j|·(h−j)·D values). Same arguments and workspace as anminAssemble.
 */
export function anminAssembleZ(n: i32, D: i32, h: i32, x: usize, ldx: i32, g: usize, ldg: i32,
  bbt: usize, ldb: i32, lambda: f64, hm: usize, ldh: i32, work: usize): void {
  const cols = D * h;
  for (let j = 0; j < cols; j++) memory.fill(at(hm, 0, j, ldh), 0, <usize>cols << 3);
  let nbMax = min(n, ANMIN_NB);
  nbMax = (nbMax + 3) & ~3;
  const z = (work + 15) & ~(<usize>15);
  const pk = z + ((<usize>nbMax * <usize>cols) << 3);
  const idx = pk + ((<usize>nbMax * <usize>cols) << 3);
  for (let r0 = 0; r0 < n; r0 += ANMIN_NB) {
    const m = min(ANMIN_NB, n - r0);
    const mp = (m + 3) & ~3;
    // Z batch (mp × cols, ld = mp), padding rows zero
    for (let j = 0; j < h; j++) {
      const gj = at(g, r0, j, ldg);
      for (let p = 0; p < D; p++) {
        const xp = at(x, r0, p, ldx);
        const zc = at(z, 0, j * D + p, mp);
        let i = 0;
        for (; i + 1 < m; i += 2) {
          const o = <usize>i << 3;
          v128.store(zc + o, f64x2.mul(v128.load(gj + o), v128.load(xp + o)));
        }
        for (; i < m; i++) store<f64>(zc + (<usize>i << 3), load<f64>(gj + (<usize>i << 3)) * load<f64>(xp + (<usize>i << 3)));
        for (i = m; i < mp; i++) store<f64>(zc + (<usize>i << 3), 0.0);
      }
    }
    for (let j = 0; j < h; j++) {
      const gj = at(g, r0, j, ldg);
      const ns = firingRows(gj, m, idx);
      if (ns == 0) continue;
      const ncols = (h - j) * D;
      const c = at(hm, j * D, j * D, ldh);
      if (ns == m) {
        gemmTN(mp, D, ncols, at(z, 0, j * D, mp), mp, at(z, 0, j * D, mp), mp, c, ldh);
      } else {
        const nsp = (ns + 3) & ~3;
        for (let q = 0; q < ncols; q++) {
          const src = at(z, 0, j * D + q, mp);
          const dst = at(pk, 0, q, nsp);
          for (let t = 0; t < ns; t++) {
            store<f64>(dst + (<usize>t << 3), load<f64>(src + (<usize>load<i32>(idx + (<usize>t << 2)) << 3)));
          }
          for (let t = ns; t < nsp; t++) store<f64>(dst + (<usize>t << 3), 0.0);
        }
        gemmTN(nsp, D, ncols, pk, nsp, pk, nsp, c, ldh);
      }
    }
  }
  finishH(D, h, bbt, ldb, lambda, hm, ldh);
}


/**
 * Right-hand side c (length hD) of the hidden-layer normal equations:
 * c[jD + p] = Σ_i G_ij R_ij x̃_ip, i.e. c = vec(X̃ᵀ (G ∘ R)) with R = (Y − 1b⁰ᵀ)Bᵀ (n×h, ldr).
 */
export function anminRhs(n: i32, D: i32, h: i32, x: usize, ldx: i32, g: usize, ldg: i32,
  r: usize, ldr: i32, c: usize): void {
  if (ASC_FEATURE_THREADS) {
    if (<i64>n * <i64>D * <i64>h >= RHS_PAR_MIN && h > RHS_TILE && parWide()) {
      const p = parArgs();
      store<i32>(p, n); store<i32>(p, D, 4); store<i32>(p, h, 8); store<i32>(p, ldx, 12);
      store<i32>(p, ldg, 16); store<i32>(p, ldr, 20);
      store<usize>(p, x, 24); store<usize>(p, g, 28); store<usize>(p, r, 32); store<usize>(p, c, 36);
      parFor(anminRhsTile, (h + RHS_TILE - 1) / RHS_TILE);
      return;
    }
  }
  rhsNeurons(0, h, n, D, x, ldx, g, ldg, r, ldr, c);
}

/** c[jD + p] for neurons j0 ≤ j < j1 (the loop of {@link anminRhs}). */
function rhsNeurons(j0: i32, j1: i32, n: i32, D: i32, x: usize, ldx: i32, g: usize, ldg: i32,
  r: usize, ldr: i32, c: usize): void {
  for (let j = j0; j < j1; j++) {
    const gj = at(g, 0, j, ldg);
    const rj = at(r, 0, j, ldr);
    for (let p = 0; p < D; p++) {
      const xp = at(x, 0, p, ldx);
      let acc = f64x2.splat(0.0);
      let i = 0;
      for (; i + 1 < n; i += 2) {
        const o = <usize>i << 3;
        acc = madd(f64x2.mul(v128.load(gj + o), v128.load(rj + o)), v128.load(xp + o), acc);
      }
      let s = hsum(acc);
      for (; i < n; i++) {
        const o = <usize>i << 3;
        s += load<f64>(gj + o) * load<f64>(rj + o) * load<f64>(xp + o);
      }
      store<f64>(c + ((<usize>(j * D + p)) << 3), s);
    }
  }
}

// Threaded anminRhs: tiles of RHS_TILE neurons; every c[jD + p] is one dot product over the n
// rows, computed by its tile exactly as serially.
const RHS_TILE: i32 = 4;
/** Below this many multiply-adds (n·D·h) anminRhs stays serial (measured on 2 cores: 1.85× at n = 1000, D = 3, h = 16). */
const RHS_PAR_MIN: i64 = 1 << 15;

function anminRhsTile(p: usize, t: i32, scratch: usize): void {
  const n = load<i32>(p), D = load<i32>(p, 4), h = load<i32>(p, 8), ldx = load<i32>(p, 12);
  const ldg = load<i32>(p, 16), ldr = load<i32>(p, 20);
  const x = load<usize>(p, 24), g = load<usize>(p, 28), r = load<usize>(p, 32), c = load<usize>(p, 36);
  const j0 = t * RHS_TILE;
  rhsNeurons(j0, min(h, j0 + RHS_TILE), n, D, x, ldx, g, ldg, r, ldr, c);
}

// ------------------------------------------------------------------------------- gradient baselines

/** d[i, j] *= σ'_α(p[i, j]) = (p > 0 ? 1 : α) for an m×n block (the ReLU-derivative mask of backprop). */
export function anminReluBackward(m: i32, n: i32, alpha: f64, p: usize, ldp: i32, d: usize, ldd: i32): void {
  const on = f64x2.splat(1.0);
  const off = f64x2.splat(alpha);
  const zero = f64x2.splat(0.0);
  for (let j = 0; j < n; j++) {
    const cp = at(p, 0, j, ldp);
    const cd = at(d, 0, j, ldd);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const o = <usize>i << 3;
      const s = v128.bitselect(on, off, f64x2.gt(v128.load(cp + o), zero));
      v128.store(cd + o, f64x2.mul(v128.load(cd + o), s));
    }
    for (; i < m; i++) {
      const o = <usize>i << 3;
      store<f64>(cd + o, load<f64>(cd + o) * (load<f64>(cp + o) > 0.0 ? 1.0 : alpha));
    }
  }
}


/** out[j] = alpha · Σ_i a[i, j] for an m×n block (bias gradients). */
export function anminColSums(m: i32, n: i32, alpha: f64, a: usize, lda: i32, out: usize): void {
  for (let j = 0; j < n; j++) {
    const ca = at(a, 0, j, lda);
    let acc = f64x2.splat(0.0);
    let i = 0;
    for (; i + 1 < m; i += 2) acc = f64x2.add(acc, v128.load(ca + (<usize>i << 3)));
    let s = hsum(acc);
    for (; i < m; i++) s += load<f64>(ca + (<usize>i << 3));
    store<f64>(out + (<usize>j << 3), alpha * s);
  }
}

/** Σ_ij (a[i, j] − b[i, j])² over an m×n block. */
export function anminSse(m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): f64 {
  let s = 0.0;
  for (let j = 0; j < n; j++) {
    const ca = at(a, 0, j, lda);
    const cb = at(b, 0, j, ldb);
    let acc = f64x2.splat(0.0);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const o = <usize>i << 3;
      const e = f64x2.sub(v128.load(ca + o), v128.load(cb + o));
      acc = madd(e, e, acc);
    }
    s += hsum(acc);
    for (; i < m; i++) {
      const e = load<f64>(ca + (<usize>i << 3)) - load<f64>(cb + (<usize>i << 3));
      s += e * e;
    }
  }
  return s;
}

/** dst[r, c] = src[idx[r], c] for r < k, c < n (idx: k i32 row indices; a mini-batch gather). */
export function anminGatherRows(k: i32, n: i32, src: usize, lds: i32, idx: usize, dst: usize, ldd: i32): void {
  for (let c = 0; c < n; c++) {
    const cs = at(src, 0, c, lds);
    const cd = at(dst, 0, c, ldd);
    for (let r = 0; r < k; r++) {
      store<f64>(cd + (<usize>r << 3), load<f64>(cs + (<usize>load<i32>(idx + (<usize>r << 2)) << 3)));
    }
  }
}

/** Copies the lower triangle of the n×n matrix A to its upper triangle and adds `shift` to the diagonal (a Gram matrix from dsyrk made full, + λI). */
export function anminSymmetrizeShift(n: i32, a: usize, lda: i32, shift: f64): void {
  for (let j = 0; j < n; j++) {
    const d = at(a, j, j, lda);
    store<f64>(d, load<f64>(d) + shift);
    for (let i = j + 1; i < n; i++) store<f64>(at(a, j, i, lda), load<f64>(at(a, i, j, lda)));
  }
}

/**
 * C (ma × nb, ldc) = Aᵀ B for tall A (k × ma, lda) and B (k × nb, ldb): the Gram-type products
 * of the output layer (S₁ᵀS₁, S₁ᵀY over N rows). Rows in blocks of 512 so that the columns of a
 * block stay in L2 while the SIMD TN tiles sweep over them; the last k mod 4 rows are added
 * in scalar form.
 */
export function anminGramTN(k: i32, ma: i32, nb: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  for (let j = 0; j < nb; j++) memory.fill(at(c, 0, j, ldc), 0, <usize>ma << 3);
  const k4 = k & ~3;
  for (let r0 = 0; r0 < k4; r0 += ANMIN_NB) {
    const kb = min(ANMIN_NB, k4 - r0);
    gemmTN(kb, ma, nb, at(a, r0, 0, lda), lda, at(b, r0, 0, ldb), ldb, c, ldc);
  }
  for (let j = 0; j < nb; j++) {
    for (let i = 0; i < ma; i++) {
      let s = 0.0;
      for (let r = k4; r < k; r++) s += load<f64>(at(a, r, i, lda)) * load<f64>(at(b, r, j, ldb));
      const e = at(c, i, j, ldc);
      store<f64>(e, load<f64>(e) + s);
    }
  }
}
