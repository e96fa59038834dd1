// lsqr kernels: see DESIGN.md §1.
