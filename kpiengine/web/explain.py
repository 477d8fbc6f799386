"""Each indicator's explanation for the unit page, from the library's ``kpi explain`` text.

The page shows, per indicator, the same lines as ``kpi explain --indicator
ID --lang LANG`` in the page's language. When the engine's structured traces
land, this is the one function to change.
"""

from __future__ import annotations

from kpiengine.reports.explain import explain_text
from kpiengine.reports.i18n import use


def explanations(ruleset, result, lang: str = "en") -> dict[str, str]:
    """Indicator id → its block of ``kpi explain --lang LANG`` lines (indented lines under ``id — name``)."""
    with use(lang):
        text = explain_text(ruleset, result)
    out: dict[str, str] = {}
    ids = set(ruleset.indicators)
    for block in text.split("\n\n"):
        first = block.split("\n", 1)[0]
        ident = first.split(" — ", 1)[0]
        if ident in ids:
            out[ident] = block.strip("\n")
    return out
