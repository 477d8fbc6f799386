"""The lint checks, one module per check, grouped by category folder.

``references/`` (RF), ``formulas/`` (FM), ``scoring/`` (SG), ``weights/``
(WT), ``plan/`` (PL). Each module's docstring is its documentation (with a
failing and a passing example), ``CODE = Code(..., __doc__)`` declares its
code, and ``check(ruleset)`` yields ``(message, location)`` pairs. They are
registered in `kpiengine.lint.registry`, which runs them and stamps code,
name and severity.
"""
