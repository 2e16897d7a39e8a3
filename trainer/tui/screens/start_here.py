"""From the author view (`g`): start the play anew anywhere, as `play --at` does."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from trainer.errors import TrainerError
from trainer.game.author import parse_start
from trainer.game.play import PlaySession
from trainer.tui.messages import PlayFrom
from trainer.tui.screens.base import GameDialog


class StartHereScreen(GameDialog[None]):
    """One line: the scene node, then any of `--trust N --pressure N --set a,b --world W`, offered
    filled in with where the play is now. Enter starts at the nearest state some play reaches that
    matches (`trainer.start_at`); a start that cannot be says why."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, session: PlaySession, current: str) -> None:
        super().__init__(classes="dialog")
        self.session = session
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide", id="start-here"):
            yield Static(Content.styled("Start anywhere", "bold"), classes="dialog-title")
            yield Input(self.current, id="start-options", select_on_focus=False)
            yield Static(id="start-problem", markup=False, classes="dialog-text")
            yield Static(
                "NODE [--trust N] [--pressure N] [--set a,b] [--world W] · enter: start there · escape: cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#start-problem", Static).display = False
        self.query_one(Input).focus()

    @on(Input.Submitted, "#start-options")
    def _start(self, event: Input.Submitted) -> None:
        try:
            session = PlaySession.begin_at(self.session.loaded, parse_start(event.value))
        except TrainerError as error:  # no such node, or a state no play reaches: said, and typed again
            problem = self.query_one("#start-problem", Static)
            problem.update(Content(str(error)))
            problem.display = True
            return
        self.dismiss(None)
        self.app.post_message(PlayFrom(session))
