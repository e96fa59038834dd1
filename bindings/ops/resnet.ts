/**
 * Typed operations of the ResNet feature extractor (ALGORITHMS.md §9.7, §8.2, §9.6; see
 * ops/index.ts for the rules): the batched forward pass u₀ = σ(X K_inᵀ + 1b_inᵀ),
 * u_{j+1} = u_j + h·σ(u_j K_jᵀ + 1b_jᵀ) (samples as rows) recording its tape, the batched
 * back-propagation to the parameter vector θ, the θ-regulariser and the Philox permutation of
 * the mini-batches. Each pass is one wasm kernel (resnetForwardPass / resnetBackwardPass of
 * assembly/nn/resnet.ts, which run the layer loops over the GEMM and the elementwise kernels);
 * this file checks operands, owns the tape and sizes the workspace. No math lives here.
 *
 * Layout of θ (column-major blocks, one after the other):
 * 1. `K_in` (w × inputDim), then `b_in` (w) when `inputBias`;
 * 2. for j = 0..depth−1: `K_j` — w×w column-major (dense) or the w(w−1)/2 entries of the strict
 *    upper triangle taken row by row (antisymmetric, K_ji = −K_ij, zero diagonal) — then `b_j`
 *    (w) when `layerBias`.
 * @module
 */
import { ShapeError } from '../errors.js';
import { wasm } from '../loader.js';
import { address, allocBlock, allocF64, readI32, withArena, type Block } from '../memory.js';
import { incOf, ldOf, matAddr, vecAddr, type Mat, type Vec } from './operand.js';

/** Activation of the ResNet layers. */
export type ResNetActivation = 'tanh' | 'relu';

/** The shape of a ResNet feature extractor: everything the kernels need besides θ and the data. */
export interface ResNetLayout {
  /** Input features per sample (columns of X). */
  readonly inputDim: number;
  /** Width w (features per sample at every layer). */
  readonly width: number;
  /** Depth d (number of residual layers, ≥ 0). */
  readonly depth: number;
  /** Step size h = T/d (unused when d = 0). */
  readonly h: number;
  /** σ of every layer (input layer included). */
  readonly activation: ResNetActivation;
  /** K_j antisymmetric (w(w−1)/2 parameters) instead of dense (w² parameters). */
  readonly antisymmetric: boolean;
  /** The input layer has a bias b_in. */
  readonly inputBias: boolean;
  /** Every residual layer has a bias b_j. */
  readonly layerBias: boolean;
}

/** Parameters of one residual layer's kernel K_j: w² (dense) or w(w−1)/2 (antisymmetric). */
export function resnetKernelParams(l: ResNetLayout): number {
  return l.antisymmetric ? (l.width * (l.width - 1)) / 2 : l.width * l.width;
}

/** Parameters of one residual layer (kernel, then bias when `layerBias`). */
export function resnetLayerParams(l: ResNetLayout): number {
  return resnetKernelParams(l) + (l.layerBias ? l.width : 0);
}

/** Parameters of the input layer: w·inputDim (+ w with `inputBias`). */
export function resnetInputParams(l: ResNetLayout): number {
  return l.width * l.inputDim + (l.inputBias ? l.width : 0);
}

/** Length of θ: input layer plus depth residual layers. */
export function resnetParamCount(l: ResNetLayout): number {
  return resnetInputParams(l) + l.depth * resnetLayerParams(l);
}

function checkLayout(l: ResNetLayout, fn: string): void {
  if (![l.inputDim, l.width].every((x) => Number.isInteger(x) && x >= 1) || !Number.isInteger(l.depth) || l.depth < 0 || !Number.isFinite(l.h)) {
    throw new ShapeError(`${fn}: bad ResNet layout (inputDim ${l.inputDim}, width ${l.width}, depth ${l.depth}, h ${l.h})`);
  }
}

/**
 * Tape and scratch of the ResNet passes over batches of up to `rows` samples: the input copy
 * X (rows×inputDim), the states u₀..u_d and the activations s_j = σ(u_j K_jᵀ + b_j)
 * (j < d), each rows×w column-major with ld = m (the rows of the last forward), plus the
 * back-propagation scratch and one GEMM workspace sized for every product. Owned by the
 * caller: {@link ResNetTape.dispose}. A backward pass uses the tape of the last forward pass
 * and must be given the same θ.
 */
