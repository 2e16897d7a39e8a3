"""Pick an earlier decision of any path to go back to (or a path to continue)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trainer.game.workshop import PlayPath, WorkshopSession
from trainer.tui.screens.base import GameDialog
from trainer.tui.widgets.paged_list import PagedOptionList

Target = tuple[str, int | None]
"""(path label, the step whose decision to go back to) or (label, None): continue that path."""


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class TargetOption(Option):
    """A decision to go back to (or a path to continue): it carries its target."""

    def __init__(self, prompt: Content, target: Target) -> None:
        super().__init__(prompt)
        self.target = target


class RewindScreen(GameDialog[Target | None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, session: WorkshopSession) -> None:
        super().__init__(classes="dialog")
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide", id="rewind"):
            yield Static(Content.styled("Go back to a decision", "bold"), classes="dialog-title")
            yield PagedOptionList(*self._options(), id="rewind-steps")
            yield Static("enter: go back there (a new path; the old one is kept) · escape: cancel", classes="dialog-hint")

    def _options(self) -> list[Option | None]:
        session = self.session
        paths = [session.current, *(p for p in session.paths if p is not session.current)]
        options: list[Option | None] = []
        for path in paths:
            if options:
                options.append(None)
            options.append(Option(self._heading(path), disabled=True))
            if path is not session.current:
                options.append(TargetOption(Content(f"  Continue path {path.label} where it stopped"), (path.label, None)))
            before = session.start.state
            for number, step in enumerate(path.steps, start=1):
                line = _clip(session.engine.text(before))
                options.append(
                    TargetOption(
                        Content.assemble((f"  Step {number}  ", "bold"), line, (f"  (played {step.number})", "dim")),
                        (path.label, number),
                    )
                )
                before = step.transition.state
        return options

    def _heading(self, path: PlayPath) -> Content:
        where = "current" if path is self.session.current else f"{len(path.steps)} steps"
        origin = ""
        if path.parent:
            origin = f", from {path.parent} after step {path.branched_at}" if path.branched_at else ", from the start"
        return Content.styled(f"Path {path.label} ({where}{origin})", "bold $primary")

    def on_mount(self) -> None:
        steps = self.query_one(OptionList)
        steps.focus()
        targets = [(i, option) for i, option in enumerate(steps.options) if isinstance(option, TargetOption)]
        if targets:
            current = [i for i, option in targets if option.target[0] == self.session.current.label]
            steps.highlighted = (current or [i for i, _ in targets])[-1]

    @on(OptionList.OptionSelected, "#rewind-steps")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, TargetOption):
            self.dismiss(event.option.target)
