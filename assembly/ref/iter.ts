// Scalar twins of the LSQR / Chebyshev vector kernels.
/** Scalar reference of {@link lsqrUpdate} (same arithmetic order per element, plain sums). */
export function lsqrUpdateRef(n: i32, x: usize, w: usize, v: usize, phiRho: f64, thetaRho: f64, invRho: f64): f64 {
  let dd = 0.0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const wi = load<f64>(w + o);
    const di = wi * invRho;
    dd += di * di;
    store<f64>(x + o, load<f64>(x + o) + phiRho * wi);
    store<f64>(w + o, load<f64>(v + o) - thetaRho * wi);
  }
  return dd;
}

/** Scalar reference of {@link dnormalize}: plain two-pass scaled norm, then scaling. */
export function dnormalizeRef(n: i32, x: usize): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s = max(s, abs(load<f64>(x + (<usize>i << 3))));
  if (s == 0.0 || !isFinite(s)) return s;
  let ss = 0.0;
  for (let i = 0; i < n; i++) { const y = load<f64>(x + (<usize>i << 3)) / s; ss += y * y; }
  const beta = s * Math.sqrt(ss);
  const inv = 1.0 / beta;
  for (let i = 0; i < n; i++) { const o = <usize>i << 3; store<f64>(x + o, inv * load<f64>(x + o)); }
  return beta;
}

/** Scalar reference of {@link daxpby}. */
export function daxpbyRef(n: i32, alpha: f64, x: usize, beta: f64, y: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, beta == 0.0 ? alpha * load<f64>(x + o) : alpha * load<f64>(x + o) + beta * load<f64>(y + o));
  }
}

// STREAM-like bandwidth kernels (bench/lsrn.bench.ts; not in the shipped build).
export { dstreamCopy, dstreamTriad, dstreamSum } from '../iter/matvec';
