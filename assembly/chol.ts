// chol kernels: see DESIGN.md §1.
