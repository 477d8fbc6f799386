"""Rule files → validated specs, with every fault as a located `Problem`.

A rule set is one YAML file or a directory (every ``*.yaml`` / ``*.yml``
below it, read in sorted path order). Each document is validated on its own;
each item of a ``kind: indicators`` / ``kind: projects`` list, or of a plan's
``indicators:`` / ``projects:``, too — so one bad indicator never hides the
problems of the others.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from pydantic import ValidationError

from kpiengine.core.numbers import describe
from kpiengine.core.problems import Location, Problem, Severity
from kpiengine.core.suggest import did_you_mean
from kpiengine.rules import models
from kpiengine.rules.codes import SC03, SC05, SC06, SC07, SC08, SC10
from kpiengine.sources.codes import IO01, SC04, SC09
from kpiengine.sources.yaml_reader import Document, load_file

RULE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceRef:
    """Where a spec came from: its document and its path inside it."""

    document: Document
    base: tuple = ()

    @property
    def file(self) -> str:
        return self.document.file

    def where(self, *path, value: bool = False) -> Location:
        """The location of `path` below this spec (its key, or with `value` its value)."""
        full = self.base + tuple(path)
        mark = self.document.mark(full)
        if mark is None:
            return Location(self.document.file, None, None, full)
        if value:
            return Location(self.document.file, mark.value_line, mark.value_column, full)
        return Location(self.document.file, mark.line, mark.column, full)


@dataclass
class Specs:
    """What the files hold, validated: the raw material of a `RuleSet`."""

    path: str
    plans: list = field(default_factory=list)  # (PlanSpec, SourceRef)
    indicators: list = field(default_factory=list)  # (IndicatorSpec, SourceRef)
    projects: list = field(default_factory=list)  # (ProjectSpec, SourceRef)
    weights: list = field(default_factory=list)  # (WeightsSpec, SourceRef)
    problems: list = field(default_factory=list)
    documents: list = field(default_factory=list)


def rule_files(path: str, skipped: list | None = None) -> list[str]:
    """The YAML files of a rule set, in a stable order.

    In a directory, only regular files are read: a FIFO, socket or device
    named ``*.yaml`` would block the run or never end; such entries are left
    out and, when `skipped` is given, listed there as ``(file, why)``.
    """
    if os.path.isdir(path):
        found = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                if name.endswith(RULE_SUFFIXES) and not name.startswith("."):
                    file = os.path.join(root, name)
                    why = _not_regular(file)
                    if why is None:
                        found.append(file)
                    elif skipped is not None:
                        skipped.append((file, why))
        return sorted(found)
    return [path]


def _not_regular(file: str) -> str | None:
    """Why `file` is no regular file we can read (never opening it), or None."""
    try:
        mode = os.stat(file).st_mode
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return f"skipped: {kind}, not a rule file"


def read_specs(path: str) -> Specs:
    """Read and validate every document of the rule set at `path`."""
    specs = Specs(path)
    if not os.path.exists(path):
        specs.problems.append(IO01.problem("no such file or directory", Location(path)))
        return specs
    skipped: list = []
    files = rule_files(path, skipped)
    if not os.path.isdir(path) and _not_regular(path) is not None:
        why = _not_regular(path).removeprefix("skipped: ")
        specs.problems.append(IO01.problem(f"cannot read the rule set: {why}", Location(path)))
        return specs
    for file, why in skipped:
        specs.problems.append(IO01.problem(why, Location(file), severity=Severity.WARNING))
    if not files:
        specs.problems.append(SC07.problem("no YAML files (*.yaml, *.yml) in the rule set", Location(path)))
    for file in files:
        documents, problems = load_file(file)
        specs.problems.extend(problems)
        if not documents and not problems:
            specs.problems.append(SC10.problem("empty file: no YAML documents", Location(file, 1, 1)))
        for document in documents:
            specs.documents.append(document)
            _read_document(document, specs)
    _shared_ids(specs)
    return specs


def _shared_ids(specs: Specs) -> None:
    """Ids are unique within the rule set (SPEC §1): a project may not take an indicator's id."""
    indicators = {spec.id: ref for spec, ref in specs.indicators}
    for spec, ref in specs.projects:
        if spec.id in indicators:
            first = indicators[spec.id].where("id", value=True)
            specs.problems.append(SC06.problem(f"project id '{spec.id}' is already an indicator's id (at {os.path.basename(first.file)}:"
                        f"{first.line}): ids are unique within the rule set", ref.where("id", value=True)))


