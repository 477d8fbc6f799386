"""Reports of `kpi check` problems: one small function per format."""

from __future__ import annotations

import json


def location(problem) -> str:
    where = problem.file
    if problem.line:
        where += f":{problem.line}"
        if problem.column:
            where += f":{problem.column}"
    return where


def parsable(problem) -> str:
    """``file:line:col: [severity] message (CODE)``."""
    return f"{location(problem)}: [{problem.severity.value}] {problem.message} ({problem.code})"


def to_text(problems, color: bool = False) -> str:
    lines = []
    for p in problems:
        line = parsable(p)
        if color:
            tint = {"error": "31", "warning": "33", "info": "36"}[p.severity.value]
            line = (f"\033[1m{location(p)}\033[0m: \033[{tint}m[{p.severity.value}]\033[0m "
                    f"{p.message} \033[2m({p.code})\033[0m")
        lines.append(line)
    return "".join(line + "\n" for line in lines)


def to_json(problems) -> str:
    rows = [{"file": p.file, "line": p.line, "column": p.column, "code": p.code, "severity": p.severity.value,
             "message": p.message} for p in problems]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
