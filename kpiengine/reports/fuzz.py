"""Reports of ``kpi fuzz``: text (findings with ready-to-paste evidence) and json.

Text: for each finding, ``file:line: [property] indicator: message``, then
the smallest counterexample as a YAML evidence document between ``---`` and
``...`` (two documents when the property compares two pieces of evidence),
and a last summary line; on stderr, a note naming the indicators whose
``input-effect`` could not be checked (a formula over inputs that declare no
``effect``: a formula that runs the wrong way goes unnoticed there). Json::

    {"plan", "rules", "seed", "max_examples", "examples",
     "indicators": [{"id", "file", "line", "examples", "findings", "unchecked"}],
     "findings": [{"indicator", "file", "line", "property", "message", "examples",
                   "evidence", "other_evidence"}]}

where ``evidence`` and ``other_evidence`` are whole evidence documents
(``{"kind": "evidence", "plan", "values": {indicator: {…}}}``) or null;
dates are ISO strings. Nothing depends on the clock, so a run with
``--seed`` prints the same report every time.
"""

from __future__ import annotations

import json
from datetime import date

import yaml

from kpiengine.core.numbers import format_number


def _plain(value, dates_as_text: bool = True):
    """Evidence values for JSON (dates as ISO text) or YAML (dates as YAML dates, which are ISO too);
    whole floats as ints; keys as written."""
    if isinstance(value, dict):
        return {k: _plain(v, dates_as_text) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, dates_as_text) for v in value]
    if isinstance(value, date):
        return value.isoformat() if dates_as_text else value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def evidence_document(plan: str, indicator: str, values, dates_as_text: bool = True) -> dict:
    return {"kind": "evidence", "plan": plan, "values": {indicator: _plain(values, dates_as_text)}}


def evidence_yaml(plan: str, indicator: str, values, comment: str = "") -> str:
    """A YAML evidence document to paste into a file: ``---``, optional comment, the document, ``...``."""
    body = yaml.safe_dump(evidence_document(plan, indicator, values, dates_as_text=False), allow_unicode=True,
                          sort_keys=False, default_flow_style=None, width=100)
    head = f"# {comment}\n" if comment else ""
    return f"---\n{head}{body}...\n"


def _where(finding) -> str:
    return f"{finding.file}:{finding.line}" if finding.line else finding.file


def to_text(report) -> str:
    out = []
    for f in report.findings:
        out.append(f"{_where(f)}: [{f.property}] {f.indicator}: {f.message}\n")
        if f.evidence is not None:
            tried = f"found {'among' if f.among else 'after'} {_count(f.examples, 'example')}"
            note = f": {f.note}" if f.note else ""
            out.append(evidence_yaml(report.plan, f.indicator, f.evidence, f"counterexample ({tried}){note}"))
        if f.other is not None:
            out.append(evidence_yaml(report.plan, f.indicator, f.other, f"compared with{': ' if f.other_note else ''}"
                                                                          f"{f.other_note}"))
    out.append(_summary(report) + "\n")
    return "".join(out)


def unchecked_note(report) -> str | None:
    """The indicators whose ``input-effect`` could not be checked (``kpi fuzz`` prints it on stderr)."""
    unchecked = [run.id for run in report.runs if "input-effect" in run.unchecked]
    if not unchecked:
        return None
    shown = ", ".join(unchecked[:6]) + (f", … ({len(unchecked) - 6} more)" if len(unchecked) > 6 else "")
    return (f"input-effect not checked for {_count(len(unchecked), 'indicator')} whose inputs declare no "
            f"'effect' (increases/decreases): {shown}")


def _summary(report) -> str:
    findings = report.findings
    indicators = len(report.runs)
    failing = sum(1 for run in report.runs if run.findings)
    seed = "derandomized" if report.seed is None else f"seed {report.seed}"
    tried = f"{report.examples} examples, up to {report.max_examples} random per indicator, {seed}"
    if not findings:
        return f"no findings in {_count(indicators, 'indicator')} ({tried})"
    return f"{_count(len(findings), 'finding')} in {failing} of {_count(indicators, 'indicator')} ({tried})"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def to_json(report) -> str:
    doc = {
        "plan": report.plan,
        "rules": report.rules,
        "seed": report.seed,
        "max_examples": report.max_examples,
        "examples": report.examples,
        "indicators": [{"id": r.id, "file": r.file, "line": r.line, "examples": r.examples,
                        "findings": len(r.findings), "unchecked": r.unchecked} for r in report.runs],
        "findings": [{"indicator": f.indicator, "file": f.file, "line": f.line, "property": f.property,
                      "message": f.message, "examples": f.examples,
                      "evidence": None if f.evidence is None else evidence_document(report.plan, f.indicator,
                                                                                     f.evidence),
                      "other_evidence": None if f.other is None else evidence_document(report.plan, f.indicator,
                                                                                        f.other)}
                     for f in report.findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, default=_fallback) + "\n"


def _fallback(value):
    """Values json cannot write (only in evidence built to be invalid): as text."""
    return format_number(value) if isinstance(value, (int, float)) else repr(value)


FORMATS = {"text": to_text, "json": to_json}
