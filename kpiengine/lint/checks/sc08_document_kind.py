"""A document that is not a mapping, has no ``kind``, or an unknown kind.
Kinds: ``plan``, ``indicator``, ``project``, ``indicators``, ``projects``.

Failing::

    kind: indicater
    id: satisfaction

Passing::

    kind: indicator
    id: satisfaction
"""

CODE = "SC08"
NAME = "schema.document-kind"
SEVERITY = "error"
SUMMARY = "document is not a mapping or has no known kind"
check = None
