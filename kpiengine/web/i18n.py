"""The words of the web pages, in Thai and English: one catalog, looked up by key.

Pages pick the language from ``?lang=th|en`` (remembered in a cookie), else
the cookie, else Thai. Explanations are ``kpi explain --lang`` in the page's
language, so they match the CLI word for word; evidence faults are said by the
reports' helper (`problem_text`), so a Thai page shows them as ``kpi score
--lang th`` does and an English page as ``kpi score`` does.
"""

from __future__ import annotations

from kpiengine.reports import i18n as report_i18n
from kpiengine.reports.words import problem_message

LANGUAGES = ("th", "en")
DEFAULT = "th"

WORDS = {
    "app": ("ระบบประเมินผลตัวชี้วัด", "KPI evaluation"),
    "plan": ("แผน", "Plan"),
    "units": ("หน่วยงาน", "Units"),
    "unit": ("หน่วยงาน", "Unit"),
    "overview": ("ภาพรวมรอบการประเมิน", "Round overview"),
    "login": ("เข้าสู่ระบบ", "Log in"),
    "logout": ("ออกจากระบบ", "Log out"),
    "username": ("ชื่อผู้ใช้", "User name"),
    "password": ("รหัสผ่าน", "Password"),
    "login_failed": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "wrong user name or password"),
    "login_locked": ("เข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอ 15 นาที",
                     "too many failed logins: try again in 15 minutes"),
    "signed_in_as": ("ผู้ใช้", "Signed in as"),
    "evaluator": ("ผู้ประเมิน", "evaluator"),
    "reporter": ("ผู้รายงาน", "reporter"),
    "dimensions": ("มิติการประเมิน", "Dimensions"),
    "dimension": ("มิติ", "Dimension"),
    "indicators": ("ตัวชี้วัด", "Indicators"),
    "indicator": ("ตัวชี้วัด", "Indicator"),
    "projects": ("โครงการ", "Projects"),
    "budget": ("งบประมาณ (บาท)", "Budget (baht)"),
    "weight": ("น้ำหนัก", "Weight"),
    "formula": ("สูตร", "Formula"),
    "target": ("ค่าเป้าหมาย", "Target"),
    "levels": ("เกณฑ์การให้คะแนน", "Levels"),
    "method": ("วิธีให้คะแนน", "Method"),
    "inputs": ("ข้อมูลที่ต้องกรอก", "Inputs"),
    "steps": ("ขั้นตอน", "Steps"),
    "step": ("ขั้นตอนที่", "Step"),
    "cumulative": ("สะสม (%)", "Cumulative (%)"),
    "months": ("เดือนตามแผน", "Planned months"),
    "scale": ("ช่วงคะแนน", "Scale"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "evidence": ("ผลการดำเนินงาน", "Evidence"),
    "evidence_form": ("กรอกผลการดำเนินงาน", "Enter evidence"),
    "as_of": ("ข้อมูล ณ วันที่", "As of"),
    "save": ("บันทึก", "Save"),
    "saved": ("บันทึกแล้ว ฉบับที่", "Saved: version"),
    "version": ("ฉบับที่", "Version"),
    "no_version": ("ยังไม่มีการบันทึก", "nothing saved yet"),
    "history": ("ประวัติการบันทึก", "History"),
    "saved_at": ("บันทึกเมื่อ", "Saved at"),
    "user": ("ผู้บันทึก", "Saved by"),
    "scores": ("ผลคะแนน", "Scores"),
    "score": ("คะแนน", "Score"),
    "overall": ("คะแนนรวม", "Overall score"),
    "value": ("ผล", "Value"),
    "target_met": ("บรรลุเป้าหมาย", "Achieved yes"),
    "target_not_met": ("ไม่บรรลุเป้าหมาย", "Achieved no"),
    "weighted": ("คะแนนถ่วงน้ำหนัก", "Weighted score"),
    "status": ("สถานะ", "Status"),
    "status_scored": ("ให้คะแนนแล้ว", "scored"),
    "status_missing": ("ไม่มีข้อมูล", "missing"),
    "status_excluded": ("ไม่นำมาคิด", "excluded"),
    "status_error": ("ข้อมูลผิดพลาด", "error"),
    "explanation": ("คำอธิบายการคิดคะแนน", "How the score came about"),
    "errors": ("ข้อผิดพลาด", "Errors"),
    "yes": ("ใช่", "yes"),
    "no": ("ไม่ใช่", "no"),
    "not_delivered": ("ยังไม่ส่งมอบ", "not delivered"),
    "completed": ("เสร็จแล้ว", "done"),
    "fraction": ("สัดส่วนที่ทำได้ (0–1)", "fraction done (0–1)"),
    "no_step_done": ("ยังไม่เสร็จขั้นตอนใด (ความก้าวหน้า 0)", "no step done yet (progress 0)"),
    "date_hint": ("เช่น 30 ก.ย. 2563 หรือ 2563-09-30", "e.g. 30 ก.ย. 2563 or 2563-09-30"),
    "external_score": ("คะแนนจากหน่วยงานภายนอก", "score set by an outside office"),
    "upload": ("นำเข้าไฟล์ผลการดำเนินงาน (แม่แบบ Excel, CSV หรือ YAML)", "Upload an evidence file (the Excel template, CSV or YAML)"),
    "upload_button": ("นำเข้า", "Upload"),
    "template_download": ("แม่แบบสำหรับกรอกผลการดำเนินงาน", "The evidence template"),
    "upload_excel_later": ("การนำเข้าไฟล์ Excel จะเปิดใช้เมื่อมีแม่แบบ Excel",
                           "Excel upload arrives with the Excel template"),
    "download_json": ("ดาวน์โหลดรายงาน (JSON)", "Download the report (JSON)"),
    "download_round": ("ดาวน์โหลดรายงานทั้งรอบ", "Download the round's report"),
    "download_yaml": ("ดาวน์โหลดไฟล์ผลการดำเนินงาน (YAML)", "Download the evidence file (YAML)"),
    "rank": ("อันดับ", "Rank"),
    "missing_count": ("ตัวชี้วัดที่ไม่มีข้อมูล", "Indicators without evidence"),
    "error_count": ("ข้อผิดพลาด", "Errors"),
    "round": ("รอบการประเมิน", "Round"),
    "round_open": ("เปิดรับข้อมูล", "open"),
    "round_closed": ("ปิดรอบแล้ว (แก้ไขไม่ได้)", "closed (read-only)"),
    "close_round": ("ปิดรอบการประเมิน", "Close the round"),
    "open_round": ("เปิดรอบการประเมินอีกครั้ง", "Reopen the round"),
    "stale": ("มีผู้บันทึกฉบับใหม่กว่าแล้ว (ฉบับที่ {latest}) กรุณาโหลดหน้าใหม่ ข้อมูลที่กรอกยังอยู่ด้านล่าง",
              "someone saved a newer version ({latest}) meanwhile: reload the page; what you typed is kept below"),
    "closed_msg": ("รอบการประเมินปิดแล้ว แก้ไขข้อมูลไม่ได้", "the round is closed: evidence is read-only"),
    "forbidden": ("ไม่มีสิทธิ์เข้าถึงหน้านี้", "you may not see this page"),
    "not_found": ("ไม่พบหน้านี้", "page not found"),
    "csrf": ("แบบฟอร์มหมดอายุ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
             "the form has expired: reload the page and try again"),
    "open_unit": ("เปิด", "open"),
    "no_units": ("ยังไม่มีหน่วยงาน (เพิ่มด้วย kpi users add)", "no units yet (add them with kpi users add)"),
    "language": ("English", "ภาษาไทย"),
    "file_errors": ("อ่านไฟล์ไม่ได้", "the file cannot be read"),
    "none": ("-", "-"),
}


def translator(lang: str):
    """A function key → word in `lang`."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0

    def words(key: str, **values) -> str:
        text = WORDS[key][index]
        return text.format(**values) if values else text

    return words


def pick(query: str | None, cookie: str | None) -> str:
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    return DEFAULT


def problem_text(problem, lang: str) -> str:
    """An evidence fault's message in `lang`, as the CLI reports print it (`--lang`)."""
    with report_i18n.use(lang if lang in report_i18n.LANGUAGES else None):
        return problem_message(problem)


def located_problem(problem, lang: str) -> str:
    """``file:line: message`` in `lang` (the message alone when it has no location)."""
    where = problem.location.text
    message = problem_text(problem, lang)
    return f"{where}: {message}" if where else message
