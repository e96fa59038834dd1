/**
 * Typed operations of the linalg family (see ops/index.ts for the rules).
 * @module
 */
export {};
