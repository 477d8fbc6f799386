"""How fast is `kpi check` on a large rule set? Prints figures and ratios (not a test).

Generates rule sets of 100 and 1,000 indicators (percent formulas with levels,
milestone indicators with their projects' step tables, deadlines and external
scores, spread over four dimensions), then times each phase in-process —
reading and validating the YAML, building (references, formula compilation),
the catalog's checks — and the whole `kpi check` command as a user runs it.

    python benchmarks/check_speed.py [--indicators 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from kpiengine.lint.registry import run_checks
from kpiengine.rules.loader import read_specs
from kpiengine.rules.ruleset import build_ruleset


def generate(directory: Path, count: int) -> None:
    dims = ["effectiveness", "efficiency", "quality", "organization-development"]
    plan = {"kind": "plan", "id": "bench-2563", "title": "แผนทดสอบความเร็ว", "fiscal_year": 2563,
            "dimensions": [{"id": d, "number": i + 1, "name": d, "weight": 25} for i, d in enumerate(dims)]}
    (directory / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    per_dim = count // len(dims)
    for di, dim in enumerate(dims):
        indicators, projects = [], []
        for k in range(per_dim):
            ident = f"d{di + 1}-{k:04d}"
            weight = round(100 / per_dim, 6) if k < per_dim - 1 else round(100 - round(100 / per_dim, 6) * (per_dim - 1), 6)
            kind = k % 4
            doc = {"id": ident, "name": f"ตัวชี้วัดที่ {k}", "dimension": dim, "weight": weight}
            if kind == 0:
                doc.update(unit="percent", inputs={"satisfied": {"type": "count", "max": "respondents"},
                                                   "respondents": {"type": "count", "min": 1}},
                           formula="satisfied * 100 / respondents", target=">= 60",
                           scoring={"levels": [40, 50, 60, 70, 80]})
            elif kind == 1:
                doc.update(unit="milestone", project=f"p-{ident}", target=">= 100",
                           scoring={"levels": [20, 40, 60, 80, 100]})
                projects.append({"id": f"p-{ident}", "name": f"โครงการ {k}", "budget": 100000, "funded": True,
                                 "indicators": [ident], "milestones": [
                                     {"step": s + 1, "title": f"ขั้นตอน {s + 1}", "weight": 25, "cumulative": 25 * (s + 1),
                                      "months": [f"{['ต.ค.', 'ม.ค.', 'เม.ย.', 'ก.ค.'][s]} {2562 if s == 0 else 2563}"]}
                                     for s in range(4)]})
            elif kind == 2:
                doc.update(unit="date", inputs={"delivered": {"type": "date"}}, target={"by": "2563-09-30"},
                           scoring={"method": "deadline", "step_days": 15})
            else:
                doc.update(unit="score", defined_by="สำนักงบประมาณ")
            indicators.append(doc)
        (directory / f"indicators-{di}.yaml").write_text(
            yaml.safe_dump({"kind": "indicators", "indicators": indicators}, allow_unicode=True), encoding="utf-8")
        (directory / f"projects-{di}.yaml").write_text(
            yaml.safe_dump({"kind": "projects", "projects": projects}, allow_unicode=True), encoding="utf-8")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(count: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        generate(directory, count)
        specs = read_specs(str(directory))
        ruleset = build_ruleset(specs)
        problems = [p for p in ruleset.problems + run_checks(ruleset) if p.severity.value == "error"]
        assert not problems, problems[:3]
        figures = {
            "read": best(lambda: read_specs(str(directory)), repeat),
            "build": best(lambda: build_ruleset(specs), repeat),
            "checks": best(lambda: run_checks(ruleset), repeat),
        }
        figures["in-process"] = figures["read"] + figures["build"] + figures["checks"]
        figures["command"] = best(lambda: subprocess.run([sys.executable, "-m", "kpiengine", "check", str(directory)],
                                                         check=True, capture_output=True), max(1, repeat // 2))
        figures["startup"] = best(lambda: subprocess.run([sys.executable, "-m", "kpiengine", "--version"],
                                                         check=True, capture_output=True), max(1, repeat // 2))
        figures["files"] = len(list(directory.glob("*.yaml")))
        figures["bytes"] = sum(p.stat().st_size for p in directory.glob("*.yaml"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    small = measure(max(4, args.indicators // 10), args.repeat)
    large = measure(args.indicators, args.repeat)
    print(f"kpi check on a generated rule set of {args.indicators} indicators "
          f"({large['files']} files, {large['bytes'] / 1e6:.2f} MB; best of {args.repeat} runs)")
    print(f"{'phase':<12}{'seconds':>10}{'per indicator':>16}{f'vs {args.indicators // 10}':>12}")
    for phase in ("read", "build", "checks", "in-process", "command", "startup"):
        value = large[phase]
        ratio = value / small[phase] if small[phase] else float("nan")
        print(f"{phase:<12}{value:>10.3f}{value / args.indicators * 1e6:>13.0f} µs{ratio:>11.1f}×")
    print(f"the checks take {large['checks'] / large['in-process']:.0%} of the in-process time; "
          f"the command minus interpreter start-up: {large['command'] - large['startup']:.3f} s")


if __name__ == "__main__":
    main()
