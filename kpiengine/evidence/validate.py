"""Evidence → typed, validated values per indicator, before any evaluation.

`validate_evidence` is the one step between what a unit gave (a YAML
document, a table row, a sheet column, a web form: an `Evidence`) and the
engine: it refuses evidence of another plan (`EvidenceFileError`, exit 2),
types every indicator's inputs and collects every fault with its location.
`kpi check --evidence` uses it without evaluating anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kpiengine.core.errors import EvidenceFileError
from kpiengine.core.messages import say
from kpiengine.core.numbers import shorten
from kpiengine.core.problems import Location, Problem, sorted_problems
from kpiengine.core.suggest import did_you_mean
from kpiengine.evidence.codes import EV01, EV06, EV10
from kpiengine.evidence.document import Evidence
from kpiengine.evidence.inputs import IndicatorInputs, read_inputs


@dataclass
class TypedEvidence:
    """One unit's evidence, typed: what the engine evaluates.

    `inputs` holds the indicators whose evidence was given (faulty ones too,
    with their `faults`); an indicator without an entry had no evidence.
    `problems` is every fault, sorted by position.
    """

    plan: str
    file: str
    unit: str | None = None
    as_of: date | None = None
    assessment: str | None = None
    inputs: dict = field(default_factory=dict)  # indicator id → IndicatorInputs
    problems: list = field(default_factory=list)
    source: Evidence | None = None  # what it was read from (locates faults about the whole document)

    @property
    def values_location(self) -> Location:
        """Where 'values' is: the place of faults about missing evidence."""
        if self.source is None:
            return Location(self.file)
        return _line_only(self.source.where("values", key=True))

    def faults_of(self, indicator_id: str) -> tuple:
        found = self.inputs.get(indicator_id)
        return found.faults if found is not None else ()


def check_plan(evidence: Evidence, ruleset) -> None:
    """Evidence for another plan is refused (exit 2)."""
    if evidence.plan is None:
        raise EvidenceFileError([EV06.problem(say("the evidence names no plan (expected plan: {plan})", plan=ruleset.plan.id),
                                              _line_only(evidence.where(key=True)))])
    if evidence.plan != ruleset.plan.id:
        raise EvidenceFileError([EV06.problem(say("the evidence is for plan '{given}', but the rule set is plan "
                                                  "'{plan}'", given=evidence.plan, plan=ruleset.plan.id),
                                              _line_only(evidence.where("plan", key=True)))])


def _line_only(where: Location) -> Location:
    return Location(where.file, where.line, None, where.path, where.sheet, where.cell)


def validate_evidence(ruleset, evidence: Evidence) -> TypedEvidence:
    """Type and check `evidence` against `ruleset` (which must be valid); every fault is collected."""
    check_plan(evidence, ruleset)
    scale = ruleset.scale
    indicators = ruleset.indicators
    typed = TypedEvidence(ruleset.plan.id, evidence.file, evidence.unit, evidence.as_of, evidence.assessment,
                          source=evidence)
    problems: list[Problem] = []
    for key, entry in evidence.entries.items():
        indicator = indicators.get(key)
        if indicator is None:
            hint = did_you_mean(key, indicators)
            problems.append(EV01.problem(say("unknown indicator '{indicator}'{hint}", indicator=shorten(str(key)), hint=hint),
                                         entry.where(key=True), key))
            continue
        if entry.values is None:
            continue  # `indicator: null` is no evidence
        inputs = read_inputs(indicator, entry, scale)
        typed.inputs[key] = inputs
        if inputs.faults:
            problems.extend(inputs.faults)
    typed.problems = sorted_problems(problems) if problems else problems
    return typed


def unknown_projects(ruleset, evidence: Evidence) -> list[Problem]:
    """Project ids in the evidence's ``projects:`` that have no milestone table in the rule set."""
    tables = [p.id for p in ruleset.projects.values() if p.spec.milestones]
    faults = []
    for key, entry in evidence.projects.items():
        if key not in tables:
            hint = did_you_mean(key, tables)
            if key in ruleset.projects:
                message = say("project '{project}' has no milestone table{hint}", project=shorten(key), hint=hint)
            else:
                message = say("project '{project}' is not a project of the plan{hint}", project=shorten(key),
                              hint=hint)
            faults.append(EV10.problem(message, entry.where(key=True), key))
    return faults


__all__ = ["IndicatorInputs", "TypedEvidence", "check_plan", "unknown_projects", "validate_evidence"]
