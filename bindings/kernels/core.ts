/** Byte offset into wasm linear memory (what `alloc` returns). `ptr >> 3` indexes a Float64Array. */
export type Ptr = number;

/** Exports of assembly/core/ (memory.ts, simd.ts, data.ts): allocation, build flags, data movement. */
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
}
