"""kpi explain --lang th|en: Thai words around the same arithmetic; English (and the JSON) exactly as before.

The English fixtures in tests/fixtures/explain/golden are the outputs of `kpi explain` and of the JSON
report's explanations taken before --lang existed; the Thai output must carry the same numbers and operators,
line for line, with Buddhist Era dates and no English word left but ids, input names, formulas and rule keys.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from datetime import date

import pytest

from kpiengine.locale.build import parse_po
from kpiengine.reports import explain, template, words
from kpiengine.reports.explain import explain_text
from kpiengine.reports.i18n import show_date, use

from .conftest import DEMO_EVIDENCE, DEMO_RULES, ROOT, run
from .explain_support import FILE_RUNS, evaluations, file_args, golden_explanations, golden_text

PO = ROOT / "kpiengine" / "locale" / "th" / "LC_MESSAGES" / "kpiengine.po"
SECTION = "# --- kpi explain ---"
RUNS = evaluations()
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# what must be equal between the languages: numbers and the arithmetic's operators (whitespace aside)
ARITHMETIC = re.compile(r"\d+(?:\.\d+)?|[×−=+/→<>≤%\-\[\]]")
# English words a Thai line may keep: rule keys and the values of keys, as the rule files spell them
KEYS = {"below_first_level", "on_missing", "days_late", "targets_by_year", "step_days", "progress", "ratio",
        "pass_fail", "min", "null", "zero", "exclude", "error", "levels", "deadline", "steps", "external",
        "percent", "count", "number", "currency", "date", "milestone", "score"}


def thai_dates(text: str) -> str:
    """`text` with each ISO date written as a Thai reader reads it."""
    with use("th"):
        return ISO.sub(lambda m: show_date(date(int(m[1]), int(m[2]), int(m[3]))), text)


def kept_words(ruleset, evaluation) -> set[str]:
    """The words of a run that no language changes: ids, names, input names, formulas, the unit's name."""
    text = [evaluation.plan, ruleset.plan.title, evaluation.unit or ""]
    text += [f"{d.id} {d.name}" for d in ruleset.dimensions]
    for ident, ind in ruleset.indicators.items():
        text += [ident, ind.name, ind.unit, ind.method, ind.formula.text if ind.formula is not None else ""]
        text += list(getattr(ind, "inputs", None) or ())
    return {w for t in text for w in re.findall(r"[A-Za-z_]+", t)} | KEYS


@pytest.mark.parametrize("case", FILE_RUNS, ids=[r[0] for r in FILE_RUNS])
def test_english_is_what_it_was(case):
    expected = golden_text(case[0])
    codes = set()
    for lang in ([], ["--lang", "en"]):
        code, out, _ = run("explain", *file_args(case), *lang)
        assert out == expected
        codes.add(code)
    assert codes == ({1} if "four" in case[0] else {0})  # four.yaml has faults in its values


@pytest.mark.parametrize("case", FILE_RUNS, ids=[r[0] for r in FILE_RUNS])
def test_the_json_explanations_stay_english(case):
    _, out, _ = run("score", *file_args(case), "--format", "json")
    assert {i["id"]: i["explanation"] for i in json.loads(out)["indicators"]} == golden_explanations(case[0])


@pytest.mark.parametrize("name, ruleset, evaluation", RUNS, ids=[r[0] for r in RUNS])
def test_thai_keeps_the_arithmetic_line_for_line(name, ruleset, evaluation):
    english = explain_text(ruleset, evaluation)
    with use("th"):
        thai = explain_text(ruleset, evaluation)
    assert english == explain_text(ruleset, evaluation)  # the language of one report does not stay behind
    assert not ISO.search(thai), "dates in Thai read 30 ก.ย. 2563"
    en_lines, th_lines = thai_dates(english).splitlines(), thai.splitlines()
    assert len(en_lines) == len(th_lines)
    kept = kept_words(ruleset, evaluation)
    for en, th in zip(en_lines, th_lines, strict=True):
        assert ARITHMETIC.findall(en) == ARITHMETIC.findall(th), (en, th)
        if en.strip().startswith(("error:", "also:")):
            continue  # an evidence fault's detail is the evidence checker's words
        left = set(re.findall(r"[A-Za-z_]+", th)) - kept
        assert not left, (th, left)
        if en.strip() != th.strip():  # a line that changed changed into Thai
            assert re.search("[\u0e00-\u0e7f]", th), th


