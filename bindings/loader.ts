/**
 * Loads lsqnet.wasm: instantiation and feature detection (SIMD, relaxed SIMD, threads). The one
 * place that holds the module instance; `memory.ts` owns allocation and `ops/` the kernel calls.
 * No math lives here.
 *
 * Two runtimes (issue 12, docs/threads.md):
 * - **single**: the inlined single-thread build (`wasm-inline.ts`), its own memory;
 * - **threads**: the threaded build (`lsqnet-threads[-relaxed].wasm`), registered by the
 *   `lsqnet/threads` entry ({@link registerThreadedBuild}; in Node the package's main entry does
 *   it), instantiated over one shared `WebAssembly.Memory` whose maximum is `maxMemory`, plus a
 *   worker pool (bindings/threads/pool.ts) whose workers instantiate the same module on it.
 *   Kernels split their large GEMM-shaped updates inside wasm; bindings/ and src/ are unchanged.
 * @module
 */
import { instantiate } from '@assemblyscript/loader';
import { NotInitializedError, OptionError, LsqnetError, OutOfMemoryError, formatBytes } from './errors.js';
import { WASM_RELAXED_GZIP_BASE64, WASM_SIMD_GZIP_BASE64 } from './generated/wasm-inline.js';
import type { Kernels } from './kernels/index.js';
import { nodeImport } from './node-import.js';
import { createPool, threadAbortError, threadedImports, type Pool, type ThreadedExports } from './threads/pool.js';

export type { Kernels, Ptr } from './kernels/index.js';

/** Options of {@link init}. */
export interface InitOptions {
  /**
   * The wasm binary to load instead of the inlined one: bytes, or a URL (string or `URL`) to
   * fetch. Use it to serve `lsqnet.wasm` (or `lsqnet-relaxed.wasm`) as a separate file.
   */
  wasm?: BufferSource | URL | string;
  /**
   * Use the relaxed-SIMD build (fused multiply-add): `'auto'` (default) when the engine
   * validates it; `true` to require it (in Node this first enables V8's
   * `--experimental-wasm-relaxed-simd` flag, and throws if the engine still refuses it);
   * `false` for the portable SIMD build. Ignored when `wasm` is given.
   */
  relaxedSimd?: 'auto' | boolean;
  /**
   * Threads that run the kernels: `'auto'` (default) = the available cores
   * (`os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers), or an
   * integer 1…256 (more threads than cores is allowed). More than one thread needs the threaded
   * build (registered by `import 'lsqnet/threads'`; in Node the package's main entry does it),
   * `SharedArrayBuffer` (in browsers: a `crossOriginIsolated` page, served with COOP/COEP headers)
   * and a worker API; where one is missing lsqnet runs on one thread and
   * `runtimeInfo().threadsNote` says why. `threads: 1` loads the single-thread build (no
   * workers, no shared memory). Results are bit-identical for every thread count.
   */
  threads?: 'auto' | number;
  /**
   * Upper limit of wasm memory in bytes: a multiple of 65536, at most 4 GiB (2³²). Default: 4 GiB
   * (the threaded build reserves it up front as a shared memory; where the engine refuses the
   * reservation lsqnet tries 2 GiB, 1 GiB and 512 MiB, then one thread). An allocation that
   * would take memory past it throws `OutOfMemoryError` naming `maxMemory`.
   */
  maxMemory?: number;
}

/** What was loaded. */
export interface RuntimeInfo {
  /** True when the relaxed-SIMD (FMA) binary runs. */
  relaxedSimd: boolean;
  /** Where the binary came from. */
  source: 'inline' | 'bytes' | 'url';
  /** `'threads'`: the threaded build over a shared memory; `'single'`: the single-thread build. */
  build: 'single' | 'threads';
  /** Threads that run the kernels now (the caller's thread included); 1 for the single build. */
  threads: number;
  /**
   * Most threads {@link setThreads} accepts in this runtime: 256 in the threaded build (each thread
   * slot takes 4 MiB of scratch in wasm memory when it is first used), 1 in the single build.
   */
  maxThreads: number;
  /** Upper limit of wasm memory in bytes (`init({ maxMemory })`, or what the engine granted). */
  maxMemory: number;
  /**
   * Why the runtime has the threads it has, e.g. `'not crossOriginIsolated …'`,
   * `'no threaded build: import "lsqnet/threads"'`, `'threads: 1 requested'`,
   * `"threads: 'auto' = 8 available cores"`.
   */
  threadsNote: string;
}

