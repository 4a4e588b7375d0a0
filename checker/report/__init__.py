"""Report writers: one module per output format, templates beside them."""
