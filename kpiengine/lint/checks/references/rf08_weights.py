"""A ``kind: weights`` document (another evaluation year's weights, used with
``kpi score --weights ID``) must name only dimensions and indicators of the
rule set. (A negative weight in it is WT01.)

Failing::

    kind: weights
    id: equal-2564
    dimensions: {effectivenes: 25}

Passing::

    kind: weights
    id: equal-2564
    dimensions: {effectiveness: 25}
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity
from kpiengine.rules.overrides import unknown_ids

CODE = Code("RF08", "references.weights", Severity.ERROR,
            "weights document names an unknown dimension or indicator", __doc__)


def check(ruleset):
    for spec, source in ruleset.weights.values():
        yield from unknown_ids(ruleset, spec, source)