/**
 * The threaded binaries, registered by the `lsqnet/threads` entry (src/threads.ts): gzip then
 * base64, as scripts/build-wasm.mjs writes them into bindings/generated/wasm-threads-inline.ts.
 */
export interface ThreadedBuild {
  /** build/lsqnet-threads.wasm (portable SIMD, shared memory, atomics), gzip then base64. */
  simdGzipBase64: string;
  /** build/lsqnet-threads-relaxed.wasm (relaxed SIMD), gzip then base64. */
  relaxedGzipBase64: string;
}

let kernels: Kernels | null = null;
let info: RuntimeInfo | null = null;
let pending: Promise<RuntimeInfo> | null = null;
let threadedBuild: ThreadedBuild | null = null;
let pool: Pool | null = null;

/** Largest thread count {@link setThreads} and `init({ threads })` accept. */
export const MAX_THREADS = 256;
/** wasm page size (bytes). */
const PAGE = 65536;
/** 4 GiB: the wasm32 limit and the default `maxMemory`. */
const MAX_MEMORY = 2 ** 32;
/** Initial pages of the shared memory: the threaded build's declared minimum (asconfig.json `initialMemory`). */
const THREADS_INITIAL_PAGES = 32;
/** How long `init` waits for the workers to enter their job loop (they join later jobs when slower). */
const WORKER_START_WAIT_MS = 10_000;
/** Reservations tried, in order, when `maxMemory` is not given. */
const DEFAULT_RESERVATIONS = [2 ** 32, 2 ** 31, 2 ** 30, 2 ** 29];

/**
 * Registers the threaded build (what `import 'lsqnet/threads'` does; in Node the package's main
 * entry imports it). Must run before {@link init}; a second registration is ignored. Without it
 * `init()` loads the single-thread build.
 * @throws {OptionError} when `build` is not a pair of base64 strings.
 */
export function registerThreadedBuild(build: ThreadedBuild): void {
  if (build === null || typeof build !== 'object' || typeof build.simdGzipBase64 !== 'string' || typeof build.relaxedGzipBase64 !== 'string') {
    throw new OptionError('registerThreadedBuild(build): expected { simdGzipBase64: string, relaxedGzipBase64: string }');
  }
  threadedBuild ??= { simdGzipBase64: build.simdGzipBase64, relaxedGzipBase64: build.relaxedGzipBase64 };
}

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * An inlined binary: base64 of its gzip (scripts/build-wasm.mjs), inflated by the platform's
 * DecompressionStream (Node ≥ 18, Chrome ≥ 80, Firefox ≥ 113, Safari ≥ 16.4).
 */
async function inlineBinary(gzBase64: string): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof DecompressionStream !== 'function' || typeof Response !== 'function' || typeof Blob !== 'function') {
    throw new LsqnetError('NOT_INITIALIZED',
      'this engine has no DecompressionStream, which the inlined lsqnet binary needs (Node >= 18, Chrome >= 80, Firefox >= 113, Safari >= 16.4); pass the binary yourself: init({ wasm: bytes or URL of lsqnet.wasm })');
  }
  const stream = new Blob([decodeBase64(gzBase64)]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}


async function enableRelaxedInNode(): Promise<void> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) return;
  try {
    const v8 = await nodeImport<typeof import('node:v8')>('node:v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // not Node or flags refused: validation below decides
  }
}

/**
 * Picks one of a pair of inlined binaries (portable SIMD, relaxed SIMD) by `init({ relaxedSimd })`:
 * the relaxed one where the engine validates it (`'auto'`, the default; `true` first enables V8's
 * flag in Node and throws {@link OptionError} when the engine still refuses it), the portable one
 * otherwise. Returns null when the engine does not validate the portable one either.
 */
async function chooseInline(simdGz: string, relaxedGz: string, relaxedSimd: InitOptions['relaxedSimd']): Promise<Uint8Array<ArrayBuffer> | null> {
  const mode = relaxedSimd ?? 'auto';
  const simd = await inlineBinary(simdGz);
  if (!WebAssembly.validate(simd)) return null;
  if (mode === false) return simd;
  const relaxed = await inlineBinary(relaxedGz);
  if (mode === true) await enableRelaxedInNode();
  if (WebAssembly.validate(relaxed)) return relaxed;
  if (mode === true) {
    throw new OptionError('init({ relaxedSimd: true }): this engine does not validate relaxed SIMD (in Node 20 it needs V8\'s --experimental-wasm-relaxed-simd)');
  }
  return simd;
}

