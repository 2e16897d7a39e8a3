"""The history's summary (`runs-summary.json`): kept beside the runs, never the only copy, rebuilt
when missing, damaged or stale; and the temporary files of killed writes removed at start."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

import pytest

from trainer.atomic import remove_stale_temp
from trainer.habits import habits
from trainer.saves import SaveStore
from trainer.saves.summary import SUMMARY_FILE, RunSummary

from .helpers import QUALIFIED_OUT, WALK_OUT, WIN, run_of


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    store = SaveStore(tmp_path / "saves")
    for numbers in (WALK_OUT, WIN, QUALIFIED_OUT):
        store.record_run("default", run_of(numbers))
    return store


def summary_path(store: SaveStore) -> Path:
    return store.folder / "profiles/default" / SUMMARY_FILE


def test_the_summary_answers_as_the_run_files_do(store: SaveStore) -> None:
    runs = store.runs("default")
    fresh = SaveStore(store.folder)
    assert fresh.summaries("default") == [RunSummary.of(r) for r in runs]
    assert summary_path(store).is_file()
    assert fresh.best_stars("default") == {("tui-tests", "coffee"): 3}
    assert habits(fresh.summaries("default")) == habits(runs)
    assert fresh.last_run("default") == runs[-1]
    assert fresh.take_notices() == []


def test_later_reads_use_the_summary_not_the_run_files(store: SaveStore) -> None:
    store.summaries("default")
    runs = store.folder / "profiles/default/runs"
    # a run file changed behind the summary's back but with the same size and time: the summary answers
    victim = min(runs.iterdir())
    info = victim.stat()
    text = victim.read_text()
    victim.write_text(text.replace('outcome = "lost"', 'outcome = "LOST"'))
    os.utime(victim, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert SaveStore(store.folder).summaries("default")[0].outcome == "lost"


def test_the_last_run_reads_the_summary_and_that_run_only(store: SaveStore) -> None:
    runs = store.runs("default")
    store.summaries("default")
    folder = store.folder / "profiles/default/runs"
    for run in runs[:-1]:  # the others made unreadable behind the summary's back (same size and time)
        path = folder / f"{run.id}.toml"
        info = path.stat()
        path.write_bytes(b"\0" * info.st_size)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    fresh = SaveStore(store.folder)
    assert fresh.last_run("default") == runs[-1]
    assert fresh.take_notices() == []  # none of them was read
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{r.id}.toml" for r in runs)


def test_the_last_run_of_a_stale_or_damaged_summary(store: SaveStore) -> None:
    store.summaries("default")
    added = run_of(WIN)
    SaveStore(store.folder).record_run("default", added)  # after the summary was written
    assert SaveStore(store.folder).last_run("default") == added
    path = summary_path(store)
    good = path.read_bytes()
    latest = f'"{added.finished.isoformat()}"'.encode()
    for damage in (b"{}", good.replace(latest, b'"2999-01-01T00:00:00"'), good.replace(latest, b"7"),
                   good.replace(b'"won"', b'"won\\u001b[2J"')):
        assert damage != good
        path.write_bytes(damage)
        fresh = SaveStore(store.folder)
        assert fresh.last_run("default") == added, damage
        assert fresh.take_notices() == []


def test_a_missing_damaged_or_foreign_summary_is_rebuilt(store: SaveStore) -> None:
    expected = store.summaries("default")
    path = summary_path(store)
    good = path.read_bytes()
    for damage in (None, b"", b"{not json", b"[" * 100_000, json.dumps({"summary_version": 99}).encode(),
                   good.replace(b'"lines":[[', b'"lines":[["../x.toml",'),
                   good.replace(b'"won"', b'"won\\u001b[2J"'), good.replace(b',3,', b',7,')):
        assert damage != good
        if damage is None:
            path.unlink()
        else:
            path.write_bytes(damage)
        fresh = SaveStore(store.folder)
        assert fresh.summaries("default") == expected, damage
        assert fresh.take_notices() == []  # a cache, not a save: nothing moved aside
        assert path.read_bytes() == good


def test_a_stale_summary_is_brought_up_to_date(store: SaveStore) -> None:
    first = store.summaries("default")
    runs = store.folder / "profiles/default/runs"
    other = SaveStore(store.folder)  # another copy of the game adds a run and another file goes
    added = run_of(WIN)
    other.record_run("default", added)
    (runs / f"{first[0].id}.toml").unlink()
    now = [r.id for r in SaveStore(store.folder).summaries("default")]
    assert now == [r.id for r in first[1:]] + [added.id]
    assert [r.id for r in store.summaries("default")] == now  # the first copy sees it too
    # a run file edited by hand: its line is made again, and a bad edit is moved aside as any save
    edited = runs / f"{added.id}.toml"
    edited.write_text(edited.read_text().replace("stars = 3", "stars = 2 ") + "\n")
    assert [r.stars for r in SaveStore(store.folder).summaries("default")][-1] == 2
    edited.write_text(edited.read_text().replace("stars = 2", "stars = 9"))
    fresh = SaveStore(store.folder)
    assert [r.id for r in fresh.summaries("default")] == now[:-1]
    assert "was moved to" in fresh.take_notices()[0]


def test_the_summary_is_never_the_only_copy(store: SaveStore) -> None:
    store.summaries("default")
    for run in (store.folder / "profiles/default/runs").iterdir():
        run.unlink()
    assert SaveStore(store.folder).summaries("default") == []
    assert SaveStore(store.folder).last_run("default") is None


def test_an_unwritable_summary_still_answers(store: SaveStore) -> None:
    summary_path(store).mkdir(parents=True)  # something in the way: cannot be written
    assert len(SaveStore(store.folder).summaries("default")) == 3


# -- temporary files of killed writes ---------------------------------------------------------


def test_temporary_files_of_killed_writes_are_removed_at_start(store: SaveStore) -> None:
    store.save_play("default", run_of(WIN))
    store.use_profile("default")
    profile = store.folder / "profiles/default"
    left = [store.folder / ".profiles.toml.a1.tmp", profile / ".current.toml.b2.tmp", profile / "runs/.x.toml.c3.tmp",
            profile / f".{SUMMARY_FILE}.d4.tmp"]
    young = profile / ".current.toml.e5.tmp"
    old = time.time() - 60
    for path in [*left, young]:
        path.write_text("half a save")
    for path in left:
        os.utime(path, (old, old))
    fresh = SaveStore(store.folder)
    assert fresh.current_profile().id == "default"  # every start asks this first
    assert [p.exists() for p in left] == [False] * len(left)
    assert young.exists()  # its writer may be about to take its lock
    assert fresh.take_notices() == []


def test_a_live_writers_temporary_file_is_never_taken(tmp_path: Path) -> None:
    path = tmp_path / ".current.toml.f6.tmp"
    path.write_text("being written")
    old = time.time() - 3600
    os.utime(path, (old, old))
    with path.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert not remove_stale_temp(path) and path.exists()
    assert remove_stale_temp(path) and not path.exists()
    other = tmp_path / "current.toml"
    other.write_text("x")
    os.utime(other, (old, old))
    assert not remove_stale_temp(other) and other.exists()  # only temporary files


def test_no_history_writes_nothing(tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    assert store.summaries("default") == [] and store.best_stars("default") == {}
    assert not store.folder.exists()
