"""A unit's evidence form, generated from the rule set, and the mapping it sends.

Each indicator gets one field per input (typed: whole numbers for counts, a
date for dates with a "not delivered" box for a deadline, yes/no for
booleans), its milestone steps as checkboxes with a fraction for a step under
way, or a score field for an outside office's score. What people type is sent
to the library as typed text — Thai digits, thousands separators and Thai
dates are read exactly as in files. An indicator left blank is left out
(missing evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpiengine import RuleSet
from kpiengine.core.numbers import format_number

SEP = "|"


@dataclass
class InputField:
    key: str
    name: str
    type: str
    hint: str = ""
    not_delivered_key: str | None = None  # a date input: the "not delivered" box


@dataclass
class StepField:
    step: int
    title: str
    weight: float
    done_key: str
    part_key: str


@dataclass
class IndicatorForm:
    id: str
    name: str
    unit: str
    dimension: str
    inputs: list[InputField] = field(default_factory=list)
    steps: list[StepField] = field(default_factory=list)
    zero_key: str | None = None


def _bound(value) -> str:
    return value if isinstance(value, str) else format_number(value)


def indicator_forms(ruleset: RuleSet) -> list[IndicatorForm]:
    forms = []
    for ind in ruleset.indicators.values():
        form = IndicatorForm(ind.id, ind.name, ind.unit, ind.spec.dimension)
        for name, spec in ind.inputs.items():
            hints = [spec.type]
            if spec.min is not None:
                hints.append(f"≥ {_bound(spec.min)}")
            if spec.max is not None:
                hints.append(f"≤ {_bound(spec.max)}")
            if spec.description:
                hints.append(spec.description)
            key = SEP.join(("v", ind.id, name))
            nd = SEP.join(("nd", ind.id, name)) if spec.type == "date" else None
            form.inputs.append(InputField(key, name, spec.type, ", ".join(hints), nd))
        if ind.method == "external" and not ind.inputs:
            form.inputs.append(InputField(SEP.join(("v", ind.id, "score")), "score", "score",
                                          f"{format_number(ruleset.scale.low)}–{format_number(ruleset.scale.high)}"))
        if ind.unit == "milestone" and ind.steps:
            for s in ind.steps:
                form.steps.append(StepField(s.step, s.title, s.weight, SEP.join(("done", ind.id, str(s.step))),
                                            SEP.join(("part", ind.id, str(s.step)))))
            form.zero_key = SEP.join(("zero", ind.id))
        forms.append(form)
    return forms


def body_from_form(forms: list[IndicatorForm], data) -> dict:
    """The evidence mapping (``as_of``, ``values``) from submitted form fields, as typed."""
    def text(key):
        value = data.get(key)
        return value.strip() if isinstance(value, str) else ""

    values: dict = {}
    for form in forms:
        entry: dict = {}
        for f in form.inputs:
            if f.not_delivered_key and data.get(f.not_delivered_key):
                entry[f.name] = None
            elif text(f.key):
                entry[f.name] = text(f.key)
        if form.steps:
            completed = [s.step for s in form.steps if data.get(s.done_key)]
            partial = {s.step: text(s.part_key) for s in form.steps if text(s.part_key)}
            if completed or partial or data.get(form.zero_key):
                entry["completed"] = completed
                if partial:
                    entry["partial"] = partial
        if entry:
            values[form.id] = entry
    body: dict = {"values": values}
    if text("as_of"):
        body = {"as_of": text("as_of"), **body}
    return body


KEPT_KEYS = ("projects", "notes")  # parts of saved evidence the form does not show


def carry_over(body: dict, saved: dict | None) -> dict:
    """The form's mapping plus the parts of the saved version it does not edit (steps of projects, notes),
    so that saving the form never drops them."""
    if not saved:
        return body
    return {**body, **{k: saved[k] for k in KEPT_KEYS if k in saved and k not in body}}


def shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def form_values(forms: list[IndicatorForm], body: dict) -> dict:
    """Field key → what to show (text, or True for a ticked box), from an evidence mapping."""
    out: dict = {"as_of": shown(body.get("as_of"))}
    values = body.get("values") if isinstance(body.get("values"), dict) else {}
    for form in forms:
        entry = values.get(form.id)
        if not isinstance(entry, dict):
            continue
        for f in form.inputs:
            if f.name in entry:
                if entry[f.name] is None and f.not_delivered_key:
                    out[f.not_delivered_key] = True
                else:
                    out[f.key] = shown(entry[f.name])
        if form.steps:
            completed = entry.get("completed") if isinstance(entry.get("completed"), list) else []
            partial = entry.get("partial") if isinstance(entry.get("partial"), dict) else {}
            done = {shown(c) for c in completed}
            parts = {shown(k): v for k, v in partial.items()}
            for s in form.steps:
                if str(s.step) in done:
                    out[s.done_key] = True
                if str(s.step) in parts:
                    out[s.part_key] = shown(parts[str(s.step)])
            if "completed" in entry and not done and not parts:
                out[form.zero_key] = True
    return out


def field_of(path: tuple, forms_by_id: dict) -> str | None:
    """The form field a key path of the evidence document stands for, or None."""
    if len(path) < 3 or path[0] != "values":
        return "as_of" if path[:1] == ("as_of",) else None
    form = forms_by_id.get(str(path[1]))
    if form is None:
        return None
    name = str(path[2])
    for f in form.inputs:
        if f.name == name:
            return f.key
    if name == "partial" and len(path) > 3:
        for s in form.steps:
            if str(s.step) == str(path[3]):
                return s.part_key
    return None
