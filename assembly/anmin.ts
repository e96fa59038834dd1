// anmin kernels: see DESIGN.md §1.
