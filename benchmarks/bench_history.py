"""A long history: 10,000 finished runs (two years of daily practice) in one profile.

Times what the player meets, each in a fresh process on the same saves folder:
the library's best stars and the progress screen's figures (what the game reads for
them, from `SaveStore` and `habits`, after its modules are loaded: the game has them
loaded by then), and `python -m trainer export --last` run as a user runs it (wall
time, against the same command on a history of one run: the baseline). First without
the history's summary (the first start after an upgrade: every run file is read, as
every start did before the summary), then with it (every later start).
Target with the summary: each under 1 s.

    python benchmarks/bench_history.py [RUNS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from trainer.saves.models import dump  # noqa: E402
from trainer.saves.summary import SUMMARY_FILE  # noqa: E402

from saves.helpers import PACK, QUALIFIED_OUT, WALK_OUT, WIN, run_of  # noqa: E402

RUNS = 10_000
TARGET = 1.0

LIBRARY = """
import sys, time
from pathlib import Path
from trainer.saves import SaveStore
began = time.perf_counter()
store = SaveStore(Path(sys.argv[1]))
best = store.best_stars(store.current_profile().id)
print(time.perf_counter() - began, len(best))
"""
PROGRESS = """
import sys, time
from pathlib import Path
from trainer.habits import habits
from trainer.saves import SaveStore
began = time.perf_counter()
store = SaveStore(Path(sys.argv[1]))
h = habits(store.summaries(store.current_profile().id))
print(time.perf_counter() - began, h.runs)
"""


def write_history(saves: Path, count: int) -> None:
    runs = saves / "profiles" / "default" / "runs"
    runs.mkdir(parents=True)
    (runs.parent / "profile.toml").write_text('version = 1\nname = "Player"\n')
    kinds = [run_of(numbers) for numbers in (WIN, WALK_OUT, QUALIFIED_OUT)]
    first = kinds[0].finished - timedelta(hours=2 * count)
    for i in range(count):
        when = first + timedelta(hours=2 * i)
        run = kinds[i % 3].model_copy(update={"play_id": f"{i:012x}", "started": when, "updated": when, "finished": when})
        (runs / f"{run.id}.toml").write_bytes(tomli_w.dumps(dump(run)).encode("utf-8"))


def timed(code: str, saves: Path) -> tuple[float, str]:
    """Seconds inside a fresh process (modules loaded first), and what it printed after the time."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, str(saves)], capture_output=True, text=True, env=env, check=True)
    seconds, _, rest = done.stdout.strip().partition(" ")
    return float(seconds), rest


def timed_export(saves: Path) -> float:
    """Wall time of `python -m trainer export --last`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRAINER_PACKS": str(saves / "no-packs")}
    command = [sys.executable, "-m", "trainer", "export", "--last", "--saves", str(saves), "--pack", str(PACK)]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - began
    if done.returncode != 0 or not done.stdout.startswith("# Transcript: "):
        raise SystemExit(f"export --last failed: {done.returncode} {done.stderr}")
    return elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one"
        write_history(one, 1)
        baseline = min(timed_export(one) for _ in range(2))
        saves = Path(tmp) / "saves"
        began = time.perf_counter()
        write_history(saves, count)
        print(f"history: {count:,} runs written in {time.perf_counter() - began:.1f} s")
        summary = saves / "profiles" / "default" / SUMMARY_FILE
        rows = []
        for label, code in (("library best stars", LIBRARY), ("progress (f5) figures", PROGRESS)):
            summary.unlink(missing_ok=True)
            cold, answer = timed(code, saves)
            warm, again = timed(code, saves)
            assert answer == again, (answer, again)
            rows.append((label, cold, warm))
        summary.unlink(missing_ok=True)
        timed(LIBRARY, saves)  # the summary, as the game's start leaves it
        warm_export = timed_export(saves)
        summary.unlink(missing_ok=True)
        cold_export = timed_export(saves)
        rows.append(("export --last (wall time)", cold_export, warm_export))
        print(f"summary file: {summary.stat().st_size / 1e6:.1f} MB")
        print(f"{'':40} {'no summary':>11} {'summary':>9}  target < {TARGET:.0f} s")
        for label, cold, warm in rows:
            verdict = "ok" if warm < TARGET else "SLOW"
            print(f"{label:40} {cold:10.2f}s {warm:8.2f}s  {verdict}")
        print(f"baseline: export --last of a 1-run history takes {baseline:.2f} s (wall time); "
              f"{count:,} runs add {warm_export - baseline:+.2f} s with the summary")


if __name__ == "__main__":
    main()
