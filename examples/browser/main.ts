// lsqnet browser demo: trains a SWIM network and an ANMIN network (and, when chosen, a
// slimTrain network: ResNet features + an output layer solved by SlimTik at every step) on a 2-D
// function chosen on the page (or a grid loaded from a CSV such as ../../../shared/data/anmin_sdf/sdf.csv) and
// draws target, fits and errors as heat maps plus ANMIN's training curve (live, from the
// progress events), with timings. The training runs in a Web Worker through `lsqnet/worker`
// (the worker script is ./worker.ts, bundled next to this file by ./build.mjs), so the page never
// freezes: Train is disabled while a run is in flight, Stop cancels it (the worker is terminated
// and a fresh one starts for the next run), and an error clears the plots and shows the message.
import { init, Matrix, scope, parseCsv, StandardScaler, permutation, type AnminIteration, type CsvTable } from 'lsqnet';
import { AbortedError, ModelWorker, type WorkerMatrix } from 'lsqnet/worker';

declare global { interface Window { __demo?: Record<string, unknown>; __demoRuns?: number } }

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
function status(s: string, error = false): void {
  const el = $('status');
  el.textContent = s;
  el.classList.toggle('error', error);
}

// ------------------------------------------------------------------ problems

type Fn = (x: number, y: number) => number;
const FUNCTIONS: Record<string, { f: Fn; label: string }> = {
  sin: { label: 'sin(π(x+y))', f: (x, y) => Math.sin(Math.PI * (x + y)) },
  peaks: {
    label: 'peaks',
    f: (u, v) => {
      const x = 3 * u, y = 3 * v;
      return 3 * (1 - x) ** 2 * Math.exp(-x * x - (y + 1) ** 2) - 10 * (x / 5 - x ** 3 - y ** 5) * Math.exp(-x * x - y * y) - Math.exp(-((x + 1) ** 2) - y * y) / 3;
    },
  },
  ripple: { label: 'ripple', f: (x, y) => { const r = x * x + y * y; return Math.sin(6 * r) / (1 + 3 * r); } },
  saddle: { label: 'saddle', f: (x, y) => x * x - y * y },
};

/** A problem on a w×h grid: grid inputs (row-major, image order), grid targets, training rows (row-major). */
interface Problem { w: number; h: number; gridX: Float64Array; gridY: Float64Array; trainX: Float64Array; trainY: Float64Array }

function functionProblem(name: string, n: number): Problem {
  const fn = FUNCTIONS[name];
  if (!fn) throw new Error(`unknown function '${name}' (known: ${Object.keys(FUNCTIONS).join(', ')})`);
  const w = 96, h = 96;
  const gridX = new Float64Array(w * h * 2), gridY = new Float64Array(w * h);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
    const k = i * w + j, x = -1 + (2 * j) / (w - 1), y = 1 - (2 * i) / (h - 1);
    gridX[2 * k] = x; gridX[2 * k + 1] = y; gridY[k] = fn.f(x, y);
  }
  // training points: uniform on [-1, 1]² from lsqnet's seeded Philox generator
  const trainX = scope(() => Matrix.random(n, 2, { seed: 7, dist: 'uniform', low: -1, high: 1 }).toRowMajor());
  const trainY = new Float64Array(n);
  for (let i = 0; i < n; i++) trainY[i] = fn.f(trainX[2 * i]!, trainX[2 * i + 1]!);
  return { w, h, gridX, gridY, trainX, trainY };
}

let csvTable: CsvTable | null = null;

