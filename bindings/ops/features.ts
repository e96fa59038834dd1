/**
 * Typed operations of the features family (see ops/index.ts for the rules).
 * @module
 */
export {};
