"""Evidence (SPEC §1–§2): what a unit submits, as given — before it is typed.

An evidence file holds one ``kind: evidence`` document: ``plan``, ``unit``,
``as_of`` and ``values`` (indicator id → input name → value). A file that
cannot be read as one such document raises `EvidenceFileError` (exit 2);
faults inside ``values`` are found by `kpiengine.evidence.validate` (exit 1).

Evidence may come from elsewhere than YAML — a row of a table, a column of a
sheet, a web form. Each source gives an `Evidence` whose `locator` turns a
key path (``("values", "satisfaction", "satisfied")``) into a `Location`:
a line and column of the YAML file, or the cell of the sheet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from kpiengine.core import calendar
from kpiengine.core.errors import EvidenceFileError, ValueFormatError
from kpiengine.core.messages import reason, say
from kpiengine.core.numbers import describe, shorten
from kpiengine.core.problems import Location
from kpiengine.core.suggest import did_you_mean
from kpiengine.evidence.codes import EV00
from kpiengine.sources.yaml_reader import Document, load_bytes, load_file

EVIDENCE_KEYS = ("kind", "plan", "unit", "as_of", "assessment", "values", "projects", "notes")


class DocumentLocator:
    """Locations inside a YAML document (key paths → line and column)."""

    __slots__ = ("document",)

    def __init__(self, document: Document):
        self.document = document

    def where(self, path: tuple, key: bool = False) -> Location:
        document = self.document
        mark = document.mark(path)
        if mark is None:
            return Location(document.file, None, None, path)
        if path and not key and path in document.marks:
            return Location(document.file, mark.value_line, mark.value_column, path)
        return Location(document.file, mark.line, mark.column, path)


class CellLocator:
    """Locations in a table: each key path → a cell (``H7``) of a sheet (None for CSV).

    A path without a cell of its own is located at its longest prefix that has one
    (an indicator's inputs at the indicator's first cell, the document at `origin`).
    """

    __slots__ = ("file", "sheet", "cells", "origin")

    def __init__(self, file: str, sheet: str | None, cells: dict, origin: str | None = None):
        self.file, self.sheet, self.cells, self.origin = file, sheet, cells, origin

    def where(self, path: tuple, key: bool = False) -> Location:
        probe = tuple(path)
        while probe:
            cell = self.cells.get(probe)
            if cell is not None:
                return Location(self.file, path=tuple(path), sheet=self.sheet, cell=cell)
            probe = probe[:-1]
        return Location(self.file, path=tuple(path), sheet=self.sheet, cell=self.origin)


class NoLocator:
    """Evidence made in code: locations name the file only."""

    __slots__ = ("file",)

    def __init__(self, file: str = ""):
        self.file = file

    def where(self, path: tuple, key: bool = False) -> Location:
        return Location(self.file, path=tuple(path))


@dataclass
class EvidenceEntry:
    """The evidence given for one indicator (or one project's steps), as given."""

    indicator_id: str
    values: object  # normally a mapping of input name → raw value
    locator: object = None  # DocumentLocator | CellLocator | NoLocator
    path: tuple = ()  # path of this entry inside its evidence

    def where(self, *sub, key: bool = False) -> Location:
        """The location of `sub` below this entry (its value, or with `key` its key), or of the entry's key."""
        locator = self.locator if self.locator is not None else NoLocator()
        return locator.where(self.path + tuple(sub), key or not sub)


@dataclass
class Evidence:
    """One unit's evidence, as given: raw values per indicator, with a locator for messages."""

    file: str
    plan: str | None
    unit: str | None = None
    as_of: date | None = None
    entries: dict = field(default_factory=dict)  # indicator id → EvidenceEntry, in given order
    projects: dict = field(default_factory=dict)  # project id → EvidenceEntry (steps done, for kpi progress)
    locator: object = None
    base: tuple = ()  # path of the evidence mapping inside its document (() or ('evidence',))
    assessment: str | None = None  # e.g. "self" or "committee": several assessments of one unit

    def where(self, *path, key: bool = False) -> Location:
        locator = self.locator if self.locator is not None else NoLocator(self.file)
        return locator.where(self.base + tuple(path), key)

    def line_of(self, *path) -> int | None:
        return self.where(*path, key=True).line


def _refuse(message: str, where: Location):
    raise EvidenceFileError([EV00.problem(message, where)])


def load_evidence(path: str) -> Evidence:
    """Read an evidence file: exactly one ``kind: evidence`` document."""
    path = os.fspath(path)
    if os.path.isdir(path):
        _refuse(say("is a directory, not an evidence file"), Location(path))
    return _one_document(*load_file(path), path)


def read_evidence(raw: bytes | str, name: str) -> Evidence:
    """Evidence from YAML that did not come from a file (an upload, a form, a request body), named `name` in
    every location; read exactly as `load_evidence` reads a file."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    return _one_document(*load_bytes(data, name), name)


def _one_document(documents, problems, path: str) -> Evidence:
    errors = [p for p in problems if p.is_error]
    if errors:
        raise EvidenceFileError(errors)
    documents = [d for d in documents if d.data is not None]
    if not documents:
        _refuse(say("empty file: expected one evidence document (kind: evidence)"), Location(path))
    if len(documents) > 1:
        mark = documents[1].mark(())
        _refuse(say("an evidence file holds one document, found {count}", count=len(documents)),
                Location(path, mark.line if mark else None))
    document = documents[0]
    data = document.data
    if not isinstance(data, dict):
        _refuse(say("expected a mapping with kind: evidence, got {value}", value=describe(data)), Location(path, 1, 1))
    kind = data.get("kind")
    if kind != "evidence":
        mark = document.mark(("kind",))
        where = Location(path, mark.value_line if mark else 1)
        if kind is not None:
            _refuse(say("expected kind: evidence, got kind {value}", value=describe(kind)), where)
        _refuse(say("expected kind: evidence, got no 'kind'"), where)
    return evidence_from_mapping(data, document, (), EVIDENCE_KEYS)


def evidence_from_mapping(data: dict, document: Document | None, base: tuple = (), allowed=EVIDENCE_KEYS,
                          locator=None, file: str | None = None) -> Evidence:
    """Build `Evidence` from a mapping: an evidence document, a case's ``evidence:``, a form or a table row.

    Locations come from `locator` (default: the YAML `document`'s marks).
    """
    if locator is None:
        locator = DocumentLocator(document) if document is not None else NoLocator(file or "")
    file = file if file is not None else (document.file if document is not None else "")

    def at(*path) -> Location:  # header faults name the line (as the first readers of this report expect)
        where = locator.where(base + path, True)
        return Location(where.file, where.line, None, where.path, where.sheet, where.cell)

    for key in data:
        if key not in allowed:
            hint = did_you_mean(str(key), allowed)
            _refuse(say("unknown key '{key}'{hint}", key=shorten(str(key)), hint=hint), at(key))
    plan = data.get("plan")
    if plan is not None and not isinstance(plan, str):
        _refuse(say("'plan' must be the plan id, got {value}", value=describe(plan)), at("plan"))
    unit = data.get("unit")
    if unit is not None and not isinstance(unit, (str, int, float)):
        _refuse(say("'unit' must be text, got {value}", value=describe(unit)), at("unit"))
    assessment = data.get("assessment")
    if assessment is not None and not isinstance(assessment, str):
        _refuse(say("'assessment' must be text such as 'self' or 'committee', got {value}",
                    value=describe(assessment)), at("assessment"))
    as_of = None
    if data.get("as_of") is not None:
        try:
            as_of = calendar.parse_day(data["as_of"], "as_of date")
        except ValueFormatError as exc:
            _refuse(say("invalid 'as_of': {reason}", reason=reason(exc)), at("as_of"))
    values = data.get("values")
    if values is None:
        _refuse(say("missing 'values' (indicator id → inputs)"), at())
    if not isinstance(values, dict):
        _refuse(say("'values' must be a mapping of indicator id → inputs, got {value}", value=describe(values)),
                at("values"))
    evidence = Evidence(file, plan, None if unit is None else str(unit), as_of, locator=locator, base=base,
                        assessment=assessment)
    for key, entry in values.items():
        evidence.entries[str(key)] = EvidenceEntry(str(key), entry, locator, base + ("values", key))
    projects = data.get("projects") or {}
    if not isinstance(projects, dict):
        _refuse(say("'projects' must be a mapping of project id → steps done, got {value}", value=describe(projects)),
                at("projects"))
    for key, entry in projects.items():
        evidence.projects[str(key)] = EvidenceEntry(str(key), entry, locator, base + ("projects", key))
    return evidence
