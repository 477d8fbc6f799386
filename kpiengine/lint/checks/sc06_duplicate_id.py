"""Two indicators, projects or dimensions with the same id. Ids are unique
within a rule set; an indicator that appears in several tables of a printed
plan is encoded once and linked (``links``), not repeated.

Failing::

    kind: indicators
    indicators:
      - {id: satisfaction, name: ก, dimension: effectiveness, weight: 50, unit: percent}
      - {id: satisfaction, name: ข, dimension: effectiveness, weight: 50, unit: percent}

Passing::

    kind: indicators
    indicators:
      - {id: satisfaction, name: ก, dimension: effectiveness, weight: 50, unit: percent}
      - {id: satisfaction-2, name: ข, dimension: effectiveness, weight: 50, unit: percent}
"""

CODE = "SC06"
NAME = "schema.duplicate-id"
SEVERITY = "error"
SUMMARY = "duplicate id"
check = None
