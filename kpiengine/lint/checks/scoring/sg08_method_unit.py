"""The scoring method must fit the indicator: ``levels`` and ``ratio`` need a
number (a deadline's date needs a formula with ``days_late``); ``ratio`` a
target above 0; ``pass_fail`` a target; ``steps`` milestone steps;
``external`` unit ``score``; a ``by`` target a date; ``levels`` a ladder.

Failing::

    unit: percent
    scoring: {method: ratio}
    target: ">= 0"

Passing::

    unit: percent
    scoring: {method: ratio}
    target: ">= 80"
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("SG08", "scoring.method-unit", Severity.ERROR, "scoring method does not fit the indicator", __doc__)


def _problems(ind):
    spec, method, target = ind.spec, ind.method, ind.target
    numeric = spec.unit != "date" or spec.formula is not None
    s = spec.scoring
    if method in ("levels", "ratio") and not numeric:
        yield f"method '{method}' needs a number, but a deadline's value is a date: " \
              "add a formula using days_late", ("scoring", "method")
    if method == "levels" and ind.levels is None and (s is None or (s.levels is None and s.target_level is None)):
        yield "method 'levels' needs 'levels' or the 'target_level' / 'step' shorthand", ("scoring",)
    if method == "ratio":
        if target is None or target.value is None:
            yield "method 'ratio' needs a numeric target", ("scoring", "method")
        elif target.value <= 0:
            yield f"method 'ratio' needs a target above 0 (got {target.value})", ("target",)
    if method == "pass_fail" and target is None:
        yield f"indicator '{spec.id}' is scored pass_fail but has no target", ("id",)
    if method == "steps" and spec.unit != "milestone":
        yield f"method 'steps' is for unit milestone (unit is '{spec.unit}')", ("scoring", "method")
    if method == "external" and spec.unit != "score":
        yield f"method 'external' is for unit score (unit is '{spec.unit}')", ("scoring", "method")
    if method == "deadline" and spec.unit != "date":
        yield f"method 'deadline' is for unit date (unit is '{spec.unit}')", ("scoring", "method")
    if target is not None and target.by is not None and spec.unit != "date" \
            and not any(i.type == "date" for i in spec.inputs.values()):
        yield "a 'by' target needs a date input (the delivery date)", ("target",)
    if target is not None and target.value is not None and not numeric:
        yield f"target '{target.text()}' compares a number, but the value is a date: " \
              "use target: {by: <date>}", ("target",)


def check(ruleset):
    for ind in ruleset.indicators.values():
        for message, path in _problems(ind):
            yield (message, ind.where(*path, value=path[-1] != "scoring"))
