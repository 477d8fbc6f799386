"""A declared input the evidence does not give (or no evidence at all under
``on_missing: error``).

Failing::

    values:
      satisfaction: {satisfied: 33}

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV05"
NAME = "evidence.missing-input"
SEVERITY = "error"
SUMMARY = "a declared input missing"
check = None  # an evidence check: see kpiengine.evidence_check
