"""The catalog: every code, each with one home, and the checks that run on a rule set.

Two kinds of home (yamllint's explicit registry, sqlfluff's pseudo-codes):

- a **check**: a module of `kpiengine.lint.checks.<category>` with ``CODE =
  Code(..., __doc__)`` and ``check(ruleset)``, which yields ``(message,
  location)`` pairs (or ``(message, location, subject)``). The registry, not
  the check, makes them `Problem`s: it stamps the code, the dotted name and
  the severity (the configured one, else the code's default), so a check can
  emit only its own code.
- a **stage**: a code the sources, rules or evidence stage raises itself while
  reading or building (YAML syntax, unknown keys, formula syntax, evidence
  faults), declared as a constant of `kpiengine.sources.codes`,
  `kpiengine.rules.codes` or `kpiengine.evidence.codes`.

`CODES` lists them all in catalog order; `run_checks` runs only the checks a
`CheckConfig` selects.
"""

from __future__ import annotations

from kpiengine.core.codes import Code
from kpiengine.core.problems import Problem, Severity, sorted_problems
from kpiengine.evidence import codes as evidence_codes
from kpiengine.lint.checks.formulas import (
    fm04_unused_input,
    fm05_constant_division,
    fm07_value_source,
    fm08_unit_kinds,
)
from kpiengine.lint.checks.plan import (
    pl01_step_weights,
    pl02_cumulative,
    pl03_declared_facts,
    pl04_fiscal_year,
    pl05_target_years,
    pl06_step_numbers,
    pl07_target_agreement,
)
from kpiengine.lint.checks.references import (
    rf04_empty_dimension,
    rf05_idle_project,
    rf06_project_link,
    rf07_goal_measure,
    rf08_weights,
    rf09_input_bounds,
)
from kpiengine.lint.checks.scoring import (
    sg01_levels_order,
    sg02_too_few_levels,
    sg03_target_levels,
    sg04_target_range,
    sg05_shorthand_step,
    sg06_scale,
    sg07_deadline_due,
    sg08_method_unit,
    sg09_milestone_steps,
    sg10_below_first_level,
)
from kpiengine.lint.checks.weights import wt01_negative_weight, wt02_indicator_weights, wt03_dimension_weights
from kpiengine.rules import codes as rules_codes
from kpiengine.sources import codes as sources_codes

CHECK_MODULES = (
    rf04_empty_dimension, rf05_idle_project, rf06_project_link, rf07_goal_measure, rf08_weights, rf09_input_bounds,
    fm04_unused_input, fm05_constant_division, fm07_value_source, fm08_unit_kinds,
    sg01_levels_order, sg02_too_few_levels, sg03_target_levels, sg04_target_range, sg05_shorthand_step,
    sg06_scale, sg07_deadline_due, sg08_method_unit, sg09_milestone_steps, sg10_below_first_level,
    wt01_negative_weight, wt02_indicator_weights, wt03_dimension_weights,
    pl01_step_weights, pl02_cumulative, pl03_declared_facts, pl04_fiscal_year, pl05_target_years,
    pl06_step_numbers, pl07_target_agreement,
)
STAGE_MODULES = (sources_codes, rules_codes, evidence_codes)

# Catalog order: by category, then by number.
CATEGORIES = {"IO": "Input and output", "SC": "Schema", "RF": "References", "FM": "Formulas", "SG": "Scoring",
              "WT": "Weights", "PL": "Milestones and plan facts", "EV": "Evidence"}


def stage_codes(module) -> list[Code]:
    """The `Code` constants a stage's codes module declares."""
    return [value for value in vars(module).values() if isinstance(value, Code)]


def homes(checks, stages) -> dict[str, tuple[Code, str]]:
    """code → (Code, the module that is its home), in catalog order; a code declared twice is refused."""
    homes: dict[str, tuple[Code, str]] = {}
    declared = [(m.CODE, m.__name__) for m in checks]
    declared += [(code, m.__name__) for m in stages for code in stage_codes(m)]
    for code, home in declared:
        if code.code in homes:
            raise RuntimeError(f"code {code.code} declared twice: in {homes[code.code][1]} and {home}")
        homes[code.code] = (code, home)
    return dict(sorted(homes.items(), key=lambda item: (list(CATEGORIES).index(item[0][:2]), item[0])))


HOMES = homes(CHECK_MODULES, STAGE_MODULES)
CODES: dict[str, Code] = {code: entry for code, (entry, _) in HOMES.items()}
CHECKS = {m.CODE.code: m for m in CHECK_MODULES}


def raised_by(code: str) -> str:
    """``check`` for a lint check, else the stage that raises it (``sources``, ``rules``, ``evidence``)."""
    return "check" if code in CHECKS else CODES[code].stage


def selected(config=None) -> list:
    """The check modules `config` enables (all without one), in catalog order."""
    return [m for m in CHECK_MODULES if config is None or config.enabled(m.CODE.code)]


def run_checks(ruleset, config=None) -> list[Problem]:
    """The problems the selected checks find in `ruleset`, stamped with code, name and severity.

    Checks that reason about the rule set as a whole (``NEEDS_COMPLETE``:
    sums of weights, counts, a dimension without indicators) are skipped when
    a document could not be read (an I/O or schema error), since the missing
    document would make them report noise.
    """
    if ruleset.plan is None:
        return []
    complete = not any(p.severity is Severity.ERROR and p.code[:2] in ("IO", "SC") for p in ruleset.problems)
    overrides = config.severity if config is not None else {}
    found = []
    for module in selected(config):
        if getattr(module, "NEEDS_COMPLETE", False) and not complete:
            continue
        code = module.CODE
        severity = overrides.get(code.code)
        for finding in module.check(ruleset):
            found.append(code.problem(*finding, severity=severity))
    return sorted_problems(found)
