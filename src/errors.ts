/**
 * Typed errors of lsqnet. They are defined in the leaf module `bindings/errors.ts`, which both
 * layers import, so that no arrow runs from `bindings/` up into `src/`; this file re-exports them.
 * @module
 */
export {
  LsqnetError, ShapeError, InvalidInputError, OptionError, OutOfMemoryError, NotInitializedError,
  DisposedError, NotFittedError, NonFiniteError, ThreadError, formatBytes, type LsqnetErrorCode,
} from '../bindings/index.js';
