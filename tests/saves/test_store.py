"""SaveStore: round trips of profiles, the play in progress and runs; migration; quarantine."""

from __future__ import annotations

import os
import shutil
import time
import tomllib
from pathlib import Path

import pytest

from trainer.saves import SAVE_VERSION, ProfileError, SaveStore
from trainer.saves.store import slug

from .helpers import QUALIFIED_OUT, V0, WALK_OUT, WIN, play_of, run_of


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves")


# -- profiles ---------------------------------------------------------------------------------


def test_first_start_has_the_default_profile_and_writes_nothing(store: SaveStore) -> None:
    profile = store.current_profile()
    assert (profile.id, profile.name) == ("default", "Player")
    assert [p.id for p in store.profiles()] == ["default"]
    assert store.runs("default") == [] and store.current_play("default") is None
    assert not store.folder.exists()


def test_create_switch_rename_and_remember_profiles(store: SaveStore) -> None:
    ana = store.create_profile("  Ana   María ")
    assert (ana.id, ana.name) == ("ana-mar-a", "Ana María")
    ben = store.create_profile("Ben")
    assert [p.name for p in store.profiles()] == ["Ana María", "Ben", "Player"]  # the default stays
    store.use_profile(ben.id)
    assert SaveStore(store.folder).current_profile().id == "ben"
    renamed = store.rename_profile("ben", "Benjamin")
    assert (renamed.id, renamed.name) == ("ben", "Benjamin")
    assert SaveStore(store.folder).find_profile("benjamin").id == "ben"  # by name, any case
    assert store.find_profile("ana-mar-a").name == "Ana María"
    assert store.find_profile("nobody") is None


def test_profile_names_are_checked(store: SaveStore) -> None:
    store.create_profile("Ana")
    for bad, why in (("   ", "needs a name"), ("x" * 41, "at most 40"), ("a\x1b[31m", "control"), ("ANA", "already exists")):
        with pytest.raises(ProfileError, match=why):
            store.create_profile(bad)
    with pytest.raises(ProfileError, match="already exists"):
        store.rename_profile("default", "ana")
    store.rename_profile("ana", "ANA")  # its own name in other letters is fine


def test_same_slug_gets_a_new_folder(store: SaveStore) -> None:
    assert store.create_profile("Jo!").id == "jo"
    assert store.create_profile("Jo?").id == "jo-2"
    assert slug("日本") == "player"


def test_profile_ids_cannot_leave_the_folder(store: SaveStore) -> None:
    for bad in ("../x", "a/b", "", ".hidden", "A"):
        with pytest.raises(ProfileError):
            store.save_play(bad, play_of(WIN[:1]))
    assert store.run("default", "../../etc/passwd") is None


def test_a_forgotten_last_profile_falls_back(store: SaveStore) -> None:
    store.create_profile("Ana")
    store.use_profile("ana")
    shutil.rmtree(store.folder / "profiles" / "ana")
    assert store.current_profile().id == "default"


# -- the play in progress -----------------------------------------------------------------------


def test_play_round_trip(store: SaveStore) -> None:
    play = play_of([2, 1])
    store.save_play("default", play)
    again = SaveStore(store.folder).current_play("default")
    assert again == play
    assert [(s.node, s.index, s.number, s.tactic) for s in again.steps] == [("opening", 1, 2, "qualify"), ("today", 0, 1, "ask")]
    assert again.steps[0].prompt == "Sam here. You said something about coffee machines?"
    data = tomllib.loads((store.folder / "profiles/default/current.toml").read_text())
    assert data["version"] == SAVE_VERSION


def test_discarding_only_our_own_play(store: SaveStore) -> None:
    mine, theirs = play_of([2]), play_of([1])
    store.save_play("default", theirs)  # another copy of the game saved after us
    store.discard_play("default", mine.play_id)
    assert store.current_play("default") == theirs
    store.discard_play("default", theirs.play_id)
    assert store.current_play("default") is None
    store.discard_play("default")  # nothing there: fine


# -- history ------------------------------------------------------------------------------------


