"""The evidence table (one row per unit) and the result table, as column names.

Evidence: ``unit``, optional ``as_of``, ``<indicator>.<input>`` per input, ``<indicator>.step.<N>``
per milestone step (the fraction done: 1 completed, 0 or empty not started), ``<indicator>.score``
for an external score given without inputs. A delivery date may be empty: not delivered.

As in the Python reader (`kpiengine.evidence.table`): an indicator has no evidence in a row (it
is missing, under the plan's ``on_missing``) when all its cells are empty; once anything is given
for it, an empty delivery date is "not delivered", empty steps are "not started", and any other
empty cell is a missing input (EV05). A row with no unit and nothing else is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

UNIT = "unit"
AS_OF = "as_of"
RESULT_FIELDS = ("value", "status", "achieved", "score", "error")


@dataclass(frozen=True)
class Cell:
    """One evidence column of an indicator."""

    column: str
    indicator: str
    name: str  # input name, "score", or the step number as text
    kind: str  # count | number | percent | currency | date | boolean | score | step
    step: int | None = None


def cells(indicator) -> list[Cell]:
    """The evidence columns of one indicator, in a stable order."""
    out = [Cell(f"{indicator.id}.{name}", indicator.id, name, spec.type) for name, spec in indicator.inputs.items()]
    if indicator.method == "external" and not indicator.inputs:
        out.append(Cell(f"{indicator.id}.score", indicator.id, "score", "score"))
    if indicator.unit == "milestone" and indicator.steps:
        out += [Cell(f"{indicator.id}.step.{s.step}", indicator.id, str(s.step), "step", s.step)
                for s in indicator.steps]
    return out


def evidence_columns(ruleset) -> list[str]:
    """Every column of the evidence table of `ruleset` (what `kpi template` would write)."""
    columns = [UNIT, AS_OF]
    for indicator in ruleset.indicators.values():
        columns += [c.column for c in cells(indicator)]
    return columns


def result_columns(ruleset) -> list[str]:
    columns = [UNIT, "overall"] + [f"dimension.{d.id}" for d in ruleset.dimensions]
    for indicator in ruleset.indicators.values():
        columns += [f"{indicator.id}.{field}" for field in RESULT_FIELDS]
    return columns
