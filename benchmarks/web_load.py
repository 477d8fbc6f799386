"""Load test of kpi serve on loopback: 50 concurrent clients each saving and scoring 20 times.

Starts ``kpi serve`` (a real uvicorn) on 127.0.0.1 with a fresh database in a
temporary folder, adds one evaluator, then runs CLIENTS threads; each owns a
unit and does ROUNDS × (PUT evidence with If-Match of its last version, GET
score). Prints throughput, p50/p95 latency per request kind and the error
count (must be 0), and checks that every unit's history holds every save.

    python benchmarks/web_load.py [--clients 50] [--rounds 20] [--rules rules/bma-csc-2563]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password"
BODY = {"as_of": "2563-10-31", "values": {
    "satisfaction": {"satisfied": 33, "respondents": 50},
    "review-steps": {"completed": [1, 2], "partial": {"3": 0.5}},
    "report-delivered": {"delivered": "2563-10-20"}}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--rules", default=str(ROOT / "rules" / "demo-2563"))
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryDirectory() as folder:
        db = os.path.join(folder, "kpi.sqlite")
        subprocess.run([sys.executable, "-m", "kpiengine", "users", "add", "load", "--role", "evaluator",
                        "--password-stdin", "--db", db], input=PASSWORD + "\n", text=True, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "kpiengine", "serve", args.rules, "--db", db,
                                   "--port", str(port)], env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(200):
                try:
                    httpx.get(base + "/login", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            return run(base, args)
        finally:
            server.terminate()
            server.wait(10)


def run(base: str, args) -> int:
    latencies = {"save": [], "score": []}
    errors: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(args.clients)

    def client(i: int) -> None:
        unit = f"unit-{i:03d}"
        version = 0
        with httpx.Client(base_url=base, auth=("load", PASSWORD), timeout=60) as http:
            start_gate.wait()
            for r in range(args.rounds):
                body = {**BODY, "notes": f"client {i} save {r + 1}"}
                t = time.perf_counter()
                put = http.put(f"/api/units/{unit}/evidence", json=body, headers={"If-Match": f'"{version}"'})
                t_put = time.perf_counter() - t
                t = time.perf_counter()
                score = http.get(f"/api/units/{unit}/score")
                t_score = time.perf_counter() - t
                with lock:
                    latencies["save"].append(t_put)
                    latencies["score"].append(t_score)
                    if put.status_code != 200:
                        errors.append(f"{unit} save {r + 1}: {put.status_code} {put.text[:200]}")
                    elif score.status_code != 200 or abs(score.json()["overall"]["score"] - 3.392) > 1e-9:
                        errors.append(f"{unit} score {r + 1}: {score.status_code} {score.text[:200]}")
                if put.status_code == 200:
                    version = put.json()["version"]

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    requests = len(latencies["save"]) + len(latencies["score"])
    print(f"{args.clients} clients × {args.rounds} rounds (save + score): {requests} requests in {elapsed:.2f} s, "
          f"{requests / elapsed:.1f} requests/s")
    for kind, values in latencies.items():
        print(f"  {kind:5}: p50 {percentile(values, 50) * 1000:.1f} ms, p95 {percentile(values, 95) * 1000:.1f} ms, "
              f"max {max(values) * 1000:.1f} ms, mean {statistics.fmean(values) * 1000:.1f} ms")
    lost = 0
    with httpx.Client(base_url=base, auth=("load", PASSWORD), timeout=60) as http:
        for i in range(args.clients):
            versions = [h["version"] for h in http.get(f"/api/units/unit-{i:03d}/history").json()]
            if versions != list(range(1, args.rounds + 1)):
                lost += 1
                errors.append(f"unit-{i:03d}: history holds versions {versions}")
    print(f"errors: {len(errors)}; units whose history lacks a save: {lost} of {args.clients}")
    for line in errors[:10]:
        print("  " + line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
