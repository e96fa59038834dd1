// Scalar twins of the nn kernels (tests and the speed-up measurements of bench/).
import { at } from '../core/addr';
import { tanhScalar } from '../nn/activation';
import { finishH } from '../nn/anmin';
/** Scalar reference twin of `dtanhBias` (tanhScalar per element). */
export function dtanhBiasRef(m: i32, n: i32, x: usize, ldx: i32, bias: usize, y: usize, ldy: i32): void {
  for (let j = 0; j < n; j++) {
    const b = bias ? load<f64>(bias + (<usize>j << 3)) : -0.0;
    const cx = x + ((<usize>j * <usize>ldx) << 3);
    const cy = y + ((<usize>j * <usize>ldy) << 3);
    for (let i = 0; i < m; i++) {
      store<f64>(cy + (<usize>i << 3), tanhScalar(load<f64>(cx + (<usize>i << 3)) + b));
    }
  }
}

/**
 * Reference twin of {@link anminAssemble}: the naive accumulation, one row at a time, a rank-1
 * update of U_jl per pair j ≤ l with G_ij G_il ≠ 0 (pairs where a neuron is silent are
 * skipped), then the same scaling / mirroring / λ step. Scalar, for tests and the speed-up
 * measurement.
 */
export function anminAssembleRef(n: i32, D: i32, h: i32, x: usize, ldx: i32, g: usize, ldg: i32,
  bbt: usize, ldb: i32, lambda: f64, hm: usize, ldh: i32): void {
  const cols = D * h;
  for (let j = 0; j < cols; j++) memory.fill(at(hm, 0, j, ldh), 0, <usize>cols << 3);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < h; j++) {
      const gj = load<f64>(at(g, i, j, ldg));
      if (gj == 0.0) continue;
      for (let l = j; l < h; l++) {
        const w = gj * load<f64>(at(g, i, l, ldg));
        if (w == 0.0) continue;
        for (let q = 0; q < D; q++) {
          const wq = w * load<f64>(at(x, i, q, ldx));
          for (let p = 0; p < D; p++) {
            const e = at(hm, j * D + p, l * D + q, ldh);
            store<f64>(e, load<f64>(e) + wq * load<f64>(at(x, i, p, ldx)));
          }
        }
      }
    }
  }
  finishH(D, h, bbt, ldb, lambda, hm, ldh);
}