def test_run_round_trip_and_best_stars(store: SaveStore) -> None:
    runs = [run_of(numbers) for numbers in (WALK_OUT, WIN, QUALIFIED_OUT)]
    for run in runs:
        store.save_play("default", run)  # as if in progress at the last choice
        assert store.record_run("default", run) == run.id
    assert store.current_play("default") is None  # recording the run ends the play in progress
    again = SaveStore(store.folder).runs("default")
    assert [r.id for r in again] == [r.id for r in runs]
    assert again == runs
    won = again[1]
    assert (won.ending.id, won.ending.outcome, won.stars, won.best_possible) == ("signed", "won", 3, 3)
    assert (won.scenario.pack, won.scenario.pack_version, won.scenario.id) == ("tui-tests", "1.0.0", "coffee")
    assert [(s.trust, s.pressure) for s in won.steps] == [(50, 5), (65, 5), (65, 5)]
    assert store.best_stars("default") == {("tui-tests", "coffee"): 3}
    assert store.run("default", won.id) == won
    assert store.run("default", won.play_id) == won
    assert store.run("default", won.id[:4]) is None  # not unique
    assert (store.folder / "profiles/default/runs" / f"{won.id}.toml").is_file()


def test_killed_between_recording_and_clearing_resumes_nothing(store: SaveStore) -> None:
    run = run_of(WIN)
    store.save_play("default", run)
    store._write(store.folder / "profiles/default/runs" / f"{run.id}.toml", run)  # the run, but not the clean-up
    assert store.current_play("default") is None
    assert not (store.folder / "profiles/default/current.toml").exists()


