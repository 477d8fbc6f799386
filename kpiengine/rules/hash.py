"""`rules_hash`: which rules made a score, as a sha256 of the rule set's meaning.

The hash is taken over the canonical JSON of the validated specs — the plan,
every indicator, project and weights document — sorted by kind and id, each
without the keys that only say where it was written (``kind``, the plan's
inline ``indicators:`` / ``projects:`` lists, which are hashed as the
indicators and projects they hold) and without keys left at their default.
So file order, document order, comments, quoting, flow or block style and
splitting a plan over files do not change it; any changed value (a weight, a
level, a formula's text) does. Published beside a score, it names exactly
the rules that made it.
"""

from __future__ import annotations

_PLAN_ONLY = {"kind", "indicators", "projects"}


def _canonical(spec, drop=frozenset({"kind"})) -> dict:
    data = spec.model_dump(mode="json", exclude_defaults=True, by_alias=False)
    return {key: value for key, value in data.items() if key not in drop}


def canonical_content(ruleset) -> list:
    """The rule set as data in a fixed order: ``[[kind, id, spec], …]`` sorted by kind and id."""
    items = []
    if ruleset.plan is not None:
        items.append(["plan", ruleset.plan.id, _canonical(ruleset.plan, _PLAN_ONLY)])
    items += [["indicator", ident, _canonical(ind.spec)] for ident, ind in ruleset.indicators.items()]
    items += [["project", ident, _canonical(project.spec)] for ident, project in ruleset.projects.items()]
    items += [["weights", ident, _canonical(spec)] for ident, (spec, _source) in ruleset.weights.items()]
    return sorted(items, key=lambda item: (item[0], item[1]))


def rules_hash(ruleset) -> str:
    """``sha256:<64 hex digits>`` of the rule set's canonical content."""
    import hashlib  # only for reports that name their rules (kpi score --format json …)
    import json

    text = json.dumps(canonical_content(ruleset), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
