"""Reports of `kpi check` problems: one small function per format.

text (``file:line:col: [severity] message (CODE)``, coloured on a terminal),
json (SPEC §7), github (workflow-command annotations), sarif (SARIF 2.1.0),
junit (one test case per file), and auto (github under GitHub Actions).
"""

from __future__ import annotations

import inspect
import json
import os
from dataclasses import replace
from urllib.parse import quote

from kpiengine import __version__
from kpiengine.lint.registry import CODES
from kpiengine.reports import junit
from kpiengine.reports.words import problem_message


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
    """Evidence problems are said in the language of `kpiengine.reports.i18n.use` (``kpi check --lang``); the
    rest, and every other format, as the library wrote them."""
    problems = _printable_all(problems)
    lines = []
    for p in problems:
        message = printable(problem_message(p))
        line = f"{location(p)}: [{p.severity.value}] {message} ({p.code})"
        if color:
            tint = {"error": "31", "warning": "33", "info": "36"}[p.severity.value]
            line = (f"\033[1m{location(p)}\033[0m: \033[{tint}m[{p.severity.value}]\033[0m "
                    f"{message} \033[2m({p.code})\033[0m")
        lines.append(line)
    return "".join(line + "\n" for line in lines)


def to_json(problems) -> str:
    problems = _printable_all(problems)
    rows = [{"file": p.file, "line": p.line, "column": p.column, "code": p.code, "severity": p.severity.value,
             "message": p.message, **({"sheet": p.location.sheet, "cell": p.location.cell} if p.location.cell
                                      else {}), **({"path": _key_path(p)} if p.path else {})} for p in problems]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _key_path(problem) -> list:
    return [part if isinstance(part, (int, str)) else str(part) for part in problem.path]


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


# Where each check's entry of docs/checks.md is published: an absolute URI, as SARIF's helpUri must be.
CHECKS_DOC_URL = "https://github.com/kpiengine/kpiengine/blob/main/docs/checks.md"


def help_uri(code: str) -> str:
    """The link to a check's entry in docs/checks.md (its heading's anchor is the code in lower case)."""
    return f"{CHECKS_DOC_URL}#{code.lower()}"


def _rule(code: str) -> dict:
    entry = CODES[code]
    doc = inspect.cleandoc(entry.doc or "")
    first = " ".join(doc.split("\n\n")[0].split()) or entry.summary
    return {
        "id": code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": first},
        "helpUri": help_uri(code),
        "help": {"text": doc, "markdown": doc.replace("::\n", ":\n")},
        "defaultConfiguration": {"level": _SARIF_LEVEL[entry.severity.value]},
    }


def to_sarif(problems, rule_sets=()) -> str:
    """SARIF 2.1.0: one run, the tool with every rule of the catalog, results with physical locations; the
    run's ``properties.ruleSets`` lists the rule sets checked (several for a folder of rule sets)."""
    codes = list(CODES)
    results = []
    for p in problems:
        location = {"physicalLocation": {"artifactLocation": {"uri": _uri(p.file), "uriBaseId": "%SRCROOT%"}}}
        if p.line:
            region = {"startLine": p.line}
            if p.column:
                region["startColumn"] = p.column
            location["physicalLocation"]["region"] = region
        if p.path:  # the key path inside the document, as pydantic's loc: plan.dimensions.0.weight
            location["logicalLocations"] = [{"fullyQualifiedName": p.location.key_path, "kind": "object"}]
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
            **({"properties": {"ruleSets": [_uri(path) for path in rule_sets]}} if rule_sets else {}),
            "results": results,
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def to_junit(problems, files) -> str:
    """One test suite per rule set, one test case per file checked; a failure lists every problem of that file.

    `files` maps each rule set's path to its files (a plain list: one rule set). File names that are not
    UTF-8 are written escaped (`printable`).
    """
    if not isinstance(files, dict):
        files = {"": list(files)}
    files = {printable(rule_set): [printable(f) for f in names] for rule_set, names in files.items()}
    by_file: dict[str, list] = {}
    for p in _printable_all(problems):
        by_file.setdefault(p.file, []).append(p)
    suites, placed = [], set()
    for rule_set, names in files.items():
        suite = junit.TestSuite(name=f"kpi check {rule_set}" if rule_set else "kpi check", package="kpiengine")
        for file in names:
            placed.add(file)
            suite.cases.append(_junit_case(file, by_file.get(file, []), suite.name))
        suites.append(suite)
    stray = [file for file in by_file if file not in placed]  # e.g. a path that does not exist
    for file in stray:
        suites[-1].cases.append(_junit_case(file, by_file[file], suites[-1].name))
    return junit.to_xml(suites)


def _junit_case(file: str, found: list, classname: str):
    failure = None
    if found:
        worst = "error" if any(p.severity.value == "error" for p in found) else found[0].severity.value
        failure = (f"{len(found)} problem(s)", worst, "\n".join(parsable(p) for p in found))
    return junit.TestCase(name=file, classname=classname, failure=failure)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def summary(rule_sets, files: int) -> str:
    """The one line of a clean run: what was checked."""
    names = ", ".join(r.plan.id if r.plan else printable(r.path) for r in rule_sets)
    indicators = sum(len(r.indicators) for r in rule_sets)
    projects = sum(len(r.projects) for r in rule_sets)
    return (f"no problems: {_plural(len(rule_sets), 'rule set')} ({names}), {_plural(files, 'file')}, "
            f"{_plural(indicators, 'indicator')}, {_plural(projects, 'project')}")


FORMATS = ("text", "json", "github", "sarif", "junit", "auto")


def resolve_format(fmt: str) -> str:
    """``auto``: github under GitHub Actions, text otherwise."""
    if fmt == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return fmt
