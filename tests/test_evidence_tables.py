"""Evidence tables (CSV): both layouts read like YAML evidence, faults located at their cells."""

import pytest

from kpiengine import evaluate, load_evidence, load_rules
from kpiengine.evidence.columns import evidence_columns, split_column
from kpiengine.evidence.table import cell_name, read_grid, read_table

from .conftest import DEMO_EVIDENCE, DEMO_RULES


@pytest.fixture(scope="module")
def demo():
    return load_rules(DEMO_RULES)


def test_columns_are_named_from_the_rule_set(demo):
    assert [c.name for c in evidence_columns(demo)] == [
        "satisfaction.satisfied", "satisfaction.respondents",
        "review-steps.step.1", "review-steps.step.2", "review-steps.step.3", "review-steps.step.4",
        "report-delivered.delivered"]
    assert split_column("review-steps.step.2", demo) == ("review-steps", "step.2")
    assert split_column("nothing.x", demo) == ("nothing", "x")


@pytest.mark.parametrize("row, column, name", [(0, 0, "A1"), (6, 7, "H7"), (0, 25, "Z1"), (1, 26, "AA2"),
                                               (2, 701, "ZZ3"), (0, 702, "AAA1")])
def test_cell_names(row, column, name):
    assert cell_name(row, column) == name


UNITS = """\
unit,as_of,satisfaction.satisfied,satisfaction.respondents,review-steps.step.1,review-steps.step.2,review-steps.step.3,review-steps.step.4,report-delivered.delivered
สำนักงานตัวอย่าง,2563-10-31,๓๓,50,1,1,0.5,,20 ต.ค. 2563
เขตดุสิต,,"1,000",2000,,,,,
เขตว่าง,,,,,,,,
"""


def test_units_layout_scores_like_the_yaml_evidence(tmp_path, demo):
    path = tmp_path / "units.csv"
    path.write_text("\ufeff" + UNITS, encoding="utf-8")  # with a byte-order mark, as Excel saves it
    first, second, empty = read_table(path, demo)
    reference = evaluate(demo, load_evidence(DEMO_EVIDENCE)).to_json()
    got = evaluate(demo, first).to_json()
    # The same numbers as SPEC appendix A (3.6, 3.5, 3 → 3.392): Thai digits and a Thai date typed in cells.
    assert got["overall"] == reference["overall"] == {"score": pytest.approx(3.392)}
    assert [i["score"] for i in got["indicators"]] == [i["score"] for i in reference["indicators"]]
    assert got["unit"] == "สำนักงานตัวอย่าง" and got["as_of"] == "2020-10-31"
    # เขตดุสิต: 1,000 of 2,000 = 50 → level 2 (2.0); steps left empty are not started (progress 0 → below
    # level 1 → 0); an empty delivery date is not delivered (0).
    second_result = evaluate(demo, second)
    assert [(r.id, r.status, r.score) for r in second_result.indicators] == [
        ("satisfaction", "scored", 2.0), ("review-steps", "missing", 0.0), ("report-delivered", "missing", 0.0)]
    # A row with only the unit's name has no evidence at all.
    assert [r.status for r in evaluate(demo, empty).indicators] == ["missing"] * 3


def test_a_fault_names_the_cell(tmp_path, demo):
    path = tmp_path / "units.csv"
    path.write_text("unit,satisfaction.satisfied,satisfaction.respondents,report-delivered.delivered\n"
                    "a,60,50,2563-13-01\n", encoding="utf-8")
    (evidence,) = read_table(path, demo)
    errors = evaluate(demo, evidence).errors
    assert [(e.code, e.location.text, e.subject) for e in errors] == [
        ("EV04", f"{path}:B2", "satisfaction"), ("EV03", f"{path}:D2", "report-delivered")]
    assert "must be at most respondents (50), got 60" in errors[0].message


def test_inputs_layout_is_the_transposed_table(tmp_path, demo):
    path = tmp_path / "inputs.csv"
    path.write_text("indicator,name,input,unit A,unit B\n"
                    "as_of,,,2563-10-31,\n"
                    "satisfaction,ร้อยละ,satisfied,33,10\n"
                    "satisfaction,ร้อยละ,respondents,50,0\n"
                    "review-steps,,step.1,1,\n"
                    "review-steps,,step.2,1,\n"
                    "review-steps,,step.3,0.5,\n"
                    "report-delivered,,delivered,2563-10-20,\n", encoding="utf-8")
    a, b = read_table(path, demo)
    assert a.unit == "unit A" and b.unit == "unit B"
    assert evaluate(demo, a).overall == pytest.approx(3.392)
    # unit B: satisfied 10 > respondents 0, and respondents 0 < min 1: both at unit B's cells (column E).
    assert [(e.code, e.location.text) for e in evaluate(demo, b).errors] == [
        ("EV04", f"{path}:E3"), ("EV04", f"{path}:E4")]


def test_a_step_written_as_a_percentage_gets_a_hint(demo):
    (evidence,) = read_grid([["unit", "review-steps.step.3"], ["a", "50"]], "t.xlsx", "evidence", demo)
    (error,) = evaluate(demo, evidence).errors
    assert error.location.text == "t.xlsx:evidence!B2"
    assert error.code == "EV04" and "write 0.5" in error.message


@pytest.mark.parametrize("grid, words", [
    ([], "empty table"),
    ([["a", "b"], ["1", "2"]], "expected a 'unit' column"),
])
def test_a_grid_that_is_no_evidence_table_is_refused(demo, grid, words):
    from kpiengine import EvidenceFileError
    with pytest.raises(EvidenceFileError, match=words):
        read_grid(grid, "t.csv", None, demo)


def test_unknown_columns_are_faults_of_each_unit_that_filled_them(demo):
    (evidence,) = read_grid([["unit", "satisfaction.satisfed", "satisfacton.x"], ["a", "1", "2"]], "t.csv", None,
                            demo)
    codes = sorted((e.code, e.location.text) for e in evaluate(demo, evidence).errors)
    # satisfed: unknown (EV02), so satisfied and respondents are missing (EV05 twice, at the indicator's cell)
    assert codes == [("EV01", "t.csv:C2"), ("EV02", "t.csv:B2"), ("EV05", "t.csv:B2"), ("EV05", "t.csv:B2")]


def test_long_unknown_names_are_shortened_in_messages(demo):
    # A 100,000-character unknown indicator id and a 5,000-character unknown input are named, not echoed whole.
    (evidence,) = read_grid([["unit", "x" * 100_000 + ".a", "satisfaction." + "k" * 5000], ["a", "1", "2"]],
                         "t.csv", None, demo)
    messages = [e.message for e in evaluate(demo, evidence).errors]
    assert messages and max(len(m) for m in messages) < 300
    assert any("(100,000 characters)" in m for m in messages)


def test_evidence_from_bytes_reads_like_a_file_and_names_the_upload(demo):
    from kpiengine import EvidenceFileError, read_evidence

    evidence = read_evidence(DEMO_EVIDENCE.read_bytes(), "upload.yaml")
    assert evaluate(demo, evidence).overall == pytest.approx(3.392)  # SPEC appendix A
    with pytest.raises(EvidenceFileError) as caught:
        read_evidence(b"kind: evidence\nplan: demo-2563\nvalues: [1\n", "upload.yaml")
    assert caught.value.problem.location.file == "upload.yaml" and caught.value.problem.code == "SC01"
    with pytest.raises(EvidenceFileError, match="not UTF-8"):
        read_evidence(b"kind: evidence\n\xff", "upload.yaml")
