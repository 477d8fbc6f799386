"""A project's ``indicators`` naming an indicator the rule set lacks.

Failing::

    kind: project
    id: competency-review
    name: โครงการศึกษาทบทวนสมรรถนะ
    indicators: [review-step]

Passing::

    kind: project
    id: competency-review
    name: โครงการศึกษาทบทวนสมรรถนะ
    indicators: [review-steps]
"""

CODE = "RF03"
NAME = "references.unknown-indicator"
SEVERITY = "error"
SUMMARY = "unknown indicator"
check = None  # reported while the rule set is built
