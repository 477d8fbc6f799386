"""A dimension with no scored indicator: it will never have a score, and the
overall score silently leaves it out. (Indicators with weight 0 are tracked,
not scored.)

Failing::

    kind: plan
    dimensions:
      - {id: effectiveness, name: ประสิทธิผล, weight: 70}
      - {id: efficiency, name: ประสิทธิภาพ, weight: 30}   # no indicator has dimension: efficiency
    ---
    kind: indicator
    id: satisfaction
    dimension: effectiveness
    weight: 100

Passing: every dimension has at least one indicator with a weight above 0.
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity

CODE = Code("RF04", "references.empty-dimension", Severity.WARNING, "dimension with no scored indicator", __doc__)
NEEDS_COMPLETE = True  # reasons about the whole rule set: skipped when a document could not be read


def check(ruleset):
    for i, d in enumerate(ruleset.dimensions):
        indicators = ruleset.indicators_in(d.id)
        if any(ind.weight > 0 for ind in indicators):
            continue
        why = "no indicator" if not indicators else f"only indicators of weight 0 ({len(indicators)})"
        yield (f"dimension '{d.id}' has {why}: it will have no score and be left out of the "
               "overall score", ruleset.where_plan("dimensions", i, "id", value=True))
