"""Plan figures computed from the rule set: budgets and project counts.

Used by `kpi check` (declared facts) and `kpi show` (totals).
"""

from __future__ import annotations

import math


def has_budget(project) -> bool:
    return project.spec.budget is not None and project.spec.budget != 0


def computed_facts(ruleset, category: str | None = None) -> dict:
    """``budget_total``, ``projects``, ``with_budget``, ``funded``, ``not_funded``, ``no_budget``, ``indicators``.

    `funded` counts projects with a budget and ``funded: true``; `not_funded`
    those with a budget and ``funded: false``; `no_budget` those without one.
    With `category`, only that category's projects count.
    """
    projects = [p for p in ruleset.projects.values() if category is None or p.spec.category == category]
    with_budget = [p for p in projects if has_budget(p)]
    return {
        "budget_total": _total(p.spec.budget for p in with_budget),
        "projects": len(projects),
        "with_budget": len(with_budget),
        "funded": sum(1 for p in with_budget if p.spec.funded is True),
        "not_funded": sum(1 for p in with_budget if p.spec.funded is False),
        "no_budget": len(projects) - len(with_budget),
        "indicators": len(ruleset.indicators),
    }


def _total(numbers):
    total = math.fsum(numbers)
    return int(total) if float(total).is_integer() else total
