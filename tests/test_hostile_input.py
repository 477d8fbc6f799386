"""Hostile input (issue 13, point 8): every class ends in a located problem with the SPEC's exit
code, never "internal error", and inputs are never changed.

Each row edits one line of the SPEC appendix A rule set (or its evidence) and states what
`kpi check` (or `kpi score`) must say, at which line and column. Lines and columns were
counted by hand in the edited file: `rules/demo-2563/indicators.yaml` has `id: satisfaction`
on line 2 (value at column 5), `weight: 60` on line 5 (value at column 9); `projects.yaml`
has `budget: 150000` on line 4 (value at column 9).
"""

from __future__ import annotations

import os
import shutil
import stat
import threading

import pytest

from tests.conftest import DEMO_EVIDENCE, DEMO_RULES, run

FOUR_THOUSAND_FOUR_HUNDRED_NINES = "9" * 4400

# (case id, file, old text, new text, [(code, line, column, words in the message)])
RULE_CASES = [
    ("int-tag-on-a-word", "indicators.yaml", "weight: 60", "weight: !!int sixty",
     [("SC04", 5, 9, "'sixty' is not a whole number (tag !!int)")]),
    ("float-tag-on-a-word", "indicators.yaml", "weight: 60", "weight: !!float sixty",
     [("SC04", 5, 9, "'sixty' is not a number (tag !!float)")]),
    ("bool-tag-on-maybe", "indicators.yaml", "weight: 60", "weight: !!bool maybe",
     [("SC04", 5, 9, "'maybe' is not true or false (tag !!bool)")]),
    ("int-tag-on-a-float", "indicators.yaml", "weight: 60", "weight: !!int 1.5e5",
     [("SC04", 5, 9, "'1.5e5' is not a whole number")]),
    ("timestamp-tag-on-garbage", "indicators.yaml", "weight: 60", "weight: !!timestamp garbage",
     [("SC04", 5, 9, "'garbage' is not a date (tag !!timestamp")]),
    ("timestamp-tag-on-30-february", "indicators.yaml", "weight: 60", "weight: !!timestamp 2020-02-30",
     [("SC04", 5, 9, "'2020-02-30' is not a real date")]),
    ("binary-tag", "indicators.yaml", "name: ร้อยละความพึงพอใจของหน่วยงาน", "name: !!binary aGVsbG8=",
     [("SC04", 3, 7, "binary data (tag !!binary)")]),
    ("set-tag", "projects.yaml", "indicators: [review-steps]", "indicators: !!set {review-steps}",
     [("SC04", 6, 13, "a set (tag !!set) is not supported")]),
    ("map-tag-on-a-list", "projects.yaml", "indicators: [review-steps]", "indicators: !!map [review-steps]",
     [("SC04", 6, 13, "tag '!!map' does not fit a list")]),
    ("unknown-local-tag", "indicators.yaml", "weight: 60", "weight: !percent 60",
     [("SC04", 5, 9, "unsupported tag '!percent'")]),
    ("integer-beyond-4300-digits", "indicators.yaml", "weight: 60", f"weight: {FOUR_THOUSAND_FOUR_HUNDRED_NINES}",
     [("SC04", 5, 9, "number too long (4,400 digits")]),
    ("leading-zero-read-as-octal", "indicators.yaml", "weight: 60", "weight: 060",
     [("SC04", 5, 9, "'060' has a leading zero, which YAML reads as the octal number 48: write 60")]),
    ("id-with-a-trailing-newline", "indicators.yaml", "id: satisfaction", "id: |\n  satisfaction",
     [("SC04", 2, 5, "id 'satisfaction\\n' has spaces or a line break around it")]),
    ("hexadecimal-id", "indicators.yaml", "id: satisfaction", "id: 0x1F",
     [("SC04", 2, 5, "'0x1F' is read by YAML as the number 31 (hexadecimal)")]),
    ("id-read-as-a-float", "indicators.yaml", "id: satisfaction", "id: 1.50",
     [("SC04", 2, 5, "YAML reads '1.50' as the number 1.5: quote it (\"1.50\")")]),
    ("id-read-as-a-boolean", "indicators.yaml", "id: satisfaction", "id: yes",
     [("SC04", 2, 5, "YAML reads 'yes' as true: quote it (\"yes\")")]),
    ("boolean-like-key-kept-as-written", "indicators.yaml", "weight: 60", "weight: 60\nyes: 1",
     [("SC03", 6, 1, "unknown key 'yes'")]),
    ("project-id-equal-to-an-indicator-id", "projects.yaml", "id: competency-review", "id: satisfaction",
     [("SC06", 2, 5, "project id 'satisfaction' is already an indicator's id (at indicators.yaml:2)")]),
    ("negative-budget", "projects.yaml", "budget: 150000", "budget: -150000",
     [("SC04", 4, 9, "must not be negative, got -150000")]),
    ("null-key", "indicators.yaml", "weight: 60", "weight: 60\n~: 1",
     [("SC04", 6, 1, "a key is empty ('~' is null)")]),
    ("comma-number-inside-braces", "projects.yaml", "budget: 150000", "budget: {value: 150,000}",
     [("SC01", 4, 17, "'150,000' is read as 2 entries: inside {…} a comma separates entries; write 150000")]),
    ("tab-indentation", "indicators.yaml", "weight: 60", "weight: 60\n\tunit: percent",
     [("SC01", 6, 1, "(a tab: YAML indents with spaces only")]),
    ("folded-formula-fault-on-its-second-line", "indicators.yaml", "formula: satisfied * 100 / respondents",
     "formula: >-\n  satisfied * 100\n  / respondentz",
     [("FM03", 12, 5, "unknown name 'respondentz'")]),
    ("folded-formula-syntax-error", "indicators.yaml", "formula: satisfied * 100 / respondents",
     "formula: >-\n  satisfied * 100\n  / respondents )",
     [("FM01", 12, 17, "unmatched ')'")]),
    ("plain-formula-over-two-lines", "indicators.yaml", "formula: satisfied * 100 / respondents",
     "formula: satisfied * 100\n  / respondentz",
     [("FM03", 11, 5, "unknown name 'respondentz'")]),
]


