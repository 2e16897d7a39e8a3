"""The author view beside a play (`a`, or `play FILE --author`), and the problems bar above it
(`play --watch`: the diagnostics of a version that cannot be played, or where a replay went
another way). Everything shown is the author's own text and ids: plain text, never markup."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from trainer.game.author import AuthorLine


def author_content(lines: Sequence[AuthorLine]) -> Content:
    """`label  text`, one a line, the labels dimmed."""
    return Content("\n").join(Content.assemble((f"{line.label}: ", "bold $text-muted"), line.text) for line in lines)


class AuthorPanel(VerticalScroll):
    """The machinery of the play, for its author: node, meters, flags, worlds, hidden choices,
    the last step's interrupts and routes, and the options that replay or restart it here.
    `tab` focuses it (it grows, see play.tcss) and the arrow keys scroll it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Author view  ·  a hides  ·  g starts anywhere"
        self.border_subtitle = "tab, then ↑↓ to scroll"

    def compose(self) -> ComposeResult:
        yield Static(id="author-lines", markup=False)

    def show(self, lines: Sequence[AuthorLine]) -> None:
        self.query_one("#author-lines", Static).update(author_content(lines))


class ProblemsBar(VerticalScroll):
    """Above the play: why the file on disk cannot be played now (`-error`), or a note on the
    last reload (`-note`). Hidden when there is nothing to say; a long list scrolls (`tab` focuses
    it, the arrow keys scroll it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.display = False

    def compose(self) -> ComposeResult:
        yield Static(id="problems-lines", markup=False)

    def say(self, heading: str, lines: Sequence[str], *, error: bool) -> None:
        text = Content("\n").join([Content.styled(heading, "bold"), *(Content(line) for line in lines)])
        self.query_one("#problems-lines", Static).update(text)
        self.set_class(error, "-error")
        self.set_class(not error, "-note")
        self.display = True
        self.scroll_home(animate=False)

    def clear(self) -> None:
        self.query_one("#problems-lines", Static).update("")
        self.display = False
