"""Numbers as people write them (SPEC §2) and half-up rounding of reports."""

import pytest

from kpiengine.core.errors import ValueFormatError
from kpiengine.core.numbers import format_number, parse_number, parse_whole, round_half_up

READ = [
    (66, 66),
    (66.5, 66.5),
    ("66", 66),
    ("1,918,000", 1918000),
    ("1,918,000.-", 1918000),  # the Thai budget mark
    ("๖๖", 66),
    ("๑,๙๑๘,๐๐๐", 1918000),
    ("66.5%", 66.5),
    ("-3.25", -3.25),
    ("1e3", 1000.0),
]


@pytest.mark.parametrize("text, expected", READ)
def test_reads(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("value", [True, False, None, "abc", "1,91,8", "1.2.3", float("nan"), float("inf"),
                                   "1e400", 10 ** 400, [1], {"a": 1}])
def test_refuses(value):
    with pytest.raises(ValueFormatError):
        parse_number(value)


def test_whole_numbers():
    assert parse_whole("๕") == 5
    assert parse_whole(3.0) == 3
    with pytest.raises(ValueFormatError, match="whole number"):
        parse_whole(2.5)


@pytest.mark.parametrize("value, text", [
    (3.392, "3.3920"),
    (3.3920000000000003, "3.3920"),
    (2.00005, "2.0001"),  # half up, not half even
    (2.00015, "2.0002"),
    (0.00005, "0.0001"),
    (-0.00001, "0.0000"),  # no "-0.0000"
    (1e20, "100000000000000000000.0000"),
])
def test_round_half_up(value, text):
    assert round_half_up(value, 4) == text


def test_format_number_drops_trailing_zeros():
    assert format_number(66.0) == "66"
    assert format_number(3.5999999999999996) == "3.6"
    assert format_number(1 / 3) == "0.333333"
    assert format_number(None) == "-"
