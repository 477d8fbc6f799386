"""Each indicator's explanation for the unit page, from the library's ``kpi explain`` text.

The page shows, per indicator, the same lines as ``kpi explain --indicator
ID``. When the engine's structured traces land, this is the one function to
change.
"""

from __future__ import annotations

from kpiengine.reports.explain import explain_text


def explanations(ruleset, result) -> dict[str, str]:
    """Indicator id → its block of ``kpi explain`` lines (indented lines under ``id — name``)."""
    text = explain_text(ruleset, result)
    out: dict[str, str] = {}
    ids = set(ruleset.indicators)
    for block in text.split("\n\n"):
        first = block.split("\n", 1)[0]
        ident = first.split(" — ", 1)[0]
        if ident in ids:
            out[ident] = block.strip("\n")
    return out
