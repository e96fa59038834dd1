/**
 * The `lsqnet` command line: `fit` a model on a CSV file (regression or classification, with
 * missing values, text columns and id columns handled), `predict` with a saved model, `bench`
 * the built-in comparison. Argument parsing by commander, CSV by csv-parse, progress bars by
 * cli-progress. Errors are one line on stderr (`lsqnet: …`) and a non-zero exit code:
 * 2 for wrong usage (flags), 1 for bad input (CSV, columns, model file) or a failed run.
 * `--threads <n|auto>` sets the threads (default auto: all cores; docs/threads.md).
 * See docs/cli.md.
 * @module
 */
import '../threads.js'; // registers the threaded build: the CLI runs on all cores unless --threads 1
import { main } from './run.js';

// Standard output that cannot be written: `lsqnet predict … | head` (a pipe closed by the reader,
// EPIPE) ends the output quietly with the exit code so far; any other failure (ENOSPC on a full
// disk, EIO, …) is one line on stderr and exit code 1, never a stack trace. (Node reopens a
// stdout closed at start-up, `>&-`, on /dev/null, so that case cannot be told from `> /dev/null`.)
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`lsqnet: cannot write to standard output: ${err.message}`.replace(/\s+/g, ' ').trim() + '\n');
  process.exit(1);
});
process.exitCode = await main(process.argv);
