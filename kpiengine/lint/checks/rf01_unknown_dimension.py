"""An indicator whose ``dimension`` is not one of the plan's dimensions: it
would be in no dimension, and count nowhere.

Failing::

    kind: indicator
    id: satisfaction
    dimension: efectiveness   # the plan has 'effectiveness'

Passing::

    kind: indicator
    id: satisfaction
    dimension: effectiveness
"""

CODE = "RF01"
NAME = "references.unknown-dimension"
SEVERITY = "error"
SUMMARY = "indicator in no dimension of the plan"
check = None  # reported while the rule set is built
