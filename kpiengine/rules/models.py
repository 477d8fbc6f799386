"""The rule language v1 as pydantic models (SPEC §1–§5).

Every model forbids unknown keys. Numbers may be written with Thai digits or
thousands separators, dates in any form `kpiengine.calendar` reads. The
loader validates each document (and each item of an ``indicators:`` or
``projects:`` list) separately, so that one bad indicator does not hide the
others, and maps pydantic's ``loc`` back to file positions.
"""

from __future__ import annotations

import keyword
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from kpiengine.core import calendar
from kpiengine.core.errors import ValueFormatError
from kpiengine.core.numbers import describe, parse_boolean, parse_number, parse_whole

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
_ID = re.compile(ID_PATTERN)
_NAME = re.compile(NAME_PATTERN)

TARGET_OPS = (">=", ">", "<=", "<", "==", "!=")

# Names a formula gives a meaning of its own; inputs may not take them.
RESERVED_NAMES = frozenset({"progress", "days_late", "min", "max", "abs", "round", "completed", "partial",
                            "True", "False", "None"})


def _custom(kind: str, parse):
    """Wrap a parser raising ValueFormatError into a pydantic error of type `kind`."""

    def validate(value):
        try:
            return parse(value)
        except ValueFormatError as exc:
            raise PydanticCustomError(kind, str(exc)) from None

    return validate


RULE_NUMBER_LIMIT = 1e15  # larger figures in a rule file are a typo, and would overflow the sums


def _rule_number(value):
    number = parse_number(value)
    if abs(number) > RULE_NUMBER_LIMIT:
        raise ValueFormatError(f"number too large for a rule file ({describe(value)}; the limit is 10^15)")
    return number


_NUMBER_SCHEMA = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^[+-]?[0-9๐-๙,.]+%?$"}]}
_DATE_SCHEMA = {"type": "string", "description": "a date: 2563-09-30, 30 ก.ย. 2563, 30 กันยายน 2563; "
                                                 "a month alone (2563-09) means its last day"}
_MONTH_SCHEMA = {"type": "string", "description": "a month: 2563-09 or ก.ย. 2563"}

Number = Annotated[int | float, BeforeValidator(_custom("number", _rule_number)), WithJsonSchema(_NUMBER_SCHEMA)]


def _not_negative(value):
    number = _rule_number(value)
    if number < 0:
        raise ValueFormatError(f"must not be negative, got {describe(value)}")
    return number


