/**
 * The `lsqnet` command line: `fit` a model on a CSV file, `predict` with a saved model, `bench`
 * the built-in comparison. Argument parsing by commander, CSV by csv-parse, progress bars by
 * cli-progress. Errors are one line on stderr (`lsqnet: …`) and a non-zero exit code:
 * 2 for wrong usage (flags), 1 for bad input (CSV, columns, model file) or a failed run.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { init, LsqnetError, InvalidInputError } from './index.js';
import { loadCsv } from './data/csv.js';
import { MODEL_KINDS, MODELS } from './data/models.js';
import { checkPipelineJSON, fitPipeline, predictPipeline, type Metrics } from './data/pipeline.js';
import { fmt, formatTable, printToyTable, Progress } from './data/terminal.js';
import { runToyBenchmark } from './data/toy.js';

class UsageError extends Error {}

const positiveInt = (what: string) => (v: string): number => {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new InvalidArgumentError(`${what} must be a positive integer.`);
  return Number(v);
};
const nonNegInt = (v: string): number => {
  if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError('must be a non-negative integer.');
  return Number(v);
};
const fraction = (v: string): number => {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x < 0 || x >= 1) throw new InvalidArgumentError('must be a number in [0, 1).');
  return x;
};
const positiveNumber = (v: string): number => {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('must be a positive number.');
  return x;
};
const list = (v: string): string[] => {
  const items = v.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError('must be a comma-separated list of column names without empty entries.');
  return items;
};

function metricsTable(rows: [string, Metrics | null][]): string {
  return formatTable(['', 'rows', 'MSE', 'MAE', 'R²'],
    rows.filter((r) => r[1]).map(([name, m]) => [name, String(m!.rows), fmt(m!.mse), fmt(m!.mae), fmt(m!.r2)]));
}

function writeOut(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new InvalidInputError(`cannot write ${path}: ${(err as { code?: string }).code === 'ENOENT' ? 'no such directory' : (err as Error).message}`);
  }
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface FitFlags {
  target: string[]; features?: string[]; ignore?: string[]; model: string; hidden?: number; activation?: string;
  testSplit: number; seed: number; iterations?: number; epochs?: number; rcond?: number; ridge?: number; gcv?: boolean; solver?: string; out?: string;
  delimiter: string; json?: boolean; quiet?: boolean;
}

async function fitCommand(data: string, o: FitFlags): Promise<void> {
  const table = await loadCsv(data, { delimiter: o.delimiter });
  const progress = new Progress({ quiet: o.quiet || o.json === true && !process.stderr.isTTY });
  const settings: Record<string, unknown> = { seed: o.seed };
  for (const k of ['hidden', 'activation', 'iterations', 'epochs', 'rcond', 'ridge', 'gcv', 'solver'] as const) if (o[k] !== undefined) settings[k] = o[k];
  const res = fitPipeline(table, {
    model: o.model, targets: o.target, features: o.features, ignore: o.ignore, settings, testFraction: o.testSplit,
    onProgress: progress.task(`fit ${o.model}`),
  });
  progress.end();
  if (o.out) writeOut(o.out, `${JSON.stringify(res.json)}\n`);
  const s = res.json.settings;
  if (o.json) {
    console.log(JSON.stringify({
      command: 'fit', data, model: o.model, settings: s, features: res.json.features, targets: res.json.targets,
      train: res.train, test: res.test, fitSeconds: res.fitSeconds, out: o.out ?? null,
    }, null, 2));
    return;
  }
  console.log(`${MODELS[o.model as keyof typeof MODELS]?.label ?? o.model}: hidden ${s.hidden}, ${s.activation}, seed ${s.seed}; ${res.json.features.length} features → ${res.json.targets.join(', ')}`);
  console.log(metricsTable([['train', res.train], ['test', res.test]]));
  console.log(`fit time ${res.fitSeconds.toFixed(3)} s; ${o.out ? `model saved to ${o.out}` : 'model not saved (use --out model.json)'}`);
}

interface PredictFlags { out?: string; delimiter: string; json?: boolean }

async function predictCommand(modelPath: string, data: string, o: PredictFlags): Promise<void> {
  let text: string;
  try {
    text = readFileSync(modelPath, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`cannot read ${modelPath}: ${(err as { code?: string }).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${modelPath}: not valid JSON (${(err as Error).message})`);
  }
  const json = checkPipelineJSON(obj, modelPath);
  const table = await loadCsv(data, { delimiter: o.delimiter });
  const res = predictPipeline(json, table);
  const csv = `${res.columns.map(csvCell).join(',')}\n${res.predictions.map((r) => r.map((v) => String(v)).join(',')).join('\n')}\n`;
  if (o.out) writeOut(o.out, csv);
  if (o.json) {
    const out: Record<string, unknown> = { command: 'predict', model: modelPath, data, rows: res.predictions.length, columns: res.columns, metrics: res.metrics, out: o.out ?? null };
    if (!o.out) out.predictions = res.predictions;
    console.log(JSON.stringify(out, null, 2));
    return;
  }
  if (!o.out) { process.stdout.write(csv); return; }
  console.log(`${res.predictions.length} predictions of ${res.columns.join(', ')} written to ${o.out}`);
  if (res.metrics) console.log(metricsTable([['data', res.metrics]]));
}

async function benchCommand(o: { quick?: boolean; json?: boolean; seed: number }): Promise<void> {
  const progress = new Progress({ quiet: o.json === true && !process.stderr.isTTY });
  const rows = runToyBenchmark({ quick: o.quick, seed: o.seed, progress: (label) => progress.task(label) });
  progress.end();
  if (o.json) console.log(JSON.stringify({ command: 'bench', quick: Boolean(o.quick), rows }, null, 2));
  else printToyTable(rows);
  if (rows.some((r) => r.note?.startsWith('failed'))) process.exitCode = 1;
}

function program(): Command {
  const p = new Command('lsqnet')
    .description('Train neural networks by solving least-squares problems (WebAssembly SIMD).')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .showSuggestionAfterError(true);
  p.command('fit')
    .description('fit a model on a CSV file (numeric columns; features are standardized and targets centred on the training rows)')
    .argument('<data>', 'CSV file with a header row')
    .requiredOption('--target <cols>', 'target column(s), comma-separated', list)
    .option('--features <cols>', 'feature columns (default: all columns except the targets and --ignore)', list)
    .option('--ignore <cols>', 'columns to leave out of the default features', list)
    .addOption(new Option('--model <kind>', 'model').choices([...MODEL_KINDS]).default('swim'))
    .option('--hidden <n>', 'hidden width (default: swim/random 1000, anmin/adam 64)', positiveInt('hidden width'))
    .option('--activation <name>', 'hidden activation (swim/random: tanh, relu; anmin/adam: relu, leaky-relu)')
    .option('--test-split <fraction>', 'fraction of rows held out for testing', fraction, 0.2)
    .option('--seed <n>', 'seed of the split and the model', nonNegInt, 1)
    .option('--iterations <n>', 'ANMIN iterations (default 30)', positiveInt('iterations'))
    .option('--epochs <n>', 'Adam epochs (default 300)', positiveInt('epochs'))
    .option('--rcond <x>', 'singular-value cut of the output solve (swim/random, default 1e-8)', positiveNumber)
    .option('--ridge <lambda>', 'ridge output solve with this λ instead of the rcond cut (swim/random; Cholesky by default)', positiveNumber)
    .option('--gcv', 'ridge output solve with λ by generalized cross-validation (swim/random; SVD)')
    .addOption(new Option('--solver <method>', 'least-squares method of the output layer (swim/random; default qr, cholesky with --ridge, svd with --gcv)').choices(['svd', 'qr', 'cholesky']))
    .option('--out <file>', 'save the model (with its preprocessing) as JSON')
    .option('--delimiter <char>', 'CSV field delimiter', ',')
    .option('--json', 'print machine-readable JSON instead of tables')
    .option('--quiet', 'no progress display')
    .action(fitCommand);
  p.command('predict')
    .description('predict with a saved model on a CSV file holding the feature columns')
    .argument('<model>', 'model JSON written by `lsqnet fit --out`')
    .argument('<data>', 'CSV file with a header row')
    .option('--out <file>', 'write the predictions as CSV (default: stdout)')
    .option('--delimiter <char>', 'CSV field delimiter', ',')
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

async function main(argv: string[]): Promise<number> {
  try {
    await init();
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 2;
      process.stderr.write(`lsqnet: ${err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`lsqnet: ${err.message}\n`);
      return 2;
    }
    if (err instanceof LsqnetError) {
      process.stderr.write(`lsqnet: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 1;
    }
    process.stderr.write(`lsqnet: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (process.env.LSQNET_DEBUG) console.error(err);
    return 3;
  }
}

// `lsqnet predict … | head`: a closed pipe ends the output quietly
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
process.exitCode = await main(process.argv);
