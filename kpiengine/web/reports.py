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


def _table(suffix: str):
    """A filled evidence template (xlsx or csv, either layout): the unit's column (or the only one) is read
    by the library's table reader, then saved like a form's body, so faults keep their codes."""
    def read(service, unit, user, raw, filename, base):
        import os
        import tempfile

        from kpiengine import load_units
        from kpiengine.core.errors import EvidenceFileError
        from kpiengine.core.problems import Location
        from kpiengine.evidence.codes import EV00

        name = os.path.basename(filename or f"upload{suffix}")
        with tempfile.TemporaryDirectory(prefix="kpi-upload-") as directory:
            path = os.path.join(directory, name if name.lower().endswith(suffix) else name + suffix)
            with open(path, "wb") as fh:
                fh.write(raw)
            try:
                units = load_units(path, service.ruleset)
            except EvidenceFileError as exc:  # name the uploaded file, not the temporary copy
                raise EvidenceFileError([p.__class__(p.code, p.message, p.severity,
                                                     Location(name, p.line, p.column, p.path, p.location.sheet,
                                                              p.location.cell), p.subject, p.name)
                                         for p in exc.problems]) from None
        mine = [e for e in units if e.unit == unit] or (units if len(units) == 1 else [])
        if not mine:
            found = ", ".join(repr(e.unit) for e in units) or "none"
            raise EvidenceFileError([EV00.problem(f"no column for unit '{unit}' in the file (units: {found})",
                                                  Location(name))])
        evidence = mine[0]
        body = {"values": {key: entry.values for key, entry in evidence.entries.items()}}
        if evidence.as_of is not None:
            body["as_of"] = evidence.as_of.isoformat()
        if evidence.projects:
            body["projects"] = {key: entry.values for key, entry in evidence.projects.items()}
        return service.save_body(unit, user, body, base)
    return read


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
UPLOADS = {".yaml": _yaml, ".yml": _yaml, ".xlsx": _table(".xlsx"), ".csv": _table(".csv")}
