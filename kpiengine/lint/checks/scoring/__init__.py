"""SG: scoring methods, levels, targets and scales."""
