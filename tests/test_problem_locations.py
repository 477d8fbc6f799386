"""One Problem, one Location: the key path is printed in JSON and SARIF; cells format as sheet!cell."""

import json

from kpiengine.core.problems import Location, Problem, sorted_problems

from .conftest import run

BAD_PLAN = """\
kind: plan
id: x-2563
title: t
organization: o
fiscal_year: 2563
dimensions: [{id: a, number: 1, name: a, weight: 100, colour: red}]
"""


def test_json_and_sarif_carry_the_key_path(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(BAD_PLAN, encoding="utf-8")
    _, out, _ = run("check", path, "--format", "json")
    (problem,) = json.loads(out)
    assert (problem["code"], problem["line"], problem["column"]) == ("SC03", 6, 55)
    assert problem["path"] == ["dimensions", 0, "colour"]
    _, out, _ = run("check", path, "--format", "sarif")
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "dimensions.0.colour",
                                                           "kind": "object"}]


def test_one_formatter_for_every_kind_of_location():
    assert Location("r.yaml", 12, 5).text == "r.yaml:12:5"
    assert Location("r.yaml", 12, 5).format(column=False) == "r.yaml:12"
    assert Location("e.xlsx", sheet="evidence", cell="H7").text == "e.xlsx:evidence!H7"
    assert Location("u.csv", cell="B2").text == "u.csv:B2"
    assert str(Problem("EV04", "too big", location=Location("u.csv", cell="B2"))) == "u.csv:B2: too big"


def test_cells_sort_by_row_then_column():
    cells = ["B10", "AA2", "B2", "C1"]
    problems = [Problem("EV03", "x", location=Location("t.csv", cell=c)) for c in cells]
    assert [p.location.cell for p in sorted_problems(problems)] == ["C1", "B2", "AA2", "B10"]
