"""Pages: the evidence form read like a file, scores with explanations, stale saves, the round, languages."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from kpiengine.web.i18n import LANGUAGES, WORDS
from tests.web.conftest import DEMO_BODY, EVIL_UNIT, UNIT_A, UNIT_B, auth, csrf_of, fill_unit_column

A = quote(UNIT_A, safe="")

# SPEC appendix A typed as people type it: Thai digits, a Thai date, a delivery 20 days late.
FORM = {"as_of": "๓๑ ต.ค. ๒๕๖๓", "v|satisfaction|satisfied": "๓๓", "v|satisfaction|respondents": "50",
        "done|review-steps|1": "1", "done|review-steps|2": "1", "part|review-steps|3": "0.5",
        "v|report-delivered|delivered": "20 ตุลาคม 2563"}


def post_form(c, fields, base="0", query=""):
    csrf = csrf_of(c.get(f"/units/{A}").text)
    return c.post(f"/units/{A}/evidence{query}", data={"csrf": csrf, "base_version": base, **fields})


def overall(html):
    return re.search(r'id="overall">([^<]*)<', html).group(1)


def test_form_reads_thai_digits_and_dates_and_scores_like_the_cli(logged_in, client):
    page = post_form(logged_in("rep-a"), FORM)
    assert page.status_code == 200
    # 33/50 → 66 → 3.6; progress 10 + 50 + 20 × 0.5 = 70 → 3.5; 20 days late, step 15 → level 3;
    # overall 0.7 × (0.6 × 3.6 + 0.4 × 3.5) + 0.3 × 3 = 3.392
    assert overall(page.text) == "3.3920"
    # kpi explain's lines in the page's language (Thai unless asked otherwise), the arithmetic the same
    assert "(ล่าช้า 20 วัน)" in page.text and "= 33 * 100 / 50" in page.text
    english = logged_in("rep-a").get(f"/units/{A}?lang=en").text
    assert "(20 days late)" in english and "= 33 * 100 / 50" in english
    # each indicator's line says whether its target was met: 66 >= 60 met, progress 70 >= 100 not met
    assert "น้ำหนัก 60 · บรรลุเป้าหมาย</p>" in page.text and "น้ำหนัก 40 · ไม่บรรลุเป้าหมาย</p>" in page.text
    assert "Weight 60 · Achieved yes</p>" in english and "Weight 40 · Achieved no</p>" in english
    saved = client.get(f"/api/units/{A}/evidence", auth=auth("eva")).json()
    assert saved["values"] == {"satisfaction": {"satisfied": "๓๓", "respondents": "50"},
                               "review-steps": {"completed": [1, 2], "partial": {"3": "0.5"}},
                               "report-delivered": {"delivered": "20 ตุลาคม 2563"}}
    assert client.get(f"/api/units/{A}/score", auth=auth("eva")).json()["as_of"] == "2020-10-31"


def test_not_delivered_and_no_step_done(logged_in, client):
    fields = {"v|report-delivered|delivered": "", "nd|report-delivered|delivered": "1", "zero|review-steps": "1"}
    post_form(logged_in("rep-a"), fields)
    report = client.get(f"/api/units/{A}/score", auth=auth("eva")).json()
    by_id = {i["id"]: i for i in report["indicators"]}
    assert (by_id["report-delivered"]["value"], by_id["report-delivered"]["score"]) == (None, 0)
    assert (by_id["review-steps"]["value"], by_id["review-steps"]["status"]) == (0, "scored")
    assert by_id["satisfaction"]["status"] == "missing"  # left blank: no evidence


@pytest.mark.parametrize("query, respondents, partial", [
    ("", "ข้อมูลนำเข้า &#39;respondents&#39; ของตัวชี้วัด &#39;satisfaction&#39;: ต้องเป็นตัวเลข "
         "แต่ได้รับ &#39;ห้าสิบ&#39; (EV03)",
     "ขั้นตอนที่ 3 ที่ทำแล้วบางส่วนของตัวชี้วัด &#39;review-steps&#39; ต้องเป็นสัดส่วนตั้งแต่ 0 ถึง 1 แต่ได้รับ 1.5"),
    ("?lang=en", "input &#39;respondents&#39; of &#39;satisfaction&#39;: expected a number, got &#39;ห้าสิบ&#39; (EV03)",
     "partial step 3 of &#39;review-steps&#39; must be a fraction from 0 to 1, got 1.5"),
])
def test_faults_are_shown_next_to_their_fields(logged_in, query, respondents, partial):
    """In the page's language (Thai by default), as kpi score --lang says them; what was typed quoted as typed."""
    page = post_form(logged_in("rep-a"), {**FORM, "v|satisfaction|respondents": "ห้าสิบ",
                                          "part|review-steps|3": "1.5"}, query=query)
    fields = re.findall(r'name="([^"]+)" value="[^"]*"[^>]*>\s*</label>\s*(?:<label[^>]*>.*?</label>\s*)?'
                        r'<p class="fault">([^<]*)', page.text)
    assert ("v|satisfaction|respondents", respondents) in fields
    assert partial in page.text
    assert 'value="ห้าสิบ"' in page.text  # what was typed stays in the field


