"""The report workbook (kpi score --format xlsx): live formulas that an independent engine recalculates
to the engine's own numbers, cached values, number formats, fonts, frozen headers, print setup."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from kpiengine import evaluate, load_evidence, load_rules
from kpiengine.reports.xlsx.score import round_workbook, unit_workbook

from .conftest import DEMO_EVIDENCE, DEMO_RULES, ROOT, run
from .xlsx_helpers import golden_evidence, recalculate

SEED = ROOT / "rules" / "bma-csc-2563"
TOLERANCE = 1e-9


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE


def _unit_cells(evaluation):
    """(sheet, cell) → the engine's number, for every live formula of the unit workbook."""
    expected = {("SUMMARY", "B5"): evaluation.overall}
    for n, d in enumerate(evaluation.dimensions):
        expected[("SUMMARY", f"E{8 + n}")] = d.score
    order = {d.id: n for n, d in enumerate(evaluation.dimensions)}
    rows = sorted(evaluation.indicators, key=lambda r: order[r.dimension])
    for n, r in enumerate(rows):
        expected[("INDICATORS", f"J{2 + n}")] = r.weighted_score
    return expected


@pytest.mark.parametrize("name", ["demo-2563/evidence.yaml", "bma-csc-2563/year-end-2563.yaml",
                                  "bma-csc-2563/missing-evidence.yaml:missing evidence, on_missing exclude",
                                  "bma-csc-2563/missing-evidence.yaml:missing evidence, on_missing error"])
def test_recalculated_formulas_equal_the_engine(tmp_path, name):
    _, rules, evidence = next(g for g in golden_evidence() if g[0] == name)
    evaluation = evaluate(rules, evidence)
    path = tmp_path / "report.xlsx"
    path.write_bytes(unit_workbook(evaluation))
    cells = recalculate(path)
    doc = evaluation.to_json()
    expected = _unit_cells(evaluation)
    assert expected[("SUMMARY", "B5")] == doc["overall"]["score"]
    for where, value in expected.items():
        assert _close(cells[where], value), (where, cells[where], value)


def test_cached_values_are_the_engine_numbers_and_formulas_are_live(tmp_path):
    evaluation = evaluate(load_rules(DEMO_RULES), load_evidence(DEMO_EVIDENCE))
    content = unit_workbook(evaluation)
    formulas = openpyxl.load_workbook(io.BytesIO(content))
    cached = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    assert formulas["summary"]["B5"].value == "=IF(SUM(F8:F9)=0,\"\",SUM(G8:G9)/SUM(F8:F9))"
    assert formulas["indicators"]["J2"].value == '=IF(ISNUMBER(H2),I2*H2/100,"")'
    # SPEC appendix A: effectiveness (60·3.6 + 40·3.5)/100 = 3.56, efficiency 3, overall 0.7·3.56 + 0.3·3 = 3.392
    assert cached["summary"]["B5"].value == pytest.approx(3.392, abs=1e-12)
    assert [cached["summary"][f"E{r}"].value for r in (8, 9)] == pytest.approx([3.56, 3.0])
    assert cached["indicators"]["J2"].value == pytest.approx(2.16)  # 60 × 3.6 / 100


def test_changing_a_score_in_excel_moves_the_overall_as_the_engine_would(tmp_path):
    evaluation = evaluate(load_rules(DEMO_RULES), load_evidence(DEMO_EVIDENCE))
    book = openpyxl.load_workbook(io.BytesIO(unit_workbook(evaluation)))
    sheet = book["indicators"]
    assert sheet["A2"].value == "satisfaction"
    sheet["H2"] = 5  # satisfaction 3.6 → 5
    sheet["I4"] = 0  # report-delivered's weight 100 → 0: efficiency has no counted indicator
    path = tmp_path / "edited.xlsx"
    book.save(path)
    cells = recalculate(path)
    # effectiveness = (60·5 + 40·3.5)/100 = 4.4; efficiency: no weight counted → no score, out of the overall;
    # overall = 70·4.4 / 70 = 4.4
    assert cells[("SUMMARY", "E8")] == pytest.approx(4.4, abs=TOLERANCE)
    assert cells[("SUMMARY", "E9")] is None
    assert cells[("SUMMARY", "B5")] == pytest.approx(4.4, abs=TOLERANCE)