export class ResNetTape {
  /** Largest batch (rows) the tape holds. */
  readonly rows: number;
  /** The network's shape (a copy). */
  readonly layout: ResNetLayout;
  /** Largest number of outputs c of a linear output layer the GEMM workspace is sized for ({@link resnetLinearOutput}). */
  readonly outputs: number;
  /** Rows of the last forward pass (0 before the first). */
  m = 0;
  /** @internal */ readonly work: Block;
  /** @internal X copy, then u₀..u_d, then s₀..s_{d−1}. */ readonly tape: Block;
  /** @internal w×max(w, inputDim) kernel expansion / transpose / gradient scratch. */ readonly K: Block;
  /** @internal */ readonly G: Block;
  /** @internal δ and dZ (rows×w each). */ readonly delta: Block;
  /** @internal */ readonly dZ: Block;
  /** @internal rows ones (the bias column of the linear output). */ readonly ones: Block;

  /** @internal Use {@link resnetTape}. */
  constructor(rows: number, layout: ResNetLayout, outputs = 0) {
    checkLayout(layout, 'resnetTape');
    if (!Number.isInteger(rows) || rows < 1) throw new ShapeError(`resnetTape: rows must be a positive integer, got ${rows}`);
    if (!Number.isInteger(outputs) || outputs < 0) throw new ShapeError(`resnetTape: outputs must be a non-negative integer, got ${outputs}`);
    this.outputs = outputs;
    const w = wasm();
    const { width: wd, inputDim: di, depth: d } = layout;
    this.rows = rows; this.layout = { ...layout };
    const blocks: Block[] = [];
    try {
      const c = outputs;
      this.work = allocBlock(Math.max(16, w.dgemmWorkspaceSize(rows, wd, di), w.dgemmWorkspaceSize(rows, wd, wd),
        w.dgemmWorkspaceSize(wd, wd, rows), w.dgemmWorkspaceSize(wd, di, rows),
        c > 0 ? Math.max(w.dgemmWorkspaceSize(rows, c, wd), w.dgemmWorkspaceSize(wd, c, rows), w.dgemmWorkspaceSize(rows, wd, c)) : 0));
      blocks.push(this.work);
      this.tape = allocF64(rows * (di + wd * (2 * d + 1))); blocks.push(this.tape);
      this.K = allocF64(wd * Math.max(wd, di)); blocks.push(this.K);
      this.G = allocF64(wd * wd); blocks.push(this.G);
      this.delta = allocF64(rows * wd); blocks.push(this.delta);
      this.dZ = allocF64(rows * wd); blocks.push(this.dZ);
      this.ones = allocF64(rows); blocks.push(this.ones);
      w.dfill(rows, 1, 1, address(this.ones), rows);
    } catch (err) {
      for (const b of blocks) b.free();
      throw err;
    }
  }

  /** Bytes held (tape and scratch). */
  get bytes(): number {
    return this.work.bytes + this.tape.bytes + this.K.bytes + this.G.bytes + this.delta.bytes + this.dZ.bytes + this.ones.bytes;
  }

  /** Frees everything. Idempotent. */
  dispose(): void {
    this.work.free(); this.tape.free(); this.K.free(); this.G.free(); this.delta.free(); this.dZ.free(); this.ones.free();
  }
}

/**
 * Allocates a {@link ResNetTape} for batches of up to `rows` samples (the caller disposes it);
 * `outputs` > 0 also sizes it for a linear output layer of up to that many outputs.
 */
export function resnetTape(rows: number, layout: ResNetLayout, outputs = 0): ResNetTape {
  return new ResNetTape(rows, layout, outputs);
}

/** Slot offsets inside the tape for m rows: X, u_j, s_j. */
function slots(t: ResNetTape, m: number) {
  const { width: wd, inputDim: di, depth: d } = t.layout;
  return {
    x: 0,
    u: (j: number) => m * di + j * m * wd,
    s: (j: number) => m * di + (d + 1 + j) * m * wd,
  };
}

/**
 * The features u_d of the last forward pass: an m×w view into the tape (valid until the next
 * forward pass or dispose).
 */
export function resnetFeatures(t: ResNetTape): Mat {
  if (t.m < 1) throw new ShapeError('resnetFeatures: no forward pass on this tape yet');
  return { buf: t.tape, rows: t.m, cols: t.layout.width, offset: slots(t, t.m).u(t.layout.depth) };
}

