import { init, Matrix, svd, scope } from './src/index.js';
import { svdTuning } from './src/linalg/svd.js';
await init();
function cpu(fn: () => void, reps = 3) { let b = Infinity; for (let i = 0; i < reps; i++) { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); b = Math.min(b, (c.user + c.system) / 1e6); } return b; }
for (const n of [25, 32, 48, 64, 80, 100, 128, 160, 200]) {
  scope(() => {
    const A = Matrix.random(n, n, { seed: n });
    svdTuning.dcMinN = Infinity; const tq = cpu(() => svd(A).dispose(), 20);
    svdTuning.dcMinN = 0; const td = cpu(() => svd(A).dispose(), 20);
    console.log(n, 'qr', tq.toFixed(4), 'dc', td.toFixed(4), (tq / td).toFixed(2));
  });
}
