"""The facilitator types how many people voted for each choice, instead of one key per hand."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from trainer.tui.screens.base import GameDialog

MAX_VOTES = 9999


class VoteCountsScreen(GameDialog[list[int] | None]):
    """One number field per offered choice; enter in the last one (or ctrl+s) counts them."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "done", "Count the votes"),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, counts: list[int], choices: list[str]) -> None:
        super().__init__(classes="dialog")
        self.counts = counts
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="vote-counts"):
            yield Static(Content.styled("How many voted for each choice?", "bold"), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                for number, (count, text) in enumerate(zip(self.counts, self.choices, strict=True), start=1):
                    with Horizontal(classes="vote-count-row"):
                        yield Static(Content.styled(f"{number}", "bold"), classes="vote-count-label")
                        yield Input(
                            str(count) if count else "",
                            placeholder="0",
                            type="integer",
                            max_length=4,
                            compact=True,
                            id=f"count-{number}",
                            classes="vote-count",
                        )
                        yield Static(Content(text), classes="vote-count-choice", markup=False)
            yield Static("tab: next choice · enter in the last (or ctrl+s): count them · escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#count-1", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == f"count-{len(self.counts)}":
            self.action_done()
        else:
            self.focus_next()

    def action_done(self) -> None:
        counts = []
        for number in range(1, len(self.counts) + 1):
            text = self.query_one(f"#count-{number}", Input).value.strip()
            try:
                value = int(text) if text else 0
            except ValueError:
                value = -1
            if not 0 <= value <= MAX_VOTES:
                self.notify(f"Choice {number}: a count from 0 to {MAX_VOTES}.", severity="warning", timeout=3)
                self.query_one(f"#count-{number}", Input).focus()
                return
            counts.append(value)
        self.dismiss(counts)
