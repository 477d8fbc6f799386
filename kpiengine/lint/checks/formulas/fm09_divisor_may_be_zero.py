"""A divisor (of ``/``, ``//`` or ``%``) whose range, from the inputs' declared
bounds, includes 0: some evidence the rules accept makes the indicator an
error at evaluation. Typical: ``x * 100 / (total - x)`` with ``x ≤ total``
(``x = total`` divides by 0), or a count divisor without ``min: 1``. Guard
the division (``… if total > x else 100``) or declare a bound that excludes 0.

Failing::

    inputs:
      late: {type: count, max: total}
      total: {type: count, min: 1}
    formula: late * 100 / (total - late)

Passing::

    inputs:
      late: {type: count, max: total}
      total: {type: count, min: 1}
    formula: late * 100 / total
"""

import ast

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity
from kpiengine.lint.formula_ranges import analysed, node_location
from kpiengine.rules.ranges import show

CODE = Code("FM09", "formula.divisor-may-be-zero", Severity.WARNING,
            "a divisor can be 0 for evidence the inputs' bounds allow", __doc__)


def check(ruleset):
    for indicator, analysis in analysed(ruleset):
        for finding in analysis.findings:
            if finding.kind != "divisor-zero":
                continue
            hint = ""
            if isinstance(finding.node, ast.Name):
                hint = f": declare 'min: 1' on input '{finding.node.id}', or guard the division"
            yield (f"divisor '{ast.unparse(finding.node)}' of '{indicator.id}' ranges over {show(finding.range)}, "
                   f"which includes 0{hint}", node_location(indicator, finding.node))
