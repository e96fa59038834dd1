// qr kernels: see DESIGN.md §1.
