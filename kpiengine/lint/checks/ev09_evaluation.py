"""The formula cannot be evaluated on this evidence: a division by zero, a
result too large or not real, an external score outside the scale. The
message names the inputs. (``kpi fuzz`` finds such evidence before an
evaluator does.)

Failing::

    # formula: x * 100 / (total - x)
    values:
      share: {x: 3, total: 3}

Passing::

    values:
      share: {x: 2, total: 3}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV09"
NAME = "evidence.evaluation"
SEVERITY = "error"
SUMMARY = "the formula fails on this evidence"
check = None  # an evidence check: see kpiengine.evidence_check
