/**
 * Typed operations of the nn family (see ops/index.ts for the rules): the kernels of
 * assembly/anmin.ts (ANMIN hidden system, firing pattern, Gram products, optimizer updates,
 * batch row gathers), the forward/backward sequence of the two-layer (leaky-)ReLU network of
 * GradientNetwork, and the SWIM sampler kernels of assembly/swim.ts. Index arrays cross as
 * Int32Array copies (or i32 blocks from {@link swimCandidatePairs}); every index a kernel follows
 * is checked against the rows it addresses. No math lives here.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import { address, allocBlock, allocF64, readI32, withArena, writeI32, type Arena, type Block } from '../memory.js';
import { incOf, ldOf, matAddr, vecAddr, vecLength, type Mat, type Vec } from './operand.js';

/** Address of a unit-stride vector of `n` elements (checked against its block). */
function unitVec(v: Vec | Block, n: number, what: string): number {
  if (incOf(v) !== 1) throw new ShapeError(`${what}: this kernel needs a unit-stride vector (stride ${incOf(v)})`);
  return vecAddr(v, n, what);
}

/** Checks that every entry of `idx` is an integer in [0, n) (the rows or columns a kernel follows). */
function checkIndices(idx: ArrayLike<number>, n: number, fn: string, what: string): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new ShapeError(`${fn}: ${what} index ${i} (entry ${k}) is outside 0..${n - 1}`);
  }
}

/** Copies `idx` into an arena block of i32 entries and returns its address. */
function i32In(ar: Arena, idx: Int32Array): number {
  const p = ar.bytes(Math.max(idx.length, 1) * 4);
  writeI32(p, idx);
  return p;
}

/** GEMM on checked addresses with a caller's workspace: the k = 0 and empty cases as {@link ops.gemm}. */
function gemmWith(work: number, ta: number, tb: number, m: number, n: number, k: number, alpha: number,
  a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number): void {
  if (m === 0 || n === 0) return;
  const w = wasm();
  if (k === 0) {
    if (beta === 0) w.dfill(m, n, 0, c, ldc);
    else w.dgeadd(m, n, beta, c, ldc, 0, c, ldc, c, ldc);
    return;
  }
  w.dgemm(ta, tb, m, n, k, alpha, a, Math.max(lda, 1), b, Math.max(ldb, 1), beta, c, Math.max(ldc, 1), work);
}

// ─────────────────────────────── two-layer network (GradientNetwork)

/**
 * Scratch of the two-layer loss/gradient sequence ({@link twoLayerLossGrad},
 * {@link twoLayerSse}) for batches of up to `rows` rows of a network with D = d+1 inputs, h
 * hidden units and c outputs: pre-activations P (rows×h), activations S (rows×(h+1)), residuals
 * E (rows×c) and one GEMM workspace sized for every product of the sequence. Owns its blocks:
 * call {@link TwoLayerWorkspace.dispose}.
 */
export class TwoLayerWorkspace {
  readonly rows: number;
  readonly D: number;
  readonly h: number;
  readonly c: number;
  /** @internal */ readonly work: Block;
  /** @internal */ readonly P: Block;
  /** @internal */ readonly S: Block;
  /** @internal */ readonly E: Block;

  /** @internal Use {@link twoLayerWorkspace}. */
  constructor(rows: number, D: number, h: number, c: number) {
    if (![rows, D, h, c].every((x) => Number.isInteger(x) && x >= 1)) throw new ShapeError(`twoLayerWorkspace: bad sizes rows ${rows}, D ${D}, h ${h}, c ${c}`);
    const w = wasm();
    this.rows = rows; this.D = D; this.h = h; this.c = c;
    const blocks: Block[] = [];
    try {
      this.work = allocBlock(Math.max(16, w.dgemmWorkspaceSize(rows, h, D), w.dgemmWorkspaceSize(rows, c, h + 1),
        w.dgemmWorkspaceSize(h + 1, c, rows), w.dgemmWorkspaceSize(rows, h, c), w.dgemmWorkspaceSize(D, h, rows)));
      blocks.push(this.work);
      this.P = allocF64(rows * h); blocks.push(this.P);
      this.S = allocF64(rows * (h + 1)); blocks.push(this.S);
      this.E = allocF64(rows * c); blocks.push(this.E);
    } catch (err) {
      for (const b of blocks) b.free();
      throw err;
    }
  }

