/**
 * `lsqnet/worker`: fit and predict off the main thread. A {@link ModelWorker} runs lsqnet in a
 * Web Worker (browsers) or a Node `worker_threads` worker; `fit` names the model class and its
 * (structured-cloneable) options, sends the data as row-major `Float64Array`s, reports the
 * model's progress events to your `onProgress`, and resolves to a {@link RemoteModel}: the
 * fitted model's JSON (rebuild it on this side with {@link RemoteModel.toModel}) and, with
 * `keep: true`, a handle for repeated `predict` calls in the worker that return plain
 * `Float64Array`s. An `AbortSignal` cancels a request by terminating the worker
 * ({@link AbortedError}); errors thrown in the worker arrive as the same lsqnet error class.
 *
 * ```ts
 * import { ModelWorker } from 'lsqnet/worker';
 * const worker = await ModelWorker.create();
 * const fitted = await worker.fit('SampledNetwork', { layers: [1500], seed: 1 }, { data: X, rows: n, cols: 2 }, y,
 *   { onProgress: (e) => console.log(e.stage, e.step, e.total), signal, keep: true });
 * const yhat = await fitted.predict({ data: Xtest, rows: m, cols: 2 });   // Float64Array
 * worker.dispose();
 * ```
 * @module
 */
import {
  AnminNetwork, GradientNetwork, init, InvalidInputError, Matrix, OptionError, SampledNetwork, ShapeError,
  DisposedError,
  type AnminNetworkJSON, type AnminNetworkOptions, type GradientNetworkJSON, type GradientNetworkOptions, type InitOptions,
  type MatrixData, type RuntimeInfo, type SampledNetworkJSON, type SampledNetworkOptions,
  SlimTrainNetwork, type SlimTrainNetworkJSON, type SlimTrainNetworkOptions,
} from '../index.js';
import { AbortedError, WorkerError } from './errors.js';
import {
  errorFromWire, WORKER_MODELS, type PredictMethod, type Reply, type Request, type WireFit, type WireInit, type WireMatrix,
  type WireTargets, type WorkerMemory, type WorkerModelName,
} from './protocol.js';

export { AbortedError, WorkerError, type WorkerErrorCode } from './errors.js';
export { serveModels } from './serve.js';
export { WORKER_MODELS, type WorkerMemory, type WorkerModelName } from './protocol.js';

/** The progress event type of a model options type. */
type ProgressOf<O> = O extends { onProgress?: (event: infer P) => void } ? P : never;

/** What each model name means on this side: its options, JSON, progress event, history entry and class. */
export interface WorkerModels {
  /** {@link SampledNetwork} (SWIM and other sampled networks; regression or classification). */
  SampledNetwork: {
    options: Omit<SampledNetworkOptions, 'onProgress'>; json: SampledNetworkJSON; progress: ProgressOf<SampledNetworkOptions>;
    history: SampledNetwork['history'][number]; instance: SampledNetwork;
  };
  /** {@link AnminNetwork} (ANMIN alternating least squares). */
  AnminNetwork: {
    options: Omit<AnminNetworkOptions, 'onProgress'>; json: AnminNetworkJSON; progress: ProgressOf<AnminNetworkOptions>;
    history: AnminNetwork['history'][number]; instance: AnminNetwork;
  };
  /** {@link GradientNetwork} (Adam / SGD / L-BFGS baselines). */
  GradientNetwork: {
    options: Omit<GradientNetworkOptions, 'onProgress'>; json: GradientNetworkJSON; progress: ProgressOf<GradientNetworkOptions>;
    history: GradientNetwork['history'][number]; instance: GradientNetwork;
  };
  /** {@link SlimTrainNetwork} (ResNet + least-squares output by slimTrain). */
  SlimTrainNetwork: {
    options: Omit<SlimTrainNetworkOptions, 'onProgress'>; json: SlimTrainNetworkJSON; progress: ProgressOf<SlimTrainNetworkOptions>;
    history: SlimTrainNetwork['history'][number]; instance: SlimTrainNetwork;
  };
}

/**
 * A matrix argument: a `Matrix` (copied out of wasm memory on this side), rows (`number[][]`) or
 * `{ data, rows, cols, order? }` (row-major by default; a row-major `Float64Array` crosses as is).
 */
