/**
 * @internal The actions of `lsqnet fit`, `lsqnet predict` and `lsqnet bench`: read the CSV,
 * run the {@link Pipeline}, print results on stdout and notes/progress on stderr.
 * @module
 */
import { InvalidInputError } from '../errors.js';
import { runtimeInfo } from '../index.js';
import { loadCsv } from '../data/csv.js';
import { MODELS } from '../data/models.js';
import { Pipeline, type MissingPolicy, type PipelineMetrics, type Task } from '../data/pipeline.js';
import { printToyTable, Progress } from '../data/terminal.js';
import { runToyBenchmark } from '../data/toy.js';
import { checkWritable, confusionTable, csvCell, metricsTable, printable, probaNote, readJsonFile, say, tell, writeOut } from './output.js';

/** Flags of `lsqnet fit`. */
export interface FitFlags {
  target: string[]; features?: string[]; ignore?: string[]; model: string; task: Task | 'auto'; hidden?: number; activation?: string;
  testSplit: number; seed: number; iterations?: number; epochs?: number; rcond?: number; ridge?: number; gcv?: boolean; solver?: string; output?: 'softmax' | 'lstsq'; out?: string;
  delimiter: string; missing: MissingPolicy; categorical: 'auto' | 'error'; json?: boolean; quiet?: boolean;
}

function note(o: { quiet?: boolean }, text: string): void {
  if (!o.quiet) tell(`lsqnet: note: ${text}`);
}

function metricsJSON(m: PipelineMetrics | null): unknown {
  return m;
}

/** `lsqnet fit <data>`. */
export async function fitCommand(data: string, o: FitFlags): Promise<void> {
  if (o.out) checkWritable(o.out);
  const table = await loadCsv(data, { delimiter: o.delimiter });
  const progress = new Progress({ quiet: o.quiet || (o.json === true && !process.stderr.isTTY) });
  const settings: Record<string, unknown> = { seed: o.seed };
  for (const k of ['hidden', 'activation', 'iterations', 'epochs', 'rcond', 'ridge', 'gcv', 'solver', 'output'] as const) if (o[k] !== undefined) settings[k] = o[k];
  const pipe = new Pipeline();
  try {
    pipe.fit(table, {
      model: o.model, targets: o.target, features: o.features, ignore: o.ignore, task: o.task, missing: o.missing, categorical: o.categorical,
      settings, testFraction: o.testSplit, onProgress: progress.task(`fit ${o.model}`), hintStyle: 'cli',
    });
    progress.end();
    const r = pipe.report;
    const json = pipe.toJSON();
    if (o.out) writeOut(o.out, `${JSON.stringify(json)}\n`);
    const taskLine = `task: ${r.task} (${r.taskInferred ? `inferred: ${r.taskReason}; set --task to override` : 'given by --task'})`;
    // the inferred task is announced: first line of the table output, or a note on stderr next to --json
    if (r.taskInferred && o.json) note(o, taskLine);
    for (const n of r.notes) note(o, n);
    if (o.json) {
      console.log(JSON.stringify({
        command: 'fit', data, delimiter: table.delimiter, task: r.task, taskInferred: r.taskInferred, taskReason: r.taskReason, notes: r.notes,
        model: o.model, settings: json.settings, features: json.features, featureNames: pipe.featureNames, targets: json.targets,
        classes: pipe.classes, rows: r.rows, train: metricsJSON(r.train), test: metricsJSON(r.test), fitSeconds: r.fitSeconds, out: o.out ?? null,
      }, null, 2));
      return;
    }
    const s = json.settings;
    const classes = pipe.classes;
    say(taskLine);
    say(`${MODELS[o.model as keyof typeof MODELS]?.label ?? o.model}: hidden ${s.hidden}, ${s.activation}, seed ${s.seed}${s.output ? `, output ${s.output}` : ''}; ${json.features.length} columns (${pipe.featureNames.length} inputs) → ${json.targets.join(', ')}${classes ? ` (${classes.length} classes)` : ''}`);
    say(metricsTable([['train', r.train], ['test', r.test]], s.output));
    const cm = confusionTable(r.test ?? r.train, r.test ? 'test rows' : 'training rows');
    if (cm) say(cm);
    say(`fit time ${r.fitSeconds.toFixed(3)} s; ${o.out ? `model saved to ${o.out}` : 'model not saved (use --out model.json)'}`);
  } finally {
    progress.end();
    pipe.dispose();
  }
}