  /** Frees the scratch. Idempotent. */
  dispose(): void {
    this.work.free(); this.P.free(); this.S.free(); this.E.free();
  }
}

/** Allocates a {@link TwoLayerWorkspace} (the caller disposes it). */
export function twoLayerWorkspace(rows: number, D: number, h: number, c: number): TwoLayerWorkspace {
  return new TwoLayerWorkspace(rows, D, h, c);
}

/** Checked addresses of one pass: X (m×D), Y (m×c), A and Θ inside θ, optional gradient. */
function twoLayerAddrs(ws: TwoLayerWorkspace, X: Mat, Y: Mat, theta: Vec | Block, grad: Vec | Block | null, fn: string) {
  const { D, h, c } = ws;
  const m = X.rows;
  if (X.cols !== D || Y.rows !== m || Y.cols !== c) throw new ShapeError(`${fn}: X is ${X.rows}×${X.cols} and Y ${Y.rows}×${Y.cols}, expected m×${D} and m×${c}`);
  if (m < 1 || m > ws.rows) throw new ShapeError(`${fn}: ${m} rows, the workspace holds 1..${ws.rows}`);
  const nA = D * h, npar = nA + (h + 1) * c;
  const pth = unitVec(theta, npar, 'theta');
  const pg = grad === null ? 0 : unitVec(grad, npar, 'grad');
  return {
    m, px: matAddr(X, 'X'), ldx: ldOf(X), py: matAddr(Y, 'Y'), ldy: ldOf(Y),
    pA: pth, pT: pth + nA * 8, pgA: pg, pgT: pg + nA * 8,
    pP: address(ws.P), pS: address(ws.S), pE: address(ws.E), work: address(ws.work),
  };
}

/** Forward pass into the workspace: P = XA, S = [σ_α(P), 1], E = SΘ; returns Σ(E − Y)². */
function twoLayerForward(ws: TwoLayerWorkspace, alpha: number, a: ReturnType<typeof twoLayerAddrs>): number {
  const w = wasm();
  const { D, h, c } = ws;
  const { m, pP, pS, pE, work } = a;
  gemmWith(work, 0, 0, m, h, D, 1, a.px, a.ldx, a.pA, D, 0, pP, m);
  w.dleakyReluBias(m, h, alpha, pP, m, 0, pS, m);
  w.dfill(m, 1, 1, pS + m * h * 8, m);
  gemmWith(work, 0, 0, m, c, h + 1, 1, pS, m, a.pT, h + 1, 0, pE, m);
  return w.anminSse(m, c, pE, m, a.py, a.ldy);
}

/**
 * One forward/backward pass of the two-layer network f(x) = [σ_α(x̃ᵀA), 1]·Θ over the rows of
 * X (m×D, first column ones) against Y (m×c), with θ = [vec A; vec Θ] (A D×h, Θ (h+1)×c,
 * column-major) in `theta`. Returns the SSE Σ(f − y)² and writes into `grad` (same layout as
 * θ) the gradient of scale/2·SSE with respect to θ — overwritten, or added to when
 * `accumulate`. X and Y may be row blocks of larger matrices. Checks the shapes against the
 * workspace (1 ≤ m ≤ ws.rows) and θ, grad (unit stride, D·h + (h+1)·c elements).
 */
export function twoLayerLossGrad(ws: TwoLayerWorkspace, alpha: number, X: Mat, Y: Mat, theta: Vec | Block, grad: Vec | Block,
  scale: number, accumulate: boolean): number {
  const a = twoLayerAddrs(ws, X, Y, theta, grad, 'twoLayerLossGrad');
  const w = wasm();
  const { D, h, c } = ws;
  const { m, pP, pS, pE, work } = a;
  const sse = twoLayerForward(ws, alpha, a);
  // E ← scale·(out − Y)
  w.dgeadd(m, c, scale, pE, m, -scale, a.py, a.ldy, pE, m);
  const beta = accumulate ? 1 : 0;
  gemmWith(work, 1, 0, h + 1, c, m, 1, pS, m, pE, m, beta, a.pgT, h + 1);
  // dS = E Θ₁ᵀ into S's first h columns (S is no longer needed)
  gemmWith(work, 0, 1, m, h, c, 1, pE, m, a.pT, h + 1, 0, pS, m);
  w.anminReluBackward(m, h, alpha, pP, m, pS, m);
  gemmWith(work, 1, 0, D, h, m, 1, a.px, a.ldx, pS, m, beta, a.pgA, D);
  return sse;
}

