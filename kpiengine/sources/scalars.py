"""YAML scalars → Python values, one small reader per tag.

PyYAML's constructors crash on values their tag cannot hold (``!!int sixty``
raises a bare ``ValueError``, ``!!timestamp garbage`` an ``AttributeError``)
and build things a rule or evidence file never means (``!!binary`` bytes,
``!!set``). Here each tag has a reader in `READERS` that returns the value or
raises `ScalarFault` with a message for people; the YAML reader turns the
fault into a located problem. Timestamps stay text (a Buddhist-Era date such
as ``2563-02-29`` is no Gregorian date), but an explicit ``!!timestamp`` must
be a date `kpiengine.core.calendar` can read.
"""

from __future__ import annotations

import math
import re

from kpiengine.core import calendar
from kpiengine.core.errors import ValueFormatError
from kpiengine.core.numbers import describe

TAG = "tag:yaml.org,2002:"
MAX_DIGITS = 4300  # Python's default limit for int ↔ text conversion

_TRUE = ("yes", "true", "on")
_FALSE = ("no", "false", "off")
_NULL = ("", "~", "null")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-7_]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


class ScalarFault(ValueError):
    """A scalar its tag cannot hold; the message is for people."""


def _tag(tag: str) -> str:
    return "!!" + tag[len(TAG):] if tag.startswith(TAG) else tag


def _str(node):
    return node.value


def _null(node):
    if node.value.strip().lower() not in _NULL:
        raise ScalarFault(f"{describe(node.value)} is not null (tag !!null)")
    return None


def _bool(node):
    text = node.value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ScalarFault(f"{describe(node.value)} is not true or false (tag !!bool)")


def _int(node):
    text = node.value.strip().replace("_", "")
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    digits = sum(ch.isdigit() for ch in body)
    if digits > MAX_DIGITS:
        raise ScalarFault(f"number too long ({digits:,} digits; a rule or evidence file needs far fewer)")
    try:
        if body.startswith(("0b", "0x")):
            value = sign * int(body[2:], 2 if body[1] == "b" else 16)
            if not node.style:  # plain: the author may have meant the text (an id such as 0x1F)
                raise ScalarFault(f"{describe(node.value)} is read by YAML as the number {value} "
                                  f"({'binary' if body[1] == 'b' else 'hexadecimal'}): write {value}, "
                                  "or quote it to keep it as text")
            return value
        if _LEADING_ZERO.match(node.value.strip()) and not node.style:  # plain (libyaml says "", PyYAML None)
            decimal = int(body, 10)
            raise ScalarFault(f"{describe(node.value)} has a leading zero, which YAML reads as the octal number "
                              f"{sign * int(body, 8)}: write {sign * decimal}, or quote it to keep it as text")
        if ":" in body and _SEXAGESIMAL.match(text):
            value = 0
            for part in body.split(":"):
                value = value * 60 + int(part)
            if not node.style:
                raise ScalarFault(f"{describe(node.value)} is read by YAML as the number {sign * value} "
                                  "(base 60): quote it to keep it as text")
            return sign * value
        return sign * int(body, 10)
    except ScalarFault:
        raise
    except ValueError:
        raise ScalarFault(f"{describe(node.value)} is not a whole number (tag !!int)") from None


def _float(node):
    text = node.value.strip().replace("_", "").lower()
    if text in (".inf", "+.inf", "-.inf", ".nan"):
        return {"-.inf": -math.inf, ".nan": math.nan}.get(text, math.inf)
    if len(text) > MAX_DIGITS:
        raise ScalarFault(f"number too long ({len(text):,} characters)")
    try:
        if ":" in text and _SEXAGESIMAL.match(text):
            sign = -1 if text.startswith("-") else 1
            value = 0.0
            for part in text.lstrip("+-").split(":"):
                value = value * 60 + float(part)
            return sign * value
        return float(text)
    except ValueError:
        raise ScalarFault(f"{describe(node.value)} is not a number (tag !!float)") from None


def _timestamp(node):
    try:
        calendar.parse_calendar(node.value.strip())
    except ValueFormatError as exc:
        raise ScalarFault(f"{describe(node.value)} is not a date (tag !!timestamp: {exc})") from None
    return node.value.strip()


def _binary(node):
    raise ScalarFault("binary data (tag !!binary) has no meaning in a kpi file: write the value as text")


READERS = {
    TAG + "str": _str,
    TAG + "null": _null,
    TAG + "bool": _bool,
    TAG + "int": _int,
    TAG + "float": _float,
    TAG + "timestamp": _timestamp,
    TAG + "binary": _binary,
}

# Collections: the tag each node kind may carry, and what to say about the others.
COLLECTION_TAGS = {"sequence": TAG + "seq", "mapping": TAG + "map"}
_COLLECTION_HINTS = {
    TAG + "set": "a set (tag !!set) is not supported: write a list [a, b]",
    TAG + "omap": "an ordered mapping (tag !!omap) is not supported: write a mapping {a: 1}",
    TAG + "pairs": "pairs (tag !!pairs) are not supported: write a mapping {a: 1}",
}


def read_scalar(node):
    """The value of a scalar node, or `ScalarFault`."""
    reader = READERS.get(node.tag)
    if reader is None:
        raise ScalarFault(f"unsupported tag '{_tag(node.tag)}': kpi files use plain YAML values")
    return reader(node)


def collection_fault(node, kind: str) -> str | None:
    """Why a sequence or mapping node's tag does not fit, or None when it does."""
    if node.tag == COLLECTION_TAGS[kind]:
        return None
    if node.tag in _COLLECTION_HINTS:
        return _COLLECTION_HINTS[node.tag]
    shape = "list" if kind == "sequence" else "mapping"
    if node.tag in COLLECTION_TAGS.values():
        return f"tag '{_tag(node.tag)}' does not fit a {shape}"
    return f"unsupported tag '{_tag(node.tag)}' on a {shape}"