/**
 * Every function export of lsqnet.wasm that the typed {@link Kernels} interface declares. A
 * module given to `init({ wasm })` must export all of them (and `memory`) before any state is
 * committed; the type check below fails when the interface gains a kernel that is not listed.
 */
const KERNEL_EXPORTS = [
  'alloc', 'anminAdam', 'anminAssemble', 'anminAssembleWorkspaceSize', 'anminAssembleZ', 'anminColSums',
  'anminGatherRows', 'anminGramTN', 'anminMomentum', 'anminPattern', 'anminReluBackward', 'anminRhs',
  'anminSse', 'anminSymmetrizeShift', 'cholGram', 'cholGramWorkspaceSize', 'cholInverseFrobSq',
  'cholInverseFrobSqWorkspaceSize', 'cholLogDiag', 'cholPrepare', 'daxpby', 'daxpy', 'dbdsqr', 'dbdsqrApplyV',
  'dbdsqrMaterializeV', 'dbdsqrRecord', 'dbdsqrRecordLength', 'dbdsqrRecordWorkspaceSize',
  'dbdsqrWorkspaceSize', 'dbiasAdd', 'dcolumnNorms', 'dcopy', 'ddot', 'dfill', 'dgatherRowsScaled', 'dgeadd',
  'dgebd2', 'dgebd2WorkspaceSize', 'dgebrd', 'dgebrdWorkspaceSize', 'dgelss', 'dgelssApply',
  'dgelssApplyPaused', 'dgelssApplyPausedWorkspaceSize', 'dgelssApplyWide', 'dgelssRecord', 'dgelssRecordWide',
  'dgelssResume', 'dgelssWorkspaceSize', 'dgelsyTail', 'dgelsyTailWorkspaceSize', 'dgemm',
  'dgemmWorkspaceSize', 'dgemmt', 'dgemqrt', 'dgemqrtWorkspaceSize', 'dgemv', 'dgeqp3', 'dgeqp3Truncated',
  'dgeqp3Unblocked', 'dgeqp3WorkspaceSize', 'dgeqrf', 'dgeqrfWorkspaceSize', 'dger', 'dgesvd',
  'dgesvdWorkspaceSize', 'dlacpy', 'dlangeMax', 'dlasclPow2', 'dlarfg', 'dlaset_identity', 'dleakyReluBias', 'dnorm2', 'dnormalize',
  'dnrm2', 'dorgbrP', 'dorgbrQ', 'dorgbrWorkspaceSize', 'dorgqrBlocked', 'dorgqrWorkspaceSize', 'dorgtr2',
  'dorm2r', 'dorm2rT', 'dormbrP', 'dormbrPt', 'dormbrQ', 'dormbrQt', 'dpotrf', 'dpotrfWorkspaceSize', 'dpotrs',
  'dpotrsWorkspaceSize', 'drot', 'drowNormsSq', 'dscal', 'dsteqlQL', 'dswap', 'dsyev', 'dsyevWorkspaceSize',
  'dsyrk', 'dsyrkWorkspaceSize', 'dsytrd2', 'dsytrdWorkspaceSize', 'dtanhBias', 'dtranspose', 'dtrmm',
  'dtrmmWorkspaceSize', 'dtrsm', 'dtrsmWorkspaceSize', 'firstNonFinite', 'free', 'lsqrUpdate', 'memoryPages',
  'philox4x32', 'qrBlockSize', 'qrExtractR', 'qrFormQ', 'qrFormQWorkspaceSize', 'qrFormT',
  'qrFormTWorkspaceSize', 'qrRankIce', 'qrRankIceWorkspaceSize', 'relaxedSimdBuild', 'rngNormal', 'rngUniform',
  'sparseSignColumns', 'sparseSignSketch', 'sparseSignSketchWorkspaceSize', 'swimCandidatePairs',
  'swimCandidatePairsWorkspaceSize', 'swimNeurons', 'swimSampleDiscrete', 'swimSampleDiscreteWorkspaceSize',
  'swimScores', 'softmaxLoss', 'softmaxResidual', 'softmaxHessApply', 'logisticLoss', 'logisticResidual',
  'logisticHessApply', 'hessianRowWeights',
  'kernelParamBuild', 'kernelParamAdjoint', 'activationGradMul', 'hadamardInPlace', 'softplusForward',
  'varproJacobianBlock', 'kernelParamRightQ',
  'dbdsdc', 'dbdsdcWorkspaceSize', 'dgesdd', 'dgesddWorkspaceSize', 'dgelsdWorkspaceSize', 'dgelsdTall', 'dgelsdApply',
  'slimtikGcvSumsWorkspaceSize', 'slimtikGcvSums', 'slimtikUpdateCoef',
  'resnetActBackward', 'resnetAntisym', 'resnetAntisymGrad', 'resnetRegularize', 'resnetPermutation',
  'resnetForwardPass', 'resnetBackwardPass',
  'dstedcWorkspaceSize', 'dstedcUWorkspaceSize', 'dstedcLeafSize', 'dstedc', 'dsyevdWorkspaceSize', 'dsyevd',
  'slimtrainAdamMeganet',
] as const;

