"""Before a workshop is left (quit, or back to the library): save the summary first, leave, or stay.

The session itself is kept either way (it is saved after every vote and step), so it can be resumed."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from trainer.tui.screens.base import GameDialog

Leaving = Literal["save", "leave"]
"""Save the summary, then leave; or leave as it is. None: stay."""


class LeaveWorkshopScreen(GameDialog[Leaving | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("s", "answer('save')", "Save summary and leave"),
        Binding("y", "answer('leave')", "Leave"),
        Binding("n,escape", "answer(None)", "Stay"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-text", markup=False)
            yield Static("The session is kept: you can resume it next time.", classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save summary (s)", id="save", variant="primary", compact=True)
                yield Button("Leave (y)", id="leave", variant="warning", compact=True)
                yield Button("Stay (n)", id="stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        answers: dict[str | None, Leaving] = {"save": "save", "leave": "leave"}
        self.dismiss(answers.get(event.button.id))

    def action_answer(self, answer: Leaving | None) -> None:
        self.dismiss(answer)
