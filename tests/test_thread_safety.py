"""Many threads, one loaded rule set: every result equals the single-thread one.

The switch interval is set very short so that threads interleave inside
evaluations; the formula test is the reproduction from the core-reshape
issue (a shared simpleeval instance gave `a=2, b=0` → 2567.0 there).
"""

import copy
import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from kpiengine import evaluate, load_evidence, load_rules
from kpiengine.rules.formula import compile_formula

from .conftest import ROOT

SEED_RULES = ROOT / "rules" / "bma-csc-2563"
SEED_CASES = sorted((ROOT / "cases" / "bma-csc-2563").glob("*.yaml"))


@pytest.fixture
def fast_switching():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def test_one_formula_from_four_threads(fast_switching):
    formula, issues = compile_formula("a * 1000 + b", {"a": "input", "b": "input"})
    assert not issues
    wrong = []

    def work(seed: int):
        for i in range(20_000):
            a, b = (seed * 7 + i) % 97, (seed * 13 + i) % 89
            got = formula.evaluate({"a": a, "b": b})
            if got != a * 1000 + b:
                wrong.append((a, b, got))

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def _variants() -> list:
    """The seed plan's evidence files, each also with its numbers shifted, so units differ."""
    out = []
    for path in SEED_CASES:
        try:
            evidence = load_evidence(path)
        except Exception:  # noqa: BLE001 — case files (kind: case) are not evidence
            continue
        out.append(evidence)
        for shift in (1, 2, 3):
            other = copy.deepcopy(evidence)
            for entry in other.entries.values():
                if isinstance(entry.values, dict):
                    entry.values = {k: (v + shift if isinstance(v, int) and not isinstance(v, bool) else v)
                                    for k, v in entry.values.items()}
            out.append(other)
    return out


def test_many_threads_score_different_evidence_against_one_rule_set(fast_switching):
    ruleset = load_rules(SEED_RULES)
    evidences = _variants()
    assert len(evidences) >= 8
    expected = [json.dumps(evaluate(ruleset, e).to_json(), sort_keys=True) for e in evidences]
    assert len(set(expected)) > len(evidences) // 2  # the variants really differ

    def score(k: int) -> tuple[int, str]:
        i = k % len(evidences)
        return i, json.dumps(evaluate(ruleset, evidences[i]).to_json(), sort_keys=True)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(score, range(len(evidences) * 25)))
    mismatches = [i for i, got in results if got != expected[i]]
    assert mismatches == []

