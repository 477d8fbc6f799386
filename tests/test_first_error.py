"""The first error is the real one: references to a document that failed to load are not reported again."""

import shutil

from .conftest import DEMO_RULES, run


def demo_copy(tmp_path, file: str, old: str, new: str):
    folder = tmp_path / "rules"
    shutil.copytree(DEMO_RULES, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def errors(folder):
    code, out, _ = run("check", folder)
    return code, [line for line in out.splitlines() if "[error]" in line]


def test_a_project_that_failed_to_load_is_not_also_an_unknown_project(tmp_path):
    # projects.yaml line 4 'budget: 150000' mistyped; indicators.yaml's 'project: competency-review' stays quiet
    folder = demo_copy(tmp_path, "projects.yaml", "budget: 150000", "budgt: 150000")
    code, found = errors(folder)
    assert code == 1
    assert found == [f"{folder}/projects.yaml:4:1: [error] unknown key 'budgt' (did you mean 'budget'?) (SC03)"]


def test_an_indicator_that_failed_to_load_is_not_also_an_unknown_indicator(tmp_path):
    # the project lists 'review-steps', whose document has a wrong type: only that fault is shown
    folder = demo_copy(tmp_path, "indicators.yaml", "weight: 40", "weight: forty")
    code, found = errors(folder)
    assert code == 1 and len(found) == 1 and "(SC04)" in found[0] and "unknown indicator" not in found[0]


def test_a_reference_to_what_was_never_written_is_still_reported(tmp_path):
    folder = demo_copy(tmp_path, "indicators.yaml", "project: competency-review", "project: competency-reveiw")
    code, found = errors(folder)
    assert code == 1 and any("unknown project 'competency-reveiw' (did you mean 'competency-review'?) (RF02)" in line
                             for line in found)
