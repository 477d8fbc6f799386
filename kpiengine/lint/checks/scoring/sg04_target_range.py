"""A target outside the sensible range of its unit: a percent below 0 or above
100, a count that is negative or not whole, milestone progress above 100.
(A percent may exceed 100 — SPEC §2 — so this is a warning.)

Failing::

    unit: percent
    target: ">= 120"

Passing::

    unit: percent
    target: ">= 80"
"""

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity

CODE = Code("SG04", "scoring.target-range", Severity.WARNING, "target outside the unit's sensible range", __doc__)


def _why(unit, value):
    if unit in ("percent", "milestone") and not 0 <= value <= 100:
        return f"a {unit} target outside 0–100"
    if unit == "count" and (value < 0 or not float(value).is_integer()):
        return "a count target that is not a whole number ≥ 0"
    return None


def check(ruleset):
    for ind in ruleset.indicators.values():
        target = ind.target
        if target is None or target.value is None or ind.spec.formula is not None and ind.unit == "date":
            continue
        why = _why(ind.unit, target.value)
        if why:
            yield (f"target '{target.text()}' of '{ind.id}' is {why} ({format_number(target.value)})",
                   ind.where("target" if ind.spec.target is not None else "targets_by_year", value=True))
