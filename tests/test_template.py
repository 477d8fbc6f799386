"""kpi template: the evidence template from a rule set, prefilled from golden evidence and scored back
to exactly the numbers of the YAML — in a workbook and in CSV, in both layouts."""

from __future__ import annotations

import io

import openpyxl
import pytest

from kpiengine import evaluate
from kpiengine.evidence.intake import load_units
from kpiengine.reports.template import to_csv, unit_columns
from kpiengine.reports.xlsx.template import template_workbook

from .conftest import DEMO_EVIDENCE, DEMO_RULES, ROOT, run
from .xlsx_helpers import golden_evidence

GOLDEN = golden_evidence()
SEED = ROOT / "rules" / "bma-csc-2563"


def _numbers(result) -> dict:
    return {
        "overall": result.overall,
        "dimensions": [(d.id, d.score) for d in result.dimensions],
        "indicators": [(r.id, r.status, r.value, r.achieved, r.score) for r in result.indicators],
        "errors": sorted((e.code, e.subject) for e in result.errors),
    }


def _write(tmp_path, rules, evidence, kind: str):
    columns = unit_columns([], [evidence])
    if kind.startswith("xlsx"):
        path = tmp_path / "t.xlsx"
        path.write_bytes(template_workbook(rules, columns, kind.split("-")[1]))
    else:
        path = tmp_path / "t.csv"
        path.write_text(to_csv(rules, columns, kind.split("-")[1]), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["xlsx-inputs", "xlsx-units", "csv-inputs", "csv-units"])
@pytest.mark.parametrize("name", [g[0] for g in GOLDEN])
def test_prefilled_template_scores_exactly_like_the_yaml(tmp_path, name, kind):
    _, rules, evidence = next(g for g in GOLDEN if g[0] == name)
    path = _write(tmp_path, rules, evidence, kind)
    (unit,) = load_units(path, rules)
    assert unit.unit == (evidence.unit or "unit")
    assert unit.as_of == evidence.as_of
    assert _numbers(evaluate(rules, unit)) == _numbers(evaluate(rules, evidence))


def test_template_layout(tmp_path):
    code, _, err = run("template", DEMO_RULES, "--units", "เขตพระนคร,เขตดุสิต", "-o", tmp_path / "t.xlsx")
    assert (code, err) == (0, "")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["evidence", "คำอธิบาย", "plan"]
    sheet = book["evidence"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["indicator", "name", "input", "type", "allowed", "help", "เขตพระนคร", "เขตดุสิต"]
    assert rows[1][0] == "as_of"
    assert [(r[0], r[2]) for r in rows[2:]] == [
        ("satisfaction", "satisfied"), ("satisfaction", "respondents"),
        ("review-steps", "step.1"), ("review-steps", "step.2"), ("review-steps", "step.3"),
        ("review-steps", "step.4"), ("report-delivered", "delivered")]
    assert rows[2][1] == "ร้อยละความพึงพอใจของหน่วยงาน" and rows[2][3] == "count (percent)"
    assert rows[4][5] == "step 1: จัดทำโครงการ (10 %)"
    # A–F locked under a protected sheet, the unit cells open
    assert sheet.protection.sheet is True
    assert sheet["A3"].protection.locked is True and sheet["G3"].protection.locked is False
    # data validation: counts whole ≥ 0, steps 0–1, dates; Thai input messages
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["G3:H3"].type == "whole" and rules["G3:H3"].operator == "greaterThanOrEqual"
    assert rules["G3:H3"].formula1 == "0"
    assert rules["G4:H4"].formula1 == "1"  # respondents: min 1
    assert rules["G5:H5"].type == "decimal" and (rules["G5:H5"].formula1, rules["G5:H5"].formula2) == ("0", "1")
    assert rules["G9:H9"].type == "date"
    assert "จำนวนเต็ม" in rules["G3:H3"].prompt and "สัดส่วนที่ทำแล้วของขั้นตอนที่ 1" in rules["G5:H5"].prompt
    assert "กรอก" in book["คำอธิบาย"]["A4"].value and "Fill" in book["คำอธิบาย"]["A5"].value
    assert book["plan"]["G3"].value == "satisfied * 100 / respondents"
    assert book["plan"].protection.sheet is True


def test_units_file_and_csv_with_bom(tmp_path):
    units = tmp_path / "units.txt"
    units.write_text("เขตพระนคร\nเขตดุสิต\n\n", encoding="utf-8")
    code, _, _ = run("template", DEMO_RULES, "--units-file", units, "-o", tmp_path / "t.csv", "--layout", "inputs")
    raw = (tmp_path / "t.csv").read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == "indicator,name,input,type,allowed,help,เขตพระนคร,เขตดุสิต"
    code, _, _ = run("template", DEMO_RULES, "-o", tmp_path / "units.csv")
    assert code == 0
    assert (tmp_path / "units.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "unit,as_of,satisfaction.satisfied,satisfaction.respondents,review-steps.step.1,review-steps.step.2,"
        "review-steps.step.3,review-steps.step.4,report-delivered.delivered", "unit,,,,,,,,"]


def test_done_means_rules_to_template_to_filled_workbook_to_report(tmp_path):
    units = tmp_path / "units.txt"
    units.write_text("เขตพระนคร\nเขตดุสิต\n", encoding="utf-8")
    template = tmp_path / "t.xlsx"
    assert run("template", SEED, "--units-file", units, "-o", template)[0] == 0
    book = openpyxl.load_workbook(template)
    sheet = book["evidence"]
    fields = {(row[0].value, row[2].value): row[0].row for row in sheet.iter_rows(min_row=3)}
    sheet["G2"] = "31 ต.ค. 2563"
    sheet.cell(fields[("district-services-surveyed", "presented")], 7, "๓๗")  # Thai digits
    sheet.cell(fields[("district-services-surveyed", "surveyed")], 7, 40)
    book.save(template)
    code, _, err = run("score", SEED, template, "-o", tmp_path / "report.xlsx")
    assert code == 0, err
    code, _, err = run("score", SEED, template, "-o", tmp_path / "report.html")
    assert code == 0, err
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "เขตพระนคร" in html and "เขตดุสิต" in html
    code, out, _ = run("score", SEED, template, "--unit", "เขตพระนคร", "--format", "json")
    assert code == 0
    import json

    doc = json.loads(out)
    surveyed = next(i for i in doc["indicators"] if i["id"] == "district-services-surveyed")
    assert surveyed["value"] == 92.5  # 37 × 100 / 40


def test_prefill_keeps_fields_the_rule_set_lacks(tmp_path):
    _, rules, evidence = next(g for g in GOLDEN if g[0].endswith("evidence with faults"))
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(rules, unit_columns([], [evidence]))))
    rows = [[c.value for c in row] for row in book["evidence"].iter_rows()]
    assert [r[:3] + r[5:] for r in rows[-2:]] == [
        ["competency-development-success", "", "step.5", "not in the rule set", 1],
        ["hr-system-developed", "", "systems", "not in the rule set", 2]]