/** SSE Σ(f − y)² of the two-layer network θ on the rows of X (m×D) and Y (m×c); checks as {@link twoLayerLossGrad}. */
export function twoLayerSse(ws: TwoLayerWorkspace, alpha: number, X: Mat, Y: Mat, theta: Vec | Block): number {
  return twoLayerForward(ws, alpha, twoLayerAddrs(ws, X, Y, theta, null, 'twoLayerSse'));
}

/**
 * One Adam step on n parameters (PyTorch formulation; bc1 = 1 − β₁ᵗ, bc2 = 1 − β₂ᵗ): updates
 * `theta` and the moments `m`, `v` in place from `grad`. Checks the four unit-stride vectors.
 */
export function adamStep(theta: Vec | Block, grad: Vec | Block, m: Vec | Block, v: Vec | Block, lr: number, beta1: number, beta2: number,
  eps: number, bc1: number, bc2: number, n: number = vecLength(theta)): void {
  const pw = unitVec(theta, n, 'theta'), pg = unitVec(grad, n, 'grad'), pm = unitVec(m, n, 'm'), pv = unitVec(v, n, 'v');
  if (n > 0) wasm().anminAdam(n, pw, pg, pm, pv, lr, beta1, beta2, eps, bc1, bc2);
}

/** One SGD-with-momentum step on n parameters: vel ← μ·vel + grad; theta ← theta − lr·vel. Checks the three unit-stride vectors. */
export function momentumStep(theta: Vec | Block, grad: Vec | Block, vel: Vec | Block, lr: number, mu: number, n: number = vecLength(theta)): void {
  const pw = unitVec(theta, n, 'theta'), pg = unitVec(grad, n, 'grad'), pv = unitVec(vel, n, 'vel');
  if (n > 0) wasm().anminMomentum(n, pw, pg, pv, lr, mu);
}

/**
 * A row order kept in wasm memory between mini-batch gathers: `length` i32 row indices, every one
 * checked to lie in [0, `limit`) when {@link RowIndex.set} copies them in, so that a gather from
 * a matrix of at least `limit` rows needs no per-batch check. Owns its block: dispose().
 */
export class RowIndex {
  readonly length: number;
  readonly limit: number;
  /** @internal */ readonly block: Block;

  /** @internal Use {@link rowIndex}. */
  constructor(length: number, limit: number) {
    if (!Number.isInteger(length) || length < 0 || !Number.isInteger(limit) || limit < 0) throw new ShapeError(`rowIndex: bad sizes ${length}, ${limit}`);
    this.length = length; this.limit = limit;
    this.block = allocBlock(Math.max(length, 1) * 4);
  }

  /** Copies `values` (exactly `length` entries, each in [0, limit)) in. */
  set(values: Int32Array): void {
    if (values.length !== this.length) throw new ShapeError(`RowIndex.set: ${values.length} values, expected ${this.length}`);
    checkIndices(values, this.limit, 'RowIndex.set', 'row');
    this.block.i32(0, this.length).set(values);
  }

  /** Frees the block. Idempotent. */
  dispose(): void {
    this.block.free();
  }
}

/** Allocates a {@link RowIndex} of `length` entries below `limit` (the caller disposes it). */
export function rowIndex(length: number, limit: number): RowIndex {
  return new RowIndex(length, limit);
}

/**
 * Mini-batch gather: row r of `dst` ← row idx[start + r] of `src` (one pass per column in
 * wasm), r < dst.rows. `idx` is a {@link RowIndex} (its `limit` must not exceed src.rows) or an
 * Int32Array (copied in, every index checked). Checks both operands and dst.cols = src.cols.
 */
