/**
 * The package's main entry in Node (package.json `exports["."]`, condition `node`): the whole
 * lsqnet API with the threaded build registered (src/threads.ts), so Node programs run on all
 * cores by default (`init()` = `init({ threads: 'auto' })`). Browser bundles resolve `'lsqnet'`
 * to src/index.ts instead and stay single-thread unless the app imports `'lsqnet/threads'`.
 * @module
 */
import './threads.js';

export * from './index.js';
