"""Secure analysis with hidden worlds: a generated scenario with 3 worlds and 100,000+ states
per world (information states expanded, each once; states per second; peak memory), against
the one-world analysis of the same scenario (its worlds removed) in the same run; and a
4-world scenario past the state budget that must stop with "too large to analyse" within
30 s and under 2 GiB.

    python benchmarks/bench_worlds.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(node_count: int, worlds: int, keep_worlds: bool) -> dict[str, float]:
    """Run one analysis in a fresh process, so peak memory is its own."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(HERE)!r})
from generated import worlds_grid_scenario
from trainer.compiled import CompiledScenario
from trainer.model import Scenario
from trainer.secure import SecureAnalysis
doc = worlds_grid_scenario({node_count}, {worlds})
if not {keep_worlds!r}:
    del doc["worlds"]
compiled = CompiledScenario(Scenario.model_validate(doc))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started, cpu = time.perf_counter(), time.process_time()
analysis = SecureAnalysis(compiled)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
start = analysis.start_info(analysis.worlds[0])
print(json.dumps({{"pairs": analysis.pair_count, "infos": analysis.info_count, "expanded": analysis.expanded,
                  "per_world": [a.state_count for a in analysis.analyses], "seconds": seconds, "cpu": cpu,
                  "too_large": analysis.too_large, "secure": analysis.secure(start),
                  "best": [a.best_possible for a in analysis.analyses],
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "start_mib": before / 1024}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} (figures are wall-clock; the CPU time shows what load added)")
    one = measure(12, 3, keep_worlds=False)
    three = measure(12, 3, keep_worlds=True)
    counted = three["pairs"] + three["infos"]
    print("scenario: worlds_grid_scenario(12 nodes), the close routed by the world's flag")
    print(f"  one world (worlds removed): {one['pairs']:,.0f} states in {one['seconds']:.2f} s "
          f"= {one['pairs'] / one['seconds']:,.0f} states/s, best {one['best'][0]}, "
          f"peak RSS {one['peak_mib']:.0f} MiB (interpreter + scenario {one['start_mib']:.0f} MiB)")
    print(f"  3 worlds: {', '.join(f'{n:,}' for n in three['per_world'])} states per world; "
          f"{three['expanded']:,.0f} information states expanded (each once), {three['infos']:,.0f} of them "
          f"holding 2+ worlds; {counted:,.0f} counted against the budget")
    print(f"  secure analysis: {three['seconds']:.2f} s = {counted / three['seconds']:,.0f} counted states/s, "
          f"secure from the start {three['secure']}, best per world {three['best']}, "
          f"peak RSS {three['peak_mib']:.0f} MiB; {three['seconds'] / one['seconds']:.2f}x the one-world time "
          f"for {counted / one['pairs']:.2f}x the states")
    big = measure(48, 4, keep_worlds=True)
    verdict = "ok" if big["too_large"] and big["seconds"] < 30 and big["peak_mib"] < 2048 else "FAILED"
    print(f"4 worlds of ~490,000 states each (budget 2,000,000): too large = {big['too_large']} after "
          f"{big['pairs'] + big['infos']:,.0f} counted states, {big['seconds']:.1f} s ({big['cpu']:.1f} s of CPU), peak RSS {big['peak_mib']:.0f} MiB "
          f"(target < 30 s, < 2048 MiB): {verdict}")


if __name__ == "__main__":
    main()