type MissingFromList = Exclude<Exclude<keyof Kernels, 'memory'>, (typeof KERNEL_EXPORTS)[number]>;
const kernelListIsComplete: [MissingFromList] extends [never] ? true : MissingFromList = true;
void kernelListIsComplete;

const INIT_OPTIONS = ['wasm', 'relaxedSimd', 'threads', 'maxMemory'];

/** Bounded description of an argument for init's messages (never recursive). */
function what(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === 'object') {
    const proto: unknown = Object.getPrototypeOf(v);
    const name = proto === Object.prototype || proto === null ? '' : (v.constructor as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' && name ? `a ${name}` : 'an object';
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return `a ${typeof v}`;
}

/** Checks init's argument (types only; nothing is loaded): the options object and its keys. */
function checkInitOptions(options: unknown): InitOptions {
  if (options === undefined) return {};
  // an object literal (or a null-prototype / JSON object): a Map, a typed array, a Date… is not options
  const proto: unknown = options !== null && typeof options === 'object' ? Object.getPrototypeOf(options) : undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || (proto !== Object.prototype && proto !== null)) {
    throw new OptionError(`init(options): options must be an object ({ wasm?, relaxedSimd?, threads?, maxMemory? }) or omitted, got ${what(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!INIT_OPTIONS.includes(key)) throw new OptionError(`init(options): unknown option '${key.length > 40 ? `${key.slice(0, 40)}…` : key}' (known: ${INIT_OPTIONS.join(', ')})`);
  }
  const o = options as InitOptions;
  const mode: unknown = o.relaxedSimd;
  if (mode !== undefined && mode !== 'auto' && typeof mode !== 'boolean') {
    throw new OptionError(`init({ relaxedSimd }): expected 'auto', true or false, got ${what(mode)}`);
  }
  const w: unknown = o.wasm;
  if (w !== undefined && typeof w !== 'string' && !(w instanceof URL) && !ArrayBuffer.isView(w) && !(w instanceof ArrayBuffer)) {
    throw new OptionError(`init({ wasm }): expected bytes (ArrayBuffer / typed array) or a URL (string or URL), got ${what(w)}`);
  }
  const t: unknown = o.threads;
  if (t !== undefined && t !== 'auto') checkThreadCount(t, 'init({ threads })', " 'auto' or");
  const mm: unknown = o.maxMemory;
  if (mm !== undefined && (typeof mm !== 'number' || !Number.isInteger(mm) || mm < PAGE || mm % PAGE !== 0 || mm > MAX_MEMORY)) {
    throw new OptionError(`init({ maxMemory }): expected a multiple of 65536 bytes (one wasm page) from 65536 to 4294967296 (4 GiB), got ${what(mm)}`);
  }
  return o;
}

/** Checks a thread count: an integer 1…{@link MAX_THREADS}. */
function checkThreadCount(n: unknown, where: string, alt = ''): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new OptionError(`${where}: expected${alt} an integer from 1 to ${MAX_THREADS}, got ${what(n)}`);
  }
}

/** Reads the binary of `init({ wasm })`. */
async function wasmBytes(wasmOption: BufferSource | URL | string): Promise<{ bytes: Uint8Array<ArrayBuffer>; source: RuntimeInfo['source'] }> {
  if (typeof wasmOption === 'string' || wasmOption instanceof URL) {
    let url: URL;
    try {
      url = wasmOption instanceof URL ? wasmOption : new URL(wasmOption, (globalThis as { location?: { href: string } }).location?.href ?? 'file:///');
    } catch {
      throw new OptionError(`init({ wasm }): ${what(wasmOption)} is not a valid URL`);
    }
    if (url.protocol === 'file:') {
      // Node's fetch does not read file: URLs
      const fs = await nodeImport<typeof import('node:fs/promises')>('node:fs/promises').catch(() => {
        throw new OptionError(`init({ wasm }): cannot read ${url.href}: file: URLs need Node`);
      });
      const data = await fs.readFile(url).catch((err: Error) => {
        throw new OptionError(`init({ wasm }): cannot read ${url.href}: ${err.message}`);
      });
      const bytes = new Uint8Array(data.byteLength);
      bytes.set(data);
      return { bytes, source: 'url' };
    }
    const res = await fetch(url).catch((err: Error) => {
      throw new OptionError(`init({ wasm }): fetching ${url.href} failed: ${err.message}`);
    });
    if (!res.ok) throw new OptionError(`init({ wasm }): fetching ${url.href} failed with HTTP ${res.status}`);
    const buf = await res.arrayBuffer().catch((err: Error) => {
      throw new OptionError(`init({ wasm }): reading the body of ${url.href} failed: ${err.message}`);
    });
    return { bytes: new Uint8Array(buf), source: 'url' };
  }
  if (ArrayBuffer.isView(wasmOption)) {
    const bytes = new Uint8Array(wasmOption.byteLength);
    bytes.set(new Uint8Array(wasmOption.buffer, wasmOption.byteOffset, wasmOption.byteLength));
    return { bytes, source: 'bytes' };
  }
  return { bytes: new Uint8Array(wasmOption.slice(0)), source: 'bytes' };
}

/** What {@link load} returns: nothing of it is committed until it is complete. */
interface Loaded {
  kernels: Kernels;
  info: RuntimeInfo;
  pool: Pool | null;
}

/** Names the required exports missing from `exports` (KERNEL_EXPORTS, `memory`, `extra`). */
function missingExports(exports: Record<string, unknown>, extra: readonly string[] = []): string[] {
  const missing: string[] = [...KERNEL_EXPORTS, ...extra].filter((name) => typeof exports[name] !== 'function');
  if (!(exports.memory instanceof WebAssembly.Memory)) missing.unshift('memory');
  return missing;
}

/** Reads `relaxedSimdBuild()` of a checked module: 0 or 1. */
function relaxedFlag(k: Kernels, from: string): boolean {
  let flag: number;
  try {
    flag = k.relaxedSimdBuild();
  } catch (err) {
    throw new OptionError(`${from}: relaxedSimdBuild() failed: ${err instanceof Error ? err.message : what(err)}`);
  }
  if (flag !== 0 && flag !== 1) throw new OptionError(`${from}: not an lsqnet build: relaxedSimdBuild() returned ${what(flag)}, expected 0 or 1`);
  return flag === 1;
}

/**
 * Loads, instantiates and checks the single-thread module; returns it without committing
 * anything (the caller commits only on success, so a failed `init` leaves the library
 * uninitialised).
 */
async function loadSingle(options: InitOptions, threadsNote: string): Promise<Loaded> {
  let bytes: Uint8Array<ArrayBuffer>;
  let source: RuntimeInfo['source'] = 'inline';
  if (options.wasm !== undefined) {
    ({ bytes, source } = await wasmBytes(options.wasm));
    if (!WebAssembly.validate(bytes)) {
      throw new OptionError(`init({ wasm }): the binary (${bytes.length} bytes) is not a WebAssembly module this engine validates (lsqnet needs WebAssembly SIMD; the relaxed build also relaxed SIMD)`);
    }
  } else {
    const chosen = await chooseInline(WASM_SIMD_GZIP_BASE64, WASM_RELAXED_GZIP_BASE64, options.relaxedSimd);
    if (chosen === null) {
      throw new LsqnetError('NOT_INITIALIZED',
        'this engine does not support WebAssembly SIMD, which lsqnet requires (Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4)');
    }
    bytes = chosen;
  }
  const from = source === 'inline' ? 'the inlined lsqnet binary' : 'init({ wasm })';
  let exports: Record<string, unknown>;
  try {
    ({ exports } = await instantiate<Record<string, unknown>>(bytes, {}));
  } catch (err) {
    throw new OptionError(`${from}: the module cannot be instantiated: ${err instanceof Error ? err.message : what(err)}`);
  }
  // validate the exports before anything is committed
  const missing = missingExports(exports);
  if (missing.length > 0) {
    throw new OptionError(`${from}: not an lsqnet build (or one of another version): ${missing.length} of ${KERNEL_EXPORTS.length + 1} required exports are missing (${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''})`);
  }
  const k = exports as unknown as Kernels;
  const relaxedSimd = relaxedFlag(k, from);
  return {
    kernels: k,
    info: { relaxedSimd, source, build: 'single', threads: 1, maxThreads: 1, maxMemory: options.maxMemory ?? MAX_MEMORY, threadsNote },
    pool: null,
  };
}

/** The exports of the threaded build beyond the shipped ones (the pool's side of par.ts). */
const THREAD_EXPORTS = [
  'parControlBytes', 'parSetup', 'parInit', 'parSetThreads', 'parWorkerLoop', 'parWorkerFailed', 'parMessage',
  'parFailedSlot', 'parQuit', 'parAbandon', 'threadsBuild',
  'parScratchBytes', 'parSetScratch',
] as const;

/** Where the pool's workers come from. */
type Platform = 'node' | 'browser';

const isNode = (): boolean => typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/** Available cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` elsewhere (at least 1). */
async function availableCores(): Promise<number> {
  let n = 1;
  if (isNode()) {
    try {
      const os = await nodeImport<typeof import('node:os')>('node:os');
      n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    } catch {
      n = 1;
    }
  } else {
    const hc = (globalThis as { navigator?: { hardwareConcurrency?: unknown } }).navigator?.hardwareConcurrency;
    if (typeof hc === 'number') n = hc;
  }
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_THREADS) : 1;
}

/**
 * Decides the runtime before anything is loaded: the thread count and the platform of the
 * workers, or (one thread) the reason why.
 */
async function planThreads(options: InitOptions): Promise<{ threads: number; platform: Platform; note: string } | { single: string }> {
  const requested = options.threads ?? 'auto';
  if (options.wasm !== undefined) return { single: 'init({ wasm }) loads the given single-thread binary' };
  if (requested === 1) return { single: 'threads: 1 requested (the single-thread build)' };
  const cores = await availableCores();
  if (requested === 'auto' && cores === 1) return { single: "threads: 'auto' = 1 available core" };
  const threads = requested === 'auto' ? cores : requested;
  const note = requested === 'auto' ? `threads: 'auto' = ${cores} available cores` : `threads: ${threads} requested (${cores} available cores)`;
  if (threadedBuild === null) return { single: 'no threaded build: import "lsqnet/threads" (in Node the package\'s main entry does it)' };
  // a browser page that is not cross-origin isolated has no SharedArrayBuffer: say what to change
  if (!isNode() && (globalThis as { crossOriginIsolated?: unknown }).crossOriginIsolated !== true) {
    return { single: 'not crossOriginIsolated: serve the page with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp' };
  }
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') {
    return { single: 'SharedArrayBuffer is unavailable in this engine' };
  }
  if (isNode()) return { threads, platform: 'node', note };
  if (typeof (globalThis as { Worker?: unknown }).Worker !== 'function') return { single: 'no Worker API in this context' };
  return { threads, platform: 'browser', note };
}

/** Creates the shared memory: `maxMemory`, or the first default reservation the engine grants. */
function sharedMemory(maxMemory: number | undefined): { memory: WebAssembly.Memory; bytes: number } | { refused: string } {
  const tries = maxMemory !== undefined ? [maxMemory] : DEFAULT_RESERVATIONS;
  let last = '';
  for (const bytes of tries) {
    try {
      return { memory: new WebAssembly.Memory({ initial: THREADS_INITIAL_PAGES, maximum: bytes / PAGE, shared: true }), bytes };
    } catch (err) {
      last = err instanceof Error ? err.message : what(err);
    }
  }
  return { refused: `the engine refused a shared memory of ${tries.map((b) => formatBytes(b)).join(', then ')}${maxMemory !== undefined ? ' (maxMemory)' : ''}: ${last}` };
}

/**
 * The kernels of the threaded main instance: every export as is, except that a kernel call that
 * throws (a trap, or an abort the handler turned into an error) first lets par.ts close an open
 * parallel job (`parAbandon`: waits for the workers to leave it and resets the nesting), so the
 * next call starts clean.
 */
function guardKernels(exports: Record<string, unknown>): Kernels {
  const abandon = exports.parAbandon as () => void;
  const out: Record<string, unknown> = { ...exports };
  for (const name of KERNEL_EXPORTS) {
    const f = exports[name] as (...a: number[]) => number;
    out[name] = (...a: number[]): number => {
      try {
        return f(...a);
      } catch (err) {
        try { abandon(); } catch { /* the error in flight is the one to report */ }
        throw err;
      }
    };
  }
  return out as unknown as Kernels;
}

/**
 * Loads the registered threaded build over a new shared memory and starts its pool. Returns
 * `{ refused }` (the caller falls back to one thread and says why) when this engine cannot run
 * it: the build does not validate, or the shared-memory reservation is refused.
 */
async function loadThreaded(build: ThreadedBuild, options: InitOptions, plan: { threads: number; platform: Platform; note: string }): Promise<Loaded | { refused: string }> {
  const bytes = await chooseInline(build.simdGzipBase64, build.relaxedGzipBase64, options.relaxedSimd);
  if (bytes === null) return { refused: 'this engine does not validate the threaded build (WebAssembly threads and SIMD)' };
  const from = 'the threaded lsqnet build';
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes);
  } catch (err) {
    return { refused: `${from} does not compile here: ${err instanceof Error ? err.message : what(err)}` };
  }
  const mem = sharedMemory(options.maxMemory);
  if ('refused' in mem) return mem;
  const { memory } = mem;
  // the abort handler of the main instance: par.ts closes the interrupted job (parAbandon), and a
  // failure on a worker (reported through the control block) becomes a ThreadError naming the
  // worker's slot and message (threadAbortError); before the pool exists, the plain abort error
  let live: { exports: ThreadedExports; memory: WebAssembly.Memory } | null = null;
  const onAbort = (message: string, file: string, line: number, column: number): never => {
    if (live === null) throw new Error(`abort: ${message} at ${file}:${line}:${column}`);
    throw threadAbortError(live, message, file, line, column);
  };
  let exports: Record<string, unknown>;
  try {
    ({ exports } = await WebAssembly.instantiate(module, threadedImports(memory, onAbort)) as unknown as { exports: Record<string, unknown> });
  } catch (err) {
    return { refused: `${from} cannot be instantiated: ${err instanceof Error ? err.message : what(err)}` };
  }
  const missing = missingExports(exports, THREAD_EXPORTS);
  if (missing.length > 0) {
    throw new OptionError(`${from} (registered by lsqnet/threads) is not of this lsqnet version: ${missing.length} required exports are missing (${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''})`);
  }
  if ((exports.threadsBuild as () => number)() !== 1) throw new OptionError(`${from}: threadsBuild() is not 1`);
  const relaxedSimd = relaxedFlag(exports as unknown as Kernels, from);
  const kernels = guardKernels(exports);
  const x = exports as unknown as ThreadedExports;
  // the pool allocates the scratch of init's threads (4 MiB each); setThreads adds more on demand
  let p: Pool;
  try {
    p = await createPool({ module, memory, exports: x }, { threads: plan.threads, platform: plan.platform, maxMemory: mem.bytes });
  } catch (err) {
    return { refused: `the worker pool cannot start: ${err instanceof Error ? err.message : what(err)}` };
  }
  live = { exports: x, memory };
  // The workers start asynchronously (in Node and browsers they need this thread's event loop to
  // turn): wait until they are in their job loop, so that the first kernel call after `await
  // init()` already runs on every thread. Bounded: a worker that takes longer joins the jobs
  // posted after it is ready (the calling thread claims what nobody else does).
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p.started(), new Promise<void>((r) => { timer = setTimeout(r, WORKER_START_WAIT_MS); })]);
  clearTimeout(timer);
  return {
    kernels,
    info: { relaxedSimd, source: 'inline', build: 'threads', threads: p.threads, maxThreads: p.maxThreads, maxMemory: mem.bytes, threadsNote: plan.note },
    pool: p,
  };
}

