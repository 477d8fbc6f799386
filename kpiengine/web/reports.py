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


REPORTS = {"json": _json}
ROUND_REPORTS = {"json": _round_json}
TEMPLATES: dict = {}
UPLOADS = {".yaml": _yaml, ".yml": _yaml}
