"""Dates as Thai plans write them (SPEC §2), and the fiscal year."""

from datetime import date

import pytest

from kpiengine.core import calendar
from kpiengine.core.calendar import Month
from kpiengine.core.errors import ValueFormatError

READ = [
    # ISO, Buddhist Era (≥ 2400 → CE = BE − 543) and Common Era
    ("2563-09-30", date(2020, 9, 30)),
    ("2020-09-30", date(2020, 9, 30)),
    # 2563 = CE 2020, a leap year: BE dates must not be checked against year 2563's calendar
    ("2563-02-29", date(2020, 2, 29)),
    ("๒๕๖๓-๐๙-๓๐", date(2020, 9, 30)),
    # Thai abbreviated and long month names, with or without dots, with พ.ศ.
    ("30 ก.ย. 2563", date(2020, 9, 30)),
    ("30 กย 2563", date(2020, 9, 30)),
    ("30 ก.ย 2563", date(2020, 9, 30)),
    ("30 กันยายน 2563", date(2020, 9, 30)),
    ("1 ต.ค. พ.ศ. 2562", date(2019, 10, 1)),
    ("๓๐ ก.ย. ๒๕๖๓", date(2020, 9, 30)),
    ("17 พฤษภาคม 2561", date(2018, 5, 17)),
    ("9 มี.ค. 2563", date(2020, 3, 9)),
    ("9 เม.ย. 2563", date(2020, 4, 9)),
    # extensions: English month names, day-first slashes
    ("30 Sep 2020", date(2020, 9, 30)),
    ("30/9/2563", date(2020, 9, 30)),
    # months without a day
    ("2563-09", Month(2020, 9)),
    ("ก.ย. 2563", Month(2020, 9)),
    ("กันยายน 2563", Month(2020, 9)),
    ("ธ.ค. 2562", Month(2019, 12)),
]


@pytest.mark.parametrize("text, expected", READ)
def test_reads(text, expected):
    assert calendar.parse_calendar(text) == expected


REFUSED = [
    ("30 ก.ย. 63", "two-digit year"),
    ("63-09-30", "two-digit year"),
    ("2563-02-30", "not a real date"),
    ("2563-13", "not a real month"),
    ("30 กยx 2563", "unknown month"),
    ("yesterday", "cannot read"),
    ("", "cannot read"),
]


@pytest.mark.parametrize("text, words", REFUSED)
def test_refuses(text, words):
    with pytest.raises(ValueFormatError, match=words):
        calendar.parse_calendar(text)


def test_refuses_non_text():
    for value in (True, 2563, 3.5, [1], None):
        with pytest.raises(ValueFormatError):
            calendar.parse_calendar(value)


def test_a_deadline_month_means_its_last_day():
    assert calendar.parse_deadline("2563-09") == date(2020, 9, 30)
    assert calendar.parse_deadline("ก.พ. 2563") == date(2020, 2, 29)  # leap February
    assert calendar.parse_deadline("2563-09-15") == date(2020, 9, 15)


def test_a_delivery_date_needs_its_day():
    with pytest.raises(ValueFormatError, match="needs its day"):
        calendar.parse_day("2563-10")


def test_fiscal_year_2563_runs_october_2019_to_september_2020():
    assert calendar.fiscal_year_bounds(2563) == (date(2019, 10, 1), date(2020, 9, 30))
    assert calendar.fiscal_year_of(date(2019, 10, 1)) == 2563
    assert calendar.fiscal_year_of(date(2019, 9, 30)) == 2562
    assert calendar.fiscal_year_of(date(2020, 9, 30)) == 2563
    months = calendar.fiscal_months(2563)
    assert months[0] == Month(2019, 10) and months[-1] == Month(2020, 9) and len(months) == 12


def test_thai_formatting():
    assert calendar.format_thai(date(2020, 9, 30)) == "30 ก.ย. 2563"
    assert [calendar.thai_month_abbreviation(m) for m in (3, 4, 6)] == ["มี.ค.", "เม.ย.", "มิ.ย."]
    # every abbreviation we print reads back
    for m in range(1, 13):
        assert calendar.parse_calendar(f"1 {calendar.thai_month_abbreviation(m)} 2563").month == m


@pytest.mark.parametrize("year", [1900, 2000, 2019, 2020, 2100])
def test_the_last_day_of_every_month(year):
    import calendar as gregorian

    for month in range(1, 13):
        assert calendar.Month(year, month).last_day() == date(year, month, gregorian.monthrange(year, month)[1])
