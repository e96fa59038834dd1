/**
 * Typed errors of lsqnet. Every error thrown by the public API is an {@link LsqnetError} with a
 * stable `code`; messages say what was wrong and where (argument, row, column).
 * @module
 */

/** Stable machine-readable error codes. */
export type LsqnetErrorCode =
  | 'SHAPE'
  | 'INVALID_INPUT'
  | 'OPTION'
  | 'OUT_OF_MEMORY'
  | 'NOT_INITIALIZED'
  | 'DISPOSED'
  | 'NOT_FITTED'
  /** A fit diverged or a value overflowed f64 (the model keeps its previous state). */
  | 'NON_FINITE'
  /** `lsqnet/worker`: the caller's AbortSignal ended the run. */
  | 'ABORTED'
  /** `lsqnet/worker`: the worker thread failed or exited. */
  | 'WORKER'
  /** The thread pool (issue 12): a kernel failed on a pool thread, or a pool thread could not start. */
  | 'THREAD';

/**
 * @internal The text of a constructor argument: a string as is; anything else (a Symbol, a
 * BigInt, a null-prototype object, a 100,000-deep array — a caller's mistake) as a short,
 * bounded description, so that constructing an error never throws. (The same rules as
 * `describe` in src/validate.ts, which this leaf module cannot import.)
 */
export function messageText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    if (v === null) return 'null';
    if (Array.isArray(v)) return `an array of ${v.length}`;
    switch (typeof v) {
      case 'number': case 'boolean': return String(v);
      case 'undefined': return '';
      case 'bigint': { const t = v.toString(); return `${t.length > 40 ? `${t.slice(0, 40)}…` : t}n`; }
      case 'symbol': return 'a symbol';
      case 'function': return 'a function';
      default: return v instanceof Error && typeof v.message === 'string' ? v.message : 'an object';
    }
  } catch {
    return 'an unprintable value';
  }
}

/** Base class of every error lsqnet throws. */
export class LsqnetError extends Error {
  /** Stable error code (see {@link LsqnetErrorCode}). */
  readonly code: LsqnetErrorCode;
  constructor(code: LsqnetErrorCode, message: string) {
    super(messageText(message));
    this.code = code;
    this.name = new.target.name;
  }
}

/** Operand shapes do not agree (e.g. `A` is 3×2 but `b` has 4 rows). */
export class ShapeError extends LsqnetError {
  constructor(message: string) { super('SHAPE', message); }
}

/** Input data is unusable: NaN/±Inf, empty, ragged rows, non-numeric CSV cell. The message says where. */
export class InvalidInputError extends LsqnetError {
  constructor(message: string) { super('INVALID_INPUT', message); }
}

/** An option is unknown, of the wrong type, or out of range. */
export class OptionError extends LsqnetError {
  constructor(message: string) { super('OPTION', message); }
}

/** A wasm allocation cannot be satisfied (wasm32 caps linear memory at 4 GiB). */
export class OutOfMemoryError extends LsqnetError {
  /** Bytes that were requested. */
  readonly requestedBytes: number;
  constructor(requestedBytes: number, detail = '') {
    const bytes = typeof requestedBytes === 'number' ? requestedBytes : NaN;
    const d = messageText(detail);
    super('OUT_OF_MEMORY', `cannot allocate ${Number.isFinite(bytes) ? formatBytes(bytes) : messageText(requestedBytes) || 'an unknown number of bytes'} in wasm memory${d ? `: ${d}` : ''}`);
    this.requestedBytes = bytes;
  }
}

/** A function that needs the wasm module was called before `await init()`. */
export class NotInitializedError extends LsqnetError {
  constructor(what = 'this function') {
    super('NOT_INITIALIZED', `lsqnet is not initialized: call \`await init()\` before using ${messageText(what) || 'this function'}`);
  }
}

/** A disposed matrix (or a fitted object whose memory was released) was used. */
export class DisposedError extends LsqnetError {
  constructor(what = 'matrix') { super('DISPOSED', `this ${messageText(what) || 'matrix'} has been disposed and can no longer be used`); }
}

/** `predict`/`score` was called on a model that has not been fitted. */
export class NotFittedError extends LsqnetError {
  constructor(model: string) { super('NOT_FITTED', `${messageText(model) || 'the model'} is not fitted: call fit(X, Y) first`); }
}

/**
 * A computation on finite inputs produced NaN or ±Infinity and lsqnet stopped instead of
 * returning it: an iterative model diverged (e.g. `GradientNetwork` with a too large
 * `learningRate`), or the data's magnitude overflows f64 in an intermediate (standardise the
 * inputs). The message names the step and the option to change; nothing is committed (a model
 * keeps its previous state).
 */
export class NonFiniteError extends LsqnetError {
  constructor(message: string) { super('NON_FINITE', message); }
}

/**
 * A tile of a parallel kernel failed on a worker thread (a wasm trap or abort inside
 * assembly/core/par.ts's parFor, surfaced on the calling thread by bindings/threads/pool.ts), or a
 * disposed pool was used. `thread` is the worker's pool slot (1…; −1 when no thread is involved);
 * the message carries the tile's own message. A failure on the calling thread itself is thrown as
 * that kernel's usual error.
 */
export class ThreadError extends LsqnetError {
  readonly thread: number;
  constructor(message: string, thread = -1) { super('THREAD', message); this.thread = thread; }
}

/** Human-readable byte count (e.g. "3.2 GiB"). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]} (${bytes} bytes)`;
}
