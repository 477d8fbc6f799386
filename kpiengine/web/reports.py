"""Hooks for what a unit page can download and upload: one table each.

REPORTS: format → function(EvaluationResult) → (content, media type); the
page links every entry as ``/units/{unit}/report.{format}``. The HTML and
xlsx reports of the reports work register here (``"html": …, "xlsx": …``).

ROUND_REPORTS: format → function(list of (unit, EvaluationResult)) → (content, media type), for
evaluators at ``/round/report.{format}`` (the round's HTML and xlsx reports register here).

TEMPLATES: format → function(RuleSet, list of unit names) → (content, media type), served at
``/template.{format}`` (the Excel evidence template, ``"xlsx": …``, registers here).

UPLOADS: file suffix → function(service, unit, user, raw bytes, filename,
base version) → (version, result). The Excel intake registers ``".xlsx"``
here: it turns the workbook into an evidence mapping and calls
``service.save_body`` (or a reader of its own), so faults keep their codes.
"""

from __future__ import annotations

import json

from kpiengine.web.evidence import report_json


def _json(result):
    return report_json(result), "application/json"


def _yaml(service, unit, user, raw, filename, base):
    return service.save_upload(unit, user, raw, filename, base)


def _round_json(results):
    data = {"plan": results[0][1].plan if results else None,
            "units": [result.to_json() for _unit, result in results]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n", "application/json"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML = "text/html; charset=utf-8"


def _language(result):
    ruleset = getattr(result, "ruleset", None)
    return getattr(getattr(ruleset, "plan", None), "language", None)


def _unit_report(fmt: str, media: str):
    def make(result):
        from kpiengine.reports import score
        from kpiengine.reports.i18n import use

        with use(_language(result)):
            return score.FORMATS[fmt](result), media
    return make


def _round_report(fmt: str, media: str):
    def make(results):
        from dataclasses import replace

        from kpiengine.reports import score
        from kpiengine.reports.i18n import use

        named = [result if result.unit else replace(result, unit=unit) for unit, result in results]
        if not named:
            raise ValueError("no unit in the round")
        with use(_language(named[0])):
            return score.ROUND_FORMATS[fmt](named), media
    return make


def _template(fmt: str):
    def make(ruleset, units):
        from kpiengine.reports.i18n import use
        from kpiengine.reports.template import to_csv, unit_columns

        columns = unit_columns(list(units), [])
        with use(ruleset.plan.language):
            if fmt == "xlsx":
                from kpiengine.reports.xlsx.template import template_workbook

                return template_workbook(ruleset, columns), XLSX
            return to_csv(ruleset, columns, "inputs"), "text/csv; charset=utf-8"
    return make


REPORTS = {"json": _json, "html": _unit_report("html", HTML), "xlsx": _unit_report("xlsx", XLSX)}
ROUND_REPORTS = {"json": _round_json, "html": _round_report("html", HTML), "xlsx": _round_report("xlsx", XLSX)}
TEMPLATES: dict = {"xlsx": _template("xlsx"), "csv": _template("csv")}
UPLOADS = {".yaml": _yaml, ".yml": _yaml}
