/**
 * The messages between a {@link ModelWorker} (caller) and `serveModels` (inside the worker),
 * and how errors cross: the worker sends name, code, message and stack; the caller rebuilds the
 * same lsqnet error class. Everything here is structured-cloneable data.
 * @module
 */
import {
  DisposedError, InvalidInputError, LsqnetError, NotFittedError, NotInitializedError, OptionError,
  OutOfMemoryError, ShapeError, type LsqnetErrorCode,
} from '../index.js';
import { AbortedError, WorkerError } from './errors.js';

/** The models a worker can fit, by class name. */
export const WORKER_MODELS = ['SampledNetwork', 'AnminNetwork', 'GradientNetwork', 'SlimTrainNetwork'] as const;

/** A model class name a worker can fit. */
export type WorkerModelName = (typeof WORKER_MODELS)[number];

/** A matrix as it crosses to the worker: row-major values and the shape. */
export interface WireMatrix { data: Float64Array; rows: number; cols: number }

/** Targets as they cross: a vector (one value per row) or a row-major matrix. */
export type WireTargets = Float64Array | WireMatrix;

/** The options of `init()` that can cross (a URL crosses as its absolute `href`). */
export interface WireInit { wasm?: string | ArrayBuffer | ArrayBufferView; relaxedSimd?: 'auto' | boolean; threads?: 'auto' | number; maxMemory?: number }

/** An error as it crosses. */
export interface WireError { name: string; code?: string; message: string; stack?: string; requestedBytes?: number }

/** What a prediction request asks for. */
export type PredictMethod = 'predict' | 'predictClass' | 'predictProba';

/** Caller → worker. */
export type Request =
  | { type: 'init'; id: number; options: WireInit }
  | { type: 'fit'; id: number; model: WorkerModelName; options: Record<string, unknown>; X: WireMatrix; Y: WireTargets; keep: boolean; progress: boolean }
  | { type: 'predict'; id: number; handle: number; method: PredictMethod; X: WireMatrix }
  | { type: 'release'; id: number; handle: number }
  | { type: 'memory'; id: number };

/** The worker's wasm memory ledger (see `liveBytes`, `liveBlocks`, `memoryBytes`). */
export interface WorkerMemory {
  /** Bytes allocated by live matrices and models in the worker. */
  liveBytes: number;
  /** Live allocations in the worker. */
  liveBlocks: number;
  /** Size of the worker's wasm linear memory. */
  memoryBytes: number;
  /** Models kept in the worker (`keep: true`, not released). */
  keptModels: number;
}

/** The result of a fit as it crosses back. */
export interface WireFit { json: unknown; history: unknown[]; seconds: number; handle: number | null }

/** Worker → caller. */
export type Reply =
  | { type: 'progress'; id: number; event: unknown }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: WireError };

/** Serializes anything thrown in the worker. */
export function errorToWire(err: unknown): WireError {
  if (err instanceof Error) {
    const e: WireError = { name: err.name, message: err.message, stack: err.stack };
    if (err instanceof LsqnetError) e.code = err.code;
    if (err instanceof OutOfMemoryError) e.requestedBytes = err.requestedBytes;
    return e;
  }
  return { name: 'Error', message: String(err) };
}

const CODES: readonly string[] = ['SHAPE', 'INVALID_INPUT', 'OPTION', 'OUT_OF_MEMORY', 'NOT_INITIALIZED', 'DISPOSED', 'NOT_FITTED'];

/**
 * Rebuilds an error that crossed from the worker as the same lsqnet class with the worker's
 * message; its `stack` is the worker's (the frames where it was thrown). An error of a class
 * this side does not know but with an lsqnet code stays an {@link LsqnetError} of that code and
 * name; anything else (a bug, an engine failure) becomes a {@link WorkerError} naming the
 * original class.
 */
export function errorFromWire(e: WireError): LsqnetError {
  let err: LsqnetError;
  let message = e.message;
  switch (e.name) {
    case 'ShapeError': err = new ShapeError(message); break;
    case 'InvalidInputError': err = new InvalidInputError(message); break;
    case 'OptionError': err = new OptionError(message); break;
    case 'OutOfMemoryError': err = new OutOfMemoryError(e.requestedBytes ?? 0); break;
    case 'NotInitializedError': err = new NotInitializedError(); break;
    case 'DisposedError': err = new DisposedError(); break;
    case 'NotFittedError': err = new NotFittedError('model'); break;
    case 'AbortedError': err = new AbortedError(message); break;
    case 'WorkerError': err = new WorkerError(message); break;
    default:
      if (e.code !== undefined && CODES.includes(e.code)) {
        err = new LsqnetError(e.code as LsqnetErrorCode, message);
        err.name = e.name;
      } else {
        message = `the worker threw ${e.name}: ${e.message}`;
        err = new WorkerError(message);
      }
  }
  err.message = message;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  err.stack = [`${err.name}: ${message}`, '    (thrown in an lsqnet worker)', ...frames].join('\n');
  return err;
}
