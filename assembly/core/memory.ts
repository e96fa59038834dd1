// Unmanaged heap for matrix data and workspaces (TLSF from the AssemblyScript runtime).
// Every block returned by `alloc` is 16-byte aligned (v128 loads are safe on it) and must be
// released with `free`. Kernels never allocate: callers pass workspace pointers.

/** Allocates `bytes` bytes of unmanaged memory (16-byte aligned). Traps when memory cannot grow. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes > 0 ? bytes : 16);
}

/** Frees a block returned by `alloc`. */
export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Current size of linear memory in 64 KiB pages. */
export function memoryPages(): i32 {
  return memory.size();
}
