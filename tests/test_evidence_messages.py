"""Evidence error messages in Thai and English: every message the library says has a Thai catalog entry with
the same placeholders, `--lang th` says the whole message in Thai with the user's values quoted as given,
English output stays exactly as it was, a `Message` is still a plain string to everything else, and a missing
or broken Thai entry falls back to English."""

from __future__ import annotations

import ast
import copy
import dataclasses
import json
import pickle
import string
from pathlib import Path

import pytest

from kpiengine.core.messages import Message, render, say
from kpiengine.core.problems import Location, Problem
from kpiengine.evidence.codes import EV03, EV04
from kpiengine.locale.build import parse_po
from kpiengine.reports import i18n
from kpiengine.reports.words import EVIDENCE_SUMMARIES, problem_message

from .conftest import DEMO_RULES, ROOT, run

PACKAGE = ROOT / "kpiengine"
CATALOG = parse_po((PACKAGE / "locale" / "th" / "LC_MESSAGES" / "kpiengine.po").read_text(encoding="utf-8"))


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _calls(paths):
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path.relative_to(ROOT).as_posix(), node


SAYS = [(f"{where}:{node.lineno}", node) for where, node in _calls(sorted(PACKAGE.rglob("*.py")))
        if _called(node) == "say"]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_message_is_said_with_a_literal_template():
    """A template made at run time could not be found here, nor in the catalog."""
    assert len(SAYS) > 60
    computed = [where for where, node in SAYS
                if not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str))]
    assert computed == []


@pytest.mark.parametrize("where, node", SAYS, ids=[where for where, _ in SAYS])
def test_every_message_has_a_thai_entry_with_the_same_placeholders(where, node):
    template = node.args[0].value
    assert template in CATALOG, f"{where}: no Thai entry for {template!r} (add it to kpiengine.po, then build)"
    assert _fields(CATALOG[template]) == _fields(template), where
    assert _fields(template) == {k.arg for k in node.keywords}, f"{where}: placeholders and arguments differ"


def _date_nouns() -> set[str]:
    """What a date reader is told it reads (``date``, ``as_of date``): said inside its messages (``{what}``)."""
    nouns = set()
    readers = ("parse_day", "parse_calendar", "parse_deadline", "parse_month")
    for _, node in _calls(sorted(PACKAGE.rglob("*.py"))):
        if _called(node) in readers:
            given = node.args[1:2] + [k.value for k in node.keywords if k.arg == "what"]
            nouns |= {g.value for g in given if isinstance(g, ast.Constant)}
    tree = ast.parse((PACKAGE / "core" / "calendar.py").read_text(encoding="utf-8"))
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.name in readers:
            names = [a.arg for a in fn.args.args][-len(fn.args.defaults):]
            nouns |= {d.value for n, d in zip(names, fn.args.defaults, strict=True) if n == "what"}
    return nouns


def test_every_date_noun_has_a_thai_entry():
    nouns = _date_nouns()
    assert {"date", "as_of date"} <= nouns
    assert sorted(nouns - set(CATALOG)) == []


# Where evidence faults are raised, the message must be said (a `say(...)`, or a value holding one), never
# an f-string or a bare literal: that is how a message nobody can translate would slip in.
RAISERS = {"fault": 1, "problem": 0, "_refuse": 0, "ValueFormatError": 0, "EvaluationError": 0}
RAISING = sorted((PACKAGE / "evidence").glob("*.py")) + [
    PACKAGE / "core" / name for name in ("numbers.py", "calendar.py")] + [PACKAGE / "engine" / "evaluation.py"]


def test_evidence_faults_are_raised_with_said_messages():
    unsaid = []
    for where, node in _calls(RAISING):
        index = RAISERS.get(_called(node))
        if index is None or len(node.args) <= index:
            continue
        message = node.args[index]
        if isinstance(message, (ast.JoinedStr, ast.Constant, ast.BinOp)):
            unsaid.append(f"{where}:{node.lineno}")
    assert unsaid == []


