"""A construct outside the formula language (SPEC §3): assignment, several
expressions, attributes, subscripts, comprehensions, lambdas, strings, calls
other than ``min max abs round``, or a formula over 2,000 characters.

Failing::

    formula: satisfied.__class__ if sum([1]) else 0

Passing::

    formula: min(satisfied * 100 / respondents, 100)
"""

CODE = "FM02"
NAME = "formula.disallowed"
SEVERITY = "error"
SUMMARY = "construct not allowed in a formula"
check = None  # reported while formulas are compiled
