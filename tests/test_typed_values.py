"""Values as people type them (issue 13, point 7): Thai month forms, day-first dates with dashes,
numbers that never print as 0E-9, kpi progress dated by its evidence."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from kpiengine.core.calendar import Month, parse_calendar
from kpiengine.core.numbers import describe, format_number, round_half_up
from tests.conftest import ROOT, run

# Every month in its abbreviated, full and short spoken form (the full name without
# ยน / คม / พันธ์), day 1, B.E. 2563 = C.E. 2020.
MONTH_FORMS = [
    (1, "ม.ค.", "มกราคม", "มกรา"), (2, "ก.พ.", "กุมภาพันธ์", "กุมภา"), (3, "มี.ค.", "มีนาคม", "มีนา"),
    (4, "เม.ย.", "เมษายน", "เมษา"), (5, "พ.ค.", "พฤษภาคม", "พฤษภา"), (6, "มิ.ย.", "มิถุนายน", "มิถุนา"),
    (7, "ก.ค.", "กรกฎาคม", "กรกฎา"), (8, "ส.ค.", "สิงหาคม", "สิงหา"), (9, "ก.ย.", "กันยายน", "กันยา"),
    (10, "ต.ค.", "ตุลาคม", "ตุลา"), (11, "พ.ย.", "พฤศจิกายน", "พฤศจิกา"), (12, "ธ.ค.", "ธันวาคม", "ธันวา"),
]


@pytest.mark.parametrize("month, abbreviation, full, short", MONTH_FORMS, ids=[m[3] for m in MONTH_FORMS])
def test_every_thai_month_form_reads_the_same(month, abbreviation, full, short):
    for name in (abbreviation, abbreviation.replace(".", ""), full, short):
        assert parse_calendar(f"1 {name} 2563") == date(2020, month, 1), name
        assert parse_calendar(f"{name} 2563") == Month(2020, month), name


@pytest.mark.parametrize("text, expected", [
    ("15-09-2563", date(2020, 9, 15)),  # like 15/09/2563: day first, B.E.
    ("15/09/2563", date(2020, 9, 15)),
    ("15.09.2563", date(2020, 9, 15)),
    ("๑๕-๐๙-๒๕๖๓", date(2020, 9, 15)),  # Thai digits
    ("5-1-2020", date(2020, 1, 5)),  # C.E.
    ("30 กันยา 2563", date(2020, 9, 30)),
    ("30 กันยา พ.ศ. 2563", date(2020, 9, 30)),
])
def test_day_first_dates_and_short_months(text, expected):
    assert parse_calendar(text) == expected


@pytest.mark.parametrize("text, words", [
    ("15-09-63", "two-digit year '63' is ambiguous"),
    ("31-09-2563", "is not a real date"),  # September has 30 days
    ("15-09/2563", "cannot read date"),  # mixed separators
])
def test_day_first_dates_are_still_checked(text, words):
    with pytest.raises(ValueError, match=words):
        parse_calendar(text)


@pytest.mark.parametrize("value, decimals, text", [
    (1e-10, 9, "0.000000000"),  # Decimal's str() would give '0E-9'
    (-1e-12, 4, "0.0000"),
    (1e-30, 12, "0.000000000000"),
    (2.675, 2, "2.68"),  # half up on the shortest repr
])
def test_round_half_up_never_prints_exponents(value, decimals, text):
    assert round_half_up(value, decimals) == text


def test_format_number_of_tiny_and_huge_values():
    assert format_number(1e-10) == "0"
    assert format_number(10 ** 5000) == "a number of about 5,001 digits"  # str() would raise past 4,300 digits


def test_describe_shortens_long_text_and_shows_control_characters():
    assert describe("x" * 100_000) == "'" + "x" * 37 + "... (100,000 characters)'"
    assert describe("satisfaction\n") == "'satisfaction\\n'"
    assert describe("ร้อยละ") == "'ร้อยละ'"


def test_short_thai_months_are_read_in_evidence(tmp_path):
    evidence = tmp_path / "evidence.yaml"
    shutil.copy(ROOT / "cases" / "demo-2563" / "evidence.yaml", evidence)
    text = evidence.read_text(encoding="utf-8").replace("delivered: 2563-10-20", "delivered: 20 ตุลา 2563")
    evidence.write_text(text, encoding="utf-8")
    code, out, _ = run("score", ROOT / "rules" / "demo-2563", evidence, "--format", "json")
    assert code == 0 and '"overall": {\n    "score": 3.392' in out  # SPEC appendix A: 20 days late → 3


PROGRESS = ("progress", ROOT / "rules" / "bma-csc-2563")


def test_progress_takes_its_date_from_the_evidence():
    evidence = ROOT / "cases" / "bma-csc-2563" / "progress-mid-year.yaml"  # as_of: 2563-03-31
    assert run(*PROGRESS, evidence) == run(*PROGRESS, evidence, "--as-of", "2563-03-31")
    code, out, err = run(*PROGRESS, evidence)
    assert out.startswith("progress of plan bma-csc-2563 as of 2020-03-31 (fiscal year 2563)") and err == ""


def test_progress_warns_outside_the_fiscal_year():
    evidence = ROOT / "cases" / "bma-csc-2563" / "progress-mid-year.yaml"
    _, _, err = run(*PROGRESS, evidence, "--as-of", "1 มีนา 2564")
    assert err == ("kpi: warning: the date 2021-03-01 (1 มี.ค. 2564) is outside fiscal year 2563 "
                   "(2019-10-01 … 2020-09-30)\n")


def test_progress_without_any_date_says_how_to_give_one(tmp_path):
    evidence = tmp_path / "evidence.yaml"
    text = (ROOT / "cases" / "bma-csc-2563" / "progress-mid-year.yaml").read_text(encoding="utf-8")
    evidence.write_text("\n".join(line for line in text.splitlines() if not line.startswith("as_of:")) + "\n",
                        encoding="utf-8")
    code, _, err = run(*PROGRESS, evidence)
    assert code == 2 and err == f"kpi: error: no date to compare at: give --as-of DATE, or 'as_of' in '{evidence}'\n"


def test_fuzz_shows_progress_on_stderr():
    code, out, err = run("fuzz", ROOT / "rules" / "demo-2563", "--max-examples", "5")
    assert err.splitlines() == ["kpi fuzz: [1/3] satisfaction", "kpi fuzz: [2/3] review-steps",
                                "kpi fuzz: [3/3] report-delivered"]
