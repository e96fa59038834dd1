// lsqnet browser demo: trains a SWIM network and an ANMIN network on a 2-D function chosen on
// the page (or a grid loaded from a CSV such as ../../../shared/data/anmin_sdf/sdf.csv) and
// draws target, fits and errors as heat maps plus ANMIN's training curve, with timings.
// Bundled by ./build.mjs with esbuild, importing the package exactly as an app would.
import {
  init, Matrix, scope, parseCsv, StandardScaler, centerTargets, uncenterTargets, permutation,
  SampledNetwork, AnminNetwork, type AnminIteration, type CsvTable,
} from 'lsqnet';

declare global { interface Window { __demo?: Record<string, unknown> } }

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = (s: string): void => { $('status').textContent = s; };
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

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

/** A problem on a w×h grid: grid inputs (row-major image order), grid targets, training rows. */
interface Problem { w: number; h: number; gridX: Float64Array; gridY: Float64Array; trainIdx: Int32Array | null; trainX?: Float64Array; trainY?: Float64Array }

function functionProblem(name: string, n: number): Problem {
  const { f } = FUNCTIONS[name]!;
  const w = 96, h = 96;
  const gridX = new Float64Array(w * h * 2), gridY = new Float64Array(w * h);
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) {
    const k = i * w + j, x = -1 + (2 * j) / (w - 1), y = 1 - (2 * i) / (h - 1);
    gridX[2 * k] = x; gridX[2 * k + 1] = y; gridY[k] = f(x, y);
  }
  // training points: uniform on [-1, 1]² from lsqnet's seeded Philox generator
  const U = Matrix.random(n, 2, { seed: 7, dist: 'uniform', low: -1, high: 1 });
  const rows = U.toRows();
  U.dispose();
  const trainX = new Float64Array(2 * n), trainY = new Float64Array(n);
  rows.forEach((r, i) => { trainX[2 * i] = r[0]!; trainX[2 * i + 1] = r[1]!; trainY[i] = f(r[0]!, r[1]!); });
  return { w, h, gridX, gridY, trainIdx: null, trainX, trainY };
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
  const perm = permutation(w * h, 7);
  return { w, h, gridX, gridY, trainIdx: perm.slice(0, Math.min(n, w * h)) };
}

// ------------------------------------------------------------------ drawing

const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const INFERNO = [[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]];

function colour(stops: number[][], t: number): number[] {
  const s = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(s), stops.length - 2), u = s - i;
  return stops[i]!.map((a, k) => Math.round(a + (stops[i + 1]![k]! - a) * u));
}

