"""What pages and the API share: saving versions, scoring them, the round overview.

Scores are computed from a version's stored text each time it is asked for
(and kept in a small cache keyed by unit and version: versions never change),
with the rule set loaded once at start.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from kpiengine import EvaluationResult, RuleSet
from kpiengine.web import evidence as ev
from kpiengine.web.db import Database, Version


@dataclass
class Scored:
    unit: str
    version: Version | None
    result: EvaluationResult
    evidence: object


@dataclass
class UnitSummary:
    unit: str
    version: int | None
    saved_at: str | None
    as_of: str | None
    overall: float | None
    missing: list[str]
    errors: int

    def to_json(self) -> dict:
        return {"unit": self.unit, "version": self.version, "saved_at": self.saved_at, "as_of": self.as_of,
                "overall": self.overall, "missing": self.missing, "errors": self.errors}


class Service:
    CACHE_SIZE = 512

    def __init__(self, ruleset: RuleSet, db: Database):
        self.ruleset = ruleset
        self.db = db
        self._cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    @property
    def plan_id(self) -> str:
        return self.ruleset.plan.id

    def unit_known(self, unit: str) -> bool:
        return unit in self.db.units()

    def read(self, unit: str, source, name: str):
        """Read and score evidence for `unit`; raises `EvidenceFileError` (not one evidence document, or
        another plan's). The unit is the one asked for, whatever the text names."""
        evidence = ev.read_evidence(source, name)
        evidence.unit = unit
        return evidence, ev.score(self.ruleset, evidence)

    def save_body(self, unit: str, user: str, body: dict, base: int | None):
        text = ev.document_text(self.plan_id, unit, body)
        return self._save(unit, user, text, ev.API_NAME, base)

    def save_upload(self, unit: str, user: str, raw: bytes, filename: str | None, base: int | None):
        return self._save(unit, user, raw, ev.safe_name(filename), base)

    def _save(self, unit, user, source, name, base):
        evidence, result = self.read(unit, source, name)
        text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
        as_of = evidence.as_of.isoformat() if evidence.as_of else None
        number = self.db.save_version(unit, user, base, as_of, name, text, ev.data_of(text))
        return number, result

    def scored(self, unit: str, version: int | None = None) -> Scored | None:
        """The scores of a version (the latest when None); an empty evidence when nothing is saved.
        None when `version` does not exist."""
        stored = self.db.version(unit, version)
        if stored is None:
            if version is not None:
                return None
            evidence = ev.empty_evidence(self.ruleset, unit)
            evidence.unit = unit
            return Scored(unit, None, ev.score(self.ruleset, evidence), evidence)
        key = (unit, stored.version)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        evidence, result = self.read(unit, stored.source_text, stored.source_name)
        scored = Scored(unit, stored, result, evidence)
        with self._lock:
            self._cache[key] = scored
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return scored

    def summary(self, unit: str) -> UnitSummary:
        s = self.scored(unit)
        v = s.version
        missing = [r.id for r in s.result.indicators if r.status in ("missing", "excluded")]
        return UnitSummary(unit, v.version if v else None, v.saved_at if v else None, v.as_of if v else None,
                           s.result.overall, missing, len(s.result.errors))

    def overview(self, units) -> list[UnitSummary]:
        """Units ranked by overall score (best first; units without a score last, by name)."""
        rows = [self.summary(u) for u in units]
        return sorted(rows, key=lambda r: (r.overall is None, -(r.overall or 0), r.unit))
