"""Exact analysis: states per second and peak memory on a scenario with 200,000+
reachable states, against a bare breadth-first walk of the same states in the same run;
and a 25-flag scenario (2^25 states) that must stop with "too large to analyse"
within 30 s and under 2 GiB.

    python benchmarks/bench_solver.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(kind: str) -> dict[str, float]:
    """Run one analysis in a fresh process, so peak memory is its own."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(HERE)!r})
from generated import grid_scenario, flags_scenario
from trainer.compiled import CompiledScenario
from trainer.model import Scenario
from trainer.solver import Analysis
doc = grid_scenario() if {kind!r} == "grid" else flags_scenario(25)
compiled = CompiledScenario(Scenario.model_validate(doc))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
analysis = Analysis(compiled)
seconds = time.perf_counter() - started
print(json.dumps({{"states": analysis.state_count, "seconds": seconds, "too_large": analysis.too_large,
                  "best": analysis.best_possible, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "start_mib": before / 1024}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def bare_walk_seconds() -> tuple[int, float]:
    """A minimal BFS over the same grid (dict of tuples, no conditions): the floor for pure Python."""
    sys.path.insert(0, str(HERE))
    from generated import grid_scenario

    doc = grid_scenario()
    nodes = list(doc["nodes"])
    moves = [(7, 0), (-3, 0), (0, 5), (0, -2)]
    started = time.perf_counter()
    seen = {(0, 40, 20)}
    queue = [(0, 40, 20)]
    for node, t, p in queue:
        for dt, dp in moves:
            nxt = ((node + 1) % len(nodes), min(100, max(0, t + dt)), min(100, max(0, p + dp)))
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return len(seen), time.perf_counter() - started


def main() -> None:
    grid = measure("grid")
    bare_states, bare_seconds = bare_walk_seconds()
    print(f"grid scenario: {grid['states']:,.0f} reachable states, best {grid['best']}")
    print(f"  exact analysis: {grid['seconds']:.2f} s = {grid['states'] / grid['seconds']:,.0f} states/s, "
          f"peak RSS {grid['peak_mib']:.0f} MiB (interpreter + scenario {grid['start_mib']:.0f} MiB)")
    print(f"  bare BFS of the same grid: {bare_states:,} states in {bare_seconds:.2f} s "
          f"= {bare_states / bare_seconds:,.0f} states/s; ratio {grid['seconds'] / bare_seconds:.2f}x")
    flags = measure("flags")
    verdict = "ok" if flags["too_large"] and flags["seconds"] < 30 and flags["peak_mib"] < 2048 else "FAILED"
    print(f"25 flags (2^25 states): too large = {flags['too_large']} after {flags['states']:,.0f} states, "
          f"{flags['seconds']:.1f} s, peak RSS {flags['peak_mib']:.0f} MiB (target < 30 s, < 2048 MiB): {verdict}")


if __name__ == "__main__":
    main()
