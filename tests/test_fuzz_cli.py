"""`kpi fuzz` on small faulty rule sets (click's CliRunner): the finding, its counterexample, exit codes."""

import json
import re

import pytest
import yaml

from .conftest import DEMO_RULES, dedent, run


def indicator(ident, body):
    """An indicator document of the test plan (conftest.PLAN: dimension effectiveness)."""
    return f"kind: indicator\nid: {ident}\nname: ทดสอบ\ndimension: effectiveness\nweight: 50\n{dedent(body)}"


def line_of(path, text):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line == text)


def counterexamples(out):
    """The YAML documents of the text report, parsed."""
    return [yaml.safe_load(block) for block in re.findall(r"^---\n(.*?)^\.\.\.$", out, flags=re.M | re.S)]


# Each case: the indicator, the property it breaks, and the smallest counterexample (its values).
FAULTY = [
    pytest.param(
        indicator("share-of-rest", """\
            unit: percent
            inputs:
              x: {type: count, max: total}
              total: {type: count}
            formula: x * 100 / (total - x)
            scoring: {levels: [10, 20, 30, 40, 50]}
            """),
        "formula-evaluates", "division by zero",
        # total - x is 0 exactly when x == total; the smallest such counts are both 0.
        {"x": 0, "total": 0}, id="division-by-zero-at-x-equal-total"),
    pytest.param(
        indicator("root-gap", """\
            unit: number
            inputs:
              a: {type: number}
              b: {type: number}
            formula: (a - b) ** 0.5
            target: ">= 5"
            """),
        "formula-evaluates", "fractional power",
        # a - b < 0 first for the simplest numbers at a = 0, b = 1 (base -1).
        {"a": 0, "b": 1}, id="fractional-power-of-a-negative-number"),
    pytest.param(
        indicator("per-day", """\
            unit: number
            inputs:
              work: {type: number, min: 0}
              days: {type: number, min: 0}
            formula: work / days
            target: ">= 5"
            """),
        "formula-evaluates", "division by zero",
        # min: 0 lets days be 0; work = 0 is the simplest partner.
        {"work": 0, "days": 0}, id="division-by-an-input-with-min-0"),
    pytest.param(
        indicator("off-by-five", """\
            unit: number
            inputs:
              x: {type: count}
              y: {type: count, min: 1}
            formula: x / (2 * y - 10)
            target: ">= 1"
            """),
        "formula-evaluates", "division by zero",
        # 2y - 10 = 0 at y = 5, which no boundary candidate is: found by aiming at the divisor's root.
        {"x": 0, "y": 5}, id="division-by-zero-inside-the-domain"),
    pytest.param(
        indicator("late-effect", """\
            unit: number
            inputs:
              late: {type: count, effect: increases}
            formula: 100 / (1 + late)
            target: ">= 50"
            """),
        "input-effect", "raising 'late' from 0 to 1 lowers the value from 100 to 50",
        # 100 / (1 + 0) = 100, 100 / (1 + 1) = 50: the value falls although the input is declared to raise it.
        {"late": 0}, id="declared-effect-contradicted"),
    pytest.param(
        indicator("upside-down", """\
            unit: count
            inputs:
              n: {type: count}
            target: "<= 5"
            """),
        "score-monotone", "a better value scores less: value 6 scores 0, while value 0 scores 5",
        # direction higher (default), but the target passes low values: 0 passes (5), 6 fails (0).
        {"n": 6}, id="target-against-the-direction"),
    pytest.param(
        indicator("fail-high", """\
            unit: count
            inputs:
              n: {type: count, max: 3}
            target: ">= 2"
            scoring: {method: pass_fail, fail_score: 7}
            """),
        "score-in-scale", "score 7 (value 0) is outside the scale [1, 5]",
        # n = 0 misses the target: fail_score 7, beyond the scale's 5.
        {"n": 0}, id="fail-score-beyond-the-scale"),
]


@pytest.mark.parametrize("text, prop, words, smallest", FAULTY)
def test_fuzz_finds_the_fault_and_a_minimal_counterexample(rules_dir, text, prop, words, smallest):
    ident = text.split("\n")[1].split(": ")[1]
    path = rules_dir(text)
    code, out, err = run("fuzz", path)
    assert code == 1 and err == f"kpi fuzz: [1/1] {ident}\n"  # the progress line, nothing else
    header = next(line for line in out.splitlines() if f"[{prop}]" in line)
    assert header.startswith(f"{path / 'rules.yaml'}:2: [{prop}] {ident}: ")  # line 2: the id
    assert words in header
    first = counterexamples(out)[0]  # one indicator, so the first counterexample is this finding's
    assert first["kind"] == "evidence" and first["plan"] == "t-2563"
    assert first["values"] == {ident: smallest}


def test_the_counterexample_reproduces_the_error_with_kpi_score(rules_dir, tmp_path):
    path = rules_dir(FAULTY[0].values[0])
    _, out, _ = run("fuzz", path)
    evidence = tmp_path / "counterexample.yaml"
    evidence.write_text(out[out.index("---\n"):out.index("...\n") + 4], encoding="utf-8")  # pasted as printed
    code, report, _ = run("score", path, evidence)
    assert code == 1
    assert "share-of-rest: division by zero in 'x * 100 / (total - x)' with total = 0, x = 0" \
        in report


def test_a_pair_finding_shows_both_pieces_of_evidence(rules_dir):
    path = rules_dir(FAULTY[4].values[0])
    _, out, _ = run("fuzz", path)
    first, second = counterexamples(out)
    assert first["values"] == {"late-effect": {"late": 0}}
    assert second["values"] == {"late-effect": {"late": 1}}
    assert "# counterexample (found after 1 example): value 100\n" in out
    assert "# compared with: 'late' raised to 1: value 50\n" in out


