// SIMD helpers shared by the kernels. `madd(a, b, c)` is a*b + c: one fused relaxed
// multiply-add in the relaxed build (ASC_FEATURE_RELAXED_SIMD is a compile-time constant),
// a separate mul and add in the portable SIMD build.

@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(a, b, c);
  } else {
    return f64x2.add(f64x2.mul(a, b), c);
  }
}

/** 1 when this binary was built with relaxed SIMD (fused multiply-add), else 0. */
export function relaxedSimdBuild(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}
