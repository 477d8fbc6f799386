"""The batch engine's speed (issue 9, point 6): figures and ratios, never a timed unit test.

1. 100,000 units × 20 percent indicators (``part * 100 / whole``, a five-level
   ladder, two weighted dimensions) through `kpiengine.evaluate_batch`, and
   hand-written numpy doing the same formula, interpolation and weighted sums
   in the same run: indicator-evaluations per second of both, their ratio, and
   the peak memory of `evaluate_batch` against the size of the input columns.
2. 1,000 units of the seed plan through ``kpi score``: from 1,000 YAML files
   in a directory, and from one CSV table in each layout (a row per unit, a
   row per input).

    python benchmarks/batch_speed.py [--units 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kpiengine import evaluate_batch, inspect_rules, load_evidence, load_rules  # noqa: E402

INDICATORS = 20
LEVELS = [20, 40, 60, 80, 100]
WORTHS = [1.0, 2.0, 3.0, 4.0, 5.0]  # scale [1, 5], five levels: level k is worth k
DIMENSIONS = {"d1": 60, "d2": 40}


def rule_text() -> str:
    docs = ["kind: plan\nid: speed-2563\ntitle: speed\nfiscal_year: 2563\ndimensions:\n"
            "  - {id: d1, number: 1, name: one, weight: 60}\n  - {id: d2, number: 2, name: two, weight: 40}\n"]
    for i in range(INDICATORS):
        docs.append(f"kind: indicator\nid: p{i}\nname: p{i}\ndimension: {'d1' if i < 10 else 'd2'}\n"
                    f"weight: {5 + i % 10}\nunit: percent\n"
                    "inputs: {part: {type: count, max: whole}, whole: {type: count, min: 1}}\n"
                    f"formula: part * 100 / whole\ntarget: '>= 60'\nscoring: {{levels: {LEVELS}}}\n")
    return "---\n".join(docs)


def columns(n: int, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    table = {}
    for i in range(INDICATORS):
        whole = rng.integers(1, 1000, n)
        table[f"p{i}.part"] = (rng.random(n) * (whole + 1)).astype(np.int64).clip(0, whole)
        table[f"p{i}.whole"] = whole
    return table


def hand_written(table: dict, weights: list[float], n: int):
    """The same arithmetic, written directly: formula, interpolation, below level 1, weighted sums."""
    levels, worths = np.array(LEVELS, dtype=float), np.array(WORTHS)
    sums = {d: (np.zeros(n), 0.0) for d in DIMENSIONS}
    for i in range(INDICATORS):
        value = table[f"p{i}.part"] * 100.0 / table[f"p{i}.whole"]
        score = np.interp(value, levels, worths)
        score[value < levels[0]] = 0.0
        d = "d1" if i < 10 else "d2"
        total, weight = sums[d]
        sums[d] = (total + weights[i] * score, weight + weights[i])
    dims = {d: total / weight for d, (total, weight) in sums.items()}
    return (DIMENSIONS["d1"] * dims["d1"] + DIMENSIONS["d2"] * dims["d2"]) / sum(DIMENSIONS.values())


def best_time(function, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = function()
        best = min(best, time.perf_counter() - start)
    return best, out


def engines(n: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        path.write_text(rule_text(), encoding="utf-8")
        ruleset = inspect_rules(path)
    assert ruleset.valid, ruleset.problems
    table = columns(n)
    weights = [float(ruleset.indicators[f"p{i}"].weight) for i in range(INDICATORS)]
    evaluations = n * INDICATORS
    batch_time, batch = best_time(lambda: evaluate_batch(ruleset, table), repeat)
    hand_time, overall = best_time(lambda: hand_written(table, weights, n), repeat)
    assert np.allclose(batch.overall, overall, rtol=0, atol=1e-9), "the two disagree"
    assert not batch.errors
    input_bytes = sum(a.nbytes for a in table.values())
    tracemalloc.start()
    evaluate_batch(ruleset, table)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{n:,} units × {INDICATORS} indicators = {evaluations:,} indicator-evaluations (best of {repeat})")
    print(f"  evaluate_batch      {batch_time * 1000:8.1f} ms  {evaluations / batch_time / 1e6:7.1f} M/s")
    print(f"  hand-written numpy  {hand_time * 1000:8.1f} ms  {evaluations / hand_time / 1e6:7.1f} M/s")
    print(f"  ratio               {batch_time / hand_time:8.2f} × the hand-written time")
    print(f"  peak memory         {peak / 2**20:8.1f} MB for {input_bytes / 2**20:.1f} MB of input columns "
          f"({peak / input_bytes:.2f} ×)")


def seed_round(units: int) -> None:
    """1,000 units of the seed plan through kpi score: YAML files, and one CSV in each layout."""
    rules = ROOT / "rules" / "bma-csc-2563"
    source = ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml"
    ruleset = load_rules(rules)
    from kpiengine.engine.batch.table import evidence_cells

    cells = evidence_cells(ruleset, load_evidence(source))
    text = source.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "units"
        directory.mkdir()
        for i in range(units):
            (directory / f"unit-{i:04d}.yaml").write_text(text.replace("unit: ", f"unit: u{i:04d} ", 1),
                                                          encoding="utf-8")
        names = list(cells)
        by_units = Path(tmp) / "units.csv"
        with open(by_units, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["unit", *names])
            for i in range(units):
                writer.writerow([f"u{i:04d}", *[cells[k] for k in names]])
        by_inputs = Path(tmp) / "inputs.csv"
        with open(by_inputs, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["indicator", "input", *[f"u{i:04d}" for i in range(units)]])
            for name in names:
                indicator, _, suffix = name.partition(".")
                writer.writerow([indicator, suffix, *[cells[name]] * units])
        print(f"{units:,} units of the seed plan ({len(ruleset.indicators)} indicators) through kpi score:")
        for label, path in (("YAML files", directory), ("CSV, a row per unit", by_units),
                            ("CSV, a row per input", by_inputs)):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "kpiengine", "score", str(rules), str(path)],
                                  capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            wall = time.perf_counter() - start
            ranked = sum(1 for line in done.stdout.splitlines() if line.strip().startswith(("1 ", "1  ")))
            print(f"  {label:22s} {wall:6.2f} s wall (exit {done.returncode}, "
                  f"{units * len(ruleset.indicators) / wall:,.0f} indicator-evaluations/s)")
            assert done.returncode == 0 and ranked >= 1, done.stderr[-500:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed-units", type=int, default=1000)
    args = parser.parse_args()
    engines(args.units, args.repeat)
    print()
    seed_round(args.seed_units)


if __name__ == "__main__":
    main()