export type WorkerMatrix = Matrix | number[][] | MatrixData;

/** Targets: one value per row (`Float64Array`, `number[]`, `Int32Array` labels, …) or a matrix. */
export type WorkerTargets = ArrayLike<number> | WorkerMatrix;

/**
 * A Web `Worker` or a Node `worker_threads` `Worker` (told apart at run time: a Node worker has
 * `on`, a Web Worker `addEventListener`).
 */
export interface WorkerLike {
  /** Sends a request (both kinds). */
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  /** Ends the worker (both kinds). */
  terminate(): unknown;
  /** Web Worker: `'message'`, `'messageerror'`, `'error'` listeners. */
  addEventListener?(type: string, listener: (event: { data?: unknown; message?: string; preventDefault?(): void }) => void): void;
  /** Node worker: `'message'`, `'messageerror'`, `'error'`, `'exit'` listeners. */
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Node worker: keep the process alive while it runs. */
  ref?(): void;
  /** Node worker: let the process exit while it idles. */
  unref?(): void;
}

/** Options of {@link ModelWorker.create}. */
export interface ModelWorkerOptions {
  /**
   * The worker script: lsqnet's `worker-entry.js` (the default, found next to the module that
   * is running: `new URL('./worker-entry.js', import.meta.url)` in ESM, `__dirname` in CommonJS),
   * or your own script that calls {@link serveModels} (bundlers that do not follow
   * `new URL(…, import.meta.url)`, e.g. esbuild). Browsers start it as a module worker.
   */
  workerUrl?: string | URL;
  /** Full control: a function returning a started Web `Worker` or Node `Worker` that runs {@link serveModels}. */
  createWorker?: () => WorkerLike;
  /** Options of `init()` inside the worker (`wasm`: bytes or a URL; relative URLs resolve against this page). */
  init?: InitOptions;
}

/** Options of one request. */
export interface RequestOptions {
  /** Cancels the request: the worker is terminated and the promise rejects with {@link AbortedError}. */
  signal?: AbortSignal;
}

/** Options of {@link ModelWorker.fit}. */
export interface FitRequestOptions<P> extends RequestOptions {
  /** Called on this side with every progress event of the fit (the model's `onProgress` events, cloned). */
  onProgress?: (event: P) => void;
  /** Keep the fitted model in the worker for {@link RemoteModel.predict} (default false: the worker frees it). */
  keep?: boolean;
  /**
   * Transfer (move) your row-major `Float64Array` inputs to the worker instead of copying them;
   * they are unusable (length 0) here afterwards. Arrays this API builds itself are always
   * transferred. Default false.
   */
  transfer?: boolean;
}

/** Options of {@link fitInWorker}: a fit request plus the worker's options. */
export interface FitInWorkerOptions<P> extends FitRequestOptions<P>, ModelWorkerOptions {}

