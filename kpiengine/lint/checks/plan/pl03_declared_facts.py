"""Facts the printed plan declares (``declared:`` on the plan) must match
what the rule set computes: ``budget_total`` (sum of project budgets),
``projects``, ``funded``, ``not_funded``, ``no_budget`` (project counts; a
project with ``budget: 0`` or none has no budget), ``indicators`` — for all
projects, or per ``category`` under ``by_category``.

Failing::

    kind: plan
    declared: {budget_total: 200000, projects: 1}
    # …and one project with budget: 150000

Passing::

    kind: plan
    declared: {budget_total: 150000, projects: 1}
"""

from kpiengine.core.codes import Code
from kpiengine.core.numbers import format_number
from kpiengine.core.problems import Severity
from kpiengine.rules.facts import computed_facts

CODE = Code("PL03", "plan.declared", Severity.ERROR, "declared fact differs from the rule set", __doc__)
NEEDS_COMPLETE = True  # reasons about the whole rule set: skipped when a document could not be read


_LABELS = {
    "budget_total": "budget total", "projects": "projects", "with_budget": "projects with a budget",
    "funded": "funded projects",
    "not_funded": "projects not funded", "no_budget": "projects without a budget", "indicators": "indicators",
}


def _compare(declared, computed: dict, where, scope: str):
    for key, label in _LABELS.items():
        stated = getattr(declared, key)
        if stated is None:
            continue
        actual = computed[key]
        if abs(float(stated) - float(actual)) > 1e-6:
            yield (f"declared {label}{scope} is {format_number(stated)}, but the rule set has "
                   f"{format_number(actual)}", where(key))


def check(ruleset):
    declared = ruleset.plan.declared
    if declared is None:
        return
    yield from _compare(declared, computed_facts(ruleset), lambda key: ruleset.where_plan("declared", key,
                                                                                          value=True), "")
    for category, facts in (declared.by_category or {}).items():
        computed = computed_facts(ruleset, category)
        if computed["projects"] == 0:
            yield (f"declared category '{category}' has no project with category: {category}",
                   ruleset.where_plan("declared", "by_category", category))
            continue
        yield from _compare(facts, computed,
                            lambda key, c=category: ruleset.where_plan("declared", "by_category", c, key,
                                                                       value=True), f" for '{category}'")
