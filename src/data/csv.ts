/**
 * CSV tables: parsing through `csv-parse` (its synchronous API), delimiter sniffing, column
 * access by name, missing-value markers, column profiles, and numeric conversion whose errors
 * name the line of the file and the column.
 *
 * Everything per column is linear in the number of columns: names are looked up in a `Map`
 * (never `indexOf` over the header inside a loop), so a table with 50,000 columns selects as
 * fast per column as one with 5.
 *
 * The import is csv-parse's self-contained browser build (its default ESM entry needs Node's
 * global `Buffer` at import time, which would break browser bundles of lsqnet); the Node-only
 * CommonJS build and the CLI swap in `csv-parse/sync` (scripts/build-ts.mjs).
 * @module
 */
import { parse, CsvError } from 'csv-parse/browser/esm/sync';
import { InvalidInputError, OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { checkOptions, describe } from '../validate.js';

/** Options of {@link parseCsv} and {@link loadCsv}. */
export interface CsvOptions {
  /** The first record holds the column names (default `true`). Without a header the columns are named `col1`, `col2`, … */
  header?: boolean;
  /**
   * Field delimiter, or `'auto'` (the default) to sniff it among `,` `;` tab `|` from the first
   * records, quotes respected (see {@link sniffDelimiter}). The two-character text `\t` (a
   * backslash and a `t`, as typed in a shell: `--delimiter '\t'`) means a tab. The delimiter
   * used is {@link CsvTable.delimiter}.
   */
  delimiter?: string;
  /** Name of the source used in error messages, e.g. a file name (default `'CSV'`). */
  source?: string;
}

/** The delimiters {@link sniffDelimiter} chooses among, in order of preference on a tie. */
export const SNIFFED_DELIMITERS: readonly string[] = Object.freeze([',', ';', '\t', '|']);

/**
 * The cell texts that mean "missing" (compared after trimming white space): the empty cell,
 * `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`, `?`. Matching is exact (case-sensitive): `na` or
 * `None` are ordinary text.
 */
export const MISSING_MARKERS: readonly string[] = Object.freeze(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']);
const MISSING = new Set(MISSING_MARKERS);

/**
 * True when a cell is a missing-value marker: after trimming, one of {@link MISSING_MARKERS}
 * (`''`, `'NA'`, `'N/A'`, `'NaN'`, `'nan'`, `'null'`, `'NULL'`, `'?'`).
 * @example
 * isMissing(' NA '); // true
 * isMissing('0');    // false
 */
export function isMissing(cell: string): boolean {
  return typeof cell === 'string' && MISSING.has(cell.trim());
}

/** What {@link CsvTable.profile} reports about one column. */
export interface CsvColumnProfile {
  /** `'numeric'` when every non-missing cell is a number (an all-missing column too), else `'categorical'`. */
  kind: 'numeric' | 'categorical';
  /** Number of missing cells ({@link isMissing}). */
  missing: number;
  /** Number of non-missing cells that are numbers. */
  numeric: number;
  /** Number of non-missing cells that are not numbers. */
  nonNumeric: number;
  /**
   * Number of distinct non-missing values: distinct numbers for a numeric column (`1` and `1.0`
   * are one value), distinct texts for a categorical one. Equal to `rows - missing` when every
   * value is unique (an id-like column).
   */
  distinct: number;
  /** The first non-missing cell that is not a number: 0-based row, 1-based line of the file, the text. */
  firstNonNumeric?: { row: number; line: number; value: string };
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one cell as a finite decimal number, or returns a reason why it is not one. */
function toNumber(cell: string): number | string {
  const s = cell.trim();
  if (s === '') return 'is empty';
  if (!NUMBER.test(s)) return `${quote(cell)} is not a number`;
  const v = Number(s);
  if (!Number.isFinite(v)) return `${JSON.stringify(cell)} overflows a double`;
  return v;
}

/** A cell or name for a message, bounded in length. */
function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** How a delimiter is written in a message and on a command line (`'\t'` for a tab). */
function showDelimiter(d: string): string {
  return `'${d === '\t' ? '\\t' : d}'`;
}

/**
 * A parsed CSV table: named columns of text cells, converted to numbers on request.
 *
 * Rows are numbered from 0 in the API (`cell(row, name)`); error messages name the 1-based line
 * of the file the row came from (quoted fields may span lines).
 *
 * Column names are the header cells as parsed: unquoted cells are trimmed, quoted ones are
 * kept exactly (`" a "` is the name `' a '`). {@link CsvTable.has} and {@link CsvTable.indexOf}
 * look a name up exactly first, then trimmed against the trimmed names, so `' a '`, `'a'` and
 * `'a '` find the same column as long as that does not make two columns match.
 */
export class CsvTable {
  /** Column names in file order. */
  readonly columns: string[];
  /** Number of data rows (the header excluded). */
  readonly rows: number;
  /** Source name used in messages. */
  readonly source: string;
  /** The field delimiter used (the sniffed one when the option was `'auto'`). */
  readonly delimiter: string;
  readonly #records: string[][];
  readonly #lines: Int32Array;
  readonly #exact = new Map<string, number>();
  /** Trimmed name → column; -1 when two columns trim to the same name (ambiguous). */
  readonly #trimmed = new Map<string, number>();
  readonly #cache = new Map<string, Float64Array>();
  readonly #cacheMissing = new Map<number, Float64Array>();
  readonly #profiles = new Map<number, CsvColumnProfile>();

  /** @internal Use {@link parseCsv}. */
  constructor(columns: string[], records: string[][], lines: Int32Array, source: string, delimiter = ',') {
    this.columns = columns;
    this.#records = records;
    this.#lines = lines;
    this.rows = records.length;
    this.source = source;
    this.delimiter = delimiter;
    columns.forEach((name, j) => {
      if (!this.#exact.has(name)) this.#exact.set(name, j);
      const t = name.trim();
      const prev = this.#trimmed.get(t);
      this.#trimmed.set(t, prev === undefined || prev === j ? j : -1);
    });
  }

  /**
   * True when a cell is a missing-value marker (the same as the exported {@link isMissing}):
   * after trimming, one of `''`, `'NA'`, `'N/A'`, `'NaN'`, `'nan'`, `'null'`, `'NULL'`, `'?'`.
   */
  static isMissing(cell: string): boolean {
    return isMissing(cell);
  }

  #find(name: string): number {
    if (typeof name !== 'string') return -1;
    const j = this.#exact.get(name);
    if (j !== undefined) return j;
    const t = this.#trimmed.get(name.trim());
    return t === undefined ? -1 : t;
  }

  /** True when the table has a column named `name` (exactly, or after trimming both names). */
  has(name: string): boolean {
    return this.#find(name) >= 0;
  }

  /**
   * 0-based index of column `name` (exact match first, then trimmed). Unknown →
   * {@link OptionError} listing the available columns (the first 30) and, when a column name
   * looks like a whole header joined by another delimiter (`'a;b;c'`), a hint such as
   * `the file may be ';'-separated: try --delimiter ';'`.
   */
  indexOf(name: string): number {
    const j = this.#find(name);
    if (j < 0) {
      const shown = typeof name === 'string' ? `'${name.length > 60 ? `${name.slice(0, 60)}…` : name}'` : describe(name);
      const list = this.columns.length > 30
        ? `${this.columns.slice(0, 30).join(', ')}, … (${this.columns.length - 30} more)`
        : this.columns.join(', ');
      const hint = this.#delimiterHint(typeof name === 'string' ? name.trim() : '');
      throw new OptionError(`${this.source}: unknown column ${shown} (available: ${list})${hint}`);
    }
    return j;
  }

  /**
   * A hint naming another delimiter when the header looks joined by it: a column name that,
   * split by that delimiter, contains the wanted name, or a one-column table whose name
   * contains it. Empty otherwise (a name that merely contains a `|` is no evidence).
   */
  #delimiterHint(wanted: string): string {
    let best: string | null = null;
    for (const d of SNIFFED_DELIMITERS) {
      if (d === this.delimiter) continue;
      const strong = wanted !== '' && this.columns.some((c) => c.includes(d) && c.split(d).some((part) => part.trim() === wanted));
      if (strong) { best = d; break; }
      if (best === null && this.columns.length === 1 && this.columns[0]!.includes(d)) best = d;
    }
    if (best === null) return '';
    return `; the file may be ${showDelimiter(best)}-separated: try --delimiter ${showDelimiter(best)} (option delimiter of parseCsv/loadCsv)`;
  }

  /** 1-based line of the file where data row `row` (0-based) starts. */
  lineOf(row: number): number {
    return this.#lines[row] ?? -1;
  }

  /** The text of one cell (row is 0-based). */
  cell(row: number, name: string): string {
    const j = this.indexOf(name);
    if (!Number.isInteger(row) || row < 0 || row >= this.rows) {
      throw new OptionError(`${this.source}: row ${row} is outside 0..${this.rows - 1}`);
    }
    return this.#records[row]![j]!;
  }

  /** The text cells of column `name` (a copy). */
  strings(name: string): string[] {
    const j = this.indexOf(name);
    const out = new Array<string>(this.rows);
    for (let i = 0; i < this.rows; i++) out[i] = this.#records[i]![j]!;
    return out;
  }

  /**
   * Column `name` as numbers. An empty, missing-marker or non-numeric cell throws
   * {@link InvalidInputError} naming the line and the column (use
   * {@link CsvTable.numericOrMissing} to get NaN for missing cells instead). The result is
   * cached; a copy is returned.
   * @example
   * const t = parseCsv('x,y\n1,2\n3,4\n');
   * t.column('y'); // Float64Array [2, 4]
   */
  column(name: string): Float64Array {
    return this.#numeric(name).slice();
  }

  #numeric(name: string): Float64Array {
    const j = this.indexOf(name);
    const key = this.columns[j]!;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      const v = toNumber(this.#records[i]![j]!);
      if (typeof v === 'string') {
        throw new InvalidInputError(`${this.source} line ${this.#lines[i]}, column '${key}': ${v}`);
      }
      out[i] = v;
    }
    this.#cache.set(key, out);
    return out;
  }

  /**
   * Column `name` as numbers with `NaN` for missing cells ({@link isMissing}: `''`, `NA`,
   * `N/A`, `NaN`, `nan`, `null`, `NULL`, `?`). Any other non-number throws
   * {@link InvalidInputError} naming the line and the column — a typo is not a missing value.
   * Returns a copy.
   * @example
   * parseCsv('x\n1\nNA\n\n3\n', { header: true }).numericOrMissing('x'); // [1, NaN, 3] (the blank line is skipped)
   */
  numericOrMissing(name: string): Float64Array {
    const j = this.indexOf(name);
    let out = this.#cacheMissing.get(j);
    if (!out) {
      out = new Float64Array(this.rows);
      for (let i = 0; i < this.rows; i++) {
        const cell = this.#records[i]![j]!;
        if (isMissing(cell)) { out[i] = NaN; continue; }
        const v = toNumber(cell);
        if (typeof v === 'string') {
          throw new InvalidInputError(`${this.source} line ${this.#lines[i]}, column '${this.columns[j]}': ${v} (missing values are written as one of ${MISSING_MARKERS.map((m) => JSON.stringify(m)).join(', ')})`);
        }
        out[i] = v;
      }
      this.#cacheMissing.set(j, out);
    }
    return out.slice();
  }

  /**
   * One pass over column `name`: how many cells are missing, numeric, non-numeric, how many
   * distinct values, and where the first non-number is. Use it to decide how to treat a
   * column (a string column to one-hot encode, a numeric one with a typo to report, an
   * id-like column with one distinct value per row). The result is cached; a copy is returned.
   * @example
   * parseCsv('c\na\nNA\nb\na\n').profile('c');
   * // { kind: 'categorical', missing: 1, numeric: 0, nonNumeric: 3, distinct: 2, firstNonNumeric: { row: 0, line: 2, value: 'a' } }
   */
  profile(name: string): CsvColumnProfile {
    const j = this.indexOf(name);
    let p = this.#profiles.get(j);
    if (!p) {
      let missing = 0, numeric = 0, nonNumeric = 0;
      let first: CsvColumnProfile['firstNonNumeric'];
      const numbers = new Set<number>(), texts = new Set<string>();
      for (let i = 0; i < this.rows; i++) {
        const cell = this.#records[i]![j]!;
        if (isMissing(cell)) { missing++; continue; }
        texts.add(cell);
        const v = toNumber(cell);
        if (typeof v === 'number') { numeric++; numbers.add(v); continue; }
        nonNumeric++;
        if (!first) first = { row: i, line: this.#lines[i]!, value: cell };
      }
      p = {
        kind: nonNumeric === 0 ? 'numeric' : 'categorical', missing, numeric, nonNumeric,
        distinct: nonNumeric === 0 ? numbers.size : texts.size,
      };
      if (first) p.firstNonNumeric = first;
      this.#profiles.set(j, p);
    }
    const copy = { ...p };
    if (p.firstNonNumeric) copy.firstNonNumeric = { ...p.firstNonNumeric };
    return copy;
  }

  /**
   * The named columns as an N×k {@link Matrix} (in the order given). Unknown names throw
   * {@link OptionError} listing the available columns; a name given twice throws
   * {@link OptionError}; non-numeric or missing cells throw {@link InvalidInputError} naming
   * line and column. Linear in the number of columns selected.
   * @example
   * const X = parseCsv('a,b,c\n1,2,3\n4,5,6\n').select(['c', 'a']); // 2×2: [[3, 1], [6, 4]]
   */
  select(names: string | readonly string[]): Matrix {
    const list = typeof names === 'string' ? [names] : [...names];
    if (list.length === 0) throw new OptionError(`${this.source}: select() needs at least one column`);
    const seen = new Set<number>();
    for (const n of list) {
      const j = this.indexOf(n);
      if (seen.has(j)) throw new OptionError(`${this.source}: column '${this.columns[j]}' is selected twice`);
      seen.add(j);
    }
    const n = this.rows;
    const data = new Float64Array(n * list.length);
    for (let k = 0; k < list.length; k++) data.set(this.#numeric(list[k]!), k * n);
    return Matrix.fromColumnMajor(data, n, list.length);
  }
}

/**
 * Guesses the field delimiter of CSV text among `,` `;` tab `|` ({@link SNIFFED_DELIMITERS}).
 *
 * Reads the header and up to 19 more records (quoted fields respected, so a `,` inside quotes
 * does not count; blank lines skipped) and counts each candidate outside quotes per record.
 * Candidates that occur in the first record compete: one whose count is the same in every
 * record read wins over one whose count varies; then more records agreeing, then the larger
 * count; a remaining tie goes to the earlier of `,` `;` tab `|`. Text without any candidate in
 * its first record (a single column) gives `','`. Cost: one pass over the records read.
 * @example
 * sniffDelimiter('a;b;c\n1,5;2;3\n'); // ';'
 */
export function sniffDelimiter(text: string, maxRecords = 20): string {
  if (typeof text !== 'string') throw new InvalidInputError(`sniffDelimiter: expected the CSV text as a string, got ${typeof text}`);
  if (!Number.isInteger(maxRecords) || maxRecords < 1) throw new OptionError(`sniffDelimiter: maxRecords must be an integer ≥ 1, got ${describe(maxRecords)}`);
  const k = SNIFFED_DELIMITERS.length;
  const slot = new Int8Array(128).fill(-1); // char code → candidate index
  SNIFFED_DELIMITERS.forEach((d, j) => { slot[d.charCodeAt(0)] = j; });
  const counts: number[][] = [];
  let cur = new Array<number>(k).fill(0);
  let inQuotes = false, content = false;
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < n && counts.length < maxRecords; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) { inQuotes = !inQuotes; content = true; continue; }
    if (inQuotes) continue;
    if (c === 10 || c === 13) {
      if (content) counts.push(cur);
      cur = new Array<number>(k).fill(0);
      content = false;
      continue;
    }
    if (c !== 32) content = true;
    if (c < 128) { const d = slot[c]!; if (d >= 0) cur[d]!++; }
  }
  if (i >= n && content) counts.push(cur);
  const head = counts[0];
  if (!head) return ',';
  let best = -1, bestKey: [number, number, number] = [-1, -1, -1];
  for (let d = 0; d < k; d++) {
    const h = head[d]!;
    if (h === 0) continue;
    let agree = 0;
    for (let r = 1; r < counts.length; r++) if (counts[r]![d] === h) agree++;
    const key: [number, number, number] = [agree === counts.length - 1 ? 1 : 0, agree, h];
    if (key[0] > bestKey[0] || (key[0] === bestKey[0] && (key[1] > bestKey[1] || (key[1] === bestKey[1] && key[2] > bestKey[2])))) {
      best = d; bestKey = key;
    }
  }
  return best < 0 ? ',' : SNIFFED_DELIMITERS[best]!;
}

/** The delimiter option resolved: `'auto'` sniffed, `\t` (two characters) as a tab, checked. */
function resolveDelimiter(option: unknown, text: string, fn: string): string {
  if (option === undefined || option === 'auto') return sniffDelimiter(text);
  if (typeof option !== 'string' || option.length === 0) {
    throw new OptionError(`${fn}: option 'delimiter' must be a non-empty string or 'auto', got ${option === '' ? "''" : describe(option)}`);
  }
  const d = option === '\\t' ? '\t' : option;
  if (/["\r\n]/.test(d)) throw new OptionError(`${fn}: option 'delimiter' must not contain a quote or a line break, got ${JSON.stringify(option)}`);
  return d;
}

/**
 * Parses CSV text into a {@link CsvTable} (RFC 4180 quoting, CRLF or LF, UTF-8 BOM, blank lines
 * skipped, unquoted cells trimmed). Ragged rows, an empty file, duplicate or empty header names
 * throw {@link InvalidInputError} naming the line.
 *
 * Options: `header` (default true), `delimiter` (default `'auto'`: sniffed among `,` `;` tab
 * `|`, see {@link sniffDelimiter}; `'\t'` written as two characters is a tab), `source` (name
 * for messages, default 'CSV').
 * @example
 * const t = parseCsv('x1,x2,y\n0,1,2\n1,0,3\n');
 * const X = t.select(['x1', 'x2']);   // 2×2 Matrix
 * const y = t.column('y');            // Float64Array [2, 3]
 * parseCsv('a;b\n1;2\n').delimiter;   // ';'
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  checkOptions(options, ['header', 'delimiter', 'source'], 'parseCsv');
  const header = options.header ?? true;
  const source = options.source ?? 'CSV';
  if (typeof header !== 'boolean') throw new OptionError(`parseCsv: option 'header' must be a boolean, got ${describe(header)}`);
  if (typeof source !== 'string') throw new OptionError(`parseCsv: option 'source' must be a string, got ${describe(source)}`);
  if (typeof text !== 'string') throw new InvalidInputError(`parseCsv: expected the CSV text as a string, got ${describe(text)}`);
  const delimiter = resolveDelimiter(options.delimiter, text, 'parseCsv');
  type Row = { record: string[]; info: { bytes: number; lines: number } };
  let all: Row[];
  try {
    all = parse(text, {
      bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, trim: true, info: true,
    }) as unknown as Row[];
  } catch (err) {
    if (err instanceof CsvError || (err as Error)?.name === 'CsvError') {
      const e = err as CsvError & { lines?: number };
      const msg = e.message.replace(/\s+/g, ' ');
      throw new InvalidInputError(`${source}${e.lines ? ` line ${e.lines}` : ''}: malformed CSV (${msg})`);
    }
    throw err;
  }
  // Line numbers: csv-parse's info.lines drifts after quoted fields that contain line breaks, so
  // count the line feeds of the UTF-8 input up to where each record starts (info.bytes is the
  // offset just past a record and its delimiter). Blank lines come out as [''] and are skipped.
  const utf8 = new TextEncoder().encode(text);
  const parsed: { record: string[]; line: number }[] = [];
  let pos = 0, line = 1, start = 0;
  for (const r of all) {
    while (pos < start && pos < utf8.length) { if (utf8[pos] === 10) line++; pos++; }
    if (!(r.record.length === 1 && r.record[0] === '')) parsed.push({ record: r.record, line });
    start = r.info.bytes;
  }
  if (parsed.length === 0) throw new InvalidInputError(`${source}: the file is empty (no header and no data)`);
  const startLine = (k: number): number => parsed[k]!.line;
  let columns: string[];
  let first = 0;
  if (header) {
    columns = parsed[0]!.record;
    first = 1;
    const where = new Map<string, number>();
    columns.forEach((name, j) => {
      if (name === '') throw new InvalidInputError(`${source} line ${startLine(0)}: column ${j + 1} of the header has an empty name`);
      const prev = where.get(name);
      if (prev !== undefined) throw new InvalidInputError(`${source} line ${startLine(0)}: duplicate column name '${name}' (columns ${prev + 1} and ${j + 1})`);
      where.set(name, j);
    });
  } else {
    columns = parsed[0]!.record.map((_, j) => `col${j + 1}`);
  }
  const n = parsed.length - first;
  if (n === 0) throw new InvalidInputError(`${source}: no data rows after the header`);
  const records: string[][] = new Array(n);
  const lines = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = parsed[first + i]!;
    lines[i] = p.line;
    if (p.record.length !== columns.length) {
      throw new InvalidInputError(`${source} line ${lines[i]}: ${p.record.length} fields, expected ${columns.length} like the ${header ? 'header' : 'first row'} (ragged rows)`);
    }
    records[i] = p.record;
  }
  return new CsvTable(columns, records, lines, source, delimiter);
}

/**
 * Reads and parses a CSV file (Node only: `node:fs` is imported on first use, so browser
 * bundles never need it). The file path is used as `source` in error messages. Options as
 * {@link parseCsv} (the delimiter is sniffed by default).
 * @example
 * const t = await loadCsv('data.csv');
 * const X = t.select(t.columns.filter((c) => c !== 'y'));
 */
export async function loadCsv(path: string, options: CsvOptions = {}): Promise<CsvTable> {
  checkOptions(options, ['header', 'delimiter', 'source'], 'loadCsv');
  if (typeof path !== 'string' || path === '') throw new InvalidInputError(`loadCsv: path must be a non-empty string, got ${describe(path)}`);
  if (options.source !== undefined && typeof options.source !== 'string') throw new OptionError(`loadCsv: option 'source' must be a string, got ${describe(options.source)}`);
  // non-literal specifier: browser bundlers must not try to resolve node:fs (see bindings/index.ts)
  const name = 'node:fs/promises';
  const fs = await (import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<typeof import('node:fs/promises')>);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new InvalidInputError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
  return parseCsv(text, { ...options, source: options.source ?? path });
}
