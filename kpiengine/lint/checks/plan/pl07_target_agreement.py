"""The same indicator with different targets: ``target`` and
``targets_by_year`` of the plan's year disagree, or a table where the
printed plan shows it again (``links``) prints another target. The rule file
keeps what the plan prints; the checker points at the difference.

Failing::

    target: ">= 30"
    targets_by_year: {2563: 40}

Passing::

    target: ">= 30"
    targets_by_year: {2561: 30, 2562: 40, 2563: 30}
"""

from kpiengine.core.codes import Code
from kpiengine.core.problems import Severity
from kpiengine.rules.targets import Target

CODE = Code("PL07", "plan.target-agreement", Severity.WARNING,
            "the same indicator printed with different targets", __doc__)


def check(ruleset):
    fy = ruleset.plan.fiscal_year
    for ind in ruleset.indicators.values():
        spec, target = ind.spec, ind.target
        if target is None:
            continue
        yearly = (spec.targets_by_year or {}).get(fy)
        if spec.target is not None and yearly is not None:
            other = Target.from_spec(yearly, spec.direction)
            if other != target:
                yield (f"target '{target.text()}' of '{ind.id}' differs from its targets_by_year "
                       f"{fy} ('{other.text()}')", ind.where("targets_by_year", fy, value=True))
        for i, link in enumerate(spec.links or []):
            if isinstance(link, str) or link.target is None:
                continue
            other = Target.from_spec(link.target, spec.direction)
            if other != target:
                printed = f" (printed '{link.printed}')" if link.printed else ""
                yield (f"table {link.table} prints target '{other.text()}'{printed} for '{ind.id}', "
                       f"whose target is '{target.text()}'", ind.where("links", i, "target", value=True))