# (values of the demo plan's evidence, the English line as kpi score has always printed it, the Thai line)
CASES = [
    ("satisfaction: {satisfied: 33, respondents: 'ห้าสิบ'}",
     "satisfaction: input 'respondents' of 'satisfaction': expected a number, got 'ห้าสิบ'",
     "satisfaction: ข้อมูลนำเข้า 'respondents' ของตัวชี้วัด 'satisfaction': ต้องเป็นตัวเลข แต่ได้รับ 'ห้าสิบ'"),
    ("satisfaction: {satisfied: 60, respondents: 50}",
     "satisfaction: input 'satisfied' of 'satisfaction' must be at most respondents (50), got 60",
     "satisfaction: ข้อมูลนำเข้า 'satisfied' ของตัวชี้วัด 'satisfaction' ต้องไม่เกิน respondents (50) แต่ได้รับ 60"),
    ("satisfaction: {satisfied: 3, respondnts: 5}",
     "satisfaction: unknown input 'respondnts' for 'satisfaction' (did you mean 'respondents'?) "
     "(inputs: satisfied, respondents)",
     "satisfaction: ตัวชี้วัด 'satisfaction' ไม่มีข้อมูลนำเข้า 'respondnts' (หมายถึง 'respondents' หรือไม่) "
     "(ข้อมูลนำเข้า: satisfied, respondents)"),
    ("satisfaction: {satisfied: 3}",
     "satisfaction: missing input 'respondents' for 'satisfaction'",
     "satisfaction: ไม่มีข้อมูลนำเข้า 'respondents' ของตัวชี้วัด 'satisfaction'"),
    ("satisfaction: {satisfied: -3, respondents: 5}",
     "satisfaction: input 'satisfied' of 'satisfaction': a count cannot be negative, got -3",
     "satisfaction: ข้อมูลนำเข้า 'satisfied' ของตัวชี้วัด 'satisfaction': จำนวนนับต้องไม่ติดลบ แต่ได้รับ -3"),
    ("satisfaction: [1, 2]",
     "satisfaction: evidence of 'satisfaction' must be a mapping of input name → value, got a list",
     "satisfaction: ข้อมูลผลการดำเนินงานของตัวชี้วัด 'satisfaction' ต้องจับคู่ชื่อข้อมูลนำเข้ากับค่า "
     "แต่ได้รับ รายการ (list)"),
    ("satisfacton: {satisfied: 1}",
     "satisfacton: unknown indicator 'satisfacton' (did you mean 'satisfaction'?)",
     "satisfacton: ไม่มีตัวชี้วัด 'satisfacton' ในชุดเกณฑ์ (หมายถึง 'satisfaction' หรือไม่)"),
    ("review-steps: {completed: [1, 9]}",
     "review-steps: unknown step 9 in 'completed' of 'review-steps' (steps are 1…4)",
     "review-steps: ไม่มีขั้นตอนที่ 9 ใน 'completed' ของตัวชี้วัด 'review-steps' (มีขั้นตอนที่ 1…4)"),
    ("review-steps: {completed: [1], partial: {2: 50}}",
     "review-steps: partial step 2 of 'review-steps' must be a fraction from 0 to 1, got 50 (for 50 % write 0.5)",
     "review-steps: ขั้นตอนที่ 2 ที่ทำแล้วบางส่วนของตัวชี้วัด 'review-steps' ต้องเป็นสัดส่วนตั้งแต่ 0 ถึง 1 "
     "แต่ได้รับ 50 (ถ้าหมายถึง 50 % ให้เขียน 0.5)"),
    ("review-steps: {completed: [1], partial: {1: 0.5}}",
     "review-steps: step 1 of 'review-steps' is both completed and partial",
     "review-steps: ขั้นตอนที่ 1 ของตัวชี้วัด 'review-steps' ระบุทั้งว่าเสร็จแล้วและทำแล้วบางส่วน"),
    ("report-delivered: {delivered: '31 ก.ย. 2563'}",
     "report-delivered: input 'delivered' of 'report-delivered': '31 ก.ย. 2563' is not a real date",
     "report-delivered: ข้อมูลนำเข้า 'delivered' ของตัวชี้วัด 'report-delivered': '31 ก.ย. 2563' "
     "ไม่ใช่วันที่ที่มีอยู่จริง"),
    ("report-delivered: {delivered: 2563-09}",
     "report-delivered: input 'delivered' of 'report-delivered': date '2563-09' needs its day "
     "(a month alone is allowed only for deadlines)",
     "report-delivered: ข้อมูลนำเข้า 'delivered' ของตัวชี้วัด 'report-delivered': วันที่ '2563-09' ต้องระบุวันด้วย "
     "(ระบุเพียงเดือนได้เฉพาะกำหนดส่ง)"),
    ("report-delivered: {delivered: '30 ก.ค. 63'}",
     "report-delivered: input 'delivered' of 'report-delivered': two-digit year '63' is ambiguous: "
     "write the full year (e.g. 2563 or 2020)",
     "report-delivered: ข้อมูลนำเข้า 'delivered' ของตัวชี้วัด 'report-delivered': ปี '63' มีเพียงสองหลัก"
     "จึงไม่ชัดเจน กรุณาเขียนปีเต็ม (เช่น 2563 หรือ 2020)"),
]


