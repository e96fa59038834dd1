/**
 * Loads lsqnet.wasm: instantiation and feature detection (SIMD, relaxed SIMD). The one place
 * that holds the module instance; `memory.ts` owns allocation and `ops/` the kernel calls.
 * No math lives here.
 * @module
 */
import { instantiate } from '@assemblyscript/loader';
import { NotInitializedError, OptionError, LsqnetError } from './errors.js';
import { WASM_RELAXED_BASE64, WASM_SIMD_BASE64 } from './generated/wasm-inline.js';
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

async function load(options: InitOptions): Promise<RuntimeInfo> {
  if (typeof WebAssembly === 'undefined') {
    throw new LsqnetError('NOT_INITIALIZED', 'this JavaScript engine has no WebAssembly support');
  }
  let bytes: Uint8Array<ArrayBuffer>;
  let source: RuntimeInfo['source'] = 'inline';
  if (options.wasm !== undefined) {
    if (typeof options.wasm === 'string' || options.wasm instanceof URL) {
      source = 'url';
      const url = options.wasm instanceof URL ? options.wasm : new URL(options.wasm, (globalThis as { location?: { href: string } }).location?.href ?? 'file:///');
      if (url.protocol === 'file:') {
        // Node's fetch does not read file: URLs
        const fs = await nodeImport<typeof import('node:fs/promises')>('node:fs/promises');
        const data = await fs.readFile(url).catch((err: Error) => {
          throw new OptionError(`init({ wasm }): cannot read ${url.href}: ${err.message}`);
        });
        bytes = new Uint8Array(data.byteLength);
        bytes.set(data);
      } else {
        const res = await fetch(url).catch((err: Error) => {
          throw new OptionError(`init({ wasm }): fetching ${url.href} failed: ${err.message}`);
        });
        if (!res.ok) throw new OptionError(`init({ wasm }): fetching ${url.href} failed with HTTP ${res.status}`);
        bytes = new Uint8Array(await res.arrayBuffer());
      }
    } else if (ArrayBuffer.isView(options.wasm)) {
      source = 'bytes';
      bytes = new Uint8Array(options.wasm.byteLength); bytes.set(new Uint8Array(options.wasm.buffer, options.wasm.byteOffset, options.wasm.byteLength));
    } else if (options.wasm instanceof ArrayBuffer) {
      source = 'bytes';
      bytes = new Uint8Array(options.wasm);
    } else {
      throw new OptionError('init({ wasm }): expected bytes (ArrayBuffer / typed array) or a URL');
    }
  } else {
    const mode = options.relaxedSimd ?? 'auto';
    if (mode !== 'auto' && typeof mode !== 'boolean') {
      throw new OptionError(`init({ relaxedSimd }): expected 'auto', true or false, got ${String(mode)}`);
    }
    const simd = decodeBase64(WASM_SIMD_BASE64);
    if (!WebAssembly.validate(simd)) {
      throw new LsqnetError('NOT_INITIALIZED',
        'this engine does not support WebAssembly SIMD, which lsqnet requires (Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4)');
    }
    bytes = simd;
    if (mode !== false) {
      const relaxed = decodeBase64(WASM_RELAXED_BASE64);
      if (mode === true) await enableRelaxedInNode();
      if (WebAssembly.validate(relaxed)) bytes = relaxed;
      else if (mode === true) {
        throw new OptionError('init({ relaxedSimd: true }): this engine does not validate relaxed SIMD (in Node 20 it needs V8\'s --experimental-wasm-relaxed-simd)');
      }
    }
  }
  if (!WebAssembly.validate(bytes)) {
    throw new LsqnetError('NOT_INITIALIZED', 'the wasm binary does not validate on this engine (it needs WebAssembly SIMD; the relaxed build also needs relaxed SIMD)');
  }
  const { exports } = await instantiate<Record<string, unknown>>(bytes, {});
  kernels = exports as unknown as Kernels;
  info = { relaxedSimd: kernels.relaxedSimdBuild() === 1, source };
  return info;
}

/**
 * Loads the wasm module. Idempotent: later calls return the first call's result (options of
 * later calls are ignored). Must be awaited once before any other lsqnet function.
 */
export function init(options: InitOptions = {}): Promise<RuntimeInfo> {
  if (info) return Promise.resolve(info);
  if (!pending) {
    pending = load(options).catch((err) => { pending = null; throw err; });
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

