import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { init, Matrix, LinearOperator, liveBytes } from '../../src/index.js';
import { wasm, alloc, free } from '../../bindings/raw.js';
import { sketchRows } from '../../src/solvers/sketch.js';
import { refKernels, refMem } from '../helpers/ref-kernels.js';
import { EPS, assertLE, maxAbsDiff } from '../helpers/index.js';

test.before(async () => { await init(); });

test('sparse sign sketch: fast kernel equals the dense reference; ζ distinct rows of ±1/√ζ per column', () => {
  const s = 23, zeta = 5, count = 40, n = 6;
  const A = Matrix.random(count, n, { seed: 3 });
  // the kernel and its twin run in the ref build's instance (its own memory): A is copied there
  const k = refKernels();
  const { alloc, free } = refMem(k);
  const pa = alloc(count * n * 8), o1 = alloc(s * n * 8), o2 = alloc(s * n * 8);
  new Float64Array(k.memory.buffer).set(A.toColumnMajor(), pa >> 3);
  new Float64Array(k.memory.buffer).fill(0, o1 >> 3, (o1 >> 3) + s * n);
  new Float64Array(k.memory.buffer).fill(0, o2 >> 3, (o2 >> 3) + s * n);
  const work = alloc(k.sparseSignSketchWorkspaceSize(count, zeta));
  const dense = alloc(s * count * 8);
  try {
    k.sparseSignSketch(s, zeta, 7, 0x52, 100, count, n, pa, count, o1, s, work);
    k.sparseSignSketchRef(s, zeta, 7, 0x52, 100, count, n, pa, count, o2, s, work, dense);
    const view = (p: number) => new Float64Array(k.memory.buffer).slice(p >> 3, (p >> 3) + s * n);
    assertLE(maxAbsDiff(view(o1), view(o2)), 8 * zeta * EPS * 4, 'fast vs reference');
    // structure of the dense block of S (left in `dense` by the reference kernel)
    const d = new Float64Array(k.memory.buffer, dense, s * count).slice();
    for (let j = 0; j < count; j++) {
      let nz = 0;
      for (let i = 0; i < s; i++) {
        const v = d[i + j * s]!;
        if (v !== 0) { nz++; assert.ok(Math.abs(Math.abs(v) - 1 / Math.sqrt(zeta)) < 1e-16, 'magnitude 1/√ζ'); }
      }
      assert.is(nz, zeta, `column ${j} has ζ distinct non-zeros`);
    }
  } finally { [work, dense, pa, o1, o2].forEach(free); }
  A.dispose();
});

test('sketches do not depend on the blocking (counter-based generator) and preserve norms on average', () => {
  const before = liveBytes();
  const A = Matrix.random(300, 5, { seed: 1 });
  for (const kind of ['gaussian', 'sparse'] as const) {
    const whole = sketchRows(LinearOperator.fromMatrix(A), 40, kind, 9, 8);
    const op = LinearOperator.fromRowBlocks(300, 5, (s, e) => A.rowRange(s, e), { blockSize: 37 });
    const blocked = sketchRows(op, 40, kind, 9, 8);
    assertLE(maxAbsDiff(whole.toColumnMajor(), blocked.toColumnMajor()), 1e-12, `${kind}: blocked = whole`);
    whole.dispose(); blocked.dispose();
  }
  // E‖Sx‖² = ‖x‖² (sparse) and = s‖x‖² (Gaussian): average over 200 seeds within 3 standard errors
  const x = Matrix.random(500, 1, { seed: 2 });
  const xx = x.toColumnMajor().reduce((a, v) => a + v * v, 0);
  for (const kind of ['gaussian', 'sparse'] as const) {
    let sum = 0, sum2 = 0;
    const T = 200, s = 50;
    for (let t = 0; t < T; t++) {
      const y = sketchRows(LinearOperator.fromMatrix(x), s, kind, t, 8);
      const v = y.toColumnMajor().reduce((a, q) => a + q * q, 0) / (kind === 'gaussian' ? s : 1) / xx;
      y.dispose();
      sum += v; sum2 += v * v;
    }
    const mean = sum / T, se = Math.sqrt((sum2 / T - mean * mean) / T);
    assertLE(Math.abs(mean - 1), 3 * se + 1e-3, `${kind}: E‖Sx‖²/‖x‖² = 1 (mean ${mean.toFixed(4)}, se ${se.toFixed(4)})`);
  }
  A.dispose(); x.dispose();
  assert.is(liveBytes(), before);
});

test.run();
