/**
 * Typed errors of lsqnet (re-exported from the leaf module `bindings/errors.ts`, which both
 * layers import, so that no arrow runs from `bindings/` up into `src/`).
 * @module
 */
export * from '../bindings/errors.js';