/** Loads the runtime {@link planThreads} chose; a threaded build the engine refuses falls back to one thread. */
async function load(options: InitOptions): Promise<Loaded> {
  if (typeof WebAssembly === 'undefined') {
    throw new LsqnetError('NOT_INITIALIZED', 'this JavaScript engine has no WebAssembly support');
  }
  const plan = await planThreads(options);
  if ('single' in plan) return loadSingle(options, plan.single);
  const loaded = await loadThreaded(threadedBuild!, options, plan);
  if ('refused' in loaded) return loadSingle(options, `one thread: ${loaded.refused}`);
  return loaded;
}

/**
 * Loads the wasm module. Idempotent: later calls return the first successful call's result
 * (options of later calls are type-checked, then ignored; {@link setThreads} changes the thread
 * count). Must be awaited once before any other lsqnet function.
 *
 * Threads (docs/threads.md): with the threaded build registered (`lsqnet/threads`, or the
 * package's main entry in Node), `threads` other than 1, `SharedArrayBuffer` and a worker API
 * (browsers: a crossOriginIsolated page), it instantiates the threaded build over a shared
 * memory of `maxMemory` bytes and starts `threads − 1` workers (resolving once they are ready,
 * or after at most 10 s, after which a late worker joins the next jobs); otherwise, or when the
 * engine refuses the threaded build or the memory reservation, the single-thread build, with
 * `runtimeInfo().threadsNote` saying why. Results are the same bits either way.
 *
 * Atomic: the module is instantiated and its exports are checked (every kernel lsqnet calls,
 * and `memory`) before any state changes. On failure the promise rejects with a typed error —
 * {@link OptionError} naming the option (`init(options)`, `init({ wasm })`,
 * `init({ relaxedSimd })`, `init({ threads })`, `init({ maxMemory })`) for a bad argument, an unreadable URL, bytes that are not a valid
 * module or a module without lsqnet's exports — and the library stays uninitialised
 * (`isInitialized()` is false), so a later `init` with good options works.
 * @throws {OptionError} (as a rejected promise) bad options, or a `wasm` that is not an lsqnet module.
 */
