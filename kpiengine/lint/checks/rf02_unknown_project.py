"""An indicator's ``project`` that no project document declares.

Failing::

    kind: indicator
    id: review-steps
    unit: milestone
    project: competency-reveiw

Passing::

    kind: indicator
    id: review-steps
    unit: milestone
    project: competency-review
"""

CODE = "RF02"
NAME = "references.unknown-project"
SEVERITY = "error"
SUMMARY = "unknown project"
check = None  # reported while the rule set is built