function drawMap(id: string, p: Problem, values: Float64Array, lo: number, hi: number, stops: number[][]): void {
  const canvas = $<HTMLCanvasElement>(id);
  canvas.width = p.w; canvas.height = p.h;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(p.w, p.h);
  for (let k = 0; k < p.w * p.h; k++) {
    const [r, g, b] = colour(stops, (values[k]! - lo) / (hi - lo || 1));
    img.data[4 * k] = r!; img.data[4 * k + 1] = g!; img.data[4 * k + 2] = b!; img.data[4 * k + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

function drawCurve(history: AnminIteration[], swimTrainMse: number | null): void {
  const canvas = $<HTMLCanvasElement>('curve');
  const ctx = canvas.getContext('2d')!;
  const W = canvas.width, H = canvas.height, L = 70, B = 30;
  ctx.clearRect(0, 0, W, H);
  const vals = history.map((e) => e.trainMse).concat(swimTrainMse !== null ? [swimTrainMse] : []).filter((v) => v > 0);
  if (vals.length === 0) return;
  const lo = Math.floor(Math.log10(Math.min(...vals))), hi = Math.ceil(Math.log10(Math.max(...vals)) + 1e-9);
  const X = (i: number): number => L + ((W - L - 20) * (i - 1)) / Math.max(1, history.length - 1);
  const Y = (v: number): number => H - B - ((H - B - 10) * (Math.log10(v) - lo)) / Math.max(1, hi - lo);
  ctx.strokeStyle = '#999'; ctx.fillStyle = '#555'; ctx.font = '12px sans-serif';
  ctx.beginPath(); ctx.moveTo(L, 10); ctx.lineTo(L, H - B); ctx.lineTo(W - 10, H - B); ctx.stroke();
  for (let e = lo; e <= hi; e++) { ctx.fillText(`1e${e}`, 10, Y(10 ** e) + 4); }
  ctx.fillText('ANMIN iteration', W / 2 - 40, H - 8);
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

// ------------------------------------------------------------------ training

interface ModelResult { name: string; fitMs: number; trainMse: number; gridMse: number; gridMaxErr: number; grid: Float64Array }

function mse(a: Float64Array, b: Float64Array): number { let s = 0; for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2; return s / a.length; }

async function train(): Promise<void> {
  const n = Number($<HTMLInputElement>('n').value), swimWidth = Number($<HTMLInputElement>('swim').value);
  const hidden = Number($<HTMLInputElement>('hidden').value), iterations = Number($<HTMLInputElement>('iters').value);
  const fn = $<HTMLSelectElement>('fn').value;
  const p = fn === 'sdf' && csvTable ? csvProblem(csvTable, n) : functionProblem(fn, n);
  const lo = Math.min(...p.gridY), hi = Math.max(...p.gridY);
  drawMap('target', p, p.gridY, lo, hi, VIRIDIS);
  const results: ModelResult[] = [];
  let history: AnminIteration[] = [];
  for (const model of ['SWIM', 'ANMIN'] as const) {
    status(`training ${model}…`);
    await tick();
    const r = scope(() => {
      // training rows
      const G = Matrix.fromRowMajor(p.gridX, p.w * p.h, 2);
      let Xtr: Matrix, ytr: Float64Array;
      if (p.trainIdx) {
        const idx = p.trainIdx;
        const xs = new Float64Array(idx.length * 2);
        ytr = new Float64Array(idx.length);
        idx.forEach((k, i) => { xs[2 * i] = p.gridX[2 * k]!; xs[2 * i + 1] = p.gridX[2 * k + 1]!; ytr[i] = p.gridY[k]!; });
        Xtr = Matrix.fromRowMajor(xs, idx.length, 2);
      } else {
        Xtr = Matrix.fromRowMajor(p.trainX!, p.trainX!.length / 2, 2);
        ytr = p.trainY!;
      }
      // standardize inputs and centre targets on the training rows (as the ANMIN paper does)
      const scaler = new StandardScaler().fit(Xtr);
      const Z = scaler.transform(Xtr), Zg = scaler.transform(G);
      const { Y, mean } = centerTargets(ytr);
      const t0 = performance.now();
      const net = model === 'SWIM'
        ? new SampledNetwork({ layers: [swimWidth], activation: 'tanh', solver: 'qr', seed: 1 }).fit(Z, Y)
        : new AnminNetwork({ hidden, iterations, seed: 1 }).fit(Z, Y);
      const fitMs = performance.now() - t0;
      if (net instanceof AnminNetwork) history = net.history.slice();
      const trainPred = uncenterTargets(net.predict(Z), mean).column(0);
      const grid = uncenterTargets(net.predict(Zg), mean).column(0);
      net.dispose();
      let maxErr = 0;
      for (let k = 0; k < grid.length; k++) maxErr = Math.max(maxErr, Math.abs(grid[k]! - p.gridY[k]!));
      return { name: model, fitMs, trainMse: mse(trainPred, ytr), gridMse: mse(grid, p.gridY), gridMaxErr: maxErr, grid };
    });
    results.push(r);
    const key = model.toLowerCase();
    drawMap(`${key}-fit`, p, r.grid, lo, hi, VIRIDIS);
    drawMap(`${key}-err`, p, r.grid.map((v, k) => Math.abs(v - p.gridY[k]!)), 0, Math.max(r.gridMaxErr, 1e-300), INFERNO);
  }
  drawCurve(history, results[0]?.trainMse ?? null);
  const body = $('results').querySelector('tbody')!;
  body.innerHTML = '';
  for (const r of results) {
    const tr = document.createElement('tr');
    for (const v of [r.name, `${r.fitMs.toFixed(0)} ms`, r.trainMse.toExponential(2), r.gridMse.toExponential(2), r.gridMaxErr.toExponential(2)]) {
      const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  status(`${FUNCTIONS[fn]?.label ?? 'CSV grid'}: ${p.trainIdx?.length ?? p.trainY!.length} training points, ${p.w}×${p.h} grid. Error maps use their own scale (0 … max |error|).`);
  window.__demo = {
    ok: true, fn, w: p.w, h: p.h,
    results: results.map(({ grid: _grid, ...rest }) => rest),
    history: history.map((e) => e.trainMse),
  };
}

async function main(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const wasm = q.get('wasm');
  const info = await init(wasm ? { wasm } : {});
  status(`lsqnet ready (${info.relaxedSimd ? 'relaxed SIMD with FMA' : 'SIMD'}, ${info.source} wasm). Choose a function and press Train.`);
  for (const [k, v] of q) {
    const el = document.getElementById(k) as HTMLInputElement | HTMLSelectElement | null;
    if (el && k !== 'wasm' && k !== 'auto') el.value = v;
  }
  $('train').addEventListener('click', () => { train().catch(fail); });
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
    } catch (err) { fail(err); }
  });
  if (q.get('auto')) await train();
}

function fail(err: unknown): void {
  window.__demo = { ok: false, error: String((err as Error)?.message ?? err) };
  status(`error: ${String((err as Error)?.message ?? err)}`);
}

main().catch(fail);
