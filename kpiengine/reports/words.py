"""Words shared by the report formats that speak Thai or English (xlsx, html)."""

from __future__ import annotations

from datetime import date

from kpiengine.core.messages import render
from kpiengine.core.numbers import format_number, round_half_up
from kpiengine.reports.i18n import _, language, show_date

STATUS = {"scored": "scored", "missing": "missing", "excluded": "excluded", "error": "error"}


# How each scoring method works, in words (message ids; English reports print the method's key alone).
METHODS = {"levels": "scored against levels", "ratio": "scored as a share of the target",
           "pass_fail": "pass or fail", "deadline": "scored by the days late", "steps": "scored by the steps done",
           "external": "a score set by an outside office"}


def unit_word(unit: str) -> str:
    """An indicator's unit: ``percent`` in English; in Thai its word with the key, ``ร้อยละ (percent)``."""
    return unit if language() == "en" else f"{_(unit)} ({unit})"


def method_word(method: str) -> str:
    """A scoring method: ``levels`` in English; in Thai how it scores, with the key."""
    return method if language() == "en" else f"{_(METHODS.get(method, method))} ({method})"


def status(value: str) -> str:
    return _(STATUS.get(value, value))


def achieved(value) -> str:
    return "-" if value is None else (_("yes") if value else _("no"))


def target(value) -> str:
    """``>= 60`` or ``by 30 ก.ย. 2563``."""
    if value is None:
        return "-"
    if value.by is not None:
        return f"{_('by')} {show_date(value.by)}"
    return f"{value.op} {format_number(value.value)}"


def value(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, date):
        return show_date(v)
    return format_number(v, 4)


def score(v) -> str:
    """4 decimals, half up (SPEC §6)."""
    return "-" if v is None else round_half_up(v, 4)


def unit_name(evaluation) -> str:
    return evaluation.unit or "-"


def _summaries() -> dict:
    from kpiengine.core.codes import Code
    from kpiengine.evidence import codes

    return {v.code: v.summary for v in vars(codes).values() if isinstance(v, Code)}


EVIDENCE_SUMMARIES = _summaries()  # EV00–EV10: the one-line summary of each evidence code


def message(text) -> str:
    """A message of the library (`kpiengine.core.messages.Message`) in the current language; English when the
    catalog has no (usable) translation of it, or when it is plain text."""
    if language() == "en":
        return str(text)
    return render(text, _)[0]


def problem_message(problem) -> str:
    """An evidence error for the reader, in the current language. A message the catalog cannot translate
    stays English; in Thai, the code's summary in Thai goes before it."""
    if language() == "en":
        return problem.message
    text, translated = render(problem.message, _)
    if not translated and problem.code in EVIDENCE_SUMMARIES:
        return f"{_(EVIDENCE_SUMMARIES[problem.code])}: {text}"
    return text
