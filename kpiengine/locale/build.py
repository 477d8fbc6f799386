"""Compile the gettext catalogs: every ``*.po`` below this folder → ``.mo`` beside it.

    python -m kpiengine.locale.build

A small msgfmt (single and continued ``msgid``/``msgstr`` lines, comments,
no plurals or contexts), so building needs nothing outside Python. The
compiled files are committed; a test keeps them equal to their sources.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_po(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file (untranslated entries left out; the header kept)."""
    entries: dict[str, str] = {}
    key = None
    parts: dict[str, list[str]] = {}

    def flush():
        if "msgid" in parts and "msgstr" in parts:
            msgid, msgstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
            if msgstr:
                entries[msgid] = msgstr

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            parts, key = {"msgid": []}, "msgid"
            line = line[len("msgid "):]
        elif line.startswith("msgstr "):
            parts["msgstr"], key = [], "msgstr"
            line = line[len("msgstr "):]
        if not (line.startswith('"') and line.endswith('"')) or key is None:
            raise ValueError(f"line {number}: expected a quoted string, got {raw!r}")
        parts[key].append(ast.literal_eval(line))
    flush()
    return entries


def mo_bytes(entries: dict[str, str]) -> bytes:
    """The GNU .mo format: header, sorted original and translated string tables."""
    keys = sorted(entries)
    ids = b""
    strs = b""
    offsets = []
    for k in keys:
        i, s = k.encode("utf-8"), entries[k].encode("utf-8")
        offsets.append((len(ids), len(i), len(strs), len(s)))
        ids += i + b"\0"
        strs += s + b"\0"
    n = len(keys)
    key_start = 7 * 4 + 16 * n
    value_start = key_start + len(ids)
    table = []
    for o1, l1, _, _ in offsets:
        table += [l1, o1 + key_start]
    for _, _, o2, l2 in offsets:
        table += [l2, o2 + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + n * 8, 0, 0)
    return header + struct.pack(f"{len(table)}i", *table) + ids + strs


def build(root: Path = HERE) -> list[Path]:
    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(mo_bytes(parse_po(po.read_text(encoding="utf-8"))))
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(HERE.parent.parent))
    sys.exit(0)
