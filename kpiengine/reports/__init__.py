"""Output formats: one small module per kind of report."""
