"""The pytest plugin of kpiengine (entry point ``pytest11: kpiengine``).

Adds the option ``--kpi-rules PATH`` and the ini option ``kpi_rules`` (the
rule set a repository's tests use; default ``rules``, relative to the
rootdir), and the session fixture ``kpi_rules``: that rule set, loaded
once. A rule set with errors fails the tests that use it, with its problems.
Strategies written ``evidence_for(KPI_RULES, "indicator-id")`` draw from the
same rule set::

    from hypothesis import given
    from kpiengine.testing import KPI_RULES, evaluate_values, evidence_for

    @given(values=evidence_for(KPI_RULES, "satisfaction"))
    def test_satisfaction_is_a_percentage(kpi_rules, values):
        result = evaluate_values(kpi_rules, "satisfaction", values)
        assert result.status == "scored"
        assert 0 <= result.value <= 100
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kpiengine.core.errors import RuleSetError
from kpiengine.reports.problems import to_text
from kpiengine.testing import DEFAULT_RULES, KPI_RULES, load_configured_rules


def pytest_addoption(parser):
    group = parser.getgroup("kpiengine")
    group.addoption("--kpi-rules", dest="kpi_rules", metavar="PATH", default=None,
                    help="rule set for the kpi_rules fixture and KPI_RULES strategies (default: ini kpi_rules, "
                         "else 'rules')")
    parser.addini("kpi_rules", "rule set for the kpi_rules fixture and KPI_RULES strategies", default=DEFAULT_RULES)


def rules_path(config) -> Path:
    """The configured rule set: ``--kpi-rules`` (relative to the working directory), else the ini option
    ``kpi_rules`` (relative to the rootdir)."""
    option = config.getoption("kpi_rules", default=None)
    if option:
        return Path(option).resolve()
    value = config.getini("kpi_rules") or DEFAULT_RULES
    path = Path(value)
    return path if path.is_absolute() else Path(config.rootpath) / path


_PREVIOUS = pytest.StashKey[object]()


def pytest_configure(config):
    config.stash[_PREVIOUS] = KPI_RULES.path  # a pytester run inside a test session puts it back after
    KPI_RULES.path = str(rules_path(config))


def pytest_unconfigure(config):
    KPI_RULES.path = config.stash.get(_PREVIOUS, None)


@pytest.fixture(scope="session")
def kpi_rules(pytestconfig):
    """The rule set named by ``--kpi-rules`` / ini ``kpi_rules`` (default ``rules``), loaded once."""
    path = rules_path(pytestconfig)
    if not path.exists():
        pytest.fail(f"kpi_rules: no rule set at '{path}' (set --kpi-rules or the ini option kpi_rules)",
                    pytrace=False)
    try:
        return load_configured_rules(path)
    except RuleSetError as exc:
        errors = [p for p in exc.problems if p.severity.value == "error"]
        pytest.fail(f"kpi_rules: the rule set '{path}' has errors:\n{to_text(errors)}", pytrace=False)
