"""A formula that is not a valid expression. The column points into the file.

Failing::

    formula: satisfied * 100 / (respondents

Passing::

    formula: satisfied * 100 / respondents
"""

CODE = "FM01"
NAME = "formula.syntax"
SEVERITY = "error"
SUMMARY = "formula syntax error"
check = None  # reported while formulas are compiled
