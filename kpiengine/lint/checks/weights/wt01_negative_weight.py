"""Weights are ≥ 0 (0 means tracked: evaluated and reported, left out of the sums),
in the plan, the indicators and ``kind: weights`` documents.

Failing::

    kind: indicator
    id: satisfaction
    weight: -10

Passing::

    kind: indicator
    id: satisfaction
    weight: 0
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity
from kpiengine.rules.overrides import negative_weights

CODE = Code("WT01", "weights.negative", Severity.ERROR, "negative weight", __doc__)


def check(ruleset):
    for i, d in enumerate(ruleset.dimensions):
        if d.weight < 0:
            yield (f"dimension '{d.id}' has a negative weight ({d.weight})",
                   ruleset.where_plan("dimensions", i, "weight", value=True))
    for ind in ruleset.indicators.values():
        if ind.weight < 0:
            yield (f"indicator '{ind.id}' has a negative weight ({ind.weight})",
                   ind.where("weight", value=True))
    for spec, source in ruleset.weights.values():
        yield from negative_weights(spec, source)
