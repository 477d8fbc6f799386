"""A value of the wrong type: text for a number, a fraction for a count, a
month without a day for a delivery date.

Failing::

    values:
      satisfaction: {satisfied: many, respondents: 50}

Passing::

    values:
      satisfaction: {satisfied: "๓๓", respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV03"
NAME = "evidence.wrong-type"
SEVERITY = "error"
SUMMARY = "a value of the wrong type"
check = None  # an evidence check: see kpiengine.evidence_check
