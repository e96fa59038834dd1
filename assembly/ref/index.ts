// Test/bench-only entry (build/lsqnet-ref.wasm, build/lsqnet-ref-relaxed.wasm; never inlined,
// never in the npm package): every shipped export plus the scalar twins and the tuning kernels,
// so a test can run an optimised kernel and its twin in one module instance.
export * from '../index';
export * from './blas';
export * from './lapack';
export * from './nn';
export * from './rand';
export * from './iter';
export * from './tune';
