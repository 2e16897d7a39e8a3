"""The conversation so far: the buyer's lines, your choices with their tactics, what changed."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from trainer.model import Ending, Tactic
from trainer.wording import badge_of


def said(speaker: str | None, text: str) -> Content:
    """A line of the buyer (or another speaker); narration when `speaker` is None."""
    if speaker is None:
        return Content.styled(text, "italic")
    return Content.assemble((f"{speaker}: ", "bold"), text)


def you_said(tactic: Tactic, text: str) -> Content:
    return Content.assemble(("You ", "bold $accent"), (f"({tactic.value})", "$accent"), ": ", text)


def ending_badge(ending: Ending) -> Content:
    """`Won  ★★★  3 stars`: the ending's title (or outcome) in bold, then the stars in the warning colour."""
    badge = badge_of(ending)
    return Content.assemble((badge.words, "bold"), "  ", (badge.symbols, "bold $warning"), f"  {badge.phrase}")


def coach_said(feedback: str) -> Content:
    return Content.assemble(("Coach: ", "bold $secondary"), (feedback, "italic"))


class Transcript(VerticalScroll, can_focus=False):
    """Appends entries and keeps the newest in view."""

    def reset(self) -> None:
        self.remove_children()

    def add(self, *entries: tuple[Content, str]) -> None:
        """Append (content, kind) entries, in one mount; `kind` is a CSS class: buyer, you,
        change, note or coach."""
        if entries:
            self.mount(*(Static(content, classes=f"entry -{kind}", markup=False) for content, kind in entries))
            self.scroll_end(animate=False, immediate=False)