/** Flags of `lsqnet predict`. */
export interface PredictFlags { out?: string; delimiter: string; json?: boolean; proba?: boolean }

/** `lsqnet predict <model> <data>`. */
export async function predictCommand(modelPath: string, data: string, o: PredictFlags): Promise<void> {
  if (o.out) checkWritable(o.out);
  const obj = readJsonFile(modelPath);
  if (obj === null || typeof obj !== 'object' || (obj as { format?: unknown }).format !== 'lsqnet-model') {
    throw new InvalidInputError(`${modelPath}: not an lsqnet model file (missing "format": "lsqnet-model"; write one with lsqnet fit --out)`);
  }
  let pipe: Pipeline;
  try {
    pipe = Pipeline.fromJSON(obj);
  } catch (err) {
    if (err instanceof InvalidInputError) throw new InvalidInputError(`${modelPath}: ${err.message}`);
    throw err;
  }
  try {
    if (o.proba && pipe.task !== 'classification') throw new InvalidInputError(`--proba needs a classification model; ${modelPath} is a regression model`);
    const table = await loadCsv(data, { delimiter: o.delimiter });
    const res = pipe.run(table, { proba: o.proba === true });
    const classes = pipe.classes;
    const columns = [...res.columns];
    if (res.proba && classes) for (const c of classes) columns.push(`P(${res.columns[0]}=${String(c)})`);
    const rows = res.predictions.map((p, i) => {
      const cells = Array.isArray(p) ? p.map(String) : [String(p)];
      if (res.proba) cells.push(...res.proba[i]!.map(String));
      return cells;
    });
    const csv = `${columns.map(csvCell).join(',')}\n${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
    if (o.out) writeOut(o.out, csv);
    if (o.json) {
      const out: Record<string, unknown> = { command: 'predict', model: modelPath, data, task: pipe.task, rows: rows.length, columns, classes, metrics: res.metrics, out: o.out ?? null };
      if (res.proba) out.probaNote = `probabilities are ${probaNote(pipe.settings.output)}`;
      if (!o.out) {
        out.predictions = res.predictions;
        if (res.proba) out.proba = res.proba;
      }
      console.log(JSON.stringify(out, null, 2));
      return;
    }
    const report = res.metrics ? `${metricsTable([['data', res.metrics]], pipe.settings.output)}${res.metrics.task === 'classification' ? `\n${confusionTable(res.metrics, 'these rows')}` : ''}\n` : '';
    if (!o.out) {
      // stdout is the CSV: the metrics go to stderr so that `> predictions.csv` stays clean
      // data, written exactly; shown on a terminal only in printable form
      process.stdout.write(process.stdout.isTTY ? `${printable(csv)}` : csv);
      if (report) process.stderr.write(printable(report));
      return;
    }
    say(`${rows.length} predictions of ${res.columns.join(', ')}${res.proba ? ' with class probabilities' : ''} written to ${o.out}`);
    if (report) process.stdout.write(printable(report));
  } finally {
    pipe.dispose();
  }
}

/** `lsqnet bench`. */
export async function benchCommand(o: { quick?: boolean; json?: boolean; seed: number }): Promise<void> {
  const progress = new Progress({ quiet: o.json === true && !process.stderr.isTTY });
  const rows = runToyBenchmark({ quick: o.quick, seed: o.seed, progress: (label) => progress.task(label) });
  progress.end();
  const { build, threads, relaxedSimd } = runtimeInfo();
  if (o.json) console.log(JSON.stringify({ command: 'bench', quick: Boolean(o.quick), runtime: { build, threads, relaxedSimd }, rows }, null, 2));
  else {
    printToyTable(rows);
    console.log(`\nruntime: ${build === 'threads' ? `threaded build, ${threads} thread${threads === 1 ? '' : 's'}` : 'single-thread build'}, ${relaxedSimd ? 'relaxed SIMD (FMA)' : 'portable SIMD'} (--threads sets the count)`);
  }
  if (rows.some((r) => r.note?.startsWith('failed'))) process.exitCode = 1;
}
