"""The Game without a screen: saving after each choice, the run at an ending, resume, export, players."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.tui.helpers import PACK, SCENARIOS
from trainer.game.game import CannotPlay, CannotResume, Game
from trainer.game.keeper import ExportError
from trainer.loader import LoadedScenario

COFFEE = SCENARIOS / "coffee.toml"


def game(saves: Path, pack: Path = PACK) -> Game:
    g = Game(saves, packs=[pack], builtin=False)
    g.take_check(g.check_packs())
    return g


def opened(g: Game, path: Path = COFFEE) -> LoadedScenario:
    loaded = g.open(path)
    assert not isinstance(loaded, CannotPlay), loaded
    return loaded


def test_every_choice_is_saved_and_the_ending_recorded_once(saves: Path) -> None:
    g = game(saves)
    session = g.begin(opened(g))
    session.choose(2)
    assert g.keep(session) is None  # saved, not yet a run
    play = g.store.current_play("default")
    assert play is not None and [s.number for s in play.steps] == [2]
    session.choose(1)
    session.choose(1)
    run = g.keep(session)
    assert run is not None and run.stars == 3
    assert g.keep(session) is None  # recorded once
    store = g.store
    assert store.current_play("default") is None and len(store.runs("default")) == 1
    assert any(e.best == 3 for e in g.library_rows())


def test_a_saved_play_is_offered_and_resumed_with_its_id(saves: Path) -> None:
    g = game(saves)
    session = g.begin(opened(g))
    session.choose(2)
    g.keep(session)
    g.close()
    again = game(saves)
    play = again.resume_offer()
    assert play is not None and again.scenario_path(play) == COFFEE.resolve()
    assert again.saved_play_at(COFFEE) == play
    resumed = again.begin(opened(again), play)
    assert [t.event.number for t in resumed.steps if t.event] == [2]
    resumed.choose(1)
    resumed.choose(1)
    run = again.keep(resumed)
    assert run is not None and run.play_id == play.play_id


def test_declining_drops_the_play(saves: Path) -> None:
    g = game(saves)
    session = g.begin(opened(g))
    session.choose(2)
    g.keep(session)
    play = g.resume_offer()
    assert play is not None
    g.drop(play)
    assert g.resume_offer() is None


def test_a_workshop_offers_no_resume(saves: Path) -> None:
    g = game(saves)
    session = g.begin(opened(g))
    session.choose(2)
    g.keep(session)
    g.workshop = True
    assert g.resume_offer() is None and g.saved_play_at(COFFEE) is None


def test_a_changed_scenario_cannot_resume_and_the_play_is_dropped(saves: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    coffee = pack / "scenarios" / "coffee.toml"
    g = game(saves, pack)
    session = g.begin(opened(g, coffee))
    session.choose(2)
    session.choose(1)
    g.keep(session)
    coffee.write_text(coffee.read_text().replace("nodes.today", "nodes.now").replace('next = "today"', 'next = "now"'))
    g.close()
    again = game(saves, pack)
    play = again.resume_offer()
    assert play is not None
    with pytest.raises(CannotResume, match="cannot continue: the scenario has changed"):
        again.begin(opened(again, coffee), play)
    assert again.resume_offer() is None


def test_a_broken_file_says_why_it_cannot_be_played(saves: Path) -> None:
    g = game(saves)
    result = g.open(SCENARIOS / "broken.toml")
    assert isinstance(result, CannotPlay) and result.heading == "broken.toml cannot be played:" and result.reasons


def test_an_unwritable_saves_folder_is_said_once(saves: Path) -> None:
    saves.parent.mkdir(parents=True, exist_ok=True)
    saves.write_text("a file where the folder should be")
    failures: list[Exception] = []
    g = Game(saves, packs=[PACK], builtin=False, on_save_failure=failures.append)
    session = g.begin(opened(g))
    session.choose(2)
    g.keep(session)
    session.choose(1)
    g.keep(session)
    g.close()
    assert len(failures) == 2
    first, second = (g.save_failed(error) for error in failures)
    assert first is not None and first.startswith("Your progress is not being saved")
    assert second is None


def test_export_only_a_recorded_run(saves: Path) -> None:
    g = game(saves)
    session = g.begin(opened(g))
    session.choose(1)
    with pytest.raises(ExportError, match="Finish the play first"):
        g.export(session)
    session.choose(1)
    g.keep(session)
    path = g.export(session)
    assert path.parent == saves / "exports" and "The Coffee Machine" in path.read_text()


def test_switching_player_follows_their_saves(saves: Path) -> None:
    g = game(saves)
    session = g.begin(opened(g))
    session.choose(2)
    g.keep(session)
    ann = g.store.create_profile("Ann")
    assert g.switch_player(ann.id) == ann and g.player == "Ann"
    assert g.resume_offer() is None  # Ann has no play left
    assert g.switch_player(ann.id) is None  # the same player stays
    assert g.workshop_summaries == saves / "workshops"


def test_a_play_started_from_a_state_is_not_saved_as_a_run(saves: Path) -> None:
    from trainer.game.play import PlaySession
    from trainer.start_at import StartAt

    g = game(saves)
    loaded = opened(g)
    first = g.begin(loaded)
    first.choose(2)
    session = PlaySession.begin_at(loaded, StartAt(first.state.node, world=first.state.world))
    assert session.origin == 1
    while not session.ended:
        session.choose(1)
        assert g.keep(session) is None
    assert g.store.runs("default") == [] and g.store.current_play("default") is None


def test_the_background_check_of_a_closed_game_opens_no_saves(saves: Path) -> None:
    """Closing (quitting) while the packs are checked: the check finishes without opening the
    player's saves (their best stars), so the program is not held up by work whose findings
    will not be shown."""
    played = game(saves)
    session = played.begin(opened(played))
    for number in (2, 1, 1):
        session.choose(number)
    assert played.keep(session) is not None
    played.close()
    assert Game(saves, packs=[PACK], builtin=False).check_packs().best  # open: the best stars are read
    closing = Game(saves, packs=[PACK], builtin=False)
    closing.close()
    check = closing.check_packs()
    assert check.best == {}
    assert [p.manifest.id for p in check.packs if p.manifest is not None]  # the packs were read all the same
