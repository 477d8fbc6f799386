"""Dates as Thai plans write them, and the Thai fiscal year.

Accepted (SPEC §2): ISO ``YYYY-MM-DD`` and ``YYYY-MM``; Thai ``30 ก.ย. 2563``,
``30 กันยายน 2563``, ``ก.ย. 2563`` (abbreviations with or without dots, an
optional ``พ.ศ.`` before the year); Thai digits anywhere. Also accepted as an
extension: English month names (``30 Sep 2020``) and day-first ``30/9/2563``,
the way Thai offices write dates in spreadsheets, also with dashes or dots
(``15-09-2563``, ``15.09.2563``), and the short month names people type
(``30 กันยา 2563``, ``มีนา 2563``).

A year ≥ 2400 is Buddhist Era (CE = BE − 543), else Common Era; two-digit
years are refused as ambiguous. The day/month check uses the CE year, so
``29 ก.พ. 2563`` (CE 2020, a leap year) is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kpiengine.core.errors import ValueFormatError
from kpiengine.core.messages import Message, say

BE_OFFSET = 543
BE_THRESHOLD = 2400

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# Month names are locale data, keyed without dots or spaces: the abbreviation first, then the
# full name, the short spoken form people type (กันยา, มีนา, ตุลา: without ยน/คม/พันธ์), common
# misspellings, and English.
_MONTH_NAMES = {
    1: ("มค", "มกราคม", "มกรา", "jan", "january"),
    2: ("กพ", "กุมภาพันธ์", "กุมภาพันธ", "กุมภา", "feb", "february"),
    3: ("มีค", "มีนาคม", "มีนา", "mar", "march"),
    4: ("เมย", "เมษายน", "เมษา", "apr", "april"),
    5: ("พค", "พฤษภาคม", "พฤษภา", "may"),
    6: ("มิย", "มิถุนายน", "มิถุนา", "jun", "june"),
    7: ("กค", "กรกฎาคม", "กรกฎา", "กรกฏาคม", "กรกฏา", "jul", "july"),
    8: ("สค", "สิงหาคม", "สิงหา", "aug", "august"),
    9: ("กย", "กันยายน", "กันยา", "sep", "sept", "september"),
    10: ("ตค", "ตุลาคม", "ตุลา", "oct", "october"),
    11: ("พย", "พฤศจิกายน", "พฤศจิกา", "nov", "november"),
    12: ("ธค", "ธันวาคม", "ธันวา", "dec", "december"),
}
MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names}
MONTH_ABBREVIATIONS = {number: names[0] for number, names in _MONTH_NAMES.items()}
_BE_MARKERS = ("พศ",)  # "พ.ศ." once dots are removed
_CE_MARKERS = ("คศ", "ce", "ad")

_ISO = re.compile(r"^(\d{1,4})-(\d{1,2})(?:-(\d{1,2}))?$")
_SLASH = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{1,4})$")  # day first: 15/09/2563, 15-09-2563, 15.09.2563
_WORDS = re.compile(r"^(?:(\d{1,2})\s*)?([^\d]+?)\s*(\d{1,4})$")


@dataclass(frozen=True, order=True)
class Month:
    """A month without a day (CE year)."""

    year: int
    month: int

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        if self.month == 12:
            return date(self.year, 12, 31)
        return date(self.year, self.month + 1, 1) - timedelta(days=1)

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def thai(self) -> str:
        return f"{thai_month_abbreviation(self.month)} {self.year + BE_OFFSET}"

    def __str__(self) -> str:
        return self.iso()


def thai_month_abbreviation(month: int) -> str:
    """``ก.ย.`` for 9: the dotted abbreviation."""
    plain = MONTH_ABBREVIATIONS[month]
    # Dots go after each consonant cluster of the abbreviation: ก.ย., มี.ค., เม.ย.
    cut = {"มีค": 2, "เมย": 2, "มิย": 2}.get(plain, 1)
    return f"{plain[:cut]}.{plain[cut:]}."


def normalize_digits(text: str) -> str:
    return text.translate(THAI_DIGITS)


def ce_year(year: int, text: str = "") -> int:
    """The Common-Era year of a written year, by the 2400 rule."""
    if year < 100:
        raise ValueFormatError(say("two-digit year '{year}' is ambiguous: write the full year (e.g. 2563 or 2020)",
                                   year=text or year))
    if year < 1000:
        raise ValueFormatError(say("year '{year}' is not a four-digit year", year=text or year))
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def to_be(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def _noun(what: str) -> Message:
    """What is being read (``date``, ``as_of date``), as a message of its own: reports may translate it."""
    return Message(what)


def parse_calendar(value, what: str = "date") -> date | Month:
    """A date, or a `Month` when no day is given."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value.year >= BE_THRESHOLD:
            return _make_date(value.year - BE_OFFSET, value.month, value.day, str(value))
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueFormatError(say("expected a {what} such as 2563-09-30 or 30 ก.ย. 2563, got {value}",
                                   what=_noun(what), value=repr(value)))
    text = normalize_digits(value).strip()
    m = _SLASH.match(text)
    if m:
        year = ce_year(int(m.group(4)), m.group(4))
        return _make_date(year, int(m.group(3)), int(m.group(1)), value)
    m = _ISO.match(text)
    if m:
        year = ce_year(int(m.group(1)), m.group(1))
        month = int(m.group(2))
        if m.group(3) is None:
            return _make_month(year, month, value)
        return _make_date(year, month, int(m.group(3)), value)
    m = _WORDS.match(text)
    if m:
        month, ce_marked = _month_word(m.group(2), value)
        year_text = m.group(3)
        year = int(year_text)
        year = ce_year(year, year_text) if not ce_marked else year
        if m.group(1) is None:
            return _make_month(year, month, value)
        return _make_date(year, month, int(m.group(1)), value)
    raise ValueFormatError(say("cannot read {what} '{value}' (expected e.g. 2563-09-30, 30 ก.ย. 2563 or "
                               "30 กันยายน 2563)", what=_noun(what), value=value))


