// The one set of addressing helpers (DESIGN.md §1: core holds no kernel state). Column-major
// f64 matrices, leading dimensions in elements, byte addresses. Internal: nothing here is a
// wasm export. Everything is @inline, so using these costs nothing over writing the arithmetic.

/** Byte address of element (i, j) of a column-major f64 matrix at `a` with leading dimension ld. */
@inline export function at(a: usize, i: i32, j: i32, ld: i32): usize {
  return a + ((<usize>i + <usize>j * <usize>ld) << 3);
}

/** Byte address of x[i] of a contiguous f64 vector. */
@inline export function ad(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** x[i] of a contiguous f64 vector. */
@inline export function ld(a: usize, i: i32): f64 { return load<f64>(a + (<usize>i << 3)); }
/** x[i] = v for a contiguous f64 vector. */
@inline export function st(a: usize, i: i32, v: f64): void { store<f64>(a + (<usize>i << 3), v); }

/** `bytes` rounded up to a multiple of 16 (v128 alignment of workspace slices). */
@inline export function align16(bytes: usize): usize {
  return (bytes + 15) & ~(<usize>15);
}