def test_a_stale_form_is_409_and_keeps_what_was_typed(logged_in, client):
    rep = logged_in("rep-a")
    assert post_form(rep, FORM, base="0").status_code == 200
    stale = post_form(rep, {**FORM, "v|satisfaction|satisfied": "44"}, base="0")
    assert stale.status_code == 409
    assert 'value="44"' in stale.text and WORDS["stale"][0].format(latest=1) in stale.text
    assert [h["version"] for h in client.get(f"/api/units/{A}/history", auth=auth("eva")).json()] == [1]


def test_upload_of_an_evidence_file(logged_in, client):
    rep = logged_in("rep-a")
    csrf = csrf_of(rep.get(f"/units/{A}").text)
    from tests.web.conftest import DEMO_EVIDENCE
    page = rep.post(f"/units/{A}/upload", data={"csrf": csrf, "base_version": "0"},
                    files={"file": ("evidence.yaml", DEMO_EVIDENCE.read_bytes())})
    assert page.status_code == 200 and overall(page.text) == "3.3920"
    assert rep.get(f"/units/{A}/evidence.yaml?version=1").text == DEMO_EVIDENCE.read_text(encoding="utf-8")


def test_closed_round_is_read_only(logged_in, client):
    eva = logged_in("eva")
    csrf = csrf_of(eva.get("/units").text)
    assert eva.post("/round/close", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    r = client.put(f"/api/units/{A}/evidence", json=DEMO_BODY, auth=auth("rep-a"))
    assert r.status_code == 409 and r.json()["error"]["code"] == "round-closed"
    assert post_form(logged_in("rep-a"), FORM).status_code == 409
    assert eva.post("/round/open", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.put(f"/api/units/{A}/evidence", json=DEMO_BODY, auth=auth("rep-a")).status_code == 200


def test_overview_ranks_units_and_highlights_missing_evidence(logged_in, client):
    client.put(f"/api/units/{A}/evidence", json=DEMO_BODY, auth=auth("eva"))
    html = logged_in("eva").get("/units?lang=en").text
    rows = re.findall(r'<tr class="([^"]*)">\s*<td class="num">(\d*)</td>\s*<td>([^<]*)</td>', html)
    assert rows[0] == ("", "1", UNIT_A)  # 3.392, nothing missing
    assert ("missing", UNIT_B) in [(r[0], r[2]) for r in rows]  # nothing saved: every indicator missing, score 0


def test_both_languages_and_the_switch(logged_in):
    rep = logged_in("rep-a")
    thai = rep.get(f"/units/{A}?lang=th").text
    english = rep.get(f"/units/{A}?lang=en").text
    assert WORDS["evidence_form"][0] in thai and WORDS["evidence_form"][1] in english
    assert f"/units/{A}?lang=th" in english  # the switch back
    assert WORDS["evidence_form"][1] in rep.get(f"/units/{A}").text  # remembered in a cookie
    assert all(len(words) == len(LANGUAGES) and all(words) for words in WORDS.values())


def test_plan_page_shows_formulas_levels_and_projects(logged_in):
    html = logged_in("rep-b").get("/plan").text
    assert "satisfied * 100 / respondents" in html and "40 · 50 · 60 · 70 · 80" in html
    assert "โครงการศึกษาทบทวนสมรรถนะ" in html and "150,000" in html


def test_saving_the_form_keeps_the_parts_it_does_not_show(logged_in, client):
    text = (b"kind: evidence\nplan: demo-2563\nas_of: 2563-03-31\nnotes: from the district\n"
            b"values: {}\nprojects:\n  competency-review: {completed: [1]}\n")
    assert client.put(f"/api/units/{A}/evidence", content=text, auth=auth("rep-a"),
                      headers={"content-type": "application/yaml"}).status_code == 200
    assert post_form(logged_in("rep-a"), FORM, base="1").status_code == 200
    saved = client.get(f"/api/units/{A}/evidence", auth=auth("rep-a")).json()
    assert saved["version"] == 2
    assert (saved["projects"], saved["notes"]) == ({"competency-review": {"completed": [1]}}, "from the district")


def test_round_report_for_evaluators_and_the_template_hook(logged_in, client):
    client.put(f"/api/units/{A}/evidence", json=DEMO_BODY, auth=auth("rep-a"))
    eva, rep = logged_in("eva"), logged_in("rep-a")
    report = eva.get("/round/report.json")
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]
    units = {u["unit"]: u["overall"]["score"] for u in report.json()["units"]}
    assert abs(units[UNIT_A] - 3.392) < 1e-12 and units[UNIT_B] == 0
    assert rep.get("/round/report.json").status_code == 403
    assert eva.get("/round/report.pdf").status_code == 404
    template = eva.get("/template.xlsx")  # the Excel template, registered in TEMPLATES: a column per unit
    assert template.status_code == 200 and template.content[:2] == b"PK"
    import io

    import openpyxl

    header = next(openpyxl.load_workbook(io.BytesIO(template.content))["evidence"].iter_rows(values_only=True))
    assert header[:6] == ("indicator", "name", "input", "type", "allowed", "help")
    assert set(header[6:]) == {UNIT_A, UNIT_B, EVIL_UNIT}
    page = eva.get("/round/report.html")  # the round's HTML report: the ranking names the units, escaped
    assert page.status_code == 200 and UNIT_A in page.text and "3.3920" in page.text
    assert "&lt;img src=x onerror=alert(&#x27;u&#x27;)&gt;" in page.text and "<img" not in page.text
    book = eva.get("/round/report.xlsx")
    assert book.status_code == 200 and book.content[:2] == b"PK"
    own = rep.get(f"/units/{A}/report.html")  # a unit's HTML report, registered in REPORTS
    assert own.status_code == 200 and '<span class="big overall">3.3920</span>' in own.text
    assert rep.get(f"/units/{A}/report.xlsx").content[:2] == b"PK"


def test_a_filled_excel_template_is_uploaded_and_scored_like_the_cli(logged_in, tmp_path):
    # The evaluator downloads the template, the district fills its column (Thai digits, a Thai date), uploads it.
    import io

    import openpyxl

    rep = logged_in("rep-a")
    book = openpyxl.load_workbook(io.BytesIO(rep.get("/template.xlsx").content))
    sheet = book["evidence"]
    fill_unit_column(sheet, UNIT_A, delivered="20 ตุลาคม 2563")
    filled = io.BytesIO()
    book.save(filled)
    csrf = csrf_of(rep.get(f"/units/{A}").text)
    page = rep.post(f"/units/{A}/upload", data={"csrf": csrf, "base_version": "0"},
                    files={"file": ("evidence.xlsx", filled.getvalue())})
    assert page.status_code == 200, page.text[-500:]
    assert overall(page.text) == "3.3920"  # SPEC appendix A: 0.7 × 3.56 + 0.3 × 3
    broken = rep.post(f"/units/{A}/upload", data={"csrf": csrf, "base_version": "1"},
                      files={"file": ("evidence.xlsx", b"PK\x03\x04 not a workbook")})
    assert broken.status_code == 422 and "evidence.xlsx" in broken.text


def test_the_unit_page_links_the_templates(logged_in):
    page = logged_in("rep-a").get(f"/units/{A}").text
    assert 'href="/template.xlsx"' in page and 'href="/template.csv"' in page


def test_the_plan_page_draws_each_projects_planned_s_curve(logged_in):
    page = logged_in("eva").get("/plan").text
    # demo-2563 has one project with a milestone table: one S-curve, its planned line reaching 100 %
    assert page.count('class="chart scurve"') == 1 and 'class="planned"' in page
