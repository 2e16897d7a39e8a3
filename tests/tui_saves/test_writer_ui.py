"""Saving off the screen's thread: the last choice is on disk however the game ends,
and a save that fails is told to the player."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.tui.helpers import make_app, open_scenario, until
from trainer.saves import SaveStore
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.play import PlayScreen

SIZE = (100, 40)


async def test_the_last_choice_is_on_disk_after_quitting(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await pilot.press("2", "1", "q", "y")  # quit at once, answering yes to "Quit in the middle of a play?"
    play = SaveStore(saves).current_play("default")
    assert play is not None and [s.number for s in play.steps] == [2, 1]


async def test_the_last_choice_is_on_disk_after_leaving_for_the_library_then_quitting(saves: Path) -> None:
    async with make_app(saves).run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await pilot.press("2", "escape", "y", "q")
    play = SaveStore(saves).current_play("default")
    assert play is not None and [s.number for s in play.steps] == [2]


async def test_a_save_that_fails_is_told_once(saves: Path) -> None:
    app = make_app(saves)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        profiles = saves / "profiles"
        shutil.rmtree(profiles, ignore_errors=True)
        saves.mkdir(exist_ok=True)
        profiles.write_text("a file where the profiles folder goes")

        def told() -> list[str]:
            return [message for message in app.told if "not being saved" in message]

        await pilot.press("2")
        await until(pilot, lambda: told(), deadline=10)
        await pilot.press("1")
        await until(pilot, lambda: len(app.game._writer.failures) == 2, deadline=10)
        await pilot.pause()
        assert len(told()) == 1 and told()[0].startswith("Your progress is not being saved: ")


async def test_a_choice_is_kept_when_the_game_ends_before_its_frame(saves: Path) -> None:
    """The save of a choice waits for the frame with the buyer's line; a game that ends first
    (in the same moment as the key) keeps it on its way out."""
    app = make_app(saves)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await pilot.press("2")
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.action_choose(1)
        assert screen.unkept is screen.session  # not passed on yet: the frame comes first
        app.exit()
    play = SaveStore(saves).current_play("default")
    assert play is not None and [s.number for s in play.steps] == [2, 1]


async def test_an_ending_left_at_once_is_recorded(saves: Path) -> None:
    """The choice that ends a play, and escape in the same moment (before the ending's frame):
    the run is recorded all the same, not lost with the screen."""
    app = make_app(saves)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenario(pilot, "coffee")
        await pilot.press("1")  # the pushy close
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.action_choose(1)  # a deadline: Sam walks out
        assert screen.session.ended and screen.unkept is screen.session  # its frame not drawn yet
        app.action_library()  # an ended play is left without a question
        await until(pilot, lambda: app.game.keeper.last_run is not None)
        assert isinstance(app.screen, LibraryScreen)
    runs = SaveStore(saves).runs("default")
    assert len(runs) == 1 and runs[0].stars == 0
