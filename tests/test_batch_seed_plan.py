"""The batch engine equals the scalar engine on every indicator of the seed plan (issue 9, point 4).

Random valid evidence for each indicator of rules/bma-csc-2563 (the
strategies of `kpiengine.testing`, drawn from each input's declared
domain), a unit per row, some cells emptied or made faulty; and every
evidence file and golden case of cases/bma-csc-2563 as a table row.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiengine import evaluate, evaluate_batch, load_rules
from kpiengine.engine.batch.table import evidence_cells
from kpiengine.evidence.document import evidence_from_mapping
from kpiengine.evidence.table import read_grid
from kpiengine.sources.yaml_reader import load_file
from kpiengine.testing import evidence_for
from tests.batch_support import differences

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules(ROOT / "rules" / "bma-csc-2563")
CASES = sorted((ROOT / "cases" / "bma-csc-2563").glob("*.yaml"))
FAULTS = st.sampled_from([None, "", "many", -1, "๑,๐๐๐", 1e9, "2563-13-01", 0])


def _grid(rows: list[dict]) -> list[list]:
    names = ["unit"] + sorted({k for row in rows for k in row} - {"unit"})
    return [names] + [[row.get(name) for name in names] for row in rows]


@st.composite
def seed_rows(draw):
    rows = []
    for i in range(draw(st.integers(1, 4))):
        row = {"unit": f"u{i}"}
        for indicator in RULES.indicators.values():
            if draw(st.integers(0, 7)) == 0:
                continue  # no evidence for this indicator
            values = draw(evidence_for(RULES, indicator.id))
            row.update(evidence_cells(RULES, _entry(indicator.id, values)))
        for name in list(row):
            if name != "unit" and draw(st.integers(0, 15)) == 0:
                row[name] = draw(FAULTS)
        rows.append(row)
    return rows


def _entry(ident, values):
    return evidence_from_mapping({"plan": RULES.plan.id, "values": {ident: values}}, None, file="<drawn>")


def _compare(rows):
    grid = _grid(rows)
    table = {name: [row[j] for row in grid[1:]] for j, name in enumerate(grid[0])}
    batch = evaluate_batch(RULES, table, source="seed.csv")
    evidences = read_grid(grid, "seed.csv", None, RULES)
    assert len(evidences) == len(batch)
    for row, evidence in enumerate(evidences):
        assert differences(batch, row, evaluate(RULES, evidence)) == [], (row, rows[row])


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(seed_rows())
def test_seed_plan_batch_equals_scalar(rows):
    _compare(rows)


def test_every_seed_case_as_a_table_row():
    """Each evidence file and golden case, its values put in a units-layout row: the same scores, statuses
    and error codes as the scalar engine on that row (faulty entries that have no cells, such as a
    'completed' that is not a list, are left out: a table cannot hold them)."""
    rows = []
    for path in CASES:
        documents, _ = load_file(path)
        for number, document in enumerate(d for d in documents if isinstance(d.data, dict)):
            values = (document.data.get("evidence") or document.data).get("values") or {}
            row = {"unit": f"{path.stem}-{number}"}
            for ident, entry in values.items():
                if isinstance(entry, dict) and isinstance(entry.get("completed", []), list):
                    row.update(evidence_cells(RULES, _entry(ident, entry)))
            rows.append(row)
    assert len(rows) >= len(CASES) >= 8
    _compare(rows)
