"""Every number in words an evaluator can redo with a calculator.

`summary` is the one-line ``explanation`` of the JSON report; `explain_text`
is ``kpi explain``: per indicator the formula with the evidence put in, the
target test, the levels and the segment interpolated in, the score and its
share of the dimension and overall scores, then the dimension and overall
sums themselves.

The words are in the language of `kpiengine.reports.i18n.use` (English
message ids with ``{placeholders}``, Thai in the catalog); the arithmetic,
formulas, input names and rule keys (``below_first_level``, ``days_late``)
are the same in both languages. Dates read ``30 ก.ย. 2563`` in Thai.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from kpiengine.core.numbers import format_number as fmt
from kpiengine.reports import words
from kpiengine.reports.i18n import _, language, named, show_date


def _value_text(value) -> str:
    if isinstance(value, date):
        return show_date(value)
    return fmt(value)


def _width(text: str) -> int:
    """Columns `text` takes on a terminal: Thai vowel and tone marks above or below take none."""
    return sum(unicodedata.category(c) != "Mn" for c in text)


def _label(ident: str, name: str | None) -> str:
    """A dimension as the reader knows it: its id, and in Thai its name beside it."""
    return named(ident, name) if language() == "th" else ident


def _worths(indicator, scale) -> list[float]:
    n = len(indicator.levels)
    return [scale.worth(k, n) for k in range(1, n + 1)]


def _verdict(achieved) -> str:
    return _("achieved") if achieved else _("not achieved")


def value_lines(indicator, result) -> list[str]:
    """How the value was found."""
    lines = []
    if indicator.unit == "milestone" and result.progress is not None:
        steps = {s.step: s for s in indicator.steps}
        parts = [fmt(steps[n].weight) for n in result.completed]
        partial = result.partial or {}
        parts += [f"{fmt(steps[n].weight)} × {fmt(f)}" for n, f in partial.items()]
        done = ", ".join(str(n) for n in result.completed) or _("none")
        part = ", ".join(f"{n} ({fmt(f * 100)}%)" for n, f in partial.items())
        if part:
            lines.append(_("steps completed: {done}; partly done: {partial}").format(done=done, partial=part))
        else:
            lines.append(_("steps completed: {done}").format(done=done))
        sum_text = f"{' + '.join(parts)} = " if parts else ""
        lines.append(_("progress = {sum}").format(sum=f"{sum_text}{fmt(result.progress)}"))
    if result.delivered is not None or indicator.date_input is not None:
        if result.delivered is None:
            lines.append(_("delivered: not delivered"))
        elif result.days_late is not None:
            late = result.days_late
            if late > 0:
                how = _("{days} days late").format(days=late)
            else:
                how = _("on time") if late == 0 else _("{days} days early").format(days=-late)
            lines.append(_("delivered {delivered}, due {due}: days_late = {days_late} ({how})").format(
                delivered=show_date(result.delivered), due=show_date(indicator.target.by), days_late=late, how=how))
    if indicator.formula is not None:
        names = dict(result.inputs)
        names.update({"progress": result.progress, "days_late": result.days_late})
        label = _("formula: {formula}")
        lines.append(label.format(formula=indicator.formula.text))
        indent = " " * max(_width(label.split("{", 1)[0]) - 2, 0)
        substituted = indicator.formula.substitute(names)
        if substituted != indicator.formula.text:
            lines.append(f"{indent}= {substituted}")
        lines.append(f"{indent}= {_value_text(result.value)}")
    elif indicator.unit not in ("milestone",) and not (indicator.unit == "date" and indicator.date_input):
        lines.append(_("value = {value}").format(value=_value_text(result.value)))
    return lines


def target_line(indicator, result) -> str | None:
    target = indicator.target
    if target is None:
        return None
    verdict = _verdict(result.achieved)
    if target.by is not None:
        if result.delivered is None:
            return _("target: delivered by {by}: not delivered → {verdict}").format(
                by=show_date(target.by), verdict=verdict)
        return _("target: delivered by {by}: {delivered} → {verdict}").format(
            by=show_date(target.by), delivered=show_date(result.delivered), verdict=verdict)
    text = _("target (targets_by_year): {test} → {verdict}") if indicator.target_from_year \
        else _("target: {test} → {verdict}")
    return text.format(test=f"{_value_text(result.value)} {target.op} {fmt(target.value)}", verdict=verdict)


def _levels_lines(indicator, result, scale, trace) -> list[str]:
    worths = _worths(indicator, scale)
    ladder = ", ".join(f"{fmt(v)} → {fmt(w)}" for v, w in zip(indicator.levels, worths, strict=True))
    direction = _("higher") if indicator.direction == "higher" else _("lower")
    mode = _("interpolated") if indicator.interpolate else _("not interpolated")
    lines = [_("levels ({direction}, {mode}): {ladder}").format(direction=direction, mode=mode, ladder=ladder)]
    v = result.value
    if trace.level is None:
        if v is None:
            lines.append(_("no value → below_first_level = {score}").format(score=fmt(trace.score)))
        else:
            lines.append(_("{value} is worse than level 1 ({level}) → below_first_level = {score}").format(
                value=fmt(v), level=fmt(indicator.levels[0]), score=fmt(trace.score)))
    elif trace.next_level is None:
        k = trace.level
        if k == len(indicator.levels):
            lines.append(_("{value} is at or beyond the last level ({level}) → {score}").format(
                value=fmt(v), level=fmt(indicator.levels[-1]), score=fmt(trace.score)))
        else:
            lines.append(_("{value} reaches level {k} ({level}) → {score}").format(
                value=fmt(v), k=k, level=fmt(indicator.levels[k - 1]), score=fmt(trace.score)))
    else:
        k, j = trace.level, trace.next_level
        lo, hi = indicator.levels[k - 1], indicator.levels[j - 1]
        wk, wj = worths[k - 1], worths[j - 1]
        arithmetic = f"{fmt(wk)} + ({fmt(wj)} − {fmt(wk)}) × ({fmt(v)} − {fmt(lo)}) / ({fmt(hi)} − {fmt(lo)})"
        lines.append(_("between level {k} ({low}) and level {next} ({high}): {arithmetic} = {score}").format(
            k=k, low=fmt(lo), next=j, high=fmt(hi), arithmetic=arithmetic, score=fmt(trace.score)))
    return lines


def _deadline_lines(indicator, scale, trace) -> list[str]:
    d, a = indicator.step_days, scale
    ladder = _("deadline (step_days {step_days}): on time → {s5}, 1–{step_days} days late → {s4}, {r3} → {s3}, "
               "{r2} → {s2}, {r1} → {s1}, later or not delivered → {below}").format(
        step_days=d, s5=fmt(a.worth(5, 5)), s4=fmt(a.worth(4, 5)), r3=f"{d + 1}–{2 * d}", s3=fmt(a.worth(3, 5)),
        r2=f"{2 * d + 1}–{3 * d}", s2=fmt(a.worth(2, 5)), r1=f"{3 * d + 1}–{4 * d}", s1=fmt(a.worth(1, 5)),
        below=fmt(a.below))
    if trace.level:
        outcome = _("level {k}").format(k=trace.level)
    elif trace.note == "not delivered":
        outcome = _("not delivered")
    elif trace.note == f"more than {4 * d} days late":
        outcome = _("more than {days} days late").format(days=4 * d)
    else:
        outcome = trace.note
    return [ladder, f"→ {outcome}: {fmt(trace.score)}"]


def score_lines(indicator, result, scale) -> list[str]:
    """The scoring arithmetic."""
    trace = result.trace
    if trace is None:
        return []
    method = trace.method
    if method == "levels":
        return _levels_lines(indicator, result, scale, trace)
    if method == "ratio":
        v, t, b = result.value, indicator.target.value, scale.high
        if indicator.direction == "higher":
            formula = f"{fmt(b)} × min({fmt(v)} / {fmt(t)}, 1)"
        elif v is not None and v <= 0:
            formula = _("{best} (value ≤ 0 is best for direction lower)").format(best=fmt(b))
        else:
            formula = f"{fmt(b)} × min({fmt(t)} / {fmt(v)}, 1)"
        text = _("ratio: {formula} = {score} (never below 0)") if trace.fraction == 0 \
            else _("ratio: {formula} = {score}")
        return [text.format(formula=formula, score=fmt(trace.score))]
    if method == "pass_fail":
        if result.achieved:
            return [_("pass_fail: achieved → {score}").format(score=fmt(trace.score))]
        return [_("pass_fail: not achieved → {score}").format(score=fmt(trace.score))]
    if method == "deadline":
        return _deadline_lines(indicator, scale, trace)
    if method == "steps":
        n = len(indicator.steps)
        k = result.steps_done or 0
        ladder = ", ".join(f"{i} → {fmt(scale.worth(i, n))}" for i in range(1, n + 1))
        return [_("steps done in order from step 1: {k} of {n} (ladder {ladder}; none → {below})").format(
                k=k, n=n, ladder=ladder, below=fmt(scale.below)),
                f"→ {fmt(trace.score)}"]
    if method == "external":
        return [_("external score {score} (set by an outside office)").format(score=fmt(trace.score))]
    return [f"{method}: {fmt(trace.score)}"]


def summary(indicator, result, scale, policy: str) -> str:
    """One line: value, target test, score arithmetic."""
    if result.status == "missing":
        if policy == "zero":
            return _("no evidence: scored 0 (on_missing: zero)")
        return _("no evidence: an error (on_missing: error)") if policy == "error" else _("no evidence")
    if result.status == "excluded":
        return _("no evidence: excluded from the sums (on_missing: exclude)")
    if result.status == "error":
        first = words.problem_message(result.faults[0]) if result.faults else _("evaluation failed")
        counted = {"zero": _("error: {message}; scored 0 (on_missing: zero)"),
                   "exclude": _("error: {message}; excluded (on_missing: exclude)"),
                   "error": _("error: {message}; not scored (on_missing: error)")}[policy]
        return counted.format(message=first)
    parts = []
    for line in value_lines(indicator, result):
        line = line.strip()
        if line.startswith("=") and parts:
            parts[-1] += f" {line}"
        else:
            parts.append(line)
    target = target_line(indicator, result)
    if target:
        parts.append(target)
    parts.extend(score_lines(indicator, result, scale))
    return "; ".join(parts)


def _input_text(value) -> str:
    return "null" if value is None else _value_text(value)


def explain_text(ruleset, evaluation, ids=None) -> str:
    """The ``kpi explain`` report."""
    scale = ruleset.scale
    chosen = [r for r in evaluation.indicators if ids is None or r.id in ids]
    dims = {d.id: d for d in evaluation.dimensions}
    total_w = sum(d.weight for d in evaluation.dimensions if d.score is not None and d.weight > 0)
    out = [_("plan {plan} — {title}").format(plan=evaluation.plan, title=ruleset.plan.title),
           _("scale [{low}, {high}], below_first_level {below}, on_missing {on_missing}").format(
               low=fmt(scale.low), high=fmt(scale.high), below=fmt(scale.below), on_missing=evaluation.on_missing)]
    if evaluation.unit or evaluation.as_of:
        out.append(_("unit {unit}, as of {as_of}").format(unit=evaluation.unit or "-",
                                                          as_of=show_date(evaluation.as_of)))
    for r in chosen:
        ind = ruleset.indicators[r.id]
        dim = dims.get(r.dimension)
        out.append("")
        out.append(f"{r.id} — {r.name}")
        dimension = f"{r.dimension} ({dim.name})" if dim else r.dimension
        out.append("  " + _("dimension {dimension}, weight {weight}, unit {unit}, method {method}, "
                            "status {status}").format(dimension=dimension, weight=fmt(r.weight),
                                                      unit=words.unit_word(ind.unit),
                                                      method=words.method_word(ind.method),
                                                      status=words.status(r.status)))
        if r.status != "scored":
            out.append(f"  {summary(ind, r, scale, evaluation.on_missing)}")
            for f in r.faults[1:]:
                out.append("  " + _("also: {message}").format(message=words.problem_message(f)))
        else:
            if r.inputs:
                shown = ", ".join(f"{k} = {_input_text(v)}" for k, v in r.inputs.items())
                out.append("  " + _("inputs: {inputs}").format(inputs=shown))
            out.extend(f"  {line}" for line in value_lines(ind, r))
            target = target_line(ind, r)
            if target:
                out.append(f"  {target}")
            out.extend(f"  {line}" for line in score_lines(ind, r, scale))
        if r.score is not None:
            out.append("  " + _("score = {score}").format(score=fmt(r.score)))
        out.extend(f"  {line}" for line in _share_lines(r, dim, total_w))
    out.append("")
    shown_dims = [d for d in evaluation.dimensions if ids is None or any(r.dimension == d.id for r in chosen)]
    for d in shown_dims:
        out.append(dimension_line(d, evaluation))
    out.append(overall_line(evaluation))
    return "\n".join(out) + "\n"


def _share_lines(r, dim, total_w) -> list[str]:
    if r.score is None:
        return [_("share: not in the sums (no score)")]
    if not r.counted:
        return [_("share: weight 0, tracked only: weighted score {weighted}, not in the sums").format(
            weighted=fmt(r.weighted_score))]
    lines = [_("weighted score = {arithmetic}").format(
        arithmetic=f"{fmt(r.weight)} × {fmt(r.score)} / 100 = {fmt(r.weighted_score)}")]
    if dim is not None and r.share_of_dimension is not None:
        lines.append(_("share of dimension {dimension}: {arithmetic} of {score}").format(
            dimension=dim.id, score=fmt(dim.score),
            arithmetic=f"{fmt(r.weight)} × {fmt(r.score)} / {fmt(dim.weight_counted)} = {fmt(r.share_of_dimension)}"))
        if r.share_of_overall is not None:
            lines.append(_("share of the overall score: {arithmetic}").format(
                arithmetic=f"{fmt(r.share_of_dimension)} × {fmt(dim.weight)} / {fmt(total_w)} = "
                           f"{fmt(r.share_of_overall)}"))
    return lines


def dimension_line(d, evaluation) -> str:
    counted = [r for r in evaluation.indicators if r.dimension == d.id and r.counted]
    if d.score is None:
        return _("dimension {dimension}: no scored indicator → no score, left out of the overall").format(
            dimension=_label(d.id, d.name))
    top = " + ".join(f"{fmt(r.weight)} × {fmt(r.score)}" for r in counted)
    bottom = " + ".join(fmt(r.weight) for r in counted)
    return _("dimension {dimension} = {arithmetic}").format(
        dimension=_label(d.id, d.name), arithmetic=f"({top}) / ({bottom}) = {fmt(d.score)}")


def overall_line(evaluation) -> str:
    scored = [d for d in evaluation.dimensions if d.score is not None and d.weight > 0]
    if evaluation.overall is None:
        return _("overall: no dimension has a score → no overall score")
    top = " + ".join(f"{fmt(d.weight)} × {fmt(d.score)}" for d in scored)
    bottom = " + ".join(fmt(d.weight) for d in scored)
    return _("overall = {arithmetic}").format(arithmetic=f"({top}) / ({bottom}) = {fmt(evaluation.overall)}")
