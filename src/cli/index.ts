/**
 * The `lsqnet` command line: `fit` a model on a CSV file (regression or classification, with
 * missing values, text columns and id columns handled), `predict` with a saved model, `bench`
 * the built-in comparison. Argument parsing by commander, CSV by csv-parse, progress bars by
 * cli-progress. Errors are one line on stderr (`lsqnet: …`) and a non-zero exit code:
 * 2 for wrong usage (flags), 1 for bad input (CSV, columns, model file) or a failed run.
 * See docs/cli.md.
 * @module
 */
import { main } from './run.js';

// `lsqnet predict … | head`: a closed pipe ends the output quietly
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
process.exitCode = await main(process.argv);
