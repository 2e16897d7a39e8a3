"""The keeper with the ordered writer: a choice is queued, not waited for; nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from trainer.game.keeper import PlayKeeper
from trainer.game.play import PlaySession
from trainer.game.writer import SaveWriter
from trainer.saves import SaveStore
from trainer.validation import load_scenario

COFFEE = FIXTURES / "tui-pack" / "scenarios" / "coffee.toml"


@pytest.fixture(scope="module")
def loaded():  # type: ignore[no-untyped-def]
    return load_scenario(COFFEE)


def keeper(saves: Path, writer: SaveWriter | None) -> PlayKeeper:
    store = SaveStore(saves)
    return PlayKeeper(store, store.current_profile(), writer)


def test_every_choice_is_written_in_order_and_the_last_one_is_on_disk(tmp_path: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    writer = SaveWriter()
    keep = keeper(tmp_path, writer)
    session = PlaySession.begin(loaded)
    written: list[int] = []
    store_save = keep.store.save_play
    keep.store.save_play = lambda profile, play: (store_save(profile, play), written.append(len(play.steps)))  # type: ignore[method-assign]
    for number in (2, 1):
        session.choose(number)
        keep.keep(session)
    writer.close()
    assert written == [1, 2]  # in order, each one whole
    play = SaveStore(tmp_path).current_play("default")
    assert play is not None and [s.number for s in play.steps] == [2, 1]


def test_a_restart_after_a_choice_leaves_nothing_to_resume(tmp_path: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    writer = SaveWriter()
    keep = keeper(tmp_path, writer)
    session = PlaySession.begin(loaded)
    session.choose(2)
    keep.keep(session)
    keep.keep(session.restarted())  # queued after the save: the discard comes last
    writer.close()
    assert SaveStore(tmp_path).current_play("default") is None


def test_the_finished_run_is_recorded_once(tmp_path: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    writer = SaveWriter()
    keep = keeper(tmp_path, writer)
    session = PlaySession.begin(loaded)
    for number in (2, 1, 1):
        session.choose(number)
        run = keep.keep(session)
    assert run is not None and keep.keep(session) is None
    writer.close()
    store = SaveStore(tmp_path)
    assert [r.id for r in store.runs("default")] == [run.id] and store.current_play("default") is None


def test_a_write_that_fails_is_reported(tmp_path: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    told: list[Exception] = []
    writer = SaveWriter(on_failure=told.append)
    keep = keeper(tmp_path / "saves", writer)
    (tmp_path / "saves").mkdir()
    (tmp_path / "saves" / "profiles").write_text("a file where the profiles folder goes")
    session = PlaySession.begin(loaded)
    session.choose(2)
    keep.keep(session)  # returns at once: the failure comes from the writer
    writer.close()
    assert len(told) == 1 and isinstance(told[0], OSError)


def test_without_a_writer_a_failure_is_raised_at_once(tmp_path: Path, loaded) -> None:  # type: ignore[no-untyped-def]
    keep = keeper(tmp_path / "saves", None)
    (tmp_path / "saves").mkdir()
    (tmp_path / "saves" / "profiles").write_text("a file where the profiles folder goes")
    session = PlaySession.begin(loaded)
    session.choose(2)
    with pytest.raises(OSError):
        keep.keep(session)


def test_a_run_records_the_best_ending_of_its_own_buyer(tmp_path: Path) -> None:
    clinic = load_scenario(FIXTURES / "clinic-bookings.toml")  # with one buyer 3 stars can be had; not with this one
    keep = keeper(tmp_path, None)
    session = PlaySession.begin(clinic, world="no-fit")
    session.choose(2)  # why now: home visits
    session.choose(2)  # a better fit elsewhere: referred, 2 stars
    run = keep.keep(session)
    assert run is not None and (run.stars, run.best_possible) == (2, 2)