export function init(options?: InitOptions): Promise<RuntimeInfo> {
  let checked: InitOptions;
  try {
    checked = checkInitOptions(options);
  } catch (err) {
    return Promise.reject(err);
  }
  if (info) return Promise.resolve(info);
  if (!pending) {
    pending = load(checked).then(
      (loaded) => {
        // commit: only a fully checked module becomes the library's state
        kernels = loaded.kernels;
        info = loaded.info;
        pool = loaded.pool;
        return loaded.info;
      },
      (err) => { pending = null; throw err; },
    );
  }
  return pending;
}

/** True once {@link init} has completed. */
export function isInitialized(): boolean {
  return kernels !== null;
}

/**
 * Information about the loaded runtime: the binary, the build (`'single'` or `'threads'`), the
 * thread count and why, and `maxMemory`. Throws {@link NotInitializedError} before `init`.
 */
export function runtimeInfo(): RuntimeInfo {
  if (!info) throw new NotInitializedError('runtimeInfo()');
  return info;
}

/**
 * Sets the number of threads that run the kernels from the next call on: an integer 1…256
 * (`runtimeInfo().maxThreads`) in the threaded runtime, more than the cores allowed. Growing
 * starts the missing workers and allocates 4 MiB of scratch in wasm memory for each thread slot
 * never used before; shrinking keeps that scratch (and the workers, idle without CPU) for a later
 * grow. Results are bit-identical for every `n`. In the single-thread runtime only `n = 1` is
 * accepted. Not to be called while a kernel runs (it cannot be: kernels are synchronous on the
 * calling thread).
 * @throws {OptionError} `n` is not an integer in 1…256, or `n > 1` in a single-thread runtime (the message says why it is single-thread).
 * @throws {OutOfMemoryError} the scratch of the new thread slots does not fit in wasm memory (the message names `maxMemory`); the thread count is then unchanged.
 * @throws {NotInitializedError} before `init()`.
 */
export function setThreads(n: number): void {
  checkThreadCount(n, 'setThreads(n)');
  if (info === null) throw new NotInitializedError('setThreads()');
  if (pool === null) {
    if (n === 1) return;
    throw new OptionError(`setThreads(${n}): this runtime runs the single-thread build (${info.threadsNote}); only setThreads(1) is possible`);
  }
  pool.setThreads(n);
  info = { ...info, threads: pool.threads, threadsNote: `setThreads(${n})` };
}

/** The `maxMemory` of the loaded runtime in bytes (4 GiB before `init`). For `memory.ts`. */
export function maxMemoryBytes(): number {
  return info?.maxMemory ?? MAX_MEMORY;
}

/** The typed kernel exports. Throws {@link NotInitializedError} before `init()`. */
export function wasm(what?: string): Kernels {
  if (kernels === null) throw new NotInitializedError(what);
  return kernels;
}

