"""Helpers for driving the game: a hermetic app on the test pack, waiting until what a player
would wait for is on screen, and readers for what it shows."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.widget import Widget

from trainer.tui.app import TrainerApp
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.widgets.row_list import RowList

PACK = Path(__file__).parent.parent / "fixtures" / "tui-pack"
SCENARIOS = PACK / "scenarios"


class ToldApp(TrainerApp):
    """The game, keeping every notification it shows the player in `told` (newest last)."""

    CSS_PATH = [Path(sys.modules[TrainerApp.__module__].__file__ or "").parent / path for path in TrainerApp.CSS_PATH]

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self.told: list[str] = []

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None, markup: bool = False
    ) -> None:
        self.told.append(str(message))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def make_app(saves: Path, *packs: Path, builtin: bool = False, **options: Any) -> ToldApp:
    """The game on the test pack only (or `packs`), with animations off so every frame is final."""
    app = ToldApp(list(packs or [PACK]), saves=saves, builtin=builtin, **options)
    app.animation_level = "none"
    return app


def told(pilot: Pilot[int]) -> str:
    """Every notification shown so far, one a line."""
    assert isinstance(pilot.app, ToldApp)
    return "\n".join(pilot.app.told)


async def until(pilot: Pilot[int], condition: Callable[[], object], *, deadline: float = 20.0) -> None:
    """Let the app run until `condition()` holds; fail after `deadline` seconds (generous: a
    loaded machine is slow, and a condition that holds returns at once)."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"still not true after {deadline:g}s: {getattr(condition, '__name__', condition)}")
        await pilot.pause(0.02)
    await pilot.pause()


def opened(pilot: Pilot[int]) -> bool:
    """Something is open over the library (a play, a question, a problem) and shown."""
    screen = pilot.app.screen
    return not isinstance(screen, LibraryScreen) and screen.is_mounted


async def library_checked(pilot: Pilot[int]) -> None:
    """Until the background check of the packs has been shown in the library."""
    assert isinstance(pilot.app, TrainerApp)
    game = pilot.app.game
    await until(pilot, lambda: game.checked)


async def open_scenario(pilot: Pilot[int], query: str) -> None:
    """Filter the library by `query` and play the first match, as a player would; until it opens."""
    await pilot.press(*query, "enter")
    await until(pilot, lambda: opened(pilot))


async def choose(pilot: Pilot[int], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def text_of(widget: Widget) -> str:
    """The plain text a widget draws (its content, without styles)."""
    return str(widget.render())


def texts(pilot: Pilot[int], selector: str) -> str:
    return "\n".join(text_of(w) for w in pilot.app.screen.query(selector))


def toasts_shown(pilot: Pilot[int]) -> list[str]:
    """The text of each notification on screen (needs `run_test(notifications=True)`: Textual
    mounts no toasts in tests otherwise)."""
    return [str(toast.render()) for toast in pilot.app.screen.query("Toast")]


def history(pilot: Pilot[int]) -> str:
    """What the play screen's transcript says, one entry a line."""
    from trainer.tui.widgets.transcript import Transcript

    return pilot.app.screen.query_one(Transcript).text


def prompt_text(prompt: object) -> str:
    """The plain text an option's prompt draws: Content as it is, a Rich renderable rendered wide."""
    from rich.console import Console
    from textual.content import Content

    if isinstance(prompt, (str, Content)):
        return str(prompt)
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(prompt)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def row_texts(rows: RowList[Any]) -> list[str]:
    """The plain text of each row of a `RowList` (separators left out)."""
    return [row.content.plain for row in rows.rows if row is not None]


def visible_text(pilot: Pilot[int]) -> str:
    """Every line the current screen draws: static texts and transcripts (in screen order), choices, buttons."""
    from textual.widgets import Button, OptionList, Static

    from trainer.tui.widgets.transcript import Transcript

    screen = pilot.app.screen
    parts = [
        w.text if isinstance(w, Transcript) else text_of(w)
        for w in screen.query("*")
        if isinstance(w, Transcript) or (isinstance(w, Static) and w.display)
    ]
    for options in screen.query(OptionList):
        parts += [prompt_text(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    for rows in screen.query(RowList):
        parts += row_texts(rows)
    parts += [str(b.label) for b in screen.query(Button)]
    return "\n".join(parts)


def held(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> threading.Event:
    """`owner.name` held until the event returned is set (20 s at most), then run as it was: a
    slow step of the game (a pack check, a file's check) kept going while a test looks."""
    release = threading.Event()
    real = getattr(owner, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, waiting)
    return release
