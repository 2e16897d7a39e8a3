"""The progress screen plans: one next step from the data, started with one key; endings found
and lessons' proficiency shown."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import choose, make_app, open_scenario, texts, until
from tests.tui.test_snapshots import progress_with_a_plan
from trainer.tui.screens.drills import DrillScreen
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.progress import ProgressScreen


async def finish(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    game = pilot.app.game
    before = game.keeper.last_run
    await open_scenario(pilot, "coffee")
    await choose(pilot, *keys)
    await until(pilot, lambda: game.keeper.last_run is not None and game.keeper.last_run is not before)
    await choose(pilot, "escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))


async def progress(pilot) -> ProgressScreen:  # type: ignore[no-untyped-def]
    await choose(pilot, "f5")
    await until(pilot, lambda: isinstance(pilot.app.screen, ProgressScreen) and pilot.app.screen.habits is not None)
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    return screen


async def test_the_next_step_names_the_costliest_habit_and_starts_the_drills_with_one_key(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await progress_with_a_plan(pilot)  # walked out after the pushy close, then won
        screen = pilot.app.screen
        assert isinstance(screen, ProgressScreen)
        assert screen.plan is not None
        step = texts(pilot, "#next-step")
        assert "Your costliest habit: asking for the business before the need is confirmed, in 1 of your last 2 runs." in step
        # coffee already has its 3 stars: after the drills, the scenario not played yet (its title
        # shown literally, never as markup)
        assert f"Practise: {screen.plan.drills_due} drills due, then [b]bold[/b] title." in step
        assert "Press n to start." in step
        lessons = texts(pilot, "#lessons")
        assert "Qualifying" in lessons and "%" in lessons
        scenarios = texts(pilot, "#scenarios")
        assert "2 of 4 endings: Won, Lost" in scenarios
        assert "pushed before" not in texts(pilot, "#habits")
        await choose(pilot, "n")
        await until(pilot, lambda: isinstance(pilot.app.screen, DrillScreen))


async def test_with_no_drills_due_the_next_step_opens_the_scenario(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await finish(pilot, "2", "1", "1")  # a clean win: no turning point, no drill
        screen = await progress(pilot)
        assert screen.plan is not None and screen.plan.drills_due == 0
        step = texts(pilot, "#next-step")
        assert "Practise: " in step and "drill" not in step
        await choose(pilot, "n")
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
