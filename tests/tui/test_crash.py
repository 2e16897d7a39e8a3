"""An unexpected error in the game: a report file and one line for the player, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import trainer.tui.app
from tests.tui.helpers import PACK
from trainer.tui.app import TrainerApp
from trainer.tui.launch import run_app

STYLES = [Path(trainer.tui.app.__file__).parent / path for path in TrainerApp.CSS_PATH]  # type: ignore[union-attr]


class BrokenApp(TrainerApp):
    CSS_PATH = STYLES  # type: ignore[assignment]

    def on_mount(self) -> None:
        raise RuntimeError("boom in the game")


def test_a_crash_prints_one_line_and_writes_a_report(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run_app(BrokenApp([PACK], saves=saves, builtin=False), headless=True)
    out, err = capsys.readouterr()
    assert code == 70
    assert "Traceback" not in out + err and "boom in the game" in err
    (line,) = [row for row in err.splitlines() if row.strip()]
    assert line.startswith("trainer: unexpected error while running the game (RuntimeError: boom in the game)")
    report = Path(line.rsplit(" ", 1)[-1])
    assert report.is_file() and "RuntimeError: boom in the game" in report.read_text()


def test_a_normal_exit_returns_its_code(saves: Path) -> None:
    class Quits(TrainerApp):
        CSS_PATH = STYLES  # type: ignore[assignment]

        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self.exit, 0)

    assert run_app(Quits([PACK], saves=saves, builtin=False), headless=True) == 0
