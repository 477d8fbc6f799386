"""The catalog of checks: one module per check, registered here by code.

Each module has ``CODE`` (two letters + two digits, stable once published),
``NAME`` (dotted), ``SEVERITY`` (default), ``SUMMARY``, a docstring that is
its documentation (with a failing and a passing example), and ``check``:
a function ``check(ruleset) -> iterable of Problem``, or None for the checks
the loader itself reports while reading and building the rule set.
"""

from __future__ import annotations

from kpiengine.core.problems import Problem, Severity, sorted_problems
from kpiengine.lint.checks import (
    ev00_unreadable,
    ev01_unknown_indicator,
    ev02_unknown_input,
    ev03_wrong_type,
    ev04_out_of_bounds,
    ev05_missing_input,
    ev06_other_plan,
    ev07_milestone_steps,
    ev08_entry_shape,
    ev09_evaluation,
    ev10_unknown_project,
    fm01_syntax,
    fm02_disallowed,
    fm03_unknown_name,
    fm04_unused_input,
    fm05_constant_division,
    fm06_unit_mismatch,
    fm07_value_source,
    fm08_unit_kinds,
    fm09_divisor_may_be_zero,
    fm10_percent_range,
    fm11_negative_base_power,
    fm12_unreachable,
    io01_unreadable,
    io02_encoding,
    pl01_step_weights,
    pl02_cumulative,
    pl03_declared_facts,
    pl04_fiscal_year,
    pl05_target_years,
    pl06_step_numbers,
    pl07_target_agreement,
    rf01_unknown_dimension,
    rf02_unknown_project,
    rf03_unknown_indicator,
    rf04_empty_dimension,
    rf05_idle_project,
    rf06_project_link,
    rf07_goal_measure,
    rf08_weights,
    rf09_input_bounds,
    sc01_yaml_syntax,
    sc02_duplicate_key,
    sc03_unknown_key,
    sc04_wrong_type,
    sc05_missing_key,
    sc06_duplicate_id,
    sc07_plan_count,
    sc08_document_kind,
    sc09_too_large,
    sc10_empty_file,
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
    wt01_negative_weight,
    wt02_indicator_weights,
    wt03_dimension_weights,
)

CHECKS = {
    module.CODE: module
    for module in (
        io01_unreadable, io02_encoding,
        sc01_yaml_syntax, sc02_duplicate_key, sc03_unknown_key, sc04_wrong_type, sc05_missing_key,
        sc06_duplicate_id, sc07_plan_count, sc08_document_kind, sc09_too_large, sc10_empty_file,
        rf01_unknown_dimension, rf02_unknown_project, rf03_unknown_indicator, rf04_empty_dimension,
        rf05_idle_project, rf06_project_link, rf07_goal_measure, rf08_weights, rf09_input_bounds,
        fm01_syntax, fm02_disallowed, fm03_unknown_name, fm04_unused_input, fm05_constant_division,
        fm06_unit_mismatch, fm07_value_source, fm08_unit_kinds,
        fm09_divisor_may_be_zero, fm10_percent_range, fm11_negative_base_power, fm12_unreachable,
        sg01_levels_order, sg02_too_few_levels, sg03_target_levels, sg04_target_range, sg05_shorthand_step,
        sg06_scale, sg07_deadline_due, sg08_method_unit, sg09_milestone_steps, sg10_below_first_level,
        wt01_negative_weight, wt02_indicator_weights, wt03_dimension_weights,
        pl01_step_weights, pl02_cumulative, pl03_declared_facts, pl04_fiscal_year, pl05_target_years,
        pl06_step_numbers, pl07_target_agreement,
        ev00_unreadable, ev01_unknown_indicator, ev02_unknown_input, ev03_wrong_type, ev04_out_of_bounds, ev05_missing_input,
        ev06_other_plan, ev07_milestone_steps, ev08_entry_shape, ev09_evaluation, ev10_unknown_project,
    )
}


def run_checks(ruleset) -> list[Problem]:
    """The problems every check with a ``check`` function finds in `ruleset`.

    Checks that reason about the rule set as a whole (``NEEDS_COMPLETE``:
    sums of weights, counts, a dimension without indicators) are skipped when
    a document could not be read (an I/O or schema error), since the missing
    document would make them report noise.
    """
    if ruleset.plan is None:
        return []
    complete = not any(p.severity is Severity.ERROR and p.code[:2] in ("IO", "SC") for p in ruleset.problems)
    found = []
    for module in CHECKS.values():
        if module.check is None or (getattr(module, "NEEDS_COMPLETE", False) and not complete):
            continue
        found.extend(module.check(ruleset))
    return sorted_problems(found)

