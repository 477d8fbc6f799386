"""How fast is one-case `evaluate()`? Prints figures and ratios measured side by side (not a test).

On the seed plan (rules/bma-csc-2563, 23 indicators) with its year-end
evidence, in-process:

- kpiengine: `evaluate(ruleset, evidence)` — typing and checking the evidence,
  values, targets, scores, dimension and overall sums (no words);
- the floor of issue 8: bare simpleeval evaluating ``part * 100 / whole`` (a
  typical percent indicator), parsed once, names set per row, and a five-level
  score in plain Python — about 600,000 rows/s here, the figure the issue's
  "30× slower than bare simpleeval per row" (at 20.5K/s) was measured against;
- a stricter floor: bare simpleeval over the seed plan's own formulas, names
  set per row, and a five-level score (no evidence checks, no targets, no
  aggregation) — most of the seed plan's values are a single input name, which
  simpleeval looks up much faster than it computes a percent, so this floor
  is about twice as fast as the first.

Goals (issue 8): ≥ 200,000 indicator-evaluations/s and within 3× of the floor.
CPU time of this process is measured (time.process_time), best of several
rounds, so other load on the machine disturbs the figures less.

    python benchmarks/evaluate_speed.py [--rounds 7] [--cases 1000]
"""

from __future__ import annotations

import argparse
import ast
import time
from pathlib import Path

import simpleeval

from kpiengine import evaluate, load_evidence, load_rules

ROOT = Path(__file__).resolve().parent.parent


def best_rate(fn, count_per_call: int, calls: int, rounds: int) -> float:
    fn()
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, time.process_time() - start)
    return count_per_call * calls / best


def floor_rows(ruleset, result):
    """Per indicator: its formula text and tree (or the name its value comes from), the names it reads
    with the values the engine computed with, and five levels — what bare simpleeval would take."""
    rows = []
    for ind, r in zip(ruleset.indicators.values(), result.indicators, strict=True):
        if r.status != "scored" or r.value is None or not isinstance(r.value, (int, float)):
            continue
        names = {k: v for k, v in (r.inputs or {}).items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        names.update(progress=r.progress or 0, days_late=r.days_late or 0)
        if ind.formula is not None:
            text = ind.formula.text
        elif ind.unit == "milestone":
            text = "progress"
        else:
            text = next((k for k in names if k not in ("progress", "days_late")), "days_late")
        rows.append((text, ast.parse(text).body[0], names, [20.0, 40.0, 60.0, 80.0, 100.0]))
    return rows


def floor(evaluator, rows):
    total = 0.0
    for text, tree, names, levels in rows:
        evaluator.names = names
        value = evaluator.eval(text, previously_parsed=tree)
        if value >= levels[-1]:
            score = 5.0
        elif value < levels[0]:
            score = 0.0
        else:
            k = max(i for i in range(5) if value >= levels[i])
            score = k + 1 + (value - levels[k]) / (levels[k + 1] - levels[k])
        total += score
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cases", type=int, default=1000, help="evaluations per round")
    args = parser.parse_args()
    ruleset = load_rules(ROOT / "rules" / "bma-csc-2563")
    evidence = load_evidence(ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml")
    n = len(ruleset.indicators)
    ours = best_rate(lambda: evaluate(ruleset, evidence), n, args.cases, args.rounds)
    evaluator = simpleeval.SimpleEval(names={})
    # The floor of the measurement: a percent formula per row (part * 100 / whole).
    percent = [("part * 100 / whole", ast.parse("part * 100 / whole").body[0], {"part": 33, "whole": 50},
                [40.0, 50.0, 60.0, 70.0, 80.0])] * n
    bare_percent = best_rate(lambda: floor(evaluator, percent), n, args.cases, args.rounds)
    rows = floor_rows(ruleset, evaluate(ruleset, evidence))
    bare = best_rate(lambda: floor(evaluator, rows), len(rows), args.cases, args.rounds)
    print(f"one-case evaluate() on the seed plan ({n} indicators), CPU time, best of {args.rounds} rounds "
          f"of {args.cases} evaluations")
    print(f"  kpiengine evaluate():                 {ours:>12,.0f} indicator-evaluations/s "
          f"({1e6 * n / ours:.1f} µs per case)   goal ≥ 200,000")
    print(f"  bare simpleeval, part * 100 / whole:  {bare_percent:>12,.0f} rows/s → ratio "
          f"{bare_percent / ours:.2f}×   goal ≤ 3×")
    print(f"  bare simpleeval, the seed formulas:   {bare:>12,.0f} rows/s → ratio {bare / ours:.2f}×   "
          "(the stricter floor)")

if __name__ == "__main__":
    main()
