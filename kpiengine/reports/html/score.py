"""HTML reports of ``kpi score``: one unit (scores, charts, each indicator's explanation), or a round."""

from __future__ import annotations

import statistics
from datetime import date

from kpiengine.core.numbers import format_number as fmt
from kpiengine.reports import words
from kpiengine.reports.explain import score_lines
from kpiengine.reports.html import svg
from kpiengine.reports.html.page import esc, named, page, table
from kpiengine.reports.i18n import _, show_date


def _header(evaluation) -> list[str]:
    return [f"<h1>{esc(evaluation.plan_title or evaluation.plan)}</h1>",
            f'<p class="meta">{esc(_("plan"))} <span class="id">{esc(evaluation.plan)}</span> · '
            f'{esc(_("unit"))} <b class="unit">{esc(words.unit_name(evaluation))}</b> · '
            f'{esc(_("as of"))} {esc(show_date(evaluation.as_of))}'
            + (f' · {esc(_("assessment"))} {esc(evaluation.assessment)}' if evaluation.assessment else "")
            + "</p>"]


def _dimension_table(evaluation) -> str:
    rows = [[esc(d.number if d.number is not None else ""), named(d.id, d.name), fmt(d.weight),
             f'<span class="score">{words.score(d.score)}</span>'] for d in evaluation.dimensions]
    rows.append(["", f"<b>{esc(_('overall score'))}</b>", "", f"<b>{words.score(evaluation.overall)}</b>"])
    return table([_("no."), _("dimension"), _("weight"), _("score")], rows, numeric={2, 3})


def _indicator_table(evaluation) -> str:
    rows, classes = [], []
    dimension_names = {d.id: d.name for d in evaluation.dimensions}
    for r in evaluation.indicators:
        ach = "" if r.achieved is None else (' class="yes"' if r.achieved else ' class="no"')
        rows.append([f'<a href="#i-{esc(r.id)}">{named(r.id, r.name)}</a>',
                     esc(dimension_names.get(r.dimension) or r.dimension),
                     esc(words.value(r.value)), esc(words.target(r.target)),
                     f"<span{ach}>{esc(words.achieved(r.achieved))}</span>", words.score(r.score), fmt(r.weight),
                     words.score(r.weighted_score), esc(words.status(r.status))])
        classes.append(f"status-{r.status}")
    return table([_("indicator"), _("dimension"), _("value"), _("target"), _("achieved"), _("score"), _("weight"),
                  _("weighted score"), _("status")], rows, numeric={2, 5, 6, 7}, classes=classes)


def _value(v) -> str:
    if isinstance(v, date):
        return show_date(v)
    return "null" if v is None else fmt(v)


def _explanation(indicator, r, scale, policy: str) -> str:
    """The indicator's explanation laid out from its trace: inputs, formula, target test, ladder, score."""
    out = [f'<div class="explain" id="i-{esc(r.id)}"><h3>{named(r.id, r.name)}</h3>']
    if r.status != "scored":
        out.append(f"<p>{esc(words.status(r.status))} (on_missing: {esc(policy)})</p>")
        for f in r.faults:
            out.append(f'<p class="status-error"><span class="where">{esc(f.location.format())}</span> '
                       f"{esc(words.problem_message(f))}</p>")
        out.append("</div>")
        return "".join(out)
    if r.inputs:
        out.append(table([_("input"), _("value")], [[esc(k), esc(_value(v))] for k, v in r.inputs.items()]))
    if r.progress is not None:
        done = ", ".join(str(n) for n in r.completed) or "-"
        part = ", ".join(f"{n}: {fmt(f)}" for n, f in (r.partial or {}).items())
        out.append(f"<p>{esc(_('steps completed'))}: {esc(done)}" + (f"; {esc(_('partly done'))}: {esc(part)}"
                   if part else "") + f" → progress = {fmt(r.progress)}</p>")
    if r.delivered is not None or indicator.date_input:
        late = "-" if r.days_late is None else str(r.days_late)
        out.append(f"<p>{esc(_('delivered'))}: {esc(show_date(r.delivered, _('not delivered')))} · "
                   f"{esc(_('days late'))}: {esc(late)}</p>")
    if indicator.formula is not None:
        names = dict(r.inputs or {})
        names.update({"progress": r.progress, "days_late": r.days_late})
        lines = [indicator.formula.text]
        substituted = indicator.formula.substitute(names)
        if substituted != indicator.formula.text:
            lines.append(f"= {substituted}")
        lines.append(f"= {_value(r.value)}")
        out.append(f"<p>{esc(_('formula'))}:</p><pre class=\"formula\">{esc(chr(10).join(lines))}</pre>")
    if r.target is not None:
        verdict = words.achieved(r.achieved)
        if r.target.by is not None:
            test = f"{show_date(r.delivered, _('not delivered'))} ≤ {show_date(r.target.by)}"
        else:
            test = f"{_value(r.value)} {r.target.op} {fmt(r.target.value)}"
        out.append(f"<p>{esc(_('target'))}: {esc(test)} → <b>{esc(verdict)}</b></p>")
    trace = r.trace
    if trace is not None and trace.method == "levels" and indicator.levels:
        n = len(indicator.levels)
        reached = {trace.level, trace.next_level} - {None}
        cells = "".join(f'<td class="num{" reached" if k + 1 in reached else ""}">{fmt(v)}</td>'
                        for k, v in enumerate(indicator.levels))
        worth = "".join(f'<td class="num{" reached" if k in reached else ""}">{fmt(scale.worth(k, n))}</td>'
                        for k in range(1, n + 1))
        out.append(f'<table class="ladder"><tr><th>{esc(_("level value"))}</th>{cells}</tr>'
                   f'<tr><th>{esc(_("score"))}</th>{worth}</tr></table>')
    out.append(f"<pre>{esc(chr(10).join(score_lines(indicator, r, scale)))}</pre>")
    out.append(f"<p>{esc(_('score'))} = <b>{words.score(r.score)}</b> · {esc(_('weighted score'))} = "
               f"{fmt(r.weight)} × {words.score(r.score)} / 100 = {words.score(r.weighted_score)}</p></div>")
    return "".join(out)