const nodeImport = <T>(name: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<T>;

function isNode(): boolean {
  const g = globalThis as { process?: { versions?: { node?: string } }; document?: unknown };
  return typeof g.process?.versions?.node === 'string' && g.document === undefined;
}

function checkKeys(options: unknown, known: readonly string[], fn: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new OptionError(`${fn}: options must be an object`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new OptionError(`${fn}: unknown option '${key}' (known: ${known.join(', ')})`);
  }
  return options as Record<string, unknown>;
}

/** Rejects functions anywhere in model options (they cannot cross to a worker), naming the path. */
function checkCloneable(value: unknown, path: string, fn: string, depth = 0): void {
  if (typeof value === 'function') {
    if (path === 'onProgress') throw new OptionError(`${fn}: option 'onProgress' cannot cross to a worker: pass it in the request options (the last argument) instead`);
    throw new OptionError(`${fn}: option '${path}' is a function; model options sent to a worker must be plain data`);
  }
  if (value === null || typeof value !== 'object' || depth > 20 || ArrayBuffer.isView(value)) return;
  for (const [k, v] of Object.entries(value)) checkCloneable(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`, fn, depth + 1);
}

/** A matrix argument as row-major data; `own` when this API made the array (safe to transfer). */
function toWire(X: unknown, name: string, fn: string): { m: WireMatrix; own: boolean } {
  if (X instanceof Matrix) return { m: { data: X.toRowMajor(), rows: X.rows, cols: X.cols }, own: true };
  if (Array.isArray(X)) {
    const rows = X.length;
    if (rows === 0) throw new InvalidInputError(`${fn}: ${name} has no rows`);
    const first: unknown = X[0];
    if (!Array.isArray(first)) throw new InvalidInputError(`${fn}: ${name} must be rows (number[][]), a Matrix or { data, rows, cols }; row 0 is ${typeof first}`);
    const cols = first.length;
    const data = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const r: unknown = X[i];
      if (!Array.isArray(r) || r.length !== cols) throw new ShapeError(`${fn}: ${name} row ${i} has ${Array.isArray(r) ? r.length : 'no'} values, row 0 has ${cols}`);
      for (let j = 0; j < cols; j++) {
        const v: unknown = r[j];
        if (typeof v !== 'number') throw new InvalidInputError(`${fn}: ${name}[${i}][${j}] is not a number (${typeof v})`);
        data[i * cols + j] = v;
      }
    }
    return { m: { data, rows, cols }, own: true };
  }
  if (X !== null && typeof X === 'object' && 'data' in X && 'rows' in X && 'cols' in X) {
    const { data, rows, cols, order } = X as MatrixData;
    for (const [k, v] of [['rows', rows], ['cols', cols]] as const) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ShapeError(`${fn}: ${name}.${k} must be a non-negative integer, got ${String(v)}`);
    }
    if (data === null || typeof data !== 'object' || typeof data.length !== 'number') throw new InvalidInputError(`${fn}: ${name}.data must be an array of numbers`);
    if (data.length !== rows * cols) throw new ShapeError(`${fn}: ${name}.data has ${data.length} values, ${rows}×${cols} needs ${rows * cols}`);
    if (order !== undefined && order !== 'row-major' && order !== 'column-major') throw new OptionError(`${fn}: ${name}.order must be 'row-major' or 'column-major', got ${String(order)}`);
    if (order === 'column-major') {
      const out = new Float64Array(rows * cols);
      for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) out[i * cols + j] = data[i + j * rows]!;
      return { m: { data: out, rows, cols }, own: true };
    }
    if (data instanceof Float64Array) return { m: { data, rows, cols }, own: false };
    return { m: { data: Float64Array.from(data), rows, cols }, own: true };
  }
  throw new InvalidInputError(`${fn}: ${name} must be a Matrix, rows (number[][]) or { data, rows, cols }`);
}

function isVector(y: unknown): y is ArrayLike<number> {
  if (ArrayBuffer.isView(y)) return !(y instanceof DataView);
  return Array.isArray(y) && (y.length === 0 || typeof y[0] !== 'object');
}

function targetsToWire(Y: unknown, fn: string): { y: WireTargets; own: boolean } {
  if (isVector(Y)) {
    if (Y instanceof Float64Array) return { y: Y, own: false };
    const out = new Float64Array(Y.length);
    for (let i = 0; i < Y.length; i++) {
      const v: unknown = Y[i];
      if (typeof v !== 'number') throw new InvalidInputError(`${fn}: y[${i}] is not a number (${typeof v})`);
      out[i] = v;
    }
    return { y: out, own: true };
  }
  const { m, own } = toWire(Y, 'Y', fn);
  return { y: m, own };
}

/** The buffer of `a` when it can be moved to the worker (a whole, non-shared ArrayBuffer). */
function movable(a: Float64Array): ArrayBuffer | null {
  const b = a.buffer;
  return b instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === b.byteLength && b.byteLength > 0 ? b : null;
}

/** The options of init() as they cross (URLs as absolute strings). */
function wireInit(options: InitOptions | undefined): WireInit {
  const o = checkKeys(options, ['wasm', 'relaxedSimd', 'threads', 'maxMemory'], 'ModelWorker.create: init') as InitOptions;
  const out: WireInit = {};
  if (o.relaxedSimd !== undefined) out.relaxedSimd = o.relaxedSimd;
  // checked by init() in the worker (its OptionError crosses back); the worker runs the single-thread build
  if (o.threads !== undefined) out.threads = o.threads;
  if (o.maxMemory !== undefined) out.maxMemory = o.maxMemory;
  if (o.wasm instanceof URL) out.wasm = o.wasm.href;
  else if (typeof o.wasm === 'string') {
    const base = (globalThis as { location?: { href: string } }).location?.href;
    out.wasm = base ? new URL(o.wasm, base).href : o.wasm;
  } else if (o.wasm !== undefined) out.wasm = o.wasm as ArrayBuffer | ArrayBufferView;
  return out;
}

/** The endpoint over either kind of worker. */
interface Endpoint {
  post(msg: Request, transfer: ArrayBuffer[]): void;
  terminate(): void;
  /** Node: let the process exit while no request is in flight. */
  hold(busy: boolean): void;
  /** True when the worker reports its exit (Node's 'exit' event); a Web Worker is gone once terminated. */
  reportsExit: boolean;
}

interface Handlers { message(r: Reply): void; error(e: Error): void; exit(code: number): void }

function attach(w: WorkerLike, h: Handlers): Endpoint {
  if (typeof w.on === 'function') {
    w.on('message', (r) => h.message(r as Reply));
    w.on('messageerror', (e) => h.error(new Error(`a message from the worker could not be read: ${(e as Error).message}`)));
    w.on('error', (e) => h.error(e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => h.exit(Number(code)));
    return {
      post: (m, t) => w.postMessage(m, t),
      terminate: () => { void Promise.resolve(w.terminate()).catch(() => undefined); },
      hold: (busy) => { if (busy) w.ref?.(); else w.unref?.(); },
      reportsExit: true,
    };
  }
  if (typeof w.addEventListener !== 'function') throw new OptionError('ModelWorker.create: createWorker() must return a Web Worker or a Node worker_threads Worker');
  w.addEventListener('message', (ev) => h.message(ev.data as Reply));
  w.addEventListener('messageerror', () => h.error(new Error('a message from the worker could not be read')));
  w.addEventListener('error', (ev) => {
    ev.preventDefault?.();
    h.error(new Error(ev.message || 'the worker script could not be loaded or failed to start'));
  });
  return { post: (m, t) => w.postMessage(m, t), terminate: () => { w.terminate(); }, hold: () => undefined, reportsExit: false };
}

/** lsqnet's worker script, beside this module. */
const NODE_ENTRY = './worker-entry.js';

/** Starts lsqnet's own worker script (or `url`) in this environment. */
async function startWorker(url: string | URL | undefined): Promise<{ worker: WorkerLike; where: string }> {
  if (isNode()) {
    const { Worker } = await nodeImport<typeof import('node:worker_threads')>('node:worker_threads');
    let target: string | URL;
    if (url !== undefined) target = typeof url === 'string' && /^file:/i.test(url) ? new URL(url) : url;
    else if (typeof __dirname === 'string') target = `${__dirname}/worker-entry.js`;   // CommonJS build
    else target = new URL(NODE_ENTRY, import.meta.url);   // (a variable: bundlers must not copy the file as an asset)
    return { worker: new Worker(target) as unknown as WorkerLike, where: String(target) };
  }
  if (typeof Worker !== 'function') throw new WorkerError('ModelWorker.create: this environment has neither Web Workers nor Node worker_threads; pass createWorker');
  if (url !== undefined) return { worker: new Worker(url, { type: 'module' }), where: String(url) };
  if (!import.meta.url) throw new WorkerError('ModelWorker.create: cannot locate worker-entry.js from this build (no import.meta.url); pass workerUrl');
  // written out in full so that bundlers which follow this pattern (Vite, webpack 5) bundle the worker too
  return { worker: new Worker(new URL('./worker-entry.js', import.meta.url), { type: 'module' }), where: `worker-entry.js beside ${import.meta.url}` };
}

interface Pending {
  fn: string;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (e: never) => void;
  done(): void;
}

/**
 * A worker that runs lsqnet: start it with {@link ModelWorker.create}, call {@link fit} (and
 * {@link RemoteModel.predict}) as often as you like — requests run one after another, in order —
 * and {@link dispose} it when done. In Node the worker does not keep the process alive while no
 * request is in flight, and is gone after `dispose()`.
 */
export class ModelWorker {
  readonly #ep: Endpoint;
  readonly #pending = new Map<number, Pending>();
  readonly #closed: Promise<void>;
  #markClosed!: () => void;
  #nextId = 1;
  #terminated: string | null = null;
  #runtime: RuntimeInfo | null = null;

  private constructor(worker: WorkerLike, where: string) {
    this.#closed = new Promise<void>((r) => { this.#markClosed = r; });
    this.#ep = attach(worker, {
      message: (r) => this.#onReply(r),
      error: (e) => {
        const missing = /cannot find module|err_module_not_found|could not be loaded|failed to fetch|404/i.test(e.message);
        this.#shutdown(`the lsqnet worker failed: ${e.message}${missing ? ` (worker script: ${where}; pass workerUrl or createWorker if your bundler moved it)` : ''}`);
      },
      exit: (code) => {
        this.#shutdown(`the lsqnet worker exited (code ${code})`);
        this.#markClosed();
      },
    });
  }

  /**
   * Starts a worker and loads lsqnet's wasm in it. Rejects with {@link WorkerError} when the
   * worker script cannot start (and terminates it), or with the error of `init()` in the worker.
   */
  static async create(options: ModelWorkerOptions = {}): Promise<ModelWorker> {
    const fn = 'ModelWorker.create';
    const o = checkKeys(options, ['workerUrl', 'createWorker', 'init'], fn) as ModelWorkerOptions;
    if (o.workerUrl !== undefined && typeof o.workerUrl !== 'string' && !(o.workerUrl instanceof URL)) throw new OptionError(`${fn}: option 'workerUrl' must be a string or a URL`);
    if (o.createWorker !== undefined && typeof o.createWorker !== 'function') throw new OptionError(`${fn}: option 'createWorker' must be a function`);
    if (o.workerUrl !== undefined && o.createWorker !== undefined) throw new OptionError(`${fn}: give either 'workerUrl' or 'createWorker', not both`);
    const initOptions = wireInit(o.init);
    let started: { worker: WorkerLike; where: string };
    if (o.createWorker) {
      const w = o.createWorker();
      if (w === null || typeof w !== 'object' || typeof (w as { postMessage?: unknown }).postMessage !== 'function') {
        throw new OptionError(`${fn}: createWorker() must return a Web Worker or a Node worker_threads Worker`);
      }
      started = { worker: w, where: 'the worker from createWorker()' };
    } else {
      started = await startWorker(o.workerUrl);
    }
    let mw: ModelWorker;
    try {
      mw = new ModelWorker(started.worker, started.where);
    } catch (err) {
      void Promise.resolve(started.worker.terminate()).catch(() => undefined);
      throw err;
    }
    try {
      mw.#runtime = await mw.#request<RuntimeInfo>({ type: 'init', options: initOptions }, [], fn, {});
    } catch (err) {
      mw.dispose();
      throw err;
    }
    return mw;
  }

  /** What the worker loaded (relaxed SIMD or not, and the wasm's source). */
  get runtime(): RuntimeInfo {
    if (!this.#runtime) throw new WorkerError('ModelWorker.runtime: the worker has not started');
    return this.#runtime;
  }

  /** True once the worker is terminated (by {@link dispose}, an aborted request, or a crash). */
  get terminated(): boolean { return this.#terminated !== null; }

  /** Resolves when the worker is gone (Node: its thread has exited). */
  get closed(): Promise<void> { return this.#closed; }

  /** Requests sent and not yet answered. */
  get pending(): number { return this.#pending.size; }

  /**
   * Fits a model in the worker: `model` names the class, `options` are its constructor options
   * (plain data: `onProgress` goes in `request.onProgress`), X is N × d and Y the targets (a
   * vector, an N × c matrix, or class labels for `task: 'classification'`). Resolves to a
   * {@link RemoteModel} with the fitted model's JSON (and, with `keep: true`, a handle in the
   * worker). Errors of the fit reject with the same lsqnet class as in-thread (e.g.
   * {@link OptionError} for a bad option); an aborted `signal` rejects with {@link AbortedError}
   * and terminates this worker.
   */
  async fit<N extends WorkerModelName>(model: N, options: WorkerModels[N]['options'] | undefined, X: WorkerMatrix, Y: WorkerTargets,
    request: FitRequestOptions<WorkerModels[N]['progress']> = {}): Promise<RemoteModel<N>> {
    const fn = 'ModelWorker.fit';
    if (typeof model !== 'string' || !(WORKER_MODELS as readonly string[]).includes(model)) {
      throw new OptionError(`${fn}: unknown model ${JSON.stringify(model)} (known: ${WORKER_MODELS.join(', ')})`);
    }
    const r = checkKeys(request, ['onProgress', 'signal', 'keep', 'transfer'], fn) as FitRequestOptions<WorkerModels[N]['progress']>;
    if (r.onProgress !== undefined && typeof r.onProgress !== 'function') throw new OptionError(`${fn}: option 'onProgress' must be a function`);
    if (r.keep !== undefined && typeof r.keep !== 'boolean') throw new OptionError(`${fn}: option 'keep' must be a boolean`);
    if (r.transfer !== undefined && typeof r.transfer !== 'boolean') throw new OptionError(`${fn}: option 'transfer' must be a boolean`);
    const opts = checkKeys(options, Object.keys(options ?? {}), `${fn}: ${model} options`);
    for (const [k, v] of Object.entries(opts)) checkCloneable(v, k, fn);
    const x = toWire(X, 'X', fn);
    const y = targetsToWire(Y, fn);
    const transfer: ArrayBuffer[] = [];
    for (const [a, own] of [[x.m.data, x.own], [y.y instanceof Float64Array ? y.y : y.y.data, y.own]] as const) {
      const b = (own || r.transfer === true) ? movable(a) : null;
      if (b && !transfer.includes(b)) transfer.push(b);
    }
    const keep = r.keep === true;
    const out = await this.#request<WireFit>({ type: 'fit', model, options: opts, X: x.m, Y: y.y, keep, progress: r.onProgress !== undefined },
      transfer, fn, { signal: r.signal, onProgress: r.onProgress });
    return RemoteModel.make<N>(model, out, (method, X2, req) => this.#predict(out.handle, method, X2, req), () => this.#release(out.handle));
  }

  /** The worker's wasm memory: live bytes and blocks, the memory's size, and how many models it keeps. */
  async memory(request?: RequestOptions): Promise<WorkerMemory> {
    const r = checkKeys(request, ['signal'], 'ModelWorker.memory') as RequestOptions;
    return this.#request<WorkerMemory>({ type: 'memory' }, [], 'ModelWorker.memory', { signal: r.signal });
  }

  async #predict(handle: number | null, method: PredictMethod, X: WorkerMatrix, request: RequestOptions | undefined): Promise<Float64Array | Int32Array> {
    const fn = `RemoteModel.${method}`;
    const r = checkKeys(request, ['signal'], fn) as RequestOptions;
    if (handle === null) throw new WorkerError(`${fn}: this model was not kept in the worker (fit with { keep: true }); predict on this side with toModel()`);
    const x = toWire(X, 'X', fn);
    const b = x.own ? movable(x.m.data) : null;
    return this.#request<Float64Array | Int32Array>({ type: 'predict', handle, method, X: x.m }, b ? [b] : [], fn, { signal: r.signal });
  }

  async #release(handle: number | null): Promise<void> {
    if (handle === null || this.#terminated !== null) return;
    await this.#request<null>({ type: 'release', handle }, [], 'RemoteModel.release', {});
  }

  #request<T>(msg: Request extends infer R ? R extends { id: number } ? Omit<R, 'id'> : never : never, transfer: ArrayBuffer[], fn: string,
    opts: { signal?: AbortSignal | undefined; onProgress?: ((e: never) => void) | undefined }): Promise<T> {
    if (this.#terminated !== null) return Promise.reject(new WorkerError(`${fn}: the worker is terminated (${this.#terminated})`));
    const { signal } = opts;
    if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal && typeof signal.addEventListener === 'function')) {
      return Promise.reject(new OptionError(`${fn}: option 'signal' must be an AbortSignal`));
    }
    if (signal?.aborted) return Promise.reject(new AbortedError(`${fn} was aborted before it started`, signal.reason));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const p = this.#pending.get(id);
        if (!p) return;
        this.#pending.delete(id);
        p.done();
        reject(new AbortedError(`${fn} was aborted; its worker was terminated`, signal?.reason));
        this.#shutdown(`an earlier request (${fn}) was aborted`);
      };
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        if (this.#pending.size === 0) this.#ep.hold(false);
      };
      this.#pending.set(id, { fn, resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress, done });
      this.#ep.hold(true);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        this.#ep.post({ ...msg, id } as Request, transfer);
      } catch (err) {
        this.#pending.delete(id);
        done();
        reject(new OptionError(`${fn}: the request cannot be sent to the worker (${(err as Error).message}); model options must be structured-cloneable data, and arrays cannot be sent after they were transferred`));
      }
    });
  }

  #onReply(r: Reply): void {
    const p = this.#pending.get(r.id);
    if (!p) return;
    if (r.type === 'progress') {
      try {
        p.onProgress?.(r.event as never);
      } catch (err) {
        // like an onProgress that throws inside an in-thread fit: the fit stops with that error
        this.#pending.delete(r.id);
        p.done();
        p.reject(err);
        this.#shutdown(`onProgress of ${p.fn} threw`);
      }
      return;
    }
    this.#pending.delete(r.id);
    p.done();
    if (r.type === 'result') p.resolve(r.value);
    else p.reject(errorFromWire(r.error));
  }

  /** Terminates the worker and rejects every pending request with a {@link WorkerError} saying `why`. */
  #shutdown(why: string): void {
    if (this.#terminated !== null) return;
    this.#terminated = why;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) {
      p.done();
      p.reject(new WorkerError(`${p.fn}: the worker was terminated: ${why}`));
    }
    this.#ep.hold(false);
    this.#ep.terminate();
    if (!this.#ep.reportsExit) this.#markClosed();
  }

  /**
   * Terminates the worker (idempotent): pending requests reject with {@link WorkerError}, the
   * models kept there are gone. Resolves when the worker has exited.
   */
  terminate(): Promise<void> {
    this.#shutdown('ModelWorker.terminate() was called');
    return this.#closed;
  }

  /** Terminates the worker without waiting (see {@link terminate}). */
  dispose(): void {
    this.#shutdown('ModelWorker.dispose() was called');
  }
}