def _month_word(word: str, original: str) -> tuple[int, bool]:
    key = re.sub(r"[\s.]", "", word).lower()
    ce_marked = False
    for marker in _BE_MARKERS:
        if key.endswith(marker) and key != marker:
            key = key[: -len(marker)]
    for marker in _CE_MARKERS:
        if key.endswith(marker) and key[: -len(marker)] in MONTHS:
            key = key[: -len(marker)]
            ce_marked = True
    if key not in MONTHS:
        raise ValueFormatError(say("unknown month '{month}' in '{value}'", month=word.strip(), value=original))
    return MONTHS[key], ce_marked


def _make_date(year: int, month: int, day: int, original) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueFormatError(say("'{value}' is not a real date", value=original)) from None


def _make_month(year: int, month: int, original) -> Month:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise ValueFormatError(say("'{value}' is not a real month", value=original))
    return Month(year, month)


def parse_day(value, what: str = "date") -> date:
    """A date with its day (a delivery date): a month alone is refused."""
    result = parse_calendar(value, what)
    if isinstance(result, Month):
        raise ValueFormatError(say("{what} '{value}' needs its day (a month alone is allowed only for deadlines)",
                                   what=_noun(what), value=value))
    return result


def parse_deadline(value, what: str = "deadline") -> date:
    """A deadline: a month alone means its last day."""
    result = parse_calendar(value, what)
    return result.last_day() if isinstance(result, Month) else result


def parse_month(value, what: str = "month") -> Month:
    """A planned month; a full date is taken as its month."""
    result = parse_calendar(value, what)
    return result if isinstance(result, Month) else Month(result.year, result.month)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """FY (BE) runs 1 October FY−1 … 30 September FY: FY2563 = 2019-10-01 … 2020-09-30."""
    ce = fiscal_year_be - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def fiscal_year_of(day: date) -> int:
    """The fiscal year (BE) a date falls in."""
    return to_be(day.year + 1 if day.month >= 10 else day.year)


def fiscal_months(fiscal_year_be: int) -> list[Month]:
    """The twelve months of a fiscal year, October first."""
    start, _ = fiscal_year_bounds(fiscal_year_be)
    return [Month(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1) for i in range(12)]


def format_thai(day: date) -> str:
    """``30 ก.ย. 2563``."""
    return f"{day.day} {thai_month_abbreviation(day.month)} {to_be(day.year)}"
