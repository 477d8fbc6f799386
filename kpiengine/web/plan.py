"""The plan as the web app shows it: ``kpi show --format json`` plus what an evidence form needs.

Each indicator gains its formula, resolved levels, inputs (type, bounds,
description) and milestone steps, so an integrator can build evidence
without reading the rule files. (The HTML plan book of the reports work can
replace the plan page's template; this data stays the API's.)
"""

from __future__ import annotations

from kpiengine import RuleSet
from kpiengine.plan.book import plan_book


def _steps(steps) -> list[dict]:
    return [{"step": s.step, "title": s.title, "weight": s.weight, "cumulative": s.cumulative,
             "months": [str(m) for m in (s.months or [])]} for s in (steps or [])]


def plan_json(ruleset: RuleSet) -> dict:
    book = plan_book(ruleset)
    for item in book["indicators"]:
        ind = ruleset.indicators[item["id"]]
        item["formula"] = ind.formula.text if ind.formula is not None else None
        item["levels"] = list(ind.levels) if ind.levels else None
        item["inputs"] = {name: spec.model_dump(exclude_none=True, mode="json") for name, spec in ind.inputs.items()}
        item["evidence_keys"] = list(ind.evidence_names)
        item["steps"] = _steps(ind.steps)
    for item in book["projects"]:
        item["milestones"] = _steps(ruleset.projects[item["id"]].spec.milestones)
    return book


def plan_curves(ruleset: RuleSet, lang: str) -> dict[str, str]:
    """project id → its planned S-curve (SVG made by the HTML reports, every text in it escaped), today marked."""
    from datetime import date

    from kpiengine.reports.html.plan import planned_curves
    from kpiengine.reports.i18n import use

    with use(lang):
        return planned_curves(ruleset, date.today())
