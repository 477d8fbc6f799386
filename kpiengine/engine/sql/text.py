"""Cells as evaluators type them, read in SQL with the rules of `kpiengine.core.numbers` and
`kpiengine.core.calendar`: Thai digits, surrounding blanks, thousands separators, a trailing ``%``
or ``.-``; ISO, day/month/year and Thai or English month-word dates, BE years from 2400.

Each reader is a sequence of stages; a stage only uses columns of earlier stages, so that no
expression is copied into another (`Stages.put`). A cell that cannot be read gives NULL and an
``ok`` flag that is false; the compiler turns that into the unit's EV03.

Python's ``str.strip`` and ``\\s`` know every Unicode blank; here the blanks are space, tab, line
breaks, form feed, vertical tab and the no-break space (what spreadsheets produce).
"""

from __future__ import annotations

from sqlglot import exp

from kpiengine.core.calendar import BE_OFFSET, BE_THRESHOLD, MONTHS
from kpiengine.engine.sql import build as b

THAI_DIGITS, ASCII_DIGITS = "๐๑๒๓๔๕๖๗๘๙", "0123456789"
BLANKS = " \t\n\r\f\v\u00a0"
WS = f"[{BLANKS}]"
NUMBER = ("^[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:[.][0-9]*)?(?:[eE][+-]?[0-9]+)?$"
          "|^[+-]?[.][0-9]+(?:[eE][+-]?[0-9]+)?$")
ISO = "^([0-9]{1,4})-([0-9]{1,2})(?:-([0-9]{1,2}))?$"
SLASH = "^([0-9]{1,2})/([0-9]{1,2})/([0-9]{1,4})$"
WORDS = f"^(?:([0-9]{{1,2}}){WS}*)?([^0-9]+?){WS}*([0-9]{{1,4}})$"
BE_MARKERS = ("พศ",)
CE_MARKERS = ("คศ", "ce", "ad")
TRUE_WORDS, FALSE_WORDS = ("true", "yes"), ("false", "no")


def stripped(column: exp.Expression) -> exp.Expression:
    """The cell as text without surrounding blanks; NULL when empty (a unit name keeps its digits)."""
    as_text = exp.cast(column, b.TEXT)
    return exp.Nullif(this=b.regexp_replace(b.regexp_replace(as_text, f"^{WS}+"), f"{WS}+$"), expression=b.text(""))


def cell_text(column: exp.Expression) -> exp.Expression:
    """The cell as text with Thai digits made ASCII and blanks stripped; NULL when empty."""
    as_text = exp.cast(column, b.TEXT)
    digits = exp.Translate(this=as_text, from_=b.text(THAI_DIGITS), to=b.text(ASCII_DIGITS))
    stripped = b.regexp_replace(b.regexp_replace(digits, f"^{WS}+"), f"{WS}+$")
    return exp.Nullif(this=stripped, expression=b.text(""))


def number_text(t: exp.Expression) -> exp.Expression:
    """Drop the Thai budget mark ``.-`` and then a trailing ``%`` with the blanks before it."""
    mark = b.regexp_replace(t, "[.]-$")
    return b.case((b.regexp_like(mark, "%$"), b.regexp_replace(mark, f"{WS}*%$")), default=mark)


def number_value(s: exp.Expression) -> exp.Expression:
    """The double a number text stands for (maybe infinite: `finite_number` checks), else NULL."""
    digits = b.replace(s, ",")
    return b.as_double(b.case((b.regexp_like(s, NUMBER), digits)))


def finite_number(n: exp.Expression) -> exp.Expression:
    return b.case((b.finite(n), n))


def boolean_value(t: exp.Expression) -> exp.Expression:
    low = b.lower(t)
    return b.case((exp.In(this=low, expressions=[b.text(w) for w in TRUE_WORDS]), b.num(1)),
                  (exp.In(this=low, expressions=[b.text(w) for w in FALSE_WORDS]), b.num(0)))


# --- dates -------------------------------------------------------------------------------------------


def _int(e: exp.Expression) -> exp.Expression:
    return exp.cast(exp.Nullif(this=e, expression=b.text("")), b.INT)


def _month_number(key: exp.Expression) -> exp.Expression:
    return b.case(*[(b.eq(key, b.text(name)), b.whole(number)) for name, number in MONTHS.items()])


def _ends(key: exp.Expression, marker: str) -> exp.Expression:
    return exp.Like(this=key, expression=b.text("%" + marker))


