"""Words of the reports in Thai or English: gettext catalogs in the package.

Report code writes English message ids, ``_("overall score")``; the Thai
words live in ``kpiengine/locale/th/LC_MESSAGES/kpiengine.po`` (compiled to
``.mo`` by ``python -m kpiengine.locale.build``). The language of a run is a
context variable set with `use(lang)`, so reports keep their signatures and
two runs in two threads do not see each other's language.

Dates are shown as their readers read them: ``30 ก.ย. 2563`` (Buddhist Era)
in Thai, ISO ``2020-09-30`` in English.
"""

from __future__ import annotations

import gettext
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "th")
DOMAIN = "kpiengine"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_language: ContextVar[str] = ContextVar("kpiengine_language", default="en")

# Month abbreviations as message ids; the catalog holds the Thai ones (ม.ค. … ธ.ค.).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def language() -> str:
    return _language.get()


@contextmanager
def use(lang: str | None):
    """Run the enclosed reports in `lang` (None keeps the current language)."""
    if lang is None:
        yield
        return
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}' (expected one of {', '.join(LANGUAGES)})")
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    """`message` in the current language."""
    return catalog(_language.get()).gettext(message)


def show_date(day: date | None, empty: str = "-") -> str:
    """A date as the reader reads it: ``30 ก.ย. 2563`` in Thai, ``2020-09-30`` in English."""
    if day is None:
        return empty
    if _language.get() == "th":
        return f"{day.day} {_(MONTHS[day.month - 1])} {day.year + 543}"
    return day.isoformat()


def named(ident: str, name: str | None) -> str:
    """An id with its (Thai) name beside it: ``satisfaction — ร้อยละความพึงพอใจ``."""
    return f"{ident} — {name}" if name and name != ident else ident
