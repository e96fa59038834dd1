/**
 * The worker side of `lsqnet/worker`: {@link serveModels} answers a {@link ModelWorker}'s
 * requests (init, fit, predict, release) inside a Web Worker or a Node `worker_threads` worker.
 * The package's own worker script (`worker-entry.js`) is just `serveModels()`; call it yourself
 * in a worker file your bundler builds (see docs/browser.md).
 * @module
 */
import { AnminNetwork, GradientNetwork, init, liveBlocks, liveBytes, memoryBytes, OptionError, SampledNetwork, SlimTrainNetwork, type InitOptions } from '../index.js';
import { WorkerError } from './errors.js';
import { errorToWire, WORKER_MODELS, type Reply, type Request, type WireFit, type WorkerMemory } from './protocol.js';

/** Imports a Node built-in with a non-literal specifier so browser bundlers leave it alone (only reached in Node). */
const nodeImport = <T>(name: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<T>;

interface Port {
  post(msg: Reply, transfer?: ArrayBuffer[]): void;
  listen(fn: (msg: Request) => void): void;
}

const CLASSES = { SampledNetwork, AnminNetwork, GradientNetwork, SlimTrainNetwork } as const;
type AnyModel = SampledNetwork | AnminNetwork | GradientNetwork | SlimTrainNetwork;

/** The port to the thread that created this worker (Node `parentPort` or the Web Worker global). */
async function parentPort(): Promise<Port> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof proc?.versions?.node === 'string') {
    const wt = await nodeImport<typeof import('node:worker_threads')>('node:worker_threads');
    const port = wt.parentPort;
    if (wt.isMainThread || !port) throw new WorkerError('serveModels() must run inside a worker (the script a ModelWorker starts), not on the main thread');
    return { post: (m, t) => port.postMessage(m, t ?? []), listen: (fn) => { port.on('message', fn); } };
  }
  const g = globalThis as unknown as {
    WorkerGlobalScope?: unknown;
    postMessage(m: unknown, o?: { transfer?: Transferable[] }): void;
    addEventListener(t: 'message', fn: (ev: MessageEvent) => void): void;
  };
  if (g.WorkerGlobalScope === undefined) throw new WorkerError('serveModels() must run inside a Web Worker (the script a ModelWorker starts), not on a page');
  return { post: (m, t) => g.postMessage(m, { transfer: t ?? [] }), listen: (fn) => g.addEventListener('message', (ev) => fn(ev.data as Request)) };
}

/**
 * Answers the requests of the {@link ModelWorker} that started this worker, until the worker is
 * terminated: loads the wasm (`init`), fits models (posting every `onProgress` event back),
 * keeps fitted models for `predict` when asked, and sends every error back as data (the caller
 * rethrows it as the same lsqnet error class). Requests run one at a time, in order.
 *
 * Call it once, at the top level of a worker script:
 * ```ts
 * // worker.ts — bundled as its own entry point
 * import { serveModels } from 'lsqnet/worker';
 * serveModels();
 * ```
 * @returns a promise that resolves once the worker listens (it rejects with {@link WorkerError}
 *   when called outside a worker).
 */
export async function serveModels(): Promise<void> {
  const port = await parentPort();
  const models = new Map<number, AnyModel>();
  let nextHandle = 1;
  let queue: Promise<void> = Promise.resolve();

  const fit = (req: Extract<Request, { type: 'fit' }>): WireFit => {
    if (!(WORKER_MODELS as readonly string[]).includes(req.model)) {
      throw new OptionError(`ModelWorker.fit: unknown model '${String(req.model)}' (known: ${WORKER_MODELS.join(', ')})`);
    }
    const options: Record<string, unknown> = { ...req.options };
    if (req.progress) options.onProgress = (event: unknown): void => port.post({ type: 'progress', id: req.id, event });
    const model = new CLASSES[req.model](options as never) as AnyModel;
    const t0 = performance.now();
    try {
      model.fit(req.X, req.Y);
      const seconds = (performance.now() - t0) / 1000;
      const out: WireFit = { json: model.toJSON(), history: model.history, seconds, handle: null };
      if (req.keep) {
        out.handle = nextHandle++;
        models.set(out.handle, model);
      }
      return out;
    } finally {
      if (!req.keep) model.dispose();
    }
  };

  const kept = (handle: number, fn: string): AnyModel => {
    const model = models.get(handle);
    if (!model) throw new WorkerError(`${fn}: the worker holds no model #${handle} (released already?)`);
    return model;
  };

  const handle = async (req: Request): Promise<void> => {
    try {
      switch (req.type) {
        case 'init': {
          const info = await init(req.options as InitOptions);
          port.post({ type: 'result', id: req.id, value: info });
          return;
        }
        case 'fit': {
          const out = fit(req);
          port.post({ type: 'result', id: req.id, value: out });
          return;
        }
        case 'predict': {
          const model = kept(req.handle, `RemoteModel.${req.method}`);
          let out: Float64Array | Int32Array;
          if (req.method === 'predict') out = model.predict(req.X, { as: 'array' });
          else {
            if (!(model instanceof SampledNetwork)) throw new OptionError(`RemoteModel.${req.method}: ${model.constructor.name} is a regression model (no classes)`);
            if (req.method === 'predictClass') out = model.predictClass(req.X);
            else {
              const P = model.predictProba(req.X);
              try { out = P.toRowMajor(); } finally { P.dispose(); }
            }
          }
          port.post({ type: 'result', id: req.id, value: out }, [out.buffer as ArrayBuffer]);
          return;
        }
        case 'release': {
          models.get(req.handle)?.dispose();
          models.delete(req.handle);
          port.post({ type: 'result', id: req.id, value: null });
          return;
        }
        case 'memory': {
          const value: WorkerMemory = { liveBytes: liveBytes(), liveBlocks: liveBlocks(), memoryBytes: memoryBytes(), keptModels: models.size };
          port.post({ type: 'result', id: req.id, value });
          return;
        }
        default:
          throw new WorkerError(`unknown request ${JSON.stringify((req as { type?: unknown }).type)}`);
      }
    } catch (err) {
      port.post({ type: 'error', id: req.id, error: errorToWire(err) });
    }
  };

  port.listen((req) => { queue = queue.then(() => handle(req)); });
}