def test_stale_temporary_files_are_cleaned_fresh_ones_kept(store: SaveStore) -> None:
    store.record_run("default", run_of(WIN))
    runs = store.folder / "profiles/default/runs"
    stale, fresh = runs / ".x.toml.abc.tmp", runs / ".y.toml.def.tmp"
    stale.write_text("half")
    fresh.write_text("half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    assert len(store.runs("default")) == 1
    assert not stale.exists() and fresh.exists()
    assert store.take_notices() == []


# -- migration ----------------------------------------------------------------------------------


def test_version_0_saves_are_migrated_when_read(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    shutil.copytree(V0, folder)
    store = SaveStore(folder)
    profile = store.current_profile()
    assert (profile.id, profile.name) == ("ana", "Ana")
    runs = store.runs("ana")
    assert [r.id for r in runs] == ["2024-05-01-coffee", "2024-05-02-coffee"]
    lost, won = runs
    assert (won.scenario.pack, won.scenario.id, won.ending.id, won.stars) == ("tui-tests", "coffee", "signed", 3)
    assert [(s.number, s.tactic, s.trust, s.pressure, s.node) for s in won.steps] == [
        (2, "qualify", 50, 5, None), (1, "ask", 65, 5, None), (1, "close", 65, 5, None)
    ]
    assert (won.start_trust, won.start_pressure, won.finished.isoformat()) == (35, 10, "2024-05-02T10:30:00+00:00")
    assert (lost.ending.outcome, lost.stars) == ("lost", 0)
    play = store.current_play("ana")
    assert play is not None and [s.number for s in play.steps] == [2]
    assert store.best_stars("ana") == {("tui-tests", "coffee"): 3}
    assert store.take_notices() == []
    assert store.run("ana", "2024-05-02-coffee") == won
    # nothing rewritten: run files are never touched, version-0 files stay readable
    assert (folder / "profiles/ana/runs/2024-05-02-coffee.toml").read_bytes() == (V0 / "profiles/ana/runs/2024-05-02-coffee.toml").read_bytes()


def test_a_migrated_store_writes_version_1(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    shutil.copytree(V0, folder)
    store = SaveStore(folder)
    store.rename_profile("ana", "Ana B")
    store.use_profile("ana")
    for name in ("profiles.toml", "profiles/ana/profile.toml"):
        assert tomllib.loads((folder / name).read_text())["version"] == SAVE_VERSION


# -- quarantine ---------------------------------------------------------------------------------

BAD_FILES = {
    "not toml": b"this is = = not toml",
    "truncated": b'version = 1\nplay_id = "abc"\nscenario = { id = "cof',
    "empty": b"",
    "binary": b"\xff\xfe\x00garbage",
    "wrong types": b'version = 1\nplay_id = "abc"\nstarted = "yesterday"\nupdated = 3\nstart_trust = "high"\nstart_pressure = 1\n[scenario]\nid = "coffee"\n',
    "unknown version": b'version = -1\nplay_id = "abc"\n',
    "version as text": b'version = "1"\n',
    "bad v0": b'scenario = "x/y"\nchoices = [1]\nmeters = [[1, 2]]\nplayed = 2024-01-01T00:00:00Z\n',
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_unreadable_runs_are_moved_aside_and_the_rest_still_works(store: SaveStore, content: bytes) -> None:
    good = run_of(WIN)
    store.record_run("default", good)
    runs = store.folder / "profiles/default/runs"
    bad = runs / "20240101T000000Z-bad.toml"
    bad.write_bytes(content)
    assert store.runs("default") == [good]
    notices = store.take_notices()
    assert len(notices) == 1
    moved = list(runs.glob("20240101T000000Z-bad.toml.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == content
    assert notices[0].startswith("A save that could not be read (") and notices[0].endswith(f"was moved to {moved[0]}.")
    assert notices[0].count(". ") == 0  # one sentence
    assert store.runs("default") == [good] and store.take_notices() == []


@pytest.mark.parametrize("name", ["profiles.toml", "profiles/default/profile.toml", "profiles/default/current.toml"])
def test_unreadable_small_files_are_moved_aside(store: SaveStore, name: str) -> None:
    store.save_play("default", play_of([2]))
    store.use_profile("default")
    (store.folder / name).write_text("version = 1\nname = [")
    fresh = SaveStore(store.folder)
    assert fresh.current_profile().id == "default"
    fresh.current_play("default")
    notices = fresh.take_notices()
    assert len(notices) == 1 and "was moved to" in notices[0] and "not valid TOML" in notices[0]
    assert list(store.folder.glob(name + ".corrupt-*"))
    assert not (store.folder / name).exists()
    fresh.save_play("default", play_of([1]))  # and writing goes on
    assert fresh.current_play("default") is not None


def test_unknown_version_says_so(store: SaveStore) -> None:
    store.save_play("default", play_of([2]))
    path = store.folder / "profiles/default/current.toml"
    path.write_text(path.read_text().replace(f"version = {SAVE_VERSION}", 'version = "7"'))
    assert store.current_play("default") is None
    assert "unknown save version '7'" in store.take_notices()[0]


def test_saves_of_a_newer_trainer_are_left_in_place_and_reported(store: SaveStore) -> None:
    """An older copy of the game sharing the folder neither hides nor overwrites a newer one's saves."""
    good = run_of(WIN)
    store.record_run("default", good)
    store.save_play("default", play_of([2]))
    store.use_profile("default")
    folder = store.folder / "profiles/default"
    newer_run = folder / "runs/20300101T000000Z-fromthefuture.toml"
    newer_run.write_text(f'version = {SAVE_VERSION + 1}\nplay_id = "fromthefuture"\nworld = "north"\n')
    for name in ("current.toml", "profile.toml"):
        (folder / name).write_text((folder / name).read_text().replace(f"version = {SAVE_VERSION}", f"version = {SAVE_VERSION + 1}"))
    before = {p: p.read_bytes() for p in store.folder.rglob("*.toml")}
    fresh = SaveStore(store.folder)
    assert fresh.current_play("default") is None
    assert [r.id for r in fresh.runs("default")] == [good.id]
    assert [r.id for r in fresh.summaries("default")] == [good.id]
    fresh.save_play("default", play_of([1]))  # not written over the newer play in progress
    with pytest.raises(ProfileError, match="newer trainer"):
        fresh.rename_profile("default", "Someone")
    notices = fresh.take_notices()
    assert all("written by a newer trainer" in n for n in notices), notices
    assert {n.split()[2] for n in notices} == {str(newer_run), str(folder / "current.toml"), str(folder / "profile.toml")}
    assert {p: p.read_bytes() for p in store.folder.rglob("*.toml")} == before  # untouched, none renamed
    assert not list(store.folder.rglob("*.corrupt-*"))
    again = SaveStore(store.folder)
    assert [r.id for r in again.summaries("default")] == [good.id]  # from the summary, still reported
    assert any(str(newer_run) in n for n in again.take_notices())
