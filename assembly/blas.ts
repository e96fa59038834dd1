// blas kernels: see DESIGN.md §1.
