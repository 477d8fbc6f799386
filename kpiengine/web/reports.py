"""Hooks for what a unit page can download and upload: one table each.

REPORTS: format → function(EvaluationResult) → (content, media type); the
page links every entry as ``/units/{unit}/report.{format}``. The HTML and
xlsx reports of the reports work register here (``"html": …, "xlsx": …``).

UPLOADS: file suffix → function(service, unit, user, raw bytes, filename,
base version) → (version, result). The Excel intake registers ``".xlsx"``
here: it turns the workbook into an evidence mapping and calls
``service.save_body`` (or a reader of its own), so faults keep their codes.
"""

from __future__ import annotations

from kpiengine.web.evidence import report_json


def _json(result):
    return report_json(result), "application/json"


def _yaml(service, unit, user, raw, filename, base):
    return service.save_upload(unit, user, raw, filename, base)


REPORTS = {"json": _json}
UPLOADS = {".yaml": _yaml, ".yml": _yaml}