def _evidence(write, values: str) -> Path:
    return write("evidence.yaml", "kind: evidence\nplan: demo-2563\nvalues:\n  " + values + "\n")


@pytest.mark.parametrize("values, english, thai", CASES, ids=[c[1].split(":")[0] + str(i) for i, c in enumerate(CASES)])
def test_kpi_score_says_evidence_errors_in_the_language_asked(write, values, english, thai):
    evidence = _evidence(write, values)
    code, out, _ = run("score", DEMO_RULES, evidence)
    assert code == 1
    assert f"  {evidence}:4: {english}" in out.splitlines()
    assert run("score", DEMO_RULES, evidence, "--lang", "en")[1] == out  # en is the default, byte for byte
    code, thai_out, _ = run("score", DEMO_RULES, evidence, "--lang", "th")
    assert code == 1
    assert f"  {evidence}:4: {thai}" in thai_out.splitlines()
    code, markdown, _ = run("score", DEMO_RULES, evidence, "--lang", "th", "--format", "markdown")
    assert thai.split(": ", 1)[1] in markdown


@pytest.mark.parametrize("document, english, thai", [
    ("kind: evidence\nplan: other\nvalues: {}\n",
     ":2: the evidence is for plan 'other', but the rule set is plan 'demo-2563'",
     ":2: ข้อมูลผลการดำเนินงานเป็นของแผน 'other' แต่ชุดเกณฑ์เป็นของแผน 'demo-2563'"),
    ("kind: evidence\nplan: demo-2563\nvalues: [1]\n",
     ":3: 'values' must be a mapping of indicator id → inputs, got a list",
     ":3: 'values' ต้องจับคู่รหัสตัวชี้วัดกับข้อมูลนำเข้า แต่ได้รับ รายการ (list)"),
    ("kind: evidence\nplan: demo-2563\nunitt: x\nvalues: {}\n",
     ":3: unknown key 'unitt' (did you mean 'unit'?)",
     ":3: ไม่รู้จักคีย์ 'unitt' (หมายถึง 'unit' หรือไม่)"),
])
def test_an_evidence_file_that_cannot_be_used_is_said_in_the_language_asked(write, document, english, thai):
    evidence = write("evidence.yaml", document)
    code, _, err = run("score", DEMO_RULES, evidence)
    assert code == 2 and err == f"kpi: error: {evidence}{english}\n"
    code, _, err = run("score", DEMO_RULES, evidence, "--lang", "th")
    assert code == 2 and err == f"kpi: error: {evidence}{thai}\n"


@pytest.mark.parametrize("values, english, thai", CASES[:4], ids=[str(i) for i in range(4)])
def test_kpi_check_evidence_says_them_in_the_language_asked(write, values, english, thai):
    """Text only: json, github, sarif and junit are read by tools and stay English."""
    evidence = _evidence(write, values)
    code, out, _ = run("check", DEMO_RULES, "--evidence", evidence)
    assert code == 1 and english.split(": ", 1)[1] + " (EV0" in out
    assert run("check", DEMO_RULES, "--evidence", evidence, "--lang", "en")[1] == out
    code, thai_out, _ = run("check", DEMO_RULES, "--evidence", evidence, "--lang", "th")
    assert code == 1 and thai.split(": ", 1)[1] + " (EV0" in thai_out
    assert [line.split("] ")[0] for line in thai_out.splitlines()] == [line.split("] ")[0] for line in out.splitlines()]
    for fmt in ("json", "sarif", "junit", "github"):
        assert run("check", DEMO_RULES, "--evidence", evidence, "--format", fmt, "--lang", "th")[1] == \
            run("check", DEMO_RULES, "--evidence", evidence, "--format", fmt)[1]


def test_json_messages_stay_english_whatever_the_language(write):
    evidence = _evidence(write, CASES[0][0])
    english = json.loads(run("score", DEMO_RULES, evidence, "--format", "json")[1])["errors"]
    thai = json.loads(run("score", DEMO_RULES, evidence, "--format", "json", "--lang", "th")[1])["errors"]
    assert thai == english
    assert english[0]["message"] == CASES[0][1].split(": ", 1)[1]


def _problem() -> Problem:
    reason = say("expected a number, got {value}", value="'ห้าสิบ'")
    message = say("input '{input}' of '{indicator}': {reason}", input="respondents", indicator="satisfaction",
                  reason=reason)
    return EV03.problem(message, Location("e.yaml", 4, 3, ("values", "satisfaction", "respondents")), "satisfaction")


