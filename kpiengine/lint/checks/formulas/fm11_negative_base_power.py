"""A power with a fractional exponent (``x ** 0.5``) whose base can be negative
for evidence the inputs' bounds allow: no real number comes out, and the
indicator is an error at evaluation. Bound the base (``min: 0``) or take
``abs``.

Failing::

    inputs:
      change: {type: number}
    formula: change ** 0.5

Passing::

    inputs:
      change: {type: number, min: 0}
    formula: change ** 0.5
"""

import ast

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity
from kpiengine.lint.formula_ranges import analysed, node_location
from kpiengine.rules.ranges import show

CODE = Code("FM11", "formula.negative-base-power", Severity.WARNING,
            "a fractional power's base can be negative", __doc__)


def check(ruleset):
    for indicator, analysis in analysed(ruleset):
        for finding in analysis.findings:
            if finding.kind == "negative-base":
                yield (f"base '{ast.unparse(finding.node)}' of a fractional power in '{indicator.id}' ranges over "
                       f"{show(finding.range)}: a negative base gives no real number",
                       node_location(indicator, finding.node))
