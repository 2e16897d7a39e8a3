"""Snapshots of the library, play, debrief, progress and drill screens at 80x24 and 120x40, and the
new practice screens at 60x20 too (animations off)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import choose, make_app, open_scenario

SIZES = [(80, 24), (120, 40)]


async def mid_play(pilot: Pilot[int]) -> None:
    await open_scenario(pilot, "coffee")
    await choose(pilot, "2", "1")


async def walked_out_debrief(pilot: Pilot[int]) -> None:
    await open_scenario(pilot, "coffee")
    await choose(pilot, "1", "1", "d")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library(snap_compare, saves: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(saves), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_play(snap_compare, saves: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(saves), terminal_size=size, run_before=mid_play)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief(snap_compare, saves: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(saves), terminal_size=size, run_before=walked_out_debrief)


def test_play_narrow(snap_compare, saves: Path) -> None:  # type: ignore[no-untyped-def]
    """60x20 still plays: the meters move to the top."""
    assert snap_compare(make_app(saves), terminal_size=(60, 20), run_before=mid_play)


NARROW = [(80, 24), (60, 20)]


@pytest.mark.parametrize("size", NARROW, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief_coaching(snap_compare, saves: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The coaching debrief: the lesson first, then the ending, the chart and the turning points."""
    assert snap_compare(make_app(saves), terminal_size=size, run_before=walked_out_debrief)


async def progress_with_a_plan(pilot: Pilot[int]) -> None:
    from tests.tui.helpers import until
    from trainer.tui.screens.library import LibraryScreen
    from trainer.tui.screens.progress import ProgressScreen

    game = pilot.app.game  # type: ignore[attr-defined]
    for keys in (("1", "1"), ("2", "1", "1")):
        before = game.keeper.last_run
        await open_scenario(pilot, "coffee")
        await choose(pilot, *keys)
        await until(pilot, lambda before=before: game.keeper.last_run is not before)
        await choose(pilot, "escape")
        await until(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
        pilot.app.screen.action_clear_filter()  # type: ignore[attr-defined]
        await pilot.pause()
    await choose(pilot, "f5")
    await until(pilot, lambda: isinstance(pilot.app.screen, ProgressScreen) and pilot.app.screen.habits is not None)


@pytest.mark.parametrize("size", NARROW, ids=lambda s: f"{s[0]}x{s[1]}")
def test_progress_plan(snap_compare, saves: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(saves), terminal_size=size, run_before=progress_with_a_plan)
