// Build flag of the threaded binaries (assembly/threads.ts). No state.

/** 1 when this binary was built with threads (shared, imported memory), else 0. */
export function threadsBuild(): i32 {
  return ASC_FEATURE_THREADS ? 1 : 0;
}
