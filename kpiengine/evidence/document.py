"""Evidence (SPEC §1–§2): what a unit submits, read and checked against a rule set.

An evidence file holds one ``kind: evidence`` document: ``plan``, ``unit``,
``as_of`` and ``values`` (indicator id → input name → value). A file that
cannot be read as one such document raises `EvidenceFileError` (exit 2);
faults inside ``values`` are per-indicator `EvidenceFault`s (exit 1), and the
report is still made.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from datetime import date

from kpiengine.core import calendar
from kpiengine.core.errors import EvidenceFileError, ValueFormatError
from kpiengine.core.numbers import describe, format_number, parse_boolean, parse_number, parse_whole
from kpiengine.core.suggest import did_you_mean
from kpiengine.sources.yaml_reader import Document, load_file

EVIDENCE_KEYS = ("kind", "plan", "unit", "as_of", "values", "projects", "notes")


@dataclass(frozen=True)
class EvidenceFault:
    """One fault in the evidence of one indicator."""

    code: str
    indicator: str
    message: str
    file: str
    line: int | None = None
    column: int | None = None


@dataclass
class EvidenceEntry:
    """The evidence given for one indicator."""

    indicator_id: str
    values: object  # normally a mapping of input name → raw value
    document: Document | None = None
    path: tuple = ()  # path of this entry inside the document

    def position(self, *sub, key: bool = False) -> tuple[int | None, int | None]:
        """(line, column) of `sub` below this entry (its value, or with `key` its key), or of the entry."""
        if self.document is None:
            return None, None
        mark = self.document.mark(self.path + tuple(sub))
        if mark is None:
            return None, None
        if sub and not key and self.path + tuple(sub) in self.document.marks:
            return mark.value_line, mark.value_column
        return mark.line, mark.column


@dataclass
class Evidence:
    file: str
    plan: str | None
    unit: str | None = None
    as_of: date | None = None
    entries: dict = field(default_factory=dict)  # indicator id → EvidenceEntry, in file order
    projects: dict = field(default_factory=dict)  # project id → EvidenceEntry (steps done, for kpi progress)
    document: Document | None = None
    base: tuple = ()  # path of the evidence mapping inside its document (() or ('evidence',))

    def line_of(self, *path) -> int | None:
        if self.document is None:
            return None
        mark = self.document.mark(self.base + tuple(path))
        return mark.line if mark else None


def load_evidence(path: str) -> Evidence:
    """Read an evidence file: exactly one ``kind: evidence`` document."""
    path = os.fspath(path)
    if os.path.isdir(path):
        raise EvidenceFileError("is a directory, not an evidence file", path)
    documents, problems = load_file(path)
    errors = [p for p in problems if p.severity.value == "error"]
    if errors:
        first = errors[0]
        raise EvidenceFileError(first.message, path, first.line, first.column)
    documents = [d for d in documents if d.data is not None]
    if not documents:
        raise EvidenceFileError("empty file: expected one evidence document (kind: evidence)", path)
    if len(documents) > 1:
        mark = documents[1].mark(())
        raise EvidenceFileError("an evidence file holds one document, found "
                                f"{len(documents)}", path, mark.line if mark else None)
    document = documents[0]
    data = document.data
    if not isinstance(data, dict):
        raise EvidenceFileError(f"expected a mapping with kind: evidence, got {describe(data)}", path, 1, 1)
    kind = data.get("kind")
    if kind != "evidence":
        mark = document.mark(("kind",))
        got = f"kind {describe(kind)}" if kind is not None else "no 'kind'"
        raise EvidenceFileError(f"expected kind: evidence, got {got}", path, mark.value_line if mark else 1)
    return evidence_from_mapping(data, document, (), EVIDENCE_KEYS)


def evidence_from_mapping(data: dict, document: Document, base: tuple, allowed) -> Evidence:
    """Build `Evidence` from a mapping (an evidence document, or a case's ``evidence:``)."""
    file = document.file

    def line(*path):
        mark = document.mark(base + path)
        return mark.line if mark else None

    for key in data:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            raise EvidenceFileError(f"unknown key '{key}'{hint}", file, line(key))
    plan = data.get("plan")
    if plan is not None and not isinstance(plan, str):
        raise EvidenceFileError(f"'plan' must be the plan id, got {describe(plan)}", file, line("plan"))
    unit = data.get("unit")
    if unit is not None and not isinstance(unit, (str, int, float)):
        raise EvidenceFileError(f"'unit' must be text, got {describe(unit)}", file, line("unit"))
    as_of = None
    if data.get("as_of") is not None:
        try:
            as_of = calendar.parse_day(data["as_of"], "as_of date")
        except ValueFormatError as exc:
            raise EvidenceFileError(f"invalid 'as_of': {exc}", file, line("as_of")) from None
    values = data.get("values")
    if values is None:
        raise EvidenceFileError("missing 'values' (indicator id → inputs)", file, line())
    if not isinstance(values, dict):
        raise EvidenceFileError(f"'values' must be a mapping of indicator id → inputs, got {describe(values)}",
                                file, line("values"))
    evidence = Evidence(file, plan, None if unit is None else str(unit), as_of, document=document, base=base)
    for key, entry in values.items():
        evidence.entries[str(key)] = EvidenceEntry(str(key), entry, document, base + ("values", key))
    projects = data.get("projects") or {}
    if not isinstance(projects, dict):
        raise EvidenceFileError(f"'projects' must be a mapping of project id → steps done, got {describe(projects)}",
                                file, line("projects"))
    for key, entry in projects.items():
        evidence.projects[str(key)] = EvidenceEntry(str(key), entry, document, base + ("projects", key))
    return evidence


# --- reading the inputs of one indicator -------------------------------------------------------------


@dataclass
class Inputs:
    """The evidence of one indicator, read and checked."""

    values: dict = field(default_factory=dict)  # input name → number / bool / date / None
    completed: list = field(default_factory=list)  # milestone: completed step numbers
    partial: dict = field(default_factory=dict)  # milestone: step → fraction
    progress: float | None = None
    steps_done: int | None = None  # consecutive steps done from step 1
    faults: list = field(default_factory=list)


def read_inputs(indicator, entry: EvidenceEntry, scale, file: str) -> Inputs:
    """Coerce and check the evidence of `indicator`: types, bounds, steps."""
    out = Inputs()

    def fault(code, message, *sub, key=False):
        line, column = entry.position(*sub, key=key)
        out.faults.append(EvidenceFault(code, indicator.id, message, file, line, column))

    raw = entry.values
    if not isinstance(raw, dict):
        fault("EV08", f"evidence of '{indicator.id}' must be a mapping of input name → value, "
                      f"got {describe(raw)}")
        return out
    allowed = indicator.evidence_names
    for key in raw:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            known = ", ".join(allowed) or "none"
            fault("EV02", f"unknown input '{key}' for '{indicator.id}'{hint} (inputs: {known})", key, key=True)
    for name, spec in indicator.inputs.items():
        if name not in raw:
            fault("EV05", f"missing input '{name}' for '{indicator.id}'")
            continue
        try:
            out.values[name] = _coerce(spec.type, raw[name])
        except ValueFormatError as exc:
            fault("EV03", f"input '{name}' of '{indicator.id}': {exc}", name)
    if indicator.method == "external" and not indicator.inputs:
        if "score" not in raw:
            fault("EV05", f"missing input 'score' for '{indicator.id}'")
        else:
            try:
                out.values["score"] = parse_number(raw["score"])
            except ValueFormatError as exc:
                fault("EV03", f"input 'score' of '{indicator.id}': {exc}", "score")
    _check_bounds(indicator, out, fault, scale)
    if indicator.unit == "milestone" and indicator.steps:
        read_steps(f"'{indicator.id}'", indicator.steps, raw, out, fault)
    return out


def read_project_steps(project, entry: EvidenceEntry, file: str) -> Inputs:
    """The steps done of a project, from the ``projects:`` part of an evidence file."""
    out = Inputs()

    def fault(code, message, *sub, key=False):
        line, column = entry.position(*sub, key=key)
        out.faults.append(EvidenceFault(code, project.id, message, file, line, column))

    if not isinstance(entry.values, dict):
        fault("EV08", f"steps of project '{project.id}' must be a mapping with 'completed' and 'partial', "
                      f"got {describe(entry.values)}")
        return out
    for key in entry.values:
        if key not in ("completed", "partial"):
            fault("EV02", f"unknown key '{key}' for project '{project.id}'"
                          f"{did_you_mean(str(key), ['completed', 'partial'])}", key, key=True)
    read_steps(f"project '{project.id}'", project.spec.milestones or [], entry.values, out, fault)
    return out


def _coerce(kind: str, value):
    if kind == "date":
        return None if value is None else calendar.parse_day(value, "date")
    if value is None:
        raise ValueFormatError("no value given (null)")
    if kind == "boolean":
        return parse_boolean(value)
    if kind == "count":
        number = parse_whole(value)
        if number < 0:
            raise ValueFormatError(f"a count cannot be negative, got {describe(value)}")
        return number
    return parse_number(value)


def _check_bounds(indicator, out: Inputs, fault, scale) -> None:
    for name, spec in indicator.inputs.items():
        value = out.values.get(name)
        if value is None or isinstance(value, bool):
            continue
        for side, bound in (("min", spec.min), ("max", spec.max)):
            if bound is None:
                continue
            limit, label = _bound_value(bound, spec.type, out.values)
            if limit is None:
                continue
            if isinstance(limit, date) != isinstance(value, date):  # a date bound on a number, or the reverse
                kind = "date" if isinstance(value, date) else "number"
                fault("EV09", f"input '{name}' of '{indicator.id}': its bound '{side}: {bound}' cannot be "
                              f"compared with a {kind} (fix the rule set)", name)
                continue
            if (side == "min" and value < limit) or (side == "max" and value > limit):
                word = "at least" if side == "min" else "at most"
                shown = value.isoformat() if isinstance(value, date) else format_number(value)
                fault("EV04", f"input '{name}' of '{indicator.id}' must be {word} {label}, got {shown}", name)
    if "score" in out.values and indicator.method == "external" and not indicator.inputs:
        score = out.values["score"]
        if not scale.low <= score <= scale.high:
            fault("EV04", f"score of '{indicator.id}' must be within the scale [{format_number(scale.low)}, "
                          f"{format_number(scale.high)}], got {format_number(score)}", "score")


def _bound_value(bound, kind: str, values: dict):
    """The number (or date) a bound stands for, and how to name it; None if unknown."""
    if isinstance(bound, str) and bound in values:
        other = values[bound]
        if other is None or isinstance(other, bool):
            return None, ""
        shown = other.isoformat() if isinstance(other, date) else format_number(other)
        return other, f"{bound} ({shown})"
    if isinstance(bound, str) and kind == "date":
        try:
            day = calendar.parse_day(bound)
        except ValueFormatError:
            return None, ""
        return day, day.isoformat()
    if isinstance(bound, str):
        return None, ""  # an input that failed or is missing: reported already
    return bound, format_number(bound)


def read_steps(owner: str, step_list, raw: dict, out: Inputs, fault) -> None:
    """Completed steps and partial fractions of a milestone table; `owner` names it in messages."""
    steps = {s.step: s for s in step_list}
    numbers = f"1…{len(steps)}"
    completed = raw.get("completed")
    if "completed" not in raw:
        fault("EV05", f"missing input 'completed' for {owner} (a list of completed step numbers, possibly empty)")
        return
    if completed is None:
        completed = []
    if not isinstance(completed, list):
        fault("EV03", f"'completed' of {owner} must be a list of step numbers, got {describe(completed)}",
              "completed")
        return
    done = []
    for i, item in enumerate(completed):
        try:
            number = parse_whole(item)
        except ValueFormatError as exc:
            fault("EV03", f"completed step of {owner}: {exc}", "completed", i)
            continue
        if number not in steps:
            fault("EV07", f"unknown step {number} in 'completed' of {owner} (steps are {numbers})",
                  "completed", i)
            continue
        if number not in done:
            done.append(number)
    partial_raw = raw.get("partial") or {}
    partial = {}
    if not isinstance(partial_raw, dict):
        fault("EV03", f"'partial' of {owner} must map step numbers to fractions 0–1, "
                      f"got {describe(partial_raw)}", "partial")
        partial_raw = {}
    for key, value in partial_raw.items():
        try:
            number = parse_whole(key)
        except ValueFormatError as exc:
            fault("EV03", f"partial step of {owner}: {exc}", "partial", key)
            continue
        if number not in steps:
            fault("EV07", f"unknown step {number} in 'partial' of {owner} (steps are {numbers})",
                  "partial", key)
            continue
        if number in done:
            fault("EV07", f"step {number} of {owner} is both completed and partial", "partial", key)
            continue
        try:
            fraction = parse_number(value)
        except ValueFormatError as exc:
            fault("EV03", f"partial step {number} of {owner}: {exc}", "partial", key)
            continue
        if not 0 <= fraction <= 1:
            fault("EV04", f"partial step {number} of {owner} must be a fraction from 0 to 1, "
                          f"got {format_number(fraction)}", "partial", key)
            continue
        partial[number] = float(fraction)
    out.completed = sorted(done)
    out.partial = dict(sorted(partial.items()))
    out.progress = math.fsum([steps[n].weight for n in out.completed] +
                             [steps[n].weight * f for n, f in out.partial.items()])
    k = 0
    while k + 1 in done:
        k += 1
    out.steps_done = k