NonNegative = Annotated[int | float, BeforeValidator(_custom("number", _not_negative)),
                        WithJsonSchema({"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]})]
Whole = Annotated[int, BeforeValidator(_custom("whole_number", parse_whole)),
                  WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^[0-9๐-๙]+$"}]})]
Flag = Annotated[bool, BeforeValidator(_custom("boolean", parse_boolean)), WithJsonSchema({"type": "boolean"})]
Deadline = Annotated[date, BeforeValidator(_custom("date", lambda v: calendar.parse_deadline(v))),
                     WithJsonSchema(_DATE_SCHEMA)]
PlannedMonth = Annotated[Any, BeforeValidator(_custom("date", lambda v: calendar.parse_month(v))),
                         WithJsonSchema(_MONTH_SCHEMA)]


def _fiscal_year(value) -> int:
    year = parse_whole(value)
    if year < 1000:
        raise ValueFormatError(f"expected a four-digit year, got {describe(value)}")
    be = year if year >= calendar.BE_THRESHOLD else calendar.to_be(year)
    if not 2443 <= be <= 2743:  # CE 1900 … 2200
        raise ValueFormatError(f"fiscal year {describe(value)} is out of range (B.E. 2443–2743, C.E. 1900–2200)")
    return be


FiscalYear = Annotated[int, BeforeValidator(_custom("year", _fiscal_year)),
                       WithJsonSchema({"type": "integer", "description": "Buddhist-Era year (2563); a CE year is converted"})]


def _id_text(value):
    """An id is text as written. A plain decimal whole number (`id: 12`) reads back as written; YAML
    reads `1.50` as 1.5 and `yes` as true, so those are refused (`0x1F`, `010` are refused when read)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, (bool, float)):
        raise PydanticCustomError("id_type", f"an id must be text, but YAML read this one as {describe(value)}: "
                                             "quote it to keep it as written")
    return value


def _check_id(value: str) -> str:
    if value.strip() != value:
        raise PydanticCustomError("id", f"id {describe(value)} has spaces or a line break around it "
                                        "(a block scalar '|' keeps its final line break: write the id plainly)")
    if not _ID.fullmatch(value):
        raise PydanticCustomError("id", f"id {describe(value)} must match {ID_PATTERN} "
                                        "(lowercase letters, digits, '.', '_' and '-')")
    return value


def _check_name(value: str) -> str:
    if not _NAME.fullmatch(value) or keyword.iskeyword(value):
        raise PydanticCustomError("input_name", f"input name {describe(value)} must be a formula name: "
                                                "a letter, then letters, digits or '_'")
    if value in RESERVED_NAMES:
        raise PydanticCustomError("input_name", f"input name {describe(value)} is reserved in formulas")
    return value


Id = Annotated[str, BeforeValidator(_id_text), AfterValidator(_check_id),
              WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]
InputName = Annotated[str, AfterValidator(_check_name)]


def _bound(value):
    """A bound: a number, the name of another input, or (for date inputs) a date."""
    if isinstance(value, str) and _NAME.fullmatch(value.strip()):
        return value.strip()
    try:
        return parse_number(value)
    except ValueFormatError:
        if isinstance(value, str):
            calendar.parse_day(value)  # raises a readable error when it is no date either
            return value
        raise ValueFormatError(f"expected a number, an input name or a date, got {describe(value)}") from None


Bound = Annotated[int | float | str, BeforeValidator(_custom("bound", _bound)),
                  WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]})]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, populate_by_name=True, defer_build=True)


class TargetSpec(Spec):
    """A target: ``{op: ">=", value: 60}`` or ``{by: 2563-09-30}``. Short forms are read by `_target`."""

    op: Literal[">=", ">", "<=", "<", "==", "!="] | None = Field(None, description="comparison; left out: >= for higher, <= for lower")
    value: Number | None = Field(None, description="the number the value is compared with")
    by: Deadline | None = Field(None, description="due date of a deadline indicator")

    @model_validator(mode="after")
    def _one_form(self):
        if self.by is not None and (self.op is not None or self.value is not None):
            raise PydanticCustomError("target", "a target has either 'by' (a deadline) or 'op' and 'value', not both")
        if self.by is None and self.value is None:
            raise PydanticCustomError("target", "a target needs 'value' (with an optional 'op') or 'by'")
        return self


_SHORT_TARGET = re.compile(r"^\s*(>=|<=|==|!=|>|<|≥|≤)\s*(.+?)\s*$")


def _target(value):
    """``">= 60"``, ``"<= 5"``, ``"== 1"``, a bare number, or a mapping."""
    if value is None or isinstance(value, dict):
        return value
    if isinstance(value, str):
        m = _SHORT_TARGET.match(value)
        if m:
            op = {"≥": ">=", "≤": "<="}.get(m.group(1), m.group(1))
            return {"op": op, "value": _custom("target", parse_number)(m.group(2))}
    try:
        return {"value": parse_number(value)}
    except ValueFormatError:
        raise PydanticCustomError("target", f"cannot read target {describe(value)} "
                                            "(expected e.g. \">= 60\", a number, or {by: 2563-09-30})") from None


_TARGET_SCHEMA = {"anyOf": [
    {"type": "string", "pattern": r"^\s*(>=|<=|==|!=|>|<|≥|≤)?\s*[+-]?[0-9๐-๙,.]+%?\s*$",
     "description": 'short form: ">= 60", "<= 5", "== 1", or a bare number'},
    {"type": "number"},
    {"type": "object", "additionalProperties": False,
     "properties": {"op": {"enum": list(TARGET_OPS)}, "value": _NUMBER_SCHEMA, "by": _DATE_SCHEMA},
     "description": "{op, value} or {by: date}"},
    {"type": "null"}]}
Target = Annotated[TargetSpec | None, BeforeValidator(_target), WithJsonSchema(_TARGET_SCHEMA)]


class InputSpec(Spec):
    """One input an evaluator gives in the evidence."""

    type: Literal["count", "number", "percent", "currency", "date", "boolean"] = Field(
        "number", description="count: whole ≥ 0; date: a day (null = not delivered)")
    min: Bound | None = Field(None, description="lowest allowed value, or another input's name")
    max: Bound | None = Field(None, description="highest allowed value, or another input's name")
    description: str | None = None
    description_en: str | None = None
    effect: Literal["increases", "decreases"] | None = Field(
        None, description="how the value moves when this input grows (checked by kpi fuzz)")


class ScoringSpec(Spec):
    """How a value becomes a score (SPEC §5)."""

    method: Literal["levels", "ratio", "pass_fail", "deadline", "steps", "external"] | None = None
    levels: list[Number] | None = Field(None, description="level values v1…vn, strictly monotone in the direction")
    interpolate: Flag = True
    target_level: Whole | None = Field(None, description="shorthand: the level the target stands at")
    step: Number | None = Field(None, description="shorthand: distance between levels (> 0)")
    level_count: Whole | None = Field(None, description="shorthand: number of levels (default 5)")
    step_days: Whole | None = Field(None, description="deadline: days per level (default 30)")
    fail_score: Number | None = Field(None, description="pass_fail: score when not achieved (default below_first_level)")


class MilestoneStep(Spec):
    """One step of a milestone table: weight (ร้อยละ of the work) and printed cumulative progress."""

    step: Whole
    title: str
    title_en: str | None = None
    weight: Number
    cumulative: Number | None = Field(None, description="the printed running total, checked by kpi check")
    months: list[PlannedMonth] | None = Field(None, description="planned months, e.g. [ต.ค. 2562, พ.ย. 2562]")
    notes: str | None = None
    source: str | None = None


YearKey = Annotated[int, BeforeValidator(_custom("year", parse_whole))]
Lines = list[Whole] | Whole | None


class LinkSpec(Spec):
    """Where the same indicator appears again in the printed plan (another table, another level)."""

    table: str = Field(description="the table or section, e.g. KR, GT, MT, ก, ข, MS")
    number: str | None = Field(None, description="its number there (ลำดับที่)")
    level: Literal["key_result", "goal", "measure", "strategic", "negotiated", "milestone", "dimension",
                   "sub_indicator"] | None = None
    name: str | None = Field(None, description="the name as printed there, when it differs")
    target: Target = Field(None, description="the target printed there, when it differs")
    printed: str | None = Field(None, description="the target as printed, e.g. ร้อยละ 30")
    line: Lines = Field(None, description="line number(s) in the printed source")
    notes: str | None = None


class IndicatorSpec(Spec):
    """One KPI (SPEC §1)."""

    kind: Literal["indicator"] | None = None
    id: Id
    name: str
    name_en: str | None = None
    dimension: Id
    weight: Number
    unit: Literal["percent", "count", "number", "currency", "ratio", "date", "milestone", "score"]
    direction: Literal["higher", "lower"] = "higher"
    inputs: dict[InputName, InputSpec] = Field(default_factory=dict)
    formula: str | None = None
    target: Target = None
    targets_by_year: dict[YearKey, Target] | None = None
    scoring: ScoringSpec | None = None
    milestones: list[MilestoneStep] | None = None
    project: Id | None = None
    owner: str | list[str] | None = Field(None, description="owner division(s) (ส่วนราชการ)")
    work_group: str | list[str] | None = Field(None, description="responsible work group(s) (กลุ่มงาน)")
    result_type: Literal["output", "outcome"] | None = None
    goal: Id | None = Field(None, description="the goal (เป้าประสงค์) it serves: an id of the plan's goals")
    measure: Id | list[Id] | None = Field(None, description="the measure(s) (มาตรการ) it serves: ids of the plan's measures")
    defined_by: str | None = Field(None, description="the outside office that sets its criteria (unit score)")
    due: Deadline | None = Field(None, description="a due date printed with the target (checked against the fiscal year)")
    aliases: list[str] | None = Field(None, description="other names the printed plan uses for it")
    links: list[str | LinkSpec] | None = Field(None, description="other places the printed plan shows it")
    source: str | None = Field(None, description="where it is printed, e.g. plan-2563.txt L257, L281")
    notes: str | None = None


class ProjectSpec(Spec):
    """A project or activity (SPEC §1)."""

    kind: Literal["project"] | None = None
    id: Id
    number: str | None = Field(None, description="its number in the printed list (ลำดับที่)")
    name: str
    name_en: str | None = None
    owner: str | None = None
    category: str | None = Field(None, description="e.g. strategic or baseline; declared facts may be per category")
    budget: NonNegative | None = Field(None, description="baht; none or 0 = no budget")
    budget_source: str | None = Field(None, description="แหล่งงบประมาณ, e.g. กทม.")
    funded: Flag | None = Field(None, description="false for a project printed with * (ไม่ได้รับงบประมาณ)")
    additional: Flag | None = Field(None, description="true for a project printed with ** (เป็นโครงการเพิ่มเติม)")
    measure: Id | None = Field(None, description="the measure (มาตรการ) it supports")
    indicators: list[Id] = Field(default_factory=list)
    milestones: list[MilestoneStep] | None = None
    source: str | None = None
    notes: str | None = None


class DimensionSpec(Spec):
    id: Id
    number: Whole | None = None
    name: str
    name_en: str | None = None
    weight: Number
    notes: str | None = None


class GoalSpec(Spec):
    """A goal (เป้าประสงค์) of the plan, for indicators to name."""

    id: Id
    code: str | None = Field(None, description="its printed number, e.g. 7.3.1.1")
    name: str
    name_en: str | None = None
    area: str | None = Field(None, description="ด้าน of the city plan, e.g. ด้านที่ 7 การบริหารจัดการเมืองมหานคร")
    plan_dimension: str | None = Field(None, description="มิติ of the city plan, e.g. มิติที่ 7.3")
    target_code: str | None = Field(None, description="เป้าหมาย it falls under, e.g. 7.3.1")
    source: str | None = None
    notes: str | None = None


class MeasureSpec(Spec):
    """A measure (มาตรการ) serving a goal."""

    id: Id
    goal: Id
    label: str | None = Field(None, description="as printed, e.g. มาตรการที่ 1 or มาตรการของหน่วยงาน")
    name: str
    name_en: str | None = None
    tag: str | None = Field(None, description="the printed tag: ม. or มน.")
    source: str | None = None
    notes: str | None = None


class DeclaredFacts(Spec):
    """Figures the printed plan states, verified by ``kpi check`` (SPEC §1)."""

    budget_total: Number | None = None
    projects: Whole | None = None
    with_budget: Whole | None = Field(None, description="projects with a budget (funded or not)")
    funded: Whole | None = None
    not_funded: Whole | None = None
    no_budget: Whole | None = None
    indicators: Whole | None = None
    by_category: dict[str, "DeclaredFacts"] | None = None


class DivisionSpec(Spec):
    """A division (ส่วนราชการระดับกอง) of the organization, and its work groups (กลุ่มงาน)."""

    id: Id
    number: Whole | None = None
    name: str
    name_en: str | None = None
    work_groups: list[str] | None = Field(None, description="work groups (กลุ่มงาน) the plan names under it")
    source: str | None = None
    notes: str | None = None


class ErratumSpec(Spec):
    """A misprint of the printed plan, noted where it stands (the rule set encodes the reading)."""

    source: str = Field(description="where it is printed, e.g. plan-2563.txt L485")
    printed: str = Field(description="the text as printed")
    reads: str = Field(description="what it means, as the rule set reads it")
    notes: str | None = None


def _scale(value):
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise PydanticCustomError("scale", f"scale must be a list of two numbers [min, max], got {describe(value)}")
    return tuple(value)


Scale = Annotated[tuple[Number, Number], BeforeValidator(_scale)]


class PlanSpec(Spec):
    """The plan: exactly one per rule set (SPEC §1, §6)."""

    kind: Literal["plan"]
    id: Id
    title: str
    title_en: str | None = None
    organization: str | None = None
    organization_en: str | None = None
    fiscal_year: FiscalYear
    scale: Scale = (1, 5)
    below_first_level: Number = 0
    on_missing: Literal["zero", "exclude", "error"] = "zero"
    language: Literal["en", "th"] | None = Field(None, description="language of reports when --lang is not given")
    dimensions: list[DimensionSpec]
    declared: DeclaredFacts | None = None
    vision: str | None = Field(None, description="วิสัยทัศน์ as printed")
    vision_en: str | None = None
    mission: str | list[str] | None = Field(None, description="พันธกิจ as printed")
    mission_en: str | list[str] | None = None
    divisions: list[DivisionSpec] | None = Field(None, description="the organization's divisions (ส่วนราชการ)")
    errata: list[ErratumSpec] | None = Field(None, description="misprints of the printed plan and their reading")
    goals: list[GoalSpec] | None = None
    measures: list[MeasureSpec] | None = None
    source: str | None = None
    indicators: list[dict[str, Any]] | None = Field(None, description="indicator documents, for a plan in one document")
    projects: list[dict[str, Any]] | None = Field(None, description="project documents, for a plan in one document")
    notes: str | None = None


class IndicatorListSpec(Spec):
    kind: Literal["indicators"]
    indicators: list[dict[str, Any]]
    notes: str | None = None


class ProjectListSpec(Spec):
    kind: Literal["projects"]
    projects: list[dict[str, Any]]
    notes: str | None = None


class WeightsSpec(Spec):
    """Weights for one evaluation year, overriding the rule set's (``kpi score --weights``)."""

    kind: Literal["weights"]
    id: Id
    fiscal_year: FiscalYear | None = None
    title: str | None = None
    dimensions: dict[Id, Number] = Field(default_factory=dict)
    indicators: dict[Id, Number] = Field(default_factory=dict)
    notes: str | None = None


DOCUMENT_KINDS = {"plan": PlanSpec, "indicator": IndicatorSpec, "project": ProjectSpec,
                  "indicators": IndicatorListSpec, "projects": ProjectListSpec, "weights": WeightsSpec}


class ExpectedIndicator(Spec):
    score: Number | None = None
    value: Number | str | None = None
    status: Literal["scored", "missing", "excluded", "error"] | None = None
    achieved: bool | None = None


class Expectation(Spec):
    """What a case expects (SPEC §8); every key optional."""

    overall: Number | None = None
    dimensions: dict[Id, Number | None] | None = None
    indicators: dict[Id, ExpectedIndicator] | None = None
    errors: list[Id] | None = None


class CaseSpec(Spec):
    """A golden case: evidence and the numbers worked out by hand (SPEC §8)."""

    kind: Literal["case"]
    name: str
    description: str | None = None
    evidence: dict[str, Any]
    expect: Expectation
    tolerance: Number = 1e-4
    on_missing: Literal["zero", "exclude", "error"] | None = Field(
        None, description="score this case under another on_missing policy than the plan's")
    weights: str | None = Field(None, description="id of a kind: weights document of the rule set")
