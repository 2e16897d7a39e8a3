"""Snapshots of the projector layout at 60x20, 80x24 and 160x45, and of its dialogs (animations off)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import FIXTURES
from tests.tui.helpers import choose, opened, until
from trainer.tui.app import TrainerApp

SIZES = [(60, 20), (80, 24), (160, 45)]


def workshop_app(saves: Path) -> TrainerApp:
    app = TrainerApp([], saves=saves, builtin=False, workshop=True, open_file=FIXTURES / "first-call.toml")
    app.animation_level = "none"
    return app


async def workshop_opened(pilot: Pilot[int]) -> None:
    await until(pilot, lambda: opened(pilot))


async def voting(pilot: Pilot[int]) -> None:
    """Step 1 played by the room; the votes for step 2 coming in."""
    await workshop_opened(pilot)
    await choose(pilot, "2", "2", "1", "enter", "1", "1", "2")


async def hidden_meters(pilot: Pilot[int]) -> None:
    await workshop_opened(pilot)
    await choose(pilot, "h", "2", "enter", "1")
    pilot.app.clear_notifications()
    await pilot.pause()


async def notes(pilot: Pilot[int]) -> None:
    await workshop_opened(pilot)
    await choose(pilot, "n", "1", "2")


async def tie(pilot: Pilot[int]) -> None:
    await workshop_opened(pilot)
    await choose(pilot, "1", "2", "enter")


async def compared(pilot: Pilot[int]) -> None:
    await workshop_opened(pilot)
    await choose(pilot, "2", "enter", "2", "enter", "b", "enter", "1", "enter", "1", "enter", "c")
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_projector_layout(snap_compare, saves: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(workshop_app(saves), terminal_size=size, run_before=voting)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_hidden_meters(snap_compare, saves: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(workshop_app(saves), terminal_size=size, run_before=hidden_meters)


def test_facilitator_notes_60x20(snap_compare, saves: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(workshop_app(saves), terminal_size=(60, 20), run_before=notes)


def test_tie_break_60x20(snap_compare, saves: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(workshop_app(saves), terminal_size=(60, 20), run_before=tie)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare(snap_compare, saves: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(workshop_app(saves), terminal_size=size, run_before=compared)


async def typing_counts(pilot: Pilot[int]) -> None:
    await workshop_opened(pilot)
    await choose(pilot, "2", "e", "1", "4")
    from textual.widgets import Input

    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False  # a blinking cursor would make the picture depend on timing
    await pilot.pause()


def test_vote_counts_60x20(snap_compare, saves: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(workshop_app(saves), terminal_size=(60, 20), run_before=typing_counts)
