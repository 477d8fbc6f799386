"""Milestone steps done (SPEC §5 milestone): ``completed: [step numbers]`` and
``partial: {step: fraction 0–1}``, read against a milestone table.

Used for milestone indicators and for the ``projects:`` part of evidence
(`kpi progress`). Every fault goes to the caller's `fault(code, message,
*path)`; the result is ``(completed, partial, progress, steps_done)`` or
None when the steps cannot be read at all.
"""

from __future__ import annotations

import math

from kpiengine.core.errors import ValueFormatError
from kpiengine.core.messages import reason, say
from kpiengine.core.numbers import describe, format_number, parse_number, parse_whole, shorten
from kpiengine.core.suggest import did_you_mean
from kpiengine.evidence.codes import EV02, EV03, EV04, EV05, EV07, EV08


def read_steps(owner: str, step_list, raw: dict, fault):
    """Completed steps and partial fractions of a milestone table; `owner` names it in messages."""
    steps = {s.step: s for s in step_list}
    numbers = f"1…{len(steps)}"
    if "completed" not in raw:
        fault(EV05, say("missing input 'completed' for {owner} (a list of completed step numbers, possibly empty)",
                        owner=owner))
        return None
    completed = raw.get("completed")
    if completed is None:
        completed = []
    if not isinstance(completed, list):
        fault(EV03, say("'completed' of {owner} must be a list of step numbers, got {value}", owner=owner,
                        value=describe(completed)), "completed")
        return None
    done: list[int] = []
    for i, item in enumerate(completed):
        try:
            number = parse_whole(item)
        except ValueFormatError as exc:
            fault(EV03, say("completed step of {owner}: {reason}", owner=owner, reason=reason(exc)), "completed", i)
            continue
        if number not in steps:
            fault(EV07, say("unknown step {step} in 'completed' of {owner} (steps are {steps})", step=number, owner=owner,
                            steps=numbers), "completed", i)
            continue
        if number in done:
            fault(EV07, say("step {step} is listed twice in 'completed' of {owner}", step=number, owner=owner),
                  "completed", i)
            continue
        done.append(number)
    partial_raw = raw.get("partial") or {}
    partial: dict[int, float] = {}
    if not isinstance(partial_raw, dict):
        fault(EV03, say("'partial' of {owner} must map step numbers to fractions 0–1, got {value}", owner=owner,
                        value=describe(partial_raw)), "partial")
        partial_raw = {}
    for key, value in partial_raw.items():
        try:
            number = parse_whole(key)
        except ValueFormatError as exc:
            fault(EV03, say("partial step of {owner}: {reason}", owner=owner, reason=reason(exc)), "partial", key)
            continue
        if number not in steps:
            fault(EV07, say("unknown step {step} in 'partial' of {owner} (steps are {steps})", step=number, owner=owner,
                            steps=numbers), "partial", key)
            continue
        if number in done:
            fault(EV07, say("step {step} of {owner} is both completed and partial", step=number, owner=owner),
                  "partial", key)
            continue
        if number in partial:
            fault(EV07, say("step {step} is given twice in 'partial' of {owner} ({value})", step=number, owner=owner,
                            value=describe(key)), "partial", key)
            continue
        try:
            fraction = parse_number(value)
        except ValueFormatError as exc:
            fault(EV03, say("partial step {step} of {owner}: {reason}", step=number, owner=owner, reason=reason(exc)),
                  "partial", key)
            continue
        if not 0 <= fraction <= 1:
            hint = say(" (for {percent} % write {fraction})", percent=format_number(fraction),
                       fraction=format_number(fraction / 100)) if 1 < fraction <= 100 else ""
            fault(EV04, say("partial step {step} of {owner} must be a fraction from 0 to 1, got {value}{hint}",
                            step=number, owner=owner, value=format_number(fraction), hint=hint), "partial", key)
            continue
        partial[number] = float(fraction)
    completed_steps = tuple(sorted(done))
    partial = dict(sorted(partial.items()))
    progress = math.fsum([steps[n].weight for n in completed_steps] +
                         [steps[n].weight * f for n, f in partial.items()])
    k = 0
    while k + 1 in done:
        k += 1
    return completed_steps, partial, progress, k


def read_project_steps(project, entry):
    """The steps done of a project, from the ``projects:`` part of an evidence file: (steps or None, faults)."""
    faults: list = []

    def fault(code, message, *sub, key=False):
        faults.append(code.problem(message, entry.where(*sub, key=key), project.id))

    if not isinstance(entry.values, dict):
        fault(EV08, say("steps of project '{project}' must be a mapping with 'completed' and 'partial', got {value}",
                        project=project.id, value=describe(entry.values)))
        return None, faults
    for key in entry.values:
        if key not in ("completed", "partial"):
            fault(EV02, say("unknown key '{key}' for project '{project}'{hint}", key=shorten(str(key)),
                            project=project.id, hint=did_you_mean(str(key), ["completed", "partial"])), key, key=True)
    return read_steps(say("project '{project}'", project=project.id), project.spec.milestones or [], entry.values, fault), faults
