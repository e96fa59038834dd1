// activation kernels: see DESIGN.md §1.
