"""Browser tests: Debian's Chromium driven by Playwright against a real ``kpi serve``.

Log in, fill the form with Thai digits, a Thai date and a deliverable 20
days late, see the score and its explanation, upload an evidence file, look at
the round overview. Screenshots go to tests/web/artifacts/. Skipped only when
/usr/bin/chromium is absent (.ci/run installs it).
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest

from tests.web.conftest import ARTIFACTS, DEMO_EVIDENCE, PASSWORD, UNIT_A, fill_unit_column

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    yield pg
    context.close()


def shot(pg, name):
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=True)


def log_in(pg, server, name):
    pg.goto(server.url + "/")
    pg.fill("input[name=username]", name)
    pg.fill("input[name=password]", PASSWORD)
    pg.click("button[type=submit]")


def test_reporter_fills_the_form_and_sees_scores_and_explanations(server, page):
    log_in(page, server, "rep-a")
    page.wait_for_url(f"**/units/{quote(UNIT_A, safe='')}")
    assert page.locator("h1").inner_text() == UNIT_A
    page.fill("input[name=as_of]", "๓๑ ต.ค. ๒๕๖๓")
    page.fill("input[name='v|satisfaction|satisfied']", "๓๓")
    page.fill("input[name='v|satisfaction|respondents']", "50")
    page.check("input[name='done|review-steps|1']")
    page.check("input[name='done|review-steps|2']")
    page.fill("input[name='part|review-steps|3']", "0.5")
    page.fill("input[name='v|report-delivered|delivered']", "20 ต.ค. 2563")  # due 30 ก.ย. 2563: 20 days late
    page.click("button.primary")
    page.wait_for_selector(".notice")
    # SPEC appendix A worked by hand: 3.6, 3.5 and 3 (16–30 days late, step 15) → overall 3.392
    assert page.locator("#overall").inner_text() == "3.3920"
    assert page.locator("#version").inner_text() == "1"
    late = page.locator("#ind-report-delivered")
    assert late.locator(".score").inner_text() == "3.0000"
    # kpi explain --lang th's lines on the Thai page: the words Thai, the dates BE, the arithmetic as in English
    explained = late.locator("pre.explain").inner_text()
    assert "ส่งมอบ 20 ต.ค. 2563, กำหนดส่ง 30 ก.ย. 2563: days_late = 20 (ล่าช้า 20 วัน)" in explained
    assert "→ ระดับ 3: 3" in explained and "days late" not in explained
    assert page.locator("#ind-satisfaction .score").inner_text() == "3.6000"
    assert page.input_value("input[name='v|satisfaction|satisfied']") == "๓๓"  # kept as typed
    shot(page, "unit-form-saved.png")
    page.fill("input[name='v|satisfaction|respondents']", "ห้าสิบ")
    page.click("button.primary")
    page.wait_for_selector("#ind-satisfaction .fault")
    # the page is Thai: the fault is said in Thai, the value typed quoted as typed
    assert "ต้องเป็นตัวเลข แต่ได้รับ 'ห้าสิบ' (EV03)" in page.locator("#ind-satisfaction .fault").inner_text()
    shot(page, "unit-form-fault.png")
    assert page.problems == []


def test_upload_an_evidence_file_then_the_overview(server, page, tmp_path):
    log_in(page, server, "rep-a")
    page.wait_for_selector("input[type=file]")
    upload = tmp_path / "ผลงาน-2563.yaml"
    upload.write_text(DEMO_EVIDENCE.read_text(encoding="utf-8").replace("satisfied: 33", "satisfied: 40"),
                      encoding="utf-8")
    page.set_input_files("input[type=file]", str(upload))
    page.click("form.upload button")
    page.wait_for_selector(".notice")
    # satisfaction 40/50 = 80 → level 5; effectiveness (60·5 + 40·3.5)/100 = 4.4; 0.7·4.4 + 0.3·3 = 3.98
    assert page.locator("#overall").inner_text() == "3.9800"
    shot(page, "unit-upload.png")
    page.click("form.inline button")  # log out
    log_in(page, server, "eva")
    page.goto(server.url + "/units?lang=en")
    rows = page.locator("table.overview tr")
    assert rows.nth(1).locator("td").nth(1).inner_text() == UNIT_A
    assert rows.nth(1).locator("td").nth(2).inner_text() == "3.9800"
    assert page.locator("tr.missing").count() == 2  # the two other reporters' units have no evidence
    shot(page, "overview-en.png")
    page.goto(server.url + f"/units/{quote(UNIT_A, safe='')}/history")
    assert page.locator("table.grid tr").count() == 2  # a header and the one version
    assert page.problems == []


def test_download_the_excel_template_fill_it_and_upload_it(server, page, tmp_path):
    # The reporter follows the page's template link, fills its own column as an evaluator would (Thai digits,
    # a Thai date, a delivery 20 days late) and uploads the workbook: the scores of SPEC appendix A.
    import openpyxl

    log_in(page, server, "rep-a")
    page.wait_for_selector('a[href="/template.xlsx"]')
    with page.expect_download() as download:
        page.click('a[href="/template.xlsx"]')
    path = tmp_path / "แม่แบบ.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    sheet = book["evidence"]
    fill_unit_column(sheet, UNIT_A, delivered="20 ต.ค. 2563")
    book.save(path)
    page.set_input_files("input[type=file]", str(path))
    page.click("form.upload button")
    page.wait_for_selector(".notice")
    # 33/50 → 66 → 3.6; progress 70 → 3.5; 20 days late, step 15 → 3; 0.7 × 3.56 + 0.3 × 3 = 3.392
    assert page.locator("#overall").inner_text() == "3.3920"
    shot(page, "unit-template-upload.png")
    assert page.problems == []
