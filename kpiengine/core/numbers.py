"""Numbers as people write them: Thai digits, thousands separators, finite only."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from kpiengine.core.calendar import normalize_digits
from kpiengine.core.errors import ValueFormatError
from kpiengine.core.messages import say

_NUMBER = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?(?:[eE][+-]?\d+)?$|^[+-]?\.\d+(?:[eE][+-]?\d+)?$")


MESSAGE_WIDTH = 40  # longest value a message quotes whole


_CONTROL = {i: f"\\x{i:02x}" for i in range(32)} | {9: "\\t", 10: "\\n", 13: "\\r", 127: "\\x7f"}


def shorten(text: str, width: int = MESSAGE_WIDTH) -> str:
    """`text` cut to `width` characters, saying how long it was: messages never echo a huge value.
    Control characters (a line break, a tab) are shown as escapes."""
    text = str(text).translate(_CONTROL)
    if len(text) <= width:
        return text
    return f"{text[:width - 3]}... ({len(text):,} characters)"


def describe(value) -> str:
    """A value quoted for a message (long values shortened)."""
    if isinstance(value, str):
        return f"'{shorten(value)}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return say("a mapping")
    if isinstance(value, (list, tuple, set, frozenset)):
        return say("a list")
    if isinstance(value, int) and value.bit_length() > 128:
        return say("a number of about {digits} digits", digits=f"{int(value.bit_length() * 0.30103) + 1:,}")
    return shorten(repr(value))


def parse_number(value) -> int | float:
    """A finite number from a YAML number or a text such as ``"1,918,000"`` or ``"๖๖"``.

    Booleans are not numbers. A trailing ``%`` or the Thai budget mark ``.-``
    (``1,918,000.-``) is allowed in text.
    """
    if isinstance(value, bool):
        raise ValueFormatError(say("expected a number, got {value}", value=describe(value)))
    if isinstance(value, int):
        if value.bit_length() > 1024:  # beyond any float, and maybe beyond int → text conversion
            raise ValueFormatError(say("number too large ({value})", value=describe(value)))
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueFormatError(say("expected a finite number, got {value}", value=describe(value)))
        return value
    if isinstance(value, str):
        text = normalize_digits(value).strip()
        if text.endswith(".-"):
            text = text[:-2]
        if text.endswith("%"):
            text = text[:-1].rstrip()
        if len(text) > 400:
            raise ValueFormatError(say("number too long ({value})", value=describe(value)))
        if _NUMBER.match(text):
            number = float(text.replace(",", ""))
            if not math.isfinite(number):
                raise ValueFormatError(say("number too large ({value})", value=describe(value)))
            if number.is_integer() and not re.search(r"[.eE]", text):
                return int(text.replace(",", "").lstrip("+"))
            return number
        raise ValueFormatError(say("expected a number, got {value}", value=describe(value)))
    raise ValueFormatError(say("expected a number, got {value}", value=describe(value)))


def parse_whole(value) -> int:
    number = parse_number(value)
    if isinstance(number, float):
        if not number.is_integer():
            raise ValueFormatError(say("expected a whole number, got {value}", value=describe(value)))
        number = int(number)
    return number


def parse_boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    raise ValueFormatError(say("expected true or false, got {value}", value=describe(value)))


def format_number(value, decimals: int = 6) -> str:
    """A number for people: at most `decimals` places, half up, no trailing zeros."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if value.bit_length() <= 4000 else describe(value)
    text = round_half_up(value, decimals)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def round_half_up(value: float, decimals: int = 4) -> str:
    """Fixed-point text with `decimals` places, rounding halves up (away from zero).

    Works on the shortest repr of the float, so 2.675 → 2.68 as a person expects.
    """
    quantum = Decimal(1).scaleb(-decimals)
    with localcontext() as ctx:
        ctx.prec = 400
        text = format(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP), "f")
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    return text
