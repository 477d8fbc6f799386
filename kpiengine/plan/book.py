"""The plan book (``kpi show``): dimensions, indicators with targets and owners,
projects with budgets and status, and totals."""

from __future__ import annotations

from kpiengine.core.calendar import fiscal_year_bounds
from kpiengine.rules.facts import computed_facts, has_budget


def _listed(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def funding_status(project) -> str:
    """funded, not funded, no budget, or budgeted (a budget, funding not stated)."""
    if not has_budget(project):
        return "no budget"
    if project.spec.funded is True:
        return "funded"
    if project.spec.funded is False:
        return "not funded"
    return "budgeted"


def plan_book(ruleset) -> dict:
    plan = ruleset.plan
    start, end = fiscal_year_bounds(plan.fiscal_year)
    served = {}
    for p in ruleset.projects.values():
        for ind in p.spec.indicators:
            served.setdefault(ind, []).append(p.id)
    indicators = []
    for ind in ruleset.indicators.values():
        s = ind.spec
        projects = list(served.get(ind.id, []))
        if s.project and s.project not in projects:
            projects.insert(0, s.project)
        indicators.append({
            "id": ind.id, "name": s.name, "dimension": s.dimension, "weight": s.weight, "unit": s.unit,
            "direction": s.direction, "method": ind.method,
            "target": ind.target.to_json() if ind.target else None,
            "targets_by_year": {str(y): (t.model_dump(exclude_none=True, mode="json") if t else None)
                                for y, t in (s.targets_by_year or {}).items()},
            "result_type": s.result_type, "owner": _listed(s.owner), "work_group": _listed(s.work_group),
            "goal": s.goal, "measure": _listed(s.measure), "defined_by": s.defined_by,
            "projects": projects,
            "inputs": {name: spec.type for name, spec in ind.inputs.items()},
            "formula": ind.formula.text if ind.formula is not None else None,
            "levels": list(ind.levels) if ind.levels else None,
        })
    projects = [{
        "id": p.id, "number": p.spec.number, "name": p.spec.name, "category": p.spec.category,
        "owner": p.spec.owner, "budget": p.spec.budget, "status": funding_status(p),
        "additional": bool(p.spec.additional), "indicators": list(p.spec.indicators),
        "steps": len(p.spec.milestones or []),
        "milestones": [{"step": m.step, "title": m.title, "weight": m.weight, "cumulative": m.cumulative,
                        "months": [month.iso() for month in m.months or []]} for m in p.spec.milestones or []],
    } for p in ruleset.projects.values()]
    categories = sorted({p.spec.category for p in ruleset.projects.values() if p.spec.category})
    facts = computed_facts(ruleset)
    return {
        "plan": {"id": plan.id, "title": plan.title, "organization": plan.organization,
                 "fiscal_year": plan.fiscal_year, "fiscal_year_start": start.isoformat(),
                 "fiscal_year_end": end.isoformat(), "scale": list(plan.scale),
                 "below_first_level": plan.below_first_level, "on_missing": plan.on_missing},
        "dimensions": [{"id": d.id, "number": d.number, "name": d.name, "weight": d.weight,
                        "indicators": [i.id for i in ruleset.indicators_in(d.id)]} for d in plan.dimensions],
        "indicators": indicators,
        "projects": projects,
        "totals": {
            "indicators": len(ruleset.indicators),
            "projects": len(ruleset.projects),
            "budget": facts["budget_total"],
            "budget_by_category": {c: computed_facts(ruleset, c)["budget_total"] for c in categories},
            "projects_by_category": {c: computed_facts(ruleset, c)["projects"] for c in categories},
            "with_budget": facts["with_budget"], "funded": facts["funded"], "not_funded": facts["not_funded"],
            "no_budget": facts["no_budget"],
        },
    }