def _read_document(document: Document, specs: Specs) -> None:
    data = document.data
    if data is None:
        return  # an empty document (e.g. a trailing '---')
    top = SourceRef(document)
    if not isinstance(data, dict):
        specs.problems.append(SC08.problem(f"a document must be a mapping with a 'kind', got {describe(data)}",
                                         top.where(value=True)))
        return
    kind = data.get("kind")
    if kind is None:
        specs.problems.append(SC08.problem("document has no 'kind' (one of: "
                                                 + ", ".join(models.DOCUMENT_KINDS) + ")", top.where()))
        return
    if not isinstance(kind, str) or kind not in models.DOCUMENT_KINDS:
        hint = did_you_mean(str(kind), models.DOCUMENT_KINDS)
        extra = " (evidence and cases are given to 'kpi score' and 'kpi test', not kept in the rule set)" \
            if kind in ("evidence", "case") else ""
        specs.problems.append(SC08.problem(f"unknown kind {describe(kind)}{hint}{extra}",
                                         top.where("kind", value=True)))
        return
    if kind == "plan":
        plan = validate(models.PlanSpec, data, top, specs.problems)
        if plan is not None:
            specs.plans.append((plan, top))
        _read_items(data, "indicators", models.IndicatorSpec, "indicator", document, specs.indicators, specs.problems)
        _read_items(data, "projects", models.ProjectSpec, "project", document, specs.projects, specs.problems)
    elif kind == "indicator":
        item = validate(models.IndicatorSpec, data, top, specs.problems)
        if item is not None:
            specs.indicators.append((item, top))
    elif kind == "project":
        item = validate(models.ProjectSpec, data, top, specs.problems)
        if item is not None:
            specs.projects.append((item, top))
    elif kind == "weights":
        item = validate(models.WeightsSpec, data, top, specs.problems)
        if item is not None:
            specs.weights.append((item, top))
    elif kind == "indicators":
        if validate(models.IndicatorListSpec, data, top, specs.problems) is not None:
            _read_items(data, "indicators", models.IndicatorSpec, "indicator", document, specs.indicators,
                        specs.problems)
    elif kind == "projects":
        if validate(models.ProjectListSpec, data, top, specs.problems) is not None:
            _read_items(data, "projects", models.ProjectSpec, "project", document, specs.projects, specs.problems)


def _read_items(data: dict, key: str, model, kind: str, document: Document, out: list, problems: list) -> None:
    items = data.get(key)
    if not isinstance(items, list):
        return  # reported by the document's own validation
    for i, item in enumerate(items):
        ref = SourceRef(document, (key, i))
        if not isinstance(item, dict):
            continue  # reported by the document's own validation (list of mappings)
        if item.get("kind", kind) != kind:
            problems.append(SC08.problem(f"an item of '{key}' must be of kind '{kind}', got "
                                               f"{describe(item.get('kind'))}", ref.where("kind", value=True)))
            continue
        spec = validate(model, item, ref, problems)
        if spec is not None:
            out.append((spec, ref))


def validate(model, data, ref: SourceRef, problems: list):
    """`model(**data)`, or None with its errors appended as problems."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_problem_from_error(error, data, ref, model))
        return None
    except RecursionError:
        problems.append(SC09.problem("document nests too deeply to validate", ref.where()))
        return None


def _data_path(loc: tuple, data) -> tuple[tuple, bool]:
    """The part of pydantic's `loc` that indexes into `data` (union tags and
    validator names dropped), and whether the last element is a dict key
    that was itself invalid."""
    path = []
    node = data
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and _int_key(part, node) is not None:
            key = _int_key(part, node)
            path.append(key)
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        else:
            continue
    return tuple(path), is_key


def _int_key(part: str, node: dict):
    for key in node:
        if str(key) == part:
            return key
    return None


def _problem_from_error(error: dict, data, ref: SourceRef, model) -> Problem:
    kind = error["type"]
    loc = tuple(error.get("loc", ()))
    path, is_key = _data_path(loc, data)
    label = _label(path)
    given = error.get("input")
    if kind == "missing":
        missing = loc[-1] if loc else "?"
        where = ref.where(*path)
        owner = f" in '{label}'" if path else ""
        return SC05.problem(f"missing required key '{missing}'{owner}", where)
    if kind == "extra_forbidden":
        key = loc[-1] if loc else "?"
        fields = _fields_at(model, loc[:-1])
        hint = did_you_mean(str(key), fields)
        if not hint and " " in str(key).strip():
            hint = " (a comma inside a flow mapping {…} starts a new key: quote a value that holds a comma)"
        return SC03.problem(f"unknown key {describe(str(key))}{hint}", ref.where(*path))
    where = ref.where(*path, value=not is_key)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
        hint = did_you_mean(str(given), options)
        return SC04.problem(f"invalid '{label}': {describe(given)} is not one of "
                                  f"{', '.join(options)}{hint}", where)
    if kind == "id_type":
        mark = ref.document.mark(ref.base + path)
        written = f"'{mark.text}'" if mark is not None and mark.text and ref.base + path in ref.document.marks \
            else "it"
        what = describe(given) if isinstance(given, bool) else f"the number {describe(given)}"
        return SC04.problem(f"invalid '{label}': an id is text, but YAML reads {written} as {what}: "
                                  f"quote it (\"{mark.text if written != 'it' else given}\")", where)
    reason = _reason(kind, error, given)
    subject = f"invalid key {describe(path[-1])} in '{_label(path[:-1])}'" if is_key and path else f"invalid '{label}'"
    return SC04.problem(f"{subject}: {reason}", where)


_REASONS = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "model_attributes_type": "expected a mapping",
    "tuple_type": "expected a list",
    "none_required": "expected nothing (null)",
    "date_type": "expected a date",
}


def _reason(kind: str, error: dict, given) -> str:
    if kind in _REASONS:
        return f"{_REASONS[kind]}, got {describe(given)}"
    message = error.get("msg", kind)
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    return message[:1].lower() + message[1:]


def _label(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool) and out and not out.endswith("."):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "document"


def _fields_at(model, loc: tuple) -> list[str]:
    """Field names of the model reached by `loc`, for did-you-mean."""
    current = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", {})
        if part in fields:
            current = _inner_model(fields[part].annotation)
    return list(getattr(current, "model_fields", {}) or [])


def _inner_model(annotation):
    from typing import get_args

    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and hasattr(item, "model_fields"):
            return item
        stack.extend(get_args(item))
    return None