def _copy(tmp_path, source=DEMO_RULES):
    target = tmp_path / "rules"
    shutil.copytree(source, target)
    return target


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _no_crash(code, out, err):
    assert "internal error" not in out + err and "Traceback" not in out + err


@pytest.mark.parametrize("name, file, old, new, expected", RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_bad_rule_input_is_a_located_problem(tmp_path, name, file, old, new, expected):
    rules = _copy(tmp_path)
    _edit(rules / file, old, new)
    before = (rules / file).read_bytes()
    code, out, err = run("check", rules)
    _no_crash(code, out, err)
    assert code == 1
    for want_code, line, column, words in expected:
        where = f"{rules / file}:{line}:{column}: [error] "
        found = [row for row in out.splitlines() if row.startswith(where) and row.endswith(f"({want_code})")]
        assert found, f"no {want_code} at {line}:{column} in:\n{out}"
        assert any(words in row for row in found), found
    assert (rules / file).read_bytes() == before  # inputs are never modified
    code, out, err = run("score", rules, DEMO_EVIDENCE)
    _no_crash(code, out, err)
    assert code == 2  # an invalid rule set cannot be scored (SPEC §7)


def test_a_long_unknown_key_is_shortened_in_the_message(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules / "indicators.yaml", "weight: 60", "weight: 60\n? " + "k" * 100_000 + "\n: 1")
    code, out, _ = run("check", rules)
    assert code == 1
    row = next(row for row in out.splitlines() if row.endswith("(SC03)"))
    assert row == f"{rules / 'indicators.yaml'}:6:3: [error] unknown key '{'k' * 37}... (100,000 characters)' (SC03)"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b"], ids=["nul", "bell", "escape"])
def test_a_control_character_after_thai_text_is_reported_where_it_stands(tmp_path, control):
    rules = _copy(tmp_path)
    # Three lines of Thai (3 bytes a character in UTF-8) before the fault: a byte count would
    # put it several lines too far down; it stands on line 8, column 10 ("notes: ab" + control).
    thai = "# ภาษาไทย ภาษาไทย ภาษาไทย ภาษาไทย ภาษาไทย ภาษาไทย\n" * 3
    _edit(rules / "indicators.yaml", "weight: 60", f"weight: 60\n{thai}notes: ab{control}c")
    code, out, err = run("check", rules)
    _no_crash(code, out, err)
    assert f"{rules / 'indicators.yaml'}:9:10: [error] special characters are not allowed in YAML " \
           f"(#x{ord(control):04x}) (SC01)" in out.splitlines()


@pytest.mark.parametrize("raw, words", [
    (b"PK\x03\x04\x14\x00\x06\x00", "this is a zip file (an Excel .xlsx workbook?), not YAML text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel .xls workbook"),
    ("kind: evidence\nplan: ตัวอย่าง\n".encode("cp874"), "save it as UTF-8"),
], ids=["xlsx", "xls", "thai-windows-874"])
def test_a_file_that_is_not_utf8_yaml_says_what_it_is(tmp_path, raw, words):
    evidence = tmp_path / "evidence.yaml"
    evidence.write_bytes(raw)
    code, out, err = run("score", DEMO_RULES, evidence)
    _no_crash(code, out, err)
    assert code == 2 and words in err and str(evidence) in err
    assert evidence.read_bytes() == raw


@pytest.mark.parametrize("old, new, where, words", [
    ("satisfied: 33", "satisfied: !!int sixty", "11:29", "'sixty' is not a whole number (tag !!int)"),
    ("satisfied: 33", "satisfied: !!binary aGVsbG8=", "11:29", "binary data (tag !!binary)"),
    ("respondents: 50", "respondents: 050", "11:46", "'050' has a leading zero"),
    ("satisfied: 33", "satisfied: 1,045", "11:29", "'1,045' is read as 2 entries"),
], ids=["int-tag", "binary-tag", "octal", "comma-number"])
def test_bad_evidence_yaml_is_located_and_exits_2(tmp_path, old, new, where, words):
    evidence = tmp_path / "evidence.yaml"
    shutil.copy(DEMO_EVIDENCE, evidence)
    _edit(evidence, old, new)
    code, out, err = run("score", DEMO_RULES, evidence)
    _no_crash(code, out, err)
    assert code == 2 and err == f"kpi: error: {evidence}:{where}: {words}" + err.split(words, 1)[1]


def test_a_fifo_inside_a_rules_directory_is_skipped_without_blocking(tmp_path):
    rules = _copy(tmp_path)
    os.mkfifo(rules / "zz-pipe.yaml")
    result = {}
    worker = threading.Thread(target=lambda: result.update(check=run("check", rules)), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "kpi check blocked on a FIFO"
    code, out, _ = result["check"]
    assert code == 0
    assert out.splitlines() == [f"{rules / 'zz-pipe.yaml'}: [warning] skipped: a FIFO (named pipe), not a rule "
                                "file (IO01)"]


def _in_thread(*args, timeout=20):
    result = {}
    worker = threading.Thread(target=lambda: result.update(out=run(*args)), daemon=True)
    worker.start()
    worker.join(timeout=timeout)
    assert not worker.is_alive(), f"kpi {args[0]} blocked"
    return result["out"]


def test_evidence_from_a_fifo_nobody_writes_to_does_not_block(tmp_path):
    fifo = tmp_path / "evidence.yaml"
    os.mkfifo(fifo)
    code, _, err = _in_thread("score", DEMO_RULES, fifo)
    assert code == 2 and err == f"kpi: error: {fifo}: empty file: expected one evidence document (kind: evidence)\n"


def test_evidence_from_a_device_is_refused_not_read_forever(tmp_path):
    zero = _device(tmp_path, "zero.yaml", 5)  # a copy of /dev/zero: reading it never ends
    code, _, err = _in_thread("score", DEMO_RULES, zero)
    assert code == 2 and err == f"kpi: error: {zero}: cannot read file: it is a device, not a file\n"


def test_a_non_utf8_file_name_is_escaped_in_json(tmp_path):
    import json

    rules = _copy(tmp_path)
    bad = os.path.join(os.fsencode(rules), b"bad\xff.yaml")
    with open(bad, "wb") as fh:
        fh.write(b"kind: [")
    code, out, _ = run("check", rules, "--format", "json")
    assert code == 1
    out.encode("utf-8")  # valid UTF-8: no lone surrogates, no raw bytes
    assert [row["file"] for row in json.loads(out)] == [f"{rules}/bad\\xff.yaml"]


def test_tolerance_nan_is_refused():
    code, _, err = run("progress", "rules/bma-csc-2563", "cases/bma-csc-2563/progress-mid-year.yaml",
                       "--tolerance", "nan")
    assert code == 2 and "expected a number of percentage points ≥ 0, got 'nan'" in err


# -o: whole or not at all, never over an input, never replacing a device or a pipe.

def _score_to(output, *extra):
    return run("score", DEMO_RULES, DEMO_EVIDENCE, "-o", output, *extra)


def test_output_onto_the_weights_file_is_refused(tmp_path):
    weights = tmp_path / "weights.yaml"
    weights.write_text("kind: weights\nid: other\ndimensions: {effectiveness: 50, efficiency: 50}\n",
                       encoding="utf-8")
    before = weights.read_bytes()
    code, _, err = _score_to(weights, "--weights", weights)
    assert code == 2 and err == f"kpi: error: refusing to write '{weights}': it is one of the input files\n"
    assert weights.read_bytes() == before


def test_output_inside_an_input_directory_is_refused(tmp_path):
    rules = _copy(tmp_path)
    code, _, err = run("show", rules, "-o", rules / "book.txt")
    assert code == 2 and "it is inside the input directory" in err
    assert not (rules / "book.txt").exists()


def _device(tmp_path, name, minor):
    """A copy of /dev/null (1, 3) or /dev/full (1, 7); skipped where we may not make device nodes."""
    path = tmp_path / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    return path


def test_output_onto_a_null_device_writes_through_it(tmp_path):
    null = _device(tmp_path, "null", 3)
    code, _, err = _score_to(null)
    assert (code, err) == (0, "")
    assert stat.S_ISCHR(os.lstat(null).st_mode)  # still the device, not a regular file
    assert os.listdir(tmp_path) == ["null"]  # no temporary file left


def test_output_onto_a_full_device_exits_2_and_keeps_the_device(tmp_path):
    full = _device(tmp_path, "full", 7)
    code, _, err = _score_to(full)
    assert code == 2 and err == f"kpi: error: cannot write '{full}' (No space left on device)\n"
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    assert os.listdir(tmp_path) == ["full"]


def test_output_onto_a_pipe_nobody_reads_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = _score_to(fifo)
    assert code == 2 and err == f"kpi: error: cannot write '{fifo}': it is a pipe and nothing reads from it\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_onto_a_pipe_with_a_reader_streams_the_whole_report(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = {}

    def read():
        with open(fifo, "rb") as fh:
            received["data"] = fh.read()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    expected = run("score", DEMO_RULES, DEMO_EVIDENCE)[1]
    for _ in range(200):  # wait until the reader has opened its end
        code, _, err = _score_to(fifo)
        if code == 0 or "nothing reads" not in err:
            break
        reader.join(timeout=0.01)
    reader.join(timeout=10)
    assert (code, err) == (0, "")
    assert received["data"].decode("utf-8") == expected
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_through_a_dangling_link_is_refused(tmp_path):
    link = tmp_path / "report.txt"
    os.symlink(tmp_path / "elsewhere" / "missing.txt", link)
    code, _, err = _score_to(link)
    assert code == 2 and "a symbolic link to a missing file" in err
    assert not (tmp_path / "elsewhere").exists()


def test_a_new_report_file_is_whole_and_readable_by_others(tmp_path):
    report = tmp_path / "report.txt"
    old = os.umask(0o022)
    try:
        code, _, _ = _score_to(report)
    finally:
        os.umask(old)
    assert code == 0
    assert report.read_text(encoding="utf-8") == run("score", DEMO_RULES, DEMO_EVIDENCE)[1]
    assert stat.S_IMODE(os.stat(report).st_mode) == 0o644  # 0666 less the umask, as any new file
    assert os.listdir(tmp_path) == ["report.txt"]


def test_output_onto_the_configuration_read_is_refused(tmp_path, monkeypatch):
    config = tmp_path / "kpi.toml"
    config.write_text('ignore = ["WT02"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # kpi check finds kpi.toml from the working directory upwards
    code, _, err = run("check", DEMO_RULES, "-o", "kpi.toml")
    assert code == 2 and err == "kpi: error: refusing to write 'kpi.toml': it is one of the input files\n"
    assert config.read_text(encoding="utf-8") == 'ignore = ["WT02"]\n'


@pytest.fixture
def tiny_disk(tmp_path):
    """A 4 KiB tmpfs, where a report of the seed plan cannot fit; skipped where we may not mount."""
    import subprocess

    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_exits_2_and_keeps_the_old_report(tiny_disk):
    report = tiny_disk / "book.json"
    report.write_text("old\n", encoding="utf-8")
    code, _, err = run("show", "rules/bma-csc-2563", "--format", "json", "-o", report)  # ~100 KB of JSON
    assert code == 2 and err == f"kpi: error: cannot write '{report}' (No space left on device)\n"
    assert report.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tiny_disk) == ["book.json"]  # no temporary file left behind


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_control_character_is_located_whatever_the_line_ends(newline):
    from kpiengine.sources.yaml_reader import parse_documents

    text = newline.join(["kind: plan", "title: ภาษาไทย", "notes: ab\x07"])
    _, problems = parse_documents(text, "plan.yaml")
    assert [(p.code, p.location.text) for p in problems] == [("SC01", "plan.yaml:3:10")]  # "notes: ab" is 9


def test_a_plain_whole_number_id_is_kept_as_written(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules / "plan.yaml", "{id: efficiency,", "{id: 2563,")  # YAML reads 2563 as a number
    _edit(rules / "indicators.yaml", "dimension: efficiency", "dimension: 2563")
    code, out, _ = run("check", rules)
    assert code == 0 and "[error]" not in out
    code, out, _ = run("score", rules, DEMO_EVIDENCE, "--format", "json")
    assert code == 0 and '"id": "2563"' in out
