// Exports only: one line per kernel family (DESIGN.md §1).
export * from './memory';
export { relaxedSimdBuild } from './simd';
export * from './util';
export * from './rng';
export * from './ref';
export * from './gemm';
export * from './blas';
export * from './activation';
export * from './qr';
export * from './svd';
export * from './eig';
export * from './chol';
export * from './lsqr';
export * from './sketch';
export * from './anmin';
export * from './swim';