/** Checked θ (or gradient) address of a unit-stride vector of resnetParamCount entries. */
function paramAddr(v: Vec | Block, l: ResNetLayout, what: string): number {
  if (incOf(v) !== 1) throw new ShapeError(`${what}: a unit-stride vector is needed (stride ${incOf(v)})`);
  return vecAddr(v, resnetParamCount(l), what);
}

/** The layout flags of the pass kernels (assembly/nn/resnet.ts): 1 ReLU, 2 antisymmetric, 4 input bias, 8 layer biases. */
function flags(l: ResNetLayout): number {
  return (l.activation === 'tanh' ? 0 : 1) | (l.antisymmetric ? 2 : 0) | (l.inputBias ? 4 : 0) | (l.layerBias ? 8 : 0);
}

/**
 * Forward pass over the rows of X (m×inputDim, 1 ≤ m ≤ tape.rows) with parameters θ (layout
 * above): copies X into the tape and records u₀..u_d and s₀..s_{d−1}. The features u_d are
 * {@link resnetFeatures}(tape); when `U` (m×w) is given they are copied there too.
 */
export function resnetForward(t: ResNetTape, X: Mat, theta: Vec | Block, U: Mat | null = null): void {
  const l = t.layout;
  const { width: wd, inputDim: di, depth: d } = l;
  const m = X.rows;
  if (X.cols !== di) throw new ShapeError(`resnetForward: X has ${X.cols} columns, the network takes ${di}`);
  if (m < 1 || m > t.rows) throw new ShapeError(`resnetForward: X has ${m} rows, the tape holds 1..${t.rows}`);
  if (U !== null && (U.rows !== m || U.cols !== wd)) throw new ShapeError(`resnetForward: U is ${U.rows}×${U.cols}, expected ${m}×${wd}`);
  const px = matAddr(X, 'X');
  const pu = U === null ? 0 : matAddr(U, 'U');
  const pth = paramAddr(theta, l, 'theta');
  const w = wasm();
  t.m = 0;
  w.resnetForwardPass(m, di, wd, d, l.h, flags(l), px, ldOf(X), pth, address(t.tape), address(t.K), address(t.work));
  t.m = m;
  if (U !== null) w.dlacpy(m, wd, address(t.tape, slots(t, m).u(d)), m, pu, ldOf(U));
}

/**
 * Back-propagation through the last forward pass on `t` (which must have used this θ): given
 * dU = ∂L/∂u_d (m×w, m the rows of that pass), writes ∂L/∂θ into `grad` (overwritten, layout
 * of θ). Batched: two GEMMs and two elementwise kernels per layer, no per-sample loop.
 */
export function resnetBackward(t: ResNetTape, theta: Vec | Block, dU: Mat, grad: Vec | Block): void {
  const l = t.layout;
  const { width: wd, inputDim: di, depth: d } = l;
  const m = t.m;
  if (m < 1) throw new ShapeError('resnetBackward: no forward pass on this tape yet');
  if (dU.rows !== m || dU.cols !== wd) throw new ShapeError(`resnetBackward: dU is ${dU.rows}×${dU.cols}, expected ${m}×${wd} (the rows of the last forward pass)`);
  const pdu = matAddr(dU, 'dU');
  const pth = paramAddr(theta, l, 'theta');
  const pg = paramAddr(grad, l, 'grad');
  wasm().resnetBackwardPass(m, di, wd, d, l.h, flags(l), pth, address(t.tape), pdu, ldOf(dU), pg,
    address(t.delta), address(t.dZ), address(t.K), address(t.G), address(t.work));
}

/**
 * The θ-regulariser of slimTrain (ALGORITHMS.md §9.6):
 * R(θ) = (α/2)‖θ_in‖² + (α/2)‖D_t θ_res‖² with θ_in the input-layer block and
 * ‖D_t θ_res‖² = Σ_{j=0}^{d−2} ‖(θ_{j+1} − θ_j)/h‖² over the residual-layer blocks (first
 * differences in time, layer spacing h). Returns R(θ); when `grad` is given, adds ∇R(θ) into it.
 */
export function resnetRegularizer(l: ResNetLayout, alpha: number, theta: Vec | Block, grad: Vec | Block | null): number {
  checkLayout(l, 'resnetRegularizer');
  const pth = paramAddr(theta, l, 'theta');
  const pg = grad === null ? 0 : paramAddr(grad, l, 'grad');
  return wasm().resnetRegularize(resnetInputParams(l), resnetLayerParams(l), l.depth, l.h, alpha, pth, pg);
}

