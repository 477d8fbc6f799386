"""The seed plan, finished (issue 13, point 9): what the printed plan states is plan data.

Every expectation cites the line of ../shared/seed/plan-2563.txt it was read from.
"""

from __future__ import annotations

import re

import pytest

from kpiengine import load_rules
from tests.conftest import ROOT, SHARED, run

SEED = ROOT / "rules" / "bma-csc-2563"
PRINTED = SHARED / "seed" / "plan-2563.txt"


@pytest.fixture(scope="module")
def seed():
    return load_rules(SEED)


def test_the_seed_plan_checks_clean_of_errors():
    code, out, _ = run("check", SEED)
    assert code == 0 and "[error]" not in out


def test_vision_and_mission_as_printed(seed):
    if PRINTED.exists():
        lines = PRINTED.read_text(encoding="utf-8").splitlines()
        assert seed.plan.vision == lines[233 - 1]  # L233, with its misprint "พัฒนาา"
        assert seed.plan.mission == lines[237 - 1]  # L237
    assert seed.plan.vision.startswith("เป็นต้นแบบการพัฒนาาระบบ")


def test_the_seven_divisions_in_printed_order(seed):
    # L66, L79, L87, L94, L104, L112, L122: "(n) <name> มีอำนาจหน้าที่ ดังนี้"
    assert [(d.number, d.name) for d in seed.plan.divisions] == [
        (1, "กองบริหารทั่วไป"), (2, "กองสรรหาบุคคล"), (3, "กองพัฒนาระบบราชการกรุงเทพมหานคร"),
        (4, "กองอัตรากำลัง"), (5, "กองทะเบียนประวัติข้าราชการ"), (6, "กองวินัยและเสริมสร้างจริยธรรม"),
        (7, "กองพิทักษ์ระบบคุณธรรม")]
    if PRINTED.exists():
        lines = PRINTED.read_text(encoding="utf-8").splitlines()
        for division, line in zip(seed.plan.divisions, (66, 79, 87, 94, 104, 112, 122), strict=True):
            assert f"({division.number}) {division.name} มีอำนาจหน้าที่" in lines[line - 1]


def test_every_owner_and_work_group_names_a_division_or_its_group(seed):
    divisions = {d.name for d in seed.plan.divisions}
    groups = {g for d in seed.plan.divisions for g in d.work_groups or []}
    for indicator in seed.indicators.values():
        owners = indicator.spec.owner
        for owner in [owners] if isinstance(owners, str) else owners or []:
            assert owner in divisions, (indicator.id, owner)  # two divisions are a list, not "a, b"
        work = indicator.spec.work_group
        for group in [work] if isinstance(work, str) else work or []:
            assert group.split(" (")[0] in groups, (indicator.id, group)


def test_table_kho_links_of_hr_systems_developed(seed):
    spec = seed.indicators["hr-systems-developed"].spec
    assert spec.measure == ["mn-7322-hr-integration", "m-7322-performance-mgmt"]  # L659: 1. (มน.) 2. (ม.)
    assert spec.owner == ["กองอัตรากำลัง", "กองพัฒนาระบบราชการกรุงเทพมหานคร"]  # L659
    assert seed.indicators["individual-assessment-system"].spec.work_group == "กลุ่มงานประเมินบุคคล"  # L659


def test_the_misprints_are_noted(seed):
    noted = {e.source for e in seed.plan.errata}
    for line in ("L5", "L13", "L485", "L607", "L873"):
        assert any(re.search(rf"\b{line}\b", source) for source in noted), line
    by_line = {e.source: (e.printed, e.reads) for e in seed.plan.errata}
    assert by_line["plan-2563.txt L485"][0].endswith("กทท/รัฐบาล/อื่นๆ")
    assert by_line["plan-2563.txt L873"] == ("สำนักงาน ก.น.", "สำนักงาน ก.ก.")


def test_rule_files_cite_the_seed_by_a_relative_path():
    for path in SEED.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and not re.search(r"(?m)^#.*\s/\w", text), path.name
    assert "../shared/seed/plan-2563.txt" in (SEED / "plan.yaml").read_text(encoding="utf-8")
