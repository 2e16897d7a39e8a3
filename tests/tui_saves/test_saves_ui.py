"""The game with saves: resume after a restart, progress, profiles, export, the library's stars."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import PACK, choose, history, make_app, open_scenario, row_texts, texts, told, until
from trainer.game.game import Game
from trainer.habits import Habits
from trainer.saves import SaveStore
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.profiles import ProfileScreen
from trainer.tui.screens.progress import ProgressScreen
from trainer.tui.widgets.meter import Meter
from trainer.tui.widgets.scenario_list import ScenarioList

SIZE = (100, 40)


def meters(pilot) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    return screen.query_one("#trust", Meter).value, screen.query_one("#pressure", Meter).value


def library_row(pilot, title: str) -> str:  # type: ignore[no-untyped-def]
    return next(row for row in row_texts(pilot.app.screen.query_one(ScenarioList)) if row.startswith(title))


async def test_resume_after_the_app_is_closed(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2", "1")
        assert meters(pilot) == (65, 5)
    # the app is gone (as if killed: every choice was already saved)
    play = SaveStore(saves).current_play("default")
    assert play is not None and [s.number for s in play.steps] == [2, 1]
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert 'Continue your play of "The Coffee Machine" where you left off (step 3)?' in texts(pilot, ".dialog-text")
        await choose(pilot, "y")
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        assert meters(pilot) == (65, 5)
        said = history(pilot)
        assert "You (qualify): Yes. Before I tell you anything" in said and "You (ask): What do the dentists grumble" in said
        await choose(pilot, "1")  # the close: won
        assert "Won  ★★★" in texts(pilot, "#prompt")
    store = SaveStore(saves)
    assert store.current_play("default") is None
    (run,) = store.runs("default")
    assert run.play_id == play.play_id and [s.number for s in run.steps] == [2, 1, 1] and run.stars == 3


async def test_declining_to_resume_starts_afresh(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2")
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose(pilot, "n")
        assert isinstance(pilot.app.screen, LibraryScreen)
        await open_scenario(pilot, "coffee")
        assert isinstance(pilot.app.screen, PlayScreen) and meters(pilot) == (35, 10)
    assert SaveStore(saves).current_play("default") is None


async def test_reopening_the_scenario_from_the_library_offers_to_continue(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2", "escape", "y")
        assert isinstance(pilot.app.screen, LibraryScreen)
        await open_scenario(pilot, "")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await choose(pilot, "y")
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        assert meters(pilot) == (50, 5)


async def test_a_changed_scenario_says_why_it_cannot_continue(saves: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    app = make_app(saves, pack)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2", "1")
    coffee = pack / "scenarios" / "coffee.toml"
    coffee.write_text(coffee.read_text().replace("nodes.today", "nodes.now").replace('next = "today"', 'next = "now"'))
    app = make_app(saves, pack)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose(pilot, "y")
        await until(pilot, lambda: "cannot continue" in told(pilot))
        assert isinstance(pilot.app.screen, LibraryScreen)
        assert 'Your saved play of "The Coffee Machine" cannot continue: the scenario has changed: the moment of step 2 is gone.' in told(pilot)
    assert SaveStore(saves).current_play("default") is None


async def test_a_finished_run_shows_in_the_library_and_the_progress_screen(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "1", "1")  # walked out: 0 stars
        await choose(pilot, "r", "2", "3", "1")  # restart, qualified out: 2 stars
        await choose(pilot, "escape")
        assert isinstance(pilot.app.screen, LibraryScreen)
        listing = library_row(pilot, "The Coffee Machine")
        assert "The Coffee Machine  ✓ played  best ★★☆" in listing
        await choose(pilot, "f5")
        assert isinstance(pilot.app.screen, ProgressScreen)
        await progress_shown(pilot)
        assert "2 finished runs of 1 scenario, 1.0 stars on average." in texts(pilot, "#summary")
        assert "The Coffee Machine" in texts(pilot, "#scenarios") and "2 runs  best ★★☆ of 3" in texts(pilot, "#scenarios")
        habits = texts(pilot, "#habits")
        assert "Your 5 choices, by tactic:" in habits
        assert "qualify  " in habits and "40%" in habits and "close" in habits and "20%" in habits
        # measured by the solver: the opening close cost stars and skipped a question; qualifying out was no push
        assert "In your last 2 runs: a push that cost stars in 1, a gamble in 0, a close before the last question in 1." in habits
        assert "At the end of a run, on average: trust 52, pressure 52." in habits
        trend = texts(pilot, "#trend")
        assert "stars     ▁ ▆  last: 2 of 3" in trend
        assert "pressure  █ ▁  last: 5" in trend
        await choose(pilot, "escape")
        assert isinstance(pilot.app.screen, LibraryScreen)


async def progress_shown(pilot: Pilot[int]) -> None:
    await until(pilot, lambda: bool(pilot.app.screen.query("#summary")))


async def test_progress_with_no_runs(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await choose(pilot, "f5")
        await progress_shown(pilot)
        assert "Player has no finished runs yet." in texts(pilot, "#summary")
        assert pilot.app.screen.query("Footer")


async def test_progress_is_read_off_the_ui_thread(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long history takes a while: the screen says "Loading…" at once, and the game still answers keys."""
    release = threading.Event()
    threads: list[threading.Thread] = []
    read = Game.habits

    def slow_habits(game: Game, profile_id: str) -> Habits:
        threads.append(threading.current_thread())
        release.wait(20)
        return read(game, profile_id)

    monkeypatch.setattr(Game, "habits", slow_habits)
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await choose(pilot, "f5")
        screen = pilot.app.screen
        assert isinstance(screen, ProgressScreen)
        await until(pilot, lambda: bool(threads))
        assert threads[0] is not threading.main_thread()
        assert texts(pilot, "#loading") == "Loading your runs…"
        await choose(pilot, "f1")  # the game answers meanwhile
        assert isinstance(pilot.app.screen, HelpScreen)
        await choose(pilot, "escape")
        release.set()
        await progress_shown(pilot)
        assert "Player has no finished runs yet." in texts(pilot, "#summary") and not screen.query("#loading")


