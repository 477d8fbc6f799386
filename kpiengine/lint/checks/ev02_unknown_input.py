"""An input the indicator does not declare, with a did-you-mean.

Failing::

    values:
      satisfaction: {satisfied: 33, respondnts: 50}

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV02"
NAME = "evidence.unknown-input"
SEVERITY = "error"
SUMMARY = "an input the indicator does not declare"
check = None  # an evidence check: see kpiengine.evidence_check