/**
 * A model fitted in a worker: its JSON and history on this side, plus (when fitted with
 * `keep: true`) a handle to the model that stays in the worker for {@link predict},
 * {@link predictClass} and {@link predictProba} (plain typed arrays back, nothing to dispose
 * here). {@link toModel} rebuilds the model on this side from its JSON. {@link release} frees
 * the worker's copy.
 */
export class RemoteModel<N extends WorkerModelName = WorkerModelName> {
  /** The model's class name. */
  readonly model: N;
  /** The fitted model's `toJSON()` (what `fromJSON` reads; save it with `JSON.stringify`). */
  readonly json: WorkerModels[N]['json'];
  /** The model's `history` after the fit. */
  readonly history: WorkerModels[N]['history'][];
  /** Seconds the fit took in the worker. */
  readonly seconds: number;
  readonly #kept: boolean;
  #released = false;
  readonly #call: (method: PredictMethod, X: WorkerMatrix, request: RequestOptions | undefined) => Promise<Float64Array | Int32Array>;
  readonly #release: () => Promise<void>;

  /** @internal Made by {@link ModelWorker.fit} (not constructible otherwise). */
  static make<N extends WorkerModelName>(model: N, fit: WireFit, call: (method: PredictMethod, X: WorkerMatrix, request: RequestOptions | undefined) => Promise<Float64Array | Int32Array>,
    release: () => Promise<void>): RemoteModel<N> {
    return new RemoteModel<N>(model, fit, call, release);
  }

