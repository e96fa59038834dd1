/**
 * @internal Output of the `lsqnet` command line: metric tables, the confusion matrix, CSV cells,
 * and file access whose failures are one-line {@link InvalidInputError}s naming the file.
 * @module
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidInputError } from '../errors.js';
import type { PipelineMetrics } from '../data/pipeline.js';
import { fmt, formatTable } from '../data/terminal.js';

/** The honest label of the probabilities of a classifier with the least-squares output (`--output lstsq`, and model files written before `--output` existed). */
export const PROBA_NOTE = 'the softmax of the least-squares class scores (a monotone map of the scores, NOT calibrated probabilities)';
/** The label of the probabilities of a classifier with the softmax output (`--output softmax`, the default). */
export const PROBA_NOTE_SOFTMAX = 'the probabilities of the softmax output layer (multinomial logistic regression fitted by cross-entropy: real class probabilities)';

/** The label of a model's probabilities: `output` from its settings (absent = an older `'lstsq'` file). */
export function probaNote(output: 'softmax' | 'lstsq' | undefined): string {
  return output === 'softmax' ? PROBA_NOTE_SOFTMAX : PROBA_NOTE;
}

/** A table of metrics per named row set (train/test/data); the columns follow the task. */
export function metricsTable(rows: [string, PipelineMetrics | null][], output?: 'softmax' | 'lstsq'): string {
  const present = rows.filter((r): r is [string, PipelineMetrics] => r[1] !== null);
  if (present.length === 0) return '';
  if (present[0]![1].task === 'regression') {
    return formatTable(['', 'rows', 'MSE', 'MAE', 'R²'], present.map(([name, m]) => (m.task === 'regression'
      ? [name, String(m.rows), fmt(m.mse), fmt(m.mae), fmt(m.r2)] : [name])));
  }
  return formatTable(['', 'rows', 'accuracy', 'log-loss*'], present.map(([name, m]) => (m.task === 'classification'
    ? [name, String(m.rows), fmt(m.accuracy), fmt(m.logLoss)] : [name])))
    + `\n* log-loss of ${probaNote(output)}`;
}

/** The confusion matrix as a table (rows = true labels, columns = predicted). */
export function confusionTable(m: PipelineMetrics | null, title: string): string {
  if (!m || m.task !== 'classification') return '';
  const { labels, matrix } = m.confusion;
  const names = labels.map(String);
  return `confusion matrix, ${title} (rows = true, columns = predicted):\n${formatTable(['', ...names], matrix.map((r, i) => [names[i]!, ...r.map(String)]))}`;
}

/** Longest line of human-readable output; longer lines (a 50 MB cell in a message) are cut. */
export const MAX_LINE = 2000;

/**
 * Text safe to show on a terminal: control characters other than newline and tab (ESC, BEL,
 * backspace, carriage return, DEL, the C1 range) are shown as `\xNN`, so a column name or a
 * cell cannot move the cursor, recolour or retitle the terminal; each line longer than
 * {@link MAX_LINE} characters is cut with a note of its length.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const esc = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return esc.split('\n').map((l) => (l.length > MAX_LINE ? `${l.slice(0, MAX_LINE)}… (line of ${l.length} characters cut)` : l)).join('\n');
}

/** One human-readable line (or block) on stdout, made {@link printable}. */
export function say(text: string): void {
  process.stdout.write(`${printable(text)}\n`);
}

/** One human-readable line (or block) on stderr, made {@link printable}. */
export function tell(text: string): void {
  process.stderr.write(`${printable(text)}\n`);
}

/** A CSV cell, quoted when needed. */
export function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const reason = (err: unknown): string => {
  const code = (err as { code?: string }).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
};

/**
 * Checks that `path` can be written (its directory exists and is writable; an existing file is
 * a writable regular file) without creating it — run before a long fit so a typo in `--out`
 * does not cost the training.
 */
export function checkWritable(path: string, flag = '--out'): void {
  const full = resolve(path);
  let st;
  try { st = statSync(full); } catch { st = null; }
  if (st?.isDirectory()) throw new InvalidInputError(`cannot write ${path} (${flag}): it is a directory`);
  try {
    if (st) accessSync(full, constants.W_OK);
    else {
      const dir = dirname(full);
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      accessSync(dir, constants.W_OK);
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new InvalidInputError(`cannot write ${path} (${flag}): ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such directory' : reason(err)}`);
  }
}

/** Writes a file; a failure is one line naming it. */
export function writeOut(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new InvalidInputError(`cannot write ${path}: ${(err as { code?: string }).code === 'ENOENT' ? 'no such directory' : reason(err)}`);
  }
}

/** Reads a JSON file; a missing file or bad JSON is one line naming it. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`cannot read ${path}: ${(err as { code?: string }).code === 'ENOENT' ? 'no such file' : reason(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}
