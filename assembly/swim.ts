// swim kernels: see DESIGN.md §1.
