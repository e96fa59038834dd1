// The demo's worker script: bundled by ./build.mjs as its own entry (dist/worker.js) and started by
// main.ts with ModelWorker.create({ workerUrl: new URL('./worker.js', import.meta.url) }). esbuild
// does not bundle `new Worker(new URL(…, import.meta.url))` by itself, so an app built with esbuild
// needs this one-line file; Vite and webpack 5 follow lsqnet's own worker-entry.js without it.
import { serveModels } from 'lsqnet/worker';

void serveModels();
