/**
 * lsqnet's worker script (built to `worker-entry.js` next to the `lsqnet/worker` module): a
 * {@link ModelWorker} starts it by default. It only serves requests; see `serve.ts`.
 * @module
 */
import { serveModels } from './serve.js';

void serveModels();
