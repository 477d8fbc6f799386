"""A value outside its ``min`` / ``max`` (numbers, or another input such as
``satisfied ≤ respondents``), an external score outside the scale, a partial
fraction outside 0–1.

Failing::

    values:
      satisfaction: {satisfied: 60, respondents: 50}

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV04"
NAME = "evidence.out-of-bounds"
SEVERITY = "error"
SUMMARY = "a value outside its declared bounds"
check = None  # an evidence check: see kpiengine.evidence_check