CORRECT = indicator("satisfaction", """\
    unit: percent
    inputs:
      satisfied: {type: count, max: respondents, effect: increases}
      respondents: {type: count, min: 1, effect: decreases}
    formula: satisfied * 100 / respondents
    target: ">= 60"
    scoring: {levels: [40, 50, 60, 70, 80]}
    """) + "---\n" + indicator("spread", """\
    unit: number
    inputs:
      high: {type: number, min: low, max: 1000000}  # a power base beyond 4,000,000 is refused (SPEC §3)
      low: {type: number, min: 0}
    formula: (high - low) ** 0.5 + low / (1 + high)
    target: ">= 1"
    """)


def test_a_correct_rule_set_exits_0(rules_dir):
    code, out, err = run("fuzz", rules_dir(CORRECT))
    assert code == 0 and [line[:15] for line in err.splitlines()] == ["kpi fuzz: [1/2]", "kpi fuzz: [2/2]"]
    assert run("fuzz", rules_dir(CORRECT), "--quiet")[2] == ""  # no progress lines
    assert out.startswith("no findings in 2 indicators (")


def test_the_demo_rule_set_is_clean():
    code, out, _ = run("fuzz", DEMO_RULES)
    assert code == 0 and out.startswith("no findings in 3 indicators")


def test_only_the_indicators_asked_for(rules_dir):
    path = rules_dir(CORRECT + "---\n" + FAULTY[0].values[0])
    code, out, _ = run("fuzz", path, "--indicator", "satisfaction", "--indicator", "spread")
    assert code == 0 and out.startswith("no findings in 2 indicators")
    code, out, _ = run("fuzz", path, "--indicator", "share-of-rest")
    assert code == 1 and out.splitlines()[-1].startswith("1 finding in 1 of 1 indicator (")


def test_unknown_indicator_exits_2_with_a_suggestion():
    code, out, err = run("fuzz", DEMO_RULES, "--indicator", "satisfacton")
    assert code == 2 and out == ""
    assert err == "kpi: error: unknown indicator 'satisfacton' (did you mean 'satisfaction'?)\n"


def test_an_invalid_rule_set_exits_2_with_its_problems(rules_dir):
    path = rules_dir(indicator("broken", "unit: percent\ninputs: {x: {type: count}}\nformula: x +\n"))
    code, out, err = run("fuzz", path)
    assert code == 2 and out == ""
    assert "(FM01)" in err and err.rstrip().endswith("has errors (run 'kpi check " + str(path) + "' for all problems)")


def test_the_same_seed_gives_the_same_report(rules_dir):
    path = rules_dir(CORRECT + "---\n" + "---\n".join(p.values[0] for p in FAULTY))
    first = run("fuzz", path, "--seed", "7", "--max-examples", "30")
    second = run("fuzz", path, "--seed", "7", "--max-examples", "30")
    assert first == second and first[0] == 1
    assert first[1].splitlines()[-1].endswith("up to 30 random per indicator, seed 7)")
    assert run("fuzz", path) == run("fuzz", path)  # derandomized by default


def test_json_has_the_documented_shape(rules_dir):
    path = rules_dir(CORRECT + "---\n" + FAULTY[0].values[0] + "---\n" + FAULTY[4].values[0])
    code, out, _ = run("fuzz", path, "--format", "json", "--max-examples", "20")
    doc = json.loads(out)
    assert code == 1
    assert list(doc) == ["plan", "rules", "seed", "max_examples", "examples", "indicators", "findings"]
    assert (doc["plan"], doc["seed"], doc["max_examples"]) == ("t-2563", None, 20)
    assert [i["id"] for i in doc["indicators"]] == ["satisfaction", "spread", "share-of-rest", "late-effect"]
    assert [i["findings"] for i in doc["indicators"]] == [0, 0, 1, 1]
    assert doc["examples"] == sum(i["examples"] for i in doc["indicators"])
    first, second = doc["findings"]
    assert list(first) == ["indicator", "file", "line", "property", "message", "examples", "evidence",
                           "other_evidence"]
    assert (first["indicator"], first["property"]) == ("share-of-rest", "formula-evaluates")
    assert (first["file"], first["line"]) == (str(path / "rules.yaml"), line_of(path / "rules.yaml", "id: share-of-rest"))
    assert first["evidence"] == {"kind": "evidence", "plan": "t-2563", "values": {"share-of-rest": {"x": 0, "total": 0}}}
    assert first["other_evidence"] is None
    assert second["other_evidence"]["values"] == {"late-effect": {"late": 1}}


def test_dates_are_iso_in_both_formats(rules_dir):
    text = indicator("late-days", """\
        unit: date
        inputs: {delivered: {type: date}}
        formula: 100 / days_late
        target: {by: 2563-09-30}
        scoring: {levels: [1, 2, 3, 4, 5]}
        """)
    path = rules_dir(text)
    code, out, _ = run("fuzz", path)
    # days_late is 0 when the delivery is on the due date, 2563-09-30 = 2020-09-30 CE.
    assert code == 1 and "[formula-evaluates] late-days: division by zero in '100 / days_late'" in out
    assert "  late-days: {delivered: 2020-09-30}\n" in out
    _, out, _ = run("fuzz", path, "--format", "json")
    assert json.loads(out)["findings"][0]["evidence"]["values"] == {"late-days": {"delivered": "2020-09-30"}}


def test_output_file_is_written_whole(rules_dir, tmp_path):
    report = tmp_path / "fuzz.json"
    code, out, _ = run("fuzz", rules_dir(CORRECT), "--format", "json", "-o", report)
    assert code == 0 and out == ""
    assert json.loads(report.read_text(encoding="utf-8"))["findings"] == []
