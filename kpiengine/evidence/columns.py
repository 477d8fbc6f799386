"""The columns of an evidence table, named from the rule set.

Every place evidence is typed into a grid — a CSV or sheet with a row per
unit, the transposed layout with a row per input, the Excel template, the
SQL input table — names its fields the same way:

- ``<indicator>.<input>`` for each declared input;
- ``<indicator>.step.<N>`` for each step of a milestone indicator: the
  fraction done (1 = completed, 0 or empty = not started);
- ``<indicator>.score`` for an external score without declared inputs.

`Column.suffix` is the part after the indicator id (``<input>``, ``step.<N>``,
``score``), the template's column C.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str  # <indicator>.<suffix>
    indicator: str
    suffix: str  # <input> | step.<N> | score
    kind: str  # the input's type (count, number, percent, currency, date, boolean), "step" or "score"
    spec: object = None  # the InputSpec or MilestoneStep it stands for

    @property
    def step(self) -> int | None:
        return self.spec.step if self.kind == "step" else None


def indicator_columns(indicator) -> list[Column]:
    """The columns of one indicator, in the order evaluators fill them."""
    out = [Column(f"{indicator.id}.{name}", indicator.id, name, spec.type, spec)
           for name, spec in indicator.inputs.items()]
    if indicator.unit == "milestone" and indicator.steps:
        out += [Column(f"{indicator.id}.step.{s.step}", indicator.id, f"step.{s.step}", "step", s)
                for s in indicator.steps]
    if indicator.method == "external" and not indicator.inputs:
        out.append(Column(f"{indicator.id}.score", indicator.id, "score", "score"))
    return out


def evidence_columns(ruleset) -> list[Column]:
    """Every column of the rule set's evidence table, indicator by indicator in rule-set order."""
    return [column for indicator in ruleset.indicators.values() for column in indicator_columns(indicator)]


def split_column(name: str, ruleset) -> tuple[str, str]:
    """(indicator id, suffix) of a column name; ids may hold dots, so the longest known id wins."""
    best = None
    for ident in ruleset.indicators:
        if name.startswith(ident + ".") and (best is None or len(ident) > len(best)):
            best = ident
    if best is not None:
        return best, name[len(best) + 1:]
    head, _, tail = name.partition(".")
    return head, tail