  private constructor(model: N, fit: WireFit, call: (method: PredictMethod, X: WorkerMatrix, request: RequestOptions | undefined) => Promise<Float64Array | Int32Array>,
    release: () => Promise<void>) {
    this.model = model;
    this.json = fit.json as WorkerModels[N]['json'];
    this.history = fit.history as WorkerModels[N]['history'][];
    this.seconds = fit.seconds;
    this.#kept = fit.handle !== null;
    this.#call = call;
    this.#release = release;
  }

  /** True while the model is held in the worker (fitted with `keep: true`, not released). */
  get kept(): boolean { return this.#kept && !this.#released; }

  #check(fn: string): void {
    if (this.#released) throw new DisposedError(`remote model (${fn} after release())`);
  }

  /** Model outputs for X computed in the worker: a row-major `Float64Array` of N·c values (N values for one output). */
  async predict(X: WorkerMatrix, request?: RequestOptions): Promise<Float64Array> {
    this.#check('predict');
    return this.#call('predict', X, request) as Promise<Float64Array>;
  }

  /** Class labels computed in the worker (classification `SampledNetwork` only). */
  async predictClass(X: WorkerMatrix, request?: RequestOptions): Promise<Int32Array> {
    this.#check('predictClass');
    return this.#call('predictClass', X, request) as Promise<Int32Array>;
  }

  /** Class probabilities computed in the worker: row-major N × classes (classification `SampledNetwork` only). */
  async predictProba(X: WorkerMatrix, request?: RequestOptions): Promise<Float64Array> {
    this.#check('predictProba');
    return this.#call('predictProba', X, request) as Promise<Float64Array>;
  }

  /**
   * The fitted model on this side, rebuilt with the class's `fromJSON` (needs `await init()`
   * here; you own the result: `dispose()` it). Its predictions equal the worker's bit for bit.
   */
  toModel(): WorkerModels[N]['instance'] {
    const json: unknown = this.json;
    switch (this.model as WorkerModelName) {
      case 'SampledNetwork': return SampledNetwork.fromJSON(json) as WorkerModels[N]['instance'];
      case 'AnminNetwork': return AnminNetwork.fromJSON(json) as WorkerModels[N]['instance'];
      case 'SlimTrainNetwork': return SlimTrainNetwork.fromJSON(json) as WorkerModels[N]['instance'];
      default: return GradientNetwork.fromJSON(json) as WorkerModels[N]['instance'];
    }
  }

  /** Frees the worker's copy (no-op when not kept, already released, or the worker is gone). */
  async release(): Promise<void> {
    if (!this.#kept || this.#released) return;
    this.#released = true;
    await this.#release();
  }
}

/**
 * One fit in a fresh worker, returning the fitted model on this side: starts a
 * {@link ModelWorker}, fits, terminates the worker, loads lsqnet here (`await init()`, with the
 * same `init` options) and rebuilds the model with `fromJSON`. You own the model (`dispose()`).
 * @example
 * const net = await fitInWorker('SampledNetwork', { layers: [1500], seed: 1 }, X, y, { onProgress: console.log });
 * const yhat = net.predict(Xtest, { as: 'array' });
 */
export async function fitInWorker<N extends WorkerModelName>(model: N, options: WorkerModels[N]['options'] | undefined, X: WorkerMatrix, Y: WorkerTargets,
  request: FitInWorkerOptions<WorkerModels[N]['progress']> = {}): Promise<WorkerModels[N]['instance']> {
  const r = checkKeys(request, ['onProgress', 'signal', 'transfer', 'keep', 'workerUrl', 'createWorker', 'init'], 'fitInWorker');
  if (r.keep !== undefined) throw new OptionError("fitInWorker: option 'keep' does not apply (the worker is terminated after the fit): use ModelWorker to keep a model in a worker");
  const { workerUrl, createWorker, init: initOptions, ...fitRequest } = request;
  const worker = await ModelWorker.create({
    ...(workerUrl !== undefined ? { workerUrl } : {}), ...(createWorker !== undefined ? { createWorker } : {}), ...(initOptions !== undefined ? { init: initOptions } : {}),
  });
  try {
    const fitted = await worker.fit(model, options, X, Y, fitRequest);
    await init(initOptions);
    return fitted.toModel();
  } finally {
    worker.dispose();
  }
}
