"""HTML reports as files: self-contained (nothing fetched), every text escaped, charts made of counted shapes."""

from __future__ import annotations

import re

import pytest

from kpiengine import evaluate, load_evidence, load_rules
from kpiengine.reports.html.score import round_page, unit_page
from kpiengine.reports.i18n import use

from .conftest import DEMO_EVIDENCE, DEMO_RULES, ROOT, run
from .xlsx_helpers import golden_evidence

SEED = ROOT / "rules" / "bma-csc-2563"
YEAR_END = ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def assert_self_contained(html: str) -> None:
    assert not re.search(r"<(script|link|iframe|object|embed|img)\b", html, re.I)
    assert not re.search(r"\b(src|srcset|href)\s*=\s*[\"']?(https?:|//|file:|data:)", html, re.I)
    assert "@import" not in html and "url(" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_unit_page_is_self_contained_with_a_bar_per_score():
    evaluation = evaluate(load_rules(SEED), load_evidence(YEAR_END))
    html = unit_page(evaluation)
    assert_self_contained(html)
    scored_dimensions = sum(1 for d in evaluation.dimensions if d.score is not None)
    scored_indicators = sum(1 for r in evaluation.indicators if r.score is not None)
    assert html.count('class="bar"') == scored_dimensions + scored_indicators == 4 + 23  # every indicator of year-end-2563.yaml is scored
    assert '<span class="big overall">3.8974</span>' in html  # 3.89735 half up to 4 decimals
    assert html.count('class="explain"') == len(evaluation.indicators)
    # the explanation of satisfaction-like levels: the formula with values and the segment interpolated in
    assert "presented * 100 / surveyed" in html and "= 37 * 100 / 40" in html
    assert "between level 4 (90) and level 5 (100): 4 + (5 − 4) × (92.5 − 90) / (100 − 90) = 4.25" in html


def test_every_text_from_rules_and_evidence_is_escaped(rules_dir, write):
    rules = load_rules(rules_dir(f"""\
        kind: indicator
        id: rate
        name: '{HOSTILE}'
        dimension: effectiveness
        weight: 100
        unit: percent
        inputs: {{rate: {{type: percent, description: '{HOSTILE}'}}}}
        target: ">= 60"
        scoring: {{levels: [40, 50, 60, 70, 80]}}
        """))
    evidence = write("e.yaml", f"""\
        kind: evidence
        plan: t-2563
        unit: '{HOSTILE}'
        values:
          rate: {{rate: 'x{HOSTILE}'}}
        """)
    evaluation = evaluate(rules, load_evidence(evidence))
    assert evaluation.errors  # the hostile value is an evidence error, shown in the page
    for html in (unit_page(evaluation), round_page([evaluation, evaluation])):
        assert_self_contained(html)
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    code, _, _ = run("show", rules.path, "--format", "html")
    assert code == 0
    assert_self_contained(run("show", rules.path, "--format", "html")[1])


def test_round_page_ranking_heat_map_and_distributions():
    chosen = [g for g in golden_evidence() if g[0].startswith("bma-csc-2563/") and g[1].plan.on_missing == "zero"][:5]
    rules = load_rules(SEED)
    evaluations = [evaluate(rules, e) for _, _, e in chosen]
    html = round_page(evaluations)
    assert_self_contained(html)
    assert html.count('class="cell"') == len(evaluations) * len(rules.indicators)
    assert html.count('class="dot"') == sum(1 for e in evaluations for d in e.dimensions if d.score is not None)
    ranked = sorted(evaluations, key=lambda e: -(e.overall or 0))
    first_row = re.search(r"<tbody><tr[^>]*><td>1</td><td><span class=\"unit\">([^<]*)</span></td><td[^>]*>([^<]*)",
                          html)
    assert first_row.group(2) == f"{ranked[0].overall:.4f}"


def test_thai_page_dates_and_words():
    evaluation = evaluate(load_rules(DEMO_RULES), load_evidence(DEMO_EVIDENCE))
    with use("th"):
        html = unit_page(evaluation)
    assert '<html lang="th">' in html
    assert "คะแนนรวม" in html and "31 ต.ค. 2563" in html and "ภายใน 30 ก.ย. 2563" in html


def test_plan_book_and_progress_pages():
    code, html, _ = run("show", SEED, "--format", "html")
    assert code == 0
    assert_self_contained(html)
    assert "presented * 100 / surveyed" in html  # formulas in the plan book
    assert html.count("<h3>") == 9  # the nine milestone tables of the seed plan
    code, html, _ = run("progress", SEED, ROOT / "cases" / "bma-csc-2563" / "progress-mid-year.yaml", "--as-of",
                        "2563-03-31", "--format", "html", "--lang", "th")
    assert code == 0
    assert_self_contained(html)
    assert html.count('class="planned"') == 9 and "31 มี.ค. 2563" in html


@pytest.mark.parametrize("command", ["score", "show", "progress"])
def test_html_from_the_extension(tmp_path, command):
    out = tmp_path / "r.html"
    args = {"score": ["score", DEMO_RULES, DEMO_EVIDENCE], "show": ["show", DEMO_RULES],
            "progress": ["progress", DEMO_RULES, DEMO_EVIDENCE, "--as-of", "2563-03-31"]}[command]
    code, stdout, _ = run(*args, "-o", out)
    assert code == 0 and stdout == ""
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
