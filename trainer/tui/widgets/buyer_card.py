"""The buyer card: name, role, company and persona, shown literally."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from trainer.model import Buyer


def buyer_content(buyer: Buyer) -> Content:
    lines = [Content.styled(buyer.name, "bold")]
    where = ", ".join(part for part in (buyer.role, buyer.company) if part)
    if where:
        lines.append(Content(where))
    if buyer.persona:
        lines.append(Content.styled(buyer.persona, "italic"))
    return Content("\n").join(lines)


class BuyerCard(Static):
    """Who the player is talking to (the hidden needs stay hidden until the debrief)."""

    def __init__(self, buyer: Buyer, *, id: str | None = None) -> None:
        super().__init__(buyer_content(buyer), id=id, markup=False)
        self.border_title = "Buyer"
