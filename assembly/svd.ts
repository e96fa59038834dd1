// svd kernels: see DESIGN.md §1.
