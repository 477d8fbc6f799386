"""The evidence of an indicator must be a mapping of input name → value.

Failing::

    values:
      satisfaction: 66

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV08"
NAME = "evidence.entry-shape"
SEVERITY = "error"
SUMMARY = "an indicator's evidence that is not a mapping"
check = None  # an evidence check: see kpiengine.evidence_check
