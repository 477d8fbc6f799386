"""The one place where the web app reads evidence and scores it, with the library's own reader.

Whatever its source — the form, the JSON API or an uploaded file — evidence
becomes YAML text: an upload is kept as sent; a mapping from the form or the
API is written as a canonical ``kind: evidence`` document. That text is read
by `kpiengine.load_evidence`, exactly as ``kpi score`` reads a file, so every
message, code and bound is the CLI's; messages name the version's file
(``evidence.yaml``, or the uploaded file's name) and its lines, which is the
text that ``/units/{unit}/evidence.yaml`` gives back.
"""

from __future__ import annotations

import json
import os
import re

import yaml

from kpiengine import EvaluationResult, Evidence, RuleSet, evaluate
from kpiengine.evidence.document import read_evidence as read_evidence_bytes
from kpiengine.reports import score as score_report
from kpiengine.rules.hash import rules_hash
from kpiengine.sources.yaml_reader import parse_documents

MAX_UPLOAD_BYTES = 1024 * 1024
API_NAME = "evidence.yaml"
BODY_KEYS = ("kind", "plan", "unit", "as_of", "values", "projects", "notes")


class BodyError(Exception):
    """A request body that is not an evidence mapping at all (before the library sees it)."""


def document_text(plan_id: str, unit: str, body: dict) -> str:
    """The canonical evidence document for `unit` from an API body or a form: kind, plan, unit, then the rest."""
    if not isinstance(body, dict):
        raise BodyError(f"expected a JSON object with 'as_of' and 'values', got {type(body).__name__}")
    data = {"kind": "evidence", "plan": body.get("plan", plan_id), "unit": unit}
    for key, value in body.items():
        if key not in ("kind", "plan", "unit"):
            data[key] = value
    if body.get("kind", "evidence") != "evidence":
        data["kind"] = body["kind"]  # the library refuses it with its own message
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    except yaml.YAMLError as exc:
        raise BodyError(f"cannot write the evidence as YAML ({exc})") from None


def safe_name(filename: str | None) -> str:
    """An uploaded file's name without folders or odd characters (messages name it)."""
    base = os.path.basename((filename or "").replace("\\", "/")).strip()
    base = re.sub(r"[^\w.\-ก-๙ ]", "_", base)[:100]
    return base or "upload.yaml"


def read_evidence(source: bytes | str, name: str) -> Evidence:
    """Read evidence text as ``kpi score`` reads a file named `name`; raises `EvidenceFileError`.

    The library's own reader (`kpiengine.evidence.document.read_evidence`), so every check and message
    is the CLI's and locations name `name`.
    """
    return read_evidence_bytes(source, name)


def score(ruleset: RuleSet, evidence: Evidence) -> EvaluationResult:
    """Evaluate (the engine is reentrant: no lock); raises `EvidenceFileError` for another plan's evidence."""
    return evaluate(ruleset, evidence)


def empty_evidence(ruleset: RuleSet, unit: str) -> Evidence:
    """The evidence of a unit that has saved nothing yet: every indicator missing."""
    return read_evidence(document_text(ruleset.plan.id, unit, {"values": {}}), API_NAME)


def report_json(result: EvaluationResult, ruleset: RuleSet | None = None) -> str:
    """The SPEC §7 JSON, byte for byte what ``kpi score --format json`` prints (with the ruleset: its
    ``rules_hash`` too, as the command line writes it)."""
    return score_report.to_json(result, rules_hash(ruleset) if ruleset is not None else None)


def data_of(source: bytes | str) -> dict:
    """Evidence text (already read by `read_evidence`) as plain JSON data, for GET /api/units/{unit}/evidence.
    Dates stay as written (the YAML reader keeps them as text)."""
    text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
    documents, _ = parse_documents(text, "evidence")
    data = next((d.data for d in documents if d.data is not None), {})
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))
