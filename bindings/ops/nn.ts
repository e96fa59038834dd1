/**
 * Typed operations of the nn family (see ops/index.ts for the rules).
 * @module
 */
export {};