def test_the_demo_in_thai():
    code, out, _ = run("explain", DEMO_RULES, DEMO_EVIDENCE, "--lang", "th", "--indicator", "report-delivered")
    assert code == 0
    assert out.splitlines() == [
        "แผน demo-2563 — ตัวอย่างแผน",
        "ช่วงคะแนน [1, 5], คะแนนเมื่อไม่ถึงระดับแรก (below_first_level) 0, on_missing zero",
        "หน่วยงาน สำนักงานตัวอย่าง, ข้อมูล ณ วันที่ 31 ต.ค. 2563",
        "",
        "report-delivered — ส่งรายงานภายในกำหนด",
        "  มิติ efficiency (ประสิทธิภาพ), น้ำหนัก 100, หน่วยวัด วันที่ (date), วิธีให้คะแนน ตามจำนวนวันที่ล่าช้า "
        "(deadline), สถานะ ได้คะแนน",
        "  ข้อมูลนำเข้า: delivered = 20 ต.ค. 2563",
        "  ส่งมอบ 20 ต.ค. 2563, กำหนดส่ง 30 ก.ย. 2563: days_late = 20 (ล่าช้า 20 วัน)",
        "  ค่าเป้าหมาย: ส่งมอบภายใน 30 ก.ย. 2563: ส่งมอบ 20 ต.ค. 2563 → ไม่บรรลุเป้าหมาย",
        "  กำหนดส่งมอบ (step_days 15): ทันกำหนด → 5, ล่าช้า 1–15 วัน → 4, 16–30 วัน → 3, 31–45 วัน → 2, "
        "46–60 วัน → 1, ช้ากว่านั้นหรือไม่ส่งมอบ → 0",
        "  → ระดับ 3: 3",
        "  คะแนน = 3",
        "  คะแนนถ่วงน้ำหนัก = 100 × 3 / 100 = 3",
        "  ส่วนในคะแนนมิติ efficiency: 100 × 3 / 100 = 3 จาก 3",
        "  ส่วนในคะแนนรวม: 3 × 30 / 100 = 0.9",
        "",
        "คะแนนมิติ efficiency — ประสิทธิภาพ = (100 × 3) / (100) = 3",
        "คะแนนรวม = (70 × 3.56 + 30 × 3) / (70 + 30) = 3.392",
    ]


def test_a_thai_formula_keeps_its_continuation_under_the_formula():
    _, out, _ = run("explain", DEMO_RULES, DEMO_EVIDENCE, "--lang", "th", "--indicator", "satisfaction")
    lines = out.splitlines()
    at = lines.index("  สูตร: satisfied * 100 / respondents")
    # "สูตร: " takes 5 columns (the vowel mark ู takes none): "=" two columns before the formula's first letter
    assert lines[at + 1:at + 3] == ["     = 33 * 100 / 50", "     = 66"]


def test_the_plans_language_is_the_default_but_not_for_json(tmp_path):
    rules = tmp_path / "demo"
    shutil.copytree(DEMO_RULES, rules)
    plan = rules / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "language: th\n", encoding="utf-8")
    assert run("explain", rules, DEMO_EVIDENCE)[1] == run("explain", DEMO_RULES, DEMO_EVIDENCE, "--lang", "th")[1]
    assert run("explain", rules, DEMO_EVIDENCE, "--lang", "en")[1] == golden_text("demo")

    def explanations(*args):
        code, out, _ = run("score", rules, DEMO_EVIDENCE, "--format", "json", *args)
        assert code == 0
        return {i["id"]: i["explanation"] for i in json.loads(out)["indicators"]}

    assert explanations() == golden_explanations("demo")  # SPEC §7's JSON does not follow the plan's language
    thai = explanations("--lang", "th")["report-delivered"]
    assert thai.startswith("ส่งมอบ 20 ต.ค. 2563, กำหนดส่ง 30 ก.ย. 2563: days_late = 20 (ล่าช้า 20 วัน); ")
    assert thai.endswith("; → ระดับ 3: 3")


def test_an_unknown_language_is_a_usage_error():
    code, _, err = run("explain", DEMO_RULES, DEMO_EVIDENCE, "--lang", "fr")
    assert code == 2 and "'fr' is not one of 'en', 'th'" in err


def message_ids(module=explain) -> list[tuple[int, str | None]]:
    """(line, message id) of every _() call in `module`; None when the id is not a plain string."""
    tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    return [(node.lineno, node.args[0].value if isinstance(node.args[0], ast.Constant) else None)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"]


def test_every_message_of_kpi_explain_has_thai_with_the_same_placeholders():
    catalog = parse_po(PO.read_text(encoding="utf-8"))
    ids = message_ids()
    assert len(ids) > 40
    for line, msgid in ids:
        assert msgid is not None, f"explain.py:{line}: _() of something else than a string the catalog can hold"
        assert msgid in catalog, f"explain.py:{line}: no Thai for {msgid!r}"
        assert sorted(re.findall(r"\{\w+\}", msgid)) == sorted(re.findall(r"\{\w+\}", catalog[msgid])), msgid


def test_the_kpi_explain_words_are_one_section_of_the_catalog():
    text = PO.read_text(encoding="utf-8")
    assert text.count(SECTION) == 1
    start = text.index(SECTION)
    end = text.find("\n# --- ", start + 1)  # another section after this one, or the end of the file
    section, rest = text[start:] if end < 0 else text[start:end], text[:start] + ("" if end < 0 else text[end:])
    own, others = parse_po(section), parse_po(rest)
    used = {msgid for _, msgid in message_ids()}
    template_words = {msgid for _, msgid in message_ids(template)}  # column D's types and units
    template_words |= set(words.METHODS.values())  # how each scoring method works, beside its key
    assert own and set(own) <= used | template_words, "only the words of kpi explain (and the template's types)"
    assert used <= set(own) | set(others)
    assert not set(own) & set(others), "a word the catalog already has is not repeated"
