"""Words shared by the report formats that speak Thai or English (xlsx, html)."""

from __future__ import annotations

from datetime import date

from kpiengine.core.numbers import format_number, round_half_up
from kpiengine.reports.i18n import _, show_date

STATUS = {"scored": "scored", "missing": "missing", "excluded": "excluded", "error": "error"}


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