export function gatherBatchRows(src: Mat, idx: RowIndex | Int32Array, dst: Mat, start = 0): void {
  const k = dst.rows;
  if (dst.cols !== src.cols) throw new ShapeError(`gatherBatchRows: dst has ${dst.cols} columns, src ${src.cols}`);
  if (!Number.isInteger(start) || start < 0 || start + k > idx.length) throw new ShapeError(`gatherBatchRows: entries ${start}..${start + k - 1} outside an index of ${idx.length}`);
  const ps = matAddr(src, 'src'), pd = matAddr(dst, 'dst');
  const w = wasm();
  if (idx instanceof RowIndex) {
    if (idx.limit > src.rows) throw new ShapeError(`gatherBatchRows: indices below ${idx.limit}, src has ${src.rows} rows`);
    if (k > 0 && src.cols > 0) w.anminGatherRows(k, src.cols, ps, ldOf(src), address(idx.block) + start * 4, pd, ldOf(dst));
    return;
  }
  const sel = idx.subarray(start, start + k);
  checkIndices(sel, src.rows, 'gatherBatchRows', 'row');
  if (k === 0 || src.cols === 0) return;
  withArena((ar) => w.anminGatherRows(k, src.cols, ps, ldOf(src), i32In(ar, sel), pd, ldOf(dst)));
}

// ─────────────────────────────── ANMIN

/**
 * Firing pattern G = α + (1−α)·1[P > 0] of the pre-activations P (m×h; `g` may be `p`);
 * returns the number of columns with no positive entry (dead units). Checks both operands.
 */
export function firingPattern(p: Mat, alpha: number, g: Mat): number {
  if (g.rows !== p.rows || g.cols !== p.cols) throw new ShapeError(`firingPattern: P is ${p.rows}×${p.cols}, G ${g.rows}×${g.cols}`);
  const pp = matAddr(p, 'P'), pg = matAddr(g, 'G');
  if (p.rows === 0 || p.cols === 0) return 0;
  return wasm().anminPattern(p.rows, p.cols, alpha, pp, ldOf(p), pg, ldOf(g));
}

/**
 * Right-hand side of the ANMIN hidden system: c[jD+p] = Σ_i G_ij R_ij X̃_ip for X̃ (n×D),
 * G and R (n×h); `c` gets h·D elements. Checks the shapes and that `c` holds h·D elements.
 */
export function anminHiddenRhs(Xt: Mat, G: Mat, R: Mat, c: Vec | Block): void {
  const n = Xt.rows, D = Xt.cols, h = G.cols;
  if (G.rows !== n || R.rows !== n || R.cols !== h) throw new ShapeError(`anminHiddenRhs: X̃ ${n}×${D}, G ${G.rows}×${G.cols}, R ${R.rows}×${R.cols}`);
  const px = matAddr(Xt, 'X'), pg = matAddr(G, 'G'), pr = matAddr(R, 'R'), pc = unitVec(c, h * D, 'c');
  if (n === 0 || D === 0 || h === 0) return;
  wasm().anminRhs(n, D, h, px, ldOf(Xt), pg, ldOf(G), pr, ldOf(R), pc);
}

/**
 * H = M + λI of the ANMIN hidden system ((h·D)×(h·D), both triangles) from X̃ (n×D), the
 * pattern G (n×h) and BBᵀ (h×h); owns the kernel's workspace. Checks the shapes.
 */
export function anminHiddenSystem(Xt: Mat, G: Mat, BBt: Mat, lambda: number, H: Mat): void {
  const n = Xt.rows, D = Xt.cols, h = G.cols, N = D * h;
  if (G.rows !== n || BBt.rows !== h || BBt.cols !== h || H.rows !== N || H.cols !== N) {
    throw new ShapeError(`anminHiddenSystem: X̃ ${n}×${D}, G ${G.rows}×${G.cols}, BBᵀ ${BBt.rows}×${BBt.cols}, H ${H.rows}×${H.cols}`);
  }
  const px = matAddr(Xt, 'X'), pg = matAddr(G, 'G'), pb = matAddr(BBt, 'BBt'), ph = matAddr(H, 'H');
  if (N === 0) return;
  const w = wasm();
  withArena((ar) => w.anminAssemble(n, D, h, px, ldOf(Xt), pg, ldOf(G), pb, ldOf(BBt), lambda, ph, ldOf(H),
    ar.bytes(w.anminAssembleWorkspaceSize(n, D, h))));
}

