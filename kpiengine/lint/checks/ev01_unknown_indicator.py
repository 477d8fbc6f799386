"""Evidence for an indicator id the rule set does not have, with a did-you-mean.

Failing::

    values:
      satisfacton: {satisfied: 33, respondents: 50}

Passing::

    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV01"
NAME = "evidence.unknown-indicator"
SEVERITY = "error"
SUMMARY = "evidence for an indicator the rule set lacks"
check = None  # an evidence check: see kpiengine.evidence_check