/**
 * A uniformly random permutation of 0..n−1 from the Philox stream (seed, stream), elements
 * start..start+n−1 (Fisher–Yates in wasm). Depends only on (n, seed, stream, start).
 */
export function randomPermutation(n: number, seed: number, stream: number, start: number): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new ShapeError(`randomPermutation: n must be a non-negative integer, got ${n}`);
  if (n === 0) return new Int32Array(0);
  return withArena((ar) => {
    const out = ar.bytes(n * 4);
    const work = ar.f64(n);
    wasm().resnetPermutation(n, seed, stream, start, out, work);
    return readI32(out, n).slice();
  });
}

/**
 * The linear output layer on the features of the last forward pass: E = [u_d, 1]·W (m×c) for
 * W ((w+1)×c, last row the bias), written into `E`. With `Y` (m×c) it returns
 * SSE = ‖E − Y‖²_F and, when `gW` / `dU` are given, overwrites E with R = scale·(E − Y) and writes
 * ∂W = [u_d, 1]ᵀR into gW ((w+1)×c) and ∂U = R·W_topᵀ into dU (m×w) — the gradients of
 * (scale/2)·SSE. Without `Y` it returns 0. The tape's workspace must be sized for c outputs.
 */
export function resnetLinearOutput(t: ResNetTape, W: Mat, E: Mat, Y: Mat | null = null, scale = 1, gW: Mat | null = null, dU: Mat | null = null): number {
  const l = t.layout;
  const wd = l.width, p = wd + 1, m = t.m, c = W.cols;
  const fn = 'resnetLinearOutput';
  if (m < 1) throw new ShapeError(`${fn}: no forward pass on this tape yet`);
  if (W.rows !== p) throw new ShapeError(`${fn}: W has ${W.rows} rows, expected width + 1 = ${p}`);
  if (c < 1 || c > t.outputs) throw new ShapeError(`${fn}: W has ${c} columns, the tape is sized for 1..${t.outputs}`);
  if (E.rows !== m || E.cols !== c) throw new ShapeError(`${fn}: E is ${E.rows}×${E.cols}, expected ${m}×${c}`);
  if (Y !== null && (Y.rows !== m || Y.cols !== c)) throw new ShapeError(`${fn}: Y is ${Y.rows}×${Y.cols}, expected ${m}×${c}`);
  if (gW !== null && (gW.rows !== p || gW.cols !== c)) throw new ShapeError(`${fn}: gW is ${gW.rows}×${gW.cols}, expected ${p}×${c}`);
  if (dU !== null && (dU.rows !== m || dU.cols !== wd)) throw new ShapeError(`${fn}: dU is ${dU.rows}×${dU.cols}, expected ${m}×${wd}`);
  if ((gW !== null || dU !== null) && Y === null) throw new ShapeError(`${fn}: gradients need the targets Y`);
  const pw = matAddr(W, 'W'), pe = matAddr(E, 'E');
  const py = Y === null ? 0 : matAddr(Y, 'Y');
  const pgw = gW === null ? 0 : matAddr(gW, 'gW');
  const pdu = dU === null ? 0 : matAddr(dU, 'dU');
  const w = wasm();
  const ldw = ldOf(W), lde = ldOf(E);
  const pu = address(t.tape, slots(t, m).u(l.depth));
  const work = address(t.work), ones = address(t.ones);
  // E = U W_top + 1 W_biasᵀ
  w.dgemm(0, 0, m, c, wd, 1, pu, m, pw, ldw, 0, pe, lde, work);
  w.dger(m, c, 1, ones, 1, pw + wd * 8, ldw, pe, lde);
  if (Y === null) return 0;
  const ldy = ldOf(Y);
  const sse = w.anminSse(m, c, pe, lde, py, ldy);
  if (gW === null && dU === null) return sse;
  w.dgeadd(m, c, scale, pe, lde, -scale, py, ldy, pe, lde);
  if (gW !== null) {
    const ldg = ldOf(gW);
    w.dgemm(1, 0, wd, c, m, 1, pu, m, pe, lde, 0, pgw, ldg, work);
    w.dgemv(1, m, c, 1, pe, lde, ones, 1, 0, pgw + wd * 8, ldg);
  }
  if (dU !== null) w.dgemm(0, 1, m, wd, c, 1, pe, lde, pw, ldw, 0, pdu, ldOf(dU), work);
  return sse;
}
