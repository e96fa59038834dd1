// sketch kernels: see DESIGN.md §1.
