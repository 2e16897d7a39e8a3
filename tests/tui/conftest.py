"""Helpers for driving the game: a hermetic app on the test pack, and readers for what it shows."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from trainer.tui.app import TrainerApp

PACK = Path(__file__).parent.parent / "fixtures" / "tui-pack"
SCENARIOS = PACK / "scenarios"


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    return tmp_path / "saves"


def make_app(saves: Path, **options: object) -> TrainerApp:
    """The game on the test pack only, with animations off so every frame is final."""
    app = TrainerApp([PACK], saves=saves, builtin=False, **options)  # type: ignore[arg-type]
    app.animation_level = "none"
    return app


async def until(pilot: Pilot[int], condition: Callable[[], object], *, deadline: float = 10.0) -> None:
    """Let the app run until `condition()` holds; fail after `deadline` seconds."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"still not true after {deadline:g}s: {getattr(condition, '__name__', condition)}")
        await pilot.pause(0.02)


async def open_scenario(pilot: Pilot[int], query: str) -> None:
    """Filter the library by `query` and play the first match, as a player would."""
    await pilot.press(*query, "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def choose(pilot: Pilot[int], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def text_of(widget: Widget) -> str:
    """The plain text a widget draws (its content, without styles)."""
    return str(widget.render())


def texts(pilot: Pilot[int], selector: str) -> str:
    return "\n".join(text_of(w) for w in pilot.app.screen.query(selector))


def prompt_text(prompt: object) -> str:
    """The plain text an option's prompt draws: Content as it is, a Rich renderable rendered wide."""
    from rich.console import Console
    from textual.content import Content

    if isinstance(prompt, (str, Content)):
        return str(prompt)
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(prompt)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())
