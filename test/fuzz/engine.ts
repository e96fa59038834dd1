// The fuzz engine: runs generated calls of every entry point (test/fuzz/entries.ts), classifies
// each outcome and applies the allow-list of known defects (test/fuzz/known-defects.ts).
import fc from 'fast-check';
import { LsqnetError, Matrix, liveBytes } from '../../src/index.js';
import { isClean, isTame, materialize } from './specs.js';
import { KNOWN_DEFECTS, type KnownDefect } from './known-defects.js';

/** Outcome classes. `ok` and `typed` are the contract; every other class is a failure. */
export const CLASSES = ['ok', 'typed', 'untyped', 'nonfinite', 'mismatch', 'leak', 'broken', 'hang'] as const;
export type OutcomeClass = (typeof CLASSES)[number];

/** What an entry point's check may say about a returned result. */
export interface Verdict { cls: 'nonfinite' | 'mismatch'; detail: string }

/** One fuzzed entry point (or method group). */
export interface Entry {
  /** Name in reports and in known-defects.ts (an export name, or `Class.method`). */
  name: string;
  /** Exported names this entry exercises (the coverage test checks every runtime export is covered). */
  covers: readonly string[];
  /** Argument specs. */
  args: fc.Arbitrary<unknown[]>;
  /** Calls the entry point with materialized arguments. May return a promise. */
  call(...args: unknown[]): unknown;
  /**
   * Checks a returned result. `clean`: the inputs were well-typed and finite; `tame`: also of
   * moderate magnitude (a scalar reference can be compared tightly). Return a verdict for a
   * non-finite output from clean inputs or a mismatch with the reference.
   */
  check?(result: unknown, args: unknown[], flags: { clean: boolean; tame: boolean }): Verdict | null;
  /** Relative weight in the number of runs (default 1; model fits are heavier). */
  weight?: number;
}

/** One classified call. */
export interface Outcome {
  entry: string;
  cls: OutcomeClass;
  detail: string;
  ms: number;
  /** The defect of known-defects.ts that covers this failure, if any. */
  allowed?: KnownDefect;
}

export interface Summary {
  calls: number;
  counts: Record<OutcomeClass, number>;
  /** Failures covered by known-defects.ts, by class. */
  allowed: Record<OutcomeClass, number>;
  /** Calls per entry. */
  perEntry: Record<string, number>;
  /** Up to `keep` distinct failures (entry, class, first line of detail, example input). */
  failures: { entry: string; cls: OutcomeClass; detail: string; input: string; count: number; defect?: number }[];
  seconds: number;
}

/** Budget of one call: a call slower than this is a `hang` (the whole run is also watched by a kill timer). */
export const CALL_BUDGET_MS = 5000;

function errorDetail(err: unknown): string {
  if (err instanceof Error) return `${err.constructor.name}: ${err.message.slice(0, 300)}`;
  try { return `non-Error thrown: ${String(err).slice(0, 200)}`; } catch { return 'non-Error thrown'; }
}

/** Disposes every Disposable reachable from `x` (depth-bounded). */
export function disposeDeep(x: unknown, seen = new Set<unknown>(), depth = 0): void {
  if (x === null || typeof x !== 'object' || depth > 4 || seen.has(x) || ArrayBuffer.isView(x)) return;
  seen.add(x);
  const d = x as { dispose?: unknown; disposed?: unknown };
  if (!(x instanceof Matrix)) {
    const items = Array.isArray(x) ? x : Object.values(x);
    for (const v of items) disposeDeep(v, seen, depth + 1);
  }
  if (typeof d.dispose === 'function') { try { (d.dispose as () => void).call(x); } catch { /* reported by the entry's own checks */ } }
}

/** A tiny GEMM with a known answer: the library still works. */
export function gemmWorks(): boolean {
  try {
    const a = Matrix.fromRows([[1, 2], [3, 4]]);
    const p = a.matmul([[5], [6]]);
    const ok = p.get(0, 0) === 17 && p.get(1, 0) === 39;
    p.dispose(); a.dispose();
    return ok;
  } catch {
    return false;
  }
}

function matches(d: KnownDefect, o: Outcome): boolean {
  return d.entry === o.entry && (d.classes as readonly string[]).includes(o.cls) && d.match.test(o.detail);
}

/**
 * An option value that no option of lsqnet accepts (a Symbol, a BigInt, a function for a key
 * that is not a callback, a deeply nested array): a call that succeeds with one coerced it
 * silently. Returns the key, or null.
 */
function coercedOption(specs: unknown[]): string | null {
  for (const s of specs) {
    if (s === null || typeof s !== 'object' || Array.isArray(s) || 't' in s) continue;
    for (const [k, v] of Object.entries(s)) {
      if (v === null || typeof v !== 'object' || (v as { t?: unknown }).t !== 'junk') continue;
      const j = (v as { v: unknown }).v;
      if (typeof j === 'symbol' || typeof j === 'bigint' || (typeof j === 'function' && !/^on[A-Z]/.test(k))
        || (Array.isArray(j) && Array.isArray(j[0]) && Array.isArray(j[0][0]) && Array.isArray(j[0][0][0]))) return k;
    }
  }
  return null;
}

