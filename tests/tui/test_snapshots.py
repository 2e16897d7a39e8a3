"""Snapshots of the library, play and debrief screens at 80x24 and 120x40 (animations off)."""

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
