/**
 * @internal The `lsqnet` command tree and its runner ({@link main}), separate from the entry
 * point (src/cli/index.ts) so tests can run commands in-process.
 * @module
 */
import { Command, CommanderError, Option } from 'commander';
import { init, LsqnetError, runtimeInfo, setThreads } from '../index.js';
import { MODEL_KINDS } from '../data/models.js';
import { MAX_INFERRED_CLASSES, MIN_ROWS_FOR_ID } from '../data/pipeline.js';
import { delimiter, fraction, list, nonNegInt, positiveInt, positiveNumber, threadCount } from './args.js';
import { benchCommand, fitCommand, predictCommand } from './commands.js';
import { PROBA_NOTE, PROBA_NOTE_SOFTMAX, tell } from './output.js';

const DELIMITER_HELP = "CSV field delimiter: auto (sniff among , ; tab |), one character, or '\\t' for a tab";

/** The command tree (exported for tests of the help text). */
export function program(): Command {
  const p = new Command('lsqnet')
    .description('Train neural networks by solving least-squares problems (WebAssembly SIMD).')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true)
    .option('--threads <n|auto>', "threads that run the kernels: auto (the available cores) or 1-256; results are the same for every count (the CLI runs threaded by default; 1 = the single-thread build)", threadCount, 'auto' as const)
    .hook('preAction', async () => { await startRuntime(p.opts<{ threads: 'auto' | number }>().threads); });
  p.command('fit')
    .description('fit a model on a CSV file with a header row; features are one-hot encoded (text) and standardized, targets centred (regression) or label-encoded (classification), all on the training rows')
    .argument('<data>', 'CSV file with a header row')
    .requiredOption('--target <cols>', 'target column(s), comma-separated (classification: one column)', list)
    .addOption(new Option('--task <task>', `regression or classification; auto: classification when the target holds text, or integers with ≤ ${MAX_INFERRED_CLASSES} distinct values and ≤ half as many distinct values as rows (announced on stderr)`).choices(['auto', 'regression', 'classification']).default('auto'))
    .option('--features <cols>', `feature columns (default: all columns except the targets, --ignore and id-like columns — unique text, or unique integer sequences, in tables of ≥ ${MIN_ROWS_FOR_ID} rows)`, list)
    .option('--ignore <cols>', 'columns to leave out of the default features', list)
    .addOption(new Option('--model <kind>', 'model (classification: swim or random)').choices([...MODEL_KINDS]).default('swim'))
    .option('--hidden <n>', 'hidden width (default: swim/random 1000, anmin/adam 64)', positiveInt('hidden width'))
    .option('--activation <name>', 'hidden activation (default: swim/random tanh (or relu), anmin/adam relu (or leaky-relu))')
    .addOption(new Option('--missing <policy>', 'missing cells ("", NA, N/A, NaN, nan, null, NULL, ?): error lists them; drop leaves those rows out; mean/median fill numeric features with the training mean/median and text features with the most frequent category (rows with a missing target are left out)').choices(['error', 'drop', 'mean', 'median']).default('error'))
    .addOption(new Option('--categorical <mode>', 'text feature columns: auto one-hot encodes them (categories saved in the model); error refuses them. A mostly numeric column with some text is always an error (a typo, not a category)').choices(['auto', 'error']).default('auto'))
    .option('--test-split <fraction>', 'fraction of rows held out for testing', fraction, 0.2)
    .option('--seed <n>', 'seed of the split and the model', nonNegInt, 1)
    .option('--iterations <n>', 'anmin: iterations (default 30)', positiveInt('iterations'))
    .option('--epochs <n>', 'adam: epochs (default 300)', positiveInt('epochs'))
    .addOption(new Option('--output <kind>', 'swim/random classification: the output layer. softmax: multinomial logistic regression fitted by Newton (L2 λ chosen on held-out rows) — real class probabilities; lstsq: least squares on one-hot targets (the swimnetworks behaviour), configured by --gcv/--rcond/--ridge/--solver. Default: softmax, or lstsq when one of those four flags is given').choices(['softmax', 'lstsq']))
    .option('--gcv', 'swim/random: ridge output solve with λ by generalized cross-validation (SVD) — the DEFAULT least-squares solve (regression, --output lstsq) when none of --rcond, --ridge, --solver is given')
    .option('--rcond <x>', 'swim/random: relative cut of the output solve instead of GCV (pivoted QR by default; singular values with --solver svd)', positiveNumber)
    .option('--ridge <lambda>', 'swim/random: ridge output solve with this fixed λ instead of GCV (Cholesky by default)', positiveNumber)
    .addOption(new Option('--solver <method>', 'swim/random: output least-squares method (default: svd with GCV; qr with --rcond; cholesky with --ridge; --solver without --rcond/--ridge means rcond 1e-8)').choices(['svd', 'qr', 'cholesky']))
    .option('--out <file>', 'save the model with its preprocessing as JSON (checked writable before training)')
    .option('--delimiter <char>', DELIMITER_HELP, delimiter, 'auto')
    .option('--json', 'print machine-readable JSON instead of tables')
    .option('--quiet', 'no progress display and no notes')
    .action(fitCommand);
  p.command('predict')
    .description('predict with a saved model on a CSV file holding the feature columns; prints metrics when the target column is present too')
    .argument('<model>', 'model JSON written by `lsqnet fit --out`')
    .argument('<data>', 'CSV file with a header row')
    .option('--out <file>', 'write the predictions as CSV (default: stdout; metrics then go to stderr)')
    .option('--proba', `classification: add one probability column per class: with the softmax output (the default of \`fit\`), ${PROBA_NOTE_SOFTMAX}; with --output lstsq (and model files written before --output existed), ${PROBA_NOTE}`)
    .option('--delimiter <char>', DELIMITER_HELP, delimiter, 'auto')
    .option('--json', 'print machine-readable JSON (metrics when the targets are present)')
    .action(predictCommand);
  p.command('bench')
    .description('train SWIM, ANMIN and Adam on generated problems and compare time and error')
    .option('--quick', 'smaller problems (a few seconds)')
    .option('--seed <n>', 'seed', nonNegInt, 1)
    .option('--json', 'print machine-readable JSON')
    .action(benchCommand);
  return p;
}

/**
 * Loads the runtime with `--threads` before a command runs. When lsqnet was already initialised
 * (tests run commands in-process), a threaded runtime is set to the count, a single-thread one
 * stays as it is.
 */
async function startRuntime(threads: 'auto' | number): Promise<void> {
  const info = await init({ threads });
  if (typeof threads === 'number' && info.build === 'threads' && runtimeInfo().threads !== threads && threads <= info.maxThreads) setThreads(threads);
}

/**
 * Runs the command line; returns the exit code. Every error is one line on stderr. The runtime
 * is loaded before the command runs (`--threads`); the `lsqnet` binary (src/cli/index.ts)
 * registers the threaded build first, so it runs on all cores by default.
 */
export async function main(argv: string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 2;
      tell(`lsqnet: ${err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}`);
      return 2;
    }
    if (err instanceof LsqnetError) {
      tell(`lsqnet: ${err.message.replace(/\s*\n\s*/g, ' ')}`);
      return 1;
    }
    tell(`lsqnet: internal error: ${((err as Error)?.message ?? String(err)).replace(/\s*\n\s*/g, ' ')}`);
    if (process.env.LSQNET_DEBUG) console.error(err);
    return 3;
  }
}
