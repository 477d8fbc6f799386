"""Every number in words an evaluator can redo with a calculator.

`summary` is the one-line ``explanation`` of the JSON report; `explain_text`
is ``kpi explain``: per indicator the formula with the evidence put in, the
target test, the levels and the segment interpolated in, the score and its
share of the dimension and overall scores, then the dimension and overall
sums themselves.
"""

from __future__ import annotations

from datetime import date

from kpiengine.core.numbers import format_number as fmt


def _value_text(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return fmt(value)


def _worths(indicator, scale) -> list[float]:
    n = len(indicator.levels)
    return [scale.worth(k, n) for k in range(1, n + 1)]


def value_lines(indicator, result) -> list[str]:
    """How the value was found."""
    lines = []
    if indicator.unit == "milestone" and result.progress is not None:
        steps = {s.step: s for s in indicator.steps}
        parts = [fmt(steps[n].weight) for n in result.completed]
        partial = result.partial or {}
        parts += [f"{fmt(steps[n].weight)} × {fmt(f)}" for n, f in partial.items()]
        done = ", ".join(str(n) for n in result.completed) or "none"
        part = ", ".join(f"{n} ({fmt(f * 100)}%)" for n, f in partial.items())
        lines.append(f"steps completed: {done}" + (f"; partly done: {part}" if part else ""))
        sum_text = f"{' + '.join(parts)} = " if parts else ""
        lines.append(f"progress = {sum_text}{fmt(result.progress)}")
    if result.delivered is not None or indicator.date_input is not None:
        if result.delivered is None:
            lines.append("delivered: not delivered")
        elif result.days_late is not None:
            late = result.days_late
            how = f"{late} days late" if late > 0 else "on time" if late == 0 else f"{-late} days early"
            lines.append(f"delivered {result.delivered.isoformat()}, due {indicator.target.by.isoformat()}: "
                         f"days_late = {late} ({how})")
    if indicator.formula is not None:
        names = dict(result.inputs)
        names.update({"progress": result.progress, "days_late": result.days_late})
        lines.append(f"formula: {indicator.formula.text}")
        substituted = indicator.formula.substitute(names)
        if substituted != indicator.formula.text:
            lines.append(f"       = {substituted}")
        lines.append(f"       = {_value_text(result.value)}")
    elif indicator.unit not in ("milestone",) and not (indicator.unit == "date" and indicator.date_input):
        lines.append(f"value = {_value_text(result.value)}")
    return lines


def target_line(indicator, result) -> str | None:
    target = indicator.target
    if target is None:
        return None
    verdict = "achieved" if result.achieved else "not achieved"
    if target.by is not None:
        shown = result.delivered.isoformat() if result.delivered else "not delivered"
        return f"target: delivered by {target.by.isoformat()}: {shown} → {verdict}"
    source = " (targets_by_year)" if indicator.target_from_year else ""
    return f"target{source}: {_value_text(result.value)} {target.op} {fmt(target.value)} → {verdict}"


def score_lines(indicator, result, scale) -> list[str]:
    """The scoring arithmetic."""
    trace = result.trace
    if trace is None:
        return []
    method = trace.method
    if method == "levels":
        worths = _worths(indicator, scale)
        ladder = ", ".join(f"{fmt(v)} → {fmt(w)}" for v, w in zip(indicator.levels, worths))
        mode = "interpolated" if indicator.interpolate else "not interpolated"
        lines = [f"levels ({indicator.direction}, {mode}): {ladder}"]
        v = result.value
        if trace.level is None:
            why = "no value" if v is None else f"{fmt(v)} is worse than level 1 ({fmt(indicator.levels[0])})"
            lines.append(f"{why} → below_first_level = {fmt(trace.score)}")
        elif trace.next_level is None:
            k = trace.level
            if k == len(indicator.levels):
                lines.append(f"{fmt(v)} is at or beyond the last level ({fmt(indicator.levels[-1])}) → "
                             f"{fmt(trace.score)}")
            else:
                lines.append(f"{fmt(v)} reaches level {k} ({fmt(indicator.levels[k - 1])}) → {fmt(trace.score)}")
        else:
            k, j = trace.level, trace.next_level
            lo, hi = indicator.levels[k - 1], indicator.levels[j - 1]
            wk, wj = worths[k - 1], worths[j - 1]
            lines.append(f"between level {k} ({fmt(lo)}) and level {j} ({fmt(hi)}): "
                         f"{fmt(wk)} + ({fmt(wj)} − {fmt(wk)}) × ({fmt(v)} − {fmt(lo)}) / ({fmt(hi)} − {fmt(lo)})"
                         f" = {fmt(trace.score)}")
        return lines
    if method == "ratio":
        v, t, b = result.value, indicator.target.value, scale.high
        if indicator.direction == "higher":
            formula = f"{fmt(b)} × min({fmt(v)} / {fmt(t)}, 1)"
        elif v is not None and v <= 0:
            formula = f"{fmt(b)} (value ≤ 0 is best for direction lower)"
        else:
            formula = f"{fmt(b)} × min({fmt(t)} / {fmt(v)}, 1)"
        return [f"ratio: {formula} = {fmt(trace.score)}" + (" (never below 0)" if trace.fraction == 0 else "")]
    if method == "pass_fail":
        if result.achieved:
            return [f"pass_fail: achieved → {fmt(trace.score)}"]
        return [f"pass_fail: not achieved → {fmt(trace.score)}"]
    if method == "deadline":
        d, a = indicator.step_days, scale
        ladder = (f"on time → {fmt(a.worth(5, 5))}, 1–{d} days late → {fmt(a.worth(4, 5))}, "
                  f"{d + 1}–{2 * d} → {fmt(a.worth(3, 5))}, {2 * d + 1}–{3 * d} → {fmt(a.worth(2, 5))}, "
                  f"{3 * d + 1}–{4 * d} → {fmt(a.worth(1, 5))}, later or not delivered → {fmt(a.below)}")
        outcome = f"level {trace.level}" if trace.level else trace.note
        return [f"deadline (step_days {d}): {ladder}", f"→ {outcome}: {fmt(trace.score)}"]
    if method == "steps":
        n = len(indicator.steps)
        k = result.steps_done or 0
        ladder = ", ".join(f"{i} → {fmt(scale.worth(i, n))}" for i in range(1, n + 1))
        return [f"steps done in order from step 1: {k} of {n} (ladder {ladder}; none → {fmt(scale.below)})",
                f"→ {fmt(trace.score)}"]
    if method == "external":
        return [f"external score {fmt(trace.score)} (set by an outside office)"]
    return [f"{method}: {fmt(trace.score)}"]


def summary(indicator, result, scale, policy: str) -> str:
    """One line: value, target test, score arithmetic."""
    if result.status == "missing":
        return {"zero": "no evidence: scored 0 (on_missing: zero)",
                "error": "no evidence: an error (on_missing: error)"}.get(policy, "no evidence")
    if result.status == "excluded":
        return "no evidence: excluded from the sums (on_missing: exclude)"
    if result.status == "error":
        first = result.faults[0].message if result.faults else "evaluation failed"
        counted = {"zero": "scored 0", "exclude": "excluded", "error": "not scored"}[policy]
        return f"error: {first}; {counted} (on_missing: {policy})"
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


def explain_text(ruleset, evaluation, ids=None) -> str:
    """The ``kpi explain`` report."""
    scale = ruleset.scale
    chosen = [r for r in evaluation.indicators if ids is None or r.id in ids]
    dims = {d.id: d for d in evaluation.dimensions}
    total_w = sum(d.weight for d in evaluation.dimensions if d.score is not None and d.weight > 0)
    out = [f"plan {evaluation.plan} — {ruleset.plan.title}",
           f"scale [{fmt(scale.low)}, {fmt(scale.high)}], below_first_level {fmt(scale.below)}, "
           f"on_missing {evaluation.on_missing}"]
    if evaluation.unit or evaluation.as_of:
        out.append(f"unit {evaluation.unit or '-'}, as of {evaluation.as_of.isoformat() if evaluation.as_of else '-'}")
    for r in chosen:
        ind = ruleset.indicators[r.id]
        dim = dims.get(r.dimension)
        out.append("")
        out.append(f"{r.id} — {r.name}")
        out.append(f"  dimension {r.dimension}" + (f" ({dim.name})" if dim else "") +
                   f", weight {fmt(r.weight)}, unit {ind.unit}, method {ind.method}, status {r.status}")
        if r.status != "scored":
            out.append(f"  {summary(ind, r, scale, evaluation.on_missing)}")
            for f in r.faults[1:]:
                out.append(f"  also: {f.message}")
        else:
            if r.inputs:
                shown = ", ".join(f"{k} = {_value_text(v) if v is not None else 'null'}" for k, v in r.inputs.items())
                out.append(f"  inputs: {shown}")
            out.extend(f"  {line}" for line in value_lines(ind, r))
            target = target_line(ind, r)
            if target:
                out.append(f"  {target}")
            out.extend(f"  {line}" for line in score_lines(ind, r, scale))
        if r.score is not None:
            out.append(f"  score = {fmt(r.score)}")
        out.extend(f"  {line}" for line in _share_lines(r, dim, total_w))
    out.append("")
    shown_dims = [d for d in evaluation.dimensions if ids is None or any(r.dimension == d.id for r in chosen)]
    for d in shown_dims:
        out.append(dimension_line(d, evaluation))
    out.append(overall_line(evaluation))
    return "\n".join(out) + "\n"


def _share_lines(r, dim, total_w) -> list[str]:
    if r.score is None:
        return ["share: not in the sums (no score)"]
    if not r.counted:
        return [f"share: weight 0, tracked only: weighted score {fmt(r.weighted_score)}, not in the sums"]
    lines = [f"weighted score = {fmt(r.weight)} × {fmt(r.score)} / 100 = {fmt(r.weighted_score)}"]
    if dim is not None and r.share_of_dimension is not None:
        lines.append(f"share of dimension {dim.id}: {fmt(r.weight)} × {fmt(r.score)} / {fmt(dim.weight_counted)} "
                     f"= {fmt(r.share_of_dimension)} of {fmt(dim.score)}")
        if r.share_of_overall is not None:
            lines.append(f"share of the overall score: {fmt(r.share_of_dimension)} × {fmt(dim.weight)} / "
                         f"{fmt(total_w)} = {fmt(r.share_of_overall)}")
    return lines


def dimension_line(d, evaluation) -> str:
    counted = [r for r in evaluation.indicators if r.dimension == d.id and r.counted]
    if d.score is None:
        return f"dimension {d.id}: no scored indicator → no score, left out of the overall"
    top = " + ".join(f"{fmt(r.weight)} × {fmt(r.score)}" for r in counted)
    bottom = " + ".join(fmt(r.weight) for r in counted)
    return f"dimension {d.id} = ({top}) / ({bottom}) = {fmt(d.score)}"


def overall_line(evaluation) -> str:
    scored = [d for d in evaluation.dimensions if d.score is not None and d.weight > 0]
    if evaluation.overall is None:
        return "overall: no dimension has a score → no overall score"
    top = " + ".join(f"{fmt(d.weight)} × {fmt(d.score)}" for d in scored)
    bottom = " + ".join(fmt(d.weight) for d in scored)
    return f"overall = ({top}) / ({bottom}) = {fmt(evaluation.overall)}"
