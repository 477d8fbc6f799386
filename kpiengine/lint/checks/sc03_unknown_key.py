"""A key the rule language does not know, with a did-you-mean.

Failing::

    kind: indicator
    id: satisfaction
    wieght: 60

Passing::

    kind: indicator
    id: satisfaction
    weight: 60
"""

CODE = "SC03"
NAME = "schema.unknown-key"
SEVERITY = "error"
SUMMARY = "unknown key"
check = None
