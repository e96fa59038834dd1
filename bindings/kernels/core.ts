/** Byte offset into wasm linear memory (what `alloc` returns). `ptr >> 3` indexes a Float64Array. */
export type Ptr = number;

/** Memory, data movement, RNG and GEMM exports (assembly/memory.ts, util.ts, rng.ts, ref.ts, gemm.ts). */
export interface CoreKernels {
  alloc(bytes: number): Ptr;
  free(ptr: Ptr): void;
  memoryPages(): number;
  relaxedSimdBuild(): number;
  dlacpy(m: number, n: number, a: Ptr, lda: number, b: Ptr, ldb: number): void;
  dtranspose(m: number, n: number, a: Ptr, lda: number, b: Ptr, ldb: number): void;
  dfill(m: number, n: number, value: number, a: Ptr, lda: number): void;
  dlaset_identity(m: number, n: number, a: Ptr, lda: number): void;
  firstNonFinite(m: number, n: number, a: Ptr, lda: number): number;
  dgeadd(m: number, n: number, alpha: number, a: Ptr, lda: number, beta: number, b: Ptr, ldb: number, c: Ptr, ldc: number): void;
  rngUniform(out: Ptr, n: number, inc: number, seed: number, stream: number, start: number, lo: number, hi: number): void;
  rngNormal(out: Ptr, n: number, inc: number, seed: number, stream: number, start: number, mean: number, sd: number): void;
  philox4x32(out: Ptr, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void;
  dgemmRef(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number): void;
  dgemmWorkspaceSize(m: number, n: number, k: number): number;
  dgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  /** One triangle (uplo 0 lower, 1 upper) of C ← α·op(A)·op(B) + β·C, C n×n; workspace dgemmWorkspaceSize(n, n, k). */
  dgemmt(uplo: number, transA: number, transB: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  /** Benchmarks only: `dgemm` with an explicit micro-kernel id (0…5, see assembly/gemm.ts) and block sizes. */
  dgemmTune(ukr: number, mc: number, kc: number, nc: number, transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: Ptr, lda: number, b: Ptr, ldb: number, beta: number, c: Ptr, ldc: number, work: Ptr): void;
  dgemmTuneWorkspaceSize(mc: number, kc: number, nc: number, m: number, n: number, k: number): number;
}
