/**
 * Ownership of wasm memory: `scope(fn)` disposes every {@link Disposable} created while `fn`
 * runs, except what `fn` returns (found by walking the returned value's arrays and objects)
 * and what was passed to {@link keep}. Scopes nest; kept and returned objects move to the
 * enclosing scope. A `FinalizationRegistry` frees blocks of objects that were garbage
 * collected without `dispose()` — a backstop, not a memory strategy. Scope callbacks are
 * synchronous (an async callback is refused with an `OptionError`, see {@link scope}).
 * @module
 */
import { OptionError } from './errors.js';

/** Something that owns wasm memory. */
export interface Disposable {
  dispose(): void;
  /** True after `dispose()`. */
  readonly disposed: boolean;
}

const stack: Set<Disposable>[] = [];

/** @internal Called by every owner of wasm memory on creation. */
export function track(obj: Disposable): void {
  const top = stack[stack.length - 1];
  if (top) top.add(obj);
}

/** @internal Called on dispose. */
export function untrack(obj: Disposable): void {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.delete(obj)) return;
}

/** Excludes `obj` from the innermost scope's cleanup (it moves to the enclosing scope, if any). */
export function keep<T extends Disposable>(obj: T): T {
  const top = stack[stack.length - 1];
  if (top && top.delete(obj)) {
    const parent = stack[stack.length - 2];
    if (parent) parent.add(obj);
  }
  return obj;
}

function collect(value: unknown, owned: Set<Disposable>, out: Set<Disposable>, seen: Set<object>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if (seen.has(value)) return;
  seen.add(value);
  if (owned.has(value as Disposable)) out.add(value as Disposable);
  if (ArrayBuffer.isView(value)) return;
  let items: unknown[];
  try {
    items = Array.isArray(value) ? value : value instanceof Map ? [...value.values()] : Object.values(value);
  } catch {
    return; // a throwing getter or proxy trap in the returned value: its children are not walked
  }
  for (const item of items) collect(item, owned, out, seen, depth + 1);
}

/** True for a thenable (a Promise or anything with a `then` method). */
function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

const ASYNC_RULE = 'scope() callbacks must be synchronous: a scope ends when its callback returns, and cannot tell ' +
  'its own allocations from those of code that runs while it awaits. Await outside and open one scope per ' +
  'synchronous step (`const data = await load(); const x = scope(() => work(data));`), or dispose() objects ' +
  'that live across an await yourself (try/finally)';

/**
 * Runs `fn` and disposes every matrix (or other wasm-memory owner) created inside it that is
 * not part of the returned value (nor passed to {@link keep}). Scopes nest: what survives moves
 * to the enclosing scope.
 *
 * **`fn` must be synchronous.** An `async` function (or any callback returning a thenable) is
 * refused with an {@link OptionError}: while an async callback awaits, other code runs and
 * allocates, and no JavaScript engine available in every environment lsqnet supports (browsers
 * have no `AsyncLocalStorage`) can tell those allocations from the callback's own — an async
 * scope would dispose other code's objects. A native `async function` is refused before it runs;
 * a callback that returns a thenable some other way (transpiled `async`, `() => promise`) is
 * detected on return: the scope then ends **without disposing anything** (what the callback
 * created before returning moves to the enclosing scope, or is left to you when there is none,
 * because the still-running callback may use it) and the error is thrown.
 * To combine scopes with `await`, await outside and open one scope per synchronous step, or
 * dispose objects that live across an `await` yourself (`try { … } finally { m.dispose(); }`).
 * @throws {OptionError} `fn` is not a function, is an `async` function, or returned a thenable.
 * @example
 * const x = scope(() => {
 *   const A = Matrix.random(100, 10, { seed: 1 });
 *   return lstsq(A, b).x;           // A is disposed, x survives
 * });
 * // with await: one scope per synchronous step
 * const rows = await fetchRows();
 * const y = scope(() => model.predict(rows, { as: 'array' }));
 */
export function scope(fn: () => PromiseLike<unknown>): never;
export function scope<T>(fn: () => T): T;
export function scope<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new OptionError(`scope(fn): fn must be a function, got ${fn === null ? 'null' : typeof fn}`);
  if ((fn as { constructor?: { name?: unknown } }).constructor?.name === 'AsyncFunction') {
    throw new OptionError(`scope(fn): fn is an async function. ${ASYNC_RULE}`);
  }
  const frame = new Set<Disposable>();
  stack.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    close(frame, undefined);
    throw err;
  }
  if (isThenable(result)) {
    // Do not dispose: the callback is still running and may use what it created.
    release(frame);
    throw new OptionError(`scope(fn): fn returned a Promise (thenable). ${ASYNC_RULE}`);
  }
  close(frame, result);
  return result;
}

/** Ends `frame` without disposing: its objects move to the enclosing scope (or to no scope). */
function release(frame: Set<Disposable>): void {
  const idx = stack.lastIndexOf(frame);
  if (idx >= 0) stack.splice(idx, 1);
  const parent = stack[stack.length - 1];
  if (parent) for (const obj of frame) parent.add(obj);
}

function close(frame: Set<Disposable>, result: unknown): void {
  const idx = stack.lastIndexOf(frame);
  if (idx >= 0) stack.splice(idx, 1);
  const survivors = new Set<Disposable>();
  collect(result, frame, survivors, new Set(), 0);
  const parent = stack[stack.length - 1];
  for (const obj of frame) {
    if (survivors.has(obj)) {
      if (parent) parent.add(obj);
    } else if (!obj.disposed) {
      obj.dispose();
    }
  }
}
