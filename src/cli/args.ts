/**
 * @internal Argument parsers of the `lsqnet` command line (commander `argParser`s): each throws
 * commander's InvalidArgumentError, which the entry point prints as one line with exit code 2.
 * @module
 */
import { InvalidArgumentError } from 'commander';

/** A positive integer flag value. */
export const positiveInt = (what: string) => (v: string): number => {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new InvalidArgumentError(`${what} must be a positive integer.`);
  return Number(v);
};

/** `--threads`: `auto` or an integer 1…256. */
export const threadCount = (v: string): 'auto' | number => {
  if (v.trim() === 'auto') return 'auto';
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 256) throw new InvalidArgumentError("must be 'auto' or an integer from 1 to 256.");
  return Number(v);
};

/** A non-negative integer flag value. */
export const nonNegInt = (v: string): number => {
  if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError('must be a non-negative integer.');
  return Number(v);
};

/** A fraction in [0, 1). */
export const fraction = (v: string): number => {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x < 0 || x >= 1) throw new InvalidArgumentError('must be a number in [0, 1).');
  return x;
};

/** A positive finite number. */
export const positiveNumber = (v: string): number => {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('must be a positive number.');
  return x;
};

/** A comma-separated list of column names (no empty entries); repeating the flag appends. */
export const list = (v: string, previous?: string[]): string[] => {
  const items = v.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError('must be a comma-separated list of column names without empty entries.');
  return [...(previous ?? []), ...items];
};

/**
 * A CSV delimiter: `auto` (sniff among , ; tab |), one character, or `\t` / `tab` for a tab
 * (a shell passes `'\t'` as a backslash and a t).
 */
export const delimiter = (v: string): string => {
  if (v === 'auto') return 'auto';
  if (v === '\\t' || v === 'tab' || v === '\t') return '\t';
  if ([...v].length !== 1 || v === '"' || v === '\n' || v === '\r') {
    throw new InvalidArgumentError("must be 'auto', one character (e.g. ';'), or '\\t' for a tab.");
  }
  return v;
};
