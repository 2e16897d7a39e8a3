"""Killed at any moment, or written by two processes at once: no save unreadable, no run lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from trainer.saves import SaveStore

WRITER = Path(__file__).with_name("writer.py")
ROOT = Path(__file__).resolve().parent.parent.parent
KILLS = 30
MAX_KILLS = 150  # on a loaded machine the writers get less done between kills: keep killing


def start_writer(saves: Path, profile: str, count: int, seed: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(saves), profile, str(count), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def reported_runs(output: str) -> list[str]:
    return [line.split()[1] for line in output.splitlines() if line.startswith("run ")]


def every_save_parses(saves: Path) -> int:
    """Every save file (not the writers' temporary files) is valid TOML; returns how many."""
    files = [p for p in saves.rglob("*.toml") if not p.name.startswith(".")]
    for path in files:
        tomllib.loads(path.read_text(encoding="utf-8"))
    return len(files)


def test_killing_a_writer_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    rng = random.Random(20240502)
    finished: list[str] = []
    began = time.monotonic()
    kill = 0
    while kill < KILLS or (len(finished) <= KILLS and kill < MAX_KILLS):
        kill += 1
        writer = start_writer(saves, "default", 0, kill)
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n", writer.stderr.read() if writer.stderr else ""
        time.sleep(rng.uniform(0, 0.12))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        finished += reported_runs(out)
        # after every kill the store reads cleanly: nothing to move aside, a resumable play or none
        store = SaveStore(saves)
        ids = {r.id for r in store.runs("default")}
        assert set(finished) <= ids
        store.current_play("default")
        assert store.take_notices() == []
    files = every_save_parses(saves)
    runs = SaveStore(saves).runs("default")
    elapsed = time.monotonic() - began
    print(f"\nkill test: {kill} kills, {len(finished)} runs reported finished, {len(runs)} runs on disk, "
          f"{files} save files, all readable, {elapsed:.1f} s")
    assert len(finished) > KILLS, f"{kill} kills left only {len(finished)} runs finished"  # work got done
    assert set(finished) <= {r.id for r in runs}
    assert len(runs) >= len(finished)  # a run written just before a kill may not have been reported


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    count = 60
    writers = [start_writer(saves, "default", count, seed) for seed in (1, 2)]
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    finished = [run for out, _ in outputs for run in reported_runs(out)]
    assert len(finished) == len(set(finished)) == 2 * count
    store = SaveStore(saves)
    assert sorted(r.id for r in store.runs("default")) == sorted(finished)
    assert store.current_play("default") is None  # each writer cleared its own play, and only its own
    assert store.take_notices() == []
    every_save_parses(saves)


def test_two_processes_creating_profiles_at_once(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    code = (
        "import sys\nfrom pathlib import Path\nfrom trainer.saves import SaveStore\n"
        "s = SaveStore(Path(sys.argv[1]))\n"
        "for i in range(20):\n"
        "    try:\n        print(s.create_profile(f'{sys.argv[2]} {i}').id)\n"
        "    except Exception as e:\n        print('error', e)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(saves), name], stdout=subprocess.PIPE, text=True, env=env)
             for name in ("Team", "Team")]
    ids = [line for p in procs for line in p.communicate(timeout=60)[0].splitlines()]
    created = [i for i in ids if not i.startswith("error")]
    assert len(created) == len(set(created))  # never two profiles in one folder
    assert len(created) >= 20
    store = SaveStore(saves)
    assert {p.id for p in store.profiles()} >= set(created)
    assert store.take_notices() == []
