"""WT: weights of dimensions and indicators."""
