"""An evidence file that cannot be read as one ``kind: evidence`` document:
empty, not YAML, not a mapping, another kind, several documents, an
unknown top-level key, ``values`` that is not a mapping, a bad ``as_of``.
``kpi score`` exits 2 on it.

Failing::

    kind: evidence
    plan: demo-2563
    values: [satisfaction]

Passing::

    kind: evidence
    plan: demo-2563
    values:
      satisfaction: {satisfied: 33, respondents: 50}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV00"
NAME = "evidence.unreadable"
SEVERITY = "error"
SUMMARY = "evidence file cannot be read as one evidence document"
check = None  # an evidence check: see kpiengine.evidence_check