ENGLISH = "input 'respondents' of 'satisfaction': expected a number, got 'ห้าสิบ'"
THAI = "ข้อมูลนำเข้า 'respondents' ของตัวชี้วัด 'satisfaction': ต้องเป็นตัวเลข แต่ได้รับ 'ห้าสิบ'"


@pytest.mark.parametrize("copied", [
    lambda p: pickle.loads(pickle.dumps(p)),
    lambda p: pickle.loads(pickle.dumps(p, protocol=2)),
    copy.copy,
    copy.deepcopy,
    lambda p: dataclasses.replace(p, severity=p.severity),
    lambda p: p.with_severity(p.severity),
], ids=["pickle", "pickle-2", "copy", "deepcopy", "replace", "with_severity"])
def test_a_message_survives_copies_and_stays_a_string(copied):
    problem = _problem()
    again = copied(problem)
    assert again == problem and again.message == ENGLISH and isinstance(again.message, str)
    assert type(again.message) is Message and again.message.template == problem.message.template
    assert again.message.args["reason"].template == "expected a number, got {value}"
    assert hash(again.message) == hash(ENGLISH)
    assert json.dumps({"message": again.message}, ensure_ascii=False) == json.dumps({"message": ENGLISH},
                                                                                       ensure_ascii=False)
    with i18n.use("th"):
        assert problem_message(again) == THAI


def test_the_language_changes_the_words_not_the_message():
    problem = _problem()
    assert problem_message(problem) == ENGLISH
    with i18n.use("th"):
        assert problem_message(problem) == THAI
    assert render("plain text", i18n._) == ("plain text", False)


def _catalog_with(monkeypatch, entries: dict):
    real = i18n.catalog("th")

    class Patched:
        def gettext(self, message):
            return entries[message] if message in entries else real.gettext(message)

    monkeypatch.setattr(i18n, "catalog", lambda lang: Patched() if lang == "th" else real)


BROKEN = ["{nope}", "{input", "input}", "{0}", "{indicator.real}", "{indicator!z}", "{input[99]}", ""]


@pytest.mark.parametrize("broken", BROKEN)
def test_a_broken_thai_entry_falls_back_to_english(monkeypatch, broken):
    _catalog_with(monkeypatch, {"input '{input}' of '{indicator}': {reason}": broken})
    with i18n.use("th"):
        assert problem_message(_problem()) == f"{EVIDENCE_SUMMARIES_TH['EV03']}: {ENGLISH}"


@pytest.mark.parametrize("broken", BROKEN)
def test_a_broken_entry_inside_a_message_stays_english_inside_the_thai(monkeypatch, broken):
    _catalog_with(monkeypatch, {"expected a number, got {value}": broken})
    with i18n.use("th"):
        assert problem_message(_problem()) == \
            "ข้อมูลนำเข้า 'respondents' ของตัวชี้วัด 'satisfaction': expected a number, got 'ห้าสิบ'"


def test_a_message_without_a_thai_entry_is_english_after_the_codes_thai_summary():
    problem = EV04.problem("a message no catalog knows", Location("e.yaml", 4), "satisfaction")
    unsaid = EV04.problem(say("a template no catalog knows ({n})", n=1), Location("e.yaml", 4), "satisfaction")
    with i18n.use("th"):
        assert problem_message(problem) == f"{EVIDENCE_SUMMARIES_TH['EV04']}: a message no catalog knows"
        assert problem_message(unsaid) == f"{EVIDENCE_SUMMARIES_TH['EV04']}: a template no catalog knows (1)"


EVIDENCE_SUMMARIES_TH = {code: CATALOG[summary] for code, summary in EVIDENCE_SUMMARIES.items()}


def test_a_failure_with_several_problems_says_the_first_and_how_many_more():
    from kpiengine.cli.common import said
    from kpiengine.core.errors import EvidenceFileError
    from kpiengine.core.messages import say
    from kpiengine.core.problems import Location
    from kpiengine.evidence.codes import EV00
    from kpiengine.reports.i18n import use

    problems = [EV00.problem(say("unknown key '{key}'{hint}", key=key, hint=""), Location("e.yaml", line, 1))
                for line, key in ((3, "unitt"), (4, "planx"), (5, "x"))]
    exc = EvidenceFileError(problems)
    assert said(exc) == str(exc)  # English: the library's own message
    with use("th"):
        assert said(exc) == "e.yaml:3:1: ไม่รู้จักคีย์ 'unitt' (และปัญหาอื่นอีก 2 รายการ)"