def _errors(errors, unit_of=None) -> list[str]:
    if not errors:
        return []
    items = []
    for e in errors:
        unit = f"{esc(unit_of(e))}: " if unit_of else ""
        items.append(f'<li>{unit}<span class="where">{esc(e.location.format())}</span> '
                     f'<span class="id">{esc(e.subject or "")}</span> {esc(words.problem_message(e))} '
                     f'<span class="id">({esc(e.code)})</span></li>')
    return [f"<h2>{esc(_('evidence errors'))} ({len(errors)})</h2>", f'<ul class="errors">{"".join(items)}</ul>']


def unit_page(evaluation) -> str:
    ruleset = evaluation.ruleset
    scale = ruleset.scale
    body = _header(evaluation)
    body.append(f'<p>{esc(_("overall score"))}: <span class="big overall">{words.score(evaluation.overall)}</span>'
                f' / {fmt(scale.high)}</p>')
    body.append(f"<h2>{esc(_('dimensions'))}</h2>")
    body.append(_dimension_table(evaluation))
    body.append(svg.bars([(d.name or d.id, d.score) for d in evaluation.dimensions], scale.low, scale.high,
                         title=_("dimension scores")))
    body.append(f"<h2>{esc(_('indicators'))}</h2>")
    body.append(_indicator_table(evaluation))
    body.append(svg.bars([(r.name or r.id, r.score) for r in evaluation.indicators], scale.low, scale.high,
                         title=_("indicator scores"), label_width=320))
    body += _errors(evaluation.errors)
    body.append(f"<h2>{esc(_('how each score came about'))}</h2>")
    for r in evaluation.indicators:
        body.append(_explanation(ruleset.indicators[r.id], r, scale, evaluation.on_missing))
    return page(f"{evaluation.plan_title} — {words.unit_name(evaluation)}", body)


def round_page(evaluations: list) -> str:
    """A round: the ranking, a unit × indicator heat map, the distribution of each dimension's scores."""
    first = evaluations[0]
    scale = first.ruleset.scale
    ranked = sorted(evaluations, key=lambda e: (e.overall is None, -(e.overall or 0), e.unit or ""))
    body = [f"<h1>{esc(first.plan_title or first.plan)}</h1>",
            f'<p class="meta">{esc(_("plan"))} <span class="id">{esc(first.plan)}</span> · {esc(_("units"))} '
            f"{len(evaluations)}</p>", f"<h2>{esc(_('ranking'))}</h2>"]
    rows = []
    for n, e in enumerate(ranked, 1):
        achieved = sum(1 for r in e.indicators if r.achieved)
        rows.append([str(n), f'<span class="unit">{esc(words.unit_name(e))}</span>', words.score(e.overall)]
                    + [words.score(d.score) for d in e.dimensions] + [str(achieved), str(len(e.errors))])
    headers = [_("rank"), _("unit"), _("overall score")] + [d.name or d.id for d in first.dimensions] + \
        [_("achieved"), _("errors")]
    body.append(table(headers, rows, numeric=set(range(2, len(headers)))))
    body.append(svg.bars([(words.unit_name(e), e.overall) for e in ranked], scale.low, scale.high,
                         title=_("overall score")))
    body.append(f"<h2>{esc(_('scores by unit and indicator'))}</h2>")
    columns = [(r.id, r.name) for r in first.indicators]
    scores = [[(e.indicator(i) or None) and e.indicator(i).score for i, _n in columns] for e in ranked]
    body.append(svg.heat_map([words.unit_name(e) for e in ranked], columns, scores, scale.low, scale.high))
    body.append(f"<h2>{esc(_('dimension distributions'))}</h2>")
    dist = []
    for d in first.dimensions:
        values = [e.dimension(d.id).score for e in evaluations if e.dimension(d.id).score is not None]
        dist.append((d.name or d.id, values))
    body.append(svg.distribution(dist, scale.low, scale.high))
    stats = []
    for (_label, values), d in zip(dist, first.dimensions, strict=True):
        if values:
            stats.append([named(d.id, d.name), fmt(statistics.mean(values), 4), fmt(statistics.median(values), 4),
                          fmt(min(values), 4), fmt(max(values), 4)])
    body.append(table([_("dimension"), _("mean"), _("median"), _("min"), _("max")], stats, numeric={1, 2, 3, 4}))
    errors = [(e.unit, err) for e in evaluations for err in e.errors]
    if errors:
        units = {id(err): unit for unit, err in errors}
        body += _errors([err for _u, err in errors], lambda err: units.get(id(err)) or "-")
    return page(first.plan_title or first.plan, body)
