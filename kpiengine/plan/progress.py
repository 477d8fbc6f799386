"""Monitoring during the year (``kpi progress``): planned against actual progress of each project.

Planned progress at a date comes from the steps' planned months: a step is
planned to run from the first day of its first month to the last day of its
last month, evenly (by days) in between; so it is planned 0 % done before its
first month and 100 % done on the last day of its last month. A step with no
planned month is taken as due by the end of the fiscal year (0 % before it).
The planned cumulative progress is Σ weight × planned fraction.

Actual progress comes from the evidence: the project's entry under
``projects:`` (``completed``, ``partial``), else the evidence of a milestone
indicator that takes its steps from the project. A step is late when the
date is after its planned end and it is not completed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from kpiengine.core.calendar import fiscal_year_bounds
from kpiengine.evidence.steps import read_project_steps, read_steps


@dataclass
class StepPlan:
    step: int
    title: str
    weight: float
    start: date
    end: date
    scheduled: bool  # False: no planned month, due by the end of the fiscal year
    planned: float = 0.0  # fraction planned done at the date
    done: float = 0.0  # fraction done in the evidence
    late: bool = False  # its planned end has passed (before the date) and it is not completed


@dataclass
class ProjectProgress:
    id: str
    name: str
    planned: float
    actual: float | None
    status: str  # ahead | on track | behind | no evidence
    steps: list = field(default_factory=list)
    source: str = ""  # where the actual progress came from
    faults: list = field(default_factory=list)

    @property
    def difference(self) -> float | None:
        return None if self.actual is None else self.actual - self.planned

    @property
    def late_steps(self) -> list:
        return [s for s in self.steps if s.late]


def step_plans(steps, fiscal_year: int) -> list[StepPlan]:
    _, year_end = fiscal_year_bounds(fiscal_year)
    plans = []
    for s in steps:
        if s.months:
            start = min(m.first_day() for m in s.months)
            end = max(m.last_day() for m in s.months)
            plans.append(StepPlan(s.step, s.title, float(s.weight), start, end, True))
        else:
            plans.append(StepPlan(s.step, s.title, float(s.weight), year_end, year_end, False))
    return plans


def planned_fraction(plan: StepPlan, as_of: date) -> float:
    if as_of >= plan.end:
        return 1.0
    if as_of < plan.start:
        return 0.0
    return ((as_of - plan.start).days + 1) / ((plan.end - plan.start).days + 1)


def _actual(ruleset, project, evidence):
    """(steps done or None, faults, where in the evidence) of a project."""
    entry = evidence.projects.get(project.id)
    if entry is not None:
        steps, faults = read_project_steps(project, entry)
        return steps, faults, f"projects.{project.id}"
    for ind in ruleset.indicators.values():
        if ind.unit == "milestone" and ind.steps_owner == project.id and ind.id in evidence.entries:
            raw = evidence.entries[ind.id]
            if isinstance(raw.values, dict):
                found: list = []

                def fault(code, message, *where, key=False, found=found, raw=raw, ident=ind.id):
                    found.append(code.problem(message, raw.where(*where, key=key), ident))

                return read_steps(f"'{ind.id}'", ind.steps, raw.values, fault), found, f"values.{ind.id}"
    return None, [], ""


def project_progress(ruleset, evidence, as_of: date, tolerance: float = 0.0) -> list[ProjectProgress]:
    """Every project with a milestone table, planned against actual at `as_of`."""
    results = []
    for project in ruleset.projects.values():
        steps = project.spec.milestones
        if not steps:
            continue
        plans = step_plans(steps, ruleset.plan.fiscal_year)
        for p in plans:
            p.planned = planned_fraction(p, as_of)
        planned = math.fsum(p.weight * p.planned for p in plans)
        steps_done, problems, source = _actual(ruleset, project, evidence)
        faults = problems
        actual, status = None, "no evidence"
        if steps_done is not None or problems:
            completed, partial, progress, _ = steps_done or ((), {}, None, 0)
            done = {n: 1.0 for n in completed}
            done.update(partial)
            for p in plans:
                p.done = done.get(p.step, 0.0)
                p.late = as_of > p.end and p.done < 1
            actual = progress
            if actual is not None:
                gap = actual - planned
                status = "ahead" if gap > tolerance + 1e-9 else "behind" if gap < -tolerance - 1e-9 else "on track"
        results.append(ProjectProgress(project.id, project.spec.name, planned, actual, status, plans, source, faults))
    return results


def days_late(plan: StepPlan, as_of: date) -> int:
    return (as_of - plan.end).days

