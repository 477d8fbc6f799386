"""Variants of a rule set for one evaluation: another year's weights, another on_missing policy.

The plan prints weights for one year; a ``kind: weights`` document (in the
rule set, or a file of its own) gives another year's, and a case may score
under another ``on_missing`` policy. Both return a new `RuleSet`; the
original is not changed.
"""

from __future__ import annotations

import dataclasses
import os

from kpiengine.core.errors import KpiError, ProblemsError
from kpiengine.core.problems import Severity
from kpiengine.core.suggest import did_you_mean
from kpiengine.rules.loader import read_specs


def unknown_ids(ruleset, spec, source):
    """(message, location) for each id in a weights document that the rule set lacks (check RF08)."""
    dimension_ids = [d.id for d in ruleset.dimensions]
    for key in spec.dimensions:
        if key not in dimension_ids:
            yield (f"weights '{spec.id}' name an unknown dimension '{key}'{did_you_mean(key, dimension_ids)}",
                   source.where("dimensions", key))
    for key in spec.indicators:
        if key not in ruleset.indicators:
            yield (f"weights '{spec.id}' name an unknown indicator '{key}'{did_you_mean(key, ruleset.indicators)}",
                   source.where("indicators", key))


def negative_weights(spec, source):
    """(message, location) for each weight below 0 in a weights document (check WT01)."""
    for group in ("dimensions", "indicators"):
        for key, weight in getattr(spec, group).items():
            if weight < 0:
                yield (f"weights '{spec.id}' give '{key}' a negative weight ({weight})",
                       source.where(group, key, value=True))


def find_weights(ruleset, name: str):
    """A weights document by id (from the rule set) or by file path: (spec, source)."""
    if name in ruleset.weights:
        return ruleset.weights[name]
    if os.path.exists(name):
        specs = read_specs(name)
        errors = [p for p in specs.problems if p.severity is Severity.ERROR]
        if errors:
            raise ProblemsError(errors)
        if len(specs.weights) != 1:
            raise KpiError(f"'{name}' must hold exactly one 'kind: weights' document (found {len(specs.weights)})")
        return specs.weights[0]
    known = ", ".join(ruleset.weights) or "none in the rule set"
    raise KpiError(f"unknown weights '{name}'{did_you_mean(name, ruleset.weights)}: give the id of a "
                   f"'kind: weights' document ({known}) or a file")


def with_weights(ruleset, name: str):
    """The rule set scored with the weights document `name` (an id or a file)."""
    spec, source = find_weights(ruleset, name)
    faults = [*unknown_ids(ruleset, spec, source), *negative_weights(spec, source)]
    if faults:
        raise KpiError("\n".join(f"{where.format(column=False)}: {message}" for message, where in faults))
    dimensions = [d.model_copy(update={"weight": spec.dimensions[d.id]}) if d.id in spec.dimensions else d
                  for d in ruleset.plan.dimensions]
    plan = ruleset.plan.model_copy(update={"dimensions": dimensions})
    by_id = {d.id: d for d in dimensions}
    indicators = {}
    for key, ind in ruleset.indicators.items():
        weight = spec.indicators.get(key)
        indicators[key] = dataclasses.replace(
            ind, spec=ind.spec if weight is None else ind.spec.model_copy(update={"weight": weight}),
            dimension=by_id.get(ind.spec.dimension))
    return dataclasses.replace(ruleset, plan=plan, indicators=indicators)


def with_on_missing(ruleset, policy: str):
    """The rule set scored under another on_missing policy."""
    return dataclasses.replace(ruleset, plan=ruleset.plan.model_copy(update={"on_missing": policy}))
