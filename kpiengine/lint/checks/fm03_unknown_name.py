"""A name in a formula that is not one of the indicator's inputs (nor
``progress`` for milestone indicators, ``days_late`` for deadline
indicators), with a did-you-mean.

Failing::

    inputs:
      satisfied: {type: count}
      respondents: {type: count, min: 1}
    formula: satisfied * 100 / respondnts

Passing::

    formula: satisfied * 100 / respondents
"""

CODE = "FM03"
NAME = "formula.unknown-name"
SEVERITY = "error"
SUMMARY = "unknown name in a formula"
check = None  # reported while formulas are compiled
