"""A required key is missing. Required: plan ``kind id title fiscal_year
dimensions``; dimension ``id name weight``; indicator ``id name dimension
weight unit``; project ``id name``; milestone step ``step title weight``.

Failing::

    kind: indicator
    id: satisfaction
    name: ร้อยละความพึงพอใจ
    unit: percent

Passing::

    kind: indicator
    id: satisfaction
    name: ร้อยละความพึงพอใจ
    dimension: effectiveness
    weight: 60
    unit: percent
"""

CODE = "SC05"
NAME = "schema.missing-key"
SEVERITY = "error"
SUMMARY = "missing required key"
check = None
