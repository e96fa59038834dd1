/**
 * @internal Terminal output for the CLI and `npm start` (Node only): a progress display on
 * stderr — a cli-progress bar on a TTY, plain sparse lines otherwise — and aligned tables.
 * @module
 */
import cliProgress from 'cli-progress';
import type { ProgressFn } from './models.js';
import type { ToyRow } from './toy.js';

/** A progress display for one task at a time. */
export class Progress {
  readonly #tty: boolean;
  readonly #quiet: boolean;
  #bar: cliProgress.SingleBar | null = null;
  #label = '';
  #lastPct = -1;
  #lastTime = 0;

  constructor(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}) {
    const stream = options.stream ?? process.stderr;
    this.#tty = Boolean(stream.isTTY);
    this.#quiet = options.quiet ?? false;
  }

  /** A {@link ProgressFn} reporting under `label`. */
  task(label: string): ProgressFn {
    return (done, total, note) => this.update(label, done, total, note);
  }

  update(label: string, done: number, total: number, note = ''): void {
    if (this.#quiet) return;
    if (this.#tty) {
      if (!this.#bar || this.#label !== label) {
        this.end();
        this.#label = label;
        this.#bar = new cliProgress.SingleBar({
          stream: process.stderr, hideCursor: true, clearOnComplete: true, barsize: 24,
          format: `${label.padEnd(22)} {bar} {value}/{total} {note}`,
        }, cliProgress.Presets.shades_classic);
        this.#bar.start(total, 0, { note });
      }
      this.#bar.setTotal(total);
      this.#bar.update(done, { note });
      if (done >= total) this.end();
      return;
    }
    // not a TTY: a line at the start, every 25 % (at most one per second) and at the end
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const now = Date.now();
    const first = label !== this.#label;
    if (first) { this.#label = label; this.#lastPct = -1; }
    if (first || done >= total || (pct >= this.#lastPct + 25 && now - this.#lastTime >= 1000)) {
      this.#lastPct = pct;
      this.#lastTime = now;
      process.stderr.write(`${label}: ${done}/${total}${note ? ` ${note}` : ''}\n`);
    }
  }

  /** Stops the current bar (if any). */
  end(): void {
    if (this.#bar) { this.#bar.stop(); this.#bar = null; }
  }
}

/** Formats a table with a header row and right-aligned numeric-looking cells. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const numeric = (s: string): boolean => /^[-+]?[\d.,]+(e[-+]?\d+)?[×x%s]?$/i.test(s.trim());
  const line = (cells: string[]): string => cells.map((c, j) => (numeric(c) ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Compact number formatting for tables: 4 significant digits, exponent when tiny or huge. */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '–';
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 2) : Number(v.toPrecision(digits)).toString();
}

/** Prints the comparison table of {@link runToyBenchmark} rows. */
export function printToyTable(rows: ToyRow[]): void {
  const header = ['problem', 'model', 'fit time', 'train MSE', 'test MSE', 'test MAE', 'speed-up vs Adam'];
  const body = rows.map((r) => [
    r.problem, r.label,
    r.seconds === null ? '–' : `${r.seconds.toFixed(2)} s`,
    fmt(r.trainMse), fmt(r.testMse), fmt(r.testMae),
    r.speedup === null ? (r.model === 'adam' && r.seconds !== null ? '1×' : '–') : `${r.speedup.toFixed(1)}×`,
  ]);
  console.log(formatTable(header, body));
  for (const r of rows) if (r.note) console.log(`  note: ${r.label} on ${r.problem}: ${r.note}`);
}

