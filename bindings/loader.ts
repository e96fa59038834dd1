/**
 * Loads lsqnet.wasm: instantiation and feature detection (SIMD, relaxed SIMD). The one place
 * that holds the module instance; `memory.ts` owns allocation and `ops/` the kernel calls.
 * No math lives here.
 * @module
 */
import { instantiate } from '@assemblyscript/loader';
import { NotInitializedError, OptionError, LsqnetError } from './errors.js';
import { WASM_RELAXED_GZIP_BASE64, WASM_SIMD_GZIP_BASE64 } from './generated/wasm-inline.js';
import type { Kernels } from './kernels/index.js';

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
}

/** What was loaded. */
export interface RuntimeInfo {
  /** True when the relaxed-SIMD (FMA) binary runs. */
  relaxedSimd: boolean;
  /** Where the binary came from. */
  source: 'inline' | 'bytes' | 'url';
}

let kernels: Kernels | null = null;
let info: RuntimeInfo | null = null;
let pending: Promise<RuntimeInfo> | null = null;

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

/**
 * Imports a Node built-in with a non-literal specifier, so browser bundlers (esbuild, Vite,
 * webpack) leave it alone instead of failing to resolve `node:*`; only reached in Node.
 */
const nodeImport = <T>(name: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<T>;

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

const INIT_OPTIONS = ['wasm', 'relaxedSimd'];

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
    throw new OptionError(`init(options): options must be an object ({ wasm?, relaxedSimd? }) or omitted, got ${what(options)}`);
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
  return o;
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

/**
 * Loads, instantiates and checks the module; returns it without committing anything (the
 * caller commits only on success, so a failed `init` leaves the library uninitialised).
 */
async function load(options: InitOptions): Promise<{ kernels: Kernels; info: RuntimeInfo }> {
  if (typeof WebAssembly === 'undefined') {
    throw new LsqnetError('NOT_INITIALIZED', 'this JavaScript engine has no WebAssembly support');
  }
  let bytes: Uint8Array<ArrayBuffer>;
  let source: RuntimeInfo['source'] = 'inline';
  if (options.wasm !== undefined) {
    ({ bytes, source } = await wasmBytes(options.wasm));
    if (!WebAssembly.validate(bytes)) {
      throw new OptionError(`init({ wasm }): the binary (${bytes.length} bytes) is not a WebAssembly module this engine validates (lsqnet needs WebAssembly SIMD; the relaxed build also relaxed SIMD)`);
    }
  } else {
    const mode = options.relaxedSimd ?? 'auto';
    const simd = await inlineBinary(WASM_SIMD_GZIP_BASE64);
    if (!WebAssembly.validate(simd)) {
      throw new LsqnetError('NOT_INITIALIZED',
        'this engine does not support WebAssembly SIMD, which lsqnet requires (Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4)');
    }
    bytes = simd;
    if (mode !== false) {
      const relaxed = await inlineBinary(WASM_RELAXED_GZIP_BASE64);
      if (mode === true) await enableRelaxedInNode();
      if (WebAssembly.validate(relaxed)) bytes = relaxed;
      else if (mode === true) {
        throw new OptionError('init({ relaxedSimd: true }): this engine does not validate relaxed SIMD (in Node 20 it needs V8\'s --experimental-wasm-relaxed-simd)');
      }
    }
  }
  const from = source === 'inline' ? 'the inlined lsqnet binary' : 'init({ wasm })';
  let exports: Record<string, unknown>;
  try {
    ({ exports } = await instantiate<Record<string, unknown>>(bytes, {}));
  } catch (err) {
    throw new OptionError(`${from}: the module cannot be instantiated: ${err instanceof Error ? err.message : what(err)}`);
  }
  // validate the exports before anything is committed
  const missing: string[] = KERNEL_EXPORTS.filter((name) => typeof exports[name] !== 'function');
  if (!(exports.memory instanceof WebAssembly.Memory)) missing.unshift('memory');
  if (missing.length > 0) {
    throw new OptionError(`${from}: not an lsqnet build (or one of another version): ${missing.length} of ${KERNEL_EXPORTS.length + 1} required exports are missing (${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''})`);
  }
  const k = exports as unknown as Kernels;
  let flag: number;
  try {
    flag = k.relaxedSimdBuild();
  } catch (err) {
    throw new OptionError(`${from}: relaxedSimdBuild() failed: ${err instanceof Error ? err.message : what(err)}`);
  }
  if (flag !== 0 && flag !== 1) throw new OptionError(`${from}: not an lsqnet build: relaxedSimdBuild() returned ${what(flag)}, expected 0 or 1`);
  return { kernels: k, info: { relaxedSimd: flag === 1, source } };
}

/**
 * Loads the wasm module. Idempotent: later calls return the first successful call's result
 * (options of later calls are type-checked, then ignored). Must be awaited once before any
 * other lsqnet function.
 *
 * Atomic: the module is instantiated and its exports are checked (every kernel lsqnet calls,
 * and `memory`) before any state changes. On failure the promise rejects with a typed error —
 * {@link OptionError} naming the option (`init(options)`, `init({ wasm })`,
 * `init({ relaxedSimd })`) for a bad argument, an unreadable URL, bytes that are not a valid
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

/** Information about the loaded binary (throws {@link NotInitializedError} before `init`). */
export function runtimeInfo(): RuntimeInfo {
  if (!info) throw new NotInitializedError('runtimeInfo()');
  return info;
}

/** The typed kernel exports. Throws {@link NotInitializedError} before `init()`. */
export function wasm(what?: string): Kernels {
  if (kernels === null) throw new NotInitializedError(what);
  return kernels;
}

