"""A loaded rule set: the plan, its dimensions, indicators and projects,
with references resolved and formulas compiled once.

`build_ruleset` compiles what it can and reports what it cannot (unknown
references, formula faults) as problems; the checks in `kpiengine.checks`
then judge everything else. A rule set with an error is not `valid`, and
the engine refuses to score with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from kpiengine.core.problems import Location, has_errors, sorted_problems
from kpiengine.core.suggest import did_you_mean
from kpiengine.rules.codes import RF01, RF02, RF03, SC06, SC07
from kpiengine.rules.formula import Formula, compile_formula
from kpiengine.rules.loader import SourceRef, Specs
from kpiengine.rules.models import DimensionSpec, IndicatorSpec, MilestoneStep, PlanSpec, ProjectSpec
from kpiengine.rules.scale import Scale, shorthand_levels
from kpiengine.rules.targets import Target
from kpiengine.sources.codes import IO01, IO02, SC01

DEFAULT_STEP_DAYS = 30
DEFAULT_LEVEL_COUNT = 5


@dataclass
class Project:
    spec: ProjectSpec
    source: SourceRef

    @property
    def id(self) -> str:
        return self.spec.id

    def where(self, *path, value: bool = False) -> Location:
        return self.source.where(*path, value=value)


@dataclass
class Indicator:
    """An indicator ready to evaluate."""

    spec: IndicatorSpec
    source: SourceRef
    dimension: DimensionSpec | None = None
    target: Target | None = None
    target_from_year: bool = False  # the target came from targets_by_year of the plan's year
    formula: Formula | None = None
    method: str = "pass_fail"
    levels: list | None = None  # resolved level values (from `levels` or the shorthand)
    steps: list[MilestoneStep] | None = None  # own milestones or those of `project`
    steps_owner: str = ""  # "indicator" or the project id
    fast_reader: object = field(default=None, repr=False, compare=False)  # set by the evidence reader

    @cached_property
    def id(self) -> str:
        return self.spec.id

    @cached_property
    def name(self) -> str:
        return self.spec.name

    @cached_property
    def weight(self) -> float:
        return self.spec.weight

    @cached_property
    def unit(self) -> str:
        return self.spec.unit

    @cached_property
    def direction(self) -> str:
        return self.spec.direction

    @cached_property
    def inputs(self) -> dict:
        return self.spec.inputs

    @cached_property
    def scoring(self):
        return self.spec.scoring

    @cached_property
    def interpolate(self) -> bool:
        return self.spec.scoring.interpolate if self.spec.scoring else True

    @cached_property
    def step_days(self) -> int:
        s = self.spec.scoring
        return s.step_days if s and s.step_days is not None else DEFAULT_STEP_DAYS

    @cached_property
    def dimension_id(self) -> str:
        return self.spec.dimension

    # Derived once per loaded indicator (the engine reads them on every evaluation).

    @cached_property
    def date_input(self) -> str | None:
        """The delivery-date input of a deadline indicator."""
        dates = [n for n, spec in self.inputs.items() if spec.type == "date"]
        return dates[0] if len(dates) == 1 else None

    @cached_property
    def evidence_names(self) -> list[str]:
        """The keys evidence may give for this indicator."""
        names = list(self.inputs)
        if self.unit == "milestone":
            names += ["completed", "partial"]
        if self.method == "external" and not self.inputs:
            names.append("score")
        return names

    @cached_property
    def bounded(self) -> bool:
        """Whether evidence values have bounds to check (min/max, or an external score's scale)."""
        return any(i.min is not None or i.max is not None for i in self.inputs.values()) or \
            (self.method == "external" and not self.inputs)

    @cached_property
    def formula_extras(self) -> bool:
        """Whether the formula uses `progress` or `days_late` besides the inputs."""
        return self.formula is not None and bool({"progress", "days_late"} & self.formula.names)

    def where(self, *path, value: bool = False) -> Location:
        return self.source.where(*path, value=value)


@dataclass
class RuleSet:
    path: str
    plan: PlanSpec | None
    plan_source: SourceRef | None
    indicators: dict = field(default_factory=dict)  # id → Indicator, in file order
    projects: dict = field(default_factory=dict)  # id → Project, in file order
    weights: dict = field(default_factory=dict)  # id → (WeightsSpec, SourceRef): other years' weights
    problems: list = field(default_factory=list)
    documents: list = field(default_factory=list)

    @property
    def valid(self) -> bool:
        problems = self.problems
        known = self.__dict__.get("_validity")
        if known is None or known[0] is not problems or known[1] != len(problems):
            known = (problems, len(problems), self.plan is not None and not has_errors(problems))
            self.__dict__["_validity"] = known  # recomputed whenever the problems change
        return known[2]

    @cached_property
    def scale(self) -> Scale:
        low, high = self.plan.scale
        return Scale(float(low), float(high), float(self.plan.below_first_level))

    @cached_property
    def dimensions(self) -> list[DimensionSpec]:
        return list(self.plan.dimensions) if self.plan else []

    def dimension(self, dimension_id: str) -> DimensionSpec | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def indicators_in(self, dimension_id: str) -> list[Indicator]:
        return [i for i in self.indicators.values() if i.spec.dimension == dimension_id]

    def where_plan(self, *path, value: bool = False) -> Location:
        if self.plan_source is None:
            return Location(self.path)
        return self.plan_source.where(*path, value=value)

    def step_tables(self):
        """Every milestone table: (label, steps, owner) where owner has `where`."""
        for project in self.projects.values():
            if project.spec.milestones:
                yield f"project '{project.id}'", project.spec.milestones, project
        for ind in self.indicators.values():
            if ind.spec.milestones:
                yield f"indicator '{ind.id}'", ind.spec.milestones, ind


def formula_names(spec: IndicatorSpec) -> dict[str, str]:
    """The names a formula of this indicator may use, and what each is."""
    names = {n: ("date input" if i.type == "date" else "input") for n, i in spec.inputs.items()}
    if spec.unit == "milestone":
        names["progress"] = "progress"
    if spec.unit == "date" or any(i.type == "date" for i in spec.inputs.values()):
        names["days_late"] = "days_late"
    return names


def default_method(spec: IndicatorSpec) -> str:
    s = spec.scoring
    if s and s.method:
        return s.method
    if s and (s.levels is not None or s.target_level is not None):
        return "levels"
    return {"date": "deadline", "score": "external"}.get(spec.unit, "pass_fail")


def build_ruleset(specs: Specs) -> RuleSet:
    """Resolve references and compile; problems go into `RuleSet.problems`."""
    problems = list(specs.problems)
    plan, plan_source = (specs.plans[0] if specs.plans else (None, None))
    if not specs.plans and not any(p.code in (SC01.code, IO01.code, IO02.code) for p in problems) \
            and not _plan_failed(problems, specs):
        problems.append(SC07.problem("the rule set has no plan (a document with 'kind: plan')", Location(_first_file(specs))))
    for extra, source in specs.plans[1:]:
        problems.append(SC07.problem(f"a rule set has exactly one plan; '{extra.id}' is a second one "
                                     f"(the first is '{plan.id}')", source.where("kind")))
    ruleset = RuleSet(specs.path, plan, plan_source, documents=specs.documents)

    if plan is not None:
        seen = {}
        for i, d in enumerate(plan.dimensions):
            if d.id in seen:
                problems.append(SC06.problem(f"duplicate dimension id '{d.id}' (first at line "
                                             f"{seen[d.id].line})", plan_source.where("dimensions", i, "id")))
            else:
                seen[d.id] = plan_source.where("dimensions", i, "id")

    for spec, source in specs.projects:
        if spec.id in ruleset.projects:
            first = ruleset.projects[spec.id].where("id")
            problems.append(SC06.problem(f"duplicate project id '{spec.id}' (first at "
                                         f"{_short(first)})", source.where("id", value=True)))
            continue
        ruleset.projects[spec.id] = Project(spec, source)

    for spec, source in specs.indicators:
        if spec.id in ruleset.indicators:
            first = ruleset.indicators[spec.id].where("id")
            problems.append(SC06.problem(f"duplicate indicator id '{spec.id}' (first at "
                                         f"{_short(first)})", source.where("id", value=True)))
            continue
        ruleset.indicators[spec.id] = _compile_indicator(spec, source, ruleset, problems)

    for spec, source in specs.weights:
        if spec.id in ruleset.weights:
            problems.append(SC06.problem(f"duplicate weights id '{spec.id}'", source.where("id", value=True)))
        else:
            ruleset.weights[spec.id] = (spec, source)

    for project in ruleset.projects.values():
        for i, indicator_id in enumerate(project.spec.indicators):
            if indicator_id not in ruleset.indicators:
                hint = did_you_mean(indicator_id, ruleset.indicators)
                problems.append(RF03.problem(f"unknown indicator '{indicator_id}'{hint}",
                                             project.where("indicators", i, value=True)))

    ruleset.problems = sorted_problems(problems)
    return ruleset


def _plan_failed(problems, specs) -> bool:
    """A plan document was there but failed validation (its problems say so already)."""
    return any(isinstance(d.data, dict) and d.data.get("kind") == "plan" for d in specs.documents)


def _first_file(specs) -> str:
    return specs.documents[0].file if specs.documents else specs.path


def _short(location: Location) -> str:
    return f"{location.file}:{location.line}" if location.line else location.file


def _compile_indicator(spec: IndicatorSpec, source: SourceRef, ruleset: RuleSet, problems: list) -> Indicator:
    indicator = Indicator(spec, source, method=default_method(spec))
    plan = ruleset.plan
    if plan is not None:
        indicator.dimension = ruleset.dimension(spec.dimension)
        if indicator.dimension is None:
            hint = did_you_mean(spec.dimension, [d.id for d in plan.dimensions])
            known = ", ".join(d.id for d in plan.dimensions)
            problems.append(RF01.problem(f"indicator '{spec.id}' is in no dimension of the plan: unknown "
                                         f"dimension '{spec.dimension}'{hint} (dimensions: {known})",
                                         source.where("dimension", value=True)))

    # Target: the indicator's own, else the one of the plan's year in targets_by_year.
    target_spec = spec.target
    if target_spec is None and spec.targets_by_year and plan is not None:
        target_spec = spec.targets_by_year.get(plan.fiscal_year)
        indicator.target_from_year = target_spec is not None
    indicator.target = Target.from_spec(target_spec, spec.direction)

    # Milestone steps: the indicator's own, else those of its project.
    if spec.milestones is not None:
        indicator.steps, indicator.steps_owner = list(spec.milestones), "indicator"
    if spec.project is not None:
        project = ruleset.projects.get(spec.project)
        if project is None:
            hint = did_you_mean(spec.project, ruleset.projects)
            problems.append(RF02.problem(f"unknown project '{spec.project}'{hint}",
                                         source.where("project", value=True)))
        elif indicator.steps is None and project.spec.milestones is not None:
            indicator.steps, indicator.steps_owner = list(project.spec.milestones), project.id

    # Formula: parsed once, here.
    if spec.formula is not None:
        formula, issues = compile_formula(spec.formula, formula_names(spec))
        indicator.formula = formula
        for issue in issues:
            problems.append(replace(issue, location=_formula_location(source, issue)))

    # Levels: given, or generated by the target_level / step shorthand.
    s = spec.scoring
    if s is not None and s.levels is not None:
        indicator.levels = [float(v) for v in s.levels]
    elif s is not None and s.target_level is not None and s.step is not None and s.step > 0 \
            and indicator.target is not None and indicator.target.value is not None:
        count = s.level_count if s.level_count is not None else DEFAULT_LEVEL_COUNT
        indicator.levels = shorthand_levels(float(indicator.target.value), s.target_level, float(s.step), count,
                                            spec.direction)
    return indicator


def _formula_location(source: SourceRef, issue) -> Location:
    """The file position of a place inside the formula text.

    A literal block (``|``) keeps the formula's lines; a folded block (``>``,
    ``>-``) and a plain or quoted scalar over several lines join them with a
    space (a blank line gives a line break), so a column of the formula is
    walked back through that folding to the line and column where the
    character stands in the file.
    """
    mark = source.document.mark(source.base + ("formula",))
    path = source.base + ("formula",)
    if mark is None:
        return Location(source.file, None, None, path)
    lines = source.document.lines
    if mark.style == "|":
        # Content starts on the line after the indicator; its first line sets the block's indentation.
        first = lines[mark.value_line] if mark.value_line < len(lines) else ""
        indent = len(first) - len(first.lstrip(" "))
        return Location(source.file, mark.value_line + issue.line, indent + issue.column, path)
    formula = _value_at(source.document.data, path)
    if not isinstance(formula, str):
        return Location(source.file, mark.value_line, mark.value_column, path)
    before = formula.split("\n")[: issue.line - 1]
    offset = sum(len(line) + 1 for line in before) + issue.column - 1
    if mark.style == ">":
        first = lines[mark.value_line] if mark.value_line < len(lines) else ""
        indent = len(first) - len(first.lstrip(" "))
        segments = [(row, indent, lines[row][indent:].rstrip()) for row in range(mark.value_line, len(lines))]
    else:
        quote = 1 if mark.style in ("'", '"') else 0
        row, column = mark.value_line - 1, mark.value_column - 1 + quote
        segments = [(row, column, lines[row][column:].rstrip() if row < len(lines) else "")]
        for later in range(row + 1, len(lines)):
            text = lines[later]
            segments.append((later, len(text) - len(text.lstrip()), text.strip()))
    line, column = _unfold(segments, offset)
    return Location(source.file, line, column, path)


def _unfold(segments, offset: int) -> tuple[int, int]:
    """(line, column), 1-based, of character `offset` of a folded scalar made of `segments`
    ``(row, start column, text)``: lines joined by one space, or by one line break per blank line."""
    i = 0
    while i < len(segments):
        row, start, text = segments[i]
        if offset <= len(text) or i + 1 == len(segments):
            return row + 1, start + min(offset, len(text)) + 1
        offset -= len(text)
        blank = 0
        while i + 1 + blank < len(segments) and not segments[i + 1 + blank][2]:
            blank += 1
        offset -= max(blank, 1)
        if offset < 0:
            return row + 1, start + len(text) + 1
        i += 1 + blank
    return segments[0][0] + 1, segments[0][1] + 1


def _value_at(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
