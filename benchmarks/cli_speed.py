"""How fast are the commands as a user runs them? Prints figures and ratios measured side by side (not a test).

- `kpi score` of the seed plan against the import floor
  `python -c "import pydantic, yaml, click, simpleeval"` — wall time and peak
  memory (maximum resident set size) of each, as an installed package with
  bytecode cached (both are run once before measuring, which also fills the
  rule-set cache), and the same with the cache off (`KPI_CACHE_DIR=off`: the
  YAML read, validated and checked on every run);
- `kpi check` of generated rule sets of 1,000 and 10,000 indicators (the
  generator of benchmarks/check_speed.py).

Goals (issue 8): kpi score ≤ 2× the floor in wall time and peak memory;
kpi check of 1,000 indicators < 0.5 s and of 10,000 < 3 s.

    python benchmarks/cli_speed.py [--repeat 5] [--large 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from check_speed import generate  # noqa: E402  (a sibling script, not a package)

PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def run(command: list[str], repeat: int, env: dict | None = None) -> dict:
    """Median wall time and peak memory of `command`, each run in a fresh probe process."""
    env = {**os.environ, **(env or {})}
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)  # warm caches, bytecode
    runs = [json.loads(subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True, text=True,
                                      check=True, env=env).stdout) for _ in range(repeat)]
    return {"wall": statistics.median(r["wall"] for r in runs),
            "rss_mb": statistics.median(r["rss_kb"] for r in runs) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", type=int, default=10000)
    args = parser.parse_args()
    kpi = [sys.executable, "-m", "kpiengine"]
    floor = run([sys.executable, "-c", "import pydantic, yaml, click, simpleeval"], args.repeat)
    seed = [*kpi, "score", str(ROOT / "rules" / "bma-csc-2563"),
            str(ROOT / "cases" / "bma-csc-2563" / "year-end-2563.yaml")]
    score = run(seed, args.repeat)
    uncached = run(seed, args.repeat, {"KPI_CACHE_DIR": "off"})
    print(f"medians of {args.repeat} runs, measured side by side")
    print(f"{'':<34}{'wall s':>8}{'peak MB':>9}")
    print(f"{'import floor':<34}{floor['wall']:>8.3f}{floor['rss_mb']:>9.1f}")
    print(f"{'kpi score (seed plan)':<34}{score['wall']:>8.3f}{score['rss_mb']:>9.1f}")
    print(f"{'ratio kpi score / floor':<34}{score['wall'] / floor['wall']:>7.2f}×{score['rss_mb'] / floor['rss_mb']:>8.2f}×"
          "   goal ≤ 2× both")
    print(f"{'kpi score, rule-set cache off':<34}{uncached['wall']:>8.3f}{uncached['rss_mb']:>9.1f}")
    print(f"{'ratio cache off / floor':<34}{uncached['wall'] / floor['wall']:>7.2f}×"
          f"{uncached['rss_mb'] / floor['rss_mb']:>8.2f}×")
    for count in (1000, args.large):
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp), count)
            check = run([*kpi, "check", tmp], max(1, args.repeat // 2))
            startup = run([*kpi, "--version"], max(1, args.repeat // 2))
        goal = "< 0.5 s" if count == 1000 else "< 3 s" if count == 10000 else ""
        print(f"{f'kpi check, {count:,} indicators':<34}{check['wall']:>8.3f}{check['rss_mb']:>9.1f}"
              f"   minus start-up {check['wall'] - startup['wall']:.3f} s   goal {goal}")


if __name__ == "__main__":
    main()
