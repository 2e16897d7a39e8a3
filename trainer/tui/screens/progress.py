"""The progress screen: runs and best stars per scenario, and the player's habits across runs.

It opens at once with "Loading…": the figures come from a thread (a long history takes a
moment to read), through `TrainerApp`, which calls `show`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Static

from trainer.habits import Habits
from trainer.model import Tactic
from trainer.tui.screens.base import GameScreen
from trainer.tui.widgets.trend_chart import TrendChart
from trainer.wording import stars_symbols

TACTIC_BAR = 20
LOADING = "Loading your runs…"


class ProgressScreen(GameScreen[None]):
    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("escape,l", "dismiss", "Back"),
        Binding("f6", "app.profiles", "Player"),
    ]

    def __init__(self, player: str, profile_id: str) -> None:
        """`profile_id`: whose figures this screen waits for."""
        super().__init__()
        self.player = player
        self.profile_id = profile_id
        self.habits: Habits | None = None  # until `show`

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Progress", "bold"), ("  ·  " + self.player, "dim")), id="title-bar")
        with VerticalScroll(id="progress"):
            yield Static(LOADING, id="loading", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").focus()

    def show(self, habits: Habits | None, problem: str | None = None) -> None:
        """The figures, in place of "Loading…" (or why there are none)."""
        self.habits = habits
        box = self.query_one("#progress", VerticalScroll)
        box.remove_children()
        box.mount_all(self._parts(habits) if habits is not None else [Static(problem or "", id="summary", markup=False)])

    def _parts(self, h: Habits) -> list[Widget]:
        if not h.runs:
            return [
                Static(f"{self.player} has no finished runs yet. Play a scenario to the end and it shows here.", id="summary", markup=False)
            ]
        parts: list[Widget] = [
            Static(self._summary(h), id="summary", markup=False),
            Static("Scenarios", classes="section"),
            Static(self._scenarios(h), id="scenarios", markup=False),
            Static("Habits", classes="section"),
            Static(self._habits(h), id="habits", markup=False),
            Static("Trend", classes="section"),
            TrendChart(h.recent, id="trend"),
        ]
        trend = h.trend()
        if trend:
            parts.append(Static(trend, id="trend-words", markup=False))
        return parts

    def _summary(self, h: Habits) -> Content:
        runs = "1 finished run" if h.runs == 1 else f"{h.runs} finished runs"
        played = "1 scenario" if len(h.scenarios) == 1 else f"{len(h.scenarios)} scenarios"
        assert h.average_stars is not None
        return Content(f"{runs} of {played}, {h.average_stars:.1f} stars on average.")

    def _scenarios(self, h: Habits) -> Content:
        width = max(len(s.title) for s in h.scenarios)
        lines = []
        for s in h.scenarios:
            runs = "1 run " if s.runs == 1 else f"{s.runs} runs"
            of = f" of {s.best_possible}" if s.best_possible is not None else ""
            lines.append(
                Content.assemble(
                    f"{s.title:<{width}}  ", (f"{runs:>8}", "dim"), "  best ", (stars_symbols(s.best), "$warning"), (of, "dim")
                )
            )
        return Content("\n").join(lines)

    def _habits(self, h: Habits) -> Content:
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