def test_round_workbook_recalculates_to_every_unit(tmp_path):
    chosen = [g for g in golden_evidence() if g[0].startswith("bma-csc-2563/") and g[1].plan.on_missing == "zero"
              and "equal dimension weights" not in g[0]][:4]
    rules = load_rules(SEED)
    evaluations = [evaluate(rules, evidence) for _, _, evidence in chosen]
    path = tmp_path / "round.xlsx"
    path.write_bytes(round_workbook(evaluations))
    cells = recalculate(path)
    for n, e in enumerate(evaluations):
        row = 4 + n
        assert _close(cells[("ROUND", f"C{row}")], e.overall), (row, e.unit)
        for k, d in enumerate(e.dimensions):
            column = "DEFG"[k]
            assert _close(cells[("ROUND", f"{column}{row}")], d.score), (row, d.id)


def test_formats_fonts_frozen_headers_and_print_setup():
    evaluation = evaluate(load_rules(SEED), load_evidence(ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml"))
    book = openpyxl.load_workbook(io.BytesIO(unit_workbook(evaluation)))
    sheet = book["indicators"]
    assert sheet["H2"].number_format == "0.0000" and sheet["J2"].number_format == "0.0000"
    assert book["summary"]["B5"].number_format == "0.0000"
    assert sheet["B2"].font.name == "Tahoma"
    assert sheet["B2"].value == "ร้อยละของบริการสาธารณะที่มีการสำรวจว่าควรให้สำนักงานเขตเป็นหน่วยดำเนินการ"
    assert sheet.freeze_panes == "C2"
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"


def test_thai_report_words_and_dates():
    evaluation = evaluate(load_rules(DEMO_RULES), load_evidence(DEMO_EVIDENCE))
    from kpiengine.reports.i18n import use

    with use("th"):
        book = openpyxl.load_workbook(io.BytesIO(unit_workbook(evaluation)))
    assert book.sheetnames == ["สรุป", "ตัวชี้วัด", "ข้อผิดพลาด"]
    summary = book["สรุป"]
    assert summary["A5"].value == "คะแนนรวม"
    assert summary["B4"].value == "31 ต.ค. 2563"  # as_of 2020-10-31, Buddhist Era


def test_cli_picks_xlsx_from_the_extension_and_writes_it_whole(tmp_path):
    out = tmp_path / "report.xlsx"
    code, stdout, err = run("score", DEMO_RULES, DEMO_EVIDENCE, "-o", out)
    assert (code, stdout, err) == (0, "", "")
    assert out.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
    book = openpyxl.load_workbook(out, data_only=True)
    assert book["summary"]["B5"].value == pytest.approx(3.392)
    code, _, err = run("score", DEMO_RULES, DEMO_EVIDENCE, "-o", tmp_path / "report.xls")
    assert code == 2 and "cannot write" in err and "use --format" in err


def test_show_and_progress_workbooks(tmp_path):
    code, _, _ = run("show", SEED, "-o", tmp_path / "plan.xlsx")
    assert code == 0
    path = tmp_path / "plan.xlsx"
    cells = recalculate(path)
    shown = json.loads(run("show", SEED, "--format", "json")[1])
    total_row = len(shown["projects"]) + 2
    assert cells[("PROJECTS", f"E{total_row}")] == pytest.approx(shown["totals"]["budget"])
    code, _, _ = run("progress", SEED, ROOT / "cases" / "bma-csc-2563" / "progress-mid-year.yaml", "--as-of",
                     "2563-03-31", "-o", tmp_path / "progress.xlsx")
    book = openpyxl.load_workbook(tmp_path / "progress.xlsx", data_only=True)
    rows = list(book["progress"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert rows[0][0] == "district-office-structure" and rows[0][4] == pytest.approx(rows[0][3] - rows[0][2])


def _kpi(*args, stdout):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kpiengine", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, env=env, timeout=120)


def test_a_workbook_is_never_written_to_a_terminal_but_may_go_down_a_pipe():
    import os
    import pty
    import select
    import subprocess

    master, slave = pty.openpty()
    try:
        done = _kpi("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "xlsx", stdout=slave)
        shown = b""
        while select.select([master], [], [], 0.2)[0]:
            shown += os.read(master, 65536)
    finally:
        os.close(slave)
        os.close(master)
    assert done.returncode == 2
    assert "refusing to write a binary workbook to the terminal" in done.stderr.decode()
    assert b"PK" not in shown
    piped = _kpi("score", DEMO_RULES, DEMO_EVIDENCE, "--format", "xlsx", stdout=subprocess.PIPE)
    assert piped.returncode == 0 and piped.stdout[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(piped.stdout), data_only=True)
    assert book["summary"]["B5"].value == pytest.approx(3.392)
