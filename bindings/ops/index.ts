/**
 * The typed operations: the only way `src/` reaches a kernel. One file per kernel family;
 * every file takes {@link Mat}/{@link Vec} operands (blocks plus sizes in elements) and hides
 * addresses, byte strides and workspace layouts.
 * @module
 */
export * from './operand.js';
export * from './core.js';
export * from './linalg.js';
export * from './solvers.js';
export * from './features.js';
export * from './nn.js';
export * from './newton.js';
export * from './varpro.js';
export * from './slimtrain.js';
export * from './slimtik.js';
export * from './resnet.js';
