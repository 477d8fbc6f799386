"""A rule file with no YAML documents at all.

Failing: an empty ``rules/extra.yaml``.

Passing: remove the file, or give it a document::

    kind: projects
    projects: []
"""

CODE = "SC10"
NAME = "schema.empty-file"
SEVERITY = "warning"
SUMMARY = "empty rule file"
check = None
