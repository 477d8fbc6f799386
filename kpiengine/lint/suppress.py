"""Silencing a check in a rule file with a comment.

- ``# kpi: noqa`` at the end of a line silences every problem on that line;
  ``# kpi: noqa SG03, WT02`` only those checks.
- ``# kpi: disable SG03`` on a line of its own silences that check from there
  to the end of the YAML document (the next ``---``).
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"#\s*kpi:\s*(noqa|disable)\b([^#]*)", re.IGNORECASE)


def _codes(text: str) -> set[str] | None:
    """The codes of a directive (None: all)."""
    found = {c.upper() for c in re.findall(r"[A-Za-z]{2}\d{2}", text)}
    return found or None


def _covers(codes, code) -> bool:
    return codes is None or code in codes


class _File:
    def __init__(self, path: str):
        try:
            with open(path, encoding="utf-8-sig") as fh:
                self.lines = fh.read().splitlines()
        except (OSError, UnicodeDecodeError):
            self.lines = []

    def silenced(self, line: int, code: str) -> bool:
        if not 0 < line <= len(self.lines):
            return False
        m = _COMMENT.search(self.lines[line - 1])
        if m and m.group(1).lower() == "noqa" and _covers(_codes(m.group(2)), code):
            return True
        for i in range(line - 1, -1, -1):  # back to the start of this document
            text = self.lines[i]
            if text.startswith("---") and i < line - 1:
                break
            m = _COMMENT.search(text)
            if m and m.group(1).lower() == "disable" and text.lstrip().startswith("#") \
                    and _covers(_codes(m.group(2)), code):
                return True
        return False


def unsilenced(problems) -> tuple[list, int]:
    """The problems no comment silences, and how many were silenced."""
    files: dict[str, _File] = {}
    kept, silenced = [], 0
    for p in problems:
        if p.file and p.line:
            source = files.setdefault(p.file, _File(p.file))
            if source.silenced(p.line, p.code):
                silenced += 1
                continue
        kept.append(p)
    return kept, silenced
