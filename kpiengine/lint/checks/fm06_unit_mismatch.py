"""A formula whose value cannot have the indicator's unit, as far as static
reasoning can tell: a date input used in arithmetic (use ``days_late``), or a
value that cannot be scored the way the indicator says.

Failing::

    unit: count
    inputs:
      delivered: {type: date}
      reports: {type: count}
    formula: delivered + reports

Passing::

    unit: date
    inputs:
      delivered: {type: date}
    formula: days_late
    direction: lower
"""

CODE = "FM06"
NAME = "formula.unit-mismatch"
SEVERITY = "error"
SUMMARY = "formula cannot give the indicator's unit"
check = None  # reported while formulas are compiled; more in `fm06_units`