/** A full grid from a CSV with three numeric columns (row/x, col/y, value), e.g. the horse SDF. */
function csvProblem(t: CsvTable, n: number): Problem {
  const [cr, cc, cv] = t.columns as [string, string, string];
  const r = t.column(cr), c = t.column(cc), v = t.column(cv);
  const rs = [...new Set(r)].sort((a, b) => a - b), cs = [...new Set(c)].sort((a, b) => a - b);
  const h = rs.length, w = cs.length;
  if (h * w !== t.rows) throw new Error(`the CSV is not a full grid (${h} distinct '${cr}' × ${w} distinct '${cc}' ≠ ${t.rows} rows)`);
  const ri = new Map(rs.map((x, i) => [x, i])), ci = new Map(cs.map((x, i) => [x, i]));
  const gridX = new Float64Array(w * h * 2), gridY = new Float64Array(w * h);
  for (let k = 0; k < t.rows; k++) {
    const p = ri.get(r[k]!)! * w + ci.get(c[k]!)!;
    gridX[2 * p] = r[k]!; gridX[2 * p + 1] = c[k]!; gridY[p] = v[k]!;
  }
  const idx = permutation(w * h, 7).slice(0, Math.min(n, w * h));
  const trainX = new Float64Array(idx.length * 2), trainY = new Float64Array(idx.length);
  idx.forEach((k, i) => { trainX[2 * i] = gridX[2 * k]!; trainX[2 * i + 1] = gridX[2 * k + 1]!; trainY[i] = gridY[k]!; });
  return { w, h, gridX, gridY, trainX, trainY };
}

// ------------------------------------------------------------------ drawing

const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const INFERNO = [[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]];
const MAPS = ['target', 'swim-fit', 'swim-err', 'anmin-fit', 'anmin-err', 'slimtrain-fit', 'slimtrain-err'];

/** A 256-entry RGB lookup table interpolating the colour stops (built once per map). */
function lut(stops: number[][]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(256 * 3);
  for (let q = 0; q < 256; q++) {
    const s = (q / 255) * (stops.length - 1);
    const i = Math.min(Math.floor(s), stops.length - 2), u = s - i;
    for (let k = 0; k < 3; k++) out[3 * q + k] = Math.round(stops[i]![k]! + (stops[i + 1]![k]! - stops[i]![k]!) * u);
  }
  return out;
}
const VIRIDIS_LUT = lut(VIRIDIS), INFERNO_LUT = lut(INFERNO);

