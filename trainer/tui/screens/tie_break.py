"""On a tie, the facilitator picks which of the tied choices the room plays."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from trainer.tui.screens.base import GameDialog


class TieBreakScreen(GameDialog[int | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        *(Binding(str(n), f"pick({n})", "Pick", show=n == 1, key_display="1-9") for n in range(1, 10)),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, leaders: tuple[int, ...], votes: int) -> None:
        super().__init__(classes="dialog")
        self.leaders = leaders
        self.votes = votes

    def compose(self) -> ComposeResult:
        tied = " and ".join(map(str, self.leaders))
        with Vertical(classes="dialog-box", id="tie-break"):
            yield Static(Content.styled(f"A tie: {tied}", "bold"), classes="dialog-title")
            yield Static(
                f"{self.votes} vote{'' if self.votes == 1 else 's'} each. Facilitator, pick the one the room plays: "
                f"press {' or '.join(map(str, self.leaders))}.",
                classes="dialog-text",
                markup=False,
            )
            yield Static("escape: back to voting", classes="dialog-hint")

    def action_pick(self, number: int) -> None:
        if number in self.leaders:
            self.dismiss(number)
        else:
            self.app.bell()
