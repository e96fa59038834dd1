/**
 * Typed operations of the solvers family (see ops/index.ts for the rules).
 * @module
 */
export {};
