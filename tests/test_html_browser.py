"""The HTML reports in a real browser (headless Chromium through Playwright): what a person sees.

Screenshots go to test-artifacts/ (not committed). Needs Debian's chromium at /usr/bin/chromium
(.ci/run installs it with fonts-thai-tlwg when missing); skipped where it is absent.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kpiengine import evaluate, load_evidence, load_rules
from kpiengine.reports.html.score import round_page, unit_page
from kpiengine.reports.i18n import use

from .conftest import ROOT, run
from .xlsx_helpers import golden_evidence

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
SEED = ROOT / "rules" / "bma-csc-2563"
YEAR_END = ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="no chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_page(browser, html: str, name: str):
    """Load `html` from a file; return (page, console errors, requests other than the file itself)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url) if r.url != path.as_uri() else None)
    page.goto(path.as_uri(), wait_until="load")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return page, errors, requests


def test_unit_report_in_thai(browser):
    evaluation = evaluate(load_rules(SEED), load_evidence(YEAR_END))
    with use("th"):
        html = unit_page(evaluation)
    page, errors, requests = open_page(browser, html, "unit-th")
    assert errors == [] and requests == []
    assert page.locator(".overall").inner_text() == "3.8974"
    text = page.locator("body").inner_text()
    assert "คะแนนรวม" in text and "ด้านประสิทธิผลตามพันธกิจ" in text and "31 ต.ค. 2563" in text
    assert "ร้อยละของบริการสาธารณะที่มีการสำรวจว่าควรให้สำนักงานเขตเป็นหน่วยดำเนินการ" in text
    assert page.locator("rect.bar").count() == 4 + 23  # four dimensions, then the 23 indicators
    box = page.locator("rect.bar").first.bounding_box()
    assert box["width"] > 50 and box["height"] > 5  # the bars are drawn, not collapsed
    page.close()


def test_round_report(browser):
    chosen = [g for g in golden_evidence() if g[0].startswith("bma-csc-2563/") and g[1].plan.on_missing == "zero"][:5]
    rules = load_rules(SEED)
    evaluations = [evaluate(rules, e) for _, _, e in chosen]
    page, errors, requests = open_page(browser, round_page(evaluations), "round")
    assert errors == [] and requests == []
    assert page.locator("rect.cell").count() == 5 * 23
    assert page.locator("table").first.locator("tbody tr").count() == 5
    best = max(e.overall for e in evaluations)
    assert page.locator("table").first.locator("tbody tr").first.locator("td").nth(2).inner_text() == f"{best:.4f}"
    page.close()


def test_plan_book_and_progress(browser, tmp_path):
    code, html, _ = run("show", SEED, "--format", "html", "--lang", "th")
    assert code == 0
    page, errors, requests = open_page(browser, html, "plan-book")
    assert errors == [] and requests == []
    assert "โครงการศึกษาทบทวนเพื่อปรับปรุงสมรรถนะของข้าราชการกรุงเทพมหานคร" in page.locator("body").inner_text()
    page.close()
    code, html, _ = run("progress", SEED, ROOT / "cases" / "bma-csc-2563" / "progress-mid-year.yaml", "--as-of",
                        "2563-03-31", "--format", "html")
    page, errors, requests = open_page(browser, html, "progress")
    assert errors == [] and requests == []
    assert page.locator("polyline.planned").count() == 9
    assert page.locator("circle.actual").count() == 4  # the four projects progress-mid-year.yaml reports on
    page.close()


def test_print_layout_is_a4(browser):
    evaluation = evaluate(load_rules(SEED), load_evidence(YEAR_END))
    page, _, _ = open_page(browser, unit_page(evaluation), "unit-en")
    pdf = page.pdf(prefer_css_page_size=True)
    Path(ARTIFACTS / "unit-en.pdf").write_bytes(pdf)
    boxes = {tuple(round(float(x)) for x in m.split()) for m in re.findall(rb"/MediaBox ?\[([^\]]*)\]", pdf)}
    assert pdf[:4] == b"%PDF" and boxes == {(0, 0, 595, 842)}  # the @page size: A4 is 595 × 842 points
    page.close()
