"""kpi — the command line of kpiengine (one module per command group)."""

from kpiengine.cli.main import kpi, main

__all__ = ["kpi", "main"]
