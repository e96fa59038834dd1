// Soak: many fit / predict / dispose cycles of each model on small data, checking that nothing
// accumulates — `liveBytes()` (bytes of wasm blocks owned by live objects) must return to its
// start, and wasm memory (`memoryBytes()`, which only grows) must stop growing after a warm-up.
//   npm run bench -- soak
// Environment: LSQNET_SOAK_CYCLES (default 10000 per model).
import { AnminNetwork, GradientNetwork, Matrix, SampledNetwork, liveBytes, memoryBytes } from '../src/index.js';
import { printTable } from './harness.js';

const CYCLES = Number(process.env.LSQNET_SOAK_CYCLES ?? 10_000);
const WARMUP = Math.min(100, Math.floor(CYCLES / 10));

/** 64×4 inputs and a smooth target (a fresh copy each cycle, like a user's data). */
function data(cycle: number): { X: number[][]; y: number[] } {
  const X: number[][] = [], y: number[] = [];
  for (let i = 0; i < 64; i++) {
    const row = [0, 1, 2, 3].map((j) => Math.sin(0.37 * i + 1.3 * j + 0.001 * cycle));
    X.push(row);
    y.push(row[0]! * row[1]! - 0.5 * row[2]! + row[3]! ** 2);
  }
  return { X, y };
}

interface Model { fit(X: number[][], y: number[]): unknown; predict(X: number[][]): Matrix | Float64Array; dispose(): void }

const models: [string, () => Model][] = [
  ['SampledNetwork (layers [32])', () => new SampledNetwork({ layers: [32], seed: 1 })],
  ['AnminNetwork (hidden 8, 2 iterations)', () => new AnminNetwork({ hidden: 8, iterations: 2, seed: 1 })],
  ['GradientNetwork (hidden 8, adam, 5 epochs)', () => new GradientNetwork({ hidden: 8, epochs: 5, seed: 1 })],
];

const rows: (string | number)[][] = [];
for (const [name, make] of models) {
  globalThis.gc?.();
  const live0 = liveBytes();
  let liveWarm = 0, memWarm = 0, maxLive = 0;
  const mem0 = memoryBytes();
  let checksum = 0;
  const t0 = performance.now();
  for (let c = 0; c < CYCLES; c++) {
    const { X, y } = data(c);
    const net = make();
    net.fit(X, y);
    const p = net.predict(X);
    checksum += p instanceof Matrix ? p.get(0, 0) : p[0]!;
    if (p instanceof Matrix) p.dispose();
    net.dispose();
    maxLive = Math.max(maxLive, liveBytes() - live0);
    if (c + 1 === WARMUP) { liveWarm = liveBytes(); memWarm = memoryBytes(); }
  }
  const seconds = (performance.now() - t0) / 1000;
  const liveEnd = liveBytes(), memEnd = memoryBytes();
  const flat = liveEnd === live0 && memEnd === memWarm;
  rows.push([name, String(CYCLES), seconds, (1000 * seconds) / CYCLES, `${live0} → ${liveWarm} → ${liveEnd}`, `${mem0 / 2 ** 20} → ${memWarm / 2 ** 20} → ${memEnd / 2 ** 20}`,
    Number.isFinite(checksum) ? 'finite' : 'NON-FINITE', flat ? 'flat' : 'GROWS']);
}
printTable(`soak: ${CYCLES} fit/predict/dispose cycles per model (64×4 data); live bytes and wasm memory at start → after ${WARMUP} cycles → end`,
  ['model', 'cycles', 'seconds', 'ms/cycle', 'liveBytes', 'wasm memory (MiB)', 'predictions', 'verdict'], rows);
