"""The offered choices, large, each with the room's votes for it; a click adds a vote."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

from trainer.engine import Offer

BAR = "▮"
MAX_BAR = 10


def votes_label(count: int) -> Content:
    """`3 ▮▮▮`: the number first, so a narrow column clips the bar, never the count."""
    if count == 0:
        return Content.styled("·", "dim")
    return Content.assemble((f"{count} ", "bold"), (BAR * min(count, MAX_BAR), "$accent"))


class ChoiceRow(Horizontal):
    def __init__(self, offer: Offer) -> None:
        super().__init__(classes="choice-row")
        self.number = offer.number
        self.text = offer.choice.text
        self.votes = 0

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(str(self.number), "bold"), classes="choice-number", markup=False)
        yield Static(Content(self.text), classes="choice-text", markup=False)
        yield Static(votes_label(self.votes), classes="choice-votes", markup=False)

    def show_votes(self, count: int, *, leader: bool) -> None:
        self.votes = count
        self.set_class(leader, "-leader")
        for label in self.query(".choice-votes").results(Static):  # none until composed
            label.update(votes_label(count))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(ChoiceVotes.Voted(self.number))


class ChoiceVotes(VerticalScroll, can_focus=False):
    """One row per offered choice: the number, the text (wrapped) and the votes.

    It stays where it is scrolled (the first choices in view); the status line names the leader."""

    class Voted(Message):
        """A choice was clicked: one more vote for it."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def show_offers(self, offers: Sequence[Offer]) -> None:
        self.remove_children()
        self.mount_all(ChoiceRow(offer) for offer in offers)
        self.scroll_home(animate=False)

    def show_votes(self, counts: Sequence[int], leaders: Sequence[int]) -> None:
        for row in self.query(ChoiceRow):
            index = row.number - 1
            count = counts[index] if index < len(counts) else 0
            row.show_votes(count, leader=count > 0 and row.number in leaders)
