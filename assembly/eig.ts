// eig kernels: see DESIGN.md §1.