/** C (ma×nb) ← AᵀB for tall A (k×ma) and B (k×nb) (row-blocked SIMD TN tiles). Checks the shapes. */
export function tallCrossProduct(A: Mat, B: Mat, C: Mat): void {
  const k = A.rows;
  if (B.rows !== k || C.rows !== A.cols || C.cols !== B.cols) throw new ShapeError(`tallCrossProduct: A ${A.rows}×${A.cols}, B ${B.rows}×${B.cols}, C ${C.rows}×${C.cols}`);
  const pa = matAddr(A, 'A'), pb = matAddr(B, 'B'), pc = matAddr(C, 'C');
  if (C.rows === 0 || C.cols === 0) return;
  wasm().anminGramTN(k, A.cols, B.cols, pa, ldOf(A), pb, ldOf(B), pc, ldOf(C));
}

/** Square `a`: lower triangle copied to the upper one and `shift` added to the diagonal. Checks that `a` is square. */
export function symmetrizeLowerShift(a: Mat, shift: number): void {
  if (a.rows !== a.cols) throw new ShapeError(`symmetrizeLowerShift: ${a.rows}×${a.cols} is not square`);
  const p = matAddr(a, 'A');
  if (a.rows > 0) wasm().anminSymmetrizeShift(a.rows, p, ldOf(a), shift);
}

/** Σ (a − b)² over two m×n matrices (same shape). */
export function sumSquaredDiff(a: Mat, b: Mat): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new ShapeError(`sumSquaredDiff: ${a.rows}×${a.cols} and ${b.rows}×${b.cols} differ`);
  const pa = matAddr(a, 'A'), pb = matAddr(b, 'B');
  if (a.rows === 0 || a.cols === 0) return 0;
  return wasm().anminSse(a.rows, a.cols, pa, ldOf(a), pb, ldOf(b));
}

/** a[i, j] ← a[i, j] + bias[j] on every row of `a` (bias: a.cols unit-stride elements). */
export function addColumnBias(a: Mat, bias: Vec | Block): void {
  const pa = matAddr(a, 'A'), pb = unitVec(bias, a.cols, 'bias');
  if (a.rows > 0 && a.cols > 0) wasm().dbiasAdd(a.rows, a.cols, pa, ldOf(a), pb);
}

// ─────────────────────────────── SWIM sampler

/** Candidate pairs of the SWIM sampler: two blocks of `count` i32 row indices, owned until {@link SwimPairs.dispose}. */
export interface SwimPairs {
  /** Row of x⁽¹⁾ per candidate (i32 entries). */
  readonly from: Block;
  /** Row of x⁽²⁾ per candidate (i32 entries), never equal to `from`. */
  readonly to: Block;
  /** Number of candidates. */
  readonly count: number;
  /** Frees both blocks. Idempotent. */
  dispose(): void;
}

/**
 * `p` candidate pairs of rows 0..n−1 (from ~ U{0..n−1}, to = from + U{1..n−1} mod n) from
 * Philox (seed, stream) and (seed, stream + 1). Returns the two i32 blocks in an object the
 * caller disposes. Needs n ≥ 2.
 */
export function swimCandidatePairs(n: number, p: number, seed: number, stream: number): SwimPairs {
  if (!Number.isInteger(n) || n < 2 || !Number.isInteger(p) || p < 0) throw new ShapeError(`swimCandidatePairs: n ${n} (needs ≥ 2), p ${p}`);
  const w = wasm();
  const from = allocBlock(Math.max(p, 1) * 4);
  let to: Block | null = null;
  try {
    to = allocBlock(Math.max(p, 1) * 4);
    const pt = address(to);
    withArena((ar) => w.swimCandidatePairs(n, p, seed, stream, address(from), pt, ar.bytes(w.swimCandidatePairsWorkspaceSize(p))));
    const t = to;
    return { from, to: t, count: p, dispose() { from.free(); t.free(); } };
  } catch (err) {
    from.free(); to?.free();
    throw err;
  }
}

