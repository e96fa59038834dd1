// Counter-based pseudo-random numbers: Philox4x32-10 (Salmon, Moraes, Dror, Shaw,
// "Parallel random numbers: as easy as 1, 2, 3", SC'11; the Random123 constants).
//
// A value is a pure function of (seed, stream, index): there is no generator state, so any
// block of a random matrix can be produced on its own, in any order, on any worker, and gives
// the same numbers as the whole matrix generated at once.
//
//   key     = (seed mod 2^32, floor(seed / 2^32))        seed: integer in [0, 2^53)
//   counter = (j mod 2^32, floor(j / 2^32), stream, 0x6c73716e)   j = floor(index / 2)
//   Philox4x32-10(counter, key) -> 32-bit words w0..w3
//   u_even  = ((w0 << 21) ^ w1 >> 11 ... ) : the top 53 bits of (w1:w0), plus 1/2 ulp  -> (0, 1)
//   u_odd   = the same from (w3:w2)
// Element `index` takes u_even when index is even and u_odd when it is odd.
// Normal variates use Box–Muller on the pair of counter j:
//   r = sqrt(-2 ln u_even), z_even = r cos(2π u_odd), z_odd = r sin(2π u_odd).

import { parWide, parArgs, parFor } from '../core/par';

const M0: u64 = 0xD2511F53;
const M1: u64 = 0xCD9E8D57;
const W0: u32 = 0x9E3779B9;
const W1: u32 = 0xBB67AE85;
const TAG: u32 = 0x6c73716e; // "lsqn": separates lsqnet's streams from other Philox users
const INV53: f64 = 1.1102230246251565e-16; // 2^-53

// Philox output: per-call scratch (locals would need multi-value returns). These four globals
// are written and read within one call of `philox` inside one exported kernel, never read
// across exported calls.
let out0: u32 = 0, out1: u32 = 0, out2: u32 = 0, out3: u32 = 0;

@inline function philox(c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  for (let r = 0; r < 10; r++) {
    const p0 = M0 * <u64>c0;
    const p1 = M1 * <u64>c2;
    const n0 = (<u32>(p1 >>> 32)) ^ c1 ^ k0;
    const n1 = <u32>p1;
    const n2 = (<u32>(p0 >>> 32)) ^ c3 ^ k1;
    const n3 = <u32>p0;
    c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    k0 += W0; k1 += W1;
  }
  out0 = c0; out1 = c1; out2 = c2; out3 = c3;
}

@inline function toUnit(lo: u32, hi: u32): f64 {
  const bits = ((<u64>hi << 32) | <u64>lo) >>> 11;
  return (<f64>bits + 0.5) * INV53; // strictly inside (0, 1)
}

// ───────────── threaded path (ASC_FEATURE_THREADS only; absent from the shipped builds) ─────────────
// rngUniform / rngNormal over element ranges: tile t fills elements i ∈ [t·RNG_TILE, …) (stream
// elements start + i) at out + i·inc. A value depends on (seed, stream, element) only — the
// Box–Muller pair of counter j is recomputed in full by a tile that starts at an odd element —
// so any partition gives the serial numbers bit for bit.

/** Elements per tile of the random fills. */
const RNG_TILE: i32 = 8192;
/** Below this many elements the fills stay serial (measured on 2 cores: 2.0× from 16384 = two tiles). */
const RNG_PAR_MIN: i32 = 1 << 14;

function rngPar(normal: bool, out: usize, n: i32, inc: i32, seed: f64, stream: u32, start: f64, p1: f64, p2: f64): void {
  const p = parArgs();
  store<i32>(p, normal ? 1 : 0); store<i32>(p, n, 4); store<i32>(p, inc, 8); store<u32>(p, stream, 12);
  store<usize>(p, out, 16); store<f64>(p, seed, 24); store<f64>(p, start, 32);
  store<f64>(p, p1, 40); store<f64>(p, p2, 48);
  parFor(rngTile, (n + RNG_TILE - 1) / RNG_TILE);
}

