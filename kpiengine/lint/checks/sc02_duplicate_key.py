"""The same key twice in one mapping. YAML parsers silently keep the last
one; we refuse both so that no figure is lost without a word.

Failing::

    kind: indicator
    id: satisfaction
    weight: 60
    weight: 40

Passing::

    kind: indicator
    id: satisfaction
    weight: 60
"""

CODE = "SC02"
NAME = "schema.duplicate-key"
SEVERITY = "error"
SUMMARY = "duplicate key in a mapping"
check = None
