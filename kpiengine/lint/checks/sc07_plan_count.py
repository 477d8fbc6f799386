"""A rule set has exactly one ``kind: plan`` document: none, or two, is an error.

Failing (a rule set of indicators only)::

    kind: indicator
    id: satisfaction
    name: ร้อยละความพึงพอใจ
    dimension: effectiveness
    weight: 100
    unit: percent

Passing::

    kind: plan
    id: demo-2563
    title: ตัวอย่างแผน
    fiscal_year: 2563
    dimensions:
      - {id: effectiveness, name: ประสิทธิผล, weight: 100}
"""

CODE = "SC07"
NAME = "schema.plan-count"
SEVERITY = "error"
SUMMARY = "no plan, or more than one"
check = None
