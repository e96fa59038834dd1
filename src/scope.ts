/**
 * Ownership of wasm memory: `scope(fn)` disposes every {@link Disposable} created while `fn`
 * runs, except what `fn` returns (found by walking the returned value's arrays and objects)
 * and what was passed to {@link keep}. Scopes nest; kept and returned objects move to the
 * enclosing scope. A `FinalizationRegistry` frees blocks of objects that were garbage
 * collected without `dispose()` — a backstop, not a memory strategy.
 * @module
 */

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
  const items = Array.isArray(value) ? value : value instanceof Map ? [...value.values()] : Object.values(value);
  for (const item of items) collect(item, owned, out, seen, depth + 1);
}

/**
 * Runs `fn` and disposes every matrix (or other wasm-memory owner) created inside it that is
 * not part of the returned value. Works with async functions too (cleanup after the promise
 * settles; do not interleave two async scopes).
 * @example
 * const x = scope(() => {
 *   const A = Matrix.random(100, 10, { seed: 1 });
 *   return lstsq(A, b).x;           // A is disposed, x survives
 * });
 */
export function scope<T>(fn: () => T): T {
  const frame = new Set<Disposable>();
  stack.push(frame);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    close(frame, undefined);
    throw err;
  }
  if (result instanceof Promise) {
    return result.then(
      (v) => { close(frame, v); return v; },
      (err) => { close(frame, undefined); throw err; },
    ) as T;
  }
  close(frame, result);
  return result;
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
