"""Configuration of ``kpi check``: which checks run, how severe they are, whether warnings fail.

Read from ``kpi.toml`` (top-level keys) or ``pyproject.toml`` (``[tool.kpiengine]``),
whichever is found first from the current directory upwards; command-line
options add to it::

    select = ["SC", "RF", "FM"]     # codes, code prefixes, dotted names or categories; default: all
    ignore = ["WT02", "plan.fiscal-year"]
    strict = true                   # warnings fail (exit 1)
    [severity]                      # in pyproject: [tool.kpiengine.severity]
    WT02 = "error"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field

from kpiengine.core.errors import KpiError
from kpiengine.core.problems import Severity
from kpiengine.core.suggest import did_you_mean
from kpiengine.lint.registry import CODES

CONFIG_KEYS = ("select", "ignore", "strict", "severity")


@dataclass
class CheckConfig:
    select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    strict: bool = False
    severity: dict = field(default_factory=dict)  # code → Severity
    source: str = ""  # the file it came from, if any

    def enabled(self, code: str) -> bool:
        if self.select and not any(matches(item, code) for item in self.select):
            return False
        return not any(matches(item, code) for item in self.ignore)

    def apply(self, problems) -> list:
        """Drop problems of checks not enabled; apply severity overrides."""
        out = []
        for p in problems:
            if not self.enabled(p.code):
                continue
            override = self.severity.get(p.code)
            out.append(p.with_severity(override) if override else p)
        return out

    def fails(self, problems) -> bool:
        failing = {Severity.ERROR, Severity.WARNING} if self.strict else {Severity.ERROR}
        return any(p.severity in failing for p in problems)


def matches(item: str, code: str) -> bool:
    """Does a select/ignore item name this check? ALL, the code, a code prefix, the dotted name or its category."""
    if item.upper() == "ALL":
        return True
    entry = CODES.get(code)
    name = entry.name if entry else ""
    return code == item.upper() or code.startswith(item.upper()) and item.isalnum() \
        or name == item or name.startswith(item + ".")


def validate_items(items, where: str) -> list[str]:
    """The items, or a KpiError naming the first that matches no check."""
    known = list(CODES) + [c.name for c in CODES.values()]
    for item in items:
        if not isinstance(item, str) or not any(matches(item, code) for code in CODES):
            raise KpiError(f"{where}: {item!r} names no check{did_you_mean(str(item), known)} "
                           "(see 'kpi checks')")
    return list(items)


def _severity(value, where: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise KpiError(f"{where}: severity must be error, warning or info, got {value!r}") from None


def from_mapping(data: dict, where: str) -> CheckConfig:
    for key in data:
        if key not in CONFIG_KEYS:
            raise KpiError(f"{where}: unknown key '{key}'{did_you_mean(key, CONFIG_KEYS)}")
    config = CheckConfig(source=where)
    for key in ("select", "ignore"):
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise KpiError(f"{where}: '{key}' must be a list of codes")
        setattr(config, key, validate_items(value, f"{where}: {key}"))
    strict = data.get("strict", False)
    if not isinstance(strict, bool):
        raise KpiError(f"{where}: 'strict' must be true or false")
    config.strict = strict
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise KpiError(f"{where}: 'severity' must be a table of code = \"error\" | \"warning\" | \"info\"")
    for code, value in severity.items():
        if code.upper() not in CODES:
            raise KpiError(f"{where}: severity of unknown check '{code}'{did_you_mean(code.upper(), CODES)}")
        config.severity[code.upper()] = _severity(value, f"{where}: severity of {code}")
    return config


def find_config(start: str = ".") -> str | None:
    """kpi.toml, or a pyproject.toml with [tool.kpiengine], from `start` upwards."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, "kpi.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and "kpiengine" in _read_toml(candidate).get("tool", {}):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _read_toml(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise KpiError(f"{path}: invalid TOML ({exc})") from None
    except OSError as exc:
        raise KpiError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_config(path: str | None = None, start: str = ".") -> CheckConfig:
    """The configuration in `path`, or the one found from `start` upwards (or the defaults)."""
    path = path or find_config(start)
    if path is None:
        return CheckConfig()
    data = _read_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        data = data.get("tool", {}).get("kpiengine", {})
    return from_mapping(data, path)
