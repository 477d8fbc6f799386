"""Plain-text tables that stay aligned with Thai text (combining marks take no width)."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - display_width(text))
    return space + text if right else text + space


def render(rows: list[list[str]], right: set[int] = frozenset(), indent: str = "") -> list[str]:
    """Rows of cells → aligned lines; columns in `right` are right-aligned."""
    if not rows:
        return []
    columns = max(len(r) for r in rows)
    rows = [r + [""] * (columns - len(r)) for r in rows]
    widths = [max(display_width(r[c]) for r in rows) for c in range(columns)]
    lines = []
    for r in rows:
        cells = [pad(cell, widths[c], c in right) for c, cell in enumerate(r)]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines
