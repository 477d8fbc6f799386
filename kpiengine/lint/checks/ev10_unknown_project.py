"""The ``projects:`` part of an evidence file (steps done, for ``kpi progress``)
names a project the rule set lacks, or one without a milestone table.

Failing::

    projects:
      competency-reveiw: {completed: [1]}

Passing::

    projects:
      competency-review: {completed: [1]}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV10"
NAME = "evidence.unknown-project"
SEVERITY = "error"
SUMMARY = "progress for a project without a milestone table"
check = None  # an evidence check: see kpiengine.evidence_check
