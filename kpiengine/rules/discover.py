"""Which rule sets a path holds: one, or a folder of rule sets (one per subfolder).

A rule set is a YAML file or a directory (SPEC §1). A directory that holds
no YAML file of its own, and whose every subfolder with YAML files holds a
``kind: plan`` document, is a *folder of rule sets* — each such subfolder is
one rule set, checked, tested and fuzzed on its own (``rules/`` holding
``rules/plan-2563/`` and ``rules/plan-2564/``). Any other directory is one
rule set. The rule applies again inside each subfolder (``rules/2563/office-a/``).
Hidden entries and special files (FIFOs, devices) are not read.
"""

from __future__ import annotations

import os
import re

from kpiengine.rules.loader import RULE_SUFFIXES, rule_files
from kpiengine.sources.yaml_reader import load_file

# A plan document at the top level of a YAML document: 'kind: plan', quoted or not, maybe with a comment.
_SCAN_LIMIT = 1 << 20  # characters of each file searched for the plan line before parsing it
_PLAN_LINE = re.compile(r"""^kind:[ \t]*(["']?)plan\1[ \t]*(#.*)?$""", re.MULTILINE)


def _yaml_files_here(directory: str) -> list[str]:
    return [name for name in os.listdir(directory)
            if name.endswith(RULE_SUFFIXES) and not name.startswith(".")
            and os.path.isfile(os.path.join(directory, name))]


def _holds_plan(directory: str) -> bool:
    """Whether a file below `directory` holds a plan: a top-level ``kind: plan`` line, else a parsed
    document whose kind is plan (flow style, quoted keys), or a file that cannot be read at all."""
    files = [file for file in rule_files(directory) if os.path.isfile(file)]  # a FIFO or device is never opened
    for file in files:
        try:
            with open(file, encoding="utf-8", errors="replace") as handle:
                if _PLAN_LINE.search(handle.read(_SCAN_LIMIT)):
                    return True
        except OSError:
            continue  # unreadable: the rule set's own load reports it
    for file in files:
        documents, problems = load_file(file)
        if any(isinstance(d.data, dict) and d.data.get("kind") == "plan" for d in documents):
            return True
        if any(p.severity.value == "error" and p.code[:2] in ("IO", "SC") for p in problems):
            return True  # cannot be read: it may be the plan, and its own rule set reports why
    return False


def rule_set_paths(path: str) -> list[str]:
    """The rule sets at `path`: ``[path]``, or each subfolder of a folder of rule sets, sorted."""
    path = os.fspath(path)
    if not os.path.isdir(path):
        return [path]
    try:
        if _yaml_files_here(path):
            return [path]
        subfolders = sorted(os.path.join(path, name) for name in os.listdir(path)
                            if not name.startswith(".") and os.path.isdir(os.path.join(path, name)))
    except OSError:
        return [path]
    with_files = [folder for folder in subfolders if any(os.path.isfile(f) for f in rule_files(folder))]
    if with_files and all(_holds_plan(folder) for folder in with_files):
        return [one for folder in with_files for one in rule_set_paths(folder)]  # rules/2563/office-a too
    return [path]


def expand(paths) -> list[str]:
    """Every rule set named by `paths` (files, rule-set directories or folders of rule sets), in order."""
    found: list[str] = []
    for path in paths:
        for one in rule_set_paths(path):
            if one not in found:
                found.append(one)
    return found