def test_template_refuses_other_formats_and_other_plans(tmp_path, write):
    code, _, err = run("template", DEMO_RULES, "-o", tmp_path / "t.ods")
    assert code == 2 and "a template is a .xlsx workbook or a .csv table" in err
    other = write("other.yaml", "kind: evidence\nplan: other-2563\nvalues: {}\n")
    code, _, err = run("template", DEMO_RULES, "--evidence", other, "-o", tmp_path / "t.xlsx")
    assert code == 2 and "plan 'other-2563'" in err
    assert not (tmp_path / "t.xlsx").exists()
    code, _, err = run("template", DEMO_RULES, "--evidence", DEMO_EVIDENCE, "-o", DEMO_EVIDENCE)
    assert code == 2


def test_a_filled_workbook_converts_to_another_layout_and_back(tmp_path):
    first = tmp_path / "first.xlsx"
    assert run("template", DEMO_RULES, "--evidence", DEMO_EVIDENCE, "-o", first)[0] == 0
    units = tmp_path / "units.csv"
    assert run("template", DEMO_RULES, "--evidence", first, "-o", units)[0] == 0
    again = tmp_path / "again.xlsx"
    assert run("template", DEMO_RULES, "--evidence", units, "-o", again, "--lang", "th")[0] == 0
    outs = [run("score", DEMO_RULES, path, "--format", "json")[1] for path in (DEMO_EVIDENCE, first, units, again)]
    import json

    overall = [json.loads(o)["overall"]["score"] for o in outs]
    assert overall == [overall[0]] * 4 and overall[0] == pytest.approx(3.392)
    book = openpyxl.load_workbook(again)
    assert book["evidence"]["F2"].value.startswith("วันที่ของข้อมูล")  # the help of as_of, Thai first


@pytest.mark.parametrize("lang, types", [
    (None, ["date", "count (percent)", "count (percent)", "date (date)"]),
    ("en", ["date", "count (percent)", "count (percent)", "date (date)"]),
    ("th", ["วันที่", "จำนวนนับ (ร้อยละ)", "จำนวนนับ (ร้อยละ)", "วันที่ (วันที่)"]),
])
def test_column_d_speaks_the_templates_language(tmp_path, lang, types):
    # the header row stays as documented (docs/excel.md), and column C, which the intake reads, too
    args = ["--lang", lang] if lang else []
    assert run("template", DEMO_RULES, "--units", "ก", "-o", tmp_path / "t.xlsx", *args)[0] == 0
    assert run("template", DEMO_RULES, "--units", "ก", "--layout", "inputs", "-o", tmp_path / "t.csv", *args)[0] == 0
    book = [[c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "t.xlsx")["evidence"].iter_rows()]
    table = [row.split(",") for row in (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()]
    for rows in (book, table):
        assert rows[0][:6] == ["indicator", "name", "input", "type", "allowed", "help"]
        assert [r[2] for r in rows[2:]] == ["satisfied", "respondents", "step.1", "step.2", "step.3", "step.4",
                                            "delivered"]
        assert [rows[1][3], rows[2][3], rows[3][3], rows[8][3]] == types


def test_a_unit_named_twice_is_refused(tmp_path):
    code, _, err = run("template", DEMO_RULES, "--units", "a,b,a", "-o", tmp_path / "t.xlsx")
    assert code == 2 and "unit 'a' is named twice" in err
