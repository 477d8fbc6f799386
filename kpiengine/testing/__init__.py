"""Property testing for rule sets: hypothesis strategies derived from the rules.

::

    from hypothesis import given
    from kpiengine.testing import KPI_RULES, evaluate_values, evidence_for

    @given(values=evidence_for(KPI_RULES, "satisfaction"))
    def test_satisfaction_is_a_percentage(kpi_rules, values):
        result = evaluate_values(kpi_rules, "satisfaction", values)
        assert result.status == "scored" and 0 <= result.value <= 100

`evidence_for(rules, indicator)` draws valid evidence for one indicator — the
mapping of input name → value that sits under ``values: {<indicator>: …}``
in an evidence file. `invalid_evidence_for` draws evidence with one fault
and says which (`InvalidEvidence`). `rules` is a `RuleSet`, a path to a rule
set (loaded when first drawn from), or `KPI_RULES`: the rule set the pytest
plugin is configured with (``--kpi-rules`` or the ini option ``kpi_rules``,
default ``rules/``). `check_properties` / `assert_properties` run the
properties of ``kpi fuzz`` on one piece of evidence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

from kpiengine.core.errors import KpiError
from kpiengine.core.suggest import did_you_mean
from kpiengine.engine.evaluation import evaluate_entry
from kpiengine.evidence.codes import EV02, EV03, EV04, EV05, EV07, EV08
from kpiengine.evidence.document import EvidenceEntry, NoLocator
from kpiengine.rules.ruleset import Indicator, RuleSet
from kpiengine.testing.domains import IndicatorDomain, domain_of
from kpiengine.testing.properties import Checker, Violation

# The strategies need hypothesis; everything else here (and the pytest plugin) works without it.
FAULTS = {"wrong-type": EV03.code, "out-of-bounds": EV04.code, "missing-input": EV05.code, "unknown-input": EV02.code,
          "unknown-step": EV07.code, "not-a-mapping": EV08.code}


def __getattr__(name):
    if name == "InvalidEvidence":
        from kpiengine.testing.strategies import InvalidEvidence

        return InvalidEvidence
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["FAULTS", "KPI_RULES", "InvalidEvidence", "assert_properties", "check_properties", "domain_for",
           "evaluate_values", "evidence_for", "invalid_evidence_for", "load_configured_rules"]

DEFAULT_RULES = "rules"


class ConfiguredRules:
    """Stands for the rule set the pytest plugin is configured with; loaded when first needed."""

    path: str | None = None  # set by the plugin from --kpi-rules / ini kpi_rules

    def __repr__(self) -> str:
        return "KPI_RULES"


KPI_RULES = ConfiguredRules()
_loaded: dict = {}


@dataclass(repr=False)
class LoadedRules(RuleSet):
    """A `RuleSet` with a short repr, so that hypothesis's falsifying examples stay readable."""

    def __repr__(self) -> str:
        return f"<rule set '{self.path}': plan {self.plan.id}, {len(self.indicators)} indicators>"

    def _repr_pretty_(self, printer, cycle) -> None:  # hypothesis's and IPython's pretty printer
        printer.text(repr(self))


def load_configured_rules(path=None) -> RuleSet:
    """The rule set at `path` (default: the plugin's, else ``rules/``), loaded once per path."""
    from kpiengine.lint.inspect import load_rules

    path = os.fspath(path if path is not None else (KPI_RULES.path or DEFAULT_RULES))
    key = str(Path(path).resolve())
    if key not in _loaded:
        ruleset = load_rules(path)
        _loaded[key] = LoadedRules(**{f.name: getattr(ruleset, f.name) for f in fields(RuleSet) if f.init})
    return _loaded[key]


def _resolve(rules, indicator) -> tuple[object, Indicator]:
    """(rule set or None, Indicator) from the ways `evidence_for` may be called."""
    if isinstance(rules, Indicator) and indicator is None:
        return None, rules
    if isinstance(rules, ConfiguredRules):
        rules = load_configured_rules()
    elif isinstance(rules, (str, os.PathLike)):
        rules = load_configured_rules(rules)
    if not isinstance(rules, RuleSet):
        raise KpiError(f"expected a rule set, a path to one or KPI_RULES, got {type(rules).__name__}")
    if isinstance(indicator, Indicator):
        return rules, indicator
    if indicator not in rules.indicators:
        raise KpiError(f"unknown indicator '{indicator}'{did_you_mean(str(indicator), rules.indicators)}")
    return rules, rules.indicators[indicator]


def domain_for(rules, indicator=None) -> IndicatorDomain:
    """The declared domain of an indicator's evidence (see `kpiengine.testing.domains`)."""
    ruleset, ind = _resolve(rules, indicator)
    if ruleset is None:
        return domain_of(ind)
    return domain_of(ind, ruleset.scale, ruleset.plan.fiscal_year)


def _lazy(rules, indicator, build):
    from hypothesis import strategies as st

    if isinstance(rules, (ConfiguredRules, str, os.PathLike)):
        return st.deferred(lambda: build(domain_for(rules, indicator)))  # the plugin's option is read first
    return build(domain_for(rules, indicator))


def evidence_for(rules, indicator=None):
    """A hypothesis strategy of valid evidence for `indicator` (an id or an `Indicator`) of `rules` (see
    the module docstring); ``evidence_for(indicator)`` alone uses the default scale [1, 5]."""
    from kpiengine.testing.strategies import valid_evidence

    return _lazy(rules, indicator, valid_evidence)


def invalid_evidence_for(rules, indicator=None, kinds=None):
    """`InvalidEvidence` with one fault of each kind in `kinds` (default all): ``wrong-type`` (EV03),
    ``out-of-bounds`` (EV04), ``missing-input`` (EV05), ``unknown-input`` (EV02), ``unknown-step``
    (EV07), ``not-a-mapping`` (EV08)."""
    from kpiengine.testing.strategies import invalid_evidence

    unknown = set(kinds or ()) - set(FAULTS)
    if unknown:
        raise KpiError(f"unknown fault kind '{sorted(unknown)[0]}' (kinds: {', '.join(FAULTS)})")
    return _lazy(rules, indicator, lambda domain: invalid_evidence(domain, kinds))


def evaluate_values(rules, indicator, values):
    """Evaluate one indicator on `values` (input name → value): an `IndicatorResult`."""
    ruleset, ind = _resolve(rules, indicator)
    checker = Checker(ruleset, ind, domain_for(rules, indicator) if ruleset is not None else domain_of(ind))
    return evaluate_entry(checker.ruleset, ind, EvidenceEntry(ind.id, values, NoLocator("<evidence>")))


def check_properties(rules, indicator, values) -> list[Violation]:
    """The properties of ``kpi fuzz`` that valid evidence `values` breaks (empty when none)."""
    ruleset, ind = _resolve(rules, indicator)
    domain = domain_of(ind) if ruleset is None else domain_of(ind, ruleset.scale, ruleset.plan.fiscal_year)
    found, _ = Checker(ruleset, ind, domain).check(values)
    return found


def assert_properties(rules, indicator, values) -> None:
    """Raise AssertionError naming each property `values` breaks."""
    found = check_properties(rules, indicator, values)
    if found:
        raise AssertionError("; ".join(f"{v.property}: {v.message}" for v in found))
