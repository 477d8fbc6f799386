"""Loading a rule set: read (sources), build (rules), check (lint)."""

from __future__ import annotations

from kpiengine.core.collector import collector_paused
from kpiengine.core.errors import RuleSetError
from kpiengine.core.problems import sorted_problems
from kpiengine.lint import cache
from kpiengine.rules.loader import read_specs
from kpiengine.rules.ruleset import RuleSet, build_ruleset


def inspect_rules(path: str, config=None) -> RuleSet:
    """Load the rule set at `path` and find every problem; never raises for bad input.

    The problems are in ``ruleset.problems``; ``ruleset.valid`` says whether
    it can be used to score. `config` (a `kpiengine.lint.config.CheckConfig`)
    chooses which lint checks run (default: all); the problems the reading
    and building stages raise are always there, since validity rests on them.
    """
    from kpiengine.lint.registry import run_checks  # here: a rule set recalled from the cache needs no checks

    with collector_paused():  # loading builds many objects and frees few: keep it linear
        ruleset = build_ruleset(read_specs(str(path)))
        ruleset.problems = sorted_problems(ruleset.problems + run_checks(ruleset, config))
    return ruleset


def load_rules(path: str) -> RuleSet:
    """Load a rule set ready to score; raises `RuleSetError` with all its problems if it has an error.

    An unchanged rule set loaded before is recalled from the cache (`kpiengine.lint.cache`).
    """
    ruleset = cache.recall(path)
    if ruleset is not None:
        return ruleset
    files = cache.snapshot(path)
    ruleset = inspect_rules(path)
    cache.keep(path, files, ruleset)
    if not ruleset.valid:
        raise RuleSetError(ruleset.problems)
    return ruleset
