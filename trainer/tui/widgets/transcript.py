"""The conversation so far: the buyer's lines, your choices with their tactics, what changed."""

from __future__ import annotations

from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual

from trainer.model import Ending, Tactic
from trainer.tui.widgets.virtual_size import follow_virtual_size, quiet_virtual_size
from trainer.wording import badge_of


def said(speaker: str | None, text: str) -> Content:
    """A line of the buyer (or another speaker); narration when `speaker` is None."""
    if speaker is None:
        return Content.styled(text, "italic")
    return Content.assemble((f"{speaker}: ", "bold"), text)


def you_said(tactic: Tactic | None, text: str) -> Content:
    """Your line, with its tactic (None: a real call, where tactics wait for the debrief)."""
    if tactic is None:
        return Content.assemble(("You", "bold $accent"), ": ", text)
    return Content.assemble(("You ", "bold $accent"), (f"({tactic.value})", "$accent"), ": ", text)


def ending_badge(ending: Ending) -> Content:
    """`Won  ★★★  3 stars`: the ending's title (or outcome) in bold, then the stars in the warning colour."""
    badge = badge_of(ending)
    return Content.assemble((badge.words, "bold"), "  ", (badge.symbols, "bold $warning"), f"  {badge.phrase}")


def coach_said(feedback: str) -> Content:
    return Content.assemble(("Coach: ", "bold $secondary"), (feedback, "italic"))


class Transcript(ScrollView, can_focus=False):
    """The conversation so far, newest at the bottom, kept in view.

    One scrolling view drawn line by line (Textual's line API), not a widget per entry: a choice
    adds lines to it instead of widgets to lay out, so a long play costs a choice no more than a
    short one. Each kind of entry is styled by its component class in `play.tcss`
    (`transcript--you`, ...): its colour, and its margin (left: the indent; top and bottom: blank
    lines, collapsed between entries as in a vertical layout)."""

    KINDS = ("buyer", "you", "change", "note", "coach")
    COMPONENT_CLASSES = {f"transcript--{kind}" for kind in KINDS}
    ALLOW_SELECT = True
    virtual_size = quiet_virtual_size()  # lines added to a transcript of a fixed height need no layout

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[tuple[Content, str]] = []
        self._lines: list[Strip] = []  # every entry drawn at `_width`
        self._plain: list[str] = []  # the same lines as text (for a mouse selection)
        self._width = 0
        self._gap = 0  # the blank lines the last entry's bottom margin asks for
        self._base = RichStyle()  # the transcript's own style, for blanks and padding

    @property
    def text(self) -> str:
        """What the transcript says, one entry a line (as written, not as wrapped)."""
        return "\n".join(content.plain for content, _ in self._entries)

    def watch_virtual_size(self) -> None:
        follow_virtual_size(self)

    def on_mount(self) -> None:
        self.anchor()  # kept at the bottom as it grows, until the player scrolls up

    def reset(self) -> None:
        self._entries.clear()
        self._draw_all()

    def add(self, *entries: tuple[Content, str]) -> None:
        """Append (content, kind) entries; `kind` is one of `KINDS`."""
        if not entries:
            return
        self._entries.extend(entries)
        if self._width:
            for content, kind in entries:
                self._draw(content, kind)
            self._update_size()
        self.scroll_end(animate=False, immediate=True)  # and stay anchored there

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._draw_all()  # a theme or a class changed: colours and margins

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.scrollable_content_region.width != self._width:  # resized, or a scrollbar came or went
            self._draw_all()
        return super().render_lines(crop)

    def _draw_all(self) -> None:
        self._lines, self._plain, self._gap = [], [], 0
        self._width = self.scrollable_content_region.width if self.is_mounted else 0
        self._base = self.visual_style.rich_style
        if self._width:
            for content, kind in self._entries:
                self._draw(content, kind)
        self._update_size()

    def _draw(self, content: Content, kind: str) -> None:
        component = f"transcript--{kind}"
        margin = self.get_component_styles(component).margin
        style = self.get_visual_style(component)
        width = max(self._width - margin.left - margin.right, 1)
        blank = Strip.blank(self._width, self._base)
        gap = margin.top if not self._lines else max(self._gap, margin.top)
        self._lines.extend([blank] * gap)
        self._plain.extend([""] * gap)
        indent = Strip.blank(margin.left, self._base)
        for line in Visual.to_strips(self, content, width, None, style, apply_selection=False):
            self._lines.append(Strip.join([indent, line]).crop_extend(0, self._width, self._base))
            self._plain.append(" " * margin.left + line.text)
        self._gap = margin.bottom

    def _update_size(self) -> None:
        self.virtual_size = Size(self._width, len(self._lines) + self._gap if self._lines else 0)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        if index >= len(self._lines):
            return Strip.blank(self._width, self._base).apply_offsets(scroll_x, index)
        line = self._lines[index]
        selection = self.text_selection
        span = selection.get_span(index) if selection is not None else None
        if span is not None:
            start, end = span
            end = line.cell_length if end == -1 else end
            before, chosen, after = line.divide([start, end, line.cell_length])
            selected = self.screen.get_component_rich_style("screen--selection")
            line = Strip.join([before, chosen.apply_style(selected), after])
        return line.apply_offsets(scroll_x, index)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract("\n".join(self._plain)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
