"""Excel intake: a filled workbook read like YAML evidence — date and percent cells, Thai digits, faults
located at their cells with the same codes, and clear errors for workbooks that are not ours."""

from __future__ import annotations

import json
from datetime import date, datetime

import openpyxl
import pytest

from kpiengine import EvidenceFileError, evaluate, load_rules
from kpiengine.intake import load_units

from .conftest import DEMO_RULES, run

DEMO = load_rules(DEMO_RULES)


def _template(tmp_path, *units) -> tuple:
    path = tmp_path / "t.xlsx"
    args = ["template", DEMO_RULES, "-o", path] + (["--units", ",".join(units)] if units else [])
    assert run(*args)[0] == 0
    return path, openpyxl.load_workbook(path)


def _fill(sheet, column: str, values: dict) -> None:
    rows = {(r[0].value, r[2].value): r[0].row for r in sheet.iter_rows(min_row=3)}
    for key, value in values.items():
        sheet[f"{column}{rows[key]}"] = value


def test_date_cells_percent_cells_and_thai_digits(tmp_path):
    path, book = _template(tmp_path, "เขตพระนคร")
    sheet = book["evidence"]
    sheet["G2"] = datetime(2020, 10, 31)  # a real date cell
    _fill(sheet, "G", {("satisfaction", "satisfied"): "๓๓", ("satisfaction", "respondents"): "50",
                       ("review-steps", "step.1"): 1, ("review-steps", "step.2"): 1,
                       ("review-steps", "step.3"): 0.5, ("report-delivered", "delivered"): datetime(2020, 10, 20)})
    rows = {(r[0].value, r[2].value): r[0].row for r in sheet.iter_rows(min_row=3)}
    sheet[f"G{rows[('review-steps', 'step.3')]}"].number_format = "0%"  # shown as 50 %: the fraction 0.5
    book.save(path)
    (unit,) = load_units(path, DEMO)
    assert (unit.unit, unit.as_of) == ("เขตพระนคร", date(2020, 10, 31))
    result = evaluate(DEMO, unit)
    # SPEC appendix A: satisfaction 66 → 3.6, progress 70 → 3.5, 20 days late → 3; overall 3.392
    assert result.errors == []
    assert result.overall == pytest.approx(3.392, abs=1e-12)


def test_percent_formatted_input_is_the_percent_the_evaluator_sees(tmp_path, rules_dir):
    rules = load_rules(rules_dir("""\
        kind: indicator
        id: rate
        name: อัตรา
        dimension: effectiveness
        weight: 100
        unit: percent
        inputs: {rate: {type: percent, max: 100}}
        target: ">= 60"
        scoring: {levels: [40, 50, 60, 70, 80]}
        """))
    path = tmp_path / "t.xlsx"
    assert run("template", rules.path, "-o", path)[0] == 0
    book = openpyxl.load_workbook(path)
    book["evidence"]["G3"] = 0.66
    book["evidence"]["G3"].number_format = "0.00%"
    book.save(path)
    result = evaluate(rules, load_units(path, rules)[0])
    assert result.indicator("rate").value == 66  # 0.66 shown as 66.00 % is 66, exactly (not 66.00000000000001)
    assert result.indicator("rate").score == pytest.approx(3.6)  # between 60 → 3 and 70 → 4


def test_faults_are_located_at_their_cells_with_the_yaml_codes(tmp_path):
    path, book = _template(tmp_path, "a", "b")
    sheet = book["evidence"]
    _fill(sheet, "G", {("satisfaction", "satisfied"): 60, ("satisfaction", "respondents"): 50,
                       ("report-delivered", "delivered"): "31 ก.ย. 2563"})
    _fill(sheet, "H", {("satisfaction", "satisfied"): "many", ("satisfaction", "respondents"): 50})
    book.save(path)
    code, out, _ = run("score", DEMO_RULES, path, "--format", "html", "-o", tmp_path / "r.html")
    assert code == 1
    code, out, _ = run("check", DEMO_RULES, "--evidence", path, "--format", "json")
    assert code == 1
    problems = json.loads(out)
    assert sorted((p["code"], p["sheet"], p["cell"]) for p in problems) == [
        ("EV03", "evidence", "G9"), ("EV03", "evidence", "H3"), ("EV04", "evidence", "G3")]
    text = run("check", DEMO_RULES, "--evidence", path)[1]
    assert "t.xlsx:evidence!G3:" in text  # satisfied 60 > respondents 50 (EV04)
    assert "t.xlsx:evidence!G9:" in text  # 31 September does not exist (EV03)
    assert "t.xlsx:evidence!H3:" in text  # 'many' is not a count (EV03)


def test_an_empty_unit_column_is_a_unit_without_evidence(tmp_path):
    path, book = _template(tmp_path, "a", "b")
    _fill(book["evidence"], "G", {("satisfaction", "satisfied"): 33, ("satisfaction", "respondents"): 50})
    book.save(path)
    a, b = load_units(path, DEMO)
    assert (a.unit, b.unit) == ("a", "b")
    assert list(a.entries) == ["satisfaction"] and b.entries == {}
    assert evaluate(DEMO, b).overall == 0  # on_missing zero: every indicator missing, scored 0


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("indicator,input\n", encoding="utf-8"), "not an Excel workbook (.xlsx)"),
    (lambda p: _book(p, {"Sheet1": [["a"]], "Sheet2": [["b"]]}),
     "no sheet 'evidence' in the workbook (sheets: 'Sheet1', 'Sheet2')"),
    (lambda p: _book(p, {"evidence": [["indicator", "name", "inputs", "unit"], ["satisfaction", "", "satisfied", 1]]}),
     "no 'input' column in row 1: the sheet has 'indicator' but the evidence template needs both"),
    (lambda p: _book(p, {"evidence": [["what", "ever"], [1, 2]]}),
     "not an evidence table: expected a 'unit' column"),
    (lambda p: _book(p, {"evidence": []}), "empty table: expected a header row"),
])
def test_workbooks_that_are_not_ours_say_what_is_missing(tmp_path, make, message):
    path = tmp_path / "t.xlsx"
    make(path)
    with pytest.raises(EvidenceFileError) as caught:
        load_units(path, DEMO)
    assert message in str(caught.value)
    code, _, err = run("score", DEMO_RULES, path)
    assert code == 2 and message in err and "Traceback" not in err


def _book(path, sheets: dict) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def test_explain_and_progress_read_a_workbook_unit(tmp_path):
    path, book = _template(tmp_path, "a", "b")
    _fill(book["evidence"], "H", {("review-steps", "step.1"): 1, ("review-steps", "step.2"): 0.5})
    book.save(path)
    code, out, err = run("explain", DEMO_RULES, path, "--unit", "b", "--indicator", "review-steps")
    assert code == 0, err
    assert "progress = 10 + 50 × 0.5 = 35" in out
    code, _, err = run("explain", DEMO_RULES, path)
    assert code == 2 and "holds 2 units ('a', 'b'): name one with --unit" in err
    code, out, err = run("progress", DEMO_RULES, path, "--unit", "b", "--as-of", "2563-03-31", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["projects"][0]["actual"] == 35
