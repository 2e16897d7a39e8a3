"""Every key of the game, by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static

from trainer.tui.screens.base import GameDialog

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("? or f1", "this help"),
            ("ctrl+p", "command palette: every action of the game"),
            ("f2", "coach mode: feedback right after each choice"),
            ("f3", "switch theme: default, high contrast, projector"),
            ("f4", "workshop mode: projector layout, room votes"),
            ("q, ctrl+q", "quit (asks first in the middle of a play)"),
        ),
    ),
    (
        "Library",
        (
            ("up, down", "move (the mouse works too)"),
            ("enter, click", "play the highlighted scenario"),
            ("type, or /", "filter by title, buyer, tag or difficulty"),
            ("escape", "clear the filter"),
            ("f5", "progress: your next step (n starts it), lessons, endings found"),
            ("f6", "who is playing: switch, add or rename"),
            ("f7", "drills: the moments you got wrong, asked again"),
        ),
    ),
    (
        "Play",
        (
            ("1-9", "say that choice"),
            ("up, down, enter", "or pick a choice with the arrows, or click it"),
            ("d", "debrief (of the play so far)"),
            ("r", "restart the scenario"),
            ("c", "coach mode on/off"),
            ("m", "real call on/off: meters and tactics wait for the debrief"),
            ("escape", "back to the library (asks first)"),
            ("a", "for authors: the author view (node, flags, hidden choices, routes)"),
            ("g", "in the author view: start anywhere"),
        ),
    ),
    (
        "Workshop (python -m trainer --workshop, or f4)",
        (
            ("1-9, click", "one more vote for that choice"),
            ("backspace, -", "take back the last vote (x clears them all)"),
            ("e", "type how many voted for each choice"),
            ("enter", "play the most voted choice (a tie: pick it); phones' votes are revealed first"),
            ("r", "phones vote: open the room (QR code), or show it again"),
            ("t", "timer for the phones' vote: 30, 60, 90 s, off"),
            ("v", "reveal the phones' votes, or the hidden meters"),
            ("h", "hide the meters after each choice, or not"),
            ("n", "show or hide the facilitator notes"),
            ("b", "go back to an earlier decision (a new path)"),
            ("c", "compare the current path with another (o: the next)"),
            ("m", "mark the current path as the summary's headline"),
            ("pgdn, pgup", "the next or previous page of choices"),
            ("d", "debrief of the current path"),
            ("s", "save the session summary (Markdown)"),
        ),
    ),
    (
        "Debrief",
        (
            ("up, down, pgup, pgdn", "scroll"),
            ("tab, enter", "choose a 'Try again from step N' button"),
            ("t", "try again from the point of no return"),
            ("p", "play again from the start"),
            ("l", "back to the library"),
            ("x", "export the run as Markdown, for a coach"),
            ("escape", "back to the play"),
        ),
    ),
)


def help_content() -> Content:
    lines: list[Content] = []
    for section, keys in KEYS:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(section, "bold $primary"))
        lines.extend(Content.assemble((f"  {key:<21}", "bold $accent"), what) for key, what in keys)
    return Content("\n").join(lines)


class HelpScreen(GameDialog[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]
    MINIMUM_SIZE = Size(50, 16)  # a key and what it does on one line, and a few of them

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide"):
            yield Static(Content.styled("Keys", "bold"), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(help_content())
            yield Static("escape: close", classes="dialog-hint")
