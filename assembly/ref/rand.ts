// Scalar twin of the sparse sign sketch.
import { sparseSignColumns } from '../rand/sketch';
/**
 * Scalar reference of {@link sparseSignSketch} written the other way round: forms the dense
 * s×count block of S (in `dense`, s·count f64) and multiplies it with a plain triple loop.
 * `work` as for the fast kernel.
 */
export function sparseSignSketchRef(s: i32, zeta: i32, seed: f64, stream: u32, row0: f64, count: i32, n: i32,
  a: usize, lda: i32, out: usize, ldo: i32, work: usize, dense: usize): void {
  const k = <usize>count * <usize>zeta;
  const idx = work;
  const val = (work + k * 4 + 15) & ~(<usize>15);
  const uni = val + k * 8;
  sparseSignColumns(s, zeta, seed, stream, row0, count, idx, val, uni);
  for (let q: usize = 0; q < <usize>s * <usize>count; q++) store<f64>(dense + (q << 3), 0.0);
  for (let j = 0; j < count; j++) {
    for (let t = 0; t < zeta; t++) {
      const r = load<i32>(idx + ((<usize>j * <usize>zeta + <usize>t) << 2));
      store<f64>(dense + ((<usize>r + <usize>j * <usize>s) << 3), load<f64>(val + ((<usize>j * <usize>zeta + <usize>t) << 3)));
    }
  }
  for (let c = 0; c < n; c++) {
    for (let i = 0; i < s; i++) {
      let acc = 0.0;
      for (let j = 0; j < count; j++) {
        acc += load<f64>(dense + ((<usize>i + <usize>j * <usize>s) << 3)) * load<f64>(a + ((<usize>j + <usize>c * <usize>lda) << 3));
      }
      const p = out + ((<usize>i + <usize>c * <usize>ldo) << 3);
      store<f64>(p, load<f64>(p) + acc);
    }
  }
}