function drawMap(id: string, p: Problem, values: Float64Array, lo: number, hi: number, colours: Uint8ClampedArray): void {
  const canvas = $<HTMLCanvasElement>(id);
  canvas.width = p.w; canvas.height = p.h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(p.w, p.h);
  const scale = 255 / (hi - lo || 1);
  for (let k = 0; k < p.w * p.h; k++) {
    const q = 3 * Math.min(255, Math.max(0, Math.round((values[k]! - lo) * scale)));
    img.data[4 * k] = colours[q]!; img.data[4 * k + 1] = colours[q + 1]!; img.data[4 * k + 2] = colours[q + 2]!; img.data[4 * k + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** Sizes the curve canvas to its CSS box (sharp text at any width) and clears it. */
function curveContext(): { ctx: CanvasRenderingContext2D; W: number; H: number } {
  const canvas = $<HTMLCanvasElement>('curve');
  const dpr = window.devicePixelRatio || 1;
  const W = Math.max(200, canvas.clientWidth), H = Math.max(100, canvas.clientHeight);
  if (canvas.width !== Math.round(W * dpr) || canvas.height !== Math.round(H * dpr)) { canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr); }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  return { ctx, W, H };
}

/** The last curve drawn, redrawn when the page is resized (e.g. a phone turned). */
let lastCurve: Parameters<typeof drawCurve> | null = null;

function drawCurve(history: readonly AnminIteration[], total: number, swimTrainMse: number | null): void {
  lastCurve = [history, total, swimTrainMse];
  const { ctx, W, H } = curveContext();
  const L = 56, B = 30;
  const vals = history.map((e) => e.trainMse).concat(swimTrainMse !== null ? [swimTrainMse] : []).filter((v) => v > 0);
  if (vals.length === 0) return;
  const lo = Math.floor(Math.log10(Math.min(...vals))), hi = Math.ceil(Math.log10(Math.max(...vals)) + 1e-9);
  const X = (i: number): number => L + ((W - L - 20) * (i - 1)) / Math.max(1, total - 1);
  const Y = (v: number): number => H - B - ((H - B - 10) * (Math.log10(v) - lo)) / Math.max(1, hi - lo);
  ctx.strokeStyle = '#999'; ctx.fillStyle = '#555'; ctx.font = '12px sans-serif';
  ctx.beginPath(); ctx.moveTo(L, 10); ctx.lineTo(L, H - B); ctx.lineTo(W - 10, H - B); ctx.stroke();
  for (let e = lo; e <= hi; e++) ctx.fillText(`1e${e}`, 8, Y(10 ** e) + 4);
  ctx.fillText(`ANMIN iteration (${history.length}/${total})`, W / 2 - 70, H - 8);
  ctx.fillText('train MSE (log)', L + 6, 22);
  ctx.strokeStyle = '#d62728'; ctx.lineWidth = 2; ctx.beginPath();
  history.forEach((e, i) => { const x = X(i + 1), y = Y(Math.max(e.trainMse, 10 ** lo)); if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y); });
  ctx.stroke();
  if (swimTrainMse !== null && swimTrainMse > 0) {
    ctx.strokeStyle = '#1f77b4'; ctx.setLineDash([6, 4]); ctx.beginPath(); ctx.moveTo(L, Y(swimTrainMse)); ctx.lineTo(W - 10, Y(swimTrainMse)); ctx.stroke(); ctx.setLineDash([]);
    ctx.fillStyle = '#1f77b4'; ctx.fillText('SWIM (one solve)', W - 130, Y(swimTrainMse) - 6);
  }
  ctx.lineWidth = 1;
}

/** Clears every plot and the results table (so a failed or stopped run leaves nothing stale). */
function clearPlots(keepTarget = false): void {
  for (const id of MAPS) {
    if (keepTarget && id === 'target') continue;
    const c = $<HTMLCanvasElement>(id);
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
  }
  curveContext();
  lastCurve = null;
  $('results').querySelector('tbody')!.innerHTML = '';
}

// ------------------------------------------------------------------ training (in the worker)

interface ModelResult { name: string; fitMs: number; trainMse: number; gridMse: number; gridMaxErr: number; grid: Float64Array }

function mse(a: Float64Array, b: Float64Array): number { let s = 0; for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2; return s / a.length; }

const query = new URLSearchParams(location.search);
const wasm = query.get('wasm');
let worker: ModelWorker | null = null;
let run: AbortController | null = null;

/** The worker, started on first use and again after a stopped run (Stop terminates it). */
async function getWorker(): Promise<ModelWorker> {
  if (!worker || worker.terminated) {
    worker = await ModelWorker.create({ workerUrl: new URL('./worker.js', import.meta.url), ...(wasm ? { init: { wasm } } : {}) });
  }
  return worker;
}

function setBusy(busy: boolean): void {
  $<HTMLButtonElement>('train').disabled = busy;
  $<HTMLButtonElement>('stop').disabled = !busy;
}

/**
 * Lets the browser handle input and paint before the next step: the page's own work (making the
 * problem, scaling, drawing) is cut into tasks of a few milliseconds each, so that with the
 * training in the worker no main-thread task comes near 50 ms.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Elapsed seconds in the status line while a step without progress events (SWIM's solve) runs. */
function ticker(prefix: () => string): () => void {
  const t0 = performance.now();
  const id = setInterval(() => status(`${prefix()} ${((performance.now() - t0) / 1000).toFixed(1)} s`), 100);
  return () => clearInterval(id);
}

async function train(): Promise<void> {
  if (run) return;   // one run at a time: the button is disabled too, this guards programmatic clicks
  const ac = new AbortController();
  run = ac;
  setBusy(true);
  window.__demoRuns = (window.__demoRuns ?? 0) + 1;
  window.__demo = undefined;
  try {
    await trainBoth(ac.signal);
  } catch (err) {
    clearPlots();
    if (err instanceof AbortedError) {
      status('stopped: the worker was terminated; press Train to start again');
      window.__demo = { ok: false, stopped: true };
    } else {
      fail(err);
    }
  } finally {
    run = null;
    setBusy(false);
  }
}

async function trainBoth(signal: AbortSignal): Promise<void> {
  const n = Number($<HTMLInputElement>('n').value), swimWidth = Number($<HTMLInputElement>('swim').value);
  const hidden = Number($<HTMLInputElement>('hidden').value), iterations = Number($<HTMLInputElement>('iters').value);
  const fn = $<HTMLSelectElement>('fn').value;
  const slim = $<HTMLSelectElement>('third').value === 'slimtrain';
  const slimEpochs = Number($<HTMLInputElement>('slimEpochs').value);
  document.querySelectorAll<HTMLElement>('.slim').forEach((el) => { el.hidden = !slim; });
  clearPlots();
  await nextTask();
  const p = fn === 'sdf' && csvTable ? csvProblem(csvTable, n) : functionProblem(fn, n);
  let lo = Infinity, hi = -Infinity;
  for (const v of p.gridY) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  drawMap('target', p, p.gridY, lo, hi, VIRIDIS_LUT);
  await nextTask();
  // standardize inputs on the training rows and centre the targets (as the ANMIN paper does)
  const rows = p.trainY.length, cells = p.w * p.h;
  const { Z, Zg } = scope(() => {
    const scaler = new StandardScaler().fit({ data: p.trainX, rows, cols: 2 });
    return { Z: scaler.transform({ data: p.trainX, rows, cols: 2 }).toRowMajor(), Zg: scaler.transform({ data: p.gridX, rows: cells, cols: 2 }).toRowMajor() };
  });
  let mean = 0;
  for (const v of p.trainY) mean += v;
  mean /= rows;
  const yc = p.trainY.map((v) => v - mean);
  const train: WorkerMatrix = { data: Z, rows, cols: 2 }, grid: WorkerMatrix = { data: Zg, rows: cells, cols: 2 };
  await nextTask();

  const w = await getWorker();
  const results: ModelResult[] = [];
  let history: AnminIteration[] = [];
  let swimMse: number | null = null;
  const models: ('SWIM' | 'ANMIN' | 'slimTrain')[] = slim ? ['SWIM', 'ANMIN', 'slimTrain'] : ['SWIM', 'ANMIN'];
  for (const model of models) {
    let phase = model === 'SWIM' ? `SWIM: sampling ${swimWidth} neurons from ${rows} points…`
      : model === 'ANMIN' ? `ANMIN: ${iterations} iterations…` : `slimTrain: ${slimEpochs} epochs…`;
    const stop = ticker(() => phase);
    let fitted;
    try {
      fitted = model === 'SWIM'
        ? await w.fit('SampledNetwork', { layers: [swimWidth], activation: 'tanh', solver: 'qr', seed: 1 }, train, yc, {
          signal, keep: true,
          onProgress: (e) => { phase = e.stage === 'layer' ? `SWIM: solving the ${rows} × ${swimWidth + 1} least-squares problem…` : 'SWIM: solved; predicting…'; },
        })
        : model === 'slimTrain'
          // the paper's peaks network (w = 8, d = 8, T = 5, no input bias), memory r = 5, sGCV, Adam lr 1e-3, batch 5
          ? await w.fit('SlimTrainNetwork', { width: 8, depth: 8, horizon: 5, inputBias: false, memory: 5, epochs: slimEpochs, batchSize: 5, learningRate: 1e-3, seed: 1 }, train, yc, {
            signal, keep: true,
            onProgress: (e) => { phase = `slimTrain: epoch ${e.step}/${e.total}, train MSE ${e.trainMse.toExponential(2)}`; },
          })
          : await w.fit('AnminNetwork', { hidden, iterations, seed: 1 }, train, yc, {
            signal, keep: true,
            onProgress: (e) => {
              history.push(e);
              phase = `ANMIN: iteration ${e.step}/${e.total}, train MSE ${e.trainMse.toExponential(2)}`;
              drawCurve(history, e.total, swimMse);
            },
          });
    } finally {
      stop();
    }
    const [trainPred, gridPred] = [await fitted.predict(train, { signal }), await fitted.predict(grid, { signal })];
    await fitted.release();
    if (model === 'ANMIN') history = (fitted.history as AnminIteration[]).slice();
    for (let k = 0; k < rows; k++) trainPred[k]! += mean;
    for (let k = 0; k < cells; k++) gridPred[k]! += mean;
    let maxErr = 0;
    for (let k = 0; k < cells; k++) maxErr = Math.max(maxErr, Math.abs(gridPred[k]! - p.gridY[k]!));
    const r: ModelResult = { name: model, fitMs: fitted.seconds * 1000, trainMse: mse(trainPred, p.trainY), gridMse: mse(gridPred, p.gridY), gridMaxErr: maxErr, grid: gridPred };
    if (model === 'SWIM') swimMse = r.trainMse;
    results.push(r);
    const key = model.toLowerCase();
    drawMap(`${key}-fit`, p, r.grid, lo, hi, VIRIDIS_LUT);
    drawMap(`${key}-err`, p, r.grid.map((v, k) => Math.abs(v - p.gridY[k]!)), 0, Math.max(r.gridMaxErr, 1e-300), INFERNO_LUT);
  }
  drawCurve(history, iterations, swimMse);
  const body = $('results').querySelector('tbody')!;
  body.innerHTML = '';
  for (const r of results) {
    const tr = document.createElement('tr');
    for (const v of [r.name, `${r.fitMs.toFixed(0)} ms`, r.trainMse.toExponential(2), r.gridMse.toExponential(2), r.gridMaxErr.toExponential(2)]) {
      const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  status(`${FUNCTIONS[fn]?.label ?? 'CSV grid'}: ${rows} training points, ${p.w}×${p.h} grid, trained in a Web Worker. Error maps use their own scale (0 … max |error|).`);
  window.__demo = {
    ok: true, fn, w: p.w, h: p.h,
    results: results.map(({ grid: _grid, ...rest }) => rest),
    history: history.map((e) => e.trainMse),
  };
}

function fail(err: unknown): void {
  const e = err as { name?: string; message?: string };
  const text = e?.message ? `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}` : String(err);
  window.__demo = { ok: false, error: text };
  status(`error: ${text}`, true);
}

async function main(): Promise<void> {
  for (const [k, v] of query) {
    const el = document.getElementById(k) as HTMLInputElement | HTMLSelectElement | null;
    if (el && k !== 'wasm' && k !== 'auto' && 'value' in el) el.value = v;
  }
  const [info] = await Promise.all([init(wasm ? { wasm } : {}), getWorker()]);
  status(`lsqnet ready (${info.relaxedSimd ? 'relaxed SIMD with FMA' : 'SIMD'}, ${info.source} wasm; training runs in a Web Worker). Choose a function and press Train.`);
  setBusy(false);
  $('train').addEventListener('click', () => { void train(); });
  $('stop').addEventListener('click', () => { run?.abort(); });
  window.addEventListener('resize', () => { if (lastCurve) drawCurve(...lastCurve); });
  $<HTMLInputElement>('csv').addEventListener('change', async (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      csvTable = parseCsv(await file.text(), { source: file.name });
      if (csvTable.columns.length !== 3) throw new Error(`${file.name}: expected 3 columns (row, col, value), got ${csvTable.columns.length}`);
      const opt = $<HTMLSelectElement>('fn').querySelector('option[value=sdf]') as HTMLOptionElement;
      opt.disabled = false; opt.textContent = `${file.name} (${csvTable.rows} rows)`;
      $<HTMLSelectElement>('fn').value = 'sdf';
      status(`loaded ${file.name}: ${csvTable.rows} rows; press Train`);
    } catch (err) { clearPlots(); fail(err); }
  });
  if (query.get('auto')) await train();
}

main().catch((err) => { clearPlots(); fail(err); });
