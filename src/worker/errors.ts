/**
 * Errors of `lsqnet/worker` that have no twin in the main error set: a request that was
 * cancelled by its `AbortSignal`, and a worker that could not start, crashed or was already
 * terminated. Both are {@link LsqnetError}s (so one `instanceof LsqnetError` catches every
 * lsqnet failure), with the codes `'ABORTED'` and `'WORKER'`.
 * @module
 */
import { LsqnetError, type LsqnetErrorCode } from '../index.js';

/** The codes of the worker errors (members of {@link LsqnetErrorCode}). */
export type WorkerErrorCode = Extract<LsqnetErrorCode, 'ABORTED' | 'WORKER'>;

/**
 * A worker request was cancelled: its `AbortSignal` fired while it was queued or running. The
 * worker was terminated (a running fit cannot be interrupted otherwise), so the
 * {@link ModelWorker} that ran it is closed. `reason` is the signal's `reason`.
 */
export class AbortedError extends LsqnetError {
  /** The `AbortSignal`'s reason (by default a DOMException named 'AbortError'). */
  readonly reason: unknown;
  constructor(message: string, reason?: unknown) {
    super('ABORTED', message);
    this.reason = reason;
  }
}

/**
 * The worker could not do the request at all: its script could not be loaded (a wrong
 * `workerUrl`), it crashed or exited, it was terminated (`dispose()`, or an earlier request was
 * aborted), or this JavaScript environment has no workers. The message says which.
 */
export class WorkerError extends LsqnetError {
  constructor(message: string) {
    super('WORKER', message);
  }
}
