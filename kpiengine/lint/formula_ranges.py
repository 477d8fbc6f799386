"""What the range checks (FM09–FM12) share: each formula analysed once per call, and node positions.

`analysed(ruleset)` yields every indicator with a compiled formula and its
`rules.ranges.Analysis`; `node_location` turns a node of the formula's AST
into a file position with the mapping the formula codes FM01–FM03 use
(`rules.ruleset._formula_location`), so a warning points at the character.
"""

from __future__ import annotations

from typing import NamedTuple

from kpiengine.rules.ranges import analyse, unresolved_bounds
from kpiengine.rules.ruleset import _formula_location


class _Place(NamedTuple):
    """A place inside the formula text (1-based), as `_formula_location` takes it."""

    line: int
    column: int


def analysed(ruleset):
    """Indicators with a formula, and its analysis; not those whose bounds name no input (RF09 comes first)."""
    for indicator in ruleset.indicators.values():
        if indicator.formula is not None and not unresolved_bounds(indicator.spec):
            yield indicator, analyse(indicator.formula, indicator.spec)


def node_location(indicator, node):
    """Where `node` of the indicator's formula stands in the file (as compile_formula counts positions)."""
    text = indicator.spec.formula if isinstance(indicator.spec.formula, str) else indicator.formula.text
    lead = len(text) - len(text.lstrip())
    lead_lines = text[:lead].count("\n") - (1 if "\n" in text.strip() else 0)
    line = getattr(node, "lineno", 1) + lead_lines
    column = getattr(node, "col_offset", 0) + 1 + (lead if line == 1 else 0)
    return _formula_location(indicator.source, _Place(line, column))


def root(indicator):
    """The formula's whole expression (for warnings about its value)."""
    return indicator.formula.tree.value
