"""A declared input the formula never uses: the evidence must give it, yet it
changes nothing. (Inputs used only as another input's bound are fine.)

Failing::

    inputs:
      satisfied: {type: count}
      respondents: {type: count, min: 1}
      units: {type: count}
    formula: satisfied * 100 / respondents

Passing::

    inputs:
      satisfied: {type: count, max: respondents}
      respondents: {type: count, min: 1}
    formula: satisfied * 100 / respondents
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("FM04", "formula.unused-input", Severity.WARNING, "declared input never used", __doc__)


def check(ruleset):
    for ind in ruleset.indicators.values():
        if ind.formula is None:
            continue
        bounds = {b for spec in ind.inputs.values() for b in (spec.min, spec.max) if isinstance(b, str)}
        for name, spec in ind.inputs.items():
            if name in ind.formula.names or name in bounds:
                continue
            if spec.type == "date" and "days_late" in ind.formula.names:
                continue  # the delivery date gives days_late
            yield (f"input '{name}' of '{ind.id}' is never used in its formula",
                   ind.where("inputs", name))
