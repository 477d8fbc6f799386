"""Evidence naming another plan id than the rule set's, or none. ``kpi score``
refuses it (exit 2).

Failing::

    kind: evidence
    plan: demo-2562

Passing::

    kind: evidence
    plan: demo-2563

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV06"
NAME = "evidence.other-plan"
SEVERITY = "error"
SUMMARY = "evidence for another plan"
check = None  # an evidence check: see kpiengine.evidence_check
