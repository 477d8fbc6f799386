"""Milestone evidence naming a step the table does not have, or a step both
completed and partial.

Failing::

    values:
      review-steps: {completed: [1, 2], partial: {2: 0.5}}

Passing::

    values:
      review-steps: {completed: [1, 2], partial: {3: 0.5}}

Reported by ``kpi check RULES --evidence FILE`` (and in the ``errors`` of
``kpi score``), not by checking rule files alone.
"""

CODE = "EV07"
NAME = "evidence.milestone-steps"
SEVERITY = "error"
SUMMARY = "an unknown step, or a step both completed and partial"
check = None  # an evidence check: see kpiengine.evidence_check
