"""The offered choices, large, each with the room's votes for it; a click adds a vote.

The choices never scroll: they are shown whole, a page at a time when the grid is too small
for all of them, with a loud line naming the choices on the other page and the key that turns it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Click, Resize
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from trainer.engine import Offer

BAR = "█"
HIDDEN = "votes hidden"


def percent(count: int, total: int) -> int:
    """`count` as a whole percentage of `total` (0 when nobody voted)."""
    return round(100 * count / total) if total else 0


def bar_width(count: int, top: int, width: int) -> int:
    """A bar proportional to the leader's `top` count: the leader fills `width`; any vote shows."""
    if count <= 0 or top <= 0 or width <= 0:
        return 0
    return max(1, round(width * count / top))


class VotesCell(Widget):
    """Two lines: `23 · 52%`, then a bar as long as the leader's is to this one."""

    def __init__(self) -> None:
        super().__init__(classes="choice-votes")
        self.count = 0
        self.total = 0
        self.top = 0
        self.hidden = False

    def show(self, count: int, total: int, top: int, *, hidden: bool) -> None:
        self.count, self.total, self.top, self.hidden = count, total, top, hidden
        self.refresh()

    def render(self) -> Content:
        if self.hidden:
            return Content.styled("hidden", "dim italic")
        if self.total == 0:
            return Content.styled("·", "dim")
        if self.count == 0:
            return Content.styled("0", "dim")
        first = Content.assemble((str(self.count), "bold"), f" {percent(self.count, self.total)}%")
        bar = Content.styled(BAR * bar_width(self.count, self.top, self.size.width), "$accent")
        return Content("\n").join([first, bar])


class ChoiceRow(Horizontal):
    def __init__(self, offer: Offer) -> None:
        super().__init__(classes="choice-row -stripe" if offer.number % 2 == 0 else "choice-row")
        self.number = offer.number
        self.text = offer.choice.text
        self.votes = 0

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(str(self.number), "bold"), classes="choice-number", markup=False)
        yield Static(Content(self.text), classes="choice-text", markup=False)
        yield VotesCell()

    def show_votes(self, count: int, *, total: int, top: int, leader: bool, hidden: bool) -> None:
        self.votes = count
        self.set_class(leader and not hidden, "-leader")
        for cell in self.query(VotesCell):  # none until composed
            cell.show(count, total, top, hidden=hidden)

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(ChoiceVotes.Voted(self.number))

    def on_resize(self, event: Resize) -> None:
        if isinstance(self.parent, ChoiceVotes):
            self.parent.request_paging()


def pages_of(heights: Sequence[int], room: int) -> list[list[int]]:
    """Split rows of `heights` into pages of whole rows that fit `room` lines (a row taller than
    `room` gets a page of its own); one page when they all fit."""
    pages: list[list[int]] = [[]]
    used = 0
    for index, height in enumerate(heights):
        if pages[-1] and used + height > room:
            pages.append([])
            used = 0
        pages[-1].append(index)
        used += height
    return pages


def numbers(indexes: Sequence[int]) -> str:
    first, last = indexes[0] + 1, indexes[-1] + 1
    return f"choice {first}" if first == last else f"choices {first}–{last}"  # noqa: RUF001 - an en dash, as in print


class ChoiceVotes(Vertical, can_focus=False):
    """One row per offered choice: the number, the text (wrapped, whole) and the votes."""

    class Voted(Message):
        """A choice was clicked: one more vote for it."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ChoiceRow] = []
        self.pages: list[list[int]] = [[]]  # row indexes on each page
        self.page = 0
        self._paging_asked = False
        self.paged_for: tuple[int, int, int] | None = None  # (rows shown, width, height) the pages were worked out for

    def compose(self) -> ComposeResult:
        yield Static(id="ws-more", markup=False)

    def show_offers(self, offers: Sequence[Offer]) -> None:
        for row in self.rows:
            row.remove()
        self.rows = [ChoiceRow(offer) for offer in offers]
        self.pages = [list(range(len(self.rows)))]
        self.page = 0
        if self.rows:
            self.mount_all(self.rows, before=self.query_one("#ws-more"))
        self._show_page()
        self.request_paging()

    def show_votes(self, counts: Sequence[int], leaders: Sequence[int], *, hidden: bool = False) -> None:
        total = sum(counts)
        top = max(counts, default=0)
        for row in self.rows:
            index = row.number - 1
            count = counts[index] if index < len(counts) else 0
            row.show_votes(count, total=total, top=top, leader=count > 0 and row.number in leaders, hidden=hidden)

    # -- pages --
    def on_resize(self, event: Resize) -> None:
        self.request_paging()

    def request_paging(self) -> None:
        """Work the pages out again after the next layout (once, however often it is asked)."""
        if not self._paging_asked:
            self._paging_asked = True
            self.call_after_refresh(self.paginate)

    def paginate(self) -> None:
        """Work out the pages for this size, from the width the choices' text is laid out in
        (until the rows are laid out, nothing: their first resize asks again)."""
        self._paging_asked = False
        widths = [text.content_size.width for row in self.rows if row.display for text in row.query(".choice-text")]
        width = widths[0] if widths else 0
        if self.rows and width <= 0:
            return
        heights = [self._height(row, width) for row in self.rows]
        room = self.content_size.height
        self.pages = pages_of(heights, room) if sum(heights) > room else [list(range(len(self.rows)))]
        if len(self.pages) > 1:
            self.pages = pages_of(heights, room - 1)  # a line for the notice
        self.page = min(self.page, len(self.pages) - 1)
        self._show_page()
        self.paged_for = self.layout_key

    @property
    def layout_key(self) -> tuple[int, int, int]:
        """What the pages depend on: the rows shown and this widget's size."""
        return id(self.rows), self.size.width, self.size.height

    def _height(self, row: ChoiceRow, width: int) -> int:
        lines = len(Content(row.text).wrap(width))
        return max(lines, 2) + row.styles.margin.bottom + row.styles.margin.top

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def turn_page(self, direction: int) -> bool:
        """The next (1) or previous (-1) page; False when there is none that way."""
        page = self.page + direction
        if not 0 <= page < len(self.pages):
            return False
        self.page = page
        self._show_page()
        return True

    def on_page(self, number: int) -> bool:
        """Choice `number` is on the page shown."""
        return number - 1 in self.pages[self.page]

    def _show_page(self) -> None:
        on_page = set(self.pages[self.page])
        for index, row in enumerate(self.rows):
            row.display = index in on_page
        more = self.query_one("#ws-more", Static)
        more.display = len(self.pages) > 1
        if len(self.pages) > 1:
            notes = []
            if self.page + 1 < len(self.pages):
                after = [i for page in self.pages[self.page + 1 :] for i in page]
                notes.append(f"▼ {numbers(after)} on the next page: pgdn")
            if self.page > 0:
                before = [i for page in self.pages[: self.page] for i in page]
                notes.append(f"▲ {numbers(before)} before: pgup")
            more.update(Content(f"Page {self.page + 1}/{len(self.pages)} · " + " · ".join(notes)))
