"""Reports of `kpi check` problems: one small function per format.

text (``file:line:col: [severity] message (CODE)``, coloured on a terminal),
json (SPEC §7), github (workflow-command annotations), sarif (SARIF 2.1.0),
junit (one test case per file), and auto (github under GitHub Actions).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from urllib.parse import quote

from kpiengine import __version__
from kpiengine.lint.registry import CODES
from kpiengine.reports import junit


def printable(text: str) -> str:
    """`text` as valid UTF-8: bytes of a file name that are not UTF-8 (kept by Python as lone
    surrogates) become ``\\xNN`` escapes instead of raw bytes in a report."""
    return str(text).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _printable_all(problems) -> list:
    out = []
    for p in problems:
        file, message = printable(p.file), printable(p.message)
        if file != p.file or message != p.message:
            p = replace(p, message=message, location=replace(p.location, file=file))
        out.append(p)
    return out


def location(problem) -> str:
    """``file:line:col``, or ``file:sheet!cell`` for a cell of a table (the one formatter of locations)."""
    return problem.location.format()


def parsable(problem) -> str:
    """``file:line:col: [severity] message (CODE)``."""
    return f"{location(problem)}: [{problem.severity.value}] {problem.message} ({problem.code})"


def to_text(problems, color: bool = False) -> str:
    problems = _printable_all(problems)
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
    problems = _printable_all(problems)
    rows = [{"file": p.file, "line": p.line, "column": p.column, "code": p.code, "severity": p.severity.value,
             "message": p.message, **({"sheet": p.location.sheet, "cell": p.location.cell} if p.location.cell
                                      else {})} for p in problems]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def to_github(problems) -> str:
    """``::error file=…,line=…,col=…,title=CODE::message`` — annotations on a pull request."""
    lines = []
    for p in _printable_all(problems):
        props = [f"file={_escape_property(p.file)}"]
        if p.line:
            props.append(f"line={p.line}")
            if p.column:
                props.append(f"col={p.column}")
        name = CODES[p.code].name if p.code in CODES else p.code
        props.append(f"title={_escape_property(f'{p.code} {name}')}")
        lines.append(f"::{_GITHUB_LEVEL[p.severity.value]} {','.join(props)}::{_escape_data(p.message)}")
    return "".join(line + "\n" for line in lines)


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    relative = os.path.relpath(path) if os.path.isabs(path) else path
    return quote(relative.replace(os.sep, "/").encode("utf-8", "surrogateescape"))  # raw bytes → %XX


def _rule(code: str) -> dict:
    entry = CODES[code]
    doc = entry.doc.strip()
    first = doc.split("\n\n")[0].replace("\n", " ")
    return {
        "id": code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": first},
        "help": {"text": doc, "markdown": doc.replace("::\n", ":\n")},
        "defaultConfiguration": {"level": _SARIF_LEVEL[entry.severity.value]},
    }


def to_sarif(problems) -> str:
    """SARIF 2.1.0: the tool with every rule of the catalog, results with physical locations."""
    codes = list(CODES)
    results = []
    for p in problems:
        location = {"physicalLocation": {"artifactLocation": {"uri": _uri(p.file), "uriBaseId": "%SRCROOT%"}}}
        if p.line:
            region = {"startLine": p.line}
            if p.column:
                region["startColumn"] = p.column
            location["physicalLocation"]["region"] = region
        result = {"ruleId": p.code, "level": _SARIF_LEVEL[p.severity.value], "message": {"text": printable(p.message)},
                  "locations": [location]}
        if p.code in CODES:
            result["ruleIndex"] = codes.index(p.code)
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "kpiengine", "version": __version__,
                                "informationUri": "https://github.com/kpiengine/kpiengine",
                                "rules": [_rule(code) for code in codes]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def to_junit(problems, files) -> str:
    """One test case per file checked; a failure listing every problem of that file."""
    by_file: dict[str, list] = {printable(f): [] for f in files}
    for p in _printable_all(problems):
        by_file.setdefault(p.file, []).append(p)
    suite = junit.TestSuite(name="kpi check", package="kpiengine")
    for file, found in by_file.items():
        failure = None
        if found:
            worst = "error" if any(p.severity.value == "error" for p in found) else found[0].severity.value
            failure = (f"{len(found)} problem(s)", worst, "\n".join(parsable(p) for p in found))
        suite.cases.append(junit.TestCase(name=file, classname="kpi check", failure=failure))
    return junit.to_xml([suite])


FORMATS = ("text", "json", "github", "sarif", "junit", "auto")


def resolve_format(fmt: str) -> str:
    """``auto``: github under GitHub Actions, text otherwise."""
    if fmt == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return fmt
