"""`kpi diff`: the same evidence scored under two versions of a rule set, and why the scores moved.

`rule_changes(old, new)` compares the two rule sets' canonical content (the
data `rules_hash` is taken over) kind by kind and id by id: what was added,
removed, and every changed key as a dotted path with its old and new value.
`score_changes` pairs the two evaluations of one evidence file: the overall,
each dimension and each indicator, old and new, and for an indicator the
rule changes that explain it (its own, its dimension's weight in the plan,
or the plan's scale and policies). Pure data; words are in `reports.diff`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpiengine.rules.hash import canonical_content, rules_hash

EPSILON = 1e-9  # scores closer than this are the same (floating-point noise of a reordered sum)


@dataclass(frozen=True)
class KeyChange:
    key: str  # dotted path inside the spec, e.g. "scoring.levels"
    old: object
    new: object


@dataclass
class RuleChange:
    kind: str  # plan | indicator | project | weights
    id: str
    change: str  # added | removed | changed
    keys: list = field(default_factory=list)  # KeyChange, for "changed"


@dataclass
class Row:
    """One score, before and after; `why` says which rule changes touch it."""

    id: str
    old: float | None
    new: float | None
    old_status: str | None = None
    new_status: str | None = None
    old_weighted: float | None = None
    new_weighted: float | None = None
    why: list = field(default_factory=list)
    dimension: str | None = None  # for an indicator

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def changed(self) -> bool:
        return _differs(self.old, self.new) or _differs(self.old_weighted, self.new_weighted) \
            or self.old_status != self.new_status


@dataclass
class UnitDiff:
    evidence: str
    unit: str | None
    overall: Row
    dimensions: list = field(default_factory=list)
    indicators: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.overall.changed or any(r.changed for r in self.dimensions + self.indicators)


@dataclass
class RulesDiff:
    old_label: str
    new_label: str
    old_hash: str
    new_hash: str
    rules: list = field(default_factory=list)  # RuleChange
    units: list = field(default_factory=list)  # UnitDiff

    @property
    def changed(self) -> bool:
        return any(unit.changed for unit in self.units)


def _differs(a, b) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(float(a) - float(b)) > EPSILON


def _key_changes(old, new, prefix: str = "") -> list[KeyChange]:
    """Every changed key of two JSON-like mappings, as dotted paths (lists are compared whole)."""
    found = []
    for key in list(old) + [k for k in new if k not in old]:
        path = f"{prefix}{key}"
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            found += _key_changes(a, b, path + ".")
        elif a != b:
            found.append(KeyChange(path, a, b))
    return found


def rule_changes(old_ruleset, new_ruleset) -> list[RuleChange]:
    """What differs between the two rule sets, kind by kind and id by id (sorted)."""
    old = {(kind, ident): spec for kind, ident, spec in canonical_content(old_ruleset)}
    new = {(kind, ident): spec for kind, ident, spec in canonical_content(new_ruleset)}
    changes = []
    for key in sorted(set(old) | set(new)):
        kind, ident = key
        if key not in new:
            changes.append(RuleChange(kind, ident, "removed"))
        elif key not in old:
            changes.append(RuleChange(kind, ident, "added"))
        else:
            keys = _key_changes(old[key], new[key])
            if keys:
                changes.append(RuleChange(kind, ident, "changed", keys))
    return changes  # a renamed plan is a removed and an added one


_PLAN_WIDE = ("scale", "below_first_level", "on_missing", "fiscal_year")


def _reasons(indicator_id: str, dimension: str | None, changes: list[RuleChange]) -> list[str]:
    """The rule changes that bear on one indicator's score or weighted score."""
    why = []
    for change in changes:
        if change.kind == "indicator" and change.id == indicator_id:
            why += [change.change] if change.change != "changed" else [k.key for k in change.keys]
        elif change.kind == "project" and change.change == "changed":
            why += [f"project {change.id}: {k.key}" for k in change.keys if k.key == "milestones"]
        elif change.kind == "plan" and change.change == "changed":
            for k in change.keys:
                if k.key.split(".")[0] in _PLAN_WIDE:
                    why.append(f"plan {k.key}")
    return why


def _dimension_reasons(dimension_id: str, changes: list[RuleChange]) -> list[str]:
    """A dimension's own entry in the plan (its weight), and plan-wide settings."""
    why = []
    for change in changes:
        if change.kind != "plan" or change.change != "changed":
            continue
        for k in change.keys:
            if k.key == "dimensions":
                old = next((d for d in k.old or [] if d.get("id") == dimension_id), None)
                new = next((d for d in k.new or [] if d.get("id") == dimension_id), None)
                if old != new:
                    why.append(f"plan dimensions.{dimension_id}" + ("" if old and new else
                                                                      " added" if new else " removed"))
            elif k.key.split(".")[0] in _PLAN_WIDE:
                why.append(f"plan {k.key}")
    return why


def score_changes(evidence: str, old_result, new_result, changes: list[RuleChange]) -> UnitDiff:
    """Pair the two evaluations of one evidence file."""
    overall = Row("overall", old_result.overall, new_result.overall)
    unit = UnitDiff(evidence, new_result.unit or old_result.unit, overall)
    old_dims = {d.id: d for d in old_result.dimensions}
    new_dims = {d.id: d for d in new_result.dimensions}
    for ident in list(old_dims) + [d for d in new_dims if d not in old_dims]:
        a, b = old_dims.get(ident), new_dims.get(ident)
        unit.dimensions.append(Row(ident, a.score if a else None, b.score if b else None,
                                   why=_dimension_reasons(ident, changes)))
    old_inds = {r.id: r for r in old_result.indicators}
    new_inds = {r.id: r for r in new_result.indicators}
    for ident in list(old_inds) + [i for i in new_inds if i not in old_inds]:
        a, b = old_inds.get(ident), new_inds.get(ident)
        dimension = (b or a).dimension
        unit.indicators.append(Row(ident, a.score if a else None, b.score if b else None,
                                   a.status if a else None, b.status if b else None,
                                   a.weighted_score if a else None, b.weighted_score if b else None,
                                   _reasons(ident, dimension, changes)))
        unit.indicators[-1].dimension = dimension
    for row in unit.dimensions:  # a dimension moves with its indicators
        row.why += [r.id for r in unit.indicators if r.dimension == row.id and r.changed]
    overall.why = [r.id for r in unit.dimensions if r.changed]  # the dimensions that moved, and plan changes
    overall.why += [reason for r in unit.dimensions for reason in r.why if reason.startswith("plan ")]
    return unit


def diff(old_label: str, old_ruleset, new_label: str, new_ruleset, evaluations) -> RulesDiff:
    """`evaluations`: [(evidence path, old result, new result)]."""
    changes = rule_changes(old_ruleset, new_ruleset)
    report = RulesDiff(old_label, new_label, rules_hash(old_ruleset), rules_hash(new_ruleset), changes)
    report.units = [score_changes(path, old, new, changes) for path, old, new in evaluations]
    return report
