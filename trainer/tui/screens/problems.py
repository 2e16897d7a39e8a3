"""Why a scenario cannot be played: its errors, shown literally."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from trainer.text_safety import visible
from trainer.tui.screens.base import GameDialog


class ProblemsScreen(GameDialog[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,enter,q", "dismiss", "Back")]

    def __init__(self, title: str, problems: list[str]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide"):
            yield Static(Content.styled(visible(self.title_text), "bold $error"), classes="dialog-title", markup=False)
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(Content("\n").join(Content("• " + visible(p, lines=True)) for p in self.problems), markup=False)
            yield Static("escape: back to the library", classes="dialog-hint")