def _cut(key: exp.Expression, marker: str) -> exp.Expression:
    return b.substring(key, b.whole(1), b.sub(b.length(key), b.whole(len(marker))))


def month_key(t: exp.Expression) -> exp.Expression:
    """The month word of a word date without dots and blanks, in lower case."""
    word = b.regexp_extract(t, WORDS, 2)
    for ch in "." + BLANKS:
        word = b.replace(word, ch)
    return b.lower(word)


def without_be_marker(key: exp.Expression) -> exp.Expression:
    for marker in BE_MARKERS:
        key = b.case((b.and_(b.ne(key, b.text(marker)), _ends(key, marker)), _cut(key, marker)), default=key)
    return key


FORMS = ((1, ISO), (2, SLASH), (3, WORDS))  # tried in this order, as `calendar.parse_calendar` does


def date_form(t: exp.Expression) -> exp.Expression:
    """1 for ISO, 2 for day/month/year, 3 for a month word, NULL for none of them."""
    return b.case(*[(b.regexp_like(t, pattern), b.whole(form)) for form, pattern in FORMS])


def _by_form(form, groups: dict[int, int]) -> exp.Expression:
    """The regex group that holds a part, by form; NULL when empty."""
    patterns = dict(FORMS)
    return b.case(*[(b.eq(form, b.whole(f)), _int(b.regexp_extract(t_, patterns[f], g)))
                    for f, (t_, g) in groups.items()])


def date_numbers(t: exp.Expression, form: exp.Expression) -> dict[str, exp.Expression]:
    """Year as written, month (for ISO and day/month/year) and day (NULL when the text has none)."""
    return {
        "year": _by_form(form, {1: (t, 1), 2: (t, 3), 3: (t, 3)}),
        "month_number": _by_form(form, {1: (t, 2), 2: (t, 2)}),
        "day": _by_form(form, {1: (t, 3), 2: (t, 1), 3: (t, 1)}),
    }


def month_names(key: exp.Expression) -> dict[str, exp.Expression]:
    """The month a key names as it is, and as it is without a trailing CE marker (ค.ศ., CE, AD)."""
    assert all(len(m) == 2 for m in CE_MARKERS)
    marked = b.case((b.or_(*[_ends(key, m) for m in CE_MARKERS]), _cut(key, "..")))
    return {"plain": _month_number(key), "marked": _month_number(marked)}


def month_of(form, number, plain, marked) -> dict[str, exp.Expression]:
    words = b.eq(form, b.whole(3))
    return {"month": b.case((words, exp.Coalesce(this=plain, expressions=[marked])), default=number),
            "ce": b.and_(words, b.is_null(plain))}


def ce_year(year: exp.Expression, ce_marked: exp.Expression) -> exp.Expression:
    """Years below 1000 are refused (two-digit years are ambiguous); from 2400 on they are BE."""
    return b.case((ce_marked, year), (b.lt(year, b.whole(1000)), b.NULL),
                  (b.ge(year, b.whole(BE_THRESHOLD)), b.sub(year, b.whole(BE_OFFSET))), default=year)


def _leap(year):
    def divides(k):
        return b.eq(exp.Mod(this=b.paren(year), expression=b.whole(k)), b.whole(0))
    return b.or_(b.and_(divides(4), b.not_(divides(100))), divides(400))


def days_in_month(year, month):
    return b.case((b.eq(month, b.whole(2)), b.case((_leap(year), b.whole(29)), default=b.whole(28))),
                  (exp.In(this=month, expressions=[b.whole(m) for m in (4, 6, 9, 11)]), b.whole(30)),
                  default=b.whole(31))


def real_date(year, month, day) -> exp.Expression:
    """Whether year (CE), month and day make a real date (a month without its day does not)."""
    return b.and_(b.not_null(day), exp.Between(this=month, low=b.whole(1), high=b.whole(12)),
                  exp.Between(this=year, low=b.whole(1), high=b.whole(9999)),
                  b.ge(day, b.whole(1)), b.le(day, days_in_month(year, month)))


def make_date(valid, year, month, day) -> exp.Expression:
    """MAKE_DATE only ever sees a real date: Spark in ANSI mode fails the query on 2020-02-30."""
    def safe(part, fallback):
        return b.case((valid, part), default=b.whole(fallback))
    made = exp.DateFromParts(year=safe(year, 2000), month=safe(month, 1), day=safe(day, 1))
    return b.case((valid, made))
