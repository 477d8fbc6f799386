"""Where the value comes from must be clear (SPEC §3): a formula, or exactly
one input. A deadline indicator (unit ``date``) needs exactly one date input,
the delivery date; a milestone indicator takes its progress from steps.

Failing::

    unit: percent
    inputs:
      satisfied: {type: count}
      respondents: {type: count, min: 1}

Passing::

    unit: percent
    inputs:
      satisfied: {type: count}
      respondents: {type: count, min: 1}
    formula: satisfied * 100 / respondents
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("FM07", "formula.value-source", Severity.ERROR, "no formula and not exactly one input", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        spec = ind.spec
        dates = [n for n, i in spec.inputs.items() if i.type == "date"]
        if spec.unit == "date" or ind.method == "deadline":
            if len(dates) != 1:
                found = f"has {len(dates)}: {', '.join(dates)}" if dates else "has none"
                yield (f"deadline indicator '{spec.id}' needs exactly one date input, "
                       f"the delivery date ({found})",
                       ind.where("inputs") if spec.inputs else ind.where("unit"))
            continue
        if spec.formula is not None or spec.unit == "milestone":
            continue
        if spec.unit == "score" and not spec.inputs:
            continue  # evidence gives {score: x}
        if len(spec.inputs) != 1:
            count = len(spec.inputs)
            yield (f"indicator '{spec.id}' has {count} inputs and no formula: "
                   "give a formula, or exactly one input",
                   ind.where("inputs") if spec.inputs else ind.where("id"))
