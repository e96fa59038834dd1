/**
 * CSV tables: parsing through `csv-parse` (its synchronous API), column access by name, and
 * numeric conversion whose errors name the line of the file and the column.
 *
 * The import is csv-parse's self-contained browser build (its default ESM entry needs Node's
 * global `Buffer` at import time, which would break browser bundles of lsqnet); the Node-only
 * CommonJS build and the CLI swap in `csv-parse/sync` (scripts/build-ts.mjs).
 * @module
 */
import { parse, CsvError } from 'csv-parse/browser/esm/sync';
import { InvalidInputError, OptionError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { checkOptions } from '../validate.js';

/** Options of {@link parseCsv} and {@link loadCsv}. */
export interface CsvOptions {
  /** The first record holds the column names (default `true`). Without a header the columns are named `col1`, `col2`, … */
  header?: boolean;
  /** Field delimiter (default `','`). */
  delimiter?: string;
  /** Name of the source used in error messages, e.g. a file name (default `'CSV'`). */
  source?: string;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one cell as a finite decimal number, or returns a reason why it is not one. */
function toNumber(cell: string): number | string {
  const s = cell.trim();
  if (s === '') return 'is empty';
  if (!NUMBER.test(s)) return `${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)} is not a number`;
  const v = Number(s);
  if (!Number.isFinite(v)) return `${JSON.stringify(cell)} overflows a double`;
  return v;
}

/**
 * A parsed CSV table: named columns of text cells, converted to numbers on request.
 *
 * Rows are numbered from 0 in the API (`cell(row, name)`); error messages name the 1-based line
 * of the file the row came from (quoted fields may span lines).
 */
export class CsvTable {
  /** Column names in file order. */
  readonly columns: string[];
  /** Number of data rows (the header excluded). */
  readonly rows: number;
  /** Source name used in messages. */
  readonly source: string;
  readonly #records: string[][];
  readonly #lines: Int32Array;
  readonly #cache = new Map<string, Float64Array>();

  /** @internal Use {@link parseCsv}. */
  constructor(columns: string[], records: string[][], lines: Int32Array, source: string) {
    this.columns = columns;
    this.#records = records;
    this.#lines = lines;
    this.rows = records.length;
    this.source = source;
  }

  /** True when the table has a column named `name`. */
  has(name: string): boolean {
    return this.columns.includes(name);
  }

  /** 0-based index of column `name`; unknown → {@link OptionError} listing the available columns. */
  indexOf(name: string): number {
    const j = this.columns.indexOf(name);
    if (j < 0) {
      throw new OptionError(`${this.source}: unknown column '${name}' (available: ${this.columns.join(', ')})`);
    }
    return j;
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
    return this.#records.map((r) => r[j]!);
  }

  /**
   * Column `name` as numbers. An empty or non-numeric cell throws {@link InvalidInputError}
   * naming the line and the column. The result is cached; a copy is returned.
   * @example
   * const t = parseCsv('x,y\n1,2\n3,4\n');
   * t.column('y'); // Float64Array [2, 4]
   */
  column(name: string): Float64Array {
    return this.#numeric(name).slice();
  }

  #numeric(name: string): Float64Array {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const j = this.indexOf(name);
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      const v = toNumber(this.#records[i]![j]!);
      if (typeof v === 'string') {
        throw new InvalidInputError(`${this.source} line ${this.#lines[i]}, column '${name}': ${v}`);
      }
      out[i] = v;
    }
    this.#cache.set(name, out);
    return out;
  }

  /**
   * The named columns as an N×k {@link Matrix} (in the order given). Unknown names throw
   * {@link OptionError} listing the available columns; non-numeric cells throw
   * {@link InvalidInputError} naming line and column.
   * @example
   * const X = parseCsv('a,b,c\n1,2,3\n4,5,6\n').select(['c', 'a']); // 2×2: [[3, 1], [6, 4]]
   */
  select(names: string | readonly string[]): Matrix {
    const list = typeof names === 'string' ? [names] : [...names];
    if (list.length === 0) throw new OptionError(`${this.source}: select() needs at least one column`);
    const seen = new Set<string>();
    for (const n of list) {
      this.indexOf(n);
      if (seen.has(n)) throw new OptionError(`${this.source}: column '${n}' is selected twice`);
      seen.add(n);
    }
    const cols = list.map((n) => this.#numeric(n));
    const data = new Float64Array(this.rows * list.length);
    cols.forEach((c, j) => data.set(c, j * this.rows));
    return Matrix.fromColumnMajor(data, this.rows, list.length);
  }
}

/**
 * Parses CSV text into a {@link CsvTable} (RFC 4180 quoting, CRLF or LF, UTF-8 BOM, blank lines
 * skipped, cells trimmed). Ragged rows, an empty file, duplicate or empty header names throw
 * {@link InvalidInputError} naming the line.
 *
 * Options: `header` (default true), `delimiter` (default ','), `source` (name for messages,
 * default 'CSV').
 * @example
 * const t = parseCsv('x1,x2,y\n0,1,2\n1,0,3\n');
 * const X = t.select(['x1', 'x2']);   // 2×2 Matrix
 * const y = t.column('y');            // Float64Array [2, 3]
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  checkOptions(options, ['header', 'delimiter', 'source'], 'parseCsv');
  const header = options.header ?? true;
  const delimiter = options.delimiter ?? ',';
  const source = options.source ?? 'CSV';
  if (typeof header !== 'boolean') throw new OptionError(`parseCsv: option 'header' must be a boolean, got ${String(header)}`);
  if (typeof delimiter !== 'string' || delimiter.length === 0) throw new OptionError('parseCsv: option \'delimiter\' must be a non-empty string');
  if (typeof text !== 'string') throw new InvalidInputError(`parseCsv: expected the CSV text as a string, got ${typeof text}`);
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
  return new CsvTable(columns, records, lines, source);
}

/**
 * Reads and parses a CSV file (Node only: `node:fs` is imported on first use, so browser
 * bundles never need it). The file path is used as `source` in error messages.
 * @example
 * const t = await loadCsv('data.csv');
 * const X = t.select(t.columns.filter((c) => c !== 'y'));
 */
export async function loadCsv(path: string, options: CsvOptions = {}): Promise<CsvTable> {
  checkOptions(options, ['header', 'delimiter', 'source'], 'loadCsv');
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
