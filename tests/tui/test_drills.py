"""Drills from the player's own mistakes: a lost run's turning point comes back from the library
with one key, restored as it was, and is passed by a sure choice on two different days."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.pilot import Pilot

from tests.tui.helpers import choose, make_app, open_scenario, texts, toasts_shown, until, visible_text
from tests.workshop.projector import screen_lines
from trainer.drills import read_drills
from trainer.tui.screens.drills import DrillScreen
from trainer.tui.screens.library import LibraryScreen


async def test_a_drill_from_a_saved_turning_point_to_passing_it(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        game = pilot.app.game
        await open_scenario(pilot, "coffee")
        await choose(pilot, "1", "1")  # the pushy close, then a deadline: Sam walks out
        assert game.keeper.last_run is not None and game.keeper.last_run.stars == 0
        await until(pilot, lambda: game.drills_due >= 1)
        await choose(pilot, "escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
        await until(pilot, lambda: "due (f7)" in texts(pilot, "#count"))
        due = game.drills_due
        assert f"{due} drill" in texts(pilot, "#count")

        await choose(pilot, "f7")
        await until(pilot, lambda: isinstance(pilot.app.screen, DrillScreen) and pilot.app.screen.round is not None)
        screen = pilot.app.screen
        first = screen.drills[0]
        assert (first.node, first.path) == ("opening", ())  # the opening close was the first turning point
        shown = visible_text(pilot)
        assert "This is the start of the call." in shown
        assert "Sam here. You said something about coffee machines?" in shown
        assert "trust" not in shown.lower() and "(close)" not in shown  # a real call: no meters, no tactics
        await choose(pilot, "2")  # qualify: sure
        assert screen.answer is not None and screen.answer.sure
        await pilot.app.workers.wait_for_complete()  # the book is written off the choice key
        result = texts(pilot, "#result")
        assert "Sure: that keeps 3 stars in reach." in result
        assert "There's a kettle and a jar of instant." in result  # what it did in the story
        assert "The principle:" in result
        book = read_drills(saves / "profiles" / game.profile.id)
        kept = book.drills[first.key]
        assert kept.passes == (date.today(),) and not kept.passed and kept.due == date.today() + timedelta(days=3)

        # three days on, it is due again; sure a second time, on another day: passed
        game.practice.today = lambda: date.today() + timedelta(days=3)
        while isinstance(pilot.app.screen, DrillScreen):
            await choose(pilot, "escape")
        await choose(pilot, "f7")
        await until(pilot, lambda: isinstance(pilot.app.screen, DrillScreen) and pilot.app.screen.round is not None)
        again = pilot.app.screen
        keys = [d.key for d in again.drills]
        assert first.key in keys  # with the run's other turning point, never answered
        for _ in range(keys.index(first.key)):
            await choose(pilot, "n")
            await until(pilot, lambda: again.round is not None)
        assert again.round is not None and again.round.drill.key == first.key
        await choose(pilot, "2")
        assert "Passed" in texts(pilot, "#result")
        await pilot.app.workers.wait_for_complete()
        assert read_drills(saves / "profiles" / game.profile.id).drills[first.key].passed


async def drills_after_a_lost_run(pilot: Pilot[int]) -> DrillScreen:
    """Lose The Coffee Machine (a pushy close), back to the library, f7: its drill is asked."""
    game = pilot.app.game
    await open_scenario(pilot, "coffee")
    await choose(pilot, "1", "1")
    await until(pilot, lambda: game.drills_due >= 1)
    await choose(pilot, "escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
    await choose(pilot, "f7")
    await until(pilot, lambda: isinstance(pilot.app.screen, DrillScreen) and pilot.app.screen.round is not None)
    screen = pilot.app.screen
    assert isinstance(screen, DrillScreen)
    return screen


async def test_a_costly_answer_brings_the_drill_back_tomorrow(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        game = pilot.app.game
        screen = await drills_after_a_lost_run(pilot)
        key = screen.drills[0].key
        await choose(pilot, "1")  # the same pushy close
        assert screen.answer is not None and not screen.answer.sure
        result = texts(pilot, "#result")
        assert "Not yet" in result and 'Better: "Yes. Before I tell you anything' in result
        await pilot.app.workers.wait_for_complete()
        drill = read_drills(saves / "profiles" / game.profile.id).drills[key]
        assert drill.due == date.today() + timedelta(days=1) and drill.passes == ()


async def test_a_book_that_cannot_be_written_still_judges_the_answer_and_says_so(saves: Path) -> None:
    (saves / "profiles" / "default" / "drills.json").mkdir(parents=True)  # no file can be written there
    async with make_app(saves).run_test(size=(80, 24), notifications=True) as pilot:
        screen = await drills_after_a_lost_run(pilot)
        await choose(pilot, "2")
        assert screen.answer is not None and screen.answer.sure
        assert "Sure: that keeps 3 stars in reach." in texts(pilot, "#result")
        await until(pilot, lambda: any("Your drills are not being saved" in t for t in toasts_shown(pilot)))


async def test_an_answer_taller_than_the_view_is_read_from_its_top(saves: Path) -> None:
    """In a short window the coaching runs past the view: the buyer's answer and the verdict are
    shown first (the result's top), not the coaching's last lines."""
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await drills_after_a_lost_run(pilot)
        await pilot.resize_terminal(46, 13)
        await choose(pilot, "1")  # the same pushy close: "Not yet", then the coaching
        drill, result = screen.query_one("#drill"), screen.query_one("#result")
        await until(pilot, lambda: result.display and result.size.height > 0)
        assert result.outer_size.height > drill.scrollable_content_region.height  # it does not fit
        view = drill.content_region
        await until(pilot, lambda: view.y <= result.region.y < view.y + 3, deadline=5)  # its top at the view's top
        assert "Not yet" in "\n".join(screen_lines(pilot))  # as drawn