/** Runs one call and classifies it. */
export async function runOne(e: Entry, specs: unknown[], preInit = false): Promise<Outcome> {
  const made: { dispose(): void }[] = [];
  const before = liveBytes();
  let result: unknown, threw: unknown, didThrow = false;
  const t0 = performance.now();
  let args: unknown[] = [];
  try {
    args = materialize(specs, made) as unknown[];
    result = e.call(...args);
    if (result instanceof Promise) result = await result;
  } catch (err) {
    didThrow = true; threw = err;
  }
  const ms = performance.now() - t0;
  let out: Outcome;
  if (didThrow) {
    out = threw instanceof LsqnetError
      ? { entry: e.name, cls: 'typed', detail: `${threw.constructor.name}: ${threw.message.slice(0, 200)}`, ms }
      : { entry: e.name, cls: 'untyped', detail: errorDetail(threw), ms };
  } else {
    let verdict: Verdict | null = null;
    try {
      verdict = e.check ? e.check(result, args, { clean: isClean(specs), tame: isTame(specs) }) : null;
    } catch (err) {
      verdict = { cls: 'mismatch', detail: `check threw ${errorDetail(err)}` };
    }
    const coerced = coercedOption(specs);
    if (!verdict && coerced) verdict = { cls: 'mismatch', detail: `silent coercion: option '${coerced}' accepted a value no option takes` };
    out = verdict ? { entry: e.name, cls: verdict.cls, detail: verdict.detail, ms } : { entry: e.name, cls: 'ok', detail: '', ms };
  }
  disposeDeep(result);
  for (const m of made) m.dispose();
  for (const a of args) disposeDeep(a);
  const after = liveBytes();
  if ((out.cls === 'ok' || out.cls === 'typed') && after > before) {
    out = { entry: e.name, cls: 'leak', detail: `${after - before} bytes still live after ${out.cls === 'ok' ? 'success' : `error (${out.detail.slice(0, 120)})`}`, ms };
  }
  if (out.cls !== 'ok' && !preInit && !gemmWorks()) out = { entry: e.name, cls: 'broken', detail: `library unusable after: ${out.detail.slice(0, 200)}`, ms };
  if (ms > CALL_BUDGET_MS && (out.cls === 'ok' || out.cls === 'typed')) out = { entry: e.name, cls: 'hang', detail: `${ms.toFixed(0)} ms (budget ${CALL_BUDGET_MS} ms)`, ms };
  if (out.cls !== 'ok' && out.cls !== 'typed') {
    const d = KNOWN_DEFECTS.find((k) => matches(k, out));
    if (d) out.allowed = d;
  }
  return out;
}

/** Short text of a spec list for a report (bounded). */
export function showInput(specs: unknown[]): string {
  let s: string;
  try { s = fc.stringify(specs); } catch { s = '(unprintable)'; }
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

export interface RunOptions {
  /** Total calls (split over entries by weight). */
  runs: number;
  seed: number;
  /** Called before each call (the watchdog's heartbeat). */
  onCall?: (entry: string, input: string) => void;
  /** Only entries whose name matches. */
  filter?: RegExp;
  /** Calls made before `init()`: the "library still works" GEMM check does not apply. */
  preInit?: boolean;
}

/** FNV-1a hash of an entry name. */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Runs every entry with its share of `runs` calls (fast-check samples, fixed seed) and summarizes. */
export async function runFuzz(entries: readonly Entry[], o: RunOptions): Promise<Summary> {
  const t0 = performance.now();
  const counts = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<OutcomeClass, number>;
  const allowed = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<OutcomeClass, number>;
  const perEntry: Record<string, number> = {};
  const failures = new Map<string, Summary['failures'][number]>();
  const list = entries.filter((e) => !o.filter || o.filter.test(e.name));
  const totalWeight = list.reduce((s, e) => s + (e.weight ?? 1), 0);
  let calls = 0;
  for (const e of list) {
    const n = Math.max(3, Math.round(o.runs * (e.weight ?? 1) / totalWeight));
    // the seed of an entry depends on its name, not its position, so a filtered run reproduces it
    const samples = fc.sample(e.args, { seed: (o.seed + nameHash(e.name)) | 0, numRuns: n });
    for (const specs of samples) {
      const input = showInput(specs);
      o.onCall?.(e.name, input);
      const r = await runOne(e, specs, o.preInit);
      calls++;
      perEntry[e.name] = (perEntry[e.name] ?? 0) + 1;
      counts[r.cls]++;
      if (r.allowed) allowed[r.cls]++;
      if (r.cls !== 'ok' && r.cls !== 'typed') {
        const key = `${e.name}|${r.cls}|${r.detail.replace(/[-\d.e+]+/g, '#').slice(0, 80)}`;
        const f = failures.get(key);
        if (f) f.count++;
        else failures.set(key, { entry: e.name, cls: r.cls, detail: r.detail, input, count: 1, defect: r.allowed?.defect });
      }
    }
  }
  return { calls, counts, allowed, perEntry, failures: [...failures.values()], seconds: (performance.now() - t0) / 1000 };
}

/** The one summary line: calls, typed errors and the count of every other class (allow-listed in parentheses). */
export function summaryLine(s: Summary): string {
  const rest = CLASSES.filter((c) => c !== 'ok' && c !== 'typed')
    .map((c) => `${c} ${s.counts[c]}${s.allowed[c] ? ` (${s.allowed[c]} known)` : ''}`).join(', ');
  return `fuzz: ${s.calls} calls in ${s.seconds.toFixed(1)} s — ok ${s.counts.ok}, typed errors ${s.counts.typed}, ${rest}`;
}