/** Address of `p` i32 row indices below `n`: a block (checked in place) or an Int32Array (copied into the arena). */
function indicesIn(ar: Arena, idx: Block | Int32Array, p: number, n: number, fn: string, what: string): number {
  if (idx instanceof Int32Array) {
    if (idx.length < p) throw new ShapeError(`${fn}: ${what} has ${idx.length} entries, expected ${p}`);
    checkIndices(idx.subarray(0, p), n, fn, what);
    return i32In(ar, idx.subarray(0, p));
  }
  if (p * 4 > idx.bytes) throw new ShapeError(`${fn}: ${what} holds ${Math.floor(idx.bytes / 4)} entries, expected ${p}`);
  checkIndices(idx.i32(0, p), n, fn, what);
  return address(idx);
}

/**
 * SWIM pair scores g_j = ‖y(to_j) − y(from_j)‖∞ / ‖x(to_j) − x(from_j)‖₂ (0 when the distance
 * is below `distMin`; `classification`: every non-zero |Δy| counts as 1) into `scores`
 * (p elements); returns Σ g_j. `Xt` is d×N (one sample per column), `Y` N×c. Checks the shapes,
 * `scores`, and that every pair index is a sample.
 */
export function swimScores(Xt: Mat, Y: Mat, from: Block | Int32Array, to: Block | Int32Array, p: number,
  classification: boolean, distMin: number, scores: Vec | Block): number {
  const d = Xt.rows, N = Xt.cols;
  if (Y.rows !== N) throw new ShapeError(`swimScores: X has ${N} samples, Y ${Y.rows} rows`);
  const px = matAddr(Xt, 'X'), py = matAddr(Y, 'Y'), ps = unitVec(scores, p, 'scores');
  return withArena((ar) => {
    const pf = indicesIn(ar, from, p, N, 'swimScores', 'from'), pt = indicesIn(ar, to, p, N, 'swimScores', 'to');
    return wasm().swimScores(d, Y.cols, px, ldOf(Xt), py, ldOf(Y), p, pf, pt, classification ? 1 : 0, distMin, ps);
  });
}

/**
 * `m` draws with replacement from 0..p−1 with probabilities weights_j / Σ weights (`weights`:
 * p non-negative elements with a positive sum; null: uniform), uniforms from Philox (seed,
 * stream). Returns the indices as an Int32Array copy. Checks `weights`.
 */
export function swimSampleDiscrete(p: number, weights: Vec | Block | null, m: number, seed: number, stream: number): Int32Array {
  if (!Number.isInteger(p) || p < 1 || !Number.isInteger(m) || m < 0) throw new ShapeError(`swimSampleDiscrete: p ${p} (needs ≥ 1), m ${m}`);
  const pw = weights === null ? 0 : unitVec(weights, p, 'weights');
  const w = wasm();
  return withArena((ar) => {
    const out = ar.bytes(Math.max(m, 1) * 4);
    w.swimSampleDiscrete(p, pw, m, seed, stream, out, ar.bytes(w.swimSampleDiscreteWorkspaceSize(p, m)));
    return readI32(out, m);
  });
}

/**
 * Neurons from pairs: column k of W (d×m) ← s₁·Δx/‖Δx‖² and b_k ← −⟨W_k, x(from_k)⟩ − s₂ (with
 * ‖Δx‖ floored at `distMin`), Δx = x(to_k) − x(from_k), x the columns of `Xt` (d×N). Checks the
 * shapes, `b` (m elements), and that every pair index is a sample.
 */
export function swimNeurons(Xt: Mat, from: Int32Array, to: Int32Array, s1: number, s2: number, distMin: number, W: Mat, b: Vec | Block): void {
  const d = Xt.rows, m = from.length;
  if (to.length !== m || W.rows !== d || W.cols !== m) throw new ShapeError(`swimNeurons: ${m} from, ${to.length} to, W ${W.rows}×${W.cols}, X ${d}×${Xt.cols}`);
  const px = matAddr(Xt, 'X'), pw = matAddr(W, 'W'), pb = unitVec(b, m, 'b');
  if (m === 0) return;
  withArena((ar) => {
    const pf = indicesIn(ar, from, m, Xt.cols, 'swimNeurons', 'from'), pt = indicesIn(ar, to, m, Xt.cols, 'swimNeurons', 'to');
    wasm().swimNeurons(d, m, px, ldOf(Xt), pf, pt, s1, s2, distMin, pw, ldOf(W), pb);
  });
}
