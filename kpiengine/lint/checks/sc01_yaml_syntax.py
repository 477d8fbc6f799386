"""YAML that cannot be parsed.

Failing::

    kind: indicator
    id: satisfaction
    name: [unclosed

Passing::

    kind: indicator
    id: satisfaction
    name: ร้อยละความพึงพอใจ
"""

CODE = "SC01"
NAME = "schema.yaml-syntax"
SEVERITY = "error"
SUMMARY = "YAML syntax error"
check = None
