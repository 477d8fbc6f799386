"""A value of the wrong type or form: text where a number belongs, an id
with capitals, a unit that does not exist, a date that cannot be read.

Failing::

    kind: indicator
    id: Satisfaction
    weight: sixty
    unit: percnt

Passing::

    kind: indicator
    id: satisfaction
    weight: 60
    unit: percent
"""

CODE = "SC04"
NAME = "schema.wrong-type"
SEVERITY = "error"
SUMMARY = "value of the wrong type or form"
check = None
