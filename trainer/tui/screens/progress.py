"""The progress screen: runs and best stars per scenario, and the player's habits across runs."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from trainer.habits import Habits, habits
from trainer.model import Tactic
from trainer.saves.summary import RunSummary
from trainer.tui.screens.base import GameScreen
from trainer.tui.widgets.trend_chart import TrendChart
from trainer.wording import stars_symbols

TACTIC_BAR = 20


class ProgressScreen(GameScreen[None]):
    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("escape,l", "dismiss", "Back"),
        Binding("f6", "app.profiles", "Player"),
    ]

    def __init__(self, player: str, runs: Sequence[RunSummary]) -> None:
        super().__init__()
        self.player = player
        self.habits: Habits = habits(runs)

    def compose(self) -> ComposeResult:
        h = self.habits
        yield Static(Content.assemble(("Progress", "bold"), ("  ·  " + self.player, "dim")), id="title-bar")
        with VerticalScroll(id="progress"):
            if not h.runs:
                yield Static(
                    f"{self.player} has no finished runs yet. Play a scenario to the end and it shows here.",
                    id="summary", markup=False,
                )
                return
            yield Static(self._summary(), id="summary", markup=False)
            yield Static("Scenarios", classes="section")
            yield Static(self._scenarios(), id="scenarios", markup=False)
            yield Static("Habits", classes="section")
            yield Static(self._habits(), id="habits", markup=False)
            yield Static("Trend", classes="section")
            yield TrendChart(h.recent, id="trend")
            trend = h.trend()
            if trend:
                yield Static(trend, id="trend-words", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").focus()

    def _summary(self) -> Content:
        h = self.habits
        runs = "1 finished run" if h.runs == 1 else f"{h.runs} finished runs"
        played = "1 scenario" if len(h.scenarios) == 1 else f"{len(h.scenarios)} scenarios"
        assert h.average_stars is not None
        return Content(f"{runs} of {played}, {h.average_stars:.1f} stars on average.")

    def _scenarios(self) -> Content:
        width = max(len(s.title) for s in self.habits.scenarios)
        lines = []
        for s in self.habits.scenarios:
            runs = "1 run " if s.runs == 1 else f"{s.runs} runs"
            of = f" of {s.best_possible}" if s.best_possible is not None else ""
            lines.append(
                Content.assemble(
                    f"{s.title:<{width}}  ", (f"{runs:>8}", "dim"), "  best ", (stars_symbols(s.best), "$warning"), (of, "dim")
                )
            )
        return Content("\n").join(lines)

    def _habits(self) -> Content:
        h = self.habits
        lines = [Content.styled(f"Your {h.choices} choices, by tactic:", "dim")]
        for tactic in sorted(Tactic, key=lambda t: (-h.tactic_counts[t], list(Tactic).index(t))):
            if not h.tactic_counts[tactic]:
                continue
            share = h.share(tactic)
            style = "$error" if tactic.is_push else "$success" if tactic.is_pull else "$text-muted"
            lines.append(
                Content.assemble(
                    f"  {tactic.value:<9}", ("█" * max(1, round(share * TACTIC_BAR)), style), f" {share:.0%}"
                )
            )
        lines.append(Content(""))
        lines.append(
            Content(
                f"The first push (close, pressure or pitch) came before any qualifying question in "
                f"{h.pushed_first} of {h.runs} runs ({h.pushed_first_rate:.0%})."
            )
        )
        assert h.average_trust is not None and h.average_pressure is not None
        lines.append(Content(f"At the end of a run, on average: trust {h.average_trust:.0f}, pressure {h.average_pressure:.0f}."))
        return Content("\n").join(lines)
