"""Two paths side by side: the choices at each step (the parting step marked), the meters, the endings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from trainer.debrief import Debrief
from trainer.engine import PlayState
from trainer.game.words import signed
from trainer.game.workshop import FacilitatedStep, PathComparison, PlayPath, WorkshopSession
from trainer.tui.screens.base import GameScreen
from trainer.tui.widgets.chart import MeterChart
from trainer.tui.widgets.transcript import ending_badge
from trainer.wording import stopped_sentence


def default_pair(session: WorkshopSession) -> tuple[PlayPath, PlayPath] | None:
    """The current path and the one it branched from (or else the first other path); None with one path."""
    others = [p for p in session.paths if p is not session.current]
    if not others:
        return None
    parent = next((p for p in others if p.label == session.current.parent), others[0])
    first, second = sorted((parent, session.current), key=session.paths.index)
    return first, second


def parting_words(comparison: PathComparison) -> str:
    a, b = comparison.first.label, comparison.second.label
    if comparison.parted_at is None:
        return f"Paths {a} and {b} made the same choices."
    shorter = min((comparison.first, comparison.second), key=lambda p: len(p.steps))
    if comparison.parted_at > len(shorter.steps):
        return f"Path {shorter.label} stops after step {len(shorter.steps)}; the other goes on from there."
    return f"Paths {a} and {b} parted at step {comparison.parted_at}."


class CompareScreen(GameScreen[None]):
    CSS_PATH = "compare.tcss"
    BINDINGS = [
        Binding("o", "other", "Other path"),
        Binding("escape,c", "back", "Back"),
    ]

    def __init__(self, session: WorkshopSession, first: PlayPath, second: PlayPath) -> None:
        super().__init__()
        self.session = session
        self.comparison = session.compare(first, second)

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        with VerticalScroll(id="cmp-report"):
            yield Static(id="cmp-parted", markup=False)
            with Horizontal(id="cmp-endings"):
                yield Static(id="cmp-ending-first", classes="cmp-ending", markup=False)
                yield Static(id="cmp-ending-second", classes="cmp-ending", markup=False)
            yield Grid(id="cmp-steps")
            with Horizontal(id="cmp-charts"):
                yield MeterChart([], id="cmp-chart-first")
                yield MeterChart([], id="cmp-chart-second")
        yield Footer()

    def on_mount(self) -> None:
        self.show_comparison()
        self.query_one("#cmp-report").focus()

    def show_comparison(self) -> None:
        c = self.comparison
        a, b = c.first, c.second
        self.query_one("#title-bar", Static).update(
            Content.assemble(("Compare paths", "bold"), ("  ·  " + self.session.engine.scenario.title, "dim"))
        )
        self.query_one("#cmp-parted", Static).update(Content.styled(parting_words(c), "bold"))
        for which, path, debrief in (("first", a, c.debrief_first), ("second", b, c.debrief_second)):
            self.query_one(f"#cmp-ending-{which}", Static).update(self._ending(path, debrief))
        for which, path, points in (("first", a, c.meters_first), ("second", b, c.meters_second)):
            chart = self.query_one(f"#cmp-chart-{which}", MeterChart)
            chart.points = list(points)
            chart.border_title = f"Path {path.label}: ● trust ▲ pressure"
            chart.refresh()
        grid = self.query_one("#cmp-steps", Grid)
        grid.remove_children()
        grid.mount_all(self._cells())

    def _ending(self, path: PlayPath, debrief: Debrief) -> Content:
        head = Content.styled(f"Path {path.label}", "bold $primary")
        if debrief.ending is None:
            return Content("\n").join([head, Content.styled(stopped_sentence(len(path.steps)), "italic")])
        return Content("\n").join(
            [head, ending_badge(debrief.ending), Content.styled(debrief.ending.text, "italic")]
        )

    def _cells(self) -> list[Static]:
        c = self.comparison
        cells = [
            Static(Content.styled("Step", "bold"), classes="cmp-head", markup=False),
            Static(Content.styled(f"Path {c.first.label}", "bold"), classes="cmp-head", markup=False),
            Static(Content.styled(f"Path {c.second.label}", "bold"), classes="cmp-head", markup=False),
        ]
        starts = [self.session.start.state, self.session.start.state]
        for number in range(1, max(len(c.first.steps), len(c.second.steps)) + 1):
            parted = number == c.parted_at
            classes = "cmp-cell" + (" -parted" if parted else "") + (" -after" if c.parted_at and number > c.parted_at else "")
            marker = Content.assemble((str(number), "bold"), ("\nparted" if parted else "", "bold"))
            cells.append(Static(marker, classes=classes + " cmp-number", markup=False))
            for i, path in enumerate((c.first, c.second)):
                step = path.steps[number - 1] if number <= len(path.steps) else None
                cells.append(Static(self._step(starts[i], step), classes=classes, markup=False))
                if step is not None:
                    starts[i] = step.transition.state
        return cells

    def _step(self, before: PlayState, step: FacilitatedStep | None) -> Content:
        if step is None:
            return Content.styled("—", "dim")
        event = step.transition.event
        assert event is not None
        speaker = self.session.engine.speaker(before)
        lines = [
            Content.styled((f"{speaker}: " if speaker else "") + self.session.engine.text(before), "dim italic"),
            Content.assemble((f"{event.number}. ", "bold $accent"), event.choice.text, (f" ({event.choice.tactic.value})", "$accent")),
            Content.styled(
                f"trust {event.trust_after} ({signed(event.trust_change)}) · pressure {event.pressure_after} ({signed(event.pressure_change)})",
                "dim",
            ),
        ]
        if step.votes is not None:
            votes = "  ".join(f"{n}:{count}" for n, count in enumerate(step.votes.counts, start=1))
            lines.append(Content.styled(f"votes {votes}" + (" · tie, facilitator's pick" if step.tie_broken else ""), "dim"))
        return Content("\n").join(lines)

    # -- actions --
    def action_other(self) -> None:
        """Keep the current path and compare it with the next other path (cycling through all of them)."""
        session = self.session
        current = session.current
        shown = self.comparison.second if self.comparison.first is current else self.comparison.first
        others = [p for p in session.paths if p is not current]
        if len(others) < 2:
            self.notify("No other path to compare with: rewind (b) to explore one.", timeout=3)
            return
        other = others[(others.index(shown) + 1) % len(others)] if shown in others else others[0]
        first, second = sorted((other, current), key=session.paths.index)
        self.comparison = session.compare(first, second)
        self.show_comparison()

    def action_back(self) -> None:
        self.dismiss()
