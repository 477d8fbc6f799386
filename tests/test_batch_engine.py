"""The batch engine on hand-worked tables, and on every value at the edge of the tolerance."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import yaml

import kpiengine
from kpiengine import evaluate, evaluate_batch, inspect_rules, load_rules
from kpiengine.evidence.table import read_grid
from tests.batch_support import differences

DEMO = Path(__file__).resolve().parent.parent / "rules" / "demo-2563"


def _grid(table: dict) -> list[list]:
    names = list(table)
    return [names] + [[table[name][i] for name in names] for i in range(len(table["unit"]))]


def test_demo_round_worked_by_hand():
    """SPEC appendix A: unit a is the worked example (overall 3.392); b's satisfied 60 > respondents 50 is
    an EV04 error at its cell (B3), counted as 0 under on_missing zero: effectiveness = (60·0 + 40·1.75)/100
    = 0.7 (step 1 done, step 2 half: progress 10 + 25 = 35 → 1 + (35 − 20)/20 = 1.75); efficiency 3
    (20 days late); overall = 0.7·0.7 + 0.3·3 = 1.39. Unit c gave Thai digits (๓๓ of 50 = 66 → 3.6)
    and no delivery date: missing, 0."""
    ruleset = load_rules(DEMO)
    table = {"unit": ["a", "b", "c"], "satisfaction.satisfied": [33, 60, "๓๓"],
             "satisfaction.respondents": [50, 50, "50"], "review-steps.step.1": [1, 1, 0],
             "review-steps.step.2": [1, 0.5, None], "review-steps.step.3": [0.5, None, None],
             "report-delivered.delivered": ["2563-10-20", "20 ต.ค. 2563", None]}
    batch = evaluate_batch(ruleset, table, source="round.csv")
    assert batch.units == ["a", "b", "c"]
    assert np.allclose(batch.overall, [3.392, 1.39, 0.7 * (60 * 3.6 + 40 * 0) / 100], rtol=0, atol=1e-12)
    assert np.allclose(batch.dimensions["effectiveness"], [3.56, 0.7, 2.16], rtol=0, atol=1e-12)
    assert list(batch.status["satisfaction"]) == ["scored", "error", "scored"]
    assert list(batch.status["report-delivered"]) == ["scored", "scored", "missing"]
    assert batch.values["report-delivered"][0] == np.datetime64("2020-10-20")
    assert list(batch.achieved["satisfaction"][[0, 2]]) == [1.0, 1.0]
    [error] = batch.errors
    assert (error.row, error.unit, error.indicator, error.code, error.location.text) == (1, "b", "satisfaction",
                                                                                          "EV04", "round.csv:B3")
    assert error.message == "input 'satisfied' of 'satisfaction' must be at most respondents (50), got 60"


def test_reports_are_what_evaluate_gives_for_each_row():
    ruleset = load_rules(DEMO)
    table = {"unit": ["a", "b"], "satisfaction.satisfied": [33, 0], "satisfaction.respondents": [50, 0],
             "report-delivered.delivered": ["2020-09-01", None]}
    batch = evaluate_batch(ruleset, table, source="t.csv")
    reports = batch.reports()
    for row, evidence in enumerate(read_grid(_grid(table), "t.csv", None, ruleset)):
        reference = evaluate(ruleset, evidence)
        assert reports[row].to_json() == reference.to_json()
        assert differences(batch, row, reference) == []
    assert [e.code for e in batch.errors] == ["EV04"]  # 0 respondents is below min 1


def test_public_api_names():
    assert kpiengine.evaluate_batch is evaluate_batch
    assert "BatchResult" in kpiengine.__all__ and "evaluate_batch" in kpiengine.__all__


def test_columns_of_different_lengths_are_refused_with_their_names():
    with pytest.raises(kpiengine.EvidenceFileError, match="different lengths: 'unit' \\(2\\), "
                                                          "'satisfaction.satisfied' \\(1\\)"):
        evaluate_batch(load_rules(DEMO), {"unit": ["a", "b"], "satisfaction.satisfied": [1]})


def test_numpy_columns_and_a_division_by_zero_in_one_row():
    """A zero divisor fails only its row (EV09 from the scalar engine); the other rows are scored."""
    docs = [{"kind": "plan", "id": "r-2563", "title": "t", "fiscal_year": 2563,
             "dimensions": [{"id": "d1", "number": 1, "name": "x", "weight": 100}]},
            {"kind": "indicator", "id": "share", "name": "s", "dimension": "d1", "weight": 100, "unit": "percent",
             "inputs": {"x": {"type": "count"}, "total": {"type": "count"}}, "formula": "x * 100 / (total - x)",
             "scoring": {"levels": [20, 40, 60, 80, 100]}}]
    ruleset = _rules(docs)
    batch = evaluate_batch(ruleset, {"unit": np.array(["a", "b"]), "share.x": np.array([2, 3]),
                                     "share.total": np.array([6, 3])})
    # a: 2·100/(6 − 2) = 50, between level 2 (40, worth 2) and level 3 (60, worth 3): 2 + (50 − 40)/20 = 2.5
    assert batch.values["share"][0] == 50.0 and batch.scores["share"][0] == 2.5
    # b: 3·100/(3 − 3) divides by zero: an error of that unit's indicator, 0 under on_missing zero
    assert batch.status["share"][1] == "error" and batch.scores["share"][1] == 0.0
    [error] = batch.errors
    assert error.code == "EV09" and error.row == 1
    assert error.message == "division by zero in 'x * 100 / (total - x)' with total = 3, x = 3"


def _rules(docs, tmp=Path("/tmp")):
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "rules.yaml"
        path.write_text(yaml.safe_dump_all(docs, allow_unicode=True), encoding="utf-8")
        ruleset = inspect_rules(path)
    assert ruleset.valid, ruleset.problems
    return ruleset


LADDERS = [[60, 70, 80, 90, 100], [1e6, 1e6 + 1, 1e6 + 2], [0, 0.1, 1], [-20, 0, 29, 60]]


def _edges(marks):
    out = [0.0]
    for m in marks:
        for shift in (0.0, 1e-10, 5e-10, 1e-9, 2e-9, 1e-8):
            out += [m - shift * max(1.0, abs(m)), m + shift * max(1.0, abs(m))]
        out += [math.nextafter(m, -math.inf), math.nextafter(m, math.inf)]
    return out


@pytest.mark.parametrize("ladder", LADDERS)
@pytest.mark.parametrize("direction", ["higher", "lower"])
@pytest.mark.parametrize("interpolate", [True, False])
@pytest.mark.parametrize("target", [">= 60", "> 60", "<= 60", "< 60", "== 60", "!= 60", "== 1000001"])
def test_every_value_at_the_tolerance_edges_scores_as_the_scalar_engine(ladder, direction, interpolate, target):
    """Values on, and 1e-10 … 1e-8 (relative) either side of, every level and the target: at_least and the
    target test treat values within 1e-9 as equal; the batch engine must agree to 1e-9 on each."""
    levels = ladder if direction == "higher" else ladder[::-1]
    docs = [{"kind": "plan", "id": "r-2563", "title": "t", "fiscal_year": 2563,
             "dimensions": [{"id": "d1", "number": 1, "name": "x", "weight": 100}]},
            {"kind": "indicator", "id": "k", "name": "k", "dimension": "d1", "weight": 10, "unit": "number",
             "inputs": {"a": {"type": "number"}}, "direction": direction, "target": target,
             "scoring": {"levels": levels, "interpolate": interpolate}}]
    ruleset = _rules(docs)
    values = _edges(ladder + [60.0, 1000001.0])
    table = {"unit": [f"u{i}" for i in range(len(values))], "k.a": values}
    batch = evaluate_batch(ruleset, table)
    for row, evidence in enumerate(read_grid(_grid(table), "<table>", None, ruleset)):
        assert differences(batch, row, evaluate(ruleset, evidence)) == [], values[row]


def test_deadline_ladder_by_hand():
    """Due 2563-09-30 (2020-09-30), 15 days a step: on time 5; 1–15 days late 4; 16–30 3; 31–45 2; 46–60 1;
    61 or more, or not delivered, 0."""
    ruleset = load_rules(DEMO)
    days = [-3, 0, 1, 15, 16, 30, 31, 45, 46, 60, 61]
    delivered = [date.fromordinal(date(2020, 9, 30).toordinal() + d).isoformat() for d in days] + [None]
    table = {"unit": [str(d) for d in days] + ["none"], "satisfaction.satisfied": [1] * 12,
             "satisfaction.respondents": [2] * 12, "report-delivered.delivered": delivered}
    batch = evaluate_batch(ruleset, table)
    assert list(batch.scores["report-delivered"][:-1]) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0]
    assert batch.status["report-delivered"][-1] == "missing"  # no cell of the indicator: no evidence


TABLE = {"unit": ["a", "b", "c"], "satisfaction.satisfied": [33, 60, None],
         "satisfaction.respondents": [50, 50, 40], "report-delivered.delivered": ["2563-10-20", None, "2020-09-01"]}


def _same(batch, reference):
    assert batch.units == reference.units
    assert np.array_equal(batch.overall, reference.overall, equal_nan=True)
    for ident in reference.scores:
        assert np.array_equal(batch.scores[ident], reference.scores[ident], equal_nan=True)
        assert list(batch.status[ident]) == list(reference.status[ident])
    assert [(e.row, e.code, e.message) for e in batch.errors] == \
        [(e.row, e.code, e.message) for e in reference.errors]


def test_pyarrow_tables_and_arrays_are_accepted():
    pa = pytest.importorskip("pyarrow")
    ruleset = load_rules(DEMO)
    reference = evaluate_batch(ruleset, TABLE)
    _same(evaluate_batch(ruleset, pa.table(TABLE)), reference)
    _same(evaluate_batch(ruleset, {k: pa.array(v) for k, v in TABLE.items()}), reference)
    assert reference.errors[0].code == "EV04" and reference.errors[0].row == 1  # 60 > 50 respondents


def test_pandas_frames_and_series_are_accepted():
    pd = pytest.importorskip("pandas")
    ruleset = load_rules(DEMO)
    reference = evaluate_batch(ruleset, TABLE)
    frame = pd.DataFrame(TABLE)  # the empty count becomes NaN in a float column
    _same(evaluate_batch(ruleset, frame), reference)
    _same(evaluate_batch(ruleset, {k: frame[k] for k in frame.columns}), reference)


def test_the_input_columns_are_never_modified():
    """External scores are their own values: overwriting a faulty row must not write into the caller's array."""
    docs = [{"kind": "plan", "id": "r-2563", "title": "t", "fiscal_year": 2563,
             "dimensions": [{"id": "d1", "number": 1, "name": "x", "weight": 100}]},
            {"kind": "indicator", "id": "ext", "name": "e", "dimension": "d1", "weight": 100, "unit": "score"}]
    ruleset = _rules(docs)
    column = np.array([4.5, 7.0, 3.0])
    batch = evaluate_batch(ruleset, {"unit": ["a", "b", "c"], "ext.score": column})
    assert list(column) == [4.5, 7.0, 3.0]
    assert list(batch.status["ext"]) == ["scored", "error", "scored"]
    assert batch.errors[0].message == "score of 'ext' must be within the scale [1, 5], got 7"


