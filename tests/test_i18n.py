"""Thai and English: the catalog covers every word the reports use, the compiled catalog is current,
dates read as Thai evaluators read them, and the language of one run does not leak into another."""

from __future__ import annotations

import re
import threading
from datetime import date
from pathlib import Path
from typing import get_args

import pytest

from kpiengine.locale.build import mo_bytes, parse_po
from kpiengine.reports import score as score_report
from kpiengine.reports.i18n import MONTHS, _, language, show_date, use
from kpiengine.reports.words import EVIDENCE_SUMMARIES, METHODS
from kpiengine.reports.xlsx import plan as xlsx_plan
from kpiengine.reports.xlsx import score as xlsx_score
from kpiengine.reports.xlsx.template import INSTRUCTIONS
from kpiengine.rules.models import IndicatorSpec

from .conftest import DEMO_EVIDENCE, DEMO_RULES, ROOT, run

LOCALE = ROOT / "kpiengine" / "locale" / "th" / "LC_MESSAGES"
CATALOG = parse_po((LOCALE / "kpiengine.po").read_text(encoding="utf-8"))


def used_message_ids() -> set[str]:
    """Every English message id the report code passes to the catalog."""
    ids: set[str] = set()
    for path in (ROOT / "kpiengine" / "reports").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        ids |= set(re.findall(r'''\b_\(\s*"([^"]+)"\s*\)''', text))
        ids |= set(re.findall(r"""\b_\(\s*'([^']+)'\s*\)""", text))
        ids |= set(re.findall(r'''_both\(\s*"([^"]+)"''', text))
    plan_source = Path(xlsx_plan.__file__).read_text(encoding="utf-8")
    for titles in re.findall(r"_header\(wb, ws, \(([^)]*)\)", plan_source, re.S):
        ids |= set(re.findall(r'"([^"]+)"', titles))
    ids |= set(xlsx_score.IND_COLUMNS) | set(xlsx_score.DIM_COLUMNS) | set(score_report.HEADER) | set(MONTHS)
    ids |= {text for (text,) in INSTRUCTIONS} | set(EVIDENCE_SUMMARIES.values()) | set(METHODS.values())
    ids |= set(get_args(IndicatorSpec.model_fields["unit"].annotation))  # kpi explain's unit words
    ids |= {"scored", "missing", "excluded", "error", "ahead", "behind", "on track", "no evidence", "funded",
            "not funded", "no budget", "budgeted"}
    return ids


def test_every_report_word_has_a_thai_translation():
    missing = sorted(used_message_ids() - set(CATALOG))
    assert missing == []


def test_the_compiled_catalog_is_the_source_compiled():
    assert (LOCALE / "kpiengine.mo").read_bytes() == mo_bytes(CATALOG), "run: python -m kpiengine.locale.build"


def test_placeholders_survive_translation():
    for english, thai in CATALOG.items():
        assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", thai)), english


@pytest.mark.parametrize("day, thai, english", [
    (date(2020, 9, 30), "30 ก.ย. 2563", "2020-09-30"),
    (date(2019, 10, 1), "1 ต.ค. 2562", "2019-10-01"),
    (date(2020, 2, 29), "29 ก.พ. 2563", "2020-02-29"),
])
def test_dates(day, thai, english):
    with use("th"):
        assert show_date(day) == thai
    assert show_date(day) == english


def test_language_is_per_context_not_global():
    seen = {}

    def worker(lang):
        with use(lang):
            seen[lang] = [_("overall score") for _n in range(200)]

    threads = [threading.Thread(target=worker, args=(lang,)) for lang in ("th", "en", "th", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(seen["th"]) == {"คะแนนรวม"} and set(seen["en"]) == {"overall score"}
    assert language() == "en"


def test_lang_th_on_the_command_line():
    code, out, _ = run("score", DEMO_RULES, DEMO_EVIDENCE, "--lang", "th")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "หน่วยงาน สำนักงานตัวอย่าง, ข้อมูล ณ วันที่ 31 ต.ค. 2563, on_missing zero"
    assert "ภายใน 30 ก.ย. 2563" in out and lines[-1] == "คะแนนรวม 3.3920"
    assert "satisfaction" in out and "ร้อยละความพึงพอใจของหน่วยงาน" in out  # the Thai name beside the id
    code, _, err = run("score", DEMO_RULES, DEMO_EVIDENCE, "--lang", "fr")
    assert code == 2 and "'fr' is not one of 'en', 'th'" in err


def test_evidence_errors_in_thai_are_thai(write):
    """The whole message in Thai (tests/test_evidence_messages.py: every message, and the fallback to the code's
    Thai summary before the English message when the catalog cannot say one)."""
    evidence = write("e.yaml", """\
        kind: evidence
        plan: demo-2563
        values:
          satisfaction: {satisfied: 60, respondents: 50}
        """)
    code, out, _ = run("score", DEMO_RULES, evidence, "--lang", "th")
    assert code == 1
    assert "satisfaction: ข้อมูลนำเข้า 'satisfied' ของตัวชี้วัด 'satisfaction' ต้องไม่เกิน respondents (50) " \
           "แต่ได้รับ 60" in out
    assert EVIDENCE_SUMMARIES["EV04"] == "a value outside its declared bounds"


def test_the_plans_language_is_the_default(tmp_path):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, rules)
    plan = next(p for p in rules.glob("*.yaml") if "kind: plan" in p.read_text(encoding="utf-8"))
    plan.write_text(plan.read_text(encoding="utf-8").replace("kind: plan\n", "kind: plan\nlanguage: th\n"),
                    encoding="utf-8")
    assert run("check", rules)[0] == 0
    code, out, _ = run("score", rules, DEMO_EVIDENCE)
    assert code == 0 and out.splitlines()[-1] == "คะแนนรวม 3.3920"
    code, out, _ = run("score", rules, DEMO_EVIDENCE, "--lang", "en")
    assert out.splitlines()[-1] == "overall score 3.3920"


@pytest.mark.parametrize("lang, line", [
    (None, "no evidence for 1 of 3 indicators (on_missing zero): review-steps"),
    ("th", "ไม่มีข้อมูลผลการดำเนินงาน 1 จาก 3 ตัวชี้วัด (on_missing zero): review-steps"),
])
def test_the_line_on_indicators_without_evidence_is_in_the_reports_language(write, lang, line):
    text = DEMO_EVIDENCE.read_text(encoding="utf-8")
    values = text.index("  review-steps:")  # the demo evidence without its milestone indicator
    rest = text[values + 1:]
    following = re.search(r"^  \S", rest, re.M)
    evidence = write("partial.yaml", text[:values] + (rest[following.start():] if following else ""))
    code, out, _ = run("score", DEMO_RULES, evidence, *(["--lang", lang] if lang else []))
    assert code == 0 and line in out.splitlines()