async def test_export_from_the_debrief(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "1", "d", "x")
        assert "Finish the play first" in told(pilot)
        await choose(pilot, "escape", "1", "d")
        assert isinstance(pilot.app.screen, DebriefScreen)
        assert "x: export this run as a Markdown transcript" in texts(pilot, "#ending")
        await choose(pilot, "x")
        (run,) = SaveStore(saves).runs("default")
        path = saves / "exports" / f"{run.id}.md"
        assert f"Transcript written to {path}" in told(pilot)
    text = path.read_text()
    assert text.startswith("# Transcript: The Coffee Machine")
    assert "**Point of no return: step 1.**" in text and "- Player: Player" in text


async def test_create_switch_and_rename_players(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2", "1", "1", "escape")  # Player wins once
        await choose(pilot, "f6")
        assert isinstance(pilot.app.screen, ProfileScreen)
        await choose(pilot, "tab", *"Ana", "enter")
        assert isinstance(pilot.app.screen, LibraryScreen)
        assert "playing as Ana" in texts(pilot, "#title-bar")
        assert "played" not in library_row(pilot, "The Coffee Machine")
        await choose(pilot, "f6")
        await choose(pilot, "tab", *"Ana B", "tab", "tab", "enter")  # the Rename button, on Ana (playing now)
        assert "Ana B" in str(pilot.app.screen.query_one("#profile-list").get_option_at_index(0).prompt)
        await choose(pilot, "escape")
        assert "playing as Ana B" in texts(pilot, "#title-bar")
        await choose(pilot, "f6", "down", "enter")  # back to Player
        assert "playing as Player" in texts(pilot, "#title-bar")
        assert "✓ played  best ★★★" in library_row(pilot, "The Coffee Machine")
    store = SaveStore(saves)
    assert store.current_profile().name == "Player"  # the last one used
    assert sorted(p.name for p in store.profiles()) == ["Ana B", "Player"]


async def test_a_profile_name_problem_is_shown(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await choose(pilot, "f6", "tab", *"Player", "enter")
        assert isinstance(pilot.app.screen, ProfileScreen)
        assert 'Not created: a profile called "Player" already exists.' in texts(pilot, "#profile-problem")


async def test_a_corrupt_save_is_reported_in_one_sentence(saves: Path) -> None:
    runs = saves / "profiles" / "default" / "runs"
    runs.mkdir(parents=True)
    (runs / "20240101T000000Z-abc.toml").write_text("not = [toml")
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: told(pilot), deadline=30)  # once the saves are opened, in the background
        said = told(pilot)
        assert said.startswith("A save that could not be read (it is not valid TOML") and "was moved to" in said
        assert isinstance(pilot.app.screen, LibraryScreen)


async def test_the_library_under_a_play_is_shown_again_when_it_is_back_not_at_each_save(saves: Path) -> None:
    """Saves during a play (runs waiting to sync, a run recorded) leave the library below as it
    is; it is shown again, up to date, once it is back on top."""
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        rebuilt: list[str] = []
        library_rows = pilot.app.game.library_rows
        pilot.app.game.library_rows = lambda: (rebuilt.append("rows"), library_rows())[1]  # type: ignore[method-assign]
        await choose(pilot, "2", "1", "1")  # a win, recorded
        await pilot.pause()
        pilot.app.signals.sync_changed.publish(None)
        assert rebuilt == []
        await choose(pilot, "escape")
        assert isinstance(pilot.app.screen, LibraryScreen)
        assert rebuilt == ["rows"]
        assert "✓ played  best ★★★" in library_row(pilot, "The Coffee Machine")