def test_one_rule_set_scores_tables_from_many_threads_at_once():
    """Nothing is shared between calls: four threads, each its own table, each the same as alone."""
    from concurrent.futures import ThreadPoolExecutor

    ruleset = load_rules(DEMO)
    tables = [{"unit": [f"u{k}"] * 50, "satisfaction.satisfied": list(range(k, k + 50)),
               "satisfaction.respondents": [60] * 50, "report-delivered.delivered": [f"2563-10-0{k + 1}"] * 50}
              for k in range(4)]
    alone = [evaluate_batch(ruleset, t).overall for t in tables]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda t: evaluate_batch(ruleset, t).overall, tables * 5))
    for i, overall in enumerate(together):
        assert np.array_equal(overall, alone[i % 4])


def test_a_not_delivered_mark_is_an_explicit_null_as_the_intake_reads_it(tmp_path):
    """'not delivered' (or ยังไม่ส่ง, null) in a delivery-date cell: evidence given, not delivered → below
    level 1 (0), status scored — where an empty cell alone is no evidence (missing). In a number cell the
    mark is a null value: EV03, as kpi score reports for the same CSV."""
    from kpiengine.evidence.intake import load_units

    ruleset = load_rules(DEMO)
    table = {"unit": ["a", "b", "c"], "satisfaction.satisfied": ["null", 33, 33],
             "satisfaction.respondents": [50, 50, 50], "report-delivered.delivered": ["not delivered", "ยังไม่ส่ง", None]}
    batch = evaluate_batch(ruleset, table, source=str(tmp_path / "t.csv"))
    assert list(batch.status["report-delivered"]) == ["scored", "scored", "missing"]
    assert list(batch.scores["report-delivered"]) == [0.0, 0.0, 0.0]
    path = tmp_path / "t.csv"
    path.write_text("\n".join(",".join("" if c is None else str(c) for c in row) for row in _grid(table)),
                    encoding="utf-8")
    for row, evidence in enumerate(load_units(path, ruleset)):
        reference = evaluate(ruleset, evidence)
        assert differences(batch, row, reference) == []
        assert [e.location.text for e in batch.errors_of(row)] == [e.location.text for e in reference.errors]
    assert [e.code for e in batch.errors] == ["EV03"]
