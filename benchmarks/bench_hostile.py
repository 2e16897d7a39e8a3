"""Validation of purpose-made files, as a user runs it (`python -m trainer validate`):

1. a 480 KB scenario whose 5,400 `next`s are all typos (each one used to run a
   fuzzy match over every node name), against the same file with the typos
   fixed. Target: under 5 s.
2. a pack of four scenarios each near the 2,000,000-state budget: peak memory
   of the whole `validate`, against one of the scenarios alone. Target: under
   600 MB (the pack holds one scenario's analysis at a time).

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import tomli_w

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generated import grid_scenario

REPO = Path(__file__).resolve().parents[1]
NODES = 1_800  # x 3 choices = 5,400 nexts
TYPO_TARGET_S = 5.0
MEMORY_TARGET_MB = 600
GRID_NODES = 190  # 190 x 101 x 101 = 1,938,190 states, just under the budget


def typo_scenario(typos: bool) -> dict[str, Any]:
    names = [f"objection_{n:04}" for n in range(NODES)]
    nodes = {}
    for n, name in enumerate(names):
        targets = [names[(n + k) % NODES] for k in (1, 2, 3)]
        if typos:  # two letters swapped: close to a real name, never equal to one
            targets = [t.replace("objection", "objcetion") for t in targets]
        nodes[name] = {
            "text": f"Objection {n}.",
            "choices": [
                {"text": f"Answer {k}.", "tactic": "help", "next": target, "feedback": "Good."}
                for k, target in enumerate(targets)
            ],
        }
    nodes[names[0]]["choices"].append({"text": "Sign?", "tactic": "close", "next": "won", "feedback": "Fine."})
    return {
        "format": 1, "id": "typos", "title": "Typos", "start": names[0], "buyer": {"name": "Bo"},
        "meters": {"trust": 50, "pressure": 10}, "nodes": nodes,
        "endings": {"won": {"outcome": "won", "text": "Signed."}},
    }


def run(argv: list[str]) -> tuple[float, float, int]:
    """(seconds, peak resident MB, exit code) of `python -m trainer ARGV` in a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "trainer", *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        typos, fixed = folder / "typos.toml", folder / "fixed.toml"
        typos.write_text(tomli_w.dumps(typo_scenario(True)), encoding="utf-8")
        fixed.write_text(tomli_w.dumps(typo_scenario(False)), encoding="utf-8")
        bad, _, bad_code = run(["validate", str(typos)])
        good, _, _ = run(["validate", str(fixed)])
        print(f"typo file: {typos.stat().st_size / 1000:.0f} KB, {NODES * 3:,} unknown nexts: "
              f"validate {bad:.2f} s (exit {bad_code}); the same file without typos {good:.2f} s; "
              f"target < {TYPO_TARGET_S:.0f} s: {'ok' if bad < TYPO_TARGET_S else 'MISSED'}")

        pack = folder / "pack"
        (pack / "scenarios").mkdir(parents=True)
        (pack / "pack.toml").write_text(
            'format = 1\nid = "big"\nname = "Big"\nversion = "1.0.0"\nauthors = ["bench"]\nlicense = "MIT"\n'
        )
        for i in range(4):
            doc = grid_scenario(GRID_NODES) | {"id": f"grid-{i}"}
            (pack / "scenarios" / f"grid-{i}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
        one_s, one_mb, _ = run(["validate", str(pack / "scenarios" / "grid-0.toml")])
        four_s, four_mb, code = run(["validate", str(pack)])
        print(f"pack of four {GRID_NODES * 101 * 101:,}-state scenarios: validate peaks at {four_mb:.0f} MB "
              f"({four_s:.1f} s, exit {code}); one scenario alone {one_mb:.0f} MB ({one_s:.1f} s); "
              f"target < {MEMORY_TARGET_MB} MB: {'ok' if four_mb < MEMORY_TARGET_MB else 'MISSED'}")


if __name__ == "__main__":
    main()
