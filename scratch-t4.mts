import { init, Matrix, lstsq, scope } from './src/index.js';
import { svdTuning } from './src/linalg/svd.js';
await init();
function cpu(fn: () => void, reps = 2) { let b = Infinity; for (let i = 0; i < reps; i++) { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); b = Math.min(b, (c.user + c.system) / 1e6); } return b; }
for (const n of [1000]) {
  scope(() => {
    const A = Matrix.random(Math.round(1.2 * n), n, { seed: n }); const b = Matrix.random(Math.round(1.2 * n), 1, { seed: 1 });
    svdTuning.lstsqDcMinN = Infinity; const tq = cpu(() => { lstsq(A, b); });
    svdTuning.lstsqDcMinN = 0; const td = cpu(() => { lstsq(A, b); });
    console.log(n, 'record', tq.toFixed(4), 'dc', td.toFixed(4), (tq / td).toFixed(2));
  });
}