function rngTile(p: usize, t: i32, scratch: usize): void {
  const normal = load<i32>(p), n = load<i32>(p, 4), inc = load<i32>(p, 8), stream = load<u32>(p, 12);
  const out = load<usize>(p, 16), seed = load<f64>(p, 24), start = load<f64>(p, 32);
  const p1 = load<f64>(p, 40), p2 = load<f64>(p, 48);
  const i0 = t * RNG_TILE, cnt = min(RNG_TILE, n - i0);
  const o = out + ((<usize>(<isize>i0 * <isize>inc)) << 3);
  if (normal) normalSerial(o, cnt, inc, seed, stream, start + <f64>i0, p1, p2);
  else uniformSerial(o, cnt, inc, seed, stream, start + <f64>i0, p1, p2);
}

/** Fills `n` doubles at `out` (stride `inc`) with uniforms on (lo, hi): elements start..start+n-1. */
export function rngUniform(out: usize, n: i32, inc: i32, seed: f64, stream: u32, start: f64, lo: f64, hi: f64): void {
  if (ASC_FEATURE_THREADS) {
    if (n >= RNG_PAR_MIN && parWide()) { rngPar(false, out, n, inc, seed, stream, start, lo, hi); return; }
  }
  uniformSerial(out, n, inc, seed, stream, start, lo, hi);
}

function uniformSerial(out: usize, n: i32, inc: i32, seed: f64, stream: u32, start: f64, lo: f64, hi: f64): void {
  const s = <u64>seed;
  const k0 = <u32>s, k1 = <u32>(s >>> 32);
  const width = hi - lo;
  let e = <u64>start;
  for (let i = 0; i < n; i++, e++) {
    const j = e >>> 1;
    philox(<u32>j, <u32>(j >>> 32), stream, TAG, k0, k1);
    const u = (e & 1) == 0 ? toUnit(out0, out1) : toUnit(out2, out3);
    store<f64>(out + ((<usize>i * <usize>inc) << 3), lo + width * u);
  }
}

/** Fills `n` doubles at `out` (stride `inc`) with N(mean, sd²) variates: elements start..start+n-1. */
export function rngNormal(out: usize, n: i32, inc: i32, seed: f64, stream: u32, start: f64, mean: f64, sd: f64): void {
  if (ASC_FEATURE_THREADS) {
    if (n >= RNG_PAR_MIN && parWide()) { rngPar(true, out, n, inc, seed, stream, start, mean, sd); return; }
  }
  normalSerial(out, n, inc, seed, stream, start, mean, sd);
}

function normalSerial(out: usize, n: i32, inc: i32, seed: f64, stream: u32, start: f64, mean: f64, sd: f64): void {
  const s = <u64>seed;
  const k0 = <u32>s, k1 = <u32>(s >>> 32);
  let e = <u64>start;
  let i = 0;
  while (i < n) {
    const j = e >>> 1;
    philox(<u32>j, <u32>(j >>> 32), stream, TAG, k0, k1);
    const u1 = toUnit(out0, out1);
    const u2 = toUnit(out2, out3);
    const r = Math.sqrt(-2.0 * Math.log(u1));
    const t = 6.283185307179586 * u2;
    if ((e & 1) == 0) {
      store<f64>(out + ((<usize>i * <usize>inc) << 3), mean + sd * r * Math.cos(t));
      i++; e++;
      if (i >= n) break;
    }
    store<f64>(out + ((<usize>i * <usize>inc) << 3), mean + sd * r * Math.sin(t));
    i++; e++;
  }
}

/** Raw Philox4x32-10 words for a counter and key (written to out[0..3] as u32); for tests against Random123 vectors. */
export function philox4x32(out: usize, c0: u32, c1: u32, c2: u32, c3: u32, k0: u32, k1: u32): void {
  philox(c0, c1, c2, c3, k0, k1);
  store<u32>(out, out0); store<u32>(out + 4, out1); store<u32>(out + 8, out2); store<u32>(out + 12, out3);
}
